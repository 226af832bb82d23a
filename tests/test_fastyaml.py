"""The libyaml reader (fastyaml.py) against ruamel's round-trip reader, tree for tree.

Every YAML file in the repository, a set of tricky inputs and a few hundred mutated ones
must come out of fastyaml.load exactly as out of ruamel: the same keys in the same order,
the same values of the same Python types (ScalarInt, ScalarFloat, DoubleQuotedScalarString
... with the same attributes), the same flow/block style, the same line and column of every
key and list item. Or load must refuse (Unsupported), and parse_yaml then reads with ruamel.
Comments are not compared (the fast tree has none), nor the position of an empty value.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from fazhi_draft.input import fastyaml
from fazhi_draft.errors import UserError
from fazhi_draft.input.load import load_report
from fazhi_draft.input.locate import line_of
from fazhi_draft.input.parse import parse_yaml
from fazhi_draft.input.parse import round_trip_yaml as _yaml
from fazhi_draft.input.write import dump_tree

ROOT = Path(__file__).resolve().parents[1]
# tests/bad_inputs holds files broken on purpose (undecodable, past the limits): not for comparing trees.
FILES = sorted(p for d in ("samples", "tests") for p in (ROOT / d).rglob("*.yaml") if "bad_inputs" not in p.parts)
pytestmark = pytest.mark.skipif(fastyaml.CParser is None, reason="PyYAML with libyaml is not installed")


def _difference(fast, ref, path: str = "$") -> str | None:
    """Where two trees differ, or None."""
    if type(fast) is not type(ref):
        return f"{path}: {type(fast).__name__} {fast!r} != {type(ref).__name__} {ref!r}"
    if isinstance(fast, (CommentedMap, CommentedSeq)):
        if (fast.lc.line, fast.lc.col) != (ref.lc.line, ref.lc.col):
            return f"{path}: at {fast.lc.line}:{fast.lc.col} != {ref.lc.line}:{ref.lc.col}"
        if fast.fa.flow_style() != ref.fa.flow_style():
            return f"{path}: flow style {fast.fa.flow_style()} != {ref.fa.flow_style()}"
        if isinstance(fast, CommentedMap):
            if list(fast) != list(ref) or [type(k) for k in fast] != [type(k) for k in ref]:
                return f"{path}: keys {list(fast)} != {list(ref)}"
            for key in fast:  # key position always; value position unless the value is empty
                n = 2 if fast[key] is None else 4
                if fast.lc.key(key) != ref.lc.key(key) or fast.lc.data[key][:n] != ref.lc.data[key][:n]:
                    return f"{path}.{key}: at {fast.lc.data[key]} != {ref.lc.data[key]}"
                if line_of(fast, key) != line_of(ref, key):
                    return f"{path}.{key}: line_of {line_of(fast, key)} != {line_of(ref, key)}"
            pairs = [(f"{path}.{k}", fast[k], ref[k]) for k in fast]
        else:
            if len(fast) != len(ref) or fast.lc.data != ref.lc.data:
                return f"{path}: items at {fast.lc.data} != {ref.lc.data}"
            if any(line_of(fast, i) != line_of(ref, i) for i in range(len(fast))):
                return f"{path}: line_of of an item differs"
            pairs = [(f"{path}[{i}]", a, b) for i, (a, b) in enumerate(zip(fast, ref))]
        return next((d for p, a, b in pairs if (d := _difference(a, b, p))), None)
    both_nan = isinstance(fast, float) and math.isnan(fast) and math.isnan(ref)
    if fast != ref and not both_nan:
        return f"{path}: {fast!r} != {ref!r}"
    if getattr(fast, "__dict__", {}) != getattr(ref, "__dict__", {}):  # ScalarInt width, ScalarFloat prec...
        return f"{path}: attributes {fast.__dict__} != {ref.__dict__}"
    return None


def _compare(text: str) -> str:
    """'same', 'fallback' (fast refused, ruamel read it) or 'both fail'; asserts the rest."""
    try:
        ref, ref_error = _yaml().load(text), None
    except Exception as exc:  # noqa: BLE001 - whatever ruamel raises, the fast reader must refuse
        ref, ref_error = None, exc
    try:
        fast = fastyaml.load(text)
    except fastyaml.Unsupported:
        return "both fail" if ref_error else "fallback"
    assert ref_error is None, f"ruamel fails ({ref_error!r}) where libyaml reads {text!r}"
    difference = _difference(fast, ref)
    assert difference is None, f"{difference}\n{text!r}"
    return "same"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_in_the_repository(path):
    text = path.read_text(encoding="utf-8-sig")
    expected = "both fail" if path.name == "FZ001.yaml" else "same"  # FZ001: a syntax error
    assert _compare(text) == expected


SCALARS = [
    "yes", "no", "on", "off", "y", "n", "Yes", "true", "True", "TRUE", "false", "False", "FALSE", "tRUE",
    "null", "Null", "NULL", "~", "", "12", "+12", "-12", "0", "-0", "00", "017", "0001", "0O17", "0X1f",
    "123456789012345678901234567890", "1.5", "1.", "-.5", ".5", "+.5", "0.", "0.50", "00.5", "-00.50",
    "-0.0", "3.14159265358979323846", ".inf", "-.inf", "+.inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN",
    "2024-01-15", "2024-1-5", "12:30", "1:20:30", "1,000", "1e", "e3", "0x", "0xg", "_1", "+", ".",
    "'yes'", '"12"', "'2024-01-15'", "''", '""', "'it''s'", r'"a\tb\u4e2d\x41\/\N\_"', "a # comment",
    "a#b", "'a # b'", "http://x.y/z?a=1#f", "2024年3月10日", "99.8%", "1.39万", "待补", "１２", "'中文：冒号'",
    '"全角“引号”：冒号"', "中文：冒号", "'a: b'", "[1, 2.5, yes, ~, '3']", "{a: 1, b: [c, d]}", "[]", "{}",
]


@pytest.mark.parametrize("value", SCALARS)
def test_scalar_forms(value):
    assert _compare(f"key: {value}\nlist:\n  - {value}\n  - x: {value}\n") == "same"
    if value and value[0] not in "[{" and "#" not in value:
        assert _compare(f"{value}: v\n") == "same"  # as a key


DOCUMENTS = {
    "comments": "# top\n\nmeta:  # eol\n  # own line\n  organ: 某县人民政府  # after\n\n  year: 2024\n# end\n",
    "flow": "a: [1, {b: c, d: [e, f]}, ~]\ng: {h: i}\nfigures: {x: {label: 某数, value: 3, unit: 件}}\n",
    "nested lists": "- a\n- - b\n  - c\n- d: e\n  f:\n    - g\n    -\n    - ''\n",
    "plain multi-line": "k: 第一行\n  第二行\n\n  第三段\nz: 1\n",
    "quoted multi-line": 'k: "一\n  二\n\n  三"\nj: \'a\n  b\'\nz: 1\n',
    "escaped line break": 'k: "line1\\\n  line2"\n',
    "Chinese with colons": "text: '依法行政：推进改革'\nlabel: \"“放管服”：改革\"\n标题：冒号: 值\n",
    "CRLF": "meta:\r\n  organ: 某局\r\n  year: 2024\r\npoints:\r\n  - a\r\n  - b\r\n",
    "lone CR": "a: 1\rb: 2\r",
    "no final line break": "a:\n  b: 1\n  c: 2",
    "empty": "",
    "only comments": "# 只有注释\n# second\n",
    "only a document start": "---\n",
    "document start": "---\nk: v\n",
    "explicit keys": "? a\n: b\n? c\n",
    "empty values": "a:\nb:   # note\nc:\n  d:\n  e: 1\nf: {g: , h}\n- \n".replace("- \n", "i:\n  -\n  - j\n"),
    "check block": "meta:\n  year: 2024\ncheck: {ignore: [FZ301, FZ4]}\n",
    "check block, block style": "check:\n  ignore:\n    - FZ301\n    - 'FZ4'\n",
    "int keys": "2024: a\n0: b\n1.5: c\ntrue: d\n~: e\n",
    "astral and wide spaces": "k: 😀\u3000全角空格\u00a0不换行空格\u200b\n",
    "long line": "k: " + "很长的一段文字，" * 400 + "\n",
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_documents(name):
    assert _compare(DOCUMENTS[name]) == "same"


FALLBACKS = {
    "anchor and alias": "a: &x 1\nb: *x\n",
    "anchor alone": "a: &x {b: 1}\n",
    "merge key": "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",
    "merge key without alias": "c:\n  <<: {x: 1}\n",
    "value indicator": "a: =\n",
    "explicit tag": "a: !!str 12\n",
    "local tag": "a: !foo bar\n",
    "non-specific tag": "a: ! 12\n",
    "tagged map": "a: !!map {b: 1}\n",
    "set": "a: !!set {b, c}\n",
    "literal block": "a: |\n  line\n  line\n",
    "folded block": "a: >\n  line\n  line\n",
    "tab in a value": "a: 'x\ty'\n",
    "byte order mark in the text": "a: 1\n\ufeffb: 2\n",
    "line separator": "a: 一\u2028二\n",
    "next line": "a: 一\x85二\n",
    "directive": "%YAML 1.1\n---\na: yes\n",
    "tag directive": "%TAG !e! tag:example.com,2000:\n---\na: 1\n",
    "document end": "a: 1\n...\n",
    "hex": "a: 0x1F\n", "octal": "a: 0o17\n", "binary": "a: 0b101\n", "underscore int": "a: 1_000\n",
    "exponent": "a: 1e3\n", "exponent float": "a: 6.02e+23\n", "underscore float": "a: 1.5_0\n",
    "datetime": "a: 2024-01-15 10:00:00\n", "datetime T": "a: 2024-01-15T10:00:00Z\n",
    "complex key": "? [a, b]\n: c\n",
    "map key": "? {a: b}\n: c\n",
}


@pytest.mark.parametrize("name", FALLBACKS)
def test_fallbacks(name):
    """libyaml leaves these to ruamel: read_only=True gives ruamel's tree, comments and all."""
    text = FALLBACKS[name]
    with pytest.raises(fastyaml.Unsupported):
        fastyaml.load(text)
    assert dump_tree(parse_yaml(text, Path("x.yaml"), read_only=True)) == dump_tree(_yaml().load(text))


