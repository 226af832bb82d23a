"""Issue 18 item 2: `render --table`, the year-on-year table of the key figures (附件).

The table's rows are `check --prior`'s own (check.prior.changes, filtered by the spec's
key_figures): the same figures, the same change wording, shown ★ in check's list. In the
.docx it is a real w:tbl whose header row repeats on every page, after a 附件 label that
starts a new page (the PDF side is in test_layout_pdf.py); in HTML a <table>, in Markdown a
pipe table, in text aligned columns. In a terminal `check --prior` shows a rich table.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import SAMPLES, MockEnvironment, run_cli

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def tabled(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("table") / "2024.docx"
    result = run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(out), "--table")
    assert result.returncode == 0, result.stderr
    assert "已附主要数据同比情况表（附件）：25 项" in result.stdout
    return out


def _docx_table(path: Path) -> list[list[str]]:
    import docx

    tables = docx.Document(str(path)).tables
    assert len(tables) == 1
    return [[cell.text for cell in row.cells] for row in tables[0].rows]


def _check_lines() -> list[str]:
    result = run_cli("check", "samples/2024.yaml", "--prior", "samples/2023.yaml", cwd=SAMPLES.parent)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_table_rows_are_check_priors_rows(tabled):
    """Issue 18 item 2: every row of the attachment is a ★ line of `check --prior` with the
    same figures (this year, last year, unit) and the same change wording, and every ★ line
    is a row of the table (one meaning: both come from check.prior)."""
    rows = _docx_table(tabled)
    assert rows[0] == ["序号", "指标", "单位", "2024年", "2023年", "增减"]
    starred = {}
    for line in _check_lines():
        m = re.fullmatch(r"\s+★(.+?)：(.+?) → (.+?)(?:，(.+))?", line)
        if m:
            starred[m[1]] = m.groups()[1:]
    assert len(starred) == len(rows) - 1 == 25
    for n, (number, label, unit, now, before, change) in enumerate(rows[1:], 1):
        assert number == str(n)
        prior, current, said = starred[label]
        derived = current.endswith("（按件数计算）")
        assert prior == before + unit and current.removesuffix("（按件数计算）") == now + unit, label
        assert change == (said or "—"), label
        if derived:  # the table says so in its note, by row number
            note = _docx_paragraphs(tabled)[-1]
            said_rows = re.search(r"第([0-9、]+)项2024年的比率报告中未写明，按件数计算", note)
            assert said_rows and str(n) in said_rows[1].split("、"), note
    assert starred["收到行政复议申请"] == ("46件", "63件", "增长37%")
    assert starred["政务服务事项网上可办率"] == ("98.7%", "99.1%", "提高0.4个百分点")


def _docx_paragraphs(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs if p.text]


def test_docx_table_is_a_real_table_with_repeated_header_after_a_new_page(tabled):
    """Issue 18 item 2: the .docx holds a w:tbl after the signature; its first row is a header
    repeated on every page (w:tblHeader), no row splits across pages; the 附件 label before it
    is in a style that starts a new page (w:pageBreakBefore); 附件说明 stands above the signature."""
    with zipfile.ZipFile(tabled) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
        styles = etree.fromstring(z.read("word/styles.xml"))
    blocks = list(body)
    tbl = body.find(f"{W}tbl")
    assert tbl is not None and blocks.index(tbl) == len(blocks) - 3  # then the note and sectPr

    def text(el) -> str:  # noqa: ANN001
        return "".join(t.text or "" for t in el.iter(f"{W}t"))

    def style_of(p) -> str:  # noqa: ANN001
        sid = p.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
        return next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == sid)

    texts = [text(b) for b in blocks]
    at = texts.index("附件")
    assert texts[at - 2:at] == ["桐溪县人民政府", "2025年3月7日"]  # after the signature
    assert texts[at + 1] == "2024年度法治政府建设主要数据同比情况表" and blocks[at + 2] is tbl
    label_style = style_of(blocks[at])
    assert label_style.find(f"{W}name").get(f"{W}val") == "附件标识"
    assert label_style.find(f"{W}pPr/{W}pageBreakBefore") is not None
    assert label_style.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "黑体"
    assert "附件：2024年度法治政府建设主要数据同比情况表" in texts[:at - 2]
    trs = tbl.findall(f"{W}tr")
    assert len(trs) == 26
    assert trs[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(tr.find(f"{W}trPr/{W}tblHeader") is None for tr in trs[1:])
    assert all(tr.find(f"{W}trPr/{W}cantSplit") is not None for tr in trs)
    table_style = tbl.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val")
    borders = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == table_style)
    assert {b.tag.removeprefix(W) for b in borders.find(f"{W}tblPr/{W}tblBorders")} == {
        "top", "left", "bottom", "right", "insideH", "insideV"}
    widths = [int(g.get(f"{W}w")) for g in tbl.iter(f"{W}gridCol")]
    assert sum(widths) == 11906 - 1587 - 1474  # as wide as the type area


def test_left_out_figure_is_marked_in_the_table(tmp_path):
    """Issue 18 item 2: a key figure given last year and left out this year shows 今年未填,
    highlighted like anything else still to settle."""
    (tmp_path / "2023.yaml").write_bytes((SAMPLES / "2023.yaml").read_bytes())
    text = (SAMPLES / "2024.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\n\s+reconsideration_accepted: .*", "", text, count=1)
    (tmp_path / "2024.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "2024.docx"
    result = run_cli("render", str(tmp_path / "2024.yaml"), "-o", str(out), "--table")
    assert result.returncode == 0, result.stderr
    row = next(r for r in _docx_table(out) if r[1] == "受理行政复议案件")
    assert row[2:] == ["", "今年未填", "41", "—"]
    with zipfile.ZipFile(out) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert re.search(r'<w:highlight w:val="yellow"/></w:rPr><w:t>今年未填</w:t>', xml)


def test_markdown_and_text_carry_the_table(tmp_path):
    """Issue 18 item 2: the same table in the Markdown (a pipe table) and the text preview."""
    for fmt in ("md", "txt"):
        out = tmp_path / f"2024.{fmt}"
        assert run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(out), "--format", fmt, "--table").returncode == 0
        text = out.read_text(encoding="utf-8")
        assert "附件：2024年度法治政府建设主要数据同比情况表" in text
        if fmt == "md":
            assert "| 15 | 收到行政复议申请 | 件 | 63 | 46 | 增长37% |" in text
        else:
            assert re.search(r"\n 15 +收到行政复议申请 +件 +63 +46 +增长37%\n", text)


def test_table_needs_last_years_file(tmp_path):
    """Issue 18 item 2: without last year's file --table says how to give one (exit 1), and
    --prior names it as for `check`."""
    (tmp_path / "2023.yaml").write_bytes((SAMPLES / "2023.yaml").read_bytes())
    result = run_cli("render", str(tmp_path / "2023.yaml"), "--table", "--format", "md")
    assert result.returncode == 1 and not (tmp_path / "2023.md").exists()
    assert "--table 需要去年的文件" in result.stderr and "--prior" in result.stderr
    this = tmp_path / "本年.yaml"
    this.write_bytes((SAMPLES / "2024.yaml").read_bytes().replace(b"reused_from: 2023.yaml", b"reused_from: gone.yaml"))
    result = run_cli("render", str(this), "--table", "--format", "md")
    assert result.returncode == 1 and "去年的文件无法读取" in result.stderr and "gone.yaml" in result.stderr
    result = run_cli("render", str(this), "--table", "--format", "md", "--prior", str(tmp_path / "2023.yaml"))
    assert result.returncode == 0, result.stderr
    assert "| 15 | 收到行政复议申请 | 件 | 63 | 46 | 增长37% |" in (tmp_path / "本年.md").read_text(encoding="utf-8")


def test_batch_tables_each_file_against_its_own_last_year(tmp_path):
    """Issue 18 item 2: `render DIR --table`: each file against its meta.reused_from; a file
    without one fails alone, the others are made; --prior is for one file only."""
    for name in ("2023.yaml", "2024.yaml"):
        (tmp_path / name).write_bytes((SAMPLES / name).read_bytes())
    result = run_cli("render", str(tmp_path), "-o", str(tmp_path / "out"), "--format", "md", "--table")
    assert result.returncode == 1
    assert "未完成：" in result.stderr and "2023.yaml" in result.stderr and "--table 需要去年的文件" in result.stderr
    assert "| 收到行政复议申请 |" in (tmp_path / "out" / "2024.md").read_text(encoding="utf-8")
    bad = run_cli("render", str(tmp_path), "--table", "--prior", str(tmp_path / "2023.yaml"))
    assert bad.returncode == 2 and "--prior 只能用于单个文件" in bad.stderr


def test_check_prior_shows_a_table_on_a_terminal():
    """Issue 18 item 2: on a terminal `check --prior` draws the year-on-year list as a table
    (the attachment's columns, ★ on the key figures); piped, it stays lines."""
    env = MockEnvironment(stdout_isatty=True, colors=False)
    result = run_cli("check", "samples/2024.yaml", "--prior", "samples/2023.yaml", cwd=SAMPLES.parent, env=env)
    assert result.returncode == 0
    out = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)  # bold and dim (colours are off)
    assert re.search(r"┃ 指标 +┃ +单位 +┃ +2024年 ┃ +2023年 ┃ +增减 +┃", out), out[:600]
    assert re.search(r"│ ★收到行政复议申请 +│ +件 +│ +63 │ +46 │ +增长37% +│", out)
    assert re.search(r"│ 复议决定维持 +│ +件 +│ +22 │ +18 │ +增长22.2% +│", out)  # not a key figure: no ★
    assert "★ 主要数据" in out and "→" not in out
    assert "未发现问题" in out or "0 个错误" in out
    piped = run_cli("check", "samples/2024.yaml", "--prior", "samples/2023.yaml", cwd=SAMPLES.parent)
    assert "    ★收到行政复议申请：46件 → 63件，增长37%" in piped.stdout and "┃" not in piped.stdout


