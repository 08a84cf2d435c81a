"""Properties of reading numbers and of the rounding checks, over generated inputs."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetcheck.numbers import Quantity, find_quantities, find_years, parse_number, parse_unit_banner
from budgetcheck.tolerance import Interval, check_equal, check_sum

FAST = settings(max_examples=150, deadline=None)

# Text made mostly of the characters the readers care about, so generated strings reach deep paths.
_INTERESTING = "0123456789０１２３４５６７８９.,，．-－−+()（）%％㎡≥≤<>=~—/:、年度月日号第万亿元千余多约近以上下左右个次人单位：的 \n\t"
any_text = st.text(alphabet=st.sampled_from(_INTERESTING), max_size=40) | st.text(max_size=40)

UNITS = ["", "元", "万元", "亿元", "%", "％", "百分比", "个", "次", "人", "名", "块", "份", "本", "㎡", "平方米"]
FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


@FAST
@given(any_text)
def test_readers_never_crash(text: str) -> None:
    parse_number(text)
    parse_unit_banner(text)
    find_years(text)
    for q in find_quantities(text):
        assert isinstance(q, Quantity)
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text


def _printed(value: Decimal, decimals: int, grouped: bool) -> str:
    return f"{value:,.{decimals}f}" if grouped else f"{value:.{decimals}f}"


@FAST
@given(
    st.integers(min_value=-10**12, max_value=10**12),
    st.integers(min_value=0, max_value=4),
    st.sampled_from(UNITS),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_printed_numbers_read_back_exactly(
    digits: int, decimals: int, unit: str, grouped: bool, full_width: bool, parentheses: bool
) -> None:
    value = Decimal(digits).scaleb(-decimals)
    text = _printed(abs(value), decimals, grouped)
    if value < 0:
        text = f"({text})" if parentheses else "-" + text
    text += unit
    if full_width:
        text = text.translate(FULL_WIDTH)
    q = parse_number(text)
    assert q is not None, text
    assert (q.value, q.decimals) == (value, decimals)
    assert q.value.as_tuple().exponent == -decimals  # exactly as printed, trailing zeros kept


@FAST
@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=3),
    st.sampled_from([u for u in UNITS if u]),
)
def test_numbers_in_a_sentence_are_found_with_their_span(digits: int, decimals: int, unit: str) -> None:
    value = Decimal(digits).scaleb(-decimals)
    number = _printed(value, decimals, grouped=False) + unit
    sentence = f"2020年支出预算{number}，主要用于日常运行。"
    [q] = find_quantities(sentence)
    assert (q.value, q.decimals, q.text) == (value, decimals, number)
    assert sentence[q.start : q.end] == number


amounts = st.builds(
    lambda digits, decimals: Decimal(digits).scaleb(-decimals),
    st.integers(min_value=-10**9, max_value=10**9),
    st.integers(min_value=0, max_value=3),
)


def _quantity(value: Decimal, unit: str = "万元") -> Quantity:
    return Quantity(value, -value.as_tuple().exponent, unit, "money")  # type: ignore[operator]


@FAST
@given(st.lists(amounts, min_size=1, max_size=8), st.data())
def test_parts_against_their_exact_sum_pass(values: list[Decimal], data: st.DataObject) -> None:
    signs = data.draw(st.lists(st.sampled_from([1, -1]), min_size=len(values), max_size=len(values)))
    total = sum((s * v for s, v in zip(signs, values)), Decimal(0))
    result = check_sum(_quantity(total), [_quantity(v) for v in values], signs)
    assert result.status == "pass"
    assert result.difference == 0


@FAST
@given(st.lists(amounts, min_size=1, max_size=8), st.sampled_from([1, -1]))
def test_the_last_printable_difference_inside_the_tolerance_is_rounding_the_next_fails(
    values: list[Decimal], direction: int
) -> None:
    # Parts print at most 3 decimals; the total prints 4, so its half-unit is 0.00005 and the
    # tolerance τ = 0.00005 + Σhᵢ sits halfway between two printable totals: exact ± (τ − 0.00005)
    # is the farthest total that still meets the parts, exact ± (τ + 0.00005) the nearest that does not.
    parts = [_quantity(v) for v in values]
    exact = sum(values, Decimal(0))
    half = Decimal("0.00005")
    tolerance = half + sum((p.half_unit for p in parts), Decimal(0))
    inside = check_sum(_quantity((exact + direction * (tolerance - half)).quantize(Decimal("0.0001"))), parts)
    beyond = check_sum(_quantity((exact + direction * (tolerance + half)).quantize(Decimal("0.0001"))), parts)
    assert inside.status == "rounding" and inside.tolerance == tolerance
    assert beyond.status == "fail" and abs(beyond.difference) == tolerance + half


@FAST
@given(amounts, st.lists(amounts, min_size=1, max_size=5))
def test_status_agrees_with_difference_and_tolerance(total: Decimal, values: list[Decimal]) -> None:
    result = check_sum(_quantity(total), [_quantity(v) for v in values])
    if result.difference == 0:
        assert result.status == "pass"
    elif abs(result.difference) <= result.tolerance:
        assert result.status == "rounding"
    else:
        assert result.status == "fail"


@FAST
@given(amounts, st.sampled_from(["元", "万元", "亿元"]), st.sampled_from(["元", "万元", "亿元"]))
def test_unit_conversion_keeps_the_amount_and_its_interval(value: Decimal, unit: str, other: str) -> None:
    q = _quantity(value, unit)
    converted = q.in_unit(other)
    back = converted.in_unit(unit)
    assert (back.value, back.decimals) == (q.value, q.decimals)
    assert check_equal(q, converted).status == "pass"
    assert check_equal(q, converted).tolerance == q.half_unit + converted.in_unit(unit).half_unit


small = st.integers(min_value=-10**6, max_value=10**6).map(lambda n: Decimal(n).scaleb(-2))


@FAST
@given(small, small, small, small)
def test_interval_quotient_encloses_every_quotient(a: Decimal, b: Decimal, c: Decimal, d: Decimal) -> None:
    numerator = Interval(min(a, b), max(a, b))
    lo, hi = sorted((abs(c) + Decimal("0.01"), abs(d) + Decimal("0.01")))
    quotient = numerator / Interval(lo, hi)
    for x in (numerator.lo, numerator.hi):
        for y in (lo, hi):
            exact = Fraction(x) / Fraction(y)
            assert Fraction(quotient.lo) <= exact <= Fraction(quotient.hi)
