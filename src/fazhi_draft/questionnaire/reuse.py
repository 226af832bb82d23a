"""Last year's file as this year's defaults: finding it, its figures as written, its years moved on.

Last year's YAML is only ever a source of defaults: its figures are offered as written
(95%以上 stays so) and years in its text that probably mean "this year" are offered shifted,
each change shown first; which years those are is read as the checker reads them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fazhi_draft.errors import UserError
from fazhi_draft.input.model import figure_holders, section_path
from fazhi_draft.questionnaire.progress import is_progress_file
from fazhi_draft.questionnaire.state import figure_text
from fazhi_draft.structure import Part, Spec
from fazhi_draft.input.load import Loaded, load_report

def find_last_year(folder: Path, exclude: Path) -> Loaded | None:
    """The newest report YAML in `folder` (highest year, then newest file); None if none loads."""
    files = [p for p in folder.glob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
             and not is_progress_file(p) and p.resolve() != exclude.resolve()]
    files.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    best: tuple[int, float, Loaded] | None = None
    for path in files[:12]:
        try:
            loaded = load_report(path)
        except UserError:
            continue
        rank = (loaded.report.meta.year, path.stat().st_mtime, loaded)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


def reused_from(path: Path, folder: Path) -> str:
    """`path` as `meta.reused_from` records it: relative to the output's folder where possible."""
    try:
        return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return str(path.resolve())


def last_figure(last: Loaded | None, spec: Spec, section_key: str, key: str) -> str | None:
    """Last year's figure as written in its YAML (not re-formatted: 95%以上 stays so);
    None without a last year's file or when it has no such figure."""
    if not last:
        return None
    if key in spec.indicators:  # a figure is the same figure wherever last year's author put it
        section_key = figure_holders(last.report).get(key, section_key)
    if section_key not in last.report.sections:
        return None
    node: Any = last.tree
    for step in (*section_path(last.report, spec, section_key), "figures"):
        node = node.get(step) if isinstance(node, dict) else None
    value = node.get(key) if isinstance(node, dict) else None
    if isinstance(value, dict):  # a custom figure: {label, value, unit}
        value = value.get("value")
    return figure_text(value) if value is not None else None


def year_map(last_year: int, year: int, part: Part) -> dict[int, int]:
    """Which years in last year's text probably mean "this year": last year's report year,
    and in a part about the next year (its title has {next_year}) also last year's next year."""
    shift = {last_year: year}
    if "{next_year}" in part.title:
        shift = {last_year + 1: year + 1, **shift}
    return {old: new for old, new in shift.items() if old != new}


@dataclass(frozen=True)
class YearChange:
    """One year in last year's text that meant "now" then, and what it becomes."""

    start: int  # where its digits stand
    end: int
    old: int
    new: int

    def shown(self, text: str, around: int = 14) -> str:
        """The change in its context: ……审议通过《桐溪县【2024年→2025年】法治政府建设工作要点》……"""
        rest = text.find("年", self.end) + 1  # past the 年
        line_start = text.rfind("\n", 0, self.start) + 1
        line_end = text.find("\n", rest) if "\n" in text[rest:] else len(text)
        left, right = max(line_start, self.start - around), min(line_end, rest + around)
        return (("……" if left > line_start else "") + text[left:self.start] + f"【{self.old}年→{self.new}年】"
                + text[rest:right] + ("……" if right < line_end else ""))


def year_changes(text: str, shift: dict[int, int], *, plans_year: int | None = None) -> list[YearChange]:
    """Where last year's `text` names a year of `shift` (one that meant "this year" or "next
    year" when it was written) as a single year, read as the checker reads years
    (check/text.py): a period (《纲要（2021—2025年）》) or a look back (2015年以来) is never
    changed. In plans (`plans_year`: this year's report year) only the years the checker's
    FZ401 would flag in this year's plans are changed."""
    from fazhi_draft.check.text import stale_in_plans, year_mentions  # the checker's one reading of years

    out = []
    for mention in year_mentions(text):
        if mention.last is not None or mention.tail or mention.first not in shift:
            continue
        if plans_year is not None and not stale_in_plans(mention, plans_year):
            continue
        out.append(YearChange(*mention.span, mention.first, shift[mention.first]))
    return out


def years_found(text: str, shift: dict[int, int], *, plans_year: int | None = None) -> list[tuple[int, int]]:
    """The (old, new) pairs of `shift` that year_changes would make in `text`."""
    found = {c.old for c in year_changes(text, shift, plans_year=plans_year)}
    return [(old, new) for old, new in shift.items() if old in found]


def shift_years(text: str, shift: dict[int, int], *, plans_year: int | None = None) -> str:
    """`text` with the changes of year_changes made."""
    for c in reversed(year_changes(text, shift, plans_year=plans_year)):
        text = text[:c.start] + str(c.new) + text[c.end:]
    return text
