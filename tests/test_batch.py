"""Many inputs at once: `render` and `check` over several files or a folder (batch.py).

The command in this process (run_cli); in a real subprocess (run_process) where worker
processes (-j 2), signals or a terminal are what is tested.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES, MockEnvironment, run_cli, run_process

from fazhi_draft.verbs import batch
from fazhi_draft.verbs import is_batch
from fazhi_draft.errors import DEBUG_ENV, ExitStatus, UsageError

BAD = "meta:\n  organ: 某县人民政府\n  kind: county\n  year: 二〇二四\n  date: 2025-03-01\n"


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A folder as a justice bureau gets it: two good reports, one broken, and clutter."""
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    shutil.copy(SAMPLES / "2023.yaml", folder / "2023.yaml")
    shutil.copy(SAMPLES / "2024.yaml", folder / "2024.yaml")  # reused_from: 2023.yaml, beside it
    (folder / "bad.yaml").write_text(BAD, encoding="utf-8")
    (folder / "2025.fazhi-progress.yaml").write_text("meta: {}\n", encoding="utf-8")  # questionnaire state
    (folder / "fazhi-draft.schema.json").write_text("{}", encoding="utf-8")
    (folder / "notes.txt").write_text("不是输入", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "x.yaml").write_text(BAD, encoding="utf-8")  # folders are not searched
    return folder


def _assert_bad_reported(result, name: str = "bad.yaml") -> None:
    assert result.returncode == 1, result.stderr
    assert f"未完成：{name}" in result.stderr or name in result.stderr
    assert "meta.year" in result.stderr and "应为整数年份" in result.stderr  # its own message
    assert "Traceback" not in result.stderr


def test_folder_two_good_one_bad(inbox: Path, tmp_path: Path):
    out = tmp_path / "初稿"
    result = run_cli("render", str(inbox), "-o", str(out))
    _assert_bad_reported(result)
    assert sorted(p.name for p in out.iterdir()) == ["2023.docx", "2024.docx"]
    assert f"已生成：{out / '2023.docx'}" in result.stdout and f"已生成：{out / '2024.docx'}" in result.stdout
    assert "共 3 个输入：已生成 2 份，1 个未完成" in result.stderr
    assert "progress" not in result.stdout + result.stderr and "x.yaml" not in result.stderr


def test_explicit_files_in_two_processes(inbox: Path, tmp_path: Path):
    out = tmp_path / "out"
    files = [str(inbox / n) for n in ("2024.yaml", "bad.yaml", "2023.yaml")]
    result = run_process("render", *files, "-o", str(out), "-j", "2")
    _assert_bad_reported(result, str(inbox / "bad.yaml"))
    assert sorted(p.name for p in out.iterdir()) == ["2023.docx", "2024.docx"]
    # results are listed in the order given, whichever process finished first
    assert result.stdout.index("2024.docx") < result.stdout.index("2023.docx")


def test_folder_without_output_writes_beside_inputs(inbox: Path):
    result = run_cli("render", str(inbox), "--format", "md")
    assert result.returncode == 1
    assert (inbox / "2023.md").is_file() and (inbox / "2024.md").is_file() and not (inbox / "bad.md").exists()


def test_existing_outputs_are_not_replaced_without_force(inbox: Path, tmp_path: Path):
    out = tmp_path / "out"
    (inbox / "bad.yaml").unlink()
    assert run_cli("render", str(inbox), "-o", str(out)).returncode == 0
    again = run_cli("render", str(inbox), "-o", str(out))
    assert again.returncode == 1 and again.stderr.count("文件已存在，未覆盖") == 2
    assert run_cli("render", str(inbox), "-o", str(out), "--force").returncode == 0


