"""Reading figures as clerks type them and writing them the Chinese way."""

from decimal import Decimal

import pytest

from fazhi_draft.figures.numbers import FigureError, format_figure, parse_figure, rate


@pytest.mark.parametrize("raw, text, amount", [
    (27, "27", 27), ("２７", "27", 27), ("1.39万", "1.39万", 13900), ("200余", "200余", 200),
    ("1.5万余", "1.5万余", 15000), ("58,689", "58689", 58689), ("120多万", "120多万", 1200000),
    ("3千余", "3千余", 3000),
])
def test_counts(raw, text, amount):
    fig = parse_figure(raw, whole=True, percent=False)
    assert (fig.text, fig.amount) == (text, Decimal(amount))


@pytest.mark.parametrize("raw, reason", [
    ("二十七", "不是数字"), (-3, "不能是负数"), ("-3", "不能是负数"), (27.5, "应为整数"), (True, "应填写数字"),
])
def test_bad_counts(raw, reason):
    with pytest.raises(FigureError, match=reason):
        parse_figure(raw, whole=True, percent=False)


def test_percent_range_and_sign():
    assert parse_figure("99.5%", whole=False, percent=True).text == "99.5"
    with pytest.raises(FigureError, match="超过100"):
        parse_figure(120, whole=False, percent=True)


def test_pending():
    for word in ("待补", "?", "？"):
        assert parse_figure(word, whole=True, percent=False).pending


def test_money_in_wan_yuan_with_yi():
    fig = parse_figure("1.86亿", whole=False, percent=False, unit="万元")
    assert fig.amount == Decimal(18600)
    assert format_figure(fig, "万元") == "1.86亿元"
    assert format_figure(parse_figure(5600, whole=False, percent=False, unit="万元"), "万元") == "5600万元"


def test_rates_round_to_one_decimal_without_trailing_zero():
    n = lambda v: parse_figure(v, whole=True, percent=False)  # noqa: E731
    assert rate(n(12), n(23)).text == "52.2"
    assert rate(n(40), n(40)).text == "100"
    assert rate(n(1), n(0)) is None
    assert rate(n("200余"), n(300)) is None  # never derive from an approximate count


@pytest.mark.parametrize("raw, unit, percent, shown", [
    ("超过7675", "人", False, "超过7675人"), ("近5万", "人次", False, "近5万人次"),
    ("95%以上", "%", True, "95%以上"), ("67以上", "%", True, "67%以上"), ("200余", "场次", False, "200余场次"),
])
def test_approximate_forms_read_as_written(raw, unit, percent, shown):
    fig = parse_figure(raw, whole=not percent, percent=percent, unit=unit)
    assert fig.approx
    assert format_figure(fig, unit) == shown


def test_percent_sign_only_for_percents():
    assert parse_figure("27%", whole=False, percent=True).text == "27"
    with pytest.raises(FigureError, match="“27%”不是数字"):
        parse_figure("27%", whole=True, percent=False)
