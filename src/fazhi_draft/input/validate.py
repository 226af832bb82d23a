"""Validating a read file against its shape, and every problem as one message.

One general step: pydantic validates the whole tree against the description (shape.py) and
reports every problem with its path (`loc`) and type; each becomes a UserError with the file,
the line (locate.py: the path in the tree), the field and a Chinese message from one table
(`_MESSAGES`, by error type), using what the description says about the place (its name,
what it should look like, which keys it allows: the "是不是…" suggestion for an unknown key
comes from there, bounded by limits.close_matches and MAX_GUESSES). Nothing here knows
which keys a section or a figure has.

A valid file becomes a ReportInput (`report_input`): sections keyed by the spec's section
keys in the spec's order (numbering follows the standard), figures and custom figures in
the file's order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from fazhi_draft.errors import InputErrors, UserError
from fazhi_draft.input.locate import locate
from fazhi_draft.input.model import CustomFigure, Doc, Meta, ReportInput, SectionInput, Wording
from fazhi_draft.input.shape import Describe, described, input_validator, yaml_path
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
    "wrong_section": ("属于“{title}”小节（{home}），不在本小节", "请把这一行移到那个小节的 figures 下"),
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
    return report_input(data, tree, spec)


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
def report_input(data: dict[str, Any], tree: Any, spec: Spec) -> ReportInput:
    """The validated file as the checker and the composer read it."""
    sections: dict[str, SectionInput] = {}
    for section in spec.sections:  # spec order, not file order: numbering follows the standard
        where = yaml_path(spec, section.key)
        holder = _at(data, where[:-1])
        if not isinstance(holder, dict) or where[-1] not in holder:
            continue
        if len(where) == 1 and _at(tree, where) is None:  # `duty:` left empty: as if not there
            continue
        body = holder[where[-1]] or {}
        figures = body.get("figures") or {}
        order = [str(k) for k in _at(tree, (*where, "figures")) or ()]  # the file's order
        indicators = {i.key for i in section.indicators}
        own = [k for k in order if k in indicators and k in figures]  # the section's figures, in the file's order
        sections[section.key] = SectionInput.model_construct(  # validated above: built, not checked again
            title=body.get("title"),
            figures={k: figures[k] for k in own if not figures[k].compute},
            custom=[(k, figures[k], figures[k].figure) for k in order if isinstance(figures.get(k), CustomFigure)],
            points=body.get("points") or [],
            compute=[k for k in own if figures[k].compute])  # 计算: worked out and printed by the composer
    return ReportInput.model_construct(meta=Meta.model_construct(**data["meta"]),  # validated as Meta's fields
                                       opening=data.get("opening"), sections=sections,
                                       offices=data.get("offices") or {},
                                       wording=Wording.model_construct(**(data.get("wording") or {})))


def _at(node: Any, steps: tuple[str, ...]) -> Any:
    for step in steps:
        node = node.get(step) if isinstance(node, dict) else None
    return node
