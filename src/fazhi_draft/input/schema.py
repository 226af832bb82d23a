"""JSON Schema of the input YAML, built from the structure spec.

Editors that read the yaml-language-server modeline (VS Code with the YAML extension)
then complete indicator keys and show each one's Chinese label, unit and hint.
"""

from __future__ import annotations

import json

from fazhi_draft.input.model import UNIT_MAX, UNIT_PATTERN, Meta
from fazhi_draft.figures.numbers import figure_pattern
from fazhi_draft.structure import Section, Spec, load_spec


def _figure(description: str, *, whole: bool, percent: bool, growth: bool = False) -> dict:
    """A figure as the loader reads it (numbers.parse_figure): a YAML number, or text in
    the parser's own language (figure_pattern), with the indicator's whole/percent flags."""
    number: dict = {"type": "integer" if whole else "number", "minimum": 0}
    if percent:
        number["maximum"] = 100
    text = {"type": "string", "pattern": figure_pattern(whole=whole, percent=percent, growth=growth)}
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
                            "description": f"单位：不含数字的短词（不超过{UNIT_MAX}个字），如 件、项、人次、万元、%"},
                   "part_of": {"type": "string", "description": "是哪个标准指标（总数）的又一个分项，如 docs_cleaned"}},
    "additionalProperties": False,
    "if": {"required": ["unit"], "properties": {"unit": {"const": "%"}}},
    "then": {"properties": {"value": _figure("", whole=False, percent=True)}},
    "else": {"properties": {"value": _figure("", whole=False, percent=False)}},
}

_MARKS = "；其中的数字可用【】标出，如 收到行政复议申请【103】宗、【待补】件、纠错率【计算】"
_POINT = {"anyOf": [
    {"type": "string", "description": "一条要点" + _MARKS},
    {"type": "object", "required": ["text"], "additionalProperties": False,
     "properties": {"text": {"type": "string", "description": "正文" + _MARKS},
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


def _figures(spec: Spec) -> dict:
    """A `figures:` block: any indicator of the spec (a figure is the same figure wherever it
    stands), and custom figures under other keys."""
    figures = {i.key: _figure(f"{i.label}（{i.unit}）：{i.hint}", whole=i.whole, percent=i.kind == "percent",
                           growth=i.kind == "growth")
               for i in spec.indicators.values()}
    return {"type": ["object", "null"], "properties": figures, "additionalProperties": _CUSTOM}


_TITLE = {"type": "string", "description": "改用自己的标题（可不填，默认为标准标题）"}


def _section(title: str) -> dict:
    """A standard section, at the top level (a part of its own) or under measures."""
    return {
        "type": ["object", "null"],
        "description": title,
        "additionalProperties": False,
        "properties": {
            "title": _TITLE,
            "figures": {"$ref": "#/$defs/figures"},
            "points": {"type": ["array", "null"], "items": _POINT},
        },
    }


def _standard(section: Section, title: str, flat: bool) -> dict:
    """A standard section's key: its map, or (a flat part's) the list of its points."""
    if flat:
        return {"anyOf": [_section(title), {"type": "array", "items": _POINT}]}
    return _section(title)


def _own(spec: Spec) -> dict:
    """The author's own section: any other key, with a title; `like` the standard section it
    counts as."""
    return {
        "type": "object",
        "description": "自己命名的部分或小节：须写 title（标题）；like 写它算作哪个标准小节",
        "required": ["title"],
        "additionalProperties": False,
        "properties": {
            "title": {"type": "string", "minLength": 1, "description": "标题"},
            "like": {"enum": [s.key for s in spec.sections], "description": "算作哪个标准小节（可不填）"},
            "figures": {"$ref": "#/$defs/figures"},
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
                               "additionalProperties": {"type": "string", "minLength": 1}}}
    # Every standard section may stand at the top level (a part of its own: 一、) or under
    # measures (（一）); the file's order is the draft's.
    sections = {}
    for part in spec.parts:
        for s in part.sections:
            title = part.title.format(next_year="下一") if part.flat else s.title
            sections[s.key] = _standard(s, title, part.flat)
    for part in spec.parts:
        if not part.flat:
            props[part.key] = {"type": ["object", "null"], "description": part.title, "additionalProperties": {"$ref": "#/$defs/own"},
                               "properties": {"title": {**_TITLE, "description": f"改用自己的标题（默认“{part.title}”）"},
                                              **sections}}
    props.update(sections)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "法治政府建设年度报告 输入文件（fazhi-draft）",
        "type": "object",
        "required": ["meta"],
        "additionalProperties": {"$ref": "#/$defs/own"},
        "properties": props,
        "$defs": {"figures": _figures(spec), "own": _own(spec)},
    }


def schema_json(spec: Spec | None = None) -> str:
    return json.dumps(build_schema(spec), ensure_ascii=False, indent=2) + "\n"
