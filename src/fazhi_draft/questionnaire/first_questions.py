"""The questions before the sections: organ, kind, year and date; last year's opening
paragraph; which sections to answer.

Defaults come from the answers saved so far, then last year's file, then a guess
(the organ kind from the name's ending, last year as the report year, today as the date).
"""

from __future__ import annotations

import re

from fazhi_draft.input.model import counts_as, figures_by_home
from fazhi_draft.questionnaire import questions as Q
from fazhi_draft.questionnaire.flow import Flow
from fazhi_draft.questionnaire.progress import move_progress, progress_path
from fazhi_draft.questionnaire.reuse import shift_years
from fazhi_draft.questionnaire.state import Comment
from fazhi_draft.structure import Spec


def ask_meta(flow: Flow, only: str | None = None) -> None:
    """Organ, kind, year and date (those not answered yet); `only`: that one, answered or not."""
    last = flow.last.report.meta if flow.last else None
    meta = flow.state.meta

    def question(name: str) -> Q.Question:
        defaults = {
            "organ": meta.get("organ") or (last.organ if last else ""),
            "kind": meta.get("kind") or (last.kind if last else flow.spec.guess_kind(meta.get("organ", ""))),
            "year": meta.get("year") or ((last.year + 1) if last else flow.today.year - 1),
            "date": meta.get("date") or flow.today.isoformat(),
        }
        return Q.meta_questions(flow.spec, defaults)[name]

    if _wanted(flow, "organ", only):
        meta["organ"] = flow.ask(question("organ")).strip()
        flow.mark("meta", "organ", at="机关名称")
    if _wanted(flow, "kind", only):
        meta["kind"] = flow.ask(question("kind"))
        flow.mark("meta", "kind", at="机关类型")
    if _wanted(flow, "year", only):
        meta["year"] = Q.parse_year(flow.ask(question("year")))
        if last is not None:
            if meta["year"] == last.year:
                flow.say(f"注意：年度与沿用的文件相同（{last.year}年），请确认没有填错。")
            if last.self_ref and not meta.get("self_ref"):
                meta["self_ref"] = last.self_ref
            if last.title:
                meta["title"] = shift_years(last.title, {last.year: meta["year"]})
                flow.say(f"标题沿用去年的写法：{meta['title']}")
        _follow_year(flow)
        flow.mark("meta", "year", at="报告年度")
    if _wanted(flow, "date", only):
        value = Q.parse_date_answer(flow.ask(question("date")))
        meta["date"] = value.isoformat()
        flow.mark("meta", "date", at="成文日期")


def _wanted(flow: Flow, name: str, only: str | None) -> bool:
    return name == only if only is not None else not flow.skip("meta", name)


def _follow_year(flow: Flow) -> None:
    """Without -o the output is named after the year (2024.yaml): follow a changed year."""
    if flow.explicit:
        return
    wanted = flow.output.with_name(f"{flow.year}.yaml")
    if wanted == flow.output or progress_path(wanted).exists():
        return
    if flow.progress.exists():
        move_progress(flow.progress, progress_path(wanted))
    flow.output = wanted


def ask_opening(flow: Flow) -> None:
    """Last year's own opening paragraph, if it had one: keep, adjust the year, edit or drop."""
    if not (flow.last and flow.last.report.opening) or flow.skip("opening", "opening"):
        return
    text = flow.state.opening if flow.answered("opening", "opening") else flow.last.report.opening
    shift = {flow.last_year: flow.year} if flow.last_year != flow.year else {}
    found = flow.say_last_years_text("\n去年的文件写了自己的开头段：", text or "（已删除）", shift)
    choices = [("keep", "保留")]
    if found:
        choices.append(("year", "把文中的年份改为今年后保留"))
    choices += [("edit", "修改"), ("drop", "删除（改用自动生成的开头段）")]
    choice = flow.ask(Q.select_question("opening", "开头段怎么处理？", choices))
    if choice == "year":
        flow.state.opening = shift_years(text or "", shift)
    elif choice == "edit":
        answer = flow.ask(Q.lines_question("opening.edit", "修改开头段", default=text or "", required=True))
        flow.state.opening = "".join(line.strip() for line in answer.splitlines())
    elif choice == "drop":
        flow.state.opening = None
    else:
        flow.state.opening = text
    flow.mark("opening", "opening", at="开头段")


