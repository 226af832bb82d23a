"""`Flow`: what every step of a run shares, and the plumbing each answer goes through.

A flow holds the spec, the answers (`State`), last year's file, where the output and the
progress go, and how to ask and print; each answer goes through it: skipped on resume
(`skip`), marked done (`mark`), the progress file saved (`save`), its default chosen
(`default_answer`). The steps (first_questions, section_figures, section_points, review)
are functions taking a flow; run.py calls them in order. This module imports none of them.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Any, TextIO

from fazhi_draft.questionnaire import questions as Q
from fazhi_draft.input.model import SectionInput
from fazhi_draft.questionnaire.paths import quoted, shown
from fazhi_draft.questionnaire.progress import progress_path, save_progress
from fazhi_draft.questionnaire.reuse import last_figure, year_changes, years_found
from fazhi_draft.questionnaire.state import SectionState, State
from fazhi_draft.structure import Part, Spec
from fazhi_draft.input.load import Loaded


class Flow:
    """One run of the questionnaire over a State. `resume_mode` is None for a fresh start,
    'skip' (only unanswered questions) or 'confirm' (every question, saved answers as defaults).
    `reopened`: the state is a finished file's, every question counts as answered."""

    def __init__(self, *, spec: Spec, state: State, output: Path, explicit: bool, cwd: Path,
                 last: Loaded | None, out: TextIO, today: dt.date, resume_mode: str | None = None,
                 ask=None, reopened: bool = False, only_section: str | None = None):  # noqa: ANN001
        self.spec = spec
        self.state = state
        self.output = output
        self.explicit = explicit
        self.cwd = cwd
        self.last = last
        self.out = out
        self.today = today
        self.resume_mode = resume_mode
        self.reopened = reopened  # a finished file opened again: written back to itself
        self.only_section = only_section  # `new --section KEY`: answer that section only
        self.revisit: set[str] = set()  # the section asked again from the final menu: nothing skipped
        self.accepted: set = set()  # broken relations the person kept (section_figures.check_relations)
        self.errors = 0  # errors the checker found in the last summary (review.checker_findings)
        self.written: Path | None = None  # the YAML, once written at the end
        self.ask = ask or Q.ask

    # ------------------------------------------------------------ printing
    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def say_indented(self, text: str) -> None:
        """The person's own text (or last year's), set off by four spaces."""
        self.say("\n".join(f"    {line}" for line in text.splitlines()))

    def say_last_years_text(self, heading: str, text: str, shift: dict[int, int], *,
                            plans_year: int | None = None) -> list[tuple[int, int]]:
        """Show a passage of last year's text and each year in it that probably means this year,
        with the change in its context; returns the (old, new) pairs, for a "change the years"
        choice (reuse.year_changes decides which years: never a period or a look back)."""
        self.say(heading)
        self.say_indented(text)
        changes = year_changes(text, shift, plans_year=plans_year)
        found = years_found(text, shift, plans_year=plans_year)
        for old, new in found:
            self.say(f"  文中有“{old}年”，是否应改为{new}年？")
        for n, change in enumerate(changes, 1):
            self.say(f"    第{n}处：{change.shown(text)}")
        return found

    def shown(self, path: Path) -> Path:
        return shown(path, self.cwd)

    @property
    def resume_command(self) -> str:
        return f"fazhi-draft new -o {quoted(self.shown(self.output))}"

    def render_command(self, path: Path) -> str:
        return f"fazhi-draft render {quoted(self.shown(path))}"

    # ------------------------------------------------------------ answers and progress
    @property
    def progress(self) -> Path:
        return progress_path(self.output)

    def skip(self, group: str, item: str) -> bool:
        """True when this question was answered before and need not be asked again."""
        if self.resume_mode == "confirm" or group in self.revisit:
            return False
        return self.answered(group, item)

    def answered(self, group: str, item: str) -> bool:
        return item in self.state.done.get(group, ())

    def mark(self, group: str, item: str, *, at: str | None = None) -> None:
        """Record the question as answered (`at`: where the person is, shown on resume) and save."""
        if at is not None:
            self.state.at = at
        items = self.state.done.setdefault(group, [])
        if item not in items:
            items.append(item)
        self.save()

    def save(self) -> None:
        """Write the progress file now (atomically): called after every answer."""
        save_progress(self.progress, self.state, self.spec, output=self.output, resume_command=self.resume_command)

    def default_answer(self, group: str, item: str, saved: str | None, last: str | None) -> str:
        """What a figure's prompt offers: the saved answer, nothing if it was answered empty,
        else last year's figure."""
        if saved is not None:
            return saved
        if self.answered(group, item):
            return ""
        return last or ""

    def answers(self, key: str) -> SectionState:
        """The section's answers, created empty on first use."""
        return self.state.sections.setdefault(key, SectionState())

    # ------------------------------------------------------------ the spec and last year
    @property
    def last_year(self) -> int | None:
        return self.last.report.meta.year if self.last else None

    @property
    def year(self) -> int:
        return int(self.state.meta.get("year") or (self.today.year - 1))

    def last_section(self, key: str) -> SectionInput | None:
        """Last year's answers for the section; None without a last year's file or the section in it."""
        return self.last.report.sections.get(key) if self.last else None

    def last_figure(self, section_key: str, key: str) -> str | None:
        return last_figure(self.last, self.spec, section_key, key)

    @cached_property
    def last_state(self) -> State | None:
        """Last year's file read as answers, with its comments (see state.comments_of)."""
        return State.from_tree(self.last.tree, self.spec)[0] if self.last else None

    def part_of(self, key: str) -> Part:
        return next(p for p in self.spec.parts if any(s.key == key for s in p.sections))

    def in_spec_order(self, keys: Any) -> list[str]:
        order = [s.key for s in self.spec.sections]
        return sorted(keys, key=order.index)
