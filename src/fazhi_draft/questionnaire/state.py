"""The answers so far (`State`, a `SectionState` per section) and their input-YAML form.

`State.to_tree` builds the input YAML in spec order, whatever order things were answered
in; `State.from_tree` reads it back, tolerant of hand edits. Both take the file's shape from
its one description (input/shape.py): where each section lives (`yaml_path`), the keys of
meta, of a section and of a point and their order. Figures are kept as the person
typed them ('27', '1.39万', '待补') and become YAML numbers only where that loses nothing.

The person's own comments travel with what they are about: the file's header, a comment
on a figure (`# 来源：县委编办 1月13日报送…`), on a point or on a meta line is read from
the tree (`comments_of`), kept in the state and written back beside the same figure or
point, in the progress file and in the final YAML.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from fazhi_draft.input.model import CustomFigure, SubPoint
from fazhi_draft.input.shape import META_KEYS, OWN_SECTION_KEYS, POINT_KEYS, own_section, yaml_path
from fazhi_draft.structure import Section, Spec


@dataclass(frozen=True)
class Comment:
    """A person's comment on a figure, a point or a meta line: own lines just above it
    (`before`) and the one at the end of its line (`eol`), without the #."""

    before: tuple[str, ...] = ()
    eol: str = ""

    def __bool__(self) -> bool:
        return bool(self.before or self.eol)

    def marked(self, note: str) -> "Comment":
        """The comment with `note` in front of its last line (e.g. that it was last year's)."""
        if self.eol:
            return Comment(self.before, f"{note}{self.eol}")
        return Comment(self.before, note.rstrip("：:"))


