"""JSON Schema of the input YAML, built from the structure spec.

Editors that read the yaml-language-server modeline (VS Code with the YAML extension)
then complete indicator keys and show each one's Chinese label, unit and hint.
"""

from __future__ import annotations

import json

from fazhi_draft.input.model import UNIT_MAX, UNIT_PATTERN, Meta, Wording
from fazhi_draft.figures.numbers import figure_pattern
from fazhi_draft.figures.relations import computable_rates
from fazhi_draft.structure import Section, Spec, load_spec
from fazhi_draft.structure.model import KNOWN_UNITS


def _figure(description: str, *, whole: bool, percent: bool, computable: bool = False) -> dict:
    """A figure as the loader reads it (numbers.parse_figure): a YAML number, or text in
    the parser's own language (figure_pattern), with the indicator's whole/percent flags
    (and 计算 for a rate the spec can work out from its counts)."""
    number: dict = {"type": "integer" if whole else "number", "minimum": 0}
    if percent:
        number["maximum"] = 100
    text = {"type": "string", "pattern": figure_pattern(whole=whole, percent=percent, computable=computable)}
    out = {"anyOf": [number, text]}
    return {"description": description, **out} if description else out


# A custom figure's value is read as a non-whole figure, a percent when its unit is "%".
_CUSTOM = {
    "type": "object",
    "description": "自定义数字：标准结构里没有的指标",
    "required": ["label", "value"],
    "properties": {"label": {"type": "string", "description": "名称"},
                   "value": {"description": "数值"},
                   "unit": {"type": "string", "pattern": UNIT_PATTERN,
                            "description": f"单位：不含数字的短词（不超过{UNIT_MAX}个字），如 件、项、人次、万元、%"}},
    "additionalProperties": False,
    "if": {"required": ["unit"], "properties": {"unit": {"const": "%"}}},
    "then": {"properties": {"value": _figure("", whole=False, percent=True)}},
    "else": {"properties": {"value": _figure("", whole=False, percent=False)}},
}

_POINT = {"anyOf": [
    {"type": "string", "description": "一条要点"},
    {"type": "object", "required": ["text"], "additionalProperties": False,
     "properties": {"text": {"type": "string", "description": "正文"},
                    "title": {"type": "string", "description": "小标题（编为 1. 2. …）"},
                    "items": {"type": "array", "description": "下一级要点，带小标题的编为（1）（2）",
                              "items": {"anyOf": [{"type": "string"}, {
                                  "type": "object", "required": ["text"], "additionalProperties": False,
                                  "properties": {"text": {"type": "string"}, "title": {"type": "string"}}}]}},
                    "carried": {"type": "boolean", "description": "从去年沿用、尚未确认"}}}]}


_CHECK = {
    "type": "object",
    "description": "核对设置（fazhi-draft check）",
    "additionalProperties": False,
    "properties": {"ignore": {"type": "array", "description": "不核对的规则代码，如 FZ301；FZ3 表示全部 FZ3xx",
                              "items": {"type": "string", "pattern": "^[Ff][Zz][0-9]{1,3}$"}}},
}


def _wording(spec: Spec) -> dict:
    """The `wording:` block (input.model.Wording) as the loader reads it: a unit word may be
    swapped only for one of the same meaning (each word lists its own), rates by key or name."""
    said = {name: field.description for name, field in Wording.model_fields.items()}
    rates = [r for s in spec.sections for r in computable_rates(s)]
    names = [*rates, *(spec.indicator(r).label for r in rates)]
    own_or_not = {"anyOf": [{"type": "boolean"}, {"type": "string"}, {"type": "null"}]}
    return {
        "type": "object",
        "description": "措辞设置：工具写的句子按本报告的说法（单位、期间、比率、引导语、结束语）",
        "additionalProperties": False,
        "properties": {
            "units": {"type": ["object", "null"], "description": said["units"], "additionalProperties": False,
                      "properties": {u: {"enum": sorted(spec.unit_words(u))} for u in sorted(KNOWN_UNITS)}},
            "period": {"type": ["string", "null"], "description": said["period"]},
            "rates": {"description": said["rates"],
                      "anyOf": [{"type": ["boolean", "null"]}, {"enum": names}, {"type": "array", "items": {"enum": names}}]},
            "shortcomings_leadin": {**own_or_not, "description": said["shortcomings_leadin"]},
            "plans_leadin": {**own_or_not, "description": said["plans_leadin"]},
            "closing": {"type": ["string", "null"], "description": said["closing"]},
        },
    }


def _section(section: Section, title: str) -> dict:
    computable = computable_rates(section)
    figures = {i.key: _figure(f"{i.label}（{i.unit}）：{i.hint}" + ("；写“计算”即按件数算出并写入" if i.key in computable else ""),
                              whole=i.whole, percent=i.kind == "percent", computable=i.key in computable)
               for i in section.indicators}
    return {
        "type": ["object", "null"],
        "description": title,
        "additionalProperties": False,
        "properties": {
            "title": {"type": "string", "description": "改用自己的小节标题（可不填）"},
            "figures": {"type": ["object", "null"], "properties": figures, "additionalProperties": _CUSTOM},
            "points": {"type": ["array", "null"], "items": _POINT},
        },
    }


def build_schema(spec: Spec | None = None) -> dict:
    spec = spec or load_spec()
    meta = Meta.model_json_schema()
    meta["properties"]["kind"]["enum"] = [k.key for k in spec.organ_kinds]
    props: dict = {"meta": meta, "opening": {"type": "string", "description": "开头段（可不填，自动生成）"},
                   "check": _CHECK,
                   "progress": {"type": "object", "description": "问卷进度（fazhi-draft new 自动写入，勿手改）"},
                   "offices": {"type": "object", "description": "报送部门：标准里的部门名称 -> 本地名称，或指标键 -> 报送部门",
                               "propertyNames": {"enum": [*(o.name for o in spec.offices), *spec.indicators]},
                               "additionalProperties": {"type": "string", "minLength": 1}},
                   "wording": _wording(spec)}
    for part in spec.parts:
        title = part.title.format(next_year="下一")
        if part.flat:
            props[part.key] = {"anyOf": [_section(part.sections[0], title), {"type": "array", "items": _POINT}]}
        else:
            props[part.key] = {"type": "object", "description": title, "additionalProperties": False,
                               "properties": {s.key: _section(s, s.title) for s in part.sections}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "法治政府建设年度报告 输入文件（fazhi-draft）",
        "type": "object",
        "required": ["meta"],
        "additionalProperties": False,
        "properties": props,
    }


def schema_json(spec: Spec | None = None) -> str:
    return json.dumps(build_schema(spec), ensure_ascii=False, indent=2) + "\n"
