"""Word files to PDF through LibreOffice, many at a time: one LibreOffice process per worker.

Starting LibreOffice costs seconds (most of it setting up a new user profile); converting
a report once it runs costs about 0.3 s. So `convert_files` gives each worker's LibreOffice
a whole list: one `soffice --headless --convert-to pdf --outdir OUT f1 f2 ...`, with its
own temporary profile kept for all its files. `fazhi-draft pdf x.docx`, `render --pdf` and
the batches (verbs/batch.py) all go through it; a single file is a list of one. Each file
is handled as pdf.py says: checked first (exists, is a Word file, its PDF may be written),
given to LibreOffice as an ASCII-named copy patched by pdf.for_libreoffice, LibreOffice
run with pdf.conversion_env (our fonts.conf), the PDF written with files.atomic_write,
the font note (pdf.font_note) added.

What became of each file is read from what LibreOffice prints. It works through the files
in the order given and prints one line per file when loading ends (LibreOffice's
desktop/source/app/dispatchwatcher.cxx): "convert …/fz0003.docx -> … using filter : …"
(then it writes the PDF), or "Error: source file could not be loaded" / "Error: no export
filter" (it skips the file); "Error: Please verify input parameters…" follows a convert
line when the PDF could not be written. A file's PDF is taken once a later file's line
arrives or LibreOffice has ended: checked (%PDF- … %%EOF), then written to its place.

A LibreOffice that prints nothing for `timeout` seconds is stopped and the file it was on
is reported as timed out; one that dies part-way has the file it was on reported with its
exit code. Either way the files after that one go to a fresh LibreOffice with a fresh
profile. If two LibreOffice runs in a row end so without getting through a single file,
LibreOffice itself is broken here: the worker's remaining files get that message instead
of a timeout each.

Why this and not a LibreOffice listening on a socket and driven through UNO: the UNO
bridge (python3-uno) belongs to the Python LibreOffice was built for (Debian's system
Python; on Windows the one LibreOffice bundles), not the one fazhi-draft runs in, so it
would need a second interpreter and a second program; once LibreOffice runs, the command
line converts as fast, and what it prints is enough to report each file and to stop a
hung one.

Processes (POSIX): each LibreOffice runs in its own process group under a small guard
(_GUARD, a few lines of Python): the group (soffice, oosplash, soffice.bin) is killed as
one on a timeout, on Ctrl-C and when this program ends early; and if this program is
killed outright (SIGKILL), the kernel tells the guard (Linux PR_SET_PDEATHSIG; elsewhere it
sees within half a second that its parent is gone), which kills the group. The guard is
needed because soffice.bin does not die with its parent oosplash (seen here: killed
oosplash, soffice.bin went on converting). On Windows LibreOffice is started directly.
LibreOffice's own temporary files (lu*.tmp) go inside the batch's temporary folder (TMPDIR,
TMP, TEMP set for it), so a LibreOffice that was killed leaves nothing in the system's.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fazhi_draft.errors import ExitStatus, UsageError, UserError

DEFAULT_TIMEOUT = 180.0  # seconds without a sign of progress (the first file includes LibreOffice's start, ~3-5 s)
MAX_FILES_PER_RUN = 200  # files on one LibreOffice command line (Windows limits its length)
ACCEPTED = (".docx", ".doc", ".odt", ".rtf")

_OPEN_FIX = "请确认该文件能在 Word/WPS 或 LibreOffice 中正常打开"
_FILE_NAME = re.compile(r"fz(\d{4,})\.[A-Za-z]+")
_SKIPPED = ("Error: source file could not be loaded", "Error: no export filter")
_NOT_WRITTEN = "Error: Please verify input parameters"
_CANNOT_RUN = "fazhi-guard:"

# Runs as `python -I -S -c _GUARD PARENT_PID soffice ARGS...`, leader of its own process group.
_GUARD = """\
import os, signal, sys, time
parent, argv = int(sys.argv[1]), sys.argv[2:]
def end(*_):
    os.killpg(0, signal.SIGKILL)
