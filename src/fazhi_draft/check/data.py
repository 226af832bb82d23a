"""FZ5xx: a draft finished in Word against the YAML it came from (`check 报告.docx --data 2025.yaml`).

The YAML stays the source of truth: next year's report starts from it. After the draft has
been edited in Word (a figure corrected there, a sentence added), or the YAML changed
after the draft was made, the two disagree without anyone noticing. This compares them
figure by figure, one finding each:

  FZ501  a figure stated in both, with different values;
  FZ502  a figure the Word draft states and the YAML does not have;
  FZ503  a figure of the YAML the Word draft no longer states.

The Word draft's figures are recognised in its prose (figures/table.py). So are the YAML's
own: its draft is composed in memory (by the verb, as `render` does) and read the same way,
so a figure the recogniser cannot name in the YAML's own wording is not reported missing
from the Word draft, and one it names the same way in both is not reported changed. The
values the messages show are the YAML's (its figures, or the rates computed from them).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fazhi_draft.check.arithmetic import shown
from fazhi_draft.check.base import Context, Hit, Level, Rule, Where
from fazhi_draft.figures.numbers import Figure
from fazhi_draft.figures.table import FigureTable, Stated
from fazhi_draft.structure import Spec

if TYPE_CHECKING:
    from fazhi_draft.tree import Block


@dataclass
class DataSide:
    """The YAML of `--data`: its figures by indicator (with the section and YAML line of
    each), the rates computed from them, and its own draft's figure table."""

    path: Path
    figures: dict[str, Figure] = field(default_factory=dict)
    derived: dict[str, Figure] = field(default_factory=dict)
    where: dict[str, Where] = field(default_factory=dict)  # key -> its line and field in the YAML
    draft: FigureTable = field(default_factory=FigureTable)

    @classmethod
    def of(cls, loaded, spec: Spec, draft: "Sequence[Block]") -> "DataSide":  # noqa: ANN001 - input.load.Loaded
        """The side of a loaded YAML (input.load.Loaded) whose composed draft has `draft`'s
        blocks (the verb composes it: checking itself never depends on wording)."""
        from fazhi_draft.figures.relations import derive
        from fazhi_draft.figures.table import figure_table

        yaml_ctx = Context(spec=spec, report=loaded.report, tree=loaded.tree, path=loaded.path)
        side = cls(Path(loaded.path))
        for section_key, figures in yaml_ctx.figures().items():  # wherever the YAML gives them
            for key, fig in figures.items():
                side.figures[key] = fig
                side.where[key] = yaml_ctx.where_figure(section_key, key)
            for key, fig in derive(spec.section(section_key), figures).items():
                if key not in figures:
                    side.derived[key] = fig
        side.draft = figure_table(draft, spec)
        return side

    def shown(self, key: str, spec: Spec) -> str:
        """The YAML's value as a message shows it: 63件, 待补, 98.4%（按件数算出）."""
        fig = self.figures.get(key)
        if fig is not None:
            return "待补" if fig.pending else shown(fig, spec.indicator(key))
        fig = self.derived.get(key) or self.draft.figures[key]
        return shown(fig, spec.indicator(key)) + ("（按件数算出）" if key in self.derived else "")

    def line(self, key: str) -> str:
        w = self.where.get(key)
        return f"第{w.line}行" if w is not None and w.line is not None else ""

    def value(self, key: str) -> Figure | None:
        return self.figures.get(key) or self.derived.get(key)


def _same(a: Figure | None, b: Figure | None) -> bool:
    return a is not None and b is not None and not a.pending and not b.pending and a.amount == b.amount


def _compared(ctx: Context) -> Iterator[tuple[str, str, Stated | None]]:
    """(kind, key, the Word statement) of every disagreement: "changed" (one finding per value
    the Word draft states that the YAML does not have), "added" (in Word only), "removed"
    (in the YAML's draft only: no Word statement)."""
    data: DataSide | None = getattr(ctx, "data", None)
    if not ctx.prose or data is None:
        return
    word = ctx.table
    for key in [*word.figures, *word.restated]:
        said = word.restated.get(key) or word.statements(key)
        drafted = data.draft.amounts(key)  # what the YAML's own draft says (in points' text too)
        known = bool(drafted) or data.value(key) is not None
        seen = set()
        for s in said:
            if s.figure.amount in seen or s.figure.amount in drafted or _same(s.figure, data.value(key)):
                continue
            seen.add(s.figure.amount)
            yield ("changed" if known else "added"), key, s
    for key in data.draft.figures:
        if key not in word.figures and key not in word.restated:
            yield "removed", key, None


def _pairs(ctx: Context, kind: str) -> Iterator[tuple[str, Stated | None]]:
    if "data_compared" not in ctx.memo:
        ctx.memo["data_compared"] = list(_compared(ctx))
    for k, key, stated in ctx.memo["data_compared"]:
        if k == kind:
            yield key, stated


