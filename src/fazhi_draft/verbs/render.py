"""The `fazhi-draft render` verb, and the render job: input file -> report -> tree -> bytes ->
an atomically written file. Several inputs (or a folder) go to batch.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from fazhi_draft.environment import Environment, document_time
from fazhi_draft.errors import ExitStatus, UsageError, UserError
from fazhi_draft.verbs import is_batch, one_shot
from fazhi_draft.writers import WRITERS, write


@dataclass
class RenderResult:
    output: Path
    pending: list[str] = field(default_factory=list)  # the labels of the Pending nodes left in the draft
    carried: int = 0  # points carried over from last year, not yet confirmed (marked in the text)
    notes: list[str] = field(default_factory=list)
    table_rows: int | None = None  # rows of the year-on-year attachment (--table); None without one


def run(args: SimpleNamespace, env: Environment) -> ExitStatus:
    """Render one input file and say what was made; several inputs or a folder: a batch."""
    one_shot()
    variants = (*(("windows-fonts",) if args.fonts == "windows" else ()), *args.variants)
    if args.make_pdf and args.fmt != "docx":
        raise UsageError(f"--pdf 只能与 Word 格式（--format docx）一起使用，现为 --format {args.fmt}")
    if is_batch(args.inputs):
        from fazhi_draft.verbs.batch import render_many

        if args.prior is not None:
            raise UsageError("--prior 只能用于单个文件", fix="多个文件时各自按 meta.reused_from 与去年比较")
        return render_many(args.inputs, args.output, fmt=args.fmt, variants=variants, force=args.force,
                           ignore_errors=args.ignore_errors, pdf=args.make_pdf, jobs=args.jobs, env=env,
                           table=args.with_table)
    result = render_file(args.inputs[0], args.output, fmt=args.fmt, variants=variants, force=args.force,
                         ignore_errors=args.ignore_errors, today=env.today, table=args.with_table,
                         prior=args.prior)
    for note in result.notes:
        env.echo(note, err=True)
    env.echo(f"已生成：{result.output}")
    if result.pending:
        env.echo(f"待补 {len(result.pending)} 处（文中已用黄色标出）：{'、'.join(result.pending)}")
    if result.carried:
        env.echo(carried_line(result.carried))
    if result.table_rows is not None:
        env.echo(table_line(result.table_rows))
    if args.make_pdf:
        from fazhi_draft.verbs.pdf import convert_and_say

        convert_and_say(result.output, None, force=args.force, env=env)
    return ExitStatus.OK


def default_output(input_file: Path, fmt: str) -> Path:
    return input_file.with_suffix(WRITERS[fmt].suffix)


def render_file(input_file: Path, output: Path | None = None, *, fmt: str = "docx",
                variants: tuple[str, ...] = (), force: bool = False,
                ignore_errors: bool = False, today: dt.date | None = None,
                table: bool = False, prior: Path | None = None) -> RenderResult:
    """Render one input file; raises UserError for anything the person must fix.

    The input is checked first (fazhi_draft.check, as on `today`, default the real date), against
    last year's file `prior` (default meta.reused_from) as `check --prior` does: errors stop the
    render unless `ignore_errors`; warnings (and errors let through) come back in `notes`.
    `table`: the key figures' year-on-year table is attached (附件), from that same check's rows;
    without a readable last year's file that is a UserError.
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
    checked = _run_check(loaded, today, prior)
    check_notes = _notes(checked, loaded, ignore_errors)
    doc = compose(loaded.report, layout=profile)
    table_rows = None
    if table:
        doc, table_rows = _with_table(doc, checked, loaded, profile)
    data = write(fmt, doc, **({"profile": profile, "created": document_time()} if fmt == "docx" else {}))
    out = output or default_output(input_file, fmt)
    if out.resolve() == Path(input_file).resolve():
        raise UsageError("输出文件不能与输入文件相同", file=out)
    atomic_write(out, data, force=force)
    pending = [i.label for i in doc.inlines() if isinstance(i, Pending)]
    carried = sum(p.carried for sec in loaded.report.sections.values() for p in sec.points)
    return RenderResult(output=out, pending=pending, carried=carried,
                        notes=[*loaded.notes, *check_notes], table_rows=table_rows)


def carried_line(count: int) -> str:
    """What `render` says about the carried points left in a draft ('' when none)."""
    if not count:
        return ""
    from fazhi_draft.compose.paragraphs import CARRIED_MARK

    return (f"沿用去年、尚未核实的要点 {count} 条（文中以“{CARRIED_MARK}”开头并用黄色标出）："
            "请按今年的情况改写或确认，然后删去 carried: true")


def table_line(rows: int) -> str:
    """What `render --table` says about the attachment it added."""
    if not rows:
        return "今年和去年没有共同填写的主要数据，未附同比情况表。"
    return f"已附主要数据同比情况表（附件）：{rows} 项，数字和增减与 check --prior 列出的同比相同。"


def _with_table(doc, checked, loaded, profile):  # noqa: ANN001, ANN202
    """`doc` with the year-on-year attachment of the key figures, and its row count (0: none to
    show, no attachment). The rows are the check's own (check.prior.key_rows of its changes)."""
    from dataclasses import replace

    from fazhi_draft.check.prior import key_rows
    from fazhi_draft.compose.table import key_figures_attachment
    from fazhi_draft.structure import load_spec

    if checked.prior_year is None:
        if checked.prior_problem:  # a last year's file was named but cannot be read
            raise UserError(f"--table 需要去年的文件，而去年的文件无法读取：{checked.prior_problem}",
                            file=loaded.path, fix="改正 --prior 或 meta.reused_from 的路径，或先改正去年的文件")
        raise UserError("--table 需要去年的文件，用来比较今年和去年的数字", file=loaded.path,
                        fix="用 --prior 指定去年的 YAML，或在 meta.reused_from 写明去年的文件（相对本文件）")
    spec = load_spec()
    rows = key_rows(checked.changes, spec)
    if not rows:
        return doc, 0
    attachment = key_figures_attachment(rows, year=loaded.report.meta.year, prior_year=checked.prior_year,
                                        spec=spec, title_line=profile.title_line_chars)
    return replace(doc, attachments=(*doc.attachments, attachment)), len(rows)


def _check(loaded, ignore_errors: bool, today: dt.date | None = None, prior: Path | None = None) -> list[str]:  # noqa: ANN001
    """Run the checker; raise a UserError listing the errors, or return lines to show."""
    return _notes(_run_check(loaded, today, prior), loaded, ignore_errors)


def _run_check(loaded, today: dt.date | None, prior: Path | None):  # noqa: ANN001, ANN202
    """check_loaded: the same check as `check` (`prior`: --prior, None: meta.reused_from)."""
    from fazhi_draft.check import check_loaded

    return check_loaded(loaded, today=today, prior=prior)


def _notes(result, loaded, ignore_errors: bool) -> list[str]:  # noqa: ANN001
    """Raise a UserError listing the check's errors (unless `ignore_errors`), or return lines to show."""
    from fazhi_draft.check import Level
    from fazhi_draft.check.registry import rule
    from fazhi_draft.check.report import finding_line

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
