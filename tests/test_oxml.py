"""writers/oxml.py on small XML snippets: XML in, XML out, one row per case."""

from __future__ import annotations

import re

import pytest
from docx.oxml import parse_xml
from lxml import etree

from fazhi_draft.writers import oxml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W}"'


def el(xml: str):
    """Parse a snippet whose root is written without the namespace declaration."""
    return parse_xml(re.sub(r"^<(w:\w+)", rf"<\1 {NSDECL}", xml, count=1))


def names(parent) -> list[str]:
    return [etree.QName(c).localname for c in parent]


def attrs(e) -> dict[str, str]:
    return {etree.QName(k).localname: v for k, v in e.attrib.items()}


@pytest.mark.parametrize("before, setter, after", [
    ("<w:rPr><w:b/><w:sz w:val='32'/></w:rPr>",
     lambda r: oxml.set_fonts(r, "仿宋_GB2312"), ["rFonts", "b", "sz"]),
    ("<w:rPr><w:rFonts/><w:sz w:val='32'/><w:lang/></w:rPr>",
     lambda r: oxml.set_char_spacing(r, -5), ["rFonts", "spacing", "sz", "lang"]),
    ("<w:rPr><w:rStyle w:val='x'/><w:lang/></w:rPr>",
     lambda r: oxml.set_highlight(r, "yellow"), ["rStyle", "highlight", "lang"]),
    ("<w:rPr><w:sz w:val='32'/></w:rPr>",
     lambda r: oxml.set_bold(r, True), ["b", "bCs", "sz"]),
    ("<w:rPr><w:rFonts/><w:sz w:val='32'/></w:rPr>",
     lambda r: oxml.set_size(r, 44), ["rFonts", "sz", "szCs"]),
])
def test_rpr_children_land_in_schema_order(before, setter, after) -> None:
    rpr = el(before)
    setter(rpr)
    assert names(rpr) == after


@pytest.mark.parametrize("before, setter, after", [
    ("<w:pPr><w:pStyle w:val='a'/><w:jc w:val='both'/></w:pPr>",
     lambda p: oxml.set_first_line_indent(p, 2, 16), ["pStyle", "ind", "jc"]),
    ("<w:pPr><w:ind/><w:jc w:val='both'/></w:pPr>",
     lambda p: oxml.set_spacing(p, line=579), ["spacing", "ind", "jc"]),
    ("<w:pPr><w:spacing/><w:jc w:val='both'/></w:pPr>",
     lambda p: oxml.set_snap_to_grid(p, False), ["snapToGrid", "spacing", "jc"]),
    ("<w:pPr><w:spacing/></w:pPr>",
     lambda p: (oxml.set_overflow_punct(p), oxml.set_kinsoku(p)),
     ["kinsoku", "overflowPunct", "spacing"]),
    ("<w:pPr><w:pStyle w:val='a'/><w:rPr/></w:pPr>",
     lambda p: oxml.set_jc(p, "center"), ["pStyle", "jc", "rPr"]),
])
def test_ppr_children_land_in_schema_order(before, setter, after) -> None:
    ppr = el(before)
    setter(ppr)
    assert names(ppr) == after


def test_fonts_fill_east_asian_slot_and_drop_theme_fonts() -> None:
    rpr = el("<w:rPr><w:rFonts w:asciiTheme='minorHAnsi' w:eastAsiaTheme='minorEastAsia'/></w:rPr>")
    oxml.set_fonts(rpr, "黑体")
    assert attrs(rpr[0]) == {"ascii": "黑体", "hAnsi": "黑体", "eastAsia": "黑体",
                             "hint": "eastAsia"}


def test_first_line_indent_writes_chars_and_twips() -> None:
    ppr = el("<w:pPr><w:ind w:hanging='420'/></w:pPr>")
    oxml.set_first_line_indent(ppr, 2, 16)
    assert attrs(ppr[0]) == {"firstLineChars": "200", "firstLine": "640"}


def test_on_off_values() -> None:
    ppr = el("<w:pPr/>")
    oxml.set_kinsoku(ppr)
    oxml.set_overflow_punct(ppr, False)
    assert [attrs(c) for c in ppr] == [{}, {"val": "0"}]


def test_doc_grid_goes_last_in_sectpr() -> None:
    sect = el("<w:sectPr><w:pgSz w:w='11906'/><w:cols/><w:docGrid w:charSpace='0'/></w:sectPr>")
    oxml.set_doc_grid(sect, 579)
    assert names(sect) == ["pgSz", "cols", "docGrid"]
    assert attrs(sect[-1]) == {"type": "lines", "linePitch": "579"}


def test_page_field_runs() -> None:
    runs = oxml.page_field_runs("7")
    kinds = [r[0].get(f"{{{W}}}fldCharType") if r[0].tag.endswith("fldChar") else r[0].text
             for r in runs]
    assert kinds == ["begin", " PAGE ", "separate", "7", "end"]


def test_make_run_breaks_and_highlight() -> None:
    r = oxml.make_run("第一行\n第二行\t完", highlight="yellow")
    assert names(r) == ["rPr", "t", "br", "t", "tab", "t"]
    assert names(r[0]) == ["highlight"]
    lead = oxml.make_run(" 空格 ")
    assert lead[0].get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"


@pytest.mark.parametrize("bad", ["a\x00b", "\x07", "x\x1f", "\ufffe", "\ud800"])
def test_xml_safe_rejects_and_names_the_text(bad) -> None:
    with pytest.raises(ValueError, match="控制字符"):
        oxml.xml_safe(bad)


@pytest.mark.parametrize("ok", ["全年\t27件\n", "\r\n", "“引号”——……", "\x85"])
def test_xml_safe_accepts_tabs_newlines_and_cjk(ok) -> None:
    assert oxml.xml_safe(ok) == ok
