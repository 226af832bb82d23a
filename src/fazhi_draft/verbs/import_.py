"""The `fazhi-draft import` verb: a published report (.docx, .txt, .html, .pdf) in as a
starting YAML (importer/), written all at once, never over an existing file without -f."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from fazhi_draft.environment import Environment
from fazhi_draft.errors import ExitStatus, UsageError


def output_for(imported, output: Path | None, cwd: Path) -> Path:  # noqa: ANN001 - importer.Imported
    """-o as given (relative to the folder), else <year>.yaml in the folder."""
    if output is None:
        return cwd / f"{imported.year}.yaml"
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError("-o 应是 YAML 文件名（如 2023.yaml）", file=output)
    return output if output.is_absolute() else cwd / output


def run(args: SimpleNamespace, env: Environment) -> ExitStatus:
    from fazhi_draft.files import atomic_write
    from fazhi_draft.importer import import_document
    from fazhi_draft.verbs import YAML_SUFFIXES

    source = args.input_file if args.input_file.is_absolute() else env.cwd / args.input_file
    if source.suffix.lower() in YAML_SUFFIXES:
        raise UsageError("import 读取已发布的报告（.docx、.txt、.html、.pdf），这已经是 YAML 文件",
                         fix="沿用去年的 YAML 请用 fazhi-draft new --from 去年.yaml")
    imported = import_document(source)
    target = output_for(imported, args.output, env.cwd)
    atomic_write(target, imported.yaml, force=args.force)
    env.echo(imported.summary(target))
    env.echo(f"下一步：fazhi-draft check {target.name}（核对），fazhi-draft render {target.name}（生成初稿），"
             f"或 fazhi-draft new --from {target.name}（按问卷填写下一年度）")
    return ExitStatus.OK
