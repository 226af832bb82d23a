"""Figures in Chinese prose: every number a sentence states, where it stands, as written.

Published reports write figures as 27件, 1.39万件, 58,689件, 200余人次, 两千余人次, 一百零三宗,
99.2%, 百分之九十, 95%以上, 超过7675人, 近5万, 约600, 同比增长30%, 下降2个百分点, “零”, 无一宗.
`find_figures(sentence)` finds each one: its span, the number exactly as written (kept for the
round trip), its value as a numbers.Figure, and the unit word after it. Numbers that are not
figures are left out: dates (2022年, 3月5日, 2021-2025年), document numbers (〔2024〕12号, 第55号),
ordinals and ranks (第三次会议, 第2名, 十九届, 六届六次), heading labels (1、 （一）), times and ratios
(14:27, 1:1), codes (148-1265, 12345热线), and anything inside quotation marks or book-title
marks (“三项制度”, 《纲要（2021—2025年）》: names, not statistics).

Chinese numerals (一百零三, 两千, 三万余) are converted here by a small parser rather than cn2an:
cn2an costs ~120 ms to import (the import reader and `check` of a .docx both read prose) and
still needs the approximate suffixes (余/多) and the percent frame (百分之…) split off by the
caller (PITFALLS.md), which is most of the work. A Chinese numeral is a figure only with a
counting word after it (两个、三万余册), never alone (一体化, 十九大, 千方百计) and never a lone 一
(一件事, 一次办: an article, not a count).

Everything here runs in linear time: no pattern can backtrack (tests/test_regex_linear.py);
runs of digits are joined into numbers by plain code.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal

from fazhi_draft.figures.numbers import (AFTER, APPROX, BEFORE, BOUNDS, MAGNITUDES, PENDING_WORDS, Figure, FigureError,
                                         parse_figure)
from fazhi_draft.limits import MAX_FIGURE_DIGITS

# --- text preparation --------------------------------------------------------------------
# Scraped pages keep half-width punctuation ("收到申请27件,受理25件"); one mapping, character
# for character (so every offset stays the sentence's), makes it the full-width the spec's
# phrases use. A comma inside 58,689 is a thousands separator and stays.
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_DIGITS = "0123456789０１２３４５６７８９"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_NORMALISE = str.maketrans(_HALF_TO_FULL)

# The patterns (compiled once; none can backtrack: tests/test_regex_linear.py).
_HALF_WIDTH = re.compile("[,;:()!?]")
_MARK_IN_NUMBER = re.compile("[0-9０-９][,:][0-9０-９]")            # 58,689 / 14:27
_QUOTE_MARKS = re.compile('[“”《》「」『』〔〕‘’"]')
_SENTENCE_END = re.compile("[。；！？\n;!?]")
_DIGIT_RUN = re.compile("[0-9０-９]++")
_CN_RUN = re.compile("[零〇一二两三四五六七八九十百千万亿]++")
_QUOTED_ZERO = re.compile("“零”")
_NONE_ONE = re.compile("无一")


def normalise(text: str) -> str:
    """`text` with half-width clause punctuation made full-width, one character for one."""
    if _HALF_WIDTH.search(text) is None:
        return text
    out = text.translate(_NORMALISE)
    if "," not in text and ":" not in text:
        return out
    keep = [m.start() + 1 for m in _MARK_IN_NUMBER.finditer(text)
            if text[m.start() + 1] == ":" or _thousands_comma(text, m.start() + 1, len(text))]
    if not keep:
        return out
    chars = list(out)
    for i in keep:
        chars[i] = text[i]  # 58,689 and 14:27 keep their marks
    return "".join(chars)


def _thousands_comma(text: str, i: int, n: int) -> bool:
    """The comma at `i` separates thousands: a digit before it, exactly three after."""
    return (i > 0 and text[i - 1] in _DIGITS and i + 3 < n + 1
            and all(c in _DIGITS for c in text[i + 1:i + 4])
            and (i + 4 >= n or text[i + 4] not in _DIGITS))


# Clause punctuation: the phrase naming a figure is looked for within its clause.
CLAUSE_MARKS = frozenset("，。；：、！？")

# Quotation and book-title marks: what they enclose is a name, not a statement of figures.
_OPENERS = {"“": "”", "《": "》", "「": "」", "『": "』", "〔": "〕", "‘": "’"}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each balanced quotation, book title or 〔year〕, marks included.

    A mark left open within `text` quotes nothing (scraped text loses closing marks)."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight = -1  # an open half-width "
    for m in _QUOTE_MARKS.finditer(text):
        ch, i = m.group(), m.start()
        if ch in _OPENERS:
            stack.append((_OPENERS[ch], i))
        elif stack and ch == stack[-1][0]:
            _, start = stack.pop()
            if not stack:
                spans.append((start, i + 1))
        elif ch != '"':
            stack.clear()  # a closing mark with no opener: give up on the nesting
        elif straight < 0:
            straight = i
        else:
            spans.append((straight, i + 1))
            straight = -1
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`: up to and including 。；！？ or a line end.

    A semicolon ends a sentence here: reports join separate strands with it ("宣传月……；
    各乡镇……；"), and a follow phrase (受理, 办结) must not reach across strands."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def may_hold_figure(text: str) -> bool:
    """False when `text` surely states no figure: no digit, no 百分之 or “零”, and no Chinese
    numeral with a counting word after it (一是, 十九大 and 进一步 are none)."""
    return _ANY_NUMERAL.search(text) is not None
# --- Chinese numerals --------------------------------------------------------------------
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}


def chinese_number(text: str) -> Decimal | None:
    """The value of a Chinese numeral (一百零三 -> 103, 两千 -> 2000, 十二 -> 12, 三万 -> 30000,
    九十五点五 -> 95.5), or None when `text` is not a well-formed numeral (二〇一八, 万, 一一)."""
    if not text:
        return None
    whole, point, frac = text.partition("点")
    value = _cn_integer(whole)
    if value is None:
        return None
    if point:
        if not frac or any(c not in CN_DIGITS for c in frac):
            return None
        return Decimal(f"{value}." + "".join(str(CN_DIGITS[c]) for c in frac))
    return Decimal(value)


def _cn_integer(text: str) -> int | None:
    if text in ("零", "〇"):
        return 0
    if not text or text[0] not in CN_DIGITS and text[0] != "十" or text[0] in "零〇":
        return None
    total = section = 0
    digit: int | None = None
    last_unit = 10_000  # units within a section must fall: 千 then 百 then 十
    zero = False
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None:
                return None  # 一一, 二〇一八: digits read one by one are no numeral
            d = CN_DIGITS[ch]
            if d == 0:
                zero = True
                continue
            digit = d
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit >= last_unit:
                return None
            if digit is None:
                if ch != "十" or section or total or zero:
                    return None  # 百 alone; 十 only leads (十二), 一百一十 writes its 一
                digit = 1
            section += digit * unit
            last_unit, digit, zero = unit, None, False
        elif ch in CN_BIG:
            if digit is not None:
                section += digit
            if not section:
                return None
            big = CN_BIG[ch]
            if big == CN_BIG["亿"]:
                total = (total + section) * big
            else:
                if total % 100_000_000 and total % 100_000_000 >= 10_000:
                    return None  # 三万四万
                total += section * big
            section, digit, last_unit, zero = 0, None, 10_000, False
        else:
            return None
    if digit is not None:
        section += digit
    return total + section


# --- units ---------------------------------------------------------------------------------
# The counting words a figure may carry, longest matched first (人次 before 人, 个工作日
# before 个). A superset of the spec's KNOWN_UNITS (tests/test_recognise.py checks it) plus
# words that mark a figure the spec has no slot for (辆, 头, 个百分点 …): a figure still, only
# unnamed.
UNITS: frozenset[str] = frozenset({
    "件", "宗", "起", "卷", "份", "册", "张", "条", "篇", "项", "类", "种", "个", "家", "所", "处", "部",
    "台", "户", "名", "人", "人次", "户次", "家次", "件次", "条次", "次", "轮", "场", "场次", "期", "讲", "堂",
    "分", "元", "万元", "亿元", "天", "日", "个工作日", "工作日", "小时", "个月", "周", "年", "岁",
    "个百分点", "百分点", "辆", "只", "头", "套", "本", "批", "块", "间", "座", "米", "公里", "平方米", "亩",
    "吨", "支", "组", "位", "节", "门", "批次",
})
_UNITS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _u in sorted(UNITS, key=len, reverse=True):
    _UNITS_BY_FIRST.setdefault(_u[0], ())
    _UNITS_BY_FIRST[_u[0]] += (_u,)
_UNIT_FIRSTS = "".join(sorted(_UNITS_BY_FIRST))
# What any figure needs somewhere: a digit, 百分之, “零”, or a Chinese numeral with a counting
# word (after 余/多 and 万/千/亿). A sentence without it is not read further.
_ANY_NUMERAL = re.compile("[0-9０-９]|百分之|“零”|[零〇一二两三四五六七八九十百千万亿][余多]?[万千亿]?[余多]?[" + _UNIT_FIRSTS + "]")

# Words after a counted word that make it a name, not a count: 三项制度.
_NAME_AFTER = ("制度",)

# Words before a figure. BEFORE (超过, 逾, 近, 约) make it approximate; bounds (不低于 …) too;
# targets (力争, 可达, 预计) make it a goal or a forecast, not the year's figure.
TARGETS = ("力争", "可达", "预计", "计划")
_BEFORE_WORDS = tuple(sorted({*BEFORE, *BOUNDS, *TARGETS}, key=len, reverse=True))
_BEFORE_LAST = frozenset(w[-1] for w in _BEFORE_WORDS)
_FROM_WORDS = ("由", "从")                       # 由7个工作日压缩至3个工作日
_TO_WORDS = ("至", "到", "为")
_SPACES = " \u3000\t"
_DATE_RANGE = "-—–~～至到"


@dataclass(frozen=True)
class ProseFigure:
    """One figure found in a sentence. Offsets are the sentence's.

    `start`/`end` span all of it as written (超过7675人, 95%以上, 百分之九十); `number_start`/
    `number_end` the number itself, `written` its text verbatim (1.39万, 两千余, 58,689); `unit`
    the counting word written after it ("" when none, "%" for 95% and 百分之九十), which ends
    at `unit_end`. `figure` holds the value in the written unit's terms (1.39万 -> 13900;
    5600余万元 -> 56000000 元) with `text` the number as written and before/after words.
    `target`: a goal or forecast (力争95%, 年底可达95%), not the year's figure. `previous`: the
    value before a change (由7个工作日压缩至3个工作日: the 7).
    """

    start: int
    end: int
    number_start: int
    number_end: int
    written: str
    unit: str
    unit_end: int
    figure: Figure
    target: bool = False
    previous: bool = False

    @property
    def percent(self) -> bool:
        return self.unit == "%"


def find_figures(sentence: str) -> list[ProseFigure]:
    """Every figure `sentence` states, in order (see the module docstring for what is not one)."""
    if not may_hold_figure(sentence):
        return []
    text = normalise(sentence)
    quoted = quoted_spans(text)
    found: list[ProseFigure] = []
    for start, end in _arabic_numbers(text):
        fig = _arabic_figure(text, start, end, quoted)
        if fig is not None:
            found.append(fig)
    for m in _CN_RUN.finditer(text):
        after = text[m.end():m.end() + 1]
        if after in _UNITS_BY_FIRST or after in APPROX or after == "点" or text[m.start() - 3:m.start()] == "百分之":
            fig = _chinese_figure(text, m.start(), m.end(), quoted)
            if fig is not None:
                found.append(fig)
    found.extend(_zero_figures(text, quoted))
    found.sort(key=lambda f: f.start)
    out: list[ProseFigure] = []
    for fig in found:  # one reading per place (百分之九十: the frame, not also 九十)
        if out and fig.start < out[-1].end:
            continue
        out.append(fig)
    return _mark_changes(text, out)


def figure_at(sentence: str, start: int, end: int) -> ProseFigure | None:
    """The figure whose number is sentence[start:end] (an in-text figure the author marked:
    【103】宗 read as 103宗), with the counting word after it; None when that text is no number
    (read_number says which forms are)."""
    text = normalise(sentence)
    read = read_number(text[start:end])
    if read is None:
        return None
    figure, percent = read
    if percent:
        unit, unit_end = "%", end
    else:
        unit, unit_end = _unit_at(text, end)
        if not unit and text[_skip_spaces(text, end):_skip_spaces(text, end) + 1] in "%％":
            unit, unit_end = "%", _skip_spaces(text, end) + 1
    after_word, after_end = _words_after(text, unit_end)
    if after_word and not figure.after:
        figure = Figure(amount=figure.amount, text=figure.text, approx=True, before=figure.before, after=after_word)
    return ProseFigure(start=start, end=after_end if after_word else unit_end, number_start=start, number_end=end,
                       written=sentence[start:end], unit=unit, unit_end=unit_end, figure=figure,
                       target=figure.before in TARGETS)


def read_number(text: str) -> tuple[Figure, bool] | None:
    """A number written alone (the inside of 【…】): every form the figure language accepts
    (27, 1.39万, 200余, 95%以上, 约600, 超过7675), bounds and targets (不低于90%, 力争95%以上), and
    Chinese numerals (一百零三, 两千余, 三万余, 百分之九十); 待补 (or ?) gives a pending figure.
    Returns (figure, percent) with `figure.text` the number as written, or None when `text`
    is no number."""
    t = normalise(text).strip(_SPACES + "\t\r\n")
    if t in PENDING_WORDS:
        return Figure.pending_figure(), False
    before = next((w for w in _BEFORE_WORDS if t.startswith(w)), "")
    core = t[len(before):].lstrip(_SPACES)
    after = next((w for w in AFTER if core.endswith(w)), "")
    core = core[:len(core) - len(after)].rstrip(_SPACES) if after else core
    percent = False
    if core.startswith("百分之"):
        percent, core = True, core[3:]
        number_text = "百分之" + core
        if core == "百":  # 百分之百
            return Figure(amount=Decimal(100), text=number_text, before=before, after=after,
                          approx=bool(before or after)), True
    else:
        if core.endswith(("%", "％")):
            percent, core = True, core[:-1].rstrip(_SPACES)
        number_text = core
    if not core:
        return None
    approx = bool(before or after)
    try:
        parsed = parse_figure(core, whole=False, percent=False)
        amount, approx = parsed.amount, approx or parsed.approx
        number_text = "".join(c for c in number_text if c not in _SPACES)
    except FigureError:
        value, scale, approx_word = _chinese_with_size(core)
        if value is None:
            return None
        amount, approx = value * scale, approx or approx_word
    if amount is None:
        return None
    return Figure(amount=amount, text=number_text, approx=approx, before=before, after=after), percent


def _chinese_with_size(core: str) -> tuple[Decimal | None, Decimal, bool]:
    """A Chinese numeral with 余/多 after it or before its last 万/千/亿: (value, scale, approx).
    两千余 -> (2000, 1, True); 三百余万 -> (300, 10000, True); 一千二百三十四万五千 -> (12345000, 1, False)."""
    approx = False
    scale = Decimal(1)
    if core[-1:] in APPROX:
        approx, core = True, core[:-1]
    elif len(core) >= 2 and core[-2] in APPROX and core[-1] in MAGNITUDES:
        approx, scale, core = True, MAGNITUDES[core[-1]], core[:-2]
    return chinese_number(core), scale, approx


def _ideograph(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def _in(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` lies in one of `spans` (sorted, not overlapping)."""
    i = bisect.bisect_right(spans, (pos, 1 << 62))
    return bool(i) and spans[i - 1][0] <= pos < spans[i - 1][1]


