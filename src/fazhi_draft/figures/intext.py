"""Figures inside the author's text (issue 15 item 2, DESIGN-15 §2): the 【】 markup.

Any text the author writes (a point, its title, a sub-item, the opening, shortcomings, plans,
other) may mark the figures that are data with the brackets a Chinese input method types
from [ ]:

  收到行政复议申请【103】宗        a figure; the phrase before it names the indicator
  受理【91】宗                     ... or a follow phrase after a figure of the same topic
  【待补】件, 【?】件               pending: the department has not replied yet
  【收到行政复议申请：103】宗       the indicator named inside, by its label or key (also 【…：待补】)
  综合纠错率【计算】               the rate computed from its counts, printed here
  反馈问题【29】个                 a phrase naming no indicator: a custom figure labelled 反馈问题

The unit is the word right after 】 and stays the author's. `parse_text` splits one text into
segments (plain strings and `Mark`s, in order); `read_report` reads every text of a report
into one report-wide table (`InText`): indicator key -> where it is stated, custom figures,
and the problems (a bracket that holds no figure, a label naming no indicator, 【计算】 for a
figure that is not a rate). The recogniser (recognise.py) names the indicators, with the
same phrase data the import reader uses.

Used by the input reader (problems become errors with file, line and field), `check` (the
table feeds every relation, the year-on-year comparison and its own rules), the composer
(segments printed with the brackets removed) and the questionnaire (a carried point's
figures are asked again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fazhi_draft.figures.numbers import MAGNITUDES, Figure

if TYPE_CHECKING:
    from fazhi_draft.figures.prose import ProseFigure
    from fazhi_draft.figures.recognise import Recogniser
    from fazhi_draft.structure.model import Indicator, Spec

# prose.py and recognise.py are imported only when a text has brackets: `check` of a file
# without any stays as light as before (a cold start is most of a check's time).
_CLAUSE_MARKS = frozenset("，。；：、！？")  # prose.CLAUSE_MARKS (tests/test_intext.py compares them)

OPEN, CLOSE = "【", "】"
COMPUTE = "计算"
# One bracket: no bracket or line break inside, bounded (a stray 【 never scans a whole text).
_BRACKET = re.compile("【([^【】\n]{0,80})】")
_LABEL_MAX = 40  # a custom figure's label: the clause before the bracket, cut to its end
_LEAD = ("其中", "共", "全年", "累计", "总计", "合计", "另有", "另", "并", "和", "及", "以及", "与")


class MarkupError(ValueError):
    """A bracket that cannot be read; `start` is its offset in the text, `fix` says how to mend it."""

    def __init__(self, message: str, start: int, fix: str = ""):
        super().__init__(message)
        self.message, self.start, self.fix = message, start, fix


@dataclass(frozen=True)
class Mark:
    """One 【…】 of a text. `start`/`end` span the brackets in the text; `inner` is what is
    inside as written; `number` the number text printed in its place (the inside without a
    label: 103, 约600, 95%以上; "" for pending and 计算).

    `key` is the indicator (None: a custom figure, `label` the clause before the bracket);
    `figure` its value in the indicator's terms (a pending figure for 待补; None for 计算);
    `unit` the word written after 】; `unit_fits` False when that word does not fit the
    indicator's unit (check warns); `why` why a custom figure names no indicator."""

    start: int
    end: int
    inner: str
    number: str
    key: str | None
    label: str
    figure: Figure | None
    unit: str = ""
    compute: bool = False
    unit_fits: bool = True
    explicit: bool = False
    why: str = ""

    @property
    def pending(self) -> bool:
        return self.figure is not None and self.figure.pending


Segment = str | Mark


def has_markup(text: str | None) -> bool:
    return bool(text) and (OPEN in text or CLOSE in text)  # type: ignore[operator]


def parse_text(text: str, spec: "Spec") -> list[Segment]:
    """`text` as plain strings and Marks, in order; MarkupError for the first bracket that
    cannot be read (the brackets are the author's markup: every one must hold a figure)."""
    if not has_markup(text):
        return [text]
    raw = _brackets(text, spec)
    plain, spans = _plain(text, raw)
    marks = _name(text, plain, raw, spans, spec)
    out: list[Segment] = []
    pos = 0
    for mark in marks:
        if mark.start > pos:
            out.append(text[pos:mark.start])
        out.append(mark)
        pos = mark.end
    if pos < len(text):
        out.append(text[pos:])
    return out