def test_key_figures_are_validated_in_the_spec():
    """Issue 18 item 2: key_figures names known indicators, once each, no growth figure."""
    from fazhi_draft.structure import load_spec
    from fazhi_draft.structure.model import Spec

    data = load_spec().model_dump()
    assert 20 <= len(data["key_figures"]["indicators"]) <= 30
    for bad, words in ((["no_such_figure"], "unknown indicator no_such_figure"),
                       (["legal_aid_cases", "legal_aid_cases"], "listed twice"),
                       (["legal_aid_cases_growth"], "growth figure")):
        broken = {**data, "key_figures": {**data["key_figures"], "indicators": bad}}
        with pytest.raises(ValueError, match=words):
            Spec.model_validate(broken)


def test_change_from_zero_says_by_how_much():
    """Issue 18 item 2: a figure that was 0 last year gets its change as a difference
    (增加5件) in check's list and the table alike, not a blank."""
    from fazhi_draft.check.prior import change_wording
    from fazhi_draft.figures.numbers import parse_figure
    from fazhi_draft.structure import load_spec

    ind = load_spec().indicator("litigation_lost")
    fig = lambda raw: parse_figure(raw, whole=True, percent=False)  # noqa: E731
    assert change_wording(fig(0), fig(5), ind) == "增加5件"
    assert change_wording(fig(0), fig(0), ind) == "持平"
    assert change_wording(fig(4), fig(5), ind) == "增长25%"
    assert change_wording(fig("200余"), fig(250), ind) == ""
