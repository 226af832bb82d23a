"""`fazhi-draft forms`: one .xlsx per office, laid out with openpyxl (imported here only).

Each workbook has a cover sheet (what, by when, whom to ask, how to write 待补) and a data
sheet of the office's figures. Only this year's figure and the note can be edited: the
sheets are protected (no password: an office can lift it in Excel/WPS if it must) with
those cells unlocked, typed as text (so 1.39万 and 99.5% stay as typed and 1-2 does not
become a date), and given a list validation that offers 待补 but accepts anything, with an
input message saying what to write (a formula cannot say "27, 1.39万 or 待补"; merge checks
every cell). A hidden column holds each row's indicator key, so rows are found by key.
"""

from __future__ import annotations

import io
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from fazhi_draft.forms.layout import (COLUMNS, COVER_SHEET, DATA_SHEET, HEADER_ROW, HOW_TO_WRITE, KEY_HEADER,
                                      header, mark)
from fazhi_draft.forms.model import FILLED, OPTIONAL, PENDING, Form, Row

FONT = "宋体"  # on every Chinese Windows; LibreOffice substitutes a CJK serif
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_INPUT = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill: pale yellow
_HEAD = PatternFill("solid", fgColor="D9D9D9")
_STATE_FILL = {FILLED: PatternFill("solid", fgColor="E2EFDA"), PENDING: PatternFill("solid", fgColor="FCE4D6"),
               OPTIONAL: PatternFill("solid", fgColor="EDEDED")}
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_UNLOCKED = Protection(locked=False)
_LINE_PT = 14.5  # one line of 10.5 pt text
_COVER_WIDTH = 66  # the cover's text column: fits an A4 page upright


def _prompt(row: Row, year: int) -> tuple[str, str]:
    """(title, message) of the input message: Excel allows 32 and 255 characters."""
    if row.percent:
        what = "百分比：写 99.5 或 99.5%，也可写 95%以上"
    elif row.whole:
        what = "整数：如 27，也可写 1.39万、200余、超过300"
    else:
        what = "数字：如 0.5、12.6，也可写 1.39万、约600"
    return f"{year}年的数", f"{what}。不写单位。暂时没有写“待补”；没有这项工作留空，在备注说明。"


def workbook_bytes(form: Form) -> bytes:
    wb = Workbook()
    cover = wb.active
    cover.title = COVER_SHEET
    data = wb.create_sheet(DATA_SHEET)
    _cover(cover, form)
    _data(data, form)
    wb.properties.creator = "fazhi-draft"
    wb.properties.title = f"{form.organ}{form.year}年度法治政府建设情况报告 数据报送表（{form.office.name}）"
    wb.active = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cover(ws, form: Form) -> None:  # noqa: ANN001
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = _COVER_WIDTH
    ws.merge_cells("A1:B1")
    title = ws["A1"]
    title.value = f"{form.organ}{form.year}年度法治政府建设情况报告\n数据报送表"
    title.font = Font(name=FONT, size=16, bold=True)
    title.alignment = _CENTRE
    ws.row_dimensions[1].height = 48
    n = len(form.rows)
    filled = sum(1 for r in form.rows if r.state == FILLED)
    what = f"“{DATA_SHEET}”工作表中的 {n} 个数字（{form.year}年1月1日至12月31日）"
    if filled:
        what += f"；其中 {filled} 个报告中已有，请核对"
    by = f"请于 {form.deadline.year}年{form.deadline.month}月{form.deadline.day}日前报送" if form.deadline \
        else "请尽快报送"
    lines = [("报送单位", form.office.name + (f"（{form.office.note}）" if form.office.note else "")),
             ("报送内容", what), ("报送时间", by), ("联系人", form.contact or "（见通知）")]
    r = 3
    for label, text in lines:
        _pair(ws, r, label, text)
        r += 1
    r += 1
    ws.cell(r, 1, "怎么填").font = Font(name=FONT, size=11, bold=True)
    for i, text in enumerate(HOW_TO_WRITE, 1):
        cell = ws.cell(r, 2, f"{i}. " + text.format(now=header("今年", form.year)))
        cell.font = Font(name=FONT, size=11)
        cell.alignment = _WRAP
        ws.row_dimensions[r].height = _height(cell.value, _COVER_WIDTH)
        r += 1
    r += 1
    for label in ("填报人", "联系电话", "填报日期"):
        _pair(ws, r, label, "")
        ws.cell(r, 2).fill = _INPUT
        ws.cell(r, 2).protection = _UNLOCKED
        ws.cell(r, 2).number_format = "@"
        r += 1
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _pair(ws, r: int, label: str, text: str) -> None:  # noqa: ANN001
    a, b = ws.cell(r, 1, label), ws.cell(r, 2, text)
    a.font = Font(name=FONT, size=11, bold=True)
    b.font = Font(name=FONT, size=11)
    a.alignment, b.alignment = _CENTRE, _WRAP
    a.border = b.border = _BOX
    ws.row_dimensions[r].height = _height(text, _COVER_WIDTH)


