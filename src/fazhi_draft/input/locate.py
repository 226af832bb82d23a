"""Where in the file is this: one function for every message that names a line and a field.

`locate(tree, steps)` follows a path of map keys and list positions (0-based) through the
YAML tree as read (fastyaml or ruamel: every map and list knows the line of its keys and
items) and says on which line it ends and how to name it. The same path serves every
caller: a pydantic error's `loc` (validate.py), a finding of `check` (check/base.py
Context.where), annotate and the questionnaire.

Paths are the shape's (shape.py), written out: a point is {text: …}, a section holds
`points`. Where the file uses a shorthand (a plain text for a point, a list for a section,
one text for `points:`), the step into what the shorthand stands for is taken by the value
in hand and left out of the field, so the field names what the file says:
`plans[2]`, not `plans.points[2].text`. A key the tree lacks (a missing value) ends the
walk on the line of the last key found; the field still names the whole path.
"""

from __future__ import annotations

from typing import Any


class Place:
    """Where a path ends: its 1-based `line` (None when unknown) and its `field` as the file
    names it (measures.disputes.points[2].title); `parent[key]` holds the value there when
    the whole path was found in the tree (None otherwise)."""

    __slots__ = ("line", "field", "parent", "key")

    def __init__(self, line: int | None, field: str, parent: Any = None, key: Any = None):
        self.line, self.field, self.parent, self.key = line, field, parent, key

    def __repr__(self) -> str:
        return f"Place(line={self.line}, field={self.field!r})"


def locate(tree: Any, steps: tuple[Any, ...] | list[Any]) -> Place:
    """Where `steps` lead in `tree` (None for a report built in memory: no line)."""
    line = None
    words: list[Any] = []
    node, parent, key, found = tree, None, None, tree is not None
    for step in steps:
        if not found:
            words.append(step)
            continue
        if isinstance(node, dict):
            held = _key_in(node, step)
            if held is _ABSENT:
                found = False
            else:
                line = line_of(node, held) or line
                parent, key, node = node, held, node[held]
            words.append(step)
        elif isinstance(node, list) and isinstance(step, int):
            if 0 <= step < len(node):
                line = line_of(node, step) or line
                parent, key, node = node, step, node[step]
            else:
                found = False
            words.append(step)
        elif isinstance(node, (list, str)):
            continue  # a shorthand: a list standing for a map, a text standing for a map or a list
        else:
            found = False
            words.append(step)
    return Place(line, dotted(words), parent if found else None, key if found else None)


def dotted(steps: tuple[Any, ...] | list[Any]) -> str:
    """A path as a field name: keys joined by dots, list positions counted from 1 in brackets."""
    out = ""
    for step in steps:
        if isinstance(step, int) and not isinstance(step, bool):
            out += f"[{step + 1}]"
        else:
            out += ("." if out else "") + str(step)
    return out


_ABSENT = object()


def _key_in(node: dict, step: Any) -> Any:
    """The key of `node` that `step` names: itself, or (pydantic writes keys that are not
    text as text in its paths: null -> 'None') the key whose text it is."""
    try:
        if step in node:
            return step
    except TypeError:  # an unhashable step
        return _ABSENT
    return next((k for k in node if not isinstance(k, str) and str(k) == step), _ABSENT)


def _own_line(node: Any) -> int | None:
    try:
        return node.lc.line + 1
    except (AttributeError, TypeError):
        return None


def line_of(node: Any, key: Any) -> int | None:
    """1-based line of `key` in a CommentedMap (or item `key` in a CommentedSeq)."""
    try:
        if key is None:
            return node.lc.line + 1
        if isinstance(node, dict):
            return node.lc.key(key)[0] + 1
        if isinstance(node, list):
            return node.lc.item(key)[0] + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        pass
    return _own_line(node)


def text_place(tree: Any, section: tuple[Any, ...], place: Any) -> Place:
    """Where a text of the report is (figures.intext.Place: the opening, or a point's text or
    title, or a sub-item's); `section`: the path of its section in the file (model.section_path)."""
    if place.section is None:
        return locate(tree, ("opening",))
    item = ("items", place.item) if place.item is not None else ()
    return locate(tree, (*section, "points", place.point, *item, place.attr))
