"""Findings as text for a person, as JSON for scripts; the rule list and explanations."""

from __future__ import annotations

import json
from itertools import groupby
from typing import TextIO

from fazhi_draft.check.base import Finding, Level
from fazhi_draft.check.engine import CheckResult
from fazhi_draft.check.registry import RULES, rule
from fazhi_draft.errors import printable
from fazhi_draft.structure import load_spec

_END = ("。", "！", "？", "；")


def finding_line(f: Finding) -> str:
    """samples/2024.yaml:57 错误 FZ201 measures.disputes.figures.x：message。fix

    A finding in a report's prose names the paragraph and quotes the sentence:
    报告.docx 第35段 警告 FZ204 message（原文：“……”）。fix"""
    if f.line is not None:
        where = f"{f.file}:{f.line}"
    else:
        where = f"{f.file} {f.place}" if f.place else f"{f.file}"
    text = f.message
    if f.quote:
        text = text.rstrip("。") + f"（原文：“{f.quote}”）"
    if f.fix:
        text += ("" if text.endswith(_END) else "。") + f.fix
    if not text.endswith(_END):
        text += "。"
    field = f"{f.field}：" if f.field else ""
    return printable(f"{where} {f.level.value} {f.code} {field}{text}")


def summary_line(result: CheckResult) -> str:
    e, w, i = (result.count(level) for level in Level)
    pending = sum(1 for f in result.findings if rule(f.code).reports_pending)
    parts = []
    if e or w or i:
        parts.append(f"{e} 个错误，{w} 个警告，{i} 条提示")
        if pending:
            parts[-1] += f"（其中待补 {pending} 处）"
    else:
        parts.append("未发现问题")
    if result.ignored:
        parts.append(f"已按设置忽略 {result.ignored} 条")
    if result.prior_year is not None:
        parts.append(f"已与 {result.prior_year} 年度（{result.prior_path}）比较")
    if result.recognised is not None:
        parts.append(f"从正文中认出 {result.recognised} 项指标的数字并据此核对")
    return printable(f"{result.path}：" + "；".join(parts) + "。")


KEY_MARK = "★"
KEY_LEGEND = "★ 主要数据：fazhi-draft render --table 附在报告后的同比表中的行"


def changes_text(result: CheckResult, titles: dict[str, str], keys: frozenset[str] = frozenset()) -> list[str]:
    """The year-on-year list, grouped by section; the key figures (`keys`) marked ★."""
    if not result.changes:
        return []
    out = [f"同比（与{result.prior_year}年度相比）："]
    for section, rows in groupby(result.changes, key=lambda c: c.section):
        out.append(f"  {titles.get(section, section)}")
        for c in rows:
            change = f"，{c.change}" if c.change else ""
            star = KEY_MARK if c.key in keys else ""
            out.append(f"    {star}{c.label}：{c.prior} → {c.current}{change}")
    if any(c.key in keys for c in result.changes):
        out.append(f"  {KEY_LEGEND}")
    return out


def print_changes_table(result: CheckResult, file: TextIO, *, colors: bool) -> None:
    """The year-on-year list as a table on a terminal (rich, imported only here): the columns
    of the attachment table (指标, 单位, this year, last year, 增减), a band per section, the
    key figures marked ★ and in bold."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    spec = load_spec()
    titles = {s.key: s.title for s in spec.sections}
    keys = frozenset(spec.key_figures.indicators)
    year = result.prior_year + 1 if result.prior_year is not None else ""
    table = Table(title=f"同比（与{result.prior_year}年度相比）", title_justify="left", expand=True,
                  caption=KEY_LEGEND if any(c.key in keys for c in result.changes) else None,
                  caption_justify="left")
    # Chinese has no spaces to wrap at: long cells fold onto the next line (never cut off with …).
    table.add_column("指标", overflow="fold", ratio=5)
    table.add_column("单位", justify="center", no_wrap=True)
    table.add_column(f"{year}年", justify="right", overflow="fold", ratio=2)
    table.add_column(f"{result.prior_year}年", justify="right", overflow="fold", ratio=2)
    table.add_column("增减", justify="center", overflow="fold", ratio=3)
    for n, (section, rows) in enumerate(groupby(result.changes, key=lambda c: c.section)):
        if n:
            table.add_section()
        # the section's title as a band, on one line (cut short with … where it is long)
        table.add_row(Text(titles.get(section, section), no_wrap=True, overflow="ellipsis"), style="dim")
        for c in rows:
            key = c.key in keys
            table.add_row((KEY_MARK if key else "") + c.label, c.unit if not c.left_out else "",
                          c.current_cell, c.prior_value, c.change, style="bold" if key else None)
    Console(file=file, force_terminal=True, no_color=not colors, highlight=False,
            emoji=False, markup=False).print(table)


def human(result: CheckResult, *, with_changes: bool = True) -> str:
    spec = load_spec()
    titles = {s.key: s.title for s in spec.sections}  # year-on-year lines are grouped by section
    lines = changes_text(result, titles, frozenset(spec.key_figures.indicators)) if with_changes else []
    if lines:
        lines.append("")
    lines.extend(finding_line(f) for f in result.findings)
    lines.append(summary_line(result))
    return "\n".join(lines)


def as_json(result: CheckResult) -> str:
    return json.dumps([f.as_dict() for f in result.findings], ensure_ascii=False, indent=2)


def rules_table() -> str:
    out = ["代码    级别  说明"]
    for r in RULES.values():
        fix = "（可 --fix）" if r.fixable else ""
        out.append(f"{r.code}   {r.level.value}  {r.summary}{fix}")
    out.append("")
    out.append("查看某条规则的详细说明：fazhi-draft check --explain FZ201")
    return "\n".join(out)


def explain(code: str) -> str:
    r = rule(code)
    head = f"{r.code} {r.name}（{r.level.value}）：{r.summary}"
    tail = []
    if r.fixable:
        tail.append("可用 fazhi-draft check 文件.yaml --fix 自动修复。")
    if r.ignorable:
        tail.append(f"忽略：命令行 --ignore {r.code}；文件中 check: {{ignore: [{r.code}]}}；"
                    f"单独一行在行末加 # check: ignore {r.code}。")
    else:
        tail.append("这条规则不能忽略。")
    return "\n".join([head, "", r.explain, "", *tail])
