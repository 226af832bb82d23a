"""Every figure a document's prose states, report-wide: which indicator, its value, where.

`figure_table(blocks)` reads each block of a document tree (paragraphs and headings with
their run-in text) with the recogniser (recognise.py), sentence by sentence, and keeps for
each figure the block it stands in and the sentence around it, so that a finding can name
the paragraph (第12段) and quote the sentence. `check 报告.docx` checks these figures
(check/prose.py); `check 报告.docx --data 2025.yaml` reads the YAML's own draft the same
way and compares the two tables (check/data.py); `import` will turn them into in-text
figures.

An indicator stated more than once with values that cannot be the same (65件 here, 63件
there; 200余 and 230 can) is `restated`: it is not judged by any relation (which value
would be?) and `check` reports it (FZ208). Stated more than once alike, it is one figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fazhi_draft.figures.numbers import Figure
from fazhi_draft.figures.prose import normalise, sentences
from fazhi_draft.figures.recognise import Recognised, Recogniser, recogniser
from fazhi_draft.figures.relations import bounds

if TYPE_CHECKING:
    from fazhi_draft.structure.model import Spec
    from fazhi_draft.tree import Block

QUOTE_LIMIT = 60  # characters of a sentence quoted whole; longer ones are cut around the figures
_CLAUSE_ENDS = "，。；：！？,;:!?"


@dataclass(frozen=True)
class Stated:
    """One figure of the prose: `found` what the recogniser made of it (offsets into the
    sentence), `block` the index of its block, `text` that block's text and `sentence` the
    (start, end) of its sentence there."""

    found: Recognised
    block: int
    text: str
    sentence: tuple[int, int]

    @property
    def key(self) -> str | None:
        return self.found.key

    @property
    def figure(self) -> Figure | None:
        return self.found.figure

    @property
    def span(self) -> tuple[int, int]:
        """Where the figure stands in the block's text."""
        start = self.sentence[0]
        return start + self.found.found.start, start + self.found.found.end

    def quote(self, *others: "Stated") -> str:
        """Its sentence, shortened around this figure and those of `others` in the same block
        (their sentences too, when they are near: 88件……进行了全面清理。经清理，共废止13件……)."""
        spans = [self.span, *(s.span for s in others if s.block == self.block)]
        lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
        start = min([self.sentence[0], *(s.sentence[0] for s in others if s.block == self.block)])
        end = max([self.sentence[1], *(s.sentence[1] for s in others if s.block == self.block)])
        if hi - lo > 3 * QUOTE_LIMIT:  # far apart: the figure's own sentence only
            spans, (start, end) = [self.span], self.sentence
        return excerpt(self.text, (start, end), spans)


@dataclass
class FigureTable:
    """The figures of a document. `stated`: every figure found, in order (named or not);
    `figures`: indicator key -> its value, for the indicators stated once or alike; `first`:
    where each of those is first stated; `restated`: indicator -> its statements, for those
    stated with values that disagree."""

    stated: list[Stated] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)
    first: dict[str, Stated] = field(default_factory=dict)
    restated: dict[str, list[Stated]] = field(default_factory=dict)

    def amounts(self, key: str) -> set:
        """Every value the prose states for `key` (one, or several when restated)."""
        return {s.figure.amount for s in self.stated if s.key == key and s.figure is not None
                and not s.figure.pending and s.figure.amount is not None}

    def statements(self, key: str) -> list[Stated]:
        """Where `key` is stated with the table's value, in order."""
        value = self.figures.get(key)
        return [s for s in self.stated if s.key == key and value is not None and s.figure is not None
                and s.figure.amount == value.amount]


def figure_table(blocks: Sequence["Block"], spec: "Spec | None" = None) -> FigureTable:
    """The figures stated in `blocks` (a document tree's), report-wide."""
    rec = _recogniser(spec)
    table = FigureTable()
    for n, block in enumerate(blocks):
        text = block.text
        norm = normalise(text)  # one character for one: offsets are the text's
        for start, end in sentences(norm):
            for r in rec.recognise(norm[start:end]):
                table.stated.append(Stated(r, n, text, (start, end)))
    by_key: dict[str, list[Stated]] = {}
    for s in table.stated:
        if s.key is not None and s.figure is not None and s.figure.amount is not None:
            by_key.setdefault(s.key, []).append(s)
    inds = rec.spec.indicators
    for key, said in by_key.items():
        amounts = {s.figure.amount for s in said}
        if len(amounts) == 1:
            table.figures[key] = said[0].figure
            table.first[key] = said[0]
        elif _disagree(said, inds[key]):
            table.restated[key] = said
        # else: 200余 and 230 may be one figure, or two: neither is judged
    return table


def _recogniser(spec: "Spec | None") -> Recogniser:
    """The standard spec's recogniser is built once per process; another spec's each time."""
    from fazhi_draft.structure import load_spec

    if spec is None or spec is load_spec():
        return recogniser()
    return Recogniser(spec)


def _disagree(said: list[Stated], ind) -> bool:  # noqa: ANN001 - structure.Indicator
    """Two of the statements cannot stand for the same value (their ranges do not meet)."""
    ranges = [bounds(s.figure, ind) for s in said]
    return any(a_hi < b_lo or b_hi < a_lo for i, (a_lo, a_hi) in enumerate(ranges) for b_lo, b_hi in ranges[i + 1:])


def excerpt(text: str, sentence: tuple[int, int], spans: Sequence[tuple[int, int]],
            limit: int = QUOTE_LIMIT) -> str:
    """`text[sentence]` (one sentence or a few), whole when short; else the clauses holding the
    `spans` (and the clause before the first, its subject, while it fits), "……" where cut."""
    start, end = sentence
    while end > start and text[end - 1] in "。；;\n \u3000":
        end -= 1  # the sentence's own end mark is not quoted
    while start < end and text[start] in " \u3000":
        start += 1
    if end - start <= limit:
        return text[start:end]
    clauses = []  # (start, end without its mark, end with its mark)
    a = start
    for i in range(start, end):
        if text[i] in _CLAUSE_ENDS:
            clauses.append((a, i, i + 1))
            a = i + 1
    clauses.append((a, end, end))
    keep = {n for n, (a, b, _) in enumerate(clauses) if any(lo < max(b, a + 1) and hi > a for lo, hi in spans)}
    if not keep:
        return text[start:start + limit] + "……"
    first = min(keep)
    if first and sum(clauses[n][2] - clauses[n][0] for n in keep) + clauses[first - 1][2] - clauses[first - 1][0] <= limit:
        keep.add(first - 1)
    out: list[str] = []
    prev: int | None = None
    for n in sorted(keep):
        a, b, with_mark = clauses[n]
        if (prev is None and n > 0) or (prev is not None and n != prev + 1):
            out.append("……")
        out.append(text[a:with_mark] if n + 1 in keep else text[a:b])
        prev = n
    if prev is not None and prev < len(clauses) - 1:
        out.append("……")
    return "".join(out)
