"""The `fazhi-draft forms` verb: one .xlsx form per office that holds figures of the report."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from fazhi_draft.errors import ExitStatus, UsageError, UserError

_DATE = re.compile(r"^\s*+(\d{4})\s*+[年.\-/]\s*+(\d{1,2})\s*+[月.\-/]\s*+(\d{1,2})\s*+日?\s*+$")


def parse_deadline(text: str | None) -> dt.date | None:
    """--by 2026-01-20 (or 2026年1月20日, 2026/1/20)."""
    if text is None:
        return None
    m = _DATE.match(text)
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        pass
    raise UsageError(f"--by 的日期“{text}”不对", fix="写成 2026-01-20 或 2026年1月20日")


def load_prior(loaded, prior: Path | None, echo: Callable[..., None]):  # noqa: ANN001, ANN201
    """Last year's report (--prior, else meta.reused_from), or None. An unreadable
    reused_from is said and passed over; an unreadable --prior is an error."""
    from fazhi_draft.forms import adapter

    path = adapter.prior_path(loaded, prior)
    if path is None:
        return None
    try:
        return adapter.load_read_only(path)
    except UserError as exc:
        if prior is not None:
            raise
        echo(f"提示：去年的文件（meta.reused_from）读不出，“去年”一列留空：{exc.render().splitlines()[0]}", err=True)
        return None


def make(input_file: Path, *, output: Path | None, by: str | None, contact: str | None, prior: Path | None,
        everything: bool, offices: tuple[str, ...], force: bool, echo: Callable[..., None]) -> ExitStatus:
    from fazhi_draft.files import AlreadyExists, atomic_write
    from fazhi_draft.forms import adapter
    from fazhi_draft.forms.make import workbook_bytes
    from fazhi_draft.forms.model import FILLED, plan
    from fazhi_draft.forms.offices import file_stem
    from fazhi_draft.structure import load_spec

    deadline = parse_deadline(by)
    spec = load_spec()
    loaded = adapter.load_read_only(input_file)
    last = load_prior(loaded, prior, echo)
    forms = plan(spec, loaded, last, everything=everything, only=offices, deadline=deadline, contact=contact)
    folder = output if output is not None else input_file.parent / "报送表"
    targets = [(form, folder / f"{file_stem(form.office.name)}.xlsx") for form in forms]
    taken = [path for _, path in targets if path.exists() or path.is_symlink()]
    if taken and not force:
        raise AlreadyExists(taken[0]) if len(taken) == 1 else UserError(
            f"已有 {len(taken)} 份同名的报送表，未覆盖：{'、'.join(p.name for p in taken[:5])}{'等' if len(taken) > 5 else ''}",
            file=folder, fix="如需重新生成请加 --force（已填好的表请先移走或先合并）")
    for form, path in targets:
        atomic_write(path, workbook_bytes(form), force=force)
    echo(f"已生成 {len(targets)} 份报送表，在 {folder}：")
    for form, path in targets:
        filled = sum(1 for r in form.rows if r.state == FILLED)
        echo(f"  {path.name}  {len(form.rows)} 个数字" + (f"（报告中已有 {filled} 个）" if filled else ""))
    made = {form.office.name for form in forms}
    for name in dict.fromkeys(offices):
        if name not in made:
            echo(f"提示：{name}没有要报送的数字，未生成（加 --all 列出报告各小节的全部指标）。")
    if not (contact or loaded.report.meta.contact):
        echo("提示：封面的“联系人”未填；可加 --contact “县司法局 张明 0571-6512345”，或在 meta 下写 contact。")
    echo(f"各部门填好后合并：fazhi-draft merge {input_file} {folder / '*.xlsx'}")
    return ExitStatus.OK


def run(args, env) -> ExitStatus:  # noqa: ANN001 - the CLI's parsed arguments and Environment
    """`fazhi-draft forms`: the forms of one report."""
    return make(args.input_file, output=args.output, by=args.by, contact=args.contact, prior=args.prior,
                everything=args.everything, offices=tuple(args.offices), force=args.force, echo=env.echo)
