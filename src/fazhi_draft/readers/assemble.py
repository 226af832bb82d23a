"""Lines with hints -> the document tree: headings, title, signature, the site dropped.

The same steps for every format:
1. drop blank lines, page numbers and the site's furniture (navigation, index block);
2. find the headings (levels.py: the label typed or drawn by Word; a style's outline
   level where there is no label);
3. the title is the best title-like group of lines before the first heading (centred,
   large, a Title style, or worded like a report's title), two lines joined; what comes
   before it (a portal's header, a forwarding notice) is dropped;
4. the signature is the organ and date closing the text;
5. everything else is a paragraph, in order.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from ..tree import Block, Document, Heading, Paragraph, Signature, Text
from . import frame, levels
from .lines import Line, Origin, cjk_count

# A heading from a style's outline level but no label: at most this long, else it is a
# paragraph someone styled as a heading.
_MAX_STYLED_HEADING = 80
# Before the title or the first heading, only prose survives (a menu item is no prose).
_PROSE_MIN = 20


@dataclass(frozen=True)
class ReadDocument(Document):
    """A `tree.Document` read from a file, with where it came from.

    `origins[i]` is where `blocks[i]` starts in the source (第12行 / 第12段 / 第3页);
    `facts` the organ, year, date and kind the title, signature and page give;
    `skipped` the lines dropped as the site's navigation, index block or page numbers.
    """

    source: str = ""
    format: str = ""
    origins: tuple[Origin, ...] = ()
    facts: frame.Facts = field(default_factory=frame.Facts)
    skipped: tuple[str, ...] = ()


@dataclass
class _Item:
    line: Line
    heading: tuple[int, str, str] | None = None  # level, number, text after the number


def _heading(line: Line) -> tuple[int, str, str] | None:
    if line.label:  # Word numbering: the label is drawn, not typed
        level = levels.label_level(line.label)
        if level is None and line.outline and 1 <= line.outline <= 4:
            level = line.outline
        if level is None:  # "1)", "①", "甲、" in a body list: text, not a heading
            line.text = line.label + line.text
            line.label = ""
            return None
        return level, line.label.strip(), line.text
    found = levels.label_of(line.text)
    if found:
        return found.level, found.number, found.rest
    # A heading style without a number; centred, it is a title set in "Heading 1".
    if (line.outline and 1 <= line.outline <= 4 and not line.centred
            and len(line.text) <= _MAX_STYLED_HEADING):
        return line.outline, "", line.text
    return None


def _title_like(line: Line, body_size: float | None) -> bool:
    if len(line.text) > 60 or "。" in line.text:
        return False
    large = line.size is not None and body_size is not None and line.size >= body_size + 2
    return line.centred or large or line.title_style or frame.looks_like_title(line.text)


def _body_size(lines: list[Line]) -> float | None:
    sizes = [ln.size for ln in lines if ln.size and len(ln.text) > 30]
    if not sizes:
        return None
    sizes.sort()
    return sizes[len(sizes) // 2]


def _choose_title(items: list[_Item], end: int, body_size: float | None) -> tuple[int, int] | None:
    """(start, stop) of the title lines among items[:end], or None."""
    groups: list[tuple[int, int]] = []
    i = 0
    while i < end:
        if _title_like(items[i].line, body_size) and items[i].heading is None:
            j = i + 1
            while (j < end and j - i < 3 and items[j].heading is None
                   and _title_like(items[j].line, body_size)
                   and not frame.date_line(items[j].line.text)
                   and _same_look(items[i].line, items[j].line)):
                j += 1
            groups.append((i, j))
            i = j
        else:
            i += 1
    best: tuple[float, int, int] | None = None
    for start, stop in groups:
        group = [items[k].line for k in range(start, stop)]
        text = "".join(ln.text for ln in group)
        score = frame.title_score(text)
        if not frame.looks_like_title(text) and not any(
                ln.centred or ln.title_style or (ln.size and body_size and ln.size >= body_size + 2)
                for ln in group):
            continue
        if any(ln.title_style for ln in group):
            score += 3
        size = max((ln.size or 0) for ln in group)
        score += min(size, 40) / 10
        if frame.date_line(text) or frame.organ_line(text) and not frame.looks_like_title(text):
            score -= 20
        if best is None or score >= best[0]:  # ties: the later, nearer the first heading
            best = (score, start, stop)
    if best is None or best[0] < 0:
        return None
    return best[1], best[2]


def _same_look(a: Line, b: Line) -> bool:
    return a.centred == b.centred and a.size == b.size and a.title_style == b.title_style


def _signature(items: list[_Item], start: int) -> tuple[int, str, str] | None:
    """(index, organ, date text) of a signature closing items[start:], or None."""
    n = len(items)
    if n - start < 1:
        return None
    last = items[-1].line
    if items[-1].heading is None and frame.date_line(last.text):
        date = last.text.strip("（）() ")
        if n - 2 >= start and items[-2].heading is None and frame.organ_line(items[-2].line.text):
            return n - 2, items[-2].line.text, date
        return n - 1, "", date
    if (items[-1].heading is None and frame.organ_line(last.text)
            and (last.right or n - 1 > start and _ends_prose(items[-2].line.text))):
        return n - 1, last.text, ""
    return None


def _ends_prose(text: str) -> bool:
    return text.rstrip().endswith(("。", "！", "？", "”", "；"))


def build(lines: list[Line], *, source: Path | str, fmt: str,
          meta: dict[str, str] | None = None) -> ReadDocument:
    """The document tree of `lines`. Raises UserError when there is no report in them."""
    meta = dict(meta or {})
    skipped: list[str] = []
    items: list[_Item] = []
    for line in lines:
        if not line.text and not line.label:
            continue
        if frame.is_page_number(line.text) or frame.is_furniture(line.text):
            skipped.append(line.text)
            continue
        items.append(_Item(line, _heading(line)))
    meta = {**frame.metadata(skipped), **meta}

    if not items:
        raise UserError("文件里没有读到文字", file=source,
                        fix="请确认选对了文件；扫描件或图片需先转成文字")

    first = next((i for i, it in enumerate(items) if it.heading), len(items))
    body_size = _body_size([it.line for it in items])
    title_span = _choose_title(items, first if first < len(items) else min(len(items), 12), body_size)

    title = ""
    pre_date: dt.date | None = None
    if title_span:
        start, stop = title_span
        title = "".join(items[k].line.text for k in range(start, stop))
        for it in items[:start]:
            skipped.append(it.line.text)
            if frame.date_line(it.line.text):
                pre_date = frame.parse_date(it.line.text)  # a forwarding notice's date
        body = items[stop:]
        # "（2019年2月28日）" under the title is the report's date.
        if body and body[0].heading is None and frame.date_line(body[0].line.text):
            pre_date = frame.parse_date(body[0].line.text)
            skipped.append(body[0].line.text)
            body = body[1:]
    else:
        # No title: keep prose before the first heading, drop menu items and the like.
        body = []
        for i, it in enumerate(items):
            if i < first and not _prose(it.line.text):
                skipped.append(it.line.text)
                continue
            body.append(it)

    if not title and not any(it.heading for it in body):
        raise UserError("这份文件看不出是一份报告：没有找到报告标题（如“××县2024年法治政府建设情况的报告”），"
                        "也没有“一、”这样的标题", file=source,
                        fix="请确认选对了文件；如果报告在网页或 PDF 里，请用原始的 Word 文件再试")

    # Trailing furniture no pattern knew ("相关链接" is known; a lone menu word is not):
    # short, no punctuation at all, neither the date nor the organ of a signature.
    while body and body[-1].heading is None and _menu_word(body[-1].line.text):
        skipped.append(body.pop().line.text)

    signature = None
    sig = _signature(body, 0)
    if sig:
        index, organ, date_text = sig
        signature = Signature(organ=organ, date=date_text)
        body = body[:index]

    blocks: list[Block] = []
    origins: list[Origin] = []
    for it in body:
        blocks.append(_block(it))
        origins.append(it.line.origin)

    facts = _facts(title, signature, blocks, meta, pre_date)
    return ReadDocument(title=title, blocks=tuple(blocks), signature=signature, source=str(source),
                        format=fmt, origins=tuple(origins), facts=facts, skipped=tuple(skipped))


def _menu_word(text: str) -> bool:
    return (len(text) <= 15 and not re.search(r"[。，,；;：:！？!?、]", text)
            and not frame.date_line(text) and not frame.organ_line(text))


def _prose(text: str) -> bool:
    return cjk_count(text) >= _PROSE_MIN or levels.label_of(text) is not None


def _block(it: _Item) -> Block:
    if it.heading is None:
        return Paragraph((Text(it.line.text),))
    level, number, rest = it.heading
    bold = it.line.bold  # bold characters from the start of the line's text
    if bold is not None:
        if not it.line.label:
            bold -= len(it.line.text) - len(rest)  # the typed label's share
        if bold <= 0:
            bold = None
    title, body = levels.split_run_in(rest, bold)
    return Heading(level=level, number=number, title=title,
                   body=(Text(body),) if body else ())


def _facts(title: str, signature: Signature | None, blocks: list[Block],
           meta: dict[str, str], pre_date: dt.date | None) -> frame.Facts:
    paragraphs = [b.text for b in blocks]
    opening = next((b.text for b in blocks if isinstance(b, Paragraph)), "")
    organ = (signature.organ if signature and signature.organ else "") \
        or frame.organ_from_title(title) or frame.organ_from_text(paragraphs)
    date = None
    if signature and signature.date:
        date = frame.parse_date(signature.date)
    if date is None and meta.get("成文日期"):
        date = dt.date.fromisoformat(meta["成文日期"])
    if date is None:
        date = pre_date
    published = dt.date.fromisoformat(meta["发布日期"]) if meta.get("发布日期") else None
    kind = frame.kind_of(title, opening)
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    year = frame.year_of(title, opening, headings, date, kind)
    return frame.Facts(organ=organ, year=year, date=date, published=published, kind=kind)
