"""The rule contract: what a rule is, what it reports, and what it may look at.

Written once before any rule (ruff's violation.rs is the model). A `Rule` is a record:
a stable code that is never reused, a level, a Chinese message template with named
fields, a fix hint, an explanation in fixed sections, and the function that finds the
problems. A rule function takes a `Context` and yields `Hit`s (where + the values the
message needs); the engine turns hits into `Finding`s. No rule formats its own output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from fazhi_draft.input.locate import locate
from fazhi_draft.input.model import ReportInput, SectionInput
from fazhi_draft.input.shape import yaml_path
from fazhi_draft.structure import Spec


class Level(Enum):
    """How bad a finding is. Only 错误 stops `render`; 提示 never needs action."""

    ERROR = "错误"
    WARNING = "警告"
    INFO = "提示"

    @property
    def severity(self) -> str:
        """The English word scripts match on (`--format json`)."""
        return {"错误": "error", "警告": "warning", "提示": "info"}[self.value]

    @property
    def rank(self) -> int:
        return {"错误": 0, "警告": 1, "提示": 2}[self.value]


@dataclass(frozen=True)
class Where:
    """A place in the input: 1-based line (None when unknown) and the dotted field path.

    In a finished report's prose (check/prose.py) there is no line of a YAML file: `place`
    names the paragraph as its reader counts it (第12段, 第12行, 第3页; "" for the whole
    report), `quote` the sentence (shortened around the figures concerned) and `block` the
    paragraph's index, by which the findings are ordered.
    """

    line: int | None
    field: str
    place: str = ""
    quote: str = ""
    block: int | None = None


@dataclass(frozen=True)
class Hit:
    """One problem a rule found: where, and the named values its message template needs."""

    where: Where
    values: dict[str, Any] = field(default_factory=dict)
    level: Level | None = None  # the rule's own level unless the spec says otherwise (a relation's `level`)


@dataclass(frozen=True)
class Finding:
    """One reported problem, ready to print."""

    code: str
    level: Level
    file: str | None
    line: int | None
    field: str
    message: str
    fix: str
    place: str = ""  # in a report's prose: 第12段 (Where.place)
    quote: str = ""  # ... and the sentence concerned

    def as_dict(self) -> dict:
        return {"code": self.code, "level": self.level.value, "severity": self.level.severity,
                "file": self.file, "line": self.line, "field": self.field,
                "place": self.place or None, "quote": self.quote or None,
                "message": self.message, "fix": self.fix}


RuleFunction = Callable[["Context"], Iterable[Hit]]
# Rewrites the strings of the context's round-trip tree so the rule no longer fires, leaving
# the fields on the lines given (silenced there by a comment) alone; returns how many fields
# it changed.
FixFunction = Callable[["Context", set[int]], int]


@dataclass(frozen=True)
class Rule:
    """A check rule as data. `check` is None for findings the engine makes itself
    (loader errors, a bad `check:` block: see `engine_role`)."""

    code: str  # FZ + 3 digits; never reused, even if the rule is removed
    name: str  # short English slug, for people who grep
    level: Level
    summary: str  # one Chinese line, for `check --rules`
    message: str  # template with {named} fields
    fix: str  # template with {named} fields
    explain: str  # 检查什么 / 为什么 / 例子 / 怎么改, for `check --explain`
    check: RuleFunction | None = None
    autofix: FixFunction | None = None  # what `check --fix` does for it; None: not fixable
    ignorable: bool = True  # loader errors cannot be silenced: nothing could be rendered
    # The findings are the draft's 待补 placeholders: `check`'s summary counts them apart, and
    # `render`, which lists the placeholders it leaves itself, does not count them again.
    reports_pending: bool = False
    # For a finding the engine makes itself: "unreadable" (the file cannot be read), "invalid"
    # (a value refused on reading, naming its field), "settings" (a mistake in the file's own
    # `check:` block). "" for a rule with a `check` function.
    engine_role: str = ""
    # Also run on a finished report's prose (`check 报告.docx`, check/prose.py): the rule reads
    # only what a ProseContext gives (figures, texts, the facts of title and signature).
    prose: bool = False
    # The fix said there, when `fix` speaks of the YAML (a key to fill, a line to delete).
    prose_fix: str | None = None

    @property
    def fixable(self) -> bool:
        """`check --fix` can repair what it finds."""
        return self.autofix is not None

    def finding(self, hit: Hit, file: str | None, *, prose: bool = False) -> Finding:
        fix = self.prose_fix if prose and self.prose_fix is not None else self.fix
        w = hit.where
        return Finding(code=self.code, level=hit.level or self.level, file=file, line=w.line,
                       field=w.field, message=self.message.format(**hit.values),
                       fix=fix.format(**hit.values), place=w.place, quote=w.quote)


# ---------------------------------------------------------------- what a rule may read
@dataclass
class Context:
    """Everything a rule may look at. `tree` is the round-trip YAML (None when the report
    was built in memory, e.g. by the questionnaire: then lines are None). `prior` is last
    year's report when one was found."""

    spec: Spec
    report: ReportInput
    tree: CommentedMap | None = None
    path: Path | None = None
    today: dt.date = field(default_factory=dt.date.today)
    prior: ReportInput | None = None
    prior_path: Path | None = None
    prior_via: str = ""  # "--prior" or "meta.reused_from": who named last year's file
    prior_problem: str | None = None  # why last year's file could not be read
    memo: dict[str, Any] = field(default_factory=dict, repr=False)  # what several rules derive alike

    # A finished report's prose is checked through a subclass (check/prose.py: ProseContext)
    # that answers the questions below from the document instead of the YAML.
    prose = False

    @property
    def year(self) -> int:
        return self.report.meta.year

    def part_given(self, part_key: str) -> bool:
        """The report has this part (some section of it given and not empty)."""
        given = [self.report.sections[s.key] for s in self.spec.part(part_key).sections
                 if s.key in self.report.sections]
        return bool(given) and not all(sec.is_empty for sec in given)

    def closed_sums(self, section_key: str) -> frozenset[int]:
        """Indexes of the section's sum relations whose stated parts the author gave as the
        complete breakdown (figures.relations.broken's `closed`); none in a YAML file."""
        return frozenset()

    def given_texts(self) -> list[Any] | None:
        """The pieces of text the FZ4xx rules read (check.text.TextField), when the caller has
        them (a report's paragraphs); None: walk the YAML."""
        return None

    def restated(self) -> list[Any]:
        """Figures the report states twice with different values (prose only; in a YAML file
        a figure has one key, so one value)."""
        return []

    # --- walking the report in spec order --------------------------------------
    def sections(self) -> Iterator[tuple[str, SectionInput]]:
        """(section key, its input) for every section given, in spec order."""
        for section in self.spec.sections:
            sec = self.report.sections.get(section.key)
            if sec is not None:
                yield section.key, sec

    def part_of(self, section_key: str) -> str:
        """The part a section belongs to: measures, duty, shortcomings, plans, other."""
        return yaml_path(self.spec, section_key)[0]

    # --- locating things in the YAML -------------------------------------------
    def node(self, keys: tuple[Any, ...]) -> tuple[Any, Any, Any]:
        """(parent, key, node) for a key path in the tree; parent None when not found."""
        parent, key, node = None, None, self.tree
        for k in keys:
            if isinstance(node, CommentedMap) and k in node:
                parent, key, node = node, k, node[k]
            else:
                return None, None, None
        return parent, key, node

    def line(self, *keys: Any) -> int | None:
        """Line of the last key of a path (('meta', 'year')), or of the nearest found parent."""
        return self.where(*keys).line

    def where(self, *steps: Any) -> Where:
        """Where a path of keys and (0-based) list positions is: input/locate.py, the one
        answer to "where in the file is this" (a shorthand in the file is named as written)."""
        place = locate(self.tree, steps)
        return Where(place.line, place.field)

    def where_part(self, part_key: str) -> Where:
        return Where(self.line(part_key), part_key)

    def where_meta(self, key: str) -> Where:
        return self.where("meta", key)

    def where_section(self, section_key: str) -> Where:
        return self.where(*yaml_path(self.spec, section_key))

    def where_figure(self, section_key: str, key: str, involved: tuple[str, ...] = ()) -> Where:
        """Where figure `key` is; `involved`: the other figures of the finding (a report's
        prose quotes them with it)."""
        return self.where(*yaml_path(self.spec, section_key), "figures", key)

    def point_slot(self, section_key: str, index: int, attr: str = "text", *below: Any) -> tuple[Where, Any, Any]:
        """Where `attr` of point `index` (0-based) of a section is (`below`: further steps, e.g.
        ("items", 0, "text") for a sub-item's text), and the (container, key) that holds it in
        the tree (both None without a tree)."""
        place = locate(self.tree, (*yaml_path(self.spec, section_key), "points", index, attr, *below))
        return Where(place.line, place.field), place.parent, place.key

    def where_point(self, section_key: str, index: int) -> Where:
        """Where point `index` (0-based) of a section is: its text line."""
        return self.point_slot(section_key, index, "text")[0]
