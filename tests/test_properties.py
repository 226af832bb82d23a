"""Property-based tests (hypothesis) over the input language; a modest number of examples
here, `make fuzz` (tests/fuzz/run.py) runs the same properties on 10,000 and more.

Issue 13 "Must show": mutated sample YAMLs (characters inserted and deleted, values swapped
and replaced, any Unicode with surrogates and controls, deep nesting, anchors and aliases,
huge numbers) never end in an internal error, and `check` reading a file means `render`
works on it.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from fuzz.strategies import ANY_CHAR, ODD_VALUES, mutated_yaml, run_verbs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi_draft.errors import UserError, printable
from fazhi_draft.limits import MAX_DEPTH
from fazhi_draft.figures.numbers import FigureError, format_percent, parse_figure, rate
from fazhi_draft.input.parse import parse_yaml

QUICK = settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))


@settings(QUICK, max_examples=40)
@given(mutated_yaml())
def test_mutated_samples_check_and_render_without_internal_error(text: str):
    """Issue 13: any mutation of a sample is read, refused in words (exit 1) or drafted; never exit 3."""
    with tempfile.TemporaryDirectory() as folder:
        run_verbs(Path(folder), text)


@settings(QUICK, max_examples=15)
@given(mutated_yaml(), mutated_yaml())
def test_mutated_prior_year_file(text: str, prior: str):
    """Issue 13 item 7: last year's file (meta.reused_from) mutated too: the year-on-year
    comparison never ends in an internal error (27-digit figures were decimal.InvalidOperation)."""
    with tempfile.TemporaryDirectory() as folder:
        run_verbs(Path(folder), text, prior=prior, formats=("md",))


@settings(QUICK, max_examples=300)
@given(st.one_of(st.text(ANY_CHAR, max_size=40), st.sampled_from(ODD_VALUES), st.integers(), st.floats(),
                 st.decimals(allow_nan=False)),  # YAML gives int, float (.inf, .nan) or str
       st.booleans(), st.booleans())
def test_figures_parse_or_say_why(raw, whole: bool, percent: bool):
    """Whatever is typed for a figure is a figure or a FigureError; rates of any two format."""
    try:
        fig = parse_figure(raw, whole=whole, percent=percent)
    except FigureError as exc:
        assert str(exc)
        return
    if fig.amount is not None:
        other = parse_figure("0.00000000000001", whole=False, percent=False)
        for a, b in ((fig, other), (other, fig)):
            derived = rate(a, b)
            assert derived is None or derived.text
        assert format_percent(fig.amount * 100, 15)


@settings(QUICK, max_examples=200)
@given(st.text(ANY_CHAR))
def test_messages_always_print(text: str):
    """Issue 13 item 7: a message quoting any text can be written in UTF-8 and in GBK."""
    message = UserError("不是已知的指标", file="in.yaml", line=3, field=text).render()
    message.encode("utf-8")
    message.encode("gbk", "backslashreplace")
    printable(text).encode("utf-8")


@settings(QUICK, max_examples=30)
@given(st.integers(0, 3000), st.sampled_from(["[", "{a: ", "- "]), st.booleans())
def test_nesting_is_read_or_refused(depth: int, opener: str, read_only: bool):
    """Issue 13 item 5: any depth of brackets, braces or block lists is read (up to MAX_DEPTH)
    or refused as too deep; never a RecursionError."""
    closer = {"[": "]", "{a: ": "}", "- ": ""}[opener]
    if opener == "- ":
        text = "".join("  " * i + "- \n" for i in range(depth)) + "  " * depth + "- x\n"
    else:
        text = "x: " + opener * depth + "1" + closer * depth + "\n"
    try:
        parse_yaml(text, Path("in.yaml"), read_only=read_only)
    except UserError as exc:
        assert "嵌套超过" in exc.message or "YAML" in exc.message, exc.message
        assert depth >= MAX_DEPTH - 1 or "YAML" in exc.message
    else:
        assert depth <= MAX_DEPTH


@settings(QUICK, max_examples=40)
@given(st.integers(1, 9), st.integers(1, 12))
def test_aliases_expand_within_the_bound_or_are_refused(levels: int, width: int):
    """Issue 13 item 1: nested aliases are read while small and refused once they would expand
    past the bound; never built out in memory."""
    parts, prev = [f"&a0 [{', '.join(['x'] * width)}]"], "a0"
    for n in range(1, levels):
        parts.append(f"&a{n} [" + ", ".join([f"*{prev}"] * width) + "]")
        prev = f"a{n}"
    text = "x: [" + ", ".join(parts) + "]\n"
    try:
        tree = parse_yaml(text, Path("in.yaml"))
    except UserError as exc:
        assert "展开后" in exc.message
        assert 2 * width ** levels > 1000  # a small one would have been read
    else:
        assert len(str(tree)) < 20_000_000


def test_decimal_places_limit_holds_for_format_percent():
    assert format_percent(Decimal("9" * 15) * Decimal(10) ** 8 * 100 / Decimal("1E-14"), 15)
