"""The end of a run: the input YAML (with label comments) and the Word draft, written once.

Nothing existing is replaced without asking; the person may give another name or stop,
and the progress file is removed only once the YAML is safely written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fazhi_draft.questionnaire import questions as Q
from fazhi_draft.errors import UserError
from fazhi_draft.files import atomic_write, free_name, write_error
from fazhi_draft.questionnaire.flow import Flow
from fazhi_draft.input.read import read_input
from fazhi_draft.input.write import annotate, dump_tree


@dataclass
class Outcome:
    """How a run ended: `written` (files made), `stopped` (saved, by choice) or `interrupted`."""

    status: str
    yaml: Path | None = None
    docx: Path | None = None
    progress: Path | None = None


def finish(flow: Flow) -> Outcome:
    """The YAML (label comments) and the .docx, asking before overwriting anything."""
    target = flow.output if flow.reopened else confirm_target(flow, flow.output)
    if target is None:
        flow.say(f"未写入。进度仍保存在 {flow.shown(flow.progress)}。")
        return Outcome("stopped", progress=flow.progress)
    tree = flow.state.to_tree(flow.spec)
    origin = f"，沿用 {flow.state.meta['reused_from']}" if flow.state.meta.get("reused_from") else ""
    tree.yaml_set_start_comment("\n".join([f"{flow.state.meta.get('organ', '')} {flow.year}年度法治政府建设情况报告 输入文件"
                                           f"（由 fazhi-draft new 生成{origin}）", *flow.state.header]))
    text = dump_tree(annotate(tree, flow.spec))
    if flow.reopened and target.exists():  # the file as it was stays beside it
        backup = backup_name(target)
        atomic_write(backup, read_input(target))
        flow.say(f"原来的 {flow.shown(target)} 已另存为 {flow.shown(backup)}。")
    atomic_write(target, text, force=True)
    flow.written = target
    flow.say(f"已写入：{flow.shown(target)}")
    _remove_progress(flow, target)
    docx = confirm_target(flow, target.with_suffix(".docx"), replace=flow.reopened)
    if docx is None:
        flow.say(f"未生成 Word 文件；需要时运行：{flow.render_command(target)}")
        return Outcome("written", yaml=target)
    from fazhi_draft.verbs.render import render_file

    try:  # the checker's findings were shown in the summary: a draft is made all the same
        result = render_file(target, docx, force=True, ignore_errors=True)
    except UserError as exc:
        flow.say(f"生成 Word 初稿时出错：{exc.render()}")
        return Outcome("written", yaml=target)
    flow.say(f"已生成：{flow.shown(result.output)}")
    if result.pending:
        flow.say(f"待补 {len(result.pending)} 处（文中已用黄色标出）：{'、'.join(result.pending)}")
    carried = sum(1 for s in flow.state.sections.values() for p in s.points if p.get("carried"))
    if carried:
        flow.say(f"有 {carried} 条沿用去年的要点尚未确认（YAML 中标有 carried: true）：核对修改后删去这一行，"
                 f"再运行 {flow.render_command(target)} -f 重新生成。")
    return Outcome("written", yaml=target, docx=result.output)


def _remove_progress(flow: Flow, written: Path) -> None:
    """The progress file is done with once the YAML is written; when the system refuses to
    remove it, say so (the YAML is written, the draft still to come) and go on."""
    try:
        flow.progress.unlink(missing_ok=True)
    except OSError as exc:
        flow.say(f"注意：进度文件 {flow.shown(flow.progress)} 未能删除（{write_error(flow.progress, exc).reason}）。"
                 f"{flow.shown(written)} 已写好；请手动删除该进度文件，否则下次运行 fazhi-draft new 会把它当作未填完的问卷。")


def backup_name(path: Path) -> Path:
    """2025.yaml.bak, or .bak2, .bak3 … when taken (the name `check --fix` uses too)."""
    cand = path.with_name(path.name + ".bak")
    n = 2
    while cand.exists():
        cand = path.with_name(f"{path.name}.bak{n}")
        n += 1
    return cand


def confirm_target(flow: Flow, path: Path, *, replace: bool = False) -> Path | None:
    """`path`, or another name the person gives, when it exists and is not to be replaced;
    None when the person gives no name (nothing is to be written). `replace`: replacing it
    is what the person most likely wants (the draft of a reopened file), the default answer."""
    while path.exists():
        label = f"{flow.shown(path)} 已存在，用修改后的内容覆盖吗？" if replace else f"{flow.shown(path)} 已存在，覆盖吗？"
        if flow.ask(Q.confirm_question("overwrite", label, replace)):
            return path
        suggestion = flow.shown(free_name(path))
        other = flow.ask(Q.text_question("save_as", f"另存为（输入文件名，如 {suggestion}；直接回车则不保存）",
                                         required=False))
        if not other:
            return None
        path = (flow.cwd / other) if not Path(other).is_absolute() else Path(other)
    return path
