"""Compose: ReportInput + spec -> document tree.

The composer walks the spec's parts and sections in order, lets each section's template
turn its figures into sentences (wording.py), appends the clerk's points (paragraphs.py),
and numbers the headings (一、 （一） 1.) itself, so an omitted section never leaves a gap.
"""

from __future__ import annotations

from fazhi_draft.compose.marks import MarkedText
from fazhi_draft.compose.numbering import heading_number
from fazhi_draft.figures import intext
from fazhi_draft.compose.paragraphs import one_line, points, runs, text_paragraphs
from fazhi_draft.compose.titles import title_lines
from fazhi_draft.compose.wording import clerk_value, custom_sentence, environment, paragraphs, template_helpers
from fazhi_draft.figures.relations import derive  # rates the author did not state: one place decides
from fazhi_draft.input.model import ReportInput, SectionInput
from fazhi_draft.layout import LayoutProfile, load_profile
from fazhi_draft.structure import Section, Spec, load_spec
from fazhi_draft.tree import Block, Document, Heading, Paragraph, Pending, Signature


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
        # The canned sentence is only for figures no text of the report states.
        given = {k: f for k, f in sec_in.figures.items() if k not in self.stated}
        figures = {k: f for k, f in derive(section, given).items() if k not in self.stated}
        text = self.env.get_template(section.template).render(
            **context, **template_helpers(section, figures), points=len(sec_in.points))
        blocks: list[Block] = [*paragraphs(text)]
        custom = custom_sentence(sec_in.custom)
        if custom:  # the clerk's own figures: each its own sentence, in a paragraph of their own
            blocks.append(Paragraph(custom))
        blocks.extend(points(sec_in.points, level=3, render=self.render))
        return blocks


def compose(report: ReportInput, spec: Spec | None = None, layout: LayoutProfile | None = None) -> Document:
    """The document tree for `report` (the spec shipped with the package by default), its
    title broken to the line of `layout` (None: the default profile)."""
    return Composer(spec, layout).compose(report)
