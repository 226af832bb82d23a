"""`fazhi-draft merge`: filled forms into the YAML, each figure with its source.

For each figure a form gives: a figure the report lacks (or has as 待补) is filled in; one
it has with the same value is left alone; one it has with another value is a conflict,
reported and left alone unless `overwrite` (then the original file is saved as .bak
first). 待补 on a form fills only an absent figure. Each figure written gets an end-of-line
comment naming its source (office, file, date, who filled it in, the office's note); the
file's other comments, order and layout are kept (ruamel round trip). The merged text is
read back and validated before it is written. Then the checker runs on the merged report
and the errors and warnings that involve a merged figure (the figure itself, or a relation
it is part of: 收到≥受理, parts add up, rates) are given per form.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.tokens import CommentToken

from fazhi_draft.errors import UserError
from fazhi_draft.figures.numbers import COMPUTE_WORD, Figure
from fazhi_draft.figures.relations import broken
from fazhi_draft.forms import adapter
from fazhi_draft.forms.read import Entry, FormRead, read_form, same_figure, shown_figure
from fazhi_draft.structure import Section, Spec, load_spec

SOURCE = "来源："


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    new: str  # as shown: 27, 1.39万, 待补
    old: str | None  # None: the report did not have it; 待补; or the value replaced


@dataclass
class FormOutcome:
    path: Path
    read: FormRead | None = None
    refused: str = ""  # why the whole form could not be read
    changes: list[Change] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # 待补 on the form, a figure in the report: kept
    findings: list[Any] = field(default_factory=list)  # check findings involving this form's figures

    @property
    def has_problems(self) -> bool:
        return bool(self.refused or self.conflicts or (self.read and self.read.problems))


@dataclass
class MergeResult:
    path: Path
    outcomes: list[FormOutcome]
    written: bool = False
    backup: Path | None = None

    @property
    def changed(self) -> int:
        return sum(len(o.changes) for o in self.outcomes)


def merge(yaml_path: Path, forms: list[Path], *, overwrite: bool = False, dry_run: bool = False,
          spec: Spec | None = None) -> MergeResult:
    spec = spec or load_spec()
    loaded = adapter.load_for_writing(yaml_path)
    report = loaded.report
    home = {i.key: s for s in spec.sections for i in s.indicators}
    current = _current(report, spec)
    origin: dict[str, str] = {}  # key -> the cell it came from in this run
    outcomes = []
    for path in forms:
        outcome = FormOutcome(path=path)
        outcomes.append(outcome)
        try:
            outcome.read = read_form(path, spec, year=report.meta.year)
        except UserError as exc:
            outcome.refused = exc.render()
            continue
        for entry in outcome.read.entries:
            _take(loaded, spec, home[entry.key], entry, outcome, current, origin, overwrite)
    result = MergeResult(path=Path(yaml_path), outcomes=outcomes)
    if not result.changed:
        return result
    text = adapter.dump(loaded.tree)
    merged = adapter.reload(text, Path(yaml_path))  # what is written must load: refuse otherwise
    if not dry_run:
        replaced = any(c.old not in (None, "待补") for o in outcomes for c in o.changes)
        result.backup = _backup(Path(yaml_path)) if replaced else None
        from fazhi_draft.files import atomic_write

        atomic_write(yaml_path, text, force=True)
        result.written = True
    _findings(merged, spec, home, outcomes)
    return result


def _current(report: Any, spec: Spec) -> dict[str, Figure]:
    """Every figure the report has, wherever it stands (any section's block, or 【】 in a
    text; a value stated anywhere before 待补), and the rates it asks to compute (计算 in a
    block or 【计算】 in a text: 计算 on the form again changes nothing)."""
    current: dict[str, Figure] = {}
    for figs in adapter.figures_by_home(report, spec).values():
        current.update(figs)
    table = adapter.intext(report, spec)
    computed = {k for sec in report.sections.values() for k in sec.compute}
    if table is not None:
        for key, stated in table.figures.items():
            fig = stated.mark.figure
            if fig is not None and not fig.pending and (key not in current or current[key].pending):
                current[key] = fig
        computed |= {s.key for s in table.computed if s.key}
    for key in computed:
        current.setdefault(key, Figure(amount=None, text=COMPUTE_WORD, compute=True))
    return current


def _take(loaded: Any, spec: Spec, section: Section, entry: Entry, outcome: FormOutcome,
          current: dict[str, Figure], origin: dict[str, str], overwrite: bool) -> None:
    """Merge one figure of a form into the tree (or record why not): where the report holds
    it (the `figures:` block that gives it, and every text that states it in 【】), else
    into the block of the section that counts as its home."""
    ind = spec.indicator(entry.key)
    old, new = current.get(entry.key), entry.figure
    old_shown = None if old is None else shown_figure(old)
    if new.pending:
        if old is not None and not old.pending:
            outcome.kept.append(f"{entry.where}：写的是“待补”，报告中已有 {old_shown}，未改动")
        if old is not None:
            return
    elif old is not None and not old.pending:
        if same_figure(old, new):
            return
        if not overwrite:
            came = f"（来自 {origin[entry.key]}）" if entry.key in origin else ""
            outcome.conflicts.append(
                f"{entry.where}：报送表为 {shown_figure(new)}，报告中已是 {old_shown}{came}，未覆盖。"
                "请与报送单位核实后改正 YAML，或加 --overwrite 以报送表为准")
            return
    read = outcome.read
    assert read is not None
    source = [read.office, read.path.name]
    if read.saved:
        source.append(read.saved.isoformat())
    if read.reporter:
        source.append(f"填报人 {read.reporter}")
    said = "，".join(source) + (f"；{entry.note}" if entry.note else "")
    report = loaded.report
    percent = ind.kind == "percent"
    stated = adapter.statements(report, spec, entry.key)
    holder = adapter.block_holder(report, entry.key)
    for place in dict.fromkeys(s.place for s in stated):
        _into_text(loaded, spec, place, entry.key, new, percent, f"来源（{ind.label}）：{said}")
    if holder is not None or not stated:
        figures = _figures_map(loaded, spec, holder or adapter.home_section(report, spec, entry.key), section)
        _put(figures, section, entry.key, _yaml_value(new, percent), SOURCE + said)
    current[entry.key] = new
    origin[entry.key] = entry.where
    outcome.changes.append(Change(entry.key, ind.label, shown_figure(new), old_shown))


def _yaml_value(fig: Figure, percent: bool) -> Any:
    """How a figure is written in the YAML: 27 and 99.5 as numbers, the rest as the parser
    normalised the text (half-width digits, no spaces): 1.39万, 200余, 95%以上, 待补."""
    if fig.pending:
        return "待补"
    exact = not (fig.approx or fig.before or fig.after)
    if exact and re.fullmatch(r"[0-9]+", fig.text):
        return int(fig.text)
    if exact and re.fullmatch(r"[0-9]+\.[0-9]+", fig.text) and repr(float(fig.text)) == fig.text:
        return float(fig.text)
    pct = "%" if percent and (fig.before or fig.after) else ""
    return f"{fig.before}{fig.text}{pct}{fig.after}"


# ---------------------------------------------------------------- the tree
def _figures_map(loaded: Any, spec: Spec, section_key: str | None, home: Section) -> CommentedMap:
    """The `figures` map of section `section_key` of the report (wherever the file has it: at
    the top level or under `measures:`, the author's own too), created where it has none
    yet; `section_key` None: the home section `home`, created where the spec puts it."""
    tree = loaded.tree
    path = adapter.section_path(loaded.report, spec, section_key) if section_key else adapter.spec_path(spec, home.key)
    node = tree
    for depth, step in enumerate(path):
        if depth == 0:
            order = [p.key for p in spec.parts]
        else:
            part = next((p for p in spec.parts if p.key == path[0]), None)
            order = [s.key for s in part.sections] if part is not None else []
        node = _child_map(node, step, order)
    figures = node.get("figures")
    if not isinstance(figures, CommentedMap):
        figures = CommentedMap()
        if "figures" in node:
            node["figures"] = figures
        else:
            heads = [i for i, k in enumerate(node) if k in ("title", "like")]
            node.insert(heads[-1] + 1 if heads else 0, "figures", figures)
    # A comment needs its own line: maps written inline ({a: 1, b: 2}) on the way become blocks.
    _block_style(tree, path)
    if figures.fa.flow_style():
        figures.fa.set_block_style()
    return figures


def _block_style(tree: Any, steps: tuple[Any, ...]) -> None:
    """Maps and lists written inline on the way to `steps` become blocks (a comment needs its
    own line); a step a shorthand leaves out (a text for a point, a list for a section) is passed over."""
    node = tree
    for step in steps:
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            continue
        if isinstance(node, (CommentedMap, CommentedSeq)) and node.fa.flow_style():
            node.fa.set_block_style()


def _into_text(loaded: Any, spec: Spec, place: Any, key: str, new: Figure, percent: bool, source: str) -> None:
    """Write `new` inside each 【】 of one text of the report that states `key` as 待补 or
    with another value (a label written inside stays: 【受理行政复议案件：27】); the rest of
    the text is kept as it is, and `source` goes in the comment on the text's line."""
    from fazhi_draft.figures.intext import marks_of, renumbered

    parent, slot, _ = adapter.text_slot(loaded, spec, place)
    if parent is None:
        return
    text = parent[slot]
    numbers = {n: _bracket_number(new, percent, text[m.end:m.end + 1])
               for n, m in enumerate(marks_of(text, spec))
               if m.key == key and not m.compute and (m.figure is None or not same_figure(m.figure, new))}
    if not numbers:
        return
    changed = renumbered(text, spec, numbers)
    parent[slot] = type(text)(changed) if type(text) is not str else changed  # a quoted text stays quoted
    section = adapter.section_path(loaded.report, spec, place.section) if place.section is not None else ()
    item = ("items", place.item) if place.item is not None else ()
    _block_style(loaded.tree, (*section, "points", place.point, *item))
    own, tail = _split(parent, slot)
    label = source[:source.index("）：") + 2]  # 来源（受理行政复议案件）：
    own = _without(own, label)
    column = _column(parent, slot)
    _set_comment(parent, slot, f"{own}；{source}" if own else source, tail)
    if column is not None:  # the comment keeps its distance from the text: the spaces before # stay as they were
        token = parent.ca.items[slot][_slot(parent)]
        token.start_mark = _mark(column + len(changed) - len(text))


def _without(comment: str, label: str) -> str:
    """A comment without the source entry that starts with `label` (来源（受理行政复议案件）：…,
    up to the next entry 来源（…）： or the end): an earlier source of that figure, replaced."""
    at = comment.find(label)
    while at > 0 and comment[at - 1] != "；":
        at = comment.find(label, at + 1)
    if at < 0:
        return comment
    end = comment.find("；来源（", at + len(label))
    return (comment[:max(at - 1, 0)] + (comment[end:] if end >= 0 else "")).strip("；")


def _bracket_number(fig: Figure, percent: bool, after: str) -> str:
    """What goes inside 【】 for a figure: as the YAML would write it (27, 1.39万, 95%以上,
    待补), a percent with its % unless the author's text has it after the bracket."""
    if fig.pending:
        return "待补"
    if fig.compute:
        return COMPUTE_WORD
    value = _yaml_value(fig, percent)
    text = str(value)
    if percent and "%" not in text and after not in ("%", "％"):
        text += "%"
    return text


def _child_map(parent: CommentedMap, key: str, order: list[str]) -> CommentedMap:
    """parent[key] as a map: created in `order` among its siblings when absent; a flat part
    written as a bare list of points becomes {figures, points} with that list kept."""
    node = parent.get(key)
    if isinstance(node, CommentedMap):
        return node
    new = CommentedMap()
    if isinstance(node, CommentedSeq):
        new["points"] = node
    if key in parent:
        parent[key] = new
    else:
        parent.insert(_position(parent, key, order), key, new)
    return new


def _position(mapping: CommentedMap, key: str, order: list[str]) -> int:
    """Where `key` goes among the keys of `mapping`: after the last one that comes before it
    in `order` (keys not in `order` are passed over), else first among those in `order`."""
    rank = {k: i for i, k in enumerate(order)}
    keys = list(mapping)
    after = [i for i, k in enumerate(keys) if k in rank and rank[k] < rank[key]]
    if after:
        return after[-1] + 1
    later = [i for i, k in enumerate(keys) if k in rank]
    return later[0] if later else len(keys)


def _put(figures: CommentedMap, section: Section, key: str, value: Any, source: str) -> None:
    """Set figures[key] (a new key in spec order) with `source` on its line's comment: any
    comment already there is kept, an earlier 来源 replaced."""
    if key in figures:
        figures[key] = value
    else:
        at = _position(figures, key, [i.key for i in section.indicators])
        last = list(figures)[at - 1] if at == len(figures) and at else None
        figures.insert(at, key, value)
        if last is not None:  # blank lines and comments after the old last key now follow the new one
            text, tail = _split(figures, last)
            if tail:
                _set_comment(figures, last, text, "")
                _set_comment(figures, key, "", tail)
    own, tail = _split(figures, key)
    if own.startswith(SOURCE):
        own = ""
    elif f"；{SOURCE}" in own:
        own = own[: own.index(f"；{SOURCE}")]
    _set_comment(figures, key, f"{own}；{source}" if own else source, tail)


def _slot(node: Any) -> int:
    """Where ruamel keeps the end-of-line comment of an entry: a map's at 2, a list's at 0."""
    return 0 if isinstance(node, CommentedSeq) else 2


def _split(node: Any, key: Any) -> tuple[str, str]:
    """(the end-of-line comment's text, what follows it: blank lines and comment lines)."""
    entry = node.ca.items.get(key)
    at = _slot(node)
    token = entry[at] if entry and len(entry) > at else None
    if not isinstance(token, CommentToken):
        return "", ""
    value = token.value
    line, nl, rest = value.partition("\n")
    if not line.lstrip().startswith("#"):  # no comment on the line itself: all is tail
        return "", value
    return line.lstrip().removeprefix("#").strip(), rest if nl else ""


def _set_comment(node: Any, key: Any, text: str, tail: str) -> None:
    entry = node.ca.items.get(key)
    at = _slot(node)
    token = entry[at] if entry and len(entry) > at else None
    if not text and not tail:
        if entry:
            entry[at] = None
        return
    value = (f"# {text}\n" if text else "\n") + tail
    if isinstance(token, CommentToken):
        token.value = value
        return
    if text:
        node.yaml_add_eol_comment(text, key)
        node.ca.items[key][at].value = value
    else:
        node.ca.items.setdefault(key, [None, None, None, None])
        node.ca.items[key][at] = CommentToken(value, _mark(), None)


def _mark(column: int = 0):  # noqa: ANN202
    from ruamel.yaml.error import CommentMark

    return CommentMark(max(column, 0))


def _column(node: Any, key: Any) -> int | None:
    """The column of the end-of-line comment of an entry as read (None: it has none)."""
    entry = node.ca.items.get(key)
    at = _slot(node)
    token = entry[at] if entry and len(entry) > at else None
    if not isinstance(token, CommentToken) or not token.value.lstrip(" ").startswith("#"):
        return None
    try:
        return token.start_mark.column
    except AttributeError:
        return None


def _backup(path: Path) -> Path:
    from fazhi_draft.files import check_target, write_new

    check_target(path, force=True)  # a read-only file is refused before a backup is made
    try:
        original = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取这个文件（{exc.strerror or exc}）", file=path) from None
    backup = write_new(path.with_name(path.name + ".bak"), original)
    try:
        shutil.copystat(path, backup)
    except OSError:
        pass
    return backup


# ---------------------------------------------------------------- what the checker says
def _findings(merged: Any, spec: Spec, home: dict[str, Section], outcomes: list[FormOutcome]) -> None:
    """Give each form the errors and warnings that involve one of its figures: on the figure
    itself, or at a relation (chain, sum, rate) the figure is part of, wherever the report
    gives the figure (its block, or the text that states it)."""
    from fazhi_draft.check import Level, check_loaded
    from fazhi_draft.check.base import Context

    result = check_loaded(merged)
    ctx = Context(spec=spec, report=merged.report, tree=merged.tree, path=merged.path)
    by_home = ctx.figures()
    for outcome in outcomes:
        keys = {c.key for c in outcome.changes}
        if not keys:
            continue
        fields = {ctx.where_figure(home[key].key, key).field for key in keys}
        for section in {home[k].key: home[k] for k in keys}.values():
            figures = by_home.get(section.key)
            if not figures:
                continue
            for b in broken(section, figures, spec.indicators):
                if keys & set(b.keys):
                    fields.add(ctx.where_figure(section.key, b.anchor).field)
        outcome.findings = [f for f in result.findings
                            if f.field.split("（")[0] in fields and f.level in (Level.ERROR, Level.WARNING)]
