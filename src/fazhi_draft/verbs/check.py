"""The `fazhi-draft check` verb: arguments in, text or JSON out, an exit status back.
Several inputs (or a folder) go to batch.py."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from fazhi_draft.check import registry, report
from fazhi_draft.check.engine import check_file, fix_file
from fazhi_draft.environment import Environment
from fazhi_draft.errors import ExitStatus, UsageError, UserError, shorten
from fazhi_draft.verbs import is_batch, is_document, one_shot


def parse_selectors(values: tuple[str, ...]) -> list[str]:
    """`--ignore FZ301,FZ302 --ignore FZ4` -> ["FZ301", "FZ302", "FZ4"]; unknown codes are a usage error."""
    out = []
    for value in values:
        for code in filter(None, re.split(r"[\s,，、]+", value)):
            if not registry.known_selector(code):
                g = registry.guess(code)
                raise UsageError(f"没有规则 {shorten(code)}" + (f"，是不是 {g}？" if g else ""),
                                 fix="全部规则见 fazhi-draft check --rules")
            out.append(code.upper())
    return out


def run(args: SimpleNamespace, env: Environment) -> ExitStatus:
    """Do what the options ask; returns the exit status (1 when a file has errors)."""
    one_shot()
    data = getattr(args, "data", None)
    if is_batch(args.inputs) and not (args.explain or args.list_rules):
        from fazhi_draft.verbs.batch import check_many

        if args.prior is not None:
            raise UsageError("--prior 只能用于单个文件", fix="多个文件时各自按 meta.reused_from 与去年比较")
        if data is not None:
            raise UsageError("--data 只能用于单个报告", fix="例如 fazhi-draft check 报告.docx --data 2025.yaml")
        return check_many(args.inputs, ignore=tuple(parse_selectors(args.ignore)), fmt=args.fmt,
                          with_changes=bool(args.with_changes), fix=args.fix, jobs=args.jobs, env=env)
    if args.explain:
        if args.explain.upper() not in registry.RULES:
            g = registry.guess(args.explain)
            raise UsageError(f"没有规则 {shorten(args.explain)}" + (f"，是不是 {g}？" if g else ""),
                             fix="全部规则见 fazhi-draft check --rules")
        env.echo(report.explain(args.explain))
        return ExitStatus.OK
    if args.list_rules:
        env.echo(report.rules_table())
        return ExitStatus.OK
    if not args.inputs:
        raise UsageError("缺少输入.yaml", fix="例如 fazhi-draft check 2024.yaml，或核对已写好的报告：fazhi-draft check 报告.docx")
    input_file = args.inputs[0]
    selectors = parse_selectors(args.ignore)
    if is_document(input_file):
        return _check_document(input_file, args, selectors, env)
    if data is not None:
        raise UsageError("--data 用于核对 Word 稿（或网页、PDF）与它所出自的 YAML",
                         fix="例如 fazhi-draft check 报告.docx --data 2025.yaml；YAML 与去年比较用 --prior")
    if args.fix:
        env.echo(fix_with_message(input_file, selectors)[1], err=True)
    result = check_file(input_file, prior=args.prior, ignore=selectors, today=env.today)
    if args.fmt == "json":
        env.echo(report.as_json(result))
    else:
        with_changes = True if args.with_changes is None else args.with_changes
        if with_changes and result.changes and env.stdout_isatty:  # a table on a terminal (rich), lines elsewhere
            report.print_changes_table(result, env.stdout, colors=env.colors)
            env.echo("")
            with_changes = False
        env.echo(report.human(result, with_changes=with_changes))
    return ExitStatus.INPUT_PROBLEM if result.has_errors else ExitStatus.OK


def _check_document(path: Path, args: SimpleNamespace, selectors: list[str], env: Environment) -> ExitStatus:
    """`check 报告.docx [--data 2025.yaml]`: the report's prose (check/prose.py)."""
    from fazhi_draft.check.prose import check_document

    if args.fix:
        raise UsageError("--fix 只用于 YAML 文件", fix="Word 稿中的问题请在 Word 里改正")
    if args.prior is not None:
        raise UsageError("--prior 只用于 YAML 文件", fix="核对 Word 稿与它所出自的 YAML，用 --data 2025.yaml")
    data = getattr(args, "data", None)
    result = check_document(path, data=load_data(data) if data is not None else None, ignore=selectors,
                            today=env.today)
    env.echo(report.as_json(result) if args.fmt == "json" else report.human(result, with_changes=False))
    return ExitStatus.INPUT_PROBLEM if result.has_errors else ExitStatus.OK


def load_data(path: Path):  # noqa: ANN201 - check.data.DataSide
    """`--data 2025.yaml`: the YAML and its own draft, composed here as `render` would (the
    check package itself never depends on wording). A YAML that cannot be read is its
    loader's UserError: one message, exit 1."""
    from fazhi_draft.check.data import DataSide
    from fazhi_draft.compose.composer import compose
    from fazhi_draft.input.load import load_report
    from fazhi_draft.structure import load_spec

    spec = load_spec()
    loaded = load_report(path, spec, read_only=True)
    return DataSide.of(loaded, spec, compose(loaded.report, spec).blocks)


def fix_with_message(path: Path, selectors: list[str]) -> tuple[int | None, str]:
    """`check --fix` on one file: (fields changed, None if unreadable) and what to tell the person.

    A file that cannot be rewritten (read-only, full disk) raises WriteError: nothing was written.
    """
    from fazhi_draft.files import WriteError

    try:
        changed, backup = fix_file(path, ignore=selectors)
    except WriteError:
        raise
    except UserError:
        return None, "文件有读取错误，未作修改。"
    if changed:
        return changed, f"已改正 {changed} 段文字中的半角标点；原文件已备份为 {backup}"
    return 0, "没有需要自动改正的内容，文件未改动。"