@dataclass
class SectionState:
    """One section's answers as they will be written: figure texts ('27', '1.39万', '待补')."""

    title: str | None = None
    like: str | None = None  # the author's own section: the standard section it counts as
    figures: dict[str, str] = field(default_factory=dict)
    custom: dict[str, dict[str, str]] = field(default_factory=dict)  # yaml key -> label/value/unit
    points: list[dict[str, Any]] = field(default_factory=list)  # {title?, text, items?, carried?, comment?}
    notes: dict[str, Comment] = field(default_factory=dict)  # figure (or custom figure) key -> comment

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
    header: list[str] = field(default_factory=list)  # the file's own header comment lines
    extra: dict[str, Any] = field(default_factory=dict)  # other top-level keys (check: {ignore: …}), kept
    reopened: bool = False  # the answers of a finished file opened again: written back to it
    meta_notes: dict[str, Comment] = field(default_factory=dict)  # comments on meta lines
    # The file's own layout (issue 15): its level-1 parts in order, each [key, *section keys]
    # (measures with its sections; a section standing at the top level alone); None: the spec's.
    layout: list[list[str]] | None = None
    part_titles: dict[str, str] = field(default_factory=dict)  # measures -> its own title
    holders: dict[str, str] = field(default_factory=dict)  # indicator -> the section whose figures hold it

    @property
    def answered(self) -> int:
        return sum(len(v) for v in self.done.values())

    # ------------------------------------------------------------ to YAML
    def to_tree(self, spec: Spec, *, output_name: str | None = None) -> CommentedMap:
        """The input YAML in spec order; with `output_name`, plus the `progress:` block."""
        root = CommentedMap()
        meta = CommentedMap()
        for key in META_KEYS:
            value = self.meta.get(key)
            if value in (None, ""):
                continue
            if key == "date":
                try:
                    value = dt.date.fromisoformat(str(value))
                except ValueError:  # hand-edited: keep as written, the reader says what is wrong
                    pass
            meta[key] = value
            attach(meta, key, self.meta_notes.get(key), 2)
        if meta:
            root["meta"] = meta
        if self.opening:
            root["opening"] = self.opening
        for key, node in self._parts_tree(spec):
            root[key] = node
        for key, value in self.extra.items():
            root[key] = value
        if output_name is not None:
            root["progress"] = self._progress_tree(output_name)
        return root

    def _parts_tree(self, spec: Spec) -> list[tuple[str, Any]]:
        """The parts as (top-level key, node): in the file's layout (sections answered that
        it does not hold go where the spec puts them), every figure in the section that held
        it (`holders`), else in its home section."""
        measures = next(p.key for p in spec.parts if not p.flat)
        rank = {s.key: n for n, p in enumerate(spec.parts) for s in p.sections}
        standard = set(rank)
        layout = [list(e) for e in self.layout] if self.layout is not None else []
        laid = {k for entry in layout for k in (entry[1:] if entry[0] == measures else entry)}
        has_measures = any(entry[0] == measures for entry in layout)
        for section in spec.sections:  # answered sections the layout lacks, where the spec puts them
            key = section.key
            if key in laid or key not in self.sections:
                continue
            flat = spec.part(spec.part_of(key)).flat
            if not flat and (has_measures or self.layout is None):
                entry = next((e for e in layout if e[0] == measures), None)
                if entry is None:
                    entry = [measures]
                    at = next((n for n, e in enumerate(layout) if e[0] != measures and _rank(e[0], rank, self) > 0), len(layout))
                    layout.insert(at, entry)
                    has_measures = True
                entry.append(key)
            else:
                mine = rank[key] if flat else 0
                at = next((n for n, e in enumerate(layout) if _rank(e[0], rank, self) > mine), len(layout))
                layout.insert(at, [key])
        written = {k for entry in layout for k in (entry[1:] if entry[0] == measures else entry)}
        moved: dict[str, list[str]] = {}  # holder -> indicators it holds that live elsewhere
        for home, sec in self.sections.items():
            for k in sec.figures:
                holder = self.holders.get(k, home)
                if holder != home and holder in written:
                    moved.setdefault(holder, []).append(k)
        home_of = {i.key: s.key for s in spec.sections for i in s.indicators}

        def body(key: str, indent: int) -> Any:
            sec = self.sections.get(key) or SectionState()
            own = [i.key for i in spec.section(key).indicators] if key in standard else []
            keys = [k for k in own if k in sec.figures and self.holders.get(k, key) not in written - {key}]
            keys += sorted(moved.get(key, []), key=lambda k: list(home_of).index(k))
            figures = [(k, (self.sections[home_of[k]] if home_of[k] != key else sec)) for k in keys]
            if not (figures or sec.custom or sec.points or (key not in standard and sec.title)):
                return None
            return _section_tree(sec, figures, indent)

        out: list[tuple[str, Any]] = []
        for entry in layout:
            if entry[0] == measures:
                node = CommentedMap()
                if self.part_titles.get(measures):
                    node["title"] = self.part_titles[measures]
                for key in entry[1:]:
                    tree = body(key, 4)
                    if tree is not None:
                        node[key] = tree
                if node:
                    out.append((measures, node))
            else:
                tree = body(entry[0], 2)
                if tree is not None:
                    out.append((entry[0], tree))
        return out

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
        if self.header:
            p["header"] = list(self.header)
        if self.reopened:
            p["reopened"] = True
        return p

    # ------------------------------------------------------------ from YAML
    @classmethod
    def from_tree(cls, tree: Any, spec: Spec) -> tuple[State, str | None]:
        """State and output name from a progress file's (or an input file's) tree, tolerant
        of hand edits. Raises DamagedProgress (saying what is wrong, in Chinese) when its
        shape cannot be an answer file: `progress: [1]`, `meta: [a, b]`."""
        if tree is None:
            raise DamagedProgress("文件是空的")
        _check_shape(tree, spec)
        try:
            return cls._from_tree(tree, spec)
        except (TypeError, AttributeError, ValueError, KeyError) as exc:  # a shape _check_shape missed
            raise DamagedProgress(f"内容无法读取（{type(exc).__name__}）") from exc

    @classmethod
    def _from_tree(cls, tree: Any, spec: Spec) -> tuple[State, str | None]:
        state = cls()
        meta = tree.get("meta") or {}
        for key, value in dict(meta).items():
            if isinstance(value, dt.date):
                value = value.isoformat()
            state.meta[str(key)] = value
        state.meta_notes = {str(k): c for k, c in comments_of(meta).items()}
        opening = tree.get("opening")
        state.opening = str(opening) if opening else None
        laid = state._read_layout(tree, spec)
        progress = tree.get("progress") or {}
        chosen = progress.get("sections")
        state.chosen = [str(k) for k in chosen] if chosen is not None else None
        state.done = _lists_of_text(progress.get("done"))
        state.carried = _lists_of_text(progress.get("carried"))
        state.at = str(progress.get("at") or "")
        state.reopened = progress.get("reopened") is True
        header = progress.get("header") if "progress" in tree else file_header(tree)
        state.header = [str(line) for line in header or []]
        known = {"meta", "opening", "progress", *laid}
        state.extra = {str(k): v for k, v in tree.items() if k not in known}
        output = progress.get("output")
        return state, (str(output) if output else None)


    def _read_layout(self, tree: Any, spec: Spec) -> set[str]:
        """The parts and sections of `tree` in its order (the layout), each section's answers
        (a figure under its home section, where it stood in `holders`); returns the top-level
        keys that are parts."""
        measures = next(p.key for p in spec.parts if not p.flat)
        standard = {s.key for s in spec.sections}
        flat = {p.key for p in spec.parts if p.flat}
        layout: list[list[str]] = []
        for key, node in tree.items():
            key = str(key)
            if key == measures and isinstance(node, dict):
                entry = [measures]
                for k, body in node.items():
                    if k == "title":
                        if isinstance(body, str) and body.strip():
                            self.part_titles[measures] = body
                    elif str(k) in standard or own_section(body):
                        self._read_section(str(k), body, spec)
                        entry.append(str(k))
                layout.append(entry)
            elif key == measures and node is None:
                layout.append([measures])
            elif key in standard or own_section(node):
                if node is None and key in flat:  # `duty:` left empty: as if not there
                    continue
                self._read_section(key, node, spec)
                layout.append([key])
        self.layout = layout
        return {e[0] for e in layout}

    def _read_section(self, key: str, body: Any, spec: Spec) -> None:
        sec = _section_state(body, spec.section(key) if any(x.key == key for x in spec.sections) else None)
        if isinstance(body, dict) and isinstance(body.get("like"), str):
            sec.like = body["like"]
        home_of = spec.homes
        for k in [k for k in sec.figures if home_of.get(k, key) != key]:  # another section's indicator
            home = self.sections.setdefault(home_of[k], SectionState())
            home.figures[k] = sec.figures.pop(k)
            if k in sec.notes:
                home.notes[k] = sec.notes.pop(k)
            self.holders[k] = key
        if key in self.sections:  # figures of it read from another section come first
            earlier = self.sections[key]
            sec.figures = {**earlier.figures, **sec.figures}
            sec.notes = {**earlier.notes, **sec.notes}
        self.sections[key] = sec


