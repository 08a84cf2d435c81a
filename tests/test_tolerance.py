"""Rounding-aware checks: the examples of rules-reference.md §1.3 and issue 3 item 1."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetcheck.numbers import parse_number
from budgetcheck.tolerance import (
    Interval,
    Outcome,
    check_change,
    check_equal,
    check_growth,
    check_product,
    check_ratio,
    check_sum,
    interval,
)

D = Decimal


def q(text: str):
    quantity = parse_number(text)
    assert quantity is not None, text
    return quantity


def outcome(status: str, expected: str, actual: str, difference: str, tolerance: str, unit: str | None) -> Outcome:
    return Outcome(status, D(expected), D(actual), D(difference), D(tolerance), unit)


def test_intervals_nearest_and_truncate() -> None:
    assert interval(q("2999.85")) == Interval(D("2999.845"), D("2999.855"))
    assert interval(q("18")) == Interval(D("17.5"), D("18.5"))
    assert interval(q("1.23"), "truncate") == Interval(D("1.23"), D("1.24"))
    assert interval(q("-1.23"), "truncate") == Interval(D("-1.24"), D("-1.23"))
    assert interval(q("0.00"), "truncate") == Interval(D("-0.01"), D("0.01"))
    assert interval(q("636.67万元").in_unit("元")) == Interval(D("6366650"), D("6366750"))
    with pytest.raises(ValueError):
        interval(q("1"), "ceiling")


def test_interval_arithmetic() -> None:
    a, b = Interval(D(1), D(2)), Interval(D(3), D(5))
    assert a + b == Interval(D(4), D(7))
    assert a - b == Interval(D(-4), D(-1))
    assert a * b == Interval(D(3), D(10))
    assert Interval(D(-2), D(1)) * b == Interval(D(-10), D(5))
    assert (a / b).contains(Interval(D(1) / D(5), D("0.6666")))
    assert a / b == Interval(D("0.2"), D("0.6666666666666666666666666666666666666667"))
    assert a.intersects(Interval(D(2), D(9))) and not a.intersects(b)
    assert a.contains(D("1.5")) and not a.contains(D(3))
    with pytest.raises(ValueError):
        a / Interval(D(0), D(1))
    with pytest.raises(ValueError):
        Interval(D(2), D(1))


def test_sum_rounding_and_fail_from_the_issue() -> None:
    parts = [q("1251.46"), q("1748.39")]
    assert check_sum(q("2999.85"), parts) == outcome("pass", "2999.85", "2999.85", "0.00", "0.015", None)
    assert check_sum(q("2999.86"), parts) == outcome("rounding", "2999.85", "2999.86", "0.01", "0.015", None)
    assert check_sum(q("2999.87"), parts) == outcome("fail", "2999.85", "2999.87", "0.02", "0.015", None)
    assert check_sum(q("2999.84"), parts).status == "rounding"
    assert check_sum(q("2999.83"), parts).status == "fail"


def test_sum_tolerance_grows_with_the_number_of_parts() -> None:
    # 三公 合计 = 出国 + 接待 + 公车小计: n = 3 → 0.02 万元.
    result = check_sum(q("6.67万元"), [q("0.00万元"), q("0.75万元"), q("5.92万元")])
    assert result == outcome("pass", "6.67", "6.67", "0.00", "0.020", "万元")
    assert check_sum(q("6.69万元"), [q("0.00万元"), q("0.75万元"), q("5.92万元")]).status == "rounding"
    assert check_sum(q("6.70万元"), [q("0.00万元"), q("0.75万元"), q("5.92万元")]).status == "fail"


def test_sum_with_signs_and_units() -> None:
    # 2999.85万元 = 2363.18万元 + 636.67万元 written as 636.67 = 2999.85 − 2363.18.
    assert check_sum(q("636.67万元"), [q("2999.85万元"), q("2363.18万元")], signs=[1, -1]).status == "pass"
    mixed = check_sum(q("18.00万元"), [q("100,000.00元"), q("80,000.00元")])
    assert mixed == outcome("pass", "18.000000", "18.00", "0.000000", "0.0050010", "万元")
    with pytest.raises(ValueError):
        check_sum(q("18万元"), [q("18人")])
    with pytest.raises(ValueError):
        check_sum(q("18"), [q("18")], signs=[2])


def test_narrative_amount_at_document_precision_catches_a_typo() -> None:
    # 基本支出 1251.46 = 人员经费 1114.26 + 日常公用经费 137.2 (printed without its trailing zero).
    parts = [q("1114.26万元"), q("137.2万元").with_decimals(2)]
    assert check_sum(q("1251.46万元"), parts) == outcome("pass", "1251.46", "1251.46", "0.00", "0.015", "万元")
    # "18万元" read at 0 decimals would hide a typo of 0.4; at the document's 2 decimals it does not.
    assert check_equal(q("18.40万元"), q("18万元")).status == "rounding"
    assert check_equal(q("18.40万元"), q("18万元").with_decimals(2)).status == "fail"


def test_equal_across_units_from_rules_reference() -> None:
    in_yuan = check_equal(q("6,366,700.00元"), q("636.67万元"))
    assert in_yuan == outcome("pass", "6366700", "6366700.00", "0.00", "50.005", "元")
    in_wan = check_equal(q("636.67万元"), q("6,366,700.00元"))
    assert in_wan == outcome("pass", "636.670000", "636.67", "0.000000", "0.0050005", "万元")
    assert check_equal(q("6,366,750.00元"), q("636.67万元")).status == "rounding"
    assert check_equal(q("6,366,750.01元"), q("636.67万元")) == outcome(
        "fail", "6366700", "6366750.01", "50.01", "50.005", "元"
    )


def test_change_from_the_seed() -> None:
    # 较2019年增加636.67万元: 2999.85 − 2363.18; tolerance 0.015 at 2 decimals.
    assert check_change(q("2999.85万元"), q("2363.18万元"), q("636.67万元")) == outcome(
        "pass", "636.67", "636.67", "0.00", "0.015", "万元"
    )
    assert check_change(q("2999.85万元"), q("2363.18万元"), q("636.68万元")).status == "rounding"
    assert check_change(q("2999.85万元"), q("2363.18万元"), q("663.67万元")).status == "fail"
    # 减少1.1万元 is a change of −1.1 (decimals 1 → h 0.05) against 6.67 − 7.77.
    reduced = check_change(q("6.67万元"), q("7.77万元"), q("-1.1万元"))
    assert reduced == outcome("pass", "-1.10", "-1.1", "0.00", "0.060", "万元")
    assert check_change(q("6.67万元"), q("7.77万元"), q("1.1万元")).status == "fail"  # wrong direction
    # 持平: a change of exactly zero.
    assert check_change(q("0万元"), q("0万元"), q("0万元")).status == "pass"


def test_product_quantity_times_unit_price() -> None:
    # 3 × 6.00 = 18.00, with the quantity exact: tolerance 3·0.005 + 0.005.
    assert check_product(q("3"), q("6.00万元"), q("18.00万元")) == outcome(
        "pass", "18.0000", "18.00", "0.0000", "0.0200", "万元"
    )
    assert check_product(q("3"), q("6.00万元"), q("18.02万元")).status == "rounding"
    assert check_product(q("3"), q("6.00万元"), q("18.03万元")).status == "fail"
    # 单价 in 元, 金额 in 万元.
    assert check_product(q("2000"), q("40.00元"), q("8.00万元")).status == "pass"
    # A fractional quantity carries its own interval.
    assert check_product(q("2.5"), q("4.00万元"), q("10.20万元")).status == "rounding"


def test_ratio_share() -> None:
    # 1114.26 / 1251.46 = 89.0368...%; tolerance 0.005 + (89.03756 − 89.0368) = 0.00576, rounded up.
    assert check_ratio(q("1114.26万元"), q("1251.46万元"), q("89.04%")) == outcome(
        "rounding", "89.0368", "89.04", "0.0032", "0.0058", "%"
    )
    assert check_ratio(q("1114.26万元"), q("1251.46万元"), q("89.05%")).status == "fail"
    assert check_ratio(q("1114.26万元"), q("1251.46万元"), q("89%")).status == "rounding"
    assert check_ratio(q("50"), q("200"), q("25%")).status == "pass"
    # A share of a 万元 total with the part in 元.
    assert check_ratio(q("180,000.00元"), q("18.00万元"), q("100%")).status == "pass"


def test_ratio_and_growth_need_a_positive_denominator() -> None:
    with pytest.raises(ValueError):
        check_ratio(q("5万元"), q("0万元"), q("10%"))
    with pytest.raises(ValueError):
        check_growth(q("5万元"), q("0.00万元"), q("10%"))
    with pytest.raises(ValueError):
        check_ratio(q("5万元"), q("10万元"), q("50人"))


def test_growth_rate() -> None:
    # 2999.85 over 2363.18: +26.9412%; tolerance 0.005 + (26.9412 − 26.94076) = 0.00544, rounded up.
    assert check_growth(q("2999.85万元"), q("2363.18万元"), q("26.94%")) == outcome(
        "rounding", "26.9412", "26.94", "-0.0012", "0.0055", "%"
    )
    assert check_growth(q("2999.85万元"), q("2363.18万元"), q("27.0%")).status == "fail"
    assert check_growth(q("110.00"), q("100.00"), q("10%")).status == "pass"
    assert check_growth(q("90.00"), q("100.00"), q("-10.0%")).status == "pass"
    assert check_growth(q("90.00"), q("100.00"), q("10.0%")).status == "fail"


def test_truncate_mode_accepts_cut_digits_only_in_their_direction() -> None:
    # 1251.469 + 1748.389 = 2999.858, each cut to 2 decimals: 1251.46 + 1748.38 vs 2999.85.
    parts = [q("1251.46"), q("1748.38")]
    assert check_sum(q("2999.85"), parts, mode="truncate").status == "rounding"
    assert check_sum(q("2999.85"), parts).status == "rounding"
    # Truncated parts can only sum to more than printed, so a total 0.02 below is impossible...
    assert check_sum(q("2999.82"), parts, mode="truncate").status == "fail"
    # ...and 0.01 below passes only because the total itself may have been cut.
    assert check_sum(q("2999.83"), parts, mode="truncate").status == "rounding"
    assert check_sum(q("2999.86"), parts, mode="truncate").status == "rounding"
    assert check_sum(q("2999.87"), parts, mode="truncate").status == "fail"
    with pytest.raises(ValueError):
        check_equal(q("1"), q("1"), mode="up")
