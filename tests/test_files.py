"""Writing the person's files (files.py): whole or not at all, never over what exists
without --force, readable by colleagues, refused in words when the system says no.

Most tests run the command in this process (run_cli; a full disk can then be faked), the
real process where several processes race or are killed. Tests run as root here, where permission bits are bypassed: a folder nobody may
write into is made with `chattr +i` (root) or chmod (anyone else), a full or read-only disk
is a small tmpfs mounted for the test; each is skipped where it cannot be made.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, run_cli

FIXTURES = ROOT / "tests" / "check_fixtures"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
LINUX = sys.platform.startswith("linux")


# ---------------------------------------------------------------- helpers
def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _main(capsys, *args: str) -> tuple[int, str]:
    """cli.main in this process: (exit status, stderr)."""
    result = run_cli(*args)
    return result.returncode, result.stderr


def _fixable(folder: Path) -> Path:
    """An input `check --fix` changes (half-width punctuation in Chinese text)."""
    p = folder / "in.yaml"
    p.write_bytes((FIXTURES / "FZ405.yaml").read_bytes())
    return p


def _verbs(folder: Path, inputs: Path) -> dict[str, tuple[list[str], Path]]:
    """Each writing verb: (its arguments, the file it writes), writing into `folder`.

    annotate and check --fix rewrite their input, which is copied into `folder` first;
    check --fix writes its backup first, so that is where it stops on a full disk.
    """
    annotated = folder / "annotate.yaml"
    shutil.copy(SAMPLES / "2024.yaml", annotated)
    fixable = _fixable(folder)
    return {
        "render": (["render", str(SAMPLES / "2023.yaml"), "-o", str(folder / "a.docx")], folder / "a.docx"),
        "annotate": (["annotate", str(annotated)], annotated),
        "check --fix": (["check", str(fixable), "--fix"], folder / "in.yaml.bak"),
        "schema -o": (["schema", "-o", str(folder / "s.json")], folder / "s.json"),
        "batch": (["render", str(inputs), "-o", str(folder / "out")], folder / "out" / "2023.docx"),
    }


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    shutil.copy(SAMPLES / "2023.yaml", folder / "2023.yaml")
    shutil.copy(SAMPLES / "2023.yaml", folder / "b.yaml")
    return folder


def _mount_tmpfs(folder: Path, options: str) -> None:
    """Mount a tmpfs on `folder` or skip the test (needs root and mount rights)."""
    if not LINUX or not IS_ROOT or not shutil.which("mount"):
        pytest.skip("needs root on Linux to mount a small tmpfs")
    folder.mkdir(exist_ok=True)
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.decode(errors='replace').strip()}")


def _umount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system of `folder` until only about `leave` bytes are free."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - leave))


@pytest.fixture
def unwritable(tmp_path: Path):
    """A folder this process cannot create files in, holding copies of the inputs.

    Root: `chattr +i` (immutable: root cannot write either); anyone else: chmod 555.
    """
    folder = tmp_path / "locked"
    folder.mkdir()
    verbs = _verbs(folder, SAMPLES)
    (folder / "out").mkdir()
    if IS_ROOT:
        if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(folder), str(folder / "out")],
                                                        capture_output=True).returncode != 0:
            pytest.skip("chattr +i is not available here")
        yield folder, verbs
        subprocess.run(["chattr", "-i", str(folder), str(folder / "out")], capture_output=True)
    else:
        folder.chmod(0o555)
        (folder / "out").chmod(0o555)
        yield folder, verbs
        folder.chmod(0o755)
        (folder / "out").chmod(0o755)


# ---------------------------------------------------------------- issue 12 item 6: modes
@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_new_files_get_the_umask_mode_and_replaced_files_keep_theirs(tmp_path: Path):
    """Issue 12 item 6: a new .docx is readable by colleagues (the mode open() gives under the
    umask, not mkstemp's 0600); a file replaced with --force keeps its own mode."""
    old = os.umask(0o022)
    try:
        out = tmp_path / "a.docx"
        assert run_cli("render", str(SAMPLES / "2023.yaml"), "-o", str(out)).returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        os.umask(0o002)  # a group-shared folder
        assert run_cli("schema", "-o", str(tmp_path / "s.json")).returncode == 0
        assert stat.S_IMODE((tmp_path / "s.json").stat().st_mode) == 0o664
        out.chmod(0o640)  # the clerk made it group-only on purpose
        assert run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(out), "--force").returncode == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
        yaml = tmp_path / "2024.yaml"
        shutil.copy(SAMPLES / "2024.yaml", yaml)
        yaml.chmod(0o600)
        assert run_cli("annotate", str(yaml)).returncode == 0
        assert stat.S_IMODE(yaml.stat().st_mode) == 0o600
    finally:
        os.umask(old)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_file_system_without_modes_still_gets_the_file(tmp_path: Path, monkeypatch):
    """Keeping a replaced file's mode is a courtesy: where chmod/chown are refused (FAT, some
    shares) the file is written all the same."""
    from fazhi_draft.files import atomic_write

    def refused(*args):  # noqa: ANN002, ANN202
        raise PermissionError(errno.EPERM, "Operation not permitted")

    target = tmp_path / "a.txt"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(os, "fchmod", refused)
    monkeypatch.setattr(os, "fchown", refused)
    atomic_write(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"


# ---------------------------------------------------------------- item 8: write errors
VERBS = ["render", "annotate", "check --fix", "schema -o", "batch"]


@pytest.mark.parametrize("verb", VERBS)
def test_full_disk_is_the_users_situation(tmp_path: Path, inputs: Path, capsys, monkeypatch, verb: str):
    """Issue 13 item 8: a full disk (os.write and os.fsync refused with ENOSPC) is exit 1 and
    "无法写入…：磁盘已满" for every verb, not an internal error; nothing is half written or left over."""
    folder = tmp_path / "disk"
    folder.mkdir()
    args, target = _verbs(folder, inputs)[verb]
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}

    def full(fd: int, *data) -> int:  # noqa: ANN002
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    monkeypatch.setattr(os, "fsync", full)
    status, err = _main(capsys, *args)
    monkeypatch.undo()
    assert status == 1, err
    assert f"无法写入 {target}：磁盘已满" in err and "内部错误" not in err
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before  # nothing changed
    assert not _hidden(folder) and not list(folder.rglob("*.tmp")) and not list(folder.glob("*.bak"))


