"""The few calls forms/ makes into the input layer, in one place so that they can be
re-pointed when the input layer changes: load a report for writing (with comments) or for
reading only, turn a tree back into YAML text, read that text back (to validate what is
about to be written), and where a section's figures live in the tree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fazhi_draft.structure import Spec


def load_for_writing(path: Path):  # noqa: ANN201 - Loaded(report, tree, path, notes)
    """The report and its round-trip tree, comments kept (it will be written back)."""
    from fazhi_draft.input.load import load_report

    return load_report(path)


def load_read_only(path: Path):  # noqa: ANN201
    """The report only (last year's file, `status`): read fast, never written back."""
    from fazhi_draft.input.load import load_report

    return load_report(path, read_only=True)


def dump(tree: Any) -> str:
    from fazhi_draft.input.write import dump_tree

    return dump_tree(tree)


def reload(text: str, path: Path):  # noqa: ANN201
    """`text` read and validated as the input file `path` would be (nothing is written):
    raises the loader's UserError/InputErrors if it would not load."""
    from fazhi_draft.input.load import Loaded
    from fazhi_draft.input.parse import parse_yaml
    from fazhi_draft.input.validate import validate
    from fazhi_draft.structure import load_spec

    tree = parse_yaml(text, path)
    return Loaded(report=validate(tree, load_spec(), path), tree=tree, path=path)


def section_path(spec: Spec, section_key: str) -> tuple[str, ...]:
    """Where a section lives in the YAML: ('measures', 'disputes') or ('duty',)."""
    from fazhi_draft.input.shape import yaml_path

    return yaml_path(spec, section_key)


def prior_path(loaded: Any, prior: Path | None) -> Path | None:
    """Last year's file: `prior` if given, else the report's meta.reused_from (relative to it)."""
    if prior is not None:
        return Path(prior)
    reused = loaded.report.meta.reused_from
    return Path(loaded.path).parent / reused if reused else None


def figures_node(tree: Any, spec: Spec, section_key: str) -> Any:
    """The `figures` mapping of a section in the tree, or None when the section has none."""
    node = tree
    for step in (*section_path(spec, section_key), "figures"):
        node = node.get(step) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def written(value: Any) -> str:
    """A figure's YAML value as the person wrote it: 27, 98.7, 95%以上, 1.39万, 待补."""
    from decimal import Decimal

    if isinstance(value, bool) or value is None or isinstance(value, dict):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value).strip()
