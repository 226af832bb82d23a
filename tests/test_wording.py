"""Issue 15 items 3 and 4: the tool's sentences claim nothing the data does not say, and a
report words them its own way (`wording:`): unit words, period, derived rates, lead-ins,
closing line.

Each test renders a .docx through the real command and reads it back as Word would show it
(paragraph by paragraph), or checks the one-line message a bad setting gets.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest

from conftest import ROOT, SAMPLES, run_cli
from fazhi_draft.compose.wording import templates_dir
from fazhi_draft.structure import load_spec
from test_questionnaire import asked  # noqa: F401  (the fixture: every question record asked)

SPEC = load_spec()

REPORT = """\
meta: {organ: 桐溪县人民政府, kind: county, year: 2024, date: 2025-03-10}
measures:
  disputes:
    figures:
      reconsideration_received: 27
      reconsideration_accepted: 25
      reconsideration_concluded: 23
      reconsideration_upheld: 10
      reconsideration_revoked: 8
      reconsideration_corrected: 12
      hotline: {label: 12345热线转办纠纷, value: 320, unit: 件}
    points:
      - 全年办结复议案件13件，其中调解结案4件。
  oversight:
    figures: {litigation_cases: 40, litigation_heads_appeared: 39}
duty: [县长带头学法。]
shortcomings: [基层执法力量不足。]
plans: [加强行政执法监督。]
"""


def render(tmp_path: Path, text: str, *extra: str) -> list[docx.text.paragraph.Paragraph]:
    """The paragraphs of the .docx `fazhi-draft render` writes for input `text`."""
    src = tmp_path / "in.yaml"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "in.docx"
    result = run_cli("render", str(src), "-o", str(out), "--force", *extra)
    assert result.returncode == 0, result.stderr
    return list(docx.Document(io.BytesIO(out.read_bytes())).paragraphs)


def body(tmp_path: Path, text: str, *extra: str) -> str:
    return "\n".join(p.text for p in render(tmp_path, text, *extra))


def with_wording(block: str, text: str = REPORT) -> str:
    return text + "wording:\n" + "".join(f"  {line}\n" for line in block.strip().splitlines())


def failure(tmp_path: Path, text: str) -> str:
    src = tmp_path / "in.yaml"
    src.write_text(text, encoding="utf-8")
    result = run_cli("check", str(src))
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stdout + result.stderr


# ------------------------------------------------------------------ item 4: unit words
def _every_jian_figure() -> str:
    """An input giving 1 to every indicator counted in 件, so every clause of every template
    that words a 件 figure is in the draft (the flat parts hold none)."""
    lines = ["meta: {organ: 云城区人民政府, kind: district, year: 2020, date: 2021-03-10}", "measures:"]
    for part in SPEC.parts:
        for section in part.sections:
            keys = [i.key for i in section.indicators if i.unit == "件"]
            if keys:
                assert not part.flat, section.key
                lines.append(f"  {section.key}:\n    figures: {{{', '.join(f'{k}: 1' for k in keys)}}}")
    lines += ["duty: [县长带头学法。]", "shortcomings: [基层执法力量不足，全年仅办结3件。]", "plans: [加强行政执法监督。]"]
    return "\n".join(lines) + "\n"


def _jian_clauses() -> int:
    """How many clauses of the templates word a figure counted in 件."""
    fields = re.findall(r"\{(\w+)\}", "".join(p.read_text(encoding="utf-8") for p in templates_dir().glob("*.j2")))
    return sum(1 for k in fields if k in SPEC.indicators and SPEC.indicator(k).unit == "件")


def test_units_swap_every_jian_of_the_tools_sentences_and_nothing_of_the_clerks(tmp_path):
    """Issue 15 item 4: `wording: {units: {件: 宗}}` (Guangdong reports count 宗): every clause
    the tool words for a 件 figure says 宗; the clerk's own points and the unit of a custom
    figure stay as the clerk wrote them."""
    text = body(tmp_path, with_wording("units: {件: 宗}"))
    assert "收到行政复议申请27宗，依法受理25宗，审结23宗，其中维持10宗、撤销8宗，纠错12宗" in text
    assert "办理行政应诉案件40宗" in text
    assert "全年办结复议案件13件，其中调解结案4件。" in text  # the clerk's point
    assert "12345热线转办纠纷320件" in text  # a custom figure in the clerk's own unit

    everything = with_wording("units: {件: 宗}", _every_jian_figure())
    text = body(tmp_path, everything, "--ignore-errors")
    assert re.findall(r"[0-9]件", text) == ["3件"]  # only in the clerk's own text
    assert text.count("1宗") >= _jian_clauses() > 100
    assert "即办件" not in text or "即办宗" not in text  # a word holding 件 is no unit


def test_units_of_different_meaning_are_refused_naming_the_line(tmp_path):
    """Issue 15 item 4: 人 and 人次 count different things (persons, person-times): the swap is
    refused in one message naming the file, the line and the setting, and saying what 人 may
    become instead."""
    text = with_wording("closing: 特此报告。\nunits:\n  件: 宗\n  人: 人次")
    out = failure(tmp_path, text)
    line = text.splitlines().index("    人: 人次") + 1
    assert f"in.yaml:{line}" in out or f"第{line}行" in out
    assert "wording.units.人" in out and "“人”不能换成“人次”" in out
    assert "名" in out  # what 人 may be swapped for
    assert "Traceback" not in out


def test_units_swap_only_known_settings(tmp_path):
    """Issue 15 item 4: a misspelt setting is named with a guess, like every key of the file."""
    out = failure(tmp_path, with_wording("unit: {件: 宗}"))
    assert "wording.unit" in out and "是不是“units”" in out


# ------------------------------------------------------------------ item 4: period
def test_a_december_report_says_so_far_this_year(tmp_path):
    """Issue 15 item 4: a report dated inside its own year (December) covers 今年以来, not 全年;
    dated the next year it is 全年; an explicit period is the author's words."""
    december = REPORT.replace("date: 2025-03-10", "date: 2024-12-20")
    text = body(tmp_path, december)
    assert "今年以来共收到行政复议申请27件" in text and "今年以来办理行政应诉案件40件" in text
    assert "全年" not in text.replace("全年办结复议案件13件", "")  # the clerk's point says 全年 itself
    assert "全年共收到行政复议申请27件" in body(tmp_path, REPORT)
    own = body(tmp_path, with_wording("period: 截至11月底", december))
    assert "截至11月底共收到行政复议申请27件" in own and "今年以来" not in own