@pytest.mark.parametrize("verb", VERBS)
def test_full_disk_for_real(tmp_path: Path, inputs: Path, verb: str):
    """Issue 13 item 8: the same on a real full disk (a small tmpfs, filled up)."""
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "size=512k")
    try:
        args, target = _verbs(disk, inputs)[verb]
        _fill(disk, 0)
        before = {p.name: p.read_bytes() for p in disk.iterdir() if p.is_file()}
        result = run_cli(*args)
        assert result.returncode == 1, result.stderr
        assert f"无法写入 {target}：磁盘已满" in result.stderr and "内部错误" not in result.stderr
        assert {p.name: p.read_bytes() for p in disk.iterdir() if p.is_file()} == before
        assert not _hidden(disk) and not list(disk.rglob("*.tmp"))
    finally:
        _umount(disk)


@pytest.mark.parametrize("verb", VERBS)
def test_folder_without_write_permission(unwritable, verb: str):
    """Issue 13 item 8: a folder the user may not write into is exit 1 with "无法写入 …：没有权限",
    for every verb; the files in it are unchanged."""
    folder, verbs = unwritable
    args, target = verbs[verb]
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    result = run_cli(*args)
    assert result.returncode == 1, result.stderr
    assert f"无法写入 {target}：没有权限" in result.stderr and "内部错误" not in result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_folder_without_write_permission_plain_chmod(tmp_path: Path):
    """Issue 13 item 8: the plain case as a clerk meets it: a folder with mode 555, and a user
    whom the permission bits bind. As root the command runs without root's capabilities
    (setpriv), so the bits bind it too; skipped when neither is possible."""
    prefix: list[str] = []
    if IS_ROOT:
        if not shutil.which("setpriv"):
            pytest.skip("root ignores permission bits and setpriv is not here to drop that")
        prefix = ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = subprocess.run([*prefix, sys.executable, "-m", "fazhi_draft", "render", str(SAMPLES / "2023.yaml"),
                                 "-o", str(folder / "a.docx")], capture_output=True, text=True, encoding="utf-8",
                                env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120)
        if IS_ROOT and "setpriv:" in result.stderr:
            pytest.skip(f"setpriv cannot drop capabilities here: {result.stderr.strip()}")
        assert result.returncode == 1, result.stderr
        assert f"无法写入 {folder / 'a.docx'}：没有权限" in result.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_read_only_disk(tmp_path: Path):
    """Issue 13 item 8: a read-only medium (a tmpfs mounted ro): exit 1, "只读"."""
    disk = tmp_path / "ro"
    _mount_tmpfs(disk, "ro,size=64k")
    try:
        result = run_cli("render", str(SAMPLES / "2023.yaml"), "-o", str(disk / "a.docx"))
        assert result.returncode == 1, result.stderr
        assert f"无法写入 {disk / 'a.docx'}：所在的磁盘或文件夹是只读的" in result.stderr
    finally:
        _umount(disk)


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_output_that_is_a_folder(tmp_path: Path, force: list[str]):
    """Issue 13 item 8: `-o <existing folder> --force` (and without --force) is exit 1 with
    "是一个文件夹", for render, schema -o and pdf (said before LibreOffice runs); the folder is
    untouched."""
    folder = tmp_path / "初稿"
    folder.mkdir()
    (folder / "keep.txt").write_text("x", encoding="utf-8")
    docx = tmp_path / "a.docx"
    assert run_cli("render", str(SAMPLES / "2023.yaml"), "-o", str(docx)).returncode == 0
    for args in (["render", str(SAMPLES / "2023.yaml")], ["schema"], ["pdf", str(docx)]):
        result = run_cli(*args, "-o", str(folder), *force)
        assert result.returncode == 1, result.stderr
        assert f"无法写入 {folder}：是一个文件夹" in result.stderr and "内部错误" not in result.stderr
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]