def _where(data: DataSide, key: str) -> str:
    """Where the YAML holds it: 第129行 measures.disputes.figures.x, or how its draft got it."""
    w = data.where.get(key)
    if w is None:
        return "由件数算出" if key in data.derived else "在要点的文字中"
    return f"第{w.line}行 {w.field}" if w.line is not None else w.field


def figure_changed(ctx: Context) -> Iterator[Hit]:
    for key, stated in _pairs(ctx, "changed"):
        data, ind = ctx.data, ctx.spec.indicator(key)
        yield Hit(ctx.where_stated(stated), {
            "label": ind.label, "word": shown(stated.figure, ind), "data": data.path.name,
            "yaml": data.shown(key, ctx.spec), "at": _where(data, key)})


FZ501 = Rule(
    code="FZ501", name="figure-changed", level=Level.WARNING, prose=True,
    summary="Word 稿与 YAML 的同一个数字不一样（--data）",
    message="Word 稿中{label}为{word}，{data} 中为{yaml}",
    fix="YAML 是明年沿用的底稿：Word 稿改得对，请同样改 {data}（{at}）；否则把 Word 稿改回来",
    explain="""\
检查什么
  fazhi-draft check 报告.docx --data 2025.yaml：Word 稿（或网页、PDF）正文里认出的数字，与它
  所出自的 YAML 中同一指标的数字（或由件数算出的比率）不一样。
为什么
  初稿生成后常在 Word 里接着改：改了 Word 里的数而没改 YAML，明年沿用 YAML 时就会带着旧数；
  反过来，YAML 改了而 Word 稿没有重新生成，印出去的是旧数。
例子
  Word 稿第12段“全年共收到行政复议申请65件”，2025.yaml 中 reconsideration_received: 63
怎么改
  确定哪个对：Word 稿对，就改 YAML（提示中给出行号）；YAML 对，就改 Word 稿或重新 render。""",
    check=figure_changed,
)


def figure_added(ctx: Context) -> Iterator[Hit]:
    from fazhi_draft.input.shape import yaml_path

    for key, stated in _pairs(ctx, "added"):
        ind = ctx.spec.indicator(key)
        section = next(s.key for s in ctx.spec.sections if any(i.key == key for i in s.indicators))
        yield Hit(ctx.where_stated(stated), {
            "label": ind.label, "word": shown(stated.figure, ind), "data": ctx.data.path.name,
            "field": ".".join((*yaml_path(ctx.spec, section), "figures", key))})


FZ502 = Rule(
    code="FZ502", name="figure-only-in-word", level=Level.WARNING, prose=True,
    summary="Word 稿里有、YAML 里没有的数字（--data）",
    message="Word 稿中有{label}{word}，{data} 中没有这个数",
    fix="请把它补进 {data}（{field}），明年沿用时才不会丢",
    explain="""\
检查什么
  fazhi-draft check 报告.docx --data 2025.yaml：Word 稿正文里认出一个标准指标的数字，而 YAML
  里既没有这个指标，它生成的初稿里也没有这个数（在 Word 里新加的句子）。
为什么
  只加在 Word 里的数，明年从 YAML 沿用时就丢了，也不参加 YAML 的核对和同比。
怎么改
  按提示的键补进 YAML（也可写在要点的文字里）。""",
    check=figure_added,
)


def figure_removed(ctx: Context) -> Iterator[Hit]:
    for key, _ in _pairs(ctx, "removed"):
        data, ind = ctx.data, ctx.spec.indicator(key)
        yield Hit(Where(None, "", block=len(ctx.doc.blocks)), {
            "label": ind.label, "data": data.path.name, "yaml": data.shown(key, ctx.spec),
            "at": _where(data, key), "draft": data.draft.statements(key)[0].quote()})


FZ503 = Rule(
    code="FZ503", name="figure-only-in-yaml", level=Level.WARNING, prose=True,
    summary="YAML 里有、Word 稿里没有的数字（--data）",
    message="{data} 中{label}为{yaml}（{at}），Word 稿中没有认出这个数；由它生成的初稿原句：“{draft}”",
    fix="Word 稿删去或改写了它的，请同样改 YAML；只是说法改了的，可不理会",
    explain="""\
检查什么
  fazhi-draft check 报告.docx --data 2025.yaml：YAML 生成的初稿里能认出的数字，在 Word 稿里
  认不出了：整句删了、数字改成了文字，或说法改得认不出了。
为什么
  Word 里删掉的数，YAML 里还在，明年沿用时会把它当作去年的数再问一遍、再写进去。
怎么改
  确是删了的，在 YAML 里也删去（或确认明年仍要）；只是改了说法的，可不理会。""",
    check=figure_removed,
)

RULES = (FZ501, FZ502, FZ503)
