"""Plain-text / Markdown preview of the document tree (quick look, diffs, pandoc input)."""

from __future__ import annotations

import re
import unicodedata

from fazhi_draft.tree import Document, Heading, Inline, Paragraph, Pending, Table, marked_groups

_MD_LEVEL = {1: "##", 2: "###", 3: "####", 4: "#####"}
# Characters CommonMark would read as markup inside a line, and at the start of one.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&])")
_MD_LINE_START = re.compile(r"^(\d*)([#>+=-]|(?<=\d)[.)](?= |$))")


def render_markdown(doc: Document) -> str:
    """CommonMark: title as #, numbered headings as ##..#####, run-in headings and pending
    placeholders in bold, marked text (to confirm) in <mark>."""
    lines = [f"# {_md_escape(doc.title.replace(chr(10), ''))}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading) and not block.body:
            label = _md_mark(_md_escape(block.number + block.title), block.marked)
            lines += [f"{_MD_LEVEL[block.level]} {label}", ""]
            continue
        if isinstance(block, Heading):  # run-in heading: bold lead, then the body
            label = block.number + block.title
            body = "".join(i.text for i in block.body)
            lead = _md_mark(_md_strong(label, "", body[:1]), block.marked)
            lines += [lead + _md_inlines(block.body), ""]
        else:
            lines += [_md_line(_md_inlines(block.inlines)), ""]
    for line in doc.attachment_note():  # 附件：title, above the signature
        lines += [_md_line(_md_escape(line)), ""]
    if doc.signature:
        lines += ["", _md_line(_md_escape(doc.signature.organ)), "", doc.signature.date, ""]
    for n, attachment in enumerate(doc.attachments):
        lines += ["", _md_line(_md_escape(doc.attachment_label(n))), "",
                  f"## {_md_escape(attachment.title.replace(chr(10), ''))}", ""]
        for block in attachment.blocks:
            if isinstance(block, Table):
                lines += [*_md_table(block), ""]
            else:
                lines += [_md_line(_md_inlines(block.inlines)), ""]
    return "\n".join(lines)


def render_text(doc: Document) -> str:
    """Plain text as it reads on paper: two-space indent for body paragraphs."""
    lines = [doc.title, ""]
    for block in doc.blocks:
        indent = "" if isinstance(block, Heading) and not block.body else "\u3000\u3000"
        lines.append(indent + block.text)
    if doc.attachments:
        lines += ["", *doc.attachment_note()]
    if doc.signature:
        lines += ["", doc.signature.organ, doc.signature.date]
    for n, attachment in enumerate(doc.attachments):
        lines += ["", "", doc.attachment_label(n), "", attachment.title, ""]
        for block in attachment.blocks:
            lines += _text_table(block) if isinstance(block, Table) else [_text_paragraph(block)]
    return "\n".join(lines) + "\n"


def _text_paragraph(p: Paragraph) -> str:
    return "\u3000\u3000" + p.text


def _width(text: str) -> int:
    """Columns `text` takes in a terminal or a monospaced editor: CJK and full-width count 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "FW" else 1 for c in text)


def _pad(text: str, width: int, align: str) -> str:
    room = width - _width(text)
    if align == "right":
        return " " * room + text
    if align == "center":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return text + " " * room


def _text_table(t: Table) -> list[str]:
    """The table in plain text: columns padded to line up in a monospaced font, two spaces
    apart, a rule under the header (a text file has no borders)."""
    align = t.align or ("left",) * len(t.header)
    rows = [list(t.header), *([c.text for c in row] for row in t.rows)]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(t.header))]
    lines = ["  ".join(_pad(c, w, a) for c, w, a in zip(r, widths, align)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def _md_table(t: Table) -> list[str]:
    """A pipe table (GitHub / pandoc Markdown): | escaped in the cells, alignment in the rule."""
    rule = {"left": ":--", "center": ":-:", "right": "--:"}
    align = t.align or ("left",) * len(t.header)

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return [row([_md_escape(h) for h in t.header]), row([rule[a] for a in align]),
            *(row([_md_inlines((c,)) for c in r]) for r in t.rows)]


def _md_inlines(inlines: tuple[Inline, ...]) -> str:
    """The runs of one paragraph; neighbouring marked runs share one <mark>."""
    out: list[str] = []
    for marked, group in marked_groups(inlines):
        # a pending figure is 【**待补：…**】 wherever it stands
        md = "".join(_md_strong(i.text) if isinstance(i, Pending) else _md_escape(i.text) for i in group)
        out.append(f"<mark>{md}</mark>" if marked else md)
    return "".join(out)


def _md_escape(text: str) -> str:
    """The clerk's text as literal CommonMark inline text: * _ [ < ... never make markup."""
    return _MD_INLINE.sub(r"\\\1", text)


def _md_line(line: str) -> str:
    """A paragraph line that cannot start a heading, quote, list or rule (# > - + 1.)."""
    return _MD_LINE_START.sub(r"\1\\\2", line)


def _md_mark(md: str, marked: bool) -> str:
    return f"<mark>{md}</mark>" if marked and md else md


def _is_punct(c: str) -> bool:
    """CommonMark's punctuation (Unicode P* and S*) or a space: what decides whether **
    can open or close next to it. Nothing (line start or end) counts as a space."""
    return not c or unicodedata.category(c)[0] in "PSZ"


def _md_strong(text: str, before: str | None = None, after: str | None = None) -> str:
    """`text` in bold, in a form CommonMark reads as bold between `before` and `after`
    (the characters around it on the line, "" at either end; None: assume a letter).

    "**1.标题。**正文" stays literal: a ** closes only after a letter, or after punctuation
    (。】) when a space or punctuation follows, and Chinese has no spaces. So where the
    neighbour is a letter, the one punctuation mark at that edge goes outside the markers,
    and the marker then stands between two punctuation marks, which CommonMark accepts:
    "**1.用好“指挥棒”**。正文", "申请【**待补：调解成功纠纷**】件".
    """
    start, end = 0, len(text)
    if end > 1 and (before is None or not _is_punct(before)) and _is_punct(text[0]):
        start = 1
    if end - start > 1 and (after is None or not _is_punct(after)) and _is_punct(text[-1]):
        end -= 1
    core = text[start:end]
    if not core.strip():
        return _md_escape(text)
    return f"{_md_escape(text[:start])}**{_md_escape(core)}**{_md_escape(text[end:])}"