@dataclass(frozen=True)
class _Raw:
    start: int
    end: int
    inner: str
    key: str | None       # named inside
    label: str            # the label written inside ("" none)
    number: str           # the number text ("" for 计算)
    figure: Figure | None
    percent: bool
    compute: bool


def _brackets(text: str, spec: "Spec") -> list[_Raw]:
    out: list[_Raw] = []
    pos = 0
    for m in _BRACKET.finditer(text):
        stray = text.find(OPEN, pos, m.start())
        if stray < 0:
            stray = text.find(CLOSE, pos, m.start())
        if stray >= 0:
            raise _unpaired(text, stray)
        out.append(_read_inner(m.group(1), m.start(), m.end(), spec))
        pos = m.end()
    for ch in (OPEN, CLOSE):
        stray = text.find(ch, pos)
        if stray >= 0:
            raise _unpaired(text, stray)
    return out


def _unpaired(text: str, at: int) -> MarkupError:
    return MarkupError(f"“{_around(text, at)}”中的“{text[at]}”没有配对（【】用来标出数字，如【103】）", at,
                       "请补上另一半括号；【】里只写数字，一对括号不跨行")


def _around(text: str, at: int, width: int = 12) -> str:
    lo, hi = max(0, at - width), min(len(text), at + width)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


_RECOGNISERS: dict[int, tuple[Any, "Recogniser"]] = {}


def _recogniser(spec: "Spec") -> "Recogniser":
    """The recogniser of `spec`, built once per spec object (the spec is not hashable)."""
    entry = _RECOGNISERS.get(id(spec))
    if entry is None or entry[0] is not spec:
        from fazhi_draft.figures.recognise import Recogniser, recogniser
        from fazhi_draft.structure import load_spec

        rec = recogniser() if spec is load_spec() else Recogniser(spec)
        entry = _RECOGNISERS[id(spec)] = (spec, rec)
    return entry[1]


def _read_inner(inner: str, start: int, end: int, spec: "Spec") -> _Raw:
    body = inner.strip(" \u3000\t")
    if body == COMPUTE:
        return _Raw(start, end, inner, None, "", "", None, True, True)
    key, number, label = _recogniser(spec).split_label(body) if any(c in body for c in "：:") else (None, body, "")
    if label and key is None:
        # The author's own name for a figure the spec has no slot for (【相关部门：24】个): a custom
        # figure so named, also where the words before would read as some indicator. A name
        # close to an indicator's is taken for a slip in that name and refused.
        from fazhi_draft.limits import close_matches

        near = close_matches(label, [i.label for i in spec.indicators.values()], cutoff=0.8)
        if near:
            raise MarkupError(f"【{inner}】里的“{label}”不是已知指标的名称，是不是“{near[0]}”？", start,
                              f"是这个指标就写【{near[0]}：{number.strip()}】；是自己的数字，请换一个"
                              "不会和标准指标混淆的名称（fazhi-draft outline 列出全部指标）")
    if number.strip() == COMPUTE:
        return _Raw(start, end, inner, key, label, "", None, True, True)
    from fazhi_draft.figures.prose import read_number

    read = read_number(number) if number.strip() else None
    if read is None:
        raise MarkupError(f"【{inner}】里应是一个数字", start,
                          "可写【103】【1.39万】【200余】【95%】【待补】【计算】；"
                          "如果【】是正文的一部分（不是数字），请改用〖〗或“”")
    figure, percent = read
    return _Raw(start, end, inner, key, label, "" if figure.pending else number.strip(), figure, percent, False)


