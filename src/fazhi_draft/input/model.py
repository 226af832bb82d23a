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
    # The author's own section (a key the spec does not know, with a title): the standard
    # section it counts as, for defaults, the questionnaire and the completeness check.
    like: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.figures or self.custom or self.points)


class PartInput(BaseModel):
    """A level-1 part as the file orders it: `measures` (the umbrella 主要举措和成效, with its
    own `title` and its `sections`' keys in the file's order), or one section standing at
    the top level (`key` is the section's; its title is the section's own)."""

    key: str
    title: Title | None = None
    sections: list[str] = []


class ReportInput(BaseModel):
    """A whole year's input; `sections` keyed by the file's section keys (a standard section's
    key, or the author's own), in the file's order; `parts` the level-1 parts in the file's
    order (None: a report built in memory, laid out in the spec's order, see `layout`)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    meta: Meta
    opening: Text | None = None
    sections: dict[str, SectionInput] = {}
    parts: list[PartInput] | None = None
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


MEASURES = "measures"  # the umbrella part 主要举措和成效: the spec's part whose sections are not flat


def layout(report: ReportInput, spec: Spec) -> list[PartInput]:
    """The level-1 parts of `report` in order: as the file has them, or (a report built in
    memory) the spec's order of the sections it holds."""
    parts = getattr(report, "parts", None)  # a report read from prose (check/prose.py) has none
    if parts is not None:
        return parts
    out = []
    for part in spec.parts:
        if part.flat:
            if part.key in report.sections:
                out.append(PartInput(key=part.key))
        else:
            keys = [s.key for s in part.sections if s.key in report.sections]
            if keys:
                out.append(PartInput(key=part.key, sections=keys))
    return out


def section_path(report: ReportInput, spec: Spec, key: str) -> tuple[str, ...]:
    """Where section `key` (standard or the author's own) stands in the file: ('measures',
    'leadership') or ('duty',); where the spec puts it when the report does not hold it."""
    for part in layout(report, spec):
        if part.key == key and not part.sections:
            return (key,)
        if key in part.sections:
            return (part.key, key)
    return yaml_path(spec, key) if any(s.key == key for s in spec.sections) else (key,)


def counts_as(report: ReportInput, spec: Spec, key: str) -> str | None:
    """The standard section that section `key` counts as: itself, its `like:`, or None."""
    if any(s.key == key for s in spec.sections):
        return key
    sec = report.sections.get(key)
    return sec.like if sec is not None else None


def figure_holders(report: ReportInput) -> dict[str, str]:
    """Indicator key -> the key of the section whose `figures:` holds it (keys are unique
    report-wide: a figure is the same figure wherever the author puts it)."""
    return {k: key for key, sec in report.sections.items() for k in sec.figures}


def figures_by_home(report: ReportInput, spec: Spec) -> dict[str, dict[str, Figure]]:
    """Every standard figure of the report wherever it stands, grouped by its home section
    (the spec's), in the spec's order: what the relations and year-on-year checks judge."""
    homes = spec.homes
    found: dict[str, dict[str, Figure]] = {}
    for sec in report.sections.values():
        for k, fig in sec.figures.items():
            found.setdefault(homes[k], {})[k] = fig
    return {s.key: found[s.key] for s in spec.sections if s.key in found}


def yaml_path(spec: Spec, section_key: str) -> tuple[str, ...]:
    """Where a section lives in the YAML: ('measures', 'leadership') or ('duty',)."""
    for part in spec.parts:
        for section in part.sections:
            if section.key == section_key:
                return (part.key,) if part.flat else (part.key, section.key)
    raise KeyError(section_key)