def _arabic_numbers(text: str):  # noqa: ANN202
    """(start, end) of each run of digits with its thousands groups and decimals: 58,689, 1.39."""
    runs = [(m.start(), m.end()) for m in _DIGIT_RUN.finditer(text)]
    i = 0
    while i < len(runs):
        start, end = runs[i]
        j = i
        # thousands groups: 58,689 / 1,234,567 (the first group one to three digits)
        if end - start <= 3:
            while (j + 1 < len(runs) and runs[j + 1][0] == runs[j][1] + 1 and text[runs[j][1]] in ",，"
                   and runs[j + 1][1] - runs[j + 1][0] == 3):
                j += 1
        end = runs[j][1]
        if j + 1 < len(runs) and runs[j + 1][0] == end + 1 and text[end] in ".．":
            j += 1
            end = runs[j][1]
        yield start, end
        i = j + 1


def _skip_spaces(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in _SPACES:
        i += 1
    return i


def _size_words(text: str, i: int, *, magnitudes: bool = True) -> int:
    """The end of 余/多 and 万/千/亿 after a number at `i`: 200余, 120多万, 3千余, 1.39万, 5600余万."""
    j = _skip_spaces(text, i)
    if j < len(text) and text[j] in APPROX:
        k = j + 1
        if magnitudes and k < len(text) and text[k] in MAGNITUDES:
            k += 1
        return k
    if magnitudes and j < len(text) and text[j] in MAGNITUDES:
        k = j + 1
        if k < len(text) and text[k] in APPROX:
            k += 1
        return k
    return i


def _unit_at(text: str, i: int) -> tuple[str, int]:
    """The counting word starting at `i` (after spaces), longest first, and its end."""
    j = _skip_spaces(text, i)
    for word in _UNITS_BY_FIRST.get(text[j:j + 1], ()):
        if text.startswith(word, j):
            return word, j + len(word)
    return "", i


def _words_before(text: str, start: int) -> tuple[str, int]:
    """A word just before the number that belongs to the figure (超过, 近, 约, 不低于, 力争)."""
    j = start
    while j > 0 and text[j - 1] in _SPACES:
        j -= 1
    if text[j - 1:j] not in _BEFORE_LAST:
        return "", start
    for word in _BEFORE_WORDS:
        if text.startswith(word, j - len(word)) and j - len(word) >= 0:
            if word == "近" and text[j - 2:j - 1] in ("最", "附", "临", "接"):
                return "", start  # 最近3年 is no approximation
            return word, j - len(word)
    return "", start


def _words_after(text: str, i: int) -> tuple[str, int]:
    j = _skip_spaces(text, i)
    for word in AFTER:
        if text.startswith(word, j):
            return word, j + len(word)
    return "", i


def _arabic_figure(text: str, start: int, end: int, quoted: list[tuple[int, int]]) -> ProseFigure | None:
    if _in(quoted, start):
        return None
    before_char = text[start - 1] if start else ""
    n = len(text)
    # codes, times, ratios, versions: 148-1265, 14:27, 1:1, 4·15, IC2, 2024-00352, No.3
    if before_char and (before_char.isascii() and (before_char.isalpha() or before_char in "/_:.·")
                        or before_char in "·∶〔["):
        return None
    after = text[end:end + 1]
    if after and (after.isascii() and (after.isalpha() or after in "/_:·") or after in "∶·〕]"):
        return None
    # heading and list labels: 1、 1. (1) （1）
    if after in ("、", ".", "．") and not text[end + 1:end + 2].isdigit():
        return None
    if before_char in "（(" and after in "）)":
        return None
    # ordinals and ranks: 第3次, 第2名, 第55号
    j = start
    while j > 0 and text[j - 1] in _SPACES:
        j -= 1
    if text[j - 1:j] == "第" and j:
        return None
    # ranges: 2021-2025年 (dates), 1-12月, 148-1265 (codes): neither end is a figure
    if after and after in _DATE_RANGE and end + 1 < n and text[end + 1] in _DIGITS:
        return None
    if before_char and before_char in _DATE_RANGE and start >= 2 and text[start - 2] in _DIGITS:
        return None
    raw = text[start:end]
    plain = raw if raw.isascii() else raw.translate(_FULLWIDTH_DIGITS)
    size_end = _size_words(text, end)
    k = _skip_spaces(text, size_end)
    percent = k < n and text[k] in "%％"
    integer = plain.replace(",", "")
    if size_end == end and not percent and "." not in integer:
        value = int(integer) if len(integer) <= 6 else None
        nxt = text[k:k + 1]
        if value is not None:
            if nxt == "年" and 1900 <= value <= 2100:
                return None  # 2022年
            if nxt == "月" and 1 <= value <= 12:
                return None  # 3月
            if nxt in ("日", "号") and 1 <= value <= 31 or nxt == "号":
                return None  # 5日, 12号
            if nxt == "时" and value <= 24:
                return None  # 9时
        if text.startswith(("热线", "服务热线", "电话"), k):
            return None  # 12345热线
    number_end = size_end
    written = text[start:number_end]
    frame = start >= 3 and text[start - 3:start] == "百分之" and size_end == end
    if frame:  # 百分之95
        start, written, percent = start - 3, text[start - 3:number_end], False
        unit, unit_end = "%", number_end
    elif percent:
        unit, unit_end = "%", k + 1
    else:
        unit, unit_end = _unit_at(text, number_end)
        if unit == "日" and "." not in integer:
            return None
        if not unit and _ideograph(text[k:k + 1]) and text[k] != "的":
            return None  # glued to a word: 1托7模式, 8090后 (a name, not a count)
    after_word, after_end = _words_after(text, unit_end)
    before, fig_start = _words_before(text, start)
    compact = written if " " not in written and "\u3000" not in written else \
        "".join(c for c in written if c not in _SPACES)
    digits = len(integer) - ("." in integer)
    if digits > MAX_FIGURE_DIGITS:
        return None
    tail = text[end:size_end]
    mag = next((c for c in tail if c in MAGNITUDES), "")
    amount = Decimal(integer) * MAGNITUDES[mag] if mag else Decimal(integer)
    approx = any(c in APPROX for c in tail)
    figure = Figure(amount=amount, text=compact, approx=approx or bool(before or after_word),
                    before=before, after=after_word)
    return ProseFigure(start=fig_start, end=after_end if after_word else unit_end, number_start=start,
                       number_end=number_end, written=written, unit=unit, unit_end=unit_end, figure=figure,
                       target=before in TARGETS)


def _chinese_figure(text: str, start: int, end: int, quoted: list[tuple[int, int]], *,
                    whole_run: bool = False) -> ProseFigure | None:
    """A Chinese numeral at text[start:end] (a run of numeral characters) as a figure, if it is one."""
    if _in(quoted, start):
        return None
    frame = start >= 3 and text[start - 3:start] == "百分之"
    if text.startswith("点", end) and text[end + 1:end + 2] in CN_DIGITS:  # 九十五点五
        while end + 1 < len(text) and text[end + 1] in CN_DIGITS:
            end += 1
        end += 1
    run = text[start:end]
    value = Decimal(100) if frame and run == "百" else chinese_number(run)  # 百分之百
    if value is None:
        return None
    j = start
    while j > 0 and text[j - 1] in _SPACES:
        j -= 1
    prev = text[j - 1:j]
    if prev in ("第", "届", "每") and not frame:
        return None  # 第三次, 十届五次, 每月
    if run == "一" and not frame:
        return None  # 一件事, 一次办, 一批: an article, not a count
    number_end = _size_words(text, end, magnitudes=True)
    if frame:
        written_start = start - 3
        unit, unit_end = "%", number_end
    else:
        written_start = start
        unit, unit_end = _unit_at(text, number_end)
        if not unit:
            return None
        if unit in ("年", "月", "日", "时") or text.startswith(_NAME_AFTER, unit_end):
            return None  # 二〇一八年 (no numeral anyway), 三项制度
        if unit == "次" and text.startswith(("会议", "全会", "党代会", "代表大会"), unit_end):
            return None  # 三次会议: which session, not how many
    tail = text[end:number_end].strip(_SPACES)
    approx_word = next((c for c in tail if c in APPROX), "")
    mag = next((c for c in tail if c in MAGNITUDES), "")
    amount = value * (MAGNITUDES[mag] if mag else 1)
    written = text[written_start:number_end]
    after_word, after_end = _words_after(text, unit_end)
    before, fig_start = _words_before(text, written_start)
    figure = Figure(amount=amount, text=written, approx=bool(approx_word or before or after_word),
                    before=before, after=after_word)
    return ProseFigure(start=fig_start, end=after_end if after_word else unit_end, number_start=written_start,
                       number_end=number_end, written=written, unit=unit, unit_end=unit_end, figure=figure,
                       target=before in TARGETS)


def _zero_figures(text: str, quoted: list[tuple[int, int]]) -> list[ProseFigure]:
    """Zeros in words: “零” (quoted alone) and 无一宗 / 无一件 (无一 with a counting word)."""
    out = []
    for m in _QUOTED_ZERO.finditer(text):
        i = m.start() + 1
        unit, unit_end = _unit_at(text, m.end())
        out.append(ProseFigure(start=m.start(), end=unit_end if unit else m.end(), number_start=i,
                               number_end=i + 1, written="零", unit=unit, unit_end=unit_end if unit else m.end(),
                               figure=Figure(amount=Decimal(0), text="零")))
    for m in _NONE_ONE.finditer(text):
        if _in(quoted, m.start()):
            continue
        unit, unit_end = _unit_at(text, m.end())
        if unit and unit_end == m.end() + len(unit):
            out.append(ProseFigure(start=m.start(), end=unit_end, number_start=m.start(), number_end=m.end(),
                                   written="无一", unit=unit, unit_end=unit_end,
                                   figure=Figure(amount=Decimal(0), text="无一")))
    return out


def _mark_changes(text: str, figs: list[ProseFigure]) -> list[ProseFigure]:
    """由7个工作日压缩至3个工作日: the 7 is the value before the change (`previous`)."""
    out = list(figs)
    for n, fig in enumerate(figs[:-1]):
        j = fig.start
        while j > 0 and text[j - 1] in _SPACES:
            j -= 1
        if text[j - 1:j] not in _FROM_WORDS or not j:
            continue
        nxt = figs[n + 1]
        between = text[fig.end:nxt.start].rstrip(_SPACES)
        if between.endswith(_TO_WORDS) and not any(c in CLAUSE_MARKS for c in between):
            out[n] = _replace(fig, previous=True)
    return out


def _replace(fig: ProseFigure, **changes) -> ProseFigure:  # noqa: ANN003
    from dataclasses import replace

    return replace(fig, **changes)
