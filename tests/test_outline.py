"""`fazhi-draft outline` shows every part the regulation requires, and the spec is rich enough."""

from __future__ import annotations

from conftest import run_cli
from fazhi_draft.structure import RateOf, SumOf, load_spec

# The five items of 《法治政府建设与责任落实督察工作规定》 an annual report must contain.
REGULATION_ITEMS = ["主要举措和成效", "存在的不足和原因", "第一责任人职责", "下一年度推进法治政府建设的主要安排",
                    "其他需要报告的情况"]


def test_outline_shows_every_required_part():
    result = run_cli("outline")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for item in REGULATION_ITEMS:
        assert item in out, item
    for heading in ["一、主要举措和成效", "二、党政主要负责人履行推进法治建设第一责任人职责情况",
                    "三、存在的不足和原因", "四、<下一年>年工作安排", "五、其他需要报告的情况",
                    "标题", "署名", "日期"]:
        assert heading in out, heading
    assert "收到行政复议申请（件）  reconsideration_received" in out
    assert "关系：收到行政复议申请 ≥ 受理行政复议案件 ≥ 审结行政复议案件" in out


def test_outline_can_hide_figures():
    out = run_cli("outline", "--no-figures").stdout
    assert "（一）" in out and "reconsideration_received" not in out


def test_spec_covers_the_recurring_figures():
    spec = load_spec()
    assert len(spec.indicators) >= 60
    labels = "".join(i.label for i in spec.indicators.values())
    for topic in ["行政复议", "出庭应诉", "规范性文件", "执法证件", "案卷", "人民调解", "法律顾问",
                  "人大代表建议", "政协", "学法", "政务服务", "权责清单", "政府信息", "法治宣传"]:
        assert topic in labels, topic
    relations = [r for s in spec.sections for r in s.relations]
    assert sum(isinstance(r, SumOf) for r in relations) >= 4
    assert sum(isinstance(r, RateOf) for r in relations) >= 4


def test_every_section_has_a_template_naming_only_its_own_indicators():
    import re

    from fazhi_draft.compose.wording import templates_dir

    spec = load_spec()
    for section in spec.sections:
        text = (templates_dir() / section.template).read_text(encoding="utf-8")
        own = {i.key for i in section.indicators}
        named = set(re.findall(r"\{(\w+)(?::bare)?\}", text))
        assert named <= own, (section.key, named - own)
        assert own <= named, (section.key, "indicators never worded", own - named)
