"""Who is asked for which figure, in this county's words.

The spec says which office usually holds each indicator (structure/standard.yaml
`offices`, each indicator's `office`). A county's input may rename an office or send one
indicator to another office (`offices:` in its YAML):

    offices:
      政务服务管理局: 县行政审批服务局     # rename (two offices renamed alike become one form)
      legal_aid_cases: 县法律援助中心     # this figure goes to another office
      public_requests: 信访局             # ... which may be a spec office (renamed as above)

Which figures a report asks for: those it has this year (a number or 待补) and those last
year's report had; `status` calls a requested figure owed while it is 待补 or absent, unless
the composer can compute it (a rate whose counts are given).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fazhi_draft.figures.relations import derive
from fazhi_draft.structure import Indicator, Spec


@dataclass(frozen=True)
class Desk:
    """An office as this county names it, and what the spec says it covers."""

    name: str
    note: str = ""


def assignment(spec: Spec, overrides: Mapping[str, str]) -> dict[str, str]:
    """Indicator key -> the name of the office (as this county names it) that holds it."""
    rename = {o.name: overrides.get(o.name, o.name) for o in spec.offices}
    out = {}
    for key, ind in spec.indicators.items():
        target = overrides.get(key)
        out[key] = rename.get(target, target) if target else rename[spec.office(ind.office).name]
    return out


def desks(spec: Spec, overrides: Mapping[str, str]) -> dict[str, Desk]:
    """Office name -> Desk, in the spec's order of offices (a county's own office last)."""
    out: dict[str, Desk] = {}
    for office in spec.offices:
        name = overrides.get(office.name, office.name)
        if name in out:  # two spec offices renamed alike: one office here
            note = "；".join(n for n in (out[name].note, office.note) if n)
            out[name] = Desk(name, note)
        else:
            out[name] = Desk(name, office.note)
    for name in assignment(spec, overrides).values():
        out.setdefault(name, Desk(name))
    return out


def requested(spec: Spec, this_year: Mapping[str, Mapping], last_year: Mapping[str, Mapping] | None) -> list[str]:
    """The spec indicators a report asks for, in spec order: given this year (a number or
    待补) or last year. The mappings are section key -> {indicator key: Figure}."""
    keys = {k for figs in this_year.values() for k in figs}
    keys |= {k for figs in (last_year or {}).values() for k in figs}
    return [k for k in spec.indicators if k in keys]


def owed(spec: Spec, this_year: Mapping[str, Mapping], last_year: Mapping[str, Mapping] | None) -> list[tuple[str, str]]:
    """(indicator key, 待补 or 未报) for each requested figure still missing, in spec order.
    A rate the composer computes from this year's counts is not missing."""
    have: dict[str, object] = {}
    for section in spec.sections:
        given = this_year.get(section.key)
        if given:
            have.update(derive(section, given))
    out = []
    for key in requested(spec, this_year, last_year):
        fig = have.get(key)
        if fig is None:
            out.append((key, "未报"))
        elif getattr(fig, "pending", False):
            out.append((key, "待补"))
    return out


def by_office(keys: Iterable[str], spec: Spec, overrides: Mapping[str, str]) -> dict[str, list[Indicator]]:
    """The indicators of `keys` grouped by office (offices in the spec's order)."""
    who = assignment(spec, overrides)
    groups: dict[str, list[Indicator]] = {name: [] for name in desks(spec, overrides)}
    for key in keys:
        groups[who[key]].append(spec.indicator(key))
    return {name: inds for name, inds in groups.items() if inds}


# Characters Windows refuses in a file name, and names it reserves whatever the ending.
_BAD_IN_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = re.compile(r"^(?:CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])$", re.IGNORECASE)


def file_stem(office: str) -> str:
    """`office` as a file name that Windows accepts: 县司法局, 人大常委会办公室."""
    stem = _BAD_IN_NAME.sub("_", office).strip().rstrip(". ")
    if not stem or _RESERVED.match(stem):
        stem = f"_{stem}"
    return stem[:80]
