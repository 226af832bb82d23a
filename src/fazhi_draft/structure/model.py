"""The pydantic model of the standard structure spec (standard.yaml).

The spec is the one source of truth: the questionnaire, the checker, the JSON Schema,
the composer and `outline` all read it. A bad spec fails loudly at load time.
"""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kind = Literal["count", "person_times", "percent", "money", "days", "number"]

# Whether a kind's figures are whole numbers, unless an indicator says otherwise (`whole:`).
# Counts of cases, items, sessions and persons are; percentages, amounts of money and
# durations are not (企业开办时间 0.5个工作日, 审批时限压缩 2.5小时, 挽回损失 12.6万元).
KIND_WHOLE: dict[str, bool] = {
    "count": True,
    "person_times": True,
    "percent": False,
    "money": False,
    "days": False,
    "number": False,
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Strict):
    """One figure a report may state. `hint` says exactly what it counts."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    unit: str
    kind: Kind
    hint: str
    whole: bool = Field(description="only whole numbers make sense; default: KIND_WHOLE[kind]")

    @model_validator(mode="before")
    @classmethod
    def _whole_from_kind(cls, data: object) -> object:
        """`whole` as the spec states it for this indicator, else its kind's default."""
        if isinstance(data, dict) and data.get("whole") is None and data.get("kind") in KIND_WHOLE:
            return {**data, "whole": KIND_WHOLE[data["kind"]]}
        return data


class NotMoreThan(_Strict):
    """Each figure in `chain` must not exceed the one before it (收到 >= 受理 >= 办结)."""

    kind: Literal["not_more_than"] = "not_more_than"
    chain: list[str] = Field(min_length=2)
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
    why: str = ""


class RateOf(_Strict):
    """`rate` (a percent) is `numerator` / `denominator`; derived when not given."""

    kind: Literal["rate"] = "rate"
    rate: str
    numerator: str
    denominator: str
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


class OrganKind(_Strict):
    key: str
    label: str
    self_ref: str = Field(description="how the text refers to the organ: 我县/我区/我市/我局")
    party: str = Field(description="the Party body whose study group is meant: 县委/局党组")
    committee: str = Field(description="the body leading 依法治理 at this level")


class Spec(_Strict):
    version: int
    title_pattern: str
    outlines: list[StaleReference] = Field(description="纲要 by period, for the opening")
    organ_kinds: list[OrganKind]
    parts: list[Part]
    stale_references: list[StaleReference] = []

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
                for key in _relation_keys(rel):
                    if key not in seen:
                        raise ValueError(f"relation in {section.key} names unknown indicator {key}")
                if isinstance(rel, RateOf) and self.indicator(rel.rate).kind != "percent":
                    raise ValueError(f"rate {rel.rate} is not a percent")
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

    def indicator(self, key: str) -> Indicator:
        return self.indicators[key]

    @cached_property
    def indicators(self) -> dict[str, Indicator]:
        return {i.key: i for s in self.sections for i in s.indicators}

    def organ_kind(self, key: str) -> OrganKind:
        return next(k for k in self.organ_kinds if k.key == key)

    def outline_for(self, year: int) -> StaleReference | None:
        """The 纲要 current in `year`, or None when none is known (say nothing then)."""
        for ref in self.outlines:
            if ref.valid_from <= year <= (ref.valid_to or 9999):
                return ref
        return None


def _relation_keys(rel: Relation) -> list[str]:
    if isinstance(rel, NotMoreThan):
        return list(rel.chain)
    if isinstance(rel, SumOf):
        return [rel.total, *rel.parts]
    return [rel.rate, rel.numerator, rel.denominator]
