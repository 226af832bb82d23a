"""One language of figures: what the loader reads (numbers.parse_figure) is exactly what the
published JSON Schema accepts (schema.py, samples/fazhi-draft.schema.json), so an editor
never underlines a valid figure and never passes one `render` will reject.

Every form the README documents, every figure in the samples and in the corpus
transcriptions, and a list of invalid forms go through both; they must agree for every
kind of indicator (whole counts, non-whole amounts and durations, percentages) and for
custom figures.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import ROOT, SAMPLES, run_cli
from fazhi_draft.figures.numbers import FigureError, parse_figure
from fazhi_draft.figures.relations import computable_rates
from fazhi_draft.input.schema import build_schema, schema_json
from fazhi_draft.structure import load_spec

SPEC = load_spec()
SCHEMA = build_schema()
SCHEMA_FILE = SAMPLES / "fazhi-draft.schema.json"

# One indicator of each flag combination the spec has, plus custom figures.
COUNT = "reconsideration_received"        # whole
PERCENT = "mediation_success_rate"        # percent
MONEY = "legal_aid_recovered"             # 万元, not whole
DAYS = "business_startup_days"            # 个工作日, not whole


def figure_schema(key: str) -> dict:
    """The schema of indicator `key`, wherever its section sits (flat parts included)."""
    def find(node: object) -> dict | None:
        if isinstance(node, dict):
            figures = _resolved(node.get("properties", {}).get("figures", {})).get("properties")
            if isinstance(figures, dict) and key in figures:
                return figures[key]
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            return None
        return next((hit for hit in map(find, children) if hit is not None), None)

    found = find(SCHEMA)
    if found is None:
        raise KeyError(key)
    return found


def _resolved(node: dict) -> dict:
    """A schema, or the definition its $ref names (a figures block is defined once, issue 15)."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return SCHEMA["$defs"][ref.removeprefix("#/$defs/")]
    return node


def custom_schema() -> dict:
    disputes = SCHEMA["properties"]["measures"]["properties"]["disputes"]
    return _resolved(disputes["properties"]["figures"])["additionalProperties"]


def schema_accepts(schema: dict, value: object) -> bool:
    return jsonschema.Draft202012Validator(schema).is_valid(value)


def parser_accepts(value: object, *, whole: bool, percent: bool, unit: str = "", computable: bool = False) -> bool:
    try:
        parse_figure(value, whole=whole, percent=percent, unit=unit, computable=computable)
    except FigureError:
        return False
    return True


def agree(value: object, key: str | None = None, unit: str = "") -> tuple[bool, bool]:
    """(schema says valid, parser says valid) for a standard indicator or a custom figure."""
    if key is None:
        decl = {"label": "自定义", "value": value, **({"unit": unit} if unit else {})}
        return (schema_accepts(custom_schema(), decl),
                parser_accepts(value, whole=False, percent=unit == "%", unit=unit))
    ind = SPEC.indicator(key)
    computable = any(key in computable_rates(s) for s in SPEC.sections)
    return (schema_accepts(figure_schema(key), value),
            parser_accepts(value, whole=ind.whole, percent=ind.kind == "percent", unit=ind.unit, computable=computable))


# --- the forms ----------------------------------------------------------------------

