"""Issue 14 item 1: one description of the input (input/shape.py), from which the reader's
validation, the JSON Schema, the error messages' places and names, annotate and the
questionnaire's YAML all come; and one path function (input/locate.py) for "where in the
file is this", used by the reader's errors and by every `check` finding alike."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT
from fazhi_draft.check.engine import check_file
from fazhi_draft.errors import InputErrors, UserError
from fazhi_draft.input.load import load_report
from fazhi_draft.input.schema import build_schema
from fazhi_draft.input.shape import Describe, described, yaml_path
from fazhi_draft.limits import close_matches
from fazhi_draft.structure import load_spec

SPEC = load_spec()
SCHEMA = build_schema()
DESCRIBED = Describe(described(SPEC))
META = {"organ": "桐溪县人民政府", "kind": "county", "year": 2024, "date": "2025-03-10"}


def schema_at(steps: tuple) -> dict:
    """The JSON Schema of the place `steps` lead to (keys; 0 for a list's items)."""
    node = SCHEMA
    for step in steps:
        node = node["items"] if isinstance(step, int) else node["properties"][step]
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):  # the one shared figures block (schema.SHARED)
            node = {**SCHEMA["$defs"][ref.removeprefix("#/$defs/")], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def loader_problems(tmp_path: Path, doc: dict) -> list[UserError]:
    path = tmp_path / "in.yaml"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    try:
        load_report(path)
    except InputErrors as exc:
        return exc.errors
    except UserError as exc:
        return [exc]
    return []


# ---------------------------------------------------------------- the same keys everywhere
def places() -> list[tuple]:
    """Every map of the description: the file, meta, each part and section, each figures
    map, a point, a sub-item, a custom figure."""
    out: list[tuple] = [(), ("meta",)]
    for section in SPEC.sections:
        where = yaml_path(SPEC, section.key)
        if len(where) == 2:
            out.append(where[:1])
        out += [where, (*where, "figures")] if section.indicators else [where]
    out += [("duty", "points", 0), ("duty", "points", 0, "items", 0)]
    return list(dict.fromkeys(out))


@pytest.mark.parametrize("steps", places(), ids=lambda s: ".".join(map(str, s)) or "file")
def test_the_schema_and_the_reader_allow_the_same_keys(steps: tuple):
    """Issue 14 item 1: each map's keys (and their Chinese names) in the JSON Schema are the
    keys the reader's description allows there, in the same order."""
    here = DESCRIBED.at(steps)
    assert here is not None and here.keys(), steps
    schema = schema_at(steps)
    assert list(schema["properties"]) == list(here.keys())
    for key, doc in here.keys().items():
        if doc.label:
            assert schema["properties"][key]["title"] == doc.label, key


def test_every_indicator_is_in_the_schema_and_read_by_its_kind():
    """Issue 14 item 1: every indicator of the spec is a key of its section's figures in the
    description and the JSON Schema, named by its label, typed by its kind and `whole` flag."""
    for section in SPEC.sections:
        figures = (*yaml_path(SPEC, section.key), "figures")
        described_keys = DESCRIBED.at(figures).keys()
        schema = schema_at(figures)["properties"]
        for ind in section.indicators:
            assert described_keys[ind.key].label == ind.label
            assert schema[ind.key]["title"] == ind.label
            assert schema[ind.key]["description"].startswith(f"{ind.label}（{ind.unit}）")
            number = "integer" if ind.whole else "number"
            assert schema[ind.key]["type"] == [number, "string"], ind.key
            assert (schema[ind.key].get("maximum") == 100) is (ind.kind == "percent"), ind.key


@pytest.mark.parametrize("steps, typo, meant", [
    ((), "meausres", "measures"),
    (("meta",), "orgn", "organ"),
    (("measures",), "dispute", "disputes"),
    (("measures", "disputes"), "figure", "figures"),
    (("measures", "disputes", "figures"), "reconsideration_acepted", "reconsideration_accepted"),
    (("duty", "points", 0), "titel", "title"),
])
def test_a_made_up_key_is_refused_by_both_with_the_same_suggestion(tmp_path: Path, steps: tuple, typo: str,
                                                                    meant: str):
    """Issue 14 item 1: a mistyped key is refused by the reader and by the JSON Schema, and the
    reader's "是不是…" names the key the schema lists there (meta and points had no suggestion:
    “不是可用的项目，请检查拼写”)."""
    doc: dict = {"meta": dict(META), "measures": {"disputes": {"figures": {"reconsideration_received": 3},
                                                               "points": ["推进行政复议体制改革。"]}},
                 "duty": {"points": [{"title": "带头学法", "text": "县长带头学法。"}]}}
    node = doc
    for step in steps:
        node = node[step]
    node[typo] = 3
    problems = loader_problems(tmp_path, doc)
    assert len(problems) == 1, [p.render() for p in problems]
    assert f"是不是“{meant}”" in problems[0].render()
    assert problems[0].line == 1  # all of it is on one line: the line is the key's own
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(doc)
    assert close_matches(typo, list(schema_at(steps)["properties"])) == [meant]


@pytest.mark.parametrize("value, valid", [
    (["推进行政复议体制改革。"], True),  # a section written as its points
    ({"points": "一段文字。"}, True),  # points: written as one text
    ("  ", True),  # a blank section: an empty one
    (None, True),
    ("一段文字。", False),  # a section is no text
    ({"points": [{"title": "只有小标题"}]}, False),  # a point needs its text
    ({"points": [{"title": "t", "text": "x", "items": [{"text": "x", "titel": "t"}]}]}, False),
    ({"figures": {"reconsideration_received": "很多"}}, False),
    ({"figures": {"reconsideration_received": "200余"}}, True),
    ({"figures": {"hotline": {"label": "热线", "value": "95%以上", "unit": "%"}}}, True),
    ({"figures": {"hotline": {"label": "热线", "value": "95%以上", "unit": "件"}}}, False),
    ({"figures": {"litigation_cases": 3}}, True),  # another section's indicator: any may stand anywhere (issue 15)
    ({"figures": {"litigation_casez": 3}}, False),  # no indicator, and no custom figure
    ({"title": ""}, True),  # a blank title: the standard one
])
def test_the_schema_accepts_what_the_reader_accepts(tmp_path: Path, value: object, valid: bool):
    """Issue 14 item 1: the JSON Schema is generated from the description the reader validates
    with, so it accepts the same shorthands (the old hand-written one refused a section
    written as a list and `points:` written as one text, which the reader reads)."""
    doc = {"meta": dict(META), "measures": {"disputes": value}}
    assert (not loader_problems(tmp_path, doc)) is valid
    assert jsonschema.Draft202012Validator(SCHEMA).is_valid(doc) is valid


# ---------------------------------------------------------------- one path function
FILE = """\
meta:
  organ: 桐溪县人民政府
  kind: county
  year: 2024
  date: 2024-03-08
measures:
  disputes:
    figures:
      reconsideration_received: 27
      reconsideration_accepted: 30
      hotline: {label: 12345热线转办纠纷, value: 待补, unit: 件}
    points:
      - title: 完善纠纷化解机制
        text: 推进多元化解,成效明显。
        items:
          - 建立诉调对接机制,运行顺畅。
duty:
  - 县长带头学法。
shortcomings:
  - 基层执法力量不足。
plans:
  - 2024年继续推进行政复议规范化建设。
"""

# (rule, field, the text its line holds, how to break that value for the reader)
PLACES = [
    ("FZ104", "meta.date", "date: 2024-03-08", ("2024-03-08", "三月")),
    ("FZ201", "measures.disputes.figures.reconsideration_accepted", "reconsideration_accepted: 30", ("30", "三十")),
    ("FZ206", "measures.disputes.figures.hotline", "hotline:", ("value: 待补", "value: 很多")),
    ("FZ405", "measures.disputes.points[1].text", "text: 推进多元化解", ("text: 推进多元化解,成效明显。", 'text: "\\x07"')),
    ("FZ405", "measures.disputes.points[1].items[1]", "- 建立诉调对接机制", ("- 建立诉调对接机制,运行顺畅。", '- "\\x07"')),
    ("FZ401", "plans[1]", "- 2024年继续推进", ("- 2024年继续推进行政复议规范化建设。", '- "\\x07"')),
]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_finding_names_the_line_and_field_the_file_has(tmp_path: Path):
    """Issue 14 item 1 (one path function): a finding about a meta field, a figure, a custom
    figure, a point's text, a sub-item and a point of a part written as a list is on the line
    the file has it, named as the file writes it."""
    path = tmp_path / "2024.yaml"
    path.write_text(FILE, encoding="utf-8")
    found = {(f.code, f.field): f.line for f in check_file(path).findings}
    for code, field, needle, _ in PLACES:
        assert found.get((code, field)) == line_of(FILE, needle), (code, field, found)


@pytest.mark.parametrize("code, field, needle, broken", PLACES, ids=[p[1] for p in PLACES])
def test_the_reader_and_check_name_a_place_alike(tmp_path: Path, code: str, field: str, needle: str,
                                                 broken: tuple[str, str]):
    """Issue 14 item 1 (one path function): the reader's error for a bad value names the line
    and field `check` names for the same place (the reader said plans.points[1].text and
    items.0.text where check said plans[1] and items[1])."""
    text = FILE.replace(*broken)
    path = tmp_path / "2024.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_report(path)
    error = caught.value
    assert not isinstance(error, InputErrors), error.render()
    assert error.line == line_of(FILE, needle)
    assert error.field is not None and error.field.split("（")[0] in (field, f"{field}.value"), error.field


# ---------------------------------------------------------------- offices (issue 17) in the same description
def test_offices_keys_are_the_same_for_the_schema_and_the_reader(tmp_path: Path):
    """Issue 14 item 1: `offices:` (department forms) is part of the one description: every
    name the JSON Schema offers there (the spec's offices, then every indicator key) is read,
    values stripped; another name and a blank value are refused by both, in the reader's words."""
    names = SCHEMA["properties"]["offices"]["propertyNames"]["enum"]
    assert names == [*(o.name for o in SPEC.offices), *SPEC.indicators]
    offices = {name: f" 本县{n}部门 " for n, name in enumerate(names)}
    doc = {"meta": META, "offices": offices}
    assert jsonschema.Draft202012Validator(SCHEMA).is_valid(doc)
    path = tmp_path / "in.yaml"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert load_report(path).report.offices == {k: v.strip() for k, v in offices.items()}
    for bad, said in (({"司法所": "县司法局"}, "不是已知的部门名称或指标键"), ({"司法局": ""}, "应为一个部门名称")):
        doc = {"meta": META, "offices": bad}
        assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(doc)
        [problem] = loader_problems(tmp_path, doc)
        assert problem.field == f"offices.{next(iter(bad))}" and said in problem.render()
    assert "是不是“司法局”" in loader_problems(tmp_path, {"meta": META, "offices": {"司法所": "x"}})[0].render()


# ---------------------------------------------------------------- one PROGRESS_SUFFIX
def test_the_progress_suffix_is_spelled_once():
    """Issue 14 item 2: the questionnaire's progress file suffix is written in one place
    (input/read.PROGRESS_SUFFIX, which questionnaire/progress.py and the folder reader of
    `render`/`check` import); the folder reader had its own."""
    spelled = []
    for path in sorted((ROOT / "src" / "fazhi_draft").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body
                      and isinstance(node.body[0], ast.Expr)}
        spelled += [f"{path.name}:{node.lineno}" for node in ast.walk(tree)
                    if isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and "fazhi-progress" in node.value and id(node) not in docstrings]
    assert len(spelled) == 1 and spelled[0].startswith("read.py:"), spelled