for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
    signal.signal(sig, end)
linux = sys.platform.startswith("linux")
if linux:
    import ctypes
    ctypes.CDLL(None).prctl(1, signal.SIGTERM, 0, 0, 0)
if os.getppid() != parent:
    end()
child = os.fork()
if child == 0:
    try:
        os.execv(argv[0], argv)
    except OSError as exc:
        print("fazhi-guard:", exc.strerror or exc, flush=True)
    os._exit(127)
while True:
    pid, status = os.waitpid(child, 0 if linux else os.WNOHANG)
    if pid:
        code = os.waitstatus_to_exitcode(status)
        sys.exit(code if code >= 0 else 128 - code)
    if os.getppid() != parent:
        end()
    time.sleep(0.5)
"""


@dataclass(frozen=True)
class PdfJob:
    source: Path  # the Word file
    output: Path  # where its PDF goes


@dataclass
class PdfOutcome:
    job: PdfJob
    notes: list[str] = field(default_factory=list)  # lines for the person (fonts substituted)
    error: UserError | None = None  # why there is no PDF (None: it was written)


def convert_files(jobs: Sequence[PdfJob], *, force: bool = False, workers: int = 1,
                  timeout: float | None = None) -> Iterator[PdfOutcome]:
    """Convert every job's file to PDF with at most `workers` LibreOffice processes at once;
    yields one PdfOutcome per job, in the order of `jobs`, as soon as it (and those before
    it) are done.

    A file that cannot be converted is an outcome with its error, never an exception.
    Raises UsageError (exit 2) when LibreOffice is not installed or cannot be run at all
    (the same for every file: said once). `timeout` (None: DEFAULT_TIMEOUT) is per file: seconds without
    any sign of progress. Close the generator (contextlib.closing) if you stop early: its
    LibreOffice processes end with it.
    """
    from fazhi_draft.files import write_error

    try:
        tmp = tempfile.TemporaryDirectory(prefix="fazhi-pdf-", ignore_cleanup_errors=True)
    except OSError as exc:  # a full or read-only system disk
        raise write_error(Path(tempfile.gettempdir()), exc) from None
    batch = _Batch(list(jobs), Path(tmp.name), force, DEFAULT_TIMEOUT if timeout is None else timeout)
    restore = _exit_on_signals()
    try:
        yield from batch.outcomes(workers)
    finally:
        batch.stop()
        tmp.cleanup()
        restore()


def require_soffice() -> Path:
    """The LibreOffice program; raises UsageError saying how to get it when there is none."""
    from fazhi_draft.verbs.pdf import INSTALL_HINT, find_soffice

    soffice = find_soffice()
    if soffice is None:
        override = os.environ.get("FAZHI_SOFFICE")
        what = (f"环境变量 FAZHI_SOFFICE 指向的 {override} 不存在" if override
                else "未找到 LibreOffice（soffice）")
        raise UsageError(f"{what}，无法转换为 PDF", fix=INSTALL_HINT)
    return soffice


# ---------------------------------------------------------------- the batch
class _Batch:
    """The jobs, their temporary copies, the LibreOffice workers and the outcomes so far."""

    def __init__(self, jobs: list[PdfJob], work: Path, force: bool, timeout: float):
        self.jobs, self.work, self.force, self.timeout = jobs, work, force, timeout
        self.inbox, self.outbox = work / "in", work / "out"
        self.temp = work / "tmp"  # LibreOffice's own temporary files
        self.done: dict[int, PdfOutcome] = {}
        self.events: queue.Queue = queue.Queue()  # (office, run number, line or None at the end)
        self.offices: list[_Office] = []
        self.fonts_memo: dict = {}  # pdf.font_note's answers, per set of fonts
        self.soffice: Path | None = None

    def outcomes(self, workers: int) -> Iterator[PdfOutcome]:
        from fazhi_draft.files import write_error

        try:
            self.inbox.mkdir()
            self.outbox.mkdir()
            self.temp.mkdir()
        except OSError as exc:
            raise write_error(self.work, exc) from None
        ready = []
        for i, job in enumerate(self.jobs):
            try:
                self._prepare(i, job)
                ready.append(i)
            except UserError as exc:
                self.done[i] = PdfOutcome(job, error=exc)
        if ready:
            self.soffice = require_soffice()
            n = max(1, min(workers, len(ready)))
            # Round robin: outcomes are given in order, so every worker's first file comes early.
            self.offices = [_Office(self, k, ready[k::n]) for k in range(n)]
            for office in self.offices:
                office.start()
        given = 0
        while given < len(self.jobs):
            if given in self.done:
                yield self.done.pop(given)
                given += 1
            else:
                self._step()

    def _prepare(self, i: int, job: PdfJob) -> None:
        """Check the job as `fazhi-draft pdf` does, and leave LibreOffice's copy in the inbox."""
        from fazhi_draft.files import check_target, write_error
        from fazhi_draft.input.read import read_input
        from fazhi_draft.limits import MAX_DOCX_BYTES
        from fazhi_draft.verbs.pdf import for_libreoffice

        docx, out = Path(job.source), Path(job.output)
        if not docx.is_file():
            raise UserError("找不到要转换的 Word 文件", file=docx)
        if docx.suffix.lower() not in ACCEPTED:
            raise UserError("只能把 Word 文件（.docx）转换为 PDF", file=docx, fix="先用 fazhi-draft render 生成 .docx")
        if out.resolve() == docx.resolve():
            raise UsageError("PDF 输出文件不能与输入文件相同", file=out)
        check_target(out, force=self.force)  # said now, not after LibreOffice has run
        source = read_input(docx, limit=MAX_DOCX_BYTES)
        # An ASCII name: LibreOffice names the PDF after it, and says it in its lines.
        copy = self.inbox / f"fz{i:04d}{docx.suffix.lower()}"
        try:
            copy.write_bytes(for_libreoffice(source) if copy.suffix == ".docx" else source)
        except OSError as exc:
            raise write_error(Path(tempfile.gettempdir()), exc) from None

    def _step(self) -> None:
        """Wait for the next line from any LibreOffice (or its end, or a timeout) and act on it."""
        running = [o for o in self.offices if o.proc is not None]
        if not running:  # cannot happen: every file is either done or with a running LibreOffice
            raise RuntimeError("PDF batch: files left but no LibreOffice running")
        wait = max(0.0, min(o.deadline for o in running) - time.monotonic())
        try:
            office, run, line = self.events.get(timeout=wait)
        except queue.Empty:
            pass
        else:
            if run == office.run_number and office.proc is not None:
                office.ended() if line is None else office.line(line)
        now = time.monotonic()
        for office in self.offices:
            if office.proc is not None and now >= office.deadline:
                office.timed_out()

    def take(self, i: int) -> bool:
        """File i's PDF, if LibreOffice made a whole one: written to its place (the outcome
        recorded, with a write error if that failed). False when there is no whole PDF."""
        from fazhi_draft.files import atomic_write
        from fazhi_draft.verbs.pdf import font_note

        made = self.outbox / f"fz{i:04d}.pdf"
        try:
            data = made.read_bytes()
        except OSError:
            return False
        if not (data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]):
            return False
        job = self.jobs[i]
        outcome = PdfOutcome(job)
        try:
            atomic_write(job.output, data, force=self.force)
        except UserError as exc:
            outcome.error = exc
        else:
            note = font_note(job.source, data, memo=self.fonts_memo)
            outcome.notes = [note] if note else []
        self.done[i] = outcome
        for path in (made, self.inbox / f"fz{i:04d}{Path(job.source).suffix.lower()}"):
            try:
                path.unlink()
            except OSError:
                pass
        return True

    def fail(self, i: int, message: str, fix: str | None = _OPEN_FIX) -> None:
        self.done[i] = PdfOutcome(self.jobs[i], error=UserError(message, file=self.jobs[i].source, fix=fix))

    def stop(self) -> None:
        """End every LibreOffice still running (Ctrl-C, a signal, an error, the consumer gone)."""
        for office in self.offices:
            office.kill()


