"""One run of the questionnaire over a `State`: the steps in order, section by section.

`Flow` holds what every step shares (the spec, the answers, last year's file, where the
output and the progress go) and the plumbing each answer goes through: skip it on resume,
mark it done, save the progress file. The steps themselves live in first_questions.py,
figures.py, points.py and summary.py, and take the flow as their first argument; start.py
makes the flow and finish.py writes the files at the end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TextIO

from fazhi_draft.questionnaire import questions as Q
from fazhi_draft.input.model import SectionInput
from fazhi_draft.questionnaire import edit, figures, first_questions, points, summary
from fazhi_draft.questionnaire.points import point_dict
from fazhi_draft.questionnaire.paths import quoted, shown
from fazhi_draft.questionnaire.progress import progress_path, save_progress
from fazhi_draft.questionnaire.reuse import last_figure, year_changes, years_found
from fazhi_draft.questionnaire.state import Comment, SectionState, State
from fazhi_draft.structure import Part, Spec
from fazhi_draft.input.load import Loaded


@dataclass
class Outcome:
    """How a run ended: `written` (files made), `stopped` (saved, by choice) or `interrupted`."""

    status: str
    yaml: Path | None = None
    docx: Path | None = None
    progress: Path | None = None


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
        self.revisit: set[str] = set()
        self.accepted: set = set()
        self.errors = 0  # errors the checker found in the last summary
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

    def last_note(self, section_key: str, key: str) -> Comment | None:
        """Last year's comment on a figure (`# 来源：…`); None when it had none."""
        sec = self.last_state.sections.get(section_key) if self.last_state else None
        return sec.notes.get(key) if sec else None

    def carry_note(self, section_key: str, key: str, answer: str, last: str | None) -> None:
        """A comment on last year's figure goes with the figure: as it was when the figure is
        carried over unchanged, marked as last year's when the figure changed; with the figure
        left out it goes too. A comment of this year's (a reopened file's) is left alone."""
        note = self.last_note(section_key, key)
        if not note:
            return
        sec = self.answers(section_key)
        changed = note.marked(f"（去年{last}时的注释）")
        if sec.notes.get(key) not in (None, note, changed):
            return
        if not answer:
            sec.notes.pop(key, None)
        else:
            sec.notes[key] = note if answer == last else changed

    def last_points(self, section_key: str) -> list[dict[str, Any]]:
        """Last year's points of a section, every part of each (sub-items, its comment)."""
        last_sec = self.last_section(section_key)
        if last_sec is None:
            return []
        state = self.last_state.sections.get(section_key) if self.last_state else None
        out = []
        for i, p in enumerate(last_sec.points):
            point = point_dict(p)
            if state is not None and i < len(state.points) and state.points[i].get("comment"):
                point["comment"] = state.points[i]["comment"]
            out.append(point)
        return out

    def part_of(self, key: str) -> Part:
        return next(p for p in self.spec.parts if any(s.key == key for s in p.sections))

    def in_spec_order(self, keys: Any) -> list[str]:
        order = [s.key for s in self.spec.sections]
        return sorted(keys, key=order.index)

    # ------------------------------------------------------------ the run
    def run(self) -> str:
        """Ask everything still to ask; returns 'write' or 'stop'.

        A reopened finished file goes straight to the summary; with `only_section` (a
        department's late figures: `new --section disputes`) only that section is asked."""
        first_questions.ask_meta(self)
        if self.only_section is not None:
            self.answer_section(self.only_section)
        elif not self.reopened:
            first_questions.ask_opening(self)
            first_questions.ask_sections(self)
            chosen = self.state.chosen or []
            for n, key in enumerate(chosen, 1):
                self.ask_section(key, n, len(chosen))
        while True:
            summary.show_summary(self)
            errors = f"（核对仍有 {self.errors} 个错误，可先生成，改好后再 render）" if self.errors else ""
            write = "写回 YAML 并重新生成 Word 初稿" if self.reopened else "生成 YAML 和 Word 初稿"
            choice = self.ask(Q.select_question("final", "问卷已答完。接下来：", [
                ("write", write + errors),
                ("edit", "修改某一个答案（先选小节，再选数字或要点）"),
                ("revise", "回到某一节，逐题重答"),
                ("stop", "先不生成，保存进度退出"),
            ]))
            if choice == "edit":
                edit.edit_answers(self)
                continue
            if choice != "revise":
                return choice
            chosen = self.state.chosen or []
            options = [(s.key, ("✓ " if s.key in chosen else "  ") + s.title) for s in self.spec.sections]
            key = self.ask(Q.select_question("revise", "修改哪一节？（✓ 为已选的小节）", options,
                                             default=chosen[0] if chosen else None))
            self.answer_section(key)

    def answer_section(self, key: str) -> None:
        """Ask one section again, every question of it, the answers so far as defaults."""
        chosen = self.state.chosen or []
        if key not in chosen:
            self.state.chosen = self.in_spec_order([*chosen, key])
            self.save()
        self.revisit = {key}
        try:
            self.ask_section(key, (self.state.chosen or []).index(key) + 1, len(self.state.chosen or []))
        finally:
            self.revisit = set()

    def ask_section(self, key: str, n: int, total: int) -> None:
        """One section: its heading, its figures, custom figures and points."""
        section = self.spec.section(key)
        part = self.part_of(key)
        sec = self.answers(key)
        last_sec = self.last_section(key)
        if last_sec is not None and last_sec.title and sec.title is None:
            sec.title = last_sec.title
        heading = section.title if part.flat else f"{part.title} › {section.title}"
        self.say(f"\n━━ 第{n}/{total}节　{heading} ━━")
        if part.flat and part.hint:
            self.say(part.hint)
        for ind in section.indicators:
            figures.ask_figure(self, section, ind.key)
        if section.indicators:
            figures.ask_custom(self, section)
        points.ask_points(self, section, part)
