"""The command line itself (cli.py): the verb table, usage errors in Chinese, exit statuses,
and every verb writing only to the Environment it is given (so it runs in-process in tests).

A few tests run the real command, for what only a process shows: the console script and
`python -m fazhi_draft`.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, MockEnvironment, run_cli, run_process

from fazhi_draft import cli
from fazhi_draft.errors import ExitStatus

SRC = ROOT / "src" / "fazhi_draft"

# The usage errors a clerk meets, and what each must say (exit 2, then where to find help).
USAGE_ERRORS = [
    (("rendr", "2024.yaml"), "错误：没有这个命令：rendr。查看帮助：fazhi-draft --help"),
    (("render", "--forc", "2024.yaml"), "错误：没有这个选项：--forc，是不是 --force？。查看帮助：fazhi-draft render --help"),
    (("outline", "extra", "more"), "错误：多了参数：extra more。查看帮助：fazhi-draft outline --help"),
    (("render",), "错误：缺少输入.yaml|文件夹...。查看帮助：fazhi-draft render --help"),
    (("check", "--format", "xml", "2024.yaml"),
     "错误：--format 的取值不对，可选：text、json。查看帮助：fazhi-draft check --help"),
]


@pytest.mark.parametrize("argv, message", USAGE_ERRORS, ids=["command", "option", "extra", "missing", "choice"])
def test_usage_errors_are_chinese(argv, message):
    """Issue 14 item 3: unknown command, unknown option, extra argument, missing argument and
    bad choice each get their Chinese message and exit 2."""
    result = run_cli(*argv)
    assert (result.returncode, result.stderr, result.stdout) == (ExitStatus.USAGE, message + "\n", "")


@pytest.mark.parametrize("argv, message", USAGE_ERRORS, ids=["command", "option", "extra", "missing", "choice"])
def test_usage_errors_do_not_depend_on_clicks_english(argv, message, monkeypatch):
    """Issue 14 item 3: the Chinese message is built from click's exception types and
    attributes, not by matching its English sentences: with click's own messages translated
    (as a gettext catalogue would), every message is still the same."""
    import click.core
    import click.exceptions
    import click.parser

    def german(text: str) -> str:
        return {"No such command {name!r}.": "Kein solcher Befehl {name!r}."}.get(text, f"[de] {text}")

    def german_n(one: str, many: str, n: int) -> str:
        return f"[de] {one if n == 1 else many}".replace("Got unexpected extra", "Unerwartete")

    for module in (click.core, click.exceptions, click.parser):
        if hasattr(module, "_"):
            monkeypatch.setattr(module, "_", german)
        if hasattr(module, "ngettext"):
            monkeypatch.setattr(module, "ngettext", german_n)
    result = run_cli(*argv)
    assert (result.returncode, result.stderr) == (ExitStatus.USAGE, message + "\n")


def test_verb_table_names_one_function_per_verb():
    """Issue 14 item 3: cli.VERBS maps each verb to a function run(args, env) in fazhi_draft.verbs;
    the command line offers exactly those verbs."""
    assert set(cli.cli.commands) == set(cli.VERBS)
    for verb, entry in {**cli.VERBS, "": cli.NO_VERB}.items():
        module, _, name = entry.function.partition(":")
        assert module.startswith("fazhi_draft.verbs."), verb
        function = getattr(import_module(module), name)
        assert list(inspect.signature(function).parameters) == ["args", "env"], verb


def test_cli_module_has_no_verb_logic():
    """Issue 14 item 3: cli.py parses and dispatches; it imports nothing of the pipeline."""
    tree = ast.parse((SRC / "cli.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    ours = {name for name in imported if name and name.startswith("fazhi_draft")}
    assert ours == {"fazhi_draft.environment", "fazhi_draft.errors"}, ours


def _exit_calls(tree: ast.AST):
    """Calls that end the process or a command with a status: sys.exit, os._exit, SystemExit,
    click's Exit and ctx.exit."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("exit", "_exit", "SystemExit", "Exit"):
                yield node


