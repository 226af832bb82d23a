"""Last year's file as this year's defaults: finding it, its figures as written, its years moved on.

Last year's YAML is only ever a source of defaults: its figures are offered as written
(95%以上 stays so) and years in its text that probably mean "this year" are offered shifted.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from fazhi_draft.errors import UserError
from fazhi_draft.model import yaml_path
from fazhi_draft.questionnaire.progress import is_progress_file
from fazhi_draft.questionnaire.state import figure_text
from fazhi_draft.structure import Part, Spec
from fazhi_draft.yamlio import Loaded, load_report

_YEAR_IN_TEXT = re.compile(r"(?<![0-9０-９])([0-9]{4})(?=年)")


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
    if not last or section_key not in last.report.sections:
        return None
    node: Any = last.tree
    for step in (*yaml_path(spec, section_key), "figures"):
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


def years_found(text: str, shift: dict[int, int]) -> list[tuple[int, int]]:
    """The (old, new) pairs of `shift` whose old year `text` mentions (as 2023年)."""
    found = {int(m[1]) for m in _YEAR_IN_TEXT.finditer(text)}
    return [(old, new) for old, new in shift.items() if old in found]


def shift_years(text: str, shift: dict[int, int]) -> str:
    return _YEAR_IN_TEXT.sub(lambda m: str(shift.get(int(m[1]), m[1])), text)
