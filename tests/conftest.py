"""Shared fixtures: paths to the samples, and two ways to run the command.

`run_cli` runs it in this process (cli.main with a MockEnvironment, as httpie's tests do): the
same parsing, verbs, messages and exit statuses, without a fresh interpreter per call.
`run_process` runs it as a user would, `python -m fazhi_draft` in a new process: for what only a
real process shows (the console script, Ctrl-C and signals, import cost, worker processes).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi_draft.environment import Environment

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@pytest.fixture
def sample_2024() -> Path:
    return SAMPLES / "2024.yaml"


@pytest.fixture
def sample_2023() -> Path:
    return SAMPLES / "2023.yaml"


class MockEnvironment(Environment):
    """In-memory streams, no terminal (unless a test says otherwise). stdout and stderr encode
    as the real process's do (UTF-8; what cannot be encoded written as an escape)."""

    def __init__(self, *, stdin: str = "", **kwargs):
        def stream() -> io.TextIOWrapper:
            return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")

        kwargs = {"stdin_isatty": False, "stdout_isatty": False, "stderr_isatty": False, **kwargs}
        super().__init__(stdin=io.StringIO(stdin), stdout=stream(), stderr=stream(), **kwargs)

    @staticmethod
    def _text(stream: io.TextIOWrapper) -> str:
        """What was written, as subprocess.run(text=True) would read it (universal newlines)."""
        stream.flush()
        return stream.buffer.getvalue().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")

    @property
    def stdout_text(self) -> str:
        return self._text(self.stdout)

    @property
    def stderr_text(self) -> str:
        return self._text(self.stderr)


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None,
            env: MockEnvironment | None = None) -> subprocess.CompletedProcess:
    """`fazhi-draft args` in this process, in `cwd`: its exit status, stdout and stderr."""
    from fazhi_draft.cli import main

    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        env = env or MockEnvironment(stdin=input or "")
        status = main(list(args), env=env)
    return subprocess.CompletedProcess(list(args), int(status), env.stdout_text, env.stderr_text)


def run_process(*args: str, cwd: Path | None = None, input: str | None = None,
                extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python -m fazhi_draft` as a user would, in a fresh interpreter (with `extra_env`
    added to this process's environment)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(extra_env or {})}
    return subprocess.run([sys.executable, "-m", "fazhi_draft", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, input=input, env=env, timeout=120)


# The property tests run the same examples every time (a red CI run must mean a change broke
# something, not that a new random example turned up); `make fuzz` explores at random.
try:
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("suite", derandomize=True, print_blob=True)
    _hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))
except ImportError:  # hypothesis is a test extra
    pass
