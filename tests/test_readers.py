"""Issue 16 items 1 and 5 (readers part): published reports read back into the document tree.

Every corpus document (tests/corpus/source/) is read as the scraped text itself and as a
.docx, a portal .html page and a .pdf built from it the way an office or a portal makes
them (tests/readers_fixtures.py, built once per session into a temp folder): the title,
organ, year and date where the document has them; its top-level parts in order with
their titles; its second-level headings; at least 90% of its sentences verbatim. Then the
.docx features one by one (Word numbering, run-in bold titles, soft breaks, revisions,
tables, text boxes, headers), the portal page's furniture left out, the encodings, both
PDF engines, and every bad input giving one Chinese UserError naming the file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from fazhi_draft.errors import UserError
from fazhi_draft.readers import ReadDocument, frame, html, read, read_bytes
from fazhi_draft.tree import Heading, Paragraph
from readers_fixtures import NAMES, SOURCE, build_all, sources

FORMATS = ("txt", "docx", "html", "pdf")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def files(tmp_path_factory) -> dict[str, dict[str, Path]]:
    return build_all(tmp_path_factory.mktemp("readers"))


def fixture(files, fmt: str, name: str) -> Path:
    if fmt not in files:
        reason = "LibreOffice (soffice) is needed to make the PDF fixtures: apt-get install libreoffice-writer-nogui"
        if _in_ci():
            pytest.fail(f"CI must run the PDF reader tests, but {reason}", pytrace=False)
        pytest.skip(reason)
    return files[fmt][name]


_cache: dict[tuple[str, str, str], ReadDocument] = {}


def read_fixture(files, fmt: str, name: str, engine: str = "") -> ReadDocument:
    key = (fmt, name, engine)
    if key not in _cache:
        _cache[key] = read(fixture(files, fmt, name))
    return _cache[key]


@dataclass(frozen=True)
class Expected:
    title: str
    organ: str
    year: int
    date: dt.date | None
    parts: tuple[str, ...]             # level-1 titles, in order
    second: tuple[str, ...] = ()       # level-2 titles, in order (run-in: the first sentence)
    third: int = 0                     # how many level-3 headings


EXPECTED = {
    NAMES[0]: Expected(
        "酉阳自治县人民政府2018年度法治政府建设工作报告", "酉阳自治县人民政府", 2018, dt.date(2019, 2, 28),
        ("完善工作机制,打牢法治政府建设工作基础", "严格决策程序,促进依法科学民主决策",
         "强化规范性文件管理,提高制度质量", "深化“放管服”改革,加快政府职能转变",
         "推进执法体制改革,严格规范公正文明执法", "完善纠纷化解机制,维护社会和谐稳定",
         "强化制约监督,确保行政权力廉洁阳光运行", "加强法治教育培训,提高法治素养和依法行政能力")),
    NAMES[1]: Expected(
        "", "巴楚县", 2022, None, ("推进法治政府建设主要举措", "2023年工作思路"),
        ("提高政治站位,突出党政主要负责人履行推进法治建设第一责任人职责。",
         "聚焦深入推进依法行政、加快建设法治政府情况。", "贯彻落实“一规划两纲要”,深入推进“八五”普法。",
         "持续推进全县行政执法“三项制度”落实,稳步推进规范公正文明执法。", "2023年工作思路。",
         "2023年主要目标任务。", "完成目标任务的主要措施。")),
    NAMES[2]: Expected(
        "", "云城区", 2020, None, ("主要做法和成效", "存在问题", "2021年法治政府建设工作计划"),
        ("坚持党对法治政府建设的全面领导,健全完善组织保障。", "坚持推进依法防控新冠病毒感染疫情工作,筑牢疫情防控阵地。",
         "坚持推进依法履行政府职能,推进政府治理现代化。", "坚持推进行政决策科学化、民主化、法治化,严格规范公正文明执法。",
         "坚持提高领导干部法治思维和依法行政能力,提升法治政府建设水平。", "坚持依法有效化解社会矛盾纠纷,维护社会大局稳定。",
         "坚持全面推进政务公开,积极打造阳光政府。", "坚持强化对行政权力的制约与监督,健全政府内部权力制约机制。",
         "健全法治政府建设的保障机制。", "强化对行政权力监督制约。", "完善依法行政制度体系。",
         "完善科学民主法治决策机制。", "健全矛盾纠纷预防化解机制。")),
    NAMES[3]: Expected(
        "平安区法治政府建设实施方案", "平安区", 2017, dt.date(2017, 4, 11),
        ("总体要求", "主要任务和责任分工", "组织保障和落实机制"),
        ("指导思想", "总体目标", "基本原则", "依法全面履行政府职能", "完善依法行政制度体系",
         "推进行政决策科学化、民主化、法治化", "坚持严格规范公正文明执法", "强化对行政权力的制约和监督",
         "依法有效化解社会矛盾纠纷", "全面提高法治思维和依法行政能力"), third=37),
    NAMES[4]: Expected(
        "商洛市2021年法治政府建设工作总结", "商洛市", 2021, None, ("工作开展情况", "存在的问题", "下一步打算"),
        ("认真学习贯彻习近平法治思想,健全落实党领导法治建设机制", "推进简政放权,持续转变优化政府职能",
         "加强行政立法,健全完善依法行政制度", "科学民主依法决策,有效提升重大决策质量",
         "规范行政执法行为,不断提高行政执法水平", "加强行政权力监督,形成制约监督工作合力",
         "依法化解社会矛盾,有力维护社会和谐稳定", "加强法治宣传教育,增强法治意识提升法治能力",
         "积极实施强基工程,推动“六好司法所”创建"), third=31),
}

CASES = [(fmt, name) for name in NAMES for fmt in FORMATS]
IDS = [f"{name[:3]}-{fmt}" for fmt, name in CASES]


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _headings(doc, level: int) -> list[Heading]:
    return [b for b in doc.blocks if isinstance(b, Heading) and b.level == level]


# --- all five documents in every format --------------------------------------------

@pytest.mark.parametrize(("fmt", "name"), CASES, ids=IDS)
def test_title_organ_year_date(files, fmt, name):
    """Issue 16 item 1: title, organ, year and date right where the document has them."""
    doc = read_fixture(files, fmt, name)
    exp = EXPECTED[name]
    assert doc.title == exp.title
    assert (doc.facts.organ, doc.facts.year, doc.facts.date) == (exp.organ, exp.year, exp.date)


@pytest.mark.parametrize(("fmt", "name"), CASES, ids=IDS)
def test_top_level_parts_in_order(files, fmt, name):
    """Issue 16 item 1: each document's parts (一、…) found in order, with their titles."""
    doc = read_fixture(files, fmt, name)
    assert [h.title for h in _headings(doc, 1)] == list(EXPECTED[name].parts)