def test_batch_reports_write_errors_per_file_and_goes_on(tmp_path: Path, inputs: Path, monkeypatch, capsys):
    """Issue 13 item 8: in a batch a write error is that file's failure, in words; the others
    are written. The output of 2023.yaml is a folder in the way."""
    out = tmp_path / "out"
    (out / "2023.docx").mkdir(parents=True)
    status, err = _main(capsys, "render", str(inputs), "-o", str(out))
    assert status == 1
    assert f"无法写入 {out / '2023.docx'}：是一个文件夹" in err and "内部错误" not in err
    assert (out / "b.docx").is_file()


# ---------------------------------------------------------------- item 10: the .bak
class _Disk:
    """A disk with `free` bytes left, for os.write and os.sendfile (what shutil's copy uses)."""

    def __init__(self, free: int):
        self.free = free
        self.write, self.sendfile = os.write, os.sendfile

    def fake_write(self, fd: int, data) -> int:  # noqa: ANN001
        if self.free <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = self.write(fd, bytes(data)[: self.free])
        self.free -= n
        return n

    def fake_sendfile(self, out_fd: int, in_fd: int, offset, count: int) -> int:  # noqa: ANN001
        if self.free <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = self.sendfile(out_fd, in_fd, offset, min(count, self.free))
        self.free -= n
        return n


