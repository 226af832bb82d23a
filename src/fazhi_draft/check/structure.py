"""FZ0xx and FZ1xx: the file can be read, and the report has the shape the regulation asks.

FZ001-FZ003 are made by the engine itself (the loader's errors, a bad `check:` block);
FZ1xx look at parts, sections and the dates in `meta`. Which parts are required comes from
the spec (`required: true`), not from code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from fazhi_draft.check.base import Context, Hit, Level, Rule, Where

FZ001 = Rule(
    code="FZ001", name="input-unreadable", level=Level.ERROR, ignorable=False, engine_role="unreadable",
    summary="文件无法读取，或不是有效的 YAML",
    message="{message}", fix="{fix}",
    explain="""\
检查什么
  文件能否打开、编码能否识别（UTF-8 或 GBK）、YAML 语法是否正确（缩进、冒号、引号）。
为什么
  读不出来的文件无法核对，也无法生成初稿。
怎么改
  按提示的行号检查这一行和上一行的缩进、冒号和引号；可对照 samples/ 里的示例文件。
  此项不能用 ignore 忽略。""",
)

FZ002 = Rule(
    code="FZ002", name="input-invalid", level=Level.ERROR, ignorable=False, engine_role="invalid",
    summary="输入项不合规：未知的键（附“是不是…”）、数字写成了文字、百分比超出 0—100、年份不合理等",
    message="{message}", fix="{fix}",
    explain="""\
检查什么
  读取文件时逐项对照标准结构：顶层项目、小节和指标的键是否认识（拼错时给出最接近的键），
  数字是否是数字（可写 27、1.39万、200余、待补），百分比是否在 0—100 之间，年度是否在
  2000—2100 之间，成文日期格式是否正确，文字中是否有无法写入 Word 的控制字符。
为什么
  拼错的键会让数字悄悄丢失；写成文字的数字无法核对和计算。
怎么改
  按提示改正这一行。标准结构里没有的数字请写成 {label: 名称, value: 数字, unit: 单位}。
  此项不能用 ignore 忽略。""",
)

FZ003 = Rule(
    code="FZ003", name="bad-check-settings", level=Level.WARNING, engine_role="settings",
    summary="check 设置有误（ignore 中的规则代码不存在）",
    message="{message}", fix="{fix}",
    explain="""\
检查什么
  文件顶层的 check: 一节，例如
    check:
      ignore: [FZ301, FZ4]     # 忽略 FZ301 和所有 FZ4xx
  ignore 应是规则代码（或代码前缀）的列表，代码须是 fazhi-draft check --rules 列出的。
为什么
  写错的代码不会忽略任何东西，容易让人以为已经处理了。
怎么改
  按提示改正代码。""",
)


# ---------------------------------------------------------------- FZ101
def required_part_missing(ctx: Context) -> Iterator[Hit]:
    for part in ctx.spec.parts:
        if part.required and not ctx.part_given(part.key):
            title = part.title.format(next_year=ctx.year + 1)
            yield Hit(ctx.where_part(part.key), {"title": title, "key": part.key})


FZ101 = Rule(
    code="FZ101", name="required-part-missing", level=Level.WARNING,
    summary="督察工作规定要求的部分缺失或为空",
    message="缺少“{title}”部分（或没有内容）",
    fix="请在 {key}: 下填写；未填时初稿在此处以【待补】标出",
    explain="""\
检查什么
  《法治政府建设与责任落实督察工作规定》第二十五条要求年度报告包含的部分：主要举措和成效，
  党政主要负责人履行推进法治建设第一责任人职责情况，存在的不足和原因，下一年度工作安排。
  这四部分在标准结构中标为必备（required），缺少或为空时提示。
为什么
  很多报告漏写“第一责任人职责情况”，或只写成绩不写不足，上级督察时会被指出。
怎么改
  在对应的键（measures、duty、shortcomings、plans）下填写内容。暂未写好时初稿会以
  【待补：…】标出该部分，可以先送审。
核对已写好的报告（fazhi-draft check 报告.docx）时
  按各级标题认部分：标题中有“第一责任人”“存在的问题”“下一步打算”“工作计划”等说法
  （标准结构中各部分的 aliases）即算写了这一部分，不在这些标题下的正文都算主要举措和成效。""",
    check=required_part_missing, prose=True,
    prose_fix="督察工作规定要求单列这一部分；请补写，标题如“{title}”",
)


# ---------------------------------------------------------------- FZ102
def empty_section(ctx: Context) -> Iterator[Hit]:
    for section_key, sec in ctx.sections():
        part = ctx.spec.part(ctx.part_of(section_key))
        if sec.is_empty and not (part.flat and part.required):  # FZ101 speaks for those
            yield Hit(ctx.where_section(section_key), {"title": ctx.title_of(section_key)})


FZ102 = Rule(
    code="FZ102", name="empty-section", level=Level.INFO,
    summary="写了小节的键但没有内容，这一节不会出现在初稿中",
    message="“{title}”一节没有内容，初稿中不会出现",
    fix="填写 figures 或 points；不打算写这一节可删去这个键",
    explain="""\
检查什么
  measures 下写了某个小节（或写了 other:），但下面既没有数字也没有要点。
为什么
  空小节在初稿中整节略去，编号顺延；提示一下，免得以为已经写了。
