"""FZ4xx: the words. Years that do not fit the report year, stale references, punctuation.

Text is read where a person writes it: meta.title, opening, section titles, points (title
and text) and the labels of custom figures. Each place has a scope that says which year
its words should be about: the plans are about next year, everything else about the
report year. Dated references (纲要, 普法 plans, congresses) come from the spec's
`stale_references` table, so a new plan is a data change.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap

from fazhi_draft.check.base import Context, Hit, Level, Rule, Where
from fazhi_draft.input.model import section_path


@dataclass(frozen=True)
class TextField:
    """One piece of text: `scope` is title, opening, past (the report year), plans (next
    year) or label; `container[key]` holds the raw string in the tree (None without one)."""

    scope: str
    text: str
    where: Where
    container: Any = None
    key: Any = None


def text_fields(ctx: Context) -> list[TextField]:
    """Every piece of text a person wrote, in file order; walked once per check, as six
    rules read it and finding each field's line is most of the cost."""
    if "text_fields" not in ctx.memo:
        given = ctx.given_texts()  # a finished report's prose: its paragraphs (check/prose.py)
        ctx.memo["text_fields"] = list(_walk_text_fields(ctx) if given is None else given)
    return ctx.memo["text_fields"]


def _walk_text_fields(ctx: Context) -> Iterator[TextField]:
    meta = ctx.report.meta
    if meta.title:
        yield TextField("title", meta.title, ctx.where_meta("title"), *_slot(ctx, ("meta",), "title"))
    if ctx.report.opening:
        yield TextField("opening", ctx.report.opening, Where(ctx.line("opening"), "opening"),
                        *_slot(ctx, (), "opening"))
    for section_key, sec in ctx.sections():
        scope = "plans" if ctx.part_of(section_key) == "plans" else "past"
        path = section_path(ctx.report, ctx.spec, section_key)
        if sec.title:
            yield TextField(scope, sec.title, Where(ctx.line(*path, "title"), ".".join((*path, "title"))),
                            *_slot(ctx, path, "title"))
        for i, point in enumerate(sec.points):
            if point.title:
                where, container, key = ctx.point_slot(section_key, i, "title")
                yield TextField(scope, point.title, where, container, key)
            where, container, key = ctx.point_slot(section_key, i, "text")
            yield TextField(scope, point.text, where, container, key)
            for j, sub in enumerate(point.items):
                for attr in ("title", "text"):
                    if getattr(sub, attr):
                        yield TextField(scope, getattr(sub, attr), *_sub_slot(ctx, section_key, i, j, attr))
        for key, decl, _ in sec.custom:
            fig_path = (*path, "figures", key)
            yield TextField("label", decl.label, Where(ctx.line(*fig_path, "label"), ".".join((*fig_path, "label"))),
                            *_slot(ctx, fig_path, "label"))


def _sub_slot(ctx: Context, section_key: str, i: int, j: int, attr: str) -> tuple[Where, Any, Any]:
    """Where sub-point `j` of point `i` is, and the (container, key) holding its `attr`."""
    return ctx.point_slot(section_key, i, "items", j, attr)


def _slot(ctx: Context, path: tuple, key: str) -> tuple[Any, Any]:
    _, _, node = ctx.node(path) if path else (None, None, ctx.tree)
    if isinstance(node, CommentedMap) and isinstance(node.get(key), str):
        return node, key
    return None, None


# ---------------------------------------------------------------- years
# 2024年, 2021—2025年, 2023年至2025年, 2015年以来; not 〔2024〕3号 (no 年 after it).
# Possessive (*+, ++): "2024" and 30,000 spaces is read once, not split 30,000 ways.
YEAR = re.compile(r"(?<!\d)(?P<a>(?:19|20)\d{2})(?:\s*+年?\s*+[—–\-－~～至到]++\s*+(?P<b>(?:19|20)\d{2}))?"
                  r"\s*+年(?P<tail>以来|以前|之前)?")
_QUOTES = str.maketrans({c: None for c in "“”‘’\"'「」『』 "} | {c: "—" for c in "–-－~～"})


def _norm(text: str) -> str:
    """Text for matching references: no quotes or spaces, one kind of dash."""
    return text.translate(_QUOTES)


