"""What `--rounding truncate` applies to, and the exact growth interval of a stated change (N202)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.numbers import parse_number
from budgetcheck.tolerance import Interval, check_growth, check_growth_of_change, check_ratio, interval, is_shortened_amount

D = Decimal
runner = CliRunner()


def q(text: str):
    quantity = parse_number(text)
    assert quantity is not None, text
    return quantity


def test_truncation_applies_to_amounts_shortened_from_the_books() -> None:
    # 万元 amounts and unitless table numbers were shortened from 分 and may have been cut.
    assert interval(q("2999.85万元"), "truncate") == Interval(D("2999.85"), D("2999.86"))
    assert interval(q("18万元"), "truncate") == Interval(D("18"), D("19"))
    assert interval(q("1.23"), "truncate") == Interval(D("1.23"), D("1.24"))
    assert interval(q("5000元"), "truncate") == Interval(D("5000"), D("5001"))
    # The same 万元 amount converted to 元 is still the shortened one.
    assert interval(q("636.67万元").in_unit("元"), "truncate") == Interval(D("6366700"), D("6366800"))


def test_truncation_leaves_book_values_rates_and_counts_rounded() -> None:
    assert interval(q("6,366,700.00元"), "truncate") == Interval(D("6366699.995"), D("6366700.005"))
    assert interval(q("10.15%"), "truncate") == Interval(D("10.145"), D("10.155"))
    assert interval(q("50人"), "truncate") == Interval(D("49.5"), D("50.5"))
    assert interval(q("500㎡"), "truncate") == Interval(D("499.5"), D("500.5"))
    assert not is_shortened_amount(q("6366700.00元")) and not is_shortened_amount(q("6366700.000000元"))
    assert is_shortened_amount(q("636.6700万元")) and not is_shortened_amount(q("636.670000万元"))


def test_a_stated_rate_may_be_read_as_truncated_on_its_own() -> None:
    # 2228.78 / 21940.96 = 10.158…%, printed cut as 10.15%: wrong if rounded, right if truncated.
    assert check_growth(q("24169.74万元"), q("21940.96万元"), q("10.15%")).status == "fail"
    assert check_growth(q("24169.74万元"), q("21940.96万元"), q("10.15%"), rate="truncate").status == "rounding"
    # The amounts' rounding mode does not cut the rate: 2/3 = 66.666…% printed 66.66% is cut, not rounded.
    assert check_ratio(q("2,000,000.00元"), q("3,000,000.00元"), q("66.66%"), mode="truncate").status == "fail"
    assert check_ratio(q("2,000,000.00元"), q("3,000,000.00元"), q("66.66%"), rate="truncate").status == "rounding"


def test_growth_of_a_stated_change_uses_the_exact_interval() -> None:
    # 110万元 (0 decimals) with a change of 10.00万元: previous ∈ [99.495, 100.505], rate 9.94%…10.06%.
    outcome = check_growth_of_change(q("110万元"), q("10.00万元"), q("10.0%"))
    assert (outcome.status, outcome.expected, outcome.difference) == ("pass", D("10.000"), D("0.000"))
    assert check_growth_of_change(q("110万元"), q("10.00万元"), q("10.05%")).status == "rounding"
    # Rounding the implied previous amount to 0 decimals (100 ± 0.5) would let 9.0% through.
    assert check_growth(q("110万元"), q("100万元"), q("9.0%")).status == "rounding"
    assert check_growth_of_change(q("110万元"), q("10.00万元"), q("9.0%")).status == "fail"
    # A decrease: 90.00 after −10.00 is −10% of 100.00.
    assert check_growth_of_change(q("90.00万元"), q("-10.00万元"), q("-10.00%")).status == "pass"


def test_growth_of_a_change_needs_a_positive_previous_amount() -> None:
    import pytest

    with pytest.raises(ValueError):
        check_growth_of_change(q("10.00万元"), q("10.00万元"), q("100%"))


def test_growth_of_a_change_with_cli_finding(tmp_path: Path) -> None:
    path = tmp_path / "说明.txt"
    path.write_text("2020年支出预算110.00万元，较上年增加10.00万元，增长11.00%。\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(path), "--format", "json", "--select", "N202"])
    assert result.exit_code == 1
    (finding,) = json.loads(result.stdout)["documents"][0]["findings"]
    # d/(c − d) over c ∈ [109.995, 110.005], d ∈ [9.995, 10.005]: at most 10.005/99.99 = 10.00600…%.
    assert (finding["rule"], finding["expected"], finding["actual"], finding["difference"], finding["tolerance"]) == (
        "N202",
        "10.0000",
        "11.00",
        "1.0000",
        "0.0111",
    )


def test_truncate_mode_through_the_cli(tmp_path: Path) -> None:
    """A 万元 total 0.02 above its cut parts is an error when rounded, within tolerance when cut."""
    path = tmp_path / "说明.txt"
    path.write_text("2020年支出预算2999.86万元，其中基本支出1251.46万元，项目支出1748.38万元。\n", encoding="utf-8")

    def rule_outcome(*extra: str) -> tuple[int, str]:
        result = runner.invoke(app, ["audit", str(path), "--format", "json", "--select", "N101", *extra])
        (finding,) = json.loads(result.stdout)["documents"][0]["findings"]
        return result.exit_code, finding["severity"]

    assert rule_outcome() == (1, "error")
    assert rule_outcome("--rounding", "truncate") == (0, "info")


def test_truncate_is_stricter_where_cut_parts_cannot_reach() -> None:
    """docs/rounding.md: cut parts only add up to more than printed."""
    from budgetcheck.tolerance import check_sum

    parts = [q("1000.00万元"), q("1000.00万元"), q("999.85万元")]
    assert check_sum(q("2999.83万元"), parts).status == "rounding"
    assert check_sum(q("2999.83万元"), parts, mode="truncate").status == "fail"


def _messages(path: Path, *options: str) -> list[str]:
    result = runner.invoke(app, ["audit", str(path), "--format", "json", "--verbose", *options])
    return [finding["message"] for finding in json.loads(result.stdout)["documents"][0]["findings"]]


def test_a_difference_is_said_the_way_the_numbers_were_read(tmp_path: Path) -> None:
    """Rounded, cut amounts (--rounding truncate), or a rate that only agrees when read as cut: the message says which."""
    amounts = tmp_path / "说明.txt"
    amounts.write_text("2020年支出预算2999.85万元，其中：基本支出1251.46万元，项目支出1748.40万元。\n", encoding="utf-8")
    assert _messages(amounts, "--select", "N101") == ["相差 -0.01万元，在四舍五入容差 0.015万元 以内（应为 2999.86，实为 2999.85）"]
    assert _messages(amounts, "--select", "N101", "--rounding", "truncate") == [
        "相差 -0.01万元，按截断（舍去尾数）读取金额，在容差 0.010万元 以内（应为 2999.86，实为 2999.85）"
    ]
    assert _messages(amounts, "--select", "N101", "--rounding", "truncate", "--lang", "en") == [
        "differs by -0.01 ten-thousand yuan, within the tolerance of 0.010 ten-thousand yuan with amounts read as truncated"
        " (expected 2999.86, stated 2999.85)"
    ]
    rate = tmp_path / "比率.txt"
    rate.write_text("2020年支出预算1101.58万元，比上年增加101.58万元，增长10.15%。\n", encoding="utf-8")  # 10.158% cut to 10.15%
    assert _messages(rate, "--select", "N202") == ["相差 -0.0080%，所述比率按截断（舍去尾数）理解时在容差 0.0107% 以内（应为 10.1580，实为 10.15）"]
