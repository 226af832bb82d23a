"""The clerk's own text as paragraphs and runs: the opening, the points (numbered run-in
headings for titled ones), carried-over text marked until confirmed."""

from __future__ import annotations

import re
from collections.abc import Iterable

from fazhi_draft.compose.numbering import heading_number
from fazhi_draft.tree import Block, Heading, Paragraph, Text

# Put before every paragraph of a point carried over from last year and not yet confirmed
# (`carried: true`); the paragraph is marked too, so Word shows it highlighted.
CARRIED_MARK = "【沿用去年，请核实】"
# A line break and the spaces and breaks after it. The spaces before it are stripped from the
# line (text_paragraphs): a pattern starting with them would be tried again from each space
# of a long run that no break ends ("2024" and 19,000 spaces: 2.5 s a point).
_LINE_BREAK = re.compile(r"(?:\r\n|[\r\n\u2028\u2029\x85])[ \t\u3000\r\n\u2028\u2029\x85]*+")
_LINE_SPACE = " \t\u3000"


def text_paragraphs(text: str) -> list[str]:
    """The paragraphs of text the clerk wrote: every line break starts a new paragraph (a
    blank line does the same, it makes no empty paragraph); spaces and full-width indents
    around the lines go, each paragraph gets the document's own first-line indent."""
    lines = _LINE_BREAK.split(text.strip(" \t\r\n\u3000\u2028\u2029\x85"))
    return [line for line in (ln.rstrip(_LINE_SPACE) for ln in lines) if line]


def one_line(text: str) -> str:
    """A heading, label or name written over several lines: one line, no break inside."""
    return "".join(text_paragraphs(text))


def points(items: Iterable, level: int, carried: bool = False, render=None) -> list[Block]:  # noqa: ANN001
    """Points as paragraphs; titled ones become numbered run-in headings (1. then （1））.

    A point's text makes one paragraph per line (text_paragraphs); under a title the first
    runs in after it. Every paragraph of a point carried over from last year and not yet
    confirmed (its sub-items too) opens with CARRIED_MARK and is marked. `render` makes a
    paragraph's runs from its text (compose/marks.py: the figures marked 【103】), if given.
    """
    blocks: list[Block] = []
    number = 0
    for point in items:
        marked = carried or getattr(point, "carried", False)
        paragraphs = [runs(t, marked, render) for t in text_paragraphs(point.text)]
        if point.title:
            number += 1
            title = one_line(point.title)
            if render is not None:  # a figure marked in a title: printed, a pending one as its placeholder text
                title = "".join(i.text for i in render(title, False))
            title = title.rstrip("。") + "。"
            first = paragraphs.pop(0) if paragraphs else ()
            blocks.append(Heading(level, heading_number(level, number), title, first, marked=marked))
        blocks.extend(Paragraph(p) for p in paragraphs)
        blocks.extend(points(getattr(point, "items", ()), level + 1, marked, render))
    return blocks


def runs(text: str, marked: bool = False, render=None) -> tuple[Text, ...]:  # noqa: ANN001
    """One paragraph of the clerk's text, taken as written (its only markup the figures marked
    【103】, printed by `render` when given); as text to confirm when `marked`: CARRIED_MARK
    first, every run marked."""
    body = render(text, marked) if render is not None else (Text(text, marked=marked),)
    if not marked:
        return body
    return (Text(CARRIED_MARK, marked=True), *body)
