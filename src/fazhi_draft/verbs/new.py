"""The `fazhi-draft new` verb: the questionnaire, in a terminal only; and `fazhi-draft` with no
verb, which in a terminal offers it (after the help)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from fazhi_draft.environment import Environment
from fazhi_draft.errors import ExitStatus, UsageError
from fazhi_draft.verbs import is_document


def run(args: SimpleNamespace, env: Environment) -> ExitStatus:
    """Answer the questionnaire; INTERRUPTED after Ctrl-C (the answers are saved)."""
    if not (env.stdin_isatty and env.stdout_isatty):
        raise UsageError("需要在终端中交互运行；已有 YAML 文件请用 fazhi-draft render 文件.yaml")
    from fazhi_draft.questionnaire import run_new

    from_file = args.from_file
    if from_file is not None and is_document(from_file):
        from_file = import_first(from_file, args.output, env)
    outcome = run_new(output=args.output, from_file=from_file, section=args.section, cwd=env.cwd,
                      today=env.today, out=env.stdout)
    return ExitStatus.INTERRUPTED if outcome.status == "interrupted" else ExitStatus.OK


def offer(args: SimpleNamespace, env: Environment) -> ExitStatus:
    """Bare `fazhi-draft` (the help is already shown): in a terminal, offer the questionnaire."""
    if not (env.stdin_isatty and env.stdout_isatty):
        return ExitStatus.OK
    from fazhi_draft.questionnaire import offer_new

    env.echo()
    if offer_new():
        return run(SimpleNamespace(output=None, from_file=None, section=None), env)
    return ExitStatus.OK


def import_first(document: Path, output: Path | None, env: Environment) -> Path:
    """`new --from 报告.docx`: last year's published report imported (fazhi-draft import) into
    <its year>.yaml beside the output (another free name if that is taken: nothing is
    overwritten), which the questionnaire then reuses as last year's file. A report without a
    成文日期 gets it asked here: last year's file must be complete to be reused."""
    from fazhi_draft.files import atomic_write, free_name
    from fazhi_draft.importer import import_document

    source = document if document.is_absolute() else env.cwd / document
    imported = import_document(source)
    folder = (output if output is not None and output.is_absolute() else env.cwd / (output or "x")).parent
    target = folder / f"{imported.year}.yaml"
    if target.exists() or target.is_symlink():
        target = free_name(target)
    if imported.date is None:
        from fazhi_draft.questionnaire import questions as Q

        answer = Q.ask(Q.Question("meta.date", f"{source.name} 没有写成文日期，请输入去年报告的成文日期",
                                  hint="如 2024-03-10；会写入导入的 YAML", validate=Q.validate_date))
        imported.set_date(Q.parse_date_answer(answer))
    atomic_write(target, imported.yaml)
    env.echo(imported.summary(target))
    env.echo(f"以下按问卷填写 {imported.year + 1} 年度，沿用 {target.name}。")
    return target
