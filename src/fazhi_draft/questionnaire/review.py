"""After the sections: the summary of what was filled, the checker's findings, and changing
one answer from there.

The summary is a table per section, then the checker's findings: the checker runs on the
progress file as it stands (it is an input YAML), so the person sees the same findings
`fazhi-draft check` would give, before anything is written.

Changing one answer: without it, changing the 19th figure of a section meant answering the
whole section again. Here the person picks 基本信息 or a section, sees each figure with its
value and each point with its opening words, and changes just that one (a figure's
relations are checked again at once); then back to the list (to change another), and with
完成 back to the summary. The final menu that offers both is run.py's.
"""

from __future__ import annotations

import importlib.util
import re

from fazhi_draft.errors import UserError
from fazhi_draft.input.load import load_report
from fazhi_draft.questionnaire import first_questions, section_figures, section_points
from fazhi_draft.questionnaire import questions as Q
from fazhi_draft.questionnaire.flow import Flow
from fazhi_draft.structure import Section


def show_summary(flow: Flow) -> None:
    """A table of what was filled, then the checker's findings when a checker exists."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{flow.state.meta.get('organ', '')} {flow.year}年度 填写情况", show_lines=False)
    for name, justify in (("部分", "left"), ("数字", "right"), ("待补", "right"), ("要点", "right"),
                          ("沿用未确认", "right")):
        table.add_column(name, justify=justify)
    totals = [0, 0, 0, 0]
    same = 0
    for part in flow.spec.parts:
        for section in part.sections:
            sec = flow.state.sections.get(section.key)
            if sec is None or sec.is_empty:
                continue
            figures = len(sec.figures) + len(sec.custom)
            pending = sum(1 for v in [*sec.figures.values(), *(c["value"] for c in sec.custom.values())]
                          if v == "待补")
            carried = sum(1 for p in sec.points if p.get("carried"))
            row = [figures, pending, len(sec.points), carried]
            totals = [a + b for a, b in zip(totals, row)]
            name = section.title if len(section.title) <= 18 else section.title[:17] + "…"
            table.add_row(name, *(str(v) if v else "" for v in row))
            same += sum(1 for k, v in sec.figures.items() if v != "待补" and v == flow.last_figure(section.key, k))
    table.add_row("合计", *(str(v) for v in totals), end_section=True)
    flow.say("")
    console = Console(file=flow.out, width=100, highlight=False)
    console.print(table)
    if same and not _checker_available():  # else the checker says it
        flow.say(f"有 {same} 个数字与去年完全相同（回车沿用了去年的数？），请逐一核对。")
    left_out = cleared(flow)
    if left_out:
        flow.say(f"今年不写的数字（去年有，已按你的回答留空）：{'、'.join(left_out)}")
    for part in flow.spec.parts:
        if part.required and part.flat:
            sec = flow.state.sections.get(part.key)
            if sec is None or sec.is_empty:
                flow.say(f"缺少必备部分：{part.title.format(next_year=flow.year + 1)}")
    flow.say(checker_findings(flow))


def cleared(flow: Flow) -> list[str]:
    """The figures answered empty (- or 不填) that last year's file has, as 名称（去年：46件）."""
    out = []
    for key in flow.state.chosen or []:
        sec = flow.state.sections.get(key)
        section = flow.spec.section(key)
        for ind in section.indicators:
            last = flow.last_figure(key, ind.key)
            if last is not None and flow.answered(key, ind.key) and (sec is None or ind.key not in sec.figures):
                out.append(f"{ind.label}（去年：{last}{'' if ind.unit == '%' and '%' in last else ind.unit}）")
        last_sec = flow.last_section(key)
        for ykey, decl, fig in last_sec.custom if last_sec is not None else []:
            if flow.answered(key, f"custom:{ykey}") and (sec is None or ykey not in sec.custom):
                out.append(f"{decl.label}（去年：{fig.text}{decl.unit}）")
    return out


def checker_findings(flow: Flow) -> str:
    """The checker's findings on the answers so far, or a note that there is no checker.
    Counts the errors in `flow.errors`, for the final menu."""
    if not _checker_available():
        return "检查：fazhi_draft.check 尚未提供，本次未做核对。"
    flow.save()
    try:
        from fazhi_draft.check import check_loaded

        loaded = load_report(flow.progress, flow.spec)
        result = check_loaded(loaded, today=flow.today, spec=flow.spec)
    except UserError as exc:
        return f"检查发现输入有问题：\n{exc.render()}"
    except Exception as exc:  # noqa: BLE001 - another module's bug must not lose the answers
        return f"检查器运行出错，已跳过：{exc}"
    flow.errors = sum(1 for f in result.findings if f.level.name == "ERROR")
    if not result.findings:
        return "检查：未发现问题。"
    lines = [f"检查发现 {len(result.findings)} 处（可选“修改某一个答案”；写入后运行 fazhi-draft check 可逐条查看）："]
    by_code: dict[str, list] = {}
    for f in result.findings:
        by_code.setdefault(f.code, []).append(f)
    for code, found in by_code.items():
        f = found[0]
        if len(found) == 1:
            fix = f"{'' if f.message.endswith(('。', '？', '！')) else '。'}{f.fix}" if f.fix else ""
            lines.append(f"  {f.level.value} {code} {f.message}{fix}")
        else:
            lines.append(f"  {f.level.value} {code} {_rule_summary(code) or f.message}：{len(found)} 处")
    return "\n".join(lines)


