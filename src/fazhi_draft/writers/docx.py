"""The .docx writer: a `tree.Document` in, a GB/T 9704-2012 Word file (bytes) out.

Phases, as in pandoc's writeDocx: open our own reference package (writers/reference/,
plain XML zipped on demand), apply the layout profile to its styles, section and
footers, write one paragraph per tree node by style *name*, close with the signature,
serialise. The writer knows the tree and the style names below, nothing about
indicators or input files.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from docx import Document as open_docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Twips
from lxml import etree

from .. import tree
from . import oxml
from ..layout import Font, LayoutProfile, load_profile

# Style names in the reference (stable: an office may restyle them in Word).
STYLE_TITLE = "公文标题"
STYLE_BODY = "公文正文"
STYLE_HEADING = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
STYLE_HEADING_CHAR = {n: f"{name} 字符" for n, name in STYLE_HEADING.items()}
STYLE_SIGNATURE = "署名"
STYLE_PAGE_NUMBER = "页码"
STYLE_ATTACHMENT_LABEL = "附件标识"
STYLE_TABLE = "公文表格"
STYLE_TABLE_TEXT = "表格文字"
STYLE_TABLE_HEADER = "表格表头"

_REFERENCE_DIR = Path(__file__).with_name("reference")
_FONT_TABLE = "word/fontTable.xml"
# Indentation in the reviewable XML is not content; drop it so parts stay compact.
_PARSER = etree.XMLParser(remove_blank_text=True)


def render_docx(doc: tree.Document, profile: LayoutProfile | None = None, *,
                created: dt.datetime | None = None) -> bytes:
    """Return the .docx bytes of `doc` laid out by `profile` (None: the gbt9704 default).

    `created` is stamped as the file's creation and modification time (Word's 创建时间 and
    修改时间; None: now). It is when the draft was made, not the report's 成文日期, which the
    signature carries. Raises ValueError (Chinese message naming the text) if any text holds
    a character XML cannot store, such as a C0 control character.
    """
    profile = profile or load_profile()
    document = open_docx(BytesIO(styled_package(profile)))

    body = _BodyWriter(document, profile)
    body.title(doc.title)
    for block in doc.blocks:
        body.block(block)
    _attachment_note(body, doc.attachment_note())
    if doc.signature is not None:
        body.signature(doc.signature)
    for n, attachment in enumerate(doc.attachments):
        _attachment(body, document, attachment, doc.attachment_label(n))

    _set_properties(document, doc, created)
    out = BytesIO()
    document.save(out)
    return _stamp_entries(out.getvalue(), created)


def _stamp_entries(package: bytes, created: dt.datetime | None) -> bytes:
    """The zip entries dated `created` too: python-docx dates them by the clock, so two renders
    a second apart differed in bytes even with SOURCE_DATE_EPOCH set."""
    if created is None:
        return package
    when = created.timetuple()[:6]
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=max(when, (1980, 1, 1, 0, 0, 0)))
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info))
    return out.getvalue()


def _set_properties(document: DocxDocument, doc: tree.Document, created: dt.datetime | None) -> None:
    """docProps/core.xml as Word's 属性 dialog shows it: title, author and last saved by (the
    organ that signs), created and modified (W3CDTF, UTC, whole seconds), language zh-CN."""
    props = document.core_properties
    props.title = doc.title.replace("\n", "")
    if doc.signature is not None and doc.signature.organ:
        props.author = props.last_modified_by = oxml.xml_safe(doc.signature.organ)
    when = (created or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    # python-docx writes the time as given with a "Z": give it UTC, without the offset.
    props.created = props.modified = when.replace(tzinfo=None, microsecond=0)
    props.language = "zh-CN"


@lru_cache(maxsize=8)
def styled_package(profile: LayoutProfile) -> bytes:
    """The reference package with `profile` applied and no body yet: built once per profile
    (the profile is frozen), so a batch pays for styles, page setup and footers only once."""
    document = open_docx(BytesIO(reference_package(profile)))
    _apply_profile(document, profile)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


# --- phase 1: the reference package -----------------------------------------------

def reference_package(profile: LayoutProfile) -> bytes:
    """Our base .docx zipped from writers/reference/, its font table cut to `profile`."""
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _reference_parts().items():
            if name == _FONT_TABLE:
                data = _font_table(data, profile.faces())
            zf.writestr(name, data)
    return buf.getvalue()


@lru_cache(maxsize=1)
def _reference_parts() -> dict[str, bytes]:
    # Comments document the reference for reviewers; they are not shipped to Word.
    parts: dict[str, bytes] = {}
    for path in sorted(_REFERENCE_DIR.rglob("*")):
        if path.is_file() and path.name.endswith((".xml", ".rels")):
            root = etree.fromstring(path.read_bytes(), _PARSER)
            for comment in root.xpath("//comment()"):  # the prologue's go with tostring
                if comment.getparent() is not None:
                    comment.getparent().remove(comment)
            parts[path.relative_to(_REFERENCE_DIR).as_posix()] = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return parts


def _font_table(data: bytes, faces: list[str]) -> bytes:
    """Keep the catalogue entries for `faces`, in that order; add unknown faces as GB2312."""
    root = etree.fromstring(data)
    known = {el.get(qn("w:name")): el for el in root}
    for el in list(root):
        root.remove(el)
    for face in faces:
        el = known.get(face)
        if el is None:
            el = etree.SubElement(root, qn("w:font"), {qn("w:name"): face})
            for tag, val in (("charset", "86"), ("family", "auto"), ("pitch", "variable")):
                etree.SubElement(el, qn(f"w:{tag}"), {qn("w:val"): val})
        root.append(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- phase 2: apply the layout profile --------------------------------------------

def _apply_profile(document: DocxDocument, profile: LayoutProfile) -> None:
    _apply_doc_defaults(document, profile)
    _apply_styles(document, profile)
    _apply_section(document, profile)
    _apply_footers(document, profile)
    _apply_attachment_styles(document, profile)
    document.settings.odd_and_even_pages_header_footer = True


def _apply_font(rPr: etree._Element, font: Font) -> None:
    oxml.set_fonts(rPr, font.face.value)
    oxml.set_bold(rPr, font.bold.value)
    oxml.set_size(rPr, font.half_points)


def _apply_doc_defaults(document: DocxDocument, profile: LayoutProfile) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rPr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    pPr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    _apply_font(rPr, profile.body)
    oxml.set_lang(rPr)
    oxml.set_kinsoku(pPr, True)
    oxml.set_overflow_punct(pPr, False)
    oxml.set_spacing(pPr, line=profile.text.line_pitch.value)


def _apply_styles(document: DocxDocument, profile: LayoutProfile) -> None:
    styles = document.styles
    pitch = profile.text.line_pitch.value
    indent = profile.text.first_line_chars.value

    title = styles[STYLE_TITLE].element
    _apply_font(title.get_or_add_rPr(), profile.title)
    pPr = title.get_or_add_pPr()
    oxml.set_snap_to_grid(pPr, False)
    oxml.set_spacing(pPr, line=pitch, after=profile.title.blank_lines_after.value * pitch)
    oxml.set_jc(pPr, "center")

    body = styles[STYLE_BODY].element
    _apply_font(body.get_or_add_rPr(), profile.body)
    oxml.set_char_spacing(body.get_or_add_rPr(), profile.text.char_spacing.value)
    oxml.set_first_line_indent(body.get_or_add_pPr(), indent, profile.body.size_pt.value)

    for level in (1, 2, 3, 4):
        font = profile.heading(level)
        para = styles[STYLE_HEADING[level]].element
        _apply_font(para.get_or_add_rPr(), font)
        oxml.set_first_line_indent(para.get_or_add_pPr(), indent, font.size_pt.value)
        _apply_font(styles[STYLE_HEADING_CHAR[level]].element.get_or_add_rPr(), font)

    _apply_font(styles[STYLE_PAGE_NUMBER].element.get_or_add_rPr(), profile.page_number)


def _apply_section(document: DocxDocument, profile: LayoutProfile) -> None:
    page = profile.page
    section = document.sections[0]
    section.page_width = Twips(page.width.value)
    section.page_height = Twips(page.height.value)
    section.top_margin = Twips(page.margin_top.value)
    section.bottom_margin = Twips(page.margin_bottom.value)
    section.left_margin = Twips(page.margin_left.value)
    section.right_margin = Twips(page.margin_right.value)
    section.header_distance = Twips(page.header_distance.value)
    section.footer_distance = Twips(page.footer_distance.value)
    oxml.set_doc_grid(document.element.body.sectPr, profile.text.line_pitch.value,
                      profile.grid_char_space)


def _apply_footers(document: DocxDocument, profile: LayoutProfile) -> None:
    """Rebuild both footers: "— N —" from a PAGE field, odd right and even left."""
    pn = profile.page_number
    style_id = document.styles[STYLE_PAGE_NUMBER].style_id
    before, after = pn.format.value.split("{page}")
    section = document.sections[0]
    for footer, align, cached in ((section.footer, pn.odd_align.value, "1"),
                                  (section.even_page_footer, pn.even_align.value, "2")):
        ftr = footer.part.element
        for child in list(ftr):
            ftr.remove(child)
        p = oxml.make_paragraph(style_id)
        pPr = p[0]
        if align != "center":
            side = {align: pn.indent_chars.value}
            oxml.set_side_indent(pPr, pn.size_pt.value, **side)
        oxml.set_jc(pPr, align)
        if before:
            p.append(oxml.make_run(before))
        p.extend(oxml.page_field_runs(cached))
        if after:
            p.append(oxml.make_run(after))
        ftr.append(p)


# --- phase 3: the body, one method per node type ----------------------------------

class _BodyWriter:
    """Appends paragraphs before the body's sectPr.

    python-docx's add_paragraph looks the sectPr up among all body children on every
    call, so a long document costs quadratic time; keeping the anchor keeps it flat.
    """

    def __init__(self, document: DocxDocument, profile: LayoutProfile) -> None:
        self._anchor = document.element.body.sectPr
        self._profile = profile
        names = [STYLE_TITLE, STYLE_BODY, STYLE_SIGNATURE, STYLE_ATTACHMENT_LABEL, STYLE_TABLE_TEXT,
                 STYLE_TABLE_HEADER, *STYLE_HEADING.values(), *STYLE_HEADING_CHAR.values()]
        self._ids = {name: document.styles[name].style_id for name in names}

    def _paragraph(self, style: str) -> etree._Element:
        p = oxml.make_paragraph(self._ids[style])
        self._anchor.addprevious(p)
        return p

    def _highlight(self, inline: tree.Inline) -> str | None:
        if isinstance(inline, tree.Pending):
            return self._profile.pending.highlight.value
        return self._profile.marked.highlight.value if inline.marked else None

    def _inlines(self, p: etree._Element, inlines: tuple[tree.Inline, ...]) -> None:
        for inline in inlines:
            if inline.text:
                p.append(oxml.make_run(inline.text, highlight=self._highlight(inline)))

    def title(self, text: str) -> None:
        self._paragraph(STYLE_TITLE).append(oxml.make_run(text))

    def block(self, block: tree.Block) -> None:
        if isinstance(block, tree.Heading):
            self.heading(block)
        elif isinstance(block, tree.Paragraph):
            self.paragraph(block)
        else:
            raise TypeError(f"unknown block type: {type(block).__name__}")

    def heading(self, h: tree.Heading) -> None:
        if h.level not in STYLE_HEADING:
            raise ValueError(f"标题层级须为 1-4，“{h.number}{h.title}”的层级为 {h.level}")
        label = h.number + h.title
        highlight = self._profile.marked.highlight.value if h.marked else None
        if not h.body:
            self._paragraph(STYLE_HEADING[h.level]).append(oxml.make_run(label, highlight=highlight))
            return
        # Run-in heading: a body paragraph whose first run carries the heading's
        # linked character style, so "1.推进简政放权。" is bold and the rest is not.
        p = self._paragraph(STYLE_BODY)
        p.append(oxml.make_run(label, rstyle=self._ids[STYLE_HEADING_CHAR[h.level]], highlight=highlight))
        self._inlines(p, h.body)

    def paragraph(self, para: tree.Paragraph) -> None:
        self._inlines(self._paragraph(STYLE_BODY), para.inlines)

    def signature(self, sig: tree.Signature) -> None:
        """Blank line(s), the organ right-aligned, the date on the next line: unsealed
        (GB/T 9704 7.3.5.2, `signature_indents`) or sealed (7.3.5.1, `sealed_indents`) as
        the profile's `signature.layout` says.

        The signature never stands alone on a page (GB/T 9704 practice): the last body
        paragraph, the blank line and the organ each keep with the next paragraph
        (w:keepNext, written on the paragraphs themselves so Word and WPS do the same
        whatever the styles say), so where the page is full the last line(s) of the body
        move over with the signature instead.
        """
        s = self._profile.signature
        size = self._profile.body.size_pt.value
        last_body = self._anchor.getprevious()
        if last_body is not None and last_body.tag == qn("w:p"):
            oxml.set_keep_next(last_body[0])
        for _ in range(s.blank_lines_before.value):
            oxml.set_keep_next(self._paragraph(STYLE_SIGNATURE)[0])
        if s.layout.value == "sealed":
            organ_right, date_right = sealed_indents(sig.organ, sig.date, s.right_chars.value)
        else:
            organ_right, date_right = signature_indents(
                sig.organ, sig.date, s.right_chars.value, s.date_shift_chars.value)
        lines = [(sig.organ, organ_right)]
        if sig.date:
            lines.append((sig.date, date_right))
        for i, (text, right) in enumerate(lines):
            p = self._paragraph(STYLE_SIGNATURE)
            pPr = p[0]
            oxml.set_keep_next(pPr, i < len(lines) - 1)
            oxml.set_first_line_indent(pPr, 0, size)
            oxml.set_side_indent(pPr, size, right=right)
            p.append(oxml.make_run(text))


def text_width(text: str) -> float:
    """Width in full-width characters: CJK and ambiguous (“ — ) count 1, ASCII ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "FWA" else 0.5 for c in text)


