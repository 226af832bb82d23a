"""The portal page: a `tree.Document` as one self-contained HTML5 page for a government
portal's CMS.

Semantic HTML5, one element per node: the title is <h1>, part headings (一、) <h2>, section
headings (（一）) <h3>, stand-alone 1. and （1） headings <h4>/<h5>, run-in headings <strong>
at the start of their paragraph, pending figures and text still to confirm <mark> (yellow,
as the .docx highlights them), the signature a <footer>, an attachment a <section> with its
<table>. A small stylesheet in the page keeps it close to the printed look (the GB/T 9704
faces with the fonts a PC or phone really has after them, the two-character indent, the
signature right-aligned) and readable on a phone (viewport, a measure of 28 characters at
most, sizes in rem, tables that wrap instead of widening the page). No script, no external
file: the page is the whole report. Every piece of text is escaped.
"""

from __future__ import annotations

import re
from html import escape

from fazhi_draft.tree import Attachment, Document, Heading, Inline, Paragraph, Pending, Table, marked_groups

# Stand-alone headings by level: 一、 is h2 under the title's h1, and so on.
_TAG = {1: "h2", 2: "h3", 3: "h4", 4: "h5"}
# Characters no HTML (nor XML) document may hold: C0 controls other than tab/LF/FF/CR, the
# noncharacters U+FFFE/U+FFFF and lone surrogates. The input check rejects them first.
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")

# Font stacks: the GB/T 9704 face first, then what Windows, macOS and Linux (free fonts) have.
_FANGSONG = '"仿宋_GB2312", "仿宋", FangSong, STFangsong, "AR PL SungtiL GB", serif'
_KAITI = '"楷体_GB2312", "楷体", KaiTi, STKaiti, "AR PL KaitiM GB", serif'
_HEITI = '"黑体", SimHei, "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'
# 方正小标宋 is heavy but has one weight: declared bold here so the browser does not thicken it;
# the stand-ins after it are set bold to look like it.
_TITLE = 'fazhi-title, "华文中宋", STZhongsong, "Noto Serif CJK SC", "Source Han Serif SC", serif'

STYLE = f"""
@font-face {{ font-family: fazhi-title; font-weight: 700;
  src: local("方正小标宋简体"), local("FZXiaoBiaoSong-B05S"), local("FZXBSJW--GB1-0"); }}
html {{ font-size: 100%; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{ margin: 0; background: #fff; color: #000; }}
.report {{ box-sizing: border-box; max-width: calc(28em + 2.5rem); margin: 0 auto; padding: 1.5rem 1.25rem 3rem;
  font-family: {_FANGSONG}; font-size: 1.125rem; line-height: 1.8; overflow-wrap: anywhere; }}
.report h1, .report .attachment-title {{ font-family: {_TITLE}; font-weight: 700; font-size: 1.5rem;
  line-height: 1.5; text-align: center; margin: 0 0 1.8rem; }}
.report h2, .report h3, .report h4, .report h5, .report p {{ font-size: 1.125rem; font-weight: normal;
  line-height: 1.8; margin: 0; text-indent: 2em; text-align: justify; }}
.report h2, .report h3, .report h4, .report h5 {{ text-align: left; }}
.report h2 {{ font-family: {_HEITI}; }}
.report h3 {{ font-family: {_KAITI}; }}
.report h4, .report strong {{ font-weight: bold; }}
.report mark {{ background: #ff0; color: inherit; }}
.report .attachment-note {{ margin-top: 1.8em; }}
.report .attachment-note-more {{ text-indent: 5em; }}
.report .signature {{ display: table; margin: 1.8em 2em 0 auto; }}
.report .signature p {{ text-indent: 0; text-align: left; }}
.report .signature .date {{ padding-left: 2em; }}
.report .attachment {{ margin-top: 3.6em; break-before: page; }}
.report .attachment-label {{ font-family: {_HEITI}; text-indent: 0; margin-bottom: 1.8rem; }}
.report .attachment p {{ font-size: 1rem; margin-top: .5em; }}
.report .table-wrap {{ overflow-x: auto; }}
.report table {{ width: 100%; border-collapse: collapse; font-size: .9375rem; line-height: 1.5; overflow-wrap: normal; }}
.report caption {{ caption-side: top; }}
.report th, .report td {{ border: 1px solid #000; padding: .25em .3em; text-align: center; vertical-align: middle; }}
.report th {{ font-weight: bold; }}
.report td.left {{ text-align: left; }}
.report td.right {{ text-align: right; }}
@media print {{
  @page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
  .report {{ max-width: none; padding: 0; font-size: 16pt; }}
  .report h1, .report .attachment-title {{ font-size: 22pt; }}
  .report h2, .report h3, .report h4, .report h5, .report p {{ font-size: 16pt; }}
  .report table {{ font-size: 14pt; }}
  .report thead {{ display: table-header-group; }}
  .report tr {{ break-inside: avoid; }}
}}
""".strip()


