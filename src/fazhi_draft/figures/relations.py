"""What a relation between figures means: the one implementation used by `check`, by the
questionnaire (as soon as a figure is typed) and by the composer's derived rates.

The relations themselves are data (structure/standard.yaml: `not_more_than` chains, `sum`
breakdowns, `rate`s). Here is what each one demands of the figures given, read as the
range of values each figure can stand for, so rounding and estimates never raise a false
alarm:
  27 (a count) -> exactly 27; 45.2万 -> 451,500 to 452,500; 99.5 (a percent) -> 99.45 to
  99.55; 200余 / 超过200 / 200以上 -> 200 or more; 近200 -> up to 200; 约200 -> anything.
A relation is broken only when no values inside those ranges could satisfy it.

`broken()` says which relations of a section the figures break, each as a `Broken` record
naming the kind of break (each of the checker's FZ2xx rules reports one kind), the figure
it is reported at, the figures involved and the numbers a message needs; the checker and
the questionnaire only word it.

Breakdowns that fall short of their total (issue 15 item 6): when every part of a full
(not `partial`) sum is stated (its `local` parts aside), the shortfall is a slip (PARTS_SHORT, with the difference).
When only some parts are stated (two or more), or the list is partial by nature, a part
may simply be missing: PARTS_MISSING asks "是否漏写一类？". A caller that knows the author
listed the breakdown as complete (a finished report's prose stating the total and its
parts in one paragraph) passes that relation's index in `closed`: the parts the author did
not list then count as zero, i.e. every part is stated. `derive()` adds the rates the author
did not state (for the composer only those the author asks to have printed).
Light: numbers and the spec model only (the checker's cold start imports this).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Container, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fazhi_draft.figures.numbers import Figure, format_percent, rate
from fazhi_draft.structure import Indicator, NotMoreThan, RateOf, Section, SumOf

INF = Decimal("Infinity")
_MAG = {"千": Decimal(1_000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_TEXT = re.compile(r"^(?P<num>\d+(?:\.(?P<dec>\d+))?)(?:余|多)?(?P<mag>[千万亿])?")
_AT_LEAST = ("余", "多", "超过", "逾", "以上", "不低于", "不少于", "高于", "力争")  # at least that much

# The kinds of break (Broken.kind).
EXCEEDS_EARLIER = "exceeds-earlier"  # a later figure of a not_more_than chain exceeds an earlier one
PARTS_EXCEED = "parts-exceed"  # a sum's given parts add up to more than its total
PARTS_SHORT = "parts-short"  # every part of a full sum stated, adding up to less than the total
PARTS_MISSING = "parts-missing"  # two or more parts stated, short of the total: a category left out?
RATE_MISMATCH = "rate-mismatch"  # a stated rate is not numerator / denominator
RATE_WITHOUT_BASE = "rate-without-base"  # a rate stated over a denominator of 0


def bounds(fig: Figure, ind: Indicator) -> tuple[Decimal, Decimal]:
    """The smallest and largest value `fig` can stand for, in the indicator's unit."""
    assert fig.amount is not None
    m = _TEXT.match(fig.text)
    places = len(m["dec"] or "") if m else 0
    mag = _MAG.get(m["mag"] or "", Decimal(1)) if m else Decimal(1)
    if m and m["mag"] and ind.unit[:1] in _MAG:  # 1.86亿 in a 万元 figure
        mag /= _MAG[ind.unit[:1]]
    if ind.whole and mag == 1:
        half = Decimal(0)  # a count written out in full is exact
    else:
        half = Decimal(1).scaleb(-places) * mag / 2  # rounded to the last digit written
    lo, hi = max(fig.amount - half, Decimal(0)), fig.amount + half
    if fig.approx:
        words = fig.text + fig.before + fig.after
        if any(w in words for w in _AT_LEAST):
            return fig.amount, INF
        if fig.before == "近":
            return Decimal(0), hi
        return Decimal(0), INF  # 约, 左右: could be either side
    return lo, hi


def usable(fig: Figure | None) -> bool:
    """A figure a relation can judge: given, not pending (待补)."""
    return fig is not None and not fig.pending and fig.amount is not None


@dataclass(frozen=True)
class Broken:
    """One relation the figures break.

    `kind`: what breaks (EXCEEDS_EARLIER ...); `anchor`: the figure it is reported at (the
    later figure of a chain, a sum's total, the rate); `keys`: every figure involved;
    `values`: what a message needs (Decimals: `sum`, `computed`; `places` of a stated rate;
    `earlier` for a chain: the figure it exceeds; `given`: the parts of a sum that were given).
    """

    kind: str
    index: int  # the relation's position in its section
    relation: Any
    anchor: str
    keys: tuple[str, ...]
    values: dict[str, Any] = field(default_factory=dict, compare=False)


def broken(section: Section, figures: Mapping[str, Figure],
           indicators: Mapping[str, Indicator] | None = None, closed: Collection[int] = ()) -> list[Broken]:
    """Every relation of `section` that `figures` (key -> Figure; pending and absent ones are
    not judged) break, in the order of the section's relations. `closed`: indexes of sum
    relations whose stated parts the author gave as the complete breakdown (see above)."""
    inds = indicators if indicators is not None else {i.key: i for i in section.indicators}

    def get(key: str) -> tuple[Figure, Indicator] | None:
        fig = figures.get(key)
        return (fig, inds[key]) if usable(fig) else None

    def lo(key: str) -> Decimal:
        return bounds(*get(key))[0]

    def hi(key: str) -> Decimal:
        return bounds(*get(key))[1]

    out: list[Broken] = []
    for n, rel in enumerate(section.relations):
        if isinstance(rel, NotMoreThan):
            out.extend(_chain(n, rel, [k for k in rel.chain if get(k) is not None], lo, hi))
        elif isinstance(rel, SumOf):
            out.extend(_sum(section, n, rel, get, lo, hi, n in closed))
        elif isinstance(rel, RateOf):
            out.extend(_rate(n, rel, get))
    return out


