"""The questionnaire's own file moves (renaming or removing its progress file) when the
system refuses them: one Chinese message and exit 1, or a note and on, never exit 3.

Driven in a real terminal (pexpect). The progress file is made immutable (`chattr +i`:
root cannot rename or remove it either); without root, its folder is made read-only.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import SAMPLES
from test_questionnaire import CLEAR, DOWN, ENTER, _spawn, drive

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and chattr")


@contextmanager
def refused(path: Path, *, folder_ok: bool = True):
    """While inside, `path` can be neither renamed nor removed (its content stays readable)."""
    if IS_ROOT:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)],
                                                        capture_output=True).returncode != 0:
            pytest.skip("chattr +i is not available here")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    else:
        if not folder_ok:
            pytest.skip("without root, only a read-only folder refuses the removal, and the YAML too")
        path.parent.chmod(0o555)
        try:
            yield
        finally:
            path.parent.chmod(0o755)


def _finish(child) -> tuple[str, int]:
    pexpect = pytest.importorskip("pexpect")
    child.expect(pexpect.EOF)
    child.close()
    return child.before, child.exitstatus


def test_starting_afresh_when_the_progress_file_cannot_be_set_aside(tmp_path):
    """Issue 14 (questionnaire files): "重新开始" renames the old progress file to its backup
    name; when that is refused the person reads why, in Chinese, and the file is kept (exit 1,
    not an internal error)."""
    drive("青山县人民政府" + ENTER, tmp_path, output=tmp_path / "2024.yaml")  # the pipe ends: progress saved
    progress = tmp_path / "2024.fazhi-progress.yaml"
    saved = progress.read_text(encoding="utf-8")
    assert "青山县人民政府" in saved
    with refused(progress):
        child = _spawn("new", "-o", "2024.yaml", cwd=tmp_path)
        child.expect("发现上次未填完的问卷")
        child.send(DOWN + DOWN + ENTER)  # 重新开始（上次的进度另存为备份）
        printed, status = _finish(child)
    assert status == 1, printed
    assert "2024.fazhi-progress.yaml：问卷进度文件无法改名为 2024.bak.fazhi-progress.yaml" in printed
    assert "2024.fazhi-progress.yaml 未改动，仍在原处" in printed
    assert "Traceback" not in printed and "内部错误" not in printed
    assert progress.read_text(encoding="utf-8") == saved
    assert not (tmp_path / "2024.bak.fazhi-progress.yaml").exists()


def test_a_damaged_progress_file_that_cannot_be_set_aside(tmp_path):
    """Issue 14 (questionnaire files): a damaged progress file is kept under another name
    before starting over; when the rename is refused: one Chinese message, exit 1."""
    progress = tmp_path / "2024.fazhi-progress.yaml"
    progress.write_text("meta: [\n", encoding="utf-8")
    with refused(progress):
        child = _spawn("new", "-o", "2024.yaml", cwd=tmp_path)
        child.expect("已损坏")
        child.expect("怎么办")
        child.send(ENTER)  # 重新开始（损坏的文件改名保留）
        printed, status = _finish(child)
    assert status == 1, printed
    assert "问卷进度文件无法改名为 2024.fazhi-progress.yaml.damaged-" in printed
    assert "Traceback" not in printed and "内部错误" not in printed
    assert progress.read_text(encoding="utf-8") == "meta: [\n"


def test_following_the_year_when_the_progress_file_cannot_be_renamed(tmp_path):
    """Issue 14 (questionnaire files): without -o the output and its progress file are named
    after the report year and follow a changed year (2025.fazhi-progress.yaml ->
    2023.fazhi-progress.yaml); a refused rename is one Chinese message (exit 1), the
    answers so far stay in the old file."""
    guessed = dt.date.today().year - 1  # the year offered, and the first name
    child = _spawn("new", cwd=tmp_path)
    child.expect("机关名称")
    child.send("青山县人民政府" + ENTER)
    child.expect("机关类型")
    child.send(ENTER)
    child.expect("报告年度")  # organ and kind are saved by now
    progress = tmp_path / f"{guessed}.fazhi-progress.yaml"
    with refused(progress):
        child.send(CLEAR + f"{guessed - 2}" + ENTER)
        printed, status = _finish(child)
    assert status == 1, printed
    assert f"问卷进度文件无法改名为 {guessed - 2}.fazhi-progress.yaml" in printed
    assert "Traceback" not in printed and "内部错误" not in printed
    assert "青山县人民政府" in progress.read_text(encoding="utf-8")
    assert not (tmp_path / f"{guessed - 2}.fazhi-progress.yaml").exists()


def test_a_progress_file_that_cannot_be_removed_at_the_end(tmp_path):
    """Issue 14 (questionnaire files): once the YAML is written the progress file is removed;
    when that is refused the person is told to remove it, and the Word draft is still made."""
    shutil.copy(SAMPLES / "2024.yaml", tmp_path / "2024.yaml")  # a finished file, opened again
    child = _spawn("new", "-o", "2024.yaml", cwd=tmp_path)
    child.expect("接下来")  # the summary has saved the progress file
    progress = tmp_path / "2024.fazhi-progress.yaml"
    assert progress.exists()
    with refused(progress, folder_ok=False):
        child.send(ENTER)  # 写回 YAML 并重新生成 Word 初稿
        child.expect("已生成", timeout=60)
        before = child.before
        printed, status = _finish(child)
    assert status == 0, before + printed
    assert "注意：进度文件 2024.fazhi-progress.yaml 未能删除" in before and "请手动删除该进度文件" in before
    assert "Traceback" not in before + printed
    assert (tmp_path / "2024.docx").exists() and (tmp_path / "2024.yaml.bak").exists()