@pytest.mark.parametrize(("fmt", "name"), CASES, ids=IDS)
def test_second_and_third_level_headings(files, fmt, name):
    """Issue 16 item 1: (一)… headings found in order (run-in ones split at the title);
    the plan's and the summary's 1.… items found; 一是/二是 stay paragraph text."""
    doc = read_fixture(files, fmt, name)
    exp = EXPECTED[name]
    assert [h.title for h in _headings(doc, 2)] == list(exp.second)
    assert len(_headings(doc, 3)) == exp.third
    assert not any(isinstance(b, Heading) and b.title.startswith(("一是", "二是")) for b in doc.blocks)
    if name == NAMES[0]:
        assert sum(isinstance(b, Paragraph) and b.text.startswith("一是") for b in doc.blocks) == 8


def _sentences(name: str) -> list[str]:
    src = sources()[name]
    # Without the typed labels: Word's numbering draws "（一）" where the text had "(一)".
    text = "".join((b.title + b.body if b.level else b.text) + "。" for b in src.blocks)
    return [s for s in (_norm(x) for x in re.split(r"[。！？；]", text)) if len(s) >= 6]


@pytest.mark.parametrize(("fmt", "name"), CASES, ids=IDS)
def test_sentences_preserved(files, fmt, name):
    """Issue 16 item 1: at least 90% of the original sentences appear verbatim (spaces aside)."""
    doc = read_fixture(files, fmt, name)
    text = _norm("".join(b.text for b in doc.blocks))
    sentences = _sentences(name)
    found = [s for s in sentences if s in text]
    assert len(found) / len(sentences) >= 0.9, [s for s in sentences if s not in text][:5]
    if fmt != "pdf":  # the PDF shows the tracked deletion struck through, as printed
        assert len(found) == len(sentences), [s for s in sentences if s not in text][:5]


@pytest.mark.parametrize(("fmt", "name"), CASES, ids=IDS)
def test_no_furniture_no_indents(files, fmt, name):
    """Issue 16 item 1: navigation, index block, print links, page numbers, headers and the
    portal's sidebar are not in the text; U+3000/&nbsp; indents are stripped."""
    doc = read_fixture(files, fmt, name)
    for b in doc.blocks:
        assert b.text == b.text.strip() and not b.text.startswith("\u3000"), b.text
        assert not re.search(r"您当前位置|当前位置|索\s*引\s*号|^字号|打印本页|^【?打印|关闭窗口|扫一扫|扫描打开|相关链接|"
                             r"版权所有|网站地图|ICP备|某某县2019年|^—\s*\d+\s*—$|人民政府文件$|77365", b.text), b.text
    assert len(doc.origins) == len(doc.blocks)


# --- .docx features ----------------------------------------------------------------

def test_docx_word_numbering_labels(files):
    """Issue 16 item 1: labels Word draws from numbering.xml come out as on screen: 一、…八、
    (chineseCounting %1、), （一）…（八） then a restarted list （一）…（五）, 1.…37. never
    restarting (lvlRestart 0) through styles named 标题 1-3 without outline levels."""
    cn = ["一", "二", "三", "四", "五", "六", "七", "八"]
    doc = read_fixture(files, "docx", NAMES[0])
    assert [h.number for h in _headings(doc, 1)] == [f"{c}、" for c in cn]
    doc = read_fixture(files, "docx", NAMES[2])
    assert [h.number for h in _headings(doc, 2)] == [f"（{c}）" for c in cn] + [f"（{c}）" for c in cn[:5]]
    doc = read_fixture(files, "docx", NAMES[3])
    assert [h.number for h in _headings(doc, 1)] == ["一、", "二、", "三、"]
    assert [h.number for h in _headings(doc, 2)][:4] == ["（一）", "（二）", "（三）", "（一）"]
    assert [h.number for h in _headings(doc, 3)] == [f"{n}." for n in range(1, 38)]


def test_docx_run_in_bold_titles(files):
    """Issue 16 item 1: "(一)标题。正文" with only the title bold -> Heading(number, title, body)."""
    doc = read_fixture(files, "docx", NAMES[1])
    h = _headings(doc, 2)[0]
    assert (h.number, h.title) == ("(一)", "提高政治站位,突出党政主要负责人履行推进法治建设第一责任人职责。")
    assert "".join(i.text for i in h.body).startswith("一是巴楚县将法治建设纳入")
    doc = read_fixture(files, "docx", NAMES[4])
    h = _headings(doc, 3)[0]
    assert (h.number, h.title) == ("1、", "认真学习习近平法治思想。")
    assert "".join(i.text for i in h.body).startswith("我市把习近平法治思想")


def test_docx_revisions_tables_boxes_headers_signature(files):
    """Issue 16 item 1: runs joined in order with tracked insertions kept and deletions
    dropped; a table's rows as paragraphs; a text box read once; the page header and
    footer not read; the right-aligned signature found."""
    doc = read_fixture(files, "docx", NAMES[0])
    texts = [b.text for b in doc.blocks]
    learn = next(t for t in texts if t.startswith("三是落实县政府常务会议学法制度"))
    assert "开展集体学法5次,学习" in learn and "若干次" not in learn
    assert "化解矛盾纠纷 5217件" in texts
    assert not any("人民政府文件" in t or "— 1 —" in t for t in texts)
    assert (doc.signature.organ, doc.signature.date) == ("酉阳自治县人民政府", "2019年2月28日")
    doc = read_fixture(files, "docx", NAMES[2])
    boxed = [b for b in doc.blocks if b.text.startswith("2020年,我区法治政府建设工作虽然")]
    assert len(boxed) == 1


