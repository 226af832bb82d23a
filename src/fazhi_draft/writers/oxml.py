"""Raw WordprocessingML that python-docx has no API for, one small function per element.

Word validates the order of children in w:pPr, w:rPr and w:sectPr and "repairs" a file
whose hand-made elements were appended at the end (LibreOffice does not complain, so the
bug hides). Every setter here therefore inserts through `insert_in_order` with the
schema sequence from ECMA-376 Part 1 (CT_PPrBase, CT_RPr/EG_RPrBase, CT_SectPr).
"""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

# ECMA-376 CT_PPr: the order of w:pPr children.
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
    "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
    "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN",
    "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
    "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
    "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
)

# ECMA-376 CT_RPr (EG_RPrBase + rPrChange): the order of w:rPr children.
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish",
    "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight",
    "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang",
    "eastAsianLayout", "specVanish", "oMath", "rPrChange",
)

# ECMA-376 CT_SectPr after the header/footer references.
SECTPR_ORDER = (
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
    "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
    "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
    "printerSettings", "sectPrChange",
)

_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}

# XML 1.0 forbids C0 controls other than tab/LF/CR, U+FFFE/U+FFFF and lone surrogates;
# lxml raises deep inside run creation on any of them.
_BAD_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BREAKS = re.compile(r"(\r\n|\r|\n|\t)")


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def insert_in_order(parent: etree._Element, child: etree._Element,
                    order: tuple[str, ...]) -> etree._Element:
    """Insert `child` before the first sibling that the schema puts after it."""
    rank = order.index(_local(child))
    for sib in parent:
        name = _local(sib)
        if name in order and order.index(name) > rank:
            sib.addprevious(child)
            return child
    parent.append(child)
    return child


def get_or_add(parent: etree._Element, name: str, order: tuple[str, ...]) -> etree._Element:
    """Return the w:`name` child of `parent`, creating it in schema order if absent."""
    found = parent.find(qn(f"w:{name}"))
    if found is not None:
        return found
    return insert_in_order(parent, OxmlElement(f"w:{name}"), order)


def remove(parent: etree._Element, *names: str) -> None:
    for name in names:
        for el in parent.findall(qn(f"w:{name}")):
            parent.remove(el)


def _set_attrs(el: etree._Element, **attrs: object) -> etree._Element:
    for key, val in attrs.items():
        if val is None:
            el.attrib.pop(qn(f"w:{key}"), None)
        else:
            el.set(qn(f"w:{key}"), str(val))
    return el


def _set_on_off(parent: etree._Element, name: str, on: bool,
                order: tuple[str, ...]) -> None:
    # Written explicitly either way so a style can switch off what it inherits.
    el = get_or_add(parent, name, order)
    _set_attrs(el, val=None if on else "0")


# --- run properties (w:rPr) -------------------------------------------------------

def set_fonts(rPr: etree._Element, face: str) -> None:
    """Name `face` on the East Asian slot (what Chinese text uses) and the Latin slots.

    hint="eastAsia" makes ambiguous-width punctuation (“ ” — ……) use the East Asian
    face too; theme attributes are dropped because they win over explicit names.
    """
    el = get_or_add(rPr, "rFonts", RPR_ORDER)
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        el.attrib.pop(qn(f"w:{theme}"), None)
    _set_attrs(el, ascii=face, hAnsi=face, eastAsia=face, hint="eastAsia")


def set_bold(rPr: etree._Element, on: bool) -> None:
    """w:b and w:bCs; removed when off so the style inherits plain weight."""
    if on:
        for name in ("b", "bCs"):
            _set_attrs(get_or_add(rPr, name, RPR_ORDER), val=None)
    else:
        remove(rPr, "b", "bCs")


def set_size(rPr: etree._Element, half_points: int) -> None:
    """w:sz and w:szCs in half-points (16 pt = 32)."""
    for name in ("sz", "szCs"):
        _set_attrs(get_or_add(rPr, name, RPR_ORDER), val=half_points)


def set_char_spacing(rPr: etree._Element, twentieths: int) -> None:
    """w:spacing/@w:val in 1/20 pt: -5 tightens 16 pt text so 28 characters fit a line."""
    _set_attrs(get_or_add(rPr, "spacing", RPR_ORDER), val=twentieths)


