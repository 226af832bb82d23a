"""Issue 18 item 5: PDFs for many reports from one LibreOffice per worker (verbs/libreoffice.py),
for `render DIR --pdf` and `pdf DIR` alike.

Real LibreOffice where only it can show the point; each of those tests starts it once
(seconds each, counted through a wrapper script): a folder of reports through
`render --pdf`, a folder of .docx with a broken one through `pdf`, and the batch killed
outright while LibreOffice works. A shell script standing in for soffice does the rest
(a file that hangs, a LibreOffice that crashes, signals, the progress bar): it needs no
LibreOffice and takes a second or two.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SAMPLES, run_cli

POSIX = os.name == "posix"
LINUX = sys.platform.startswith("linux")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture
def real_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """LibreOffice behind a wrapper that notes each start in the returned log (one line a start)."""
    from fazhi_draft.verbs.pdf import find_soffice

    real = find_soffice()
    if real is None:
        if _in_ci():
            pytest.fail("CI must run the PDF batch tests: install libreoffice-writer-nogui", pytrace=False)
        pytest.skip("LibreOffice (soffice) is not installed")
    if not POSIX:
        pytest.skip("a shell script wraps soffice")
    log = tmp_path / "starts.log"
    wrapper = tmp_path / "bin" / "soffice"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "$$" >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("FAZHI_SOFFICE", str(wrapper))
    return log


# A stand-in for soffice: takes the files after the options and, for each, does what its
# content says: HANG sleeps, CRASH kills LibreOffice, BAD cannot be loaded, anything else
# becomes a PDF; FAKE_HANG=1 hangs on every file. Prints what LibreOffice prints.
FAKE = r"""#!/bin/sh
echo "$$" >> "$FAKE_LOG"
out=""; files=""
while [ $# -gt 0 ]; do
  case "$1" in
    --outdir|--convert-to) [ "$1" = --outdir ] && out="$2"; shift 2;;
    -*) shift;;
    *) files="$files $1"; shift;;
  esac
done
for f in $files; do
  [ -n "$FAKE_HANG" ] && sleep 300
  sleep "${FAKE_PACE:-0}"
  case "$(cat "$f")" in
    *HANG*) sleep 300;;
    *CRASH*) kill -9 $$;;
    *BAD*) echo "Error: source file could not be loaded" >&2;;
    *) echo "convert $PWD/$f -> $out/${f%.*}.pdf using filter : writer_pdf_Export"
       printf '%%PDF-1.4\n%%%%EOF\n' > "$out/${f%.*}.pdf";;
  esac