def _chain(n: int, rel: NotMoreThan, present: list[str], lo, hi) -> list[Broken]:  # noqa: ANN001
    """A later figure of the chain exceeds an earlier one. Of the pairs that break, those
    implied by a broken pair in between are left out (30 > 20 > 10 says two things, not three)."""

    def exceeds(i: int, j: int) -> bool:
        return lo(present[j]) > hi(present[i])

    out = []
    for j in range(1, len(present)):
        for i in range(j):
            if exceeds(i, j) and not any(exceeds(i, k) or exceeds(k, j) for k in range(i + 1, j)):
                big, small = present[i], present[j]
                out.append(Broken(EXCEEDS_EARLIER, n, rel, small, (big, small), {"earlier": big}))
    return out


def _chained(section: Section, total: str, part: str) -> bool:
    """True when a not_more_than chain of the section puts `total` before `part`."""
    return any(isinstance(rel, NotMoreThan) and total in rel.chain and part in rel.chain
               and rel.chain.index(total) < rel.chain.index(part) for rel in section.relations)


def _sum(section: Section, n: int, rel: SumOf, get, lo, hi, closed: bool) -> list[Broken]:  # noqa: ANN001
    if get(rel.total) is None:
        return []
    given = tuple(k for k in rel.parts if get(k) is not None)
    if not given:
        return []
    keys = (rel.total, *given)
    low = sum((lo(k) for k in given), Decimal(0))
    high = sum((hi(k) for k in given), Decimal(0))
    top = hi(rel.total)
    if low > top:
        if any(_chained(section, rel.total, k) and lo(k) > top for k in given):
            return []  # one part alone exceeds the total: the chain already says so
        return [Broken(PARTS_EXCEED, n, rel, rel.total, keys, {"sum": low, "given": given})]
    if high < lo(rel.total):
        short = {"sum": high, "given": given, "difference": lo(rel.total) - high}
        if not rel.partial and (closed or all(k in given for k in rel.parts if k not in rel.local)):
            return [Broken(PARTS_SHORT, n, rel, rel.total, keys, short)]
        if len(given) >= 2:
            return [Broken(PARTS_MISSING, n, rel, rel.total, keys, short)]
    return []


def _rate(n: int, rel: RateOf, get) -> list[Broken]:  # noqa: ANN001
    keys = (rel.rate, rel.numerator, rel.denominator)
    got = [get(k) for k in keys]
    if got[0] is not None and got[2] is not None:
        (rf, _), (df, _) = got[0], got[2]
        if not df.approx and df.amount == 0:
            return [Broken(RATE_WITHOUT_BASE, n, rel, rel.rate, (rel.rate, rel.denominator))]
    if any(g is None for g in got):
        return []
    (rf, ri), (nf, ni), (df, di) = got
    (nlo, nhi), (dlo, dhi) = bounds(nf, ni), bounds(df, di)
    if INF in (nhi, dhi) or dlo <= 0 or rf.approx:
        return []
    # The stated rate may be rounded or cut off at its last digit (both are seen in
    # published reports: 8454/8495 = 99.517% printed as 99.51%), so it stands for
    # [r - half a unit, r + one unit).
    places = len(rf.text.split(".")[1]) if "." in rf.text else 0
    unit = Decimal(1).scaleb(-places)
    rlo, rhi = rf.amount - unit / 2, rf.amount + unit
    if rhi <= nlo * 100 / dhi or rlo > nhi * 100 / dlo:
        computed = nf.amount * 100 / df.amount
        return [Broken(RATE_MISMATCH, n, rel, rel.rate, keys,
                       {"computed": computed, "places": places,
                        "computed_text": format_percent(computed, max(places, 1))})]
    return []


# ---------------------------------------------------------------- derived rates
def derived_rate(rel: RateOf, figures: Mapping[str, Figure]) -> Figure | None:
    """The rate `rel` computed from its counts (one decimal), or None when a count is absent,
    pending or an estimate, or the denominator is 0. `broken()` never finds a rate stated
    as this value broken."""
    num, den = figures.get(rel.numerator), figures.get(rel.denominator)
    if not (usable(num) and usable(den)):
        return None
    return rate(num, den)


def computable_rates(section: Section) -> tuple[str, ...]:
    """The rates of `section` that can be worked out from two of its counts (its `rate`
    relations, in their order): the indicators a figure may give as 计算."""
    return tuple(rel.rate for rel in section.relations if isinstance(rel, RateOf))


def derive(section: Section, given: Mapping[str, Figure],
           only: Container[str] | None = None) -> dict[str, Figure]:
    """Given figures plus rates computed from their counts where the rate is not given:
    every such rate (the checker, forms, the year-on-year table), or those in `only` (the
    composer prints a derived rate only where the author asks for it)."""
    figures = dict(given)
    for rel in section.relations:
        if isinstance(rel, RateOf) and rel.rate not in figures and (only is None or rel.rate in only):
            computed = derived_rate(rel, figures)
            if computed is not None:
                figures[rel.rate] = computed
    return figures