def set_lang(rPr: etree._Element, east_asia: str = "zh-CN", latin: str = "en-US") -> None:
    """w:lang: marks the text Chinese so Word picks Chinese line breaking and proofing."""
    _set_attrs(get_or_add(rPr, "lang", RPR_ORDER), val=latin, eastAsia=east_asia)


def set_highlight(rPr: etree._Element, color: str) -> None:
    _set_attrs(get_or_add(rPr, "highlight", RPR_ORDER), val=color)


def set_run_style(rPr: etree._Element, style_id: str) -> None:
    _set_attrs(get_or_add(rPr, "rStyle", RPR_ORDER), val=style_id)


# --- paragraph properties (w:pPr) -------------------------------------------------

def set_paragraph_style(pPr: etree._Element, style_id: str) -> None:
    _set_attrs(get_or_add(pPr, "pStyle", PPR_ORDER), val=style_id)


def set_keep_next(pPr: etree._Element, on: bool = True) -> None:
    _set_on_off(pPr, "keepNext", on, PPR_ORDER)


def set_kinsoku(pPr: etree._Element, on: bool = True) -> None:
    """Chinese line-breaking rules: no closing punctuation at the start of a line."""
    _set_on_off(pPr, "kinsoku", on, PPR_ORDER)


def set_overflow_punct(pPr: etree._Element, on: bool = False) -> None:
    """Off: punctuation may not hang into the right margin."""
    _set_on_off(pPr, "overflowPunct", on, PPR_ORDER)


def set_snap_to_grid(pPr: etree._Element, on: bool) -> None:
    """Off on the 22 pt title so it never takes two grid lines per line."""
    _set_on_off(pPr, "snapToGrid", on, PPR_ORDER)


def set_spacing(pPr: etree._Element, *, line: int | None = None, exact: bool = True,
                before: int | None = None, after: int | None = None) -> None:
    """w:spacing in twips; `line` with lineRule exact (or auto, 240 = single, if not)."""
    el = get_or_add(pPr, "spacing", PPR_ORDER)
    if line is not None:
        _set_attrs(el, line=line, lineRule="exact" if exact else "auto")
    if before is not None:
        _set_attrs(el, before=before)
    if after is not None:
        _set_attrs(el, after=after)


def set_first_line_indent(pPr: etree._Element, chars: float, size_pt: float) -> None:
    """Both firstLineChars (hundredths of a char) and firstLine (twips): some renderers
    read only one of them."""
    el = get_or_add(pPr, "ind", PPR_ORDER)
    for name in ("hanging", "hangingChars"):
        el.attrib.pop(qn(f"w:{name}"), None)
    _set_attrs(el, firstLineChars=round(chars * 100), firstLine=round(chars * size_pt * 20))


def set_side_indent(pPr: etree._Element, size_pt: float, *, left: float | None = None,
                    right: float | None = None) -> None:
    """Left/right indents in characters, written as *Chars and as twips."""
    el = get_or_add(pPr, "ind", PPR_ORDER)
    if left is not None:
        _set_attrs(el, leftChars=round(left * 100), left=round(left * size_pt * 20))
    if right is not None:
        _set_attrs(el, rightChars=round(right * 100), right=round(right * size_pt * 20))


def set_jc(pPr: etree._Element, align: str) -> None:
    """Alignment: left, center, right or justify."""
    _set_attrs(get_or_add(pPr, "jc", PPR_ORDER), val=_JC[align])


def set_hanging_indent(pPr: etree._Element, left: float, hanging: float, size_pt: float) -> None:
    """Left indent `left` with the first line `hanging` characters out of it (附件：title, whose
    wrapped lines stand under the title's first character), as *Chars and as twips."""
    el = get_or_add(pPr, "ind", PPR_ORDER)
    for name in ("firstLine", "firstLineChars"):
        el.attrib.pop(qn(f"w:{name}"), None)
    _set_attrs(el, leftChars=round(left * 100), left=round(left * size_pt * 20),
               hangingChars=round(hanging * 100), hanging=round(hanging * size_pt * 20))


# --- section and runs -------------------------------------------------------------