def readme_forms() -> list[str]:
    """Every figure form the README documents: the backticked forms of the 数字可写
    paragraph, the forms named in the loader's own message, and the quoted ranges."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    para = re.search(r"^数字可写.*?(?:\n\n|\Z)", readme, re.M | re.S)
    assert para, "the README's 数字可写 sentence is gone"
    forms = [f for f in re.findall(r"`([^`]+)`", para.group()) if re.search("[0-9０-９]", f)]
    message = re.search(r"不是数字；可写 ([^，]+)，", readme)
    forms += message.group(1).split("、")
    forms += re.findall(r"“([^”]+)”", re.search(r"“200余”[^；]*", readme).group())
    return list(dict.fromkeys(forms))


def yaml_figures() -> list[tuple[str, object, str | None, str]]:
    """(file, value, indicator key or None for a custom figure, custom unit) for every
    figure in the samples and the corpus transcriptions."""
    files = [*sorted(SAMPLES.glob("*.yaml")), *sorted((ROOT / "tests" / "corpus").glob("*.yaml"))]
    out = []
    for f in files:
        data = YAML(typ="safe").load(f.read_text(encoding="utf-8"))

        def walk(node: object) -> None:
            if isinstance(node, dict):
                for k, v in node.items():
                    if k == "figures" and isinstance(v, dict):
                        for key, raw in v.items():
                            if isinstance(raw, dict):
                                out.append((f.name, raw.get("value"), None, raw.get("unit", "")))
                            else:
                                out.append((f.name, raw, key, ""))
                    else:
                        walk(v)

        walk(data)
    return out


# Invalid for every kind (and what the README says is no figure).
INVALID = [
    "二十七", "一百余", "-3", "- 3", "27件", "约", "余200", "多", "万", "200余余", "120多万余",
    "1.2.3", ".5", "5.", "1,2", "1,0000", "12,34,567", "1e3", "0x1F", "NaN", "inf", "", " ",
    "待 补", "?!", "待补充", "٣", "27 28", "超过", "以上", "约约600", "27以下", "1万亿", "~5",
    "+5", "5-6", "3—5", "1/2",
]
# Valid for one kind and not another.
BY_KIND = {
    "27.5": {COUNT: False, MONEY: True, DAYS: True, PERCENT: True},
    "0.5": {COUNT: False, DAYS: True, MONEY: True, PERCENT: True},
    "27.0": {COUNT: True, DAYS: True, PERCENT: True},
    "1.39万": {COUNT: True, MONEY: True, PERCENT: False},
    "1.5千余": {COUNT: True, PERCENT: False},
    "95%以上": {PERCENT: True, COUNT: False, MONEY: False},
    "99.2％": {PERCENT: True, COUNT: False},
    "100": {PERCENT: True, COUNT: True},
    "100.0%": {PERCENT: True},
    "100.01": {PERCENT: False, COUNT: False, MONEY: True},
    "120": {PERCENT: False, COUNT: True},
    "０１００": {PERCENT: True, COUNT: True},
    "1万%": {PERCENT: False},
    "58,689": {COUNT: True, MONEY: True, PERCENT: False},
    "１，２３４": {COUNT: True},
    "1.39 万": {COUNT: True},
    " 27 ": {COUNT: True, PERCENT: True},
    "待补": {COUNT: True, PERCENT: True, MONEY: True},
    "？": {COUNT: True, PERCENT: True},
    "计算": {PERCENT: True, COUNT: False, MONEY: False, DAYS: False},  # a rate with a `rate` relation only
    " 计算 ": {PERCENT: True, COUNT: False},
}
NUMBERS = [0, 27, 27.0, 27.5, 0.5, 100, 100.5, 1e6, -1, -0.5, True, None]


# --- the tests ----------------------------------------------------------------------

def test_documented_forms_are_read_by_both():
    """Issue 12 item 11: the README's forms (120多万, 超过7675, 95%以上, 约600, 近120, 3千余 ...)
    are valid in the published schema as they are for the loader."""
    forms = readme_forms()
    for must in ("120多万", "超过7675", "95%以上", "约600", "近120", "3千余", "1.86亿", "２７"):
        assert must in forms, f"README no longer documents {must}"
    for form in forms:
        kinds = [k for k in (COUNT, PERCENT, MONEY, DAYS) if agree(form, k) == (True, True)]
        assert kinds, f"{form} is documented but read by neither schema nor parser"
        if "%" not in form and "." not in form:
            assert COUNT in kinds, form  # whole-number forms are valid counts


@pytest.mark.parametrize("key", [COUNT, PERCENT, MONEY, DAYS])
def test_schema_and_parser_agree_on_every_form(key):
    """Issue 12 item 11: the same verdict from the JSON Schema and parse_figure, for every
    form documented, in a sample or corpus file, invalid, or kind-dependent."""
    forms = [*readme_forms(), *INVALID, *BY_KIND, *NUMBERS,
             *(value for _, value, _, _ in yaml_figures())]
    disagree = [(f, *agree(f, key)) for f in forms if len(set(agree(f, key))) != 1]
    assert not disagree, disagree
    for form in INVALID:
        assert agree(form, key) == (False, False), form
    for form, verdicts in BY_KIND.items():
        if key in verdicts:
            assert agree(form, key) == (verdicts[key],) * 2, (form, key)


def test_compute_is_one_word_for_both_and_only_for_rates_with_counts():
    """Issue 15 item 3: 计算 (work the rate out from its counts and print it) is valid, for
    schema and parser alike, exactly for the percents that are the rate of a `rate` relation:
    not for a percent stated only as the report states it (综合纠错率), nor for a count."""
    rates = {r for s in SPEC.sections for r in computable_rates(s)}
    assert {"reconsideration_correction_rate", "mediation_success_rate", "litigation_appearance_rate"} <= rates
    for ind in SPEC.indicators.values():
        expected = ind.key in rates
        assert agree("计算", ind.key) == (expected, expected), ind.key
        assert agree("计算x", ind.key) == (False, False), ind.key
    assert agree("计算", None, "%") == (False, False)  # a custom figure has no counts to divide


@pytest.mark.parametrize("unit", ["", "件", "%", "万元"])
def test_custom_figures_agree(unit):
    """Issue 12 item 11: a custom figure's value follows the same language (a percent when
    its unit is %)."""
    forms = [*readme_forms(), *INVALID, *BY_KIND, *NUMBERS]
    disagree = [(f, *agree(f, None, unit)) for f in forms if len(set(agree(f, None, unit))) != 1]
    assert not disagree, disagree
    assert agree("95%以上", None, "%") == (True, True)
    assert agree("95%以上", None, "件") == (False, False)


def test_every_sample_and_corpus_figure_is_valid_for_both():
    """Issue 12 item 11: the figures real reports use (samples, corpus) pass both."""
    figures = yaml_figures()
    assert len(figures) > 200
    bad = [(f, v, k) for f, v, k, unit in figures if agree(v, k, unit) != (True, True)]
    assert not bad, bad


def test_the_parser_reads_the_documented_forms_as_written():
    """Issue 12 item 11: what the pattern accepts is read to the right amount."""
    def read(raw, **kw):
        kw.setdefault("whole", True)
        kw.setdefault("percent", False)
        fig = parse_figure(raw, **kw)
        return fig.text, fig.amount, fig.approx, fig.before, fig.after

    assert read("约600") == ("600", Decimal(600), True, "约", "")
    assert read("近120") == ("120", Decimal(120), True, "近", "")
    assert read("3千余") == ("3千余", Decimal(3000), True, "", "")
    assert read("120多万") == ("120多万", Decimal(1_200_000), True, "", "")
    assert read("１，２３４") == ("1234", Decimal(1234), False, "", "")
    assert read("95%以上", whole=False, percent=True) == ("95", Decimal(95), True, "", "以上")
    assert read("0.5", whole=False) == ("0.5", Decimal("0.5"), False, "", "")


def test_checked_in_schema_is_current():
    """Issue 12 item 11: samples/fazhi-draft.schema.json is what the code builds today
    (`make schema` regenerates it); a stale file fails here."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), \
        "samples/fazhi-draft.schema.json is stale: run `make schema`"


