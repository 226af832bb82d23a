"""What goes on a form, before any spreadsheet library is involved: one `Form` per office,
one `Row` per figure asked for. `make.py` lays it out as .xlsx; tests read it back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fazhi_draft.errors import UserError
from fazhi_draft.forms import adapter
from fazhi_draft.forms.offices import Desk, assignment, by_office, desks, requested
from fazhi_draft.structure import RateOf, Spec

FILLED = "已填"  # the report already has it (shown; change it only if it is wrong)
PENDING = "待补"  # the report waits for it
OPTIONAL = "可不填"  # a rate the tool computes from counts on this form


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    unit: str
    hint: str
    scope: str
    last: str  # last year's figure as written ('' when none)
    current: str  # this year's figure as written in the report ('' when none or 待补)
    state: str  # FILLED, PENDING, OPTIONAL or ''
    whole: bool
    percent: bool


@dataclass
class Form:
    office: Desk
    organ: str
    year: int
    rows: list[Row] = field(default_factory=list)
    deadline: dt.date | None = None
    contact: str = ""


def plan(spec: Spec, loaded: Any, prior: Any | None, *, everything: bool = False,
         only: tuple[str, ...] = (), deadline: dt.date | None = None, contact: str | None = None) -> list[Form]:
    """The forms for a report (`loaded`, with its tree) and last year's (`prior`, or None).

    Rows: the figures the report asks for (offices.requested), wherever the report (or last
    year's) has them: any section's `figures:` block, or marked in a text (【27】, 【待补】);
    `everything`: every indicator of the sections the report has (a section of the author's
    own counts as its `like:`; all sections when it has none yet). `only`: office names.
    """
    report = loaded.report
    # every figure wherever it stands: any section's block, or marked in a text (【27】, 【待补】)
    this_year = adapter.figures_by_home(report, spec)
    last_year = adapter.figures_by_home(prior.report, spec) if prior else None
    keys = requested(spec, this_year, last_year)
    if everything:
        chosen = {adapter.counts_as(report, spec, k) for k in report.sections} | set(this_year)
        wide = {i.key for s in spec.sections if not chosen or s.key in chosen for i in s.indicators}
        keys = [k for k in spec.indicators if k in wide or k in set(keys)]
    if not keys:
        raise UserError("没有要报送的数字：报告中还没有数字，也没有去年的文件", file=loaded.path,
                        fix="用 --prior 指明去年的 YAML，或加 --all 列出报告各小节的全部指标")
    overrides = report.offices
    names = desks(spec, overrides)
    groups = by_office(keys, spec, overrides)
    if only:
        unknown = [o for o in only if o not in names]
        if unknown:
            raise UserError(f"没有这个部门：{'、'.join(unknown)}", fix=f"可用的有：{'、'.join(groups)}")
        groups = {n: g for n, g in groups.items() if n in only}
        if not groups:
            raise UserError(f"{'、'.join(only)}没有要报送的数字", file=loaded.path,
                            fix="加 --all 列出报告各小节的全部指标")
    home = {i.key: s for s in spec.sections for i in s.indicators}
    given = {k: f for figs in this_year.values() for k, f in figs.items()}
    forms = []
    for name, inds in groups.items():
        form = Form(office=names[name], organ=report.meta.organ, year=report.meta.year, deadline=deadline,
                    contact=contact or report.meta.contact or "")
        on_form = {i.key for i in inds}
        asked = set(keys)
        for ind in inds:
            section = home[ind.key]
            now = adapter.written_at(loaded, spec, ind.key)
            fig = given.get(ind.key)
            state = PENDING if fig is not None and fig.pending else FILLED if fig is not None else ""
            hint = ind.hint
            rate = next((r for r in section.relations if isinstance(r, RateOf) and r.rate == ind.key), None)
            if rate is not None and {rate.numerator, rate.denominator} <= asked:
                num, den = spec.indicator(rate.numerator).label, spec.indicator(rate.denominator).label
                hint = f"可不填：由工具按“{num}”÷“{den}”计算。{hint}"
                if not state and {rate.numerator, rate.denominator} <= on_form:
                    state = OPTIONAL
            form.rows.append(Row(
                key=ind.key, label=ind.label, unit=ind.unit, hint=hint, scope=ind.scope,
                last=adapter.written_at(prior, spec, ind.key) if prior else "",
                current="" if state == PENDING else now, state=state, whole=ind.whole,
                percent=ind.kind == "percent"))
        forms.append(form)
    return forms


__all__ = ["Form", "Row", "plan", "assignment", "FILLED", "PENDING", "OPTIONAL"]
