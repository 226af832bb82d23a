"""Plain-text / Markdown preview of the document tree (quick look, diffs, pandoc input)."""

from __future__ import annotations

from fazhi_draft.tree import Document, Heading

_MD_LEVEL = {1: "##", 2: "###", 3: "####", 4: "#####"}


def render_markdown(doc: Document) -> str:
    """Markdown: title as #, numbered headings as ##..#####, pending figures in bold."""
    lines = [f"# {doc.title.replace(chr(10), '')}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading) and not block.body:
            lines += [f"{_MD_LEVEL[block.level]} {block.number}{block.title}", ""]
            continue
        if isinstance(block, Heading):  # run-in heading: bold lead, then the body
            lines += [f"**{block.number}{block.title}**" + _md_inlines(block.body), ""]
        else:
            lines += [_md_inlines(block.inlines), ""]
    if doc.signature:
        lines += ["", doc.signature.organ, "", doc.signature.date, ""]
    return "\n".join(lines)


def render_text(doc: Document) -> str:
    """Plain text as it reads on paper: two-space indent for body paragraphs."""
    lines = [doc.title, ""]
    for block in doc.blocks:
        indent = "" if isinstance(block, Heading) and not block.body else "\u3000\u3000"
        lines.append(indent + block.text)
    if doc.signature:
        lines += ["", doc.signature.organ, doc.signature.date]
    return "\n".join(lines) + "\n"


def _md_inlines(inlines) -> str:  # noqa: ANN001
    return "".join(f"**{i.text}**" if i.pending else i.text for i in inlines)