def _stale(ctx: Context, field: TextField) -> list[tuple[Any, int]]:
    """(reference, the year it is judged against) for every stale reference in the text."""
    year = ctx.year + 1 if field.scope == "plans" else ctx.year
    text, seen, out = _norm(field.text), set(), []
    for ref in ctx.spec.stale_references:
        if ref.valid_to is not None and ref.valid_to < year and _norm(ref.pattern) in text and ref.name not in seen:
            seen.add(ref.name)
            out.append((ref, year))
    return out


@dataclass(frozen=True)
class YearMention:
    """A year or period the text names, as the year rules read it: `found` is 2024年 or
    2021—2025年 (without a 以来 tail); `span` is where the first year's digits stand."""

    found: str
    first: int
    last: int | None  # the period's end year; None for a single year
    tail: str  # 以来, 以前, 之前: a look back, never stale
    span: tuple[int, int]


def year_mentions(text: str) -> Iterator[YearMention]:
    for m in YEAR.finditer(text):
        yield YearMention(m.group(0).removesuffix(m["tail"] or ""), int(m["a"]), int(m["b"]) if m["b"] else None,
                          m["tail"] or "", m.span("a"))


def stale_in_plans(mention: YearMention, year: int, stale_periods: set[str] = frozenset()) -> bool:
    """FZ401's test: the plans of a report of `year` name a year (or a finished period) before
    the next year. Looks back (2015年以来) are fine; a period in `stale_periods` (normalised
    stale references) is left to FZ404."""
    end = mention.last or mention.first
    return not (mention.tail or end >= year + 1 or (mention.last and _norm(mention.found) in stale_periods))


def past_year_in_plans(ctx: Context) -> Iterator[Hit]:
    nxt = ctx.year + 1
    for field in text_fields(ctx):
        if field.scope != "plans":
            continue
        stale = {_norm(ref.pattern) for ref, _ in _stale(ctx, field)}  # FZ404 speaks for those
        seen = set()
        for mention in year_mentions(field.text):
            if mention.found in seen or not stale_in_plans(mention, ctx.year, stale):
                continue
            seen.add(mention.found)
            yield Hit(field.where, {"found": mention.found, "year": ctx.year, "next": nxt})


FZ401 = Rule(
    code="FZ401", name="past-year-in-plans", level=Level.WARNING,
    summary="下一年度工作安排中出现报告年度或更早的年份",
    message="下一年度工作安排中写有“{found}”，而报告年度是{year}年，安排应是{next}年的",
    fix="请改为{next}年；如确指往年的事（如对{year}年度工作的考评），在这一行末尾加注释 # check: ignore FZ401",
    explain="""\
检查什么
  plans（下一年度工作安排）的文字中，不早于下一年度的年份才合适：2024 年度报告的安排应写
  2025 年。出现 2024 年或更早的年份、或已经结束的期间（2021—2023年）时提示。
  “2015年以来”“2020年以前”这类回顾、〔2024〕3号这类文号不提示；跨到下一年的期间
  （2023—2025年）不提示。
为什么
  复制去年的文件后，安排里的“制定《××县2024年法治政府建设工作要点》”最容易原样留下。
例子
  （2024 年度报告）plans: [制定《桐溪县2024年法治政府建设工作要点》]   # FZ401
怎么改
  改为下一年度的年份。确指往年的事（如“开展2024年度述法评议”）时，在这一行末尾加
  # check: ignore FZ401。""",
    check=past_year_in_plans, prose=True,
    prose_fix="请改为{next}年；如确指往年的事（如对{year}年度工作的考评），可不理会",
)


def future_year_in_measures(ctx: Context) -> Iterator[Hit]:
    for field in text_fields(ctx):
        if field.scope not in ("past", "opening"):
            continue
        seen = set()
        for m in YEAR.finditer(field.text):
            found = m.group(0).removesuffix(m["tail"] or "")
            if int(m["a"]) > ctx.year and found not in seen:
                seen.add(found)
                yield Hit(field.where, {"found": found, "year": ctx.year})


