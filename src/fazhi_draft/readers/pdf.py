"""PDF with a text layer (exported from Word/WPS, printed to PDF).

Characters are read with their positions, by poppler's `pdftotext -layout` where it is
installed (fast), else by pdfminer.six (pure Python, the optional extra `pip install
fazhi-draft[pdf]`); pypdf was tried and puts “ ” set in a second font out of order.
From the printed lines: page numbers ("— 3 —") and running headers repeated on every
page dropped; a line indented past the page's left edge, a heading label, or the line
after a short line starts a paragraph; other lines continue it, joined without a space
between Chinese characters; centred and right-aligned lines are kept apart (title,
signature). A scanned PDF has no text layer: one message, no OCR.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from ..errors import UserError
from . import frame, levels
from .lines import Line, Origin, clean, drop_layout_spaces, join_broken

# Fewer characters of text than this on average per page: a scan.
_MIN_TEXT_PER_PAGE = 20
_SENTENCE_END = ("。", "！", "？", "：", "；", "!", "?", ":")
_INSTALL = "pip install \"fazhi-draft[pdf]\""


class Row(NamedTuple):
    """One printed line; x in character widths of the body text from the page's edge."""

    x0: float
    x1: float
    text: str
    size: float | None = None
    cells: bool = False  # a wide gap inside: a table row, kept as a paragraph of its own


def read_pdf(data: bytes, path: Path | str) -> tuple[list[Line], dict[str, str]]:
    pages = _pages(data, path)
    chars = sum(len(re.sub(r"\s", "", r.text)) for rows in pages for r in rows)
    if chars < _MIN_TEXT_PER_PAGE * max(len(pages), 1):
        raise UserError("这个 PDF 没有文字层（像是扫描件或图片），无法读取其中的文字", file=path,
                        fix="请找报告原始的 Word 文件；只有扫描件的话，需先用 WPS 或其他工具做文字识别（OCR）另存为 .docx")
    return _lines(pages), {}


def _pages(data: bytes, path: Path | str) -> list[list[Row]]:
    exe = shutil.which("pdftotext")
    if exe:
        return _poppler_pages(exe, data, path)
    try:
        import pdfminer  # noqa: F401
    except ImportError:
        raise UserError("读取 PDF 需要安装 pdfminer.six（或 poppler 的 pdftotext）", file=path,
                        fix=f"请运行 {_INSTALL}；或改用报告的 Word 文件") from None
    return _pdfminer_pages(data, path)


def _pdfminer_pages(data: bytes, path: Path | str) -> list[list[Row]]:
    import logging

    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psparser import PSException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings are not the clerk's
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=None)  # characters only, no layout analysis
        interpreter = PDFPageInterpreter(manager, device)
        pages = []
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            chars: list = []
            stack = [device.get_result()]
            while stack:
                for item in stack.pop():
                    if isinstance(item, LTChar):
                        chars.append(item)
                    elif isinstance(item, LTContainer):
                        stack.append(item)
            pages.append(_rows([_Box(c.x0, c.x1, c.y0, c.y1, c.get_text(), c.size) for c in chars]))
        return pages
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise _encrypted(path) from None
    except (PSException, ValueError, KeyError, TypeError, AttributeError, IndexError, AssertionError):
        raise _broken(path) from None


class _Box(NamedTuple):
    x0: float
    x1: float
    y0: float  # bottom, in the page's upward coordinates
    y1: float
    text: str
    size: float


