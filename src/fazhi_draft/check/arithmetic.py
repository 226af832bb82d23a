"""FZ2xx: the figures must add up. Every rule iterates over the spec's relations.

No indicator is named here: `not_more_than` chains, `sum` breakdowns and `rate`s are
declared in structure/standard.yaml, and what each one demands of the figures (each read
as the range of values it can stand for: 45.2万, 200余, 约600, 99.5) is decided once, in
fazhi_draft/relations.py, which the questionnaire uses too. The rules here only word
what it finds.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from fazhi_draft.check.base import Context, Hit, Level, Rule
from fazhi_draft.figures.numbers import Figure
from fazhi_draft.figures import relations as R
from fazhi_draft.figures.relations import Broken, bounds, broken
from fazhi_draft.structure import Indicator, Section, SumOf

__all__ = ["RULES", "bounds", "shown"]
_MAG = ("千", "万", "亿")


def shown(fig: Figure, ind: Indicator) -> str:
    """A figure as the message shows it: 30件, 45.2万件, 99.5%."""
    unit = ind.unit[1:] if ind.unit[:1] in _MAG and any(c in fig.text for c in _MAG) else ind.unit
    return f"{fig.before}{fig.text}{unit}{fig.after}"


def _plain(d: Decimal) -> str:
    return format(d.normalize(), "f")


def _broken(ctx: Context, kind: str) -> Iterator[tuple[str, Broken]]:
    """(section key, broken relation) of one kind (figures.relations), judged once per check.

    A section's figures are those of its `figures:` block and those stated in any text of
    the report (【103】); custom figures that declare `part_of: <total>` join that total's
    sums as one more part each."""
    if "broken_relations" not in ctx.memo:
        tables: dict[str, tuple[dict, dict]] = {}
        found = []
        for key in ctx.figure_sections():
            section, figures, inds = _with_custom_parts(ctx, key)
            tables[key] = (figures, inds)
            found.extend((key, b) for b in broken(section, figures, inds, ctx.closed_sums(key)))
        ctx.memo["broken_relations"], ctx.memo["relation_figures"] = found, tables
    for key, b in ctx.memo["broken_relations"]:
        if b.kind == kind:
            yield key, b


def _with_custom_parts(ctx: Context, section_key: str) -> tuple[Section, dict, dict]:
    """The section (its sums widened by custom parts), its figures and the indicators that
    read them: a custom part is read like its total (unit, whole)."""
    section = ctx.spec.section(section_key)
    figures = ctx.figures_of(section_key)
    inds: dict = ctx.spec.indicators
    totals = {rel.total for rel in section.relations if isinstance(rel, SumOf)}
    parts: dict[str, list[str]] = {}
    for sec_key, sec in ctx.report.sections.items():
        for ykey, decl, fig in sec.custom:
            if decl.part_of in totals:
                name = f"{CUSTOM_PART}{sec_key}.{ykey}"
                if inds is ctx.spec.indicators:
                    inds = dict(inds)
                inds[name] = ctx.spec.indicator(decl.part_of).model_copy(update={"key": name, "label": decl.label})
                figures[name] = fig
                parts.setdefault(decl.part_of, []).append(name)
    if parts:
        relations = [rel.model_copy(update={"parts": [*rel.parts, *parts[rel.total]]})
                     if isinstance(rel, SumOf) and rel.total in parts else rel for rel in section.relations]
        section = section.model_copy(update={"relations": relations})
    return section, figures, inds


CUSTOM_PART = "custom:"  # the key a custom part of a sum goes by in the relations: custom:<section>.<yaml key>


def _level(b: Broken, level: Level) -> Level | None:
    """The finding's level when the spec makes the relation a warning (`level: warning`: it may
    fail for a reason other than a slip, such as a scope the report does not say); None keeps
    the rule's own."""
    return Level.WARNING if b.relation.level == "warning" and level is Level.ERROR else None