ERRORS = {
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "duplicate nested key": "m:\n  x: 1\n  x: 2\n",
    "duplicate key in a flow map": "m: {x: 1, x: 2}\n",
    "second colon": "meta:\n  organ: 某县: 人民政府\n",
    "bad indentation": "meta:\n  organ: a\n kind: b\n",
    "unclosed quote": "a: \"abc\nb: 1\n",
    "unclosed flow": "a: [1, 2\nb: 1\n",
    "tab indentation": "a:\n\tb: 1\n",
    "tab after a colon": "a:\tb\n",
    "undefined alias": "a: *x\n",
    "list under a key": "a: 1\n- b\n",
    "invalid date": "meta:\n  date: 2025-02-30\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "a second document end": "---\nk: v\n...\n...\n",
    "block scalar header": "k: |#-\n  x\n",
    "block scalar indentation": "k: |-\n \n  \n",
}


@pytest.mark.parametrize("name", ERRORS)
def test_errors_are_ruamels(name):
    """Whatever ruamel says about a broken file, read_only=True says the same."""
    text = ERRORS[name]
    with pytest.raises(fastyaml.Unsupported):
        fastyaml.load(text)

    def outcome(**kw) -> tuple:
        try:
            parse_yaml(text, Path("x.yaml"), **kw)
        except UserError as exc:
            return type(exc), exc.message, exc.line, exc.fix
        except Exception as exc:  # noqa: BLE001 - e.g. the ValueError of an impossible date
            return type(exc), str(exc)
        return ("no error",)

    assert outcome(read_only=True) == outcome()


