"""Issue 17: figures from departments. Who holds what (spec and the county's `offices:`),
one .xlsx form per office (`forms`), the filled forms back into the YAML with their source
(`merge`), and who still owes what (`status`).

The real command runs in-process (cli.main, as a user's shell would call it, without a new
interpreter per call); the forms are filled with openpyxl as an office would in Excel, and
LibreOffice stands in for Excel and WPS: it opens every form (one soffice call converting
all of them to CSV) and re-saves a filled one, rewriting its styles as WPS does.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli
from fazhi_draft.structure import load_spec

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"

YAML_2025 = """\
# 桐溪县 2025 年度报告（测试用）
# 各部门数字陆续报来，用 fazhi-draft merge 合并。
meta:
  organ: 桐溪县人民政府
  kind: county
  year: 2025
  date: 2026-03-06
  reused_from: 2024.yaml   # 去年的文件
  contact: 县司法局法治督察股 张明 0571-6512345
offices:
  司法局: 县司法局           # 本县的叫法
  legal_aid_cases: 县法律援助中心
measures:
  disputes:
    figures:
      reconsideration_received: 63   # 来源：县司法局行政复议股台账
      reconsideration_accepted: 待补  # 还在等部门报送
      # 下面是人民调解的数字
      mediation_committees: 293
    points:
      - 推进行政复议体制改革。
duty:
  - 主要负责人带头学法。
"""


# ---------------------------------------------------------------- helpers
def fz(capsys: pytest.CaptureFixture[str], *args: str | Path, cwd: Path) -> tuple[int, str]:
    """Run `fazhi-draft ARGS` in `cwd`; (exit status, stdout + stderr)."""
    result = run_cli(*(str(a) for a in args), cwd=cwd)
    return result.returncode, result.stdout + result.stderr


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def soffice() -> Path:
    """LibreOffice with Calc, or skip (fail under CI: .ci/run installs it)."""
    from fazhi_draft.verbs.pdf import find_soffice

    found = find_soffice()
    program = found.resolve().parent if found else None
    if program is None or not any(program.glob("*sclo*")):
        reason = "needs LibreOffice Calc: apt-get install libreoffice-calc-nogui (.ci/run does this)"
        if _in_ci():
            pytest.fail(f"CI must run the form tests, but it {reason}", pytrace=False)
        pytest.skip(reason)
    return found


_PROFILE: list[Path] = []  # one LibreOffice profile for the module: a fresh one costs a second to set up


def lo_convert(files: list[Path], outdir: Path, target: str, tmp: Path) -> None:
    """One soffice call converting every file in `files` (Calc filter `target`)."""
    if not _PROFILE:
        _PROFILE.append(tmp / "lo-profile")
    cmd = [str(soffice()), f"-env:UserInstallation={_PROFILE[0].as_uri()}", "--headless", "--convert-to", target,
           "--outdir", str(outdir), *map(str, files)]
    subprocess.run(cmd, capture_output=True, timeout=180, check=True)


def columns(ws) -> dict[str, int]:  # noqa: ANN001
    """Header word (今年, 去年, 备注, 状态, 指标键 …) -> column number, from the header row."""
    for row in ws.iter_rows(max_row=10):
        texts = [str(c.value or "") for c in row]
        if "指标键" in texts:
            return {t.split("（")[0]: i + 1 for i, t in enumerate(texts) if t}
    raise AssertionError("no header row")


def rows_by_key(ws) -> dict[str, int]:  # noqa: ANN001
    """Indicator key -> row number (rows below the header)."""
    key = columns(ws)["指标键"]
    head = next(r for r in range(1, 11) if ws.cell(r, key).value == "指标键")
    return {ws.cell(r, key).value: r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, key).value}


@pytest.fixture(scope="module")
def sample_forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The forms for samples/2024.yaml (last year: 2023.yaml, by meta.reused_from)."""
    work = tmp_path_factory.mktemp("sample")
    for name in ("2023.yaml", "2024.yaml"):
        shutil.copy(SAMPLES / name, work / name)
    result = run_cli("forms", "2024.yaml", "-o", "报送表", "--by", "2025-01-20", cwd=work)
    assert result.returncode == 0, result.stderr
    return work / "报送表"


