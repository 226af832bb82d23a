"""The render job: input file -> report -> tree -> bytes -> an atomically written file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fazhi_draft.errors import UsageError, UserError
from fazhi_draft.writers import WRITERS, write


@dataclass
class RenderResult:
    output: Path
    pending: list[str] = field(default_factory=list)  # placeholders left in the text
    carried: int = 0  # points carried over from last year, not yet confirmed (marked in the text)
    notes: list[str] = field(default_factory=list)


def default_output(input_file: Path, fmt: str) -> Path:
    return input_file.with_suffix(WRITERS[fmt].suffix)


def render_file(input_file: Path, output: Path | None = None, *, fmt: str = "docx",
                variants: tuple[str, ...] = (), force: bool = False,
                ignore_errors: bool = False) -> RenderResult:
    """Render one input file; raises UserError for anything the person must fix.

    The input is checked first (fazhi_draft.check): errors stop the render unless
    `ignore_errors`; warnings (and errors let through) come back in `notes`.
    """
    from fazhi_draft.compose.composer import compose
    from fazhi_draft.files import atomic_write
    from fazhi_draft.input.load import load_report

    options = {}
    if fmt == "docx":
        from fazhi_draft.writers.layout import load_profile

        try:
            options["profile"] = load_profile(variants=variants)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    loaded = load_report(input_file, read_only=True)
    check_notes = _check(loaded, ignore_errors)
    doc = compose(loaded.report)
    data = write(fmt, doc, **options)
    out = output or default_output(input_file, fmt)
    if out.resolve() == Path(input_file).resolve():
        raise UsageError("输出文件不能与输入文件相同", file=out)
    atomic_write(out, data, force=force)
    pending = [i.text.removeprefix("【待补：").removesuffix("】")
               for b in doc.blocks for i in (getattr(b, "inlines", None) or b.body) if i.pending]
    carried = sum(p.carried for sec in loaded.report.sections.values() for p in sec.points)
    return RenderResult(output=out, pending=pending, carried=carried,
                        notes=[*loaded.notes, *check_notes])


def carried_line(count: int) -> str:
    """What `render` says about the carried points left in a draft ('' when none)."""
    if not count:
        return ""
    return (f"沿用去年、尚未核实的要点 {count} 条（文中以“【沿用去年，请核实】”开头并用黄色标出）："
            "请按今年的情况改写或确认，然后删去 carried: true")


def _check(loaded, ignore_errors: bool) -> list[str]:  # noqa: ANN001
    """Run the checker; raise a UserError listing the errors, or return lines to show."""
    from fazhi_draft.check import Level, check_loaded
    from fazhi_draft.check.report import finding_line

    result = check_loaded(loaded)
    errors = [finding_line(f) for f in result.findings if f.level is Level.ERROR]
    if errors and not ignore_errors:
        raise UserError(f"核对发现 {len(errors)} 个错误，未生成初稿：\n" + "\n".join(errors)
                        + f"\n请改正后重试（fazhi-draft check {loaded.path} 可查看全部问题）；"
                        "确需先生成带错误的初稿，加 --ignore-errors。")
    notes = errors + [finding_line(f) for f in result.findings if f.level is Level.WARNING]
    infos = sum(1 for f in result.findings if f.level is Level.INFO and f.code != "FZ206")
    if infos:
        notes.append(f"另有 {infos} 条提示，运行 fazhi-draft check {loaded.path} 查看。")
    return notes
