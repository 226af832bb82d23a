"""The frame of a report around its headings: title, signature, dates, site furniture,
and the facts they give (organ, year, date, kind).

Shared by every reader. A report opens with a title ("酉阳自治县人民政府2018年度法治政府
建设工作报告", sometimes over two lines) and closes with the organ and the date
(2025年3月1日, 二〇二五年三月一日, 2025-03-01); a page scraped from a portal adds
navigation, an index block ("[ 成文日期 ] 2019-02-28") and "打印本页 关闭窗口".
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from .lines import CJK

# --- site furniture -------------------------------------------------------------------

# A portal's index block: field names, optionally in [ ], followed by a value (or none).
_META_FIELDS = (r"索\s*引\s*号|发文字号|文\s*号|主题分类|体裁分类|发布机构|有\s*效\s*性|成文日期|"
                r"发布日期|公开日期|生成日期|主\s*题\s*词|公开目录|名\s*称|作\s*者|来\s*源|点击量|"
                r"浏览次数|阅读次数|创建时间|发布时间|信息来源|公开方式|公开范围|所属机构|统一编号")
# Spaces are possessive (`\s*+`) or followed by something that is no space, so a pattern never
# shares a run of spaces out in more than one way (issue 13 item 4).
_META_LINE = re.compile(rf"^[\[【]?\s*({_META_FIELDS})\s*+[\]】]?\s*+[:：]?")
# Site furniture anywhere in a short line, and at its start (a search would try a pattern
# starting with spaces again from each space: the words at the start are matched there only).
_FURNITURE = re.compile(r"当前位置|您的位置|您现在的位置|字体\s*[:：]|打印本页|关闭窗口|扫描打开|手机打开|"
                        r"版权所有|网站地图|联系我们|ICP备|网站标识码|公网安备")
_FURNITURE_START = re.compile(
    r"^(?:首页\s*[>/»]|字号\s*[:：]|【?\s*(?:打印|关闭|返回|收藏|分享)|扫一扫|相关链接|相关文章|相关文件|"
    r"上一篇|下一篇|分享到)")
# Page numbers of a printed page: "— 3 —", "- 3 -", "第 3 页 共 10 页", "3/10".
_PAGE_NUMBER = re.compile(r"^(?:[-—–－―─]+\s*\d{1,4}\s*[-—–－―─]+|第\s*\d{1,4}\s*页(?:\s*(?:[,，/]\s*)?共\s*\d+\s*页)?|"
                          r"\d{1,4}\s*/\s*\d{1,4})$")
# After a field name of the index block: "[ 成文日期 ] ：", "成文日期:", "成文日期 ".
_FIELD_END = r"\s*(?:[\]】]\s*)?(?:[:：]\s*)?"

_DATE_VALUE = r"(\d{4})\s*[-年./／]\s*(\d{1,2})\s*[-月./／]\s*(\d{1,2})\s*日?"


def is_furniture(text: str) -> bool:
    """A line of the site around the report (navigation, index block, print links):
    short, so a paragraph that mentions 打印 or 当前位置 is never taken for one."""
    return len(text) <= 100 and bool(_FURNITURE.search(text) or _FURNITURE_START.match(text)
                                     or _META_LINE.match(text))


def is_page_number(text: str) -> bool:
    return len(text) <= 24 and bool(_PAGE_NUMBER.match(text.strip()))


def metadata(lines: list[str]) -> dict[str, str]:
    """成文日期 / 发布日期 (ISO) and 发布机构 from a portal's index block, where present."""
    found: dict[str, str] = {}
    for text in lines:
        for name in ("成文日期", "发布日期"):
            m = re.search(name + _FIELD_END + _DATE_VALUE, text)
            if m and name not in found:
                d = _make_date(*m.groups())
                if d:
                    found[name] = d.isoformat()
        m = re.search(r"发布机构" + _FIELD_END + r"([" + CJK + r"]{2,30})", text)
        if m and "发布机构" not in found:
            found["发布机构"] = m.group(1)
    return found


