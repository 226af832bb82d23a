"""JSON Schema of the input YAML, generated from the description the reader validates with.

`build_schema` runs pydantic's JSON Schema generator over shape.input_schema(spec), so the
editor checks exactly the shape the reader reads: the same keys, the figure language of
numbers.figure_pattern per indicator (whole counts, percents up to 100), the same limits
on texts, the shorthands. Each place's Doc (its Chinese name and description) becomes its
`title` and `description`, so editors that read the yaml-language-server modeline (VS Code
with the YAML extension) complete indicator keys and show each one's label, unit and hint.

Two presentational steps keep the file readable, without changing what it accepts: model
definitions are written in place (the file's only $defs is the one `figures` block every
section shares: any indicator may stand in any section, so its 131 keys are written once),
and alternatives of different JSON
types whose keywords do not overlap are written as one schema with a list of types
({"type": ["integer", "string"], "minimum": 0, "pattern": …} rather than an anyOf).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import core_schema as cs

from fazhi_draft.input.shape import described, doc_of
from fazhi_draft.structure import Spec, load_spec

TITLE = "法治政府建设年度报告 输入文件（fazhi-draft）"


class _Generator(GenerateJsonSchema):
    """pydantic's generator, adding each place's Doc (shape.py) as its title and description."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False  # titles are the places' Chinese names (their Doc), not "Figures" made from a key

    def generate_inner(self, schema: Any) -> Any:
        return _documented(super().generate_inner(schema), doc_of(schema))

    def typed_dict_field_schema(self, schema: Any) -> Any:
        return _documented(super().typed_dict_field_schema(schema), doc_of(schema))  # an indicator's Doc is on its key


def _documented(out: Any, doc: Any) -> Any:
    if doc is not None and isinstance(out, dict):
        if doc.label and "$ref" not in out:
            out["title"] = doc.label
        if doc.description:
            out["description"] = doc.description
    return out


def json_schema_of(schema: cs.CoreSchema) -> dict[str, Any]:
    """The JSON Schema of a piece of the description, as it appears in the file."""
    generated = _Generator().generate(schema, mode="validation")
    defs = generated.pop("$defs", {})
    kept = {name: _simplify(_inline(defs[name], defs)) for name in SHARED if name in defs}
    out = _simplify(_inline(generated, defs))
    return {**out, "$defs": kept} if kept else out


def build_schema(spec: Spec | None = None) -> dict[str, Any]:
    spec = spec or load_spec()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": TITLE,
            **json_schema_of(described(spec))}


def schema_json(spec: Spec | None = None) -> str:
    return json.dumps(build_schema(spec), ensure_ascii=False, indent=2) + "\n"


SHARED = ("figures",)  # definitions kept as $defs (shape._figures), referred to from every section


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Every {"$ref": "#/$defs/X", …} but the SHARED replaced by X (the description has no
    cycles); the keys beside the reference (a place's own title and description) win."""
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/") and ref.removeprefix("#/$defs/") not in SHARED:
        target = _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {**target, **{k: _inline(v, defs) for k, v in node.items() if k != "$ref"}}
    return {k: _inline(v, defs) for k, v in node.items()}


_ANNOTATIONS = ("title", "description", "default")
# Keywords JSON Schema applies to values of one type only (others, like enum or if, apply to all).
_TYPE_SPECIFIC = {"minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
                  "exclusiveMaximum", "multipleOf", "properties", "required", "additionalProperties",
                  "patternProperties", "propertyNames", "minProperties", "maxProperties", "items", "prefixItems",
                  "minItems", "maxItems", "uniqueItems"}


def _simplify(node: Any) -> Any:
    """anyOf alternatives of different single types, whose other keywords do not overlap,
    as one schema with a list of types (JSON Schema applies each keyword to its own type:
    `pattern` only to strings, `properties` only to objects). Same meaning, fewer levels."""
    if isinstance(node, list):
        return [_simplify(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {k: _simplify(v) for k, v in node.items()}
    options = node.get("anyOf")
    if not isinstance(options, list) or not all(isinstance(o, dict) and isinstance(o.get("type"), (str, list))
                                                for o in options):
        return node
    types = [t for o in options for t in ([o["type"]] if isinstance(o["type"], str) else o["type"])]
    words = [k for o in options for k in o if k not in ("type", *_ANNOTATIONS)]
    if (len(set(types)) != len(types) or len(set(words)) != len(words) or not set(words) <= _TYPE_SPECIFIC
            or {"integer", "number"} <= set(types)):
        return node
    merged: dict[str, Any] = {k: v for k, v in node.items() if k != "anyOf"}
    merged["type"] = types
    for option in options:
        merged.update({k: v for k, v in option.items() if k not in ("type", *_ANNOTATIONS)})
    return merged
