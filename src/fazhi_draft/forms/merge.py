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
    current: dict[str, Figure] = {k: f for s in report.sections.values() for k, f in s.figures.items()}
    # a rate the YAML gives as 计算 is there too: 计算 on the form again changes nothing
    current.update({k: Figure(amount=None, text=COMPUTE_WORD, compute=True)
                    for s in report.sections.values() for k in s.compute})
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
            _take(loaded.tree, spec, home[entry.key], entry, outcome, current, origin, overwrite)
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


def _take(tree: Any, spec: Spec, section: Section, entry: Entry, outcome: FormOutcome,
          current: dict[str, Figure], origin: dict[str, str], overwrite: bool) -> None:
    """Merge one figure of a form into the tree (or record why not)."""
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
    comment = SOURCE + "，".join(source) + (f"；{entry.note}" if entry.note else "")
    figures = _figures_map(tree, spec, section)
    _put(figures, section, entry.key, _yaml_value(new, ind.kind == "percent"), comment)
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
def _figures_map(tree: CommentedMap, spec: Spec, section: Section) -> CommentedMap:
    """The section's `figures` map, created (in spec order) where the YAML has none yet."""
    path = adapter.section_path(spec, section.key)
    part = spec.part(path[0])
    node = _child_map(tree, path[0], [p.key for p in spec.parts])
    if len(path) > 1:
        node = _child_map(node, path[1], [s.key for s in part.sections])
    figures = node.get("figures")
    if not isinstance(figures, CommentedMap):
        figures = CommentedMap()
        if "figures" in node:
            node["figures"] = figures
        else:
            node.insert(1 if "title" in node else 0, "figures", figures)
    # A comment needs its own line: maps written inline ({a: 1, b: 2}) on the way become blocks.
    for step in (tree.get(path[0]), node, figures):
        if isinstance(step, CommentedMap) and step.fa.flow_style():
            step.fa.set_block_style()
    return figures


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


def _split(node: CommentedMap, key: str) -> tuple[str, str]:
    """(the end-of-line comment's text, what follows it: blank lines and comment lines)."""
    entry = node.ca.items.get(key)
    token = entry[2] if entry and len(entry) > 2 else None
    if not isinstance(token, CommentToken):
        return "", ""
    value = token.value
    line, nl, rest = value.partition("\n")
    if not line.lstrip().startswith("#"):  # no comment on the line itself: all is tail
        return "", value
    return line.lstrip().removeprefix("#").strip(), rest if nl else ""


def _set_comment(node: CommentedMap, key: str, text: str, tail: str) -> None:
    entry = node.ca.items.get(key)
    token = entry[2] if entry and len(entry) > 2 else None
    if not text and not tail:
        if entry:
            entry[2] = None
        return
    value = (f"# {text}\n" if text else "\n") + tail
    if isinstance(token, CommentToken):
        token.value = value
        return
    if text:
        node.yaml_add_eol_comment(text, key)
        node.ca.items[key][2].value = value
    else:
        node.ca.items.setdefault(key, [None, None, None, None])
        node.ca.items[key][2] = CommentToken(value, _mark(), None)


def _mark():  # noqa: ANN202
    from ruamel.yaml.error import CommentMark

    return CommentMark(0)


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
    itself, or at a relation (chain, sum, rate) the figure is part of."""
    from fazhi_draft.check import Level, check_loaded

    result = check_loaded(merged)
    for outcome in outcomes:
        keys = {c.key for c in outcome.changes}
        if not keys:
            continue
        fields = set()
        for key in keys:
            fields.add(_field(spec, home[key].key, key))
        for section in {home[k].key: home[k] for k in keys}.values():
            sec = merged.report.sections.get(section.key)
            if sec is None:
                continue
            for b in broken(section, sec.figures, spec.indicators):
                if keys & set(b.keys):
                    fields.add(_field(spec, section.key, b.anchor))
        outcome.findings = [f for f in result.findings
                            if f.field.split("（")[0] in fields and f.level in (Level.ERROR, Level.WARNING)]


def _field(spec: Spec, section_key: str, key: str) -> str:
    return ".".join((*adapter.section_path(spec, section_key), "figures", key))
