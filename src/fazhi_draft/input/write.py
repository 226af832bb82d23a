"""Writing an input file back: the round-trip tree as YAML, with the person's comments and
order kept (ruamel.yaml), the editor's schema modeline, and the notes of the shape.

`annotate` walks the tree beside its description (shape.py) and puts each place's note
(a part's or section's title, a figure's name and unit) as a comment at the end of its line,
where the person has written none, so the file explains itself.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml.comments import CommentedMap

from fazhi_draft.input.parse import round_trip_yaml
from fazhi_draft.input.shape import Describe, described
from fazhi_draft.structure import Spec, load_spec

SCHEMA_FILE = "fazhi-draft.schema.json"
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"


def annotate(tree: CommentedMap, spec: Spec | None = None) -> CommentedMap:
    """Add the modeline and, where the person wrote no comment, each key's note.

    The person's own comments are left as they are.
    """
    spec = spec or load_spec()
    _ensure_modeline(tree)
    year = tree.get("meta", {}).get("year") if isinstance(tree.get("meta"), dict) else None
    next_year = year + 1 if isinstance(year, int) else "下一"  # "2025年工作安排" / "下一年工作安排"
    _annotate(tree, Describe(described(spec)), next_year)
    return tree


def _annotate(node: Any, place: Describe, next_year: int | str) -> None:
    """The notes of the keys of one map (a part's and a section's are written only where
    the part or section is written out as a map), then of the maps below."""
    notes = place.keys()
    # The order comments have always been added in, which ruamel's alignment of a new comment
    # with those already there shows: parts and sections in the standard's order, the keys of
    # a map that also takes the person's own (figures) in the file's.
    order = [k for k in node if k in notes] if place.open else [k for k in notes if k in node]
    for key in order:
        value, below = node[key], place.child(key)
        note = notes[key].note
        if note and (isinstance(value, CommentedMap) or below is None or not below.keys()):
            _comment_if_missing(node, key, note.format(next_year=next_year))
        if isinstance(value, CommentedMap) and below is not None:
            _annotate(value, below, next_year)
    if place.takes_own_sections:  # the author's own sections: their figures get their notes too
        for key in node:
            below = place.child(key) if key not in notes and isinstance(node[key], CommentedMap) else None
            if below is not None:
                _annotate(node[key], below, next_year)


def _ensure_modeline(tree: CommentedMap) -> None:
    """Put the yaml-language-server modeline first, above the person's own header lines."""
    tokens = tree.ca.comment[1] if tree.ca.comment and len(tree.ca.comment) > 1 else None
    existing = "".join(c.value for c in tokens or [] if c is not None)
    if "yaml-language-server" in existing:
        return
    own = [line.removeprefix("#").removeprefix(" ") for line in existing.splitlines() if line.strip()]
    lines = [MODELINE.removeprefix("# "), *(own or ["法治政府建设年度报告 输入文件（fazhi-draft）"])]
    if tokens:
        tree.ca.comment[1] = None
    tree.yaml_set_start_comment("\n".join(lines))


def _comment_if_missing(node: CommentedMap, key: str, text: str) -> None:
    entry = node.ca.items.get(key)
    if entry and any(c is not None for c in entry):
        return
    node.yaml_add_eol_comment(text, key)


def dump_tree(tree: Any) -> str:
    if getattr(tree, "_fazhi_fast", False):  # set by fastyaml.load
        raise ValueError("this tree was read with read_only=True and has lost its comments; "
                         "read the file without read_only to write it back")
    buf = io.StringIO()
    round_trip_yaml().dump(tree, buf)
    return buf.getvalue()
