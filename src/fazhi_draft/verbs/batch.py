"""Many inputs in one call: `render`, `check` and `pdf` over several files or a folder.

A folder stands for its *.yaml (and *.yml) files, not its sub-folders, questionnaire
progress files (input/read.py PROGRESS_SUFFIX) or schema files; for `check`, also its finished
reports (.docx, .html, .pdf; an old .doc gets its message; a .txt only when named), checked
by their prose; for `pdf`, its *.docx files (not Word's ~$ owner files). Each file goes through exactly
what a single file goes through (`render.render_file`, `check.check_file`); a file that
fails does not stop the others: every failure is collected and reported at the end, one
block per file, and the exit status is 1. `-j N` runs the files in N worker processes
(fork on Linux, spawn elsewhere, see run_ordered; the worker functions and their
arguments here are plain top-level objects so they pickle). Results come back in input order.
Killing the batch (SIGTERM, SIGHUP, even SIGKILL) ends its workers too (_worker_start).
PDFs (`render --pdf`, `pdf`) are made after the drafts, all by libreoffice.convert_files:
one LibreOffice per worker for the whole batch, not one per file (_to_pdf).

Progress: a rich progress bar on stderr when stderr is a terminal (rich is imported only
then); otherwise one plain line per file, as CI logs and pipes want. All output goes through
the Environment the verb was given.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fazhi_draft.environment import Environment
from fazhi_draft.errors import ExitStatus, UsageError, UserError, internal_error
from fazhi_draft.input.read import PROGRESS_SUFFIX  # a questionnaire's progress file: not a report input
from fazhi_draft.verbs import is_document

_YAML_SUFFIXES = (".yaml", ".yml")
_TEXT_SUFFIXES = (".txt", ".text", ".md")


# ---------------------------------------------------------------- which files
def expand_inputs(inputs: Sequence[Path], *, word: bool = False, documents: bool = False) -> list[Path]:
    """Folders -> their input files (sorted by name); files kept as given, duplicates dropped.
    `word` (pdf): a folder's .docx files instead; `documents` (check): a folder's finished
    reports (.docx, .txt, .html, .pdf, old .doc) too.

    A path that does not exist is kept: it fails on its own, with the usual message, and
    does not stop the rest. Raises UsageError when nothing is left to do.
    """
    out: list[Path] = []
    seen: set[str] = set()
    for given in inputs:
        given = Path(given)
        if given.is_dir():
            files = _folder_word_files(given) if word else _folder_inputs(given, documents)
        else:
            files = [given]
        if given.is_dir() and not files:
            if word:
                raise UsageError("文件夹里没有 .docx 文件", file=given,
                                 fix="请指定存放 Word 初稿的文件夹，或直接列出文件")
            what = "YAML 输入文件或报告（.docx 等）" if documents else ".yaml 输入文件"
            raise UsageError(f"文件夹里没有 {what}", file=given,
                             fix="请指定含有年度 YAML 的文件夹，或直接列出文件")
        for path in files:
            key = _same_file_key(path)
            if key not in seen:
                seen.add(key)
                out.append(path)
    if not out:
        raise UsageError("没有要处理的输入文件")
    return out


def _folder_inputs(folder: Path, documents: bool = False) -> list[Path]:
    def wanted(p: Path) -> bool:
        if p.suffix.lower() in _YAML_SUFFIXES:
            return not p.name.lower().endswith((PROGRESS_SUFFIX, ".schema.yaml", ".schema.yml"))
        # ~$: Word's lock file. Plain text (.txt, .md) is named one by one: in a folder it is
        # more often a note than a report.
        return (documents and not p.name.startswith("~$") and p.suffix.lower() not in _TEXT_SUFFIXES
                and is_document(p))

    return sorted((p for p in folder.iterdir() if not p.name.startswith(".") and wanted(p) and p.is_file()),
                  key=lambda p: p.name)


def _folder_word_files(folder: Path) -> list[Path]:
    """The folder's .docx files; not hidden ones, nor the ~$ files Word keeps beside an open document."""
    return sorted((p for p in folder.iterdir()
                   if p.suffix.lower() == ".docx" and p.is_file() and not p.name.startswith((".", "~$"))),
                  key=lambda p: p.name)


