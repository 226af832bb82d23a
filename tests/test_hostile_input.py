"""Issue 13 items 1-7: files that exhausted memory or time, or ended as our bug (exit 3).

The inputs are files in tests/bad_inputs (written by its make.py). Where the old code ate
memory or waited forever, the command runs in its own process with an address-space limit
and a timeout, so a regression fails the test instead of taking the machine down.
"""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cli

from fazhi_draft.check import check_file

try:
    from fazhi_draft import limits
except ImportError:  # the code before issue 13 had no limits module: its tests fail one by one
    limits = None

BAD = Path(__file__).parent / "bad_inputs"
MEMORY = 1536 * 1024 * 1024  # the address space a guarded run may use


def run_guarded(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """`python -m fazhi_draft args` with at most MEMORY of address space and `timeout` seconds."""
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "fazhi_draft", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=timeout, preexec_fn=limit)


def one_line_exit_1(result: subprocess.CompletedProcess, *needles: str) -> str:
    err = result.stderr
    assert result.returncode == 1, (result.returncode, err[-1000:])
    assert err.startswith("错误：") and err.strip().count("\n") == 0, err[-1000:]
    assert "内部错误" not in err and "Traceback" not in err
    for needle in needles:
        assert needle in err, (needle, err)
    return err


needs_posix = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS, /dev/zero and named pipes are POSIX")


# ---------------------------------------------------------------- item 1
@needs_posix
@pytest.mark.parametrize("name", ["alias-bomb.yaml", "alias-bomb-in-points.yaml"])
def test_alias_bomb_is_refused(name: str):
    """Issue 13 item 1: a 2 KB alias bomb (under check.ignore, or as points) grew to 12 GB;
    now refused in one line naming the alias, its line and the limit."""
    assert (BAD / name).stat().st_size < 2048
    line = (BAD / name).read_text(encoding="utf-8").count("\n")  # the bomb is the last line
    for verb in ("render", "check"):
        result = run_guarded(verb, str(BAD / name), *(["-o", os.devnull] if verb == "render" else []))
        if verb == "render":
            one_line_exit_1(result, f"{name} 第{line}行", "引用 *", "展开后", "上限")
        else:
            assert result.returncode == 1 and "内部错误" not in result.stderr, result.stderr
            assert f"{name}:{line} 错误 FZ001 引用 *" in result.stdout


def test_small_aliases_still_read(tmp_path: Path):
    """Issue 13 item 1: an alias well within the bound is read as before."""
    text = (BAD / "prior.yaml").read_text(encoding="utf-8").replace("year: 2023", "year: 2024")
    text = text.replace("date: 2024-03-10", "date: 2025-03-10").replace(
        "duty:\n  - 县长带头学法。", "duty: &d\n  - 县长带头学法。\nother: *d")
    path = tmp_path / "anchors.yaml"
    path.write_text(text, encoding="utf-8")
    result = check_file(path)
    assert not result.has_errors, [f.message for f in result.findings]


# ---------------------------------------------------------------- item 2
@needs_posix
def test_long_rule_code_on_the_command_line():
    """Issue 13 item 2: --ignore with a 100,000-character code built 100,000 copies of it for
    the "是不是…" suggestion (10 GB); now a usage error at once, quoting a shortened code."""
    code = "FZ" + "9" * 100_000
    result = run_guarded("check", str(SAMPLES / "2024.yaml"), "--ignore", code, timeout=20)
    assert result.returncode == 2, result.stderr[-500:]
    assert "没有规则 FZ999" in result.stderr and "共 100002 个字符" in result.stderr
    assert len(result.stderr) < 500


def test_long_rule_code_in_the_file():
    """Issue 13 item 2: a long code in check.ignore gets FZ003 with a shortened quote; past the
    text limit the file is refused as too long a text."""
    found = check_file(BAD / "long-rule-code-short-enough.yaml").findings
    fz003 = [f for f in found if f.code == "FZ003"]
    assert len(fz003) == 1 and "没有规则 FZ999" in fz003[0].message and len(fz003[0].message) < 100
    found = check_file(BAD / "long-rule-code.yaml").findings
    assert [f.code for f in found] == ["FZ001"] and "100002 个字符" in found[0].message


def test_every_did_you_mean_is_bounded():
    """Issue 13 item 2: each "是不是…" (difflib) gets no suggestion for an overlong word, and
    the rule-code guess builds no n copies of an n-character code."""
    import tracemalloc

    from fazhi_draft.check import registry

    word = "reconsideration_acepted" * 5000
    tracemalloc.start()
    try:
        assert limits.close_matches(word, ["reconsideration_accepted"]) == []
        assert registry.guess("FZ" + "9" * 100_000) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, peak
    assert limits.close_matches("reconsideration_acepted", ["reconsideration_accepted"]) == ["reconsideration_accepted"]
    assert registry.guess("FZ2O4") == "FZ204"