def render_html(doc: Document) -> str:
    """Return the page of `doc`: a complete HTML5 document (UTF-8), no script, no link out.

    Raises ValueError (Chinese message naming the text) if any text holds a character no
    HTML page may contain, such as a C0 control character.
    """
    title = doc.title.replace("\n", "")
    out = ["<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           '<meta name="generator" content="fazhi-draft">',
           f"<title>{_text(title)}</title>", f"<style>\n{STYLE}\n</style>", "</head>", "<body>",
           '<article class="report">', f"<h1>{_text(title)}</h1>"]
    for block in doc.blocks:
        out.append(_heading(block) if isinstance(block, Heading) else _paragraph(block))
    for n, line in enumerate(doc.attachment_note()):  # later lines stand under the first title (附件：1.)
        out.append(f'<p class="{"attachment-note-more" if n else "attachment-note"}">{_text(line)}</p>')
    if doc.signature is not None:
        out += ['<footer class="signature">', f"<p>{_text(doc.signature.organ)}</p>"]
        if doc.signature.date:
            out.append(f'<p class="date">{_text(doc.signature.date)}</p>')
        out.append("</footer>")
    for n, attachment in enumerate(doc.attachments):
        out.append(_attachment(attachment, doc.attachment_label(n), n + 1))
    out += ["</article>", "</body>", "</html>", ""]
    return "\n".join(out)


def _text(text: str) -> str:
    """`text` escaped for an element or an attribute (< & " '), or ValueError naming it."""
    m = _BAD_CHAR.search(text)
    if m:
        shown = _BAD_CHAR.sub(lambda c: f"\\u{ord(c.group()):04x}", text)
        if len(shown) > 60:
            shown = shown[:60] + "……"
        raise ValueError(f"文本含有网页无法保存的控制字符 U+{ord(m.group()):04X}"
                         f"（第 {m.start() + 1} 个字符）：“{shown}”。请删除该字符后重试。")
    return escape(text, quote=True)


def _inlines(inlines: tuple[Inline, ...]) -> str:
    """The runs of one paragraph; neighbouring marked runs share one <mark>."""
    out: list[str] = []
    for marked, group in marked_groups(inlines):
        html = "".join(f'<mark class="pending">{_text(i.text)}</mark>' if isinstance(i, Pending) else _text(i.text)
                       for i in group)
        out.append(f'<mark class="carried">{html}</mark>' if marked else html)
    return "".join(out)


def _marked(html: str, marked: bool) -> str:
    return f'<mark class="carried">{html}</mark>' if marked and html else html


def _heading(h: Heading) -> str:
    if h.level not in _TAG:
        raise ValueError(f"标题层级须为 1-4，“{h.number}{h.title}”的层级为 {h.level}")
    label = _marked(_text(h.number + h.title), h.marked)
    if not h.body:
        return f"<{_TAG[h.level]}>{label}</{_TAG[h.level]}>"
    return f"<p><strong>{label}</strong>{_inlines(h.body)}</p>"  # run-in: 1.标题。正文……


def _paragraph(p: Paragraph) -> str:
    return f"<p>{_inlines(p.inlines)}</p>"


def _attachment(a: Attachment, label: str, number: int) -> str:
    """The attachment as it is printed: its label, its title, then its tables and notes."""
    title_id = f"attachment-{number}"
    out = [f'<section class="attachment" aria-labelledby="{title_id}">',
           f'<p class="attachment-label">{_text(label)}</p>',
           f'<h2 class="attachment-title" id="{title_id}">{_text(a.title.replace(chr(10), ""))}</h2>']
    for block in a.blocks:
        out.append(_table(block) if isinstance(block, Table) else _paragraph(block))
    out.append("</section>")
    return "\n".join(out)


def _table(t: Table) -> str:
    """A <table> with its header in <thead> (repeated on every printed page); wrapped so that a
    table wider than a phone scrolls by itself instead of widening the page."""
    align = t.align or ("left",) * len(t.header)
    head = "".join(f'<th scope="col">{_text(h)}</th>' for h in t.header)
    rows = []
    for row in t.rows:
        cells = "".join(f"<td{_align(a)}>{_inlines((cell,))}</td>" for cell, a in zip(row, align))
        rows.append(f"<tr>{cells}</tr>")
    return ('<div class="table-wrap"><table>\n'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table></div>")


def _align(a: str) -> str:
    return "" if a == "center" else f' class="{a}"'
