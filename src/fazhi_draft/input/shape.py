"""The input file's shape, built from the spec: the one description of what a report YAML holds.

`input_schema(spec)` describes a whole file as a pydantic-core schema: the top-level keys;
`measures` (the umbrella 主要举措和成效) with its own `title` and sections; every standard
section (leadership … legal_education, duty, shortcomings, plans, other) at the top level (a
part of its own) or under `measures`; the author's own sections at either level (a key the
spec does not know, with a `title` and optionally `like: <standard section>`); in each
section `title`, `points` and `figures`, whose keys are any indicator of the spec (a figure
is the same figure wherever it stands: once per report, validate.py), each read by
numbers.parse_figure with its kind and `whole` flag, beside custom figures ({label, value,
unit, part_of}); meta, points and custom figures are the pydantic models of model.py
(meta as its fields, `kind` limited to the spec's organ kinds). Each place carries a `Doc`
(model.py) in its metadata: its Chinese name, description and what to say when it is wrong.
Everything that needs the file's shape reads it from here:

  - validate.py validates a file with it in one call (`input_validator`) and turns every
    problem pydantic reports into a message with file, line and field (`Describe` says what
    each place is called, which keys it allows, what to say);
  - schema.py turns it into the JSON Schema editors read (pydantic's own generator);
  - write.annotate writes the notes it carries beside the keys;
  - the questionnaire writes and reads answers in its order and at its places (`yaml_path`,
    `META_KEYS`, `SECTION_KEYS`, `POINT_KEYS`);
  - check's Context finds sections where `yaml_path` puts them.

Why a core schema and not a `create_model` class per section: a prototype with ~36 model
classes (a figures model and a section model per section, measures, the report) added
~40 ms to a `check` cold start on this machine, a fifth of the command (pydantic generates
each class's schema in Python, per class and per field); this description is built in
~7 million instructions (~2 ms) and validated by the same pydantic-core, and pydantic's own
generator turns it into JSON Schema. Pieces are shared where places are alike (one reader
per kind of figure), and an indicator's Doc is made from the spec only when asked.

Shorthands the reader accepts, each where its place is described: a point written as a
plain text is {text: …}; a section written as a list is its points; `points:` written as
one text is a list of one; an empty or blank section is an empty one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic_core import PydanticCustomError, PydanticKnownError, SchemaValidator
from pydantic_core import core_schema as cs

from fazhi_draft.errors import printable
from fazhi_draft.figures.numbers import MAGNITUDES, FigureError, figure_pattern, parse_figure
from fazhi_draft.figures.relations import computable_rates
from fazhi_draft.input.model import BAD_CHARS, MARKS, CustomFigure, Doc, Meta, Point, SubPoint, Wording, _point, clean_text
from fazhi_draft.structure import Indicator, Spec
from fazhi_draft.structure.model import KNOWN_UNITS

DOC = "fazhi_draft"  # the key of a place's Doc in its core schema's metadata

# Orders the questionnaire writes in: the models' and the section description's own.
META_KEYS = tuple(Meta.model_fields)
POINT_KEYS = tuple(Point.model_fields)
SECTION_KEYS = ("title", "figures", "points")
OWN_SECTION_KEYS = ("title", "like", "figures", "points")  # the author's own section (issue 15)
MEASURES_TITLE = "title"  # `measures:` may carry part 一's own title beside its sections
OWN = "fazhi_draft_own"  # metadata flag: a map's extras are the author's own sections (not custom figures)
# Top-level keys besides the parts. `progress` marks a questionnaire progress file
# (questionnaire/progress.py); reading ignores it, so a half-filled progress file still
# renders as a partial draft. `check` holds the checker's settings (check/engine.py reads it).
# `offices` renames offices and moves figures between them for forms/status (forms/offices.py).
# `wording` words the tool's own sentences for this report: unit words, period, rates,
# lead-ins, closing line (model.Wording; compose/composer.py reads it).
TOP_KEYS = ("meta", "opening", "progress", "check", "offices", "wording")


def own_section(value: object) -> bool:
    """A key the spec does not know holds the author's own section when it is a map with a
    title (anything else under such a key is an unknown key: "是不是…")."""
    return isinstance(value, dict) and isinstance(value.get("title"), str) and bool(value["title"].strip())


def yaml_path(spec: Spec, section_key: str) -> tuple[str, ...]:
    """Where the spec puts a section in the file: ('measures', 'leadership') or ('duty',)
    (a report may put it elsewhere: model.section_path)."""
    for part in spec.parts:
        for section in part.sections:
            if section.key == section_key:
                return (part.key,) if part.flat else (part.key, section.key)
    raise KeyError(section_key)


def doc_of(schema: Any) -> Doc | None:
    """The Doc of a place: in the metadata of its schema, or of the map field holding it (an
    indicator's key holds the Indicator, whose Doc is made when asked: 131 at every start)."""
    metadata = schema.get("metadata") if isinstance(schema, dict) else None
    doc = metadata.get(DOC) if isinstance(metadata, dict) else None
    if isinstance(doc, Indicator):
        return Doc(label=doc.label, description=f"{doc.label}（{doc.unit}）：{doc.hint}", note=f"{doc.label}（{doc.unit}）")
    return doc


def _field(schema: cs.CoreSchema, doc: Doc | Indicator | None = None, *, required: bool = False) -> cs.TypedDictField:
    """A key of a map (cs.typed_dict_field written out: built for every indicator at every start)."""
    field: dict[str, Any] = {"type": "typed-dict-field", "schema": schema, "required": required}
    if doc is not None:
        field["metadata"] = {DOC: doc}
    return field  # type: ignore[return-value]


def _with_doc(schema: cs.CoreSchema, **doc: str) -> cs.CoreSchema:
    """`schema` (copied, never changed: pieces are shared) carrying a Doc."""
    return {**schema, "metadata": {**(schema.get("metadata") or {}), DOC: Doc(**doc)}}  # type: ignore[typeddict-item]


# ---------------------------------------------------------------- figures
@lru_cache(maxsize=None)
def figure_input_schema(*, whole: bool, percent: bool, growth: bool = False, computable: bool = False) -> cs.CoreSchema:
    """What a figure may be written as: a YAML number (whole for counts, at most 100 for a
    percent; a growth, year on year, may exceed 100) or a text in the figure language
    (numbers.figure_pattern), pending words, thresholds and targets included, and 计算 for a
    `computable` rate (one the spec works out from two counts)."""
    number = (cs.int_schema if whole else cs.float_schema)(ge=0, le=100 if percent and not growth else None)
    pattern = figure_pattern(whole=whole, percent=percent, growth=growth, computable=computable)
    return cs.union_schema([number, cs.str_schema(pattern=pattern)])


def figure_json(*, whole: bool, percent: bool) -> dict[str, Any]:
    """figure_input_schema as JSON Schema (for a custom figure's value, model.py)."""
    from fazhi_draft.input.schema import json_schema_of

    return json_schema_of(figure_input_schema(whole=whole, percent=percent))


@lru_cache(maxsize=None)
def _figure_reader(whole: bool, percent: bool, unit_magnitude: str, computable: bool = False,
                   growth: bool = False) -> cs.CoreSchema:
    """A figure's value, read by numbers.parse_figure: one schema per kind of number (whole or
    not, percent or not, unit with a magnitude like 万元 or not, a rate that may be 计算 or
    not), shared by the indicators of that kind; each indicator's name and description is on
    its key (see _figures)."""
    def read(raw: object) -> object:
        if isinstance(raw, dict):
            raise PydanticCustomError("standard_as_map", "standard_as_map")
        try:
            return parse_figure(raw, whole=whole, percent=percent, unit=unit_magnitude, computable=computable,
                                growth=growth)
        except FigureError as exc:
            # printable: pydantic-core holds its messages as UTF-8, and the reason may quote a lone surrogate
            raise PydanticCustomError("figure", "{reason}", {"reason": printable(str(exc))}) from None

    json_input = figure_input_schema(whole=whole, percent=percent, growth=growth, computable=computable)
    return cs.no_info_before_validator_function(read, cs.any_schema(), json_schema_input_schema=json_input)


def _figure(ind: Indicator, computable: bool) -> cs.TypedDictField:
    """An indicator's key in its section's figures map; a `computable` rate may be 计算."""
    magnitude = ind.unit[:1] if ind.unit[:1] in MAGNITUDES else ""  # all parse_figure reads of the unit
    reader = _figure_reader(ind.whole, ind.kind == "percent", magnitude, computable, ind.kind == "growth")
    if not computable:
        return _field(reader, ind)  # its Doc: doc_of
    doc = doc_of({"metadata": {DOC: ind}})
    assert doc is not None
    return _field(reader, doc.replace(description=doc.description + "；写“计算”即按件数算出并写入"))


class _Refused:
    """A key of a figures map that is not this section's: why, for the error step."""

    __slots__ = ("why", "ctx")

    def __init__(self, why: str, ctx: tuple[tuple[str, str], ...] = ()):
        self.why, self.ctx = why, ctx


def _unless_refused(value: object) -> object:
    """A key of a map that is none of its own fields: a custom figure (or, under `offices`, an
    indicator), unless the map's sorter refused it (see _FigureKeys, _OfficeKeys)."""
    if isinstance(value, _Refused):
        if value.why == "extra_forbidden":
            raise PydanticKnownError("extra_forbidden")
        raise PydanticCustomError(value.why, value.why, dict(value.ctx))
    return value


class _FigureKeys:
    """Sorts the keys of a figures map: indicators (any of the spec: a figure is the same
    figure wherever it stands), custom figures (a map under any other key), and an unknown
    name with a plain value, refused."""

    def __init__(self, known: frozenset[str]):
        self.known = known

    def __call__(self, value: object) -> object:
        if not isinstance(value, dict):
            return value
        out: dict[str, Any] = {}
        for raw_key, item in value.items():
            key = str(raw_key)  # a custom figure may be named 2024: (YAML reads a number)
            out[key] = item if key in self.known or isinstance(item, dict) else _Refused("extra_forbidden")
        return out


def _figures(spec: Spec, custom: cs.CoreSchema, models: "_Models") -> cs.CoreSchema:
    """A `figures:` block, one description for every section (a definition of its own, so the
    JSON Schema holds the 131 indicators once)."""
    computable = {rate for section in spec.sections for rate in computable_rates(section)}
    fields = {ind.key: _figure(ind, ind.key in computable) for ind in spec.indicators.values()}
    mapping = cs.typed_dict_schema(fields, extras_schema=custom, extra_behavior="allow", total=False)
    sort = _FigureKeys(frozenset(fields))
    schema = cs.nullable_schema(cs.no_info_before_validator_function(sort, mapping), ref="figures")
    doc = dict(expect="应写成“指标键: 数字”的形式", unknown="已知的指标",
               hint="自定义数字请写成 {label: 名称, value: 数字, unit: 单位}",
               description="数字：标准指标按键名填写（任何指标都可以写在任何小节的 figures 下，全文只填一处）；"
                           "标准里没有的写成 {label: 名称, value: 数值, unit: 单位}")
    return _with_doc(models.use(_with_doc(schema, **doc)), **doc)


# ---------------------------------------------------------------- sections
def _blank_is_none(value: object) -> object:
    """A blank text where a text or a section may stand: as if it were left out."""
    return None if isinstance(value, str) and not value.strip() else value


_BLANK = cs.str_schema(pattern=r"^\s*$")  # what _blank_is_none takes for left out (editors accept it too)


def _blank_or(text: cs.CoreSchema) -> cs.CoreSchema:
    """A text that may be left out, or left blank."""
    return cs.no_info_before_validator_function(_blank_is_none, cs.nullable_schema(text),
                                                json_schema_input_schema=cs.nullable_schema(cs.union_schema([text, _BLANK])))


def _section_shorthand(value: object) -> object:
    """A section written as a list is its points; a blank one is an empty one."""
    return {"points": value} if isinstance(value, list) else _blank_is_none(value)


def _points_shorthand(value: object) -> object:
    """`points:` written as one text is a list of one point; left empty, none."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


class _Models:
    """The model classes of the description, each defined once and referred to (pydantic-core
    builds a model once however often it is used; a model's own definitions come along)."""

    def __init__(self) -> None:
        self.definitions: dict[str, cs.CoreSchema] = {}

    def use(self, schema: cs.CoreSchema) -> cs.CoreSchema:
        if schema["type"] == "definitions":
            for definition in schema["definitions"]:  # type: ignore[typeddict-item]
                self.definitions.setdefault(definition["ref"], definition)
            schema = schema["schema"]  # type: ignore[typeddict-item]
        ref = schema.get("ref")
        if ref is None:
            return schema
        self.definitions.setdefault(ref, schema)
        return cs.definition_reference_schema(ref)


class _Pieces:
    """The schemas every section shares (built once per description): a text (model.Text) and a
    title (model.Title), as a sub-point's fields are; the point, a list of them, `points:`,
    a section's title, a custom figure; and every indicator's label and section (homes)."""

    def __init__(self, spec: Spec, models: _Models):
        fields = _model_fields(SubPoint)
        self.text, self.title = fields["text"], fields["title"]
        model = models.use(Point.__pydantic_core_schema__)
        point = cs.no_info_before_validator_function(_point, model,
                                                     json_schema_input_schema=cs.union_schema([self.text, model]))
        point = _with_doc(point, expect="每条要点应为一段文字，或写成 title（小标题）和 text（正文）",
                          description="一条要点：一段文字，或 {title: 小标题, text: 正文}（小标题比所在标题低一级编号）" + MARKS)
        self.point_list = cs.list_schema(point)  # a list of points: what a section written as a list is
        points = cs.no_info_before_validator_function(_points_shorthand, self.point_list,
                                                      json_schema_input_schema=cs.union_schema([self.point_list, self.text]))
        self.points = _with_doc(points, label="要点", expect="应为要点列表，每条以“- ”开头", description="要点，每条以“- ”开头")
        self.section_title = _with_doc(_blank_or(self.title), label="小节标题", expect="小节标题应为文字",
                                       description="改用自己的小节标题（可不填）")
        custom = cs.no_info_before_validator_function(_unless_refused, models.use(CustomFigure.__pydantic_core_schema__))
        self.custom = _with_doc(custom, description="自定义数字：标准结构里没有的指标")
        self.figures = _figures(spec, self.custom, models)
        self.standard = [s.key for s in spec.sections]


def _model_fields(model: type, *, bare: bool = True) -> dict[str, cs.CoreSchema]:
    """The core schemas of a model's fields as model.py declares them; `bare`: with a default
    and an `| None` taken off (the texts of the description are the models' own)."""
    schema = model.__pydantic_core_schema__  # type: ignore[attr-defined]
    while schema["type"] != "model-fields":
        schema = schema["definitions"][-1] if schema["type"] == "definitions" else schema["schema"]
    out = {}
    for name, field in schema["fields"].items():
        value = field["schema"]
        while bare and value["type"] in ("default", "nullable"):
            value = value["schema"]
        out[name] = value
    return out


def _section(pieces: _Pieces, *, title: str, note: str) -> cs.CoreSchema:
    """A standard section: `title`, `figures`, `points` (or the shorthands)."""
    body = cs.typed_dict_schema({"title": cs.typed_dict_field(pieces.section_title, required=False),
                                 "figures": cs.typed_dict_field(pieces.figures, required=False),
                                 "points": cs.typed_dict_field(pieces.points, required=False)},
                                extra_behavior="forbid", total=False)
    assert tuple(body["fields"]) == SECTION_KEYS
    written = cs.union_schema([body, pieces.point_list, _BLANK])  # what the shorthands accept
    schema = cs.no_info_before_validator_function(_section_shorthand, cs.nullable_schema(body),
                                                  json_schema_input_schema=cs.nullable_schema(written))
    return _with_doc(schema, description=title, note=note, expect="应写成 figures（数字）和 points（要点）两项")


def _own_section(pieces: _Pieces) -> cs.CoreSchema:
    """The author's own section (a key the spec does not know): its `title` required, `like:`
    the standard section it counts as (for defaults, outline, the questionnaire and the
    completeness check), `figures` and `points` as in any section. A key without a title
    is refused before (_SectionKeys) as an unknown key."""
    like = _with_doc(cs.literal_schema(pieces.standard), label="标准小节",
                     description="这一节算作哪个标准小节（如 leadership、disputes、duty），可不填")
    title = _with_doc(pieces.title, label="标题", expect="标题应为文字", description="自己的标题")
    body = cs.typed_dict_schema({"title": cs.typed_dict_field(title, required=True),
                                 "like": cs.typed_dict_field(like, required=False),
                                 "figures": cs.typed_dict_field(pieces.figures, required=False),
                                 "points": cs.typed_dict_field(pieces.points, required=False)},
                                extra_behavior="forbid", total=False)
    assert tuple(body["fields"]) == OWN_SECTION_KEYS
    schema = cs.no_info_before_validator_function(_unless_refused, body)
    return _with_doc(schema, description="自己命名的部分或小节：须有 title（标题），like 写它算作哪个标准小节",
                     expect="应写成 title（标题）、figures（数字）和 points（要点）")


class _SectionKeys:
    """Sorts the keys of a map of sections (the top level, `measures`) that are none of its
    own fields: the author's own section (a map with a title), else refused as unknown."""

    def __init__(self, known: frozenset[str]):
        self.known = known

    def __call__(self, value: object) -> object:
        if not isinstance(value, dict):
            return value
        return {key: item if key in self.known or own_section(item) else _Refused("extra_forbidden")
                for key, item in value.items()}


def _sections_map(fields: dict[str, cs.TypedDictField], own: cs.CoreSchema) -> cs.CoreSchema:
    """A map whose other keys are the author's own sections (the top level, `measures`)."""
    mapping = cs.typed_dict_schema(fields, extras_schema={**own, "metadata": {**own["metadata"], OWN: True}},
                                   extra_behavior="allow", total=False)
    return cs.no_info_before_validator_function(_SectionKeys(frozenset(fields)), mapping,
                                                json_schema_input_schema=mapping)


# ---------------------------------------------------------------- offices
_OFFICE_MAX = 100


def _office_name(value: object) -> object:
    """An office's name here: a text Word can store, of at most _OFFICE_MAX characters (stripped)."""
    if not isinstance(value, str) or not value.strip() or BAD_CHARS.search(value) or len(value) > _OFFICE_MAX:
        raise PydanticKnownError("string_type")  # said by the place's Doc: “应为一个部门名称…”
    return value.strip()


class _OfficeKeys:
    """Sorts the keys of `offices:`: the spec's office names (the map's fields), indicator keys
    (taken as extras), anything else refused as an unknown key."""

    def __init__(self, known: frozenset[str]):
        self.known = known  # office names and indicator keys

    def __call__(self, value: object) -> object:
        if not isinstance(value, dict):
            return value
        return {str(key): item if str(key) in self.known else _Refused("extra_forbidden") for key, item in value.items()}


def _offices(spec: Spec) -> cs.CoreSchema:
    """`offices:` {spec office name: this county's name for it, or indicator key: the office
    that holds it here}; editors see the names and keys it allows (propertyNames)."""
    value = _with_doc(cs.no_info_before_validator_function(_office_name, cs.str_schema(),
                                                           json_schema_input_schema=cs.str_schema(min_length=1)),
                      expect=f"应为一个部门名称（不超过{_OFFICE_MAX}个字）", fix="如 县行政审批服务局")
    names = [o.name for o in spec.offices]
    mapping = cs.typed_dict_schema({name: _field(value) for name in names}, total=False, extra_behavior="allow",
                                   extras_schema=cs.no_info_before_validator_function(_unless_refused, value))
    written = cs.dict_schema(keys_schema=cs.literal_schema([*names, *spec.indicators]),
                             values_schema=cs.str_schema(min_length=1))
    schema = cs.no_info_before_validator_function(_OfficeKeys(frozenset(names) | frozenset(spec.indicators)),
                                                  cs.nullable_schema(mapping), json_schema_input_schema=written)
    return _with_doc(schema, unknown="已知的部门名称或指标键", expect="应写成“部门: 本地名称”的形式",
                     fix="如 offices: {政务服务管理局: 县行政审批服务局, legal_aid_cases: 县法律援助中心}",
                     description="报送部门：标准里的部门名称 -> 本地名称，或指标键 -> 报送部门")


# ---------------------------------------------------------------- wording
def _said(reason: str, fix: str = "") -> PydanticCustomError:
    """An error whose message and fix are said here (validate.py words type "said" as given)."""
    return PydanticCustomError("said", "{reason}", {"reason": printable(reason), "fix": printable(fix)})


class _UnitSwap:
    """The value of `wording.units.<word>`: a unit word of the same meaning as <word> (spec
    `unit_synonyms`: 件 -> 宗; 人 -> 人次 is refused, naming what 人 may become)."""

    def __init__(self, spec: Spec, word: str):
        self.spec, self.word = spec, word

    def __call__(self, value: object) -> object:
        word = self.word
        if not isinstance(value, str) or not value.strip():
            raise _said("应为一个单位词", f"如 units: {{{word}: {next(iter(sorted(self.spec.unit_words(word) - {word})), word)}}}")
        to = value.strip()
        if self.spec.same_unit(word, to):
            return to
        same = "、".join(sorted(self.spec.unit_words(word) - {word}))
        if to not in KNOWN_UNITS:
            why, fix = f"“{to}”不是已知的单位词", "请写指标所用的单位词，如 件、项、次、人次"
        else:
            why = "两者意思不同，换了会改变数字的含义"
            fix = "意思不同的数（如人数和人次）是不同的指标，请在 figures 里填对应的指标"
        if same:
            fix = f"“{word}”只能换成意思相同的：{same}；" + fix
        else:
            fix = f"“{word}”没有意思相同的单位词，不能换；" + fix
        raise _said(f"“{word}”不能换成“{to}”：{why}", fix)


def _units_shorthand(value: object) -> object:
    return {} if value is None else value


class _Rates:
    """`wording.rates`: True (every rate the spec works out from two counts), False or left
    empty (none), one name or a list; each name a rate's key or its Chinese label, read as the key."""

    def __init__(self, spec: Spec):
        self.spec = spec
        self.keys = [r for s in spec.sections for r in computable_rates(s)]
        self.by_label = {spec.indicator(r).label: r for r in self.keys}

    def all_or_list(self, value: object) -> object:
        if value is None or value is False:
            return []
        if value is True:
            return list(self.keys)
        return [value] if isinstance(value, str) else value

    def name(self, value: object) -> object:
        if not isinstance(value, str):
            return value  # refused by the literal: “不是已知的…”
        name = value.strip()
        key = self.by_label.get(name, name)
        if key not in self.keys and key in self.spec.indicators:
            raise _said(f"“{name}”不是能按件数算出的比率", f"能算出的比率有：{'、'.join(self.keys)}")
        return key


def _wording(spec: Spec) -> cs.CoreSchema:
    """`wording:` (model.Wording): its fields as the model declares them, but `units` (a key
    per unit word, each taking only a word of the same meaning) and `rates` (the rates the
    spec can compute, by key or label), which need the spec."""
    fields = {name: _field(schema, _field_doc(Wording.model_fields[name]))
              for name, schema in _model_fields(Wording, bare=False).items()}
    words = sorted(KNOWN_UNITS)
    units = cs.typed_dict_schema(
        {w: _field(cs.no_info_before_validator_function(
            _UnitSwap(spec, w), cs.str_schema(), json_schema_input_schema=cs.literal_schema(sorted(spec.unit_words(w)))))
         for w in words}, extra_behavior="forbid", total=False)
    units = cs.no_info_before_validator_function(_units_shorthand, units)
    fields["units"] = _field(_with_doc(units, unknown="已知的单位词", expect="应写成“原单位: 新单位”，如 units: {件: 宗}"),
                             _field_doc(Wording.model_fields["units"]).replace(unknown="已知的单位词"))
    rates = _Rates(spec)
    names = cs.literal_schema([*rates.keys, *rates.by_label])
    item = _with_doc(cs.no_info_before_validator_function(rates.name, cs.literal_schema(rates.keys),
                                                          json_schema_input_schema=names), label="能按件数算出的比率")
    written = cs.union_schema([cs.bool_schema(), cs.none_schema(), names, cs.list_schema(names)])
    fields["rates"] = _field(_with_doc(
        cs.no_info_before_validator_function(rates.all_or_list, cs.list_schema(item), json_schema_input_schema=written),
        expect="应为 true（能算出的比率都写）、false（都不写），或比率的列表，如 [reconsideration_correction_rate]"),
        _field_doc(Wording.model_fields["rates"]))
    assert tuple(fields) == tuple(Wording.model_fields)
    return _with_doc(cs.nullable_schema(cs.typed_dict_schema(fields, extra_behavior="forbid", total=False)),
                     label="措辞设置", unknown="已知的措辞设置", expect="应写成“设置: 值”的形式",
                     fix="如 wording: {units: {件: 宗}, closing: 特此报告。}",
                     description="措辞设置：工具写的句子按本报告的说法（单位、期间、比率、引导语、结束语）")


# ---------------------------------------------------------------- the whole file
def _meta(spec: Spec) -> cs.CoreSchema:
    """Meta's own fields (model.py), `kind` limited to the spec's organ kinds (a literal after
    clean_text: "是不是…" for a typo, an enum for editors); report_input makes the Meta.

    A map of the model's fields rather than a subclass made with create_model, which costs
    every start ~1 ms (pydantic-core reuses a model class's own validator, so limiting one field
    would take a class of its own); Meta validates nothing beyond its fields."""
    assert not Meta.__pydantic_decorators__.model_validators
    kinds = cs.no_info_before_validator_function(clean_text, cs.literal_schema([k.key for k in spec.organ_kinds]))
    fields = {name: _field(kinds if name == "kind" else schema, _field_doc(Meta.model_fields[name]),
                           required=Meta.model_fields[name].is_required())
              for name, schema in _model_fields(Meta, bare=False).items()}
    missing = "缺少 meta（机关名称、机关类型、年度、成文日期）"
    return _with_doc(cs.typed_dict_schema(fields, extra_behavior="forbid"), expect=missing, missing=missing,
                     fix="请参照示例文件补上 meta 一节", label=str(Meta.model_config.get("title") or ""),
                     description="基本信息：机关名称、机关类型、报告年度、成文日期")


def _opaque(json_input: cs.CoreSchema) -> cs.CoreSchema:
    """A key the reader passes on unread (its owner reads it); `json_input` tells editors its shape."""
    return cs.no_info_before_validator_function(lambda value: value, cs.any_schema(), json_schema_input_schema=json_input)


_CHECK_SETTINGS = cs.typed_dict_schema(
    {"ignore": cs.typed_dict_field(_with_doc(cs.list_schema(cs.str_schema(pattern="^[Ff][Zz][0-9]{1,3}$")),
                                             description="不核对的规则代码，如 FZ301；FZ3 表示全部 FZ3xx"), required=False)},
    extra_behavior="forbid", total=False)


def input_schema(spec: Spec) -> cs.CoreSchema:
    """The whole input file, as described at the top of this module."""
    models = _Models()
    pieces = _Pieces(spec, models)
    opening = _blank_or(pieces.text)
    fields: dict[str, cs.TypedDictField] = {
        "meta": cs.typed_dict_field(_meta(spec), required=True),
        "opening": cs.typed_dict_field(_with_doc(opening, label="开头段", expect="开头段应为一段文字",
                                                 description="开头段（可不填，自动生成）" + MARKS), required=False),
        "progress": cs.typed_dict_field(_with_doc(_opaque(cs.dict_schema()),
                                                  description="问卷进度（fazhi-draft new 自动写入，勿手改）"), required=False),
        "check": cs.typed_dict_field(_with_doc(_opaque(_CHECK_SETTINGS), description="核对设置（fazhi-draft check）"),
                                     required=False),
        "offices": cs.typed_dict_field(_offices(spec), required=False),
        "wording": cs.typed_dict_field(_wording(spec), required=False),
    }
    assert tuple(fields) == TOP_KEYS
    own = _own_section(pieces)
    # Every standard section, flat parts (duty …) included, at the top level (a part of its own)
    # or under `measures`; the parts in the spec's order, then the measures' sections.
    sections: dict[str, cs.TypedDictField] = {}
    for part in spec.parts:
        for s in part.sections:
            title = part.title.format(next_year="下一") if part.flat else s.title
            sections[s.key] = cs.typed_dict_field(_section(pieces, title=title, note=part.title if part.flat else s.title),
                                                  required=False)
    measures_part = next(p for p in spec.parts if not p.flat)
    inner = {MEASURES_TITLE: cs.typed_dict_field(_with_doc(_blank_or(pieces.title), label="标题", expect="标题应为文字",
                                                           description="第一部分自己的标题，如 2021年主要工作情况（可不填）"),
                                                 required=False), **sections}
    measures = _with_doc(cs.nullable_schema(_sections_map(inner, own)), description=measures_part.title,
                         note=measures_part.title, unknown="已知的小节", hint="自己的小节请写上 title（标题）",
                         expect="应按小节列出，例如 leadership: 下写 figures 和 points")
    top = {k: f for k, f in sections.items() if not any(p.key == k and not p.flat for p in spec.parts)}
    for part in spec.parts:
        fields[part.key] = cs.typed_dict_field(measures, required=False) if not part.flat else top.pop(part.key)
    fields.update(top)  # the measures' sections, at the top level
    root = _with_doc(_sections_map(fields, own), unknown="已知的顶层项目", hint="自己的部分请写上 title（标题）",
                     expect="内容不是“键: 值”形式的 YAML（或文件为空）", fix="请从示例文件 samples/ 复制后修改")
    return cs.definitions_schema(root, list(models.definitions.values()))


_BUILT: dict[int, tuple[Spec, cs.CoreSchema, SchemaValidator]] = {}


def _built(spec: Spec) -> tuple[cs.CoreSchema, SchemaValidator]:
    """The description of `spec` and its validator, built once per spec in a process."""
    entry = _BUILT.get(id(spec))
    if entry is None or entry[0] is not spec:
        schema = input_schema(spec)
        entry = _BUILT[id(spec)] = (spec, schema, SchemaValidator(schema))
    return entry[1], entry[2]


def described(spec: Spec) -> cs.CoreSchema:
    return _built(spec)[0]


def input_validator(spec: Spec) -> SchemaValidator:
    return _built(spec)[1]


# ---------------------------------------------------------------- reading the description
class Describe:
    """One place of the description: what it is called, which keys it allows, what is below.

    `Describe(schema).at(steps)` follows the steps of a pydantic error's `loc` (map keys and
    list positions, as validated, i.e. after the shorthands are written out)."""

    def __init__(self, schema: Any, doc: Doc | None = None, definitions: dict[str, Any] | None = None):
        if isinstance(schema, dict) and schema.get("type") == "definitions":  # the whole file
            definitions = {d["ref"]: d for d in schema["definitions"]}
            schema = schema["schema"]
        self.definitions = definitions or {}
        self.doc = doc or doc_of(schema) or Doc()
        self.schema = _unwrap(schema, self.definitions)

    def _below(self, schema: Any, doc: Doc | None = None) -> "Describe":
        return Describe(schema, doc, self.definitions)

    def keys(self) -> dict[str, Doc]:
        """The keys a map allows here, in order, each with its Doc; {} when this is no map."""
        kind = self.schema.get("type")
        if kind == "typed-dict":
            return {k: doc_of(f) or doc_of(f["schema"]) or Doc() for k, f in self.schema["fields"].items()}
        if kind == "model":
            return {k: _field_doc(info) for k, info in self.schema["cls"].model_fields.items()}
        return {}

    @property
    def open(self) -> bool:
        """Whether this map also takes keys of the person's own (figures: custom figures)."""
        extras = self.schema.get("extras_schema") if self.schema.get("type") == "typed-dict" else None
        return extras is not None and not (extras.get("metadata") or {}).get(OWN)

    @property
    def takes_own_sections(self) -> bool:
        """Whether this map also takes the author's own sections (the top level, measures)."""
        extras = self.schema.get("extras_schema") if self.schema.get("type") == "typed-dict" else None
        return extras is not None and bool((extras.get("metadata") or {}).get(OWN))

    def child(self, step: Any) -> "Describe | None":
        kind = self.schema.get("type")
        if kind == "typed-dict":
            field = self.schema["fields"].get(step)
            if field is not None:
                return self._below(field["schema"], doc_of(field))
            extras = self.schema.get("extras_schema")
            return self._below(extras) if extras is not None else None
        if kind == "model":
            info = self.schema["cls"].model_fields.get(step)
            if info is None:
                return None
            fields = _unwrap(self.schema["schema"], self.definitions).get("fields", {})  # the model's model-fields
            return self._below(fields[step]["schema"], _field_doc(info)) if step in fields else None
        if kind == "list" and isinstance(step, int):
            return self._below(self.schema.get("items_schema") or cs.any_schema())
        return None

    def at(self, steps: tuple[Any, ...]) -> "Describe | None":
        place: Describe | None = self
        for step in steps:
            place = place.child(step) if place is not None else None
        return place

    def choices(self) -> tuple[str, ...]:
        """The values a closed list (meta.kind) allows; () for any other place."""
        schema = self.schema
        if schema.get("type") == "literal":
            return tuple(str(v) for v in schema["expected"])
        return ()


def _field_doc(info: Any) -> Doc:
    """A model field's Doc: one given in its Annotated[...], with its title as label."""
    given = next((m for m in info.metadata if isinstance(m, Doc)), None) or Doc()
    return given.replace(label=given.label or info.title or "", description=given.description or info.description or "")


def _unwrap(schema: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    """The schema that says what a value is, under validators, defaults, `None`s and references."""
    while isinstance(schema, dict):
        kind = schema.get("type")
        if kind in ("nullable", "default", "function-before", "function-after", "function-wrap", "definitions"):
            schema = schema["schema"]
        elif kind == "definition-ref":
            schema = definitions.get(schema["schema_ref"])
        else:
            return schema
    return {}
