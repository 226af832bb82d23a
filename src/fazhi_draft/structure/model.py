"""The pydantic model of the standard structure spec (standard.yaml).

The spec is the one source of truth: the questionnaire, the checker, the JSON Schema,
the composer and `outline` all read it. A bad spec fails loudly at load time.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kind = Literal["count", "person_times", "percent", "growth", "money", "days", "number"]

# Whether a kind's figures are whole numbers, unless an indicator says otherwise (`whole:`).
# Counts of cases, items, sessions and persons are; percentages, amounts of money and
# durations are not (企业开办时间 0.5个工作日, 审批时限压缩 2.5小时, 挽回损失 12.6万元).
KIND_WHOLE: dict[str, bool] = {
    "count": True,
    "person_times": True,
    "percent": False,
    "growth": False,
    "money": False,
    "days": False,
    "number": False,
}


# The unit words an indicator may have. A unit outside this list is a typo in the spec
# (件件, 人 次) or a new word that needs a thought first: add it here, and to a group of
# `unit_synonyms` in standard.yaml if it means the same as a word already listed.
KNOWN_UNITS: frozenset[str] = frozenset({
    "件", "宗", "起", "卷", "份", "册", "张", "条", "篇", "项", "类", "种", "个", "家", "所", "处", "部",
    "台", "户", "名", "人", "人次", "户次", "家次", "件次", "次", "轮", "场", "场次", "期", "讲", "堂", "分",
    "%", "元", "万元", "亿元", "天", "日", "个工作日", "小时",
})

# Units with a dimension share a synonym group only with units of the same dimension: a
# person (人, 名) is not a person-time (人次), 万元 is not 元, a working day is not a day.
# Plain counting words (件, 宗, 次, 轮 ...) have no entry and may group with one another.
UNIT_DIMENSION: dict[str, str] = {
    "人": "persons", "名": "persons", "人次": "person_times", "户次": "household_times",
    "%": "percent", "元": "yuan", "万元": "wan_yuan", "亿元": "yi_yuan",
    "天": "days", "日": "days", "个工作日": "working_days", "小时": "hours", "分": "score",
}

# The unit (or units) each kind of figure must be counted in; kinds not listed take any
# counting word that has no dimension (件, 项, 次, 名 ... but not 人次 or %).
KIND_UNITS: dict[str, frozenset[str]] = {
    "person_times": frozenset({"人次", "户次"}),
    "percent": frozenset({"%"}),
    "growth": frozenset({"%"}),
    "money": frozenset({"元", "万元", "亿元"}),
    "days": frozenset({"天", "日", "个工作日", "小时"}),
}

# Clause punctuation cannot be inside a phrase (a phrase is looked for within one clause),
# nor spaces or half-width brackets (write the full-width form: readers normalise the
# scraped text's half-width punctuation before matching). Digits may (12345热线).
_BAD_IN_PHRASE = set("，。；：、,.;:!?！？()[]【】") | {" ", "\u3000", "\t"}


def _check_phrase(phrase: str) -> str:
    bad = sorted({c for c in phrase if c in _BAD_IN_PHRASE})
    if not phrase or bad or phrase.isdigit():
        raise ValueError(f"phrase {phrase!r} is empty, all digits or holds {bad}: one clause, full-width brackets")
    return phrase


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Strict):
    """One figure a report may state. `hint` says exactly what it counts.

    `scope` (a name from the spec's `scopes:`) says whose figure it is: 本级政府作为被告 and
    全辖区（含下级政府及部门） are different indicators, never one slot filled either way.
    `phrases` are the words published reports use to name it (the in-text markup and the
    import reader find the indicator by them; matched longest first, so a longer phrase
    wins over one it contains); `follow_phrases` (受理, 办结, 成功率 ...) name it only right
    after another figure of the same `topic` in the same sentence ("收到行政复议申请103宗，
    受理91宗"). No phrase names two indicators unless the topic (for follow phrases) or
    the unit written after the figure (人 / 人次, 卷 / %) tells them apart; checked when
    the spec loads.
    A `growth` indicator is the year-on-year change of `growth_of`, in percent: it may
    exceed 100 and may be a decline (the figure carries the direction word 增长/下降).
    """

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=2)
    unit: str
    kind: Kind
    hint: str = Field(min_length=4)
    whole: bool = Field(description="only whole numbers make sense; default: KIND_WHOLE[kind]")
    scope: str = Field(min_length=2, max_length=24, description="whose figure: a name from the spec's scopes")
    topic: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="the follow_phrases' context")
    phrases: list[str] = Field(min_length=1)
    follow_phrases: list[str] = []
    unless: list[str] = Field([], description="words that mean the phrases do not name it (宣传月, 街道办事处)")
    growth_of: str | None = Field(None, description="growth kind: the indicator whose change it is")
    office: str = Field(pattern=r"^[a-z][a-z0-9_]*$",
                        description="the office that usually holds it (a key of the spec's offices); "
                                    "given here only where it differs from the office holding its topic")

    @model_validator(mode="before")
    @classmethod
    def _whole_from_kind(cls, data: object) -> object:
        """`whole` as the spec states it for this indicator, else its kind's default."""
        if isinstance(data, dict) and data.get("whole") is None and data.get("kind") in KIND_WHOLE:
            return {**data, "whole": KIND_WHOLE[data["kind"]]}
        return data

    @model_validator(mode="after")
    def _unit_phrases_growth(self) -> "Indicator":
        if self.unit not in KNOWN_UNITS:
            raise ValueError(f"indicator {self.key}: unit {self.unit!r} is not in KNOWN_UNITS")
        allowed = KIND_UNITS.get(self.kind)
        if allowed is not None and self.unit not in allowed:
            raise ValueError(f"indicator {self.key}: a {self.kind} figure is counted in {sorted(allowed)}, "
                             f"not {self.unit!r}")
        if allowed is None and self.unit in UNIT_DIMENSION and UNIT_DIMENSION[self.unit] != "persons" \
                and not (self.kind == "number" and self.unit == "分"):
            raise ValueError(f"indicator {self.key}: unit {self.unit!r} does not fit kind {self.kind}")
        words = [*self.phrases, *self.follow_phrases]
        for phrase in words:
            _check_phrase(phrase)
        if len(set(words)) != len(words):
            raise ValueError(f"indicator {self.key}: a phrase is listed twice")
        for word in self.unless:
            _check_phrase(word)
            if word in words:
                raise ValueError(f"indicator {self.key}: {word!r} is both a phrase and an unless word")
        if (self.kind == "growth") != (self.growth_of is not None):
            raise ValueError(f"indicator {self.key}: growth_of goes with kind growth, and only with it")
        return self


# How a broken relation is reported. `error` (the default) blocks rendering; `warning`
# is for a relation that holds only when both figures are of the same scope or basis and
# might therefore be a scope mix-up (全辖区 vs 本级政府, 开庭审理 vs 全部应诉案件): it is
# said, never a block. A relation naming indicators of different scopes must be a warning.
Level = Literal["error", "warning"]


class NotMoreThan(_Strict):
    """Each figure in `chain` must not exceed the one before it (收到 >= 受理 >= 办结)."""

    kind: Literal["not_more_than"] = "not_more_than"
    chain: list[str] = Field(min_length=2)
    level: Level = "error"
    why: str = ""


class SumOf(_Strict):
    """`parts` add up to `total` (案卷评查 grades add up to the files reviewed).

    `partial` means the parts listed need not be exhaustive, so the sum must only not
    exceed the total (e.g. 复议 decisions named in a report rarely cover every outcome).
    """

    kind: Literal["sum"] = "sum"
    total: str
    parts: list[str] = Field(min_length=2)
    partial: bool = False
    # Parts only some places have (重新计算有效期 where documents carry a validity period):
    # the other parts all stated is every part stated.
    local: list[str] = []
    level: Level = "error"
    why: str = ""

    @model_validator(mode="after")
    def _local_among_parts(self) -> "SumOf":
        if not set(self.local) <= set(self.parts):
            raise ValueError(f"sum of {self.total}: local parts {sorted(set(self.local) - set(self.parts))} not among its parts")
        return self


class RateOf(_Strict):
    """`rate` (a percent) is `numerator` / `denominator`; derived when not given."""

    kind: Literal["rate"] = "rate"
    rate: str
    numerator: str
    denominator: str
    level: Level = "error"
    why: str = ""


Relation = NotMoreThan | SumOf | RateOf


class DatedTitle(_Strict):
    """A heading used for reports up to year `until` (e.g. before 习近平法治思想 was named)."""

    until: int
    title: str


class Section(_Strict):
    """A sub-section of 主要举措和成效, in the order of the 2021-2025 纲要."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    outline_ref: str = Field(description="the 纲要 chapter or regulation item it answers")
    earlier_titles: list[DatedTitle] = []
    indicators: list[Indicator] = []
    relations: list[Relation] = []
    aliases: list[str] = Field([], description="words by which a published report's heading names this "
                                               "section (政府职能, 放管服): `fazhi-draft import` maps the "
                                               "author's headings to sections by them")

    @model_validator(mode="after")
    def _section_aliases_are_phrases(self) -> "Section":
        for alias in self.aliases:
            _check_phrase(alias)
        return self

    def title_for(self, year: int) -> str:
        """The heading for a report of `year`: the oldest dated title that still covers it."""
        for dated in sorted(self.earlier_titles, key=lambda d: d.until):
            if year <= dated.until:
                return dated.title
        return self.title

    @property
    def template(self) -> str:
        return f"{self.key}.j2"


class Part(_Strict):
    """A top-level part of the report (一、二、…)."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(description="may use {next_year}")
    required: bool
    regulation_item: str = Field(description="the 督察工作规定 item it fulfils, or ''")
    flat: bool = Field(False, description="one section, written straight under the part heading")
    sections: list[Section] = Field(min_length=1)
    hint: str = ""
    aliases: list[str] = Field([], description="words by which a finished report's heading (of any level) "
                                                "names this part: 存在的问题, 下一步打算; text under no such "
                                                "heading belongs to the first part")

    @model_validator(mode="after")
    def _aliases_are_phrases(self) -> "Part":
        for alias in self.aliases:
            _check_phrase(alias)
        return self

    @model_validator(mode="after")
    def _flat_has_one_section(self) -> "Part":
        if self.flat and (len(self.sections) != 1 or self.sections[0].key != self.key):
            raise ValueError(f"flat part {self.key} must hold exactly one section named {self.key}")
        return self


class StaleReference(_Strict):
    """A dated reference (a plan, a congress) and the years it is current for."""

    pattern: str
    name: str
    valid_from: int
    valid_to: int | None = None
    replaced_by: str = ""


class Scope(_Strict):
    """A scope an indicator may have: `name` (a short phrase shown by `outline`) and what
    it takes in (`means`), so that two figures of one scope can be compared."""

    name: str = Field(min_length=2, max_length=24)
    means: str


class Office(_Strict):
    """An office that usually holds some figures and is asked for them (`forms`, `status`).

    `name` is the generic name shown on forms (a county renames it in its own input,
    `offices:`); `topics` are the indicator topics it holds; `note` says what it covers or
    who sums its figures (各执法部门: 由司法局汇总).
    """

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=2, max_length=24)
    note: str = ""
    topics: list[str] = []


class OrganKind(_Strict):
    key: str
    label: str
    self_ref: str = Field(description="how the text refers to the organ: 我县/我区/我市/我局")
    party: str = Field(description="the Party body whose study group is meant: 县委/局党组")
    committee: str = Field(description="the body leading 依法治理 at this level")


class KeyFigures(_Strict):
    """The key figures a leader reads first: the attachment table of `render --table` and the
    ★ rows of `check --prior`. `indicators` are indicator keys in the table's order."""

    title: str = Field(min_length=4, description="the table's title; may use {year}")
    indicators: list[str] = Field(min_length=1, max_length=40,
                                  description="about 20-30: the table should fit a page or so")


class Spec(_Strict):
    version: int
    title_pattern: str
    key_figures: KeyFigures
    outlines: list[StaleReference] = Field(description="纲要 by period, for the opening")
    organ_kinds: list[OrganKind]
    scopes: list[Scope] = Field(min_length=1)
    unit_synonyms: list[list[str]] = Field(
        description="groups of unit words that mean the same (件/宗/起); two words are the same "
                    "unit when one group holds both (groups may overlap: 件/份 and 份/册, not 件/册)")
    offices: list[Office] = Field(min_length=1, description="who usually holds which figures")
    parts: list[Part]
    stale_references: list[StaleReference] = []

    @model_validator(mode="before")
    @classmethod
    def _office_from_topic(cls, data: object) -> object:
        """Each indicator's `office`: its own if it names one, else the office holding its topic.
        A topic held by no office, or by two, fails here (with the indicator or topic named)."""
        if not isinstance(data, dict) or not isinstance(data.get("offices"), list) \
                or not isinstance(data.get("parts"), list):
            return data  # malformed: the field validation says what is wrong
        holder: dict[str, str] = {}
        for office in data["offices"]:
            for topic in (office.get("topics") or []) if isinstance(office, dict) else []:
                if topic in holder:
                    raise ValueError(f"topic {topic!r} held by both offices {holder[topic]} and {office.get('key')}")
                holder[topic] = office.get("key")
        parts = []
        for part in data["parts"]:
            if not isinstance(part, dict) or not isinstance(part.get("sections"), list):
                parts.append(part)
                continue
            sections = []
            for section in part["sections"]:
                if isinstance(section, dict) and isinstance(section.get("indicators"), list):
                    inds = []
                    for ind in section["indicators"]:
                        if isinstance(ind, dict) and ind.get("office") is None:
                            if ind.get("topic") not in holder:
                                raise ValueError(f"indicator {ind.get('key')}: no office holds topic "
                                                 f"{ind.get('topic')!r}; list it under an office's topics "
                                                 "or give the indicator an office")
                            ind = {**ind, "office": holder[ind["topic"]]}
                        inds.append(ind)
                    section = {**section, "indicators": inds}
                sections.append(section)
            parts.append({**part, "sections": sections})
        return {**data, "parts": parts}

    @model_validator(mode="after")
    def _unit_synonyms_make_sense(self) -> "Spec":
        seen: set[frozenset[str]] = set()
        for group in self.unit_synonyms:
            words = frozenset(group)
            if len(group) < 2 or len(words) != len(group):
                raise ValueError(f"unit_synonyms group {group}: two or more different words")
            unknown = sorted(words - KNOWN_UNITS)
            if unknown:
                raise ValueError(f"unit_synonyms group {group}: {unknown} not in KNOWN_UNITS")
            dims = {UNIT_DIMENSION.get(w) for w in words}
            if len(dims) > 1:
                raise ValueError(f"unit_synonyms group {group} mixes units of different meaning "
                                 "(人 and 人次, 元 and 万元 are not the same)")
            if words in seen:
                raise ValueError(f"unit_synonyms group {group} listed twice")
            seen.add(words)
        return self

    @model_validator(mode="after")
    def _labels_scopes_topics_phrases(self) -> "Spec":
        scope_names = [s.name for s in self.scopes]
        if len(set(scope_names)) != len(scope_names):
            raise ValueError("duplicate scope name")
        labels: dict[str, str] = {}
        for ind in self.indicators.values():
            if ind.scope not in scope_names:
                raise ValueError(f"indicator {ind.key}: scope {ind.scope!r} is not one of the spec's scopes")
            if ind.label in labels:
                raise ValueError(f"label {ind.label!r} of both {labels[ind.label]} and {ind.key}")
            labels[ind.label] = ind.key
            if ind.growth_of is not None:
                base = self.indicators.get(ind.growth_of)
                if base is None or base.kind in ("percent", "growth"):
                    raise ValueError(f"indicator {ind.key}: growth_of {ind.growth_of!r} is no count or amount")
                if (base.scope, base.topic) != (ind.scope, ind.topic):
                    raise ValueError(f"indicator {ind.key}: scope and topic differ from {base.key}'s")
        # A phrase names one indicator report-wide. It may recur only where the context
        # tells the indicators apart: as a follow phrase of indicators of different topics
        # (受理 after a 复议 figure, 受理 after a 信访 figure), or for indicators counted in
        # different units, which the unit written after the figure picks (受教育群众5万余人
        # vs 10万余人次; 优秀卷15卷 vs 优秀卷25.6%).
        named: dict[str, list[tuple[Indicator, bool]]] = {}
        for ind in self.indicators.values():
            for phrase in ind.phrases:
                named.setdefault(phrase, []).append((ind, False))
            for phrase in ind.follow_phrases:
                named.setdefault(phrase, []).append((ind, True))
        for phrase, users in named.items():
            for n, (a, a_follow) in enumerate(users):
                for b, b_follow in users[n + 1:]:
                    apart = (a_follow and b_follow and a.topic != b.topic) or not self.same_unit(a.unit, b.unit)
                    if not apart:
                        raise ValueError(f"phrase {phrase!r} names both {a.key} and {b.key}: make it longer "
                                         "(a full phrase), or a follow phrase of different topics")
        return self

    @model_validator(mode="after")
    def _part_aliases_apart(self) -> "Spec":
        """A heading's words name one part: no alias of a part holds an alias of another."""
        for part in self.parts:
            for other in self.parts:
                for a in part.aliases:
                    for b in other.aliases:
                        if part is not other and b in a:
                            raise ValueError(f"alias {a!r} of part {part.key} holds {b!r} of part {other.key}")
        return self

    @model_validator(mode="after")
    def _offices_known_and_used(self) -> "Spec":
        keys = [o.key for o in self.offices]
        names = [o.name for o in self.offices]
        if len(set(keys)) != len(keys) or len(set(names)) != len(names):
            raise ValueError("duplicate office key or name")
        topics = {i.topic for i in self.indicators.values()}
        used = {i.office for i in self.indicators.values()}
        for office in self.offices:
            stray = sorted(set(office.topics) - topics)
            if stray:
                raise ValueError(f"office {office.key}: no indicator has topic(s) {stray}")
            if office.key not in used:
                raise ValueError(f"office {office.key} holds no indicator")
        for ind in self.indicators.values():
            if ind.office not in keys:
                raise ValueError(f"indicator {ind.key}: office {ind.office!r} is not one of the spec's offices")
        return self

    @model_validator(mode="after")
    def _keys_unique_and_relations_known(self) -> "Spec":
        seen: dict[str, str] = {}
        for section in self.sections:
            for ind in section.indicators:
                if ind.key in seen:
                    raise ValueError(f"indicator {ind.key} in both {seen[ind.key]} and {section.key}")
                seen[ind.key] = section.key
        section_keys = [s.key for s in self.sections]
        if len(set(section_keys)) != len(section_keys):
            raise ValueError("duplicate section key")
        for section in self.sections:
            for rel in section.relations:
                keys = _relation_keys(rel)
                for key in keys:
                    if key not in seen:
                        raise ValueError(f"relation in {section.key} names unknown indicator {key}")
                    # The checker judges a section's relations on that section's figures.
                    if seen[key] != section.key:
                        raise ValueError(f"relation in {section.key} names {key} of section {seen[key]}")
                if len(set(keys)) != len(keys):
                    raise ValueError(f"relation in {section.key} names an indicator twice: {keys}")
                _check_relation(self, section.key, rel)
        return self

    @model_validator(mode="after")
    def _key_figures_known(self) -> "Spec":
        keys = self.key_figures.indicators
        if len(set(keys)) != len(keys):
            raise ValueError(f"key_figures: an indicator is listed twice: {keys}")
        for key in keys:
            ind = self.indicators.get(key)
            if ind is None:
                raise ValueError(f"key_figures names unknown indicator {key}")
            if ind.kind == "growth":  # already a change: its own year-on-year change means nothing
                raise ValueError(f"key_figures: {key} is a growth figure; list {ind.growth_of} instead")
        try:
            self.key_figures.title.format(year=2024)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"key_figures.title may use {{year}} only: {exc}") from None
        return self

    # --- lookups -------------------------------------------------------------
    # Cached: the checker and composer look indicators up thousands of times per report, and
    # the spec is frozen (validated once, never changed).
    @cached_property
    def sections(self) -> list[Section]:
        return [s for p in self.parts for s in p.sections]

    def part(self, key: str) -> Part:
        return next(p for p in self.parts if p.key == key)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def part_of(self, section_key: str) -> str:
        """The key of the part a standard section belongs to (measures, duty, …)."""
        return next(p.key for p in self.parts for s in p.sections if s.key == section_key)

    def indicator(self, key: str) -> Indicator:
        return self.indicators[key]

    @cached_property
    def indicators(self) -> dict[str, Indicator]:
        return {i.key: i for s in self.sections for i in s.indicators}

    @cached_property
    def homes(self) -> dict[str, str]:
        """Indicator key -> the key of its home section (whose template words it and whose
        relations judge it, wherever a report puts it)."""
        return {i.key: s.key for s in self.sections for i in s.indicators}

    @cached_property
    def _unit_words(self) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for group in self.unit_synonyms:
            for word in group:
                out.setdefault(word, {word}).update(group)
        return {w: frozenset(g) for w, g in out.items()}

    def unit_words(self, unit: str) -> frozenset[str]:
        """Every unit word with the same meaning as `unit`, itself included (件 -> 件 宗 起 …)."""
        return self._unit_words.get(unit, frozenset({unit}))

    def same_unit(self, a: str, b: str) -> bool:
        """True when unit words `a` and `b` mean the same (件 and 宗; not 人 and 人次)."""
        return b in self.unit_words(a)

    def office(self, key: str) -> Office:
        return next(o for o in self.offices if o.key == key)

    def scope(self, name: str) -> Scope:
        return next(s for s in self.scopes if s.name == name)

    def organ_kind(self, key: str) -> OrganKind:
        return next(k for k in self.organ_kinds if k.key == key)

    def outline_for(self, year: int) -> StaleReference | None:
        """The 纲要 current in `year`, or None when none is known (say nothing then)."""
        for ref in self.outlines:
            if ref.valid_from <= year <= (ref.valid_to or 9999):
                return ref
        return None


