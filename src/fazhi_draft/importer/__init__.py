"""`fazhi-draft import`: last year's published report (.docx, .txt, .html, .pdf) in as a
starting YAML, so that "reuse last year" works from the first year.

    read (readers/)  ->  outline.py: headings to parts and sections  ->  marks.py: figures to
    【】  ->  emit.py: YAML text with comments (where each part came from, what to review)

The author's headings, order and sentences are kept as written (DESIGN-15: own titles, own
sections with `like:`, figures inside the text); nothing is invented: a figure no indicator
fits stays plain text, a date the report does not give is left for the clerk to fill in.
The readers know nothing of the spec (tests/test_boundaries.py): the mapping lives here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from fazhi_draft.errors import UserError
from fazhi_draft.importer.emit import Writer, scalar
from fazhi_draft.importer.marks import escape, mark, recognise_all
from fazhi_draft.importer.outline import Entry, Mapper, PointDraft
from fazhi_draft.structure import Spec, load_spec

MISSING_DATE = "  # date: 原文没有成文日期，请填写，如 2024-03-10"


@dataclass
class Imported:
    """The result of an import: the YAML text and what the summary says."""

    yaml: str
    source: Path
    organ: str
    kind: str
    year: int | None
    date: dt.date | None
    date_note: str
    entries: list[Entry]
    marked: list = field(default_factory=list)   # marks.Marked, in document order
    plain: int = 0                               # figures left as plain text
    review: list[str] = field(default_factory=list)

    @property
    def figures(self) -> dict[str, set]:
        """Indicator key -> the values marked for it (tests: the slot measure)."""
        out: dict[str, set] = {}
        for m in self.marked:
            out.setdefault(m.key, set()).add(m.amount)
        return out

    def set_date(self, date: dt.date) -> None:
        """The 成文日期 the report does not give, as the clerk typed it (`new --from`)."""
        self.yaml = self.yaml.replace(MISSING_DATE, f"  date: {date.isoformat()}  # 原文没有成文日期，导入时填写", 1)
        self.date, self.date_note = date, "导入时填写"
        self.review = [r for r in self.review if not r.startswith("成文日期")]

    def summary(self, output: Path | None = None) -> str:
        """A few lines for the terminal: what was matched, recognised, and needs review."""
        sections = [s for e in self.entries for s in ([e] + e.sections) if s.key != "measures"]
        standard = sum(1 for s in sections if s.standard)
        liked = sum(1 for s in sections if s.like)
        own = len(sections) - standard - liked
        lines = [f"已导入 {self.source.name}" + (f" → {output}" if output else "") + "：",
                 f"  机关：{self.organ or '（未找到）'}，年度：{self.year or '（未找到）'}，"
                 f"成文日期：{self.date.isoformat() if self.date else '（未找到）'}{self.date_note and '（' + self.date_note + '）'}",
                 f"  部分和小节 {len(sections)} 个：对应标准小节 {standard} 个，自己命名 {liked + own} 个"
                 + (f"（其中 {liked} 个注明了相当于哪个标准小节）" if liked else ""),
                 f"  数字：认出 {len(self.marked)} 个，已在原句中用【】标出"
                 + (f"；{self.plain} 个认不出指标，照原文保留" if self.plain else "")]
        if self.review:
            lines.append("  请核对：")
            lines.extend(f"    - {r}" for r in self.review)
        lines.append("  文件中的注释（# 开头）逐条写明原文位置和自动识别的数字。")
        return "\n".join(lines)


def import_document(path: Path | str, spec: Spec | None = None) -> Imported:
    """Read a published report and turn it into input YAML. UserError (one Chinese message)
    when the file cannot be read or is no annual report."""
    from fazhi_draft.figures.recognise import Recogniser, recogniser
    from fazhi_draft.readers import read

    path = Path(path)
    spec = spec or load_spec()
    doc = read(path)
    facts = doc.facts
    from fazhi_draft.check.prose import REPORT_KINDS  # the kinds `check 报告.docx` takes for annual reports

    if facts.kind not in REPORT_KINDS:
        raise UserError(f"这份文件是{facts.kind}（“{doc.title}”），不是法治政府建设年度报告，不能导入为年度报告的 YAML"
                        if doc.title else f"这份文件是{facts.kind}，不是法治政府建设年度报告，不能导入", file=path,
                        fix="请选去年的年度报告（标题如“××县人民政府关于2024年度法治政府建设情况的报告”）")
    if facts.year is None:
        raise UserError("看不出这份报告是哪一年的（标题和开头都没有写年度）", file=path,
                        fix="请确认选对了文件；标题如“××县人民政府关于2024年度法治政府建设情况的报告”")
    outline = Mapper(spec).plan(doc)
    if not outline.entries:
        raise UserError("这份文件没有“一、”“（一）”这样的标题，分不出报告的各部分", file=path,
                        fix="请用原始的 Word 文件再试；或先用 fazhi-draft new 按问卷填写")

    review: list[str] = []
    closing = _closing(outline.entries)
    # --- figures: every text of the report, recognised report-wide, then marked
    texts: list[PointDraft] = []
    if outline.opening is not None:
        texts.append(outline.opening)
    for e in outline.entries:
        for s in [e, *e.sections]:
            for p in s.points:
                texts.append(p)
                texts.extend(p.items)
    fields: list[tuple[PointDraft, str]] = []
    escaped = 0
    for p in texts:
        for attr in ("title", "text"):
            value = getattr(p, attr)
            if value:
                value, was = escape(value)
                if was:
                    escaped += 1
                    p.notes.append("原文中的【】已改为〖〗（【】用来标出数字）")
                setattr(p, attr, value)
                fields.append((p, attr))
    rec = recogniser() if spec is load_spec() else Recogniser(spec)
    found = recognise_all([getattr(p, attr) for p, attr in fields], rec)
    marked_all = []
    plain = 0
    for (p, attr), rs in zip(fields, found):
        result = mark(getattr(p, attr), rs, rec, spec)
        setattr(p, attr, result.text)
        p.recognised.extend(m.describe() for m in result.marked)
        marked_all.extend(result.marked)
        plain += result.plain

    # --- meta
    organ = facts.organ
    date, date_note = facts.date, ""
    if date is None and facts.published is not None:
        date, date_note = facts.published, "原文没有成文日期，暂用网页的发布日期"
        review.append(f"成文日期：原文没有，暂填网页发布日期 {date.isoformat()}，请改为报告的成文日期")
    elif date is None:
        date_note = "原文没有成文日期"
        review.append("成文日期：原文没有，请在 meta.date 填写（如 2024-03-10）后再生成初稿")
    if not organ:
        review.append("机关名称：原文没有落款和标题，请在 meta.organ 填写")
    elif not (doc.signature and doc.signature.organ):
        review.append(f"机关名称：原文没有落款，“{organ}”取自{'标题' if doc.title else '正文'}，请核对（也是初稿的落款）")
    if escaped:
        review.append(f"{escaped} 处原文中的【】已改为〖〗")
    _review_entries(outline.entries, review, spec)
    if plain:
        review.append(f"{plain} 个数字认不出指标（或同一指标两处数值不同），照原文保留，没有标出；"
                      "要核对的可在原句中用【】标出")

    kind = spec.guess_kind(organ) if organ else spec.organ_kinds[0].key
    w = Writer({**{p.key: p.title for p in spec.parts if "{" not in p.title},
                **{sec.key: sec.title for sec in spec.sections}})
    w.add(f"# 由 fazhi-draft import 从 {path.name} 导入：保留原文的标题、顺序和句子。")
    w.add("# 每一部分、每条要点上方注明原文位置（第几段/第几行）；认出的数字已在句中用【】标出（“自动识别”），请逐个核对。")
    w.add("# 认不出指标的数字照原文保留。核对后运行 fazhi-draft check 本文件，再 fazhi-draft render 生成初稿。")
    w.add("meta:")
    w.key_text("  ", "organ", organ or "待填写", "" if organ else "原文没有机关名称，请填写")
    w.add(f"  kind: {kind}  # {next(k.label for k in spec.organ_kinds if k.key == kind)}，按机关名称推断，请核对")
    w.add(f"  year: {facts.year}")
    if date is not None:
        w.add(f"  date: {date.isoformat()}" + (f"  # {date_note}，请核对" if date_note else ""))
    else:
        w.add(MISSING_DATE)
    if doc.title:
        w.key_text("  ", "title", doc.title, "原文标题")
    w.add("# 初稿只用原文的句子：不加工具的“不足”“安排”引导语（要加，改为 true 或写一句自己的）")
    w.add("wording:")
    w.add("  shortcomings_leadin: false")
    w.add("  plans_leadin: false")
    if outline.opening is None:
        w.add("  opening: false  # 原文没有开头段，初稿也不加工具的开头段")
    if closing is not None:
        w.key_text("  ", "closing", closing.text, "原文" + "、".join(closing.origins) + "：落款前的结束语")
    if outline.opening is not None:
        o = outline.opening
        note = "原文" + "、".join(dict.fromkeys(o.origins)) + "（开头段）"
        if o.recognised:
            note += "；自动识别：" + "、".join(o.recognised) + "，请核对"
        w.key_text("", "opening", o.text, note)
    for e in outline.entries:
        w.entry("", e)
    return Imported(yaml=w.text(), source=path, organ=organ, kind=kind, year=facts.year, date=date,
                    date_note=date_note, entries=outline.entries, marked=marked_all, plain=plain, review=review)


_CLOSING = re.compile(r"^(?:特此(?:报告|汇报)|以上报告，?请审议)[。！!]?$")


def _closing(entries: list[Entry]) -> PointDraft | None:
    """The closing line (特此报告。) when it ends the report's last part: taken out of the points,
    it is written as `wording.closing` (printed before the signature, where it stood)."""
    if not entries:
        return None
    last = entries[-1].sections[-1] if entries[-1].sections else entries[-1]
    if last.points and last.points[-1].title is None and _CLOSING.match(last.points[-1].text.strip()):
        return last.points.pop()
    return None


def _review_entries(entries: list[Entry], review: list[str], spec: Spec) -> None:
    for e in entries:
        for s in [e, *e.sections]:
            if s.review:
                review.append(f"{s.origin}“{s.heading}”：{s.how}")
    keys = Counter(s.key for e in entries for s in [e, *e.sections])
    likes = {s.like for e in entries for s in [e, *e.sections]}
    for part in spec.parts:
        if part.required and part.flat and not keys.get(part.key) and part.key not in likes:
            name = part.title.format(next_year="下一年度")
            review.append(f"原文没有“{name}”部分（规定必备），初稿中会标【待补】")


__all__ = ["Imported", "import_document", "scalar"]
