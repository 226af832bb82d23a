"""Relations between a section's figures, judged at the prompt as soon as they can be.

The person is asked "确定吗？" right after typing a figure that breaks a relation, while the
source is still at hand, rather than in the checker's report at the end. What "breaks"
means is not decided here: fazhi_draft.figures.relations judges, for the checker too, so the
questionnaire never asks about what `check` accepts, nor lets pass what it reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fazhi_draft.figures import relations as R
from fazhi_draft.figures.numbers import Figure, FigureError, format_figure, parse_figure
from fazhi_draft.questionnaire.state import SectionState
from fazhi_draft.structure import RateOf, Section


@dataclass(frozen=True)
class Problem:
    """A relation between figures that does not hold, worded for the person at the prompt."""

    message: str
    keys: tuple[str, ...]  # the figures one may re-enter, the newly answered first
    signatures: tuple  # once the person keeps it, a problem sharing any of these is not asked again
    broken: R.Broken | None = None  # what fazhi_draft.figures.relations found (its kind, anchor, figures)


def parsed_figures(section: Section, sec: SectionState | None) -> dict[str, Figure]:
    """The section's answered figures, parsed as the YAML reader parses them; figures that
    do not parse are left out."""
    inds = {i.key: i for i in section.indicators}
    out = {}
    for k, text in (sec or SectionState()).figures.items():
        ind = inds.get(k)
        if ind is None:
            continue
        try:
            out[k] = parse_figure(text, whole=False, percent=ind.kind == "percent", unit=ind.unit,
                                  growth=ind.kind == "growth")
        except FigureError:
            continue
    return out


def relation_problems(section: Section, figures: dict[str, Figure], touched: set[str]) -> list[Problem]:
    """Every relation of `section` involving a `touched` figure that the known figures break."""
    inds = {i.key: i for i in section.indicators}

    def said(key: str) -> str:
        return f"{inds[key].label}（{format_figure(figures[key], inds[key].unit)}）"

    def why(rel) -> str:  # noqa: ANN001
        return f"（{rel.why}）" if rel.why else ""

    def first(*keys: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*(k for k in keys if k in touched), *keys]))

    def seen(*keys: str) -> frozenset:
        return frozenset((k, figures[k].text) for k in keys)

    out: list[Problem] = []
    for b in R.broken(section, figures, inds):
        if not set(b.keys) & touched:
            continue
        rel = b.relation
        if b.kind == R.EXCEEDS_EARLIER:
            big, small = b.keys
            out.append(Problem(f"{said(small)}多于{said(big)}{why(rel)}，确定吗？", first(small, big),
                               (seen(big, small),), b))
        elif b.kind in (R.PARTS_EXCEED, R.PARTS_SHORT):
            given = b.values["given"]
            names = "、".join(inds[k].label for k in given[:3]) + (f"等{len(given)}项" if len(given) > 3 else "")
            added = sum((figures[k].amount for k in given), Decimal(0))
            shown = f"{names}相加为{_plain(added)}{inds[rel.total].unit}"
            keys = first(*b.keys)
            if b.kind == R.PARTS_EXCEED:
                # once kept, adding more parts (which only exceed this total further) does not ask again
                out.append(Problem(f"{shown}，超过了{said(rel.total)}{why(rel)}，确定吗？", keys,
                                   (seen(*b.keys), ("exceeds", b.index, figures[rel.total].text)), b))
            else:
                out.append(Problem(f"{shown}，与{said(rel.total)}不一致{why(rel)}，确定吗？", keys,
                                   (seen(*b.keys),), b))
        elif b.kind == R.RATE_MISMATCH:
            out.append(Problem(
                f"{inds[rel.rate].label}填的是{figures[rel.rate].text}%，按{said(rel.numerator)}÷"
                f"{said(rel.denominator)}计算应为{b.values['computed_text']}%，确定吗？", first(*b.keys),
                (seen(*b.keys),), b))
        elif b.kind == R.RATE_WITHOUT_BASE:
            out.append(Problem(f"{said(rel.denominator)}为 0，却填了{said(rel.rate)}，确定吗？",
                               first(rel.rate, rel.denominator), (seen(*b.keys),), b))
    return out


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f")


def derived_rate(section: Section, key: str, figures: dict[str, Figure]) -> str | None:
    """The rate `key` as the composer would compute it from this year's counts (its text,
    e.g. '98.4'); None when `key` is no rate or it cannot be computed."""
    for rel in section.relations:
        if isinstance(rel, RateOf) and rel.rate == key:
            computed = R.derived_rate(rel, figures)
            return computed.text if computed is not None else None
    return None
