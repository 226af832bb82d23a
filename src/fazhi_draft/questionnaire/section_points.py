"""One section's points: last year's offered one by one, then new ones typed.

A carried point is kept flagged (`carried: true`, to be checked), confirmed, kept with its
years moved on, edited or dropped; `State.carried` records each decision by index, so a
resumed run knows which of this year's points came from which of last year's.
"""

from __future__ import annotations

import re
from typing import Any

from fazhi_draft.figures import intext
from fazhi_draft.questionnaire import questions as Q
from fazhi_draft.questionnaire.flow import Flow
from fazhi_draft.questionnaire.reuse import shift_years, year_changes, year_map
from fazhi_draft.structure import Part, Section


_SUB = re.compile(r"^[（(]\s*[0-9０-９]+\s*[)）]\s*")  # （1） (1) starts a sub-item


def split_point(text: str) -> dict[str, Any]:
    """A typed point: several lines -> the first is the run-in title, the rest the text;
    lines from one starting （1） on are its sub-items, each titled the same way:

        完善矛盾纠纷多元化解机制
        推进县、乡两级综治中心规范化建设……
        （1）做实诉调对接
        在县人民法院诉讼服务中心派驻人民调解员4名……
        （2）依托“法律明白人”开展矛盾纠纷月排查。
    """
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    head: list[str] = []
    subs: list[list[str]] = []
    for line in lines:
        m = _SUB.match(line)
        if m and head:
            subs.append([line[m.end():].strip()])
        elif subs:
            subs[-1].append(line)
        else:
            head.append(line)
    point = _titled(head)
    items = [_titled([line for line in block if line]) for block in subs]
    items = [item for item in items if item.get("text")]
    if items:
        point["items"] = items
    return point


def _titled(lines: list[str]) -> dict[str, Any]:
    if len(lines) >= 2:
        return {"title": lines[0].rstrip("。：:；;"), "text": "".join(lines[1:])}
    return {"text": lines[0] if lines else ""}


def point_lines(p: dict[str, Any]) -> str:
    """A point as it is typed (and shown): its title (if any) on the first line, then the
    text, then its sub-items （1）（2）… (see split_point)."""
    out = [p["title"]] if p.get("title") else []
    out.append(p["text"])
    for n, item in enumerate(p.get("items") or [], 1):
        if item.get("title"):
            out += [f"（{n}）{item['title']}", item["text"]]
        else:
            out.append(f"（{n}）{item['text']}")
    return "\n".join(out)


def point_dict(point: Any) -> dict[str, Any]:
    """A point (model or dict) as the questionnaire keeps it: title, text, sub-items (each a
    title and a text), carried, comment — only what is given; nothing else is dropped."""
    raw = point.model_dump() if hasattr(point, "model_dump") else dict(point)
    out: dict[str, Any] = {k: raw[k] for k in ("title", "text") if raw.get(k)}
    items = [{k: sub[k] for k in ("title", "text") if sub.get(k)}
             for sub in (s.model_dump() if hasattr(s, "model_dump") else s for s in raw.get("items") or [])]
    if items:
        out["items"] = items
    if raw.get("carried"):
        out["carried"] = True
    for key in ("comment", "text_note"):
        if raw.get(key):
            out[key] = raw[key]
    return out


def _shifted(point: dict[str, Any], shift: dict[int, int], plans_year: int | None) -> dict[str, Any]:
    """The point with last year's years moved on in its title, text and sub-items (the
    changes shown before: see reuse.year_changes)."""

    def moved(v: str) -> str:
        return shift_years(v, shift, plans_year=plans_year)

    out = {k: moved(v) if k in ("title", "text") else v for k, v in point.items()}
    if point.get("items"):
        out["items"] = [{k: moved(v) for k, v in sub.items()} for sub in point["items"]]
    return out