def test_fix_on_a_full_disk_leaves_no_truncated_backup(tmp_path: Path, monkeypatch, capsys):
    """Issue 13 item 10: `check --fix` with 100 bytes left on the disk: no half .bak is left
    (the backup is written whole or not at all), the input is unchanged, exit 1 in words."""
    p = _fixable(tmp_path)
    original = p.read_bytes()
    disk = _Disk(100)
    monkeypatch.setattr(os, "write", disk.fake_write)
    if hasattr(os, "sendfile"):
        monkeypatch.setattr(os, "sendfile", disk.fake_sendfile)
    status, err = _main(capsys, "check", str(p), "--fix")
    monkeypatch.undo()
    assert status == 1 and "无法写入" in err and "磁盘已满" in err, err
    assert sorted(x.name for x in tmp_path.iterdir()) == ["in.yaml"]  # no .bak, no temporary
    assert p.read_bytes() == original


def test_fix_on_a_real_full_disk_leaves_no_truncated_backup(tmp_path: Path):
    """Issue 13 item 10: the same on a real tmpfs with 4 KB left and a 20 KB input."""
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "size=512k")
    try:
        p = disk / "in.yaml"
        text = (SAMPLES / "2024.yaml").read_text(encoding="utf-8")
        p.write_text(text.replace("三中全会精神，", "三中全会精神,", 1), encoding="utf-8")  # one fix to make
        original = p.read_bytes()
        _fill(disk, 4096)
        result = run_cli("check", str(p), "--fix")
        assert result.returncode == 1 and "磁盘已满" in result.stderr, result.stderr
        assert sorted(x.name for x in disk.iterdir()) == ["filler", "in.yaml"]
        assert p.read_bytes() == original
    finally:
        _umount(disk)


def test_fix_backup_never_replaces_an_older_backup(tmp_path: Path):
    """The backup takes a free name, exclusively, by the one free-name rule: an older
    in.yaml.bak stays as it is."""
    p = _fixable(tmp_path)
    original = p.read_bytes()
    (tmp_path / "in.yaml.bak").write_text("older backup", encoding="utf-8")
    result = run_cli("check", str(p), "--fix")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "in.yaml.bak").read_text(encoding="utf-8") == "older backup"
    assert (tmp_path / "in.yaml（1）.bak").read_bytes() == original
    assert "in.yaml（1）.bak" in result.stderr


# ---------------------------------------------------------------- item 11: one winner
_SLOW_FSYNC = ("import os, sys, time\n"
               "real = os.fsync\n"
               "os.fsync = lambda fd: (time.sleep({delay}), real(fd))[1]\n"
               "from fazhi_draft.cli import main\n"
               "sys.exit(main(sys.argv[1:]))\n")


def test_two_renders_to_one_new_file_one_wins(tmp_path: Path):
    """Issue 13 item 11: two real processes render to the same new output without --force,
    both inside their write at once (fsync slowed to 1 s): one succeeds, the other is told
    the file exists (exit 1); neither silently replaces the other."""
    out = tmp_path / "a.docx"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "FAZHI_DRAFT_CACHE": "off"}
    procs = [subprocess.Popen([sys.executable, "-c", _SLOW_FSYNC.format(delay=1.0), "render",
                               str(SAMPLES / name), "-o", str(out)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8")
             for name in ("2023.yaml", "2024.yaml")]
    results = [(p.communicate(timeout=120), p.returncode) for p in procs]
    results = [(code, out, err) for (out, err), code in results]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1], results
    loser = next(err for code, _, err in results if code == 1)
    assert "文件已存在，未覆盖" in loser
    winner = next(i for i, (code, _, _) in enumerate(results) if code == 0)
    with zipfile.ZipFile(out) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert ("2023年度" if winner == 0 else "2024年度") in body
    assert ("2024年度" if winner == 0 else "2023年度") not in body
    assert _hidden(tmp_path) == []


@pytest.mark.parametrize("links", ["hard links", "no hard links"])
def test_racing_threads_create_a_new_file_once(tmp_path: Path, monkeypatch, links: str):
    """Issue 13 item 11: eight threads write one new file at the same moment: exactly one
    wins, the file holds that one's content, the others get "文件已存在". Also where the file
    system has no hard links (FAT, some shares: os.link fails), where the name is reserved."""
    from fazhi_draft.errors import UserError
    from fazhi_draft.files import atomic_write

    def no_links(src, dst):  # noqa: ANN001, ANN202
        raise OSError(errno.EPERM, "Operation not permitted")

    if links == "no hard links":
        monkeypatch.setattr(os, "link", no_links)
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (time.sleep(0.2), real(fd))[1])
    target = tmp_path / "a.txt"
    start = threading.Barrier(8)
    won, lost = [], []

    def write(i: int) -> None:
        start.wait()
        try:
            atomic_write(target, f"writer {i}")
            won.append(i)
        except UserError as exc:
            lost.append(str(exc))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(won) == 1 and len(lost) == 7, (won, lost)
    assert target.read_text(encoding="utf-8") == f"writer {won[0]}"
    assert all("文件已存在" in m for m in lost)
    assert _hidden(tmp_path) == []