def _said(ctx: Context, section_key: str, key: str) -> tuple[str, str]:
    """(label, the figure as shown) of one figure of the section (a custom part: its own label)."""
    figures, inds = ctx.memo["relation_figures"][section_key]
    ind = inds[key]
    return ind.label, shown(figures[key], ind)


def _why(why: str) -> str:
    return f"：{why}" if why else ""


# ---------------------------------------------------------------- FZ201
def not_more_than(ctx: Context) -> Iterator[Hit]:
    for key, b in _broken(ctx, R.EXCEEDS_EARLIER):
        (later_label, later), (earlier_label, earlier) = _said(ctx, key, b.anchor), _said(ctx, key, b.values["earlier"])
        yield Hit(ctx.where_figure(key, b.anchor, b.keys), {"later_label": later_label, "later": later,
                                                            "earlier_label": earlier_label, "earlier": earlier,
                                                            "why": _why(b.relation.why)},
                  level=_level(b, Level.ERROR))


FZ201 = Rule(
    code="FZ201", name="not-more-than", level=Level.ERROR,
    summary="部分多于整体（收到≥受理≥办结、应诉≥负责人出庭、受理≥调解成功等）",
    message="{later_label}（{later}）多于{earlier_label}（{earlier}）",
    fix="请核对这两个数字{why}",
    prose=True,
    explain="""\
检查什么
  标准结构里声明为“不多于”的一串数字，后一项不能多于前一项：收到行政复议申请 ≥ 受理 ≥ 审结，
  行政应诉案件 ≥ 负责人出庭应诉案件，人民调解受理纠纷 ≥ 调解成功纠纷，办件总量 ≥ 网上办件量等
  （全部关系见 fazhi-draft outline 中的“关系”行）。中间一项没填时，比较前后两项。
为什么
  部分多于整体是报告里最常见、也最容易被领导一眼看出的笔误，多因抄错行或两个部门口径不同。
例子
  reconsideration_received: 27
  reconsideration_accepted: 30   # FZ201：受理（30件）多于收到（27件）
不会误报
  写成“200余”“超过200”的数字只当作下限，“约200”“200左右”不参与比较；“45.2万”按四舍五入
  的范围（45.15万—45.25万）比较；待补的数字跳过。
怎么改
  向报送部门核对两个数字的口径（按件还是按人次、是否含上年结转），改正后重新检查。
级别
  标准结构中标为 level: warning 的关系（可能只是口径不同，如全辖区与本级政府）只作警告。""",
    check=not_more_than,
)


# ---------------------------------------------------------------- FZ202, FZ203
def _sum_hit(ctx: Context, key: str, b: Broken, level: Level | None = None) -> Hit:
    total_label, total = _said(ctx, key, b.anchor)
    listed = "、".join("".join(_said(ctx, key, k)) for k in b.values["given"])
    unit = ctx.spec.indicator(b.anchor).unit
    difference = f"{_plain(b.values['difference'])}{unit}" if "difference" in b.values else ""
    return Hit(ctx.where_figure(key, b.anchor, b.keys),
               {"total_label": total_label, "total": total, "sum": _plain(b.values["sum"]), "parts": listed,
                "difference": difference, "why": _why(b.relation.why)}, level=level)


def parts_exceed_total(ctx: Context) -> Iterator[Hit]:
    for key, b in _broken(ctx, R.PARTS_EXCEED):
        yield _sum_hit(ctx, key, b, _level(b, Level.ERROR))


