"""Issue 15 item 1: the county's own titles and order.

Through the command, as a clerk would: a report that puts 第一责任人 first keeps it first; a
report of thematic top-level parts (no umbrella 主要举措和成效) is drafted that way, in the
file's order, each part under its own title; part 一 keeps its own title; the author's own
section (`title:` and `like:`) counts as the standard section it is like; a figure is checked
and compared with last year wherever it stands; titled points are numbered one level below
their heading. The JSON Schema editors read accepts these files.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import jsonschema
import pytest

from conftest import SAMPLES, run_cli

META = "meta: {organ: 酉阳自治县人民政府, kind: county, year: 2018, date: 2019-02-28}\n"

DUTY_FIRST = META + """\
duty:
  title: 主要负责人切实履行第一责任人职责
  points:
    - 县委、县政府主要负责人带头学法，县政府常务会议专题研究法治政府建设4次。
measures:
  leadership:
    points: [加强党对法治政府建设的领导。]
  disputes:
    figures: {reconsideration_received: 27, reconsideration_accepted: 25}
shortcomings: [基层执法力量不足。]
plans: [加强行政执法监督。]
"""

THEMATIC = META + """\
mechanism:
  title: 完善工作机制，打牢法治政府建设工作基础
  like: leadership
  points:
    - title: 加强组织领导
      text: 县政府领导带头参加案件的庭审活动。
      items:
        - {title: 健全制度, text: 出台议事规则。}
    - 落实述法制度。
functions:
  title: 深化“放管服”改革，依法全面履行政府职能
  points: [推进“一网通办”。]
decisions:
  title: 严格决策程序，促进依法科学民主决策
  points: [重大行政决策全部经过合法性审查。]
enforcement:
  title: 规范执法行为，推进严格规范公正文明执法
  points: [推行行政执法“三项制度”。]
review:
  title: 强化监督问责，确保权力规范运行
  like: oversight
  figures: {litigation_cases: 40, litigation_heads_appeared: 39}
  points: [自觉接受人大监督和政协民主监督。]
solving:
  title: 化解矛盾纠纷，维护社会和谐稳定
  like: disputes
  figures:
    reconsideration_received: 27
    reconsideration_accepted: 25
    reconsideration_concluded: 23
  points: [坚持和发展新时代“枫桥经验”。]
duty:
  title: 主要负责人切实履行第一责任人职责
  points: [县长带头学法。]
shortcomings:
  points:
    - {title: 基层法治力量不足, text: 乡镇执法人员偏少。}
plans: [加强行政执法监督。]
"""

THEMATIC_TITLES = ["完善工作机制，打牢法治政府建设工作基础", "深化“放管服”改革，依法全面履行政府职能",
                   "严格决策程序，促进依法科学民主决策", "规范执法行为，推进严格规范公正文明执法",
                   "强化监督问责，确保权力规范运行", "化解矛盾纠纷，维护社会和谐稳定",
                   "主要负责人切实履行第一责任人职责"]
CN = "一二三四五六七八九十"


def _write(tmp_path: Path, text: str, name: str = "in.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _render(tmp_path: Path, path: Path, fmt: str) -> str:
    out = tmp_path / f"draft.{fmt}"
    result = run_cli("render", str(path), "-o", str(out), "--format", fmt, "--force")
    assert result.returncode == 0, result.stderr
    if fmt == "docx":
        return "\n".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)
    return out.read_text(encoding="utf-8")


def _level1(text: str) -> list[str]:
    return re.findall(r"^[\s\u3000#]*([一二三四五六七八九十]+、.*)$", text, flags=re.M)


@pytest.mark.parametrize("fmt", ["docx", "txt"])
def test_duty_first_report_keeps_duty_first(tmp_path, fmt):
    """Issue 15 item 1: a report that puts 第一责任人 first is drafted with it first (it was
    silently moved behind 主要举措和成效), under the author's own title."""
    text = _render(tmp_path, _write(tmp_path, DUTY_FIRST), fmt)
    assert _level1(text) == ["一、主要负责人切实履行第一责任人职责", "二、主要举措和成效", "三、存在的不足和原因",
                             "四、2019年工作安排"]


@pytest.mark.parametrize("fmt", ["docx", "txt"])
def test_thematic_top_level_parts_in_the_files_order(tmp_path, fmt):
    """Issue 15 item 1: seven thematic top-level parts, each under its own title, no umbrella
    主要举措和成效, in the file's order (the spec's would put functions before the author's
    own mechanism section and duty after every measure)."""
    text = _render(tmp_path, _write(tmp_path, THEMATIC), fmt)
    assert _level1(text) == [f"{CN[n]}、{t}" for n, t in enumerate(THEMATIC_TITLES)] + [
        "八、存在的不足和原因", "九、2019年工作安排"]
    assert "主要举措和成效" not in text
    # the figures of a thematic part are worded where they stand, in their home section's words
    solving = text.index("化解矛盾纠纷，维护社会和谐稳定")
    assert text.index("全年共收到行政复议申请27件，依法受理25件，审结23件", solving) < text.index("坚持和发展", solving)
    assert text.index("行政机关负责人出庭应诉39件") < solving  # (its rate only when asked: issue 15 item 3)