# ---------------------------------------------------------------- item 12: left-over temporaries
def _wait_for(predicate, timeout: float = 60.0):  # noqa: ANN001, ANN202
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def _writer(out: Path, delay: float) -> subprocess.Popen:
    """A render whose write hangs in fsync for `delay` seconds (its temporary file exists)."""
    return subprocess.Popen([sys.executable, "-c", _SLOW_FSYNC.format(delay=delay), "render",
                             str(SAMPLES / "2023.yaml"), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "FAZHI_DRAFT_CACHE": "off"})


@pytest.mark.skipif(os.name != "posix", reason="kill -9")
def test_temporary_of_a_killed_run_is_removed_by_the_next(tmp_path: Path):
    """Issue 13 item 12: `kill -9` during the write leaves a hidden temporary file; the next
    run writing in that folder removes it. A temporary whose writer is still running, and
    hidden files that are not ours, are left alone."""
    killed = _writer(tmp_path / "a.docx", 60)
    try:
        left = _wait_for(lambda: _hidden(tmp_path))
        killed.kill()
        killed.wait()
    finally:
        killed.kill()
    assert left == _hidden(tmp_path) and len(left) == 1 and left[0].endswith(".tmp")
    busy = _writer(tmp_path / "b.docx", 60)
    try:
        busy_tmp = _wait_for(lambda: [n for n in _hidden(tmp_path) if n.startswith(".b.docx.")])
        foreign = [".notes.txt.swp", ".a.docx.tmp", ".a.docx.12345.tmp", "a.docx.fz1-0000-000000.tmp"]
        for name in foreign:
            (tmp_path / name).write_text("not ours", encoding="utf-8")
        result = run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(tmp_path / "c.docx"))
        assert result.returncode == 0, result.stderr
        remaining = set(_hidden(tmp_path)) | {p.name for p in tmp_path.iterdir()}
        assert left[0] not in remaining  # the killed run's temporary is gone
        assert set(busy_tmp) <= remaining  # the running writer's is not
        assert set(foreign) <= remaining
    finally:
        busy.kill()
        busy.wait()