FZ202 = Rule(
    code="FZ202", name="parts-exceed-total", level=Level.ERROR,
    summary="分项相加多于总数（案卷评查等次、规范性文件清理结果、复议决定类型、权责清单分类等）",
    message="{total_label}为{total}，但分项相加为{sum}（{parts}）",
    fix="请核对总数和各分项{why}",
    prose=True,
    explain="""\
检查什么
  标准结构里声明为“相加”的一组数字：各分项之和不能多于总数。例如评查案卷的优秀、良好、合格、
  不合格相加，规范性文件清理后保留、修改、废止、失效相加，权责清单十类事项相加，复议各类结案
  方式相加，都不能多于各自的总数。只填了部分分项时，也检查已填的分项是否已经超过总数。
为什么
  分项多于总数说明有数字抄错或口径不一致，是审核时最容易发现的硬伤。
例子
  case_files_reviewed: 320
  case_files_excellent: 86
  case_files_good: 142
  case_files_passed: 98        # 86+142+98 = 326 > 320：FZ202
不会误报
  “余”“多”“以上”按下限计，“约”“左右”不计入；待补的分项按 0 计（只会少算，不会误报）。
怎么改
  找出抄错的分项或总数改正；如分项本就有重复计算（一个案件计入两类），请按一类计。""",
    check=parts_exceed_total,
)


def parts_short_of_total(ctx: Context) -> Iterator[Hit]:
    for key, b in _broken(ctx, R.PARTS_SHORT):
        yield _sum_hit(ctx, key, b)


FZ203 = Rule(
    code="FZ203", name="parts-short-of-total", level=Level.WARNING,
    summary="分项齐全但相加少于总数",
    message="{total_label}为{total}，但各分项相加只有{sum}（{parts}），相差{difference}",
    fix="请核对总数和各分项{why}",
    prose=True,
    explain="""\
检查什么
  一组必须相加等于总数的分项（标准结构中 sum 关系且未标 partial），全部分项都写了时，
  相加应等于总数。例如规范性文件清理只有保留、修改、废止、宣布失效（设有效期的地方另有
  重新计算有效期）几种结果，复议案件审结后各有一种结案方式。
  核对已写好的报告（fazhi-draft check 报告.docx）时，同一段里写了总数又逐项列出分项，
  就当作列全了：没有列出的分项按 0 计。
为什么
  分项齐全却对不上总数，说明漏了一项或总数抄错，读者一加就会发现。也可能是另有一类
  标准里没有的分项，所以只作警告，不妨碍生成初稿。
例子
  docs_cleaned: 132
  docs_cleaned_kept: 104
  docs_cleaned_amended: 11
  docs_cleaned_repealed: 12
  docs_cleaned_void: 3         # 104+11+12+3 = 130 < 132：FZ203，相差2件
  报告正文“现已办结13件，维持1件，撤销6件，确认违法1件，驳回复议申请1件，终止3件”：
  各项相加12件，比办结数少1件：FZ203
不会误报
  有分项没填、待补或写成约数时不检查（只列了几项时由 FZ207 提示是否漏写一类，多于总数
  由 FZ202 报错）；受理与不予受理这类本就列不全的分项（partial）只检查不超过总数。
怎么改
  补上漏掉的分项或改正总数；如当地分等与标准不同（如不评“良好”），不填那一项即可。""",
    check=parts_short_of_total,
)


def parts_maybe_missing(ctx: Context) -> Iterator[Hit]:
    for key, b in _broken(ctx, R.PARTS_MISSING):
        yield _sum_hit(ctx, key, b)


FZ207 = Rule(
    code="FZ207", name="part-maybe-missing", level=Level.INFO,
    summary="只列了几个分项，相加少于总数：是否漏写一类",
    message="{total_label}为{total}，列出的分项相加为{sum}（{parts}），少{difference}",
    fix="是否漏写一类？如另有其他情形（如撤回、合并），可不理会",
    prose=True,
    explain="""\
检查什么
  一组相加的分项（标准结构中的 sum 关系）只写了其中两项或更多、没有写全，而相加少于总数；
  以及本就列不全的分项（partial，如收到的复议申请只分受理、不予受理，另有告知、补正等情形）
  相加少于总数。
为什么
  报告常只列主要几类，少的部分也许是没写的一类，也许是漏写或算错（真实报告里有“办结13件”
  而各类结案方式相加只有12件）。只作提示，读一下即可。
例子
  reconsideration_concluded: 13
  reconsideration_upheld: 1
  reconsideration_revoked: 6
  reconsideration_terminated: 3   # 1+6+3 = 10 < 13：FZ207，是否漏写一类？
不会误报
  只写了一个分项、分项写成约数（约、左右）或下限（余、以上）时不提示。
怎么改
  补上漏写的一类，或核对总数；确实另有其他情形时不必理会，也可 --ignore FZ207。""",
    check=parts_maybe_missing,
)


