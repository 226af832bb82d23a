"""Compose: ReportInput + spec -> document tree, wording from the jinja2 templates.

The composer walks the spec's parts and sections in order, lets each section's template
turn its figures into sentences, appends the clerk's points, and numbers the headings
(一、 （一） 1.) itself, so an omitted section never leaves a gap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import jinja2

from fazhi_draft.input.model import ReportInput, SectionInput
from fazhi_draft.compose.numbering import heading_number
from fazhi_draft.figures.numbers import Figure, format_figure
from fazhi_draft.figures.relations import derive  # rates the author did not state: one place decides
from fazhi_draft.structure import Section, Spec, load_spec
from fazhi_draft.tree import Block, Document, Heading, Inline, Paragraph, Signature

# Pending placeholders travel through the template text between these private-use marks.
# No `.*?`: from every \ue000 it would scan to the end (30,000 of them: 11 s).
_PENDING = re.compile("\ue000([^\ue000\ue001\n]*+)\ue001")
_FIELD = re.compile(r"\{(\w+)(?::(\w+))?\}")


# Put before every paragraph of a point carried over from last year and not yet confirmed
# (`carried: true`); the paragraph is marked too, so Word shows it highlighted.
CARRIED_MARK = "【沿用去年，请核实】"
# A line break and the spaces and breaks after it. The spaces before it are stripped from the
# line (text_paragraphs): a pattern starting with them would be tried again from each space
# of a long run that no break ends ("2024" and 19,000 spaces: 2.5 s a point).
_LINE_BREAK = re.compile(r"(?:\r\n|[\r\n\u2028\u2029\x85])[ \t\u3000\r\n\u2028\u2029\x85]*+")
_LINE_SPACE = " \t\u3000"


def pending_text(label: str) -> str:
    return f"【待补：{label}】"


def text_paragraphs(text: str) -> list[str]:
    """The paragraphs of text the clerk wrote: every line break starts a new paragraph (a
    blank line does the same, it makes no empty paragraph); spaces and full-width indents
    around the lines go, each paragraph gets the document's own first-line indent."""
    lines = _LINE_BREAK.split(text.strip(" \t\r\n\u3000\u2028\u2029\x85"))
    return [line for line in (ln.rstrip(_LINE_SPACE) for ln in lines) if line]


def one_line(text: str) -> str:
    """A heading, label or name written over several lines: one line, no break inside."""
    return "".join(text_paragraphs(text))


class _Missing(Exception):
    """A clause names a figure that was not given: the clause is skipped."""


class _Rendered(str):
    """Text already built from figures (by items()): say() keeps it as a figure clause."""


class _Wording:
    """Fills {key} (figure with its unit) and {key:bare} (number only) from one section."""

    def __init__(self, section: Section, figures: dict[str, Figure]):
        self.units = {i.key: i.unit for i in section.indicators}
        self.labels = {i.key: i.label for i in section.indicators}
        self.figures = figures

    def field(self, key: str, bare: bool) -> str:
        if key not in self.units:
            raise KeyError(f"template names unknown indicator {key!r}")
        fig = self.figures.get(key)
        if fig is None:
            raise _Missing(key)
        if fig.pending:
            return f"\ue000{self.labels[key]}\ue001"
        return fig.text if bare else format_figure(fig, self.units[key])

    def clause(self, fmt: str) -> str:
        """The clause filled in, or raise _Missing when one of its figures is absent."""
        return _FIELD.sub(lambda m: self.field(m[1], m[2] == "bare"), fmt)