def _rank(key: str, rank: dict[str, int], state: "State") -> int:
    """The spec's part index a level-1 part stands for (the author's own: its like's, else 0)."""
    if key in rank:
        return rank[key]
    sec = state.sections.get(key)
    return rank.get(sec.like, 0) if sec is not None and sec.like else 0


class DamagedProgress(ValueError):
    """A progress file whose shape cannot be answers; str() says what is wrong, in Chinese."""


def _check_shape(tree: Any, spec: Spec) -> None:
    """Raise DamagedProgress naming the first part of `tree` whose shape is wrong."""

    def fail(where: str, should: str, got: Any) -> None:
        kinds = {bool: "true/false", list: "列表", dict: "“键: 值”", str: "文字", int: "数字", float: "数字"}
        what = next((name for t, name in kinds.items() if isinstance(got, t)), type(got).__name__)
        raise DamagedProgress(f"“{where}”应为{should}，现在是{what}")

    if not isinstance(tree, dict):
        fail("整个文件", "“键: 值”形式", tree)
    for key in ("meta", "progress"):
        if tree.get(key) is not None and not isinstance(tree[key], dict):
            fail(key, "“键: 值”形式", tree[key])
    year = (tree.get("meta") or {}).get("year")
    if year is not None and (isinstance(year, bool) or not str(year).strip().removesuffix("年").isdigit()):
        raise DamagedProgress(f"“meta.year”应为四位数字的年份，现在是“{year}”")
    flat = {yaml_path(spec, s.key)[0]: len(yaml_path(spec, s.key)) == 1 for s in spec.sections}  # part -> no sections below
    for part_key, one_section in flat.items():
        node = tree.get(part_key)
        if node is None:
            continue
        bodies = [(part_key, node)] if one_section else None
        if bodies is None:
            if not isinstance(node, dict):
                fail(part_key, "按小节列出的“键: 值”", node)
            bodies = [(f"{part_key}.{k}", v) for k, v in node.items() if v is not None]
        for where, body in bodies:
            if not isinstance(body, (dict, list, str)):
                fail(where, "figures 和 points 两项", body)
            if isinstance(body, dict):
                if body.get("figures") is not None and not isinstance(body["figures"], dict):
                    fail(f"{where}.figures", "“指标: 数字”", body["figures"])
                if body.get("points") is not None and not isinstance(body["points"], (list, str)):
                    fail(f"{where}.points", "要点列表", body["points"])
    progress = tree.get("progress") or {}
    chosen = progress.get("sections")
    if chosen is not None:
        if not isinstance(chosen, list):
            fail("progress.sections", "小节列表", chosen)
        known = {s.key for s in spec.sections}
        unknown = [str(k) for k in chosen if str(k) not in known]
        if unknown:
            raise DamagedProgress(f"“progress.sections”中有不认识的小节：{'、'.join(unknown)}")
    for key in ("done", "carried"):
        node = progress.get(key)
        if node is None:
            continue
        if not isinstance(node, dict):
            fail(f"progress.{key}", "“键: 值”形式", node)
        for group, items in node.items():
            if items is not None and not isinstance(items, list):
                fail(f"progress.{key}.{group}", "列表", items)
    header = progress.get("header")
    if header is not None and not isinstance(header, list):
        fail("progress.header", "列表", header)


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


