"""The layout profile: every page, font and spacing value of the draft, as data.

Values live in layout.yaml beside this module, each labelled `standard` (GB/T 9704-2012)
or `local` (office practice). A profile is a base (`gbt9704`) plus named variants
applied in order; a variant replaces whole {value, source} pairs. The .docx writer lays
the page out by a validated `LayoutProfile`, and the composer breaks a long title by the
line it gives (`title_line_chars`); nothing else in the package hard-codes a margin, a
font or a line length. It sits beside tree.py, outside writers/, because both compose
and the writers read it (compose may not import a writer).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

_YAML_PATH = Path(__file__).with_name("layout.yaml")

T = TypeVar("T")
Align = Literal["left", "center", "right"]


class _Model(BaseModel):
    # A typo in layout.yaml must fail loudly, not be ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Model, Generic[T]):
    """One value and where it comes from."""

    value: T
    source: Literal["standard", "local"]
    note: str = ""


class Page(_Model):
    """Page size, margins and header/footer distances, in twips."""

    width: Sourced[int]
    height: Sourced[int]
    margin_top: Sourced[int]
    margin_bottom: Sourced[int]
    margin_left: Sourced[int]
    margin_right: Sourced[int]
    header_distance: Sourced[int]
    footer_distance: Sourced[int]


class Text(_Model):
    """Line pitch (twips, exact), run tightening (1/20 pt), characters a line (the document
    grid) and first-line indent (chars)."""

    line_pitch: Sourced[int]
    char_spacing: Sourced[int]
    chars_per_line: Sourced[int]
    first_line_chars: Sourced[float]

    @field_validator("chars_per_line")
    @classmethod
    def _positive(cls, v: Sourced[int]) -> Sourced[int]:
        if v.value < 1:
            raise ValueError(f"每行字数须为正整数，现为 {v.value}")
        return v


class Font(_Model):
    """A text role: face (set on the East Asian and Latin slots), size, weight."""

    face: Sourced[str]
    size_pt: Sourced[float]
    bold: Sourced[bool]

    @field_validator("size_pt")
    @classmethod
    def _half_points(cls, v: Sourced[float]) -> Sourced[float]:
        # Word stores sizes in half-points (w:sz).
        if v.value <= 0 or (v.value * 2) != int(v.value * 2):
            raise ValueError(f"字号须为 0.5 磅的正整数倍，现为 {v.value}")
        return v

    @property
    def half_points(self) -> int:
        return int(self.size_pt.value * 2)


class Title(Font):
    blank_lines_after: Sourced[int]


class PageNumber(Font):
    format: Sourced[str]
    odd_align: Sourced[Align]
    even_align: Sourced[Align]
    indent_chars: Sourced[float]

    @field_validator("format")
    @classmethod
    def _one_placeholder(cls, v: Sourced[str]) -> Sourced[str]:
        if v.value.count("{page}") != 1:
            raise ValueError(f"页码格式须含且只含一个 {{page}}，现为“{v.value}”")
        return v


class TableText(Font):
    """The text of a table (an attachment's): face, size and weight of the cells, the header
    row's weight, and the exact line pitch of a cell's lines (twips)."""

    header_bold: Sourced[bool]
    line_pitch: Sourced[int]


class Signature(_Model):
    """The organ's name and the date at the end (GB/T 9704 7.3.5).

    `layout` unsealed (7.3.5.2): the organ `right_chars` from the right edge, the date on the
    next line starting `date_shift_chars` right of the organ's first character.
    `layout` sealed (7.3.5.1): the date `right_chars` from the right edge, the organ on the
    line above centred on the date, `blank_lines_before` leaving room for the seal;
    `date_shift_chars` is not used.
    """

    layout: Sourced[Literal["unsealed", "sealed"]]
    blank_lines_before: Sourced[int]
    right_chars: Sourced[float]
    date_shift_chars: Sourced[float]


class Pending(_Model):
    """How a run that must stand out is shown: `pending` placeholders, `marked` text."""

    highlight: Sourced[str]


class LayoutProfile(_Model):
    """A complete, validated layout. `name` records the base and variants applied."""

    name: str
    description: str
    page: Page
    text: Text
    title: Title
    body: Font
    heading1: Font
    heading2: Font
    heading3: Font
    heading4: Font
    page_number: PageNumber
    table: TableText
    signature: Signature
    pending: Pending
    marked: Pending

    def heading(self, level: int) -> Font:
        """The font of heading `level` (1-4)."""
        if level not in (1, 2, 3, 4):
            raise ValueError(f"标题层级须为 1-4，现为 {level}")
        return getattr(self, f"heading{level}")

    @property
    def title_line_chars(self) -> int:
        """How many title characters fit on one line: the type area's width (page width less
        the side margins) over the title's size; 20 for GB/T 9704 (156 mm, 二号 22 pt)."""
        return int(self.type_area_width // (self.title.size_pt.value * 20))

    @property
    def type_area_width(self) -> int:
        """The type area's width in twips: page width less the side margins (8845, 156 mm)."""
        return self.page.width.value - self.page.margin_left.value - self.page.margin_right.value

    @property
    def grid_char_space(self) -> int:
        """w:docGrid/@w:charSpace for `text.chars_per_line` characters a line (-842 for GB/T 9704).

        ECMA-376 17.6.5: the wanted character pitch less the Normal font's size, in 1/4096 pt;
        Word fits floor(width / (size + charSpace / 4096)) characters on a line, so the value
        is rounded down (layout.yaml shows the numbers). The Normal font is the body's (the
        document default the writer sets).
        """
        n = self.text.chars_per_line.value
        # In integers (twips, half-points): 4096 * (W/20n - hp/2) = 4096 * (W - 10 hp n) / 20n.
        return 4096 * (self.type_area_width - 10 * self.body.half_points * n) // (20 * n)

    def faces(self) -> list[str]:
        """Every font face the profile names, in first-use order, without repeats."""
        roles = [self.title, self.body, *(self.heading(n) for n in (1, 2, 3, 4)),
                 self.page_number, self.table]
        return list(dict.fromkeys(r.face.value for r in roles))

    def entries(self) -> Iterator[tuple[str, Any, str, str]]:
        """(dotted path, value, source, note) for every value, in declaration order."""
        yield from _walk(self, "")


class _Variant(_Model):
    description: str
    set: dict[str, Any] = {}  # pydantic copies it; default_factory=dict costs a cold start ~5 ms


class _Catalogue(_Model):
    """layout.yaml as written: base profiles and variants (raw dicts, merged later)."""

    profiles: dict[str, dict[str, Any]]
    variants: dict[str, _Variant]


def load_profile(base: str = "gbt9704", variants: Sequence[str] = ()) -> LayoutProfile:
    """Return the validated profile `base` with `variants` applied left to right.

    Raises ValueError (message in Chinese, listing the valid names) for an unknown name.
    """
    if isinstance(variants, str):  # load_profile("gbt9704", "fixed-28pt") is a slip
        variants = (variants,)
    return _load(base, tuple(variants))


@lru_cache(maxsize=32)
def _load(base: str, variants: tuple[str, ...]) -> LayoutProfile:
    cat = _catalogue()
    if base not in cat.profiles:
        raise ValueError(_unknown_message(base, "基础版式", cat))
    data = copy.deepcopy(cat.profiles[base])
    for name in variants:
        if name not in cat.variants:
            raise ValueError(_unknown_message(name, "版式变体", cat))
        data = _merge(data, cat.variants[name].set)
    data["name"] = "+".join((base, *variants))
    if variants:
        extra = "；".join(cat.variants[n].description for n in variants)
        data["description"] = f"{data.get('description', '')}；{extra}"
    return LayoutProfile.model_validate(data)


def _unknown_message(name: str, kind: str, cat: _Catalogue) -> str:
    hint = ""
    if kind == "基础版式" and name in cat.variants:
        hint = f"“{name}”是版式变体，请作为变体使用。"
    elif kind == "版式变体" and name in cat.profiles:
        hint = f"“{name}”是基础版式，请作为基础版式使用。"
    return (
        f"未知的{kind}“{name}”。{hint}"
        f"可用的基础版式：{'、'.join(cat.profiles)}；"
        f"可用的版式变体：{'、'.join(cat.variants)}。"
    )


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge `over` into a copy of `base`; a {value: ...} pair replaces wholesale."""
    out = dict(base)
    for key, val in over.items():
        is_leaf = isinstance(val, dict) and "value" in val
        if isinstance(val, dict) and not is_leaf and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], val)
        else:
            out[key] = copy.deepcopy(val)
    return out


def _walk(model: BaseModel, prefix: str) -> Iterator[tuple[str, Any, str, str]]:
    for key in type(model).model_fields:
        val = getattr(model, key)
        path = f"{prefix}{key}"
        if isinstance(val, Sourced):
            yield path, val.value, val.source, val.note
        elif isinstance(val, BaseModel):
            yield from _walk(val, path + ".")


@lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    # The parse is cached across runs by the file's hash (datacache.py); validated every time.
    from fazhi_draft.datacache import parsed

    return parsed("layout", _YAML_PATH.read_text(encoding="utf-8"), _parse_yaml, _Catalogue.model_validate)


def _parse_yaml(text: str) -> Any:
    # ruamel in safe mode: no object tags; the file is ours but may be edited by hand.
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(text)