def _template_helpers(wording: _Wording) -> dict:
    def clause_or_none(fmt: str) -> str | None:
        if isinstance(fmt, _Rendered):
            return fmt or None
        try:
            return wording.clause(fmt)
        except _Missing:
            return None

    def has(*keys: str) -> bool:
        return all(k in wording.figures for k in keys)

    def items(prefix: str, *clauses: str, sep: str = "、") -> _Rendered:
        kept = [c for c in map(clause_or_none, clauses) if c]
        return _Rendered(prefix + sep.join(kept) if kept else "")

    def nonzero(fmt: str, zero: str = "") -> _Rendered:
        """The clause, or `zero` ("无败诉案件", or nothing) when its figures are all 0."""
        keys = [m[1] for m in _FIELD.finditer(fmt)]
        figs = [wording.figures.get(k) for k in keys]
        if figs and all(f is not None and f.amount == 0 and not f.approx for f in figs):
            return _Rendered(zero)
        return _Rendered(clause_or_none(fmt) or "")

    def say(*clauses: str, topic: str = "") -> str:
        """One sentence of the clauses whose figures are all given, or '' when none is.

        Clauses without figures are kept only if some figure clause is. When the first
        figure clause (the one naming the subject) is absent, `topic` says what the rest
        is about: "行政复议方面，依法受理4件……".
        """
        kept, any_figure, first_figure_kept, seen_figure = [], False, False, False
        for fmt in clauses:
            is_figure = isinstance(fmt, _Rendered) or bool(_FIELD.search(fmt))
            text = clause_or_none(fmt) if is_figure else fmt
            if is_figure and not seen_figure:
                seen_figure, first_figure_kept = True, bool(text)
            if text:
                kept.append(text)
                any_figure |= is_figure
        if not any_figure:
            return ""
        lead = f"{topic}方面，" if topic and not first_figure_kept else ""
        return lead + "，".join(kept) + "。"

    return {"say": say, "items": items, "nonzero": nonzero, "has": has}


def templates_dir() -> Path:
    """The wording templates: inside the installed package, or templates/ in a checkout."""
    installed = Path(__file__).parents[1] / "templates"  # fazhi_draft/templates
    return installed if installed.is_dir() else Path(__file__).parents[3] / "templates"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    from fazhi_draft.datacache import template_cache

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir(), encoding="utf-8"),
        bytecode_cache=template_cache(),  # compiled once, checked against the source each run
        autoescape=False,  # plain text, not HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _paragraphs(text: str) -> list[Paragraph]:
    """Template output -> paragraphs: blank lines separate, single newlines join."""
    out = []
    for chunk in re.split(r"\n[^\S\n]*+\n", text):  # blank lines; each run of them leaves empty chunks
        joined = "".join(line.strip() for line in chunk.splitlines()).strip()
        if joined:
            out.append(Paragraph(_inlines(joined)))
    return out


def _inlines(text: str) -> tuple[Inline, ...]:
    parts: list[Inline] = []
    pos = 0
    for m in _PENDING.finditer(text):
        if m.start() > pos:
            parts.append(Inline(text[pos:m.start()]))
        parts.append(Inline(pending_text(m[1]), pending=True))
        pos = m.end()
    if pos < len(text):
        parts.append(Inline(text[pos:]))
    return tuple(parts)


class Composer:
    """Builds the tree for one report. `compose()` is the whole job."""

    def __init__(self, spec: Spec | None = None):
        self.spec = spec or load_spec()
        self.env = _environment()

    def compose(self, report: ReportInput) -> Document:
        meta = report.meta
        context = self._context(report)
        title = meta.title or title_lines(self.spec.title_pattern.format(organ=meta.organ, year=meta.year))
        if report.opening:
            blocks: list[Block] = [Paragraph(_inlines(t)) for t in text_paragraphs(report.opening)]
        else:
            blocks = [*_paragraphs(self.env.get_template("opening.j2").render(**context))]
        number = 0
        for part in self.spec.parts:
            content = self._part_content(part, report, context)
            if not content:
                if not part.required:
                    continue
                content = [Paragraph((Inline(pending_text(part.title.format(**context)), pending=True),))]
            number += 1
            sec_in = report.sections.get(part.key) if part.flat else None
            heading = (sec_in.title if sec_in and sec_in.title else None) or part.title.format(**context)
            blocks.append(Heading(1, heading_number(1, number), one_line(heading)))
            blocks.extend(content)
        date = meta.date
        signature = Signature(organ=one_line(meta.organ), date=f"{date.year}年{date.month}月{date.day}日")
        return Document(title=title, blocks=tuple(blocks), signature=signature)

    def _context(self, report: ReportInput) -> dict:
        meta = report.meta
        outline = self.spec.outline_for(meta.year)
        kind = self.spec.organ_kind(meta.kind)
        return {
            "organ": meta.organ,
            "year": meta.year,
            "next_year": meta.year + 1,
            "self_ref": meta.self_ref or kind.self_ref,
            "party": kind.party,
            "committee": kind.committee,
            "outline": outline.name if outline else None,
        }

    def _part_content(self, part, report: ReportInput, context: dict) -> list[Block]:
        if part.flat:
            sec_in = report.sections.get(part.key)
            if sec_in is None or sec_in.is_empty:
                return []
            return self._section_body(part.sections[0], sec_in, context)
        blocks: list[Block] = []
        number = 0
        for section in part.sections:
            sec_in = report.sections.get(section.key)
            if sec_in is None or sec_in.is_empty:
                continue  # omitted: the next section takes its number
            number += 1
            title = sec_in.title or section.title_for(report.meta.year)
            blocks.append(Heading(2, heading_number(2, number), one_line(title)))
            blocks.extend(self._section_body(section, sec_in, context))
        return blocks

    def _section_body(self, section: Section, sec_in: SectionInput, context: dict) -> list[Block]:
        figures = derive(section, sec_in.figures)
        wording = _Wording(section, figures)
        text = self.env.get_template(section.template).render(
            **context, **_template_helpers(wording), points=len(sec_in.points))
        blocks: list[Block] = [*_paragraphs(text)]
        custom = _custom_sentence(sec_in.custom)
        if custom and blocks:  # the clerk's own figures close the figure paragraph
            last = blocks.pop()
            blocks.append(Paragraph(last.inlines + _inlines(custom)))
        elif custom:
            blocks.append(Paragraph(_inlines(custom)))
        blocks.extend(_points(sec_in.points, level=3))
        return blocks


