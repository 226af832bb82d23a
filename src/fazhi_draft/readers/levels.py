"""Heading levels from the text of a line: the rules every reader shares.

Chinese official documents number their headings 一、 (level 1), （一） (level 2),
1. (level 3) and （1） (level 4) (GB/T 9704 7.3.3). Published reports also write the
half-width (一), 1、 and 1． and put a heading and its paragraph on one line, only the
heading bold: "1.推进简政放权。全年……" (a run-in heading). "一是……。二是……" are
enumerations inside a paragraph, not headings: they stay paragraph text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

_CN = "一二三四五六七八九十"
# "一、" but not "一是" / "一年"; "十一、" and "二十、" too. A level-1 label needs the
# enumeration comma; "一." is accepted as well (seen in copied text).
_LEVEL1 = re.compile(rf"^([{_CN}]{{1,3}})\s*[、.．]\s*")
_LEVEL2 = re.compile(rf"^[（(]\s*([{_CN}]{{1,3}})\s*[）)]\s*")
# "1." / "1、" / "1．" / "１．", not "1.39万" (a figure) nor "2020年".
_LEVEL3 = re.compile(r"^([0-9０-９]{1,2})\s*[.．、](?![0-9０-９])\s*")
_LEVEL4 = re.compile(r"^[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*")
_PATTERNS = ((1, _LEVEL1), (2, _LEVEL2), (3, _LEVEL3), (4, _LEVEL4))

# A run-in title is the first sentence; longer than this it is a paragraph's first
# sentence, not a title.
MAX_TITLE = 60
_SENTENCE_END = "。！？!?"
_TITLE_TRAIL = "。：:；;，,！？!?"


class Label(NamedTuple):
    level: int     # 1-4
    number: str    # the label as written, spaces removed: "一、", "(一)", "1、", "（1）"
    rest: str      # the text after the label


def label_of(text: str) -> Label | None:
    """The heading label that starts `text`, or None ("一是", "2020年", "1.39万" are none)."""
    for level, pattern in _PATTERNS:
        m = pattern.match(text)
        if m and len(m.group(0)) < len(text):  # a bare "一、" on its own is no heading
            return Label(level, re.sub(r"\s+", "", m.group(0)), text[m.end():])
    return None


def label_level(label: str) -> int | None:
    """The level of a label computed from Word numbering ("一、", "（一）", "1.", "（1）")."""
    label = label.strip()
    for level, pattern in _PATTERNS:
        m = pattern.match(label + "x")
        if m and m.end() >= len(label):
            return level
    return None


def number_value(label: str) -> int | None:
    """The number a label counts: "三、" -> 3, "（十二）" -> 12, "7." -> 7."""
    m = re.search(rf"[0-9０-９]+|[{_CN}]+", label)
    if not m:
        return None
    token = m.group(0)
    if token[0] not in _CN:
        return int(unicodedata.normalize("NFKC", token))
    tens, _, ones = token.rpartition("十")
    if "十" not in token:
        return _CN.index(token) + 1 if len(token) == 1 else None
    high = (_CN.index(tens) + 1) if tens else 1
    return high * 10 + ((_CN.index(ones) + 1) if ones else 0)


def split_run_in(rest: str, bold: int | None = None) -> tuple[str, str]:
    """Split a heading's text into (title, body).

    `bold` is how many characters at the start of `rest` are bold, when the format
    says (None: unknown). A bold title followed by plain text is a run-in heading;
    otherwise the first sentence is the title when it is short and more text follows.
    """
    if bold is not None and 0 < bold < len(rest):
        # Take the punctuation right after the bold part into the title ("标题。" with
        # the full stop left plain).
        end = bold
        while end < len(rest) and rest[end] in _TITLE_TRAIL:
            end += 1
        if end < len(rest):
            return rest[:end], rest[end:].lstrip()
        return rest, ""
    for i, ch in enumerate(rest):
        if ch in _SENTENCE_END:
            if i + 1 >= len(rest):
                break
            if i + 1 > MAX_TITLE:
                break
            return rest[:i + 1], rest[i + 1:].lstrip()
    return rest, ""