def _check_relation(spec: "Spec", section: str, rel: Relation) -> None:
    """A relation means something only between figures of one scope and of fitting kinds."""
    inds = [spec.indicator(k) for k in _relation_keys(rel)]
    where = f"relation {_relation_keys(rel)} in {section}"
    scopes = {i.scope for i in inds}
    if len(scopes) > 1 and rel.level != "warning":
        raise ValueError(f"{where} crosses scopes {sorted(scopes)}: make it level: warning, or split it")
    if isinstance(rel, RateOf):
        rate, num, den = inds
        if rate.kind != "percent":
            raise ValueError(f"rate {rel.rate} is not a percent")
        if "percent" in (num.kind, den.kind) or num.kind != den.kind:
            raise ValueError(f"{where}: numerator and denominator must be counts of one kind")
        return
    kinds = {i.kind for i in inds}
    if kinds & {"percent", "growth"} or len(kinds) > 1:
        raise ValueError(f"{where}: a chain or sum adds up figures of one kind, not {sorted(kinds)}")
    units = [i.unit for i in inds]
    if any(not spec.same_unit(units[0], u) for u in units[1:]):
        raise ValueError(f"{where}: units {units} do not mean the same")


def _relation_keys(rel: Relation) -> list[str]:
    if isinstance(rel, NotMoreThan):
        return list(rel.chain)
    if isinstance(rel, SumOf):
        return [rel.total, *rel.parts]
    return [rel.rate, rel.numerator, rel.denominator]
