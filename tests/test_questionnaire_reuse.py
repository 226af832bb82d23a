"""Issue 12 (questionnaire items) and issue 13 item 9: nothing the clerk wrote is lost or
changed behind their back. Driven like tests/test_questionnaire.py: prompt_toolkit pipe
input for the flows, a pseudo-terminal (pexpect) where the screen matters."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT, SAMPLES, run_cli
from fazhi_draft.questionnaire.state import State
from fazhi_draft.structure import load_spec
from fazhi_draft.input.load import load_report
from fazhi_draft.input.parse import parse_yaml
from test_questionnaire import (
    CLEAR, DOWN, ENTER, SPACE, _spawn, asked, closing_keys, drive, figures, meta_keys, point, section_index,
)

SPEC = load_spec()
__all__ = ["asked"]  # the fixture, imported for pytest


def from_2023(tmp_path):
    last = tmp_path / "2023.yaml"
    shutil.copy(SAMPLES / "2023.yaml", last)
    return last


def only(section: str, last: str = "2023.yaml") -> str:
    """Meta defaults (last year's), then untick every section and tick `section` alone
    ("a" ticks all unless all are ticked, then none: last year's sections are ticked)."""
    filled = {k for k, s in load_report(SAMPLES / last).report.sections.items() if not s.is_empty}
    untick = "a" if filled >= {s.key for s in SPEC.sections} else "aa"
    return ENTER * 4 + untick + DOWN * section_index(section) + SPACE + ENTER


# ---------------------------------------------------------------- item 3
def test_typing_replaces_last_years_figure_and_clearing_shows(tmp_path, asked):
    """Issue 12 item 3: typing over last year's 2 gives 3 (not 23); "-" leaves a figure out on
    purpose, and that shows in the summary and in `check`'s year-on-year list."""
    last = from_2023(tmp_path)
    keys = (only("leadership")
            + figures("leadership", {"rule_of_law_committee_meetings": "3",  # last year: 2
                                     "executive_meeting_law_topics": "-"})   # last year: 7; left out
            + "n" + ENTER * 3 + ENTER + ENTER)  # no custom; keep the 3 points; no new one; write
    outcome, printed = drive(keys, tmp_path, from_file=last)
    assert outcome.status == "written", printed
    figs = load_report(outcome.yaml).report.sections["leadership"].figures
    assert {k: f.text for k, f in figs.items()} == {
        "rule_of_law_committee_meetings": "3", "central_group_law_study": "4", "law_report_persons": "24",
        "rule_of_law_inspections": "3"}
    # last year's value is the grey default, never pre-filled into the input
    q = next(q for q in asked if q.key == "leadership.rule_of_law_committee_meetings")
    assert q.default == "2" and "直接输入即替换" in q.hint and "输入 -" in q.hint
    assert "今年不写的数字（去年有，已按你的回答留空）：政府常务会议研究法治政府建设议题（去年：7个）" in printed
    result = run_cli("check", str(outcome.yaml), "--prior", str(last))
    assert "政府常务会议研究法治政府建设议题：7个 → 今年未填" in result.stdout, result.stdout


def test_terminal_shows_last_years_figure_and_typing_replaces_it(tmp_path):
    """Issue 12 item 3, in a real terminal: Enter takes the grey value, typing replaces it."""
    pexpect = pytest.importorskip("pexpect")
    from_2023(tmp_path)
    child = _spawn("new", "--from", "2023.yaml", cwd=tmp_path)
    for label, keys in (("机关名称", "\r"), ("机关类型", "\r"), ("报告年度", "\r"), ("成文日期", "\r"),
                        ("哪些部分", "a" + SPACE + "\r")):
        child.expect(label)
        child.send(keys)
    child.expect("全面依法治理委员会会议")
    child.expect("去年：2")
    child.send("3\r")
    child.expect("政府常务会议研究法治政府建设议题")
    child.send("\r")  # Enter: last year's 7
    child.expect("中心组")
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    partial = load_report(tmp_path / "2024.fazhi-progress.yaml").report
    assert {k: f.text for k, f in partial.sections["leadership"].figures.items()} == {
        "rule_of_law_committee_meetings": "3", "executive_meeting_law_topics": "7"}


def test_typing_replaces_a_default_in_text_questions_too(tmp_path):
    """Issue 12 item 3 (same cause elsewhere): the organ's name and the date are replaced by
    typing, not appended to."""
    last = from_2023(tmp_path)
    keys = ("青山县司法局" + ENTER + ENTER + ENTER + "2025年3月5日" + ENTER + "a" + SPACE + ENTER
            + figures("leadership", {}) + "n" + ENTER * 5)
    outcome, printed = drive(keys, tmp_path, from_file=last)
    assert outcome.status == "written", printed
    meta = load_report(outcome.yaml).report.meta
    assert meta.organ == "青山县司法局" and str(meta.date) == "2025-03-05"


# ---------------------------------------------------------------- item 5
def test_save_as_with_enter_saves_nothing(tmp_path):
    """Issue 12 item 5: "另存为（直接回车则不保存）" — Enter saves nothing."""
    taken = tmp_path / "2024.yaml"
    taken.write_text("# 别人的文件，不是报告\n", encoding="utf-8")
    keys = meta_keys() + ENTER + closing_keys() + "n" + ENTER  # overwrite? no; save as: Enter
    outcome, printed = drive(keys, tmp_path)
    assert outcome.status == "stopped", printed
    assert "未写入" in printed
    assert taken.read_text(encoding="utf-8") == "# 别人的文件，不是报告\n"
    assert sorted(p.name for p in tmp_path.glob("*.yaml")) == ["2024.fazhi-progress.yaml", "2024.yaml"]
    assert not list(tmp_path.glob("*.docx"))


def test_save_as_with_a_name_saves_there(tmp_path):
    """Issue 12 item 5: a name typed at 另存为 is used."""
    (tmp_path / "2024.yaml").write_text("# 别人的文件\n", encoding="utf-8")
    keys = meta_keys() + ENTER + closing_keys() + "n" + "新稿.yaml" + ENTER
    outcome, printed = drive(keys, tmp_path)
    assert outcome.status == "written", printed
    assert outcome.yaml == tmp_path / "新稿.yaml" and outcome.docx == tmp_path / "新稿.docx"


# ---------------------------------------------------------------- item 8
def test_rate_is_offered_as_computed_from_this_years_counts(tmp_path, asked):
    """Issue 12 item 8: last year's 5.2% is not offered once this year's counts give 4%;
    Enter takes 4 and no mismatch is asked."""
    last = from_2023(tmp_path)
    keys = (only("oversight")
            + figures("oversight", {"litigation_cases": "50", "litigation_heads_appeared": "48",
                                    "litigation_lost": "2"})
            + "n" + ENTER * 20)
    outcome, printed = drive(keys, tmp_path, from_file=last)
    assert outcome.status == "written", printed
    assert not [q for q in asked if q.key == "oversight.relation"]
    q = next(q for q in asked if q.key == "oversight.litigation_loss_rate")
    assert q.default == "4" and "去年：5.2" in q.note and "按今年件数计算为4%" in q.note
    figs = load_report(outcome.yaml).report.sections["oversight"].figures
    assert figs["litigation_loss_rate"].text == "4"
    assert "FZ204" not in run_cli("check", str(outcome.yaml)).stdout


# ---------------------------------------------------------------- item 12
def test_custom_figure_unit_is_checked_at_the_prompt(tmp_path, asked):
    """Issue 12 item 12: a value typed into the unit prompt is refused with a Chinese reason,
    so the draft cannot say "2.3万2.3万"."""
    keys = (meta_keys() + DOWN * section_index("disputes") + SPACE + ENTER + figures("disputes", {})
            + "y" + "12345热线转办纠纷" + ENTER + "2.3万" + ENTER + CLEAR + "件" + ENTER + "2.3万" + ENTER + "n"
            + ENTER + closing_keys())
    outcome, printed = drive(keys, tmp_path)
    assert outcome.status == "written", printed
    custom = load_report(outcome.yaml).report.sections["disputes"].custom
    assert [(d.label, f.text, d.unit) for _, d, f in custom] == [("12345热线转办纠纷", "2.3万", "件")]
    order = [q.key for q in asked if q.key.startswith("disputes.custom.")]
    assert order == ["disputes.custom.label", "disputes.custom.unit", "disputes.custom.value"]
    unit = next(q for q in asked if q.key == "disputes.custom.unit")
    assert "含有数字" in unit.validate("2.3万") and unit.validate("人次") is None and unit.validate("") is None
    assert "不像单位" in unit.validate("这是一个很长很长的单位名称")


def test_custom_figure_unit_is_checked_in_yaml(tmp_path):
    """Issue 12 item 12: a YAML custom figure with unit "2.3万" is an input error naming the
    file, the line and the field."""
    path = tmp_path / "in.yaml"
    path.write_text("meta: {organ: 青山县人民政府, kind: county, year: 2024, date: 2025-03-10}\n"
                    "measures:\n  functions:\n    figures:\n"
                    "      hotline: {label: 热线工单, value: 2.3万,\n                unit: 2.3万}\n"
                    "duty: [学法。]\nshortcomings: [不足。]\nplans: [安排。]\n", encoding="utf-8")
    for verb in ("check", "render"):
        result = run_cli(verb, str(path))
        said = result.stdout + result.stderr
        assert result.returncode == 1, said
        assert ("in.yaml:6" in said or "第6行" in said) and "measures.functions.figures.hotline.unit" in said, said
        assert "单位“2.3万”含有数字" in said and "Traceback" not in said


def test_custom_figure_unit_in_the_json_schema():
    """Issue 12 item 12 (the editor too): the JSON Schema refuses the units the reader refuses,
    and the checked-in schema says so."""
    import json

    import jsonschema

    from fazhi_draft.input.schema import build_schema

    schema = build_schema()
    assert json.loads((SAMPLES / "fazhi-draft.schema.json").read_text(encoding="utf-8")) == schema
    validator = jsonschema.Draft202012Validator(schema)

    def errors(unit: str) -> list[str]:
        value = "23" if unit == "%" else "2.3万"  # a percent carries no magnitude (the figure language)
        data = {"meta": {"organ": "青山县人民政府", "kind": "county", "year": 2024, "date": "2025-03-10"},
                "measures": {"functions": {"figures": {"hotline": {"label": "热线工单", "value": value, "unit": unit}}}}}
        return [e.message for e in validator.iter_errors(data)]

    assert errors("件") == [] and errors("万人次") == [] and errors("%") == []
    assert errors("2.3万") and errors("２件") and errors("人 次")


def test_readme_and_prompt_ask_a_custom_figure_in_the_same_order():
    """Issue 12 item 12: the README says the order the prompt asks: 名称、单位、数值."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 问卷"):readme.index("## 输入文件")]
    assert "（名称、单位、数值" in section and "名称、数值、单位" not in section


# ---------------------------------------------------------------- item 1
def from_2024(tmp_path):
    last = tmp_path / "2024.yaml"
    shutil.copy(SAMPLES / "2024.yaml", last)
    return last


@pytest.mark.parametrize("choice", ["keep", "confirm", "edit"])
def test_reused_point_keeps_its_sub_points(tmp_path, choice):
    """Issue 12 item 1: last year's disputes point 2 has two sub-items (做实诉调对接,
    发挥“法律明白人”作用): they are shown, survive 保留/确认, and can be edited."""
    last = from_2024(tmp_path)
    before = load_report(last).report.sections["disputes"].points[1]
    assert [s.title for s in before.items] == ["做实诉调对接", "发挥“法律明白人”作用"]
    handle = {"keep": ENTER, "confirm": "2" + ENTER,
              "edit": "3" + ENTER + ENTER + "（3）新增的一项" + ENTER + "新增的正文。" + ENTER + ENTER}[choice]
    keys = (only("disputes", "2024.yaml") + figures("disputes", {}) + "n"
            + ENTER + handle + ENTER  # point 1 kept; point 2 as chosen; point 3 kept
            + ENTER + ENTER)          # no new point; write
    outcome, printed = drive(keys, tmp_path, from_file=last)
    assert outcome.status == "written", printed
    # shown before the choice, with their numbers
    assert "（1）做实诉调对接" in printed and "（2）发挥“法律明白人”作用" in printed
    assert "依托村（社区）“法律明白人”开展矛盾纠纷月排查" in printed
    after = load_report(outcome.yaml).report.sections["disputes"].points[1]
    assert (after.title, after.text) == (before.title, before.text)
    expected = [(s.title, s.text) for s in before.items]
    if choice == "edit":
        expected.append(("新增的一项", "新增的正文。"))
    assert [(s.title, s.text) for s in after.items] == expected
    assert after.carried is (choice == "keep")
    md = tmp_path / "out.md"
    assert run_cli("render", str(outcome.yaml), "--format", "md", "-o", str(md), "--ignore-errors").returncode == 0
    assert "（2）发挥“法律明白人”作用" in md.read_text(encoding="utf-8")


def test_sub_points_survive_the_progress_file(tmp_path):
    """Issue 12 item 1: a point's sub-items survive Ctrl-C and resume (the progress file)."""
    last = from_2024(tmp_path)
    keys = only("disputes", "2024.yaml") + figures("disputes", {}) + "n" + ENTER + ENTER + "\x03"
    outcome, printed = drive(keys, tmp_path, from_file=last)
    assert outcome.status == "interrupted", printed
    partial = load_report(outcome.progress).report.sections["disputes"].points
    assert [s.title for s in partial[1].items] == ["做实诉调对接", "发挥“法律明白人”作用"]


# ---------------------------------------------------------------- item 2
def test_year_shift_leaves_document_titles_and_periods_alone(tmp_path):
    """Issue 12 item 2: "change last year's year" on a plans point changes 2025年 (next year
    then) and 《桐溪县2025年…要点》, never 《法治政府建设实施纲要（2021—2025年）》; each change
    is shown before it is made; `check` then flags no year the shift should have moved."""
    last = from_2024(tmp_path)
    before = load_report(last).report.sections["plans"].points[0].text
    assert before.startswith("2025年是《法治政府建设实施纲要（2021—2025年）》收官之年")
    keys = only("plans", "2024.yaml") + "3" + ENTER + ENTER * 4 + ENTER + ENTER
    outcome, printed = drive(keys, tmp_path, from_file=last)
    assert outcome.status == "written", printed
    after = load_report(outcome.yaml).report.sections["plans"].points[0]
    assert after.text == before.replace("2025年是", "2026年是").replace("桐溪县2025年", "桐溪县2026年")
    assert "（2021—2025年）" in after.text and "2021—2026" not in after.text
    # shown first, each in its context
    assert "第1处：【2025年→2026年】是《法治政府建设实施纲要（2……" in printed
    assert "第2处：……治县委员会会议，制定《桐溪县【2025年→2026年】法治政府建设工作要点》，查漏……" in printed
    assert "第3处" not in printed.split("去年的要点（2/5）")[0]
    result = run_cli("check", str(outcome.yaml), "--ignore", "FZ101,FZ303")
    assert "FZ401" not in result.stdout, result.stdout


@pytest.mark.parametrize("text, scope, expected", [
    # plans of the 2024 report, carried into 2025's
    ("2025年是《法治政府建设实施纲要（2021—2025年）》收官之年", "plans",
     "2026年是《法治政府建设实施纲要（2021—2025年）》收官之年"),
    ("制定《桐溪县2025年法治政府建设工作要点》，巩固2015年以来的经验", "plans",
     "制定《桐溪县2026年法治政府建设工作要点》，巩固2015年以来的经验"),
    ("推进（2024—2026年）三年行动，总结2024年经验", "plans", "推进（2024—2026年）三年行动，总结2025年经验"),
    # measures of the 2024 report
    ("审议通过《桐溪县2024年法治政府建设工作要点》，对2023年督察问题挂牌督办", "measures",
     "审议通过《桐溪县2025年法治政府建设工作要点》，对2023年督察问题挂牌督办"),
    ("对照《实施方案（2023—2025年）》开展中期评估，2024年以来整改36个", "measures",
     "对照《实施方案（2023—2025年）》开展中期评估，2024年以来整改36个"),
    ("〔2024〕3号文件", "measures", "〔2024〕3号文件"),
], ids=["plans-outline-period", "plans-workplan-look-back", "plans-period-and-year", "measures-title-history",
        "measures-period-look-back", "document-number"])
def test_which_years_move_on(text, scope, expected):
    """Issue 12 item 2: only single years that meant "now" when written move on; periods,
    looks back (以来) and document numbers stay (the checker's reading of years)."""
    from fazhi_draft.questionnaire.reuse import shift_years as shift, year_map

    part = SPEC.part(scope)
    assert shift(text, year_map(2024, 2025, part), plans_year=2025 if scope == "plans" else None) == expected


# ---------------------------------------------------------------- item 4
LAST_WITH_COMMENTS = """\
# yaml-language-server: $schema=fazhi-draft.schema.json
# 青山县司法局 2024年度 输入文件
# 整理：局办公室，数字截至2024年12月31日。
meta:
  organ: 青山县司法局
  kind: department
  year: 2024
  date: 2025-03-07   # 局党组会议3月6日审议
measures:
  legal_education:
    figures:
      # 下面两项由县委组织部报送
      officials_law_exam_persons: 6910   # 来源：县委组织部 1月10日报送
      publicity_events: 650余   # 各乡镇报送汇总
      publicity_audience: 21万   # 法治宣传覆盖群众（人次）
    points:
      - 落实国家工作人员学法用法制度。   # 来源：普法办年度总结
      # 这条是领导要求加的
      - title: 推进法治乡村建设
        text: 打造“一乡一品”法治文化阵地。
duty: [局长带头讲法治课。]
shortcomings: [力量不足。]
plans: [推进规范化建设。]
"""


def test_last_years_comments_stay_with_what_is_carried_over(tmp_path):
    """Issue 12 item 4: --from keeps last year's own comments: the header, a comment on a
    figure carried over (above it and at its line's end), on a point; a figure that changed
    keeps its comment marked as last year's; the label comment annotate writes is not doubled."""
    last = tmp_path / "2024.yaml"
    last.write_text(LAST_WITH_COMMENTS, encoding="utf-8")
    keys = ENTER * 5 + figures("legal_education", {"publicity_events": "700"}) + ENTER * 40
    outcome, printed = drive(keys, tmp_path, from_file=last)
    assert outcome.status == "written", printed
    text = re.sub(r"(?<=\S) +#", " #", outcome.yaml.read_text(encoding="utf-8"))  # the column of a comment aside
    assert "# 以下几行注释沿用自 2024.yaml（2024年度），请核对：\n# 青山县司法局 2024年度 输入文件\n" \
           "# 整理：局办公室，数字截至2024年12月31日。\n" in text
    assert "      # 下面两项由县委组织部报送\n      officials_law_exam_persons: 6910 # 来源：县委组织部 1月10日报送\n" in text
    assert "publicity_events: 700 # （去年650余时的注释）各乡镇报送汇总\n" in text
    assert "publicity_audience: 21万 # 法治宣传覆盖群众（人次）\n" in text  # the label, once
    assert "      - text: 落实国家工作人员学法用法制度。 # 来源：普法办年度总结\n" in text
    assert "      # 这条是领导要求加的\n      - title: 推进法治乡村建设\n" in text
    assert "局党组会议3月6日审议" not in text  # last year's date and its comment are not this year's
    report = load_report(outcome.yaml).report  # still a valid input
    assert report.sections["legal_education"].figures["publicity_events"].text == "700"


def test_last_years_comments_are_in_the_progress_file(tmp_path):
    """Issue 12 item 4: the comments carried over are in the progress file too, and survive
    Ctrl-C and resume."""
    last = tmp_path / "2024.yaml"
    last.write_text(LAST_WITH_COMMENTS, encoding="utf-8")
    upto = [i.key for i in SPEC.section("legal_education").indicators].index("publicity_audience") + 1
    keys = ENTER * 5 + ENTER * upto + "\x03"  # legal_education's figures up to the last one given, then Ctrl-C
    outcome, printed = drive(keys, tmp_path, from_file=last)
    assert outcome.status == "interrupted", printed
    progress = re.sub(r"(?<=\S) +#", " #", outcome.progress.read_text(encoding="utf-8"))
    assert "officials_law_exam_persons: 6910 # 来源：县委组织部 1月10日报送" in progress
    assert "# 下面两项由县委组织部报送" in progress and "整理：局办公室，数字截至2024年12月31日。" in progress
    outcome, printed = drive(ENTER + ENTER * 40, tmp_path, output=outcome.progress.parent / "2025.yaml")
    assert outcome.status == "written", printed
    text = re.sub(r"(?<=\S) +#", " #", outcome.yaml.read_text(encoding="utf-8"))
    assert "officials_law_exam_persons: 6910 # 来源：县委组织部 1月10日报送" in text
    assert "- text: 落实国家工作人员学法用法制度。 # 来源：普法办年度总结" in text
    assert text.count("以下几行注释沿用自") == 1


# ---------------------------------------------------------------- issue 13 item 9
@pytest.mark.parametrize("damage, reason", [
    ("progress: [1]\n", "“progress”应为“键: 值”形式，现在是列表"),
    ("progress: {done: [a]}\n", "“progress.done”应为“键: 值”形式，现在是列表"),
    ("meta: [a, b]\n", "“meta”应为“键: 值”形式，现在是列表"),
    ("meta: {organ: 青山县人民政府, year: 二〇二四}\n", "“meta.year”应为四位数字的年份"),
    ("progress: {sections: [nosuch]}\n", "“progress.sections”中有不认识的小节：nosuch"),
    ("meta: {organ: [\n", "YAML 语法错误"),
    ("", "文件是空的"),
], ids=["progress-list", "done-list", "meta-list", "year-words", "unknown-section", "not-yaml", "empty"])
def test_damaged_progress_file_offers_to_start_over(tmp_path, damage, reason):
    """Issue 13 item 9: a damaged progress file says what is wrong and offers to start over,
    keeping the damaged file under a name it says; no internal error, on every run."""
    progress = tmp_path / "2025.fazhi-progress.yaml"
    progress.write_text(damage, encoding="utf-8")
    outcome, printed = drive(ENTER + "青山县人民政府" + ENTER + "\x03", tmp_path, output=tmp_path / "2025.yaml")
    assert outcome.status == "interrupted", printed
    assert f"上次的问卷进度文件 2025.fazhi-progress.yaml 已损坏，无法接着填：{reason}" in printed
    kept = list(tmp_path.glob("2025.fazhi-progress.yaml.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == damage
    assert f"损坏的进度文件已改名保留为 {kept[0].name}。" in printed
    # the new run's answers are saved in a fresh progress file, which reads back
    state, _ = State.from_tree(parse_yaml(progress.read_text(encoding="utf-8"), progress), SPEC)
    assert state.meta["organ"] == "青山县人民政府"


def test_damaged_progress_file_in_a_terminal(tmp_path):
    """Issue 13 item 9, in a real terminal: `fazhi-draft new -o 2025.yaml` on `progress: [1]`
    no longer exits 3; choosing to stop leaves the file alone (exit 1), starting over works."""
    pexpect = pytest.importorskip("pexpect")
    progress = tmp_path / "2025.fazhi-progress.yaml"
    progress.write_text("progress: [1]\n", encoding="utf-8")
    child = _spawn("new", "-o", "2025.yaml", cwd=tmp_path)
    child.expect("已损坏，无法接着填")
    child.expect("怎么办")
    child.send("2\r")  # stop
    child.expect("进度文件已损坏")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1 and progress.read_text(encoding="utf-8") == "progress: [1]\n"

    child = _spawn("new", "-o", "2025.yaml", cwd=tmp_path)
    child.expect("怎么办")
    child.send("1\r")  # start over
    child.expect("已改名保留为 2025.fazhi-progress.yaml.damaged-")
    child.expect("机关名称")
    child.send("\x03")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert len(list(tmp_path.glob("2025.fazhi-progress.yaml.damaged-*"))) == 1


def test_mutated_progress_files_never_crash_the_questionnaire(tmp_path):
    """Issue 13 item 9 (the class): any node of a real progress file replaced by a list, a
    map, text, a number or nothing either reads back or is called damaged — and the run
    that follows ends normally (exit 3 never)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from fazhi_draft.questionnaire.progress import fast_yaml

    outcome, _ = drive(meta_keys() + ENTER + "3" + ENTER + "4" + ENTER + "\x03", tmp_path)
    original = parse_yaml(outcome.progress.read_text(encoding="utf-8"), outcome.progress)
    paths = []

    def walk(node, path):  # noqa: ANN001, ANN202
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            paths.append((*path, k))
            walk(v, (*path, k))

    walk(original, ())
    import copy
    import random

    rng = random.Random(13)
    for n, path in enumerate(paths):
        tree = copy.deepcopy(original)
        node = tree
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = rng.choice([CommentedSeq([1, "a"]), CommentedMap(a=[1]), "x", 3, None, True])
        folder = tmp_path / f"m{n}"
        folder.mkdir()
        (folder / "2024.fazhi-progress.yaml").write_text(fast_yaml(tree), encoding="utf-8")
        result, printed = drive(ENTER * 60, folder, output=folder / "2024.yaml")
        assert result.status in ("interrupted", "stopped", "written"), (path, printed)


# ---------------------------------------------------------------- item 9
def finished_2024(tmp_path, check_block: bool = True):
    """samples/2024.yaml as a finished file (with last year's beside it), plus a `check:` block."""
    shutil.copy(SAMPLES / "2023.yaml", tmp_path / "2023.yaml")
    text = (SAMPLES / "2024.yaml").read_text(encoding="utf-8")
    if check_block:
        text += "\ncheck:\n  ignore: [FZ304]   # 沿用的表述，领导已同意\n"
    path = tmp_path / "2024.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def same_but(before, after, changed: dict[tuple[str, str], str]) -> None:
    """Every section, figure, custom figure and point of `after` equals `before`'s, but `changed`."""
    assert list(after.sections) == list(before.sections)
    for key, sec in before.sections.items():
        new = after.sections[key]
        want = {k: f.text for k, f in sec.figures.items()} | {k: v for (s, k), v in changed.items() if s == key}
        assert {k: f.text for k, f in new.figures.items()} == want, key
        assert [(k, d.label, d.unit, f.text) for k, d, f in new.custom] == [(k, d.label, d.unit, f.text)
                                                                          for k, d, f in sec.custom]
        assert [p.model_dump() for p in new.points] == [p.model_dump() for p in sec.points], key


def test_change_one_answer_from_the_summary(tmp_path, asked):
    """Issue 12 item 9: from the summary, pick the section, then the figure: only that one is
    asked again (the section is not answered again), its relations are checked at once."""
    indicators = [i.key for i in SPEC.section("disputes").indicators]
    keys = (meta_keys() + DOWN * section_index("disputes") + SPACE + ENTER
            + figures("disputes", {"reconsideration_received": "27", "reconsideration_accepted": "25",
                                   "reconsideration_concluded": "25"})
            + "n" + ENTER + closing_keys()[:-1]          # everything, up to the final menu
            + DOWN + ENTER                               # 修改某一个答案
            + DOWN + ENTER                               # the first section chosen: disputes
            + DOWN * (indicators.index("reconsideration_concluded") + 1) + ENTER + "30" + ENTER  # 30 > 25
            + DOWN + ENTER + CLEAR + "23" + ENTER        # 重新填写“审结” → 23
            + ENTER                                      # 完成，返回汇总
            + ENTER)                                     # write
    outcome, printed = drive(keys, tmp_path)
    assert outcome.status == "written", printed
    figs = load_report(outcome.yaml).report.sections["disputes"].figures
    assert {k: f.text for k, f in figs.items()} == {
        "reconsideration_received": "27", "reconsideration_accepted": "25", "reconsideration_concluded": "23"}
    asked_keys = [q.key for q in asked]
    assert asked_keys.count("disputes.reconsideration_received") == 1  # the section was not asked again
    assert asked_keys.count("disputes.reconsideration_concluded") == 3  # first, the edit, the re-entry
    relation = [q for q in asked if q.key == "disputes.relation"]
    assert len(relation) == 1 and relation[0].label.startswith("审结行政复议案件（30件）多于受理行政复议案件（25件）")
    edit_list = next(q for q in asked if q.key == "edit.disputes")
    assert [c.title for c in edit_list.choices][:4] == [
        "← 完成，返回汇总", "收到行政复议申请：27件", "受理行政复议案件：25件", f"{SPEC.indicator(indicators[2]).label}：（未填）"]


def test_change_a_point_from_the_summary(tmp_path):
    """Issue 12 item 9: a point is picked from the list and edited or deleted, nothing else asked."""
    keys = (meta_keys() + ENTER + figures("duty", {}) + "n"
            + point("第一条。") + point("第二条。") + ENTER
            + point("基层法治力量不足。") + ENTER + point("全面实施行政复议法。") + ENTER
            + DOWN + ENTER + DOWN + ENTER                         # 修改某一个答案 › duty
            + DOWN * (len(SPEC.section("duty").indicators) + 3) + ENTER  # 完成, figures, ＋数字, 要点1, 要点2
            + ENTER + CLEAR + "第二条，改过了。" + ENTER + ENTER           # 修改
            + ENTER + ENTER)                                      # 完成; write
    outcome, printed = drive(keys, tmp_path)
    assert outcome.status == "written", printed
    assert [p.text for p in load_report(outcome.yaml).report.sections["duty"].points] == ["第一条。", "第二条，改过了。"]


def test_new_on_a_finished_file_opens_the_summary(tmp_path):
    """Issue 12 item 9, in a real terminal: `fazhi-draft new -o 2024.yaml` on a finished file
    (no progress file) opens the summary; one figure is changed and written back; everything
    else (figures, points, comments, the `check:` block) is as it was; the old file is kept."""
    pexpect = pytest.importorskip("pexpect")
    path = finished_2024(tmp_path)
    original = path.read_text(encoding="utf-8")
    before = load_report(path).report
    functions = [i.key for i in SPEC.section("functions").indicators]
    child = _spawn("new", "-o", "2024.yaml", cwd=tmp_path)
    child.expect("打开已写好的 2024.yaml")
    child.expect("填写情况")
    child.expect("接下来")
    child.send(DOWN + "\r")                                   # 修改某一个答案
    child.expect("修改哪一部分")
    child.send(DOWN * 2 + "\r")                               # 基本信息, leadership, functions
    child.expect("改哪一项")
    child.send(DOWN * (functions.index("service_cases_online") + 1) + "\r")
    child.expect("网上办件")
    child.expect("去年：")
    child.send("35万\r")
    child.expect("改哪一项")
    child.send("\r")                                          # 完成，返回汇总
    child.expect("接下来")
    child.send("\r")                                          # 写回
    child.expect("原来的 2024.yaml 已另存为 2024.yaml.bak")
    child.expect("已生成")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (tmp_path / "2024.yaml.bak").read_text(encoding="utf-8") == original
    text = path.read_text(encoding="utf-8")
    same_but(before, load_report(path).report, {("functions", "service_cases_online"): "35万"})
    for comment in ("# 整理：县司法局法治督察股（县委依法治县办），数字截至2024年12月31日。",
                    "# 来源：县委编办 1月13日报送《县级部门权责清单（2024年调整版）》",
                    "# 县政府常务会议3月6日审议通过，次日印发", "# 另有3件结转2025年",
                    "# 沿用的上一年度文件，核对时自动同比", "# 沿用的表述，领导已同意"):
        assert comment in text, comment
    assert "check:\n  ignore: [FZ304]" in text
    assert (tmp_path / "2024.docx").exists() and not (tmp_path / "2024.fazhi-progress.yaml").exists()


def test_only_one_section_when_figures_arrive_late(tmp_path, asked):
    """Issue 12 item 9: `new -o 2024.yaml --section 社会矛盾` asks that section only (its saved
    answers as defaults), then the summary; nothing else changes."""
    path = finished_2024(tmp_path, check_block=False)
    before = load_report(path).report
    keys = (figures("disputes", {"petitions_received": "1100"}) + ENTER   # no custom figure
            + ENTER * 3 + ENTER                                            # keep this year's 3 points; no new
            + ENTER + ENTER)                                               # write; the draft: replace
    outcome, printed = drive(keys, tmp_path, output=path, section="社会矛盾")
    assert outcome.status == "written", printed
    assert "打开已写好的 2024.yaml：只填写“健全社会矛盾纠纷行政预防调处化解体系，促进社会公平正义”" in printed
    same_but(before, load_report(path).report, {("disputes", "petitions_received"): "1100"})
    figure_keys = {q.key.split(".")[0] for q in asked if q.type == "figure"}
    assert figure_keys == {"disputes"}
    q = next(q for q in asked if q.key == "disputes.reconsideration_received")
    assert q.default == "63" and "去年：46" in q.note  # this year's saved answer; last year's beside it


@pytest.mark.parametrize("given, key", [
    ("disputes", "disputes"), ("健全社会矛盾纠纷行政预防调处化解体系，促进社会公平正义", "disputes"),
    ("社会矛盾", "disputes"), ("不足", "shortcomings"), ("工作安排", "plans"), ("第一责任人", "duty"),
])
def test_section_names_accepted(given, key):
    """Issue 12 item 9: --section takes the key, the Chinese title or a unique part of it."""
    from fazhi_draft.questionnaire.start import resolve_section

    assert resolve_section(SPEC, given) == key


def test_unknown_or_ambiguous_section_is_a_usage_error(tmp_path):
    """Issue 12 item 9: an unknown or ambiguous --section is exit 2 with the keys listed."""
    pexpect = pytest.importorskip("pexpect")
    for given, said in (("没有这节", "没有叫“没有这节”的小节"), ("健全", "“健全”不止一节")):
        child = _spawn("new", "-o", "2025.yaml", "--section", given, cwd=tmp_path)
        child.expect(said)
        child.expect("disputes（")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 2
    assert not list(tmp_path.iterdir())


def test_readme_documents_the_per_answer_edit_and_section():
    """Issue 12 item 9: the README's 问卷 section says how to change one answer and use --section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 问卷"):readme.index("## 输入文件")]
    for words in ("修改某一个答案", "fazhi-draft new -o 2024.yaml --section disputes", "2024.yaml.bak",
                  "? 修改哪一部分？", "? “依法全面履行政府职能”：改哪一项？ 网上办件量：34.8万件",
                  "fazhi-draft new -o 2024.yaml --section 社会矛盾", "今年不写的数字", ".damaged-"):
        assert words in section, words


def test_ctrl_c_while_changing_a_finished_file_resumes_and_writes_back(tmp_path):
    """Issue 12 item 9: Ctrl-C in the edit menu of a reopened file saves (exit as interrupted);
    the next run resumes at the summary and still writes back to the same file, with a backup."""
    path = finished_2024(tmp_path, check_block=False)
    before = load_report(path).report
    functions = [i.key for i in SPEC.section("functions").indicators]
    keys = (DOWN + ENTER + DOWN * 2 + ENTER + DOWN * (functions.index("service_cases_online") + 1) + ENTER
            + "35万" + ENTER + "\x03")
    outcome, printed = drive(keys, tmp_path, output=path)
    assert outcome.status == "interrupted", printed
    assert load_report(path).report.sections["functions"].figures["service_cases_online"].text == "34.8万"
    outcome, printed = drive(ENTER + ENTER, tmp_path, output=path)  # resume: only unanswered; write
    assert outcome.status == "written", printed
    assert "原来的 2024.yaml 已另存为 2024.yaml.bak" in printed
    same_but(before, load_report(path).report, {("functions", "service_cases_online"): "35万"})
    assert "━━ 第" not in printed  # no section asked again


def test_offices_and_contact_come_along_with_last_year(tmp_path):
    """Issue 17 item 1: a county's renamed offices and the forms' contact are kept by
    `new --from` (next year's forms go to the same 县直部门 names), and the run says so."""
    last = from_2023(tmp_path)
    text = last.read_text(encoding="utf-8").replace(
        "meta:\n", "meta:\n  contact: 县司法局法治督察股 张明 0571-6512345\n", 1)
    last.write_text(text + "offices:\n  司法局: 县司法局\n  legal_aid_cases: 县法律援助中心\n", encoding="utf-8")
    outcome, printed = drive(only("leadership") + figures("leadership", {}) + "n" + ENTER * 5,
                             tmp_path, from_file=last)
    assert outcome.status == "written", printed
    assert "沿用去年的报送单位（offices）和报送表联系人（县司法局法治督察股 张明 0571-6512345）" in printed
    report = load_report(outcome.yaml).report
    assert report.offices == {"司法局": "县司法局", "legal_aid_cases": "县法律援助中心"}
    assert report.meta.contact == "县司法局法治督察股 张明 0571-6512345"
    result = run_cli("status", str(outcome.yaml))
    assert "县司法局" in result.stdout and "县法律援助中心" in result.stdout, result.stdout


def test_wording_comes_along_with_last_year_but_not_what_names_last_year(tmp_path):
    """Issue 15 item 4: a county's way of wording (宗 for 件, 特此报告。, a lead-in switched off,
    the rates it prints) is kept by `new --from`; the period and a lead-in in the author's own
    words speak of last year, so they are left out, and the run says so."""
    last = from_2023(tmp_path)
    last.write_text(last.read_text(encoding="utf-8") + (
        "wording:\n  units: {件: 宗}\n  period: 截至11月底\n  rates: [reconsideration_correction_rate]\n"
        "  shortcomings_leadin: false\n  plans_leadin: 2024年，我县将着力做好以下工作：\n  closing: 特此报告。\n"),
        encoding="utf-8")
    outcome, printed = drive(only("leadership") + figures("leadership", {}) + "n" + ENTER * 5,
                             tmp_path, from_file=last)
    assert outcome.status == "written", printed
    assert "沿用去年的措辞设置（wording）" in printed
    assert "去年 wording 里的 period、plans_leadin 说的是去年，未沿用" in printed
    wording = load_report(outcome.yaml).report.wording
    assert wording.units == {"件": "宗"} and wording.closing == "特此报告。"
    assert wording.rates == ["reconsideration_correction_rate"] and wording.shortcomings_leadin is False
    assert wording.period is None and wording.plans_leadin is True