# ---------------------------------------------------------------- FZ204, FZ205
def rate_mismatch(ctx: Context) -> Iterator[Hit]:
    for key, b in _broken(ctx, R.RATE_MISMATCH):
        rel = b.relation
        (rate_label, rate), (num_label, num), (den_label, den) = (
            _said(ctx, key, k) for k in (rel.rate, rel.numerator, rel.denominator))
        yield Hit(ctx.where_figure(key, rel.rate, b.keys), {
            "rate_label": rate_label, "rate": rate, "computed": b.values["computed_text"],
            "num_label": num_label, "num": num, "den_label": den_label, "den": den},
            level=_level(b, Level.ERROR))


FZ204 = Rule(
    code="FZ204", name="rate-mismatch", level=Level.ERROR,
    summary="写明的比率与按件数算出的不符",
    message="{rate_label}写为{rate}，按{num_label}{num}÷{den_label}{den}计算应为{computed}%",
    fix="请改为{computed}，或删去这一行，由工具按件数计算；如件数有误请一并改正",
    prose=True, prose_fix="请改为{computed}%；如件数有误请一并改正",
    explain="""\
检查什么
  标准结构里的比率（出庭应诉率、调解成功率、纠错率、报备及时率、案卷优秀率等）同时写了比率
  和算它的两个件数时，比率应等于 分子 ÷ 分母 × 100。
为什么
  比率和件数常由不同的人、在不同时间填写，改了件数忘了改比率，就会出现“出庭63件、应诉64件、
  出庭率100%”这样的矛盾。
例子
  litigation_cases: 64
  litigation_heads_appeared: 63
  litigation_appearance_rate: 100    # 63÷64 = 98.4%：FZ204
不会误报
  按所写的精度比较，四舍五入和直接舍去尾数都算对：写 98.4 时，算出 98.35 至 98.5 以下都不报；
  写 99.51 时，99.505 至 99.52 以下都不报（公开的报告里 8454÷8495 = 99.517% 就写作 99.51%）；
  写 100 时，99.5 以上都不报。件数写成“45.2万”时按其四舍五入的范围计算；约数、待补时不检查。
怎么改
  按提示改比率；更省事的做法是删去比率那一行，生成时由工具按件数计算并保留一位小数。""",
    check=rate_mismatch,
)


def rate_without_base(ctx: Context) -> Iterator[Hit]:
    for key, b in _broken(ctx, R.RATE_WITHOUT_BASE):
        rel = b.relation
        (rate_label, rate), (den_label, den) = _said(ctx, key, rel.rate), _said(ctx, key, rel.denominator)
        yield Hit(ctx.where_figure(key, rel.rate, b.keys), {"rate_label": rate_label, "rate": rate,
                                                            "den_label": den_label, "den": den})


FZ205 = Rule(
    code="FZ205", name="rate-without-base", level=Level.WARNING,
    summary="分母为 0 却写了比率",
    message="{den_label}为{den}，却写了{rate_label}{rate}",
    fix="分母为 0 时比率无从谈起，请删去比率，或核对{den_label}",
    prose=True,
    explain="""\
检查什么
  比率的分母（如行政应诉案件数）写为 0，却又写了比率（如出庭应诉率 100%）。
为什么
  没有案件就没有出庭率；照写“100%”会被认为数字是套用的。
例子
  litigation_cases: 0
  litigation_appearance_rate: 100    # FZ205
怎么改
  删去比率这一行；如分母其实不是 0，请改正分母。""",
    check=rate_without_base,
)


