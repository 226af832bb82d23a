"""The composer: wording from figures, derived rates, placeholders, numbering without gaps."""

from __future__ import annotations

import copy

from fazhi_draft.compose.composer import compose
from fazhi_draft.structure import Spec, load_spec
from fazhi_draft.tree import Heading, Pending
from fazhi_draft.input.load import load_report
from fazhi_draft.input.parse import parse_yaml
from fazhi_draft.input.validate import validate

MINI = """\
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
      disputes_mediated: 1.39万
      disputes_resolved: 待补
      hotline: {label: 12345热线转办纠纷, value: 320, unit: 件}
    points:
      - 推进行政复议体制改革。
      - title: 深化诉源治理
        text: 坚持和发展新时代“枫桥经验”。
        items:
          - {title: 建强调解组织, text: 新建行业性专业性调委会3个。}
          - {title: 做实诉调对接, text: 在县法院设立诉调对接工作室。}
          - 不带小标题的补充说明。
  oversight:
    figures: {litigation_cases: 40, litigation_heads_appeared: 39}
duty: [县长带头学法。]
plans: [加强行政执法监督。]
"""


def _report(tmp_path, text=MINI):
    p = tmp_path / "in.yaml"
    p.write_text(text, encoding="utf-8")
    return load_report(p).report


def test_figures_become_standard_phrasing(tmp_path):
    dump = compose(_report(tmp_path)).dump()
    assert "全年共收到行政复议申请27件，依法受理25件，审结23件，其中维持10件、撤销8件，纠错12件" in dump


def test_rates_are_derived_from_counts_where_asked(tmp_path):
    """Issue 15 item 3: a rate the author did not state is printed only where asked."""
    assert "率" not in compose(_report(tmp_path)).dump()
    dump = compose(_report(tmp_path, MINI + "wording: {rates: true}\n")).dump()
    assert "纠错12件，纠错率52.2%" in dump  # 12 / 23: the 纠错率, not a 综合纠错率 (another basis)
    assert "出庭应诉率97.5%" in dump  # 39 / 40


def test_absent_figures_leave_no_clause(tmp_path):
    dump = compose(_report(tmp_path)).dump()
    assert "不予受理" not in dump and "败诉" not in dump
    assert "{" not in dump and "None" not in dump
    given = compose(_report(tmp_path, MINI.replace("litigation_cases: 40,", "litigation_cases: 40, litigation_lost: 2,")))
    assert "败诉2件" in given.dump()  # the same clause is there once its figure is given


def test_chinese_number_forms_kept_as_written(tmp_path):
    assert "受理矛盾纠纷1.39万件" in compose(_report(tmp_path)).dump()


def test_pending_figure_is_a_node_of_its_own(tmp_path):
    """Issue 14 item 4: a pending figure (and a required part left empty) is a `Pending` node
    naming what is missing, not text with marks in it for render and the writers to decode."""
    doc = compose(_report(tmp_path, MINI.replace("value: 320", "value: 待补")))
    assert [i for i in doc.inlines() if isinstance(i, Pending)] == [
        Pending("调解成功纠纷"), Pending("12345热线转办纠纷"), Pending("存在的不足和原因")]
    assert "调解成功【待补：调解成功纠纷】" in doc.dump()
    assert not [i for i in doc.inlines() if "\ue000" in i.text or "\ue001" in i.text]


def test_the_clerks_private_use_characters_are_text_not_placeholders(tmp_path):
    """Issue 14 item 4: the composer's placeholder marks were private-use characters decoded
    again from all the text, so a point, the opening or the self-reference holding
    U+E000…U+E001 became a 【待补：…】 placeholder (and was listed as pending by render)."""
    text = (MINI.replace("推进行政复议体制改革。", "推进\ue000行政复议\ue001体制改革。")
            .replace("kind: county,", "kind: county, self_ref: \"我\ue000县\ue001\",")
            .replace("plans: [加强行政执法监督。]", "opening: \"\ue000开头\ue001\"\nplans: [加强行政执法监督。]"))
    doc = compose(_report(tmp_path, text))
    assert [i.label for i in doc.inlines() if isinstance(i, Pending)] == ["调解成功纠纷", "存在的不足和原因"]
    dump = doc.dump()
    assert "P \ue000开头\ue001" in dump and "推进\ue000行政复议\ue001体制改革。" in dump
    assert "P 2025年，我\ue000县\ue001将重点抓好以下工作" in dump
    from fazhi_draft.verbs.render import render_file

    result = render_file(tmp_path / "in.yaml", tmp_path / "out.md", fmt="md", ignore_errors=True)
    assert result.pending == ["调解成功纠纷", "存在的不足和原因"]  # what `render` tells the clerk is left
    md = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "推进\ue000行政复议\ue001体制改革。" in md and md.count("**待补：") == 2


def test_custom_figure_is_kept(tmp_path):
    assert "12345热线转办纠纷320件" in compose(_report(tmp_path)).dump()


def test_titled_point_is_a_numbered_run_in_heading(tmp_path):
    doc = compose(_report(tmp_path))
    h3 = [b for b in doc.blocks if isinstance(b, Heading) and b.level == 3]
    assert [(h.number, h.title) for h in h3] == [("1.", "深化诉源治理。")]
    h4 = [b for b in doc.blocks if isinstance(b, Heading) and b.level == 4]
    assert [(h.number, h.title) for h in h4] == [("（1）", "建强调解组织。"), ("（2）", "做实诉调对接。")]
    assert "H4 （2）做实诉调对接。在县法院设立诉调对接工作室。\nP 不带小标题的补充说明。" in doc.dump()


def test_missing_required_part_shows_a_placeholder(tmp_path):
    dump = compose(_report(tmp_path)).dump()
    assert "H1 三、存在的不足和原因\nP 【待补：存在的不足和原因】" in dump