怎么改
  补上内容，或删去这个键。""",
    check=empty_section,
)


# ---------------------------------------------------------------- FZ103
def year_in_future(ctx: Context) -> Iterator[Hit]:
    if ctx.year > ctx.today.year:
        yield Hit(ctx.where_meta("year"), {"year": ctx.year, "this_year": ctx.today.year,
                                           "last_year": ctx.today.year - 1})


FZ103 = Rule(
    code="FZ103", name="year-in-future", level=Level.ERROR,
    summary="报告年度晚于今年",
    message="报告年度是{year}年，晚于今年（{this_year}年）",
    fix="meta.year 是所报告的年度，一般是成文的前一年（{this_year}年初写的报告填 {last_year}）",
    explain="""\
检查什么
  meta.year 不能晚于今天所在的年份。
为什么
  年度报告总结的是已经过去（或即将结束）的一年；年度写成下一年，多为把“报告年度”和
  “成文年份”弄混了。
例子
  2025年3月写 2024 年度的报告：year: 2024，date: 2025-03-10。
怎么改
  把 meta.year 改为所报告的年度。""",
    check=year_in_future, prose=True,
    prose_fix="报告年度一般是成文的前一年（{this_year}年初写的报告是{last_year}年度）：请核对标题中的年份",
)


# ---------------------------------------------------------------- FZ104, FZ105
EARLIEST_MONTH = 11  # some departments date their report in the year's last two months


def date_too_early(ctx: Context) -> Iterator[Hit]:
    date = ctx.report.meta.date
    if date is not None and date < dt.date(ctx.year, EARLIEST_MONTH, 1):  # None: a report without a date
        yield Hit(ctx.where_meta("date"), {"date": f"{date.year}年{date.month}月{date.day}日",
                                           "year": ctx.year, "next": ctx.year + 1})


FZ104 = Rule(
    code="FZ104", name="date-too-early", level=Level.ERROR,
    summary="成文日期早于报告年度结束（常为沿用去年文件时忘了改日期）",
    message="成文日期是{date}，而报告写的是{year}年全年的情况",
    fix="请改为实际成文日期，一般在{next}年第一季度，如 {next}-03-10",
    explain="""\
检查什么
  meta.date（成文日期）不能早于报告年度的 11 月 1 日。
为什么
  年度报告总结全年工作，规定在次年第一季度报送；日期落在报告年度之内甚至之前，几乎都是复制
  去年的文件后忘了改日期（2024 年度报告还写着 2024-03-08）。有的部门在 12 月就报送，所以
  11、12 月不提示。
怎么改
  把 date 改为实际成文日期。""",
    check=date_too_early, prose=True,
    prose_fix="请核对落款的成文日期，一般在{next}年第一季度",
)


def date_too_late(ctx: Context) -> Iterator[Hit]:
    date = ctx.report.meta.date
    if date is not None and date.year > ctx.year + 1:
        yield Hit(ctx.where_meta("date"), {"date": f"{date.year}年{date.month}月{date.day}日",
                                           "year": ctx.year, "next": ctx.year + 1})


FZ105 = Rule(
    code="FZ105", name="date-too-late", level=Level.WARNING,
    summary="成文日期比报告年度晚一年以上",
    message="成文日期是{date}，报告年度却是{year}年",
    fix="年度报告一般在{next}年第一季度成文；请核对 meta.year 和 meta.date 是否有一个写错",
    explain="""\
检查什么
  meta.date 的年份比 meta.year 晚两年或更多。
为什么
  规定要求每年第一季度报告上一年度的情况；相差两年多半是 year 忘了改。
怎么改
  核对 meta.year（报告年度）和 meta.date（成文日期）。""",
    check=date_too_late, prose=True,
    prose_fix="年度报告一般在{next}年第一季度成文；请核对标题中的年份和落款日期是否有一个写错",
)

# ---------------------------------------------------------------- FZ106
# Rules that read the report year. A finished report's prose may not say it (no year in its
# title, opening or headings): then check/prose.py leaves them out and FZ106 says so.
YEAR_RULES = ("FZ101", "FZ103", "FZ104", "FZ105", "FZ401", "FZ402", "FZ403", "FZ404")


def year_unknown(ctx: Context) -> Iterator[Hit]:
    if ctx.prose and ctx.year is None:
        yield Hit(Where(None, "", block=-1), {"skipped": "、".join(YEAR_RULES)})


FZ106 = Rule(
    code="FZ106", name="report-year-unknown", level=Level.INFO, prose=True,
    summary="看不出报告的年度（核对已写好的报告时），年份未核对",
    message="标题、开头段和落款中都看不出报告的年度，没有核对年份（{skipped}）",
    fix="标题写明年度（如“××县人民政府关于2024年度法治政府建设情况的报告”）后可再核对",
    explain="""\
检查什么
  核对已写好的报告（fazhi-draft check 报告.docx）时，报告年度从标题（“2024年度”）、开头段
  （“2024年，我县……”“现将2024年……报告如下”）、下一年度安排的标题（“2025年工作计划”）
  或落款日期读出。都读不出时，依赖年度的规则（必备部分的标题、成文日期、安排中的往年年份、
  过期的提法）不运行，这一条提示说明这一点。YAML 里年度是必填的，不会出现。
为什么
  不知道是哪一年的报告，就无从判断“2024年”是今年还是往年，宁可不查，也不误报。
怎么改
  在标题中写明年度；数字的核对不受影响。""",
    check=year_unknown,
)

RULES = (FZ001, FZ002, FZ003, FZ101, FZ102, FZ103, FZ104, FZ105, FZ106)