def _plain(text: str, raw: list[_Raw]) -> tuple[str, list[tuple[int, int]]]:
    """The text with each bracket replaced by its number (待补 for pending and 计算, with a %
    after 计算 unless the author wrote one), and each number's span in it: what the recogniser reads."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for r in raw:
        parts.append(text[pos:r.start])
        length += r.start - pos
        if r.compute:
            number = "待补"
            after = text[r.end:r.end + 1]
            suffix = "" if after in ("%", "％") else "%"
        else:
            number = "待补" if r.figure is not None and r.figure.pending else r.number
            suffix = ""
        spans.append((length, length + len(number)))
        parts.append(number + suffix)
        length += len(number) + len(suffix)
        pos = r.end
    parts.append(text[pos:])
    return "".join(parts), spans


def _name(text: str, plain: str, raw: list[_Raw], spans: list[tuple[int, int]], spec: "Spec") -> list[Mark]:
    """Each bracket named: by the label inside, else by the recogniser over its sentence."""
    from fazhi_draft.figures.prose import figure_at, normalise, sentences
    from fazhi_draft.figures.recognise import TARGET, UNIT

    rec = _recogniser(spec)
    found: dict[int, "ProseFigure"] = {}
    named: dict[int, Any] = {}
    for s_start, s_end in sentences(plain):
        inside = [i for i, (a, _) in enumerate(spans) if s_start <= a < s_end]
        if not inside:
            continue
        sentence = plain[s_start:s_end]
        figs = []
        for i in inside:
            a, b = spans[i]
            pf = figure_at(sentence, a - s_start, b - s_start)
            if pf is None:  # not expected: the number was read once already
                raise MarkupError(f"【{raw[i].inner}】里应是一个数字", raw[i].start)
            found[i] = pf
            if not (raw[i].label and raw[i].key is None):  # the author's own figure claims no phrase
                figs.append(pf)
        by_start = {found[i].start: i for i in inside}
        for r in rec.recognise(sentence, found=figs):
            i = by_start.get(r.found.start)
            if i is not None:
                named[i] = r
    marks = []
    for i, r in enumerate(raw):
        pf = found[i]
        unit = "%" if r.compute else pf.unit
        recognised = named.get(i)
        key, why, explicit = r.key, "", r.key is not None
        if r.label and key is None and not r.compute:  # the author's own name inside: a custom figure, not recognised
            marks.append(Mark(r.start, r.end, r.inner, r.number, None, r.label, r.figure, unit=unit, why="own-label",
                              explicit=True))
            continue
        if key is None and recognised is not None:
            key = recognised.key
            if key is None and recognised.reason == UNIT:
                keys = rec._full.get(recognised.phrase, ())  # a full phrase naming one indicator: the unit is the author's slip
                if len(keys) == 1:
                    key = keys[0]
            if key is None:
                why = recognised.reason
        if key is None and recognised is None:
            why = "no-phrase"
        if not explicit and key is not None and _target(text, r):
            key, why = None, TARGET  # 力争【95%】: a goal, not the year's figure (unless the label says so)
        if key is None:
            if r.compute:
                raise MarkupError(f"认不出【{r.inner}】要计算的是哪个比率", r.start,
                                  "请写明，如 综合纠错率【计算】，或【行政复议综合纠错率：计算】")
            # the clause is bounded in the text with half-width marks made full-width (a scraped
            # "备案,审核各类资料【100余】份" is labelled 审核各类资料, as the recogniser reads it)
            bounded = normalise(text)
            label = (_clause_before(text, r.start, raw[i - 1].end if i else 0, bounded)
                     or _clause_after(text, r.end, bounded))
            if not label:
                raise MarkupError(f"【{r.inner}】前后没有说明是什么数字", r.start,
                                  "请在括号前写明，如 反馈问题【29】个")
            marks.append(Mark(r.start, r.end, r.inner, r.number, None, label, r.figure, unit=unit, why=why))
            continue
        ind = spec.indicator(key)
        if r.compute:
            if not _is_rate(spec, key):
                raise MarkupError(f"【{r.inner}】：“{ind.label}”不是能按件数计算的比率", r.start,
                                  "【计算】只用于比率（如 综合纠错率【计算】）；其他数字请直接写出")
            marks.append(Mark(r.start, r.end, r.inner, "", key, ind.label, None, unit="%", compute=True,
                              explicit=explicit))
            continue
        figure = _typed(r, pf, ind)
        marks.append(Mark(r.start, r.end, r.inner, r.number, key, ind.label, figure, unit=pf.unit,
                          unit_fits=_unit_fits(spec, ind, pf.unit), explicit=explicit))
    return marks


def _target(text: str, r: _Raw) -> bool:
    """A target or forecast: 力争【95%】, 预计【30】件, or 【力争95%以上】."""
    from fazhi_draft.figures.prose import TARGETS

    if r.figure is not None and r.figure.before in TARGETS:
        return True
    return text[:r.start].rstrip(" \u3000").endswith(TARGETS)


def _is_rate(spec: "Spec", key: str) -> bool:
    from fazhi_draft.structure import RateOf

    return any(isinstance(rel, RateOf) and rel.rate == key for s in spec.sections for rel in s.relations)


def _typed(r: _Raw, pf: "ProseFigure", ind: "Indicator") -> Figure:
    """The figure in the indicator's terms, or MarkupError when its value cannot be one."""
    fig = pf.figure
    if fig.pending:
        return Figure.pending_figure()
    amount = fig.amount
    assert amount is not None
    if ind.kind == "money" and pf.unit in ("元", "万元", "亿元"):
        amount = amount * _yuan(pf.unit) / _yuan(ind.unit)
    elif ind.unit[:1] in MAGNITUDES and any(c in fig.text for c in MAGNITUDES) and not pf.unit:
        amount = amount / MAGNITUDES[ind.unit[:1]]
    if pf.unit == "%" and ind.kind not in ("percent", "growth"):
        raise MarkupError(f"【{r.inner}】：{ind.label}按“{ind.unit}”计，不是百分比", r.start,
                          "请去掉 %；如这是另一个比率，请在【】里写明它的名称，如【行政复议纠错率：25%】")
    if ind.kind == "percent" and amount > 100:
        raise MarkupError(f"【{r.inner}】：{ind.label}是百分比，不能超过100", r.start)
    if ind.whole and amount != amount.to_integral_value():
        raise MarkupError(f"【{r.inner}】：{ind.label}应为整数", r.start)
    return Figure(amount=amount, text=fig.text, approx=fig.approx, before=fig.before, after=fig.after)


