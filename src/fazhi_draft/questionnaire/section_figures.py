"""One section's figures: each indicator asked, broken relations questioned at once, custom figures.

A figure's prompt offers the saved answer or last year's figure; after each answer the
section's relations involving it are judged (relations.py) and the person either keeps
the figure or re-enters one of those involved. Last year's comment on a figure goes with it.
"""

from __future__ import annotations

from fazhi_draft.figures.numbers import COMPUTE_WORD
from fazhi_draft.figures.relations import computable_rates
from fazhi_draft.questionnaire import questions as Q
from fazhi_draft.questionnaire.flow import Flow
from fazhi_draft.questionnaire.relations import derived_rate, parsed_figures, relation_problems
from fazhi_draft.questionnaire.state import Comment
from fazhi_draft.structure import Section


def ask_figure(flow: Flow, section: Section, key: str, *, force: bool = False, check: bool = True) -> None:
    """Ask indicator `key` (unless answered before and `force` is off), then check its relations."""
    if not force and flow.skip(section.key, key):
        return
    ind = flow.spec.indicator(key)
    sec = flow.answers(section.key)
    last_fig = flow.last_figure(section.key, key)
    saved = sec.figures.get(key)
    derived = derived_rate(section, key, parsed_figures(section, sec))
    if derived is not None and last_fig not in (None, COMPUTE_WORD) and saved is None \
            and not flow.answered(section.key, key):
        default = derived  # this year's counts give the rate: offer that, never last year's rate
    else:
        default = flow.default_answer(section.key, key, saved, last_fig)
    answer = Q.normalise_figure(flow.ask(Q.figure_question(section.key, ind, default=default, last=last_fig,
                                                           derived=derived,
                                                           computable=key in computable_rates(section))))
    if answer:
        sec.figures[key] = answer
    else:
        sec.figures.pop(key, None)
    carry_note(flow, section.key, key, answer, last_fig)
    flow.mark(section.key, key, at=f"{section.title} / {ind.label}")
    if check:
        check_relations(flow, section, {key})


def check_relations(flow: Flow, section: Section, touched: set[str]) -> None:
    """Question a broken relation at once; the person keeps it or re-enters a figure."""
    touched = set(touched)
    while True:
        figures = parsed_figures(section, flow.state.sections.get(section.key))
        problems = [p for p in relation_problems(section, figures, touched)
                    if not flow.accepted.intersection(p.signatures)]
        if not problems:
            return
        problem = problems[0]
        labels = {i.key: i.label for i in section.indicators}
        choices = [("keep", "确定无误，保留")] + [(k, f"重新填写“{labels[k]}”") for k in problem.keys]
        choice = flow.ask(Q.select_question(f"{section.key}.relation", problem.message, choices))
        if choice == "keep":
            flow.accepted.update(problem.signatures)
            continue
        ask_figure(flow, section, choice, force=True, check=False)
        touched.add(choice)


def last_note(flow: Flow, section_key: str, key: str) -> Comment | None:
    """Last year's comment on a figure (`# 来源：…`); None when it had none."""
    sec = flow.last_state.sections.get(section_key) if flow.last_state else None
    return sec.notes.get(key) if sec else None


def carry_note(flow: Flow, section_key: str, key: str, answer: str, last: str | None) -> None:
    """A comment on last year's figure goes with the figure: as it was when the figure is
    carried over unchanged, marked as last year's when the figure changed; with the figure
    left out it goes too. A comment of this year's (a reopened file's) is left alone."""
    note = last_note(flow, section_key, key)
    if not note:
        return
    sec = flow.answers(section_key)
    changed = note.marked(f"（去年{last}时的注释）")
    if sec.notes.get(key) not in (None, note, changed):
        return
    if not answer:
        sec.notes.pop(key, None)
    else:
        sec.notes[key] = note if answer == last else changed


def _last_custom(flow: Flow, key: str) -> dict[str, tuple[dict[str, str], str | None]]:
    """Last year's custom figures of a section: yaml key -> ({label, unit}, value as written)."""
    last_sec = flow.last_section(key)
    if last_sec is None:
        return {}
    return {ykey: ({"label": decl.label, "unit": decl.unit}, flow.last_figure(key, ykey))
            for ykey, decl, _ in last_sec.custom}


def ask_custom(flow: Flow, section: Section) -> None:
    """Last year's custom figures (value again, empty drops it), then new ones."""
    key = section.key
    sec = flow.answers(key)
    last_custom = _last_custom(flow, key)
    for ykey in [*last_custom, *(k for k in sec.custom if k not in last_custom)]:
        if not flow.skip(key, f"custom:{ykey}"):
            edit_custom(flow, section, ykey)
    if flow.skip(key, "custom+"):
        return
    first = True
    while flow.ask(Q.confirm_question(f"{key}.custom+", "本节还有标准结构里没有的数字要写吗？" if first
                                      else "再添加一个吗？", False)):
        first = False
        add_custom(flow, section)
    flow.mark(key, "custom+")


def edit_custom(flow: Flow, section: Section, ykey: str) -> None:
    """Ask one custom figure's value again (its saved value, else last year's, as the default);
    an empty answer (or -) drops it."""
    key = section.key
    sec = flow.answers(key)
    item = f"custom:{ykey}"
    decl, last_value = _last_custom(flow, key).get(ykey, (sec.custom.get(ykey), None))
    if decl is None:
        return
    saved = sec.custom[ykey]["value"] if ykey in sec.custom else None
    default = flow.default_answer(key, item, saved, last_value)
    q = Q.custom_value_question(f"{key}.{ykey}", decl["label"], decl.get("unit", ""), default=default,
                                last=last_value)
    answer = Q.normalise_figure(flow.ask(q))
    if answer:
        sec.custom[ykey] = {"label": decl["label"], "value": answer, "unit": decl.get("unit", "")}
    else:
        sec.custom.pop(ykey, None)
    carry_note(flow, key, ykey, answer, last_value)
    flow.mark(key, item, at=f"{section.title} / {decl['label']}")


def add_custom(flow: Flow, section: Section) -> bool:
    """A figure the spec does not know, asked in the README's order: 名称, 单位, 数值.
    Returns False when no value was given (nothing is added)."""
    key = section.key
    sec = flow.answers(key)
    label = flow.ask(Q.text_question(f"{key}.custom.label", "名称", hint="如 实现“跨省通办”的政务服务事项"))
    unit = flow.ask(Q.unit_question(f"{key}.custom.unit"))
    value = Q.normalise_figure(flow.ask(Q.custom_value_question(f"{key}.custom.value", label, unit)))
    if not value:
        flow.say("没有填数值，这个数字未添加。")
        return False
    taken = {*sec.custom, *_last_custom(flow, key)}
    n = 1
    while f"custom_{n}" in taken:
        n += 1
    ykey = f"custom_{n}"
    sec.custom[ykey] = {"label": label, "value": value, "unit": unit}
    flow.mark(key, f"custom:{ykey}", at=f"{section.title} / {label}")
    return True
