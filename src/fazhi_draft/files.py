"""Writing the person's files: one `atomic_write` for every verb, never half a file.

Everything fazhi-draft writes for the person goes through here: the draft (.docx, .md,
.txt), the PDF, the YAML rewritten by `annotate` and `check --fix` and its .bak, the
schema, the questionnaire's progress file and final YAML.

- The data goes to a hidden temporary file beside the target
  (`.2024.docx.fz4711-3a9c-0f1e2d.tmp`: our mark, the writer's process id and computer,
  a random part), reaches the disk, and only then takes the real name: a full disk, a
  kill or a power cut leaves the old file or none, never half a file.
- A new name is taken exclusively (a hard link of the temporary file, which fails if the
  name appeared meanwhile): two runs writing the same new file cannot both succeed.
  Where the file system has no hard links (FAT, some network shares): Windows' rename,
  which never replaces; elsewhere the name is reserved with O_EXCL first. An existing
  file is replaced (os.replace) only with `force`.
- A new file gets the permissions a plain open() gives under the umask (colleagues can
  read a draft on a shared folder); a replaced file keeps its own.
- A symbolic link is written through (its target gets the content, the link stays) and
  counts as existing even when it points nowhere. A read-only file, a folder or a device
  in the way is refused.
- A file that cannot be replaced (on Windows: open in Word/WPS) is left as it is and the
  new content saved under a free name beside it: 2024（1）.docx.
- What the system refuses (full disk, no permission, read-only medium) is one Chinese
  sentence, WriteError (exit 1): the person's situation, not our bug.
- Temporaries of ours left by a killed run are removed the next time this program writes
  in that folder: only names of our exact pattern, and only when their writer is gone
  (same computer) or they are older than STALE_AFTER.

Imported by `check --fix` and the questionnaire too: keep it light (no third-party imports).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from fazhi_draft.errors import UserError

STALE_AFTER = 3600.0  # seconds: a temporary this old is left over, whoever wrote it
WINDOWS = sys.platform == "win32"  # where an open document is locked (a module constant: tests set it)

# .NAME.fzPID-HOST-RAND.tmp, HOST a hash of the computer's name (a shared folder has other writers).
# The names of our own temporaries (see _temporary_name below). NAME runs up to the dot that
# starts the ending (a dot the ending follows is not NAME's): nothing to give back and try
# again (issue 13 item 4).
_TEMP = re.compile(r"^\.(?:[^.\n]|\.(?!fz[0-9]{1,10}-[0-9a-f]{4}-[0-9a-f]{6}\.tmp$))++"
                   r"\.fz(?P<pid>[0-9]{1,10})-(?P<host>[0-9a-f]{4})-[0-9a-f]{6}\.tmp$")
# What tempfile.mkstemp made in earlier versions: .NAME.xxxxxxxx.tmp; removed only when old,
# and only beside names of the kinds we write.
_OLD_TEMP = re.compile(r"^\.(?:[^.\n]|\.(?!(?i:docx|md|txt|pdf|yaml|yml|json|bak)\.[a-z0-9_]{8}\.tmp$))++"
                       r"\.(?i:docx|md|txt|pdf|yaml|yml|json|bak)\.[a-z0-9_]{8}\.tmp$")
_NAME_IN_TEMP = 60  # characters of the target's name kept in the temporary's (name length limits)

_swept: set[str] = set()  # folders already cleaned by this process


class WriteError(UserError):
    """A file could not be written; the message says which and why (磁盘已满, 没有权限, ...)."""

    def __init__(self, path: Path | str, reason: str, fix: str | None = None):
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"无法写入 {path}：{reason}", fix=fix)


class AlreadyExists(UserError):
    """The name is taken (`link`: by a symbolic link pointing there) and `force` was not given."""

    def __init__(self, path: Path | str, link: str | None = None):
        what = "文件已存在，未覆盖" if link is None else f"已有同名的链接（指向 {link}），未覆盖"
        super().__init__(what, file=path, fix="如需覆盖请加 --force，或用 -o 指定新文件名")


# ---------------------------------------------------------------- the one write
def atomic_write(path: Path | str, data: bytes | str, *, force: bool = False) -> Path:
    """Write `data` (str as UTF-8) to `path` all at once; returns `path`.

    Raises AlreadyExists when the name is taken (also by a link, even a dangling one) and
    not `force`; WriteError when the file cannot be written (nothing is left behind); a
    UserError naming the free name the content was saved under when an existing file
    cannot be replaced (open in Word/WPS).
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    target, existing = check_target(path, force=force)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise WriteError(path, "路径中有一个同名的文件挡住了文件夹", "请检查路径，或换一个文件夹") from None
    except OSError as exc:
        raise write_error(path, exc) from None
    sweep(target.parent)
    tmp = _write_temporary(path, target, payload, existing)
    try:
        if existing is None and not force:
            try:
                _take_new_name(tmp, target)
            except FileExistsError:  # another run wrote it since check_target
                raise AlreadyExists(path) from None
        else:
            try:
                os.replace(tmp, target)
            except PermissionError:
                if existing is None:
                    raise
                alt = _save_beside(tmp, target)
                why = "原文件被占用（可能正在 Word/WPS 中打开）" if WINDOWS else "没有权限替换原文件"
                raise UserError(f"{why}，新稿已另存为 {alt}", file=path,
                                fix="请先在 Word/WPS 中关闭该文件" if WINDOWS else "请检查该文件的权限") from None
    except OSError as exc:
        raise write_error(path, exc) from None
    finally:
        _remove(tmp)
    return path