def carry_layout(flow: Flow) -> None:
    """Last year's layout comes along (issue 15 item 1): its order of parts and sections,
    part 一's own title and the sections it named itself (title, like, and their points and
    custom figures, carried over to confirm: the points marked `carried`, each custom figure
    待补 with last year's value in its comment), and where each figure stood. Standard
    sections are asked as always; their own titles come along when they are asked."""
    last = flow.last_state
    if last is None or flow.state.layout is not None or flow.reopened:
        return
    shift = {flow.last_year: flow.year} if flow.last_year and flow.last_year != flow.year else {}
    standard = {s.key for s in flow.spec.sections}
    flow.state.layout = [list(entry) for entry in last.layout or []]
    flow.state.part_titles = {k: shift_years(t, shift) for k, t in last.part_titles.items()}
    flow.state.holders = dict(last.holders)
    for key, sec in last.sections.items():
        if key in standard or key in flow.state.sections:
            continue
        own = flow.answers(key)
        own.title = shift_years(sec.title, shift) if sec.title else sec.title
        own.like = sec.like
        own.points = [{**point, "carried": True} for point in sec.points]
        for ckey, decl in sec.custom.items():
            own.custom[ckey] = {**decl, "value": "待补"}
            own.notes[ckey] = Comment((), f"去年：{decl['value']}{decl.get('unit', '')}")
    if any(k not in standard for k in last.sections):
        flow.say("去年自己命名的部分已沿用（标题和要点待核实，自定义数字待补）：" + "、".join(
            _short(s.title or k) for k, s in last.sections.items() if k not in standard))
    flow.save()


def ask_sections(flow: Flow) -> None:
    """Which sections to answer: those filled last year and the required ones are ticked."""
    if flow.skip("sections", "chosen"):
        return
    filled: set[str] = set()
    if flow.last:  # a section counts as filled where its figures or its like stood (issue 15)
        report = flow.last.report
        filled = {counts_as(report, flow.spec, k) for k, s in report.sections.items() if not s.is_empty}
        filled = {k for k in filled if k} | set(figures_by_home(report, flow.spec))
    required = {s.key for p in flow.spec.parts if p.required and p.flat for s in p.sections}
    checked = set(flow.state.chosen) if flow.state.chosen is not None else filled | required
    answer = list(flow.ask(Q.sections_question(flow.spec, checked, filled)) or [])
    for key in list(flow.state.chosen or []):
        sec = flow.state.sections.get(key)
        if key in answer or sec is None or sec.is_empty:
            continue
        title = flow.spec.section(key).title
        if flow.ask(Q.confirm_question(f"drop.{key}", f"不填“{title}”了吗？已经填写的内容将删去", False)):
            flow.state.sections.pop(key, None)
            flow.state.done.pop(key, None)
            flow.state.carried.pop(key, None)
        else:
            answer.append(key)
    flow.state.chosen = flow.in_spec_order(set(answer))
    flow.say(f"  已选 {len(flow.state.chosen)} 节：" + "、".join(_short(flow.spec.section(k).title)
                                                             for k in flow.state.chosen))
    for key in flow.in_spec_order(required - set(answer)):
        flow.say(f"注意：“{flow.spec.section(key).title}”是规定必须报告的内容，没有选它，初稿中将缺少这一部分。")
    flow.mark("sections", "chosen", at="选择小节")


def _short(title: str, size: int = 12) -> str:
    head = re.split("[，,]", title)[0]
    return head if len(head) <= size else head[: size - 1] + "…"
