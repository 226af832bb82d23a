"""A report on a government portal page (.html saved from the browser).

The page is decoded by its declared charset (gb2312/gbk read as GB18030, their
superset), parsed with lxml.html, and the report's body found among the site's
navigation, breadcrumbs, related links and footer as the element holding the most
Chinese text outside links in its own paragraphs — no site-specific selectors. Lines
break at block elements and <br>; <strong>/<b> (or font-weight: bold) mark run-in
titles; &nbsp; and U+3000 indents are spaces and are stripped. If the title sits outside
the body's element (as on most portals), the last title-like line before it is taken,
else the page's <title>.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from ..errors import UserError
from . import frame
from .lines import Line, Origin, cjk_count, from_segments

_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "tbody",
          "thead", "section", "article", "blockquote", "pre", "dd", "dt", "dl", "center", "header",
          "footer", "nav", "aside", "form", "address", "hr", "main", "figure", "figcaption", "caption"}
_CONTAINER = {"div", "table", "tbody", "ul", "ol", "section", "article", "dl", "form", "header",
              "footer", "nav", "aside", "main", "td", "center", "blockquote"}
_DROP = ("script", "style", "noscript", "iframe", "template", "svg", "select", "button", "input",
         "textarea", "object", "embed", "canvas", "map")
_BOLD_TAGS = {"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6"}
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)
_CENTRE_STYLE = re.compile(r"text-align\s*:\s*center", re.I)
_RIGHT_STYLE = re.compile(r"text-align\s*:\s*right", re.I)
# A <meta> tag's attributes, and a charset declaration in them (declared_charset).
_META_TAG = re.compile(rb"<meta([^>]*+)", re.I)
_CHARSET = re.compile(rb"""charset\s*+=\s*+(?:["']\s*+)?([A-Za-z0-9_\-]+)""", re.I)
_GB = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn", "hz-gb-2312"}
# Fewer Chinese characters than this in the best element: no report on the page.
_MIN_BODY = 200


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    found = declared_charset(data[:8192])
    declared = found.decode("ascii", "ignore").lower() if found else None
    if declared in _GB:
        declared = "gb18030"
    tried = [declared] if declared else []
    for encoding in tried + ["utf-8", "gb18030"]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode(declared or "utf-8", errors="replace")


def declared_charset(head: bytes) -> bytes | None:
    """The charset the first <meta> declaring one names (<meta charset="gbk">, <meta
    http-equiv="Content-Type" content="text/html; charset=gb2312">); within a tag, the last
    declaration. Each tag's attributes are read once from the end for "charset", so a page of
    "<meta" without a closing ">" costs no more than its length (issue 13 item 4)."""
    for tag in _META_TAG.finditer(head):
        attrs, end = tag.group(1), len(tag.group(1))
        lowered = attrs.lower()
        while (at := lowered.rfind(b"charset", 1, end)) >= 0:  # not right after "<meta"
            m = _CHARSET.match(attrs, at)
            if m:
                return m.group(1)
            end = at + len(b"charset") - 1  # the next one to the left starts before this one
    return None


def read_html(data: bytes, path: Path | str) -> tuple[list[Line], dict[str, str]]:
    text = decode(data)
    # lxml refuses a str with an XML declaration: "<?xml" up to the first ">", a "?" before it
    text = re.sub(r"^\s*<\?xml[^>]*+(?<=\?)>", "", text)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        raise UserError("网页文件是空的或已损坏，读不出内容", file=path) from None
    page_title = (root.findtext(".//title") or "").strip()
    for bad in root.xpath("|".join(f"//{t}" for t in _DROP)):
        bad.drop_tree()
    for comment in root.xpath("//comment()"):
        comment.drop_tree()
    body = root.find("body")
    if body is None:
        body = root
    meta = frame.metadata([" ".join(" ".join(body.itertext()).split())])

    best, score = _best_block(body)
    if best is None or score < _MIN_BODY:
        raise UserError("网页里没有找到报告正文（正文的文字太少，可能只是目录或导航页）", file=path,
                        fix="请在浏览器里打开报告本身的页面后“另存为”网页，或把正文复制到 .txt 文件再试")
    lines = _Lines().of(best)
    head = [ln for ln in lines[:8] if frame.looks_like_title(ln.text)]
    if not head:
        title = _title_before(body, best) or _title_from_page(page_title)
        if title:
            lines.insert(0, Line(title, Origin("段", 0), centred=True, title_style=True))
    return lines, meta


def _own_text(el: etree._Element) -> str:
    """Text of `el` without the text of links (navigation is mostly links)."""
    parts = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if child.tag != "a":
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _has_container(el: etree._Element) -> bool:
    return any(isinstance(d.tag, str) and d.tag in _CONTAINER for d in el.iterdescendants())


def _best_block(body: etree._Element) -> tuple[etree._Element | None, int]:
    """The element whose own paragraphs (its text and its children that hold no block
    containers) have the most Chinese text outside links; the deepest of equals."""
    best, best_score = None, -1
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag == "a":
            continue
        score = cjk_count(el.text or "")
        for child in el:
            if (isinstance(child.tag, str) and child.tag not in ("a", "table")
                    and not (child.tag in _CONTAINER and _has_container(child))):
                score += cjk_count(_own_text(child))
            score += cjk_count(child.tail or "")
        if score >= best_score:
            best, best_score = el, score
    return best, best_score


_TITLE_TAGS = {"h1", "h2", "h3", "h4", "p", "div", "td", "span", "font", "strong", "b", "center"}


def _title_before(body: etree._Element, best: etree._Element) -> str:
    """The last title-like line of the page before the body's element (not a link: a
    breadcrumb may read "法治政府建设年度报告")."""
    found = ""
    for el in body.iter():
        if el is best:
            break
        if isinstance(el.tag, str) and el.tag in _TITLE_TAGS and not _has_container(el):
            text = " ".join(_own_text(el).split())
            if frame.looks_like_title(text):
                found = text
    return found


def _title_from_page(page_title: str) -> str:
    for part in re.split(r"[_|｜\-–—]+", page_title):
        part = part.strip()  # the spaces around the separators: "报告 - 某某县人民政府"
        if frame.looks_like_title(part):
            return part
    return ""


class _Lines:
    """Lines of an element: block elements and <br> end a line; bold and alignment noted."""

    def __init__(self):
        self.lines: list[Line] = []
        self.segments: list[tuple[str, bool]] = []
        self.align: list[str] = []
        self.count = 0

    def of(self, el: etree._Element) -> list[Line]:
        self._walk(el, bold=False, align="")
        self._flush("")
        return self.lines

    def _flush(self, align: str) -> None:
        if self.segments:
            text = "".join(t for t, _ in self.segments)
            if text.strip():
                self.count += 1
                self.lines.append(from_segments(self.segments, Origin("段", self.count),
                                                centred=align == "center", right=align == "right"))
            self.segments = []

    def _walk(self, el: etree._Element, bold: bool, align: str) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        style = el.get("style", "") if tag else ""
        bold = bold or tag in _BOLD_TAGS or bool(_BOLD_STYLE.search(style))
        a = (el.get("align") or "").lower() if tag else ""
        if tag == "center" or a == "center" or _CENTRE_STYLE.search(style):
            align = "center"
        elif a == "right" or _RIGHT_STYLE.search(style):
            align = "right"
        block = tag in _BLOCK
        if block:
            self._flush(align)
        if tag == "br":
            self._flush(align)
        elif el.text and tag:
            self.segments.append((el.text, bold))
        for child in el:
            self._walk(child, bold, align)
            if child.tail:
                self.segments.append((child.tail, bold))
        if tag in ("td", "th"):
            self.segments.append((" ", False))
        if block:
            self._flush(align)
