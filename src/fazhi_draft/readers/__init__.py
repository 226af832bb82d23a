"""Readers: turn a published report (.docx, .txt, .html, .pdf) into a `tree.Document`,
the same tree the writers consume.

Each format reader only turns its format into lines with hints (bold, size, alignment,
outline level, Word's numbering label); heading levels (levels.py), the title,
signature and dates (frame.py) and the assembly (assemble.py) are shared. Like the
writers, each reader is imported only when used.

    from fazhi_draft.readers import read
    doc = read("2023年度报告.docx")     # ReadDocument, a tree.Document
    doc.facts.organ, doc.facts.year, doc.facts.date
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import NamedTuple

from . import guard
from .assemble import ReadDocument, build
from .frame import Facts
from .lines import Origin

__all__ = ["READERS", "Facts", "Origin", "ReadDocument", "read", "read_bytes", "reader_for"]


class Reader(NamedTuple):
    module: str
    function: str
    suffixes: tuple[str, ...]


READERS: dict[str, Reader] = {
    "docx": Reader("fazhi_draft.readers.docx", "read_docx", (".docx", ".docm", ".dotx")),
    "txt": Reader("fazhi_draft.readers.txt", "read_txt", (".txt", ".text", ".md")),
    "html": Reader("fazhi_draft.readers.html", "read_html", (".html", ".htm", ".shtml", ".xhtml")),
    "pdf": Reader("fazhi_draft.readers.pdf", "read_pdf", (".pdf",)),
}


def reader_for(path: Path | str) -> str | None:
    """The format read for a file name by its extension (None: not one we read)."""
    suffix = Path(path).suffix.lower()
    return next((fmt for fmt, r in READERS.items() if suffix in r.suffixes), None)


def read(path: Path | str) -> ReadDocument:
    """Read a report from `path`. Every problem with the file is one Chinese UserError
    naming the file (missing, too large, old .doc, encrypted, broken, scanned PDF, no
    report in it, unknown kind)."""
    path = Path(path)
    data = guard.load(path)
    return read_bytes(data, path)


def read_bytes(data: bytes, path: Path | str) -> ReadDocument:
    """Read a report from `data`; `path` names it in messages and gives its extension."""
    fmt = guard.sniff(data, path)
    reader = READERS[fmt]
    function = getattr(import_module(reader.module), reader.function)
    lines, meta = function(data, path)
    return build(lines, source=path, fmt=fmt, meta=meta)


def supported() -> str:
    """The extensions named in messages: .docx、.txt、.html、.pdf."""
    return "、".join(r.suffixes[0] for r in READERS.values())