FZ402 = Rule(
    code="FZ402", name="future-year-in-measures", level=Level.INFO,
    summary="举措、不足等部分写到了报告年度之后的年份",
    message="写有“{found}”，晚于报告年度{year}年",
    fix="如是把计划写进了举措，或 meta.year 忘了改，请改正；如确是对今后的交代（如结转下一年办理），可不理会",
    explain="""\
检查什么
  开头段、主要举措和成效、第一责任人职责、存在的不足、其他情况中，晚于报告年度的年份
  （期间按起始年计，2023—2025年 不提示）。
为什么
  可能是把安排写进了成效，或者沿用去年文件时改了正文却忘了改 meta.year。但“其余5个列入
  2025年整改计划”这样的交代也很常见，所以只作提示。
怎么改
  核对后改正，或不理会。""",
    check=future_year_in_measures, prose=True,
    prose_fix="如是把计划写进了举措，或标题中的年份写错了，请改正；如确是对今后的交代（如结转下一年办理），可不理会",
)

_OPENING_YEAR = re.compile(r"现将(?P<a>(?:19|20)\d{2})\s*年")


def title_year(ctx: Context) -> Iterator[Hit]:
    for field in text_fields(ctx):
        if field.scope == "title":
            years = {m["a"] for m in YEAR.finditer(field.text) if not m["b"]}
        elif field.scope == "opening":
            years = {m["a"] for m in _OPENING_YEAR.finditer(field.text)}
        else:
            continue
        for y in sorted(years):
            if int(y) != ctx.year:
                what, tip = (("标题", "标题可以不写（meta.title 留空），由工具按报告年度生成")
                             if field.scope == "title" else ("开头段", "开头段也可以不写，由工具生成"))
                yield Hit(field.where, {"what": what, "found": f"{y}年", "year": ctx.year, "tip": tip})


FZ403 = Rule(
    code="FZ403", name="title-year", level=Level.ERROR,
    summary="标题或开头段“现将××年……报告如下”中的年份不是报告年度",
    message="{what}写的是{found}，报告年度是{year}年",
    fix="请改为{year}年；{tip}",
    explain="""\
检查什么
  meta.title（自拟标题）中的年份，和开头段“现将××年……情况报告如下”中的年份，
  都应是 meta.year。
为什么
  标题的年份写错是一眼就能看到的硬伤，多为沿用去年文件时漏改。
例子
  meta: {year: 2024, title: 桐溪县人民政府关于2023年度法治政府建设情况的报告}   # FZ403
怎么改
  改正年份；标题不写时由工具按报告年度生成，不会出错。""",
    check=title_year, prose=True,
    prose_fix="标题和开头段“现将××年……”应是同一年（报告年度）：请核对",
)


def stale_reference(ctx: Context) -> Iterator[Hit]:
    for field in text_fields(ctx):
        if field.scope == "label":
            continue
        for ref, year in _stale(ctx, field):
            instead = f"现行的是{ref.replaced_by}" if ref.replaced_by else "请核对是否为沿用的旧稿"
            when = "下一年度" if field.scope == "plans" else "报告年度"
            yield Hit(field.where, {"name": ref.name, "valid_to": ref.valid_to, "when": when,
                                    "year": year, "instead": instead})


FZ404 = Rule(
    code="FZ404", name="stale-reference", level=Level.WARNING,
    summary="提到已经过期的规划、纲要或会议（七五普法、十九大、2015—2020年纲要等）",
    message="提到{name}，它适用到{valid_to}年为止，而{when}是{year}年",
    fix="{instead}；如是回顾历史，可不理会",
    explain="""\
检查什么
  文字中提到的带有期限的提法，对照标准结构中的 stale_references 表：普法五年规划
  （七五 2016—2020、八五 2021—2025）、党的代表大会（十九大、二十大）及其全会、法治政府建设
  实施纲要的期间（2015—2020年、2021—2025年）。举措等部分按
  报告年度判断，下一年度工作安排按下一年度判断（2025 年度报告的安排里再写“落实八五普法
  规划”就过期了）。引号和不同的连接号（“七五”普法、七五普法；2015-2020、2015—2020）都能认出。
为什么
  沿用旧稿时最容易把过期的提法原样留下，比如在 2023 年的报告里说“深入学习贯彻党的十九大精神”。
怎么改
  改用现行的提法。新规划出台后，在 standard.yaml 的 stale_references 表中加一行即可。""",
    check=stale_reference, prose=True,
)


