"""Reading an input file fast: libyaml parses, and the tree is the one ruamel would build.

Why this exists: ruamel.yaml's round-trip loader is pure Python and takes ~30 ms for the
21 KB sample, and `check` and `render` read two files (the year and last year's, via
meta.reused_from); that was the largest part of the cost of a report. libyaml (PyYAML's C
parser) parses the same text in under a millisecond. Reading needs no comments, only the
tree and its line numbers, so `load` builds from libyaml's events what ruamel's round-trip
loader (with preserve_quotes) returns: CommentedMap/CommentedSeq with the same `.lc`
line/column bookkeeping and flow/block style, and scalars resolved by ruamel's own YAML 1.2
rules into the same Python types (int or ScalarInt, ScalarFloat, float for .inf/.nan, bool,
None, datetime.date, str or Single/DoubleQuotedScalarString). tests/test_fastyaml.py
compares the two trees.

Not carried over: comments (`.ca`), which only writing uses. A tree from here must never be
written back: its root carries `_fazhi_fast`, and write.dump_tree refuses it; --fix,
annotate and the questionnaire read with ruamel. One
position differs: an empty value (`key:` and nothing after it) is placed right after the
colon, where ruamel places it at the next token or elsewhere, depending on comments; nothing
reads value positions (line_of uses those of keys and list items).

`load` raises Unsupported, and the caller parses with ruamel as before (same tree, same
errors and messages), whenever the result could differ:
  - PyYAML or its libyaml extension is not installed;
  - libyaml reports any error (ruamel then reports it, in its words, with its line);
  - %YAML/%TAG directives, more than one document;
  - anchors, aliases, explicit tags, merge keys (<<) and `=`;
  - a key that is not a scalar, or a key given twice (ruamel raises DuplicateKeyError);
  - block scalars (| and >): ruamel rejects some headers and indentations libyaml accepts;
  - anywhere in the text: a tab (libyaml accepts tabs after `:` where ruamel rejects them),
    a byte order mark (libyaml counts columns after it differently, and may read a line
    that starts with one differently), a NEL/LS/PS line break, a `...` document end
    (ruamel takes a second one for a second document);
  - numbers in hex, octal or binary, with `_` or an exponent; a timestamp with a time of
    day; a date that does not exist. Files written for this tool do not use them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.resolver import Resolver
from ruamel.yaml.scalarfloat import ScalarFloat
from ruamel.yaml.scalarint import ScalarInt
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from fazhi_draft.limits import MAX_DEPTH, MAX_TEXT_CHARS, too_deep, too_long

try:
    from yaml import YAMLError
    from yaml._yaml import CParser
    from yaml.events import (MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
                             SequenceStartEvent, StreamEndEvent)
except ImportError:  # no PyYAML, or PyYAML built without libyaml: always ruamel
    CParser = None

_MARK = "_fazhi_fast"  # set on the root of a tree built here; write.dump_tree checks it
_AVOID = re.compile("[\t\x85\u2028\u2029\ufeff]")
_QUOTED = {'"': DoubleQuotedScalarString, "'": SingleQuotedScalarString}
_RULES = Resolver.yaml_implicit_resolvers  # ruamel's YAML 1.2 rules, by first character
_DATE = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class Unsupported(Exception):
    """This text is left to ruamel; the message says why (for tests and debugging)."""


def load(text: str) -> Any:
    """The tree ruamel's round-trip loader would return for `text`, or Unsupported."""
    if CParser is None:
        raise Unsupported("PyYAML with libyaml is not installed")
    odd = _AVOID.search(text)
    if odd:
        raise Unsupported(f"{odd.group()!r} in the text")
    if text.startswith("...") or "\n..." in text or "\r..." in text:
        raise Unsupported("a ... document end")
    parser = None
    try:
        parser = CParser(text)
        get = parser.get_event
        get()  # stream start
        start = get()
        if isinstance(start, StreamEndEvent):
            return None  # empty, or only comments: ruamel returns None too
        if start.version or start.tags:
            raise Unsupported("%YAML or %TAG directive")
        tree = _node(get(), get)
        get()  # document end
        if not isinstance(get(), StreamEndEvent):
            raise Unsupported("more than one document")
    except (YAMLError, ValueError, RecursionError) as exc:
        raise Unsupported(f"{type(exc).__name__}: {exc}") from None
    finally:
        if parser is not None:
            parser.dispose()
    if isinstance(tree, CommentedMap):
        setattr(tree, _MARK, True)
    return tree


def events(text: str) -> Any:
    """libyaml's parse events for `text` (parse.py's limit scan); YAMLError on a syntax error."""
    if CParser is None:
        raise Unsupported("PyYAML with libyaml is not installed")
    parser = CParser(text)
    try:
        while True:
            event = parser.get_event()
            yield event
            if isinstance(event, StreamEndEvent):
                return
    finally:
        parser.dispose()