def signature_indents(organ: str, date: str, right: float,
                      shift: float) -> tuple[float, float]:
    """Right indents (chars) of the organ line and the date line, per GB/T 9704 7.3.5.2.

    The organ is `right` characters from the edge and the date starts `shift`
    characters right of the organ's first character; if that would bring the date
    closer than `right` to the edge (a long date), the date is put `right` in and the
    organ moves left instead.
    """
    organ_w, date_w = text_width(organ), text_width(date)
    date_right = right + organ_w - date_w - shift
    if date_right >= right:
        return right, date_right
    return right + date_w + shift - organ_w, right


def sealed_indents(organ: str, date: str, date_right: float) -> tuple[float, float]:
    """Right indents (chars) of the organ line and the date line, per GB/T 9704 7.3.5.1.

    The date is `date_right` characters from the edge (一般右空四字); the organ, on the line
    above, is centred on the date (以成文日期为准居中), so the seal pressed over both centres
    on them. An organ name too long to centre there ends at the type area's edge instead of
    running into the margin. Without a date the organ takes the date's place.
    """
    if not date:
        return date_right, date_right
    axis = date_right + text_width(date) / 2  # the date's middle, from the right edge
    return max(0.0, axis - text_width(organ) / 2), date_right


# --- phase 4: attachments (附件) and their tables -----------------------------------

