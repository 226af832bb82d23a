"""The fixed words of a form, shared by make.py (writing) and read.py (reading back).

Reading never relies on positions: the data sheet is the one with the KEY_HEADER cell, its
columns are found by their header words, its rows by the hidden indicator key.
"""

from __future__ import annotations

MARK = "fazhi-draft-form"  # first cell of the hidden key column: MARK;year=2025;office=县司法局
KEY_HEADER = "指标键"
COVER_SHEET = "填写说明"
DATA_SHEET = "数据"

# (header, width): the data sheet's columns, left to right. `今年` and `备注` are the only
# editable ones; headers are matched by how they begin, so 今年（2025年） is found as 今年.
COLUMNS = [
    ("序号", 5), ("指标", 22), ("单位", 6), ("说明", 46), ("口径", 16),
    ("去年", 13), ("今年", 13), ("备注", 24), ("状态", 9), (KEY_HEADER, 16),
]
HEADER_ROW = 3


def header(name: str, year: int) -> str:
    """A column's header as printed: 去年（2024年）, 今年（2025年）, 备注（数据来源、说明）."""
    return {"去年": f"去年（{year - 1}年）", "今年": f"今年（{year}年）",
            "备注": "备注（数据来源、说明）", "说明": "说明（统计口径）"}.get(name, name)


def mark(year: int, office: str) -> str:
    return f"{MARK};year={year};office={office}"


def read_mark(text: object) -> dict[str, str] | None:
    """{'year': '2025', 'office': '县司法局'} from a MARK cell, or None."""
    if not isinstance(text, str) or not text.startswith(MARK):
        return None
    out = {}
    for part in text.split(";")[1:]:
        key, _, value = part.partition("=")
        out[key.strip()] = value.strip()
    return out


HOW_TO_WRITE = [
    "只在“{now}”一列填写数字，不写单位：27、1.39万、200余、超过300、约600都可以；百分比写 99.5 或 99.5%，也可写 95%以上。",
    "暂时拿不到的数字写“待补”，并在“备注”里写明预计什么时候能报。",
    "本单位没有这项工作、不掌握这个数的，留空，并在“备注”里说明；数字是零的写 0。",
    "状态为“已填”的行，报告中已有这个数：核对无误不必改动；如有出入，直接改写并在“备注”里说明。",
    "“可不填”的比率由工具按件数计算，填了也会核对。",
    "请不要增删行、改动表格结构（可以调整列宽和行高）；保存为 .xlsx 后报送，文件名不必改。",
]
