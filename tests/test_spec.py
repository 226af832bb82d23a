"""The structure spec as data (issue 15): scope-exact indicators, phrases, unit synonyms,
growth, relation levels, and the coverage of the corpus figures (docs/coverage.md).

The spec is validated when it loads: a bad spec must fail loudly, naming what is wrong, so
the last group of tests feeds the model small broken copies of the real spec.
"""

from __future__ import annotations

import copy
import re
import textwrap
from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import ROOT, run_cli
from fazhi_draft.structure import NotMoreThan, RateOf, SumOf, load_spec
from fazhi_draft.structure.model import Spec

SPEC = load_spec()
SPEC_FILE = ROOT / "src" / "fazhi_draft" / "structure" / "standard.yaml"


def _relations():
    for section in SPEC.sections:
        for rel in section.relations:
            yield section, rel


def _keys(rel) -> list[str]:  # noqa: ANN001
    if isinstance(rel, NotMoreThan):
        return list(rel.chain)
    if isinstance(rel, SumOf):
        return [rel.total, *rel.parts]
    return [rel.rate, rel.numerator, rel.denominator]


# ---------------------------------------------------------------- every indicator complete
def test_every_indicator_says_what_whose_and_how_it_is_named():
    """Issue 15 items 5 and 7: every indicator has label, unit, kind, whole, scope (one of the
    spec's scopes), topic and phrases; labels are unique (【标签：数字】 names one indicator)."""
    from fazhi_draft.structure.model import KNOWN_UNITS

    scopes = {s.name for s in SPEC.scopes}
    labels = [i.label for i in SPEC.indicators.values()]
    assert len(labels) == len(set(labels))
    for ind in SPEC.indicators.values():
        assert ind.label and ind.unit in KNOWN_UNITS and ind.kind and isinstance(ind.whole, bool), ind.key
        assert ind.scope in scopes, ind.key
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ind.topic), ind.key
        assert ind.phrases and all(p.strip() for p in ind.phrases), ind.key
        assert len(ind.hint) >= 8, ind.key  # says what it counts


def test_outline_shows_each_indicators_scope_and_the_warning_relations():
    """Issue 15 item 5: `outline` shows whose figure each indicator is."""
    out = run_cli("outline").stdout
    assert "以本级政府为被告的行政诉讼案件（件）  litigation_cases_gov  〔本级政府作为被告〕" in out
    assert "行政应诉案件（件）  litigation_cases  〔本级行政机关（含政府部门）〕" in out
    assert "关系（只提示）：全辖区行政应诉案件 ≥ 行政应诉案件 ≥ 以本级政府为被告的行政诉讼案件" in out


# ---------------------------------------------------------------- scope
def test_no_relation_crosses_scopes_unless_it_is_only_a_warning():
    """Issue 15 item 5: relations join indicators of one scope; one that joins two scopes may
    only be a warning (it might be a scope mix-up), never an error that blocks the draft."""
    crossing = 0
    for section, rel in _relations():
        scopes = {SPEC.indicator(k).scope for k in _keys(rel)}
        if len(scopes) > 1:
            crossing += 1
            assert rel.level == "warning", (section.key, _keys(rel))
    assert crossing >= 3  # 应诉 area ≥ agencies ≥ government, 复议 area ≥ government, …