# ---------------------------------------------------------------- FZ206
def pending_figure(ctx: Context) -> Iterator[Hit]:
    for section_key, sec in ctx.sections():
        for key, fig in sec.figures.items():
            if fig.pending:
                yield Hit(ctx.where_figure(section_key, key), {"label": ctx.spec.indicator(key).label})
        for key, decl, fig in sec.custom:
            if fig.pending:
                yield Hit(ctx.where_figure(section_key, key), {"label": decl.label})
    yield from _pending_in_text(ctx)


def _pending_in_text(ctx: Context) -> Iterator[Hit]:
    """【待补】 in a text, and 【计算】 whose counts are not all given (issue 15 item 2)."""
    if not ctx._has_marks():
        return
    from fazhi_draft.figures.relations import derived_rate
    from fazhi_draft.structure import RateOf

    found = ctx.intext()
    for stated in found.stated:
        mark = stated.mark
        if mark.compute:
            home = ctx.spec_home(mark.key)
            rel = next(r for r in ctx.spec.section(home).relations if isinstance(r, RateOf) and r.rate == mark.key)
            if derived_rate(rel, ctx.figures_of(home)) is None:
                yield Hit(ctx.where_text(stated.place), {"label": mark.label})
        elif mark.pending:
            yield Hit(ctx.where_text(stated.place), {"label": mark.label})


FZ206 = Rule(
    code="FZ206", name="pending-figure", level=Level.INFO, reports_pending=True,
    summary="待补的数字（部门尚未报送）",
    message="待补：{label}",
    fix="拿到数字后填入；生成的初稿中此处以黄色【待补：{label}】标出",
    explain="""\
检查什么
  写成“待补”（或 ?）的数字。每一处列一条提示，汇总行给出共有几处。
为什么
  初稿可以在部门数字没有到齐时先送审，但不能看起来像已经定稿；逐条列出便于催报。
怎么改
  收到数字后把“待补”改为数字。待补不算错误，不影响生成初稿。""",
    check=pending_figure,
)

# ---------------------------------------------------------------- FZ208
def stated_twice(ctx: Context) -> Iterator[Hit]:
    for r in ctx.restated():
        yield Hit(r.where, {"label": r.label, "values": r.values})


FZ208 = Rule(
    code="FZ208", name="stated-twice", level=Level.INFO,
    summary="同一项数字在正文中前后写得不一样（核对已写好的报告时）",
    message="{label}在文中写了不同的数：{values}",
    fix="如是同一项，请核对哪一个对，把另一处改过来；如是不同的事（如全县与派驻某处的人数），可不理会",
    prose=True,
    explain="""\
检查什么
  核对已写好的报告（fazhi-draft check 报告.docx）时，正文里认出的同一项数字（如两处都说
  “收到行政复议申请”）前后写得不一样。YAML 里每个数字只有一个键，不会出现这种情况。
为什么
  报告多人分段起草、反复修改，前面改了后面忘了改，是定稿前最常见的笔误之一。但正文里
  同样的说法也常指不同的事（“人民调解员1612名”与“派驻人民调解员4名”），认不出是哪一种，
  所以只作提示；这两个数都不参与加减和比率的核对。
例子
  第5段“全年共收到行政复议申请65件”，第18段“收到行政复议申请63件”：FZ208
不会误报
  同一个数写法不同（3次、三次）不算；写成“余”“约”的数，可能是同一个数的（200余与230）
  不算。
怎么改
  是同一项的，核对后改正其中一处；不是的，可不理会，或 --ignore FZ208。""",
    check=stated_twice,
)

RULES = (FZ201, FZ202, FZ203, FZ204, FZ205, FZ206, FZ207, FZ208)
