"""Which indicator a figure in prose is: named by the words around it, as the spec lists them.

One engine for three callers: `fazhi-draft import` (figures in a published report become
in-text figures), `check` of a finished report's prose, and the in-text markup of issue 15
(收到行政复议申请【103】宗: the phrase before the bracket names the indicator).

How a figure is named (DESIGN-15 §2, issue 16):

- Its clause is read: back from the figure to the previous ，。；：、, the previous figure or
  the last 和/及/以及/与 (the words before it: in 97个电子证明事项以及33项“一件事”, 电子证明事项
  is the 97's), and on from the number to the next clause mark or figure (the words after
  it, unit included: 组织40名新提任领导干部参加考试, 对119卷执法案卷进行评查 and 1237人参加
  培训 put the number before its noun).
- The spec's `phrases` are looked for there, longest first: the words before the figure
  first, then the words after it. A phrase may name indicators counted in different units
  (受教育群众: 人 or 人次); the unit written after the figure picks one (spec.same_unit:
  件 ≈ 宗, 人 ≠ 人次). No fitting unit, or still two indicators: not named.
- Only when no phrase is there, `follow_phrases` (受理, 办结, 成功率 …), which name an
  indicator only in the context of its `topic`: after a figure of that topic earlier in
  the same sentence, or after one of the topic's phrases there (完善大调解格局……调处矛盾纠纷
  8495件). When two topics fit, the nearest wins, unless the nearest is a part introduced by
  其中 (全市114件，其中市政府10件，出庭应诉率100%: the city's rate or the government's?):
  then it is not named.
- A figure right after another one (培训班1期5人次, 主题班会683场次86530人次) is read with
  the other's words; a value before a change (由7个工作日压缩至3个工作日) is not named, the
  value after it is read with its words too.
- Targets and forecasts (力争95%, 年底可达95%) are not the year's figure: not named.
- An indicator's `unless` words, earlier in the sentence or in the figure's clause, rule it
  out: 宪法法律宣传月……发放宣传材料2万余份 is one campaign's, not the year's 宣传资料;
  街道办事处共保留133项 is another organ's list.
- One sentence naming the same indicator twice, or one text naming it with two different
  values, names it for none of them: a figure in a wrong slot is worse than none.
- 无 + a phrase (无败诉案件) states a zero.

Never a guess: an unnamed figure has `key` None and a `reason`.

Matching is one pass of a character trie built once over all phrases and unless words (no
per-phrase pattern, no regular expression built from the spec) over each sentence that holds
a figure.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from fazhi_draft.figures.numbers import MAGNITUDES, Figure
from fazhi_draft.figures.prose import (
    ProseFigure,
    find_figures,
    may_hold_figure,
    normalise,
    sentences,
)

if TYPE_CHECKING:
    from fazhi_draft.structure.model import Indicator, Spec

# Why a figure is not named (Recognised.reason).
NO_PHRASE = "no-phrase"          # no phrase of any indicator in its clause
UNIT = "unit"                    # a phrase names indicators counted in other units (or not whole)
AMBIGUOUS = "ambiguous"          # the words name two indicators
NO_TOPIC = "no-topic"            # a follow phrase (受理) with no figure of its topic before it
TARGET = "target"                # 力争, 可达, 预计: a goal, not the year's figure
PREVIOUS = "previous"            # 由7个工作日(压缩至…): the value before a change
TWICE = "twice"                  # the same indicator twice in one sentence
CONFLICT = "conflict"            # the same indicator with two values in one text
OTHER = "other"                  # the sentence says it is another organ's or one campaign's (unless)

REASONS = {
    NO_PHRASE: "句中没有能认出指标的说法",
    UNIT: "单位与指标的单位不符",
    AMBIGUOUS: "说法可指两个指标",
    NO_TOPIC: "“受理”“办结”一类的词前面没有同一事项的数字",
    TARGET: "是目标或预计数，不是当年的数",
    PREVIOUS: "是变化前的数",
    TWICE: "同一句里两个数指向同一指标",
    CONFLICT: "同一指标在文中有两个不同的数",
    OTHER: "句中说明是某一次活动或其他机关的数",
}
# A figure of a list "97个电子证明事项以及33项…" owns the words up to the conjunction.
_CONJUNCTIONS = ("以及", "和", "及", "与")

_DROP = frozenset("“”‘’\"'《》「」『』〈〉 \u3000\t")  # not matched: quotation marks, spaces
_END = "\0"
_DROPPED = re.compile("[“”‘’\"'《》「」『』〈〉 \u3000\t]")
_KEPT = re.compile("[^“”‘’\"'《》「」『』〈〉 \u3000\t]++")
_CLAUSE_MARK = re.compile("[，。；：、！？]")


@dataclass(frozen=True)
class Recognised:
    """One figure of the text and what it was recognised as.

    `found`: where it stands and how it is written (offsets into the text given).
    `key`: the indicator, or None with `reason` (one of REASONS). `figure`: its value in the
    indicator's terms (5600余万元 for an indicator in 万元: amount 5600), None when not named.
    `phrase`: the words that named it (or that were found but did not fit)."""

    found: ProseFigure
    key: str | None
    figure: Figure | None = None
    phrase: str = ""
    reason: str = ""


class _Occurrence(NamedTuple):
    start: int    # in the normalised sentence
    end: int
    phrase: str


class _Sentence:
    """One sentence being read: its phrase occurrences, and where each topic was seen (a named
    figure, or a phrase of the topic), kept so a follow phrase finds its topic in log time."""

    def __init__(self, occs: list[_Occurrence], rec: "Recogniser"):
        self.occs = occs
        self.starts = [o.start for o in occs]
        self._unless_words = rec._unless
        self._unless = sorted((o for o in occs if o.phrase in rec._unless), key=lambda o: o.end)
        self._unless_seen = 0
        self._blocked: frozenset[str] = frozenset()
        self._figures: dict[str, tuple[list[int], list[bool]]] = {}
        primes: dict[str, list[tuple[int, int]]] = {}
        for o in occs:
            for key in rec._full.get(o.phrase, ()):
                primes.setdefault(rec._inds[key].topic, []).append((o.end, o.start))
        # per topic: phrase ends in order, and the latest phrase start among those ending by then
        self._primes: dict[str, tuple[list[int], list[int]]] = {}
        for topic, items in primes.items():
            items.sort()
            latest, acc = -1, []
            for _, start in items:
                latest = max(latest, start)
                acc.append(latest)
            self._primes[topic] = ([e for e, _ in items], acc)

    def blocked(self, horizon: int) -> frozenset[str]:
        """Indicators an `unless` word ending by `horizon` rules out (horizons only grow)."""
        while self._unless_seen < len(self._unless) and self._unless[self._unless_seen].end <= horizon:
            o = self._unless[self._unless_seen]
            self._blocked = self._blocked | self._unless_words[o.phrase]
            self._unless_seen += 1
        return self._blocked

    def named(self, start: int, topic: str, part: bool) -> None:
        starts, parts = self._figures.setdefault(topic, ([], []))
        starts.append(start)
        parts.append(part)

    def last_seen(self, topic: str, pos: int) -> tuple[int, str, bool] | None:
        """(position, topic, is a part introduced by 其中) of the topic's last figure or phrase
        before `pos`, or None."""
        best: tuple[int, str, bool] | None = None
        figs = self._figures.get(topic)
        if figs:
            i = bisect.bisect_left(figs[0], pos)
            if i:
                best = (figs[0][i - 1], topic, figs[1][i - 1])
        primes = self._primes.get(topic)
        if primes:
            i = bisect.bisect_right(primes[0], pos)
            if i and (best is None or primes[1][i - 1] > best[0]):
                best = (primes[1][i - 1], topic, False)
        return best


class Recogniser:
    """The spec's phrases, compiled once: `recognise(sentence)`, `recognise_text(text)`,
    `indicator_for_label(name)`."""

    def __init__(self, spec: "Spec"):
        self.spec = spec
        self._inds: dict[str, Indicator] = dict(spec.indicators)
        self._full: dict[str, tuple[str, ...]] = {}
        self._follow: dict[str, tuple[str, ...]] = {}
        self._trie: dict = {}
        self._unless: dict[str, set[str]] = {}
        for ind in self._inds.values():
            for phrase in ind.phrases:
                self._full[phrase] = (*self._full.get(phrase, ()), ind.key)
                self._add(phrase)
            for phrase in ind.follow_phrases:
                self._follow[phrase] = (*self._follow.get(phrase, ()), ind.key)
                self._add(phrase)
            for word in ind.unless:
                self._unless.setdefault(word, set()).add(ind.key)
                self._add(word)
        self._labels: dict[str, str] = {}
        for ind in self._inds.values():
            self._labels[_label_form(ind.key)] = ind.key
            self._labels[_label_form(ind.label)] = ind.key
        for phrase, keys in self._full.items():  # a full phrase naming one indicator is a label too
            if len(keys) == 1:
                self._labels.setdefault(_label_form(phrase), keys[0])

    def _add(self, phrase: str) -> None:
        node = self._trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[_END] = phrase

    # --- labels (【收到行政复议申请：103】) -------------------------------------------------
    def indicator_for_label(self, name: str) -> str | None:
        """The indicator a label names: its key (reconsideration_received), its label
        (收到行政复议申请) or a phrase that names only it (收到复议申请); None otherwise."""
        return self._labels.get(_label_form(name))

    def split_label(self, inner: str) -> tuple[str | None, str, str]:
        """The inside of an in-text figure, 【收到行政复议申请：103】 -> (key, "103", label):
        the indicator named by the label before ：/: (None when there is no label, or when it
        names no indicator: then `label` says what was written) and the number text after it.
        【103】 -> (None, "103", "")."""
        text = inner.strip()
        for i, ch in enumerate(text):
            if ch in "：:":
                label, number = text[:i].strip(), text[i + 1:].strip()
                if label and not label[-1].isdigit():
                    return self.indicator_for_label(label), number, label
                break
        return None, text, ""

    # --- one sentence -------------------------------------------------------------------
    def recognise(self, sentence: str, found: list[ProseFigure] | None = None) -> list[Recognised]:
        """Each figure of one sentence and the indicator it is (or None and why).

        `found`: the figures to name, when the caller has them (in-text markup: 【103】 read
        with prose.figure_at); by default find_figures(sentence). Offsets are the sentence's."""
        if found is None and not may_hold_figure(sentence) and "无" not in sentence:
            return []
        text = normalise(sentence)
        figs = sorted(found if found is not None else find_figures(sentence), key=lambda f: f.start)
        if not figs and "无" not in text:
            return []
        # phrases after the last figure's clause name nothing (a zero, 无败诉案件, may stand there)
        scan = text if not figs or (found is None and "无" in text) else text[:_clause_end(text, figs[-1].end)]
        occs = self._occurrences(scan)
        zeros = self._zero_statements(text, occs, figs) if found is None else {}
        if zeros:
            figs = sorted([*figs, *zeros], key=lambda f: f.start)
        if not figs:
            return []
        marks = [m.start() for m in _CLAUSE_MARK.finditer(text)]
        ctx = _Sentence(occs, self)
        out: list[Recognised] = []
        used: list[tuple[int, int]] = []  # the words each figure was read with (for the next one)
        for n, fig in enumerate(figs):
            clause = _clause_start(marks, fig.start)
            prev = figs[n - 1] if n else None
            own = (max(clause, prev.end) if prev else clause, fig.start)
            # 6个区直单位和2个街道, 一期培训班和两期讲座: the words before 和 are the other's
            own = (_after_conjunction(text, own, occs, ctx.starts), own[1])
            hi = _next_mark(marks, fig.number_end, len(text))
            if n + 1 < len(figs):
                hi = min(hi, figs[n + 1].start)
            after = (fig.number_end, max(hi, fig.number_end))
            before = [own]
            if prev is not None and prev.end >= clause and (not text[prev.end:fig.start].strip() or prev.previous):
                before.append(used[n - 1])  # 1期5人次; 由7个工作日压缩至3个工作日
            used.append(own if own[0] < own[1] or len(before) == 1 else before[1])
            part = text[clause:fig.start].lstrip(" \u3000").startswith("其中")
            blocked = ctx.blocked(_next_mark(marks, fig.end, len(text)))
            if fig.target:
                r = Recognised(fig, None, reason=TARGET)
            elif fig.previous:
                r = Recognised(fig, None, reason=PREVIOUS)
            elif fig in zeros:
                occ = zeros[fig]
                if occ.phrase in self._full:
                    r = self._decide(fig, occ.phrase, self._full[occ.phrase], blocked)
                else:
                    r = self._follow_up(fig, occ, ctx, blocked)
            else:
                r = self._name(fig, ctx, before, after, blocked)
            out.append(r)
            if r.key is not None:
                ctx.named(r.found.start, self._inds[r.key].topic, part)
        # a zero in words that names nothing is no figure at all
        out = [r for r in out if r.key is not None or r.found not in zeros]
        return _once_per_sentence(out)

    def _name(self, fig: ProseFigure, ctx: "_Sentence", befores: list[tuple[int, int]], after: tuple[int, int],
              blocked: frozenset[str]) -> Recognised:
        """Tiers in order: a phrase before the figure, one after it, a follow phrase before it,
        one after it. A tier whose phrase names only indicators of other units (or ruled out
        by `unless`) leaves the figure to the next tier; two fitting indicators end the search."""
        occs, starts = ctx.occs, ctx.starts
        pools = [[o for b in befores for o in _within(occs, starts, b)], _within(occs, starts, after)]
        missed: Recognised | None = None
        for follow in (False, True):
            names = self._follow if follow else self._full
            for pool, last in zip(pools, (True, False)):
                best = _longest([o for o in pool if o.phrase in names], last=last)
                if best is None:
                    continue
                if follow:
                    r = self._follow_up(fig, best, ctx, blocked)
                else:
                    r = self._decide(fig, best.phrase, self._full[best.phrase], blocked)
                if r.key is not None or r.reason == AMBIGUOUS:
                    return r
                missed = missed or r
        return missed or Recognised(fig, None, reason=NO_PHRASE)

    def _decide(self, fig: ProseFigure, phrase: str, keys: tuple[str, ...], blocked: frozenset[str]) -> Recognised:
        fitting = [(k, f) for k in keys if (f := self._fit(fig, self._inds[k])) is not None]
        if not fitting:
            return Recognised(fig, None, phrase=phrase, reason=UNIT)
        fitting = [(k, f) for k, f in fitting if k not in blocked]
        if not fitting:
            return Recognised(fig, None, phrase=phrase, reason=OTHER)
        if len(fitting) > 1:
            return Recognised(fig, None, phrase=phrase, reason=AMBIGUOUS)
        key, figure = fitting[0]
        return Recognised(fig, key, figure, phrase=phrase)

    def _follow_up(self, fig: ProseFigure, occ: _Occurrence, ctx: "_Sentence", blocked: frozenset[str]) -> Recognised:
        """A follow phrase: named only in the context of its topic earlier in the sentence."""
        fitting = [(k, f) for k in self._follow[occ.phrase] if (f := self._fit(fig, self._inds[k])) is not None]
        if not fitting:
            return Recognised(fig, None, phrase=occ.phrase, reason=UNIT)
        fitting = [(k, f) for k, f in fitting if k not in blocked]
        if not fitting:
            return Recognised(fig, None, phrase=occ.phrase, reason=OTHER)
        # where each topic was last seen before the phrase: (position, topic, a part after 其中)
        seen = [s for t in {self._inds[k].topic for k, _ in fitting} if (s := ctx.last_seen(t, occ.start))]
        if not seen:
            return Recognised(fig, None, phrase=occ.phrase, reason=NO_TOPIC)
        topics = {t for _, t, _ in seen}
        if len(topics) > 1:
            _, nearest, is_part = max(seen, key=lambda s: (s[0], s[2]))
            if is_part:
                return Recognised(fig, None, phrase=occ.phrase, reason=AMBIGUOUS)
            topics = {nearest}
        chosen = [(k, f) for k, f in fitting if self._inds[k].topic in topics]
        if len(chosen) > 1:
            return Recognised(fig, None, phrase=occ.phrase, reason=AMBIGUOUS)
        key, figure = chosen[0]
        return Recognised(fig, key, figure, phrase=occ.phrase)

    def _fit(self, fig: ProseFigure, ind: "Indicator") -> Figure | None:
        """The figure in the indicator's terms, or None when its unit does not fit."""
        unit = fig.unit
        amount = fig.figure.amount
        if fig.figure.pending:  # 【待补】件: named by its words, fitted by its unit
            amount = Decimal(0)
        elif amount is None:
            return None
        if ind.kind in ("percent", "growth"):
            if unit != "%" or (ind.kind == "percent" and amount > 100):
                return None
        elif ind.kind == "money":
            if unit not in ("元", "万元", "亿元"):
                return None
            amount = amount * _yuan(unit) / _yuan(ind.unit)
        elif unit == "%" or (unit and not self.spec.same_unit(unit, ind.unit)):
            return None
        if ind.whole and amount != amount.to_integral_value():
            return None
        f = fig.figure
        if f.pending:
            return f
        return Figure(amount=amount, text=f.text, approx=f.approx, before=f.before, after=f.after)

    # --- phrases and zeros -------------------------------------------------------------
    def _occurrences(self, text: str) -> list[_Occurrence]:
        """Every phrase occurrence in `text` (overlaps included), quotation marks and spaces
        skipped: 实现“一次办” holds 实现一次办."""
        if _DROPPED.search(text):
            keep: list[int] | range = []
            for m in _KEPT.finditer(text):
                keep.extend(range(m.start(), m.end()))
            chars = _DROPPED.sub("", text)
        else:
            keep, chars = range(len(text)), text
        trie, end = self._trie, _END
        out = []
        n = len(chars)
        for i, ch in enumerate(chars):
            node = trie.get(ch)
            if node is None:
                continue
            j = i + 1
            while True:
                phrase = node.get(end)
                if phrase is not None:
                    out.append(_Occurrence(keep[i], keep[j - 1] + 1, phrase))
                if j == n:
                    break
                node = node.get(chars[j])
                if node is None:
                    break
                j += 1
        return out

    def _zero_statements(self, text: str, occs: list[_Occurrence],
                         figs: list[ProseFigure]) -> dict[ProseFigure, _Occurrence]:
        """无败诉案件: 无 right before (or opening) a phrase of a count indicator states a zero."""
        out: dict[ProseFigure, _Occurrence] = {}
        fig_starts = [f.start for f in figs]
        taken: set[int] = set()
        for o in occs:
            if o.phrase.startswith("无") and o.phrase in self._follow:
                at = o.start              # a follow phrase that says it: 无败诉案件
            elif o.start and text[o.start - 1] == "无" and not o.phrase.startswith("无"):
                at = o.start - 1          # 无 + a phrase (not 无纸化…: a phrase of its own)
            else:
                continue
            keys = self._full.get(o.phrase, ()) + self._follow.get(o.phrase, ())
            if not any(self._inds[k].kind == "count" for k in keys):
                continue
            i = bisect.bisect_right(fig_starts, at)
            if (i and figs[i - 1].end > at) or at in taken:
                continue
            taken.add(at)
            zero = ProseFigure(start=at, end=at + 1, number_start=at, number_end=at + 1, written="无", unit="",
                               unit_end=at + 1, figure=Figure(amount=Decimal(0), text="无"))
            out[zero] = o
        return out

    # --- a whole text ------------------------------------------------------------------
    def recognise_text(self, text: str) -> list[Recognised]:
        """Every figure of `text` (a paragraph or a whole report), sentence by sentence, with
        offsets into `text`. An indicator named with two different values in the text is
        named for none of them (CONFLICT)."""
        out: list[Recognised] = []
        text = normalise(text)  # once for all sentences (one character for one: offsets stay)
        for start, end in sentences(text):
            for r in self.recognise(text[start:end]):
                out.append(_shift(r, start) if start else r)
        return resolve_conflicts(out)