def _in_order(values: dict[str, Any], keys: tuple[str, ...]) -> CommentedMap:
    """A map of `values` in the order the description gives its keys."""
    node = CommentedMap()
    for key in keys:
        if key in values:
            node[key] = values[key]
    return node


def _section_tree(sec: SectionState, figures: list[tuple[str, SectionState]], indent: int) -> CommentedMap:
    """A section's YAML; `figures`: the indicators it holds, in order, each with the answers
    that hold its text (its home section's); `indent`: the column of its keys (figures and
    points sit one deeper)."""
    body: dict[str, Any] = {}
    if sec.title:
        body["title"] = sec.title
    if sec.like:
        body["like"] = sec.like
    if figures or sec.custom:
        figs = CommentedMap()
        for key, home in figures:  # spec order, whatever order they were answered in
            figs[key] = _scalar(home.figures[key])
            attach(figs, key, home.notes.get(key), indent + 2)
        for key, decl in sec.custom.items():
            item = _in_order({"label": decl["label"], "value": _scalar(decl["value"]),
                              **{k: decl[k] for k in ("unit", "part_of") if decl.get(k)}}, _CUSTOM_KEYS)
            item.fa.set_flow_style()
            figs[key] = item
            attach(figs, key, sec.notes.get(key), indent + 2)
        body["figures"] = figs
    if sec.points:
        pts = CommentedSeq()
        for i, p in enumerate(sec.points):
            node = _point_tree(p)
            pts.append(node)
            comment = p.get("comment") or Comment()
            if isinstance(node, CommentedMap):  # the end of the point's first line
                attach(node, next(iter(node)), Comment((), comment.eol), indent + 4)
                comment = Comment(comment.before)
                if p.get("text_note") and next(iter(node)) != "text":  # `# check: ignore FZ401` on the text line
                    attach(node, "text", Comment((), p["text_note"]), indent + 4)
            attach(pts, i, comment, indent + 2)
        body["points"] = pts
    return _in_order(body, OWN_SECTION_KEYS)


_CUSTOM_KEYS = tuple(CustomFigure.model_fields)
_SUB_POINT_KEYS = tuple(SubPoint.model_fields)


def _point_tree(p: dict[str, Any]) -> Any:
    """A point as YAML: a plain string when it is only text, else title/text/items/carried."""
    if not (p.get("title") or p.get("carried") or p.get("items")):
        return p["text"]
    values: dict[str, Any] = {"text": p["text"]}
    if p.get("title"):
        values["title"] = p["title"]
    if p.get("items"):
        subs = CommentedSeq()
        for sub in p["items"]:
            subs.append(_in_order(sub, _SUB_POINT_KEYS) if sub.get("title") else sub["text"])
        values["items"] = subs
    if p.get("carried"):
        values["carried"] = True
    return _in_order(values, POINT_KEYS)


def _section_state(body: Any, section: Section | None) -> SectionState:
    sec = SectionState()
    if isinstance(body, list):
        body = {"points": body}
    if not isinstance(body, dict):
        return sec
    if body.get("title"):
        sec.title = str(body["title"])
    figs = body.get("figures") or {}
    labels = {i.key: f"{i.label}（{i.unit}）" for i in (section.indicators if section else ())}
    for key, comment in comments_of(figs).items():
        if comment != Comment((), labels.get(str(key), "\0")):  # annotate writes the label again
            sec.notes[str(key)] = comment
    for key, value in dict(figs).items():
        if isinstance(value, dict):
            sec.custom[str(key)] = {"label": str(value.get("label", "")), "value": figure_text(value.get("value")),
                                    "unit": str(value.get("unit") or "")}
            if value.get("part_of"):  # which standard total it is one more part of (issue 15 item 2)
                sec.custom[str(key)]["part_of"] = str(value["part_of"])
        else:
            sec.figures[str(key)] = figure_text(value)
    points = body.get("points") or []
    notes = comments_of(points, dive=True)
    for i, p in enumerate([points] if isinstance(points, str) else points):
        point = _point_state(p)
        if point is not None:
            if notes.get(i):
                point["comment"] = notes[i]
            if isinstance(p, dict) and p.get("title") and getattr(p, "ca", None) is not None and list(p)[0] != "text":
                text_note = _token_lines(_slot(p, "text", 2))[0]
                if text_note:
                    point["text_note"] = text_note
            sec.points.append(point)
    return sec


