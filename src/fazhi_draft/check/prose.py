"""`check 报告.docx`: the rules of a YAML check, run on a finished report's prose.

A report finished by hand in Word (or published as a web page or PDF) is read back
(readers), the figures of every paragraph are recognised and gathered into one table
(figures/table.py), and a `ProseContext` answers the rules' questions from the document
instead of a YAML file:

  - the figures of each section: the table's, each under the section of its indicator, so
    the relations of the spec (FZ2xx) judge them exactly as they judge a YAML's;
  - where a figure stands: the paragraph as its reader counts it (第12段, 第12行, 第3页) and
    the sentence, shortened around the figures concerned;
  - which parts the report has: a heading (of any level) holding one of a part's `aliases`
    in the spec (存在的问题, 下一步打算) names it; text under no such heading is the first
    part's (主要举措和成效), so thematic top-level parts need no umbrella heading (FZ101);
  - the words, sentence by sentence, with their scope (the plans part is about the next
    year): the same year and reference rules as a YAML's texts (FZ4xx);
  - the year and date from the title and signature (FZ103-FZ105);
  - a breakdown stated in one paragraph with its total (办结13件，维持1件，撤销6件……) is the
    author's complete list: the parts not listed count as zero (figures.relations `closed`);
  - a figure stated twice with values that disagree (FZ208).

Only rules marked `prose` run (a YAML's keys, lines, comments and last year's file do not
exist here). `--data 2025.yaml` adds the comparison with the YAML the draft came from
(check/data.py, FZ5xx). A file that cannot be read, or is no annual report (an
implementation plan, a notice), is one FZ001 finding, as an unreadable YAML is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fazhi_draft.check import registry
from fazhi_draft.check.base import Context, Finding, Rule, Where
from fazhi_draft.check.engine import CheckResult, _loader_finding
from fazhi_draft.check.structure import YEAR_RULES
from fazhi_draft.check.text import YEAR, TextField
from fazhi_draft.errors import UserError
from fazhi_draft.figures.numbers import Figure
from fazhi_draft.figures.prose import normalise, sentences
from fazhi_draft.figures.table import FigureTable, Stated, excerpt, figure_table
from fazhi_draft.structure import Spec, SumOf, load_spec
from fazhi_draft.tree import Heading

# Kinds of document (readers.frame.kind_of, from the title) that are annual reports; "" when
# the title does not say. An 实施方案, 工作要点 or 通知 is refused with a message.
REPORT_KINDS = ("报告", "总结", "汇报", "")


# ---------------------------------------------------------------- what the rules read
@dataclass(frozen=True)
class ProseMeta:
    year: int | None
    date: dt.date | None
    title: str
    organ: str = ""
    reused_from: None = None


@dataclass(frozen=True)
class ProseSection:
    """A section's figures as recognised in the prose (what the FZ2xx rules read)."""

    figures: dict[str, Figure]
    custom: tuple = ()
    points: tuple = ()
    title: None = None

    @property
    def is_empty(self) -> bool:
        return not self.figures


@dataclass(frozen=True)
class ProseReport:
    meta: ProseMeta
    sections: dict[str, ProseSection]
    opening: str = ""


@dataclass(frozen=True)
class Restated:
    """A figure stated with values that disagree (FZ208)."""

    where: Where
    label: str
    values: str


