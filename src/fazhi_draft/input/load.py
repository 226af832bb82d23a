"""Loading one input file: read (read.py), parse (parse.py), validate (validate.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from fazhi_draft.input.model import ReportInput
from fazhi_draft.input.parse import parse_yaml
from fazhi_draft.input.read import read_text
from fazhi_draft.input.validate import validate
from fazhi_draft.structure import Spec, load_spec


@dataclass
class Loaded:
    """A parsed input file: the validated report, the round-trip tree, notes to show."""

    report: ReportInput
    tree: CommentedMap
    path: Path
    notes: list[str] = field(default_factory=list)


def load_report(path: Path | str, spec: Spec | None = None, *, read_only: bool = False) -> Loaded:
    """Read, parse and validate one input file; raise InputErrors/UserError on problems.

    `read_only`: the tree will not be written back (check, render), so it may be read
    without its comments, much faster; see parse.parse_yaml.
    """
    path = Path(path)
    spec = spec or load_spec()
    text, notes = read_text(path)
    tree = parse_yaml(text, path, read_only=read_only)
    return Loaded(report=validate(tree, spec, path), tree=tree, path=path, notes=notes)
