"""Hypothesis strategies over the input language: the sample YAMLs, mutated.

A mutation is what a clerk's editor, a careless copy or a hostile sender does to a report:
characters inserted (any Unicode, lone surrogates and control characters among them) or
deleted, lines swapped or repeated, a value replaced by an odd one (huge, negative, escaped
controls, a date that does not exist, a flow list, an alias), brackets nested deep, anchors
and aliases added. `run_verbs` runs `check` and `render` on one such file, in-process,
through fazhi_draft.cli.main, as the tests and tests/fuzz/run.py use it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
PRIOR_NAME = "2023.yaml"  # samples/2024.yaml names it in meta.reused_from
SMALL = (ROOT / "tests" / "bad_inputs" / "prior.yaml").read_text(encoding="utf-8")
TEXTS = [(SAMPLES / "2024.yaml").read_text(encoding="utf-8"), (SAMPLES / "2023.yaml").read_text(encoding="utf-8"),
         SMALL.replace("year: 2023", "year: 2024").replace("date: 2024-03-10", "date: 2025-03-10\n  reused_from: 2023.yaml")]

# Values a scalar may be replaced by: the forms the tool reads and what it must refuse.
ODD_VALUES = [
    "27", "0", "-3", "27.5", "1.39万", "200余", "超过7675", "95%以上", "待补", "?", "２７", "1.86亿", "二十五",
    "9" * 15, "9" * 16, "1" * 27, "0.00000000000001", "1e309", "1.0e+300", ".inf", "-.inf", ".nan", "0x1F", "0o17",
    "1_000", "9" * 5000, "2025-03-10", "2025-02-30", "2025-13-01", "2025-03-10 10:00:00", "null", "~", "true",
    "[]", "{}", "[a, b]", "{a: 1}", "{label: 热线, value: 3, unit: 件}", "{label: 热线, value: '1' , unit: '%'}",
    '"\\ud800"', '"\\udfff"', '"\\a"', '"\\0"', '"\\x1b[31m"', '"\\uFFFE"', '"\\uFFFF"', '"\\t"', '"a\\nb"', '"\\u3000"',
    '"\\ue000待补\\ue001"', "\ue000" * 50, "'" + "长" * 300 + "'", "'" + "法" * 20_001 + "'",
    "&x 1", "*x", "*undefined", "&y [1, 2]", "!!str 1", "!!int 1", "!!python/object/apply:os.system [ls]",
    "|\n  block", ">-\n  folded", "<<: {a: 1}", "=", "'", '"', "#", "- a", ": b", "? c", "%", "@", "`",
    "2024" + " " * 500 + "x", "#" * 500, "check: ignore FZ" + "1" * 500,
]
YAML_CHARS = list(":-[]{}&*!|>'\"%@`#,? \n\t\\") + ["\r", "\ufeff", "\u2028", "\x85", "\x00", "\x07", "\x1b"]
# Any code point, surrogates and controls included.
ANY_CHAR = st.characters(exclude_categories=()) | st.sampled_from(YAML_CHARS)


def _alias_bomb(levels: int) -> str:
    parts, prev = ["&a0 [x, x, x, x, x, x, x, x, x, x]"], "a0"
    for n in range(1, levels):
        parts.append(f"&a{n} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = f"a{n}"
    return "[" + ", ".join(parts) + "]"


@st.composite
def mutated_yaml(draw: st.DrawFn) -> str:
    """One sample text with one to five mutations."""
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["insert", "delete", "value", "value", "swap", "repeat", "nest", "alias",
                                     "bomb", "join", "indent"]))
        line = lines[at]
        if kind == "insert":
            pos = draw(st.integers(0, len(line)))
            lines[at] = line[:pos] + draw(st.text(ANY_CHAR, min_size=1, max_size=12)) + line[pos:]
        elif kind == "delete":
            pos = draw(st.integers(0, len(line)))
            lines[at] = line[:pos] + line[pos + draw(st.integers(1, 40)):]
        elif kind == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[at] = f"{key}: {draw(st.sampled_from(ODD_VALUES))}"
        elif kind == "value" and line.lstrip().startswith("- "):
            lines[at] = line[: len(line) - len(line.lstrip())] + "- " + draw(st.sampled_from(ODD_VALUES))
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == "repeat":
            lines[at:at] = [line] * draw(st.integers(1, 3))
        elif kind == "nest" and ":" in line:
            depth = draw(st.sampled_from([2, 10, 63, 64, 65, 300, 1000]))
            key = line.split(":", 1)[0]
            lines[at] = f"{key}: " + "[" * depth + "1" + "]" * depth
        elif kind == "alias" and ":" in line:
            key, value = line.split(":", 1)
            lines[at] = f"{key}: &m {value.strip() or 'null'}"
            other = draw(st.integers(0, len(lines) - 1))
            if ":" in lines[other] and other != at:
                lines[other] = lines[other].split(":", 1)[0] + ": *m"
        elif kind == "bomb" and ":" in line:
            lines[at] = line.split(":", 1)[0] + ": " + _alias_bomb(draw(st.integers(2, 9)))
        elif kind == "join" and at + 1 < len(lines):
            lines[at:at + 2] = [line + lines[at + 1]]
        elif kind == "indent":
            lines[at] = " " * draw(st.integers(0, 7)) + line.lstrip(" ")
    return "\n".join(lines)


@dataclass
class Run:
    argv: list[str]
    status: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli_in_process(*argv: str) -> Run:
    """`fazhi-draft argv` through cli.main in this process: status, stdout + stderr, time."""
    from conftest import run_cli  # tests/ is on the path (pytest's rootdir; run.py puts it there)

    started = time.monotonic()
    result = run_cli(*argv)
    return Run(list(argv), result.returncode, result.stdout, result.stderr, time.monotonic() - started)


def write_input(folder: Path, text: str, prior: str | None = None) -> Path:
    """The mutated text as 2024.yaml (lone surrogates written as the bytes a broken editor
    would write), with last year's file beside it for meta.reused_from."""
    path = folder / "2024.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    (folder / PRIOR_NAME).write_bytes((prior if prior is not None else TEXTS[1]).encode("utf-8", "surrogatepass"))
    return path


def run_verbs(folder: Path, text: str, prior: str | None = None, *, formats: tuple[str, ...] = ("docx",)) -> list[Run]:
    """check (as JSON) and render --ignore-errors on one input; asserts what must always hold:

    - no internal error: exit 0 or 1 and no "内部错误" (exit 3 is only for our bugs);
    - `check` reads the file (no FZ001/FZ002) exactly when `render --ignore-errors` succeeds:
      check passing means render works, and render refuses what check refuses.
    """
    path = write_input(folder, text, prior)
    runs = [run_cli_in_process("check", str(path), "--format", "json")]
    check = runs[0]
    assert check.status in (0, 1) and "内部错误" not in check.output, check.output[-3000:]
    assert "Warning" not in check.stderr and "Traceback" not in check.stderr, check.stderr[-3000:]
    try:
        findings = json.loads(check.stdout)
    except ValueError:
        raise AssertionError(f"check --format json did not print JSON:\n{check.output[-3000:]}") from None
    readable = not any(f["code"] in ("FZ001", "FZ002") for f in findings)
    for fmt in formats:
        out = folder / f"out.{fmt}"
        run = run_cli_in_process("render", str(path), "-o", str(out), "--format", fmt, "--force", "--ignore-errors")
        runs.append(run)
        assert run.status in (0, 1) and "内部错误" not in run.output, run.output[-3000:]
        assert (run.status == 0) == readable, (readable, run.output[-3000:], findings[:3])
    return runs