def set_doc_grid(sectPr: etree._Element, line_pitch: int, char_space: int | None = None) -> None:
    """w:docGrid: the line grid (type="lines") or, given `char_space`, the line and character
    grid (type="linesAndChars", Word's 指定行和字符网格) whose page setup shows so many
    characters a line and lines a page. `line_pitch` in twips; `char_space` in 1/4096 pt
    added to the Normal font's size (ECMA-376 17.6.5; layout.LayoutProfile.grid_char_space)."""
    el = get_or_add(sectPr, "docGrid", SECTPR_ORDER)
    kind = "lines" if char_space is None else "linesAndChars"
    _set_attrs(el, type=kind, linePitch=line_pitch, charSpace=char_space)


def xml_safe(text: str) -> str:
    """Return `text` unchanged, or raise ValueError naming it if XML cannot hold it."""
    m = _BAD_XML_CHAR.search(text)
    if m:
        shown = _BAD_XML_CHAR.sub(lambda c: f"\\u{ord(c.group()):04x}", text)
        if len(shown) > 60:
            shown = shown[:60] + "……"
        raise ValueError(
            f"文本含有 Word 文件无法保存的控制字符 U+{ord(m.group()):04X}"
            f"（第 {m.start() + 1} 个字符）：“{shown}”。请删除该字符后重试。"
        )
    return text


def make_run(text: str, rstyle: str | None = None,
             highlight: str | None = None) -> etree._Element:
    """A w:r holding `text`; newlines become w:br and tabs w:tab, as in Word."""
    r = OxmlElement("w:r")
    if rstyle or highlight:
        rPr = OxmlElement("w:rPr")
        r.append(rPr)
        if rstyle:
            set_run_style(rPr, rstyle)
        if highlight:
            set_highlight(rPr, highlight)
    for piece in _BREAKS.split(xml_safe(text)):
        if not piece:
            continue
        if piece in ("\r\n", "\r", "\n"):
            r.append(OxmlElement("w:br"))
        elif piece == "\t":
            r.append(OxmlElement("w:tab"))
        else:
            t = OxmlElement("w:t")
            t.text = piece
            if piece != piece.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
    return r


def make_paragraph(style_id: str) -> etree._Element:
    """An empty w:p with its paragraph style."""
    p = OxmlElement("w:p")
    pPr = OxmlElement("w:pPr")
    p.append(pPr)
    set_paragraph_style(pPr, style_id)
    return p


def page_field_runs(cached: str = "1") -> list[etree._Element]:
    """The five runs of a PAGE field: begin / instrText " PAGE " / separate / the number
    shown until fields update / end. python-docx has no field API."""
    def fld(kind: str) -> etree._Element:
        r = OxmlElement("w:r")
        r.append(_set_attrs(OxmlElement("w:fldChar"), fldCharType=kind))
        return r

    instr = OxmlElement("w:r")
    it = OxmlElement("w:instrText")
    it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    it.text = " PAGE "
    instr.append(it)
    return [fld("begin"), instr, fld("separate"), make_run(cached), fld("end")]


# --- tables (w:trPr) -------------------------------------------------------------

# ECMA-376 CT_TrPrBase: w:trPr holds a choice of these, in any order; kept in this order.
TRPR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
              "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange")


def _tr_pr(tr: etree._Element) -> etree._Element:
    """The row's w:trPr, created where the schema wants it (after w:tblPrEx, before the cells)."""
    trPr = tr.find(qn("w:trPr"))
    if trPr is None:
        trPr = OxmlElement("w:trPr")
        ex = tr.find(qn("w:tblPrEx"))
        if ex is not None:
            ex.addnext(trPr)
        else:
            tr.insert(0, trPr)
    return trPr


def set_repeat_header(tr: etree._Element, on: bool = True) -> None:
    """w:tblHeader: the row is repeated at the top of every page the table runs over."""
    _set_on_off(_tr_pr(tr), "tblHeader", on, TRPR_ORDER)


def set_cant_split(tr: etree._Element, on: bool = True) -> None:
    """w:cantSplit: the row is never broken across two pages."""
    _set_on_off(_tr_pr(tr), "cantSplit", on, TRPR_ORDER)
