"""The `fazhi-draft render` verb, and the render job: input file -> report -> tree -> bytes ->
an atomically written file. Several inputs (or a folder) go to batch.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from fazhi_draft.environment import Environment
from fazhi_draft.errors import ExitStatus, UsageError, UserError
from fazhi_draft.verbs import is_batch, one_shot
from fazhi_draft.writers import WRITERS, write


@dataclass
class RenderResult:
    output: Path
    pending: list[str] = field(default_factory=list)  # the labels of the Pending nodes left in the draft
    carried: int = 0  # points carried over from last year, not yet confirmed (marked in the text)
    notes: list[str] = field(default_factory=list)


def run(args: SimpleNamespace, env: Environment) -> ExitStatus:
    """Render one input file and say what was made; several inputs or a folder: a batch."""
    one_shot()
    variants = (*(("windows-fonts",) if args.fonts == "windows" else ()), *args.variants)
    if args.make_pdf and args.fmt != "docx":
        raise UsageError(f"--pdf 只能与 Word 格式（--format docx）一起使用，现为 --format {args.fmt}")
    if is_batch(args.inputs):
        from fazhi_draft.verbs.batch import render_many

        return render_many(args.inputs, args.output, fmt=args.fmt, variants=variants, force=args.force,
                           ignore_errors=args.ignore_errors, pdf=args.make_pdf, jobs=args.jobs, env=env)
    result = render_file(args.inputs[0], args.output, fmt=args.fmt, variants=variants, force=args.force,
                         ignore_errors=args.ignore_errors, today=env.today)
    for note in result.notes:
        env.echo(note, err=True)
    env.echo(f"已生成：{result.output}")
    if result.pending:
        env.echo(f"待补 {len(result.pending)} 处（文中已用黄色标出）：{'、'.join(result.pending)}")
    if result.carried:
        env.echo(carried_line(result.carried))
    if args.make_pdf:
        from fazhi_draft.verbs.pdf import convert_and_say

        convert_and_say(result.output, None, force=args.force, env=env)
    return ExitStatus.OK


def default_output(input_file: Path, fmt: str) -> Path:
    return input_file.with_suffix(WRITERS[fmt].suffix)


def render_file(input_file: Path, output: Path | None = None, *, fmt: str = "docx",
                variants: tuple[str, ...] = (), force: bool = False,
                ignore_errors: bool = False, today: dt.date | None = None) -> RenderResult:
    """Render one input file; raises UserError for anything the person must fix.

    The input is checked first (fazhi_draft.check, as on `today`, default the real date): errors
    stop the render unless `ignore_errors`; warnings (and errors let through) come back in `notes`.
    """
    from fazhi_draft.compose.composer import compose
    from fazhi_draft.files import atomic_write
    from fazhi_draft.input.load import load_report

    from fazhi_draft.layout import load_profile
    from fazhi_draft.tree import Pending

    try:
        profile = load_profile(variants=variants)  # the .docx's layout, and the title's line in every format
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    loaded = load_report(input_file, read_only=True)
    check_notes = _check(loaded, ignore_errors, today)
    doc = compose(loaded.report, layout=profile)
    data = write(fmt, doc, **({"profile": profile} if fmt == "docx" else {}))
    out = output or default_output(input_file, fmt)
    if out.resolve() == Path(input_file).resolve():
        raise UsageError("输出文件不能与输入文件相同", file=out)
    atomic_write(out, data, force=force)
    pending = [i.label for i in doc.inlines() if isinstance(i, Pending)]
    carried = sum(p.carried for sec in loaded.report.sections.values() for p in sec.points)
    return RenderResult(output=out, pending=pending, carried=carried,
                        notes=[*loaded.notes, *check_notes])


def carried_line(count: int) -> str:
    """What `render` says about the carried points left in a draft ('' when none)."""
    if not count:
        return ""
    from fazhi_draft.compose.paragraphs import CARRIED_MARK

    return (f"沿用去年、尚未核实的要点 {count} 条（文中以“{CARRIED_MARK}”开头并用黄色标出）："
            "请按今年的情况改写或确认，然后删去 carried: true")


def _check(loaded, ignore_errors: bool, today: dt.date | None = None) -> list[str]:  # noqa: ANN001
    """Run the checker; raise a UserError listing the errors, or return lines to show."""
    from fazhi_draft.check import Level, check_loaded
    from fazhi_draft.check.registry import rule
    from fazhi_draft.check.report import finding_line

    result = check_loaded(loaded, today=today)
    errors = [finding_line(f) for f in result.findings if f.level is Level.ERROR]
    if errors and not ignore_errors:
        raise UserError(f"核对发现 {len(errors)} 个错误，未生成初稿：\n" + "\n".join(errors)
                        + f"\n请改正后重试（fazhi-draft check {loaded.path} 可查看全部问题）；"
                        "确需先生成带错误的初稿，加 --ignore-errors。")
    notes = errors + [finding_line(f) for f in result.findings if f.level is Level.WARNING]
    # the placeholders are listed by render itself (RenderResult.pending)
    infos = sum(1 for f in result.findings if f.level is Level.INFO and not rule(f.code).reports_pending)
    if infos:
        notes.append(f"另有 {infos} 条提示，运行 fazhi-draft check {loaded.path} 查看。")
    return notes
