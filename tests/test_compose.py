"""The composer: wording from figures, derived rates, placeholders, numbering without gaps."""

from __future__ import annotations

import copy
import re

from fazhi_draft.compose.composer import compose
from fazhi_draft.structure import load_spec
from fazhi_draft.tree import Heading
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


def test_rates_are_derived_from_counts(tmp_path):
    dump = compose(_report(tmp_path)).dump()
    assert "综合纠错率52.2%" in dump  # 12 / 23
    assert "出庭应诉率97.5%" in dump  # 39 / 40


def test_absent_figures_leave_no_clause(tmp_path):
    dump = compose(_report(tmp_path)).dump()
    assert "不予受理" not in dump and "败诉" not in dump
    assert "{" not in dump and "None" not in dump


def test_chinese_number_forms_kept_as_written(tmp_path):
    assert "受理矛盾纠纷1.39万件" in compose(_report(tmp_path)).dump()


def test_pending_figure_is_a_highlighted_placeholder(tmp_path):
    doc = compose(_report(tmp_path))
    pending = [i for b in doc.blocks for i in getattr(b, "inlines", ()) if i.pending]
    assert [i.text for i in pending] == ["【待补：调解成功纠纷】", "【待补：存在的不足和原因】"]
    assert "调解成功【待补：调解成功纠纷】" in doc.dump()


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
    assert "纲要（2021—2025年）" not in compose(later).dump()  # never cite a plan past its period


def _numbers(doc, level):
    return [b.number for b in doc.blocks if isinstance(b, Heading) and b.level == level]


def test_sample_headings_numbered_in_order(sample_2024):
    doc = compose(load_report(sample_2024).report)
    assert _numbers(doc, 1) == ["一、", "二、", "三、", "四、"][: len(_numbers(doc, 1))]
    n2 = _numbers(doc, 2)
    assert n2 == [f"（{c}）" for c in "一二三四五六七八九十"][: len(n2)] and len(n2) >= 8


def test_dropping_a_section_renumbers_without_gap(sample_2024):
    spec = load_spec()
    tree = parse_yaml(sample_2024.read_text(encoding="utf-8"), sample_2024)
    full = compose(validate(tree, spec, sample_2024))
    dropped = copy.deepcopy(tree)
    del dropped["measures"]["rules"]
    doc = compose(validate(dropped, spec, sample_2024))
    titles_full = [b.title for b in full.blocks if isinstance(b, Heading) and b.level == 2]
    titles = [b.title for b in doc.blocks if isinstance(b, Heading) and b.level == 2]
    assert spec.section("rules").title in titles_full and spec.section("rules").title not in titles
    assert len(titles) == len(titles_full) - 1
    assert _numbers(doc, 2) == [f"（{c}）" for c in "一二三四五六七八九十"][: len(titles)]


def test_dropping_a_level_one_part_renumbers(tmp_path):
    text = MINI + "other: [另有说明。]\n"
    with_other = compose(_report(tmp_path, text))
    assert _numbers(with_other, 1) == ["一、", "二、", "三、", "四、", "五、"]
    # measures emptied: the part is required, so it stays with a placeholder; other parts keep order
    assert re.search(r"H1 五、其他需要报告的情况", with_other.dump())


def test_long_titles_break_at_a_seam_short_ones_do_not():
    from fazhi_draft.compose.composer import title_lines

    assert title_lines("桐溪县人民政府关于2024年度法治政府建设情况的报告") == \
        "桐溪县人民政府关于2024年度\n法治政府建设情况的报告"
    assert title_lines("桐溪县司法局2024年度工作报告") == "桐溪县司法局2024年度工作报告"
    long_organ = "某某自治州某某市某某区人民政府办公室关于2024年度法治政府建设情况的报告"
    assert title_lines(long_organ) == "某某自治州某某市某某区人民政府办公室\n关于2024年度法治政府建设情况的报告"