# --- dates ----------------------------------------------------------------------------

_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0}
_CN_DATE = re.compile(r"([〇○零ＯOo一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*"
                      r"([一二三四五六七八九十]{1,3})\s*日")
_DATE = re.compile(_DATE_VALUE)


def _cn_small(text: str) -> int:
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def _make_date(y, m, d) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The first date in `text`: 2025年3月1日, 二〇二五年三月一日, 2025-03-01, 2025.3.1."""
    m = _DATE.search(text)
    if m:
        return _make_date(*m.groups())
    m = _CN_DATE.search(text)
    if m:
        try:
            year = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
            return _make_date(year, _cn_small(m.group(2)), _cn_small(m.group(3)))
        except KeyError:
            return None
    return None


def date_line(text: str) -> bool:
    """The whole line is a date (a signature's or a title's "（2019年2月28日）")."""
    t = re.sub(r"\s+", "", text).strip("（）()")
    return bool((_DATE.fullmatch(t) or _CN_DATE.fullmatch(t)) and parse_date(t))


# --- title ----------------------------------------------------------------------------

_TITLE_WORDS = re.compile(r"(法治|法制|依法行政|依法治)")
_TITLE_END = re.compile(r"(报告|总结|情况|方案|计划|要点|通知|意见|汇报|述职|述法)$")
_KIND = re.compile(r"(实施方案|工作方案|工作要点|工作计划|报告|总结|方案|计划|要点|通知|意见|汇报)")
_ORGAN_END = re.compile(r"(人民政府|政府|委员会|办公室|办公厅|管委会|管理委员会|街道办事处|"
                        r"局|厅|委|办|院|署|中心|自治县|自治州|自治旗|县|区|市|州|盟|旗|镇|乡|街道)$")


def looks_like_title(text: str) -> bool:
    """A report's title by its words: 法治…报告/总结/情况/方案…, short, not a sentence."""
    t = text.strip()
    return (len(t) <= 60 and "。" not in t and bool(_TITLE_WORDS.search(t))
            and bool(_TITLE_END.search(t.rstrip("”\"》")))
            and not _META_LINE.match(t))


def title_score(text: str) -> int:
    """How much a candidate title looks like the report's own title (higher is better)."""
    t = text.strip()
    score = 0
    if looks_like_title(t):
        score += 10
    if t.endswith("文件") or re.search(r"〔\d{4}〕\s*\d+\s*号", t) or date_line(t):
        score -= 20
    if t.startswith("关于印发") or t.startswith("印发"):
        score -= 1  # a notice forwarding the report: the report's own title wins
    return score


# --- signature ------------------------------------------------------------------------

def organ_line(text: str) -> bool:
    """A signature's organ line: a short name ending like an organ, no sentence."""
    t = text.strip()
    return (2 <= len(t) <= 40 and not re.search(r"[。，,；;：:！？!?]", t)
            and bool(_ORGAN_END.search(t)) and not looks_like_title(t))


# --- facts ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Facts:
    """What the frame says about the report. Empty or None where the document does not say.

    `organ`: the signature's organ, else the title's, else the name the text uses most
    for itself ("巴楚县"); `year`: the year reported; `date`: the 成文日期 (signature, the
    page's index block, or a date line before the title); `published`: the page's
    发布日期; `kind`: 报告 / 总结 / 实施方案 … from the title or "现将……报告如下".
    """

    organ: str = ""
    year: int | None = None
    date: dt.date | None = None
    published: dt.date | None = None
    kind: str = ""


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_START = re.compile(r"(?:19|20)\d{2}年")
_ORGAN_STOP = re.compile(r"(?:关于)?(?:法治|法制|依法)")  # what ends the organ in "2022年度巴楚县法治…"
_PLAN_WORDS = re.compile(r"计划|思路|打算|安排|目标")