# ---------------------------------------------------------------- one worker's LibreOffice
class _Office:
    """One worker: its files, the LibreOffice working on them now, and where it has got to."""

    def __init__(self, batch: _Batch, number: int, files: list[int]):
        self.batch, self.number = batch, number
        self.todo: deque[int] = deque(files)
        self.proc: subprocess.Popen | None = None
        self.run_number = 0
        self.profile = self._new_profile()
        self.fruitless = 0  # runs in a row that ended early without getting through a file
        self.deadline = 0.0

    def _new_profile(self) -> Path:
        return self.batch.work / f"profile-{self.number}-{self.run_number}"

    def start(self) -> None:
        """A LibreOffice for the next files (up to MAX_FILES_PER_RUN), or nothing if none are left."""
        self.proc = None
        if not self.todo:
            return
        self.files = [self.todo.popleft() for _ in range(min(MAX_FILES_PER_RUN, len(self.todo)))]
        self.next = 0  # files[next] is the one LibreOffice is loading (or about to)
        self.writing: int | None = None  # the file whose PDF is being written
        self.through = 0  # files whose loading ended in this run
        self.last = ""  # LibreOffice's last message, for the person
        self.run_number += 1
        batch = self.batch
        suffixes = {i: Path(batch.jobs[i].source).suffix.lower() for i in self.files}
        cmd = [str(batch.soffice), f"-env:UserInstallation={self.profile.as_uri()}",
               "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(batch.outbox),
               *(f"fz{i:04d}{suffixes[i]}" for i in self.files)]
        self.proc = _spawn(cmd, cwd=batch.inbox, soffice=batch.soffice, temp=batch.temp)
        threading.Thread(target=_read_lines, args=(self, self.run_number, self.proc, batch.events),
                         daemon=True).start()
        self.deadline = time.monotonic() + batch.timeout

    def line(self, text: str) -> None:
        """One line LibreOffice printed."""
        self.deadline = time.monotonic() + self.batch.timeout
        if text.startswith(_CANNOT_RUN):
            from fazhi_draft.verbs.pdf import INSTALL_HINT

            raise UsageError(f"无法运行 LibreOffice（{self.batch.soffice}）：{text[len(_CANNOT_RUN):].strip()}",
                             fix=INSTALL_HINT)
        if text.startswith("convert "):
            self._settle()
            m = _FILE_NAME.search(text)
            i = int(m.group(1)) if m else None
            pos = self.files.index(i, self.next) if i in self.files[self.next:] else self.next
            for skipped in self.files[self.next:pos]:  # not expected: files are taken in order
                self.batch.fail(skipped, "LibreOffice 跳过了这个文件，未转换")
            if pos < len(self.files):
                self.writing, self.next = self.files[pos], pos + 1
                self.through += 1
        elif text.startswith(_SKIPPED):
            self._settle()
            if self.next < len(self.files):
                self.batch.fail(self.files[self.next], f"LibreOffice 打不开这个文件，未能转换为 PDF（{text}）")
                self.next += 1
                self.through += 1
        elif text.startswith(_NOT_WRITTEN) and self.writing is not None:
            self.batch.fail(self.writing, f"LibreOffice 未能写出 PDF（{text[:200]}）")
            self.writing = None
        if text and "javaldx" not in text:
            self.last = text[:200]

    def _settle(self) -> None:
        """The file whose PDF was being written is finished (a later line came, or LibreOffice ended)."""
        if self.writing is not None:
            if not self.batch.take(self.writing):
                self.batch.fail(self.writing, "LibreOffice 未能写出完整的 PDF" + (f"（{self.last}）" if self.last else ""))
            self.writing = None

    def ended(self) -> None:
        """LibreOffice closed its output: it has ended, normally or not."""
        code = self.proc.wait()
        detail = f"{'：' + self.last if self.last else ''}"
        self._finish(f"LibreOffice 未能把文件转换为 PDF（退出码 {code}{detail}）", _OPEN_FIX)

    def timed_out(self) -> None:
        self.kill()
        self._finish(f"LibreOffice 转换超过 {self.batch.timeout:.0f} 秒仍未完成，已停止",
                     "请关闭卡住的 LibreOffice 窗口后重试")

    def _finish(self, message: str, fix: str) -> None:
        """After a run: the file LibreOffice was on (if any) gets `message`; the files it did not
        reach go to a fresh LibreOffice."""
        batch = self.batch
        blamed = False
        if self.writing is not None:
            if not batch.take(self.writing):
                batch.fail(self.writing, message, fix)
                blamed = True
            self.writing = None
        rest = self.files[self.next:]
        if rest and not blamed:
            batch.fail(rest.pop(0), message, fix)
            blamed = True
        self.todo.extendleft(reversed(rest))
        if blamed:  # a LibreOffice that died or hung: its profile may be damaged
            self.profile = self._new_profile()
        self.fruitless = self.fruitless + 1 if blamed and self.through == 0 else 0
        if self.fruitless >= 2:
            while self.todo:
                batch.fail(self.todo.popleft(), f"LibreOffice 接连两次未能转换任何文件（{message}），这个文件没有再试",
                           "请先单独转换一个文件试试：fazhi-draft pdf 文件.docx")
        self.start()

    def kill(self) -> None:
        """End this worker's LibreOffice (its whole process group), if one is running."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        self.run_number += 1  # lines still coming from it are dropped
        _kill(proc)


def _exit_on_signals() -> Callable[[], None]:
    """SIGTERM and SIGHUP end the command as Ctrl-C does, by unwinding: LibreOffice stopped,
    the temporary folder removed, exit status 143/129. Returns what puts the old handlers back."""
    from fazhi_draft.environment import on_stop_signals

    def handler(signum: int, frame: object) -> None:
        raise SystemExit(ExitStatus.stopped_by(signum))

    return on_stop_signals(handler)


def _spawn(cmd: list[str], *, cwd: Path, soffice: Path, temp: Path) -> subprocess.Popen:
    """Start LibreOffice; its temporary files go to `temp` (inside the batch's folder), not the
    system's: a LibreOffice that is killed leaves its lu*.tmp folders behind, and they go
    when the batch's folder is removed."""
    from fazhi_draft.verbs.pdf import INSTALL_HINT, conversion_env

    env = conversion_env()
    env.update({name: str(temp) for name in ("TMPDIR", "TMP", "TEMP")})
    kwargs: dict = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE, "stderr": subprocess.STDOUT,
                    "cwd": cwd, "env": env}
    if os.name == "posix":
        cmd = [sys.executable, "-I", "-S", "-c", _GUARD, str(os.getpid()), *cmd]
        kwargs["start_new_session"] = True
    try:
        return subprocess.Popen(cmd, **kwargs)
    except OSError as exc:
        raise UsageError(f"无法运行 LibreOffice（{soffice}）：{exc.strerror or exc}", fix=INSTALL_HINT) from None


def _read_lines(office: _Office, run: int, proc: subprocess.Popen, events: queue.Queue) -> None:
    """In a thread: every line `proc` prints, then None when it closes its output."""
    try:
        for raw in proc.stdout:
            events.put((office, run, raw.decode("utf-8", "replace").strip()))
        proc.stdout.close()
    except (OSError, ValueError):  # the pipe closed under us (the process was killed)
        pass
    events.put((office, run, None))


def _kill(proc: subprocess.Popen) -> None:
    if os.name == "posix":
        import signal

        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    else:
        proc.kill()
    proc.wait()
