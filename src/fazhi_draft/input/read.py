"""Reading an input file the person named: its bytes (bounded, regular files only) and its text."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from fazhi_draft.errors import UserError
from fazhi_draft.limits import MAX_FILE_BYTES

# The questionnaire's progress file beside its output (2024.fazhi-progress.yaml): an input
# file too (it renders), but not a report of its own, so a folder's inputs leave it out.
# Defined here, with the reader, and not in questionnaire/progress.py (which uses it): the
# folder reader of `render`/`check` would otherwise load the questionnaire package, and with
# it pydantic, into a batch's parent process (+17 MB, measured).
PROGRESS_SUFFIX = ".fazhi-progress.yaml"


def read_input(path: Path | str, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of an input file the person named, or one UserError saying why not.

    Every file the tool reads on the person's behalf comes through here (the input YAML,
    --prior, meta.reused_from, progress files, the .docx for `pdf`): only a regular file,
    at most `limit` bytes, so a device (/dev/zero), a named pipe, a folder or a huge file
    is refused in words instead of eating memory or waiting forever.
    """
    path = Path(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise UserError("这是一个文件夹，不是文件", file=path, fix="请给出文件夹里的文件名")
        if not stat.S_ISREG(info.st_mode):
            raise UserError("不是普通文件（是设备、管道或其他特殊文件），无法读取", file=path,
                            fix="请给出一个 YAML 文件")
        _check_size(path, info.st_size, limit)
        # O_NONBLOCK: should the path have become a pipe since stat, opening does not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise UserError("不是普通文件，无法读取", file=path)
            raw = fh.read(limit + 1)
    except UserError:
        raise
    except (FileNotFoundError, NotADirectoryError):
        raise UserError("找不到这个文件", file=path, fix="请检查路径和文件名；新建请运行 fazhi-draft new") from None
    except IsADirectoryError:
        raise UserError("这是一个文件夹，不是文件", file=path) from None
    except PermissionError:
        raise UserError("没有权限读取这个文件", file=path, fix="请检查文件是否被其他程序占用") from None
    except ValueError:  # os.stat: "embedded null byte"
        raise UserError("文件名中含有不可见的空字符（NUL），无法打开", file=path, fix="请检查文件名") from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise UserError("文件名太长，无法打开", file=path, fix="请检查文件名，或把文件改用短一些的名字") from None
        raise UserError(f"无法读取这个文件（{exc.strerror or type(exc).__name__}）", file=path) from None
    _check_size(path, len(raw), limit)
    return raw


def _check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise UserError(f"文件大小 {size:,} 字节，超过输入文件的上限 {limit // 1048576} MB", file=path,
                        fix="请确认选对了文件（年度报告的 YAML 通常不到 1 MB）")


def read_text(path: Path) -> tuple[str, list[str]]:
    """File text, forgiving: UTF-8 with or without BOM, or GBK from Windows Notepad."""
    raw = read_input(path)
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gbk"), [f"提示：{path} 不是 UTF-8 编码，已按 GBK（Windows 记事本默认）读取。"]
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserError("文件编码无法识别（既不是 UTF-8 也不是 GBK）", file=path, line=line,
                        fix="请用记事本“另存为”UTF-8 编码后重试") from None
