"""The README's promise: bad input gets one Chinese message and exit 1; 3 is only for our bugs.

Every verb runs on every bad input kept in tests/ (tests/bad_inputs, written by its make.py,
and the rule fixtures in tests/check_fixtures), in-process through `fazhi_draft.cli.main`
(fast), plus a few real subprocesses. None may end in exit 3 or print "内部错误" (a batch
reports an unexpected exception under the file's name with exit 1, so the words are checked
too), and nothing may take more than a few seconds.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import run_cli, run_process


TESTS = Path(__file__).parent
BAD = TESTS / "bad_inputs"
FIXTURES = TESTS / "check_fixtures"
INPUTS = sorted([*BAD.glob("*.yaml"), *FIXTURES.glob("*.yaml")])


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    """Copies of every bad input in one folder (check --fix and annotate write to theirs)."""
    folder = tmp_path_factory.mktemp("inbox")
    for src in INPUTS:
        name = src.name if src.parent == BAD else f"fixture-{src.name}"
        shutil.copy(src, folder / name)
    for name in ("FZ301.prior.yaml", "FZ302.prior.yaml", "FZ304.prior.yaml", "FZ305.prior.yaml"):
        shutil.copy(FIXTURES / name, folder / name)  # fixtures name their prior beside them
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.yaml")  # a named pipe among the inputs: must not block
        (folder / "reused-from-fifo.yaml").write_text(
            (BAD / "reused-from-missing.yaml").read_text(encoding="utf-8").replace("没有这个文件.yaml", "fifo.yaml"),
            encoding="utf-8")
    return folder


def run(*argv: str) -> tuple[int, str]:
    """`fazhi-draft argv` in this process: (exit status, stdout + stderr)."""
    started = time.monotonic()
    result = run_cli(*argv)
    code = result.returncode
    elapsed = time.monotonic() - started
    text = result.stdout + result.stderr
    assert elapsed < 10, f"fazhi-draft {' '.join(argv)[:200]} took {elapsed:.1f} s"
    return code, text


def assert_not_internal(code: int, text: str, argv: str) -> None:
    assert code != 3 and "内部错误" not in text, f"fazhi-draft {argv[:200]}: exit {code}\n{text[-2000:]}"
    assert "Traceback" not in text, text[-2000:]


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix == ".yaml" and p.is_file() and not p.is_fifo())


@pytest.mark.parametrize("name", [p.name if p.parent == BAD else f"fixture-{p.name}" for p in INPUTS])
def test_every_verb_on_a_bad_input(inbox: Path, tmp_path: Path, name: str):
    """Issue 13 "Must show": no verb ends in exit 3 on any bad input kept in tests/."""
    src = inbox / name
    own = tmp_path / name  # this test's own copy, for the verbs that write into it
    shutil.copy(src, own)
    out = tmp_path / "out"
    runs = [
        ("render", str(src), "-o", str(out / "a.docx"), "--force"),
        ("render", str(src), "-o", str(out / "b.docx"), "--ignore-errors", "--force"),
        ("render", str(src), "-o", str(out / "c.md"), "--format", "md", "--ignore-errors", "--force"),
        ("check", str(src)),
        ("check", str(src), "--format", "json", "--ignore", "FZ3", "--prior", str(BAD / "prior.yaml")),
        ("check", str(BAD / "prior.yaml"), "--prior", str(src)),
        ("check", str(own), "--fix"),
        ("annotate", str(own)),
        ("status", str(src)),  # issue 17: forms, merge and status read the input as check and annotate do
    ]
    for argv in runs:
        code, text = run(*argv)
        assert_not_internal(code, text, " ".join(argv))
    good = name.startswith("good-")
    if good:  # long or odd but within the limits: renders
        code, text = run("render", str(src), "-o", str(out / "good.docx"), "--force")
        assert code == 0, text
        assert (out / "good.docx").is_file()


def test_verbs_without_an_input_and_pdf(tmp_path: Path):
    """Issue 13 "Must show": schema, outline and pdf on what is not a Word file."""
    for argv in (("schema", "-o", str(tmp_path / "s.json")), ("schema", "-o", str(tmp_path / "s.json")),
                 ("schema", "-o", str(tmp_path)), ("outline",), ("check", "--rules"),
                 ("check", "--explain", "FZ" + "9" * 100_000), ("check", "--explain", "FZ\udc80"),
                 ("pdf", str(BAD / "not-a-docx.docx"), "-o", str(tmp_path / "x.pdf")),
                 ("pdf", str(BAD / "alias-bomb.yaml"), "-o", str(tmp_path / "y.pdf")),
                 ("pdf", str(tmp_path / "missing.docx"))):
        code, text = run(*argv)
        assert_not_internal(code, text, " ".join(argv))


@pytest.mark.parametrize("verb", ["render", "check"])
def test_batch_over_all_bad_inputs(inbox: Path, tmp_path: Path, verb: str):
    """Issue 13 "Must show": batch render and check over a folder of every bad input."""
    folder = inbox  # render writes to -o, check does not write
    argv = [verb, str(folder)]
    if verb == "render":
        argv += ["-o", str(tmp_path / "out")]
    code, text = run(*argv)
    assert_not_internal(code, text, " ".join(argv))
    assert code == 1  # some files are bad
    for name in _names(folder):
        if verb == "render" and name.startswith("good-"):
            assert (tmp_path / "out" / name).with_suffix(".docx").is_file(), name


@pytest.mark.parametrize("name", ["alias-bomb.yaml", "deep-brackets.yaml", "surrogate-in-key.yaml",
                                  "figure-27-digits.yaml", "control-char-in-opening.yaml",
                                  "reused-from-dev-zero.yaml"])
def test_real_process_on_a_bad_input(name: str):
    """Issue 13 "Must show": the real command, in its own process, exits 1 with one Chinese line."""
    for verb in ("check", "render"):
        result = run_process(verb, str(BAD / name), "-o", os.devnull) if verb == "render" else run_process(verb, str(BAD / name))
        assert result.returncode in (0, 1), result.stderr
        assert "内部错误" not in result.stderr and "Traceback" not in result.stderr


def test_real_process_prints_a_surrogate_it_quotes(tmp_path: Path):
    """Issue 13 item 7: a lone surrogate in a key is quoted in the message (as \\ud800) on a
    stdout that is strict UTF-8, instead of the printing failing with exit 3."""
    result = run_process("check", str(BAD / "surrogate-in-key.yaml"))
    assert result.returncode == 1, result.stderr
    assert "\\ud800x" in result.stdout and "不是已知的指标" in result.stdout
    result = run_process("check", str(BAD / "surrogate-in-key.yaml"), "--format", "json")
    assert result.returncode == 1, result.stderr
    assert '"\\ud800x' in result.stdout or "\\ud800x" in result.stdout