TITLE_LINE = 20  # 二号 (22 pt) characters in the 156 mm type area
_TITLE_BREAKS = ("法治政府建设", "关于")


def _width(text: str) -> float:
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def title_lines(title: str) -> str:
    """Break a long title where the meaning allows (GB/T 9704 7.3.1: 词意完整, 排列对称).

    Left to Word, "…关于2024年度法治政府建设 / 情况的报告" splits a phrase; we break before
    a natural seam instead, when both lines then fit. Returns the title with "\n".
    """
    if _width(title) <= TITLE_LINE or "\n" in title:
        return title
    for seam in _TITLE_BREAKS:
        at = title.find(seam)
        if at > 0 and _width(title[:at]) <= TITLE_LINE and _width(title[at:]) <= TITLE_LINE:
            return title[:at] + "\n" + title[at:]
    return title


def _points(points: Iterable, level: int, carried: bool = False) -> list[Block]:
    """Points as paragraphs; titled ones become numbered run-in headings (1. then （1））.

    A point's text makes one paragraph per line (text_paragraphs); under a title the first
    runs in after it. Every paragraph of a point carried over from last year and not yet
    confirmed (its sub-items too) opens with CARRIED_MARK and is marked.
    """
    blocks: list[Block] = []
    number = 0
    for point in points:
        marked = carried or getattr(point, "carried", False)
        paragraphs = [_marked(_inlines(t), marked) for t in text_paragraphs(point.text)]
        if point.title:
            number += 1
            title = one_line(point.title).rstrip("。") + "。"
            first = paragraphs.pop(0) if paragraphs else ()
            blocks.append(Heading(level, heading_number(level, number), title, first, marked=marked))
        blocks.extend(Paragraph(p) for p in paragraphs)
        blocks.extend(_points(getattr(point, "items", ()), level + 1, marked))
    return blocks


def _marked(inlines: tuple[Inline, ...], marked: bool) -> tuple[Inline, ...]:
    """The paragraph as text to confirm: CARRIED_MARK first, every run marked."""
    if not marked:
        return inlines
    return (Inline(CARRIED_MARK, marked=True),
            *(Inline(i.text, pending=i.pending, marked=not i.pending) for i in inlines))


def _custom_sentence(custom: Iterable) -> str:
    """Figures the spec does not know, in the clerk's own label and unit: never dropped."""
    clauses = []
    for _key, decl, fig in custom:
        label = one_line(decl.label)
        value = f"\ue000{label}\ue001" if fig.pending else format_figure(fig, one_line(decl.unit))
        clauses.append(f"{label}{value}" if not fig.pending else value)
    return "，".join(clauses) + "。" if clauses else ""


def compose(report: ReportInput, spec: Spec | None = None) -> Document:
    """The document tree for `report` (the spec shipped with the package by default)."""
    return Composer(spec).compose(report)