def _data(ws, form: Form) -> None:  # noqa: ANN001
    last_col = get_column_letter(len(COLUMNS))
    col = {name: i for i, (name, _) in enumerate(COLUMNS, 1)}
    ws.merge_cells(f"A1:{get_column_letter(len(COLUMNS) - 1)}1")
    ws["A1"] = f"{form.organ}{form.year}年度法治政府建设情况报告 数据报送表 · {form.office.name}"
    ws["A1"].font = Font(name=FONT, size=14, bold=True)
    ws["A1"].alignment = Alignment(vertical="center")
    ws.row_dimensions[1].height = 26
    ws.merge_cells(f"A2:{get_column_letter(len(COLUMNS) - 1)}2")
    by = f"，{form.deadline.year}年{form.deadline.month}月{form.deadline.day}日前报送" if form.deadline else ""
    ws["A2"] = (f"只填黄色的“{header('今年', form.year)}”和“备注”两列{by}；写法见“{COVER_SHEET}”工作表。"
                "暂时没有的写“待补”，没有这项工作的留空。")
    ws["A2"].font = Font(name=FONT, size=10.5)
    ws["A2"].alignment = _WRAP
    ws.row_dimensions[2].height = 20
    ws.cell(1, len(COLUMNS), mark(form.year, form.office.name))
    for i, (name, width) in enumerate(COLUMNS, 1):
        cell = ws.cell(HEADER_ROW, i, header(name, form.year))
        cell.font = Font(name=FONT, size=10.5, bold=True)
        cell.fill = _INPUT if name in ("今年", "备注") else _HEAD
        cell.alignment, cell.border = _CENTRE, _BOX
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.column_dimensions[last_col].hidden = True
    ws.row_dimensions[HEADER_ROW].height = 30
    validations: dict[tuple[str, str], DataValidation] = {}
    for n, row in enumerate(form.rows, 1):
        r = HEADER_ROW + n
        values = {"序号": n, "指标": row.label, "单位": row.unit, "说明": row.hint, "口径": row.scope,
                  "去年": row.last, "今年": row.current, "备注": "", "状态": row.state, KEY_HEADER: row.key}
        for name, _ in COLUMNS:
            cell = ws.cell(r, col[name], values[name])
            cell.font = Font(name=FONT, size=10.5)
            cell.border = _BOX
            cell.alignment = _CENTRE if name in ("序号", "单位", "去年", "今年", "状态") else _WRAP
            if name in ("去年", "今年"):
                cell.number_format = "@"
        for name in ("今年", "备注"):
            cell = ws.cell(r, col[name])
            cell.protection = _UNLOCKED
            cell.fill = _INPUT
            cell.number_format = "@"
        if row.state in _STATE_FILL:
            ws.cell(r, col["状态"]).fill = _STATE_FILL[row.state]
        prompt = _prompt(row, form.year)
        dv = validations.get(prompt)
        if dv is None:
            dv = DataValidation(type="list", formula1='"待补"', allow_blank=True, showErrorMessage=False,
                                showInputMessage=True, promptTitle=prompt[0], prompt=prompt[1])
            validations[prompt] = dv
            ws.add_data_validation(dv)
        dv.add(ws.cell(r, col["今年"]))
        ws.row_dimensions[r].height = max(_height(row.hint, COLUMNS[col["说明"] - 1][1]),
                                          _height(row.label, COLUMNS[col["指标"] - 1][1]),
                                          _height(row.scope, COLUMNS[col["口径"] - 1][1]))
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, col["单位"])
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:{get_column_letter(len(COLUMNS) - 1)}{HEADER_ROW + len(form.rows)}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _height(text: str, width: float) -> float:
    """A row height that shows `text` wrapped in a column `width` characters wide (a Chinese
    character takes two); openpyxl cannot measure and Excel does not refit on opening."""
    units = sum(2 if ord(c) > 0x2E80 else 1 for c in str(text or ""))
    lines = max(1, math.ceil(units / max(width - 1, 1)))
    return round(lines * _LINE_PT + 4, 1)
