"""Writers: turn a `tree.Document` into an output format (.docx, Markdown, plain text, HTML).

Writers take the tree (and, for .docx, a layout profile) only: none of them knows about
indicators or input files. Each is imported only when used (python-docx is slow to load).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, NamedTuple


class Writer(NamedTuple):
    module: str
    function: str
    suffix: str
    binary: bool


WRITERS: dict[str, Writer] = {
    "docx": Writer("fazhi_draft.writers.docx", "render_docx", ".docx", True),
    "md": Writer("fazhi_draft.writers.text", "render_markdown", ".md", False),
    "txt": Writer("fazhi_draft.writers.text", "render_text", ".txt", False),
    "html": Writer("fazhi_draft.writers.html", "render_html", ".html", False),
}


def write(fmt: str, doc: Any, **options: Any) -> bytes:
    """Render `doc` in format `fmt` to bytes (UTF-8 for the text formats)."""
    writer = WRITERS[fmt]
    out = getattr(import_module(writer.module), writer.function)(doc, **options)
    return out if writer.binary else out.encode("utf-8")
