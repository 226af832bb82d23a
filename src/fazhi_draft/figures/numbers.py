"""Figures: reading what a clerk typed and writing numbers the Chinese way.

One place parses ("27", "２７", "1.39万", "200余", "待补", and "计算" for a rate the author
wants worked out from its counts) and one place formats (27件, 99.8%, 1.39万人次). Derived
rates are computed here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

from fazhi_draft.errors import shorten
from fazhi_draft.limits import MAX_FIGURE_DIGITS

PENDING_WORDS = ("待补", "?", "？")
# A rate written as this word is to be worked out from its counts and printed (issue 15
# item 3): `reconsideration_correction_rate: 计算`. Only a percent that is the rate of a
# `rate` relation of the spec can be computed (the reader says which: `computable`).
COMPUTE_WORD = "计算"

# --- the language of a figure: defined once -------------------------------------------
# parse_figure accepts exactly what figure_pattern() matches, and schema.py publishes the
# same pattern in the JSON Schema, so an editor underlines exactly what the loader rejects.
# The pattern is built from the pieces below in the regex syntax Python and JavaScript
# share (no \d, which is Unicode in Python; no lookbehind; named groups only for Python).
# It runs in linear time (issue 13 item 4): no two repeats that can take the same character
# meet, so no text can be matched in more than one way. Each optional part brings the spaces
# before it, and the edges take the rest (five space runs could meet: "2024" and 3,000 spaces
# took 128 s to refuse, every way of sharing the spaces out among them being tried).
# Real reports write: 27, ２７, 58,689, 1.39万, 200余, 120多万, 3千余, 超过7675, 逾300,
# 近5万, 约600, 95%以上, 300左右; thresholds and targets: 不低于90%, 力争95%以上 (issue 15 item 6).
BEFORE = ("超过", "逾", "近", "约")      # 超过7675人
BOUNDS = ("不低于", "不少于", "高于")      # 不低于90%: a threshold, at least
TARGET_WORDS = ("力争",)                 # 力争95%以上: a target, at least (prose.py knows more: 可达, 预计)
APPROX = ("余", "多")                  # 200余, 120多万, 3千余
MAGNITUDES = {"千": Decimal(1_000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
AFTER = ("以上", "左右")               # 95%以上, 300人左右
_DIGIT = "[0-9０-９]"
_ZERO = "[0０]"
_NONZERO = "[1-9１-９]"
_POINT = "[.．]"
_COMMA = "[,，]"                       # thousands separator: 58,689
_PERCENT = "[%％]"
_SPACE = "[ \u3000]*"                  # spaces between the parts: "1.39 万", "95 %"
_EDGE = "[ \t\r\n\u3000]*"             # around the whole: what str.strip() would drop
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def _alt(words) -> str:  # noqa: ANN001
    return "(?:" + "|".join(words) + ")"


@lru_cache(maxsize=None)
def _grammar(*, whole: bool, percent: bool, named: bool, growth: bool = False) -> str:
    """The pattern of a figure (not anchored): for a whole-number indicator decimals need a
    magnitude (1.39万 is fine, 27.5 is not); a percent has no magnitude, may carry %, and
    is at most 100; a growth (year-on-year change, 同比增长约300%) is a percent without
    that cap.

    `named`: Python's own pattern, with named groups and the thousands groups possessive
    (`++`, which JavaScript lacks; nothing after them starts with a comma, so giving a group
    back never helped: the same language, tests/test_figure_language.py compares them)."""
    def g(name: str, body: str) -> str:
        return f"(?P<{name}>{body})" if named else f"(?:{body})"

    groups = "++" if named else "+"
    integer = f"{_DIGIT}{{1,3}}(?:{_COMMA}{_DIGIT}{{3}}){groups}|{_DIGIT}+"
    mag = "[" + "".join(MAGNITUDES) + "]"
    approx = _alt(APPROX)
    if growth:  # any size: 300, 约300%, 12.5%
        number = f"(?:{integer})(?:{_POINT}{_DIGIT}+)?"
        size = f"(?:{_SPACE}{g('inner', approx)})?(?:{_SPACE}{g('pct', _PERCENT)})?"
    elif percent:
        # Leading zeros, then 100 (100.0) or one or two digits: 0, 0.5, 07, 95.5, ０１００.
        # A zero is either leading or the number itself, never both ways.
        number = (f"{_ZERO}+(?:{_POINT}{_DIGIT}+)?"
                  f"|{_ZERO}*(?:[1１]{_ZERO}{_ZERO}(?:{_POINT}{_ZERO}+)?|{_NONZERO}{_DIGIT}?(?:{_POINT}{_DIGIT}+)?)")
        size = f"(?:{_SPACE}{g('inner', approx)})?(?:{_SPACE}{g('pct', _PERCENT)})?"
    else:
        if whole:  # a fraction only where a magnitude follows: 1.39万, 2.5千余, 1.2多万
            fraction = f"{_POINT}(?:{_ZERO}+|{_DIGIT}+(?={approx}?{_SPACE}{mag}))"
        else:
            fraction = f"{_POINT}{_DIGIT}+"
        number = f"(?:{integer})(?:{fraction})?"
        # 200余 / 120多万 / 1.39万 / 3千余 (one 余 or 多, before or after the magnitude)
        size = (f"(?:{_SPACE}(?:{g('inner', approx)}(?:{_SPACE}{g('mag', mag)})?"
                f"|{g('mag2', mag)}{g('approx', approx)}?))?")
    return (f"{_EDGE}(?:{g('before', _alt((*BOUNDS, *TARGET_WORDS, *BEFORE)))}{_SPACE})?{g('num', number)}{size}"
            f"(?:{_SPACE}{g('after', _alt(AFTER))})?{_EDGE}")


_PENDING = f"{_EDGE}{_alt(re.escape(w) for w in PENDING_WORDS)}{_EDGE}"
_COMPUTE = f"{_EDGE}{COMPUTE_WORD}{_EDGE}"


def figure_pattern(*, whole: bool, percent: bool, growth: bool = False, computable: bool = False) -> str:
    """The JSON Schema `pattern` of a figure written as text (pending words included, and
    计算 for a `computable` rate)."""
    compute = f"|{_COMPUTE}" if computable else ""
    return f"^(?:{_grammar(whole=whole, percent=percent, named=False, growth=growth)}|{_PENDING}{compute})$"


def _figure_match(text: str, whole: bool, percent: bool, growth: bool = False) -> re.Match[str] | None:
    """`text` read as a figure of this kind: all of it, tried from its start only (fullmatch;
    a search would try the pattern again from every later character)."""
    return re.fullmatch(_grammar(whole=whole, percent=percent, named=True, growth=growth), text)


# A figure has at most MAX_FIGURE_DIGITS digits and a magnitude up to 亿 (or a unit's 万
# divided out), so it lies within 10^±(MAX_FIGURE_DIGITS + 8); a percentage of one by another
# within 10^(2 * (MAX_FIGURE_DIGITS + 8) + 2). Quantizing that to the clerk's decimals (at most
# MAX_FIGURE_DIGITS) needs fewer digits than this; the default 28 is not enough (27 digits:
# decimal.InvalidOperation).
_PRECISION = 4 * MAX_FIGURE_DIGITS + 40


@dataclass(frozen=True)
class Figure:
    """A figure as given: `amount` for arithmetic, `text` for printing as written.

    `pending` figures have no amount: the department has not replied yet (待补).
    `compute` figures have none either: the author wrote 计算, asking for the rate to be
    worked out from its counts and printed; the reader keeps them out of the figures.
    `approx` figures ("200余", "超过7675", "95%以上") are estimates: checks treat them
    leniently and no rate is derived from them. `text` is the number as written
    ("1.39万", "200余"); `before`/`after` are words around it and its unit (超过…, …以上).
    """

    amount: Decimal | None
    text: str
    approx: bool = False
    pending: bool = False
    derived: bool = False
    before: str = ""
    after: str = ""
    compute: bool = False

    @classmethod
    def pending_figure(cls) -> "Figure":
        return cls(amount=None, text="待补", pending=True)


class FigureError(ValueError):
    """The raw value cannot be a figure; the message is Chinese and says why."""


def parse_figure(raw: object, *, whole: bool, percent: bool, unit: str = "", growth: bool = False,
                 computable: bool = False) -> Figure:
    """Read one figure from YAML or a prompt. Raises FigureError with a Chinese reason.

    Accepts exactly the language of figure_pattern() (YAML numbers as their decimal text).
    With a unit that carries its own magnitude (万元), "1.86亿" means 1.86亿元 and its
    amount is kept in the unit's terms (18600万元). "计算" is a `compute` figure where the
    indicator is `computable` (a rate the spec can work out from two counts).
    """
    if isinstance(raw, bool) or raw is None:
        raise FigureError("应填写数字")
    if isinstance(raw, (int, float, Decimal)):
        text = _plain(Decimal(str(raw)))
    elif isinstance(raw, str):
        text = raw
        if re.fullmatch(_PENDING, text):
            return Figure.pending_figure()
        if re.fullmatch(_COMPUTE, text):
            if not computable:
                raise FigureError(f"“{COMPUTE_WORD}”只能用于能按件数算出的比率（如 行政复议纠错率），"
                                  "这一项请填写数字")
            return Figure(amount=None, text=COMPUTE_WORD, compute=True)
    else:
        raise FigureError("应填写数字")
    m = _figure_match(text, whole, percent, growth)
    if m is None:
        why = _why_not(text, raw, whole=whole, percent=percent)
        raise FigureError(why + (f"；要工具按件数算出，写“{COMPUTE_WORD}”" if computable else ""))
    groups = m.groupdict()
    num = m["num"].translate(_FULLWIDTH).replace(",", "").replace("，", "")
    digits = len(num) - ("." in num)
    if digits > MAX_FIGURE_DIGITS:  # keeps every rate and change of two figures computable (format_percent)
        raise FigureError(f"“{shorten(raw)}”有 {digits} 位数字，超过上限 {MAX_FIGURE_DIGITS} 位，请核对")
    mag = groups.get("mag") or groups.get("mag2") or ""
    amount = Decimal(num) * MAGNITUDES.get(mag, Decimal(1))
    if mag and unit[:1] in MAGNITUDES:
        amount /= MAGNITUDES[unit[:1]]
    inner, approx_word = groups.get("inner") or "", groups.get("approx") or ""
    approx = bool(m["before"] or inner or approx_word or m["after"])
    return Figure(amount=amount, text=num + inner + mag + approx_word, approx=approx,
                  before=m["before"] or "", after=m["after"] or "")


def _why_not(text: str, raw: object, *, whole: bool, percent: bool) -> str:
    """Why `text` is not a figure of this kind, in Chinese (the reason the clerk sees)."""
    if text.strip().startswith("-"):
        return "不能是负数，请填写 0 或正数"
    if percent and _figure_match(re.sub(_PERCENT, "", text), False, False):
        return f"百分比“{raw}”超过100"
    if whole and _figure_match(text, False, percent):
        return f"“{raw}”应为整数"
    return f"“{raw}”不是数字；可写 27、1.39万、200余、95%以上，还没拿到的数字写“待补”"


def rate(numerator: Figure, denominator: Figure) -> Figure | None:
    """numerator / denominator as a derived percent, or None when it cannot be computed."""
    if numerator.amount is None or denominator.amount is None or denominator.amount == 0:
        return None
    if numerator.approx or denominator.approx:
        return None
    value = numerator.amount * 100 / denominator.amount
    return Figure(amount=value, text=format_percent(value), derived=True)


def format_percent(value: Decimal, places: int = 1) -> str:
    """99.8, 100, 52.2: one decimal by default, no trailing .0."""
    q = Decimal(1).scaleb(-places)
    with localcontext() as ctx:  # room for any ratio of two figures of MAX_FIGURE_DIGITS digits
        ctx.prec = _PRECISION
        return _plain(value.quantize(q, rounding=ROUND_HALF_UP))


def format_figure(figure: Figure, unit: str) -> str:
    """The figure with its unit as it reads in the text: 27件, 99.8%, 1.39万人次, 200余场次."""
    if figure.pending:
        raise ValueError("pending figures are rendered as placeholders by the composer")
    if unit[:1] in MAGNITUDES and any(c in figure.text for c in MAGNITUDES):
        unit = unit[1:]  # "1.86亿" + "万元" -> 1.86亿元
    return f"{figure.before}{figure.text}{unit}{figure.after}"  # 超过7675人, 200余场次, 95%以上


def _plain(d: Decimal) -> str:
    """Decimal without exponent or trailing zeros: 27, 99.8, 0.5."""
    return format(d.normalize(), "f")
