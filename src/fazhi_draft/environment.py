"""Where a command runs: its streams, which of them are terminals, colours, folder and date.

Every verb takes an Environment and writes only through it, so that the command can run
in this process with other streams: `cli.main(argv, env=...)` (the tests do, with
in-memory streams; tests/conftest.py). `Environment.from_process()` is the real one: the
process's own streams, made safe to print anything on.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TextIO

if TYPE_CHECKING:
    import datetime as dt


def _isatty(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError, OSError):  # closed, or not a real stream
        return False


class Environment:
    """The streams and facts a verb may use; anything not given is taken from this process.

    `colors`: whether a terminal may be written in colour (stderr is a terminal, NO_COLOR unset).
    `today`: the date checks and the questionnaire take as today (default: the real date).
    """

    def __init__(self, *, stdin: TextIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None,
                 stdin_isatty: bool | None = None, stdout_isatty: bool | None = None,
                 stderr_isatty: bool | None = None, colors: bool | None = None, cwd: Path | None = None,
                 today: dt.date | None = None):
        self.stdin = sys.stdin if stdin is None else stdin
        self.stdout = sys.stdout if stdout is None else stdout
        self.stderr = sys.stderr if stderr is None else stderr
        self.stdin_isatty = _isatty(self.stdin) if stdin_isatty is None else stdin_isatty
        self.stdout_isatty = _isatty(self.stdout) if stdout_isatty is None else stdout_isatty
        self.stderr_isatty = _isatty(self.stderr) if stderr_isatty is None else stderr_isatty
        if colors is None:
            colors = self.stderr_isatty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        self.colors = colors
        self.cwd = Path.cwd() if cwd is None else cwd
        self._today = today

    @classmethod
    def from_process(cls) -> Environment:
        """This process's streams. Whatever a message quotes from the input, printing it must not
        fail: a lone surrogate ("\\ud800" in the YAML) cannot be encoded, nor can most of Unicode
        on a GBK console. Such characters are written as escapes (\\ud800) instead of raising."""
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (AttributeError, ValueError, OSError):  # not a TextIOWrapper (None under pythonw)
                pass
        return cls()

    @property
    def today(self) -> dt.date:
        if self._today is None:
            import datetime as dt

            self._today = dt.date.today()
        return self._today

    def echo(self, message: str = "", *, err: bool = False) -> None:
        """One line (or several) to stdout, or to stderr with `err`; flushed at once."""
        import click

        click.echo(message, file=self.stderr if err else self.stdout)


SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


def document_time() -> dt.datetime:
    """When a draft is made, as its file properties record it (created, modified): the clock,
    or $SOURCE_DATE_EPOCH (seconds since 1970-01-01 UTC) when set, the reproducible-builds
    convention, so the same input renders to the same bytes (the golden tests set it).
    UTC, whole seconds. A value that is not a whole number of seconds is a usage error.
    """
    import datetime as dt

    raw = os.environ.get(SOURCE_DATE_EPOCH)
    if raw is None or not raw.strip():
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(raw.strip()), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        from fazhi_draft.errors import UsageError

        raise UsageError(f"环境变量 {SOURCE_DATE_EPOCH} 须为 1970-01-01 以来的整数秒，现为“{raw}”",
                         fix="请改正或删去该环境变量（它决定 Word 文件属性中的创建时间）") from None


def on_stop_signals(handler: Callable[[int, object], None]) -> Callable[[], None]:
    """`handler` for SIGTERM and SIGHUP (a task manager, a closed terminal) while a long job
    runs; returns what puts the previous handlers back. Only the main thread may set handlers:
    elsewhere nothing is set and the returned function does nothing."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):  # SIGHUP does not exist on Windows
        sig = getattr(signal, name, None)
        if sig is not None:
            previous[sig] = signal.signal(sig, handler)

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore
