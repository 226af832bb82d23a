"""The .docx writer, checked on the XML a user's Word would read.

Every assertion resolves a property the way Word does (run -> character style ->
paragraph style chain -> docDefaults), so a test passes only if the face, size or
spacing really reaches the text.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

import docx
import pytest
from lxml import etree

from fazhi_draft.tree import Document, Heading, Paragraph, Pending, Signature, Text
from fazhi_draft.writers import oxml
from fazhi_draft.writers.docx import (
    STYLE_BODY,
    STYLE_HEADING,
    STYLE_PAGE_NUMBER,
    STYLE_SIGNATURE,
    STYLE_TITLE,
    render_docx,
    sealed_indents,
    signature_indents,
    text_width,
)
from fazhi_draft.layout import load_profile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
PENDING = Pending("行政复议办结件数")


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def sample_tree() -> Document:
    return Document(
        title="某某县人民政府关于2024年度法治政府建设情况的报告",
        blocks=(
            Paragraph((Text("2024年，我县深入贯彻习近平法治思想。现将有关情况报告如下："),)),
            Heading(1, "一、", "主要举措和成效"),
            Heading(2, "（一）", "加强党对法治政府建设的领导"),
            Paragraph((Text("全年共收到行政复议申请27件，已办结"), PENDING,
                       Text("件。"))),
            Heading(3, "1.", "推进简政放权。", (Text("全年取消和下放行政许可事项12项。"),)),
            Heading(4, "（1）", "规范性文件审核。"),
            Heading(2, "（二）", "化解社会矛盾纠纷"),
            Paragraph((Text("人民调解组织受理纠纷1200件，调解成功1188件。"),)),
            Heading(1, "二、", "存在的不足和原因"),
            Paragraph((Text("基层执法队伍专业化水平有待提高。"),)),
        ),
        signature=Signature("某某县人民政府", "2025年3月5日"),
    )


class Out:
    """A rendered .docx opened as XML parts, with Word's property resolution."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        with zipfile.ZipFile(BytesIO(data)) as zf:
            self.raw = {n: zf.read(n) for n in zf.namelist()}
        self.xml = {n: etree.fromstring(b) for n, b in self.raw.items()}
        self.doc = self.xml["word/document.xml"]
        self.styles = self.xml["word/styles.xml"]
        self.by_id = {s.get(w("styleId")): s for s in self.styles.iter(w("style"))}
        self.id_of = {s.find(w("name")).get(w("val")): sid for sid, s in self.by_id.items()}

    @property
    def paragraphs(self) -> list[etree._Element]:
        return self.doc.findall("w:body/w:p", NS)

    @property
    def sectPr(self) -> etree._Element:
        return self.doc.find("w:body/w:sectPr", NS)

    def footer(self, kind: str) -> etree._Element:
        ref = self.sectPr.find(f"w:footerReference[@w:type='{kind}']", NS)
        rels = self.xml["word/_rels/document.xml.rels"]
        rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        return self.xml[f"word/{target}"]

    def style(self, name: str) -> etree._Element:
        return self.by_id[self.id_of[name]]

    def _chain(self, style_id: str | None):
        while style_id:
            s = self.by_id[style_id]
            yield s
            based = s.find("w:basedOn", NS)
            style_id = based.get(w("val")) if based is not None else None

    def run_prop(self, p: etree._Element, r: etree._Element | None, path: str):
        """First match of `path` (relative to an rPr) from run up to docDefaults."""
        candidates = []
        if r is not None:
            rpr = r.find("w:rPr", NS)
            if rpr is not None:
                candidates.append(rpr)
                rstyle = rpr.find("w:rStyle", NS)
                if rstyle is not None:
                    candidates += [s.find("w:rPr", NS) for s in self._chain(rstyle.get(w("val")))]
        candidates += [s.find("w:rPr", NS) for s in self._chain(self.pstyle(p))]
        candidates.append(self.styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS))
        for rpr in candidates:
            if rpr is not None and rpr.find(path, NS) is not None:
                return rpr.find(path, NS)
        return None

    def para_prop(self, p: etree._Element, path: str, attr: str):
        """First value of attribute `attr` of `path` in pPr, style chain, pPrDefault."""
        candidates = [p.find("w:pPr", NS)]
        candidates += [s.find("w:pPr", NS) for s in self._chain(self.pstyle(p))]
        candidates.append(self.styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS))
        for ppr in candidates:
            el = ppr.find(path, NS) if ppr is not None else None
            if el is not None and el.get(w(attr)) is not None:
                return el.get(w(attr))
        return None

    def para_on(self, p: etree._Element, path: str) -> bool:
        """Whether the on/off element `path` is on for paragraph `p`."""
        candidates = [p.find("w:pPr", NS)]
        candidates += [s.find("w:pPr", NS) for s in self._chain(self.pstyle(p))]
        for ppr in candidates:
            el = ppr.find(path, NS) if ppr is not None else None
            if el is not None:
                return el.get(w("val")) not in ("0", "false", "off")
        return False

    def pstyle(self, p: etree._Element) -> str | None:
        el = p.find("w:pPr/w:pStyle", NS)
        return el.get(w("val")) if el is not None else self.default_pstyle()

    def default_pstyle(self) -> str:
        return next(sid for sid, s in self.by_id.items()
                    if s.get(w("type")) == "paragraph" and s.get(w("default")) == "1")

    def east_asia(self, p, r=None) -> str | None:
        el = self.run_prop(p, r, "w:rFonts[@w:eastAsia]")
        return el.get(w("eastAsia")) if el is not None else None

    def size(self, p, r=None) -> int | None:
        el = self.run_prop(p, r, "w:sz")
        return int(el.get(w("val"))) if el is not None else None

    def bold(self, p, r=None) -> bool:
        el = self.run_prop(p, r, "w:b")
        return el is not None and el.get(w("val")) not in ("0", "false", "off")

    def text(self, p) -> str:
        return "".join(t.text or "" for t in p.iter(w("t")))

    def para_with(self, text: str) -> etree._Element:
        return next(p for p in self.paragraphs if self.text(p).startswith(text))


@pytest.fixture(scope="module")
def out() -> Out:
    return Out(render_docx(sample_tree()))


def test_reopens_with_python_docx_and_keeps_style_names(out: Out) -> None:
    d = docx.Document(BytesIO(out.data))
    assert d.paragraphs[0].text == sample_tree().title
    assert d.core_properties.title == sample_tree().title
    names = {s.name for s in d.styles}
    assert {STYLE_TITLE, STYLE_BODY, STYLE_SIGNATURE, STYLE_PAGE_NUMBER,
            *STYLE_HEADING.values()} <= names


# --- page -------------------------------------------------------------------------

def test_a4_page_and_gbt_margins_in_twips(out: Out) -> None:
    pg = out.sectPr.find("w:pgSz", NS)
    assert (pg.get(w("w")), pg.get(w("h"))) == ("11906", "16838")
    mar = out.sectPr.find("w:pgMar", NS)
    assert {k: mar.get(w(k)) for k in ("top", "bottom", "left", "right")} == {
        "top": "2098", "bottom": "1984", "left": "1587", "right": "1474"}


BODY_PARAGRAPHS = len(sample_tree().blocks)  # one per block, between the title and the signature's three


def test_exact_line_spacing_579_and_line_grid(out: Out) -> None:
    """Issue 14 item 6: the loop passed over a writer that wrote no body paragraph."""
    assert len(out.paragraphs) == 1 + BODY_PARAGRAPHS + 3  # title, blocks, blank line + organ + date
    for p in out.paragraphs:
        assert out.para_prop(p, "w:spacing", "line") == "579"
        assert out.para_prop(p, "w:spacing", "lineRule") == "exact"
    grid = out.sectPr.find("w:docGrid", NS)
    assert grid.get(w("linePitch")) == "579"


def word_grid(out: Out) -> tuple[int, int]:
    """(characters a line, lines a page) as Word's page setup shows them for the section.

    Word's rules: the character pitch is the Normal style's font size plus charSpace/4096 pt
    (ECMA-376 17.6.5) and floor(type-area width / pitch) characters fit a line (M. Murata's
    measurements in Word, SC34/WG4, 2015-08-08); lines: floor(type-area height / linePitch).
    """
    from fractions import Fraction

    grid = out.sectPr.find("w:docGrid", NS)
    assert grid.get(w("type")) == "linesAndChars"  # Word: 指定行和字符网格
    pg, mar = out.sectPr.find("w:pgSz", NS), out.sectPr.find("w:pgMar", NS)
    width = int(pg.get(w("w"))) - int(mar.get(w("left"))) - int(mar.get(w("right")))
    height = int(pg.get(w("h"))) - int(mar.get(w("top"))) - int(mar.get(w("bottom")))
    normal = Fraction(out.size(etree.fromstring(f'<w:p xmlns:w="{W}"/>')), 2)  # Normal -> docDefaults
    pitch = normal + Fraction(int(grid.get(w("charSpace"))), 4096)
    return int(Fraction(width, 20) // pitch), height // int(grid.get(w("linePitch")))


@pytest.mark.parametrize("variants", [(), ("windows-fonts",), ("fixed-28pt",), ("sealed",)])
def test_document_grid_is_28_characters_and_22_lines(variants) -> None:
    """Issue 18 item 3: the section has Word's line and character grid, so its page setup shows
    每行28字、每页22行 and text typed or pasted in the Normal style also runs 28 to the line
    (before, a line grid only: Word showed the characters of a 16 pt line, 27). charSpace is
    the largest value that still fits 28 (one more and the line holds 27)."""
    out = Out(render_docx(sample_tree(), load_profile(variants=variants)))
    assert word_grid(out) == (28, 22)
    grid = out.sectPr.find("w:docGrid", NS)
    assert grid.get(w("charSpace")) == "-842"
    grid.set(w("charSpace"), "-841")
    assert word_grid(out)[0] == 27


def test_only_paragraphs_of_the_grid_size_snap_to_it(out: Out) -> None:
    """Issue 18 item 3, a guard (it passed before the character grid too; PITFALLS 7): a
    paragraph in another size than the grid's (the 22 pt title, the 14 pt page numbers) does
    not snap to it, or Word would give each title line two grid lines and space its characters
    on the 16 pt pitch; body, headings and signature are in the grid's size."""
    normal = out.size(etree.fromstring(f'<w:p xmlns:w="{W}"/>'))
    paragraphs = [*out.paragraphs, *(out.footer(k).find("w:p", NS) for k in ("default", "even"))]
    sizes = {}
    for p in paragraphs:
        size = out.size(p, p.find("w:r", NS))
        sizes[size] = sizes.get(size, 0) + 1
        if size != normal:
            assert out.para_prop(p, "w:snapToGrid", "val") == "0", out.text(p)
    assert sizes == {44: 1, normal: len(out.paragraphs) - 1, 28: 2}, sizes


def test_attachment_table_paragraphs_do_not_snap_to_the_grid(tmp_path) -> None:
    """Issue 18 item 3 with `render --table` (a guard; the table's styles already opt out):
    every paragraph of the report and its 附件 whose size is not the grid's (the 12 pt table
    text and header, the 22 pt table title) keeps off the 28-character grid, or Word would
    space the table's 小4号 text on the 15.8 pt pitch of the body."""
    from conftest import SAMPLES, run_cli

    docx_file = tmp_path / "t.docx"
    assert run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(docx_file), "--table").returncode == 0
    out = Out(docx_file.read_bytes())
    assert out.sectPr.find("w:docGrid", NS).get(w("type")) == "linesAndChars"
    normal = out.size(etree.fromstring(f'<w:p xmlns:w="{W}"/>'))
    other = 0
    for p in out.doc.iter(w("p")):
        r = p.find(".//w:r", NS)
        if r is not None and out.size(p, r) != normal:
            other += 1
            assert out.para_prop(p, "w:snapToGrid", "val") == "0", out.text(p)
    assert other > 10  # the table's cells really were looked at


# --- fonts ------------------------------------------------------------------------

def test_body_is_16pt_fangsong_gb2312_tightened_for_28_chars(out: Out) -> None:
    p = out.para_with("2024年，我县")
    r = p.find("w:r", NS)
    assert out.pstyle(p) == out.id_of[STYLE_BODY]
    assert out.east_asia(p, r) == "仿宋_GB2312"
    assert out.size(p, r) == 32
    assert not out.bold(p, r)
    assert out.run_prop(p, r, "w:spacing").get(w("val")) == "-5"
    assert out.run_prop(p, r, "w:lang").get(w("eastAsia")) == "zh-CN"


def test_title_is_22pt_xiaobiaosong_centred(out: Out) -> None:
    p = out.paragraphs[0]
    assert out.text(p) == sample_tree().title
    assert out.east_asia(p, p.find("w:r", NS)) == "方正小标宋简体"
    assert out.size(p) == 44
    assert out.para_prop(p, "w:jc", "val") == "center"
    assert out.para_prop(p, "w:snapToGrid", "val") == "0"
    assert out.para_prop(p, "w:spacing", "after") == "579"  # one blank line below


@pytest.mark.parametrize("start, face, bold", [
    ("一、主要举措和成效", "黑体", False),
    ("（一）加强党", "楷体_GB2312", False),
    ("（1）规范性文件审核", "仿宋_GB2312", False),
])
def test_standalone_heading_fonts(out: Out, start: str, face: str, bold: bool) -> None:
    p = out.para_with(start)
    r = p.find("w:r", NS)
    assert out.east_asia(p, r) == face
    assert out.bold(p, r) is bold
    assert out.size(p, r) == 32
    assert out.para_on(p, "w:keepNext")  # a heading never ends a page


def test_run_in_level3_heading_is_bold_fangsong_then_plain_body(out: Out) -> None:
    p = out.para_with("1.推进简政放权。")
    head, body = p.findall("w:r", NS)
    assert out.text(head) == "1.推进简政放权。"
    assert out.east_asia(p, head) == "仿宋_GB2312" and out.bold(p, head)
    assert out.text(body) == "全年取消和下放行政许可事项12项。"
    assert out.east_asia(p, body) == "仿宋_GB2312" and not out.bold(p, body)
    assert out.pstyle(p) == out.id_of[STYLE_BODY]


def test_first_line_indent_two_chars_on_body_and_headings(out: Out) -> None:
    body = out.paragraphs[1:-3]  # all but title and signature lines
    assert [out.text(p)[:6] for p in body] == [b.text[:6] for b in sample_tree().blocks]
    for p in body:
        assert out.para_prop(p, "w:ind", "firstLineChars") == "200", out.text(p)
        assert out.para_prop(p, "w:ind", "firstLine") == "640", out.text(p)


def test_headings_in_tree_order(out: Out) -> None:
    heading_ids = {out.id_of[n] for n in STYLE_HEADING.values()}
    got = [out.text(p) for p in out.paragraphs
           if out.pstyle(p) in heading_ids or p.find("w:r/w:rPr/w:rStyle", NS) is not None]
    want = [b.number + b.title for b in sample_tree().blocks if isinstance(b, Heading)]
    assert [g[:len(t)] for g, t in zip(got, want)] == want
    assert len(got) == len(want)


def test_pending_run_is_highlighted_and_nothing_else(out: Out) -> None:
    marked = [(out.text(r), h.get(w("val")))
              for r in out.doc.iter(w("r")) if (h := r.find("w:rPr/w:highlight", NS)) is not None]
    assert marked == [("【待补：行政复议办结件数】", "yellow")]


# --- footers and settings ---------------------------------------------------------

def _field_text(ftr: etree._Element) -> tuple[str, str, str]:
    """(text before the field, field instruction, text after) of the footer paragraph."""
    before, instr, after, state = [], [], [], "before"
    for r in ftr.iter(w("r")):
        fld = r.find("w:fldChar", NS)
        if fld is not None:
            state = {"begin": "instr", "separate": "cached", "end": "after"}[
                fld.get(w("fldCharType"))]
            continue
        if state == "instr":
            instr += [t.text for t in r.findall("w:instrText", NS)]
        elif state in ("before", "after"):
            (before if state == "before" else after).extend(t.text for t in r.findall("w:t", NS))
    return "".join(before), "".join(instr), "".join(after)


@pytest.mark.parametrize("kind, align", [("default", "right"), ("even", "left")])
def test_footer_page_number_field_with_dashes(out: Out, kind: str, align: str) -> None:
    ftr = out.footer(kind)
    before, instr, after = _field_text(ftr)
    assert instr.strip() == "PAGE"
    assert before.strip() == "—" and after.strip() == "—"
    p = ftr.find("w:p", NS)
    assert out.para_prop(p, "w:jc", "val") == align
    assert out.para_prop(p, "w:ind", f"{align}Chars") == "100"  # one character in
    assert out.east_asia(p) == "宋体" and out.size(p) == 28


# --- font table and document properties ---------------------------------------------

def font_table(out: Out) -> dict[str, etree._Element]:
    return {f.get(w("name")): f for f in out.xml["word/fontTable.xml"]}


def test_font_table_names_a_windows_face_for_each_gb2312_font(out: Out) -> None:
    """Issue 18 item 3: on a PC without the 公文 fonts, Word looks up the font table's
    w:altName before substituting by metrics (ECMA-376 17.8.3.1), so each names the face of
    the same kind that Chinese Windows or Office has. The text still asks for the GB fonts
    (the windows-fonts variant is the hard switch). 方正小标宋简体's description is 宋体's,
    so where 华文中宋 is missing too, Word's metric substitution lands on a 宋 face."""
    fonts = font_table(out)
    alt = {name: f.find("w:altName", NS).get(w("val")) for name, f in fonts.items()}
    assert alt == {"方正小标宋简体": "华文中宋", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体",
                   "黑体": "SimHei", "宋体": "SimSun"}
    assert (fonts["方正小标宋简体"].find("w:panose1", NS).get(w("val"))
            == fonts["宋体"].find("w:panose1", NS).get(w("val")))
    for f in fonts.values():  # CT_Font: altName first, then panose1, charset, family, pitch
        names = [etree.QName(c).localname for c in f]
        assert names == ["altName", "panose1", "charset", "family", "pitch"], names
        assert f.find("w:charset", NS).get(w("val")) == "86"
    assert out.east_asia(out.para_with("2024年，我县")) == "仿宋_GB2312"


def test_windows_fonts_variant_font_table_keeps_english_alternates() -> None:
    out = Out(render_docx(sample_tree(), load_profile(variants=["windows-fonts"])))
    alt = {name: f.find("w:altName", NS).get(w("val")) for name, f in font_table(out).items()}
    assert alt == {"宋体": "SimSun", "仿宋": "FangSong", "黑体": "SimHei", "楷体": "KaiTi"}


CORE = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
        "xsi": "http://www.w3.org/2001/XMLSchema-instance"}


def test_document_properties_title_author_created() -> None:
    """Issue 18 item 3: Word's 属性 shows the title, the organ as author (and last saved
    by), and when the draft was made as created and modified time (W3CDTF, UTC), in Chinese
    (before: the title and language only)."""
    import datetime as dt

    beijing = dt.timezone(dt.timedelta(hours=8))
    out = Out(render_docx(sample_tree(), created=dt.datetime(2025, 3, 7, 10, 0, 5, 999, tzinfo=beijing)))
    core = out.xml["docProps/core.xml"]
    text = {tag: core.find(tag, CORE).text for tag in (
        "dc:title", "dc:creator", "cp:lastModifiedBy", "dcterms:created", "dcterms:modified", "dc:language")}
    assert text == {"dc:title": sample_tree().title, "dc:creator": "某某县人民政府",
                    "cp:lastModifiedBy": "某某县人民政府", "dcterms:created": "2025-03-07T02:00:05Z",
                    "dcterms:modified": "2025-03-07T02:00:05Z", "dc:language": "zh-CN"}
    for tag in ("dcterms:created", "dcterms:modified"):
        assert core.find(tag, CORE).get(f"{{{CORE['xsi']}}}type") == "dcterms:W3CDTF"
    props = docx.Document(BytesIO(out.data)).core_properties  # as another reader sees them
    assert (props.author, props.created) == ("某某县人民政府", dt.datetime(2025, 3, 7, 2, 0, 5, tzinfo=dt.timezone.utc))
    app = out.xml["docProps/app.xml"]
    assert app.find("{*}Application").text == "fazhi-draft"


def test_document_without_signature_has_no_author() -> None:
    out = Out(render_docx(Document("标题")))
    core = out.xml["docProps/core.xml"]
    assert core.find("dc:creator", CORE) is None and core.find("dcterms:created", CORE) is not None


def test_render_stamps_created_time_reproducibly(tmp_path, monkeypatch) -> None:
    """Issue 18 item 3: `render` stamps the time it made the draft (not the 成文日期), or
    SOURCE_DATE_EPOCH when set, so the same input renders to the same bytes; a malformed value
    is a usage error that names the variable."""
    import datetime as dt

    from conftest import SAMPLES, run_cli

    def created(path) -> str:
        core = Out(path.read_bytes()).xml["docProps/core.xml"]
        return core.find("dcterms:created", CORE).text

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    assert run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(tmp_path / "a.docx")).returncode == 0
    stamp = dt.datetime.strptime(created(tmp_path / "a.docx"), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    assert before <= stamp <= dt.datetime.now(dt.timezone.utc)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1741312800")
    for name in ("b.docx", "c.docx"):
        assert run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(tmp_path / name)).returncode == 0
    assert created(tmp_path / "b.docx") == "2025-03-07T02:00:00Z"
    assert (tmp_path / "b.docx").read_bytes() == (tmp_path / "c.docx").read_bytes()
    import zipfile  # the zip entries too carry the stamp, not the clock (else a second apart differs)
    with zipfile.ZipFile(tmp_path / "b.docx") as zf:
        assert {i.date_time for i in zf.infolist()} == {(2025, 3, 7, 2, 0, 0)}

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "昨天")
    result = run_cli("render", str(SAMPLES / "2024.yaml"), "-o", str(tmp_path / "d.docx"))
    assert result.returncode == 2 and "SOURCE_DATE_EPOCH" in result.stderr and "“昨天”" in result.stderr
    assert not (tmp_path / "d.docx").exists()


def test_settings_have_even_and_odd_headers(out: Out) -> None:
    el = out.xml["word/settings.xml"].find("w:evenAndOddHeaders", NS)
    assert el is not None and el.get(w("val")) in (None, "1", "true", "on")


# --- signature --------------------------------------------------------------------

def test_signature_blank_line_then_organ_then_date(out: Out) -> None:
    blank, organ, date = out.paragraphs[-3:]
    assert out.text(blank) == "" and out.text(organ) == "某某县人民政府"
    assert out.text(date) == "2025年3月5日"
    for p in (organ, date):
        assert out.para_prop(p, "w:jc", "val") == "right"
        assert out.para_prop(p, "w:ind", "firstLineChars") == "0"
    # 7-char organ, 6-char date: the date would end 1 char in, so it goes 2 in and the
    # organ moves to 3 in; the date still starts 2 characters right of the organ.
    assert out.para_prop(organ, "w:ind", "rightChars") == "300"
    assert out.para_prop(date, "w:ind", "rightChars") == "200"


@pytest.mark.parametrize("organ, date, want", [
    ("某某县人民政府办公室", "2025年3月5日", (2, 4)),   # long organ: organ 2 in
    ("某某县人民政府", "2025年3月5日", (3, 2)),
    ("某某县司法局", "2025年12月31日", (5, 2)),        # long date: date 2 in
])
def test_signature_indents_keep_date_two_right_of_organ(organ, date, want) -> None:
    r_organ, r_date = signature_indents(organ, date, 2, 2)
    assert (r_organ, r_date) == want
    start = lambda text, right: 28 - right - text_width(text)  # noqa: E731
    assert start(date, r_date) - start(organ, r_organ) == 2
    assert min(r_organ, r_date) == 2


def test_sealed_variant_date_four_in_organ_centred_on_it() -> None:
    """Issue 18 item 4: `--layout sealed` (GB/T 9704 7.3.5.1): two blank lines leave room for
    the seal, the date is four characters from the right, the organ above it is centred on
    the date (6-character date, 7-character organ: 4 + 3 - 3.5 = 3.5 characters in); the
    default stays unsealed (7.3.5.2)."""
    out = Out(render_docx(sample_tree(), load_profile(variants=["sealed"])))
    *blanks, organ, date = out.paragraphs[-4:]
    assert [out.text(p) for p in (*blanks, organ, date)] == ["", "", "某某县人民政府", "2025年3月5日"]
    assert out.text(out.paragraphs[-5]).startswith("基层执法队伍")
    for p in (organ, date):
        assert out.para_prop(p, "w:jc", "val") == "right"
        assert out.para_prop(p, "w:ind", "firstLineChars") == "0"
    assert out.para_prop(date, "w:ind", "rightChars") == "400"
    assert out.para_prop(organ, "w:ind", "rightChars") == "350"
    assert out.para_prop(organ, "w:ind", "right") == str(350 * 32 // 10)  # twips: 3.5 x 16 pt
    assert [out.para_on(p, "w:keepNext") for p in (out.paragraphs[-5], *blanks, organ, date)] == \
        [True, True, True, True, False]  # the signature never stands alone on a page
    assert load_profile().signature.layout.value == "unsealed"


@pytest.mark.parametrize("organ, date, want", [
    ("某某县人民政府", "2025年3月5日", (3.5, 4)),
    ("某某县司法局", "2025年12月31日", (4.5, 4)),            # organ shorter than the date
    ("某某县人民政府办公室", "2025年3月5日", (2, 4)),
    ("中共某某县委全面依法治县委员会办公室", "2025年3月5日", (0, 4)),  # would overrun: at the edge
    ("某某县人民政府", "", (4, 4)),                               # no date: the organ in its place
])
def test_sealed_indents_centre_the_organ_on_the_date(organ, date, want) -> None:
    r_organ, r_date = sealed_indents(organ, date, 4)
    assert (r_organ, r_date) == want
    if date and r_organ > 0:  # the middles coincide
        assert r_organ + text_width(organ) / 2 == r_date + text_width(date) / 2


# --- variants ---------------------------------------------------------------------

def test_windows_fonts_variant_swaps_faces() -> None:
    out = Out(render_docx(sample_tree(), load_profile("gbt9704", ["windows-fonts"])))
    title = out.paragraphs[0]
    assert out.east_asia(title) == "宋体" and out.bold(title)
    assert out.east_asia(out.para_with("2024年，我县")) == "仿宋"
    assert out.east_asia(out.para_with("（一）加强党")) == "楷体"
    head = out.para_with("1.推进简政放权。").find("w:r", NS)
    assert out.east_asia(out.para_with("1.推进简政放权。"), head) == "仿宋"
    faces = {f.get(w("name")) for f in out.xml["word/fontTable.xml"]}
    assert faces == {"宋体", "仿宋", "黑体", "楷体"}
    assert b"_GB2312" not in out.raw["word/styles.xml"]


def test_fixed_28pt_variant() -> None:
    out = Out(render_docx(sample_tree(), load_profile(variants=["fixed-28pt"])))
    assert out.para_prop(out.para_with("2024年，我县"), "w:spacing", "line") == "560"
    assert out.sectPr.find("w:docGrid", NS).get(w("linePitch")) == "560"


def test_bold_headings_variant() -> None:
    out = Out(render_docx(sample_tree(), load_profile(variants=["bold-headings"])))
    p = out.para_with("（一）加强党")
    assert out.bold(p, p.find("w:r", NS))
    assert not out.bold(out.para_with("一、主要"))


def test_centred_page_numbers_variant() -> None:
    out = Out(render_docx(sample_tree(), load_profile(variants=["centred-page-numbers"])))
    for kind in ("default", "even"):
        p = out.footer(kind).find("w:p", NS)
        assert out.para_prop(p, "w:jc", "val") == "center"
        assert p.find("w:pPr/w:ind", NS) is None


# --- package hygiene --------------------------------------------------------------

def test_no_japanese_fallback_font_anywhere(out: Out) -> None:
    for name, data in out.raw.items():
        text = data.decode("utf-8")
        for bad in ("MS Mincho", "ＭＳ 明朝", "MS Gothic", "Theme\""):
            assert bad not in text, (name, bad)
    assert not any("theme" in n for n in out.raw)


def test_every_part_well_formed_and_children_in_schema_order(out: Out) -> None:
    checked = {"pPr": 0, "rPr": 0, "sectPr": 0}
    for name, root in out.xml.items():  # parsing in Out() already proved well-formedness
        for tag, order in (("pPr", oxml.PPR_ORDER), ("rPr", oxml.RPR_ORDER), ("sectPr", oxml.SECTPR_ORDER)):
            for el in root.iter(w(tag)):
                _assert_order(el, order, name)
                checked[tag] += 1
    assert checked["pPr"] > BODY_PARAGRAPHS and checked["rPr"] > BODY_PARAGRAPHS and checked["sectPr"] == 1


def test_order_spot_checks(out: Out) -> None:
    # Independent of oxml's tables: the orders Word is known to reject.
    pairs = 0  # how many elements held both members of a pair (else the test proved nothing)
    for root in out.xml.values():
        for rpr in root.iter(w("rPr")):
            names = [etree.QName(c).localname for c in rpr]
            for later in ("b", "sz"):
                if "rFonts" in names and later in names:
                    assert names.index("rFonts") < names.index(later), names
                    pairs += 1
        for ppr in root.iter(w("pPr")):
            names = [etree.QName(c).localname for c in ppr]
            seq = [n for n in names if n in ("spacing", "ind", "jc")]
            assert seq == sorted(seq, key=["spacing", "ind", "jc"].index)
            pairs += len(seq) > 1
    assert pairs >= 10


def _assert_order(parent, order, part) -> None:
    names = [etree.QName(c).localname for c in parent]
    ranks = [order.index(n) for n in names]
    assert ranks == sorted(ranks), (part, names)


# --- bad input --------------------------------------------------------------------

@pytest.mark.parametrize("doc", [
    Document("标题", (Paragraph((Text("全年办结\x07件"),)),)),
    Document("标\x0b题"),
    Document("标题", (Heading(3, "1.", "推进\x00", (Text("正文"),)),)),
    Document("标题", signature=Signature("某某县\x1b人民政府", "2025年3月5日")),
])
def test_control_characters_raise_value_error_naming_the_text(doc) -> None:
    with pytest.raises(ValueError, match="控制字符") as err:
        render_docx(doc)
    assert "\\u00" in str(err.value)  # the text is shown, the character made visible


def test_newlines_and_tabs_become_breaks() -> None:
    """Issue 14 item 6: tabs were promised by the name and never written."""
    out = Out(render_docx(Document("某某县人民政府关于2024年度\n法治政府建设情况的报告",
                                   (Paragraph((Text("序号\t事项"),)),))))
    title = out.paragraphs[0]
    assert [etree.QName(c).localname for c in title.find("w:r", NS)] == ["t", "br", "t"]
    assert out.text(title) == "某某县人民政府关于2024年度法治政府建设情况的报告"
    body = out.paragraphs[1]
    assert [etree.QName(c).localname for c in body.find("w:r", NS) if c.tag != w("rPr")] == ["t", "tab", "t"]
    assert out.text(body) == "序号事项"


def test_heading_level_out_of_range_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="层级"):
        render_docx(Document("标题", (Heading(5, "①", "细目"),)))


def test_empty_document_renders() -> None:
    out = Out(render_docx(Document("标题")))
    assert [out.text(p) for p in out.paragraphs] == ["标题"]


# --- layout profile ---------------------------------------------------------------

VARIANTS = ("windows-fonts", "fixed-28pt", "bold-headings", "centred-page-numbers", "sealed")


def test_every_value_of_every_profile_labelled() -> None:
    for variants in ((), *((v,) for v in VARIANTS)):
        entries = list(load_profile(variants=variants).entries())
        assert len(entries) == 49, variants  # every value of the profile, none skipped
        for path, _value, source, _note in entries:
            assert source in ("standard", "local"), (variants, path)


def test_profile_values_match_gbt9704() -> None:
    p = load_profile()
    assert (p.page.width.value, p.page.height.value) == (11906, 16838)
    assert p.text.line_pitch.value == 579 and p.text.char_spacing.value == -5
    assert (p.title.face.value, p.title.size_pt.value) == ("方正小标宋简体", 22)
    assert p.heading(3).bold.value is True
    assert p.page_number.format.value == "— {page} —"


@pytest.mark.parametrize("base, variants", [("nope", ()), ("gbt9704", ("nope",)),
                                            ("windows-fonts", ())])
def test_unknown_profile_name_lists_valid_names(base, variants) -> None:
    with pytest.raises(ValueError) as err:
        load_profile(base, variants)
    msg = str(err.value)
    assert "未知" in msg and all(name in msg for name in ("gbt9704", *VARIANTS))


def test_variant_override_carries_its_own_label() -> None:
    p = load_profile(variants=["windows-fonts"])
    assert p.body.face.value == "仿宋" and p.body.face.source == "local"
    assert p.name == "gbt9704+windows-fonts"
    assert p.body.size_pt.value == 16  # untouched values survive
