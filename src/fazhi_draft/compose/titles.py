"""The report's title on one or two lines, broken where the meaning allows.

The line length comes from the layout profile (`LayoutProfile.title_line_chars`: the type
area over the title's size), which the caller passes in: compose reads no writer.
"""

from __future__ import annotations

_TITLE_BREAKS = ("法治政府建设", "关于")


def _width(text: str) -> float:
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


def title_lines(title: str, line_chars: int) -> str:
    """Break a long title where the meaning allows (GB/T 9704 7.3.1: 词意完整, 排列对称).

    Left to Word, "…关于2024年度法治政府建设 / 情况的报告" splits a phrase; we break before
    a natural seam instead, when both lines then fit in `line_chars` characters. Returns the
    title with "\n".
    """
    if _width(title) <= line_chars or "\n" in title:
        return title
    for seam in _TITLE_BREAKS:
        at = title.find(seam)
        if at > 0 and _width(title[:at]) <= line_chars and _width(title[at:]) <= line_chars:
            return title[:at] + "\n" + title[at:]
    return title
