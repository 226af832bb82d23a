"""FZ3xx: this year against last year, and the year-on-year changes to show.

Last year's report comes from `--prior` or from `meta.reused_from` (written by the
questionnaire when this year's file was started from last year's). Without one, only the
`carried: true` marks (FZ303) are checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from fazhi_draft.check.arithmetic import shown
from fazhi_draft.check.base import Context, Hit, Level, Rule, Where, all_figures
from fazhi_draft.figures.numbers import Figure, format_percent
from fazhi_draft.figures.relations import derive
from fazhi_draft.structure import Indicator, Spec

FACTOR = 5  # a change beyond x5 or /5 asks for confirmation
FLOOR = 10  # ... unless both figures are small (2 -> 12 meetings is news, not a slip)


@dataclass(frozen=True)
class Change:
    """One figure of the year-on-year comparison: given last year, as it stands this year.

    The one meaning of a year-on-year row: `check --prior` lists every Change, and the
    attachment table of `render --table` shows the key ones (key_rows), cell by cell from
    the same fields. `prior_value`/`current_value` are the figures as written without the
    unit (46, 38.6万, 200余; a figure whose written magnitude replaces the unit's, 1.86亿 of
    a 万元 figure, keeps its unit: 1.86亿元); `current_value` is LEFT_OUT when this year
    leaves the figure out. `derived`: this year's is a rate computed from the counts.
    """

    section: str
    key: str
    label: str
    unit: str
    prior_value: str
    current_value: str
    change: str  # 增长30.4%, 下降12%, 提高0.4个百分点, 持平, 增加5件 (from 0), or "" when it cannot be computed
    derived: bool = False
    prior_shown: str = ""  # with the unit, as `check` shows it: 46件, 1.86亿元
    current_shown: str = ""

    @property
    def prior(self) -> str:
        """Last year's figure with its unit (46件)."""
        return self.prior_shown

    @property
    def current(self) -> str:
        """This year's with its unit (63件), marked when computed; LEFT_OUT when left out."""
        return self.current_shown + (DERIVED_NOTE if self.derived else "")

    @property
    def current_cell(self) -> str:
        """This year's in a table whose unit column carries the unit: 63, 28.3（按件数计算）."""
        return self.current_value + (DERIVED_NOTE if self.derived else "")

    @property
    def left_out(self) -> bool:
        return self.current_value == LEFT_OUT


def _usable(fig: Figure | None) -> bool:
    return fig is not None and not fig.pending and fig.amount is not None


def _pairs(ctx: Context, *, with_derived: bool = False) -> Iterator[tuple[str, str, Indicator, Figure, Figure]]:
    """(section, key, indicator, last year's, this year's) for spec figures given in both.

    `with_derived`: also the figures given last year that this year leaves out of a section
    it still has: a rate the composer computes from this year's counts (marked `derived`),
    else a figure with no amount (left out)."""
    if ctx.prior is None:
        return
    prior = all_figures(ctx.prior, ctx.spec)  # wherever either year's author put them: a block or a text
    for section_key, figures in ctx.figures().items():
        old = prior.get(section_key)
        if old is None:
            continue
        for key, fig in figures.items():
            before = old.get(key)
            if _usable(fig) and _usable(before):
                yield section_key, key, ctx.spec.indicator(key), before, fig
        if not with_derived:
            continue
        computed = derive(ctx.spec.section(section_key), figures)
        for key, before in old.items():
            if key not in figures and _usable(before):
                yield section_key, key, ctx.spec.indicator(key), before, computed.get(key, _ABSENT)


def changes(ctx: Context) -> list[Change]:
    """The year-on-year rows: every spec figure given (not pending) in both years; a rate
    last year stated and this year leaves to be computed, as computed; and a figure given
    last year and left out this year, as left out (clearing one on purpose shows here).
    In section order. `check --prior` lists them all; `render --table` shows key_rows()."""
    out = []
    for section_key, key, ind, before, fig in _pairs(ctx, with_derived=True):
        row = {"section": section_key, "key": key, "label": ind.label, "unit": ind.unit,
               "prior_value": _value(before, ind), "prior_shown": shown(before, ind)}
        if fig.amount is None:
            out.append(Change(**row, current_value=LEFT_OUT, current_shown=LEFT_OUT, change=""))
            continue
        out.append(Change(**row, current_value=_value(fig, ind), current_shown=shown(fig, ind),
                          derived=fig.derived, change=change_wording(before, fig, ind)))
    return out


def change_wording(before: Figure, fig: Figure, ind: Indicator) -> str:
    """How this year's figure compares with last year's, in the words of the report: a rate
    in percentage points (提高0.4个百分点), a count or amount in percent (增长30.4%, 下降12%),
    持平; from 0, the difference (增加5件); "" when an estimate (200余) makes it meaningless."""
    a, b = before.amount, fig.amount
    if ind.kind == "percent":
        diff = b - a
        return "持平" if diff == 0 else f"{'提高' if diff > 0 else '下降'}{format_percent(abs(diff))}个百分点"
    if before.approx or fig.approx:
        return ""
    if a == 0:
        return "持平" if b == 0 else f"增加{shown(fig, ind)}"
    pct = (b - a) * 100 / a
    return "持平" if pct == 0 else f"{'增长' if pct > 0 else '下降'}{format_percent(abs(pct))}%"