def test_docx_from_our_own_writer_reads_back():
    """Issue 16 item 1: a draft rendered by fazhi-draft reads back to the same blocks."""
    from fazhi_draft.compose.composer import compose
    from fazhi_draft.writers import write
    from fazhi_draft.input.load import load_report

    composed = compose(load_report(Path(__file__).parents[1] / "samples" / "2024.yaml").report)
    doc = read_bytes(write("docx", composed), "2024.docx")
    assert doc.title == composed.title.replace("\n", "")
    assert [(type(b), b.text) for b in doc.blocks] == [(type(b), b.text) for b in composed.blocks]
    assert doc.signature == composed.signature
    assert doc.facts.year == 2024


# --- .html, .txt, .pdf specifics ---------------------------------------------------

def test_html_gbk_page_and_title_outside_article(files):
    """Issue 16 item 1: a gb2312-declared page decodes (as GB18030); the title comes from
    the <h1> outside the article, not from breadcrumbs or the related-links sidebar."""
    path = fixture(files, "html", NAMES[4])
    assert b"charset=gb2312" in path.read_bytes()[:300]
    doc = read_fixture(files, "html", NAMES[4])
    assert doc.title == "商洛市2021年法治政府建设工作总结"
    assert doc.facts.published == dt.date(2022, 3, 30)
    assert "法治政府建设年度报告" not in doc.skipped  # the breadcrumb is a link, never read


def test_txt_encodings_read_alike(files, tmp_path):
    """Issue 16 item 1: UTF-8, UTF-8 with BOM and GB18030 (Notepad "ANSI") read the same."""
    for name in (NAMES[1], NAMES[2]):
        utf8 = read(SOURCE / f"{name}.txt")
        assert read_fixture(files, "txt", name).dump() == utf8.dump()
    assert files["txt"][NAMES[1]].read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        files["txt"][NAMES[2]].read_bytes().decode("utf-8")


@pytest.mark.parametrize("name", NAMES[::2], ids=[n[:3] for n in NAMES[::2]])  # ~0.4 s each
def test_pdf_without_poppler_uses_pdfminer(files, name, monkeypatch):
    """Issue 16 item 1: without pdftotext the pdfminer.six engine reads the same parts."""
    pytest.importorskip("pdfminer")
    path = fixture(files, "pdf", name)
    real = shutil.which
    monkeypatch.setattr("fazhi_draft.readers.pdf.shutil.which",
                        lambda n: None if n == "pdftotext" else real(n))
    doc = read(path)
    exp = EXPECTED[name]
    assert [h.title for h in _headings(doc, 1)] == list(exp.parts)
    assert [h.title for h in _headings(doc, 2)] == list(exp.second)
    assert (doc.title, doc.facts.organ, doc.facts.year, doc.facts.date) == (exp.title, exp.organ, exp.year, exp.date)
    text = _norm("".join(b.text for b in doc.blocks))
    sentences = _sentences(name)
    assert sum(s in text for s in sentences) / len(sentences) >= 0.9


# --- bad input (item 5) ------------------------------------------------------------

def _error(path: Path) -> str:
    with pytest.raises(UserError) as info:
        read(path)
    message = str(info.value)
    assert message.startswith(str(path)) and re.search(r"[\u4e00-\u9fff]", message)
    return message