def test_sweep_rules(tmp_path: Path):
    """Issue 13 item 12: which temporaries are removed: ours only, when the writer is gone
    (same computer) or the file is older than STALE_AFTER."""
    from fazhi_draft import files

    host = files._host()
    other = "ffff" if host != "ffff" else "eeee"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    names = {
        "dead": f".a.docx.fz{dead.pid}-{host}-000001.tmp",
        "alive": f".b.docx.fz{os.getppid()}-{host}-000002.tmp",
        "other computer": f".c.docx.fz{dead.pid}-{other}-000003.tmp",
        "old, alive": f".d.docx.fz{os.getppid()}-{host}-000004.tmp",
        "old mkstemp": ".e.docx.k2j4h5g6.tmp",
        "new mkstemp": ".f.docx.a1b2c3d4.tmp",
        "not ours": ".g.notes.a1b2c3d4.tmp",
    }
    for key, name in names.items():
        (tmp_path / name).write_text(key, encoding="utf-8")
    hours_ago = time.time() - 2 * files.STALE_AFTER
    for key in ("old, alive", "old mkstemp", "not ours"):
        os.utime(tmp_path / names[key], (hours_ago, hours_ago))
    removed = {p.name for p in files.sweep(tmp_path)}
    expected = {"dead", "old, alive", "old mkstemp"} if os.name == "posix" else {"old, alive", "old mkstemp"}
    assert removed == {names[k] for k in expected}
    assert files.sweep(tmp_path) == []  # once per folder per process