def test_litigation_and_reconsideration_are_split_by_scope():
    """Issue 15 item 5: 行政应诉 for the government as defendant, for its agencies and for the
    whole area are three indicators; so are 行政复议 by the government, in the whole area and
    against the government."""
    by_scope = {}
    for key in ("litigation_cases_gov", "litigation_cases", "litigation_cases_area",
                "litigation_heads_appeared_gov", "litigation_heads_appeared", "litigation_heads_appeared_area",
                "reconsideration_received", "reconsideration_received_area", "reconsideration_as_respondent",
                "disputes_mediated", "disputes_all_mediated", "court_prelitigation_cases",
                "docs_cleaned", "docs_cleaned_area"):
        by_scope[key] = SPEC.indicator(key).scope
    assert by_scope["litigation_cases_gov"] == by_scope["litigation_heads_appeared_gov"] == "本级政府作为被告"
    assert by_scope["litigation_cases"] == by_scope["litigation_heads_appeared"] == "本级行政机关（含政府部门）"
    assert by_scope["litigation_cases_area"] == by_scope["litigation_heads_appeared_area"] == "全辖区（含下级政府及部门）"
    assert len({by_scope[k] for k in ("reconsideration_received", "reconsideration_received_area",
                                      "reconsideration_as_respondent")}) == 3
    assert len({by_scope[k] for k in ("disputes_mediated", "disputes_all_mediated", "court_prelitigation_cases")}) == 3
    assert by_scope["docs_cleaned"] != by_scope["docs_cleaned_area"]
    for key in ("litigation_principals_appeared", "litigation_deputies_appeared",
                "litigation_principals_appeared_gov", "litigation_deputies_appeared_gov",
                "litigation_principals_appeared_area", "litigation_deputies_appeared_area"):
        assert key in SPEC.indicators


def test_heads_of_all_agencies_against_cases_of_the_government_is_no_error(tmp_path):
    """Issue 15 item 5: “负责人出庭46宗” (all agencies, 正职25 + 副职21) beside “以区政府为被告的
    案件38宗” is two scopes, not 46 appearances in 38 cases: `check` finds nothing wrong and
    the draft renders."""
    path = tmp_path / "2023.yaml"
    path.write_text(textwrap.dedent("""\
        meta: {organ: 临江区人民政府, kind: district, year: 2023, date: 2024-03-10}
        measures:
          oversight:
            figures:
              litigation_cases_gov: 38           # 以区政府为被告的案件38宗
              litigation_heads_appeared: 46      # 全区行政机关负责人出庭46宗
              litigation_principals_appeared: 25
              litigation_deputies_appeared: 21
        duty: [区长带头出庭应诉。]
        shortcomings: [复议应诉力量不足。]
        plans: [加强行政应诉工作。]
        """), encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FZ2" not in result.stdout, result.stdout
    result = run_cli("render", str(path), "-o", str(tmp_path / "2023.md"), "--format", "md")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "2023.md").read_text(encoding="utf-8")
    assert "以区政府为被告的行政诉讼案件38件" in text
    assert "行政机关负责人出庭应诉46件，其中正职负责人出庭25件、副职负责人出庭21件" in text


# ---------------------------------------------------------------- relations
def test_correction_is_exactly_the_five_correcting_decisions():
    """Issue 15 item 6: 纠错 = 变更 + 撤销 + 确认违法 + 责令履行 + 确认无效 (2023 行政复议法
    第63-67条), a complete sum; so are the outcomes of the concluded cases (every case concluded
    has one), which reports often list only in part: then FZ207 asks, FZ203 only when all are
    listed (issue 15 item 6)."""
    sums = {rel.total: rel for _, rel in _relations() if isinstance(rel, SumOf)}
    corrected = sums["reconsideration_corrected"]
    assert set(corrected.parts) == {"reconsideration_changed", "reconsideration_revoked",
                                    "reconsideration_confirmed_illegal", "reconsideration_ordered_to_act",
                                    "reconsideration_confirmed_void"}
    assert not corrected.partial and corrected.level == "error"
    assert not sums["reconsideration_concluded"].partial
    # 216 = 200 结案 (90 裁决 + 110 调解) + 6 撤诉 + 4 不予受理 + 6 在审 (云城区 2020)
    assert set(sums["arbitration_cases"].parts) == {"arbitration_concluded", "arbitration_withdrawn",
                                                   "arbitration_rejected", "arbitration_pending"}
    # every rate is a percent of two counts of one kind
    for _, rel in _relations():
        if isinstance(rel, RateOf):
            assert SPEC.indicator(rel.rate).unit == "%"
            assert SPEC.indicator(rel.numerator).kind == SPEC.indicator(rel.denominator).kind