def test_title_and_plans_year(tmp_path):
    doc = compose(_report(tmp_path))
    assert doc.title == "桐溪县人民政府关于2024年度\n法治政府建设情况的报告"
    assert "H1 四、2025年工作安排" in doc.dump()
    assert doc.signature.date == "2025年3月10日"


def test_opening_names_the_outline_of_the_year(tmp_path):
    assert "《法治政府建设实施纲要（2021—2025年）》" in compose(_report(tmp_path)).dump()
    later = _report(tmp_path, MINI.replace("year: 2024", "year: 2026").replace("2025-03-10", "2027-03-10"))
    opening = compose(later).blocks[0].text
    assert "纲要（2021—2025年）" not in opening  # never cite a plan past its period
    assert opening.startswith("2026年，我县") and "认真落实党中央、国务院关于法治政府建设的决策部署" in opening


def _numbers(doc, level):
    return [b.number for b in doc.blocks if isinstance(b, Heading) and b.level == level and not b.body]


def _sections(doc):
    """The section headings (stand-alone level-2 headings; a titled point under a level-1
    part is a run-in level-2 heading since issue 15 item 1)."""
    return [(b.number, b.title) for b in doc.blocks if isinstance(b, Heading) and b.level == 2 and not b.body]


def test_sample_headings_numbered_in_order(sample_2024):
    """Issue 14 item 6: the lists compared were cut to the result's length, so an empty
    result passed. The 2024 sample has the four required parts and ten measures sections."""
    report = load_report(sample_2024).report
    doc = compose(report)
    assert _numbers(doc, 1) == ["一、", "二、", "三、", "四、"]
    given = [s for s in load_spec().part("measures").sections if s.key in report.sections]
    assert len(given) == 10
    assert _sections(doc) == [(f"（{c}）", s.title_for(2024)) for c, s in zip("一二三四五六七八九十", given)]


def test_dropping_a_section_renumbers_without_gap(sample_2024):
    spec = load_spec()
    tree = parse_yaml(sample_2024.read_text(encoding="utf-8"), sample_2024)
    full = compose(validate(tree, spec, sample_2024))
    dropped = copy.deepcopy(tree)
    del dropped["measures"]["rules"]
    doc = compose(validate(dropped, spec, sample_2024))
    titles_full = [title for _, title in _sections(full)]
    titles = [title for _, title in _sections(doc)]
    assert spec.section("rules").title in titles_full and spec.section("rules").title not in titles
    assert len(titles_full) == 10 and titles == [t for t in titles_full if t != spec.section("rules").title]
    assert _numbers(doc, 2) == [f"（{c}）" for c in "一二三四五六七八九"]


def _level1(doc):
    return [(b.number, b.title) for b in doc.blocks if isinstance(b, Heading) and b.level == 1]


def test_dropping_a_level_one_part_renumbers(tmp_path):
    """Issue 14 item 6: this test dropped nothing. Every part but the last (其他) is required,
    so here a spec makes 二、第一责任人 optional: without it the parts after it move up."""
    data = load_spec().model_dump()
    next(p for p in data["parts"] if p["key"] == "duty")["required"] = False
    spec = Spec.model_validate(data)
    text = MINI + "other: [另有说明。]\n"
    duty = "党政主要负责人履行推进法治建设第一责任人职责情况"
    assert _level1(compose(_report(tmp_path, text), spec)) == [
        ("一、", "主要举措和成效"), ("二、", duty), ("三、", "存在的不足和原因"), ("四、", "2025年工作安排"),
        ("五、", "其他需要报告的情况")]
    without_duty = text.replace("duty: [县长带头学法。]\n", "")
    assert _level1(compose(_report(tmp_path, without_duty), spec)) == [
        ("一、", "主要举措和成效"), ("二、", "存在的不足和原因"), ("三、", "2025年工作安排"), ("四、", "其他需要报告的情况")]
    # in the standard spec the part is required: it keeps its number and says what is missing
    doc = compose(_report(tmp_path, without_duty))
    assert _level1(doc)[1] == ("二、", duty) and f"H1 二、{duty}\nP 【待补：{duty}】" in doc.dump()


def test_long_titles_break_at_a_seam_short_ones_do_not():
    from fazhi_draft.compose.titles import title_lines

    assert title_lines("桐溪县人民政府关于2024年度法治政府建设情况的报告", 20) == \
        "桐溪县人民政府关于2024年度\n法治政府建设情况的报告"
    assert title_lines("桐溪县司法局2024年度工作报告", 20) == "桐溪县司法局2024年度工作报告"
    long_organ = "某某自治州某某市某某区人民政府办公室关于2024年度法治政府建设情况的报告"
    assert title_lines(long_organ, 20) == "某某自治州某某市某某区人民政府办公室\n关于2024年度法治政府建设情况的报告"


def test_the_title_line_comes_from_the_layout_profile(tmp_path):
    """Issue 14 item 2: the title's line length is the layout profile's (the type area over
    the title's size: 20 二号 characters), not a constant of the composer: a profile with a
    smaller title fits the whole title on one line."""
    from fazhi_draft.layout import LayoutProfile, load_profile

    gbt = load_profile()
    assert gbt.title_line_chars == 20
    data = gbt.model_dump()
    data["title"]["size_pt"] = {"value": 14, "source": "local", "note": ""}
    small = LayoutProfile.model_validate(data)
    assert small.title_line_chars == 31
    report = _report(tmp_path)
    assert compose(report).title == "桐溪县人民政府关于2024年度\n法治政府建设情况的报告"
    assert compose(report, layout=gbt).title == compose(report).title
    assert compose(report, layout=small).title == "桐溪县人民政府关于2024年度法治政府建设情况的报告"
