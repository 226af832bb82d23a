"""The questionnaire, driven for real: prompt_toolkit pipe input, and a pseudo-terminal.

Keystrokes are built from the structure spec (one answer per indicator, in spec order), so
adding an indicator to the spec does not break these tests.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from conftest import ROOT, SAMPLES, run_cli, run_process
from fazhi_draft.questionnaire import questions
from fazhi_draft.questionnaire import run_new
from fazhi_draft.questionnaire.section_points import split_point
from fazhi_draft.questionnaire.progress import fast_yaml, progress_path
from fazhi_draft.questionnaire.relations import relation_problems
from fazhi_draft.questionnaire.reuse import shift_years, year_map
from fazhi_draft.questionnaire.state import State
from fazhi_draft.figures.numbers import parse_figure
from fazhi_draft.structure import load_spec
from fazhi_draft.input.load import load_report
from fazhi_draft.input.parse import parse_yaml

TODAY = dt.date(2025, 3, 10)
ENTER, DOWN, SPACE, CLEAR, CTRL_C = "\r", "\x1b[B", " ", "\x15", "\x03"
SPEC = load_spec()


def point(text: str) -> str:
    """A point typed into the multi-line box: two Enters finish it."""
    return text.replace("\n", ENTER) + ENTER + ENTER


def figures(section: str, answers: dict[str, str]) -> str:
    """One answer per indicator of `section`, in spec order; Enter (skip/keep) for the rest."""
    return "".join(answers.get(i.key, "") + ENTER for i in SPEC.section(section).indicators)


def drive(keys: str, cwd: Path, **kwargs) -> tuple:
    """Run the real questionnaire on piped keystrokes; returns (outcome, what it printed).

    The pipe is closed after the keys: running out of keys ends the run like Ctrl-D
    (progress saved) instead of hanging the test.
    """
    out = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        outcome = run_new(out=out, pt_input=pipe, pt_output=DummyOutput(), today=TODAY, cwd=cwd, **kwargs)
    return outcome, out.getvalue()


@pytest.fixture
def asked(monkeypatch) -> list[questions.Question]:
    """Every question record asked, in order (the real prompts still run)."""
    seen: list[questions.Question] = []
    real = questions.ask

    def recording(q: questions.Question):
        seen.append(q)
        return real(q)

    monkeypatch.setattr(questions, "ask", recording)
    return seen


def meta_keys(organ: str = "青山县人民政府") -> str:
    # organ, kind (guessed from the name), year (default 2024), date
    return organ + ENTER + ENTER + ENTER + CLEAR + "2025年3月5日" + ENTER


def closing_keys() -> str:
    """duty (figures skipped, no custom figure, one point), shortcomings, plans; then write."""
    return (figures("duty", {}) + "n" + point("县长带头讲授法治课，亲自督办复议纠错案件。") + ENTER
            + point("基层法治力量不足。") + ENTER
            + point("全面实施行政复议法。") + ENTER
            + ENTER)  # final menu: 生成 YAML 和 Word 初稿


def section_index(key: str) -> int:
    return [s.key for s in SPEC.sections].index(key)


# ---------------------------------------------------------------- (a) from nothing to a .docx
def test_from_nothing_to_docx(tmp_path, asked):
    keys = (meta_keys()
            + DOWN * section_index("disputes") + SPACE + ENTER  # add 社会矛盾纠纷 to the required parts
            + figures("disputes", {"reconsideration_received": "２７",  # full-width digits
                                   "reconsideration_accepted": "25", "reconsideration_concluded": "25",
                                   "disputes_resolved": "?"})
            + "y" + "12345热线转办纠纷" + ENTER + "件" + ENTER + "320" + ENTER + "n"  # a custom figure
            + point("深化诉源治理\n坚持和发展新时代“枫桥经验”，推进复议调解。") + ENTER
            + closing_keys())
    outcome, printed = drive(keys, tmp_path)

    assert outcome.status == "written", printed
    assert outcome.yaml == tmp_path / "2024.yaml"
    report = load_report(outcome.yaml).report
    assert (report.meta.organ, report.meta.kind, report.meta.year) == ("青山县人民政府", "county", 2024)
    assert report.meta.date == dt.date(2025, 3, 5)
    disputes = report.sections["disputes"]
    assert {k: f.text for k, f in disputes.figures.items()} == {
        "reconsideration_received": "27", "reconsideration_accepted": "25",
        "reconsideration_concluded": "25", "disputes_resolved": "待补"}
    assert [(d.label, f.text, d.unit) for _, d, f in disputes.custom] == [("12345热线转办纠纷", "320", "件")]
    assert disputes.points[0].title == "深化诉源治理"
    assert disputes.points[0].text.startswith("坚持和发展新时代")
    for key in ("duty", "shortcomings", "plans"):
        assert report.sections[key].points and not report.sections[key].points[0].carried
    text = outcome.yaml.read_text(encoding="utf-8")
    assert "# 收到行政复议申请（件）" in text  # label comments
    with zipfile.ZipFile(outcome.docx) as z:
        body = z.read("word/document.xml").decode("utf-8")
    assert "青山县人民政府" in body and "【待补：" in body
    assert not progress_path(outcome.yaml).exists()  # done: the progress file is gone
    # the prompts came from the spec: label with unit, the hint below
    q = next(q for q in asked if q.key == "disputes.reconsideration_received")
    assert q.label == "收到行政复议申请（件）" and "含上年结转的不计" in q.hint
    assert "填写情况" in printed and "合计" in printed  # the summary table


# ---------------------------------------------------------------- (b) --from last year, all defaults
def test_from_last_year_accepting_every_default(tmp_path, asked):
    last = tmp_path / "2023.yaml"
    shutil.copy(SAMPLES / "2023.yaml", last)
    outcome, printed = drive(ENTER * 800, tmp_path, from_file=last)

    assert outcome.status == "written", printed
    assert outcome.yaml == tmp_path / "2024.yaml" and outcome.docx.exists()
    before, after = load_report(last).report, load_report(outcome.yaml).report
    assert after.meta.year == before.meta.year + 1 == 2024
    assert after.meta.organ == before.meta.organ and after.meta.reused_from == "2023.yaml"
    assert after.meta.date == TODAY
    assert set(after.sections) == {k for k, s in before.sections.items() if not s.is_empty}
    for key, sec in before.sections.items():
        new = after.sections[key]
        assert {k: f.text for k, f in new.figures.items()} == {k: f.text for k, f in sec.figures.items()}, key
        assert [(d.label, f.text) for _, d, f in new.custom] == [(d.label, f.text) for _, d, f in sec.custom]
        assert [(p.title, p.text) for p in new.points] == [(p.title, p.text) for p in sec.points]
        assert all(p.carried for p in new.points)  # kept, flagged until confirmed
    # last year's value is shown at every figure prompt, as the default
    q = next(q for q in asked if q.key == "disputes.reconsideration_received")
    assert q.note.startswith("去年：46") and q.default == "46"
    # last year's year in carried text is pointed out
    assert "文中有“2023年”，是否应改为2024年？" in printed
    assert "文中有“2024年”，是否应改为2025年？" in printed  # in last year's plans for "next year"


def test_last_years_figures_are_offered_as_written(tmp_path):
    last = tmp_path / "2023.yaml"
    last.write_text("meta: {organ: 青山县司法局, kind: department, year: 2023, date: 2024-03-01}\n"
                    "measures:\n  legal_education:\n    figures:\n"
                    "      officials_law_exam_pass_rate: 99%以上\n      publicity_audience: 超过18万\n"
                    "      publicity_events: ２０\n", encoding="utf-8")
    outcome, printed = drive(ENTER * 60, tmp_path, from_file=last)
    assert outcome.status == "written", printed
    figs = load_report(outcome.yaml).report.sections["legal_education"].figures
    assert {k: (f.before, f.text, f.after) for k, f in figs.items()} == {
        "officials_law_exam_pass_rate": ("", "99", "以上"), "publicity_audience": ("超过", "18万", ""),
        "publicity_events": ("", "20", "")}
    assert "officials_law_exam_pass_rate: 99%以上" in outcome.yaml.read_text(encoding="utf-8")


def test_newest_yaml_in_the_folder_is_offered(tmp_path):
    shutil.copy(SAMPLES / "2023.yaml", tmp_path / "2023.yaml")
    outcome, printed = drive(ENTER + ENTER + CTRL_C, tmp_path)  # reuse? yes; organ: keep; Ctrl-C
    assert outcome.status == "interrupted"
    state, output = State.from_tree(parse_yaml(outcome.progress.read_text(encoding="utf-8"), outcome.progress), SPEC)
    assert output == "2024.yaml" and state.meta == {"organ": "桐溪县人民政府", "reused_from": "2023.yaml"}


def test_carried_point_can_be_confirmed_shifted_edited_or_dropped(tmp_path):
    last = tmp_path / "2023.yaml"
    shutil.copy(SAMPLES / "2023.yaml", last)
    before = load_report(last).report.sections["leadership"].points
    assert "2023年" not in before[0].text and "2023年" in before[1].text and "2023年" not in before[2].text
    # meta: defaults; sections: every one was filled last year, so "a" unticks all; tick leadership
    keys = (ENTER * 4 + "a" + SPACE + ENTER + figures("leadership", {}) + "n"
            + "2" + ENTER                      # point 1: 确认沿用
            + "3" + ENTER                      # point 2 names 2023年: shift the year
            + "4" + ENTER                      # point 3: 删除 (no year choice offered)
            + point("新写的一条。") + ENTER + ENTER)
    outcome, printed = drive(keys, tmp_path, from_file=last)
    assert outcome.status == "written", printed
    after = load_report(outcome.yaml).report.sections["leadership"].points
    assert [(p.text, p.carried) for p in after] == [
        (before[0].text, False),
        (before[1].text.replace("2023年", "2024年"), True),
        ("新写的一条。", False)]
    assert "注意：“党政主要负责人履行推进法治建设第一责任人职责情况”是规定必须报告的内容" in printed


# ---------------------------------------------------------------- (c) Ctrl-C halfway, then resume
def test_ctrl_c_then_resume_keeps_every_answer(tmp_path):
    first = meta_keys() + ENTER + "3" + ENTER + "4" + CTRL_C  # sections: defaults; duty: 3, then 4 half-typed
    outcome, printed = drive(first, tmp_path)
    assert outcome.status == "interrupted"
    assert outcome.progress == tmp_path / "2024.fazhi-progress.yaml"
    assert "已保存到 2024.fazhi-progress.yaml" in printed and "fazhi-draft new -o 2024.yaml" in printed
    partial = load_report(outcome.progress).report  # the progress file is itself an input YAML
    assert partial.meta.organ == "青山县人民政府"
    assert {k: f.text for k, f in partial.sections["duty"].figures.items()} == {"principal_meetings_chaired": "3"}

    duty = SPEC.section("duty").indicators
    rest = "".join(("5" if i == 1 else "") + ENTER for i in range(1, len(duty)))
    second = (ENTER  # resume: only the questions not answered yet
              + rest + "n" + point("县长带头讲授法治课。") + ENTER
              + point("基层法治力量不足。") + ENTER + point("全面实施行政复议法。") + ENTER + ENTER)
    outcome, printed = drive(second, tmp_path, output=Path("2024.yaml"))
    assert outcome.status == "written", printed
    report = load_report(outcome.yaml).report
    assert report.meta.date == dt.date(2025, 3, 5) and report.meta.organ == "青山县人民政府"
    assert {k: f.text for k, f in report.sections["duty"].figures.items()} == {
        "principal_meetings_chaired": "3", duty[1].key: "5"}
    assert [p.text for p in report.sections["plans"].points] == ["全面实施行政复议法。"]
    assert not outcome.progress


def test_resume_confirming_every_answer_keeps_them_as_defaults(tmp_path):
    first = meta_keys() + ENTER + "3" + ENTER + CTRL_C
    drive(first, tmp_path)
    second = (DOWN + ENTER  # resume: 从头逐题确认
              + ENTER * 5   # organ, kind, year, date, sections: the saved answers are the defaults
              + ENTER * len(SPEC.section("duty").indicators) + "n"
              + point("履职情况。") + ENTER + point("不足。") + ENTER + point("安排。") + ENTER + ENTER)
    outcome, printed = drive(second, tmp_path)
    assert outcome.status == "written", printed
    report = load_report(outcome.yaml).report
    assert report.meta.date == dt.date(2025, 3, 5)
    assert {k: f.text for k, f in report.sections["duty"].figures.items()} == {"principal_meetings_chaired": "3"}


# ---------------------------------------------------------------- (d) bad answers asked again
def test_bad_answers_are_asked_again(tmp_path, asked):
    keys = (meta_keys("青山县人民政府").replace("2025年3月5日", "2025年13月5日" + ENTER + CLEAR + "2025-03-05")
            + DOWN * section_index("disputes") + SPACE + ENTER
            + figures("disputes", {
                "reconsideration_received": "二十七" + ENTER + CLEAR + "-3" + ENTER + CLEAR + "27.5"
                                            + ENTER + CLEAR + "127",
                "reconsideration_accepted": "130" + ENTER + DOWN + ENTER + CLEAR + "125",  # > 127: re-enter
                "reconsideration_correction_rate": "120" + ENTER + CLEAR + "8"})
            + "n" + ENTER + closing_keys())
    outcome, printed = drive(keys, tmp_path)
    assert outcome.status == "written", printed
    disputes = load_report(outcome.yaml).report.sections["disputes"]
    assert disputes.figures["reconsideration_received"].text == "127"
    assert disputes.figures["reconsideration_accepted"].text == "125"
    assert disputes.figures["reconsideration_correction_rate"].text == "8"
    relation = [q for q in asked if q.key == "disputes.relation"]
    assert len(relation) == 1
    assert relation[0].label.startswith("受理行政复议案件（130件）多于收到行政复议申请（127件）")
    assert [c.title for c in relation[0].choices] == [
        "确定无误，保留", "重新填写“受理行政复议案件”", "重新填写“收到行政复议申请”"]
    # the reasons the prompt shows, from the same validators
    check = next(q for q in asked if q.key == "disputes.reconsideration_received").validate
    assert "不是数字" in check("二十七") and check("-3") == "不能是负数，请填写 0 或正数" and "应为整数" in check("27.5")
    assert "超过100" in next(q for q in asked if q.key == "disputes.reconsideration_correction_rate").validate("120")
    assert check("") is None and check("２７") is None and check("待补") is None


def test_a_relation_kept_is_not_asked_again(tmp_path, asked):
    keys = (meta_keys() + DOWN * section_index("disputes") + SPACE + ENTER
            + figures("disputes", {"reconsideration_received": "27",
                                   "reconsideration_accepted": "30" + ENTER})  # then 确定无误，保留
            + "n" + ENTER + closing_keys())
    outcome, printed = drive(keys, tmp_path)
    assert outcome.status == "written", printed
    assert load_report(outcome.yaml).report.sections["disputes"].figures["reconsideration_accepted"].text == "30"
    assert sum(q.key == "disputes.relation" for q in asked) == 1


# ---------------------------------------------------------------- a real terminal
def _spawn(*args: str, cwd: Path):
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    return pexpect.spawn(sys.executable, ["-m", "fazhi_draft", *args], cwd=str(cwd), env=env,
                         encoding="utf-8", timeout=20, dimensions=(40, 160))


def test_terminal_ctrl_c_resume_and_a_bad_answer(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    duty = SPEC.section("duty").indicators
    child = _spawn("new", "-o", "报告 2024.yaml", cwd=tmp_path)  # a Chinese name with a space
    for label, keys in (("机关名称", "青山县人民政府\r"), ("机关类型", "\r"), ("报告年度", "\r"),
                        ("成文日期", "\r"), ("哪些部分", "\r"), (duty[0].label, "3\r")):
        child.expect(label)
        child.send(keys)
    child.expect(duty[1].label)
    child.send(CTRL_C)
    child.expect("已中断")
    child.expect('fazhi-draft new -o "报告 2024.yaml"')
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert (tmp_path / "报告 2024.fazhi-progress.yaml").exists()

    child = _spawn("new", "-o", "报告 2024.yaml", cwd=tmp_path)
    child.expect("发现上次未填完的问卷")
    child.send("\r")
    child.expect(duty[1].label)  # the first answers are not asked again
    child.send("两次\r")
    child.expect("不是数字")  # the reason, shown at the prompt
    child.send(CLEAR + "2\r")
    for ind in duty[2:]:
        child.expect(ind.label)
        child.send("\r")
    child.expect("标准结构里没有的数字")
    child.send("n")
    for text in ("县长带头讲授法治课。", "基层法治力量不足。", "全面实施行政复议法。"):
        child.expect("第1条")
        child.send(text + "\r\r")
        child.expect("第2条")
        child.send("\r")
    child.expect("接下来")
    child.send("\r")
    child.expect("已生成")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    report = load_report(tmp_path / "报告 2024.yaml").report
    assert {k: f.text for k, f in report.sections["duty"].figures.items()} == {duty[0].key: "3", duty[1].key: "2"}
    assert (tmp_path / "报告 2024.docx").exists()
    assert not (tmp_path / "报告 2024.fazhi-progress.yaml").exists()


def test_bare_command_in_a_terminal_offers_the_questionnaire(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    child = _spawn(cwd=tmp_path)
    child.expect("常用命令")
    child.expect("现在开始按问卷填写本年度报告吗")
    child.send("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0 and not list(tmp_path.iterdir())


def test_no_terminal_points_to_render(tmp_path):
    """A real process whose stdin is a pipe: Environment.from_process sees no terminal."""
    result = run_process("new", "-o", str(tmp_path / "2024.yaml"), input="")
    assert result.returncode == 2
    assert "需要在终端中交互运行；已有 YAML 文件请用 fazhi-draft render 文件.yaml" in result.stderr


# ---------------------------------------------------------------- the pieces
def test_relations_are_checked_generically_from_the_spec():
    section = SPEC.section("enforcement")
    f = {k: parse_figure(v, whole=True, percent=False) for k, v in {
        "case_files_reviewed": "320", "case_files_excellent": "86", "case_files_good": "142",
        "case_files_passed": "84", "case_files_failed": "7"}.items()}
    problems = relation_problems(section, f, {"case_files_failed"})
    assert len(problems) == 1 and "等4项相加为319卷，与评查行政执法案卷（320卷）不一致" in problems[0].message
    assert problems[0].keys[:2] == ("case_files_failed", "case_files_reviewed")  # the new answer first
    f["case_files_failed"] = parse_figure("8", whole=True, percent=False)
    f["case_files_excellent_rate"] = parse_figure("30", whole=False, percent=True)
    (rate_problem,) = relation_problems(section, f, {"case_files_excellent_rate"})
    assert "计算应为26.9%" in rate_problem.message
    assert relation_problems(section, f, {"enforcement_officers"}) == []  # untouched: not re-asked


def test_years_in_carried_text():
    plans = SPEC.part("plans")
    shift = year_map(2023, 2024, plans)
    assert shift_years("制定《2024年工作要点》，总结2023年经验，推进（2023—2025年）行动", shift) == \
        "制定《2025年工作要点》，总结2024年经验，推进（2023—2025年）行动"
    assert year_map(2023, 2024, SPEC.part("measures")) == {2023: 2024}


def test_points_with_a_first_line_get_a_title():
    assert split_point("深化诉源治理\n坚持“枫桥经验”，\n推进调解。") == {"title": "深化诉源治理", "text": "坚持“枫桥经验”，推进调解。"}
    assert split_point("一段话。") == {"text": "一段话。"}


def test_progress_yaml_round_trips():
    state = State(meta={"organ": "桐溪县: “人民”政府 # 1", "kind": "county", "year": 2024, "date": "2025-03-10"},
                  chosen=["duty"], done={"meta": ["organ"], "duty": ["points+"]}, carried={"duty": ["keep"]})
    state.sections["duty"] = questionnaire_section()
    text = fast_yaml(state.to_tree(SPEC, output_name="2024.yaml"))
    again, output = State.from_tree(parse_yaml(text, Path("x.yaml")), SPEC)
    assert output == "2024.yaml"
    assert (again.meta, again.chosen, again.done, again.carried) == (state.meta, state.chosen, state.done, state.carried)
    assert again.sections["duty"] == state.sections["duty"]


def questionnaire_section():
    from fazhi_draft.questionnaire.state import SectionState

    return SectionState(figures={"principal_meetings_chaired": "1.5万", "principal_instructions": "3"},
                        custom={"custom_1": {"label": "讲座", "value": "2", "unit": "场"}},
                        points=[{"title": "标题", "text": "正文：有冒号", "carried": True}, {"text": "- 破折号开头"}])


def test_help_stays_light():
    result = run_cli("--help")
    assert result.returncode == 0 and "fazhi-draft new" in result.stdout
    code = "import sys, fazhi_draft.cli; print('questionary' in sys.modules, 'prompt_toolkit' in sys.modules)"
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["False", "False"]
