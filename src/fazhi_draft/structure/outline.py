"""`fazhi-draft outline`: the standard structure as a readable tree."""

from __future__ import annotations

from fazhi_draft.compose.numbering import heading_number
from fazhi_draft.structure import NotMoreThan, RateOf, Spec, SumOf, load_spec


def _relation_text(rel, labels: dict[str, str]) -> str:  # noqa: ANN001
    if isinstance(rel, NotMoreThan):
        return " ≥ ".join(labels[k] for k in rel.chain)
    if isinstance(rel, SumOf):
        op = "≥" if rel.partial else "="
        return f"{labels[rel.total]} {op} " + " + ".join(labels[k] for k in rel.parts)
    assert isinstance(rel, RateOf)
    return f"{labels[rel.rate]} = {labels[rel.numerator]} ÷ {labels[rel.denominator]}"


def outline_text(spec: Spec | None = None, *, with_figures: bool = True) -> str:
    spec = spec or load_spec()
    labels = {k: i.label for k, i in spec.indicators.items()}
    out = ["法治政府建设年度报告 标准结构",
           "（依据《法治政府建设与责任落实督察工作规定》第二十五条的五项内容和实施纲要各章）", "",
           "标题    " + spec.title_pattern.replace("{organ}", "<机关>").replace("{year}", "<年>"),
           "开头段  指导思想，以“现将有关情况报告如下：”结束"]
    for n, part in enumerate(spec.parts, 1):
        flag = "必备" if part.required else "可选"
        title = part.title.format(next_year="<下一年>")
        out.append(f"{heading_number(1, n)}{title}  [{flag}；规定事项：{part.regulation_item}]")
        for m, section in enumerate(part.sections, 1):
            indent = "    "
            if not part.flat:
                out.append(f"    {heading_number(2, m)}{section.title}  ({section.key}，{section.outline_ref})")
                indent = "        "
            if with_figures:
                for ind in section.indicators:
                    out.append(f"{indent}· {ind.label}（{ind.unit}）  {ind.key}  〔{ind.scope}〕  "
                               f"报送：{spec.office(ind.office).name}")
                for rel in section.relations:
                    said = "关系（只提示）" if rel.level == "warning" else "关系"
                    out.append(f"{indent}  {said}：{_relation_text(rel, labels)}")
    out.append("署名    机关名称（右对齐）")
    out.append("日期    成文日期，阿拉伯数字，如 2025年3月5日")
    total = len(spec.indicators)
    out.append("")
    out.append(f"共 {len(spec.sections)} 个小节，{total} 项指标。")
    return "\n".join(out)
