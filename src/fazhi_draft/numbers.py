"""Figures: reading what a clerk typed and writing numbers the Chinese way.

One place parses ("27", "２７", "1.39万", "200余", "待补") and one place formats
(27件, 99.8%, 1.39万人次). Derived rates are computed here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from fazhi_draft.errors import shorten
from fazhi_draft.limits import MAX_FIGURE_DIGITS

PENDING_WORDS = ("待补", "?", "？")

_FULLWIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")
# The forms real reports use: 27, 1.39万, 200余, 120多万, 3千余, 超过7675, 近5万, 95%以上.
_NUMBER = re.compile(
    r"^(?P<before>超过|逾|近|约)?(?P<num>\d+(?:\.\d+)?)(?P<inner>余|多)?(?P<mag>[千万亿])?"
    r"(?P<approx>余|多)?(?P<pct>%)?(?P<after>以上|左右)?$")
_MAGNITUDE = {"千": Decimal(1_000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
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

    @classmethod
    def pending_figure(cls) -> "Figure":
        return cls(amount=None, text="待补", pending=True)


class FigureError(ValueError):
    """The raw value cannot be a figure; the message is Chinese and says why."""


def parse_figure(raw: object, *, whole: bool, percent: bool, unit: str = "") -> Figure:
    """Read one figure from YAML or a prompt. Raises FigureError with a Chinese reason.

    With a unit that carries its own magnitude (万元), "1.86亿" means 1.86亿元 and its
    amount is kept in the unit's terms (18600万元).
    """
    if isinstance(raw, bool) or raw is None:
        raise FigureError("应填写数字")
    if isinstance(raw, (int, float, Decimal)):
        text = _plain(Decimal(str(raw)))
    elif isinstance(raw, str):
        text = raw.strip().translate(_FULLWIDTH).replace(",", "").replace(" ", "")
        if text in PENDING_WORDS:
            return Figure.pending_figure()
    else:
        raise FigureError("应填写数字")
    m = _NUMBER.match(text)
    if not m or (m["pct"] and not percent):
        if text.startswith("-"):
            raise FigureError("不能是负数，请填写 0 或正数")
        raise FigureError(f"“{raw}”不是数字；可写 27、1.39万、200余、95%以上，还没拿到的数字写“待补”")
    digits = len(m["num"]) - ("." in m["num"])
    if digits > MAX_FIGURE_DIGITS:  # keeps every rate and change of two figures computable (format_percent)
        raise FigureError(f"“{shorten(raw)}”有 {digits} 位数字，超过上限 {MAX_FIGURE_DIGITS} 位，请核对")
    amount = Decimal(m["num"]) * _MAGNITUDE.get(m["mag"] or "", Decimal(1))
    if m["mag"] and unit[:1] in _MAGNITUDE:
        amount /= _MAGNITUDE[unit[:1]]
    if whole and m["mag"] is None and amount != amount.to_integral_value():
        raise FigureError(f"“{raw}”应为整数")
    if percent and amount > 100:
        raise FigureError(f"百分比“{raw}”超过100")
    approx = any(m[g] for g in ("before", "inner", "approx", "after"))
    number = m["num"] + (m["inner"] or "") + (m["mag"] or "") + (m["approx"] or "")
    return Figure(amount=amount, text=number, approx=approx, before=m["before"] or "",
                  after=m["after"] or "")


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


def stated_places(figure: Figure) -> int:
    """How many decimals the clerk wrote (99.51 -> 2), for rate tolerance."""
    return len(figure.text.split(".")[1]) if "." in figure.text else 0


def format_figure(figure: Figure, unit: str) -> str:
    """The figure with its unit as it reads in the text: 27件, 99.8%, 1.39万人次, 200余场次."""
    if figure.pending:
        raise ValueError("pending figures are rendered as placeholders by the composer")
    if unit[:1] in _MAGNITUDE and any(c in figure.text for c in _MAGNITUDE):
        unit = unit[1:]  # "1.86亿" + "万元" -> 1.86亿元
    return f"{figure.before}{figure.text}{unit}{figure.after}"  # 超过7675人, 200余场次, 95%以上


def _plain(d: Decimal) -> str:
    """Decimal without exponent or trailing zeros: 27, 99.8, 0.5."""
    return format(d.normalize(), "f")
