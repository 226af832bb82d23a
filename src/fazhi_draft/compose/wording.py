"""Wording: figures become sentences through the jinja2 templates (templates/*.j2).

A template fills {key} (the figure with its unit) and {key:bare} (the number only) from one
section's figures through the helpers say / items / nonzero / has; a clause whose figures
are not all given is left out. A pending figure (待补) cannot be a string in a sentence: the
wording writes a private-use mark around its label, and `paragraphs()` turns the template's
output into paragraphs in which each mark is a `Pending` node. The mark never leaves this
module; the clerk's own text never passes through `paragraphs()` except the self-reference
and organ a template prints, and those are escaped first (`clerk_value`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import jinja2

from fazhi_draft.compose.paragraphs import one_line
from fazhi_draft.figures.numbers import Figure, format_figure
from fazhi_draft.structure import Section
from fazhi_draft.tree import Inline, Paragraph, Pending, Text

# Pending placeholders travel through the template text between these private-use marks.
# No `.*?`: from every \ue000 it would scan to the end (30,000 of them: 11 s).
_PENDING = re.compile("\ue000([^\ue000\ue001\n]*+)\ue001")
_FIELD = re.compile(r"\{(\w+)(?::(\w+))?\}")
# The clerk's text a template prints (the self-reference, the organ, the period) may hold the
# marks' characters too, and braces, which say() would read as a figure ({major_decisions}):
# they travel as control characters that are not white space and that the input model
# refuses in any text (input.model.BAD_CHARS), so they cannot be taken for a mark or a
# field, and come back after.
_ESCAPE = str.maketrans("\ue000\ue001{}", "\x01\x02\x03\x04")
_UNESCAPE = str.maketrans("\x01\x02\x03\x04", "\ue000\ue001{}")


def _mark(label: str) -> str:
    return f"\ue000{label}\ue001"


def clerk_value(text: str) -> str:
    """The clerk's text as a template may print it: no character of it can read as a mark
    or, inside a clause of say(), as a figure's field."""
    return text.translate(_ESCAPE)


class _Missing(Exception):
    """A clause names a figure that was not given: the clause is skipped."""


class _Rendered(str):
    """Text already built from figures (by items()): say() keeps it as a figure clause."""


class _Wording:
    """Fills {key} (figure with its unit) and {key:bare} (number only) from one section;
    `units` swaps the spec's unit words for the report's own (wording.units: {件: 宗})."""

    def __init__(self, section: Section, figures: dict[str, Figure], units: Mapping[str, str]):
        self.units = {i.key: units.get(i.unit, i.unit) for i in section.indicators}
        self.labels = {i.key: i.label for i in section.indicators}
        self.figures = figures

    def field(self, key: str, bare: bool) -> str:
        if key not in self.units:
            raise KeyError(f"template names unknown indicator {key!r}")
        fig = self.figures.get(key)
        if fig is None:
            raise _Missing(key)
        if fig.pending:
            return _mark(self.labels[key])
        return fig.text if bare else format_figure(fig, self.units[key])

    def clause(self, fmt: str) -> str:
        """The clause filled in, or raise _Missing when one of its figures is absent."""
        return _FIELD.sub(lambda m: self.field(m[1], m[2] == "bare"), fmt)


def template_helpers(section: Section, figures: dict[str, Figure], units: Mapping[str, str] | None = None) -> dict:
    """say / items / nonzero / has for a template, filling clauses from `figures`, each unit
    word written as `units` says (the report's wording.units; none: the spec's)."""
    wording = _Wording(section, figures, units or {})

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
def environment() -> jinja2.Environment:
    from fazhi_draft.datacache import template_cache

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir(), encoding="utf-8"),
        bytecode_cache=template_cache(),  # compiled once, checked against the source each run
        autoescape=False,  # plain text, not HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def paragraphs(text: str) -> list[Paragraph]:
    """Template output -> paragraphs: blank lines separate, single newlines join; each
    pending mark becomes a `Pending` node."""
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
            parts.append(Text(text[pos:m.start()].translate(_UNESCAPE)))
        parts.append(Pending(m[1]))
        pos = m.end()
    if pos < len(text):
        parts.append(Text(text[pos:].translate(_UNESCAPE)))
    return tuple(parts)


def custom_sentence(custom: Iterable) -> tuple[Inline, ...]:
    """Figures the spec does not know, in the clerk's own label and unit, each its own
    sentence (never glued to another's clause: 正职25人 is no breakdown of the figure before
    it): never dropped. A pending one is its label as a `Pending` node."""
    runs: list[Inline] = []
    text = ""
    for _key, decl, fig in custom:
        label = one_line(decl.label)
        if fig.pending:
            if text:
                runs.append(Text(text))
            runs.append(Pending(label))
            text = "。"
        else:
            text += label + format_figure(fig, one_line(decl.unit)) + "。"
    if text:
        runs.append(Text(text))
    return tuple(runs)