# ------------------------------------------------------------------ item 3: derived rates
def test_no_derived_rate_is_printed_unless_asked(tmp_path):
    """Issue 15 item 3: a rate the author did not state is not printed (the counts are)."""
    text = body(tmp_path, REPORT)
    assert "纠错12件。" in text or "纠错12件，" in text
    assert "纠错率" not in text and "出庭应诉率" not in text


def test_rates_printed_when_asked_for_the_report(tmp_path):
    """Issue 15 item 3: `wording: {rates: true}` prints every rate the counts give;
    a list prints those named (by key or by name)."""
    text = body(tmp_path, with_wording("rates: true"))
    assert "纠错12件，纠错率52.2%" in text and "出庭应诉率97.5%" in text
    text = body(tmp_path, with_wording("rates: [reconsideration_correction_rate]"))
    assert "纠错率52.2%" in text and "出庭应诉率" not in text
    text = body(tmp_path, with_wording("rates: [行政机关负责人出庭应诉率]"))
    assert "出庭应诉率97.5%" in text and "纠错率" not in text


def test_rate_printed_when_asked_for_the_figure(tmp_path):
    """Issue 15 item 3: a rate given as 计算 in `figures:` is worked out from its counts and
    printed; with a count missing it is shown as still to come, never silently dropped."""
    asked = REPORT.replace("reconsideration_corrected: 12\n",
                           "reconsideration_corrected: 12\n      reconsideration_correction_rate: 计算\n")
    text = body(tmp_path, asked)
    assert "纠错12件，纠错率52.2%" in text and "出庭应诉率" not in text
    text = body(tmp_path, asked.replace("      reconsideration_corrected: 12\n", ""))
    assert "纠错率【待补：行政复议纠错率】" in text


def test_compute_only_where_a_rate_can_be_computed(tmp_path):
    """Issue 15 item 3: 计算 for a figure the spec cannot work out (a count, or a rate with
    no counts to divide) is refused, naming the line; the checker still computes a stated rate."""
    bad = REPORT.replace("reconsideration_accepted: 25", "reconsideration_accepted: 计算")
    out = failure(tmp_path, bad)
    line = bad.splitlines().index("      reconsideration_accepted: 计算") + 1
    assert f"in.yaml:{line}" in out or f"第{line}行" in out
    assert "“计算”只能用于能按件数算出的比率" in out
    stated = REPORT.replace("reconsideration_corrected: 12\n",
                            "reconsideration_corrected: 12\n      reconsideration_correction_rate: 30\n")
    assert "FZ204" in failure(tmp_path, stated)  # 12 / 23 is 52.2%, not 30%