# ---------------------------------------------------------------- item 3
@needs_posix
@pytest.mark.parametrize("target, words", [
    ("/dev/zero", "不是普通文件"),
    ("fifo", "不是普通文件"),
    ("a" * 300 + ".yaml", "文件名太长"),
    (".", "是一个文件夹"),
])
def test_prior_file_that_is_not_a_regular_file(tmp_path: Path, target: str, words: str):
    """Issue 13 item 3: meta.reused_from (and --prior) naming /dev/zero ate memory, a named pipe
    blocked for ever, a 300-character name was an internal error; now each is named in Chinese."""
    if target == "fifo":
        os.mkfifo(tmp_path / "fifo")
    text = (BAD / "reused-from-missing.yaml").read_text(encoding="utf-8").replace("没有这个文件.yaml", target)
    path = tmp_path / "in.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_guarded("check", str(path), timeout=20)
    assert result.returncode == 0 and "内部错误" not in result.stderr, result.stderr
    assert "FZ306 meta.reused_from：去年的文件无法读取" in result.stdout and words in result.stdout
    result = run_guarded("check", str(SAMPLES / "2024.yaml"), "--prior", str(tmp_path / target), timeout=20)
    assert "内部错误" not in result.stderr and words in result.stdout, (result.stdout, result.stderr)
    result = run_guarded("render", str(path), "-o", str(tmp_path / "out.docx"), timeout=20)
    assert result.returncode == 0, result.stderr


def test_nul_in_reused_from_is_a_field_error():
    """Issue 13 item 3: a NUL byte in meta.reused_from was an internal error."""
    result = run_cli("render", str(BAD / "reused-from-nul.yaml"), "-o", os.devnull)
    one_line_exit_1(result, "第6行", "meta.reused_from", "U+0000")


@needs_posix
@pytest.mark.parametrize("make", ["fifo", "dev-zero", "too-big", "nul-name"])
def test_input_file_that_cannot_be_read(tmp_path: Path, make: str):
    """Issue 13 item 3: the input file itself goes through the same one reading function."""
    if make == "fifo":
        path = tmp_path / "in.yaml"
        os.mkfifo(path)
        words = "不是普通文件"
    elif make == "dev-zero":
        path, words = Path("/dev/zero"), "不是普通文件"
    elif make == "too-big":
        path = tmp_path / "big.yaml"
        with path.open("wb") as fh:
            fh.truncate(limits.MAX_FILE_BYTES + 1)  # sparse: no 4 MB written
        words = "超过输入文件的上限 4 MB"
    else:
        path, words = Path(str(tmp_path / "a") + "\0b.yaml"), "空字符（NUL）"
    for verb in ("render", "check", "annotate"):
        result = run_guarded(verb, str(path).replace("\0", "\\0") if make == "nul-name" else str(path), timeout=20)
        if make == "nul-name":
            continue  # a shell cannot pass a NUL: tried in-process below
        assert result.returncode == 1, result.stderr
        assert words in result.stderr + result.stdout and "内部错误" not in result.stderr
    if make == "nul-name":
        from fazhi_draft.errors import UserError
        from fazhi_draft.input.read import read_text

        with pytest.raises(UserError, match="空字符"):
            read_text(path)


# ---------------------------------------------------------------- item 4
@needs_posix
@pytest.mark.parametrize("run", ["#" * 60_000, "2024" + " " * 19_000 + "x", "\ue000" * 19_000,
                                 "(" * 9_500 + ")" * 9_500])
def test_long_runs_render_at_once(tmp_path: Path, run: str):
    """Issue 13 item 4: a 60 KB comment of "#" took 37 s to render; "2024" and 19,000 spaces in
    a point about 2.5 s, 19,000 private-use characters about 2 s, each, so thirty such points
    took more than a minute. The same cause outside a regex: the half-width punctuation rule
    searched between each pair of brackets again (9,500 nested pairs: 0.5 s a point; a hundred
    such points here). Now the
    whole command takes well under a second; the timeout is ten times that.
    (tests/test_regex_linear.py checks the patterns themselves.)"""
    base = (BAD / "prior.yaml").read_text(encoding="utf-8").replace("year: 2023", "year: 2024")
    base = base.replace("date: 2024-03-10", "date: 2025-03-10")
    if run.startswith("#"):
        text = base + run + "\n"
    else:
        text = base + "other:\n" + "".join(f'  - "{run}"\n' for _ in range(30 if run[0] != "(" else 100))
    path = tmp_path / "in.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_guarded("render", str(path), "-o", str(tmp_path / "out.docx"), timeout=10)
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- item 5
@pytest.mark.parametrize("name, needles", [
    ("deep-brackets.yaml", ("第13行", "嵌套超过 64 层（上限）")),
    ("deep-braces.yaml", ("第19行", "嵌套超过 64 层（上限）")),
    ("text-too-long.yaml", ("第14行", "20001 个字符，超过上限 20000 个字符")),
])
def test_over_a_limit_is_one_line_naming_it(name: str, needles: tuple[str, ...]):
    """Issue 13 item 5: 1,000 nested brackets in 2 KB were a RecursionError; now each limit
    is refused in one line saying which limit and where, before any work starts."""
    one_line_exit_1(run_cli("render", str(BAD / name), "-o", os.devnull), *needles)


