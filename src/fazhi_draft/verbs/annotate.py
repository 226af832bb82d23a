"""The `fazhi-draft annotate` verb: label comments and the editor hint line added to a YAML file."""

from __future__ import annotations

from types import SimpleNamespace

from fazhi_draft.environment import Environment
from fazhi_draft.errors import ExitStatus


def run(args: SimpleNamespace, env: Environment) -> ExitStatus:
    from fazhi_draft.files import atomic_write
    from fazhi_draft.input.load import load_report
    from fazhi_draft.input.write import annotate as add_labels
    from fazhi_draft.input.write import dump_tree

    loaded = load_report(args.input_file)  # refuse to rewrite a file that does not validate
    atomic_write(args.input_file, dump_tree(add_labels(loaded.tree)), force=True)
    env.echo(f"已加注释：{args.input_file}")
    return ExitStatus.OK