def test_mutated_inputs():
    """A few hundred small edits of real files (characters dropped, inserted, lines moved):
    the fast reader gives ruamel's tree, or refuses."""
    rng = random.Random(20261130)
    docs = [p.read_text(encoding="utf-8-sig").splitlines(keepends=True) for p in FILES]
    pieces = list(":-\"'#\n{}[],|>?&*!%中：0.e~ ") + ["\n  ", ": ", "- ", "\r\n", "\u3000", "...", "yes", "0x1"]
    seen = set()
    for _ in range(400):
        lines = rng.choice(docs)
        start = rng.randrange(max(1, len(lines) - 20))
        text = "".join(lines[start:start + rng.randint(3, 20)])
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            if rng.random() < 0.4:
                text = text[:at] + text[at + 1:]
            else:
                text = text[:at] + rng.choice(pieces) + text[at:]
        seen.add(_compare(text))
    assert seen == {"same", "fallback", "both fail"}


def test_without_pyyaml_everything_is_read_by_ruamel(monkeypatch):
    monkeypatch.setattr(fastyaml, "CParser", None)
    with pytest.raises(fastyaml.Unsupported):
        fastyaml.load("a: 1\n")
    loaded = load_report(ROOT / "samples" / "2024.yaml", read_only=True)
    assert loaded.report.meta.year == 2024 and loaded.tree.ca.comment  # ruamel kept the comments


def test_a_fast_tree_is_never_written_back():
    fast = load_report(ROOT / "samples" / "2024.yaml", read_only=True)
    with pytest.raises(ValueError):
        dump_tree(fast.tree)
    slow = load_report(ROOT / "samples" / "2024.yaml")
    assert "# yaml-language-server" in dump_tree(slow.tree)
    assert fast.report == slow.report


def test_check_and_render_read_with_libyaml(monkeypatch, tmp_path):
    """check and render (and the prior year's file) do not go through ruamel's loader."""
    from ruamel.yaml import YAML

    from fazhi_draft.check import check_file
    from fazhi_draft.verbs.render import render_file

    for name in ("2023.yaml", "2024.yaml"):
        (tmp_path / name).write_bytes((ROOT / "samples" / name).read_bytes())

    def refuse(self, stream):  # noqa: ANN001, ANN202
        raise AssertionError("ruamel was asked to read an input file")

    from fazhi_draft.structure import load_spec
    from fazhi_draft.layout import load_profile

    load_spec(), load_profile()  # the package's own YAML may be read by ruamel: do it first
    monkeypatch.setattr(YAML, "load", refuse)
    result = check_file(tmp_path / "2024.yaml")
    assert result.prior_year == 2023 and not result.has_errors
    assert render_file(tmp_path / "2024.yaml", tmp_path / "out.md", fmt="md").output.exists()
