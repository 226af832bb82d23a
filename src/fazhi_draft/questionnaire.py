"""The questionnaire (`fazhi-draft new`): one year's report answered section by section.

Flow: resume an unfinished run? -> reuse last year's file? -> metadata -> which sections
-> for each section its figures (relations checked as soon as both figures are known),
custom figures and points (last year's offered one by one) -> a final menu (write /
revise a section / stop) -> summary, YAML with label comments, the .docx.

Nothing typed is lost: after every answer the state is written atomically to a progress
file beside the output (`2024.fazhi-progress.yaml`). That file *is* an input YAML (render
it to see the partial draft) plus a `progress:` block the reader ignores, saying which
questions were answered (`done`), the sections chosen and what became of last year's
points (`carried`). Content is the source of truth: on resume, answered questions are
either skipped or asked again with the saved answer as the default.

The prompts themselves are records from questions.py; this module never imports questionary.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from fazhi_draft import questions as Q
from fazhi_draft.errors import UserError
from fazhi_draft.numbers import Figure, FigureError, format_figure, parse_figure, rate, stated_places
from fazhi_draft.structure import NotMoreThan, Part, RateOf, Section, Spec, SumOf, load_spec
from fazhi_draft.model import yaml_path
from fazhi_draft.yamlio import Loaded, annotate, atomic_write, dump_tree, load_report, parse_yaml, read_text

PROGRESS_SUFFIX = ".fazhi-progress.yaml"
_BACKUP_SUFFIX = ".bak" + PROGRESS_SUFFIX
_YEAR_IN_TEXT = re.compile(r"(?<![0-9０-９])([0-9]{4})(?=年)")


def progress_path(output: Path) -> Path:
    """Where the progress of `output` is kept: 2024.yaml -> 2024.fazhi-progress.yaml."""
    return output.with_name(output.stem + PROGRESS_SUFFIX)


# ================================================================ state
@dataclass
class SectionState:
    """One section's answers as they will be written: figure texts ('27', '1.39万', '待补')."""

    title: str | None = None
    figures: dict[str, str] = field(default_factory=dict)
    custom: dict[str, dict[str, str]] = field(default_factory=dict)  # yaml key -> label/value/unit
    points: list[dict[str, Any]] = field(default_factory=list)  # {title?, text, carried?}

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
    def from_tree(cls, tree: Any, spec: Spec) -> tuple["State", str | None]:
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
        state.done = {str(g): [str(i) for i in (items or [])] for g, items in (progress.get("done") or {}).items()}
        state.carried = {str(g): [str(i) for i in (items or [])]
                         for g, items in (progress.get("carried") or {}).items()}
        state.at = str(progress.get("at") or "")
        output = progress.get("output")
        return state, (str(output) if output else None)


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def fast_yaml(node: Any, indent: int = 0) -> str:
    """Block YAML for the progress file, written after every answer.

    ruamel's pure-Python emitter takes ~45 ms for a full year's answers, which adds up over
    ~200 answers; the progress file only holds maps, lists, numbers, dates and strings, so
    strings are written JSON-quoted (a JSON string is a valid YAML double-quoted scalar).
    The final YAML is written by ruamel (with label comments) once, at the end.
    """
    pad = " " * indent
    lines: list[str] = []
    if isinstance(node, dict):
        if not node:
            return "{}"
        for key, value in node.items():
            k = key if _PLAIN_KEY.match(str(key)) else json.dumps(str(key), ensure_ascii=False)
            if isinstance(value, dict) and value and not _is_flow(value):
                lines.append(f"{pad}{k}:\n{fast_yaml(value, indent + 2)}")
            elif isinstance(value, list) and value and not _is_flow(value):
                lines.append(f"{pad}{k}:\n{fast_yaml(value, indent + 2)}")
            else:
                lines.append(f"{pad}{k}: {_inline(value)}")
        return "\n".join(lines) + ("\n" if indent == 0 else "")
    if isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and item and not _is_flow(item):
                body = fast_yaml(item, indent + 2)
                lines.append(f"{pad}- {body[indent + 2:]}")
            else:
                lines.append(f"{pad}- {_inline(item)}")
        return "\n".join(lines)
    return _inline(node)


