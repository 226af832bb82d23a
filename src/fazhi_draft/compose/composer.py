"""Compose: ReportInput + spec -> document tree.

The composer walks the parts and sections in the file's order (a required part the file
lacks where the spec puts it), lets the template of each figure's home section turn the
figures into sentences (wording.py), appends the clerk's points one level below their
heading (paragraphs.py), and numbers the headings (一、 （一） 1.) itself, so an omitted
section never leaves a gap. A title the author gives replaces the spec's.
The report's `wording:` settings reach the templates here: unit words (through the one
formatter), the period (全年 / 今年以来 / the author's), the derived rates to print, the
lead-ins of 不足 and 安排, and a closing line before the signature.
"""

from __future__ import annotations

from fazhi_draft.compose.marks import MarkedText
from fazhi_draft.compose.numbering import heading_number
from fazhi_draft.figures import intext
from fazhi_draft.compose.paragraphs import one_line, points, runs, text_paragraphs
from fazhi_draft.compose.titles import title_lines
from fazhi_draft.compose.wording import clerk_value, custom_sentence, environment, paragraphs, template_helpers
from fazhi_draft.figures.numbers import Figure
from fazhi_draft.figures.relations import derive  # rates the author did not state: one place decides
from fazhi_draft.input.model import PartInput, ReportInput, SectionInput, Wording, counts_as, figures_by_home, layout
from fazhi_draft.layout import LayoutProfile, load_profile
from fazhi_draft.structure import Spec, load_spec
from fazhi_draft.tree import Block, Document, Heading, Paragraph, Pending, Signature


# The sections whose template opens with a lead-in sentence, and the wording setting for it.
LEADINS = {"shortcomings": "shortcomings_leadin", "plans": "plans_leadin"}


def period(report: ReportInput) -> str:
    """The words for the period the figures cover: the author's (wording.period), else 今年以来
    for a report dated inside its own year (a December report), else 全年."""
    if report.wording.period:
        return report.wording.period
    return "今年以来" if report.meta.date.year == report.meta.year else "全年"


