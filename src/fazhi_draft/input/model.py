"""ReportInput: one year's answers, as read from YAML or the questionnaire.

Small pydantic models for the parts a person writes (metadata, points); figures are
parsed by numbers.parse_figure against the spec's indicator kinds. The YAML layout
(measures.<section>, duty, shortcomings, plans, other) is mapped to sections here in
one place: `yaml_path(section_key)`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr

from fazhi_draft.limits import MAX_NAME_CHARS, MAX_TEXT_CHARS, MAX_TITLE_CHARS
from fazhi_draft.figures.numbers import Figure
from fazhi_draft.structure import Spec

# C0 controls except tab/newline, U+FFFE/U+FFFF and lone surrogates break lxml (PITFALLS #6).
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Possessive (*+): runs of spaces are taken whole, so a long run cannot make it backtrack.
_CN_DATE = re.compile(r"^\s*+(\d{4})\s*+[年.\-/]\s*+(\d{1,2})\s*+[月.\-/]\s*+(\d{1,2})\s*+日?\s*+$")


def clean_text(value: object) -> object:
    """Reject characters Word cannot store, naming the problem in Chinese."""
    if isinstance(value, str):
        m = BAD_CHARS.search(value)
        if m:
            raise ValueError(f"含有无法写入 Word 的控制字符（U+{ord(m.group()):04X}），请删除后重试")
        return value.strip()
    return value


def _text(max_chars: int, min_chars: int = 1) -> Any:
    """The one type of every text field of the input: cleaned by clean_text, then no shorter
    than `min_chars` and no longer than `max_chars` (limits.py). A text that validates here
    can be written into the .docx, so `check` passing means `render` works."""
    return Annotated[str, BeforeValidator(clean_text), Field(min_length=min_chars, max_length=max_chars)]


Text = _text(MAX_TEXT_CHARS)  # points, the opening, paths
Title = _text(MAX_TITLE_CHARS)  # the report's, a section's and a point's title
Name = _text(MAX_NAME_CHARS)  # organ, self-reference, kind, a custom figure's label

_DIGIT = re.compile(r"[0-9０-９]")
UNIT_MAX = 8  # 个工作日, 平方公里, 万人次: a unit is a word, not a phrase
UNIT_PATTERN = rf"^[^0-9０-９\s]{{0,{UNIT_MAX}}}$"  # the JSON Schema says the same (schema.py)


def check_unit(value: object) -> str:
    """A custom figure's unit: a short word without digits (件、人次、万元、%), or ''.
    Raises ValueError with the Chinese reason (the prompt and the YAML reader both show it)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError("单位应是一个词，如 件、项、人次、万元、%")
    text = clean_text(value)
    assert isinstance(text, str)
    if _DIGIT.search(text):
        raise ValueError(f"单位“{text}”含有数字，像是数值；单位应是不含数字的短词，如 件、项、人次、万元、%，"
                         "数值另外填写")
    if not re.fullmatch(UNIT_PATTERN, text):
        raise ValueError(f"单位“{text}”不像单位；单位应是一个短词（不超过{UNIT_MAX}个字，不含空格），如 件、项、人次、万元、%")
    return text


def parse_date(value: object) -> object:
    if isinstance(value, str):
        m = _CN_DATE.match(value)
        if not m:
            raise ValueError("日期应写成 2025-03-10 或 2025年3月10日")
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    return value


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Meta(_Input):
    """Who reports, for which year, dated when."""

    organ: Name = Field(description="机关名称（署名机关），如 青山县人民政府")
    kind: Name = Field(description="机关类型：county 县 / district 区 / city 市 / banner 旗 / township 乡镇 / department 部门")
    year: int = Field(ge=2000, le=2100, description="报告年度，如 2024")
    date: Annotated[dt.date, BeforeValidator(parse_date)] = Field(description="成文日期，如 2025-03-10")
    self_ref: Name | None = Field(None, description="正文中的自称，默认按机关类型：我县/我区/我市/我局")
    title: Title | None = Field(None, description="标题，默认 <机关>关于<年>年度法治政府建设情况的报告")
    reused_from: Text | None = Field(None, description="沿用的上一年度输入文件（相对本文件的路径），由 fazhi-draft new 写入，供同比核对")
    contact: Name | None = Field(None, description="报送表上的联系人和电话，如 县司法局法治督察股 张明 0571-6512345（fazhi-draft forms）")


def _point(value: object) -> object:
    return {"text": value} if isinstance(value, str) else value


class SubPoint(_Input):
    """A sub-item of a titled point; a `title` numbers it （1）（2）…"""

    text: Text
    title: Title | None = None


class Point(_Input):
    """A free-text measure. A `title` makes it a numbered run-in heading (1.标题。正文)."""

    text: Text
    title: Title | None = None
    # default=[] rather than default_factory=list: pydantic copies mutable defaults anyway, and
    # inspecting the builtin `list` costs a cold start ~5 ms (tokenize compiles its regexes).
    items: list[Annotated[SubPoint, BeforeValidator(_point)]] = Field(
        default=[], description="下一级要点，带小标题的编为（1）（2）")
    carried: bool = Field(False, description="从去年沿用、尚未确认的内容")


class CustomFigure(_Input):
    """A figure the spec does not know; kept and rendered as written."""

    label: Name
    value: object
    unit: Annotated[str, BeforeValidator(check_unit), Field(max_length=MAX_NAME_CHARS)] = ""
    part_of: Name | None = Field(None, description="是哪个标准指标（总数）的又一个分项，如 docs_cleaned")


class SectionInput(BaseModel):
    """What a section holds after parsing: figures by key, custom figures, points."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    title: Title | None = None
    figures: dict[str, Figure] = {}
    custom: list[tuple[str, CustomFigure, Figure]] = []  # (yaml key, declaration, parsed)
    points: list[Annotated[Point, BeforeValidator(_point)]] = []

    @property
    def is_empty(self) -> bool:
        return not (self.figures or self.custom or self.points)


class ReportInput(BaseModel):
    """A whole year's input; `sections` keyed by spec section key, in spec order."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    meta: Meta
    opening: Text | None = None
    sections: dict[str, SectionInput] = {}
    # Who holds which figures here (fazhi-draft forms/status): an office's generic name from the
    # spec -> this county's name for it, or an indicator key -> the office that holds it here.
    offices: dict[str, str] = {}
    # The figures the author marked in the texts (【103】, figures/intext.py), read once: intext.table(report, spec).
    _intext: Any = PrivateAttr(None)


def has_marks(report: ReportInput) -> bool:
    """Some text of the report has a bracket 【 or 】 (figures marked in the text, read by
    figures/intext.py, which is imported only then: a `check` without them stays light)."""
    def marked(text: str | None) -> bool:
        return bool(text) and ("【" in text or "】" in text)  # type: ignore[operator]

    if marked(report.opening):
        return True
    for sec in report.sections.values():
        for point in sec.points:
            if marked(point.text) or marked(point.title) or any(marked(s.text) or marked(s.title) for s in point.items):
                return True
    return False


def yaml_path(spec: Spec, section_key: str) -> tuple[str, ...]:
    """Where a section lives in the YAML: ('measures', 'leadership') or ('duty',)."""
    for part in spec.parts:
        for section in part.sections:
            if section.key == section_key:
                return (part.key,) if part.flat else (part.key, section.key)
    raise KeyError(section_key)
