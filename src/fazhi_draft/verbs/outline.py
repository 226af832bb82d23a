"""The `fazhi-draft outline` verb: the report's standard structure, from the spec."""

from __future__ import annotations

from types import SimpleNamespace

from fazhi_draft.environment import Environment
from fazhi_draft.errors import ExitStatus


def run(args: SimpleNamespace, env: Environment) -> ExitStatus:
    from fazhi_draft.structure.outline import outline_text

    env.echo(outline_text(with_figures=args.figures))
    return ExitStatus.OK