@pytest.fixture
def county(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A 2025 report begun from the 2024 sample, with its forms made."""
    for name in ("2023.yaml", "2024.yaml"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    (tmp_path / "2025.yaml").write_text(YAML_2025, encoding="utf-8")
    code, out = fz(capsys, "forms", "2025.yaml", "--by", "2026-01-20", cwd=tmp_path)
    assert code == 0, out
    return tmp_path


# ---------------------------------------------------------------- item 1
def test_every_indicator_is_held_by_an_office():
    """Issue 17 item 1: the spec names the office that usually holds each figure, by topic
    with per-indicator exceptions; a topic nobody holds fails to load."""
    from fazhi_draft.structure.model import Spec

    spec = load_spec()
    office = {k: spec.office(i.office).name for k, i in spec.indicators.items()}
    assert len(office) == len(spec.indicators) > 250
    assert office["reconsideration_received"] == "司法局"
    assert office["litigation_cases_gov"] == office["court_prelitigation_cases"] == "人民法院"
    assert office["petitions_received"] == "信访局"
    assert office["audit_projects"] == "审计局"
    assert office["power_list_total"] == "编办"
    assert office["penalty_cases"] == "各执法部门"
    assert "司法局汇总" in spec.office(spec.indicator("penalty_cases").office).note
    assert office["executive_meeting_law_topics"] == "政府办公室"  # an exception to its topic's office
    assert office["rule_of_law_committee_meetings"] == "依法治县办"

    from fazhi_draft.structure.outline import outline_text

    assert "收到行政复议申请（件）  reconsideration_received  〔本级政府作为复议机关〕  报送：司法局" in outline_text()

    data = spec.model_dump()
    for o in data["offices"]:
        o["topics"] = [t for t in o["topics"] if t != "audit"]
    for s in (s for p in data["parts"] for s in p["sections"]):
        for i in s["indicators"]:
            if i["topic"] == "audit":
                i.pop("office")
    with pytest.raises(ValueError, match="no office holds topic 'audit'"):
        Spec.model_validate(data)


def test_a_county_renames_offices_and_moves_figures(county: Path, capsys: pytest.CaptureFixture[str]):
    """Issue 17 item 1: `offices:` in the county's YAML renames an office (its form takes the
    new name) and sends one figure to another office; a wrong name is one clear message."""
    from openpyxl import load_workbook

    names = sorted(p.name for p in (county / "报送表").glob("*.xlsx"))
    assert "县司法局.xlsx" in names and "司法局.xlsx" not in names
    assert "县法律援助中心.xlsx" in names
    ws = load_workbook(county / "报送表" / "县法律援助中心.xlsx")["数据"]
    assert set(rows_by_key(ws)) == {"legal_aid_cases"}
    assert "legal_aid_cases" not in rows_by_key(load_workbook(county / "报送表" / "县司法局.xlsx")["数据"])

    text = YAML_2025.replace("  司法局: 县司法局", "  司法所: 县司法局")
    (county / "bad.yaml").write_text(text, encoding="utf-8")
    code, out = fz(capsys, "check", "bad.yaml", cwd=county)
    assert code == 1
    assert "bad.yaml:11" in out and "offices.司法所" in out and "不是已知的部门名称或指标键" in out
    assert "是不是“司法局”" in out


# ---------------------------------------------------------------- item 2
def test_forms_for_the_sample_open_in_openpyxl_and_libreoffice(sample_forms: Path, tmp_path: Path):
    """Issue 17 item 2: one .xlsx per office for samples/2024.yaml: a cover (what, by when, whom
    to ask, how to write 待补) and a data sheet whose only editable cells are this year's figure
    and the note, with an input message; last year's figure; rows already filled marked so; a
    hidden key column. LibreOffice opens every one (converted in one call) to the same cells."""
    from openpyxl import load_workbook

    folder = sample_forms
    files = sorted(folder.glob("*.xlsx"))
    assert {"司法局.xlsx", "人民法院.xlsx", "政府办公室.xlsx", "编办.xlsx"} <= {p.name for p in files}

    wb = load_workbook(folder / "司法局.xlsx")
    assert wb.sheetnames == ["填写说明", "数据"]
    cover = "\n".join(str(c.value) for row in wb["填写说明"].iter_rows() for c in row if c.value)
    assert "桐溪县人民政府2024年度法治政府建设情况报告" in cover
    assert "请于 2025年1月20日前报送" in cover
    assert "待补" in cover and "联系人" in cover
    ws = wb["数据"]
    col = columns(ws)
    rows = rows_by_key(ws)
    r = rows["reconsideration_received"]
    assert ws.cell(r, col["指标"]).value == "收到行政复议申请"
    assert ws.cell(r, col["单位"]).value == "件"
    assert ws.cell(r, col["口径"]).value == "本级政府作为复议机关"
    assert "行政复议" in ws.cell(r, col["说明"]).value
    assert (ws.cell(r, col["去年"]).value, ws.cell(r, col["今年"]).value) == ("46", "63")
    assert ws.cell(r, col["状态"]).value == "已填"
    rate = rows["reconsideration_correction_rate"]  # last year's; this year the report says 计算
    assert ws.cell(rate, col["状态"]).value == "可不填" and ws.cell(rate, col["今年"]).value == "计算"
    assert ws.column_dimensions[ws.cell(1, col["指标键"]).column_letter].hidden
    assert ws.protection.sheet
    editable = {ws.cell(3, c).value.split("（")[0] for c in range(1, ws.max_column + 1)
                if not ws.cell(r, c).protection.locked}
    assert editable == {"今年", "备注"}
    dv = [v for v in ws.data_validations.dataValidation if ws.cell(r, col["今年"]).coordinate in v.sqref]
    assert len(dv) == 1 and dv[0].showInputMessage and "待补" in dv[0].prompt and not dv[0].showErrorMessage

    # LibreOffice (as Excel/WPS would) opens all of them: the data sheet as CSV, one soffice call.
    out = tmp_path / "csv"
    lo_convert(files, out, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2",
               tmp_path)
    assert len(list(out.glob("*.csv"))) == len(files)
    with open(out / "司法局-数据.csv", encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    header = table[2]
    assert header[:3] == ["序号", "指标", "单位"] and "今年（2024年）" in header and header[-1] == "指标键"
    line = next(t for t in table if t[-1] == "reconsideration_received")
    assert line[1:3] == ["收到行政复议申请", "件"]
    assert line[header.index("去年（2023年）")] == "46" and line[header.index("今年（2024年）")] == "63"
    assert line[header.index("状态")] == "已填"
    court = list(csv.reader(open(out / "人民法院-数据.csv", encoding="utf-8", newline="")))
    assert any(t[-1] == "litigation_cases" and "64" in t for t in court)


# ---------------------------------------------------------------- item 3
def _fill(path: Path, values: dict[str, object], notes: dict[str, str] = {}, *, delete: str | None = None,
          swap: tuple[str, str] | None = None, rename: str | None = None) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["数据"]
    col, rows = columns(ws), rows_by_key(ws)
    for key, value in values.items():
        ws.cell(rows[key], col["今年"]).value = value
        if isinstance(value, float) and value < 1:
            ws.cell(rows[key], col["今年"]).number_format = "0.0%"  # typed as 99.5% into a General cell
    for key, note in notes.items():
        ws.cell(rows[key], col["备注"]).value = note
    if swap:  # rows reordered: every cell of the two rows changes place
        a, b = rows[swap[0]], rows[swap[1]]
        for c in range(1, ws.max_column + 1):
            ws.cell(a, c).value, ws.cell(b, c).value = ws.cell(b, c).value, ws.cell(a, c).value
    if delete:
        ws.delete_rows(rows_by_key(ws)[delete])
    if rename:
        ws.title = rename
    wb.save(path)


def test_a_filled_form_merges_with_its_source(county: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path):
    """Issue 17 item 3: a form filled by an office (1.39万, 待补, a blank, full-width digits
    with spaces, a date where a figure should be, words that are no figure, a percent typed
    into a %-cell, a row deleted, rows reordered, the sheet renamed) and re-saved by another
    program merges: the figures land in their sections with a source comment, every comment
    already in the file stays, each bad cell is refused naming file, sheet and cell, and the
    relations the new figures touch are checked."""
    form = county / "报送表" / "县司法局.xlsx"
    _fill(form, {"reconsideration_accepted": "58", "reconsideration_concluded": "６０ ",
                 "disputes_mediated": "1.39万", "disputes_resolved": "待补", "mediators": dt.datetime(2025, 3, 1),
                 "public_legal_service_points": "二百", "legal_literate_persons": "",
                 "filing_on_time_rate": 0.995},
          notes={"reconsideration_concluded": "据复议台账", "disputes_resolved": "1月25日前报"},
          delete="village_legal_advisers", swap=("reconsideration_accepted", "proof_items_kept"), rename="Sheet1")
    resaved = county / "WPS"
    lo_convert([form], resaved, "xlsx", tmp_path)  # LibreOffice rewrites the styles, as WPS does
    shutil.move(resaved / "县司法局.xlsx", form)

    code, out = fz(capsys, "merge", "2025.yaml", "报送表/县司法局.xlsx", cwd=county)
    assert code == 1, out  # bad cells and a broken relation
    text = (county / "2025.yaml").read_text(encoding="utf-8")
    # every comment that was there is still there
    for line in ("# 桐溪县 2025 年度报告（测试用）", "reused_from: 2024.yaml   # 去年的文件", "司法局: 县司法局           # 本县的叫法",
                 "# 来源：县司法局行政复议股台账", "# 下面是人民调解的数字", "- 推进行政复议体制改革。", "- 主要负责人带头学法。"):
        assert line in text, line
    source = "来源：县司法局，县司法局.xlsx，"
    lines = {ln.split(":")[0].strip(): ln for ln in text.splitlines() if ":" in ln}
    assert lines["reconsideration_accepted"].startswith("      reconsideration_accepted: 58")
    assert "# 还在等部门报送；" + source in lines["reconsideration_accepted"]  # the old comment kept
    assert lines["reconsideration_concluded"].split("#")[0].strip() == "reconsideration_concluded: 60"
    assert source in lines["reconsideration_concluded"] and lines["reconsideration_concluded"].endswith("；据复议台账")
    assert "disputes_mediated: 1.39万" in text and "disputes_resolved: 待补" in text
    assert lines["disputes_resolved"].endswith("；1月25日前报")
    assert "filing_on_time_rate: 99.5" in text  # 0.995 in a %-cell is 99.5%
    assert "mediators" not in text and "public_legal_service_points" not in text and "legal_literate_persons" not in text
    # new figures go in spec order; a new section is created where it belongs
    assert text.index("reconsideration_accepted") < text.index("reconsideration_concluded") < text.index("mediation_committees")
    assert text.index("  rules:") < text.index("  disputes:")

    assert "未能读取 2 格" in out
    assert "报送表/县司法局.xlsx 工作表“Sheet1” G" in out
    date_line = next(ln for ln in out.splitlines() if "人民调解员" in ln)
    assert "是日期或时间（2025-03-01），不是数字" in date_line and "工作表“Sheet1”" in date_line
    assert "“二百”不是数字" in out and "公共法律服务中心" in out
    # the relation the new figures break: 审结 60 > 受理 58
    assert "错误 FZ201" in out and "审结行政复议案件（60件）多于受理行政复议案件（58件）" in out

    # the merged file is a valid report, and merging again changes nothing
    assert fz(capsys, "check", "2025.yaml", cwd=county)[1].count("FZ201") == 1
    before = (county / "2025.yaml").read_bytes()
    code, out = fz(capsys, "merge", "2025.yaml", "报送表", cwd=county)
    assert "未改动" in out and (county / "2025.yaml").read_bytes() == before


def test_a_form_returned_as_made_merges_without_complaint(sample_forms: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]):
    """Issue 15 item 3: a rate the report asks to compute (计算) is on the form as 计算; the
    form sent back untouched merges with nothing refused and nothing changed, and 计算 typed
    for a count is refused naming the cell."""
    for name in ("2023.yaml", "2024.yaml"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    shutil.copytree(sample_forms, tmp_path / "报送表")
    before = (tmp_path / "2024.yaml").read_bytes()
    code, out = fz(capsys, "merge", "2024.yaml", "报送表", cwd=tmp_path)
    assert code == 0, out
    assert "未能读取" not in out and (tmp_path / "2024.yaml").read_bytes() == before

    _fill(tmp_path / "报送表" / "司法局.xlsx", {"reconsideration_accepted": "计算"})
    code, out = fz(capsys, "merge", "2024.yaml", "报送表/司法局.xlsx", cwd=tmp_path)
    assert code == 1 and "受理行政复议案件）：“计算”只能用于能按件数算出的比率" in out, out


def test_a_conflicting_figure_is_reported_not_overwritten(county: Path, capsys: pytest.CaptureFixture[str]):
    """Issue 17 item 3: a figure the YAML already has with another value is reported (file,
    cell, both values) and left alone; --overwrite replaces it after a .bak copy."""
    form = county / "报送表" / "县司法局.xlsx"
    _fill(form, {"reconsideration_received": 60, "mediation_committees": "293 "})
    before = (county / "2025.yaml").read_bytes()
    code, out = fz(capsys, "merge", "2025.yaml", form, cwd=county)
    assert code == 1
    assert "收到行政复议申请）：报送表为 60，报告中已是 63，未覆盖" in out and "--overwrite" in out
    assert (county / "2025.yaml").read_bytes() == before  # 293 equals what is there: nothing to write
    assert not list(county.glob("2025.yaml*.bak"))

    code, out = fz(capsys, "merge", "2025.yaml", form, "--overwrite", cwd=county)
    assert code == 0, out
    assert "收到行政复议申请：60（原为 63）" in out
    assert (county / "2025.yaml.bak").read_bytes() == before
    text = (county / "2025.yaml").read_text(encoding="utf-8")
    assert "reconsideration_received: 60   # 来源：县司法局，县司法局.xlsx，" in text  # the old 来源 replaced


def test_merge_writes_into_an_inline_report_and_a_part_given_as_a_list(county: Path,
                                                                       capsys: pytest.CaptureFixture[str]):
    """Issue 17 item 3: figures of a section written inline ({a: 1}) and of a part written as a
    bare list of points (duty: [- …]) are merged with their source comment on their own line;
    the points stay."""
    text = YAML_2025.replace("""  disputes:
    figures:
      reconsideration_received: 63   # 来源：县司法局行政复议股台账
      reconsideration_accepted: 待补  # 还在等部门报送
      # 下面是人民调解的数字
      mediation_committees: 293
    points:
      - 推进行政复议体制改革。""", "  leadership: {figures: {rule_of_law_inspections: 3}}")
    (county / "2025.yaml").write_text(text, encoding="utf-8")
    _fill(county / "报送表" / "依法治县办.xlsx", {"rule_of_law_committee_meetings": "2", "principal_meetings_chaired": 5})
    code, out = fz(capsys, "merge", "2025.yaml", "报送表/依法治县办.xlsx", cwd=county)
    assert code == 0, out
    merged = (county / "2025.yaml").read_text(encoding="utf-8")
    assert "\n      rule_of_law_committee_meetings: 2 # 来源：依法治县办，依法治县办.xlsx，" in merged
    assert "\n      rule_of_law_inspections: 3\n" in merged
    assert "duty:\n  figures:\n    principal_meetings_chaired: 5 # 来源：依法治县办" in merged
    assert "  points:\n    - 主要负责人带头学法。" in merged
    assert fz(capsys, "check", "2025.yaml", cwd=county)[0] == 0


def test_forms_that_cannot_be_read_are_refused_by_name(county: Path, capsys: pytest.CaptureFixture[str]):
    """Issue 17 item 3: a file that is no form, an old .xls, a form of another year and a
    figure typed into an inserted row are each one Chinese message naming the file."""
    from openpyxl import load_workbook

    (county / "报送表" / "说明.xlsx").write_text("not a workbook", encoding="utf-8")
    (county / "报送表" / "旧表.xlsx").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    other = county / "报送表" / "审计局.xlsx"
    wb = load_workbook(other)
    ws = wb["数据"]
    ws.insert_rows(5)
    ws.cell(5, columns(ws)["今年"]).value = 12
    wb.save(other)
    code, out = fz(capsys, "merge", "2025.yaml", "报送表/*.xlsx", cwd=county)
    assert code == 1
    assert "报送表/说明.xlsx：不是 .xlsx 文件，或文件已损坏" in out
    assert "报送表/旧表.xlsx：是旧版 Excel（.xls）" in out
    assert "工作表“数据” G5：第5行没有指标键（像是新插入的行），“12”未读取" in out

    shutil.copy(SAMPLES / "2024.yaml", county / "2024.yaml")
    code, out = fz(capsys, "merge", "2024.yaml", "报送表/审计局.xlsx", cwd=county)
    assert code == 1 and "这是 2025 年度的报送表，报告是 2024 年度的" in out


# ---------------------------------------------------------------- item 4
def test_status_lists_who_still_owes_what(county: Path, capsys: pytest.CaptureFixture[str]):
    """Issue 17 item 4: `status` lists per office the figures still 待补 or not given (those
    asked for: this year's and last year's), as a table and as lists to send round."""
    from openpyxl import load_workbook

    code, out = fz(capsys, "status", "2025.yaml", "-o", "催报清单.xlsx", cwd=county)
    assert code == 0, out
    assert "桐溪县人民政府 2025年度 还缺的数字" in out
    row = next(ln for ln in out.splitlines() if "县司法局" in ln)
    assert "│    1 │" in row  # one 待补
    assert "受理行政复议案件（待补）" in out.replace("\n", "").replace("│", "").replace(" ", "")
    assert "县法律援助中心" in out and "人民法院" in out
    assert "收到行政复议申请" not in out  # given
    ws = load_workbook(county / "催报清单.xlsx").active
    cells = [[c.value for c in r] for r in ws.iter_rows()]
    assert ["县司法局", "受理行政复议案件", "件", "待补", "58"] in cells
    assert ["县法律援助中心", "办理法律援助案件", "件", "未报", "688"] in cells

    code, out = fz(capsys, "status", "2025.yaml", "-o", "催报清单.docx", cwd=county)
    assert code == 0
    from docx import Document

    paras = [p.text for p in Document(county / "催报清单.docx").paragraphs]
    assert any(p.endswith("县司法局（" + p.split("县司法局（")[-1]) and p.startswith(("一、", "二、", "三、", "四、", "五、", "六、", "七、"))
               for p in paras if "县司法局（" in p)
    assert "受理行政复议案件（件）（已报待补），去年为58件。" in paras

    _fill(county / "报送表" / "县法律援助中心.xlsx", {"legal_aid_cases": 700})
    fz(capsys, "merge", "2025.yaml", "报送表/县法律援助中心.xlsx", cwd=county)
    code, out = fz(capsys, "status", "2025.yaml", cwd=county)
    assert "县法律援助中心" not in out


# ---------------------------------------------------------------- own layouts and figures in the text
# Issue 15 (the author's own sections and order, figures marked in the text with 【】) meets
# issue 17: a figure stands wherever the author puts it, and forms, merge and status find it there.
OWN_2024 = """\
meta: {organ: 桐溪县人民政府, kind: county, year: 2024, date: 2025-03-01}
duty:
  title: 主要负责人切实履行第一责任人职责
  figures:
    principal_meetings_chaired: 4
    reconsideration_received: 46    # 放在第一责任人这一节
  points:
    - 主要负责人带头学法。
