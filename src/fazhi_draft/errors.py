"""Errors and exit codes. A UserError is shown to the person as one Chinese message.

Caught once in cli.py: no traceback ever reaches a clerk.
"""

from __future__ import annotations

import os
import re
from enum import IntEnum
from pathlib import Path


DEBUG_ENV = "FAZHI_DEBUG"  # set to see the traceback of an internal error

# Characters a message must not carry as they are: control characters (a bell, an escape
# sequence, a carriage return that overwrites the line) and lone surrogates, which no
# encoding can write, so printing them fails. Newline and tab stay.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` safe to print: each character above written as Python writes it (\\x07, \\ud800)."""
    return _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


def shorten(text: object, limit: int = 40) -> str:
    """What the person wrote, cut to `limit` characters for quoting in a message."""
    text = str(text)
    return text if len(text) <= limit else text[:limit] + f"…（共 {len(text)} 个字符）"


class ExitStatus(IntEnum):
    """Every exit code the command (and a batch's worker processes) can end with."""

    OK = 0
    INPUT_PROBLEM = 1  # the input file has problems (or the check found errors)
    USAGE = 2  # wrong use of the command, or no terminal for the questionnaire
    INTERNAL = 3  # our bug, not the input's
    # Stopped by a signal: 128 + its number, as shells report it.
    HANGUP = 129  # SIGHUP: the terminal of a batch was closed
    INTERRUPTED = 130  # SIGINT: Ctrl-C (the questionnaire saves the answers first)
    TERMINATED = 143  # SIGTERM: a batch (or one of its workers) stopped by a task manager or CI

    @classmethod
    def stopped_by(cls, signum: int) -> ExitStatus:
        """The status for a process ended by signal `signum` (SIGHUP, SIGINT or SIGTERM)."""
        return cls(128 + signum)


class FazhiError(Exception):
    """Root of our errors."""


class UserError(FazhiError):
    """Something the person can fix; `str()` is the whole Chinese message.

    `file`, `line` and `field` locate it; `fix` says what to do.
    """

    status = ExitStatus.INPUT_PROBLEM

    def __init__(self, message: str, *, file: Path | str | None = None, line: int | None = None,
                 field: str | None = None, fix: str | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.fix = fix
        super().__init__(self.render())

    def render(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f" 第{self.line}行"
            where += "："
        field = f"“{self.field}”" if self.field else ""
        text = f"{where}{field}{self.message}"
        if self.fix:
            text += f"。{self.fix}" if not text.endswith(("。", "！", "？")) else self.fix
        return printable(text)


class UsageError(UserError):
    status = ExitStatus.USAGE


class InputErrors(UserError):
    """Several problems in one input file, each a UserError; shown together."""

    def __init__(self, errors: list[UserError]):
        self.errors = errors
        super().__init__("\n".join(e.render() for e in errors))

    def render(self) -> str:
        return "\n".join(e.render() for e in self.errors)


def internal_error(exc: BaseException, tb: str | None = None) -> str:
    """The message for an exception that is our fault, not the input's."""
    text = (f"内部错误（{type(exc).__name__}: {exc}）。这不是输入文件的问题，请把该文件和这段话发给维护者；"
            f"设置环境变量 {DEBUG_ENV}=1 后重试可看到详细信息。")
    if tb and os.environ.get(DEBUG_ENV):
        text += "\n" + tb.rstrip()
    return printable(text)