done
"""


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """FAZHI_SOFFICE -> the stand-in above; returns its log (one line, its process id, a start)."""
    if not POSIX:
        pytest.skip("a shell script stands in for soffice")
    fake = tmp_path / "fake" / "soffice"
    fake.parent.mkdir()
    fake.write_text(FAKE, encoding="utf-8")
    fake.chmod(0o755)
    log = tmp_path / "fake" / "starts.log"
    log.touch()
    monkeypatch.setenv("FAZHI_SOFFICE", str(fake))
    monkeypatch.setenv("FAKE_LOG", str(log))
    return log


def _starts(log: Path) -> list[int]:
    return [int(x) for x in log.read_text(encoding="utf-8").split()] if log.exists() else []


def _whole_pdf(path: Path) -> bool:
    data = path.read_bytes()
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]


# ---------------------------------------------------------------- real LibreOffice
def test_render_folder_to_pdf_starts_libreoffice_once(tmp_path: Path, real_soffice: Path):
    """Issue 18 item 5: `render DIR --pdf` on three reports makes every draft and every PDF with
    ONE LibreOffice start (it was one per report), each PDF written whole; the font note is
    said once for the batch, not once per report."""
    from fazhi_draft.verbs.pdf import font_note

    folder = tmp_path / "各区报告"
    folder.mkdir()
    for name in ("甲区", "乙区", "丙区"):
        shutil.copy(SAMPLES / "2023.yaml", folder / f"{name}.yaml")
    out = tmp_path / "初稿"
    result = run_cli("render", str(folder), "-o", str(out), "--pdf")
    assert result.returncode == 0, result.stderr
    assert len(_starts(real_soffice)) == 1
    for name in ("甲区", "乙区", "丙区"):
        pdf = out / f"{name}.pdf"
        assert f"已生成：{pdf}" in result.stdout
        assert _whole_pdf(pdf) and pdf.stat().st_size > 20_000
    assert "共 3 个输入：已生成 3 份（PDF 3 份）" in result.stdout
    note = font_note(out / "甲区.docx")
    if note:  # this machine lacks the 公文 fonts: said, once
        assert result.stdout.count(note) == 1


def test_pdf_of_a_folder_reports_the_broken_file_by_name(tmp_path: Path, real_soffice: Path):
    """Issue 18 item 5: `pdf DIR` (a folder of .docx) converts the good files with one
    LibreOffice; a broken .docx among them is reported under its name and the others still
    get their PDFs; Word's ~$ owner file is not an input."""
    from fazhi_draft.verbs.render import render_file

    folder = tmp_path / "定稿"
    folder.mkdir()
    render_file(SAMPLES / "2023.yaml", folder / "甲区.docx")
    render_file(SAMPLES / "2024.yaml", folder / "乙区.docx")
    good = (folder / "甲区.docx").read_bytes()
    (folder / "坏的.docx").write_bytes(good[: len(good) // 3])  # cut off: not a whole .docx
    (folder / "~$甲区.docx").write_bytes(b"owner file Word keeps beside an open document")
    result = run_cli("pdf", str(folder))
    assert result.returncode == 1, result.stderr
    assert _whole_pdf(folder / "甲区.pdf") and _whole_pdf(folder / "乙区.pdf")
    assert not (folder / "坏的.pdf").exists()
    assert f"未完成：{folder / '坏的.docx'}" in result.stderr
    assert "LibreOffice 打不开这个文件" in result.stderr
    assert "共 3 个文件：已生成 PDF 2 份，1 个未完成" in result.stderr
    assert "~$" not in result.stdout + result.stderr
    assert len(_starts(real_soffice)) == 1


def _processes_with(marker: str) -> list[int]:
    """Processes whose command line contains `marker` (and are not zombies)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if marker.encode() in cmdline and state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_killing_the_batch_leaves_no_libreoffice(tmp_path: Path, real_soffice: Path):
    """Issue 18 item 5: `pdf DIR` killed with SIGKILL while LibreOffice works (no handler of
    ours runs): within seconds no LibreOffice process of that batch is left (soffice.bin does
    not die with its parent by itself)."""
    from fazhi_draft.verbs.render import render_file

    folder = tmp_path / "docx"
    folder.mkdir()
    render_file(SAMPLES / "2023.yaml", folder / "a.docx")
    for i in range(8):
        shutil.copy(folder / "a.docx", folder / f"{i}.docx")
    temp = tmp_path / "temp-of-the-batch"  # its LibreOffice profile is in here: a mark on its command line
    temp.mkdir()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TMPDIR": str(temp)}
    proc = subprocess.Popen([sys.executable, "-m", "fazhi_draft", "pdf", str(folder), "-o", str(tmp_path / "out")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 60
        while not [p for p in _processes_with(str(temp)) if Path(f"/proc/{p}/comm").read_text().strip() == "soffice.bin"]:
            assert time.monotonic() < deadline and proc.poll() is None, "LibreOffice did not start"
            time.sleep(0.05)
        proc.kill()
        proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        while _processes_with(str(temp)) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = _processes_with(str(temp))
        assert not left, [Path(f"/proc/{p}/cmdline").read_bytes()[:200] for p in left]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in _processes_with(str(temp)):  # only this test's LibreOffice, should the assertion fail
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
    for pdf in (tmp_path / "out").glob("*.pdf"):
        assert _whole_pdf(pdf)


def _office_is_working(temp: Path) -> bool:
    """soffice.bin runs with `temp` in its environment and has made its lu*.tmp files. LibreOffice
    creates and removes folders while we look: one vanishing under the walk is "not yet"."""
    try:
        running = [p for p in _processes_with(str(temp))
                   if Path(f"/proc/{p}/comm").read_text().strip() == "soffice.bin"]
        return bool(running) and bool(list(temp.rglob("lu*.tmp")))
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not LINUX, reason="reads /proc")
def test_ctrl_c_leaves_no_libreoffice_and_no_temporary_files(tmp_path: Path, real_soffice: Path):
    """Issue 18 item 5: Ctrl-C (SIGINT to the whole foreground process group, as a terminal
    sends it) while two LibreOffice processes convert `render DIR --pdf -j 2`: exit 130 with
    no traceback, no LibreOffice process of the batch left, and nothing left in the temporary
    folder: not the batch's profiles, not LibreOffice's own lu*.tmp folders."""
    folder = tmp_path / "各区报告"
    folder.mkdir()
    for i in range(6):
        shutil.copy(SAMPLES / "2023.yaml", folder / f"{i}.yaml")
    temp = tmp_path / "temp-of-the-batch"
    temp.mkdir()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "TMPDIR": str(temp)}
    proc = subprocess.Popen([sys.executable, "-m", "fazhi_draft", "render", str(folder), "-o", str(tmp_path / "out"),
                             "--pdf", "-j", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _office_is_working(temp):  # LibreOffice runs and has made its temporary files
            assert time.monotonic() < deadline and proc.poll() is None, "LibreOffice did not start"
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        deadline = time.monotonic() + 5
        while _processes_with(str(temp)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _processes_with(str(temp))
        assert proc.returncode == 130, err.decode("utf-8", "replace")
        assert "已中断" in err.decode("utf-8") and b"Traceback" not in err
        assert sorted(str(p.relative_to(temp)) for p in temp.rglob("*")) == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in _processes_with(str(temp)):  # only this test's LibreOffice, should an assertion fail
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


# ---------------------------------------------------------------- a stand-in for LibreOffice
def _word_files(folder: Path, contents: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in contents.items():
        (folder / f"{name}.docx").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_hang_a_crash_and_a_bad_file_do_not_sink_the_batch(tmp_path: Path, fake_soffice: Path,
                                                               monkeypatch: pytest.MonkeyPatch, jobs: str):
    """Issue 18 item 5: among seven files one cannot be loaded, one hangs (stopped after the
    per-file time limit) and one crashes LibreOffice: each is reported under its own name with
    its own reason, every other file gets its PDF, and after the hang and the crash the files
    left go to a fresh LibreOffice (three starts in all, whether one worker or two)."""
    from fazhi_draft.verbs import libreoffice

    monkeypatch.setattr(libreoffice, "DEFAULT_TIMEOUT", 2.0)
    folder = _word_files(tmp_path / "in", {"1-ok": "OK", "2-bad": "BAD", "3-ok": "OK", "4-hang": "HANG",
                                           "5-ok": "OK", "6-crash": "CRASH", "7-ok": "OK"})
    out = tmp_path / "out"
    start = time.monotonic()
    result = run_cli("pdf", str(folder), "-o", str(out), "-j", jobs)
    assert time.monotonic() - start < 20
    assert result.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["1-ok.pdf", "3-ok.pdf", "5-ok.pdf", "7-ok.pdf"]
    blocks = {b.split("\n", 1)[0]: b for b in result.stderr.split("未完成：")[1:]}
    assert "LibreOffice 打不开这个文件" in blocks[str(folder / "2-bad.docx")]
    assert "超过 2 秒仍未完成" in blocks[str(folder / "4-hang.docx")]
    assert "退出码 137" in blocks[str(folder / "6-crash.docx")]
    assert len(blocks) == 3
    assert "共 7 个文件：已生成 PDF 4 份，3 个未完成" in result.stderr
    assert len(_starts(fake_soffice)) == 3


def test_a_libreoffice_that_gets_nowhere_is_not_retried_file_by_file(tmp_path: Path, fake_soffice: Path,
                                                                      monkeypatch: pytest.MonkeyPatch):
    """Issue 18 item 5: when LibreOffice hangs on every file, two runs in a row get nowhere and the
    rest are reported at once, not after a time limit each."""
    from fazhi_draft.verbs import libreoffice

    monkeypatch.setattr(libreoffice, "DEFAULT_TIMEOUT", 1.0)
    monkeypatch.setenv("FAKE_HANG", "1")
    folder = _word_files(tmp_path / "in", {f"{i}": "OK" for i in range(6)})
    start = time.monotonic()
    result = run_cli("pdf", str(folder), "-o", str(tmp_path / "out"))
    assert time.monotonic() - start < 6
    assert result.returncode == 1
    assert result.stderr.count("超过 1 秒仍未完成，已停止。") == 2  # the two that were tried
    assert result.stderr.count("接连两次未能转换任何文件") == 4
    assert len(_starts(fake_soffice)) == 2


def test_single_file_goes_through_the_same_path(tmp_path: Path, fake_soffice: Path):
    """`fazhi-draft pdf x.docx` and -o keep their meaning (one file, its PDF's name)."""
    folder = _word_files(tmp_path / "in", {"报告": "OK"})
    result = run_cli("pdf", str(folder / "报告.docx"), "-o", str(tmp_path / "定稿.pdf"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"已生成：{tmp_path / '定稿.pdf'}"
    assert _whole_pdf(tmp_path / "定稿.pdf")


def test_a_soffice_that_cannot_be_run_is_said_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """FAZHI_SOFFICE naming a file that is not a program: one message for the batch, exit 2."""
    if not POSIX:
        pytest.skip("execute permission")
    not_a_program = tmp_path / "soffice"
    not_a_program.write_text("not a program", encoding="utf-8")
    monkeypatch.setenv("FAZHI_SOFFICE", str(not_a_program))
    folder = _word_files(tmp_path / "in", {"a": "OK", "b": "OK"})
    result = run_cli("pdf", str(folder))
    assert result.returncode == 2
    assert result.stderr.count(f"无法运行 LibreOffice（{not_a_program}）") == 1
    assert "Permission denied" in result.stderr and "Traceback" not in result.stderr


def test_several_inputs_need_an_output_folder(tmp_path: Path, fake_soffice: Path):
    folder = _word_files(tmp_path / "in", {"a": "OK", "b": "OK"})
    result = run_cli("pdf", str(folder / "a.docx"), str(folder / "b.docx"), "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2 and "文件夹" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli("pdf", str(empty))
    assert result.returncode == 2 and "没有 .docx 文件" in result.stderr
    assert _starts(fake_soffice) == []


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"\nPPid:\t{pid}\n" in (entry / "status").read_text():
                    out.append(int(entry.name))
            except OSError:
                continue
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not LINUX, reason="reads /proc")
@pytest.mark.parametrize("signame, codes", [("SIGTERM", (143,)), ("SIGKILL", (-9,)), ("SIGINT", (130,))])
def test_stopping_render_pdf_ends_libreoffice(tmp_path: Path, fake_soffice: Path,
                                              monkeypatch: pytest.MonkeyPatch, signame: str, codes: tuple):
    """Issue 18 item 5: `render DIR --pdf` stopped while LibreOffice works on a file (SIGTERM
    from a task manager, SIGKILL, Ctrl-C): LibreOffice and what it started end with it."""
    monkeypatch.setenv("FAKE_HANG", "1")
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b"):
        shutil.copy(SAMPLES / "2023.yaml", folder / f"{name}.yaml")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "fazhi_draft", "render", str(folder), "-o", str(tmp_path / "out"),
                             "--pdf"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    office: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while not office or not _children(office[0]):  # the stand-in, and the sleep it runs
            assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read() if proc.poll() else ""
            time.sleep(0.05)
            office = _starts(fake_soffice)
        office += _children(office[0])
        proc.send_signal(getattr(signal, signame))
        _, err = proc.communicate(timeout=30)
        deadline = time.monotonic() + 5
        while any(_alive(p) for p in office) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [p for p in office if _alive(p)]
        assert proc.returncode in codes, err
        assert b"Traceback" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in office:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def test_progress_bar_while_converting(tmp_path: Path, fake_soffice: Path, monkeypatch: pytest.MonkeyPatch):
    """In a terminal `pdf DIR` shows rich's bar while LibreOffice works, then the summary."""
    pexpect = pytest.importorskip("pexpect")
    monkeypatch.setenv("FAKE_PACE", "0.2")
    folder = _word_files(tmp_path / "in", {f"{i:02d}": "OK" for i in range(8)})
    child = pexpect.spawn(sys.executable, ["-m", "fazhi_draft", "pdf", str(folder), "-o", str(tmp_path / "out")],
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", "TERM": "xterm", "COLUMNS": "100"},
                          encoding="utf-8", timeout=60, dimensions=(40, 100))
    child.expect("正在转换 PDF")
    child.expect("共 8 个文件：已生成 PDF 8 份")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 8
