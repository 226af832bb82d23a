"""The answers so far (`State`, a `SectionState` per section) and their input-YAML form.

`State.to_tree` builds the input YAML in spec order, whatever order things were answered
in; `State.from_tree` reads it back, tolerant of hand edits. Figures are kept as the person
typed them ('27', '1.39万', '待补') and become YAML numbers only where that loses nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from fazhi_draft.structure import Section, Spec


@dataclass
class SectionState:
    """One section's answers as they will be written: figure texts ('27', '1.39万', '待补')."""

    title: str | None = None
    figures: dict[str, str] = field(default_factory=dict)
    custom: dict[str, dict[str, str]] = field(default_factory=dict)  # yaml key -> label/value/unit
    points: list[dict[str, Any]] = field(default_factory=list)  # {title?, text, items?, carried?}

    @property
    def is_empty(self) -> bool:
        return not (self.figures or self.custom or self.points)


@dataclass
class State:
    """Everything answered so far. `done` lists answered question ids per group (a figure
    answered empty is absent from `figures` but present in `done`); `carried` records what
    became of last year's points, by index: keep / confirm / year / edit / drop."""

    meta: dict[str, Any] = field(default_factory=dict)
    opening: str | None = None
    sections: dict[str, SectionState] = field(default_factory=dict)
    chosen: list[str] | None = None
    done: dict[str, list[str]] = field(default_factory=dict)
    carried: dict[str, list[str]] = field(default_factory=dict)
    at: str = ""

    @property
    def answered(self) -> int:
        return sum(len(v) for v in self.done.values())

    # ------------------------------------------------------------ to YAML
    def to_tree(self, spec: Spec, *, output_name: str | None = None) -> CommentedMap:
        """The input YAML in spec order; with `output_name`, plus the `progress:` block."""
        root = CommentedMap()
        meta = CommentedMap()
        for key in ("organ", "kind", "year", "date", "self_ref", "title", "reused_from"):
            value = self.meta.get(key)
            if value in (None, ""):
                continue
            if key == "date":
                try:
                    value = dt.date.fromisoformat(str(value))
                except ValueError:  # hand-edited: keep as written, the reader says what is wrong
                    pass
            meta[key] = value
        if meta:
            root["meta"] = meta
        if self.opening:
            root["opening"] = self.opening
        for part in spec.parts:
            node = CommentedMap()
            for section in part.sections:
                sec = self.sections.get(section.key)
                if sec is None or sec.is_empty:
                    continue
                body = _section_tree(section, sec)
                if part.flat:
                    node = body
                else:
                    node[section.key] = body
            if node:
                root[part.key] = node
        if output_name is not None:
            root["progress"] = self._progress_tree(output_name)
        return root

    def _progress_tree(self, output_name: str) -> CommentedMap:
        p = CommentedMap()
        p["output"] = output_name
        p["at"] = self.at
        p["sections"] = _flow(self.chosen) if self.chosen is not None else None
        done = CommentedMap()
        for group, items in self.done.items():
            done[group] = _flow(items)
        p["done"] = done
        carried = CommentedMap()
        for group, items in self.carried.items():
            if items:
                carried[group] = _flow(items)
        p["carried"] = carried
        return p

    # ------------------------------------------------------------ from YAML
    @classmethod
    def from_tree(cls, tree: Any, spec: Spec) -> tuple[State, str | None]:
        """State and output name from a progress file's tree (tolerant of hand edits)."""
        state = cls()
        if not isinstance(tree, dict):
            return state, None
        meta = tree.get("meta") or {}
        for key, value in dict(meta).items():
            if isinstance(value, dt.date):
                value = value.isoformat()
            state.meta[str(key)] = value
        opening = tree.get("opening")
        state.opening = str(opening) if opening else None
        for part in spec.parts:
            node = tree.get(part.key)
            if node is None:
                continue
            for section in part.sections:
                if part.flat:
                    body = node
                elif isinstance(node, dict) and section.key in node:
                    body = node[section.key]
                else:
                    continue
                state.sections[section.key] = _section_state(body)
        progress = tree.get("progress") or {}
        chosen = progress.get("sections")
        state.chosen = [str(k) for k in chosen] if chosen is not None else None
        state.done = _lists_of_text(progress.get("done"))
        state.carried = _lists_of_text(progress.get("carried"))
        state.at = str(progress.get("at") or "")
        output = progress.get("output")
        return state, (str(output) if output else None)


