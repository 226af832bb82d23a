"""The fixed parts of the input and what a read report becomes.

Small pydantic models for the parts a person writes whose shape does not depend on the spec
(metadata, points, a custom figure), each field with its Chinese name (`title`) and, where
the general messages would not say enough, a `Doc` with what to say instead. The rest of the
file's shape (parts, sections, figures) is built from the spec in shape.py, around these.

`ReportInput` (with a `SectionInput` per section) is what a validated file becomes, and what
the checker and the composer read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, PrivateAttr, ValidationError,
                      model_validator)
from pydantic_core import InitErrorDetails, PydanticCustomError

from fazhi_draft.errors import printable
from fazhi_draft.figures.numbers import Figure, FigureError, parse_figure
from fazhi_draft.limits import MAX_NAME_CHARS, MAX_TEXT_CHARS, MAX_TITLE_CHARS

if TYPE_CHECKING:
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


class Doc:
    """What a place in the input is called and what to say about it, beside its shape.

    Kept in the metadata of the description (shape.py) or, for a field of a model below, in
    its `Annotated[...]`; read by the error step (validate.py), the JSON Schema (schema.py)
    and annotate (write.py). Every part is optional. (A plain class: made ~200 times at every
    start, and a NamedTuple or dataclass would cost the class's creation as well.)
    """

    __slots__ = ("label", "description", "note", "expect", "fix", "missing", "bounds", "unknown", "hint")

    def __init__(self, label: str = "", description: str = "", note: str = "", expect: str = "", fix: str = "",
                 missing: str = "", bounds: str = "", unknown: str = "已知的项目", hint: str = ""):
        self.label = label  # short Chinese name: “缺少{label}”, “是不是“key”（label）？”, the JSON title
        self.description = description  # what the editor shows (JSON Schema description)
        self.note = note  # the comment `annotate` writes beside the key; may use {next_year}
        self.expect = expect  # what to say when the value has the wrong shape or type
        self.fix = fix  # how to mend that (or a missing value)
        self.missing = missing  # what to say when it is missing, instead of “缺少{label}”
        self.bounds = bounds  # what to say when a number is out of its range
        self.unknown = unknown  # a map: an unknown key is “不是{unknown}”
        self.hint = hint  # a map: said after "是不是…" for an unknown key, instead of listing the keys

    def replace(self, **changes: str) -> "Doc":
        return Doc(**{**{name: getattr(self, name) for name in self.__slots__}, **changes})

    def __repr__(self) -> str:
        return "Doc(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__ if getattr(self, n)) + ")"


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Meta(_Input):
    """Who reports, for which year, dated when."""

    model_config = ConfigDict(title="基本信息")

    organ: Name = Field(title="机关名称", description="机关名称（署名机关），如 青山县人民政府")
    kind: Name = Field(title="机关类型",
                       description="机关类型：county 县 / district 区 / city 市 / banner 旗 / township 乡镇 / department 部门")
    year: Annotated[int, Doc(expect="应为整数年份，如 2024", bounds="年份不在合理范围（2000—2100）")] = Field(
        ge=2000, le=2100, title="年度", description="报告年度，如 2024")
    date: Annotated[dt.date, BeforeValidator(parse_date)] = Field(title="成文日期", description="成文日期，如 2025-03-10")
    self_ref: Name | None = Field(None, title="自称", description="正文中的自称，默认按机关类型：我县/我区/我市/我局")
    title: Title | None = Field(None, title="标题", description="标题，默认 <机关>关于<年>年度法治政府建设情况的报告")
    reused_from: Text | None = Field(None, title="去年的文件",
                                     description="沿用的上一年度输入文件（相对本文件的路径），由 fazhi-draft new 写入，供同比核对")
    contact: Name | None = Field(None, title="联系人",
                                description="报送表上的联系人和电话，如 县司法局法治督察股 张明 0571-6512345（fazhi-draft forms）")


# Said of every text the author writes (figures/intext.py reads the marks; README “正文里的数字”).
MARKS = "；其中的数字可用【】标出，如 收到行政复议申请【103】宗、【待补】件、纠错率【计算】"


def _point(value: object) -> object:
    """A point (or sub-item) written as a plain text stands for {text: …}."""
    return {"text": value} if isinstance(value, str) else value


class SubPoint(_Input):
    """A sub-item of a titled point; a `title` numbers it （1）（2）…"""

    model_config = ConfigDict(title="下一级要点")

    title: Title | None = Field(None, title="小标题", description="小标题（编为（1）（2）…）")
    text: Text = Field(title="正文", description="正文" + MARKS)


class Point(_Input):
    """A free-text measure. A `title` makes it a numbered run-in heading (1.标题。正文)."""

    model_config = ConfigDict(title="要点")

    title: Title | None = Field(None, title="小标题", description="小标题（比所在标题低一级编号：一级部分下（一）（二），小节下 1. 2.）")
    text: Text = Field(title="正文", description="正文" + MARKS)
    # default=[] rather than default_factory=list: pydantic copies mutable defaults anyway, and
    # inspecting the builtin `list` costs a cold start ~5 ms (tokenize compiles its regexes).
    items: Annotated[
        list[Annotated[SubPoint, BeforeValidator(_point, json_schema_input_type=str | SubPoint)]],
        Doc(expect="应为下一级要点的列表，每条以“- ”开头"),
    ] = Field(default=[], title="下一级要点", description="下一级要点，带小标题的编为（1）（2）")
    carried: bool = Field(False, title="沿用未确认", description="从去年沿用、尚未确认的内容")


def _custom_figure_json(schema: dict[str, Any]) -> None:
    """The JSON Schema of a custom figure's value: the figure language (numbers.figure_pattern),
    a percent when its unit is %, as the reader reads it (`CustomFigure._read_value`)."""
    from fazhi_draft.input.shape import figure_json  # the indicators' own

    schema["if"] = {"required": ["unit"], "properties": {"unit": {"const": "%"}}}
    schema["then"] = {"properties": {"value": figure_json(whole=False, percent=True)}}
    schema["else"] = {"properties": {"value": figure_json(whole=False, percent=False)}}


class CustomFigure(_Input):
    """A figure the spec does not know; kept and rendered as written. `figure` is its value
    read like an indicator's (never whole; a percent when the unit is %)."""

    model_config = ConfigDict(title="自定义数字", json_schema_extra=_custom_figure_json)

    label: Name = Field(title="名称")
    value: object = Field(title="数值")
    unit: Annotated[str, BeforeValidator(check_unit), Field(max_length=MAX_NAME_CHARS)] = Field(
        "", title="单位", description=f"单位：不含数字的短词（不超过{UNIT_MAX}个字），如 件、项、人次、万元、%",
        json_schema_extra={"pattern": UNIT_PATTERN})
    part_of: Name | None = Field(None, title="分项所属总数",
                                 description="是哪个标准指标（总数）的又一个分项，如 docs_cleaned（可不填）")
    _figure: Figure | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _read_value(self) -> "CustomFigure":
        try:
            self._figure = parse_figure(self.value, whole=False, percent=self.unit == "%", unit=self.unit)
        except FigureError as exc:  # reported at `value`, with its line, like any figure
            error = PydanticCustomError("figure", "{reason}", {"reason": printable(str(exc))})  # see shape._read_figure
            raise ValidationError.from_exception_data(
                "CustomFigure", [InitErrorDetails(type=error, loc=("value",), input=self.value)]) from None
        return self

    @property
    def figure(self) -> Figure:
        assert self._figure is not None
        return self._figure


class SectionInput(BaseModel):
    """What a section holds after reading: figures by key, custom figures, points; `compute`:
    the rates its `figures:` give as 计算 (worked out from the counts and printed)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    title: Title | None = None
    figures: dict[str, Figure] = {}
    custom: list[tuple[str, CustomFigure, Figure]] = []  # (yaml key, declaration, parsed)
    points: list[Annotated[Point, BeforeValidator(_point)]] = []
    # The author's own section (a key the spec does not know, with a title): the standard
    # section it counts as, for defaults, the questionnaire and the completeness check.
    like: str | None = None
    compute: list[str] = []  # rates given as 计算 in this section's figures block: the composer works them out

    @property
    def is_empty(self) -> bool:
        return not (self.figures or self.custom or self.points or self.compute)


# --- the `wording:` block (issue 15 items 3, 4) ----------------------------------------
# The settings' own shapes; what needs the spec (which unit words mean the same, which rates
# can be computed) is described in shape.py (_wording), around these fields.

def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value  # blank: as if left out


def _leadin(value: object) -> bool | str:
    """A lead-in setting: left empty, the tool's (True); blank, none (False); a text as written
    (cleaned and measured like every text); true/false. ValueError with the Chinese reason."""
    if value is None:
        return True
    if isinstance(value, bool):
        return value
    if not isinstance(value, str):
        raise ValueError("应为 true（用工具的引导语）、false（不要引导语）或自己写的一句引导语")
    text = clean_text(value)
    assert isinstance(text, str)
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"太长（{len(text)} 个字），上限是 {MAX_TEXT_CHARS} 个字，请删减")
    return text or False


class Wording(_Input):
    """How the tool's own sentences read in this report (`wording:`); every setting optional.

    `units`: unit words swapped in the tool's sentences ({件: 宗}); `period`: the words for
    the period the figures cover (None: 全年, or 今年以来 when the report is dated inside its
    year); `rates`: the derived rates to print (rate keys; True: every one that can be
    computed; the reader writes True out as the list); the lead-ins of 不足 and 安排 (True: the
    tool's; False: none; a text: the author's own); `opening`: the tool's opening paragraph when
    the author gives none (False: none); `closing`: a line before the signature.
    """

    model_config = ConfigDict(title="措辞设置")

    units: dict[str, str] = Field(default={}, title="单位词",
                                  description="工具写的句子里换用的单位词，只能换成意思相同的，如 {件: 宗}")
    period: Annotated[Name | None, BeforeValidator(_blank_is_none)] = Field(
        None, title="期间", description="数字所指的期间：默认“全年”，成文日期在报告年度之内时默认“今年以来”；也可写“截至11月底”")
    rates: bool | list[str] = Field(default=[], title="比率",
                                    description="按件数算出并写入的比率：true 为全部，或比率的指标键（或名称）列表；默认不写")
    shortcomings_leadin: Annotated[bool | str, PlainValidator(_leadin, json_schema_input_type=bool | str | None)] = Field(
        True, title="不足的引导语", description="“存在的不足”的引导语：true 用工具的，false 不要，或写自己的一句")
    plans_leadin: Annotated[bool | str, PlainValidator(_leadin, json_schema_input_type=bool | str | None)] = Field(
        True, title="安排的引导语", description="“下一年度工作安排”的引导语：true 用工具的，false 不要，或写自己的一句")
    opening: bool = Field(True, title="开头段", description="没有自己的 opening 时：true 用工具的开头一段，false 不要（原文没有开头段时）")
    closing: Annotated[Title | None, BeforeValidator(_blank_is_none)] = Field(
        None, title="结束语", description="落款前的结束语，如 特此报告。")


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
    wording: Wording = Wording()  # the `wording:` block: unit words, period, rates, lead-ins, closing
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
    from fazhi_draft.input.shape import yaml_path  # the spec's place (shape.py imports this module)

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