def write_new(path: Path | str, data: bytes | str) -> Path:
    """Write `data` under `path`, or under the first free name beside it (2024（1）.docx);
    never replaces anything. Returns the name written."""
    path = Path(path)
    cand = path
    for _ in range(1000):
        try:
            return atomic_write(cand, data)
        except AlreadyExists:
            cand = free_name(path)
    raise WriteError(path, "同名文件太多，找不到可用的文件名", "请清理该文件夹后重试")


def check_target(path: Path | str, *, force: bool) -> tuple[Path, os.stat_result | None]:
    """Where writing `path` really writes (a link's target), and that file's stat (None: new).

    Raises what atomic_write would raise before writing anything, so a verb can say it
    before doing slow work (pdf): AlreadyExists, or WriteError for a folder, a device,
    a read-only file, a file this user may not write.
    """
    path = Path(path)
    target = path
    if os.path.islink(path):
        if not force:
            raise AlreadyExists(path, link=os.readlink(path))
        target = Path(os.path.realpath(path))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return target, None
    except OSError as exc:
        raise write_error(path, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise WriteError(path, "是一个文件夹", "请给出文件名，例如 文件夹/2024.docx")
    if not force:
        raise AlreadyExists(path)
    if not stat.S_ISREG(st.st_mode):
        raise WriteError(path, "不是普通文件（是设备或管道）", "请另指定一个文件名")
    if not st.st_mode & stat.S_IWUSR:  # root may write anything: the mode says what was meant
        raise WriteError(path, "文件是只读的，未改写", "确需改写时，请先取消该文件的只读属性")
    if not os.access(target, os.W_OK):
        raise WriteError(path, "没有权限改写这个文件", "请检查该文件的权限，或另存为一个新文件名")
    return target, st


def free_name(path: Path | str, *, taken: Callable[[Path], bool] | None = None, first: int = 1) -> Path:
    """The first of 2024（1）.docx, 2024（2）.docx, ... beside `path` that is not taken.

    `taken` says whether a name is taken (default: something of that name exists, a
    dangling link included); `first` is the first number tried.
    """
    path = Path(path)
    is_taken = taken or os.path.lexists
    for n in range(first, first + 999):
        cand = path.with_name(f"{path.stem}（{n}）{path.suffix}")
        if not is_taken(cand):
            return cand
    raise WriteError(path, "同名文件太多，找不到可用的文件名", "请清理该文件夹后重试")


def write_error(path: Path | str, exc: OSError) -> WriteError:
    """The person's words for what the system refused while writing `path`."""
    reason, fix = _REASONS.get(_kind(exc), (None, None))
    if reason is None:
        reason, fix = f"系统拒绝写入（{exc.strerror or exc}）", "请检查磁盘和文件夹后重试"
    return WriteError(path, reason, fix)


_REASONS = {
    "full": ("磁盘已满", "请清理磁盘空间后重试，或写到其他磁盘"),
    "read-only": ("所在的磁盘或文件夹是只读的", "请换一个可以写入的位置（如桌面）"),
    "permission": ("没有权限", "请换一个有写入权限的文件夹，或请管理员开放权限"),
    "folder": ("是一个文件夹", "请给出文件名，例如 文件夹/2024.docx"),
    "long": ("文件名太长", "请换一个短一些的文件名或文件夹"),
    "not-folder": ("路径中有一部分不是文件夹", "请检查路径"),
    "missing": ("所在的文件夹不存在", "请检查路径"),
    "io": ("读写出错（磁盘、U 盘或网络故障）", "请检查磁盘或网络连接后重试"),
}


def _kind(exc: OSError) -> str | None:
    code, win = exc.errno, getattr(exc, "winerror", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)) or win in (39, 112):
        return "full"
    if code == errno.EROFS or win == 19:  # ERROR_WRITE_PROTECT
        return "read-only"
    if code in (errno.EACCES, errno.EPERM):
        return "permission"
    return {errno.EISDIR: "folder", errno.ENAMETOOLONG: "long", errno.ENOTDIR: "not-folder",
            errno.ENOENT: "missing", errno.EIO: "io"}.get(code)


