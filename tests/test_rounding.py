"""The rounding model: figures as written, judged by interval arithmetic (XBRL Calculations 1.1 style)."""
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from auditor.numbers import (divide_intervals, interval_gap, intervals_overlap, judge_total, parse_figure, percent_change_interval,
                             sum_intervals)


def fig(text, scale=None):
    f = parse_figure(text)
    return f.rescaled(Decimal(scale)) if scale else f


def test_millions_to_one_decimal_add_within_rounding():
    parts = [fig("£1.1m"), fig("£2.2m")]
    assert judge_total(fig("£3.4m"), sum_intervals(parts), sum(p.amount for p in parts)) == "rounding"
    assert judge_total(fig("£3.3m"), sum_intervals(parts), sum(p.amount for p in parts)) == "exact"
    assert judge_total(fig("£3.6m"), sum_intervals(parts), sum(p.amount for p in parts)) == "error"


def test_whole_pounds_out_by_one_is_rounding_out_by_ten_thousand_is_error():
    parts = [fig("4,971,668"), fig("5,800,686"), fig("55,761,295"), fig("4,201,056")]
    exact = sum(p.amount for p in parts)
    assert judge_total(fig("70,734,706"), sum_intervals(parts), exact) == "rounding"
    assert judge_total(fig("70,724,705"), sum_intervals(parts), exact) == "error"


def test_header_scale_keeps_shown_precision():
    f = fig("1,144", 1000)
    assert f.amount == Decimal(1144000)
    assert f.interval() == (Decimal("1143500.0"), Decimal("1144500.0"))


def test_percent_change_interval_covers_the_rounded_figure():
    change = percent_change_interval(fig("£860").interval(), fig("£1,060").interval())
    assert change[0] < Decimal("23.3") < change[1]
    assert intervals_overlap(fig("23%").interval(), change)
    assert not intervals_overlap(fig("25%").interval(), change)


def test_division_by_an_interval_containing_zero_is_undefined():
    assert divide_intervals((Decimal(1), Decimal(2)), (Decimal("-0.5"), Decimal("0.5"))) is None


def test_interval_gap():
    assert interval_gap((Decimal(0), Decimal(1)), (Decimal(3), Decimal(4))) == 2
    assert interval_gap((Decimal(0), Decimal(5)), (Decimal(3), Decimal(4))) == 0


@given(st.lists(st.integers(-10**9, 10**9), min_size=1, max_size=12), st.integers(0, 2))
def test_a_total_rounded_from_exact_parts_is_never_an_error(values, decimals):
    """Round exact amounts to `decimals` places: the rounded total never contradicts the rounded parts."""
    exact = [Decimal(v).scaleb(-4) for v in values]
    q = Decimal(1).scaleb(-decimals)
    parts = [fig(f"{e.quantize(q):.{decimals}f}") for e in exact]
    total = fig(f"{sum(exact).quantize(q):.{decimals}f}")
    assert judge_total(total, sum_intervals(parts), sum(p.amount for p in parts)) != "error"
