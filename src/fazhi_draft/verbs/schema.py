"""The `fazhi-draft schema` verb: the input file's JSON Schema, to the screen or a file."""

from __future__ import annotations

from types import SimpleNamespace

from fazhi_draft.environment import Environment
from fazhi_draft.errors import ExitStatus


def run(args: SimpleNamespace, env: Environment) -> ExitStatus:
    from fazhi_draft.input.schema import schema_json

    text = schema_json()
    if args.output is None:
        env.echo(text)
        return ExitStatus.OK
    from fazhi_draft.files import atomic_write

    atomic_write(args.output, text, force=args.force)
    env.echo(f"已写入：{args.output}")
    return ExitStatus.OK
