"""The progress file beside the output (`2024.fazhi-progress.yaml`): save, find, resume.

It *is* an input YAML (render it to see the partial draft) plus a `progress:` block the
reader ignores: which questions were answered, the sections chosen and what became of
last year's points. It is written atomically after every answer, so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

from fazhi_draft.errors import UserError
from fazhi_draft.files import write_error
from fazhi_draft.questionnaire.state import DamagedProgress, State, comments_of
from fazhi_draft.structure import Spec
from fazhi_draft.files import atomic_write
from fazhi_draft.input.parse import parse_yaml
from fazhi_draft.input.read import PROGRESS_SUFFIX, read_text  # the suffix is spelled there, with the reader

_BACKUP_SUFFIX = ".bak" + PROGRESS_SUFFIX
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def progress_path(output: Path) -> Path:
    """Where the progress of `output` is kept: 2024.yaml -> 2024.fazhi-progress.yaml."""
    return output.with_name(output.stem + PROGRESS_SUFFIX)


def save_progress(path: Path, state: State, spec: Spec, *, output: Path, resume_command: str) -> None:
    """Write the progress file now (atomically), headed by how to carry on."""
    tree = state.to_tree(spec, output_name=output.name)
    header = ("# fazhi-draft 问卷进度（自动保存，请勿删除 progress 一节）。\n"
              f"# 继续填写：{resume_command}    生成文件后本文件会自动删除。\n")
    atomic_write(path, header + fast_yaml(tree), force=True)


def load_progress(path: Path, spec: Spec) -> tuple[State, Path]:
    """The saved state and the output it was for (when the file does not say: named after it).
    Raises DamagedProgress when the file cannot be read back as answers."""
    text, _ = read_text(path)
    try:
        tree = parse_yaml(text, path)
    except UserError as exc:  # not YAML any more (a bad hand edit, a half-copied file)
        raise DamagedProgress(exc.message + (f"（第{exc.line}行）" if exc.line else "")) from None
    state, output_name = State.from_tree(tree, spec)
    return state, path.parent / (output_name or path.name.removesuffix(PROGRESS_SUFFIX) + ".yaml")


def set_aside_damaged(path: Path, now: dt.datetime | None = None) -> Path:
    """Keep a damaged progress file under a name no run picks up again
    (2025.fazhi-progress.yaml.damaged-20250310-101500); returns that name."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while backup.exists():
        backup = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
        n += 1
    move_progress(path, backup)
    return backup


def find_progress(folder: Path) -> Path | None:
    """The newest unfinished progress file in `folder`; None when there is none."""
    found = [p for p in folder.glob("*" + PROGRESS_SUFFIX) if not p.name.endswith(_BACKUP_SUFFIX)]
    return max(found, key=lambda p: p.stat().st_mtime) if found else None


def set_aside(path: Path) -> Path:
    """Rename a progress file to its backup name (starting afresh loses nothing); returns that name."""
    backup = path.with_name(path.name.removesuffix(PROGRESS_SUFFIX) + _BACKUP_SUFFIX)
    move_progress(path, backup)
    return backup


def move_progress(path: Path, to: Path) -> None:
    """Give the progress file `path` the name `to` (replacing it). A UserError naming both,
    with the system's refusal in the person's words (files.write_error: no permission, a
    read-only disk…), when it cannot be renamed: then it stays as it was, nothing is lost."""
    try:
        os.replace(path, to)
    except OSError as exc:
        refused = write_error(to, exc).reason
        raise UserError(f"问卷进度文件无法改名为 {to.name}（{refused}）", file=path,
                        fix=f"{path.name} 未改动，仍在原处；请关闭打开它的程序、确认文件夹可以写入后重新运行") from None


def is_progress_file(path: Path) -> bool:
    return path.name.endswith(PROGRESS_SUFFIX)


# ---------------------------------------------------------------- a fast YAML writer
def fast_yaml(node: Any, indent: int = 0) -> str:
    """Block YAML for the progress file, written after every answer.

    ruamel's pure-Python emitter takes ~45 ms for a full year's answers, which adds up over
    ~200 answers; the progress file only holds maps, lists, numbers, dates and strings, so
    strings are written JSON-quoted (a JSON string is a valid YAML double-quoted scalar).
    The final YAML is written by ruamel (with label comments) once, at the end.
    """
    pad = " " * indent
    lines: list[str] = []
    notes = comments_of(node)  # the person's comments (state.py attaches them to the tree)

    def note_lines(key: Any) -> tuple[list[str], str]:
        note = notes.get(key)
        if not note:
            return [], ""
        return [f"{pad}# {line}" for line in note.before], f"  # {note.eol}" if note.eol else ""

    if isinstance(node, dict):
        if not node:
            return "{}"
        for key, value in node.items():
            k = key if _PLAIN_KEY.match(str(key)) else json.dumps(str(key), ensure_ascii=False)
            before, eol = note_lines(key)
            lines.extend(before)
            if isinstance(value, (dict, list)) and value and not _is_flow(value):
                lines.append(f"{pad}{k}:{eol}\n{fast_yaml(value, indent + 2)}")
            else:
                lines.append(f"{pad}{k}: {_inline(value)}{eol}")
        return "\n".join(lines) + ("\n" if indent == 0 else "")
    if isinstance(node, list):
        for i, item in enumerate(node):
            before, eol = note_lines(i)
            lines.extend(before)
            if isinstance(item, dict) and item and not _is_flow(item):
                body = fast_yaml(item, indent + 2)  # its first line carries its own line-end comment
                lines.append(f"{pad}- {body[indent + 2:]}")
            else:
                lines.append(f"{pad}- {_inline(item)}{eol}")
        return "\n".join(lines)
    return _inline(node)


def _is_flow(node: Any) -> bool:
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def _inline(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)