def test_a_rate_whose_basis_varies_is_only_a_warning():
    """Issue 15 item 5: 出庭应诉率 (all cases or heard cases) and 败诉率 (审结 or 应诉) have no
    fixed basis, so a mismatch with the counts is a warning; 纠错率 and 调解成功率 are errors."""
    level = {rel.rate: rel.level for _, rel in _relations() if isinstance(rel, RateOf)}
    for key in ("litigation_appearance_rate", "litigation_appearance_rate_gov", "litigation_appearance_rate_area",
                "litigation_loss_rate", "litigation_loss_rate_gov", "litigation_loss_rate_area"):
        assert level[key] == "warning", key
    for key in ("reconsideration_correction_rate", "mediation_success_rate", "case_files_excellent_rate"):
        assert level[key] == "error", key
    assert "reconsideration_overall_correction_rate" not in level  # 综合纠错率: a local basis, unchecked


# ---------------------------------------------------------------- phrases
def test_a_phrase_names_one_indicator_report_wide():
    """Issue 15 item 2 (DESIGN-15 §2): no phrase names two indicators, unless both are follow
    phrases of different topics (受理 after a 复议 figure / after a 信访 figure) or the unit
    written after the figure tells them apart (受教育群众5万余人 / 10万余人次)."""
    users: dict[str, list] = {}
    for ind in SPEC.indicators.values():
        for p in ind.phrases:
            users.setdefault(p, []).append((ind, False))
        for p in ind.follow_phrases:
            users.setdefault(p, []).append((ind, True))
    for phrase, named in users.items():
        for n, (a, fa) in enumerate(named):
            for b, fb in named[n + 1:]:
                assert (fa and fb and a.topic != b.topic) or not SPEC.same_unit(a.unit, b.unit), (phrase, a.key, b.key)
    # a follow phrase never contains another indicator's full phrase: a reader that tries
    # full phrases first would take 驳回复议申请 for 复议申请 (收到)
    full = [(p, i.key) for i in SPEC.indicators.values() for p in i.phrases]
    for ind in SPEC.indicators.values():
        for f in ind.follow_phrases:
            assert not [k for p, k in full if k != ind.key and p in f], (ind.key, f)
    # the corpus wording names the right indicator
    assert "收到行政复议申请" in SPEC.indicator("reconsideration_received").phrases
    assert "受理行政复议申请" in SPEC.indicator("reconsideration_accepted").phrases  # 受理 is acceptance
    assert "受理" in SPEC.indicator("reconsideration_accepted").follow_phrases
    assert "受理" in SPEC.indicator("petitions_received").follow_phrases  # another topic
    assert "各级各类调解组织" in SPEC.indicator("disputes_all_mediated").phrases
    assert "受教育群众" in SPEC.indicator("publicity_audience").phrases
    assert "受教育群众" in SPEC.indicator("publicity_audience_persons").phrases  # 人次 / 人