def _apply_attachment_styles(document: DocxDocument, profile: LayoutProfile) -> None:
    """The label 附件 in the first heading's face (3号黑体), the table text from profile.table."""
    label = document.styles[STYLE_ATTACHMENT_LABEL].element
    _apply_font(label.get_or_add_rPr(), profile.heading1)
    oxml.set_spacing(label.get_or_add_pPr(), line=profile.text.line_pitch.value,
                     after=profile.text.line_pitch.value)  # the title goes on the third line
    t = profile.table
    text = document.styles[STYLE_TABLE_TEXT].element
    _apply_font(text.get_or_add_rPr(), t)
    oxml.set_spacing(text.get_or_add_pPr(), line=t.line_pitch.value)
    oxml.set_bold(document.styles[STYLE_TABLE_HEADER].element.get_or_add_rPr(), t.header_bold.value)


def _attachment_note(body: _BodyWriter, lines: tuple[str, ...]) -> None:
    """附件说明 (GB/T 9704 7.3.4): one blank line under the body, then 附件：title two characters
    in; a title that wraps, and the next titles (2.…), stand under the first title's first
    character."""
    if not lines:
        return
    size = body._profile.body.size_pt.value
    indent = body._profile.text.first_line_chars.value
    last_body = body._anchor.getprevious()
    if last_body is not None and last_body.tag == qn("w:p"):  # never the note and signature alone on a page
        oxml.set_keep_next(last_body[0])
    oxml.set_keep_next(body._paragraph(STYLE_BODY)[0])
    for n, line in enumerate(lines):
        p = body._paragraph(STYLE_BODY)
        oxml.set_keep_next(p[0])
        oxml.set_hanging_indent(p[0], indent + 3, 0 if n else 3, size)  # 3: the width of 附件：
        p.append(oxml.make_run(line))