measures:
  title: 2024年主要工作情况
  solving:
    title: 化解矛盾纠纷，维护社会和谐稳定
    like: disputes
    figures:
      mediation_committees: 290
    points:
      - 全年共受理行政复议案件【40】宗，审结【38】宗，纠错【5】宗。
      - 人民调解组织受理矛盾纠纷【1500】件，调解成功【1480】件。
shortcomings: [基层执法力量不足。]
plans: [继续推进行政复议规范化建设。]
"""

OWN_2025 = """\
# 桐溪县 2025 年度报告（自己的标题和顺序，数字写在正文里）
meta:
  organ: 桐溪县人民政府
  kind: county
  year: 2025
  date: 2026-03-06
  reused_from: 2024.yaml   # 去年的文件
offices:
  司法局: 县司法局
duty:
  title: 主要负责人切实履行第一责任人职责
  figures:
    principal_meetings_chaired: 5     # 办公室统计
    reconsideration_received: 待补     # 放在第一责任人这一节
  points:
    - 主要负责人带头学法。
measures:
  title: 2025年主要工作情况
  solving:
    title: 化解矛盾纠纷，维护社会和谐稳定
    like: disputes
    points:
      - 全年共受理行政复议案件【待补】宗，审结【待补】宗，纠错【3】宗。  # 复议股
      - text: 人民调解组织受理矛盾纠纷【待补】件，调解成功【待补】件。   # 调解科
