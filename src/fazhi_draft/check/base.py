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

from fazhi_draft.figures.numbers import Figure
from fazhi_draft.input.locate import locate, text_place
from fazhi_draft.input.model import ReportInput, SectionInput, counts_as, figure_holders, figures_by_home, layout, section_path
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
        """The report has this part: some section counting for it (at either level, a
        `like:` counts) is given and not empty."""
        given = [sec for key, sec in self.sections() if self.part_of(key) == part_key]
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

    # --- walking the report in the file's order ---------------------------------
    def sections(self) -> Iterator[tuple[str, SectionInput]]:
        """(section key, its input) for every section given, in the file's order (a key is
        a standard section's or the author's own, see `counts_as`)."""
        for part in layout(self.report, self.spec):
            for key in part.sections or [part.key]:
                sec = self.report.sections.get(key)
                if sec is not None:
                    yield key, sec

    def figures(self) -> dict[str, dict[str, Figure]]:
        """Every standard figure wherever it stands (any `figures:` block, or a text: 【103】),
        by home section in spec order: what the relations and the year-on-year rules judge
        (indicator keys are unique report-wide)."""
        if "figures_by_home" not in self.memo:
            self.memo["figures_by_home"] = all_figures(self.report, self.spec)
        return self.memo["figures_by_home"]

    def counts_as(self, section_key: str) -> str | None:
        """The standard section a section counts as: itself, its `like:`, or None."""
        return counts_as(self.report, self.spec, section_key)

    def part_of(self, section_key: str) -> str:
        """The spec's part a section counts for: measures, duty, shortcomings, plans, other
        (the author's own section without `like:` counts as a measure)."""
        kind = self.counts_as(section_key)
        return self.spec.part_of(kind) if kind else next(p.key for p in self.spec.parts if not p.flat)

    def title_of(self, section_key: str) -> str:
        """A section's heading: the author's title, else the spec's."""
        sec = self.report.sections.get(section_key)
        if sec is not None and sec.title:
            return sec.title
        kind = self.counts_as(section_key)
        return self.spec.section(kind).title if kind else section_key

    # --- the figures, wherever the author states them (issue 15 item 2) ----------
    def intext(self) -> Any:
        """The report-wide table of figures marked in the texts (figures/intext.py)."""
        from fazhi_draft.figures import intext

        return intext.table(self.report, self.spec)

    def figures_of(self, section_key: str) -> dict[str, Any]:
        """The figures of a section's indicators wherever the report gives them (a copy)."""
        return dict(self.figures().get(section_key, {}))

    def figure_sections(self) -> Iterator[str]:
        """The sections, in spec order, whose indicators have figures given in a block or in
        a text, or whose totals a custom figure declares itself part of (`part_of`)."""
        given = self.figures()
        parts = {self.spec_home(decl.part_of) for sec in self.report.sections.values()
                 for _, decl, _ in sec.custom if getattr(decl, "part_of", None)}
        for section in self.spec.sections:
            if section.key in given or section.key in parts:
                yield section.key

    def spec_home(self, key: str) -> str:
        """The section whose indicator `key` is."""
        return self.spec.homes[key]

    def _has_marks(self) -> bool:
        if "has_marks" not in self.memo:
            from fazhi_draft.input.model import has_marks

            self.memo["has_marks"] = has_marks(self.report) and bool(self.intext().stated)
        return self.memo["has_marks"]

    def where_text(self, place: Any) -> Where:
        """Where a text of the report is (figures.intext.Place): its line and field path."""
        section = section_path(self.report, self.spec, place.section) if place.section is not None else ()
        found = text_place(self.tree, section, place)
        return Where(found.line, found.field)

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
        return self.where(*section_path(self.report, self.spec, section_key))

    def where_figure(self, section_key: str, key: str, involved: tuple[str, ...] = ()) -> Where:
        """Where figure `key` is given: a standard figure in whichever `figures:` block holds
        it, or the text that states it (【103】); a custom figure in section `section_key`'s
        block. `involved`: the other figures of the finding (a report's prose quotes them)."""
        if "holders" not in self.memo:
            self.memo["holders"] = figure_holders(self.report)
        holder = self.memo["holders"].get(key) if key in self.spec.indicators else section_key
        if holder is None and self._has_marks():
            stated = self.intext().figures.get(key)
            if stated is not None:
                return self.where_text(stated.place)
        return self.where(*section_path(self.report, self.spec, holder or section_key), "figures", key)

    def point_slot(self, section_key: str, index: int, attr: str = "text", *below: Any) -> tuple[Where, Any, Any]:
        """Where `attr` of point `index` (0-based) of a section is (`below`: further steps, e.g.
        ("items", 0, "text") for a sub-item's text), and the (container, key) that holds it in
        the tree (both None without a tree)."""
        place = locate(self.tree, (*section_path(self.report, self.spec, section_key), "points", index, attr, *below))
        return Where(place.line, place.field), place.parent, place.key

    def where_point(self, section_key: str, index: int) -> Where:
        """Where point `index` (0-based) of a section is: its text line."""
        return self.point_slot(section_key, index, "text")[0]


def all_figures(report: ReportInput, spec: Spec) -> dict[str, dict[str, Any]]:
    """Every standard figure of a report wherever it is given, by home section in spec order:
    the `figures:` blocks (input.model.figures_by_home), then those stated in a text (【103】)
    that no block gives."""
    found = figures_by_home(report, spec)
    from fazhi_draft.input.model import has_marks

    if not has_marks(report):
        return found
    from fazhi_draft.figures import intext

    for key, fig in intext.table(report, spec).figure_values().items():
        found.setdefault(spec.homes[key], {}).setdefault(key, fig)
    return {s.key: found[s.key] for s in spec.sections if s.key in found}
