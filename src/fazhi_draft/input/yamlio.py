"""Reading and writing the input YAML, round-trip, with line numbers for every error.

Reading walks the YAML tree section by section against the spec, so each problem is
reported with its file, line and field path. Writing keeps the person's comments and
key order (ruamel.yaml round-trip) and adds the Chinese label of each figure as a
comment, so the file explains itself.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from fazhi_draft.errors import InputErrors, UserError
from fazhi_draft.limits import (MAX_DEPTH, MAX_EXPANDED_CHARS, MAX_FILE_BYTES, MAX_GUESSES, MAX_TEXT_CHARS, LimitExceeded,
                                close_matches, too_deep, too_long)
from fazhi_draft.input.model import BAD_CHARS, CustomFigure, Meta, PartInput, Point, ReportInput, SectionInput
from fazhi_draft.figures.numbers import Figure, FigureError, parse_figure
from fazhi_draft.structure import Spec, load_spec

SCHEMA_FILE = "fazhi-draft.schema.json"
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"
# `progress` marks a questionnaire progress file (questionnaire/progress.py); reading ignores it, so a
# half-filled progress file still renders as a partial draft.
# `check` holds the checker's settings for this file (check: {ignore: [FZ301]}); see check/engine.py.
# `offices` renames offices and moves figures between them for forms/status (issue 17; forms/offices.py).
TOP_KEYS = ("meta", "opening", "progress", "check", "offices")


@dataclass
class Loaded:
    """A parsed input file: the validated report, the round-trip tree, notes to show."""

    report: ReportInput
    tree: CommentedMap
    path: Path
    notes: list[str] = field(default_factory=list)


def _yaml() -> YAML:
    y = YAML()  # round-trip: comments and order survive; no Python object tags are built
    y.allow_unicode = True
    y.width = 4096  # never fold a Chinese paragraph
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True
    return y


# ---------------------------------------------------------------- reading text
def read_input(path: Path | str, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of an input file the person named, or one UserError saying why not.

    Every file the tool reads on the person's behalf comes through here (the input YAML,
    --prior, meta.reused_from, progress files, the .docx for `pdf`): only a regular file,
    at most `limit` bytes, so a device (/dev/zero), a named pipe, a folder or a huge file
    is refused in words instead of eating memory or waiting forever.
    """
    path = Path(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise UserError("这是一个文件夹，不是文件", file=path, fix="请给出文件夹里的文件名")
        if not stat.S_ISREG(info.st_mode):
            raise UserError("不是普通文件（是设备、管道或其他特殊文件），无法读取", file=path,
                            fix="请给出一个 YAML 文件")
        _check_size(path, info.st_size, limit)
        # O_NONBLOCK: should the path have become a pipe since stat, opening does not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise UserError("不是普通文件，无法读取", file=path)
            raw = fh.read(limit + 1)
    except UserError:
        raise
    except (FileNotFoundError, NotADirectoryError):
        raise UserError("找不到这个文件", file=path, fix="请检查路径和文件名；新建请运行 fazhi-draft new") from None
    except IsADirectoryError:
        raise UserError("这是一个文件夹，不是文件", file=path) from None
    except PermissionError:
        raise UserError("没有权限读取这个文件", file=path, fix="请检查文件是否被其他程序占用") from None
    except ValueError:  # os.stat: "embedded null byte"
        raise UserError("文件名中含有不可见的空字符（NUL），无法打开", file=path, fix="请检查文件名") from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise UserError("文件名太长，无法打开", file=path, fix="请检查文件名，或把文件改用短一些的名字") from None
        raise UserError(f"无法读取这个文件（{exc.strerror or type(exc).__name__}）", file=path) from None
    _check_size(path, len(raw), limit)
    return raw


def _check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise UserError(f"文件大小 {size:,} 字节，超过输入文件的上限 {limit // 1048576} MB", file=path,
                        fix="请确认选对了文件（年度报告的 YAML 通常不到 1 MB）")


def read_text(path: Path) -> tuple[str, list[str]]:
    """File text, forgiving: UTF-8 with or without BOM, or GBK from Windows Notepad."""
    raw = read_input(path)
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gbk"), [f"提示：{path} 不是 UTF-8 编码，已按 GBK（Windows 记事本默认）读取。"]
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserError("文件编码无法识别（既不是 UTF-8 也不是 GBK）", file=path, line=line,
                        fix="请用记事本“另存为”UTF-8 编码后重试") from None


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
            return _yaml().load(text)
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
        _scan_events(_yaml().parse(text))
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


# ---------------------------------------------------------------- walking the tree
def _own_section(node: Any) -> bool:
    """A key the spec does not know holds the author's own section when it has a title."""
    return isinstance(node, CommentedMap) and isinstance(node.get("title"), str) and bool(node["title"].strip())


class _Walker:
    """Validates the tree against the spec, collecting every problem with its line."""

    def __init__(self, spec: Spec, path: Path):
        self.spec = spec
        self.path = path
        self.errors: list[UserError] = []
        self.guesses = 0

    def guess(self, word: str, choices: list[str]) -> list[str]:
        """A "是不是…" suggestion, for the first MAX_GUESSES unknown names of a file only: each
        costs difflib's comparison with every choice, and a file may hold 100,000 unknown keys."""
        self.guesses += 1
        return close_matches(word, choices, n=1, cutoff=0.6) if self.guesses <= MAX_GUESSES else []

    def fail(self, node: Any, key: Any, dotted: str, message: str, fix: str | None = None) -> None:
        self.errors.append(UserError(message, file=self.path, line=line_of(node, key),
                                     field=dotted, fix=fix))

    def unknown(self, node: Any, key: Any, dotted: str, choices: list[str], what: str, hint: str = "") -> None:
        guess = self.guess(str(key), choices)
        fix = f"是不是“{guess[0]}”？" if guess else f"可用的有：{'、'.join(choices)}"
        if hint and not guess:  # a close key is most likely what was meant
            fix += f"；{hint}"
        self.fail(node, key, dotted, f"不是已知的{what}", fix)

    def measures(self, data: CommentedMap, key: str, standard: list[str]) -> PartInput | None:
        """`measures:` (主要举措和成效): its own `title`, then sections in the file's order."""
        node = data[key]
        if node is None:
            return None
        if not isinstance(node, CommentedMap):
            self.fail(data, key, key, "应按小节列出，例如 leadership: 下写 figures 和 points")
            return None
        title = node.get("title")
        if title is not None and not isinstance(title, str):
            self.fail(node, "title", f"{key}.title", "标题应为文字")
            title = None
        elif isinstance(title, str) and not title.strip():
            title = None  # blank: the standard title, as when it is left out
        keys = []
        for k in node:
            if k == "title":
                continue
            if k in standard or _own_section(node[k]):
                if self.add_section(node, k, f"{key}.{k}"):
                    keys.append(str(k))
            else:
                known = [s.key for s in self.spec.part(key).sections]
                self.unknown(node, k, f"{key}.{k}", [*known, *(s for s in standard if s not in known), "title"], "小节",
                             hint="自己的小节请写上 title（标题）")
        try:
            return PartInput(key=key, title=title, sections=keys)
        except ValidationError as exc:  # the title: cleaned and measured like every text
            self.pydantic(node, key, exc)
            return None

    def add_section(self, parent: CommentedMap, key: Any, dotted: str) -> bool:
        """Read section `key` of `parent` (a standard section or the author's own) into
        self.sections; False when it was refused."""
        if str(key) in self.seen:
            self.fail(parent, key, dotted, f"这一节已经在 {self.seen[str(key)]} 写过",
                      "同一小节只能写一处：请把两处的内容合并，删去其中一处")
            return False
        self.seen[str(key)] = dotted
        standard = any(s.key == key for s in self.spec.sections)
        sec = self.section(parent, key, dotted, str(key) if standard else None)
        if sec is None:
            return False
        self.sections[str(key)] = sec
        return True

    def report(self, data: Any) -> ReportInput | None:
        if not isinstance(data, CommentedMap):
            self.errors.append(UserError("内容不是“键: 值”形式的 YAML（或文件为空）", file=self.path,
                                         fix="请从示例文件 samples/ 复制后修改"))
            return None
        meta = self.meta(data)
        opening = data.get("opening")
        if opening is not None and not isinstance(opening, str):
            self.fail(data, "opening", "opening", "开头段应为一段文字")
            opening = None
        elif isinstance(opening, str) and not opening.strip():
            opening = None  # blank: the default opening, as when it is left out
        # The file's order: each top-level key is `measures` (the umbrella), a standard
        # section standing as a part of its own, or the author's own section (with a title).
        self.sections: dict[str, SectionInput] = {}
        self.seen: dict[str, str] = {}  # section key -> where it was given
        self.holders: dict[str, str] = {}  # indicator key -> where it was given
        measures = next(p.key for p in self.spec.parts if not p.flat)
        standard = [s.key for s in self.spec.sections]
        parts: list[PartInput] = []
        for key in data:
            if key in TOP_KEYS:
                continue
            if key == measures:
                part = self.measures(data, key, standard)
                if part is not None:
                    parts.append(part)
            elif key in standard or _own_section(data[key]):
                if self.add_section(data, key, str(key)):
                    parts.append(PartInput(key=str(key)))
            else:
                self.unknown(data, key, str(key), [*TOP_KEYS, measures, *standard], "顶层项目",
                             hint="自己的部分请写上 title（标题）")
        offices = self.offices(data)
        if meta is None or self.errors:
            return None
        try:
            return ReportInput(meta=meta, opening=opening, sections=self.sections, parts=parts, offices=offices)
        except ValidationError as exc:  # the opening: cleaned and measured like every text
            self.pydantic(data, "", exc)
            return None

    def offices(self, data: CommentedMap) -> dict[str, str]:
        """`offices:`: {spec office name: this county's name, or indicator key: office name}."""
        node = data.get("offices")
        if node is None:
            return {}
        if not isinstance(node, CommentedMap):
            self.fail(data, "offices", "offices", "应写成“部门: 本地名称”的形式",
                      "如 offices: {政务服务管理局: 县行政审批服务局, legal_aid_cases: 县法律援助中心}")
            return {}
        names = [o.name for o in self.spec.offices]
        out = {}
        for key, value in node.items():
            if key not in names and key not in self.spec.indicators:
                self.unknown(node, key, f"offices.{key}", names, "部门名称或指标键")
            elif not isinstance(value, str) or not value.strip() or BAD_CHARS.search(value) or len(value) > 100:
                self.fail(node, key, f"offices.{key}", "应为一个部门名称（不超过100个字）", "如 县行政审批服务局")
            else:
                out[str(key)] = value.strip()
        return out

    def meta(self, data: CommentedMap) -> Meta | None:
        node = data.get("meta")
        if not isinstance(node, CommentedMap):
            self.fail(data, "meta" if "meta" in data else None, "meta",
                      "缺少 meta（机关名称、机关类型、年度、成文日期）", "请参照示例文件补上 meta 一节")
            return None
        try:
            meta = Meta.model_validate(dict(node))
        except ValidationError as exc:
            self.pydantic(node, "meta", exc)
            return None
        kinds = [k.key for k in self.spec.organ_kinds]
        if meta.kind not in kinds:
            self.unknown(node, "kind", "meta.kind", kinds, "机关类型")
            return None
        return meta

    def section(self, parent: CommentedMap, key: str, dotted: str, section_key: str | None) -> SectionInput | None:
        """A standard section (`section_key`) or, with None, the author's own (title, like)."""
        node = parent[key]
        if isinstance(node, CommentedSeq):  # shorthand: a flat part given as a list of points
            node = CommentedMap(points=node)
            node.lc.add_kv_line_col("points", [parent.lc.key(key)[0], 0, 0, 0])
        if node is None or (isinstance(node, str) and not node.strip()):
            return SectionInput()
        if not isinstance(node, CommentedMap):
            self.fail(parent, key, dotted, "应写成 figures（数字）和 points（要点）两项")
            return None
        errors_before = len(self.errors)
        allowed = ["title", "figures", "points"] if section_key else ["title", "like", "figures", "points"]
        for k in node:
            if k not in allowed:
                hint = "like 只用于自己命名的小节" if k == "like" else ""
                self.unknown(node, k, f"{dotted}.{k}", allowed, "项目", hint=hint)
        like = None if section_key else node.get("like")
        standard = [s.key for s in self.spec.sections]
        if like is not None and like not in standard:
            self.unknown(node, "like", f"{dotted}.like", standard, "标准小节",
                         hint="like 写这一节算作哪个标准小节（如 leadership、disputes、duty）")
        figures, custom = self.figures(node, f"{dotted}.figures")
        points = self.points(node, f"{dotted}.points")
        title = node.get("title")
        if title is not None and not isinstance(title, str):
            self.fail(node, "title", f"{dotted}.title", "小节标题应为文字")
        elif isinstance(title, str) and not title.strip():
            title = None  # blank: the standard title, as when it is left out
        if len(self.errors) > errors_before:
            return None
        try:
            return SectionInput(title=title, figures=figures, custom=custom, points=points, like=like)
        except ValidationError as exc:  # the title: cleaned and measured like every text
            self.pydantic(node, dotted, exc)
            return None

    def figures(self, node: CommentedMap, dotted: str) -> tuple[dict, list]:
        """A `figures:` block: any indicator of the spec (a figure is the same figure wherever
        it stands: once in the report), and custom figures {label, value, unit}."""
        figs = node.get("figures")
        if figs is None:
            return {}, []
        if not isinstance(figs, CommentedMap):
            self.fail(node, "figures", dotted, "应写成“指标键: 数字”的形式")
            return {}, []
        all_known = self.spec.indicators
        out: dict[str, Figure] = {}
        custom: list[tuple[str, CustomFigure, Figure]] = []
        for key, raw in figs.items():
            where = f"{dotted}.{key}"
            if isinstance(raw, CommentedMap) and key in all_known:
                ind = all_known[key]
                self.fail(figs, key, where, f"是标准指标（{ind.label}），直接写数字即可",
                          "自定义数字请换一个不与标准指标重名的键名")
                continue
            if isinstance(raw, CommentedMap):  # a figure the spec does not know
                try:
                    decl = CustomFigure.model_validate(dict(raw))
                    fig = parse_figure(decl.value, whole=False, percent=decl.unit == "%", unit=decl.unit)
                except ValidationError as exc:
                    self.pydantic(raw, where, exc)
                    continue
                except FigureError as exc:
                    self.fail(raw, "value", f"{where}.value", str(exc))
                    continue
                if decl.part_of is not None and decl.part_of not in sum_totals(self.spec):
                    totals = sum_totals(self.spec)
                    guess = self.guess(decl.part_of, sorted(totals))
                    self.fail(raw, "part_of", f"{where}.part_of", f"“{decl.part_of}”不是可以分项相加的标准指标",
                              (f"是不是“{guess[0]}”（{totals[guess[0]]}）？" if guess else "")
                              + "part_of 写总数的键名，如 docs_cleaned（清理规范性文件）；全部见 fazhi-draft outline 的“相加”关系")
                    continue
                custom.append((str(key), decl, fig))
                continue
            ind = all_known.get(key)
            if ind is None:
                by_label = {i.label: k for k, i in all_known.items()}
                guess = self.guess(str(key), [*all_known, *by_label])
                guessed = by_label.get(guess[0], guess[0]) if guess else None
                hint = f"是不是“{guessed}”（{all_known[guessed].label}）？" if guessed else ""
                self.fail(figs, key, where, "不是已知的指标",
                          hint + "自定义数字请写成 {label: 名称, value: 数字, unit: 单位}")
                continue
            if key in self.holders:
                self.fail(figs, key, f"{where}（{ind.label}）", f"这个数字已经在 {self.holders[key]} 填写过",
                          "同一指标在报告中只填一处：请删去其中一处")
                continue
            self.holders[key] = where
            try:
                out[key] = parse_figure(raw, whole=ind.whole, percent=ind.kind == "percent", unit=ind.unit,
                                        growth=ind.kind == "growth")
            except FigureError as exc:
                self.fail(figs, key, f"{where}（{ind.label}）", str(exc))
        return out, custom

    def points(self, node: CommentedMap, dotted: str) -> list[Point]:
        pts = node.get("points")
        if pts is None:
            return []
        if isinstance(pts, str):
            pts = [pts]
        if not isinstance(pts, list):
            self.fail(node, "points", dotted, "应为要点列表，每条以“- ”开头")
            return []
        out: list[Point] = []
        for i, item in enumerate(pts):
            value = {"text": item} if isinstance(item, str) else item
            if isinstance(value, CommentedMap):
                value = dict(value)
            try:
                out.append(Point.model_validate(value))
            except ValidationError as exc:
                self.pydantic(pts, f"{dotted}[{i + 1}]", exc, index=i)
        return out

    def pydantic(self, node: Any, dotted: str, exc: ValidationError, index: int | None = None) -> None:
        for err in exc.errors():
            loc = [str(x) for x in err["loc"]]
            key = loc[0] if loc and isinstance(node, CommentedMap) and loc[0] in node else index
            self.fail(node, key, ".".join([d for d in (dotted, *loc) if d]) or dotted, _pydantic_message(err))


_FIELD_NAMES = {"organ": "机关名称", "kind": "机关类型", "year": "年度", "date": "成文日期",
                "text": "正文", "label": "名称", "value": "数值", "title": "标题", "opening": "开头段",
                "unit": "单位", "self_ref": "自称", "reused_from": "去年的文件", "contact": "联系人"}


def _pydantic_message(err: dict) -> str:
    kind = err["type"]
    name = _FIELD_NAMES.get(str(err["loc"][-1]) if err["loc"] else "", "")
    if kind == "missing":
        return f"缺少{name or '这一项'}"
    if kind == "extra_forbidden":
        return "不是可用的项目，请检查拼写"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "应为整数年份，如 2024"
    if kind in ("greater_than_equal", "less_than_equal"):
        return "年份不在合理范围（2000—2100）"
    if kind in ("string_too_short",):
        return "不能为空"
    if kind in ("string_too_long", "too_long"):
        ctx = err.get("ctx") or {}
        length = ctx.get("actual_length") or len(err.get("input") or "")
        return f"太长（{length} 个字），上限是 {ctx.get('max_length')} 个字（见 README“输入文件的上限”），请删减"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "日期应写成 2025-03-10 或 2025年3月10日"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind in ("string_type",):
        return "应为文字"
    if kind in ("bool_type", "bool_parsing"):
        return "应为 true 或 false"
    return "取值不合规"


def line_of(node: Any, key: Any) -> int | None:
    """1-based line of `key` in a CommentedMap (or item `key` in a CommentedSeq)."""
    try:
        if key is None:
            return node.lc.line + 1
        if isinstance(node, CommentedMap):
            return node.lc.key(key)[0] + 1
        if isinstance(node, CommentedSeq):
            return node.lc.item(key)[0] + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        pass
    try:
        return node.lc.line + 1
    except (AttributeError, TypeError):
        return None


# ---------------------------------------------------------------- public API
def load_report(path: Path | str, spec: Spec | None = None, *, read_only: bool = False) -> Loaded:
    """Read, parse and validate one input file; raise InputErrors/UserError on problems.

    `read_only`: the tree will not be written back (check, render), so it may be read
    without its comments, much faster; see parse_yaml.
    """
    path = Path(path)
    spec = spec or load_spec()
    text, notes = read_text(path)
    tree = parse_yaml(text, path, read_only=read_only)
    walker = _Walker(spec, path)
    report = walker.report(tree)
    if report is not None:
        _read_marks(walker, tree, report, spec)
    if walker.errors:
        raise walker.errors[0] if len(walker.errors) == 1 else InputErrors(walker.errors)
    assert report is not None
    return Loaded(report=report, tree=tree, path=path, notes=notes)


def sum_totals(spec: Spec) -> dict[str, str]:
    """Indicator key -> label of every total a `sum` relation breaks down (what a custom
    figure's `part_of` may name)."""
    from fazhi_draft.structure import SumOf

    return {rel.total: spec.indicator(rel.total).label
            for s in spec.sections for rel in s.relations if isinstance(rel, SumOf)}


def _read_marks(walker: _Walker, tree: Any, report: ReportInput, spec: Spec) -> None:
    """The figures marked in the texts (【103】宗): read into the report's table; a bracket
    that cannot be read is an error at its text's line."""
    from fazhi_draft.input.model import has_marks

    if not has_marks(report):
        return
    from fazhi_draft.figures import intext

    found = intext.table(report, spec)
    for place, exc in found.problems:
        line, dotted = text_where(tree, spec, place, report)
        walker.errors.append(UserError(exc.message, file=walker.path, line=line, field=dotted, fix=exc.fix or None))


def text_where(tree: Any, spec: Spec, place: Any, report: ReportInput) -> tuple[int | None, str]:
    """(line, dotted field path) of a text of the report (figures.intext.Place): the opening,
    or a point's text or title, or a sub-item's (the section where the file puts it)."""
    if place.section is None:
        return (line_of(tree, "opening") if isinstance(tree, CommentedMap) else None), "opening"
    from fazhi_draft.input.model import section_path

    path = section_path(report, spec, place.section)
    dotted = ".".join(path)
    node: Any = tree
    line = None
    for k in path:
        if isinstance(node, CommentedMap) and k in node:
            line = line_of(node, k)
            node = node[k]
        else:
            node = None
            break
    if isinstance(node, CommentedSeq):  # shorthand: the part is the list of points
        seq, base = node, f"{dotted}[{place.point + 1}]"
    else:
        pts = node.get("points") if isinstance(node, CommentedMap) else None
        base = f"{dotted}.points[{place.point + 1}]"
        if isinstance(pts, str):  # `points: 一段文字`
            return line_of(node, "points"), base
        seq = pts if isinstance(pts, CommentedSeq) else None
        if isinstance(node, CommentedMap) and "points" in node:
            line = line_of(node, "points")
    if seq is None or place.point >= len(seq):
        return line, base + ("" if place.attr == "text" and place.item is None else f".{place.attr}")
    item = seq[place.point]
    holder, key, base = seq, place.point, base
    if place.item is not None:
        subs = item.get("items") if isinstance(item, CommentedMap) else None
        base = f"{base}.items[{place.item + 1}]"
        if not isinstance(subs, CommentedSeq) or place.item >= len(subs):
            return line_of(seq, place.point), base
        holder, key, item = subs, place.item, subs[place.item]
    if isinstance(item, CommentedMap):
        if place.attr in item:
            return line_of(item, place.attr), f"{base}.{place.attr}"
        return line_of(holder, key), base
    return line_of(holder, key), base


def annotate(tree: CommentedMap, spec: Spec | None = None) -> CommentedMap:
    """Add the modeline and a Chinese label comment to every figure that has none.

    The person's own comments are left as they are.
    """
    spec = spec or load_spec()
    _ensure_modeline(tree)
    year = tree.get("meta", {}).get("year") if isinstance(tree.get("meta"), dict) else None
    next_year = year + 1 if isinstance(year, int) else "下一"  # "2025年工作安排" / "下一年工作安排"
    for part in spec.parts:
        node = tree.get(part.key)
        if not isinstance(node, CommentedMap):
            continue
        _comment_if_missing(tree, part.key, part.title.format(next_year=next_year))
        for section in part.sections:
            sec = node if part.flat else node.get(section.key)
            if not isinstance(sec, CommentedMap):
                continue
            if not part.flat:
                _comment_if_missing(node, section.key, section.title)
            figs = sec.get("figures")
            if isinstance(figs, CommentedMap):
                labels = {i.key: f"{i.label}（{i.unit}）" for i in section.indicators}
                for key in figs:
                    if key in labels:
                        _comment_if_missing(figs, key, labels[key])
    return tree


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
    _yaml().dump(tree, buf)
    return buf.getvalue()
