"""The few calls forms/ makes into the input layer, in one place so that they can be
re-pointed when the input layer changes: load a report for writing (with comments) or for
reading only, turn a tree back into YAML text, read that text back (to validate what is
about to be written), and where a report holds its figures.

A figure stands wherever the author puts it (issue 15): in any section's `figures:` block
(the author's own sections, `like:`, at the top level or under `measures:`), or marked in
a text with 【】 (figures/intext.py: 【103】, 【待补】). `figures_by_home` gives every figure of
a report wherever it stands; `written_at` a figure as the report writes it; `block_holder`,
`statements` and `home_section` where merge writes one back.
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


def section_path(report: Any, spec: Spec, section_key: str) -> tuple[str, ...]:
    """Where a section (standard or the author's own) stands in this report's file:
    ('measures', 'disputes'), ('duty',), ('solving',); the spec's place when the report
    does not hold it."""
    from fazhi_draft.input.model import section_path as path_in_file

    return path_in_file(report, spec, section_key)


def spec_path(spec: Spec, section_key: str) -> tuple[str, ...]:
    """Where the spec puts a standard section in the file: ('measures', 'disputes') or ('duty',)."""
    from fazhi_draft.input.shape import yaml_path

    return yaml_path(spec, section_key)


def figures_by_home(report: Any, spec: Spec) -> dict[str, dict[str, Any]]:
    """Every standard figure of a report wherever it stands (any `figures:` block, or 【】 in a
    text), by its home section in the spec: {section key: {indicator key: Figure}}."""
    from fazhi_draft.check.base import all_figures

    return all_figures(report, spec)


def intext(report: Any, spec: Spec) -> Any:
    """The report's table of figures marked in its texts (figures.intext.InText), or None
    when no text has a bracket."""
    from fazhi_draft.input.model import has_marks

    if not has_marks(report):
        return None
    from fazhi_draft.figures import intext as marks

    return marks.table(report, spec)


def block_holder(report: Any, key: str) -> str | None:
    """The section (the file's key) whose `figures:` block gives indicator `key` (a value,
    待补 or 计算), or None."""
    for section_key, sec in report.sections.items():
        if key in sec.figures or key in sec.compute:
            return section_key
    return None


def statements(report: Any, spec: Spec, key: str) -> list[Any]:
    """Where a text states indicator `key` with a value or 【待补】 (figures.intext.Stated,
    in report order; 【计算】 left out)."""
    table = intext(report, spec)
    if table is None:
        return []
    return [s for s in table.stated if s.mark.key == key and not s.mark.compute]


def counts_as(report: Any, spec: Spec, section_key: str) -> str | None:
    """The standard section a section of the report counts as: itself, its `like:`, or None."""
    from fazhi_draft.input.model import counts_as as kind

    return kind(report, spec, section_key)


def home_section(report: Any, spec: Spec, key: str) -> str | None:
    """The section of this report that counts as indicator `key`'s home: the spec's home
    section itself if the report has it, else the first of the author's own sections with
    `like:` that home; None when the report has neither."""
    home = spec.homes[key]
    if home in report.sections:
        return home
    from fazhi_draft.input.model import counts_as, layout

    for part in layout(report, spec):
        for section_key in part.sections or [part.key]:
            if section_key in report.sections and counts_as(report, spec, section_key) == home:
                return section_key
    return None


def text_slot(loaded: Any, spec: Spec, place: Any) -> tuple[Any, Any, str]:
    """(container, key, field) of a text of the report in its tree (figures.intext.Place):
    container[key] is the text; container None when the tree does not have it."""
    from fazhi_draft.input.locate import text_place

    section = section_path(loaded.report, spec, place.section) if place.section is not None else ()
    found = text_place(loaded.tree, section, place)
    return found.parent, found.key, found.field


def written_at(loaded: Any, spec: Spec, key: str) -> str:
    """Indicator `key` as the report writes it, wherever it stands: in the `figures:` block
    that holds it (27, 1.39万, 待补, 计算), else in the first text that states it (the number
    inside its 【】, 待补, 计算); '' when the report has it nowhere."""
    report = loaded.report
    holder = block_holder(report, key)
    if holder is not None:
        node = figures_node(loaded.tree, report, spec, holder)
        return written(node.get(key)) if node is not None else ""
    said = statements(report, spec, key)
    if said:
        valued = next((s for s in said if not s.mark.pending), said[0])
        return "待补" if valued.mark.pending else valued.mark.number
    table = intext(report, spec)
    if table is not None and any(s.key == key for s in table.computed):
        from fazhi_draft.figures.numbers import COMPUTE_WORD

        return COMPUTE_WORD
    return ""


def prior_path(loaded: Any, prior: Path | None) -> Path | None:
    """Last year's file: `prior` if given, else the report's meta.reused_from (relative to it)."""
    if prior is not None:
        return Path(prior)
    reused = loaded.report.meta.reused_from
    return Path(loaded.path).parent / reused if reused else None


def figures_node(tree: Any, report: Any, spec: Spec, section_key: str) -> Any:
    """The `figures` mapping of a section in the tree, or None when the section has none."""
    node = tree
    for step in (*section_path(report, spec, section_key), "figures"):
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
