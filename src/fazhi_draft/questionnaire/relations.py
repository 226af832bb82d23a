"""Relations between a section's figures, judged at the prompt as soon as they can be.

The person is asked "确定吗？" right after typing a figure that breaks a relation, while the
source is still at hand, rather than in the checker's report at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from fazhi_draft.numbers import Figure, FigureError, format_figure, parse_figure, rate, stated_places
from fazhi_draft.questionnaire.state import SectionState
from fazhi_draft.structure import NotMoreThan, RateOf, Section, SumOf


@dataclass(frozen=True)
class Problem:
    """A relation between figures that does not hold, worded for the person at the prompt."""

    message: str
    keys: tuple[str, ...]  # the figures one may re-enter, the newly answered first
    signatures: tuple  # once the person keeps it, a problem sharing any of these is not asked again


def parsed_figures(section: Section, sec: SectionState | None) -> dict[str, Figure]:
    """The section's answered figures, parsed; figures that do not parse are left out."""
    inds = {i.key: i for i in section.indicators}
    out = {}
    for k, text in (sec or SectionState()).figures.items():
        ind = inds.get(k)
        try:
            out[k] = parse_figure(text, whole=False, percent=ind is not None and ind.kind == "percent",
                                  unit=ind.unit if ind else "")
        except FigureError:
            continue
    return out


def _rough(fig: Figure) -> bool:
    """Lower bounds (200余) and rounded figures (1.39万) never raise an equality alarm."""
    return fig.approx or any(c in fig.text for c in "万亿")


def relation_problems(section: Section, figures: dict[str, Figure], touched: set[str]) -> list[Problem]:
    """Every relation of `section` involving a `touched` figure that the known figures break.

    Generic over the spec's relation kinds (not_more_than chains, sums, rates); a relation
    is judged only once the figures it needs are known (pending and absent ones are not).
    """
    inds = {i.key: i for i in section.indicators}

    def known(key: str) -> Figure | None:
        fig = figures.get(key)
        return fig if fig is not None and fig.amount is not None else None

    def said(key: str) -> str:
        return f"{inds[key].label}（{format_figure(figures[key], inds[key].unit)}）"

    def why(rel: Any) -> str:
        return f"（{rel.why}）" if rel.why else ""

    out: list[Problem] = []
    for n, rel in enumerate(section.relations):
        if isinstance(rel, NotMoreThan):
            for i, big in enumerate(rel.chain):
                for small in rel.chain[i + 1:]:
                    a, b = known(big), known(small)
                    if a is None or b is None or not ({big, small} & touched):
                        continue
                    if b.amount > a.amount and not a.approx:
                        first = (small, big) if small in touched else (big, small)
                        out.append(Problem(f"{said(small)}多于{said(big)}{why(rel)}，确定吗？", first,
                                           (frozenset({(big, a.text), (small, b.text)}),)))
        elif isinstance(rel, SumOf):
            keys = [rel.total, *rel.parts]
            if not set(keys) & touched:
                continue
            total = known(rel.total)
            parts = [(k, known(k)) for k in rel.parts]
            given = [(k, f) for k, f in parts if f is not None]
            if total is None or not given:
                continue
            added = sum((f.amount for _, f in given), Decimal(0))
            names = "、".join(inds[k].label for k, _ in given[:3]) + (f"等{len(given)}项" if len(given) > 3 else "")
            unit = inds[rel.total].unit
            shown = f"{names}相加为{_plain(added)}{unit}"
            # the figures involved, with their values; and for "exceeds", this total: once kept, adding
            # more parts (which only exceed it further) does not ask again
            sig = (frozenset({(rel.total, total.text), *((k, f.text) for k, f in given)}),
                   ("exceeds", n, total.text))
            order = tuple(dict.fromkeys([*(k for k in keys if k in touched), rel.total, *(k for k, _ in given)]))
            if added > total.amount and not total.approx:
                out.append(Problem(f"{shown}，超过了{said(rel.total)}{why(rel)}，确定吗？", order, sig))
            elif (not rel.partial and len(given) == len(parts) and added != total.amount
                  and not _rough(total) and not any(_rough(f) for _, f in given)):
                out.append(Problem(f"{shown}，与{said(rel.total)}不一致{why(rel)}，确定吗？", order, sig[:1]))
        elif isinstance(rel, RateOf):
            keys = [rel.rate, rel.numerator, rel.denominator]
            if not set(keys) & touched:
                continue
            stated, num, den = known(rel.rate), known(rel.numerator), known(rel.denominator)
            if stated is None or num is None or den is None or _rough(num) or _rough(den):
                continue
            computed = rate(num, den)
            if computed is None:
                continue
            places = stated_places(stated)
            tolerance = Decimal(5).scaleb(-(places + 1)) + Decimal("0.000001")
            if abs(stated.amount - computed.amount) > tolerance:
                order = tuple(dict.fromkeys([*(k for k in keys if k in touched), *keys]))
                out.append(Problem(
                    f"{inds[rel.rate].label}填的是{stated.text}%，按{said(rel.numerator)}÷{said(rel.denominator)}"
                    f"计算应为{computed.text}%，确定吗？", order,
                    (frozenset({(rel.rate, stated.text), (rel.numerator, num.text), (rel.denominator, den.text)}),)))
    return out


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f")


def derived_rate(section: Section, key: str, figures: dict[str, Figure]) -> str | None:
    """The rate `key` as computed from its counts, when both are known (shown as a hint);
    None when `key` is no rate, a count is missing or rough, or the rate cannot be computed."""
    for rel in section.relations:
        if isinstance(rel, RateOf) and rel.rate == key:
            num, den = figures.get(rel.numerator), figures.get(rel.denominator)
            if num is not None and den is not None and not _rough(num) and not _rough(den):
                computed = rate(num, den)
                return computed.text if computed else None
    return None
