"""What a format reader hands on: lines of text with the hints its format gives.

A format reader (docx, txt, html, pdf) only turns its format into `Line`s; the rest
(headings, title, signature, site navigation) is decided once, in assemble.py, from
the text and these hints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
# Spaces of every kind (U+3000 and &nbsp; indent Chinese paragraphs); zero-width ones go.
_SPACES = re.compile(r"[ \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
# A space next to a CJK character or CJK punctuation: layout, not text (PDF).
_CJK_SIDE = f"{CJK}\u3000-\u303f\uff00-\uffef“”‘’—…·"
_LAYOUT_SPACE = re.compile(f"(?<=[{_CJK_SIDE}]) +| +(?=[{_CJK_SIDE}])")


class Origin(NamedTuple):
    """Where a block starts in the source: `第12行` (txt), `第12段` (docx, html), `第3页` (pdf)."""

    unit: str  # 行 / 段 / 页
    n: int

    def __str__(self) -> str:
        return f"第{self.n}{self.unit}"


@dataclass
class Line:
    """One paragraph (or line) of the source with its format's hints.

    `bold` counts the characters at the start of `text` that are bold (None: the format
    does not say); `label` is a number Word draws from its numbering definitions (not in
    the text); `outline` the outline level a style gives (1-9); `size` the largest font
    size in points.
    """

    text: str
    origin: Origin
    bold: int | None = None
    label: str = ""
    outline: int | None = None
    centred: bool = False
    right: bool = False
    size: float | None = None
    title_style: bool = False  # a style named Title / 标题 / 公文标题


def clean(text: str) -> str:
    """Collapse spaces (U+3000, &nbsp;, tabs) to one, drop invisible ones, strip the ends."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def drop_layout_spaces(text: str) -> str:
    """Remove spaces beside Chinese characters: in PDF text they are layout, not words."""
    return _LAYOUT_SPACE.sub("", text)


def join_broken(left: str, right: str) -> str:
    """Join two pieces of one sentence broken by a line end: no space in Chinese,
    one space between two Latin words."""
    if not left or not right:
        return left + right
    if left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right


def from_segments(segments: list[tuple[str, bool]], origin: Origin, **hints) -> Line:
    """A Line from (text, bold) pieces in order: cleaned, with the bold prefix counted."""
    text = ""
    bold = 0
    leading = True
    for piece, is_bold in segments:
        text += piece
        if leading:
            stripped = clean(text)
            if is_bold or not piece.strip():
                bold = len(stripped)
            else:
                leading = False
    text = clean(text)
    return Line(text, origin, bold=min(bold, len(text)), **hints)


def cjk_count(text: str) -> int:
    return len(_CJK_CHAR.findall(text))