def test_same_names_from_two_folders_do_not_overwrite(tmp_path: Path):
    for district in ("甲区", "乙区"):
        (tmp_path / district).mkdir()
        shutil.copy(SAMPLES / "2023.yaml", tmp_path / district / "2023.yaml")
        shutil.copy(SAMPLES / "2024.yaml", tmp_path / district / "2024.yaml")
    out = tmp_path / "out"
    result = run_cli("render", str(tmp_path / "甲区" / "2024.yaml"), str(tmp_path / "乙区" / "2024.yaml"),
                     "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["乙区-2024.docx", "甲区-2024.docx"]
    assert "与其他输入同名" in result.stderr


def test_plan_outputs_numbers_a_remaining_clash(tmp_path: Path):
    a, b, c = tmp_path / "x" / "2024.yaml", tmp_path / "y" / "x" / "2024.yaml", tmp_path / "x" / "x-2024.yaml"
    outputs, notes = batch.plan_outputs([a, b, c], tmp_path / "out", ".docx")
    assert [p.name for p in outputs] == ["x-2024（2）.docx", "x-2024（3）.docx", "x-2024.docx"]
    assert len(notes) == 2
    same, _ = batch.plan_outputs([a, a.with_suffix(".yml")], None, ".docx")  # 2024.yaml and 2024.yml
    assert len(set(same)) == 2


def test_one_input_keeps_single_file_behaviour(tmp_path: Path):
    out = tmp_path / "名字由我定.docx"
    result = run_cli("render", str(SAMPLES / "2023.yaml"), "-o", str(out))
    assert result.returncode == 0 and out.is_file() and "共 " not in result.stdout + result.stderr


def test_usage_errors_in_batch(inbox: Path, tmp_path: Path):
    two = [str(inbox / "2023.yaml"), str(inbox / "2024.yaml")]
    result = run_cli("render", *two, "-o", str(tmp_path / "a.docx"))
    assert result.returncode == 2 and "文件夹" in result.stderr
    result = run_cli("render", *two, "-o", str(tmp_path / "o"), "--layout", "nope")
    assert result.returncode == 2 and result.stderr.count("未知的版式变体") == 1  # said once, not per file
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("render", str(empty))
    assert result.returncode == 2 and "没有 .yaml 输入文件" in result.stderr


def test_missing_file_is_one_failure_among_others(inbox: Path, tmp_path: Path):
    result = run_cli("render", str(inbox / "2023.yaml"), str(inbox / "没有这个.yaml"), "-o", str(tmp_path / "o"))
    assert result.returncode == 1 and "找不到这个文件" in result.stderr
    assert (tmp_path / "o" / "2023.docx").is_file()


def test_unexpected_exception_is_reported_not_fatal(inbox: Path, tmp_path: Path, monkeypatch):
    import fazhi_draft.verbs.render as render_mod

    real = render_mod.render_file

    def flaky(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if Path(path).name == "2023.yaml":
            raise RuntimeError("模拟的程序错误")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(render_mod, "render_file", flaky)
    monkeypatch.delenv(DEBUG_ENV, raising=False)
    env = MockEnvironment()
    status = batch.render_many([inbox], tmp_path / "o", fmt="docx", variants=(), force=False,
                               ignore_errors=False, pdf=False, jobs=1, env=env)
    text = env.stdout_text + env.stderr_text
    assert status == ExitStatus.INPUT_PROBLEM
    assert (tmp_path / "o" / "2024.docx").is_file()
    assert f"未完成：{inbox / '2023.yaml'}" in text and "内部错误（RuntimeError: 模拟的程序错误）" in text
    assert "Traceback" not in text and DEBUG_ENV in text

    monkeypatch.setenv(DEBUG_ENV, "1")
    env = MockEnvironment()
    batch.render_many([inbox / "2023.yaml", inbox / "bad.yaml"], tmp_path / "o2", fmt="md", variants=(),
                      force=False, ignore_errors=False, pdf=False, jobs=1, env=env)
    assert "Traceback" in env.stderr_text


def test_expand_inputs(inbox: Path):
    files = batch.expand_inputs([inbox, inbox / "2024.yaml"])  # the file again: once only
    assert [p.name for p in files] == ["2023.yaml", "2024.yaml", "bad.yaml"]
    (inbox.parent / "空文件夹").mkdir()
    with pytest.raises(UsageError):
        batch.expand_inputs([inbox.parent / "空文件夹"])
    assert is_batch((inbox,)) and is_batch((inbox / "a", inbox / "b"))
    assert not is_batch((inbox / "2024.yaml",))


# ---------------------------------------------------------------- check
def test_check_folder(inbox: Path):
    result = run_cli("check", str(inbox))
    assert result.returncode == 1
    out = result.stdout
    for name in ("2023.yaml", "2024.yaml", "bad.yaml"):
        assert f"{inbox / name}：" in out  # one report per file, each ending in its summary line
    assert "FZ002" in out and "meta.year" in out
    assert "同比（" not in out  # year-on-year tables only when asked, with many files
    last = out.strip().splitlines()[-1]
    assert last.startswith("共核对 3 个文件：2 个没有错误，1 个有错误") and "bad.yaml" in last


def test_check_several_good_files_and_json(inbox: Path):
    good = [str(inbox / "2023.yaml"), str(inbox / "2024.yaml")]
    result = run_process("check", *good, "--changes", "-j", "2")
    assert result.returncode == 0 and "同比（" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "共核对 2 个文件：2 个没有错误。"
    result = run_cli("check", str(inbox), "--format", "json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)  # stdout stays one JSON document
    assert {Path(f["file"]).name for f in findings} >= {"bad.yaml", "2024.yaml"}
    assert "共核对 3 个文件" in result.stderr


def test_check_prior_only_for_one_file(inbox: Path):
    result = run_cli("check", str(inbox), "--prior", str(inbox / "2023.yaml"))
    assert result.returncode == 2 and "--prior 只能用于单个文件" in result.stderr


def test_ctrl_c_in_a_batch_exits_130_and_keeps_what_is_written(tmp_path: Path):
    """Ctrl-C mid-batch: the shell's 130 and one Chinese line, no traceback; finished files stay."""
    import os
    import signal
    import subprocess
    import sys

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        shutil.copy(SAMPLES / "2023.yaml", folder / f"{i:02d}.yaml")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "fazhi_draft", "render", str(folder), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8")
    first = proc.stdout.readline()  # the first report is written: we are mid-batch
    assert first.startswith("已生成："), first
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "已中断" in err and "Traceback" not in err
    written = sorted(out.glob("*.docx"))
    assert 1 <= len(written) < 60
    assert not list(out.glob("*.tmp")) and not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_progress_bar_on_a_terminal(tmp_path: Path, jobs: str):
    """In a real terminal the batch shows rich's bar and still finishes every file (with -j 2
    the workers are started before the bar's thread, see batch.run_ordered)."""
    import os
    import sys

    pexpect = pytest.importorskip("pexpect")
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        shutil.copy(SAMPLES / "2023.yaml", folder / f"{i:02d}.yaml")
    out = tmp_path / "out"
    child = pexpect.spawn(sys.executable, ["-m", "fazhi_draft", "render", str(folder), "-o", str(out), "-j", jobs],
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "xterm", "COLUMNS": "100"},
                          encoding="utf-8", timeout=60, dimensions=(40, 100))
    child.expect("正在生成")
    child.expect("共 12 个输入：已生成 12 份")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len(list(out.glob("*.docx"))) == 12