def _same_file_key(path: Path) -> str:
    """Paths naming one file compare equal (case-insensitively: Windows and macOS ignore case)."""
    try:
        resolved = path.resolve()
    except OSError:
        resolved = path.absolute()
    return os.path.normcase(str(resolved)).casefold()


def plan_outputs(inputs: Sequence[Path], out_dir: Path | None, suffix: str) -> tuple[list[Path], list[str]]:
    """Output path of each input, and notes on the names changed to avoid a clash.

    Without `out_dir` each output goes beside its input. Two inputs that would write the
    same output (2024.yaml from two district folders into one output folder) never
    overwrite each other: both are named after their folder as well (甲区-2024.docx), and a
    number is added if that still clashes.
    """
    wanted = [(out_dir if out_dir is not None else p.parent) / (p.stem + suffix) for p in inputs]
    clashes: dict[str, int] = {}
    for w in wanted:
        clashes[_name_key(w)] = clashes.get(_name_key(w), 0) + 1
    from fazhi_draft.files import free_name

    taken: set[str] = {_name_key(w) for w in wanted if clashes[_name_key(w)] == 1}
    outputs, notes = [], []
    for src, w in zip(inputs, wanted):
        if clashes[_name_key(w)] == 1:
            outputs.append(w)
            continue
        folder = src.resolve().parent.name or "input"
        cand = w.with_name(f"{folder}-{w.name}")
        if _name_key(cand) in taken:
            cand = free_name(cand, taken=lambda p: _name_key(p) in taken, first=2)
        taken.add(_name_key(cand))
        outputs.append(cand)
        notes.append(f"{src} 与其他输入同名，输出改为 {cand}")
    return outputs, notes


def _name_key(path: Path) -> str:
    return os.path.normcase(str(path.absolute())).casefold()


def resolve_jobs(jobs: int) -> int:
    """-j value -> worker count: 0 means one per CPU core."""
    return max(1, os.cpu_count() or 1) if jobs == 0 else max(1, jobs)


# ---------------------------------------------------------------- running the jobs
def run_ordered(fn: Callable[[Any], Any], jobs: Sequence[Any], workers: int,
                on_crash: Callable[[Any, BaseException], Any]) -> Iterator[tuple[Any, Any]]:
    """Yield (job, fn(job)) in the order of `jobs`, in this process or in `workers` processes.

    `fn` must catch what a bad input raises and return it as data; `on_crash(job, exc)`
    turns anything that still escapes (a worker process that died) into a result.
    """
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            try:
                result = fn(job)
            except Exception as exc:  # noqa: BLE001 - reported per file by the caller
                result = on_crash(job, exc)
            yield job, result
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Linux: fork, so workers start with the parent's imports (~0.1 s less for a batch of 100 on
    # two cores). Safe only while the parent runs no thread: the pool forks every worker at the
    # first submit, before its own manager thread, and the progress bar starts with the first
    # result. Elsewhere spawn (Windows has nothing else; macOS frameworks break under fork).
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    # Windows caps a pool at 61 processes; Ctrl-C is the parent's to handle (workers ignore it).
    parent = os.getpid()
    pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs), 61),
                               mp_context=multiprocessing.get_context(method), initializer=_worker_start,
                               initargs=(parent,))
    restore = _stop_workers_on_signals(pool, parent)
    try:
        futures = [pool.submit(_in_worker, fn, job) for job in jobs]
        for job, future in zip(jobs, futures):
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - e.g. BrokenProcessPool: one report per file
                result = on_crash(job, exc)
            yield job, result
    except BaseException:  # Ctrl-C: drop what has not started, let running files finish
        workers_now = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        _stop(workers_now)
        raise
    finally:
        restore()
    pool.shutdown()