def _attachment(body: _BodyWriter, document: DocxDocument, attachment: tree.Attachment, label: str) -> None:
    """An attachment on a page of its own: the label top left, the title centred on the third
    line, then its tables and paragraphs."""
    body._paragraph(STYLE_ATTACHMENT_LABEL).append(oxml.make_run(label))
    body._paragraph(STYLE_TITLE).append(oxml.make_run(attachment.title))
    for block in attachment.blocks:
        if isinstance(block, tree.Table):
            _table(body, document, block)
        else:
            body.paragraph(block)


def _table(body: _BodyWriter, document: DocxDocument, table: tree.Table) -> None:
    """A real w:tbl in the 公文表格 style, as wide as the type area: header row in 表格表头,
    repeated on every page (w:tblHeader); rows never split across pages; each column aligned
    as the node says and as wide as its content needs (column_widths)."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    page = body._profile.page
    area = page.width.value - page.margin_left.value - page.margin_right.value
    widths = column_widths(table, area, body._profile.table.size_pt.value)
    align = table.align or ("left",) * len(table.header)
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.header))
    body._anchor.addprevious(grid._tbl)  # where the body writer is (before the section's properties)
    grid.style = document.styles[STYLE_TABLE]
    grid.autofit = False
    for column, width in zip(grid.columns, widths):
        column.width = Twips(width)
    text_id, header_id = body._ids[STYLE_TABLE_TEXT], body._ids[STYLE_TABLE_HEADER]
    cells = [tuple(tree.Text(h) for h in table.header), *table.rows]
    for r, (row, values) in enumerate(zip(grid.rows, cells)):
        oxml.set_cant_split(row._tr)
        if r == 0:
            oxml.set_repeat_header(row._tr)
        for cell, value, width, a in zip(row.cells, values, widths, align):
            cell.width = Twips(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            tc = cell._tc
            for old in tc.findall(qn("w:p")):
                tc.remove(old)
            p = oxml.make_paragraph(header_id if r == 0 else text_id)
            oxml.set_jc(p[0], "center" if r == 0 else a)
            if value.text:
                p.append(oxml.make_run(value.text, highlight=body._highlight(value)))
            tc.append(p)


def column_widths(table: tree.Table, total: int, size_pt: float, *, cap: float = 9) -> list[int]:
    """Column widths in twips adding up to `total`: each column as wide as its widest cell (in
    characters of `size_pt`, plus the cell margins), a centred or right-aligned column at most
    `cap` characters (longer cells wrap); left-aligned (text) columns share what is left in
    proportion to their widest cells. Where even that does not fit, all shrink in proportion."""
    char = size_pt * 20
    align = table.align or ("left",) * len(table.header)
    rows = [table.header, *([c.text for c in row] for row in table.rows)]
    # + 1.2: the cell margins (2 x 57 twips) and room for a bold header or a wider stand-in face
    natural = [max(text_width(r[i]) for r in rows) + 1.2 for i in range(len(table.header))]
    fixed = {i: min(n, cap) * char for i, (n, a) in enumerate(zip(natural, align)) if a != "left"}
    free = [i for i in range(len(natural)) if i not in fixed]
    left = total - sum(fixed.values())
    if not free or left < 4 * char * len(free):
        scale = total / sum(natural)
        widths = [n * char * scale for n in natural]
    else:
        share = sum(natural[i] for i in free)
        widths = [fixed[i] if i in fixed else left * natural[i] / share for i in range(len(natural))]
    out = [int(w) for w in widths]
    out[-1] += total - sum(out)  # rounding: exactly the type area
    return out
