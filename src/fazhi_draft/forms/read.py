"""Reading a filled form back: every figure with its cell, or a Chinese reason per cell.

Nothing depends on positions or names that an office may change: the data sheet is the one
holding the 指标键 header (the sheet may be renamed, moved or re-saved by WPS or LibreOffice,
which rewrite styles), its columns are found by their header words, its rows by the hidden
indicator key (rows may be reordered or deleted). Each cell goes through the same number
parser as the YAML (figures.numbers.parse_figure) after what spreadsheets do to typed text
is undone: a number typed into a %-formatted cell comes back as 0.995, a date as a datetime,
full-width digits and "27 " as text. openpyxl is imported only here and in make.py.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from fazhi_draft.errors import UserError, printable, shorten
from fazhi_draft.figures.numbers import Figure, FigureError, parse_figure
from fazhi_draft.figures.relations import computable_rates
from fazhi_draft.forms.layout import KEY_HEADER, read_mark
from fazhi_draft.structure import Indicator, Spec

MAX_FORM_BYTES = 20 * 1024 * 1024  # a form is ~10 KB; more is not a form
_SCAN_ROWS = 40  # the header row is looked for this far down
_NOTE_CHARS = 80
_CONTROL = re.compile("[\x00-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_OLE = b"\xd0\xcf\x11\xe0"  # .xls, .et and password-protected .xlsx


@dataclass(frozen=True)
class Entry:
    """One figure an office gave: `where` names the cell (报送表/县司法局.xlsx 工作表“数据” G7)."""

    key: str
    figure: Figure
    cell: str
    where: str
    note: str = ""


@dataclass
class FormRead:
    path: Path
    office: str
    sheet: str = ""
    year: int | None = None
    saved: dt.date | None = None
    reporter: str = ""  # 填报人 and 联系电话 from the cover, when filled in
    entries: list[Entry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # cells refused, each a whole message
    keys: list[str] = field(default_factory=list)  # every indicator row found, filled or not


def read_form(path: Path, spec: Spec, *, year: int | None = None) -> FormRead:
    """Read one filled form. A file that is no form, or a form of another year, raises a
    UserError naming the file; a bad cell is a problem of the FormRead (the rest is read)."""
    with warnings.catch_warnings():  # openpyxl warns in English of what it drops (WPS's extensions)
        warnings.simplefilter("ignore")
        return _read(path, spec, year)


def _read(path: Path, spec: Spec, year: int | None) -> FormRead:
    wb = _open(path)
    try:
        found = _data_sheet(wb)
        if found is None:
            raise UserError("找不到数据表：没有“指标键”一列", file=path,
                            fix="这不是 fazhi-draft forms 生成的报送表，或隐藏的“指标键”列被删除了；请用原表填写后再报送")
        ws, header_row, columns, marks = found
        office = marks.get("office") or path.stem
        form_year = int(marks["year"]) if str(marks.get("year", "")).isdigit() else None
        if year is not None and form_year is not None and form_year != year:
            raise UserError(f"这是 {form_year} 年度的报送表，报告是 {year} 年度的", file=path,
                            fix="请核对是否选错了文件")
        out = FormRead(path=path, office=office, sheet=ws.title, year=form_year, saved=_saved(wb, path),
                       reporter=_reporter(wb, ws))
        if "今年" not in columns:
            raise UserError(f"工作表“{ws.title}”找不到“今年”一列（表头第{header_row}行）", file=path,
                            fix="请不要改动表头；用原表填写后再报送")
        _rows(out, ws, header_row, columns, spec)
        return out
    finally:
        wb.close()


def _open(path: Path):  # noqa: ANN202
    from openpyxl import load_workbook

    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(4)
    except FileNotFoundError:
        raise UserError("找不到这个文件", file=path) from None
    except IsADirectoryError:
        raise UserError("这是一个文件夹，不是报送表", file=path) from None
    except OSError as exc:
        raise UserError(f"无法读取这个文件（{exc.strerror or type(exc).__name__}）", file=path,
                        fix="如果它正在 Excel/WPS 中打开，请先关闭") from None
    if size > MAX_FORM_BYTES:
        raise UserError(f"文件有 {size:,} 字节，不像报送表（通常只有几十 KB）", file=path)
    if head == _OLE:
        raise UserError("是旧版 Excel（.xls）或 WPS（.et）文件，或者设置了打开密码", file=path,
                        fix="请在 Excel/WPS 中打开，“另存为”Excel 工作簿（.xlsx，不设密码）后再合并")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - zipfile, KeyError, InvalidFileException, lxml: all "not a form"
        raise UserError("不是 .xlsx 文件，或文件已损坏", file=path,
                        fix="请在 Excel/WPS 中打开，“另存为”Excel 工作簿（.xlsx）后再合并") from None


def _data_sheet(wb):  # noqa: ANN001, ANN202
    """(sheet, header row, {column name: index}, marks) of the sheet holding the key header."""
    for ws in wb.worksheets:
        marks: dict[str, str] = {}
        for r, row in enumerate(ws.iter_rows(max_row=_SCAN_ROWS, values_only=True), 1):
            for value in row:
                marks.update(read_mark(value) or {})
            if any(_text(v) == KEY_HEADER for v in row):
                return ws, r, _columns(row), marks
    return None


def _columns(row: tuple) -> dict[str, int]:
    """Column index (0-based) of each header by its first word; the first match wins."""
    out: dict[str, int] = {}
    for i, value in enumerate(row):
        text = _text(value)
        if text == KEY_HEADER:
            out.setdefault("键", i)
        for name in ("今年", "备注", "指标"):
            if text.startswith(name) and text != KEY_HEADER:
                out.setdefault(name, i)
    return out


def _rows(out: FormRead, ws, header_row: int, columns: dict[str, int], spec: Spec) -> None:  # noqa: ANN001
    from openpyxl.utils import get_column_letter

    key_col, now_col, note_col = columns["键"], columns["今年"], columns.get("备注")
    seen: dict[str, Entry] = {}
    for r, row in enumerate(ws.iter_rows(min_row=header_row + 1), header_row + 1):
        cells = list(row)
        value_cell = cells[now_col] if now_col < len(cells) else None
        value = getattr(value_cell, "value", None)
        key = _text(cells[key_col].value) if key_col < len(cells) and hasattr(cells[key_col], "value") else ""
        cell = f"{get_column_letter(now_col + 1)}{r}"
        where = f"{out.path} 工作表“{ws.title}” {cell}"
        if not key:
            if not _blank(value):
                out.problems.append(printable(
                    f"{where}：第{r}行没有指标键（像是新插入的行），“{shorten(value)}”未读取。"
                    "请把数字填在原有的行里，不要插入行"))
            continue
        ind = spec.indicators.get(key)
        if ind is None:
            out.problems.append(printable(f"{where}：隐藏的指标键“{shorten(key)}”不是已知的指标，这一行未读取。"
                                          "请不要改动隐藏的“指标键”列"))
            continue
        out.keys.append(key)
        where = f"{where}（{ind.label}）"
        try:
            figure = parse_cell(value, getattr(value_cell, "number_format", None), ind, spec)
        except FigureError as exc:
            out.problems.append(printable(f"{where}：{exc}"))
            continue
        if figure is None:
            continue
        note = _note(cells[note_col].value) if note_col is not None and note_col < len(cells) else ""
        entry = Entry(key=key, figure=figure, cell=cell, where=where, note=note)
        if key in seen:
            if same_figure(seen[key].figure, figure):
                continue
            out.problems.append(printable(f"{where}：与同一张表 {seen[key].cell} 的“{ind.label}”不一致"
                                          f"（{shown_figure(seen[key].figure)} 和 {shown_figure(figure)}），两处都未读取"))
            out.entries.remove(seen[key])
            continue
        seen[key] = entry
        out.entries.append(entry)


def parse_cell(value: object, number_format: str | None, ind: Indicator, spec: Spec) -> Figure | None:
    """A cell's value as a figure of `ind`, None when blank; FigureError with the reason.
    计算 is read where the YAML reads it (a rate the spec works out from its counts)."""
    percent = ind.kind == "percent"
    computable = ind.key in _computable(spec)
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise FigureError(f"是逻辑值（{'TRUE' if value else 'FALSE'}），不是数字")
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        shown = value.strftime("%Y-%m-%d" if not isinstance(value, dt.time) else "%H:%M")
        raise FigureError(f"是日期或时间（{shown}），不是数字：Excel 把输入当成了日期。"
                          "请把这个单元格的格式设为“文本”，重新填写数字")
    if isinstance(value, (int, float)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number_format and "%" in number_format:  # 99.5% typed into a percent cell: 0.995
            number *= 100
        return parse_figure(number, whole=ind.whole, percent=percent, unit=ind.unit, growth=ind.kind == "growth")
    if not isinstance(value, str):
        raise FigureError(f"“{shorten(value)}”不是数字")
    text = value.replace("\xa0", " ").strip()
    if not text:
        return None
    try:
        return parse_figure(text, whole=ind.whole, percent=percent, unit=ind.unit, computable=computable,
                            growth=ind.kind == "growth")
    except FigureError:
        bare = _without_unit(text, ind, spec)
        if bare == text:
            raise
        return parse_figure(bare, whole=ind.whole, percent=percent, unit=ind.unit, computable=computable,
                            growth=ind.kind == "growth")


def _computable(spec: Spec) -> frozenset[str]:
    return frozenset(r for s in spec.sections for r in computable_rates(s))


def _without_unit(text: str, ind: Indicator, spec: Spec) -> str:
    """27件 -> 27, 1.39万人次 -> 1.39万, 300件以上 -> 300以上, 1.86亿元 (unit 万元) -> 1.86亿:
    offices often write the unit too."""
    words = {*spec.unit_words(ind.unit), ind.unit[1:] if ind.unit[:1] in "千万亿" else ""} - {""}
    for word in sorted(words, key=len, reverse=True):
        for tail in ("", "以上", "左右"):
            if text.endswith(word + tail) and len(text) > len(word + tail):
                return text[: -len(word + tail)].rstrip() + tail
    return text


def same_figure(a: Figure, b: Figure) -> bool:
    """The same figure, however written (27 and ２７, 13900 and 1.39万)."""
    return (a.pending, a.compute, a.amount, a.approx, a.before, a.after) == \
        (b.pending, b.compute, b.amount, b.approx, b.before, b.after)


def shown_figure(fig: Figure) -> str:
    return "待补" if fig.pending else f"{fig.before}{fig.text}{fig.after}"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.replace("\xa0", " ").strip())


def _text(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _note(value: object) -> str:
    """The note as one short line (it becomes part of a YAML comment)."""
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        value = value.strftime("%Y-%m-%d")
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text if len(text) <= _NOTE_CHARS else text[:_NOTE_CHARS] + "…"


def _saved(wb, path: Path) -> dt.date | None:  # noqa: ANN001
    """When the office last saved the form (the workbook's own record, else the file's time)."""
    modified = getattr(wb.properties, "modified", None)
    if isinstance(modified, dt.datetime):
        if modified.tzinfo is None:  # stored as UTC
            modified = modified.replace(tzinfo=dt.timezone.utc)
        return modified.astimezone().date()
    try:
        return dt.date.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None


def _reporter(wb, data_ws) -> str:  # noqa: ANN001
    """填报人 and 联系电话 as written on the cover (any other sheet), or ''."""
    found: dict[str, str] = {}
    for ws in wb.worksheets:
        if ws is data_ws:
            continue
        for row in ws.iter_rows(max_row=_SCAN_ROWS, max_col=4, values_only=True):
            for label, value in zip(row, row[1:]):
                if _text(label) in ("填报人", "联系电话") and _text(value):
                    found.setdefault(_text(label), _note(value))
    return " ".join(found[k] for k in ("填报人", "联系电话") if k in found)
