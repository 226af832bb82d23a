"""Compose: ReportInput + spec -> document tree.

The composer walks the spec's parts and sections in order, lets each section's template
turn its figures into sentences (wording.py), appends the clerk's points (paragraphs.py),
and numbers the headings (一、 （一） 1.) itself, so an omitted section never leaves a gap.
The report's `wording:` settings reach the templates here: unit words (through the one
formatter), the period (全年 / 今年以来 / the author's), the derived rates to print, the
lead-ins of 不足 and 安排, and a closing line before the signature.
"""

from __future__ import annotations

from fazhi_draft.compose.numbering import heading_number
from fazhi_draft.compose.paragraphs import one_line, points, runs, text_paragraphs
from fazhi_draft.compose.titles import title_lines
from fazhi_draft.compose.wording import clerk_value, custom_sentence, environment, paragraphs, template_helpers
from fazhi_draft.figures.numbers import Figure
from fazhi_draft.figures.relations import derive  # rates the author did not state: one place decides
from fazhi_draft.input.model import ReportInput, SectionInput, Wording
from fazhi_draft.layout import LayoutProfile, load_profile
from fazhi_draft.structure import Section, Spec, load_spec
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
        title = meta.title or title_lines(self.spec.title_pattern.format(organ=meta.organ, year=meta.year),
                                          self.title_line)
        if report.opening:
            blocks: list[Block] = [Paragraph(runs(t)) for t in text_paragraphs(report.opening)]
        else:
            blocks = [*paragraphs(self.env.get_template("opening.j2").render(**context))]
        number = 0
        for part in self.spec.parts:
            content = self._part_content(part, report, context)
            if not content:
                if not part.required:
                    continue
                content = [Paragraph((Pending(part.title.format(**context)),))]
            number += 1
            sec_in = report.sections.get(part.key) if part.flat else None
            heading = (sec_in.title if sec_in and sec_in.title else None) or part.title.format(**context)
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
        wording: Wording = context["wording"]
        # A derived rate is printed only where the author asks: wording.rates, or 计算 in figures.
        asked = None if wording.rates is True else {*(wording.rates or ()), *sec_in.compute}
        figures = derive(section, sec_in.figures, only=asked)
        for key in sec_in.compute:  # 计算 that cannot be worked out (a count absent, 待补, 约): still to come
            figures.setdefault(key, Figure.pending_figure())
        leadin = getattr(wording, LEADINS[section.key]) if section.key in LEADINS else False
        text = self.env.get_template(section.template).render(
            **context, **template_helpers(section, figures, wording.units), points=len(sec_in.points),
            leadin=leadin is True)
        blocks: list[Block] = []
        if isinstance(leadin, str):  # the author's own lead-in, as written
            blocks.extend(Paragraph(runs(t)) for t in text_paragraphs(leadin))
        blocks.extend(paragraphs(text))
        custom = custom_sentence(sec_in.custom)
        if custom and blocks:  # the clerk's own figures close the figure paragraph
            last = blocks.pop()
            blocks.append(Paragraph(last.inlines + custom))
        elif custom:
            blocks.append(Paragraph(custom))
        blocks.extend(points(sec_in.points, level=3))
        return blocks


def compose(report: ReportInput, spec: Spec | None = None, layout: LayoutProfile | None = None) -> Document:
    """The document tree for `report` (the spec shipped with the package by default), its
    title broken to the line of `layout` (None: the default profile)."""
    return Composer(spec, layout).compose(report)