def test_a_real_report_gets_no_rate_its_author_did_not_print(tmp_path):
    """Issue 15 item 3: 酉阳 2018 states 优秀 15 of 27 案卷 but prints no 优秀率: the draft prints
    none either; the 出庭应诉率 it prints is the author's own 14.3%, not the 16.7% its counts give."""
    out = tmp_path / "youyang.docx"
    src = ROOT / "tests" / "corpus" / "000_youyang_2018.yaml"
    result = run_cli("render", str(src), "-o", str(out), "--force", "--ignore-errors")
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert "评查" in text and "出庭" in text
    assert "优秀率" not in text and "55.6%" not in text
    assert "负责人出庭应诉率14.3%" in text and "16.7%" not in text


# ------------------------------------------------------------------ item 4: lead-ins, closing
TOOL_SHORTCOMINGS = "对照上级要求和人民群众期待，我县法治政府建设还存在一些不足："
TOOL_PLANS = "2025年，我县将重点抓好以下工作："


def _after(paragraphs: list, heading: str) -> list[str]:
    texts = [p.text for p in paragraphs]
    i = next(n for n, t in enumerate(texts) if t.endswith(heading))
    return texts[i + 1:]


def test_lead_ins_on_off_and_the_authors_own(tmp_path):
    """Issue 15 item 4: the lead-ins of 不足 and 安排 are the tool's by default, none with
    false (the author's points lead in themselves), or the author's own sentence."""
    paras = render(tmp_path, REPORT)
    assert _after(paras, "存在的不足和原因")[:2] == [TOOL_SHORTCOMINGS, "基层执法力量不足。"]
    assert _after(paras, "2025年工作安排")[:2] == [TOOL_PLANS, "加强行政执法监督。"]

    paras = render(tmp_path, with_wording("shortcomings_leadin: false\nplans_leadin: false"))
    assert _after(paras, "存在的不足和原因")[0] == "基层执法力量不足。"
    assert _after(paras, "2025年工作安排")[0] == "加强行政执法监督。"
    assert TOOL_SHORTCOMINGS not in [p.text for p in paras]

    own = "一年来，我县法治政府建设仍有差距，主要表现在："
    paras = render(tmp_path, with_wording(f"shortcomings_leadin: {own}\nplans_leadin: 2025年，我县将着力做好以下工作："))
    assert _after(paras, "存在的不足和原因")[:2] == [own, "基层执法力量不足。"]
    assert _after(paras, "2025年工作安排")[:2] == ["2025年，我县将着力做好以下工作：", "加强行政执法监督。"]
    assert TOOL_PLANS not in [p.text for p in paras]


def test_closing_line_before_the_signature(tmp_path):
    """Issue 15 item 4: `closing: 特此报告。` is its own body paragraph after the last part,
    right before the signature; without it there is none."""
    paras = render(tmp_path, with_wording("closing: 特此报告。"))
    texts = [p.text for p in paras]
    i = texts.index("特此报告。")
    assert texts[i - 1] == "加强行政执法监督。"
    assert [t for t in texts[i + 1:] if t.strip()][:2] == ["桐溪县人民政府", "2025年3月10日"]
    assert paras[i].style.name == paras[i - 1].style.name  # a body paragraph like the others
    assert "特此报告" not in body(tmp_path, REPORT)


def test_wording_settings_are_checked_with_file_and_line(tmp_path):
    """Issue 15 item 4: a setting of the wrong shape gets one message naming its line."""
    text = with_wording("rates: [reconsideration_corection_rate]\nplans_leadin: 3")
    out = failure(tmp_path, text)
    assert "wording.rates[1]：不是已知的能按件数算出的比率" in out and "是不是“reconsideration_correction_rate”" in out
    assert "wording.plans_leadin" in out and "应为 true" in out
    line = text.splitlines().index("  plans_leadin: 3") + 1
    assert f"in.yaml:{line}" in out or f"第{line}行" in out


# ------------------------------------------------------------------ item 3: no clause without a figure
BOILERPLATE = ("各项工作取得新进展", "摆在全局工作的重要位置", "依法应对突发事件的能力不断增强", "为依法决策提供法律支撑",
               "切实履行推进法治建设第一责任人职责", "推动法治建设责任落到实处", "深入开展法治宣传教育", "取得了一定成效",
               "严格落实备案审查制度", "动态调整权责清单")