def _organ_after_year(t: str) -> str:
    """The name between a leading "2022年度" and the first 法治/法制/依法 (after an optional
    关于) at least one character on: "2022年度巴楚县法治…" -> 巴楚县. A search for the end
    word from there (a lazy `.+?` would try the end words again after each character)."""
    m = _YEAR_START.match(t)
    if not m:
        return ""
    start = m.end()
    for begin in ((start + 1, start) if t.startswith("度", start) else (start,)):  # "年度" first
        line_end = t.find("\n", begin)  # the name is on one line
        stop = _ORGAN_STOP.search(t, begin + 1, len(t) if line_end < 0 else line_end)
        if stop:
            return t[begin:stop.start()]
    return ""


def organ_from_title(title: str) -> str:
    t = re.sub(r"\s+", "", title)
    t = re.sub(r"^关于(印发)?", "", t)
    cut = len(t)
    for pattern in (_YEAR, re.compile(r"关于"), _TITLE_WORDS):
        m = pattern.search(t)
        if m:
            cut = min(cut, m.start())
    organ = t[:cut]
    if not organ:  # the year first: "2022年度巴楚县法治政府建设工作报告"
        organ = _organ_after_year(t)
    organ = organ.strip("，,、的")
    return organ if 2 <= len(organ) <= 30 and _ORGAN_END.search(organ) else ""


_SELF = re.compile(r"[我全本]([县区市旗州镇乡])")


def organ_from_text(paragraphs: list[str]) -> str:
    """The place the report speaks for when it has no title or signature: its unit from
    "我区"/"全县", its name from "2022年度,巴楚县坚持…" or the names it uses most."""
    text = "\n".join(paragraphs)
    units = Counter(_SELF.findall(text))
    if not units:
        return ""
    unit = units.most_common(1)[0][0]
    opening = paragraphs[0] if paragraphs else ""
    m = re.match(rf"^(?:(?:19|20)\d{{2}}年度?(?:以来)?[,，、]?)([{CJK}]{{2,6}}?{unit})(?=[{CJK}])", opening)
    if m and not _SELF.match(m.group(1)):
        return m.group(1)
    names = Counter(n for n in re.findall(
        rf"(?:^|(?<=[^{CJK}])|(?<=[《“在对将]))([{CJK}]{{2,3}}?{unit})", text, re.M)
        if not re.match(r"[我全本各该辖每]", n))
    best = [(n, c) for n, c in names.most_common() if c >= 2]
    return best[0][0] if best else ""


def _plans_year(heading: str) -> int | None:
    """The first year in `heading` ("2023年") with a plan word after it on its line (计划,
    思路 …). Each stretch of a line is searched once: a later year on a line whose rest has
    no plan word has none either (a pattern "年.*计划" would scan to the end from each year)."""
    searched = -1  # the end of the line stretch already found without a plan word
    for m in _YEAR.finditer(heading):
        if m.end() <= searched:
            continue
        line_end = heading.find("\n", m.end())
        line_end = len(heading) if line_end < 0 else line_end
        if _PLAN_WORDS.search(heading, m.end(), line_end):
            return int(m.group(1))
        searched = line_end
    return None


def kind_of(title: str, opening: str = "") -> str:
    m = _KIND.search(title)
    if m:
        return m.group(1)
    m = re.search(r"(报告|汇报)如下", opening)
    return "报告" if m else ""


def year_of(title: str, opening: str, headings: list[str], date: dt.date | None,
            kind: str) -> int | None:
    m = _YEAR.search(title)
    if m:
        return int(m.group(1))
    m = re.match(r"^((?:19|20)\d{2})\s*年", opening)
    if m:
        return int(m.group(1))
    m = re.search(r"现将((?:19|20)\d{2})年", opening)
    if m:
        return int(m.group(1))
    for h in headings:  # "二、2023年工作思路": the plans are for the next year
        year = _plans_year(h)
        if year:
            return year - 1
    if date is None:
        return None
    if kind in ("报告", "总结", "汇报") and date.month <= 6:
        return date.year - 1  # an annual report is written in the first months of the next year
    return date.year