def _checker_available() -> bool:
    """The checker is imported only when used (and the questionnaire works without it)."""
    return importlib.util.find_spec("fazhi_draft.check") is not None


def _rule_summary(code: str) -> str:
    try:
        from fazhi_draft.check.registry import rule

        return rule(code).summary
    except Exception:  # noqa: BLE001 - only a shorter line is lost
        return ""


# ---------------------------------------------------------------- changing one answer
BACK = "back"


def edit_answers(flow: Flow) -> None:
    """Pick a section (or 基本信息), then change its answers one at a time; 完成 goes back to
    the summary."""
    options = [("meta", "基本信息（机关名称、类型、年度、成文日期、开头段）")]
    for key in flow.state.chosen or []:
        sec = flow.state.sections.get(key)
        count = f"（{len(sec.figures) + len(sec.custom)}个数字，{len(sec.points)}条要点）" if sec else "（未填）"
        options.append((key, _head(flow.spec.section(key).title) + count))
    options.append((BACK, "← 不改了，返回汇总"))
    key = flow.ask(Q.select_question("edit.section", "修改哪一部分？", options))
    if key == "meta":
        _edit_meta(flow)
    elif key != BACK:
        edit_section(flow, flow.spec.section(key))


def edit_section(flow: Flow, section: Section) -> None:
    """The section's figures and points, each with its value; change one at a time."""
    key = section.key
    while True:
        sec = flow.answers(key)
        options = [(BACK, "← 完成，返回汇总")]
        for ind in section.indicators:
            value = sec.figures.get(ind.key)
            shown = "（未填）" if value is None else value if value == "待补" or value.endswith(ind.unit) \
                else f"{value}{ind.unit}"
            options.append((f"figure:{ind.key}", f"{ind.label}：{shown}"))
        for ykey, decl in sec.custom.items():
            options.append((f"custom:{ykey}", f"{decl['label']}：{decl['value']}{decl.get('unit', '')}（自定义）"))
        if section.indicators:
            options.append(("custom+", "＋ 添加一个标准结构之外的数字"))
        for j, p in enumerate(sec.points):
            tag = "（沿用未确认）" if p.get("carried") else ""
            options.append((f"point:{j}", f"要点{j + 1}：{_short(p.get('title') or p['text'], 26)}{tag}"))
        options.append(("points+", "＋ 添加一条要点"))
        choice = flow.ask(Q.select_question(f"edit.{key}", f"“{_head(section.title)}”：改哪一项？", options))
        if choice == BACK:
            return
        what, _, item = choice.partition(":")
        if what == "figure":
            section_figures.ask_figure(flow, section, item, force=True)
        elif what == "custom":
            section_figures.edit_custom(flow, section, item)
        elif what == "custom+":
            section_figures.add_custom(flow, section)
        elif what == "point":
            section_points.edit_point(flow, key, int(item))
        elif what == "points+":
            section_points.add_point(flow, section)
        flow.save()


def _edit_meta(flow: Flow) -> None:
    meta = flow.state.meta
    while True:
        kinds = {k.key: k.label for k in flow.spec.organ_kinds}
        options = [(BACK, "← 完成，返回汇总"),
                   ("organ", f"机关名称：{meta.get('organ') or '（未填）'}"),
                   ("kind", f"机关类型：{kinds.get(meta.get('kind'), meta.get('kind') or '（未填）')}"),
                   ("year", f"报告年度：{meta.get('year') or '（未填）'}"),
                   ("date", f"成文日期：{meta.get('date') or '（未填）'}"),
                   ("opening", f"开头段：{_short(flow.state.opening, 24) if flow.state.opening else '（自动生成）'}")]
        choice = flow.ask(Q.select_question("edit.meta", "改哪一项？", options))
        if choice == BACK:
            return
        if choice == "opening":
            answer = flow.ask(Q.lines_question("opening.edit", "开头段（清空后回车＝不写，由工具生成）",
                                               default=flow.state.opening or ""))
            flow.state.opening = "".join(line.strip() for line in answer.splitlines()) or None
            flow.mark("opening", "opening", at="开头段")
        else:
            first_questions.ask_meta(flow, only=choice)


def _short(text: str, size: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _head(title: str, size: int = 20) -> str:
    """A section title up to its first comma: 健全社会矛盾纠纷行政预防调处化解体系."""
    return _short(re.split("[，,]", title)[0], size)