def test_no_boilerplate_praise_in_the_samples(tmp_path):
    """Issue 15 item 3: success clauses no figure licenses are gone from the draft."""
    for sample in ("2023", "2024"):
        text = body(tmp_path, (SAMPLES / f"{sample}.yaml").read_text(encoding="utf-8"))
        found = [b for b in BOILERPLATE if b in text]
        assert not found, (sample, found)


@pytest.mark.parametrize("section", [s for s in SPEC.sections if s.indicators], ids=lambda s: s.key)
def test_every_clause_the_tool_writes_carries_its_figure(section, tmp_path):
    """Issue 15 item 3: with one figure given, the section's sentence holds that figure and
    nothing the figure does not license: every clause of it names a figure (or is the
    "…方面" that says what the sentence is about)."""
    from fazhi_draft.compose.composer import compose
    from fazhi_draft.input.load import load_report
    from fazhi_draft.tree import Paragraph

    for ind in section.indicators:
        value = 7 if ind.kind != "percent" else 70
        where = f"{section.key}:\n  figures: {{{ind.key}: {value}}}\n" if section.key in {p.key for p in SPEC.parts if p.flat} \
            else f"measures:\n  {section.key}:\n    figures: {{{ind.key}: {value}}}\n"
        src = tmp_path / "in.yaml"
        src.write_text("meta: {organ: 桐溪县人民政府, kind: county, year: 2024, date: 2025-03-10}\n" + where,
                       encoding="utf-8")
        doc = compose(load_report(src).report)
        said = [b.text for b in doc.blocks if isinstance(b, Paragraph) and "7" in b.text]
        if not said:
            continue  # an indicator no template words (its value is asked for and checked only)
        for sentence in said:
            clauses = [c for c in re.split("[，。；]", sentence) if c]
            bare = [c for c in clauses if not re.search("[0-9]", c) and not c.endswith("方面")]
            assert not bare, (ind.key, sentence, bare)


def test_docs_list_every_clause_of_every_template():
    """Issue 15 item 3: docs/wording.md lists each clause of each template with the figure
    that licenses it, so a new clause cannot slip in without its licence."""
    doc = (ROOT / "docs" / "wording.md").read_text(encoding="utf-8")
    missing = []
    for path in sorted(templates_dir().glob("*.j2")):
        for clause in re.findall(r'"([^"]*\{\w+\}[^"]*)"', path.read_text(encoding="utf-8")):
            if f"`{clause}`" not in doc:
                missing.append((path.name, clause))
    assert not missing, missing


# ------------------------------------------------------------------ the questionnaire and clerk text
def test_the_questionnaire_offers_and_keeps_compute(tmp_path, asked):
    """Issue 15 item 3: a rate given as 计算 last year is offered as 计算 again (not as this
    year's number), Enter keeps it, and the new file still asks for the rate to be computed;
    at the prompt 计算 is accepted for a rate with counts and refused for a count."""
    import shutil

    from test_questionnaire import ENTER, drive, figures
    from test_questionnaire_reuse import only
    from fazhi_draft.input.load import load_report

    for name in ("2023.yaml", "2024.yaml"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    keys = only("disputes", last="2024.yaml") + figures("disputes", {}) + "n" + ENTER * 30
    outcome, printed = drive(keys, tmp_path, from_file=tmp_path / "2024.yaml")
    assert outcome.status == "written", printed
    rate = next(q for q in asked if q.key == "disputes.reconsideration_correction_rate")
    assert rate.default == "计算" and rate.validate("计算") is None and "计算" in rate.hint
    count = next(q for q in asked if q.key == "disputes.reconsideration_received")
    assert "只能用于能按件数算出的比率" in count.validate("计算")
    assert load_report(outcome.yaml).report.sections["disputes"].compute == ["reconsideration_correction_rate"]


def test_braces_in_the_clerks_words_are_printed_as_written(tmp_path):
    """Issue 15 item 4: the period, like the self-reference, is the clerk's text inside the
    tool's sentences: braces in it are printed, never read as a figure's field (that was an
    internal error, exit 3)."""
    text = (REPORT.replace("date: 2025-03-10}", 'date: 2025-03-10, self_ref: "我{reconsideration_received}"}')
            .replace("measures:\n", "measures:\n  rules:\n    figures: {docs_cleaned_area: 5}\n", 1))
    text = with_wording('period: "{penalty_cases}期间"', text)
    out = body(tmp_path, text)
    assert "{penalty_cases}期间共收到行政复议申请27件" in out
    assert "全{reconsideration_received}共清理规范性文件5件" in out