shortcomings: [基层执法力量不足。]
plans: [继续推进行政复议规范化建设。]
"""

OWN_KEYS = ("reconsideration_received", "reconsideration_accepted", "reconsideration_concluded",
            "reconsideration_corrected", "disputes_mediated", "disputes_resolved", "mediation_committees")


@pytest.fixture
def own_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A 2025 report in the author's own layout (a section of its own with `like: disputes`,
    a figure in the 第一责任人 section's block, figures in the text as 【待补】 and 【3】),
    last year's alike, with its forms made."""
    (tmp_path / "2024.yaml").write_text(OWN_2024, encoding="utf-8")
    (tmp_path / "2025.yaml").write_text(OWN_2025, encoding="utf-8")
    code, out = fz(capsys, "forms", "2025.yaml", cwd=tmp_path)
    assert code == 0, out
    return tmp_path


def test_forms_ask_every_figure_wherever_the_report_holds_it(own_layout: Path):
    """Issue 17 item 2 with issue 15: the form asks every figure the report holds wherever it
    stands (another section's block, 【待补】 and 【3】 in a text) and last year's wherever last
    year's report had it (a block of the author's own section, or the text)."""
    from openpyxl import load_workbook

    ws = load_workbook(own_layout / "报送表" / "县司法局.xlsx")["数据"]
    col, rows = columns(ws), rows_by_key(ws)
    assert set(OWN_KEYS) <= set(rows), sorted(rows)
    got = {k: (ws.cell(rows[k], col["去年"]).value, ws.cell(rows[k], col["今年"]).value,
               ws.cell(rows[k], col["状态"]).value) for k in OWN_KEYS}
    assert got == {
        "reconsideration_received": ("46", None, "待补"),   # a block of another section, both years
        "reconsideration_accepted": ("40", None, "待补"),   # 【待补】 in the text; last year 【40】
        "reconsideration_concluded": ("38", None, "待补"),
        "reconsideration_corrected": ("5", "3", "已填"),    # 【3】 in the text
        "disputes_mediated": ("1500", None, "待补"),
        "disputes_resolved": ("1480", None, "待补"),
        "mediation_committees": ("290", None, None),       # last year's own section's block only
    }


