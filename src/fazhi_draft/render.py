"""The render job: input file -> report -> tree -> bytes -> an atomically written file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fazhi_draft.errors import UsageError
from fazhi_draft.writers import WRITERS, write


@dataclass
class RenderResult:
    output: Path
    pending: list[str] = field(default_factory=list)  # placeholders left in the text
    notes: list[str] = field(default_factory=list)


def default_output(input_file: Path, fmt: str) -> Path:
    return input_file.with_suffix(WRITERS[fmt].suffix)


def render_file(input_file: Path, output: Path | None = None, *, fmt: str = "docx",
                variants: tuple[str, ...] = (), force: bool = False) -> RenderResult:
    """Render one input file; raises UserError for anything the person must fix."""
    from fazhi_draft.compose import compose
    from fazhi_draft.yamlio import atomic_write, load_report

    options = {}
    if fmt == "docx":
        from fazhi_draft.writers.layout import load_profile

        try:
            options["profile"] = load_profile(variants=variants)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    loaded = load_report(input_file)
    doc = compose(loaded.report)
    data = write(fmt, doc, **options)
    out = output or default_output(input_file, fmt)
    if out.resolve() == Path(input_file).resolve():
        raise UsageError("输出文件不能与输入文件相同", file=out)
    atomic_write(out, data, force=force)
    pending = [i.text.removeprefix("【待补：").removesuffix("】")
               for b in doc.blocks for i in (getattr(b, "inlines", None) or b.body) if i.pending]
    return RenderResult(output=out, pending=pending, notes=loaded.notes)
