"""The `fazhi-draft merge` verb: filled forms into the YAML; what came in, per form."""

from __future__ import annotations

import glob
from collections.abc import Callable
from pathlib import Path

from fazhi_draft.errors import ExitStatus, UsageError


def form_files(args: tuple[Path, ...]) -> list[Path]:
    """The .xlsx files named: files, folders (their *.xlsx), and patterns such as 报送表/*.xlsx
    (Windows' command prompt passes the * through). Office lock files (~$x.xlsx, .~x.xlsx) are
    left out."""
    out: list[Path] = []
    for arg in args:
        if arg.is_dir():
            found = sorted(p for p in arg.glob("*") if p.suffix.lower() == ".xlsx" and p.is_file())
        elif not arg.exists() and any(c in str(arg) for c in "*?["):
            found = sorted(Path(p) for p in glob.glob(str(arg)))
            if not found:
                raise UsageError(f"没有找到与 {arg} 相符的文件")
        else:
            found = [arg]
        for path in found:
            if not path.name.startswith(("~$", ".~")) and path not in out:
                out.append(path)
    if not out:
        raise UsageError("没有找到报送表（.xlsx）", fix="例如 fazhi-draft merge 2025.yaml 报送表/*.xlsx")
    return out


def merge_forms(input_file: Path, forms: tuple[Path, ...], *, overwrite: bool, dry_run: bool,
        echo: Callable[..., None]) -> ExitStatus:
    from fazhi_draft.check.base import Level
    from fazhi_draft.check.report import finding_line
    from fazhi_draft.forms.merge import merge

    files = form_files(forms)
    result = merge(input_file, files, overwrite=overwrite, dry_run=dry_run)
    status = ExitStatus.OK
    quiet = []  # forms that bring nothing new and have nothing to say: one line for all of them
    for o in result.outcomes:
        if o.read is not None and not (o.changes or o.conflicts or o.read.problems or o.kept):
            quiet.append(o.path.name)
            continue
        if o.refused:
            echo(f"未读取：{o.refused}")
            status = ExitStatus.INPUT_PROBLEM
            continue
        read = o.read
        assert read is not None
        filled = [c for c in o.changes if c.new != "待补"]
        pending = [c for c in o.changes if c.new == "待补"]
        replaced = [c for c in filled if c.old not in (None, "待补")]
        counts = [f"填入 {len(filled)} 个"] if filled else []
        if pending:
            counts.append(f"待补 {len(pending)} 个")
        if replaced:
            counts.append(f"其中覆盖 {len(replaced)} 个")
        if o.conflicts:
            counts.append(f"与报告不一致 {len(o.conflicts)} 个（未覆盖）")
        if read.problems:
            counts.append(f"未能读取 {len(read.problems)} 格")
        if not counts:
            counts.append("没有新的数字")
        left = len(read.keys) - len(read.entries) - len(read.problems)
        if left > 0:
            counts.append(f"空着 {left} 个")
        when = f"，{read.saved.isoformat()}" if read.saved else ""
        said = "，".join(counts)
        echo(f"{o.path}（{read.office}{when}）：{said}")
        for c in filled:
            was = f"（原为 {c.old}）" if c.old else ""
            echo(f"    {c.label}：{c.new}{was}")
        for c in pending:
            echo(f"    {c.label}：待补")
        for line in (*o.conflicts, *read.problems):
            echo(f"  ! {line}")
        for line in o.kept:
            echo(f"    {line}")
        if o.findings:
            echo("  核对（与这张表的数字有关）：")
            for f in o.findings:
                echo(f"    {finding_line(f)}")
        if o.has_problems or any(f.level is Level.ERROR for f in o.findings):
            status = ExitStatus.INPUT_PROBLEM
    if quiet:
        echo(f"没有新数字的表（{len(quiet)} 份）：{'、'.join(quiet)}")
    if result.backup:
        echo(f"原来的 {input_file} 已另存为 {result.backup}。")
    if result.written:
        echo(f"已写入 {input_file}：共 {result.changed} 个数字，来源记在各行末尾的注释里。")
    elif result.changed:
        echo(f"（试运行，未写入）将写入 {input_file} 共 {result.changed} 个数字。")
    else:
        echo(f"没有新的数字，{input_file} 未改动。")
    return status


def run(args, env) -> ExitStatus:  # noqa: ANN001 - the CLI's parsed arguments and Environment
    """`fazhi-draft merge`: the filled forms into the report."""
    return merge_forms(args.input_file, tuple(args.form_files), overwrite=args.overwrite, dry_run=args.dry_run,
                       echo=env.echo)