# ---------------------------------------------------------------- punctuation
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’…—·]")
_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）"}


def fullwidth(text: str) -> tuple[str, list[str]]:
    """`text` with half-width , ; : ( ) beside Chinese made full-width, and what was changed.

    A bracket pair is changed when it holds or touches Chinese; a comma, semicolon or colon
    when the character next to it (spaces skipped) is Chinese. 1,000 and 10:30 stay.
    """
    chars = list(text)

    def beside(i: int, step: int) -> bool:
        j = i + step
        while 0 <= j < len(chars) and chars[j] == " ":
            j += step
        return 0 <= j < len(chars) and bool(_CJK.match(chars[j]))

    pairs, stack = {}, []
    for i, c in enumerate(chars):
        if c == "(":
            stack.append(i)
        elif c == ")" and stack:
            pairs[stack.pop()] = i
    change = set()
    if pairs:  # where the Chinese characters are, found once: searching between each pair again
        cjk = [m.start() for m in _CJK.finditer(text)]  # made 10,000 nested pairs take seconds
    for o, c in pairs.items():
        k = bisect.bisect_right(cjk, o)
        if (k < len(cjk) and cjk[k] < c) or beside(o, -1) or beside(c, 1):
            change |= {o, c}
    paired = set(pairs) | set(pairs.values())
    for i, c in enumerate(chars):
        if c in _FULL and i not in paired and (beside(i, -1) or beside(i, 1)):
            change.add(i)
    if not change:
        return text, []
    drop = set()
    for i in change:  # full-width marks carry their own space
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(chars) and chars[j] == " ":
                drop.add(j)
                j += step
    changed = [chars[i] for i in sorted(change)]
    out = "".join(_FULL[c] if i in change else c for i, c in enumerate(chars) if i not in drop)
    return out, changed


def halfwidth_punctuation(ctx: Context) -> Iterator[Hit]:
    for field in text_fields(ctx):
        _, changed = fullwidth(field.text)
        if changed:
            marks = " ".join(dict.fromkeys(changed))
            yield Hit(field.where, {"count": len(changed), "marks": marks,
                                    "fixed": "".join(dict.fromkeys(_FULL[c] for c in changed))})


def fix_halfwidth(ctx: Context, skip: set[int]) -> int:
    """Rewrite the tree's strings with full-width punctuation; returns how many fields changed.

    Fields whose line is in `skip` (silenced by a line comment) are left alone.
    """
    n = 0
    for field in text_fields(ctx):
        if field.container is None or field.where.line in skip:
            continue
        raw = field.container[field.key]
        new, changed = fullwidth(raw)
        if changed:
            field.container[field.key] = type(raw)(new) if type(raw) is not str else new
            n += 1
    return n


FZ405 = Rule(
    code="FZ405", name="halfwidth-punctuation", level=Level.WARNING, autofix=fix_halfwidth,
    summary="中文里夹着半角标点（, ; : ( )）",
    message="中文里有{count}处半角标点（{marks}）",
    fix="应为全角“{fixed}”；运行 fazhi-draft check --fix 自动改正（先备份原文件）",
    explain="""\
检查什么
  标题、开头段、要点和自定义指标名称中，紧挨中文的半角逗号、分号、冒号和括号。
  1,000、10:30、英文括号里的英文（且不挨着中文）不算。
为什么
  GB/T 9704 公文和《标点符号用法》要求中文使用全角标点；从网页、Excel 或英文输入法复制的
  文字常夹带半角标点，在 Word 里很显眼。
例子
  text: 全年受理25件,办结23件(含上年结转2件)。   # FZ405：3 处
怎么改
  运行 fazhi-draft check 文件.yaml --fix：先把原文件另存为 文件.yaml.bak，再改写文件，
  注释和顺序保持不变。也可以手工改为“，”“（）”。""",
    check=halfwidth_punctuation,
)


RULES = (FZ401, FZ402, FZ403, FZ404, FZ405)