def figure_text(value: Any) -> str:
    """A figure's YAML value as the person wrote it: 27, 98.7, '95%以上', '1.39万'."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        return format(Decimal(repr(value) if isinstance(value, float) else value).normalize(), "f")
    return str(value).strip()


def _lists_of_text(node: Any) -> dict[str, list[str]]:
    """`done:` / `carried:` of the progress block: group -> item ids, as text."""
    return {str(g): [str(i) for i in (items or [])] for g, items in (node or {}).items()}


def _flow(items: list[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _scalar(text: str) -> Any:
    """27 and 98.7 as YAML numbers; '1.39万', '200余', '待补', '0.10' as written."""
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    if re.fullmatch(r"[0-9]+\.[0-9]+", text) and repr(float(text)) == text:
        return float(text)
    return text


def _section_tree(section: Section, sec: SectionState) -> CommentedMap:
    body = CommentedMap()
    if sec.title:
        body["title"] = sec.title
    if sec.figures or sec.custom:
        figs = CommentedMap()
        for ind in section.indicators:  # spec order, whatever order they were answered in
            if ind.key in sec.figures:
                figs[ind.key] = _scalar(sec.figures[ind.key])
        for key, decl in sec.custom.items():
            item = CommentedMap()
            item["label"] = decl["label"]
            item["value"] = _scalar(decl["value"])
            if decl.get("unit"):
                item["unit"] = decl["unit"]
            item.fa.set_flow_style()
            figs[key] = item
        body["figures"] = figs
    if sec.points:
        pts = CommentedSeq()
        for p in sec.points:
            pts.append(_point_tree(p))
        body["points"] = pts
    return body


def _point_tree(p: dict[str, Any]) -> Any:
    """A point as YAML: a plain string when it is only text, else title/text/items/carried."""
    if not (p.get("title") or p.get("carried") or p.get("items")):
        return p["text"]
    item = CommentedMap()
    if p.get("title"):
        item["title"] = p["title"]
    item["text"] = p["text"]
    if p.get("items"):
        subs = CommentedSeq()
        for sub in p["items"]:
            if sub.get("title"):
                node = CommentedMap()
                node["title"] = sub["title"]
                node["text"] = sub["text"]
                subs.append(node)
            else:
                subs.append(sub["text"])
        item["items"] = subs
    if p.get("carried"):
        item["carried"] = True
    return item


def _section_state(body: Any) -> SectionState:
    sec = SectionState()
    if isinstance(body, list):
        body = {"points": body}
    if not isinstance(body, dict):
        return sec
    if body.get("title"):
        sec.title = str(body["title"])
    for key, value in dict(body.get("figures") or {}).items():
        if isinstance(value, dict):
            sec.custom[str(key)] = {"label": str(value.get("label", "")), "value": figure_text(value.get("value")),
                                    "unit": str(value.get("unit") or "")}
        else:
            sec.figures[str(key)] = figure_text(value)
    points = body.get("points") or []
    for p in [points] if isinstance(points, str) else points:
        point = _point_state(p)
        if point is not None:
            sec.points.append(point)
    return sec


def _point_state(p: Any) -> dict[str, Any] | None:
    """A point from the YAML tree: every part of it (title, text, sub-items, carried)."""
    if isinstance(p, str):
        return {"text": p} if p.strip() else None
    if not isinstance(p, dict) or not p.get("text"):
        return None
    point: dict[str, Any] = {k: str(p[k]) for k in ("title", "text") if p.get(k)}
    items = []
    raw_items = p.get("items") or []
    for sub in [raw_items] if isinstance(raw_items, str) else raw_items:
        if isinstance(sub, str) and sub.strip():
            items.append({"text": sub})
        elif isinstance(sub, dict) and sub.get("text"):
            items.append({k: str(sub[k]) for k in ("title", "text") if sub.get(k)})
    if items:
        point["items"] = items
    if p.get("carried"):
        point["carried"] = True
    return point