def test_phrases_are_found_in_the_corpus_reports():
    """Issue 15 item 2: the phrases come from real wording: most indicators that docs/coverage.md
    maps a corpus figure to have a phrase that occurs in the corpus text."""
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "corpus" / "source").glob("*.txt"))
    text = text.translate(str.maketrans("(),:;", "（），：；"))
    used = set(re.findall(r"\| `([a-z0-9_]+)` \|", (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")))
    found = [k for k in used if any(p in text for p in [*SPEC.indicator(k).phrases, *SPEC.indicator(k).follow_phrases])]
    assert len(found) >= 0.9 * len(used), sorted(used - set(found))


# ---------------------------------------------------------------- units
def test_unit_synonyms_join_words_of_one_meaning_only():
    """Issue 15 item 4: 件/宗/起 and 次/轮 and 名/人 are the same unit; 人 and 人次 are not,
    nor 次 and 人次, nor 场次 and 期; 件/份 and 份/册 without 件/册."""
    same, differ = SPEC.same_unit, (lambda a, b: not SPEC.same_unit(a, b))
    assert same("件", "宗") and same("宗", "起") and same("次", "轮") and same("名", "人")
    assert same("场", "场次") and same("件", "份") and same("份", "册") and same("卷", "宗")
    assert differ("人", "人次") and differ("名", "人次") and differ("次", "人次") and differ("场次", "期")
    assert differ("件", "册") and differ("万元", "元") and differ("个工作日", "天")


def test_growth_over_100_percent_is_a_figure(tmp_path):
    """Issue 15 item 6 (spec side): a year-on-year change is a `growth` indicator, not a
    percent: 同比增长300% is accepted and worded."""
    ind = SPEC.indicator("legal_aid_cases_growth")
    assert ind.kind == "growth" and ind.unit == "%" and ind.growth_of == "legal_aid_cases" and not ind.whole
    path = tmp_path / "2022.yaml"
    path.write_text(textwrap.dedent("""\
        meta: {organ: 巴楚县人民政府, kind: county, year: 2022, date: 2023-03-10}
        measures:
          disputes:
            figures:
              legal_aid_cases: 332
              legal_aid_cases_growth: 300
        duty: [县长带头学法。]
        shortcomings: [法律援助力量不足。]
        plans: [加强法律援助。]
        """), encoding="utf-8")
    assert run_cli("check", str(path)).returncode == 0
    result = run_cli("render", str(path), "-o", str(tmp_path / "2022.md"), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert "办理法律援助案件332件，同比增长300%" in (tmp_path / "2022.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------- a bad spec fails loudly
def _raw() -> dict:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(SPEC_FILE.read_text(encoding="utf-8"))


def _section(raw: dict, key: str) -> dict:
    return next(s for p in raw["parts"] for s in p["sections"] if s["key"] == key)


def _indicator(raw: dict, key: str) -> dict:
    return next(i for p in raw["parts"] for s in p["sections"] for i in s.get("indicators", []) if i["key"] == key)


def _fails(change, *words: str) -> None:  # noqa: ANN001
    raw = copy.deepcopy(_raw())
    change(raw)
    with pytest.raises(ValidationError) as err:
        Spec.model_validate(raw)
    message = str(err.value)
    for word in words:
        assert word in message, message


def test_the_real_spec_loads():
    Spec.model_validate(_raw())


def test_a_relation_across_scopes_at_error_level_fails_to_load():
    """Issue 15 item 5: the 46-vs-38 relation as an error cannot even be written."""
    _fails(lambda r: _section(r, "oversight")["relations"].append(
        {"kind": "not_more_than", "chain": ["litigation_cases_gov", "litigation_heads_appeared"]}),
        "crosses scopes", "level: warning")


def test_a_relation_naming_an_unknown_indicator_fails_to_load():
    _fails(lambda r: _section(r, "oversight")["relations"].append(
        {"kind": "not_more_than", "chain": ["litigation_cases", "litigation_case"]}), "unknown indicator litigation_case")


def test_a_phrase_naming_two_indicators_fails_to_load():
    """Issue 15 item 2: 收到行政复议申请 cannot name both 收到 and 受理."""
    _fails(lambda r: _indicator(r, "reconsideration_accepted")["phrases"].append("收到行政复议申请"),
           "收到行政复议申请", "reconsideration_received", "reconsideration_accepted")
    _fails(lambda r: _indicator(r, "reconsideration_concluded")["follow_phrases"].append("受理"),
           "'受理'", "reconsideration_accepted", "reconsideration_concluded")


def test_a_unit_or_scope_outside_the_known_lists_fails_to_load():
    """Issue 15 item 4: unit words come from a known list, synonyms never join 人 and 人次."""
    _fails(lambda r: _indicator(r, "npc_suggestions").update(unit="件件"), "件件", "KNOWN_UNITS")
    _fails(lambda r: _indicator(r, "npc_suggestions").update(unit="人次"), "does not fit kind count")
    _fails(lambda r: r["unit_synonyms"].append(["人", "人次"]), "different meaning")
    _fails(lambda r: _indicator(r, "npc_suggestions").update(scope="全宇宙"), "全宇宙", "scopes")


# ---------------------------------------------------------------- coverage (item 7)
COVERAGE = ROOT / "docs" / "coverage.md"


def _coverage_tables() -> dict[str, list[tuple[str, str]]]:
    """document heading -> [(figure, slot cell)] as docs/coverage.md lists them."""
    tables: dict[str, list] = {}
    current = None
    for line in COVERAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].split(" — ")[0].split(" (")[0].strip()
            continue
        m = re.match(r"\| \d+ \| (.+?) \| (.+?) \| .* \|$", line)
        if m and current:
            tables.setdefault(current, []).append((m[1], m[2]))
    return tables


def test_coverage_names_only_real_indicators_and_adds_up():
    """Issue 15 item 7: docs/coverage.md maps every corpus and reference figure to a slot that
    exists, or says why it has none; its summary is what its tables say."""
    tables = _coverage_tables()
    assert {"000_4894d8c68aa1adc9.txt", "001_a4df0450ae7a6c3d.txt", "002_d5e0bc3e77f426e7.txt",
            "004_cb69d81650a98de4.txt", "indicators-reference.md"} <= set(tables)
    allowed = {"— part", "— one-off", "— other organ", "— period", "n/a"}
    text = COVERAGE.read_text(encoding="utf-8")
    totals = [0, 0, 0]
    for doc, rows in tables.items():
        for figure, slot in rows:
            key = re.fullmatch(r"`([a-z0-9_]+)`", slot)
            assert (key and key[1] in SPEC.indicators) or slot in allowed, (doc, figure, slot)
        work = [s for _, s in rows if s != "n/a"]
        slotted = [s for s in work if s.startswith("`")]
        share = round(100 * len(slotted) / len(work))
        assert f"| {doc} | {len(rows)} | {len(work)} | {len(slotted)} | {share}% |" in text, doc
        totals = [totals[0] + len(rows), totals[1] + len(work), totals[2] + len(slotted)]
    assert f"| **all** | {totals[0]} | {totals[1]} | {totals[2]} |" in text


def test_corpus_transcriptions_use_the_slots_the_coverage_names():
    """Issue 15 items 5 and 7: the scope-split figures of the corpus are transcribed into the
    scope-exact slots (the 36 cases of 酉阳 are the county government's, 商洛's 101 are the
    whole city's)."""
    from fazhi_draft.input.load import load_report

    from fazhi_draft.figures import intext

    def figures(name: str) -> dict[str, str]:  # in the figures blocks and marked in the text
        report = load_report(ROOT / "tests" / "corpus" / name).report
        found = {k: f.text for sec in report.sections.values() for k, f in sec.figures.items()}
        found.update({k: s.mark.number for k, s in intext.table(report, load_spec()).figures.items()})
        return found

    youyang = figures("000_youyang_2018.yaml")
    assert youyang["litigation_cases_gov"] == "36" and "litigation_cases" not in youyang
    assert (youyang["litigation_heads_appeared_gov"], youyang["litigation_delegated_appeared_gov"],
            youyang["litigation_staff_appeared_gov"]) == ("6", "13", "17")
    shangluo = figures("004_shangluo_2021.yaml")
    assert (shangluo["litigation_cases_area"], shangluo["litigation_cases_gov"]) == ("114", "10")
    assert (shangluo["reconsideration_received_area"], shangluo["reconsideration_received"]) == ("101", "14")
    assert (shangluo["docs_cleaned_area"], shangluo["docs_cleaned"]) == ("325", "59")
    assert shangluo["disputes_all_mediated"] == "8495" and "disputes_mediated" not in shangluo
    yuncheng = figures("002_yuncheng_2020.yaml")
    assert yuncheng["litigation_cases"] == "28" and yuncheng["reconsideration_as_respondent"] == "1"
    assert yuncheng["enforcement_training_persons"] == "301" and "enforcement_training_person_times" not in yuncheng


def test_libyaml_and_ruamel_read_the_spec_alike():
    """The spec is parsed with libyaml when it is there (fast), else with ruamel: both must
    read the same data (YAML 1.1 and 1.2 differ on words like `no`, `on`, `0o12`)."""
    import yaml
    from ruamel.yaml import YAML

    text = SPEC_FILE.read_text(encoding="utf-8")
    assert yaml.load(text, Loader=yaml.CSafeLoader) == YAML(typ="safe").load(text)


def test_spec_stays_quick_to_validate():
    """The spec is validated at every cold start (the parse is cached): a few hundred
    indicators, not thousands."""
    import time

    raw = _raw()
    start = time.perf_counter()
    Spec.model_validate(raw)
    assert time.perf_counter() - start < 0.5
    assert 150 <= len(SPEC.indicators) <= 400