def _own_filled(folder: Path, **extra: object) -> Path:
    form = folder / "报送表" / "县司法局.xlsx"
    _fill(form, {"reconsideration_received": "30", "reconsideration_accepted": "27",
                 "reconsideration_concluded": 25, "disputes_mediated": "1620", "disputes_resolved": "1585",
                 "mediation_committees": "291", **extra},
          notes={"reconsideration_accepted": "复议股台账"})
    return form


def test_merge_writes_each_figure_where_the_report_holds_it(own_layout: Path, capsys: pytest.CaptureFixture[str]):
    """Issue 17 item 3 with issue 15: each figure goes back where the report holds it: into
    the block that gives it (the 第一责任人 section's), inside its 【】 in the text (the rest of
    the sentence and every comment kept, the source in the comment on that line), and a figure
    the report holds nowhere into the block of the section that counts as its home (`like:`);
    the merged report loads, `check` finds no FZ210, and merging again changes nothing."""
    _own_filled(own_layout)
    code, out = fz(capsys, "merge", "2025.yaml", "报送表/县司法局.xlsx", cwd=own_layout)
    assert code == 0, out
    assert "填入 6 个" in out
    text = (own_layout / "2025.yaml").read_text(encoding="utf-8")
    source = "县司法局，县司法局.xlsx，"
    lines = text.splitlines()

    def line(start: str) -> str:
        found = [ln for ln in lines if ln.startswith(start)]
        assert len(found) == 1, (start, text)
        return found[0]

    assert line("    reconsideration_received: 30     # 放在第一责任人这一节；来源：" + source)
    first = line("      - 全年共受理行政复议案件【27】宗，审结【25】宗，纠错【3】宗。  # 复议股；")
    assert "来源（受理行政复议案件）：" + source in first and "；复议股台账" in first
    assert "来源（审结行政复议案件）：" + source in first
    second = line("      - text: 人民调解组织受理矛盾纠纷【1620】件，调解成功【1585】件。   # 调解科；")
    assert "来源（人民调解受理矛盾纠纷）：" + source in second and "来源（调解成功纠纷）：" + source in second
    assert ("    like: disputes\n    figures:\n      mediation_committees: 291 # 来源：" + source) in text
    assert "disputes:" not in text.replace("like: disputes", "")  # no standard section invented beside it
    assert text.count("reconsideration_received") == 1 and text.count("纠错【3】宗") == 1
    # every other line as it was, byte for byte: only the three lines above changed, two were added
    added = ["    figures:", lines[lines.index("    figures:") + 1]]
    assert [ln for ln in lines if ln not in added] == [
        first if "【待补】宗" in ln else second if "【待补】件" in ln else
        line("    reconsideration_received:") if "reconsideration_received" in ln else ln
        for ln in OWN_2025.splitlines()]

    code, out = fz(capsys, "check", "2025.yaml", cwd=own_layout)
    assert code == 0, out
    assert "FZ210" not in out and "FZ206" not in out, out  # nothing stated twice, nothing left 待补
    before = (own_layout / "2025.yaml").read_bytes()
    code, out = fz(capsys, "merge", "2025.yaml", "报送表", cwd=own_layout)
    assert code == 0 and "未改动" in out, out
    assert (own_layout / "2025.yaml").read_bytes() == before


