"""PDF with a text layer (exported from Word/WPS, printed to PDF).

The text comes from pypdf (pure Python, the optional extra `pip install
fazhi-draft[pdf]`), or else poppler's `pdftotext` where it is installed; both in layout
mode, which keeps each printed line with its indent. From those lines: page numbers
("— 3 —") and running headers repeated on every page dropped; a line indented past the
page's left edge, a heading label, or the line after a short line ending a sentence
starts a paragraph; other lines continue it, joined without a space between Chinese
characters; centred and right-aligned lines are kept apart (title, signature). A
scanned PDF has no text layer: one message, no OCR.
"""

from __future__ import annotations

import io
import unicodedata
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from ..errors import UserError
from . import frame, levels
from .lines import Line, Origin, clean, drop_layout_spaces, join_broken

# Fewer characters of text than this on average per page: a scan.
_MIN_TEXT_PER_PAGE = 20
_SENTENCE_END = ("。", "！", "？", "：", "；", "!", "?", ":")
_INSTALL = "pip install \"fazhi-draft[pdf]\""


def read_pdf(data: bytes, path: Path | str) -> tuple[list[Line], dict[str, str]]:
    pages = _pages(data, path)
    chars = sum(len(re.sub(r"\s", "", p)) for p in pages)
    if chars < _MIN_TEXT_PER_PAGE * max(len(pages), 1):
        raise UserError("这个 PDF 没有文字层（像是扫描件或图片），无法读取其中的文字", file=path,
                        fix="请找报告原始的 Word 文件；只有扫描件的话，需先用 WPS 或其他工具做文字识别（OCR）另存为 .docx")
    return _lines(pages), {}


def _pages(data: bytes, path: Path | str) -> list[str]:
    try:
        import pypdf  # noqa: F401
    except ImportError:
        pypdf = None
    if pypdf is not None:
        return _pypdf_pages(data, path)
    exe = shutil.which("pdftotext")
    if exe:
        return _poppler_pages(exe, data, path)
    raise UserError("读取 PDF 需要安装 pypdf（或 poppler 的 pdftotext）", file=path,
                    fix=f"请运行 {_INSTALL}；或改用报告的 Word 文件")


def _pypdf_pages(data: bytes, path: Path | str) -> list[str]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the clerk's
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - a missing crypto backend or a bad key
                ok = 0
            if not ok:
                raise _encrypted(path)
        return [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except UserError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        raise _broken(path) from None


def _poppler_pages(exe: str, data: bytes, path: Path | str) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="fazhi-read-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        proc = subprocess.run([exe, "-layout", "-enc", "UTF-8", str(src), "-"],
                              capture_output=True, timeout=120)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace")
        if "password" in err.lower() or "encrypt" in err.lower():
            raise _encrypted(path)
        raise _broken(path)
    text = proc.stdout.decode("utf-8", "replace")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
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


def _repeated(pages: list[list[tuple[int, str]]]) -> set[str]:
    """Running headers and footers: the same first or last line (digits aside) on most pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = {re.sub(r"\d+", "#", lines[i][1]) for i in (0, -1) if lines}
        counts.update(edge)
    return {k for k, c in counts.items() if c >= max(2, len(pages) // 2)}


def _lines(pages_text: list[str]) -> list[Line]:
    pages: list[list[tuple[int, str]]] = []
    for text in pages_text:
        rows = []
        for raw in text.splitlines():
            content = raw.strip()
            if not content:
                continue
            indent = len(raw) - len(raw.lstrip())
            rows.append((indent, drop_layout_spaces(clean(content))))
        pages.append(rows)
    running = _repeated(pages)

    out: list[Line] = []
    current: Line | None = None
    short_end = False  # the line before ended a sentence well before the right edge
    for number, rows in enumerate(pages, 1):
        rows = [(i, t) for i, t in rows
                if not (frame.is_page_number(t) or re.fullmatch(r"\d{1,4}", t)
                        or re.sub(r"\d+", "#", t) in running)]
        if not rows:
            continue
        body = [i for i, t in rows if len(t) >= 10] or [i for i, _ in rows]
        left = min(body)
        widths = sorted(_width(t) for _, t in rows if len(t) >= 10) or [0]
        full = widths[len(widths) * 3 // 4]  # a full line (most body lines are full)
        for indent, text in rows:
            width = _width(text)
            centred = indent >= left + 4 and width < full * 0.85 and indent < left + 20
            at_right = indent >= left + 20 and width < full * 0.7
            starts = (indent >= left + 2 or levels.label_of(text) is not None
                      or centred or at_right or current is None or short_end
                      or current.centred or current.right)
            if starts:
                current = Line(text, Origin("页", number), centred=centred, right=at_right)
                out.append(current)
            else:
                current.text = join_broken(current.text, text)
            short_end = text.endswith(_SENTENCE_END) and width < full * 0.8
    return out
