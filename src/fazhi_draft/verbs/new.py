"""The `fazhi-draft new` verb: the questionnaire, in a terminal only; and `fazhi-draft` with no
verb, which in a terminal offers it (after the help)."""

from __future__ import annotations

from types import SimpleNamespace

from fazhi_draft.environment import Environment
from fazhi_draft.errors import ExitStatus, UsageError


def run(args: SimpleNamespace, env: Environment) -> ExitStatus:
    """Answer the questionnaire; INTERRUPTED after Ctrl-C (the answers are saved)."""
    if not (env.stdin_isatty and env.stdout_isatty):
        raise UsageError("需要在终端中交互运行；已有 YAML 文件请用 fazhi-draft render 文件.yaml")
    from fazhi_draft.questionnaire import run_new

    outcome = run_new(output=args.output, from_file=args.from_file, section=args.section, cwd=env.cwd,
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
