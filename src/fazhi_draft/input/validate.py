"""Validating a read file against its shape, and every problem as one message.

One general step: pydantic validates the whole tree against the description (shape.py) and
reports every problem with its path (`loc`) and type; each becomes a UserError with the file,
the line (locate.py: the path in the tree), the field and a Chinese message from one table
(`_MESSAGES`, by error type), using what the description says about the place (its name,
what it should look like, which keys it allows: the "是不是…" suggestion for an unknown key
comes from there, bounded by limits.close_matches and MAX_GUESSES). Nothing here knows
which keys a section or a figure has.

A valid file becomes a ReportInput (`report_input`): its parts and sections in the file's
order (the author's own order and titles, issue 15), figures and custom figures in the
file's order. Then what no single place can say (`across`): a section given twice, a figure
given in two `figures:` blocks, a custom figure's `part_of` that names no total, and the
figures marked in the texts (【103】, figures/intext.py) that cannot be read; each with its
line and field, like the description's own problems.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from fazhi_draft.errors import InputErrors, UserError
from fazhi_draft.input.locate import locate, text_place
from fazhi_draft.input.model import (CustomFigure, Doc, Meta, PartInput, ReportInput, SectionInput, Wording, has_marks,
                                     section_path)
from fazhi_draft.input.shape import MEASURES_TITLE, TOP_KEYS, Describe, described, input_validator
from fazhi_draft.limits import MAX_GUESSES, close_matches
from fazhi_draft.structure import Spec

# Error types that say a value has the wrong shape or type: the place's own `expect` says
# what it should be, else the table below.
_WRONG_TYPE = {"dict_type", "model_type", "model_attributes_type", "list_type", "string_type", "int_type",
               "int_parsing", "int_from_float", "float_type", "float_parsing", "bool_type", "bool_parsing"}
_OUT_OF_RANGE = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}

# type -> (message, fix); {named} parts come from the error's ctx (and `length`, `max_length`).
_MESSAGES: dict[str, tuple[str, str]] = {
    "figure": ("{reason}", ""),  # numbers.parse_figure's own reason
    "said": ("{reason}", "{fix}"),  # worded where the description knows why (shape._said)
    "standard_as_map": ("是标准指标（{label}），直接写数字即可", "自定义数字请换一个不与标准指标重名的键名"),
    "string_too_short": ("不能为空", ""),
    "string_too_long": ("太长（{length} 个字），上限是 {max_length} 个字（见 README“输入文件的上限”），请删减", ""),
    "too_long": ("太长（{length} 个字），上限是 {max_length} 个字（见 README“输入文件的上限”），请删减", ""),
    "int_type": ("应为整数", ""),
    "int_parsing": ("应为整数", ""),
    "int_from_float": ("应为整数", ""),
    "string_type": ("应为文字", ""),
    "bool_type": ("应为 true 或 false", ""),
    "bool_parsing": ("应为 true 或 false", ""),
    "date_type": ("日期应写成 2025-03-10 或 2025年3月10日", ""),
    "date_parsing": ("日期应写成 2025-03-10 或 2025年3月10日", ""),
    "date_from_datetime_parsing": ("日期应写成 2025-03-10 或 2025年3月10日", ""),
    "date_from_datetime_inexact": ("日期应写成 2025-03-10 或 2025年3月10日", ""),
    "value_error": ("{reason}", ""),  # the Chinese reason of clean_text, check_unit, parse_date
}
_OTHER = ("取值不合规", "")


def validate(tree: Any, spec: Spec, path: Path) -> ReportInput:
    """The report in `tree` (as read from `path`), or InputErrors / one UserError naming each problem."""
    try:
        data = input_validator(spec).validate_python(tree)
    except ValidationError as exc:
        found = problems(exc, tree, spec, path)
        raise found[0] if len(found) == 1 else InputErrors(found) from None
    report, found = report_input(data, tree, spec, path)
    if found:
        raise found[0] if len(found) == 1 else InputErrors(found)
    return report


def problems(exc: ValidationError, tree: Any, spec: Spec, path: Path) -> list[UserError]:
    """Each of pydantic's errors as a UserError with file, line and field, in the file's order."""
    describe = Describe(described(spec))
    guesses = _Guesses()
    out = [_problem(err, tree, describe, path, guesses) for err in exc.errors(include_url=False)]
    return sorted(out, key=lambda e: (e.line is None, e.line or 0))


class _Guesses:
    """"是不是…" for the first MAX_GUESSES unknown names of a file only: each costs difflib's
    comparison with every choice, and a file may hold 100,000 unknown keys."""

    def __init__(self) -> None:
        self.made = 0

    def __call__(self, word: str, choices: list[str]) -> str | None:
        self.made += 1
        found = close_matches(word, choices, n=1, cutoff=0.6) if self.made <= MAX_GUESSES else []
        return found[0] if found else None


def _problem(err: dict[str, Any], tree: Any, describe: Describe, path: Path, guess: _Guesses) -> UserError:
    loc = tuple(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    place = locate(tree, loc)
    if kind == "string_unicode" and _is_key(place, loc, tree, err.get("input")):
        # a key no text can hold ("\ud800"): pydantic cannot read the map; name the key itself
        loc, kind = (*loc, err["input"]), "invalid_key"
        place = locate(tree, loc)
    here = describe.at(loc)
    doc = here.doc if here is not None else Doc()
    fix = ""
    field = place.field
    if kind in ("extra_forbidden", "invalid_key"):
        container = describe.at(loc[:-1]) or Describe({})
        message, fix = _unknown_key(str(loc[-1]), container, guess)
    elif kind == "missing":
        message, fix = doc.missing or f"缺少{doc.label or '这一项'}", doc.fix
    elif kind == "literal_error" and here is not None:
        message, fix = f"不是已知的{doc.label or '值'}", _suggest(str(err.get("input")), list(here.choices()), {}, guess)
    elif kind in _WRONG_TYPE and doc.expect:
        message, fix = doc.expect, doc.fix
    elif kind in _OUT_OF_RANGE:
        message = doc.bounds or "超出合理范围"
    else:
        template, fix = _MESSAGES.get(kind, _MESSAGES["date_type"] if kind.startswith("date") else _OTHER)
        values = {"label": doc.label, **ctx,
                  "reason": ctx.get("reason") or str(err.get("msg", "")).removeprefix("Value error, "),
                  "length": ctx.get("actual_length") or _length(err.get("input")), "max_length": ctx.get("max_length")}
        message = template.format(**values)
        fix = fix.format(**values)
        if kind == "figure" and doc.label and (describe.at(loc[:-1]) or Describe({})).open:
            field = f"{field}（{doc.label}）"  # an indicator (a key of a figures map): named by its label too
    return UserError(message, file=path, line=place.line if loc else None, field=field or None, fix=fix or None)


def _unknown_key(key: str, container: Describe, guess: _Guesses) -> tuple[str, str]:
    """“不是已知的…” and "是不是…" from the keys the description allows there (and their names)."""
    keys = container.keys()
    labels = {d.label: k for k, d in keys.items() if d.label}
    hint = container.doc.hint
    suggestion = _suggest(key, list(keys), labels, guess, keys=keys, list_all=not hint)
    if suggestion and container.takes_own_sections:  # a close key is most likely what was meant
        return f"不是{container.doc.unknown}", suggestion
    return f"不是{container.doc.unknown}", suggestion + hint


def _suggest(word: str, names: list[str], labels: dict[str, str], guess: _Guesses, *,
             keys: dict[str, Doc] | None = None, list_all: bool = True) -> str:
    found = guess(word, [*names, *labels])
    if found is not None:
        name = labels.get(found, found)
        label = keys[name].label if keys and name in keys else ""
        return f"是不是“{name}”" + (f"（{label}）" if label else "") + "？"
    return f"可用的有：{'、'.join(names)}" if list_all and names else ""


def _is_key(place: Any, loc: tuple[Any, ...], tree: Any, word: object) -> bool:
    """Whether `word` is a key of the map at `loc`."""
    node = place.parent[place.key] if place.parent is not None else (tree if not loc else None)
    try:
        return isinstance(node, dict) and isinstance(word, str) and word in node
    except TypeError:
        return False


def _length(value: object) -> int:
    try:
        return len(value)  # type: ignore[arg-type]
    except TypeError:
        return 0


# ---------------------------------------------------------------- the report
def report_input(data: dict[str, Any], tree: Any, spec: Spec, path: Path | None = None) -> tuple[ReportInput, list[UserError]]:
    """The validated file as the checker and the composer read it, in the file's order, and
    the problems found across places (see the module's doc)."""
    measures = next(p.key for p in spec.parts if not p.flat)
    flat = {p.key for p in spec.parts if p.flat}
    errors: list[UserError] = []
    seen: dict[str, str] = {}  # section key -> where it was given
    holders: dict[str, str] = {}  # indicator key -> where it was given
    sections: dict[str, SectionInput] = {}
    parts: list[PartInput] = []

    def fail(steps: tuple[Any, ...], message: str, fix: str, field: str | None = None) -> None:
        place = locate(tree, steps)
        errors.append(UserError(message, file=path, line=place.line, field=field or place.field, fix=fix))

    def add(steps: tuple[str, ...], body: Any) -> bool:
        key = steps[-1]
        if key in seen:
            fail(steps, f"这一节已经在 {seen[key]} 写过", "同一小节只能写一处：请把两处的内容合并，删去其中一处")
            return False
        seen[key] = ".".join(steps)
        body = body or {}
        figures = body.get("figures") or {}
        order = [str(k) for k in _at(tree, (*steps, "figures")) or ()]  # the file's order
        given: dict[str, Any] = {}
        for k in order:
            if k not in spec.indicators or k not in figures:
                continue
            if k in holders:
                fail((*steps, "figures", k), f"这个数字已经在 {holders[k]} 填写过", "同一指标在报告中只填一处：请删去其中一处",
                     field=f"{'.'.join((*steps, 'figures', k))}（{spec.indicator(k).label}）")
                continue
            holders[k] = ".".join((*steps, "figures", k))
            given[k] = figures[k]
        custom = []
        for k in order:
            decl = figures.get(k)
            if isinstance(decl, CustomFigure):
                if decl.part_of is not None and decl.part_of not in sum_totals(spec):
                    errors.append(_not_a_total(decl.part_of, tree, (*steps, "figures", k, "part_of"), spec, path))
                    continue
                custom.append((k, decl, decl.figure))
        sections[key] = SectionInput.model_construct(  # validated above: built, not checked again
            title=body.get("title"), figures={k: f for k, f in given.items() if not f.compute}, custom=custom,
            points=body.get("points") or [], like=body.get("like"),
            compute=[k for k, f in given.items() if f.compute])  # 计算: worked out and printed by the composer
        return True

    for raw_key in tree if isinstance(tree, dict) else ():
        key = str(raw_key)
        if key in TOP_KEYS:
            continue
        if key == measures:
            node = data.get(raw_key)
            if node is None:
                continue
            keys = [str(k) for k in tree[raw_key] or () if str(k) != MEASURES_TITLE and add((measures, str(k)), node.get(k))]
            parts.append(PartInput.model_construct(key=measures, title=node.get(MEASURES_TITLE), sections=keys))
        elif raw_key in data:
            if tree[raw_key] is None and key in flat:  # `duty:` left empty: as if not there
                continue
            if add((key,), data[raw_key]):
                parts.append(PartInput.model_construct(key=key, title=None, sections=[]))
    report = ReportInput.model_construct(meta=Meta.model_construct(**data["meta"]),  # validated as Meta's fields
                                         opening=data.get("opening"), sections=sections, parts=parts,
                                         offices=data.get("offices") or {},
                                         wording=Wording.model_construct(**(data.get("wording") or {})))
    if not errors and has_marks(report):
        errors.extend(_marks(report, tree, spec, path))
    return report, errors


def sum_totals(spec: Spec) -> dict[str, str]:
    """Indicator key -> label of every total a `sum` relation breaks down (what a custom
    figure's `part_of` may name)."""
    from fazhi_draft.structure import SumOf

    return {rel.total: spec.indicator(rel.total).label
            for s in spec.sections for rel in s.relations if isinstance(rel, SumOf)}


def _not_a_total(word: str, tree: Any, steps: tuple[Any, ...], spec: Spec, path: Path | None) -> UserError:
    totals = sum_totals(spec)
    found = close_matches(word, sorted(totals), n=1, cutoff=0.6)
    place = locate(tree, steps)
    return UserError(f"“{word}”不是可以分项相加的标准指标", file=path, line=place.line, field=place.field,
                     fix=(f"是不是“{found[0]}”（{totals[found[0]]}）？" if found else "")
                     + "part_of 写总数的键名，如 docs_cleaned（清理规范性文件）；全部见 fazhi-draft outline 的“相加”关系")


def _marks(report: ReportInput, tree: Any, spec: Spec, path: Path | None) -> list[UserError]:
    """The figures marked in the texts (【103】宗): read into the report's table (kept on it);
    a bracket that cannot be read is an error at its text's line."""
    from fazhi_draft.figures import intext

    out = []
    for place, exc in intext.table(report, spec).problems:
        section = section_path(report, spec, place.section) if place.section is not None else ()
        where = text_place(tree, section, place)
        out.append(UserError(exc.message, file=path, line=where.line, field=where.field, fix=exc.fix or None))
    return out


def _at(node: Any, steps: tuple[str, ...]) -> Any:
    for step in steps:
        node = node.get(step) if isinstance(node, dict) else None
    return node