def test_every_exit_code_comes_from_exit_status():
    """Issue 14 item 3: no number is written where the program exits (130 for Ctrl-C, 128 plus a
    signal in a batch, 1 for a worker whose parent is gone): every status is an ExitStatus member,
    and so is every status a verb returns."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(SRC)
        for call in _exit_calls(tree):
            numbers = [n.value for arg in call.args for n in ast.walk(arg)
                       if isinstance(n, ast.Constant) and isinstance(n.value, int) and not isinstance(n.value, bool)]
            if numbers:
                found.append(f"{where}:{call.lineno} {ast.unparse(call)}")
        verbs = [f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
                 and f.returns is not None and "ExitStatus" in ast.unparse(f.returns)]
        for ret in (r for f in verbs for r in ast.walk(f) if isinstance(r, ast.Return)):
            if isinstance(ret.value, ast.Constant) and ret.value.value is not None:
                found.append(f"{where}:{ret.lineno} {ast.unparse(ret)}")
    assert found == []
    assert ExitStatus.INTERRUPTED == 130 and ExitStatus.stopped_by(15) is ExitStatus.TERMINATED


def test_ctrl_c_in_a_verb_is_exit_status_interrupted(monkeypatch):
    """Issue 14 item 3: Ctrl-C while a verb runs ends in ExitStatus.INTERRUPTED (130) and one line."""
    from fazhi_draft.verbs import outline

    def interrupted(args, env):  # noqa: ANN001, ANN202
        raise KeyboardInterrupt

    monkeypatch.setattr(outline, "run", interrupted)
    result = run_cli("outline")
    assert (result.returncode, result.stdout, result.stderr) == (ExitStatus.INTERRUPTED, "", "\n已中断。\n")


@pytest.mark.parametrize("argv", [("--help",), ("--version",), ("render", "-h"), ("nosuch",), ("outline",),
                                  ("schema",), ("check", "--rules"), ("check", "SAMPLE"), ("check", "SAMPLES"),
                                  ("render", "SAMPLE", "--format", "md", "-o", "OUT"), ("new",)])
def test_verbs_write_only_to_their_environment(argv, tmp_path, capfd):
    """Issue 14 item 3: everything a verb (or click) says goes to the Environment's streams,
    nothing to the process's own stdout or stderr."""
    swap = {"SAMPLE": str(SAMPLES / "2024.yaml"), "SAMPLES": str(SAMPLES), "OUT": str(tmp_path / "a.md")}
    result = run_cli(*(swap.get(a, a) for a in argv))
    assert result.stdout + result.stderr  # the verb did say something ...
    assert capfd.readouterr() == ("", "")  # ... and all of it to the environment


def test_an_in_process_run_leaves_the_process_as_it_was(tmp_path):
    """Issue 14 item 3: running the command in-process changes nothing global: the garbage
    collector that render and check turn off is back on, the process's streams are not
    reconfigured, click's own classes are not patched."""
    import gc

    import click

    errors = (sys.stdout.errors, sys.stderr.errors)
    for argv in (("check", str(SAMPLES / "2024.yaml")), ("render", str(SAMPLES / "2023.yaml"), "-o",
                                                         str(tmp_path / "a.md"), "--format", "md")):
        assert run_cli(*argv).returncode == ExitStatus.OK
        assert gc.isenabled(), argv
    assert (sys.stdout.errors, sys.stderr.errors) == errors
    assert click.Context.formatter_class is click.HelpFormatter


def test_the_environments_date_is_today_for_check_and_render(tmp_path):
    """Issue 14 item 3: the verbs take today's date from the Environment: on 1 June 2023, a report
    for 2024 is for a year still to come (FZ103), for one file and for a batch."""
    early = dt.date(2023, 6, 1)
    checked = run_cli("check", str(SAMPLES / "2024.yaml"), env=MockEnvironment(today=early))
    assert checked.returncode == ExitStatus.INPUT_PROBLEM and "FZ103" in checked.stdout
    assert "FZ103" not in run_cli("check", str(SAMPLES / "2024.yaml")).stdout
    both = run_cli("check", str(SAMPLES), env=MockEnvironment(today=early))
    assert both.returncode == ExitStatus.INPUT_PROBLEM and "FZ103" in both.stdout
    rendered = run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(tmp_path / "a.md"), "--format", "md",
                       env=MockEnvironment(today=early))
    assert rendered.returncode == ExitStatus.INPUT_PROBLEM and "FZ103" in rendered.stderr


# ---------------------------------------------------------------- real processes
def test_console_script_and_python_m_are_the_command():
    """The installed `fazhi-draft` script and `python -m fazhi_draft` run main() and exit with
    its status: the version, and a usage error's message with exit 2."""
    script = Path(sys.executable).with_name("fazhi-draft" + (".exe" if os.name == "nt" else ""))
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for argv in (("--version",), ("rendr",)):
        module = run_process(*argv)
        console = subprocess.run([str(script), *argv], capture_output=True, text=True, encoding="utf-8", env=env,
                                 timeout=120)
        in_process = run_cli(*argv)
        assert (console.returncode, console.stdout, console.stderr) == \
               (module.returncode, module.stdout, module.stderr) == \
               (in_process.returncode, in_process.stdout, in_process.stderr)
    assert module.returncode == ExitStatus.USAGE and module.stderr.startswith("错误：没有这个命令：rendr")
