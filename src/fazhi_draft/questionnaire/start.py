"""Starting and ending a run of `fazhi-draft new`: resume or start afresh, reuse last year's
file, and on Ctrl-C (or end of input) save the answers and say how to carry on."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

from ruamel.yaml.comments import CommentedMap

from fazhi_draft.questionnaire import questions as Q
from fazhi_draft.errors import UsageError, UserError
from fazhi_draft.files import free_name
from fazhi_draft.questionnaire.finish import Outcome, finish
from fazhi_draft.questionnaire.flow import Flow
from fazhi_draft.questionnaire.paths import shown
from fazhi_draft.questionnaire.progress import (
    find_progress, load_progress, progress_path, set_aside, set_aside_damaged,
)
from fazhi_draft.questionnaire.reuse import find_last_year, reused_from
from fazhi_draft.questionnaire.run import run
from fazhi_draft.questionnaire.section_points import UNLINKED
from fazhi_draft.questionnaire.state import DamagedProgress, State, file_header
from fazhi_draft.structure import Spec, load_spec
from fazhi_draft.input.load import Loaded, load_report
from fazhi_draft.input.parse import parse_yaml
from fazhi_draft.input.read import read_text


def run_new(*, output: Path | None = None, from_file: Path | None = None, cwd: Path | None = None,
            today: dt.date | None = None, out: TextIO | None = None, pt_input=None, pt_output=None,  # noqa: ANN001
            spec: Spec | None = None, section: str | None = None) -> Outcome:
    """Run the questionnaire. `pt_input`/`pt_output` drive it without a terminal (tests).
    `section`: answer only that section (its key, Chinese title or a unique part of it)."""
    spec = spec or load_spec()
    only = resolve_section(spec, section) if section is not None else None
    cwd = cwd or Path.cwd()
    today = today or dt.date.today()
    out = out or sys.stdout
    if output is not None and output.suffix not in (".yaml", ".yml"):
        raise UsageError("-o 应是 YAML 文件名（如 2024.yaml）；Word 初稿会生成在它旁边", file=output)
    if output is not None and not output.is_absolute():
        output = cwd / output
    with Q.session(pt_input, pt_output):
        flow: Flow | None = None
        try:
            flow = _start(spec=spec, output=output, from_file=from_file, cwd=cwd, today=today, out=out, only=only)
            if run(flow) == "stop":
                flow.save()
                flow.say(f"进度已保存到 {flow.shown(flow.progress)}。继续填写请运行：{flow.resume_command}")
                return Outcome("stopped", progress=flow.progress)
            return finish(flow)
        except (KeyboardInterrupt, EOFError):
            if flow is not None and flow.written is not None:  # only the .docx was left to make
                out.write(f"\n已中断。{flow.shown(flow.written)} 已写好；生成 Word 初稿请运行："
                          f"{flow.render_command(flow.written)}\n")
                return Outcome("interrupted", yaml=flow.written)
            if flow is None or not flow.state.answered:
                out.write("\n已退出，还没有需要保存的回答。\n")
                return Outcome("interrupted")
            flow.save()
            out.write(f"\n已中断。已答的 {flow.state.answered} 题已保存到 {flow.shown(flow.progress)}。\n"
                      f"继续填写请运行：{flow.resume_command}"
                      f"（选“只回答还没答过的问题”）\n")
            out.flush()
            return Outcome("interrupted", progress=flow.progress)


def _start(*, spec: Spec, output: Path | None, from_file: Path | None, cwd: Path, today: dt.date,
           out: TextIO, only: str | None = None) -> Flow:
    """Resume, reopen a finished file or start fresh; load last year's file; returns the flow
    ready to run. `only`: the one section to answer (no question about resuming then)."""

    def say(text: str) -> None:  # the flow, which says things for the rest of the run, is not made yet
        out.write(text + "\n")
        out.flush()

    say("法治政府建设年度报告问卷（fazhi-draft new）")
    progress = progress_path(output) if output is not None else find_progress(cwd)
    state, resume_mode, explicit = State(), None, output is not None
    saved: State | None = None
    if progress is not None and progress.exists():
        try:
            saved, saved_output = load_progress(progress, spec)
        except DamagedProgress as exc:  # say what is wrong; start over (keeping it) or stop
            _damaged(progress, str(exc), cwd, say)
    reopened = False
    if saved is None and output is not None and output.exists():
        reopened_state = _reopen(output, spec, cwd, say)
        if reopened_state is not None:
            state, reopened = reopened_state, True
            state.reopened = True
    if saved is not None and only is not None:
        say(f"接着上次的进度（{shown(progress, cwd)}，已答 {saved.answered} 题），只填写“{spec.section(only).title}”。")
        state, resume_mode, reopened = saved, "skip", saved.reopened
        if output is None:
            output, explicit = saved_output, True
    elif saved is not None:
        assert progress is not None
        where = f"（停在：{saved.at}）" if saved.at else ""
        choice = Q.ask(Q.select_question("resume", f"发现上次未填完的问卷 {shown(progress, cwd)}，已答 {saved.answered} 题{where}。",
                                         [("skip", "接着填：只回答还没答过的问题"),
                                          ("confirm", "接着填：从头逐题确认（已答的作为默认值）"),
                                          ("restart", "重新开始（上次的进度另存为备份）")]))
        if choice == "restart":
            say(f"上次的进度已另存为 {shown(set_aside(progress), cwd)}。")
        else:
            state, resume_mode, reopened = saved, choice, saved.reopened
            if output is None:
                output, explicit = saved_output, True
    if output is None:
        output = cwd / "new.yaml"  # renamed after the year once it is known
    last: Loaded | None = None
    if from_file is None and state.meta.get("reused_from"):
        from_file = output.parent / state.meta["reused_from"]
    if from_file is not None and reopened:
        try:
            last = load_report(from_file if from_file.is_absolute() else cwd / from_file)
        except UserError as exc:
            say(f"去年的文件读不出，本次不显示去年的数：{exc.render()}")
    elif from_file is not None:
        last = load_report(from_file if from_file.is_absolute() else cwd / from_file)
    elif resume_mode is None and not reopened:
        found = find_last_year(output.parent, output)
        if found is not None:
            m = found.report.meta
            if Q.ask(Q.confirm_question("reuse", f"找到 {shown(found.path, cwd)}（{m.organ} {m.year}年度），"
                                                 f"沿用其中的内容作为今年的默认答案吗？", True)):
                last = found
    if last is not None and reopened:
        state.meta["reused_from"] = reused_from(last.path, output.parent)
    elif last is not None:
        for note in last.notes:
            say(note)
        state.meta["reused_from"] = reused_from(last.path, output.parent)
        own = [line for line in file_header(last.tree) if not line.startswith("以下几行注释沿用自")]
        if own and not state.header:  # last year's own header lines come along, marked as last year's
            state.header = [f"以下几行注释沿用自 {last.path.name}（{last.report.meta.year}年度），请核对：", *own]
        carry_collection_settings(state, last, say)
        say(f"沿用：{shown(last.path, cwd)}（{last.report.meta.year}年度）。每个数字默认为去年的数，直接回车即沿用。")
    if reopened and resume_mode is None:  # freshly opened (a resumed one has its marks saved)
        mark_finished(state, spec, last)
        say(f"打开已写好的 {shown(output, cwd)}：{'只填写“' + spec.section(only).title + '”，' if only else ''}"
            f"可在汇总后选“修改某一个答案”；写回时原文件先另存为备份。")
    if resume_mode is None and not explicit:
        year = (last.report.meta.year + 1) if last else today.year - 1
        output = output.with_name(f"{year}.yaml")
        if progress_path(output).exists():  # someone else's unfinished run: do not overwrite it
            output = free_name(output)
    flow = Flow(spec=spec, state=state, output=output, explicit=explicit, cwd=cwd, last=last, out=out,
                today=today, resume_mode=resume_mode, reopened=reopened, only_section=only)
    say(f"每答一题都自动保存到 {flow.shown(flow.progress)}；随时可按 Ctrl-C 退出，再次运行即可接着填。")
    return flow


_OWN_TEXT = ("shortcomings_leadin", "plans_leadin")  # wording settings that may be the author's own sentence


def carry_collection_settings(state: State, last: Loaded, say) -> None:  # noqa: ANN001
    """The county's office names (`offices:`) and the forms' contact (`meta.contact`) are the
    same next year: without them `forms` would address last year's renamed offices by the
    spec's default names. So is its way of wording (`wording:`, issue 15 item 4), but for what
    names last year. The questionnaire does not ask them, so they come along as written."""
    carried = []
    offices = last.tree.get("offices")
    if offices and "offices" not in state.extra:
        state.extra["offices"] = offices
        carried.append("报送单位（offices）")
    if last.report.meta.contact and not state.meta.get("contact"):
        state.meta["contact"] = last.report.meta.contact
        carried.append(f"报送表联系人（{last.report.meta.contact}）")
    wording = last.tree.get("wording")
    if isinstance(wording, dict) and wording and "wording" not in state.extra:
        # The county's way of wording (宗, 特此报告。, a lead-in on or off) is next year's too; the
        # period and a lead-in in its own words speak of last year (截至11月底, 2025年，…).
        dated = [k for k, v in wording.items() if k == "period" or (k in _OWN_TEXT and isinstance(v, str) and v.strip())]
        if len(dated) < len(wording):
            kept = CommentedMap(wording)  # the settings as written (units, rates, closing …)
            for key in dated:
                del kept[key]
            state.extra["wording"] = kept
            carried.append("措辞设置（wording）")
        if dated:
            say(f"去年 wording 里的 {'、'.join(map(str, dated))} 说的是去年，未沿用；今年需要的请在生成的 YAML 中重写。")
    if carried:
        say(f"沿用去年的{'和'.join(carried)}；如有变化，请在生成的 YAML 中修改。")


def _reopen(output: Path, spec: Spec, cwd: Path, say) -> State | None:  # noqa: ANN001
    """A finished report YAML as answers (its comments, `check:` settings and all); None when
    the file is no report (then it is only not replaced without asking, as before)."""
    text, _ = read_text(output)
    tree = parse_yaml(text, output)
    if not (isinstance(tree, dict) and isinstance(tree.get("meta"), dict)):
        return None
    try:
        state, _ = State.from_tree(tree, spec)
    except DamagedProgress as exc:
        raise UserError(f"无法作为问卷打开：{exc}", file=output, fix="请先运行 fazhi-draft check 查看并改正") from None
    return state


def mark_finished(state: State, spec: Spec, last: Loaded | None) -> None:
    """Count every question of a finished file as answered: it opens at the summary. Which of
    its points came from last year's is not known (UNLINKED): last year's are not offered again."""
    state.chosen = [s.key for s in spec.sections if s.key in state.sections and not state.sections[s.key].is_empty]
    state.done = {"meta": [k for k in ("organ", "kind", "year", "date") if state.meta.get(k)],
                  "opening": ["opening"], "sections": ["chosen"]}
    for key in state.chosen:
        sec = state.sections[key]
        last_sec = last.report.sections.get(key) if last else None
        items = [i.key for i in spec.section(key).indicators]
        items += [f"custom:{k}" for k in sec.custom]
        items += [f"custom:{k}" for k, _, _ in (last_sec.custom if last_sec else []) if k not in sec.custom]
        items += [f"point:{i}" for i in range(len(last_sec.points) if last_sec else 0)]
        state.done[key] = [*items, "custom+", "points+"]
        state.carried[key] = [UNLINKED] * (len(last_sec.points) if last_sec else 0)


def resolve_section(spec: Spec, text: str) -> str:
    """The section `--section` names: its key (disputes), its Chinese title, or a part of the
    title that only one section has (社会矛盾, 不足). Usage error otherwise, listing them."""
    wanted = text.strip()
    titles = {}
    for part in spec.parts:
        for s in part.sections:
            titles[s.key] = {s.title, part.title.replace("{next_year}", "")} if part.flat else {s.title}
    if wanted in titles:
        return wanted
    exact = [k for k, names in titles.items() if wanted in names]
    found = exact or [k for k, names in titles.items() if wanted and any(wanted in n for n in names)]
    if len(found) == 1:
        return found[0]
    listing = "；".join(f"{s.key}（{s.title[:14]}）" for s in spec.sections)
    if found:
        raise UsageError(f"“{wanted}”不止一节：{'、'.join(found)}", fix=f"请写得更具体，或用小节的键：{listing}")
    raise UsageError(f"没有叫“{wanted}”的小节", fix=f"可用小节的键或标题中的词：{listing}")


def _damaged(progress: Path, reason: str, cwd: Path, say) -> None:  # noqa: ANN001
    """A progress file that cannot be read back: say what is wrong and offer to start over,
    keeping the damaged file under another name; or stop and leave it to be mended by hand."""
    say(f"上次的问卷进度文件 {shown(progress, cwd)} 已损坏，无法接着填：{reason}。")
    choice = Q.ask(Q.select_question("damaged", "怎么办？", [
        ("restart", "重新开始（损坏的文件改名保留，不会删除）"),
        ("stop", "先退出，不改动任何文件（可用记事本修复后再运行）")]))
    if choice != "restart":
        raise UserError(f"进度文件已损坏：{reason}", file=progress,
                        fix="修复后再运行 fazhi-draft new；或再次运行并选“重新开始”")
    say(f"损坏的进度文件已改名保留为 {shown(set_aside_damaged(progress), cwd)}。")


def offer_new() -> bool:
    """Bare `fazhi-draft` in a terminal: offer to start the questionnaire."""
    return bool(Q.ask(Q.confirm_question("offer", "现在开始按问卷填写本年度报告吗？", True)))