def _yuan(unit: str) -> Decimal:
    return MAGNITUDES.get(unit[:1], Decimal(1)) if unit != "元" else Decimal(1)


def _unit_fits(spec: "Spec", ind: "Indicator", unit: str) -> bool:
    """Whether the unit written after the bracket fits the indicator's (件 = 宗 = 起; 人 ≠ 人次).
    No unit written fits: there is nothing to contradict."""
    if not unit:
        return True
    if ind.kind in ("percent", "growth"):
        return unit == "%"
    if ind.kind == "money":
        return unit in ("元", "万元", "亿元")
    return spec.same_unit(unit, ind.unit)


def _clause_before(text: str, at: int, floor: int, bounded: str | None = None) -> str:
    """The words before a bracket, back to the previous clause mark or bracket: a custom
    figure's label (反馈问题【29】个 -> 反馈问题). `bounded`: the text to find the clause marks
    in, character for character the text's (its half-width marks made full-width)."""
    marks = text if bounded is None else bounded
    i = at
    while i > floor and marks[i - 1] not in _CLAUSE_MARKS and marks[i - 1] not in "\n":
        i -= 1
    words = text[i:at].strip(" \u3000\t")
    for lead in _LEAD:
        if words.startswith(lead) and len(words) > len(lead) + 1:
            words = words[len(lead):]
            break
    return words[-_LABEL_MAX:]


def _clause_after(text: str, at: int, bounded: str | None = None) -> str:
    marks = text if bounded is None else bounded
    j = at
    while j < len(text) and marks[j] not in _CLAUSE_MARKS and marks[j] != "\n" and marks[j] != OPEN:
        j += 1
    return text[at:j].strip(" \u3000\t")[:_LABEL_MAX]


# ---------------------------------------------------------------- a whole report
@dataclass(frozen=True)
class Place:
    """Where a text is in the report: the opening (section None) or a section's point
    (`point` 0-based), its sub-item (`item`), and which text of it (`attr`: text or title)."""

    section: str | None
    point: int | None = None
    item: int | None = None
    attr: str = "text"


@dataclass(frozen=True)
class Stated:
    """One in-text figure and where it stands."""

    mark: Mark
    place: Place

    @property
    def key(self) -> str | None:
        return self.mark.key

    @property
    def figure(self) -> Figure | None:
        return self.mark.figure


@dataclass
class InText:
    """The report-wide table of in-text figures.

    `stated`: every mark, in report order. `figures`: indicator key -> the first place it is
    stated with a value (or pending); `computed`: rates asked for with 【计算】; `custom`:
    marks naming no indicator; `twice`: (first, other) pairs of one indicator stated with
    different values; `problems`: (place, MarkupError) for brackets that cannot be read."""

    stated: list[Stated] = field(default_factory=list)
    figures: dict[str, Stated] = field(default_factory=dict)
    computed: list[Stated] = field(default_factory=list)
    custom: list[Stated] = field(default_factory=list)
    twice: list[tuple[Stated, Stated]] = field(default_factory=list)
    problems: list[tuple[Place, MarkupError]] = field(default_factory=list)
    segments: dict[tuple[Place, str], list[Segment]] = field(default_factory=dict)

    def figure_values(self) -> dict[str, Figure]:
        return {k: s.mark.figure for k, s in self.figures.items() if s.mark.figure is not None}

    def of_section(self, spec: "Spec", section_key: str) -> dict[str, Figure]:
        """The in-text figures of one section's indicators (wherever the text stands)."""
        own = {i.key for i in spec.section(section_key).indicators}
        return {k: f for k, f in self.figure_values().items() if k in own}

    def texts(self, place: Place, text: str, spec: "Spec") -> list[Segment]:
        """The segments of a text of the report (parsed again if not read here)."""
        got = self.segments.get((place, text))
        return got if got is not None else parse_text(text, spec)