# ---------------------------------------------------------------- item 13: workers die with the batch
def _workers(pid: int) -> list[int]:
    """The children of `pid` that are forks of it (same command line)."""
    own = Path(f"/proc/{pid}/cmdline").read_bytes()
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status and cmdline == own:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not LINUX, reason="reads /proc")
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP", "SIGKILL"])
def test_killing_the_batch_ends_its_workers(tmp_path: Path, signame: str):
    """Issue 13 item 13: kill the parent of `render <folder> -j 2` with SIGTERM, SIGHUP or
    SIGKILL mid-batch: no worker survives it by more than a few seconds, and every draft
    written is whole."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(80):
        shutil.copy(SAMPLES / "2023.yaml", folder / f"{i:02d}.yaml")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    with open(tmp_path / "stderr.txt", "wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "fazhi_draft", "render", str(folder), "-o", str(out),
                                 "-j", "2"], stdout=subprocess.DEVNULL, stderr=err, env=env)
    workers: list[int] = []
    try:
        _wait_for(lambda: out.is_dir() and list(out.glob("*.docx")))
        workers = _workers(proc.pid)
        assert len(workers) == 2, workers
        sig = getattr(signal, signame)
        proc.send_signal(sig)
        code = proc.wait(timeout=30)
        assert code in (-sig, 128 + sig), code
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.05)
        survivors = [w for w in workers if _alive(w)]
        assert not survivors, f"workers still running after {signame}: {survivors}"
        for docx in out.glob("*.docx"):
            with zipfile.ZipFile(docx) as z:
                assert z.testzip() is None
        assert "Traceback" not in (tmp_path / "stderr.txt").read_text(encoding="utf-8")
    finally:
        for pid in [proc.pid, *workers]:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        proc.wait()


# ---------------------------------------------------------------- item 14: links and read-only files
@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_annotate_and_fix_write_through_a_link(tmp_path: Path):
    """Issue 13 item 14: `annotate` and `check --fix` on a symlinked input change the real
    file and keep the link a link."""
    real = tmp_path / "真实" / "2024.yaml"
    real.parent.mkdir()
    shutil.copy(SAMPLES / "2024.yaml", real)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    result = run_cli("annotate", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert "yaml-language-server" in real.read_text(encoding="utf-8")

    fixable = _fixable(tmp_path / "真实")
    fix_link = tmp_path / "fix.yaml"
    fix_link.symlink_to(fixable)
    result = run_cli("check", str(fix_link), "--fix")
    assert result.returncode == 0 and "已改正 1 段" in result.stderr, result.stderr
    assert fix_link.is_symlink() and fix_link.resolve() == fixable
    assert "受理25件，办结23件" in fixable.read_text(encoding="utf-8")
    assert (tmp_path / "fix.yaml.bak").read_bytes() == (FIXTURES / "FZ405.yaml").read_bytes()


@pytest.mark.parametrize("verb", ["annotate", "check --fix", "render --force"])
def test_read_only_file_is_not_rewritten(tmp_path: Path, verb: str):
    """Issue 13 item 14: a read-only (0444) file is refused with a Chinese message naming it,
    exit 1, and left as it was (also by root, who could write it)."""
    p = _fixable(tmp_path) if verb == "check --fix" else tmp_path / "in.yaml"
    if verb == "annotate":
        shutil.copy(SAMPLES / "2024.yaml", p)
    if verb == "render --force":
        p = tmp_path / "a.docx"
        p.write_bytes(b"the leader's edited copy")
    original = p.read_bytes()
    p.chmod(0o444)
    args = {"annotate": ["annotate", str(p)], "check --fix": ["check", str(p), "--fix"],
            "render --force": ["render", str(SAMPLES / "2023.yaml"), "-o", str(p), "--force"]}[verb]
    result = run_cli(*args)
    assert result.returncode == 1, result.stderr
    assert f"无法写入 {p}：文件是只读的" in result.stderr
    assert p.read_bytes() == original
    assert sorted(x.name for x in tmp_path.iterdir()) == [p.name]  # no .bak either


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_dangling_link_as_output_counts_as_existing(tmp_path: Path):
    """Issue 13 item 14: an output name held by a link that points nowhere is an existing file:
    not overwritten without --force; with --force the link is written through."""
    link = tmp_path / "a.docx"
    link.symlink_to(tmp_path / "elsewhere.docx")
    result = run_cli("render", str(SAMPLES / "2023.yaml"), "-o", str(link))
    assert result.returncode == 1 and "已有同名的链接" in result.stderr, result.stderr
    assert link.is_symlink() and not (tmp_path / "elsewhere.docx").exists()
    result = run_cli("render", str(SAMPLES / "2023.yaml"), "-o", str(link), "--force")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and zipfile.is_zipfile(tmp_path / "elsewhere.docx")


# ---------------------------------------------------------------- locked files, free names
def test_locked_file_is_kept_and_the_draft_saved_beside_it(tmp_path: Path, monkeypatch, capsys):
    """On Windows a .docx open in Word cannot be replaced: the new draft is saved as a（1）.docx
    and the message says so (os.replace raising PermissionError stands in for Word)."""
    from fazhi_draft import files

    out = tmp_path / "a.docx"
    out.write_bytes(b"open in Word")
    (tmp_path / "a（1）.docx").write_bytes(b"an older copy")

    def locked(src, dst):  # noqa: ANN001, ANN202
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    monkeypatch.setattr(files, "WINDOWS", True)
    status, err = _main(capsys, "render", str(SAMPLES / "2023.yaml"), "-o", str(out), "--force")
    assert status == 1
    assert "原文件被占用（可能正在 Word/WPS 中打开），新稿已另存为" in err and "a（2）.docx" in err
    assert out.read_bytes() == b"open in Word" and (tmp_path / "a（1）.docx").read_bytes() == b"an older copy"
    assert zipfile.is_zipfile(tmp_path / "a（2）.docx")
    assert _hidden(tmp_path) == []


def test_one_free_name_rule(tmp_path: Path):
    """One helper names every "save beside" file: 2024（1）.docx; a dangling link takes a name too."""
    from fazhi_draft import files
    from fazhi_draft.questionnaire import finish, start
    from fazhi_draft.verbs import batch

    assert finish.free_name is files.free_name and start.free_name is files.free_name
    (tmp_path / "2024.docx").write_bytes(b"")
    assert files.free_name(tmp_path / "2024.docx") == tmp_path / "2024（1）.docx"
    if os.name == "posix":
        (tmp_path / "2024（1）.docx").symlink_to(tmp_path / "nowhere")
        assert files.free_name(tmp_path / "2024.docx") == tmp_path / "2024（2）.docx"
    a, b, c = (tmp_path / d / "2024.yaml" for d in ("甲", "甲", "乙"))
    outputs, _ = batch.plan_outputs([a, b, c], tmp_path / "o", ".docx")
    assert [p.name for p in outputs] == ["甲-2024.docx", "甲-2024（2）.docx", "乙-2024.docx"]
