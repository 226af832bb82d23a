"""The order of a run: the first questions, each chosen section, then the final menu.

This is the one module that calls the steps (first_questions, section_figures,
section_points, review) one after another; each step takes the `Flow` and imports only it
and the records it needs, never this module.
"""

from __future__ import annotations

from fazhi_draft.questionnaire import first_questions, review, section_figures, section_points
from fazhi_draft.questionnaire import questions as Q
from fazhi_draft.questionnaire.flow import Flow


def run(flow: Flow) -> str:
    """Ask everything still to ask; returns 'write' or 'stop'.

    A reopened finished file goes straight to the summary; with `only_section` (a
    department's late figures: `new --section disputes`) only that section is asked."""
    first_questions.ask_meta(flow)
    first_questions.carry_layout(flow)
    if flow.only_section is not None:
        answer_section(flow, flow.only_section)
    elif not flow.reopened:
        first_questions.ask_opening(flow)
        first_questions.ask_sections(flow)
        chosen = flow.state.chosen or []
        for n, key in enumerate(chosen, 1):
            ask_section(flow, key, n, len(chosen))
    while True:
        review.show_summary(flow)
        errors = f"（核对仍有 {flow.errors} 个错误，可先生成，改好后再 render）" if flow.errors else ""
        write = "写回 YAML 并重新生成 Word 初稿" if flow.reopened else "生成 YAML 和 Word 初稿"
        choice = flow.ask(Q.select_question("final", "问卷已答完。接下来：", [
            ("write", write + errors),
            ("edit", "修改某一个答案（先选小节，再选数字或要点）"),
            ("revise", "回到某一节，逐题重答"),
            ("stop", "先不生成，保存进度退出"),
        ]))
        if choice == "edit":
            review.edit_answers(flow)
            continue
        if choice != "revise":
            return choice
        chosen = flow.state.chosen or []
        options = [(s.key, ("✓ " if s.key in chosen else "  ") + s.title) for s in flow.spec.sections]
        key = flow.ask(Q.select_question("revise", "修改哪一节？（✓ 为已选的小节）", options,
                                         default=chosen[0] if chosen else None))
        answer_section(flow, key)


def answer_section(flow: Flow, key: str) -> None:
    """Ask one section again, every question of it, the answers so far as defaults."""
    chosen = flow.state.chosen or []
    if key not in chosen:
        flow.state.chosen = flow.in_spec_order([*chosen, key])
        flow.save()
    flow.revisit = {key}
    try:
        ask_section(flow, key, (flow.state.chosen or []).index(key) + 1, len(flow.state.chosen or []))
    finally:
        flow.revisit = set()


def ask_section(flow: Flow, key: str, n: int, total: int) -> None:
    """One section: its heading, its figures, custom figures and points."""
    section = flow.spec.section(key)
    part = flow.part_of(key)
    sec = flow.answers(key)
    last_sec = flow.last_section(key)
    if last_sec is not None and last_sec.title and sec.title is None:
        sec.title = last_sec.title
    heading = section.title if part.flat else f"{part.title} › {section.title}"
    flow.say(f"\n━━ 第{n}/{total}节　{heading} ━━")
    if part.flat and part.hint:
        flow.say(part.hint)
    for ind in section.indicators:
        section_figures.ask_figure(flow, section, ind.key)
    if section.indicators:
        section_figures.ask_custom(flow, section)
    section_points.ask_points(flow, section, part)
