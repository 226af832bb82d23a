"""The document tree: what the composer produces and every writer consumes.

Like pandoc's AST, it knows nothing about indicators or input files; writers know
nothing else. All nodes are frozen dataclasses so a composed tree can be shared and
compared in tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    """A run of text, never holding a newline (the composer makes paragraphs of them).

    `marked`: text the author must still confirm before the draft goes out (a point carried
    over from last year); a writer makes it stand out (highlighted in Word, <mark> in
    Markdown), so that a draft with it cannot pass for finished.
    """

    text: str
    marked: bool = False


@dataclass(frozen=True)
class Pending:
    """Something still to come: a figure written 待补, or a required part left empty.

    Its `label` names what is missing ("调解成功纠纷"); it reads 【待补：label】 (`text`), and
    a writer makes it stand out (highlighted in Word, bold in Markdown) from its type.
    """

    label: str

    @property
    def text(self) -> str:
        return f"【待补：{self.label}】"


Inline = Text | Pending  # what a paragraph is made of (pandoc's Inline: Str, Span, ...)


def marked_groups(inlines: tuple[Inline, ...]) -> Iterator[tuple[bool, tuple[Inline, ...]]]:
    """Neighbouring inlines grouped by whether they are `marked` text, in order: a writer
    that wraps marked text (<mark>) wraps each group once, not each run."""
    from itertools import groupby

    for marked, group in groupby(inlines, key=lambda i: isinstance(i, Text) and i.marked):
        yield marked, tuple(group)


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (first-line indent of two characters)."""

    inlines: tuple[Inline, ...]

    @property
    def text(self) -> str:
        return "".join(i.text for i in self.inlines)


@dataclass(frozen=True)
class Heading:
    """A numbered heading. `level` 1 is 一、, 2 is （一）, 3 is 1., 4 is （1）.

    `number` is the label the composer assigned ("一、", "（二）", "3.", "（1）").
    `body` is run-in text after the heading in the same paragraph (levels 3-4 are
    usually written "1.推进简政放权。全年……"); empty for a stand-alone heading.
    `marked`: the number and title are text to confirm, like a `marked` Inline.
    """

    level: int
    number: str
    title: str
    body: tuple[Inline, ...] = ()
    marked: bool = False

    @property
    def text(self) -> str:
        return self.number + self.title + "".join(i.text for i in self.body)


@dataclass(frozen=True)
class Signature:
    """The organ's name and the date (成文日期) that close the report."""

    organ: str
    date: str


Block = Paragraph | Heading


@dataclass(frozen=True)
class Table:
    """A table: one `header` row of column names, then `rows` of cells, each cell one Inline
    (a Pending or a marked Text stands out as in a paragraph). `align` gives each column's
    alignment ("left", "center" or "right"), as pandoc's ColSpec does; the writer sizes the
    columns. A writer repeats the header row on every page the table runs over."""

    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    align: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        width = len(self.header)
        if any(len(row) != width for row in self.rows) or (self.align and len(self.align) != width):
            raise ValueError(f"every row of a table needs {width} cells, as its header has")
        if any(a not in ("left", "center", "right") for a in self.align):
            raise ValueError(f"a column is aligned left, center or right, not {self.align}")


@dataclass(frozen=True)
class Attachment:
    """An attachment (附件) after the signature, on a page of its own (GB/T 9704 7.3.4, 8):
    the label 附件 top left, its `title` centred, then its blocks; the body names it in the
    附件说明 line (附件：title) above the signature."""

    title: str
    blocks: tuple[Paragraph | Table, ...]


@dataclass(frozen=True)
class Document:
    """A whole report: title, blocks in order, signature, attachments."""

    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    signature: Signature | None = None
    attachments: tuple[Attachment, ...] = ()

    def inlines(self) -> Iterator[Inline]:
        """Every run of the body in order: the paragraphs' and the run-in headings' bodies."""
        for b in self.blocks:
            yield from b.inlines if isinstance(b, Paragraph) else b.body

    def attachment_note(self) -> tuple[str, ...]:
        """The 附件说明 above the signature (GB/T 9704 7.3.4), one string a line: 附件：title
        for one attachment; 附件：1.title, 2.title … for several; () for none."""
        titles = [a.title.replace("\n", "") for a in self.attachments]
        if len(titles) == 1:
            return (f"附件：{titles[0]}",)
        return tuple(f"{'附件：' if n == 1 else ''}{n}.{t}" for n, t in enumerate(titles, 1))

    def attachment_label(self, index: int) -> str:
        """The label on the attachment's first page: 附件, or 附件1, 附件2 … when there are several."""
        return "附件" if len(self.attachments) == 1 else f"附件{index + 1}"

    def dump(self) -> str:
        """Plain text of the tree, one block a line: used by golden tests."""
        lines = ["TITLE " + self.title.replace("\n", " | ")]  # a title line break shows as " | "
        for b in self.blocks:
            if isinstance(b, Heading):
                lines.append(f"H{b.level} {b.text}")
            else:
                lines.append(f"P {b.text}")
        if self.signature:
            lines.append(f"SIGN {self.signature.organ} / {self.signature.date}")
        for a in self.attachments:
            lines.append("ATTACHMENT " + a.title.replace("\n", " | "))
            for b in a.blocks:
                if isinstance(b, Table):
                    lines.append("TABLE " + " | ".join(b.header))
                    lines.extend("ROW " + " | ".join(c.text for c in row) for row in b.rows)
                else:
                    lines.append(f"P {b.text}")
        return "\n".join(lines)