def resolve_conflicts(items: list[Recognised]) -> list[Recognised]:
    """Un-name every figure of an indicator named with two different values (one report, or
    one YAML text and its prose): which one is right cannot be told."""
    values: dict[str, set[tuple[Decimal, str]]] = {}
    for r in items:
        if r.key is not None and r.figure is not None and r.figure.amount is not None:
            values.setdefault(r.key, set()).add((r.figure.amount.normalize(), r.figure.text))
    bad = {k for k, v in values.items() if len({a for a, _ in v}) > 1}
    return [replace(r, key=None, figure=None, reason=CONFLICT) if r.key in bad else r for r in items]


def _once_per_sentence(items: list[Recognised]) -> list[Recognised]:
    counts = Counter(r.key for r in items if r.key is not None)
    twice = {k for k, c in counts.items() if c > 1}
    return [replace(r, key=None, figure=None, reason=TWICE) if r.key in twice else r for r in items]


def _within(occs: list[_Occurrence], starts: list[int], span: tuple[int, int]) -> list[_Occurrence]:
    lo, hi = span
    i = bisect.bisect_left(starts, lo)
    out = []
    while i < len(occs) and occs[i].start < hi:
        if occs[i].end <= hi:
            out.append(occs[i])
        i += 1
    return out


def _longest(occs: list[_Occurrence], *, last: bool) -> _Occurrence | None:
    """The longest phrase; of equally long ones the one nearest the figure (the last of the
    words before it, the first of the words after it)."""
    best = None
    for o in occs:
        if best is None or len(o.phrase) > len(best.phrase) or (last and len(o.phrase) == len(best.phrase)):
            best = o
    return best