def test_limits_live_in_one_module_and_the_readme():
    """Issue 13 item 5: every limit is in limits.py and README says what it is."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### 输入文件的上限")[1].split("\n## ")[0]
    for shown in ("4 MB", f"{limits.MAX_TEXT_CHARS:,}", f"{limits.MAX_TITLE_CHARS}", f"{limits.MAX_NAME_CHARS}",
                  f"{limits.MAX_DEPTH}", f"{limits.MAX_FIGURE_DIGITS}"):
        assert shown in section, shown


# ---------------------------------------------------------------- item 6
@pytest.mark.parametrize("name, field, words", [
    ("control-char-in-section-title.yaml", "measures.disputes.title", "U+0007"),
    ("nul-in-section-title.yaml", "measures.disputes.title", "U+0000"),
    ("fffe-in-section-title.yaml", "measures.disputes.title", "U+FFFE"),
    ("control-char-in-unit.yaml", "measures.disputes.figures.hotline.unit", "U+0007"),
    ("control-char-in-label.yaml", "measures.disputes.figures.hotline.label", "U+001B"),
    ("control-char-in-point-title.yaml", "duty[1].title", "U+0008"),  # duty: written as a list (issue 14: as check names it)
    ("control-char-in-self-ref.yaml", "meta.self_ref", "U+0001"),
    ("organ-240-chars.yaml", "meta.organ", "太长（240 个字），上限是 100 个字"),
    ("title-260-chars.yaml", "meta.title", "太长（260 个字），上限是 200 个字"),
])
def test_check_fails_where_render_would(name: str, field: str, words: str):
    """Issue 13 item 6: check passed these and render crashed (lxml, python-docx's 255-character
    title); every text field is now one cleaned, measured type, so check reports them."""
    result = check_file(BAD / name)
    errors = [f for f in result.findings if f.level.value == "错误"]
    assert [(f.code, f.field) for f in errors] == [("FZ002", field)], [f.message for f in result.findings]
    assert words in errors[0].message
    one_line_exit_1(run_cli("render", str(BAD / name), "-o", os.devnull, "--ignore-errors"), field, words)


# ---------------------------------------------------------------- item 7
@pytest.mark.parametrize("verb", ["check", "render", "annotate"])
def test_control_character_in_opening(tmp_path: Path, verb: str):
    """Issue 13 item 7: control characters in `opening` were exit 3 on every verb."""
    path = tmp_path / "in.yaml"
    path.write_bytes((BAD / "control-char-in-opening.yaml").read_bytes())
    result = run_cli(verb, str(path))
    assert result.returncode == 1, result.stderr
    assert "内部错误" not in result.stderr
    assert "第19行" in result.stderr + result.stdout or "in.yaml:19" in result.stdout
    assert "opening" in result.stderr + result.stdout and "U+0007" in result.stderr + result.stdout


def test_surrogates_are_printed_escaped(capsys):
    """Issue 13 item 7: a lone surrogate in a value that ends up in a message made the printing
    itself fail (exit 3); messages now write it as \\ud800."""
    for name, argv in (("surrogate-in-key.yaml", ("check",)), ("surrogate-in-key.yaml", ("check", "--format", "json")),
                       ("surrogate-in-title.yaml", ("render", "-o", os.devnull)),
                       ("surrogate-in-kind.yaml", ("check",)), ("surrogate-in-ignore.yaml", ("check",))):
        result = run_cli(argv[0], str(BAD / name), *argv[1:])
        text = result.stdout + result.stderr
        assert result.returncode in (0, 1), text  # an unknown code in check.ignore is a warning
        assert "内部错误" not in text and ("\\ud" in text or "U+D" in text), text


def test_figure_of_27_digits_with_a_prior_file():
    """Issue 13 item 7: 27 digits and a prior-year file was decimal.InvalidOperation (exit 3),
    also through render --ignore-errors; figures now have at most MAX_FIGURE_DIGITS digits."""
    for args in (("check", str(BAD / "figure-27-digits.yaml")),
                 ("render", str(BAD / "figure-27-digits.yaml"), "-o", os.devnull, "--ignore-errors")):
        result = run_cli(*args)
        assert result.returncode == 1 and "内部错误" not in result.stderr, result.stderr
        assert "有 27 位数字，超过上限 15 位" in result.stdout + result.stderr


def test_rates_of_the_largest_and_smallest_figures_format():
    """Issue 13 item 7: the Decimal context is big enough for any rate of two figures within
    the digit limit (the largest over the smallest, to the most decimals a clerk may write)."""
    from fazhi_draft.figures.numbers import format_percent, parse_figure, rate

    big = parse_figure("9" * limits.MAX_FIGURE_DIGITS + "亿", whole=False, percent=False)
    small = parse_figure("0." + "0" * (limits.MAX_FIGURE_DIGITS - 2) + "1", whole=False, percent=False)
    assert rate(big, small).text.startswith("99999")
    assert format_percent(big.amount * 100 / small.amount, limits.MAX_FIGURE_DIGITS)
    with pytest.raises(ValueError, match="超过上限 15 位"):
        parse_figure("1" * 16, whole=True, percent=False)
    assert parse_figure("1" * 15, whole=True, percent=False).amount == Decimal("1" * 15)