def _rows(boxes: list[_Box]) -> list[Row]:
    """Boxes (characters or words) grouped into printed lines by their vertical middle,
    each sorted left to right; x in body-character widths."""
    boxes = [b for b in boxes if b.text.strip() and not b.text.startswith("(cid:")]
    if not boxes:
        return []
    widths = sorted((b.x1 - b.x0) / max(len(b.text), 1) for b in boxes
                    if all(unicodedata.east_asian_width(c) in "FW" for c in b.text))
    unit = (widths[len(widths) // 2] if widths else sorted(b.size for b in boxes)[len(boxes) // 2]) or 10.0
    boxes.sort(key=lambda b: (-(b.y0 + b.y1) / 2, b.x0))
    lines: list[list[_Box]] = []
    for b in boxes:
        mid = (b.y0 + b.y1) / 2
        if lines:
            first = lines[-1][0]
            if abs(mid - (first.y0 + first.y1) / 2) < min(b.size, first.size) * 0.5:
                lines[-1].append(b)
                continue
        lines.append([b])
    rows = []
    for line in lines:
        line.sort(key=lambda b: b.x0)
        text = ""
        cells = False
        for k, b in enumerate(line):
            gap = b.x0 - line[k - 1].x1 if k else 0
            if gap > unit * 0.2:
                text += " "
            cells = cells or gap > unit * 2
            text += b.text
        rows.append(Row(line[0].x0 / unit, line[-1].x1 / unit, text, max(b.size for b in line), cells))
    return rows


def _poppler_pages(exe: str, data: bytes, path: Path | str) -> list[list[Row]]:
    from lxml import etree

    with tempfile.TemporaryDirectory(prefix="fazhi-read-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        proc = subprocess.run([exe, "-bbox-layout", "-enc", "UTF-8", str(src), "-"],
                              capture_output=True, timeout=120)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").lower()
        if "password" in err or "encrypt" in err:
            raise _encrypted(path)
        raise _broken(path)
    try:
        root = etree.fromstring(proc.stdout, etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        raise _broken(path) from None
    pages = []
    for page in root.iter("{*}page"):
        height = float(page.get("height", "842"))
        boxes = []
        for word in page.iter("{*}word"):
            y0, y1 = height - float(word.get("yMax")), height - float(word.get("yMin"))
            boxes.append(_Box(float(word.get("xMin")), float(word.get("xMax")), y0, y1,
                              word.text or "", (y1 - y0) * 0.8))
        pages.append(_rows(boxes))
    return pages


def _encrypted(path: Path | str) -> UserError:
    return UserError("这个 PDF 设置了打开密码，无法读取", file=path, fix="请找报告原始的 Word 文件")


def _broken(path: Path | str) -> UserError:
    return UserError("PDF 文件已损坏或不完整，读不出内容", file=path,
                     fix="请重新下载或导出 PDF；也可以改用原始的 Word 文件")


# --- printed lines -> paragraphs ---------------------------------------------------

def _width(text: str) -> int:
    """Display width: a Chinese character 2, a Latin letter or digit 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "FWA" else 1 for c in text)


def _repeated(pages: list[list[Row]]) -> set[str]:
    """Running headers and footers: the same first or last line (digits aside) on most pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for rows in pages:
        counts.update({re.sub(r"\d+", "#", rows[i].text) for i in (0, -1) if rows})
    return {k for k, c in counts.items() if c >= max(2, len(pages) // 2)}


def _lines(pages: list[list[Row]]) -> list[Line]:
    running = _repeated(pages)
    out: list[Line] = []
    current: Line | None = None
    short_end = False  # the line before ended well before the right edge
    for number, rows in enumerate(pages, 1):
        rows = [r._replace(text=drop_layout_spaces(clean(r.text))) for r in rows
                if not (frame.is_page_number(r.text) or re.fullmatch(r"\s*\d{1,4}\s*", r.text)
                        or re.sub(r"\d+", "#", r.text) in running)]
        if not rows:
            continue
        body = [r for r in rows if len(r.text) >= 10] or rows
        left = min(r.x0 for r in body)
        ends = sorted(r.x1 for r in body)
        right = ends[len(ends) * 3 // 4]  # the measure: most body lines are full
        for r in rows:
            indent = r.x0 - left
            centred = 3 <= indent < 20 and abs(indent - (right - r.x1)) <= 2.5
            at_right = indent >= 10 and r.x1 >= right - 2 and not centred
            starts = (indent >= 1.5 or levels.label_of(r.text) is not None
                      or centred or at_right or current is None or short_end or r.cells
                      or current.centred or current.right)
            if starts:
                current = Line(r.text, Origin("页", number), centred=centred, right=at_right,
                               size=r.size)
                out.append(current)
            else:
                current.text = join_broken(current.text, r.text)
            # A short line that ends a sentence (or a one-line heading) ends its
            # paragraph; a wrapped line fills the measure, give or take narrow quotes and
            # digits and the characters kept off a line's start.
            short_end = r.cells or r.x1 < right - 1.5 and (
                r.text.rstrip("”’）)」』").endswith(_SENTENCE_END)
                or current.text == r.text and "。" not in r.text and levels.label_of(r.text) is not None)
    return out