def _stop(processes: list, grace: float = 3.0) -> None:
    """Wait a little for workers to finish their file, then end them: if Ctrl-C came while the
    pool was still starting, nobody tells idle workers to exit and Python would wait forever."""
    import time

    deadline = time.monotonic() + grace
    for proc in processes:
        proc.join(max(0.0, deadline - time.monotonic()))
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
            proc.join(1)


# ---------------------------------------------------------------- workers die with the batch
# Killing the batch (SIGTERM from a task manager or CI, SIGHUP when the terminal closes,
# SIGKILL) must not leave workers behind: forked workers hold each other's ends of the
# pool's pipes, so they never see the parent go. The parent ends them on SIGTERM/SIGHUP;
# on Linux each worker also asks the kernel for SIGTERM when its parent dies, whatever
# killed it. A worker ends a file it is writing by unwinding it (its temporary file is
# removed, LibreOffice stopped), then exits. Spawned workers (Windows, macOS) read their
# own pipe from the parent, see it close and end.
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_job_running = False  # in a worker: a file is being processed


class _Stopped(BaseException):
    """Raised in a worker by SIGTERM/SIGHUP to unwind the file at hand (not an Exception,
    so no per-file `except Exception` keeps it)."""


def _stop_workers_on_signals(pool: Any, parent: int) -> Callable[[], None]:
    """In the parent, SIGTERM/SIGHUP end the workers, then the batch (ExitStatus.HANGUP/TERMINATED).

    Returns the function that puts the previous handlers back.
    """
    from fazhi_draft.environment import on_stop_signals

    def handler(signum: int, frame: Any) -> None:
        if os.getpid() != parent:  # a worker just forked, before _worker_start: it goes too
            os._exit(ExitStatus.stopped_by(signum))
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            try:
                proc.terminate()
            except (OSError, ValueError):
                pass
        raise SystemExit(ExitStatus.stopped_by(signum))

    return on_stop_signals(handler)


