"""YAML round trip: the person's comments and order survive; labels and modeline are added."""

from __future__ import annotations

import json
import re

from conftest import run_cli
from fazhi_draft.input.schema import build_schema
from fazhi_draft.structure import load_spec
from fazhi_draft.input.load import load_report
from fazhi_draft.input.write import MODELINE

TEXT = """\
# 桐溪县 2024 年报告数据，张三整理
meta:
  organ: 桐溪县人民政府
  kind: county
  year: 2024
  date: 2025-03-10
measures:
  disputes:
    figures:
      reconsideration_received: 27   # 来源：复议局 3月2日
      reconsideration_accepted: 25
      hotline: {label: 12345热线转办纠纷, value: 320, unit: 件}
    points:
      - 推进行政复议体制改革。
duty: [县长带头学法。]
"""


def test_annotate_keeps_comments_and_adds_labels(tmp_path):
    p = tmp_path / "in.yaml"
    p.write_text(TEXT, encoding="utf-8")
    result = run_cli("annotate", str(p))
    assert result.returncode == 0, result.stderr
    out = p.read_text(encoding="utf-8")
    assert out.startswith(MODELINE)
    assert "# 桐溪县 2024 年报告数据，张三整理" in out
    assert "reconsideration_received: 27   # 来源：复议局 3月2日" in out  # the clerk's own comment wins
    assert re.search(r"reconsideration_accepted: 25 +# 受理行政复议案件（件）", out)
    assert out.index("reconsideration_received") < out.index("reconsideration_accepted") < out.index("hotline")
    # still loads to the same report
    assert load_report(p).report.sections["disputes"].figures["reconsideration_accepted"].text == "25"
    # idempotent
    assert run_cli("annotate", str(p)).returncode == 0
    assert p.read_text(encoding="utf-8") == out


def test_annotate_labels_figures_in_the_authors_own_sections(tmp_path):
    """Issue 15 item 1: an own section (title + like), at the top level or under measures,
    holds figures like any other: `annotate` names them too."""
    p = tmp_path / "in.yaml"
    p.write_text("""\
meta: {organ: 临江区人民政府, kind: district, year: 2025, date: 2026-02-20}
measures:
  solving:
    title: 化解行政争议
    like: disputes
    figures:
      reconsideration_received: 103
mechanism:
  title: 完善工作机制
  like: leadership
  figures:
    rule_of_law_committee_meetings: 3
duty: [区长带头学法。]
""", encoding="utf-8")
    assert run_cli("annotate", str(p)).returncode == 0
    out = p.read_text(encoding="utf-8")
    assert re.search(r"reconsideration_received: 103 +# 收到行政复议申请（件）", out), out
    assert re.search(r"rule_of_law_committee_meetings: 3 +# 全面依法治理委员会会议（次）", out), out
    assert load_report(p).report.sections["mechanism"].figures["rule_of_law_committee_meetings"].text == "3"


def test_schema_lists_every_indicator_with_its_label(tmp_path):
    schema = build_schema()
    spec = load_spec()
    disputes = schema["properties"]["measures"]["properties"]["disputes"]
    ref = disputes["properties"]["figures"]["$ref"]  # one figures block: any indicator (issue 15 item 1)
    figs = schema["$defs"][ref.removeprefix("#/$defs/")]["properties"]
    assert figs["reconsideration_received"]["description"].startswith("收到行政复议申请（件）")
    assert len(figs) == len(spec.indicators)
    out = tmp_path / "fazhi-draft.schema.json"
    assert run_cli("schema", "-o", str(out)).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["properties"]["meta"]["required"]


def test_samples_and_corpus_files_validate_against_the_schema():
    """What the editor checks (JSON Schema) agrees with what the loader accepts."""
    from pathlib import Path

    import jsonschema
    from ruamel.yaml import YAML

    validator = jsonschema.Draft202012Validator(build_schema())
    root = Path(__file__).parents[1]
    files = [*sorted((root / "samples").glob("*.yaml")), *sorted((root / "tests" / "corpus").glob("*.yaml"))]
    assert len(files) >= 6
    for f in files:
        data = json.loads(json.dumps(YAML(typ="safe").load(f.read_text(encoding="utf-8")), default=str))
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, (f.name, errors[:3])


def test_schema_rejects_what_the_loader_rejects():
    import jsonschema

    validator = jsonschema.Draft202012Validator(build_schema())
    bad = {"meta": {"organ": "桐溪县人民政府", "kind": "county", "year": 2024, "date": "2025-03-10"},
           "measures": {"disputes": {"figures": {"reconsideration_received": -3, "nonsense": 5}}}}
    assert len(list(validator.iter_errors(bad))) >= 2


def test_title_can_be_overridden(tmp_path):
    p = tmp_path / "in.yaml"
    p.write_text(TEXT.replace("  year: 2024\n", "  year: 2024\n  title: 桐溪县2024年法治政府建设工作报告\n"),
                 encoding="utf-8")
    from fazhi_draft.compose.composer import compose

    assert compose(load_report(p).report).title == "桐溪县2024年法治政府建设工作报告"