def _minimal_pdf() -> bytes:
    """A valid one-page PDF with nothing on it: what a scan looks like to a text reader."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
            b"<< /Length 0 >>\nstream\n\nendstream"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (i, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_empty_and_non_report_documents(tmp_path):
    """Issue 16 item 5: an empty document and one that is no report: one message each."""
    empty = tmp_path / "空白.docx"
    empty.write_bytes(_docx([]))
    assert "没有读到文字" in _error(empty)
    blank = tmp_path / "空白.txt"
    blank.write_bytes(b"\xef\xbb\xbf\r\n  \r\n")
    assert "没有读到文字" in _error(blank)
    letter = tmp_path / "会议通知.docx"
    letter.write_bytes(_docx(["各单位：", "定于下周三上午九时在三楼会议室召开全体干部职工大会，请准时参加，不得无故缺席。",
                              "县政府办公室"]))
    assert "看不出是一份报告" in _error(letter)


def test_scanned_pdf(tmp_path):
    """Issue 16 item 5: a PDF without a text layer: one message, no OCR attempted."""
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(_minimal_pdf())
    assert "没有文字层" in _error(scan)


def test_scanned_pdf_with_pdfminer(tmp_path, monkeypatch):
    """Issue 16 item 5: the same message from the pdfminer.six engine."""
    pytest.importorskip("pdfminer")
    monkeypatch.setattr("fazhi_draft.readers.pdf.shutil.which", lambda n: None)
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(_minimal_pdf())
    assert "没有文字层" in _error(scan)


def test_old_word_encrypted_and_broken_files(tmp_path):
    """Issue 16 item 5: .doc (OLE), an encrypted .docx (OLE with EncryptedPackage), a
    broken zip, a truncated .docx, an Excel file named .docx, a zip bomb."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    doc = tmp_path / "2023年报告.doc"
    doc.write_bytes(ole + "WordDocument".encode("utf-16-le") + b"\x00" * 1000)
    message = _error(doc)
    assert "旧版 Word" in message and "另存为" in message and ".docx" in message
    encrypted = tmp_path / "加密.docx"
    encrypted.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1000)
    assert "打开密码" in _error(encrypted)
    broken = tmp_path / "损坏.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x13" * 300)
    assert "已损坏" in _error(broken)
    whole = _docx(["一、总体情况", "全年共收到行政复议申请27件。"])
    for cut in (len(whole) // 3, len(whole) - 40):
        truncated = tmp_path / f"截断{cut}.docx"
        truncated.write_bytes(whole[:cut])
        assert "已损坏" in _error(truncated)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    xlsx = tmp_path / "表格.docx"
    xlsx.write_bytes(buf.getvalue())
    assert "Excel" in _error(xlsx)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\x00" * (3 * 1024 * 1024))
    bomb = tmp_path / "炸弹.docx"
    bomb.write_bytes(buf.getvalue())
    assert "压缩炸弹" in _error(bomb)


def test_html_page_without_the_report(tmp_path):
    """Issue 16 item 5: a portal's list page (links only) is not taken for a report."""
    links = "".join(f"<li><a href='/a{i}'>某某县{2015 + i}年法治政府建设工作报告</a></li>" for i in range(9))
    page = tmp_path / "列表页.html"
    page.write_text(f"<html><head><meta charset='utf-8'><title>法治政府建设年度报告</title></head><body>"
                    f"<div class='crumb'>您当前位置：<a href='/'>首页</a></div><ul>{links}</ul>"
                    f"<div class='footer'>版权所有：某某县人民政府办公室</div></body></html>", encoding="utf-8")
    assert "没有找到报告正文" in _error(page)


def test_unknown_missing_and_oversized_files(tmp_path):
    """Issue 16 item 5: an unknown extension, a missing file, a file over 50 MB."""
    image = tmp_path / "报告.jpg"
    image.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    message = _error(image)
    assert "“.jpg”" in message and ".docx" in message and ".pdf" in message
    assert "找不到" in _error(tmp_path / "没有这个文件.docx")
    huge = tmp_path / "巨大.txt"
    with huge.open("wb") as f:
        f.truncate(51 * 1024 * 1024)
    assert "文件太大" in _error(huge)


def test_damaged_fixtures_never_raise_anything_but_user_error(files, tmp_path):
    """Issue 16 item 5: every fixture cut short at several points is read or refused with
    a UserError, never another exception (which would reach the clerk as a traceback)."""
    for fmt in FORMATS:
        if fmt not in files:
            continue
        data = files[fmt][NAMES[4]].read_bytes()
        for k, cut in enumerate((7, len(data) // 5, len(data) // 2, len(data) - 9)):
            path = tmp_path / f"cut{k}{files[fmt][NAMES[4]].suffix}"
            path.write_bytes(data[:cut])
            try:
                read(path)
            except UserError:
                pass


def test_docx_title_in_heading_style_and_numbered_body_lists():
    """Issue 16 item 1: a centred title set in "Heading 1" is the title, not a part; a
    body list Word numbers "1)" or "①" keeps its numbers as paragraph text."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from readers_fixtures import _abstract, _num, _set_numpr

    d = docx.Document()
    numbering = d.part.numbering_part.element
    _abstract(numbering, "95", [("decimal", "%1)", None, None)])
    _abstract(numbering, "96", [("decimalEnclosedCircle", "%1", None, None)])
    _num(numbering, "95", "95")
    _num(numbering, "96", "96")
    title = d.add_paragraph("桐溪县2024年法治政府建设情况的报告", style="Heading 1")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph("一、主要举措和成效")
    for text, num in (("收到行政复议申请27件。", "95"), ("依法受理25件。", "95"), ("审结22件。", "96")):
        _set_numpr(d.add_paragraph(text), num, 0)
    buf = io.BytesIO()
    d.save(buf)
    doc = read_bytes(buf.getvalue(), "报告.docx")
    assert doc.title == "桐溪县2024年法治政府建设情况的报告"
    assert [(type(b).__name__, b.text) for b in doc.blocks] == [
        ("Heading", "一、主要举措和成效"), ("Paragraph", "1)收到行政复议申请27件。"),
        ("Paragraph", "2)依法受理25件。"), ("Paragraph", "①审结22件。")]


# --- issue 13 item 4: the frame's and the page's patterns, rewritten to run in linear time --

def _plan_year(headings: list[str]) -> int | None:
    return frame.year_of("", "", headings, None, "")


@pytest.mark.parametrize("read, text, expected", [
    (html.declared_charset, b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', b"gb2312"),
    (html.declared_charset, b'<META CHARSET = " GBK ">', b"GBK"),
    (html.declared_charset, b"<meta name=x><meta charset='utf-8'>", b"utf-8"),
    (html.declared_charset, b"<meta charset=gbk charset=utf-8>", b"utf-8"),  # the last in a tag
    (html.declared_charset, b"<meta<meta charset=big5", b"big5"),  # no closing ">"
    (html.declared_charset, b"<metacharset=gbk>", None),
    (html.declared_charset, b"<meta " * 3 + b"charset=", None),
    (frame.organ_from_title, "2022年度巴楚县法治政府建设工作报告", "巴楚县"),
    (frame.organ_from_title, "2022年巴楚县关于法治政府建设情况的报告", "巴楚县"),
    (frame.organ_from_title, "2021年某某市人民政府依法行政报告", "某某市人民政府"),
    (frame.organ_from_title, "2022年度法治政府建设报告", ""),
    (_plan_year, ["一、2022年工作情况", "三、2023年工作计划"], 2022),
    (_plan_year, ["2022年2023年目标"], 2021),  # the first year the plan word follows
    (_plan_year, ["2023年\n工作计划"], None),  # not on the year's line
    (frame.is_furniture, "  【打印本页】", True),
    (frame.is_furniture, "【字体：大 中 小】", True),
    (frame.is_furniture, "首页 > 法治政府", True),
    (frame.is_furniture, "[ 索引号 ] 000014349/2024-00012", True),
    (frame.is_furniture, "我们今年召开的会议上分享到经验", False),  # 分享到 counts at the start only
    (frame.is_page_number, "第 3 页 / 共 10 页", True),
    (frame.is_page_number, "第3页，共10页", True),
    (frame.is_page_number, "第3页 x 共10页", False),
    (frame.metadata, ["[ 成文日期 ] 2019-02-28", "[ 发布机构 ] 巴楚县人民政府"],
     {"成文日期": "2019-02-28", "发布机构": "巴楚县人民政府"}),
    (frame.metadata, ["成文日期：2024年3月1日 发布日期: 2024 . 03 . 05"], {"成文日期": "2024-03-01", "发布日期": "2024-03-05"}),
    (html._title_from_page, "首页 | 政务公开 | 2023年度法治政府建设情况报告", "2023年度法治政府建设情况报告"),
    (html._title_from_page, "巴楚县2022年法治政府建设工作报告" + " " * 3000 + "- 巴楚县人民政府", "巴楚县2022年法治政府建设工作报告"),
])
def test_frame_and_page_read_as_before(read, text, expected):
    """Issue 13 item 4: the readers' patterns were rewritten so that none backtracks or
    rescans (a portal page is up to 50 MB of someone else's text); each reads what it read
    before: the charset a page declares, the organ after a leading year, the year of the
    plans, site furniture, page numbers, the index block, the title in <title>."""
    assert read(text) == expected