def test_a_conflicting_figure_in_the_text_is_reported_not_overwritten(own_layout: Path,
                                                                      capsys: pytest.CaptureFixture[str]):
    """Issue 17 item 3 with issue 15: a figure the text already states (纠错【3】宗) with
    another value on the form is reported and left alone; --overwrite writes it inside the
    brackets after a .bak copy."""
    form = own_layout / "报送表" / "县司法局.xlsx"
    _fill(form, {"reconsideration_corrected": "4"})
    before = (own_layout / "2025.yaml").read_bytes()
    code, out = fz(capsys, "merge", "2025.yaml", form, cwd=own_layout)
    assert code == 1, out
    assert "（复议纠错决定）：报送表为 4，报告中已是 3，未覆盖" in out, out
    assert (own_layout / "2025.yaml").read_bytes() == before

    code, out = fz(capsys, "merge", "2025.yaml", form, "--overwrite", cwd=own_layout)
    assert code == 0, out
    assert (own_layout / "2025.yaml.bak").read_bytes() == before
    text = (own_layout / "2025.yaml").read_text(encoding="utf-8")
    assert "      - 全年共受理行政复议案件【待补】宗，审结【待补】宗，纠错【4】宗。  # 复议股；来源（" in text
    assert "纠错【3】" not in text and "reconsideration_corrected" not in text
    assert "FZ210" not in fz(capsys, "check", "2025.yaml", cwd=own_layout)[1]