class Composer:
    """Builds the tree for one report. `compose()` is the whole job.

    `layout` is the profile the draft will be laid out by: a long title is broken to its
    title line (None: the default gbt9704 profile)."""

    def __init__(self, spec: Spec | None = None, layout: LayoutProfile | None = None):
        self.spec = spec or load_spec()
        self.title_line = (layout or load_profile()).title_line_chars
        self.env = environment()

    def compose(self, report: ReportInput) -> Document:
        meta = report.meta
        context = self._context(report)
        # The figures the author's texts state (【103】) are printed there, not in a canned sentence.
        self.render = MarkedText(report, self.spec)
        self.stated = intext.stated_keys(report, self.spec)
        title = meta.title or title_lines(self.spec.title_pattern.format(organ=meta.organ, year=meta.year),
                                          self.title_line)
        if report.opening:
            blocks: list[Block] = [Paragraph(runs(t, render=self.render)) for t in text_paragraphs(report.opening)]
        elif report.wording.opening:
            blocks = [*paragraphs(self.env.get_template("opening.j2").render(**context))]
        else:  # wording: {opening: false}: the report begins with its first part, as the author's does
            blocks = []
        number = 0
        for part in self._parts(report):
            heading, content = self._part(part, report, context)
            if not content:
                continue
            number += 1
            blocks.append(Heading(1, heading_number(1, number), one_line(heading)))
            blocks.extend(content)
        if report.wording.closing:  # 特此报告。: the author's line, its own paragraph before the signature
            blocks.extend(Paragraph(runs(t)) for t in text_paragraphs(report.wording.closing))
        date = meta.date
        signature = Signature(organ=one_line(meta.organ), date=f"{date.year}年{date.month}月{date.day}日")
        return Document(title=title, blocks=tuple(blocks), signature=signature)

    def _context(self, report: ReportInput) -> dict:
        meta = report.meta
        outline = self.spec.outline_for(meta.year)
        kind = self.spec.organ_kind(meta.kind)
        return {
            "organ": clerk_value(meta.organ),
            "year": meta.year,
            "next_year": meta.year + 1,
            "self_ref": clerk_value(meta.self_ref or kind.self_ref),
            "party": kind.party,
            "committee": kind.committee,
            "outline": outline.name if outline else None,
            "period": clerk_value(one_line(period(report))),
            "wording": report.wording,  # the settings, for _section_body (no template reads it)
        }

    def _parts(self, report: ReportInput) -> list[PartInput]:
        """The level-1 parts in the file's order, with a required part the report lacks
        (no section counts as it, at either level) put where the spec would put it."""
        parts = list(layout(report, self.spec))
        index = {p.key: n for n, p in enumerate(self.spec.parts)}
        measures = next(p.key for p in self.spec.parts if not p.flat)

        def rank(part: PartInput) -> int:  # the spec part a level-1 part stands for
            kind = None if part.key == measures else counts_as(report, self.spec, part.key)
            return index[self.spec.part_of(kind) if kind else measures]

        counted = {counts_as(report, self.spec, k) for p in parts for k in (p.sections or [p.key])}
        for spec_part in self.spec.parts:
            if not spec_part.required:
                continue
            if spec_part.flat:
                present = spec_part.key in counted
            else:
                present = any(p.key == spec_part.key for p in parts) or any(
                    s.key in counted for s in spec_part.sections)
            if present:
                continue
            at = max((n + 1 for n, p in enumerate(parts) if rank(p) < index[spec_part.key]), default=0)
            parts.insert(at, PartInput(key=spec_part.key))
        return parts

    def _default_title(self, key: str, context: dict, year: int) -> str:
        """A standard part's or section's title from the spec (a flat part's is the part's)."""
        if any(p.key == key for p in self.spec.parts):
            return self.spec.part(key).title.format(**context)
        return self.spec.section(key).title_for(year)

    def _part(self, part: PartInput, report: ReportInput, context: dict) -> tuple[str, list[Block]]:
        """The heading and blocks of one level-1 part; no blocks: the part is left out."""
        year = report.meta.year
        spec_part = next((p for p in self.spec.parts if p.key == part.key and not p.flat), None)
        if spec_part is not None:  # the umbrella 主要举措和成效
            heading = part.title or spec_part.title.format(**context)
            blocks: list[Block] = []
            number = 0
            for key in part.sections:
                sec_in = report.sections[key]
                if sec_in.is_empty:
                    continue  # omitted: the next section takes its number
                number += 1
                title = sec_in.title or self._default_title(key, context, year)
                blocks.append(Heading(2, heading_number(2, number), one_line(title)))
                blocks.extend(self._section_body(key, sec_in, report, context, level=2))
            required = spec_part.required
        else:
            sec_in = report.sections.get(part.key)
            heading = (sec_in.title if sec_in is not None else None) or self._default_title(part.key, context, year)
            blocks = [] if sec_in is None or sec_in.is_empty else self._section_body(
                part.key, sec_in, report, context, level=1)
            kind = counts_as(report, self.spec, part.key)
            required = kind is not None and any(p.key == kind and p.required for p in self.spec.parts)
        if not blocks and required:
            blocks = [Paragraph((Pending(heading),))]
        return heading, blocks

    def _section_body(self, key: str, sec_in: SectionInput, report: ReportInput, context: dict,
                      level: int) -> list[Block]:
        """A section's blocks under its heading at `level`: the author's own lead-in, the
        figures in the wording of each figure's home section (the section's own first), the
        custom figures, the points numbered one level below the heading."""
        wording: Wording = context["wording"]
        kind = counts_as(report, self.spec, key)
        homes = self.spec.homes
        groups: dict[str, dict] = {kind: {}} if kind else {}
        for k, fig in sec_in.figures.items():
            groups.setdefault(homes[k], {})[k] = fig
        for k in sec_in.compute:
            groups.setdefault(homes[k], {})
        leadin = getattr(wording, LEADINS[kind]) if kind in LEADINS else False
        blocks: list[Block] = []
        if isinstance(leadin, str):  # the author's own lead-in, as written
            blocks.extend(Paragraph(runs(t)) for t in text_paragraphs(leadin))
        for home, given in groups.items():
            section = self.spec.section(home)
            compute = [k for k in sec_in.compute if homes[k] == home and k not in self.stated]
            # A derived rate is printed only where the author asks: wording.rates, or 计算 in figures.
            asked = None if wording.rates is True else {*(wording.rates or ()), *compute}
            # The canned sentence is only for figures no text of the report states.
            given = {k: f for k, f in given.items() if k not in self.stated}
            figures = {k: f for k, f in derive(section, given, only=asked).items() if k not in self.stated}
            if any(k not in figures for k in compute):  # 计算 with its counts given elsewhere in the report
                everywhere = derive(section, figures_by_home(report, self.spec).get(home, {}), only=compute)
                figures.update({k: everywhere[k] for k in compute if k in everywhere and k not in figures})
            for k in compute:  # 计算 that cannot be worked out (a count absent, 待补, 约): still to come
                figures.setdefault(k, Figure.pending_figure())
            text = self.env.get_template(section.template).render(
                **context, **template_helpers(section, figures, wording.units),
                points=len(sec_in.points) if home == kind else 0, leadin=leadin is True and home == kind)
            blocks.extend(paragraphs(text))
        custom = custom_sentence(sec_in.custom)
        if custom:  # the clerk's own figures: each its own sentence, in a paragraph of their own
            blocks.append(Paragraph(custom))
        blocks.extend(points(sec_in.points, level=level + 1, render=self.render))
        return blocks


def compose(report: ReportInput, spec: Spec | None = None, layout: LayoutProfile | None = None) -> Document:
    """The document tree for `report` (the spec shipped with the package by default), its
    title broken to the line of `layout` (None: the default profile)."""
    return Composer(spec, layout).compose(report)
