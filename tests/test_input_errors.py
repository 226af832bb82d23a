"""Bad input: one clear Chinese message naming file, line and field; exit 1; no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

GOOD = """\
meta:
  organ: 桐溪县人民政府
  kind: county
  year: 2024
  date: 2025-03-10
measures:
  disputes:
    figures:
      reconsideration_received: 27
      reconsideration_accepted: 25
duty:
  - 县长带头学法。
"""


def _write(tmp_path: Path, text: str, name: str = "in.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _assert_one_message(result, *needles: str) -> str:
    assert result.returncode == 1, result.stderr
    err = result.stderr
    assert "Traceback" not in err and "Error:" not in err
    assert err.startswith("错误：") and err.strip().count("\n") == 0, err  # one message, one line
    for n in needles:
        assert n in err, (n, err)
    return err


def test_good_input_renders(tmp_path):
    src = _write(tmp_path, GOOD)
    result = run_cli("render", str(src), "-o", str(tmp_path / "out.md"), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert "收到行政复议申请27件" in (tmp_path / "out.md").read_text(encoding="utf-8")


def test_missing_file(tmp_path):
    missing = tmp_path / "没有这个文件.yaml"
    _assert_one_message(run_cli("render", str(missing)), str(missing), "找不到")


def test_yaml_syntax_error_names_line(tmp_path):
    bad = GOOD.replace("      reconsideration_accepted: 25", "      reconsideration_accepted: 25: 26")
    _assert_one_message(run_cli("render", str(_write(tmp_path, bad))), "第10行", "YAML 语法错误")


def test_text_where_number_belongs(tmp_path):
    bad = GOOD.replace("reconsideration_accepted: 25", "reconsideration_accepted: 二十五")
    _assert_one_message(run_cli("render", str(_write(tmp_path, bad))),
                              "in.yaml 第10行", "measures.disputes.figures.reconsideration_accepted",
                              "受理行政复议案件", "不是数字")


def test_negative_count(tmp_path):
    bad = GOOD.replace("reconsideration_received: 27", "reconsideration_received: -3")
    _assert_one_message(run_cli("render", str(_write(tmp_path, bad))),
                        "第9行", "reconsideration_received", "不能是负数")


def test_fraction_for_a_count(tmp_path):
    bad = GOOD.replace("reconsideration_received: 27", "reconsideration_received: 27.5")
    _assert_one_message(run_cli("render", str(_write(tmp_path, bad))), "第9行", "应为整数")


def test_unknown_key_suggests_the_right_one(tmp_path):
    bad = GOOD.replace("reconsideration_accepted: 25", "reconsideration_acepted: 25")
    _assert_one_message(run_cli("render", str(_write(tmp_path, bad))),
                        "第10行", "reconsideration_acepted", "是不是", "受理行政复议案件")


def test_indicator_of_another_section_is_taken_where_it_stands(tmp_path):
    """Issue 15 item 1: a `figures:` block may hold any indicator (it was refused as "属于
    oversight 小节"): the figure is worded where it stands, in its home section's words."""
    text = GOOD.replace("reconsideration_accepted: 25", "litigation_cases: 25")
    out = tmp_path / "out.txt"
    result = run_cli("render", str(_write(tmp_path, text)), "-o", str(out), "--format", "txt")
    assert result.returncode == 0, result.stderr
    assert "行政应诉案件25件" in out.read_text(encoding="utf-8")


def test_an_unknown_indicator_names_the_closest(tmp_path):
    bad = GOOD.replace("reconsideration_accepted: 25", "reconsideration_acceptd: 25")
    _assert_one_message(run_cli("render", str(_write(tmp_path, bad))), "第10行", "不是已知的指标",
                        "是不是“reconsideration_accepted”")


def test_missing_meta_field(tmp_path):
    bad = GOOD.replace("  year: 2024\n", "")
    _assert_one_message(run_cli("render", str(_write(tmp_path, bad))), "meta.year", "缺少年度")


def test_bad_date(tmp_path):
    bad = GOOD.replace("date: 2025-03-10", "date: 三月十日")
    _assert_one_message(run_cli("render", str(_write(tmp_path, bad))), "第5行", "meta.date", "日期")


@pytest.mark.parametrize("date", ["2025-02-30", "2025-13-01", "[2025-02-29]"])
def test_date_that_does_not_exist(tmp_path, date):
    """A calendar slip (2月30日) is the clerk's, not ours: named with its line, not a traceback."""
    p = _write(tmp_path, GOOD.replace("date: 2025-03-10", f"date: {date}"))
    day = date.strip("[]")
    _assert_one_message(run_cli("render", str(p)), "第5行", f"日期“{day}”不存在")
    checked = run_cli("check", str(p))
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert f"in.yaml:5 错误 FZ001 日期“{day}”不存在" in checked.stdout


def test_our_own_bug_is_one_message_not_a_traceback(tmp_path, monkeypatch):
    """Whatever still escapes (a bug of ours) is one Chinese line and exit 3; FAZHI_DEBUG adds the rest."""
    from fazhi_draft.verbs import render
    from fazhi_draft.errors import DEBUG_ENV

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(render, "render_file", broken)
    monkeypatch.delenv(DEBUG_ENV, raising=False)
    result = run_cli("render", str(_write(tmp_path, GOOD)))
    assert result.returncode == 3
    assert result.stderr.startswith("错误：内部错误（RuntimeError: boom）") and "Traceback" not in result.stderr
    monkeypatch.setenv(DEBUG_ENV, "1")
    assert "Traceback" in run_cli("render", str(_write(tmp_path, GOOD))).stderr


def test_control_character_is_named(tmp_path):
    bad = GOOD.replace("县长带头学法。", "县长带头\x07学法。")
    _assert_one_message(run_cli("render", str(_write(tmp_path, bad))), "第12行", "U+0007", "控制字符")


def test_escaped_control_character_names_the_field(tmp_path):
    bad = GOOD.replace("- 县长带头学法。", '- "县长带头\\x07学法。"')
    # `duty:` is written as a list of points here: the field names the item as the file writes
    # it (duty[1]), as `check` always did (issue 14: one path function for both)
    _assert_one_message(run_cli("render", str(_write(tmp_path, bad))), "第12行", "“duty[1]”", "控制字符")


def test_empty_file(tmp_path):
    _assert_one_message(run_cli("render", str(_write(tmp_path, ""))), "in.yaml")


def test_gbk_file_is_read_with_a_note(tmp_path):
    p = tmp_path / "gbk.yaml"
    p.write_bytes(GOOD.encode("gbk"))
    result = run_cli("render", str(p), "-o", str(tmp_path / "o.md"), "--format", "md")
    assert result.returncode == 0, result.stderr
    assert "GBK" in result.stderr


def test_bom_is_accepted(tmp_path):
    p = tmp_path / "bom.yaml"
    p.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert run_cli("render", str(p), "-o", str(tmp_path / "o.md"), "--format", "md").returncode == 0


def test_will_not_overwrite_without_force(tmp_path):
    src = _write(tmp_path, GOOD)
    out = tmp_path / "out.md"
    out.write_text("老文件", encoding="utf-8")
    _assert_one_message(run_cli("render", str(src), "-o", str(out), "--format", "md"), "--force")
    assert out.read_text(encoding="utf-8") == "老文件"
    assert run_cli("render", str(src), "-o", str(out), "--format", "md", "--force").returncode == 0
    assert "老文件" not in out.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*.tmp")), "temporary file left behind"


def test_usage_error_is_chinese_exit_2():
    result = run_cli("render", "--nonsense")
    assert result.returncode == 2
    assert "没有这个选项" in result.stderr and "Traceback" not in result.stderr


def test_help_is_chinese():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "用法：" in result.stdout and "命令" in result.stdout and "render" in result.stdout
