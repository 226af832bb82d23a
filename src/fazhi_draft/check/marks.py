"""FZ21x: figures marked in the author's text (【103】, issue 15 item 2; figures/intext.py).

Every in-text figure of an indicator feeds the relations (FZ201-FZ205) and the
year-on-year comparison like a figure of a `figures:` block; these rules say what only a
text can get wrong: one figure stated twice with different values, a unit that does not fit
the indicator, and the figures that name no indicator (custom, so not checked).
"""

from __future__ import annotations

from collections.abc import Iterator

from fazhi_draft.check.arithmetic import shown
from fazhi_draft.check.base import Context, Hit, Level, Rule
from fazhi_draft.figures.numbers import format_figure
from fazhi_draft.input.model import figure_holders


def _where_said(ctx: Context, stated) -> str:  # noqa: ANN001
    w = ctx.where_text(stated.place)
    return f"另一处（第{w.line}行 {w.field}）" if w.line else f"另一处（{w.field}）"


# ---------------------------------------------------------------- FZ210
def stated_differently(ctx: Context) -> Iterator[Hit]:
    if not ctx._has_marks():
        return
    from fazhi_draft.figures.intext import differ

    found = ctx.intext()
    for first, other in found.twice:
        ind = ctx.spec.indicator(first.key)
        yield Hit(ctx.where_text(other.place), {
            "label": ind.label, "value": shown(other.figure, ind), "other": shown(first.figure, ind),
            "there": _where_said(ctx, first)})
    for key, stated in found.figures.items():
        home = ctx.spec_home(key)
        holder = figure_holders(ctx.report).get(key)  # the `figures:` block giving it, any section's
        block = ctx.report.sections[holder].figures[key] if holder is not None else None
        if block is not None and differ(block, stated.figure):
            ind = ctx.spec.indicator(key)
            where = ctx.where_figure(home, key)
            there = f"另一处（第{where.line}行 {where.field}）" if where.line else f"另一处（{where.field}）"
            yield Hit(ctx.where_text(stated.place), {"label": ind.label, "value": shown(stated.figure, ind),
                                                      "other": shown(block, ind), "there": there})


FZ210 = Rule(
    code="FZ210", name="stated-differently", level=Level.ERROR,
    summary="同一指标两处数值不同（正文【】中的数字与另一处）",
    message="{label}两处数值不同：这里写{value}，{there}写{other}",
    fix="同一指标在全文只有一个数，请核对后改成一致；如确是两个不同的数，请在【】里写明各自的指标，"
        "或把其中一个当作自定义数字（去掉【】）",
    explain="""\
检查什么
  正文里用【】标出的数字（如 收到行政复议申请【103】宗），与另一处正文或 figures 下写的同一
  指标数值不同。指标在全文只有一个：写在哪一节、哪一条要点都是同一个数。
为什么
  报告多人起草、反复修改，前面改了后面忘了改，是定稿前最常见的笔误之一。
例子
  figures:
    reconsideration_received: 27
  points:
    - 全年共收到行政复议申请【29】件    # FZ210：两处数值不同
不会误报
  同一个数写两次（数值相同）没有问题；待补的不比较。
怎么改
  核对后改成一致。""",
    check=stated_differently,
)


# ---------------------------------------------------------------- FZ211
def unit_does_not_fit(ctx: Context) -> Iterator[Hit]:
    if not ctx._has_marks():
        return
    for stated in ctx.intext().stated:
        mark = stated.mark
        if mark.key is not None and not mark.unit_fits:
            ind = ctx.spec.indicator(mark.key)
            yield Hit(ctx.where_text(stated.place), {"label": ind.label, "unit": mark.unit, "expected": ind.unit,
                                                      "same": "、".join(sorted(ctx.spec.unit_words(ind.unit)))})


FZ211 = Rule(
    code="FZ211", name="unit-does-not-fit", level=Level.WARNING,
    summary="正文【】中数字后的单位与指标的单位不符",
    message="{label}后面写的单位是“{unit}”，这个指标按“{expected}”计",
    fix="请核对：单位可写 {same}；如果这个数其实是另一个指标（如人次而不是人），请在【】里写明指标名称",
    explain="""\
检查什么
  正文里用【】标出、认出了指标的数字，】后面的单位与指标的单位意思不同。件、宗、起是同一
  单位；人和人次、次和人次不是。
为什么
  单位不同往往说明这个数其实是另一个指标（参训 1200 人次不是 1200 人），核对就会算错。
例子
  收到行政复议申请【103】人       # FZ211：这个指标按“件”计
怎么改
  改正单位；或在【】里写明它是哪个指标，如【法治宣传覆盖群众：5万】人次。""",
    check=unit_does_not_fit,
)


# ---------------------------------------------------------------- FZ212
def custom_in_text(ctx: Context) -> Iterator[Hit]:
    if not ctx._has_marks():
        return
    custom = ctx.intext().custom
    if not custom:
        return
    from fazhi_draft.figures.recognise import NO_PHRASE, REASONS, UNIT  # only when a text has brackets

    for stated in custom:
        mark = stated.mark
        value = "待补" if mark.pending else format_figure(mark.figure, mark.unit)
        why = REASONS.get(mark.why, "") if mark.why not in (UNIT, NO_PHRASE) else ""
        yield Hit(ctx.where_text(stated.place), {"label": mark.label, "value": value,
                                                  "why": f"（{why}）" if why else ""})


FZ212 = Rule(
    code="FZ212", name="custom-figure-in-text", level=Level.INFO,
    summary="正文【】中的数字不是标准指标，按自定义数字处理",
    message="“{label}{value}”不是标准指标{why}，按自定义数字处理，不参与核对",
    fix="如它就是某个标准指标，请在【】里写明，如【收到行政复议申请：103】（名称见 fazhi-draft outline）；"
        "确是标准里没有的数字，可不理会",
    explain="""\
检查什么
  正文里用【】标出的数字，括号前的说法认不出是哪个标准指标（如 反馈问题【29】个）。它按
  自定义数字处理：照原样印出，明年问卷会再问，但不参与加减和比率的核对。每一处列一条提示，
  免得有数字悄悄地没有核对。
为什么
  认不出可能是说法太简略（“办结【13】件”前面没有同一事项的数字），也可能确是标准里没有的数字。
例子
  县委依法治县办开展专项督察，反馈问题【29】个，已整改【27】个    # FZ212 两条
怎么改
  是标准指标的，在【】里写明名称：【执法监督发现问题：29】；确实没有对应指标的可不理会。""",
    check=custom_in_text,
)

RULES = (FZ210, FZ211, FZ212)
