"""The `fazhi-draft check` verb: arguments in, text or JSON out, an exit status back."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from fazhi_draft.check import registry, report
from fazhi_draft.check.engine import check_file, fix_file
from fazhi_draft.errors import ExitStatus, UsageError, UserError, shorten


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


def run(input_file: Path | None, *, prior: Path | None, fmt: str, ignore: tuple[str, ...], fix: bool,
        explain: str | None, list_rules: bool, with_changes: bool, echo: Callable[..., None]) -> ExitStatus:
    """Do what the options ask; returns the exit status (1 when the file has errors)."""
    if explain:
        if explain.upper() not in registry.RULES:
            g = registry.guess(explain)
            raise UsageError(f"没有规则 {shorten(explain)}" + (f"，是不是 {g}？" if g else ""),
                             fix="全部规则见 fazhi-draft check --rules")
        echo(report.explain(explain))
        return ExitStatus.OK
    if list_rules:
        echo(report.rules_table())
        return ExitStatus.OK
    if input_file is None:
        raise UsageError("缺少输入.yaml", fix="例如 fazhi-draft check 2024.yaml")
    selectors = parse_selectors(ignore)
    if fix:
        echo(fix_with_message(input_file, selectors)[1], err=True)
    result = check_file(input_file, prior=prior, ignore=selectors)
    if fmt == "json":
        echo(report.as_json(result))
    else:
        echo(report.human(result, with_changes=with_changes))
    return ExitStatus.INPUT_PROBLEM if result.has_errors else ExitStatus.OK


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