def texts_of(report: Any) -> list[tuple[Place, str]]:
    """Every text of a report the author wrote, with its place, in report order."""
    out: list[tuple[Place, str]] = []
    if getattr(report, "opening", None):
        out.append((Place(None), report.opening))
    for section_key, sec in report.sections.items():
        for n, point in enumerate(sec.points):
            if point.title:
                out.append((Place(section_key, n, None, "title"), point.title))
            out.append((Place(section_key, n, None, "text"), point.text))
            for m, sub in enumerate(getattr(point, "items", ()) or ()):
                if sub.title:
                    out.append((Place(section_key, n, m, "title"), sub.title))
                out.append((Place(section_key, n, m, "text"), sub.text))
    return out


def read_report(report: Any, spec: "Spec") -> InText:
    """Every in-text figure of `report` into one table (see InText)."""
    table = InText()
    for place, text in texts_of(report):
        if not has_markup(text):
            continue
        try:
            segments = parse_text(text, spec)
        except MarkupError as exc:
            table.problems.append((place, exc))
            continue
        table.segments[(place, text)] = segments
        for seg in segments:
            if isinstance(seg, Mark):
                _add(table, Stated(seg, place))
    return table


def _add(table: InText, stated: Stated) -> None:
    table.stated.append(stated)
    mark = stated.mark
    if mark.key is None:
        table.custom.append(stated)
        return
    if mark.compute:
        table.computed.append(stated)
        return
    first = table.figures.get(mark.key)
    if first is None or (first.mark.pending and not mark.pending):
        table.figures[mark.key] = stated  # the first statement with a value stands for the figure
    elif differ(first.mark.figure, mark.figure):
        table.twice.append((first, stated))


def differ(a: Figure | None, b: Figure | None) -> bool:
    """Two statements of one figure disagree: both have values and the values differ."""
    if a is None or b is None or a.pending or b.pending or a.amount is None or b.amount is None:
        return False
    return (a.amount.normalize(), a.approx) != (b.amount.normalize(), b.approx) or \
        (a.approx and (a.before, a.after) != (b.before, b.after))


def stated_keys(report: Any, spec: "Spec") -> frozenset[str]:
    """The indicators some text of the report states (a value, 待补 or 【计算】): the canned
    sentences leave them out."""
    found = table(report, spec)
    return frozenset(found.figures) | {s.key for s in found.computed if s.key}


def table(report: Any, spec: "Spec") -> InText:
    """The report's table, read once per report object (kept on it)."""
    cached = getattr(report, "_intext", None)
    if isinstance(cached, InText):
        return cached
    result = read_report(report, spec)
    try:
        report._intext = result
    except (AttributeError, ValueError, TypeError):
        pass
    return result


# ---------------------------------------------------------------- next year (the questionnaire)
def shown(mark: Mark, spec: "Spec") -> str:
    """A mark as the questionnaire names it: 反馈问题29个, 收到行政复议申请103宗, 审结行政复议案件待补件."""
    number = "待补" if mark.pending else (COMPUTE if mark.compute else mark.number)
    label = mark.label if mark.key is None else spec.indicator(mark.key).label
    return f"{label}{number}{mark.unit if not mark.compute else ''}"


def renumbered(text: str, spec: "Spec", numbers: dict[int, str]) -> str:
    """`text` with the number inside its n-th bracket replaced by `numbers[n]` (a label written
    inside stays: 【收到行政复议申请：待补】); other brackets as they were."""
    segments = parse_text(text, spec)
    out: list[str] = []
    n = 0
    for seg in segments:
        if isinstance(seg, str):
            out.append(seg)
            continue
        new = numbers.get(n)
        if new is None:
            out.append(text[seg.start:seg.end])
        else:
            inner = seg.inner
            cut = max(inner.rfind("："), inner.rfind(":")) if seg.explicit else -1
            out.append(OPEN + (inner[:cut + 1] if cut >= 0 else "") + new + CLOSE)
        n += 1
    return "".join(out)


def marks_of(text: str, spec: "Spec") -> list[Mark]:
    """The marks of a text ([] when it has none, or cannot be read)."""
    if not has_markup(text):
        return []
    try:
        return [s for s in parse_text(text, spec) if isinstance(s, Mark)]
    except MarkupError:
        return []