def key_rows(rows: list[Change], spec: Spec) -> list[Change]:
    """The rows of the spec's key figures (key_figures in standard.yaml), in that list's
    order: the attachment table of `render --table`, the rows `check --prior` marks ★."""
    order = {key: n for n, key in enumerate(spec.key_figures.indicators)}
    return sorted((r for r in rows if r.key in order), key=lambda r: order[r.key])


def _value(fig: Figure, ind: Indicator) -> str:
    """The figure as written, without the unit when a table's unit column can carry it."""
    with_unit = shown(fig, ind)
    bare = f"{fig.before}{fig.text}{fig.after}"
    return bare if with_unit == f"{fig.before}{fig.text}{ind.unit}{fig.after}" else with_unit


DERIVED_NOTE = "（按件数计算）"
LEFT_OUT = "今年未填"
_ABSENT = Figure(amount=None, text=LEFT_OUT)


# ---------------------------------------------------------------- FZ301
def big_change(ctx: Context) -> Iterator[Hit]:
    for section_key, key, ind, before, fig in _pairs(ctx):
        if ind.kind == "percent":
            continue  # a rate follows its counts, which are compared themselves
        a, b = before.amount, fig.amount
        if max(a, b) < FLOOR:
            continue
        if min(a, b) == 0:
            ratio = "从无到有" if a == 0 else "降为 0"
        elif b / a > FACTOR:
            ratio = f"是去年的{_times(b / a)}倍"
        elif a / b > FACTOR:
            ratio = f"只有去年的{_times(a / b)}分之一"
        else:
            continue
        yield Hit(ctx.where_figure(section_key, key), {
            "label": ind.label, "prior": shown(before, ind), "current": shown(fig, ind), "ratio": ratio,
            "prior_year": ctx.prior.meta.year})


def _times(x: Decimal) -> str:
    return format_percent(x, 1)


FZ301 = Rule(
    code="FZ301", name="big-change", level=Level.WARNING,
    summary="与去年相比变化超过 5 倍（或不到五分之一）",
    message="{label}为{current}，去年（{prior_year}年）为{prior}，{ratio}",
    fix="请核对数字和单位（如“万”是否漏写或多写、是否按人次而非件数统计）；确认无误可忽略",
    explain="""\
检查什么
  有去年的文件时（--prior，或 meta.reused_from），同一指标今年和去年都填了，今年是去年的
  5 倍以上，或不到去年的五分之一，或一年为 0 另一年不为 0。两年都小于 10 的不比较（会议
  次数从 2 次到 12 次并不稀奇）；百分比不比较（它随件数变化，件数本身已比较）。
为什么
  数量级的跳变多半是单位或口径出了问题：漏写了“万”，按人次报成了件数，或把累计数当成了年度数。
例子
  去年 publicity_audience: 18万，今年漏写了“万”：publicity_audience: 21
  → 法治宣传覆盖群众为21人次，去年为18万人次，只有去年的8571.4分之一。
怎么改
  核对后改正；确属实情（如新设机构后案件激增），可以不理会，或在文件中写
  check: {ignore: [FZ301]}。""",
    check=big_change,
)


# ---------------------------------------------------------------- FZ302
def section_unchanged(ctx: Context) -> Iterator[Hit]:
    if ctx.prior is None:
        return
    for section_key, sec in ctx.sections():
        old = ctx.prior.sections.get(section_key)
        if old is None:
            continue
        now = {k: f.text for k, f in sec.figures.items() if not f.pending}
        now |= {f"custom:{k}": f.text for k, _, f in sec.custom if not f.pending}
        then = {k: f.text for k, f in old.figures.items() if not f.pending}
        then |= {f"custom:{k}": f.text for k, _, f in old.custom if not f.pending}
        if len(now) >= 2 and all(then.get(k) == v for k, v in now.items()):
            yield Hit(ctx.where_section(section_key), {
                "title": ctx.title_of(section_key), "count": len(now),
                "prior_year": ctx.prior.meta.year})


FZ302 = Rule(
    code="FZ302", name="section-unchanged", level=Level.WARNING,
    summary="一节的数字与去年全部相同，可能没有更新",
    message="“{title}”一节的{count}个数字与去年（{prior_year}年）完全相同",
    fix="请确认已换成今年的数字；确实都没有变化可忽略",
    explain="""\
检查什么
  有去年的文件时，一节里今年填的数字（至少 2 个，不含待补）与去年同一节逐个相同。
为什么
  复制去年的文件后，某一节的部门没有报送新数字，整节原样留下，是最常见的“没更新”。
怎么改
  向报送部门要今年的数字；还没拿到的写“待补”。确实没有变化（如机构数、人员数），可以不理会。""",
    check=section_unchanged,
)