@dataclass
class ProseContext(Context):
    """A Context answering from a read document (readers.ReadDocument) and its figure table."""

    doc: Any = None  # readers.ReadDocument
    table: FigureTable = field(default_factory=FigureTable)
    parts: list[frozenset[str]] = field(default_factory=list)  # per block: the parts it belongs to
    data: Any = None  # check.data.DataSide with --data
    prose = True

    @property
    def year(self) -> int | None:  # type: ignore[override]
        return self.report.meta.year

    # --- places ----------------------------------------------------------------------
    def place(self, block: int) -> str:
        return str(self.doc.origins[block]) if 0 <= block < len(self.doc.origins) else ""

    def where_stated(self, s: Stated, *others: Stated) -> Where:
        return Where(None, "", self.place(s.block), s.quote(*others), s.block)

    def where_figure(self, section_key: str, key: str, involved: tuple[str, ...] = ()) -> Where:
        said = self.table.statements(key)
        if not said:
            return Where(None, "")
        anchor = said[0]
        others = []
        for k in involved:
            if k == key:
                continue
            mine = self.table.statements(k)
            near = [s for s in mine if s.block == anchor.block]
            if near:
                others.append(near[0])
        return self.where_stated(anchor, *others)

    def quote_at(self, block: int, words: str, default: str) -> str:
        """The sentence of block `block` where `words` (a year a text rule found) stand,
        shortened around them; `default` when they are not found as written."""
        text = self.doc.blocks[block].text
        at = next((m.start() for m in YEAR.finditer(text) if m.group(0).removesuffix(m["tail"] or "") == words),
                  text.find(words))  # 2025年 as a year of its own, not the end of 2023—2025年
        if at < 0:
            return default
        for start, end in sentences(normalise(text)):
            if start <= at < end:
                return excerpt(text, (start, end), [(at, at + len(words))])
        return default

    def where_part(self, part_key: str) -> Where:
        return Where(None, "")

    def where_meta(self, key: str) -> Where:
        if key == "date" and self.doc.signature is not None and self.doc.signature.date:
            return Where(None, "", "落款", self.doc.signature.date, -1)
        if key in ("year", "title") and self.doc.title:
            return Where(None, "", "标题", self.doc.title, -1)
        return Where(None, "", block=-1)

    def where_section(self, section_key: str) -> Where:
        return Where(None, "")

    # --- what the rules ask ----------------------------------------------------------
    def part_given(self, part_key: str) -> bool:
        return any(part_key in p for p in self.parts)

    def closed_sums(self, section_key: str) -> frozenset[int]:
        closed = set()
        for n, rel in enumerate(self.spec.section(section_key).relations):
            if not isinstance(rel, SumOf):
                continue
            for total in self.table.statements(rel.total):
                listed = {s.key for k in rel.parts for s in self.table.statements(k) if s.block == total.block}
                if len(listed) >= 2:
                    closed.add(n)
        return frozenset(closed)

    def restated(self) -> list[Restated]:
        from fazhi_draft.check.arithmetic import shown

        out = []
        for key, said in self.table.restated.items():
            ind = self.spec.indicator(key)
            values = "、".join(f"{shown(s.figure, ind)}（{self.place(s.block)}）" for s in said)
            out.append(Restated(self.where_stated(said[0]), ind.label, values))
        return out

    def given_texts(self) -> list[TextField]:
        return self.memo.setdefault("prose_texts", list(_texts(self)))


def _texts(ctx: ProseContext) -> Iterable[TextField]:
    """The title, then every sentence of every block, with its scope: the opening (before the
    first heading), the plans (under a plans heading: next year's), or the past."""
    doc = ctx.doc
    if doc.title:
        yield TextField("title", doc.title, Where(None, "", "标题", doc.title, -1))
    for n, block in enumerate(doc.blocks):
        parts = ctx.parts[n]
        scope = "opening" if not parts else "plans" if parts == {"plans"} else "past"
        text = block.text
        for start, end in sentences(normalise(text)):
            sentence = text[start:end]
            m = YEAR.search(sentence)
            at = [(start + m.start(), start + m.end())] if m else [(start, start + 1)]
            yield TextField(scope, sentence, Where(None, "", ctx.place(n), excerpt(text, (start, end), at), n))


def block_parts(blocks, spec: Spec) -> list[frozenset[str]]:  # noqa: ANN001 - tree blocks
    """The parts each block belongs to, by the headings above it: a heading holding a part's
    alias names that part (two, for 存在的问题和下一步打算); the others belong to the part of
    the heading they stand under, the first part at the top. Under a part other than the
    first, a heading's words change nothing ("（一）压实第一责任人职责" in the plans is a plan).
    The blocks before the first heading (the opening) belong to none."""
    first = spec.parts[0].key
    aliases = [(a, p.key) for p in spec.parts for a in p.aliases]
    out: list[frozenset[str]] = []
    stack: list[tuple[int, frozenset[str]]] = []
    seen_heading = False
    for block in blocks:
        if isinstance(block, Heading):
            seen_heading = True
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            enclosing = stack[-1][1] if stack else frozenset({first})
            named = frozenset(p for a, p in aliases if a in block.title)
            refinable = enclosing == {first} or len(enclosing) > 1
            mine = named if named and refinable and (len(enclosing) == 1 or named <= enclosing) else enclosing
            stack.append((block.level, mine))
            out.append(mine)
        else:
            out.append(stack[-1][1] if stack else frozenset() if not seen_heading else frozenset({first}))
    return out