def _worker_start(parent: int) -> None:
    """A worker's first act: leave Ctrl-C to the parent, and die with the parent (Linux)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not sys.platform.startswith("linux"):
        return
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _worker_stop)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent was gone before the kernel was asked: as if it had been
        os._exit(ExitStatus.TERMINATED)


def _worker_stop(signum: int, frame: Any) -> None:
    import signal

    signal.alarm(3)  # should unwinding hang or be swallowed, SIGALRM's default action ends the worker
    if _job_running:
        raise _Stopped
    os._exit(ExitStatus.stopped_by(signum))


def _in_worker(fn: Callable[[Any], Any], job: Any) -> Any:
    """What a worker runs for each job: `fn(job)`, or the end of the worker when stopped."""
    global _job_running
    _job_running = True
    try:
        return fn(job)
    except _Stopped:
        os._exit(ExitStatus.TERMINATED)
    finally:
        _job_running = False


class _Progress:
    """A rich bar on a terminal (stderr), plain lines elsewhere. `line()` prints above the bar.

    The bar (and its refresh thread) starts with the first result, after the workers exist.
    """

    def __init__(self, total: int, label: str, env: Environment):
        self._env = env
        self._bar = None
        if total > 1 and env.stderr_isatty:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=Console(file=env.stderr, force_terminal=True, no_color=not env.colors),
                                 transient=True)
            self._task = self._bar.add_task(label, total=total)

    def _started(self) -> bool:
        if self._bar is not None and not self._bar.live.is_started:
            self._bar.start()
        return self._bar is not None

    def line(self, text: str) -> None:
        if self._started() and self._env.stdout_isatty:
            self._bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            self._env.echo(text)

    def advance(self) -> None:
        if self._started():
            self._bar.advance(self._task)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


# ---------------------------------------------------------------- render
@dataclass(frozen=True)
class RenderJob:
    input: Path
    output: Path
    fmt: str
    variants: tuple[str, ...]
    force: bool
    ignore_errors: bool
    today: dt.date | None = None  # for the check before rendering (Environment.today)
    table: bool = False  # --table: the year-on-year attachment, against each file's meta.reused_from


@dataclass
class RenderOutcome:
    input: Path
    output: Path | None = None
    pdf: Path | None = None
    pending: int = 0
    carried: int = 0
    notes: list[str] = field(default_factory=list)
    error: str | None = None  # the Chinese message, when nothing (or no PDF) was produced
    usage: bool = False  # the error is in the command line (an unknown --layout): stop the batch


def render_one(job: RenderJob) -> RenderOutcome:
    """Render one file of a batch; every failure comes back as data (runs in a worker)."""
    from fazhi_draft.verbs.render import render_file

    outcome = RenderOutcome(job.input)
    try:
        result = render_file(job.input, job.output, fmt=job.fmt, variants=job.variants, force=job.force,
                             ignore_errors=job.ignore_errors, today=job.today, table=job.table)
        outcome.output, outcome.pending, outcome.notes = result.output, len(result.pending), result.notes
        outcome.carried = result.carried
        if result.table_rows == 0:
            from fazhi_draft.verbs.render import table_line

            outcome.notes.append(table_line(0))
    except UserError as exc:
        outcome.error = exc.render()
        outcome.usage = exc.status == ExitStatus.USAGE
    except Exception as exc:  # noqa: BLE001 - one file's bug must not end the batch
        import traceback

        outcome.error = internal_error(exc, traceback.format_exc())
    return outcome


def render_many(inputs: Sequence[Path], output: Path | None, *, fmt: str, variants: tuple[str, ...],
                force: bool, ignore_errors: bool, pdf: bool, jobs: int, env: Environment,
                table: bool = False) -> ExitStatus:
    """`fazhi-draft render` with several inputs or a folder; returns the exit status.

    With `pdf`, the drafts are made first, then all turned into PDFs by one LibreOffice per
    worker (_to_pdf)."""
    import gc

    from fazhi_draft.writers import WRITERS

    gc.enable()  # the verb turns it off for one file (verbs.one_shot); hundreds of files are another matter

    files = expand_inputs(inputs)
    _check_output_folder(output, {w.suffix for w in WRITERS.values()})
    if pdf:
        from fazhi_draft.verbs.libreoffice import require_soffice

        require_soffice()  # say it once, not once per file
    outputs, renamed = plan_outputs(files, output, WRITERS[fmt].suffix)
    for note in renamed:
        env.echo(f"提示：{note}", err=True)
    work = [RenderJob(src, out, fmt, variants, force, ignore_errors, env.today, table)
            for src, out in zip(files, outputs)]

    progress = _Progress(len(work), "正在生成", env)
    outcomes: list[RenderOutcome] = []
    try:
        for job, outcome in run_ordered(render_one, work, resolve_jobs(jobs), _render_crash):
            progress.advance()
            if outcome.usage:  # the same for every file: say it once, as for a single file
                raise UsageError(outcome.error)
            outcomes.append(outcome)
            if outcome.output is not None:
                marks = [f"待补 {outcome.pending} 处" if outcome.pending else "",
                         f"沿用未核实 {outcome.carried} 条" if outcome.carried else ""]
                extra = f"（{'，'.join(m for m in marks if m)}）" if any(marks) else ""
                progress.line(f"已生成：{outcome.output}{extra}")
                for note in outcome.notes:
                    progress.line(f"    {note}")
    finally:
        progress.close()
    made = [o for o in outcomes if o.output is not None]
    if pdf and made:
        from fazhi_draft.verbs.pdf import default_pdf

        for outcome, result in zip(made, _to_pdf([(o.output, default_pdf(o.output)) for o in made],
                                                   force=force, jobs=jobs, env=env)):
            if result.error is None:
                outcome.pdf = result.job.output
            else:
                outcome.error = result.error.render()
    failed = [o for o in outcomes if o.error is not None]
    for outcome in failed:
        env.echo(f"\n未完成：{outcome.input}", err=True)
        env.echo("\n".join(f"    {line}" for line in outcome.error.splitlines()), err=True)
    summary = f"共 {len(work)} 个输入：已生成 {len(made)} 份"
    if pdf:
        summary += f"（PDF {sum(o.pdf is not None for o in made)} 份）"
    if failed:
        summary += f"，{len(failed)} 个未完成（见上）"
        env.echo("\n" + summary + "。", err=True)
        return ExitStatus.INPUT_PROBLEM
    env.echo(summary + "。")
    return ExitStatus.OK


def _render_crash(job: RenderJob, exc: BaseException) -> RenderOutcome:
    return RenderOutcome(job.input, error=internal_error(exc))


def _check_output_folder(output: Path | None, suffixes: set[str]) -> None:
    """With several inputs -o names a folder: refuse a file, or a new name that looks like one."""
    if output is not None and output.exists() and not output.is_dir():
        raise UsageError("输入有多个时，-o 应指定一个文件夹（输出文件按输入文件命名）", file=output)
    if output is not None and not output.exists() and output.suffix.lower() in suffixes:
        raise UsageError(f"输入有多个时，-o 应指定一个文件夹，不是 {output.suffix} 文件", file=output,
                         fix="例如 -o 初稿/；只生成一份时才用 -o 文件名")


# ---------------------------------------------------------------- pdf
def pdf_many(inputs: Sequence[Path], output: Path | None, *, force: bool, jobs: int,
             env: Environment) -> ExitStatus:
    """`fazhi-draft pdf` with several Word files or a folder: one PDF each, then a summary."""
    from fazhi_draft.verbs.libreoffice import require_soffice

    files = expand_inputs(inputs, word=True)
    _check_output_folder(output, {".pdf"})
    require_soffice()
    outputs, renamed = plan_outputs(files, output, ".pdf")
    for note in renamed:
        env.echo(f"提示：{note}", err=True)
    results = _to_pdf(list(zip(files, outputs)), force=force, jobs=jobs, env=env)
    failed = [r for r in results if r.error is not None]
    for result in failed:
        env.echo(f"\n未完成：{result.job.source}", err=True)
        env.echo("\n".join(f"    {line}" for line in result.error.render().splitlines()), err=True)
    summary = f"共 {len(files)} 个文件：已生成 PDF {len(files) - len(failed)} 份"
    if failed:
        env.echo(f"\n{summary}，{len(failed)} 个未完成（见上）。", err=True)
        return ExitStatus.INPUT_PROBLEM
    env.echo(summary + "。")
    return ExitStatus.OK


def _to_pdf(pairs: list[tuple[Path, Path]], *, force: bool, jobs: int, env: Environment) -> list:
    """Each (Word file, PDF) pair through libreoffice.convert_files, `jobs` LibreOffice processes
    in all; says each PDF made (each different font note once, under the first PDF it applies
    to) with a progress bar; returns the PdfOutcomes in the order of `pairs`."""
    from contextlib import closing

    from fazhi_draft.verbs.libreoffice import PdfJob, convert_files

    progress = _Progress(len(pairs), "正在转换 PDF", env)
    said: set[str] = set()
    results = []
    try:
        with closing(convert_files([PdfJob(src, out) for src, out in pairs], force=force,
                                   workers=resolve_jobs(jobs))) as converted:
            for result in converted:
                progress.advance()
                results.append(result)
                if result.error is None:
                    progress.line(f"已生成：{result.job.output}")
                    for note in result.notes:
                        if note not in said:
                            said.add(note)
                            progress.line(f"    {note}")
    finally:
        progress.close()
    return results


# ---------------------------------------------------------------- check
@dataclass(frozen=True)
class CheckJob:
    input: Path
    ignore: tuple[str, ...]
    fmt: str
    with_changes: bool
    fix: bool
    today: dt.date | None = None  # Environment.today


@dataclass
class CheckOutcome:
    input: Path
    text: str = ""  # the report as `check` prints it for one file (text format)
    findings: list[dict] = field(default_factory=list)  # for --format json
    errors: int = 0
    warnings: int = 0
    notes: list[str] = field(default_factory=list)  # --fix results, for stderr
    failed: str | None = None  # why the file could not be checked (or --fix could not write it)


def check_one(job: CheckJob) -> CheckOutcome:
    """Check one file of a batch (runs in a worker); never raises for a bad input. A finished
    report (.docx, .txt, .html, .pdf) is checked by its prose (check/prose.py), without --fix."""
    from fazhi_draft.check import Level, check_file, report
    from fazhi_draft.verbs.check import fix_with_message

    outcome = CheckOutcome(job.input)
    try:
        document = is_document(job.input)
        if job.fix and not document:
            changed, message = fix_with_message(job.input, list(job.ignore))
            if changed != 0:  # in a batch, files with nothing to fix go unmentioned
                outcome.notes.append(f"{job.input}：{message}")
        if document:
            from fazhi_draft.check.prose import check_document

            result = check_document(job.input, ignore=job.ignore, today=job.today)
        else:
            result = check_file(job.input, ignore=job.ignore, today=job.today)
        outcome.errors, outcome.warnings = result.count(Level.ERROR), result.count(Level.WARNING)
        if job.fmt == "json":
            outcome.findings = [f.as_dict() for f in result.findings]
        else:
            outcome.text = report.human(result, with_changes=job.with_changes)
    except UserError as exc:  # --fix could not write the file (read-only, disk full)
        outcome.failed = exc.render()
    except Exception as exc:  # noqa: BLE001 - one file's bug must not end the batch
        import traceback

        outcome.failed = internal_error(exc, traceback.format_exc())
    return outcome


def check_many(inputs: Sequence[Path], *, ignore: tuple[str, ...], fmt: str, with_changes: bool, fix: bool,
               jobs: int, env: Environment) -> ExitStatus:
    """`fazhi-draft check` with several inputs or a folder: one report per file, then a summary."""
    import gc

    gc.enable()  # as in render_many
    files = expand_inputs(inputs, documents=True)
    work = [CheckJob(p, ignore, fmt, with_changes, fix, env.today) for p in files]
    findings: list[dict] = []
    with_errors: list[Path] = []
    broken: list[CheckOutcome] = []
    warned = 0
    for job, outcome in run_ordered(check_one, work, resolve_jobs(jobs), _check_crash):
        for note in outcome.notes:
            env.echo(note, err=True)
        if outcome.failed is not None:
            broken.append(outcome)
            continue
        if outcome.errors:
            with_errors.append(outcome.input)
        warned += bool(outcome.warnings)
        if fmt == "json":
            findings.extend(outcome.findings)
        else:
            env.echo(outcome.text + "\n")
    if fmt == "json":
        import json

        env.echo(json.dumps(findings, ensure_ascii=False, indent=2))
    for outcome in broken:
        env.echo(f"未完成：{outcome.input}\n    {outcome.failed}", err=True)
    bad = len(with_errors) + len(broken)
    summary = f"共核对 {len(work)} 个文件：{len(work) - bad} 个没有错误"
    if with_errors:
        summary += f"，{len(with_errors)} 个有错误（{'、'.join(str(p) for p in with_errors)}）"
    if broken:
        summary += f"，{len(broken)} 个未能核对（见上）"
    if warned:
        summary += f"；{warned} 个有警告"
    env.echo(summary + "。", err=fmt == "json")  # keep stdout pure JSON for scripts
    return ExitStatus.INPUT_PROBLEM if bad else ExitStatus.OK


def _check_crash(job: CheckJob, exc: BaseException) -> CheckOutcome:
    return CheckOutcome(job.input, failed=internal_error(exc))