def test_titled_points_one_level_below_their_heading(tmp_path):
    """Issue 15 item 1: under a level-1 part a titled point is （一）, its titled sub-items 1.;
    under a level-2 section they stay 1. and （1）."""
    text = _render(tmp_path, _write(tmp_path, THEMATIC), "txt")
    assert "（一）加强组织领导。县政府领导带头参加案件的庭审活动。" in text
    assert "1.健全制度。出台议事规则。" in text
    assert "（一）基层法治力量不足。乡镇执法人员偏少。" in text
    nested = _write(tmp_path, META + """\
measures:
  leadership:
    points:
      - title: 加强组织领导
        text: 县政府领导带头学法。
        items: [{title: 健全制度, text: 出台议事规则。}]
duty: [县长带头学法。]
shortcomings: [不足。]
plans: [安排。]
""", "nested.yaml")
    text = _render(tmp_path, nested, "txt")
    assert "1.加强组织领导。县政府领导带头学法。" in text and "（1）健全制度。出台议事规则。" in text


def test_part_one_keeps_its_own_title(tmp_path):
    """Issue 15 item 1: `measures: {title: …}` is part 一's own title ("2021年主要工作情况")."""
    path = _write(tmp_path, OWN_TITLE)
    for fmt in ("docx", "txt"):
        assert "二、2018年主要工作情况" in _level1(_render(tmp_path, path, fmt))