def _point_state(p: Any) -> dict[str, Any] | None:
    """A point from the YAML tree: every part of it (title, text, sub-items, carried)."""
    if isinstance(p, str):
        return {"text": p} if p.strip() else None
    if not isinstance(p, dict) or not p.get("text"):
        return None
    point: dict[str, Any] = {k: str(p[k]) for k in _SUB_POINT_KEYS if p.get(k)}  # its texts: title, text
    items = []
    raw_items = p.get("items") or []
    for sub in [raw_items] if isinstance(raw_items, str) else raw_items:
        if isinstance(sub, str) and sub.strip():
            items.append({"text": sub})
        elif isinstance(sub, dict) and sub.get("text"):
            items.append({k: str(sub[k]) for k in _SUB_POINT_KEYS if sub.get(k)})
    if items:
        point["items"] = items
    if p.get("carried"):
        point["carried"] = True
    return point


# ---------------------------------------------------------------- comments
_GENERATED = "（由 fazhi-draft new 生成"  # the header line finish.py writes itself


def file_header(tree: Any) -> list[str]:
    """The person's own header comment lines of a YAML file (the schema modeline and the
    line fazhi-draft new writes itself are left out: they are written afresh)."""
    ca = getattr(tree, "ca", None)
    tokens = ca.comment[1] if ca is not None and ca.comment and len(ca.comment) > 1 else None
    lines = _own_lines(tokens)
    return [line for line in lines if "yaml-language-server" not in line and _GENERATED not in line]


def _own_lines(tokens: Any) -> list[str]:
    out = []
    for token in tokens or []:
        for line in getattr(token, "value", "").splitlines():
            if line.strip().startswith("#"):
                out.append(line.strip()[1:].strip())
    return out


def _token_lines(token: Any) -> tuple[str, list[str]]:
    """(the comment at the end of a line, the own-line comments after it) of a ruamel token."""
    value = getattr(token, "value", "") or ""
    first, _, rest = value.partition("\n")
    eol = first.strip()[1:].strip() if first.strip().startswith("#") else ""
    return eol, [line.strip()[1:].strip() for line in rest.splitlines() if line.strip().startswith("#")]


def _slot(node: Any, key: Any, i: int) -> Any:
    entry = node.ca.items.get(key)
    return entry[i] if entry is not None and len(entry) > i else None


def comments_of(node: Any, *, dive: bool = False) -> dict[Any, Comment]:
    """The comments on each key of a map (or item of a list) of a ruamel tree, whether read
    from a file or set by `attach`: own lines above it and the one at its line's end.
    `dive`: a list item that is a map (a point with a title) has its line-end comment on its
    first key, and the comment lines after it on its last key."""
    if getattr(node, "ca", None) is None or not isinstance(node, (dict, list)):
        return {}
    is_map = isinstance(node, dict)
    start = node.ca.comment[1] if node.ca.comment and len(node.ca.comment) > 1 else None
    pending = _own_lines(start)
    out: dict[Any, Comment] = {}
    for key in (list(node) if is_map else range(len(node))):
        before_tokens = _slot(node, key, 1)
        before = pending + _own_lines(before_tokens if isinstance(before_tokens, list) else None)
        eol, pending = _token_lines(_slot(node, key, 2 if is_map else 0))
        item = node[key]
        if dive and isinstance(item, dict) and item and getattr(item, "ca", None) is not None:
            keys = list(item)
            eol = eol or _token_lines(_slot(item, keys[0], 2))[0]
            pending = pending + _token_lines(_slot(item, keys[-1], 2))[1]
        if before or eol:
            out[key] = Comment(tuple(before), eol)
    return out


def attach(node: Any, key: Any, comment: Comment | None, indent: int) -> None:
    """Put `comment` on `key` of a ruamel map or list being built (`indent`: the key's column)."""
    if not comment:
        return
    if comment.eol:  # first: ruamel's list version mixes the two up the other way round
        node.yaml_add_eol_comment(comment.eol, key)
    if comment.before:
        node.yaml_set_comment_before_after_key(key, before="\n".join(comment.before), indent=indent)
