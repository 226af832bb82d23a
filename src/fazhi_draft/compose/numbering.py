"""Heading numbers: 一、 （一） 1. （1）, assigned by the composer from the tree.

Hand-written on purpose: headings only need 1-99, and cn2an (the library for Chinese
numerals both ways) costs about 120 ms to import here, more than a whole render's work.
"""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 35 -> 三十五 (1-99)."""
    if not 1 <= n <= 99:
        raise ValueError(f"heading number out of range: {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def heading_number(level: int, n: int) -> str:
    """The label of the n-th heading at `level`: 一、 / （一） / 1. / （1）."""
    if level == 1:
        return chinese_numeral(n) + "、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"no heading level {level}")