def test_own_section_with_like_counts_as_that_section(tmp_path):
    """Issue 15 item 1: a key the spec does not know, with a `title:`, is the author's own
    section at either level; `like: duty` makes it count as 第一责任人, so no part is reported
    missing and none is added as 【待补】; `like: plans` gives it the plans lead-in."""
    path = _write(tmp_path, META + """\
measures:
  title: 2018年主要工作情况
  mechanism:
    title: 完善工作机制
    like: leadership
    points: [建立法治政府建设联席会议制度。]
leaders:
  title: 领导干部带头尊法学法守法用法
  like: duty
  points: [县长带头学法。]
shortcomings: [不足。]
next:
  title: 下一步工作打算
  like: plans
  points: [加强行政执法监督。]
""")
    text = _render(tmp_path, path, "txt")
    assert _level1(text) == ["一、2018年主要工作情况", "二、领导干部带头尊法学法守法用法", "三、存在的不足和原因",
                             "四、下一步工作打算"]
    assert "（一）完善工作机制" in text and "待补" not in text
    assert "2019年，我县将重点抓好以下工作：" in text
    result = run_cli("check", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FZ101" not in result.stdout


def test_unknown_key_without_title_is_still_an_error(tmp_path):
    """Issue 15 item 1: a key neither standard nor titled stays an error, with "是不是…"."""
    path = _write(tmp_path, DUTY_FIRST.replace("  disputes:\n", "  dispute:\n"))
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert "measures.dispute" in result.stdout + result.stderr
    assert "是不是“disputes”" in result.stdout + result.stderr
    top = _write(tmp_path, DUTY_FIRST + "shortcoming: [不足。]\n", "top.yaml")
    result = run_cli("check", str(top))
    assert result.returncode == 1 and "是不是“shortcomings”" in result.stdout + result.stderr


def test_a_section_given_twice_is_an_error(tmp_path):
    """Issue 15 item 1: a standard section at the top level and under measures both."""
    path = _write(tmp_path, DUTY_FIRST.replace("  leadership:\n", "  duty:\n    points: [又写一遍。]\n  leadership:\n"))
    result = run_cli("check", str(path))
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "measures.duty" in out and "这一节已经在 duty 写过" in out


def test_a_figure_is_checked_wherever_it_stands(tmp_path):
    """Issue 15 item 1: indicator keys are unique report-wide: a figure in the author's own
    section is judged by its relations (受理 more than 收到 is an error) and compared with last
    year's same figure, which stood in the standard section."""
    bad = _write(tmp_path, THEMATIC.replace("reconsideration_accepted: 25", "reconsideration_accepted: 30"))
    result = run_cli("check", str(bad))
    assert result.returncode == 1
    assert "FZ201" in result.stdout and "solving.figures.reconsideration_accepted" in result.stdout
    prior = _write(tmp_path, META.replace("2018", "2017").replace("2019-02-28", "2018-03-01") + """\
measures:
  disputes:
    figures: {reconsideration_received: 9, reconsideration_accepted: 8, reconsideration_concluded: 8}
duty: [县长带头学法。]
shortcomings: [不足。]
plans: [安排。]
""", "2017.yaml")
    result = run_cli("check", str(_write(tmp_path, THEMATIC)), "--prior", str(prior))
    assert "收到行政复议申请：9件 → 27件" in result.stdout, result.stdout


def test_two_blocks_with_one_figure_is_an_error(tmp_path):
    """Issue 15 item 1: a figure is one figure wherever it stands: two `figures:` blocks
    holding the same indicator are refused, naming the second and where the first is."""
    path = _write(tmp_path, THEMATIC.replace("  figures: {litigation_cases: 40, litigation_heads_appeared: 39}",
                                             "  figures: {litigation_cases: 40, reconsideration_received: 27}"))
    result = run_cli("check", str(path))
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "reconsideration_received" in out and "solving" in out


OWN_TITLE = DUTY_FIRST.replace("measures:\n", "measures:\n  title: 2018年主要工作情况\n")


@pytest.mark.parametrize("text", [OWN_TITLE, THEMATIC], ids=["duty-first-own-title", "thematic"])
def test_json_schema_accepts_own_titles_and_order(text):
    """Issue 15 item 1: the JSON Schema editors read accepts these files (and still refuses an
    unknown key without a title)."""
    from ruamel.yaml import YAML

    schema = json.loads((SAMPLES / "fazhi-draft.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    data = json.loads(json.dumps(YAML(typ="safe").load(text), default=str))
    assert not list(validator.iter_errors(data))
    data["solving_typo"] = {"points": ["没有标题的自定义小节。"]}
    assert list(validator.iter_errors(data))


# ---------------------------------------------------------------- the questionnaire
def _new_from(tmp_path: Path, last_text: str):
    """`fazhi-draft new --from 2018.yaml`, every default accepted (piped keys, as the
    questionnaire tests drive it); returns the outcome and what it printed."""
    from test_questionnaire import ENTER, drive

    last = _write(tmp_path, last_text, "2018.yaml")
    outcome, printed = drive(ENTER * 800, tmp_path, from_file=last)
    assert outcome.status == "written", printed
    return outcome, printed


def test_questionnaire_keeps_the_thematic_layout(tmp_path):
    """Issue 15 item 1: `new --from` last year's thematic report writes this year's file in
    the same order, each part under its own title, the author's own sections (title, like)
    carried over to confirm, and each figure where it stood (the disputes figures in the
    author's own `solving`, asked again with last year's as the default)."""
    outcome, printed = _new_from(tmp_path, THEMATIC)
    from ruamel.yaml import YAML

    tree = YAML(typ="safe").load(outcome.yaml.read_text(encoding="utf-8"))
    assert [k for k in tree if k not in ("meta", "opening")] == [
        "mechanism", "functions", "decisions", "enforcement", "review", "solving", "duty", "shortcomings", "plans"]
    assert tree["mechanism"]["like"] == "leadership" and tree["mechanism"]["title"] == THEMATIC_TITLES[0]
    assert tree["mechanism"]["points"][0]["carried"] is True
    assert tree["solving"]["figures"] == {"reconsideration_received": 27, "reconsideration_accepted": 25,
                                          "reconsideration_concluded": 23}
    assert "disputes" not in tree and "measures" not in tree
    text = _render(tmp_path, outcome.yaml, "txt")
    assert _level1(text) == [f"{CN[n]}、{t}" for n, t in enumerate(THEMATIC_TITLES)] + [
        "八、存在的不足和原因", "九、2020年工作安排"]


def test_questionnaire_keeps_duty_first_and_part_ones_title(tmp_path):
    """Issue 15 item 1: `new --from` keeps 第一责任人 first and part 一's own title, its year
    moved on (2018年主要工作情况 -> 2019年主要工作情况); an own section under measures stays there."""
    last = OWN_TITLE.replace("  leadership:\n", "  mechanism:\n    title: 完善工作机制\n    like: leadership\n"
                             "    figures: {joint: {label: 联席会议, value: 3, unit: 次}}\n"
                             "    points: [建立联席会议制度。]\n  leadership:\n")
    outcome, printed = _new_from(tmp_path, last)
    text = _render(tmp_path, outcome.yaml, "txt")
    assert _level1(text) == ["一、主要负责人切实履行第一责任人职责", "二、2019年主要工作情况", "三、存在的不足和原因",
                             "四、2020年工作安排"]
    assert "（一）完善工作机制" in text
    written = outcome.yaml.read_text(encoding="utf-8")
    assert "joint: {label: 联席会议, value: 待补, unit: 次}" in written and "去年：3次" in written