def test_schema_command_writes_the_same_file(tmp_path):
    out = tmp_path / "fazhi-draft.schema.json"
    result = run_cli("schema", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8")
    assert json.loads(out.read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")


# --- item 10: which figures are whole numbers -----------------------------------------

def test_whole_numbers_are_stated_per_indicator_in_the_spec():
    """Issue 12 item 10: counts of cases and persons are whole; percentages, money and
    durations (days, 个工作日) are not; the flag is data in the spec, one per indicator."""
    not_whole = {i.key for i in SPEC.indicators.values() if not i.whole}
    assert DAYS in not_whole and MONEY in not_whole and PERCENT in not_whole
    for ind in SPEC.indicators.values():
        duration_or_money = ind.unit in ("万元", "元", "个工作日", "天", "日", "小时", "%")
        assert ind.whole is not duration_or_money, (ind.key, ind.unit, ind.whole)
        if ind.whole:
            assert ind.kind in ("count", "person_times"), ind.key


def test_half_a_working_day_is_read_checked_and_printed(tmp_path):
    """Issue 12 item 10: 企业开办时间 0.5 个工作日 is accepted by the loader, `check`, the
    questionnaire's validator and the JSON Schema, and printed as written; a count still
    may not be 27.5."""
    from fazhi_draft.questionnaire import questions

    doc = {"meta": {"organ": "桐溪县人民政府", "kind": "county", "year": 2024, "date": "2025-03-10"},
           "measures": {"functions": {"figures": {"business_startup_days": 0.5}},
                        "disputes": {"figures": {"reconsideration_received": 27}}},
           "duty": ["县长带头学法。"], "shortcomings": ["基层力量不足。"], "plans": ["继续推进。"]}
    for value in (0.5, "0.5", "０．５"):
        doc["measures"]["functions"]["figures"]["business_startup_days"] = value
        p = tmp_path / "2024.yaml"
        p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
        assert run_cli("check", str(p)).returncode == 0, value
        out = tmp_path / "2024.md"
        result = run_cli("render", str(p), "--format", "md", "-o", str(out), "--force")
        assert result.returncode == 0, result.stderr
        assert "企业开办时间为0.5个工作日" in out.read_text(encoding="utf-8")
        assert jsonschema.Draft202012Validator(SCHEMA).is_valid(doc), value
    days = questions.indicator_validator(SPEC.indicator(DAYS))
    count = questions.indicator_validator(SPEC.indicator(COUNT))
    assert days("0.5") is None and days("1.5") is None
    assert "应为整数" in count("27.5")
    doc["measures"]["disputes"]["figures"]["reconsideration_received"] = 27.5
    p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run_cli("check", str(p))
    assert result.returncode == 1 and "应为整数" in result.stdout + result.stderr
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(doc)


# --- issue 13 item 4: linear in Python, the same language in JavaScript -----------------

def schema_patterns() -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                found.append(node["pattern"])
            node = list(node.values())
        if isinstance(node, list):
            for child in node:
                walk(child)

    walk(SCHEMA)
    return sorted(set(found))


def test_published_patterns_use_only_what_javascript_has():
    """Issue 13 item 4: the published patterns have no possessive repeat, atomic group,
    Python named group or lookbehind (an editor's JavaScript would reject the schema); the
    possessive repeats are in Python's own pattern only."""
    patterns = schema_patterns()
    assert any("超过" in p for p in patterns)  # the figure patterns are among them
    for pattern in patterns:
        assert not re.search(r"[*+?}]\+|\(\?>|\(\?P|\(\?<[=!]", pattern), pattern


FIGURE_CHARS = "0123456789０１９.．,，%％ \u3000\t\n超过逾近约余多千万亿以上左右待补?？-"
KINDS = [(key, SPEC.indicator(key), jsonschema.Draft202012Validator(figure_schema(key)))
         for key in (COUNT, PERCENT, MONEY)]


PIECES = [*FIGURE_CHARS, "00", "12", "100", "1234", ",567", "，０００", ".5", "．０", "超过", "以上", "左右", "待补"]


@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
@settings(max_examples=600, deadline=None, database=None)
def test_pythons_pattern_and_the_published_one_are_one_language(text):
    """Issue 13 item 4: Python matches figures with a possessive variant of the published
    pattern (JavaScript has no `++`); for every kind both accept the same texts, and the
    published schema and the loader agree on them."""
    from fazhi_draft.figures import numbers
    from fazhi_draft.limits import MAX_FIGURE_DIGITS

    for key, ind, validator in KINDS:
        whole, percent = ind.whole, ind.kind == "percent"
        python = re.fullmatch(numbers._grammar(whole=whole, percent=percent, named=True), text)
        published = re.fullmatch(numbers._grammar(whole=whole, percent=percent, named=False), text)
        assert bool(python) == bool(published), (text, key)
        if sum(c.isdigit() for c in text) > MAX_FIGURE_DIGITS:
            continue  # a limit (limits.py, like a text's length), refused with its own message, not the language
        assert validator.is_valid(text) == parser_accepts(text, whole=whole, percent=percent, unit=ind.unit), (text, key)
