"""Figures in the author's sentences marked as in-text figures (DESIGN-15 §2).

Every figure the spec knows is recognised in its sentence (figures/recognise.py, the spec's
`phrases`) and written as 【103】 when the phrase before it names it the way the input reader
will read it back (the same recogniser, over the sentence with the marked figures only),
else as 【收到行政复议申请：103】 with the indicator's label inside. The number inside the
bracket is the author's as written (约600, 两千余, 1.39万): the draft prints it unchanged.
Figures no indicator fits, targets and values before a change stay plain text.

An indicator named with two different values anywhere in the report is marked nowhere: which
value is right is the author's call (recognise.resolve_conflicts, over the whole report).
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi_draft.figures.prose import figure_at, normalise, read_number, sentences
from fazhi_draft.figures.recognise import REASONS, Recognised, Recogniser, resolve_conflicts
from fazhi_draft.structure import Spec

OPEN, CLOSE = "【", "】"
# Brackets the author used as text would read as markup: the README's advice is 〖〗.
_OWN_BRACKETS = str.maketrans({"【": "〖", "】": "〗"})


@dataclass(frozen=True)
class Marked:
    """One figure marked in a text: the indicator, its value as written, the unit after it."""

    key: str
    label: str
    written: str
    unit: str
    explicit: bool  # the label is written inside the bracket
    amount: object  # Decimal, in the indicator's terms

    def describe(self) -> str:
        return f"{self.label} {self.written}{self.unit}"


@dataclass
class MarkedText:
    text: str                    # with the brackets
    marked: list[Marked]
    plain: int                   # figures left as plain text (no indicator, or not placeable)
    escaped: bool = False        # the author's own 【】 were changed to 〖〗


def escape(text: str) -> tuple[str, bool]:
    """The author's own 【】 as 〖〗 (True when there were any)."""
    if OPEN in text or CLOSE in text:
        return text.translate(_OWN_BRACKETS), True
    return text, False


def recognise_all(texts: list[str], rec: Recogniser) -> list[list[Recognised]]:
    """Per text, its figures recognised; an indicator named with two values anywhere is named
    for none of them (report-wide)."""
    per_text = [rec.recognise_text(t) for t in texts]
    flat = resolve_conflicts([r for rs in per_text for r in rs])
    out, i = [], 0
    for rs in per_text:
        out.append(flat[i:i + len(rs)])
        i += len(rs)
    return out


def mark(text: str, found: list[Recognised], rec: Recogniser, spec: Spec) -> MarkedText:
    """`text` with each named figure in 【】 (offsets of `found` are the text's)."""
    norm = normalise(text)
    spans: list[tuple[int, int, Recognised]] = []
    plain = 0
    for r in found:
        if r.key is None:
            plain += 1
            continue
        span = _span(text, r)
        if span is None:
            plain += 1
            continue
        spans.append((*span, r))
    spans.sort(key=lambda s: s[0])
    # How the input reader names them: the marked numbers only, sentence by sentence.
    named: dict[int, str | None] = {}
    for s_start, s_end in sentences(norm):
        inside = [(a, b, r) for a, b, r in spans if s_start <= a < s_end]
        if not inside:
            continue
        sentence = norm[s_start:s_end]
        figs = []
        for a, b, _ in inside:
            pf = figure_at(sentence, a - s_start, b - s_start)
            if pf is not None:
                figs.append(pf)
        for res in rec.recognise(sentence, found=figs):
            named[res.found.start + s_start] = res.key
    out: list[str] = []
    marked: list[Marked] = []
    pos = 0
    for a, b, r in spans:
        ind = spec.indicator(r.key)
        written = text[a:b]
        explicit = named.get(a) != r.key
        inner = f"{_label_for(rec, r.key, ind.label)}：{written}" if explicit else written
        out.append(text[pos:a])
        out.append(f"{OPEN}{inner}{CLOSE}")
        pos = b
        marked.append(Marked(r.key, ind.label, written, r.found.unit, explicit,
                             r.figure.amount if r.figure is not None else None))
    out.append(text[pos:])
    return MarkedText("".join(out), marked, plain)


def _span(text: str, r: Recognised) -> tuple[int, int] | None:
    """Where the bracket goes: the number with the words that qualify it (约600, 超过7675),
    or the number alone; None when neither reads back as the same number."""
    f = r.found
    for start in dict.fromkeys((f.start, f.number_start)):
        inner = text[start:f.number_end]
        if not inner.strip() or any(c in inner for c in "【】“”\"'\n"):
            continue
        read = read_number(inner)
        if read is None:
            continue
        figure, _ = read
        if figure.pending or figure.amount is None:
            continue
        return start, f.number_end
    return None


def _label_for(rec: Recogniser, key: str, label: str) -> str:
    """The name written inside the bracket: the label when it reads back as the key, else the key."""
    return label if rec.indicator_for_label(label) == key else key


def why_plain(r: Recognised) -> str:
    return REASONS.get(r.reason, "")


def unmark(text: str) -> str:
    """The text as printed: brackets and labels inside them removed (tests, the summary)."""
    out, pos = [], 0
    while True:
        a = text.find(OPEN, pos)
        if a < 0:
            out.append(text[pos:])
            return "".join(out)
        b = text.find(CLOSE, a)
        out.append(text[pos:a])
        inner = text[a + 1:b]
        for sep in ("：", ":"):
            if sep in inner:
                inner = inner.split(sep, 1)[1]
        out.append(inner)
        pos = b + 1