def _node(event: Any, get: Any, depth: int = 0) -> Any:
    """The node that starts with `event`; `get` returns libyaml's next event.

    Past the limits (limits.py: nesting, length of a text) raises LimitExceeded, which
    parse.py reports; that is checked here, as the tree is built, so the fast path pays no
    second pass."""
    if event.anchor is not None or getattr(event, "tag", None) is not None:
        raise Unsupported("anchor, alias or explicit tag")
    kind = type(event)
    if kind is ScalarEvent:
        return _scalar(event)
    if depth >= MAX_DEPTH:  # this collection would be the (MAX_DEPTH + 1)th open one
        raise too_deep(event.start_mark.line + 1)
    if kind is SequenceStartEvent:
        node = CommentedSeq()
        lc = node.lc
        item = get()
        while type(item) is not SequenceEndEvent:
            lc.add_idx_line_col(len(node), [item.start_mark.line, item.start_mark.column])
            node.append(_node(item, get, depth + 1))
            item = get()
    elif kind is MappingStartEvent:
        node = CommentedMap()
        lc = node.lc
        key_event = get()
        while type(key_event) is not MappingEndEvent:
            if type(key_event) is not ScalarEvent:
                raise Unsupported("a key that is not a scalar")
            key = _node(key_event, get, depth + 1)
            value_event = get()
            size = len(node)
            node[key] = _node(value_event, get, depth + 1)
            if len(node) == size:
                raise Unsupported("duplicate key")
            k, v = key_event.start_mark, value_event.start_mark
            lc.add_kv_line_col(key, [k.line, k.column, v.line, v.column])
            key_event = get()
    else:
        raise Unsupported(f"unexpected {kind.__name__}")
    lc.line, lc.col = event.start_mark.line, event.start_mark.column
    if node:  # as ruamel's set_collection_style
        if event.flow_style is True:
            node.fa.set_flow_style()
        elif event.flow_style is False:
            node.fa.set_block_style()
    return node


def _scalar(event: Any) -> Any:
    value, style = event.value, event.style
    if len(value) > MAX_TEXT_CHARS:
        raise too_long(len(value), event.start_mark.line + 1)
    if style:
        if style not in _QUOTED:
            raise Unsupported("block scalar")
        return _QUOTED[style](value)
    if not event.implicit[0]:
        raise Unsupported("plain scalar with a non-specific tag")
    for tag, rule in _RULES.get(value[:1], ()):
        if rule.match(value):
            return _CONSTRUCT.get(tag, _unsupported)(value)
    return value


def _int(text: str) -> int:
    """ruamel's construct_yaml_int, decimal branch: a leading zero keeps its width."""
    digits, sign = text, 1
    if digits[0] in "+-":
        sign = -1 if digits[0] == "-" else 1
        digits = digits[1:]
    if "_" in digits or digits[:2] in ("0b", "0o", "0x"):
        raise Unsupported(f"integer form {text!r}")
    if digits[0] == "0":
        return ScalarInt(sign * int(digits), width=len(digits), underscore=None)
    return sign * int(digits)


def _float(text: str) -> float:
    """ruamel's construct_yaml_float without exponents: a ScalarFloat (.inf/.nan: a float)."""
    lower, sign, m_sign = text.lower(), 1, False
    if lower[0] in "+-":
        sign, m_sign = (-1 if lower[0] == "-" else 1), lower[0]
        lower = lower[1:]
    if lower == ".inf":
        return sign * SafeConstructor.inf_value
    if lower == ".nan":
        return SafeConstructor.nan_value
    if "_" in lower or "e" in lower:
        raise Unsupported(f"float form {text!r}")
    lead0 = 0
    for ch in text:
        if ch not in "0.":
            break
        lead0 += ch == "0"
    return ScalarFloat(sign * float(lower), width=len(text), prec=text.find("."), m_sign=m_sign,
                       m_lead0=lead0)


def _timestamp(text: str) -> dt.date:
    if not _DATE.match(text):
        raise Unsupported(f"timestamp with a time {text!r}")
    return dt.date(int(text[:4]), int(text[5:7]), int(text[8:10]))  # ValueError: ruamel's error


def _unsupported(text: str) -> Any:
    raise Unsupported(f"merge key or value indicator {text!r}")


_CONSTRUCT = {
    "tag:yaml.org,2002:null": lambda text: None,
    "tag:yaml.org,2002:bool": lambda text: text.lower() == "true",
    "tag:yaml.org,2002:int": _int,
    "tag:yaml.org,2002:float": _float,
    "tag:yaml.org,2002:timestamp": _timestamp,
}
