"""Changing one answer from the summary: pick a section, then one figure or point.

Without this, changing the 19th figure of a section meant answering the whole section
again. Here the person picks 基本信息 or a section, sees each figure with its value and each
point with its opening words, and changes just that one (a figure's relations are checked
again at once); then back to the list (to change another), and with 完成 back to the summary.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fazhi_draft.questionnaire import questions as Q
from fazhi_draft.questionnaire import figures, first_questions, points
from fazhi_draft.structure import Section

if TYPE_CHECKING:
    from fazhi_draft.questionnaire.flow import Flow

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
            figures.ask_figure(flow, section, item, force=True)
        elif what == "custom":
            figures.edit_custom(flow, section, item)
        elif what == "custom+":
            figures.add_custom(flow, section)
        elif what == "point":
            points.edit_point(flow, key, int(item))
        elif what == "points+":
            points.add_point(flow, section)
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