def test_status_lists_figures_pending_in_the_text(own_layout: Path, capsys: pytest.CaptureFixture[str]):
    """Issue 17 item 4 with issue 15: 【待补】 in a text is owed like 待补 in a block; a figure
    the text states (【3】) is not; after the form is merged nothing is owed."""
    code, out = fz(capsys, "status", "2025.yaml", "-o", "催报清单.xlsx", cwd=own_layout)
    assert code == 0, out
    flat = out.replace("\n", "").replace("│", "").replace(" ", "")
    for label in ("收到行政复议申请", "受理行政复议案件", "审结行政复议案件", "人民调解受理矛盾纠纷", "调解成功纠纷"):
        assert f"{label}（待补）" in flat, (label, out)
    assert "复议纠错决定" not in flat
    from openpyxl import load_workbook

    cells = [[c.value for c in r] for r in load_workbook(own_layout / "催报清单.xlsx").active.iter_rows()]
    assert ["县司法局", "受理行政复议案件", "件", "待补", "40"] in cells
    assert ["县司法局", "人民调解委员会", "个", "未报", "290"] in cells

    _own_filled(own_layout)
    assert fz(capsys, "merge", "2025.yaml", "报送表/县司法局.xlsx", cwd=own_layout)[0] == 0
    code, out = fz(capsys, "status", "2025.yaml", cwd=own_layout)
    assert "县司法局" not in out, out