# ---------------------------------------------------------------- the steps
def _write_temporary(path: Path, target: Path, payload: bytes, existing: os.stat_result | None) -> Path:
    """The payload in a new temporary file beside `target`, on the disk; WriteError on failure."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = target.with_name(_temporary_name(target.name))
        try:
            fd = os.open(tmp, flags, 0o666)  # 0o666 less the umask: what open() would give
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise write_error(path, exc) from None
    try:
        try:
            if existing is not None and os.name == "posix":
                _keep_owner_and_mode(fd, existing)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        _remove(tmp)
        raise write_error(path, exc) from None
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _keep_owner_and_mode(fd: int, existing: os.stat_result) -> None:
    """The replaced file's group (and owner, when we may) and permissions for its successor;
    where the file system keeps none (FAT, some shares) the write goes on without them."""
    try:
        os.fchown(fd, existing.st_uid if os.geteuid() == 0 else -1, existing.st_gid)
    except OSError:
        pass  # not a member of that group: the folder's default group it is
    try:
        os.fchmod(fd, stat.S_IMODE(existing.st_mode))
    except OSError:
        pass


def _take_new_name(tmp: Path, target: Path) -> None:
    """Give `tmp`'s content the name `target`, which must not exist: FileExistsError if it does."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # no hard links here (FAT, some shares); a real problem shows again below
        if WINDOWS:
            os.rename(tmp, target)  # Windows' rename never replaces: FileExistsError
        else:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # reserve the name
            os.replace(tmp, target)


def _save_beside(tmp: Path, target: Path) -> Path:
    """Give `tmp`'s content a free name beside `target`; returns it."""
    for _ in range(1000):
        cand = free_name(target)
        try:
            _take_new_name(tmp, cand)
            return cand
        except FileExistsError:
            continue
    raise WriteError(target, "同名文件太多，找不到可用的文件名", "请清理该文件夹后重试")


def _temporary_name(name: str) -> str:
    return f".{name[:_NAME_IN_TEMP]}.fz{os.getpid()}-{_host()}-{os.urandom(3).hex()}.tmp"


def _host() -> str:
    node = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
    return f"{zlib.crc32(node.encode('utf-8', 'replace')) & 0xFFFF:04x}"


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# ---------------------------------------------------------------- left-over temporaries
def sweep(folder: Path | str, *, now: float | None = None) -> list[Path]:
    """Remove temporaries of ours in `folder` that a killed run left; returns those removed.

    Once per folder per process. Only exact names of our pattern, and only when the writer
    is gone (a process of this computer that no longer runs) or the file is older than
    STALE_AFTER: a run writing in the same folder right now keeps its temporary.
    """
    key = os.path.normcase(os.path.abspath(folder))
    if key in _swept:
        return []
    _swept.add(key)
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        new, old = _TEMP.match(entry.name), _OLD_TEMP.match(entry.name)
        if not (new or old):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        stale = now - st.st_mtime > STALE_AFTER
        if not stale and not (new and _writer_gone(int(new["pid"]), new["host"])):
            continue
        try:
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
    return removed


def _writer_gone(pid: int, host: str) -> bool:
    """True only when sure: the writer ran on this computer and its process is gone."""
    if host != _host() or pid == os.getpid() or WINDOWS:  # Windows: no harmless probe, age decides
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):
        return False
    return False
