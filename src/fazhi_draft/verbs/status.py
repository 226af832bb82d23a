"""The `fazhi-draft status` verb: which offices still owe which figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from fazhi_draft.errors import ExitStatus, UsageError


def report_status(input_file: Path, *, output: Path | None, prior: Path | None, force: bool,
        echo: Callable[..., None], today: dt.date | None = None) -> ExitStatus:
    from fazhi_draft.forms import adapter
    from fazhi_draft.forms.status import status, table_text
    from fazhi_draft.structure import load_spec
    from fazhi_draft.verbs.forms import load_prior

    if output is not None and output.suffix.lower() not in (".xlsx", ".docx"):
        raise UsageError(f"-o 只能是 .xlsx 或 .docx 文件，现为“{output.name}”", fix="例如 -o 催报清单.xlsx")
    loaded = adapter.load_read_only(input_file)
    st = status(load_spec(), loaded, load_prior(loaded, prior, echo))
    echo(table_text(st))
    if output is not None:
        from fazhi_draft.files import atomic_write
        from fazhi_draft.forms.status import docx_bytes, xlsx_bytes

        day = today or dt.date.today()
        data = xlsx_bytes(st, day) if output.suffix.lower() == ".xlsx" else docx_bytes(st, day)
        atomic_write(output, data, force=force)
        echo(f"已写入：{output}")
    return ExitStatus.OK


def run(args, env) -> ExitStatus:  # noqa: ANN001 - the CLI's parsed arguments and Environment
    """`fazhi-draft status`: who still owes which figures."""
    return report_status(args.input_file, output=args.output, prior=args.prior, force=args.force, echo=env.echo,
                         today=env.today)