def ask_marked_figures(flow: Flow, key: str, point: dict[str, Any]) -> dict[str, Any]:
    """A point carried over: each figure marked in its texts (【29】, figures/intext.py) is
    asked for this year ("去年：反馈问题29个 → 今年？"); the answer goes into the bracket,
    Enter leaves 【待补】 (last year's figure is never kept unasked)."""
    spec = flow.spec

    def ask_text(text: str) -> str:
        marks = intext.marks_of(text, spec)
        numbers: dict[int, str] = {}
        for n, mark in enumerate(marks):
            if mark.compute:
                continue
            unit = mark.unit if mark.key is None else spec.indicator(mark.key).unit
            percent = mark.number.endswith(("%", "％"))  # 【95%】: the % is inside the bracket
            label = f"去年：{intext.shown(mark, spec)} → 今年？"
            answer = Q.normalise_figure(flow.ask(Q.Question(
                key=f"{key}.point.figure", label=label, type="figure", unit=unit, kind="number",
                hint="要点里用【】标出的数字，请填今年的数；回车＝还没拿到（初稿中标为【待补】）",
                validate=Q.figure_validator(False, False, unit, growth=percent or unit == "%"))))
            if answer and answer != "待补" and percent and not answer.endswith(("%", "％")):
                answer += "%"
            numbers[n] = answer or "待补"
        return intext.renumbered(text, spec, numbers) if numbers else text

    out = dict(point)
    for attr in ("title", "text"):
        if out.get(attr):
            out[attr] = ask_text(out[attr])
    if out.get("items"):
        out["items"] = [{k: ask_text(v) if k in ("title", "text") else v for k, v in sub.items()}
                        for sub in out["items"]]
    return out


def _edited(flow: Flow, key: str, point: dict[str, Any]) -> dict[str, Any]:
    """The point as the person rewrites it (its sub-items as （1）（2）… lines); a comment on it stays."""
    new = split_point(flow.ask(Q.lines_question(f"{key}.edit", "修改要点", default=point_lines(point),
                                                required=True)))
    return new | {k: point[k] for k in ("comment", "text_note") if point.get(k)}


# What became of one of last year's points (State.carried): keep / confirm / year / edit, or
DROPPED = "drop"
UNLINKED = "gone"  # a finished file reopened: which of its points came from last year is not known


def decision(flow: Flow, key: str, i: int) -> str | None:
    decisions = flow.state.carried.get(key, [])
    return decisions[i] if i < len(decisions) else None


def origin(flow: Flow, key: str, j: int) -> int | None:
    """Which of last year's points this year's point `j` came from (its index), or None."""
    slot = 0
    for i, d in enumerate(flow.state.carried.get(key, [])):
        if d in (DROPPED, UNLINKED):
            continue
        if slot == j:
            return i
        slot += 1
    return None


def change_point(flow: Flow, key: str, j: int, new: dict[str, Any] | None, how: str) -> None:
    """Replace (or with None, delete) this year's point `j`, keeping the record of which of last
    year's points it came from (`how`: the decision it now stands for) in step; saves."""
    sec = flow.answers(key)
    i = origin(flow, key, j)
    if new is None:
        del sec.points[j]
    else:
        sec.points[j] = new
    if i is not None:
        flow.state.carried[key][i] = DROPPED if new is None else how
    flow.save()


def edit_point(flow: Flow, key: str, j: int) -> None:
    """One of this year's points, from the summary: edit, delete, confirm a carried one, or leave it."""
    sec = flow.answers(key)
    point = sec.points[j]
    flow.say(f"\n要点（{j + 1}）：" + ("（沿用去年，尚未确认）" if point.get("carried") else ""))
    flow.say_indented(point_lines(point))
    choices = [("edit", "修改"), ("drop", "删除")]
    if point.get("carried"):
        choices.insert(1, ("confirm", "确认沿用（去掉“沿用”标记）"))
    choices.append(("back", "不改，返回"))
    choice = flow.ask(Q.select_question(f"{key}.point.edit", "这条要点怎么处理？", choices))
    if choice == "edit":
        change_point(flow, key, j, _edited(flow, key, point), "edit")
    elif choice == "confirm":
        change_point(flow, key, j, {k: v for k, v in point.items() if k != "carried"}, "confirm")
    elif choice == "drop":
        change_point(flow, key, j, None, DROPPED)


def add_point(flow: Flow, section: Section) -> None:
    """A new point at the end of the section (an empty answer adds nothing)."""
    sec = flow.answers(section.key)
    n = len(sec.points) + 1
    text = flow.ask(Q.lines_question(f"{section.key}.points", f"新的要点（第{n}条；直接回车则不添加）"))
    if text:
        sec.points.append(split_point(text))
        flow.state.at = f"{section.title} / 要点第{n}条"
        flow.save()


def last_years_points(flow: Flow, section_key: str) -> list[dict[str, Any]]:
    """Last year's points of a section, every part of each (sub-items, its comment)."""
    last_sec = flow.last_section(section_key)
    if last_sec is None:
        return []
    state = flow.last_state.sections.get(section_key) if flow.last_state else None
    out = []
    for i, p in enumerate(last_sec.points):
        point = point_dict(p)
        if state is not None and i < len(state.points) and state.points[i].get("comment"):
            point["comment"] = state.points[i]["comment"]
        out.append(point)
    return out