def _after_conjunction(text: str, span: tuple[int, int], occs: list[_Occurrence], starts: list[int]) -> int:
    """Where the words before a figure start: after the last 和/及/以及/与 of its clause that
    is not inside a phrase (97个电子证明事项以及33项…: the words up to 以及 are the 97's;
    一期培训班和两期讲座: 培训班 is not the 两期')."""
    lo, hi = span
    if not any(c in text[lo:hi] for c in _CONJUNCTIONS):
        return lo
    covered: set[int] = set()
    for o in _within(occs, starts, span):
        covered.update(range(o.start, o.end))
    for i in range(hi - 1, lo - 1, -1):
        if i not in covered:
            for c in _CONJUNCTIONS:
                if text.startswith(c, i) and i + len(c) <= hi:
                    return i + len(c)
    return lo


def _clause_end(text: str, pos: int) -> int:
    m = _CLAUSE_MARK.search(text, pos)
    return m.end() if m else len(text)


def _clause_start(marks: list[int], pos: int) -> int:
    i = bisect.bisect_left(marks, pos)
    return marks[i - 1] + 1 if i else 0


def _next_mark(marks: list[int], pos: int, default: int) -> int:
    i = bisect.bisect_left(marks, pos)
    return marks[i] if i < len(marks) else default


def _yuan(unit: str) -> Decimal:
    return MAGNITUDES.get(unit[:1], Decimal(1)) if unit != "元" else Decimal(1)


def _shift(r: Recognised, by: int) -> Recognised:
    f = r.found
    moved = ProseFigure(f.start + by, f.end + by, f.number_start + by, f.number_end + by, f.written, f.unit,
                        f.unit_end + by, f.figure, f.target, f.previous)
    return Recognised(moved, r.key, r.figure, r.phrase, r.reason)


def _label_form(name: str) -> str:
    """A label as compared: spaces, quotation marks and the width of brackets do not count."""
    return "".join(ch for ch in normalise(name) if ch not in _DROP).lower()


@lru_cache(maxsize=4)
def recogniser(spec: "Spec | None" = None) -> Recogniser:
    """The recogniser of `spec` (default: the standard spec), built once per process."""
    if spec is None:
        from fazhi_draft.structure import load_spec

        spec = load_spec()
    return Recogniser(spec)