def _is_flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def _inline(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


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


def _text_of(value: Any) -> str:
    """A figure's YAML value as the person wrote it: 27, 98.7, '95%以上', '1.39万'."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        return format(Decimal(repr(value) if isinstance(value, float) else value).normalize(), "f")
    return str(value).strip()


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
            if not p.get("title") and not p.get("carried"):
                pts.append(p["text"])
                continue
            item = CommentedMap()
            if p.get("title"):
                item["title"] = p["title"]
            item["text"] = p["text"]
            if p.get("carried"):
                item["carried"] = True
            pts.append(item)
        body["points"] = pts
    return body


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
            sec.custom[str(key)] = {"label": str(value.get("label", "")), "value": _text_of(value.get("value")),
                                    "unit": str(value.get("unit") or "")}
        else:
            sec.figures[str(key)] = _text_of(value)
    points = body.get("points") or []
    for p in [points] if isinstance(points, str) else points:
        if isinstance(p, str):
            sec.points.append({"text": p})
        elif isinstance(p, dict) and p.get("text"):
            sec.points.append({k: (bool(v) if k == "carried" else str(v)) for k, v in p.items()
                               if k in ("title", "text", "carried") and v})
    return sec


# ================================================================ relations
@dataclass(frozen=True)
class Problem:
    """A relation between figures that does not hold, worded for the person at the prompt."""

    message: str
    keys: tuple[str, ...]  # the figures one may re-enter, the newly answered first
    signatures: tuple  # once the person keeps it, a problem sharing any of these is not asked again


def _rough(fig: Figure) -> bool:
    """Lower bounds (200余) and rounded figures (1.39万) never raise an equality alarm."""
    return fig.approx or any(c in fig.text for c in "万亿")


def relation_problems(section: Section, figures: dict[str, Figure], touched: set[str]) -> list[Problem]:
    """Every relation of `section` involving a `touched` figure that the known figures break.

    Generic over the spec's relation kinds (not_more_than chains, sums, rates); a relation
    is judged only once the figures it needs are known (pending and absent ones are not).
    """
    inds = {i.key: i for i in section.indicators}

    def known(key: str) -> Figure | None:
        fig = figures.get(key)
        return fig if fig is not None and fig.amount is not None else None

    def said(key: str) -> str:
        return f"{inds[key].label}（{format_figure(figures[key], inds[key].unit)}）"

    def why(rel: Any) -> str:
        return f"（{rel.why}）" if rel.why else ""

    out: list[Problem] = []
    for n, rel in enumerate(section.relations):
        if isinstance(rel, NotMoreThan):
            for i, big in enumerate(rel.chain):
                for small in rel.chain[i + 1:]:
                    a, b = known(big), known(small)
                    if a is None or b is None or not ({big, small} & touched):
                        continue
                    if b.amount > a.amount and not a.approx:
                        first = (small, big) if small in touched else (big, small)
                        out.append(Problem(f"{said(small)}多于{said(big)}{why(rel)}，确定吗？", first,
                                           (frozenset({(big, a.text), (small, b.text)}),)))
        elif isinstance(rel, SumOf):
            keys = [rel.total, *rel.parts]
            if not set(keys) & touched:
                continue
            total = known(rel.total)
            parts = [(k, known(k)) for k in rel.parts]
            given = [(k, f) for k, f in parts if f is not None]
            if total is None or not given:
                continue
            added = sum((f.amount for _, f in given), Decimal(0))
            names = "、".join(inds[k].label for k, _ in given[:3]) + (f"等{len(given)}项" if len(given) > 3 else "")
            unit = inds[rel.total].unit
            shown = f"{names}相加为{_plain(added)}{unit}"
            # the figures involved, with their values; and for "exceeds", this total: once kept, adding
            # more parts (which only exceed it further) does not ask again
            sig = (frozenset({(rel.total, total.text), *((k, f.text) for k, f in given)}),
                   ("exceeds", n, total.text))
            order = tuple(dict.fromkeys([*(k for k in keys if k in touched), rel.total, *(k for k, _ in given)]))
            if added > total.amount and not total.approx:
                out.append(Problem(f"{shown}，超过了{said(rel.total)}{why(rel)}，确定吗？", order, sig))
            elif (not rel.partial and len(given) == len(parts) and added != total.amount
                  and not _rough(total) and not any(_rough(f) for _, f in given)):
                out.append(Problem(f"{shown}，与{said(rel.total)}不一致{why(rel)}，确定吗？", order, sig[:1]))
        elif isinstance(rel, RateOf):
            keys = [rel.rate, rel.numerator, rel.denominator]
            if not set(keys) & touched:
                continue
            stated, num, den = known(rel.rate), known(rel.numerator), known(rel.denominator)
            if stated is None or num is None or den is None or _rough(num) or _rough(den):
                continue
            computed = rate(num, den)
            if computed is None:
                continue
            places = stated_places(stated)
            tolerance = Decimal(5).scaleb(-(places + 1)) + Decimal("0.000001")
            if abs(stated.amount - computed.amount) > tolerance:
                order = tuple(dict.fromkeys([*(k for k in keys if k in touched), *keys]))
                out.append(Problem(
                    f"{inds[rel.rate].label}填的是{stated.text}%，按{said(rel.numerator)}÷{said(rel.denominator)}"
                    f"计算应为{computed.text}%，确定吗？", order,
                    (frozenset({(rel.rate, stated.text), (rel.numerator, num.text), (rel.denominator, den.text)}),)))
    return out


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f")


def derived_rate(section: Section, key: str, figures: dict[str, Figure]) -> str | None:
    """The rate `key` as computed from its counts, when both are known (shown as a hint)."""
    for rel in section.relations:
        if isinstance(rel, RateOf) and rel.rate == key:
            num, den = figures.get(rel.numerator), figures.get(rel.denominator)
            if num is not None and den is not None and not _rough(num) and not _rough(den):
                computed = rate(num, den)
                return computed.text if computed else None
    return None


# ================================================================ years in carried text
def year_map(last_year: int, year: int, part: Part) -> dict[int, int]:
    """Which years in last year's text probably mean "this year": last year's report year,
    and in a part about the next year (its title has {next_year}) also last year's next year."""
    shift = {last_year: year}
    if "{next_year}" in part.title:
        shift = {last_year + 1: year + 1, **shift}
    return {old: new for old, new in shift.items() if old != new}


def years_found(text: str, shift: dict[int, int]) -> list[tuple[int, int]]:
    found = {int(m[1]) for m in _YEAR_IN_TEXT.finditer(text)}
    return [(old, new) for old, new in shift.items() if old in found]


def shift_years(text: str, shift: dict[int, int]) -> str:
    return _YEAR_IN_TEXT.sub(lambda m: str(shift.get(int(m[1]), m[1])), text)


def split_point(text: str) -> dict[str, Any]:
    """A typed point: several lines -> the first is the run-in title, the rest the text."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if len(lines) >= 2:
        return {"title": lines[0].rstrip("。：:；;"), "text": "".join(lines[1:])}
    return {"text": lines[0] if lines else ""}


def point_lines(p: dict[str, Any]) -> str:
    return f"{p['title']}\n{p['text']}" if p.get("title") else p["text"]


# ================================================================ the flow
@dataclass
class Outcome:
    """How a run ended: `written` (files made), `stopped` (saved, by choice) or `interrupted`."""

    status: str
    yaml: Path | None = None
    docx: Path | None = None
    progress: Path | None = None


class Flow:
    """One run of the questionnaire over a State. `resume_mode` is None for a fresh start,
    'skip' (only unanswered questions) or 'confirm' (every question, saved answers as defaults)."""

    def __init__(self, *, spec: Spec, state: State, output: Path, explicit: bool, cwd: Path,
                 last: Loaded | None, out: TextIO, today: dt.date, resume_mode: str | None = None,
                 ask=None):  # noqa: ANN001
        self.spec = spec
        self.state = state
        self.output = output
        self.explicit = explicit
        self.cwd = cwd
        self.last = last
        self.out = out
        self.today = today
        self.resume_mode = resume_mode
        self.revisit: set[str] = set()
        self.accepted: set = set()
        self.errors = 0  # errors the checker found in the last summary
        self.written: Path | None = None  # the YAML, once written at the end
        self.ask = ask or Q.ask

    # ------------------------------------------------------------ plumbing
    @property
    def progress(self) -> Path:
        return progress_path(self.output)

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def skip(self, group: str, item: str) -> bool:
        """True when this question was answered before and need not be asked again."""
        if self.resume_mode == "confirm" or group in self.revisit:
            return False
        return item in self.state.done.get(group, ())

    def answered(self, group: str, item: str) -> bool:
        return item in self.state.done.get(group, ())

    def mark(self, group: str, item: str) -> None:
        items = self.state.done.setdefault(group, [])
        if item not in items:
            items.append(item)
        self.save()

    def save(self) -> None:
        """Write the progress file now (atomically): called after every answer."""
        tree = self.state.to_tree(self.spec, output_name=self.output.name)
        header = (f"# fazhi-draft 问卷进度（自动保存，请勿删除 progress 一节）。\n"
                  f"# 继续填写：fazhi-draft new -o {_quoted(self._shown(self.output))}"
                  f"    生成文件后本文件会自动删除。\n")
        atomic_write(self.progress, header + fast_yaml(tree), force=True)

    def _shown(self, path: Path) -> Path:
        try:
            return path.relative_to(self.cwd)
        except ValueError:
            return path

    @property
    def last_year(self) -> int | None:
        return self.last.report.meta.year if self.last else None

    @property
    def year(self) -> int:
        return int(self.state.meta.get("year") or (self.today.year - 1))

    def last_figure(self, section_key: str, key: str) -> str | None:
        """Last year's figure as written in its YAML (not re-formatted: 95%以上 stays so)."""
        if not self.last or section_key not in self.last.report.sections:
            return None
        node: Any = self.last.tree
        for step in (*yaml_path(self.spec, section_key), "figures"):
            node = node.get(step) if isinstance(node, dict) else None
        value = node.get(key) if isinstance(node, dict) else None
        if isinstance(value, dict):  # a custom figure: {label, value, unit}
            value = value.get("value")
        return _text_of(value) if value is not None else None

    def figures_of(self, key: str) -> dict[str, Figure]:
        """The section's answered figures, parsed (for the relation checks)."""
        sec = self.state.sections.get(key) or SectionState()
        inds = {i.key: i for i in self.spec.section(key).indicators}
        out = {}
        for k, text in sec.figures.items():
            ind = inds.get(k)
            try:
                out[k] = parse_figure(text, whole=False, percent=ind is not None and ind.kind == "percent",
                                      unit=ind.unit if ind else "")
            except FigureError:
                continue
        return out

    # ------------------------------------------------------------ steps
    def run(self) -> str:
        """Ask everything still to ask; returns 'write' or 'stop'."""
        self.ask_meta()
        self.ask_opening()
        self.ask_sections()
        chosen = self.state.chosen or []
        for n, key in enumerate(chosen, 1):
            self.ask_section(key, n, len(chosen))
        while True:
            self.summary()
            errors = f"（核对仍有 {self.errors} 个错误，可先生成，改好后再 render）" if self.errors else ""
            choice = self.ask(Q.select_question("final", "问卷已答完。接下来：", [
                ("write", "生成 YAML 和 Word 初稿" + errors),
                ("revise", "回到某一节修改"),
                ("stop", "先不生成，保存进度退出"),
            ]))
            if choice != "revise":
                return choice
            chosen = self.state.chosen or []
            options = [(s.key, ("✓ " if s.key in chosen else "  ") + s.title) for s in self.spec.sections]
            key = self.ask(Q.select_question("revise", "修改哪一节？（✓ 为已选的小节）", options,
                                             default=chosen[0] if chosen else None))
            if key not in chosen:
                order = [s.key for s in self.spec.sections]
                self.state.chosen = sorted([*chosen, key], key=order.index)
                self.save()
            self.revisit = {key}
            try:
                self.ask_section(key, (self.state.chosen or []).index(key) + 1, len(self.state.chosen or []))
            finally:
                self.revisit = set()

    def ask_meta(self) -> None:
        last = self.last.report.meta if self.last else None
        meta = self.state.meta

        def question(name: str) -> Q.Question:
            defaults = {
                "organ": meta.get("organ") or (last.organ if last else ""),
                "kind": meta.get("kind") or (last.kind if last else guess_kind(self.spec, meta.get("organ", ""))),
                "year": meta.get("year") or ((last.year + 1) if last else self.today.year - 1),
                "date": meta.get("date") or self.today.isoformat(),
            }
            return Q.meta_questions(self.spec, defaults)[name]

        if not self.skip("meta", "organ"):
            meta["organ"] = self.ask(question("organ")).strip()
            self.state.at = "机关名称"
            self.mark("meta", "organ")
        if not self.skip("meta", "kind"):
            meta["kind"] = self.ask(question("kind"))
            self.state.at = "机关类型"
            self.mark("meta", "kind")
        if not self.skip("meta", "year"):
            meta["year"] = Q.parse_year(self.ask(question("year")))
            self.state.at = "报告年度"
            if last is not None:
                if meta["year"] == last.year:
                    self.say(f"注意：年度与沿用的文件相同（{last.year}年），请确认没有填错。")
                if last.self_ref and not meta.get("self_ref"):
                    meta["self_ref"] = last.self_ref
                if last.title:
                    meta["title"] = shift_years(last.title, {last.year: meta["year"]})
                    self.say(f"标题沿用去年的写法：{meta['title']}")
            self._follow_year()
            self.mark("meta", "year")
        if not self.skip("meta", "date"):
            value = Q.parse_date_answer(self.ask(question("date")))
            meta["date"] = value.isoformat()
            self.state.at = "成文日期"
            self.mark("meta", "date")

    def _follow_year(self) -> None:
        """Without -o the output is named after the year (2024.yaml): follow a changed year."""
        if self.explicit:
            return
        wanted = self.output.with_name(f"{self.year}.yaml")
        if wanted == self.output or progress_path(wanted).exists():
            return
        old = self.progress
        self.output = wanted
        if old.exists():
            os.replace(old, self.progress)

    def ask_opening(self) -> None:
        """Last year's own opening paragraph, if it had one: keep, adjust the year, edit or drop."""
        if not (self.last and self.last.report.opening) or self.skip("opening", "opening"):
            return
        text = self.state.opening if self.answered("opening", "opening") else self.last.report.opening
        self.say("\n去年的文件写了自己的开头段：")
        self.say(_indent(text or "（已删除）"))
        shift = {self.last_year: self.year} if self.last_year != self.year else {}
        found = years_found(text or "", shift)
        for old, new in found:
            self.say(f"  文中有“{old}年”，是否应改为{new}年？")
        choices = [("keep", "保留")]
        if found:
            choices.append(("year", "把文中的年份改为今年后保留"))
        choices += [("edit", "修改"), ("drop", "删除（改用自动生成的开头段）")]
        choice = self.ask(Q.select_question("opening", "开头段怎么处理？", choices))
        if choice == "year":
            self.state.opening = shift_years(text or "", shift)
        elif choice == "edit":
            answer = self.ask(Q.lines_question("opening.edit", "修改开头段", default=text or "", required=True))
            self.state.opening = "".join(line.strip() for line in answer.splitlines())
        elif choice == "drop":
            self.state.opening = None
        else:
            self.state.opening = text
        self.state.at = "开头段"
        self.mark("opening", "opening")

    def ask_sections(self) -> None:
        if self.skip("sections", "chosen"):
            return
        filled = {k for k, s in self.last.report.sections.items() if not s.is_empty} if self.last else set()
        required = {s.key for p in self.spec.parts if p.required and p.flat for s in p.sections}
        checked = set(self.state.chosen) if self.state.chosen is not None else filled | required
        answer = list(self.ask(Q.sections_question(self.spec, checked, filled)) or [])
        for key in list(self.state.chosen or []):
            sec = self.state.sections.get(key)
            if key in answer or sec is None or sec.is_empty:
                continue
            title = self.spec.section(key).title
            if self.ask(Q.confirm_question(f"drop.{key}", f"不填“{title}”了吗？已经填写的内容将删去", False)):
                self.state.sections.pop(key, None)
                self.state.done.pop(key, None)
                self.state.carried.pop(key, None)
            else:
                answer.append(key)
        order = [s.key for s in self.spec.sections]
        self.state.chosen = sorted(set(answer), key=order.index)
        self.say(f"  已选 {len(self.state.chosen)} 节：" + "、".join(_short(self.spec.section(k).title)
                                                                 for k in self.state.chosen))
        for key in sorted(required - set(answer), key=order.index):
            self.say(f"注意：“{self.spec.section(key).title}”是规定必须报告的内容，没有选它，初稿中将缺少这一部分。")
        self.state.at = "选择小节"
        self.mark("sections", "chosen")

    # ------------------------------------------------------------ one section
    def ask_section(self, key: str, n: int, total: int) -> None:
        section = self.spec.section(key)
        part = self.part_of(key)
        sec = self.state.sections.setdefault(key, SectionState())
        last_sec = self.last.report.sections.get(key) if self.last else None
        if last_sec is not None and last_sec.title and sec.title is None:
            sec.title = last_sec.title
        heading = section.title if part.flat else f"{part.title} › {section.title}"
        self.say(f"\n━━ 第{n}/{total}节　{heading} ━━")
        if part.flat and part.hint:
            self.say(part.hint)
        for ind in section.indicators:
            self.ask_figure(section, ind.key)
        if section.indicators:
            self.ask_custom(section)
        self.ask_points(section, part)

    def part_of(self, key: str) -> Part:
        return next(p for p in self.spec.parts if any(s.key == key for s in p.sections))

    def ask_figure(self, section: Section, key: str, *, force: bool = False, check: bool = True) -> None:
        if not force and self.skip(section.key, key):
            return
        ind = self.spec.indicator(key)
        sec = self.state.sections.setdefault(section.key, SectionState())
        last_fig = self.last_figure(section.key, key)
        if key in sec.figures:
            default = sec.figures[key]
        elif self.answered(section.key, key):
            default = ""  # answered empty before
        else:
            default = last_fig or ""
        derived = derived_rate(section, key, self.figures_of(section.key))
        answer = Q.normalise_figure(self.ask(Q.figure_question(section.key, ind, default=default, last=last_fig,
                                                               derived=derived)))
        if answer:
            sec.figures[key] = answer
        else:
            sec.figures.pop(key, None)
        self.state.at = f"{section.title} / {ind.label}"
        self.mark(section.key, key)
        if check:
            self.check_relations(section, {key})

    def check_relations(self, section: Section, touched: set[str]) -> None:
        """Question a broken relation at once; the person keeps it or re-enters a figure."""
        touched = set(touched)
        while True:
            problems = [p for p in relation_problems(section, self.figures_of(section.key), touched)
                        if not self.accepted.intersection(p.signatures)]
            if not problems:
                return
            problem = problems[0]
            labels = {i.key: i.label for i in section.indicators}
            choices = [("keep", "确定无误，保留")] + [(k, f"重新填写“{labels[k]}”") for k in problem.keys]
            choice = self.ask(Q.select_question(f"{section.key}.relation", problem.message, choices))
            if choice == "keep":
                self.accepted.update(problem.signatures)
                continue
            self.ask_figure(section, choice, force=True, check=False)
            touched.add(choice)

    def ask_custom(self, section: Section) -> None:
        """Last year's custom figures (value again, empty drops it), then new ones."""
        key = section.key
        sec = self.state.sections.setdefault(key, SectionState())
        last_custom: dict[str, tuple[dict[str, str], str]] = {}
        if self.last and key in self.last.report.sections:
            for ykey, decl, _ in self.last.report.sections[key].custom:
                last_custom[ykey] = ({"label": decl.label, "unit": decl.unit}, self.last_figure(key, ykey))
        for ykey in [*last_custom, *(k for k in sec.custom if k not in last_custom)]:
            item = f"custom:{ykey}"
            if self.skip(key, item):
                continue
            decl, last_value = last_custom.get(ykey, (sec.custom.get(ykey), None))
            if decl is None:
                continue
            if ykey in sec.custom:
                default = sec.custom[ykey]["value"]
            elif self.answered(key, item):
                default = ""
            else:
                default = last_value or ""
            q = Q.custom_value_question(f"{key}.{ykey}", decl["label"], decl.get("unit", ""), default=default,
                                        last=last_value)
            answer = Q.normalise_figure(self.ask(q))
            if answer:
                sec.custom[ykey] = {"label": decl["label"], "value": answer, "unit": decl.get("unit", "")}
            else:
                sec.custom.pop(ykey, None)
            self.state.at = f"{section.title} / {decl['label']}"
            self.mark(key, item)
        if self.skip(key, "custom+"):
            return
        first = True
        while self.ask(Q.confirm_question(f"{key}.custom+", "本节还有标准结构里没有的数字要写吗？" if first
                                          else "再添加一个吗？", False)):
            first = False
            label = self.ask(Q.text_question(f"{key}.custom.label", "名称", hint="如 实现“跨省通办”的政务服务事项"))
            unit = self.ask(Q.text_question(f"{key}.custom.unit", "单位", required=False,
                                            hint="如 件、项、名、人次、万元、%；可不填"))
            value = Q.normalise_figure(self.ask(Q.custom_value_question(f"{key}.custom.value", label, unit)))
            if not value:
                self.say("没有填数值，这个数字未添加。")
                continue
            n = 1
            while f"custom_{n}" in sec.custom or f"custom_{n}" in last_custom:
                n += 1
            ykey = f"custom_{n}"
            sec.custom[ykey] = {"label": label, "value": value, "unit": unit}
            self.state.at = f"{section.title} / {label}"
            self.mark(key, f"custom:{ykey}")
        self.mark(key, "custom+")

    def ask_points(self, section: Section, part: Part) -> None:
        key = section.key
        sec = self.state.sections.setdefault(key, SectionState())
        last_points = []
        if self.last and key in self.last.report.sections:
            last_points = [p.model_dump() for p in self.last.report.sections[key].points]
        for i, point in enumerate(last_points):
            if not self.skip(key, f"point:{i}"):
                self.ask_carried(section, part, i, point, len(last_points))
        decisions = self.state.carried.get(key, [])
        first_new = sum(1 for d in decisions if d != "drop")
        if self.resume_mode == "confirm" or key in self.revisit:
            j = first_new
            while j < len(sec.points):  # points added in this run: keep, edit or drop
                self.say(f"\n本节已写的要点（{j - first_new + 1}）：")
                self.say(_indent(point_lines(sec.points[j])))
                choice = self.ask(Q.select_question(f"{key}.new", "这条要点怎么处理？",
                                                    [("keep", "保留"), ("edit", "修改"), ("drop", "删除")]))
                if choice == "drop":
                    del sec.points[j]
                    self.save()
                    continue
                if choice == "edit":
                    sec.points[j] = split_point(self.ask(Q.lines_question(
                        f"{key}.edit", "修改要点", default=point_lines(sec.points[j]), required=True)))
                    self.save()
                j += 1
        if self.skip(key, "points+"):
            return
        while True:
            n = len(sec.points) + 1
            label = f"本节要点（第{n}条；直接回车表示本节写完）" if n > 1 or last_points else \
                f"写本节的要点（第{n}条；直接回车表示不写）"
            if not sec.points and part.required and part.flat:
                label = f"写本部分的内容（第{n}条；规定必备，至少写一条）"
            text = self.ask(Q.lines_question(f"{key}.points", label))
            if not text:
                break
            sec.points.append(split_point(text))
            self.state.at = f"{section.title} / 要点第{n}条"
            self.save()
        self.mark(key, "points+")

    def ask_carried(self, section: Section, part: Part, i: int, point: dict[str, Any], count: int) -> None:
        """Offer one of last year's points: keep (flagged), confirm, shift its year, edit or drop."""
        key = section.key
        sec = self.state.sections[key]
        decisions = self.state.carried.setdefault(key, [])
        slot = sum(1 for d in decisions[:i] if d != "drop")
        previous = decisions[i] if i < len(decisions) else None
        current = sec.points[slot] if previous not in (None, "drop") and slot < len(sec.points) else None
        original = {k: v for k, v in point.items() if k in ("title", "text") and v}
        self.say(f"\n去年的要点（{i + 1}/{count}）：")
        self.say(_indent(point_lines(original)))
        shift = year_map(self.last_year, self.year, part) if self.last_year else {}
        found = years_found(point_lines(original), shift)
        for old, new in found:
            self.say(f"  文中有“{old}年”，是否应改为{new}年？")
        choices = [("keep", "保留，稍后核对（在 YAML 中标为沿用）"), ("confirm", "确认沿用（今年仍是这样）")]
        if found:
            years = "、".join(f"{old}→{new}" for old, new in found)
            choices.append(("year", f"把文中年份改为今年（{years}）后保留"))
        choices += [("edit", "修改"), ("drop", "删除")]
        default = previous if previous in {c for c, _ in choices} else "keep"
        choice = self.ask(Q.select_question(f"{key}.point", "这条要点怎么处理？", choices, default=default))
        if choice == "keep":
            new = {**original, "carried": True}
        elif choice == "confirm":
            new = dict(original)
        elif choice == "year":
            new = {k: shift_years(v, shift) for k, v in original.items()} | {"carried": True}
        elif choice == "edit":
            base = current or original
            new = split_point(self.ask(Q.lines_question(f"{key}.edit", "修改要点", default=point_lines(base),
                                                        required=True)))
        else:
            new = None
        while len(decisions) < i:  # not expected: decisions are made in order
            decisions.append("drop")
        if previous is None:
            decisions.append(choice)
        else:
            decisions[i] = choice
        if previous not in (None, "drop"):
            if new is None:
                del sec.points[slot]
            else:
                sec.points[slot] = new
        elif new is not None:
            sec.points.insert(min(slot, len(sec.points)), new)
        self.state.at = f"{section.title} / 去年的要点第{i + 1}条"
        self.mark(key, f"point:{i}")

    # ------------------------------------------------------------ the end
    def finish(self) -> Outcome:
        """The YAML (label comments) and the .docx, asking before overwriting anything."""
        target = self.confirm_target(self.output)
        if target is None:
            self.say(f"未写入。进度仍保存在 {self._shown(self.progress)}。")
            return Outcome("stopped", progress=self.progress)
        tree = self.state.to_tree(self.spec)
        origin = f"，沿用 {self.state.meta['reused_from']}" if self.state.meta.get("reused_from") else ""
        tree.yaml_set_start_comment(f"{self.state.meta.get('organ', '')} {self.year}年度法治政府建设情况报告 输入文件"
                                    f"（由 fazhi-draft new 生成{origin}）")
        atomic_write(target, dump_tree(annotate(tree, self.spec)), force=True)
        self.written = target
        self.say(f"已写入：{self._shown(target)}")
        if self.progress.exists():
            self.progress.unlink()
        docx = self.confirm_target(target.with_suffix(".docx"))
        if docx is None:
            self.say(f"未生成 Word 文件；需要时运行：fazhi-draft render {_quoted(self._shown(target))}")
            return Outcome("written", yaml=target)
        from fazhi_draft.render import render_file

        try:  # the checker's findings were shown in the summary: a draft is made all the same
            result = render_file(target, docx, force=True, ignore_errors=True)
        except UserError as exc:
            self.say(f"生成 Word 初稿时出错：{exc.render()}")
            return Outcome("written", yaml=target)
        self.say(f"已生成：{self._shown(result.output)}")
        if result.pending:
            self.say(f"待补 {len(result.pending)} 处（文中已用黄色标出）：{'、'.join(result.pending)}")
        carried = sum(1 for s in self.state.sections.values() for p in s.points if p.get("carried"))
        if carried:
            self.say(f"有 {carried} 条沿用去年的要点尚未确认（YAML 中标有 carried: true）：核对修改后删去这一行，"
                     f"再运行 fazhi-draft render {_quoted(self._shown(target))} -f 重新生成。")
        return Outcome("written", yaml=target, docx=result.output)

    def confirm_target(self, path: Path) -> Path | None:
        """`path`, or another name the person gives, when it exists and is not to be replaced."""
        while path.exists():
            if self.ask(Q.confirm_question("overwrite", f"{self._shown(path)} 已存在，覆盖吗？", False)):
                return path
            other = self.ask(Q.text_question("save_as", "另存为（直接回车则不保存）", default=str(self._shown(_free_name(path))),
                                             required=False))
            if not other:
                return None
            path = (self.cwd / other) if not Path(other).is_absolute() else Path(other)
        return path

    def summary(self) -> None:
        """A table of what was filled, then the checker's findings when a checker exists."""
        import importlib.util

        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{self.state.meta.get('organ', '')} {self.year}年度 填写情况", show_lines=False)
        for name, justify in (("部分", "left"), ("数字", "right"), ("待补", "right"), ("要点", "right"),
                              ("沿用未确认", "right")):
            table.add_column(name, justify=justify)
        totals = [0, 0, 0, 0]
        same = 0
        for part in self.spec.parts:
            for section in part.sections:
                sec = self.state.sections.get(section.key)
                if sec is None or sec.is_empty:
                    continue
                figures = len(sec.figures) + len(sec.custom)
                pending = sum(1 for v in [*sec.figures.values(), *(c["value"] for c in sec.custom.values())]
                              if v == "待补")
                carried = sum(1 for p in sec.points if p.get("carried"))
                row = [figures, pending, len(sec.points), carried]
                totals = [a + b for a, b in zip(totals, row)]
                name = section.title if len(section.title) <= 18 else section.title[:17] + "…"
                table.add_row(name, *(str(v) if v else "" for v in row))
                same += sum(1 for k, v in sec.figures.items() if v != "待补" and v == self.last_figure(section.key, k))
        table.add_row("合计", *(str(v) for v in totals), end_section=True)
        self.say("")
        console = Console(file=self.out, width=100, highlight=False)
        console.print(table)
        if same and importlib.util.find_spec("fazhi_draft.check") is None:  # else the checker says it
            self.say(f"有 {same} 个数字与去年完全相同（回车沿用了去年的数？），请逐一核对。")
        for part in self.spec.parts:
            if part.required and part.flat:
                sec = self.state.sections.get(part.key)
                if sec is None or sec.is_empty:
                    self.say(f"缺少必备部分：{part.title.format(next_year=self.year + 1)}")
        self.say(self.checker_findings())

    def checker_findings(self) -> str:
        """The checker's findings on the answers so far, or a note that there is no checker."""
        import importlib.util

        if importlib.util.find_spec("fazhi_draft.check") is None:
            return "检查：fazhi_draft.check 尚未提供，本次未做核对。"
        self.save()
        try:
            from fazhi_draft.check import check_loaded

            loaded = load_report(self.progress, self.spec)
            result = check_loaded(loaded, today=self.today, spec=self.spec)
        except UserError as exc:
            return f"检查发现输入有问题：\n{exc.render()}"
        except Exception as exc:  # noqa: BLE001 - another module's bug must not lose the answers
            return f"检查器运行出错，已跳过：{exc}"
        self.errors = sum(1 for f in result.findings if f.level.name == "ERROR")
        if not result.findings:
            return "检查：未发现问题。"
        lines = [f"检查发现 {len(result.findings)} 处（可选“回到某一节修改”；写入后运行 fazhi-draft check 可逐条查看）："]
        by_code: dict[str, list] = {}
        for f in result.findings:
            by_code.setdefault(f.code, []).append(f)
        for code, found in by_code.items():
            f = found[0]
            if len(found) == 1:
                fix = f"{'' if f.message.endswith(('。', '？', '！')) else '。'}{f.fix}" if f.fix else ""
                lines.append(f"  {f.level.value} {code} {f.message}{fix}")
            else:
                lines.append(f"  {f.level.value} {code} {_rule_summary(code) or f.message}：{len(found)} 处")
        return "\n".join(lines)


def _rule_summary(code: str) -> str:
    try:
        from fazhi_draft.check.registry import rule

        return rule(code).summary
    except Exception:  # noqa: BLE001 - only a shorter line is lost
        return ""


def _short(title: str, size: int = 12) -> str:
    head = re.split("[，,]", title)[0]
    return head if len(head) <= size else head[: size - 1] + "…"


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def _quoted(path: Path | str) -> str:
    text = str(path)
    return f'"{text}"' if any(c.isspace() for c in text) else text


def _free_name(path: Path) -> Path:
    for n in range(1, 1000):
        cand = path.with_name(f"{path.stem}（{n}）{path.suffix}")
        if not cand.exists():
            return cand
    return path


def guess_kind(spec: Spec, organ: str) -> str:
    """The organ kind whose self-reference matches the name's ending (桐溪县人民政府 -> county)."""
    name = organ.strip().removesuffix("人民政府")
    for kind in spec.organ_kinds:
        if name.endswith(kind.self_ref[-1]):
            return kind.key
    if name.endswith(("局", "委", "办", "厅")):
        return "department"
    return spec.organ_kinds[0].key


# ================================================================ starting
def find_last_year(folder: Path, exclude: Path) -> Loaded | None:
    """The newest report YAML in `folder` (highest year, then newest file), if any loads."""
    files = [p for p in folder.glob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
             and not p.name.endswith(PROGRESS_SUFFIX) and p.resolve() != exclude.resolve()]
    files.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    best: tuple[int, float, Loaded] | None = None
    for path in files[:12]:
        try:
            loaded = load_report(path)
        except UserError:
            continue
        rank = (loaded.report.meta.year, path.stat().st_mtime, loaded)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


def find_progress(folder: Path) -> Path | None:
    """The newest unfinished progress file in `folder`."""
    found = [p for p in folder.glob("*" + PROGRESS_SUFFIX) if not p.name.endswith(_BACKUP_SUFFIX)]
    return max(found, key=lambda p: p.stat().st_mtime) if found else None


def _relative(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return str(path.resolve())


def run_new(*, output: Path | None = None, from_file: Path | None = None, cwd: Path | None = None,
            today: dt.date | None = None, out: TextIO | None = None, pt_input=None, pt_output=None,  # noqa: ANN001
            spec: Spec | None = None) -> Outcome:
    """Run the questionnaire. `pt_input`/`pt_output` drive it without a terminal (tests)."""
    spec = spec or load_spec()
    cwd = cwd or Path.cwd()
    today = today or dt.date.today()
    out = out or sys.stdout
    if output is not None and output.suffix not in (".yaml", ".yml"):
        from fazhi_draft.errors import UsageError

        raise UsageError("-o 应是 YAML 文件名（如 2024.yaml）；Word 初稿会生成在它旁边", file=output)
    if output is not None and not output.is_absolute():
        output = cwd / output
    with Q.session(pt_input, pt_output):
        flow: Flow | None = None
        try:
            flow = _start(spec=spec, output=output, from_file=from_file, cwd=cwd, today=today, out=out)
            if flow.run() == "stop":
                flow.save()
                flow.say(f"进度已保存到 {flow._shown(flow.progress)}。继续填写请运行：fazhi-draft new -o "
                         f"{_quoted(flow._shown(flow.output))}")
                return Outcome("stopped", progress=flow.progress)
            return flow.finish()
        except (KeyboardInterrupt, EOFError):
            if flow is not None and flow.written is not None:  # only the .docx was left to make
                out.write(f"\n已中断。{flow._shown(flow.written)} 已写好；生成 Word 初稿请运行："
                          f"fazhi-draft render {_quoted(flow._shown(flow.written))}\n")
                return Outcome("interrupted", yaml=flow.written)
            if flow is None or not flow.state.answered:
                out.write("\n已退出，还没有需要保存的回答。\n")
                return Outcome("interrupted")
            flow.save()
            out.write(f"\n已中断。已答的 {flow.state.answered} 题已保存到 {flow._shown(flow.progress)}。\n"
                      f"继续填写请运行：fazhi-draft new -o {_quoted(flow._shown(flow.output))}"
                      f"（选“只回答还没答过的问题”）\n")
            out.flush()
            return Outcome("interrupted", progress=flow.progress)


def _start(*, spec: Spec, output: Path | None, from_file: Path | None, cwd: Path, today: dt.date,
           out: TextIO) -> Flow:
    """Resume or start fresh; load last year's file; returns the flow ready to run."""

    def say(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    def shown(path: Path) -> Path:
        try:
            return path.relative_to(cwd)
        except ValueError:
            return path

    say("法治政府建设年度报告问卷（fazhi-draft new）")
    progress = progress_path(output) if output is not None else find_progress(cwd)
    state, resume_mode, explicit = State(), None, output is not None
    if progress is not None and progress.exists():
        text, _ = read_text(progress)
        saved, saved_output = State.from_tree(parse_yaml(text, progress), spec)
        where = f"（停在：{saved.at}）" if saved.at else ""
        choice = Q.ask(Q.select_question("resume", f"发现上次未填完的问卷 {shown(progress)}，已答 {saved.answered} 题{where}。",
                                         [("skip", "接着填：只回答还没答过的问题"),
                                          ("confirm", "接着填：从头逐题确认（已答的作为默认值）"),
                                          ("restart", "重新开始（上次的进度另存为备份）")]))
        if choice == "restart":
            backup = progress.with_name(progress.name.removesuffix(PROGRESS_SUFFIX) + _BACKUP_SUFFIX)
            os.replace(progress, backup)
            say(f"上次的进度已另存为 {shown(backup)}。")
        else:
            state, resume_mode = saved, choice
            if output is None:
                output = progress.parent / (saved_output or progress.name.removesuffix(PROGRESS_SUFFIX) + ".yaml")
                explicit = True
    if output is None:
        output = cwd / "new.yaml"  # renamed after the year once it is known
    last: Loaded | None = None
    if from_file is None and state.meta.get("reused_from"):
        from_file = output.parent / state.meta["reused_from"]
    if from_file is not None:
        last = load_report(from_file if from_file.is_absolute() else cwd / from_file)
    elif resume_mode is None:
        found = find_last_year(output.parent, output)
        if found is not None:
            m = found.report.meta
            if Q.ask(Q.confirm_question("reuse", f"找到 {shown(found.path)}（{m.organ} {m.year}年度），"
                                                 f"沿用其中的内容作为今年的默认答案吗？", True)):
                last = found
    if last is not None:
        for note in last.notes:
            say(note)
        state.meta["reused_from"] = _relative(last.path, output.parent)
        say(f"沿用：{shown(last.path)}（{last.report.meta.year}年度）。每个数字默认为去年的数，直接回车即沿用。")
    if resume_mode is None and not explicit:
        year = (last.report.meta.year + 1) if last else today.year - 1
        output = output.with_name(f"{year}.yaml")
        if progress_path(output).exists():  # someone else's unfinished run: do not overwrite it
            output = _free_name(output)
    flow = Flow(spec=spec, state=state, output=output, explicit=explicit, cwd=cwd, last=last, out=out,
                today=today, resume_mode=resume_mode)
    say(f"每答一题都自动保存到 {shown(flow.progress)}；随时可按 Ctrl-C 退出，再次运行即可接着填。")
    return flow


def offer_new() -> bool:
    """Bare `fazhi-draft` in a terminal: offer to start the questionnaire."""
    return bool(Q.ask(Q.confirm_question("offer", "现在开始按问卷填写本年度报告吗？", True)))