# ---------------------------------------------------------------- the check
def check_document(path: Path | str, *, data: Any = None, ignore: Iterable[str] = (),
                   today: dt.date | None = None, spec: Spec | None = None) -> CheckResult:
    """Check a finished report (.docx, .txt, .html, .pdf). Never raises for a bad document:
    one that cannot be read, or is no annual report, comes back as an FZ001 finding.
    `data`: the YAML the draft came from, as a check.data.DataSide (FZ5xx)."""
    from fazhi_draft.readers import read

    path = Path(path)
    spec = spec or load_spec()
    side = data
    try:
        doc = read(path)
        _is_a_report(doc, path)
    except UserError as exc:
        return CheckResult(path, [_loader_finding(exc, path)])
    ctx = prose_context(doc, spec, path=path, today=today, data=side)
    found = _run(ctx)
    selectors = list(ignore)
    kept = [f for b, f in found if not any(registry.matches(s, f.code) for s in selectors)
            or not registry.rule(f.code).ignorable]
    result = CheckResult(path, kept, ignored=len(found) - len(kept))
    result.recognised = len(ctx.table.figures) + len(ctx.table.restated)
    return result


def prose_context(doc, spec: Spec, *, path: Path | None = None, today: dt.date | None = None,  # noqa: ANN001
                  data: Any = None) -> ProseContext:
    """The context the rules read for a document (readers.ReadDocument)."""
    table = figure_table(doc.blocks, spec)
    section_of = {i.key: s.key for s in spec.sections for i in s.indicators}
    sections: dict[str, ProseSection] = {}
    for key, fig in table.figures.items():
        sections.setdefault(section_of[key], ProseSection({})).figures[key] = fig
    facts = doc.facts
    report = ProseReport(ProseMeta(facts.year, facts.date, doc.title, facts.organ), sections)
    return ProseContext(spec=spec, report=report, path=path, today=today or dt.date.today(), doc=doc,
                        table=table, parts=block_parts(doc.blocks, spec), data=data)


def prose_rules(ctx: ProseContext) -> list[Rule]:
    rules = [r for r in registry.RULES.values() if r.prose and r.check is not None]
    if ctx.year is None:
        rules = [r for r in rules if r.code not in YEAR_RULES]
    return rules


def _run(ctx: ProseContext) -> list[tuple[int, Finding]]:
    """(block, finding) of every prose rule, in the order of the document (the whole report's
    and the title's first)."""
    file = str(ctx.path) if ctx.path else None
    out = []
    for rule in prose_rules(ctx):
        for hit in rule.check(ctx):
            if isinstance(hit.values.get("found"), str) and hit.where.block is not None and hit.where.block >= 0:
                hit = replace(hit, where=replace(hit.where, quote=ctx.quote_at(hit.where.block, hit.values["found"],
                                                                              hit.where.quote)))
            out.append((hit.where.block if hit.where.block is not None else -1, rule.finding(hit, file, prose=True)))
    out.sort(key=lambda x: (x[0], x[1].code))
    return out


def _is_a_report(doc, path: Path) -> None:  # noqa: ANN001
    kind = doc.facts.kind
    if kind not in REPORT_KINDS:
        raise UserError(f"这份文件是{kind}（“{doc.title}”），不是法治政府建设年度报告，不能按年度报告核对" if doc.title
                        else f"这份文件是{kind}，不是法治政府建设年度报告，不能按年度报告核对", file=path,
                        fix="请选年度报告的文件（标题如“××县人民政府关于2024年度法治政府建设情况的报告”）")
