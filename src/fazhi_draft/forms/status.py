"""`fazhi-draft status`: which offices still owe which figures, to read or to send round.

A figure is owed while the report asks for it (offices.requested: given this year, as a
number or 待补, in any section's block or marked in a text, or last year) and it is 待补
(【待补】 in a text too) or absent; a rate the tool computes from this year's counts is not owed. Shown as a terminal table (rich, imported only here), or written
as a list to send round: .xlsx (openpyxl) or .docx (the report's own GB/T 9704 writer).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from fazhi_draft.forms import adapter
from fazhi_draft.forms.offices import by_office, desks, owed, requested
from fazhi_draft.structure import Spec


@dataclass(frozen=True)
class Missing:
    key: str
    label: str
    unit: str
    state: str  # 待补 or 未报
    last: str  # last year's figure as written, '' when none


@dataclass
class Status:
    organ: str
    year: int
    offices: dict[str, list[Missing]] = field(default_factory=dict)  # office -> what it owes
    notes: dict[str, str] = field(default_factory=dict)  # office -> what the spec says it covers
    requested: int = 0

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.offices.values())


def status(spec: Spec, loaded: Any, prior: Any | None) -> Status:
    report = loaded.report
    # every figure wherever it stands: any section's block, or marked in a text (【待补】 is owed)
    this_year = adapter.figures_by_home(report, spec)
    last_year = adapter.figures_by_home(prior.report, spec) if prior else None
    missing = owed(spec, this_year, last_year)
    states = dict(missing)
    out = Status(organ=report.meta.organ, year=report.meta.year)
    out.requested = len(requested(spec, this_year, last_year))
    names = desks(spec, report.offices)
    for office, inds in by_office([k for k, _ in missing], spec, report.offices).items():
        out.notes[office] = names[office].note
        out.offices[office] = [
            Missing(i.key, i.label, i.unit, states[i.key], adapter.written_at(prior, spec, i.key) if prior else "") for i in inds]
    return out


# ---------------------------------------------------------------- the terminal
def table_text(st: Status, *, width: int | None = None) -> str:
    """The table as the terminal shows it (rich)."""
    from rich.console import Console
    from rich.table import Table

    if not st.requested:
        return (f"{st.organ} {st.year}年度：报告中还没有数字，也没有去年的文件，说不出还缺哪些数。"
                "用 --prior 指明去年的 YAML，或先把要报的数写成“待补”。")
    if not st.offices:
        return f"{st.organ} {st.year}年度：要报的 {st.requested} 个数字都已齐全，没有待补的。"
    table = Table(title=f"{st.organ} {st.year}年度 还缺的数字（{len(st.offices)} 个部门，{st.total} 个）",
                  show_lines=True)
    table.add_column("报送单位", no_wrap=True)
    table.add_column("待补", justify="right")
    table.add_column("未报", justify="right")
    table.add_column("还缺", overflow="fold")  # Chinese has no spaces to wrap at
    for office, items in st.offices.items():
        pending = sum(1 for m in items if m.state == "待补")
        table.add_row(office, str(pending or ""), str(len(items) - pending or ""),
                      "、".join(f"{m.label}{'（待补）' if m.state == '待补' else ''}" for m in items))
    import shutil

    width = width or max(shutil.get_terminal_size((100, 24)).columns, 60)
    console = Console(file=io.StringIO(), width=width, force_terminal=False, color_system=None)
    console.print(table)
    return console.file.getvalue().rstrip("\n")


# ---------------------------------------------------------------- lists to send round
def xlsx_bytes(st: Status, today: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "催报清单"
    ws.append([f"{st.organ}{st.year}年度法治政府建设情况报告 尚缺数字清单（截至{_date(today)}）"])
    ws["A1"].font = Font(name="宋体", size=14, bold=True)
    ws.append([])
    ws.append(["报送单位", "指标", "单位", "状态", "去年"])
    for cell in ws[3]:
        cell.font = Font(name="宋体", bold=True)
    for office, items in st.offices.items():
        for m in items:
            ws.append([office, m.label, m.unit, m.state, m.last])
    for col, width in zip("ABCDE", (22, 40, 8, 8, 10)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.font = Font(name="宋体")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = "A4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def docx_bytes(st: Status, today: dt.date) -> bytes:
    """The list in the report's own GB/T 9704 layout: a title, one heading per office."""
    from fazhi_draft import tree
    from fazhi_draft.compose.numbering import heading_number
    from fazhi_draft.environment import document_time
    from fazhi_draft.writers import write

    blocks: list[tree.Block] = [tree.Paragraph((tree.Text(
        f"截至{_date(today)}，{st.organ}{st.year}年度法治政府建设情况报告还缺以下 {st.total} 个数字（统计期为{st.year}年1月1日至12月31日）。"
        "请各单位尽快报送；暂时拿不到的，请说明预计报送时间。"),))]
    for n, (office, items) in enumerate(st.offices.items(), 1):
        blocks.append(tree.Heading(1, heading_number(1, n) if n <= 99 else f"{n}、", f"{office}（{len(items)}个）"))
        for m in items:
            last = f"，去年为{m.last}{m.unit}" if m.last and m.last != "待补" else ""
            state = "（已报待补）" if m.state == "待补" else ""
            blocks.append(tree.Paragraph((tree.Text(f"{m.label}（{m.unit}）{state}{last}。"),)))
    doc = tree.Document(title=f"{st.year}年度法治政府建设情况报告\n尚缺数字清单", blocks=tuple(blocks))
    return write("docx", doc, created=document_time())


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