def ask_points(flow: Flow, section: Section, part: Part) -> None:
    """Last year's points, then (when revisiting) this year's own, then new ones until an empty answer."""
    key = section.key
    sec = flow.answers(key)
    last_points = last_years_points(flow, key)
    for i, point in enumerate(last_points):
        if decision(flow, key, i) != UNLINKED and not flow.skip(key, f"point:{i}"):
            ask_carried(flow, section, part, i, point, len(last_points))
    decisions = flow.state.carried.get(key, [])
    first_new = sum(1 for d in decisions if d not in (DROPPED, UNLINKED))
    if flow.resume_mode == "confirm" or key in flow.revisit:
        j = first_new
        while j < len(sec.points):  # points added in this run: keep, edit or drop
            flow.say(f"\n本节已写的要点（{j - first_new + 1}）：")
            flow.say_indented(point_lines(sec.points[j]))
            choice = flow.ask(Q.select_question(f"{key}.new", "这条要点怎么处理？",
                                                [("keep", "保留"), ("edit", "修改"), ("drop", "删除")]))
            if choice == "drop":
                del sec.points[j]
                flow.save()
                continue
            if choice == "edit":
                sec.points[j] = _edited(flow, key, sec.points[j])
                flow.save()
            j += 1
    if flow.skip(key, "points+"):
        return
    while True:
        n = len(sec.points) + 1
        label = f"本节要点（第{n}条；直接回车表示本节写完）" if n > 1 or last_points else \
            f"写本节的要点（第{n}条；直接回车表示不写）"
        if not sec.points and part.required and part.flat:
            label = f"写本部分的内容（第{n}条；规定必备，至少写一条）"
        text = flow.ask(Q.lines_question(f"{key}.points", label))
        if not text:
            break
        sec.points.append(split_point(text))
        flow.state.at = f"{section.title} / 要点第{n}条"
        flow.save()
    flow.mark(key, "points+")


def ask_carried(flow: Flow, section: Section, part: Part, i: int, point: dict[str, Any], count: int) -> None:
    """Offer one of last year's points: keep (flagged), confirm, shift its year, edit or drop."""
    key = section.key
    sec = flow.state.sections[key]
    decisions = flow.state.carried.setdefault(key, [])
    slot = sum(1 for d in decisions[:i] if d not in (DROPPED, UNLINKED))  # where it stands among this year's points
    previous = decisions[i] if i < len(decisions) else None
    current = sec.points[slot] if previous not in (None, "drop") and slot < len(sec.points) else None
    original = {k: v for k, v in point.items() if k != "carried"}  # title, text, sub-items, comment
    shift = year_map(flow.last_year, flow.year, part) if flow.last_year else {}
    plans_year = flow.year if "{next_year}" in part.title else None  # the plans: as the checker's FZ401 reads them
    found = flow.say_last_years_text(f"\n去年的要点（{i + 1}/{count}）：", point_lines(original), shift,
                                     plans_year=plans_year)
    choices = [("keep", "保留，稍后核对（在 YAML 中标为沿用）"), ("confirm", "确认沿用（今年仍是这样）")]
    if found:
        years = "、".join(f"{old}→{new}" for old, new in found)
        n = len(year_changes(point_lines(original), shift, plans_year=plans_year))
        choices.append(("year", f"把上面列出的{n}处年份改为今年（{years}）后保留"))
    choices += [("edit", "修改"), ("drop", "删除")]
    default = previous if previous in {c for c, _ in choices} else "keep"
    choice = flow.ask(Q.select_question(f"{key}.point", "这条要点怎么处理？", choices, default=default))
    if choice == "keep":
        new = {**original, "carried": True}
    elif choice == "confirm":
        new = dict(original)
    elif choice == "year":
        new = _shifted(original, shift, plans_year) | {"carried": True}
    elif choice == "edit":
        new = _edited(flow, key, current or original)
    else:
        new = None
    if new is not None and choice != "edit":
        new = ask_marked_figures(flow, key, new)
    while len(decisions) < i:  # not expected: decisions are made in order
        decisions.append("drop")
    if previous is None:
        decisions.append(choice)
    else:
        decisions[i] = choice
    if previous not in (None, "drop"):
        if new is None:
            del sec.points[slot]
        else:
            sec.points[slot] = new
    elif new is not None:
        sec.points.insert(min(slot, len(sec.points)), new)
    flow.mark(key, f"point:{i}", at=f"{section.title} / 去年的要点第{i + 1}条")
