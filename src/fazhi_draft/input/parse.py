"""Parsing an input's text as YAML: the round-trip tree (or libyaml's, read-only), after the
limits (limits.py) are checked, with every syntax problem named by its line in Chinese."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from fazhi_draft.errors import UserError
from fazhi_draft.input.model import BAD_CHARS
from fazhi_draft.limits import MAX_DEPTH, MAX_EXPANDED_CHARS, MAX_TEXT_CHARS, LimitExceeded, too_deep, too_long


def round_trip_yaml() -> YAML:
    """ruamel's round-trip reader and writer as this tool uses it (write.py writes with it)."""
    y = YAML()  # round-trip: comments and order survive; no Python object tags are built
    y.allow_unicode = True
    y.width = 4096  # never fold a Chinese paragraph
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True
    return y


_YAML_PROBLEMS = {
    "mapping values are not allowed here": "冒号用法有误：同一行出现了第二个冒号，含冒号的文字请用引号括起来",
    "could not find expected ':'": "缺少冒号，或缩进没有对齐",
    "found character '\\t' that cannot start any token": "使用了制表符（Tab），请改用空格缩进",
    "did not find expected key": "缩进没有对齐",
    "did not find expected '-' indicator": "列表缩进没有对齐，每条以“- ”开头",
    "found undefined alias": "出现了未定义的 * 引用",
    "expected <block end>, but found": "缩进没有对齐",
    "found duplicate key": "同一层级出现了重复的键",
}


def parse_yaml(text: str, path: Path, *, read_only: bool = False) -> Any:
    """The round-trip tree, or one UserError naming the line of a syntax problem.

    `read_only`: the tree will not be written back, so its comments need not be kept; the
    text is then read by libyaml when it can be (fastyaml.py: the same tree and line
    numbers without the comments, ~20x faster), else by ruamel as always.
    """
    bad = BAD_CHARS.search(text)
    if bad:  # the YAML reader rejects these too, but without saying where in words
        line = text.count("\n", 0, bad.start()) + 1
        raise UserError(f"含有无法写入 Word 的控制字符（U+{ord(bad.group()):04X}）", file=path, line=line,
                        fix="多为从网页或表格复制时带入，请删除这一行中的不可见字符后重试")
    try:
        if read_only:
            from fazhi_draft.input import fastyaml

            try:
                return fastyaml.load(text)  # checks the limits as it builds
            except fastyaml.Unsupported:
                pass  # ruamel reads it, and words any error, as it always has
        _check_limits(text)
    except LimitExceeded as exc:
        raise UserError(exc.message, file=path, line=exc.line) from None
    try:
        with warnings.catch_warnings():  # ruamel warns (on stderr, in English) of a reused anchor, which YAML allows
            warnings.simplefilter("ignore")
            return round_trip_yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = f"{exc.problem or ''} {exc.context or ''}"
        reason = next((cn for en, cn in _YAML_PROBLEMS.items() if en in problem), "格式有误")
        raise UserError(f"YAML 语法错误：{reason}", file=path, line=line,
                        fix="请对照示例文件检查这一行及上一行的缩进、冒号和引号") from None
    except YAMLError:
        raise UserError("YAML 语法错误", file=path, fix="请对照示例文件检查格式") from None
    except ValueError:  # ruamel builds dates with datetime.date and lets its error through
        line, value = _impossible_date(text)
        raise UserError(f"日期“{value}”不存在" if value else "有无法读取的值", file=path, line=line,
                        fix="请改为实际存在的日期，写成 2025-03-01 的样子" if value else
                        "请对照示例文件检查这一文件中的日期和数字") from None


def _check_limits(text: str) -> None:
    """Raise LimitExceeded if `text` nests deeper than MAX_DEPTH, holds a text longer than
    MAX_TEXT_CHARS, or grows past MAX_EXPANDED_CHARS with each alias (*a) written out.

    Run before ruamel builds anything: its composer recurses once per level, and the tree
    it builds shares an anchored node between its aliases, so a 2 KB file of nested aliases
    is small until something walks it (str(), validation) and meets 10^9 items. This reads
    the parse events only (libyaml's when installed, else ruamel's), which never recurse
    and never expand an alias; a syntax error ends the scan and is left to the loader.
    """
    from fazhi_draft.input import fastyaml

    try:
        _scan_events(fastyaml.events(text))
        return
    except LimitExceeded:
        raise
    except Exception as exc:  # noqa: BLE001 - no libyaml, or it rejects what ruamel may accept: ask ruamel
        if "maximum nesting depth" in str(exc):  # libyaml's own limit, far past ours; ruamel's
            mark = getattr(exc, "problem_mark", None)  # scanner would take a second over it
            raise too_deep(mark.line + 1 if mark else None) from None
    try:
        _scan_events(round_trip_yaml().parse(text))
    except LimitExceeded:
        raise
    except Exception:  # noqa: BLE001 - a syntax error: the loader reports it, with its line
        pass


def _scan_events(events: Any) -> None:
    """Measure a stream of parse events (PyYAML's or ruamel's: the classes share their names)."""
    expanded = 0  # characters (plus one per value) of the document with aliases written out
    opened: list[tuple[Any, int]] = []  # (anchor, `expanded` when it opened) per open list or map
    sizes: dict[Any, int] = {}  # anchor -> size of what it names
    for event in events:
        kind = type(event).__name__
        if kind == "ScalarEvent":
            n = len(event.value)
            if n > MAX_TEXT_CHARS:
                raise too_long(n, event.start_mark.line + 1)
            expanded += n + 1
            if event.anchor is not None:
                sizes[event.anchor] = n + 1
        elif kind in ("SequenceStartEvent", "MappingStartEvent"):
            opened.append((event.anchor, expanded))
            if len(opened) > MAX_DEPTH:
                raise too_deep(event.start_mark.line + 1)
            expanded += 1
        elif kind in ("SequenceEndEvent", "MappingEndEvent") and opened:
            anchor, start = opened.pop()
            if anchor is not None:
                sizes[anchor] = expanded - start
        elif kind == "AliasEvent":
            expanded += sizes.get(event.anchor, 1)
            if expanded > MAX_EXPANDED_CHARS:
                raise LimitExceeded(f"引用 *{str(event.anchor)[:20]} 展开后，文件内容超过上限 {MAX_EXPANDED_CHARS} 个字符；"
                                    "请不要用 & 和 * 层层重复内容，直接写出要写的值", event.start_mark.line + 1)
        if expanded > MAX_EXPANDED_CHARS:
            raise LimitExceeded(f"文件内容超过上限 {MAX_EXPANDED_CHARS} 个字符", event.start_mark.line + 1)


_DATE_SCALAR = re.compile(r"(?<![\w.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\w.:-])")


def _impossible_date(text: str) -> tuple[int | None, str | None]:
    """Line and text of the first unquoted YYYY-MM-DD that is not a real date (2025-02-30)."""
    import datetime

    for number, line in enumerate(text.splitlines(), 1):
        for m in _DATE_SCALAR.finditer(line):
            y, mo, d = (int(g) for g in m.groups())
            try:
                datetime.date(y, mo, d)
            except ValueError:
                return number, f"{y}-{mo:02d}-{d:02d}"
    return None, None