# ---------------------------------------------------------------- FZ303, FZ304
def carried_point(ctx: Context) -> Iterator[Hit]:
    for section_key, sec in ctx.sections():
        for i, point in enumerate(sec.points):
            if point.carried:
                yield Hit(ctx.where_point(section_key, i), {"excerpt": _excerpt(point.text)})


FZ303 = Rule(
    code="FZ303", name="carried-point", level=Level.WARNING,
    summary="从去年沿用、尚未确认的要点（carried: true）",
    message="这条要点从去年沿用，尚未确认：{excerpt}",
    fix="按今年的情况改写，确认后删去 carried: true",
    explain="""\
检查什么
  标有 carried: true 的要点。问卷沿用去年的文字时会加上这个标记，直到有人确认。
为什么
  沿用的文字最容易留下去年的年份、数字和提法。
怎么改
  改写或确认后删去 carried: true。""",
    check=carried_point,
)


def _norm(text: str) -> str:
    return "".join(text.split())


def repeated_point(ctx: Context) -> Iterator[Hit]:
    if ctx.prior is None:
        return
    for section_key, sec in ctx.sections():
        old = ctx.prior.sections.get(section_key)
        if old is None:
            continue
        before = {_norm(p.text) for p in old.points}
        for i, point in enumerate(sec.points):
            if not point.carried and _norm(point.text) in before:
                yield Hit(ctx.where_point(section_key, i), {
                    "excerpt": _excerpt(point.text), "prior_year": ctx.prior.meta.year})


FZ304 = Rule(
    code="FZ304", name="repeated-point", level=Level.INFO,
    summary="要点与去年报告一字不差",
    message="这条要点与去年（{prior_year}年）的一字不差：{excerpt}",
    fix="如今年确有同样的工作，建议写出今年的新进展和数字",
    explain="""\
检查什么
  有去年的文件时，同一节中与去年某条要点文字完全相同的要点（空白不计）。
为什么
  年年相同的表述读起来像没有新工作；也可能是忘了改写。
怎么改
  写出今年的进展；确实是长期坚持的做法，可以不理会。""",
    check=repeated_point,
)


def _excerpt(text: str, n: int = 24) -> str:
    return text if len(text) <= n else text[:n] + "……"


# ---------------------------------------------------------------- FZ305, FZ306
def prior_year_mismatch(ctx: Context) -> Iterator[Hit]:
    if ctx.prior is not None and ctx.prior.meta.year != ctx.year - 1:
        yield Hit(ctx.where_meta("year"), {"year": ctx.year, "prior_year": ctx.prior.meta.year,
                                           "prior": ctx.prior_path.name if ctx.prior_path else "去年的文件"})


FZ305 = Rule(
    code="FZ305", name="prior-year-mismatch", level=Level.WARNING,
    summary="用来比较的去年文件不是上一年度的",
    message="报告年度是{year}年，而用来比较的 {prior} 是{prior_year}年度的",
    fix="如果沿用去年文件后忘了改 meta.year，请改正；否则请用 --prior 指定上一年度的文件",
    explain="""\
检查什么
  --prior 或 meta.reused_from 指向的文件，其 meta.year 应比本文件小 1。
为什么
  两者年度相同，多半是复制去年的文件后忘了改 meta.year；相差多年，则同比没有意义。
怎么改
  改正 meta.year，或换一个用来比较的文件。""",
    check=prior_year_mismatch,
)


def prior_unreadable(ctx: Context) -> Iterator[Hit]:
    if not ctx.prior_problem:
        return
    if ctx.prior_via == "--prior":
        yield Hit(Where(None, "--prior"), {"problem": ctx.prior_problem, "advice": "请检查 --prior 后的路径"})
    else:
        yield Hit(Where(ctx.line("meta", "reused_from"), "meta.reused_from"), {
            "problem": ctx.prior_problem,
            "advice": "请改正 meta.reused_from 的路径（相对本文件），或用 --prior 指定去年的文件"})


FZ306 = Rule(
    code="FZ306", name="prior-unreadable", level=Level.WARNING,
    summary="去年的文件找不到或读不出，未做同比核对",
    message="去年的文件无法读取，未做同比核对：{problem}",
    fix="{advice}",
    explain="""\
检查什么
  meta.reused_from 或 --prior 指向的去年文件能否读取并通过校验。
为什么
  读不出去年的文件，就无法发现“数字没更新”“数量级跳变”这类问题。
怎么改
  改正路径；如去年的文件本身有错误，先对它运行 fazhi-draft check。""",
    check=prior_unreadable,
)

RULES = (FZ301, FZ302, FZ303, FZ304, FZ305, FZ306)
