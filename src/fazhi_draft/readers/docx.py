"""Word (.docx, as Word and WPS save it): paragraphs in order with their hints.

Read straight from the zip with lxml (python-docx costs ~80 ms more to import and has
no numbering support, issue #471): paragraphs and table rows of the body in document
order (headers, footers and page numbers are in other parts and are not read), runs
joined (revision marks: inserted text kept, deleted text dropped; field codes dropped,
field results kept), a line break (w:br) joined without a space between Chinese
characters, text boxes read after the paragraph that anchors them.

Hints per paragraph: bold characters at the start, largest font size, centred or
right-aligned, the outline level its style gives (Heading 1-4, 标题 1-4, any outline
level), a Title style, and the label Word draws from numbering.xml ("一、", "（二）",
"3."), computed with Word's counters: per list, each level starting at its start value
(or the list's override), deeper levels restarting when a higher one is used unless
lvlRestart says otherwise.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import UserError
from .lines import Line, Origin, from_segments

W_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_BREAK = "\x00"  # a w:br in the joined text, resolved once the neighbours are known
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_comments=True, remove_pis=True)


def read_docx(data: bytes, path: Path | str) -> tuple[list[Line], dict[str, str]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            package = _Package(zf)
            return _Body(package).lines(), {}
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, UnicodeDecodeError, EOFError):
        raise UserError("文件已损坏或不完整，读不出 Word 文档的正文", file=path,
                        fix="请在 Word/WPS 中打开确认；能打开的话请另存为 .docx 再试") from None


# --- the package -------------------------------------------------------------------

class _Package:
    """The main document, styles and numbering parts, found through the relationships."""

    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        names = set(zf.namelist())
        main = "word/document.xml"
        if "_rels/.rels" in names:
            for target, kind in self._rels("_rels/.rels", ""):
                if kind.endswith("/officeDocument"):
                    main = target
        self.document = self._xml(main)
        tag = self.document.tag
        self.w = W_STRICT if tag.startswith("{" + W_STRICT) else W_MAIN
        base = posixpath.dirname(main)
        rels = posixpath.join(base, "_rels", posixpath.basename(main) + ".rels")
        self.styles = self.numbering = None
        if rels in names:
            for target, kind in self._rels(rels, base):
                if target not in names:
                    continue
                if kind.endswith("/styles"):
                    self.styles = self._xml(target)
                elif kind.endswith("/numbering"):
                    self.numbering = self._xml(target)

    def _xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zf.read(name), _PARSER)

    def _rels(self, name: str, base: str):
        root = self._xml(name)
        for rel in root:
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(base, target))
            yield target, rel.get("Type", "")


# --- styles ------------------------------------------------------------------------

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TITLE_NAMES = {"title", "标题", "公文标题", "文章标题", "大标题"}
_TRUE = {None, "1", "true", "on"}


@dataclass
class _Style:
    name: str = ""
    kind: str = "paragraph"
    based_on: str | None = None
    outline: int | None = None  # 1-9
    jc: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    bold: bool | None = None
    size: float | None = None


class _Styles:
    def __init__(self, root: etree._Element | None, w: str):
        self.w = w
        self.styles: dict[str, _Style] = {}
        self.default_para: str | None = None
        self.default_bold: bool | None = None
        self.default_size: float | None = None
        self._memo: dict[tuple[str, str], object] = {}
        if root is None:
            return
        q = self.q
        defaults = root.find(f"{q('docDefaults')}/{q('rPrDefault')}/{q('rPr')}")
        if defaults is not None:
            self.default_bold, self.default_size = _run_props(defaults, q)
        for el in root.iter(q("style")):
            sid = el.get(q("styleId"))
            if sid is None:
                continue
            st = _Style(kind=el.get(q("type"), "paragraph"))
            name = el.find(q("name"))
            st.name = (name.get(q("val")) or "") if name is not None else ""
            based = el.find(q("basedOn"))
            st.based_on = based.get(q("val")) if based is not None else None
            ppr = el.find(q("pPr"))
            if ppr is not None:
                st.outline, st.jc, st.num_id, st.ilvl = _para_props(ppr, q)
            rpr = el.find(q("rPr"))
            if rpr is not None:
                st.bold, st.size = _run_props(rpr, q)
            m = _HEADING_NAME.match(st.name.strip())
            if m and st.outline is None:
                st.outline = int(m.group(1))
            self.styles[sid] = st
            if st.kind == "paragraph" and el.get(q("default")) in ("1", "true", "on"):
                self.default_para = sid

    def q(self, tag: str) -> str:
        return f"{{{self.w}}}{tag}"

    def get(self, sid: str | None, attr: str):
        """`attr` of style `sid`, inherited through basedOn."""
        key = (sid or "", attr)
        if key in self._memo:
            return self._memo[key]
        value, seen = None, set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            value = getattr(self.styles[sid], attr)
            if value is not None:
                break
            sid = self.styles[sid].based_on
        self._memo[key] = value
        return value

    def is_title(self, sid: str | None) -> bool:
        st = self.styles.get(sid or "")
        return bool(st and (st.name.strip().lower() in _TITLE_NAMES or sid == "Title"))


def _val(el: etree._Element | None, q) -> str | None:
    return None if el is None else el.get(q("val"))


def _para_props(ppr: etree._Element, q):
    outline = jc = num_id = None
    ilvl = None
    el = ppr.find(q("outlineLvl"))
    if el is not None and (_val(el, q) or "").isdigit():
        outline = int(_val(el, q)) + 1
    el = ppr.find(q("jc"))
    if el is not None:
        jc = _val(el, q)
    num = ppr.find(q("numPr"))
    if num is not None:
        num_id = _val(num.find(q("numId")), q)
        lvl = _val(num.find(q("ilvl")), q)
        ilvl = int(lvl) if lvl and lvl.isdigit() else None
    return outline, jc, num_id, ilvl


def _run_props(rpr: etree._Element, q) -> tuple[bool | None, float | None]:
    bold = size = None
    b = rpr.find(q("b"))
    if b is not None:
        bold = _val(b, q) in _TRUE
    sz = rpr.find(q("sz"))
    if sz is not None and (_val(sz, q) or "").replace(".", "", 1).isdigit():
        size = float(_val(sz, q)) / 2
    return bold, size


# --- numbering ---------------------------------------------------------------------

@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart (None: restart after any higher level)
    legal: bool = False
    pstyle: str | None = None  # the paragraph style this level belongs to


@dataclass
class _Num:
    abstract: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, _Level] = field(default_factory=dict)


class _Numbering:
    """Labels as Word draws them, counted through the document in order."""

    def __init__(self, root: etree._Element | None, styles: _Styles, w: str):
        self.q = styles.q
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}  # abstractNum -> style whose numPr defines it
        self.nums: dict[str, _Num] = {}
        self.styles = styles
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        q = self.q
        for an in root.iter(q("abstractNum")):
            aid = an.get(q("abstractNumId"))
            self.abstract[aid] = {int(lv.get(q("ilvl"), "0")): self._level(lv) for lv in an.findall(q("lvl"))}
            link = an.find(q("numStyleLink"))
            if link is not None:
                self.style_link[aid] = _val(link, q)
        for num in root.iter(q("num")):
            nid = num.get(q("numId"))
            aid = _val(num.find(q("abstractNumId")), q)
            if nid is None or aid is None:
                continue
            entry = _Num(aid)
            for ov in num.findall(q("lvlOverride")):
                ilvl = int(ov.get(q("ilvl"), "0"))
                so = ov.find(q("startOverride"))
                if so is not None and (_val(so, q) or "").isdigit():
                    entry.start_overrides[ilvl] = int(_val(so, q))
                lv = ov.find(q("lvl"))
                if lv is not None:
                    entry.level_overrides[ilvl] = self._level(lv)
            self.nums[nid] = entry

    def _level(self, lv: etree._Element) -> _Level:
        q = self.q
        level = _Level()
        start = _val(lv.find(q("start")), q)
        if start and start.lstrip("-").isdigit():
            level.start = int(start)
        level.fmt = _val(lv.find(q("numFmt")), q) or "decimal"
        text = lv.find(q("lvlText"))
        level.text = (_val(text, q) or "") if text is not None else ""
        restart = _val(lv.find(q("lvlRestart")), q)
        level.restart = int(restart) if restart and restart.isdigit() else None
        level.legal = lv.find(q("isLgl")) is not None and _val(lv.find(q("isLgl")), q) in _TRUE
        level.pstyle = _val(lv.find(q("pStyle")), q)
        return level

    def _abstract_id(self, num: _Num, depth: int = 0) -> str:
        aid = num.abstract
        link = self.style_link.get(aid)
        if link and depth < 5:  # a list style: its numPr names the real list
            nid = self.styles.get(link, "num_id")
            if nid in self.nums and self.nums[nid].abstract != aid:
                return self._abstract_id(self.nums[nid], depth + 1)
        return aid

    def label(self, num_id: str | None, ilvl: int | None, style: str | None = None) -> str:
        """Count one more paragraph in list `num_id` at `ilvl`; its label ("" if none).
        Without `ilvl` (a heading style's list), the level whose pStyle is `style`."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        num = self.nums[num_id]
        aid = self._abstract_id(num)
        levels = dict(self.abstract.get(aid, {}))
        levels.update(num.level_overrides)
        if ilvl is None:
            ilvl = next((k for k, lv in levels.items() if style and lv.pstyle == style), 0)
        if ilvl not in levels:
            return ""
        # Lists sharing an abstract definition continue each other, as in Word, unless
        # the list restarts a level with a startOverride: then it counts on its own.
        key = f"n{num_id}" if num.start_overrides else f"a{aid}"
        counters = self.counters.setdefault(key, {})
        if key not in self.started:
            self.started.add(key)
            for lvl, start in num.start_overrides.items():
                counters[lvl] = start - 1
        current = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, current.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels.get(deeper, _Level()).restart
            if restart is None or (restart != 0 and ilvl + 1 <= restart):
                del counters[deeper]
        if current.fmt == "bullet" or current.fmt == "none":
            return ""

        def value(m: re.Match) -> str:
            lvl = int(m.group(1)) - 1
            level = levels.get(lvl, _Level())
            n = counters.get(lvl, level.start)
            fmt = "decimal" if current.legal and lvl < ilvl else level.fmt
            return format_number(n, fmt)

        return re.sub(r"%([1-9])", value, current.text)


_CN = "〇一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int, digits: str = _CN, ten: str = "十", hundred: str = "百") -> str:
    if n <= 0:
        return digits[0]
    if n >= 1000:
        return "".join(digits[int(d)] for d in str(n))
    h, rest = divmod(n, 100)
    t, o = divmod(rest, 10)
    out = (digits[h] + hundred) if h else ""
    if t:
        out += ("" if t == 1 and not h else digits[t]) + ten
    elif h and o:
        out += digits[0]
    if o:
        out += digits[o]
    return out


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    n = max(n, 1)
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """`n` in Word's numFmt `fmt` (decimal, chineseCounting, ideographTraditional, …)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting"):
        return _chinese(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN[int(d)] for d in str(n))
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional", "japaneseLegal"):
        return _chinese(n, _LEGAL, "拾", "佰")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    return str(n)


# --- the body ----------------------------------------------------------------------

class _Body:
    def __init__(self, package: _Package):
        self.w = package.w
        self.styles = _Styles(package.styles, package.w)
        self.numbering = _Numbering(package.numbering, self.styles, package.w)
        self.document = package.document
        self.out: list[Line] = []
        self.count = 0
        q = self.q
        self.T_P, self.T_TBL, self.T_R, self.T_T = q("p"), q("tbl"), q("r"), q("t")
        self.T_SDT, self.T_SDTCONTENT = q("sdt"), q("sdtContent")
        self.T_TXBX = q("txbxContent")

    def q(self, tag: str) -> str:
        return f"{{{self.w}}}{tag}"

    def lines(self) -> list[Line]:
        body = self.document.find(self.q("body"))
        if body is None:
            raise KeyError("body")
        self._container(body)
        return self.out

    def _container(self, el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag == self.T_P:
                self._paragraph(child)
            elif tag == self.T_TBL:
                self._table(child)
            elif tag in (self.T_SDT, self.T_SDTCONTENT, self.q("customXml")):
                self._container(child if tag != self.T_SDT else
                                (child.find(self.T_SDTCONTENT) if child.find(self.T_SDTCONTENT) is not None else child))
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self._container(choice)

    def _table(self, tbl: etree._Element) -> None:
        """A row of one cell (a table used for layout) gives its paragraphs; a row of
        several cells gives one line, the cells' text joined by spaces."""
        q = self.q
        for tr in tbl.iter(q("tr")):
            if tr.getparent() is None or _nearest(tr, q("tbl")) is not tbl:
                continue
            cells = []
            for tc in tr.findall(q("tc")):
                merge = tc.find(f"{q('tcPr')}/{q('vMerge')}")
                if merge is not None and merge.get(q("val")) != "restart":
                    continue  # the continuation of a vertically merged cell
                cells.append(tc)
            if len(cells) == 1:
                self._container(cells[0])
                continue
            texts = []
            for tc in cells:
                before = len(self.out)
                self._container(tc)
                parts = [ln.text for ln in self.out[before:] if ln.text]
                del self.out[before:]
                if parts:
                    texts.append(" ".join(parts))
            if texts:
                self.count += 1
                self.out.append(Line(" ".join(texts), Origin("段", self.count)))

    def _paragraph(self, p: etree._Element) -> None:
        q = self.q
        self.count += 1
        origin = Origin("段", self.count)
        ppr = p.find(q("pPr"))
        sid = outline = jc = num_id = ilvl = None
        if ppr is not None:
            ps = ppr.find(q("pStyle"))
            sid = _val(ps, q)
            outline, jc, num_id, ilvl = _para_props(ppr, q)
        sid = sid or self.styles.default_para
        st = self.styles
        if outline is None:
            outline = st.get(sid, "outline")
        if jc is None:
            jc = st.get(sid, "jc")
        if num_id is None:
            num_id = st.get(sid, "num_id")
            if ilvl is None and num_id is not None:
                ilvl = st.get(sid, "ilvl")
        label = self.numbering.label(num_id, ilvl, sid) if num_id else ""
        para_bold = st.get(sid, "bold")
        para_size = st.get(sid, "size")
        segments: list[tuple[str, bool]] = []
        boxes: list[etree._Element] = []
        sizes: list[float] = []
        self._runs(p, segments, boxes, sizes, para_bold, para_size, [False])
        text_segments = _resolve_breaks(segments)
        line = from_segments(
            text_segments, origin, label=label,
            outline=outline if outline and outline <= 9 else None,
            centred=jc in ("center", "centre", "distribute"), right=jc in ("right", "end"),
            size=max(sizes) if sizes else (para_size or st.default_size),
            title_style=st.is_title(sid))
        if line.text or line.label:
            self.out.append(line)
        for box in boxes:
            self._container(box)

    def _runs(self, el, segments, boxes, sizes, para_bold, para_size, in_field) -> None:
        """Text of the runs under `el`, in order. `in_field[0]`: inside a field's code."""
        q = self.q
        for child in el:
            tag = child.tag
            if tag == self.T_R:
                self._run(child, segments, boxes, sizes, para_bold, para_size, in_field)
            elif tag in (q("del"), q("moveFrom"), q("pPr")):
                continue
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find(f"{{{MC}}}Choice")
                if choice is not None:
                    self._runs(choice, segments, boxes, sizes, para_bold, para_size, in_field)
            elif isinstance(tag, str):
                # w:ins, w:hyperlink, w:smartTag, w:fldSimple, w:sdt/w:sdtContent, …
                self._runs(child, segments, boxes, sizes, para_bold, para_size, in_field)

    def _run(self, r, segments, boxes, sizes, para_bold, para_size, in_field) -> None:
        q = self.q
        rpr = r.find(q("rPr"))
        bold = size = None
        if rpr is not None:
            bold, size = _run_props(rpr, q)
            rstyle = _val(rpr.find(q("rStyle")), q)
            if rstyle:
                if bold is None:
                    bold = self.styles.get(rstyle, "bold")
                if size is None:
                    size = self.styles.get(rstyle, "size")
        if bold is None:
            bold = para_bold if para_bold is not None else bool(self.styles.default_bold)
        if size is None:
            size = para_size or self.styles.default_size
        for child in r:
            tag = child.tag
            if tag == q("fldChar"):
                kind = child.get(q("fldCharType"))
                if kind == "begin":
                    in_field[0] = True
                elif kind in ("separate", "end"):
                    in_field[0] = False
            elif in_field[0]:
                continue
            elif tag == self.T_T:
                if child.text:
                    segments.append((child.text, bool(bold)))
                    if size and child.text.strip():
                        sizes.append(size)
            elif tag in (q("tab"), q("ptab")):
                segments.append((" ", bool(bold)))
            elif tag in (q("br"), q("cr")):
                segments.append((_BREAK, bool(bold)))
            elif tag == q("noBreakHyphen"):
                segments.append(("-", bool(bold)))
            elif tag == f"{{{MC}}}AlternateContent" or tag.endswith("}drawing") or tag.endswith("}pict"):
                choice = child.find(f"{{{MC}}}Choice") if tag.endswith("AlternateContent") else child
                if choice is not None:
                    for box in choice.iter(self.T_TXBX):
                        if _nearest(box, self.T_TXBX, skip_self=True) is None:
                            boxes.append(box)


def _nearest(el: etree._Element, tag: str, skip_self: bool = False) -> etree._Element | None:
    node = el.getparent() if skip_self or el.tag != tag else el
    while node is not None:
        if node.tag == tag:
            return node
        node = node.getparent()
    return None


def _resolve_breaks(segments: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """A line break joins its neighbours with nothing in Chinese, a space between Latin words."""
    out: list[tuple[str, bool]] = []
    for i, (text, bold) in enumerate(segments):
        if text != _BREAK:
            out.append((text, bold))
            continue
        before = "".join(t for t, _ in out).rstrip()
        after = "".join(t for t, _ in segments[i + 1:] if t != _BREAK).lstrip()
        if before and after and before[-1].isascii() and before[-1].isalnum() \
                and after[0].isascii() and after[0].isalnum():
            out.append((" ", bold))
    return out
