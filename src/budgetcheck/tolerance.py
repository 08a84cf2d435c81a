"""Whether printed numbers agree, given that each was rounded: XBRL Calculations 1.1 intervals.

A number printed with d decimals stands for the closed interval v ± h, h = ½·10^-d (round to
nearest).  "truncate" mode is for publishers who cut digits instead of rounding when they shorten an
amount from their books (kept to the 分) to the 万元 of a disclosure: such an amount stands for
[v, v + 2h].  It applies only to amounts printed coarser than the 分 (see `is_shortened_amount`);
an amount printed to the 分 is the book value, and percentages, counts and areas are always read
round-to-nearest (a stated rate may be checked as truncated on its own, see `rate=`).
A relation holds when the interval of one side meets the interval the other side implies:

- sum        |T − Σ sᵢxᵢ| ≤ h_T + Σ hᵢ, all in the total's unit;
- equal      |a − b| ≤ h_a + h_b, in a's unit (636.67万元 vs 6366700.00元: 50.005 元);
- same figure  one figure of the books in two tables: identical at the same precision, else equal;
- change     |D − (c − p)| ≤ h_D + h_c + h_p, in the stated change's unit;
- product    [q·(u − h_u), q·(u + h_u)] meets [T − h_T, T + h_T], q exact when an integer;
- ratio      [a_lo/b_hi, a_hi/b_lo]·100 meets stated% ± h;
- growth     ([c_lo/p_hi, c_hi/p_lo] − 1)·100 meets stated% ± h;
- growth of a change   d/(c − d)·100 over the box of c and d (the previous amount is not
             printed, so it is not rounded on its own) meets stated% ± h.

All arithmetic is exact Decimal; divisions round outward, so an interval never shrinks.
The grade: difference exactly 0 → "pass"; intervals meet → "rounding" (info, not an error);
intervals apart → "fail".  The interval test does not depend on the tie-breaking rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Context, Decimal, localcontext

from budgetcheck.numbers import Quantity

MODES = ("nearest", "truncate")

# Sums and products of printed amounts are exact at this precision; quotients round outward.
_EXACT_DIGITS = 80
_DOWN = Context(prec=40, rounding=ROUND_FLOOR)
_UP = Context(prec=40, rounding=ROUND_CEILING)
_NEAR = Context(prec=40)
_HUNDRED = Decimal(100)


def _plain(value: Decimal) -> Decimal:
    """5E+1 → 50: results read as ordinary decimals in reports."""
    return Decimal(int(value)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


# Sums and differences on the hot paths call this context's methods directly: a `with` block per
# operation cost more than the arithmetic (every table sum adds a dozen intervals).
_EXACT = Context(prec=_EXACT_DIGITS)


def _exact():  # type: ignore[no-untyped-def]
    """A context in which sums and products of printed amounts are exact."""
    return localcontext(_EXACT)


@dataclass(frozen=True)
class Interval:
    """A closed interval [lo, hi] of exact decimals."""

    lo: Decimal
    hi: Decimal

    def __post_init__(self) -> None:
        if self.lo > self.hi:
            raise ValueError(f"empty interval [{self.lo}, {self.hi}]")

    @classmethod
    def point(cls, value: Decimal | int) -> "Interval":
        return cls(Decimal(value), Decimal(value))

    def _other(self, other: "Interval | Decimal | int") -> "Interval":
        return other if isinstance(other, Interval) else Interval.point(other)

    def __add__(self, other: "Interval | Decimal | int") -> "Interval":
        o = self._other(other)
        return Interval(_EXACT.add(self.lo, o.lo), _EXACT.add(self.hi, o.hi))

    __radd__ = __add__

    def __sub__(self, other: "Interval | Decimal | int") -> "Interval":
        o = self._other(other)
        return Interval(_EXACT.subtract(self.lo, o.hi), _EXACT.subtract(self.hi, o.lo))

    def __rsub__(self, other: "Interval | Decimal | int") -> "Interval":
        return self._other(other) - self

    def __neg__(self) -> "Interval":
        return Interval(-self.hi, -self.lo)

    def __mul__(self, other: "Interval | Decimal | int") -> "Interval":
        o = self._other(other)
        with _exact():
            products = [a * b for a in (self.lo, self.hi) for b in (o.lo, o.hi)]
        return Interval(min(products), max(products))

    __rmul__ = __mul__

    def __truediv__(self, other: "Interval | Decimal | int") -> "Interval":
        """Division by an interval that lies wholly above zero; anything else raises ValueError."""
        o = self._other(other)
        if o.lo <= 0:
            raise ValueError(f"cannot divide by [{o.lo}, {o.hi}]: the divisor must be positive")
        lows = [_DOWN.divide(a, b) for a in (self.lo, self.hi) for b in (o.lo, o.hi)]
        highs = [_UP.divide(a, b) for a in (self.lo, self.hi) for b in (o.lo, o.hi)]
        return Interval(min(lows), max(highs))

    def intersects(self, other: "Interval") -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def contains(self, value: "Decimal | int | Interval") -> bool:
        if isinstance(value, Interval):
            return self.lo <= value.lo and value.hi <= self.hi
        return self.lo <= value <= self.hi


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown rounding mode {mode!r}; expected one of {', '.join(MODES)}")


_FEN_DECIMALS = {"元": 2, "千元": 5, "万元": 6, "亿元": 10}  # decimals that print an amount to the 分


def is_shortened_amount(q: Quantity) -> bool:
    """Whether a publisher shortened this amount from its books, where truncation can happen.

    Books are kept to the 分, so a money amount printed with fewer decimals than the 分 needs
    (2 in 元, 6 in 万元) was rounded or cut; so was a unitless table number, whose unit a banner
    such as 单位：万元 gives.  Percentages, counts and areas are not shortened amounts.
    """
    if q.kind == "number" and q.unit is None:
        return True
    return q.kind == "money" and q.decimals < _FEN_DECIMALS.get(q.unit or "", 0)


def interval(q: Quantity, mode: str = "nearest") -> Interval:
    """The values a printed number may stand for.

    nearest: [v − h, v + h].  truncate, for an amount shortened from the books: the digits were
    cut, not rounded, so the true value lies between the printed one and the next step away from
    zero: [v, v + 2h] for v > 0, [v − 2h, v] for v < 0 and [−2h, 2h] for 0.  Any other number is
    read to nearest in both modes.
    """
    _check_mode(mode)
    if mode == "truncate" and not is_shortened_amount(q):
        mode = "nearest"
    return _interval_as(q, mode)


def _interval_as(q: Quantity, mode: str) -> Interval:
    """The interval under one rounding convention, whatever the number is."""
    h = q.half_unit
    if mode == "nearest":
        return Interval(_EXACT.subtract(q.value, h), _EXACT.add(q.value, h))
    step = _EXACT.multiply(2, h)
    if q.value > 0:
        return Interval(q.value, _EXACT.add(q.value, step))
    if q.value < 0:
        return Interval(_EXACT.subtract(q.value, step), q.value)
    return Interval(-step, step)


@dataclass(frozen=True)
class Outcome:
    """The result of one check, with both sides, for a finding to quote.

    `actual` is the stated number under test, `expected` what the other side implies,
    `difference` = actual − expected, `tolerance` the closed bound |difference| may reach on this
    side while the intervals still meet (for nearest rounding, h_T + Σhᵢ).  Percent checks report
    all four in percentage points.
    """

    status: str  # "pass" | "rounding" | "fail"
    expected: Decimal
    actual: Decimal
    difference: Decimal
    tolerance: Decimal
    unit: str | None
    # How the numbers were read for "rounding": "nearest" (rounded), "truncate" (amounts cut from the
    # books, --rounding truncate), "truncated_rate" (the stated rate agrees only when read as cut).
    convention: str = "nearest"


def _grade(
    actual: Decimal,
    actual_range: Interval,
    expected: Decimal,
    expected_range: Interval,
    unit: str | None,
) -> Outcome:
    """Compare two sides by interval intersection and report the point values around it."""
    add, subtract = _EXACT.add, _EXACT.subtract
    difference = subtract(actual, expected)
    if difference >= 0:
        tolerance = add(subtract(actual, actual_range.lo), subtract(expected_range.hi, expected))
    else:
        tolerance = add(subtract(actual_range.hi, actual), subtract(expected, expected_range.lo))
    if not actual_range.intersects(expected_range):
        status = "fail"
    elif difference == 0:
        status = "pass"
    else:
        status = "rounding"
    return Outcome(status, _plain(expected), _plain(actual), _plain(difference), _plain(tolerance), unit)


def _same_unit(q: Quantity, unit: str | None) -> Quantity:
    """`q` in `unit`; ValueError when the units cannot be compared (e.g. 万元 vs 人, or a missing unit)."""
    if q.unit == unit:
        return q
    return q.in_unit(unit)


def check_sum(
    total: Quantity, parts: list[Quantity], signs: list[int] | None = None, mode: str = "nearest"
) -> Outcome:
    """Total = Σ sᵢ·partᵢ (sᵢ = +1 or −1), all converted to the total's unit.

    Holds iff |T − Σ sᵢxᵢ| ≤ h_T + Σ hᵢ (nearest): 1251.46 + 1748.39 against 2999.86 is
    "rounding" (difference 0.01, tolerance 0.015); against 2999.87 it is "fail".
    """
    _check_mode(mode)
    if signs is None:
        signs = [1] * len(parts)
    if len(signs) != len(parts) or any(sign not in (1, -1) for sign in signs):
        raise ValueError("signs must give +1 or -1 for every part")
    unit = total.unit
    add, subtract = _EXACT.add, _EXACT.subtract
    expected = lo = hi = Decimal(0)
    for part, sign in zip(parts, signs):
        part = _same_unit(part, unit)
        part_range = interval(part, mode)
        if sign > 0:
            expected, lo, hi = add(expected, part.value), add(lo, part_range.lo), add(hi, part_range.hi)
        else:
            expected, lo, hi = subtract(expected, part.value), subtract(lo, part_range.hi), subtract(hi, part_range.lo)
    return _grade(total.value, interval(total, mode), expected, Interval(lo, hi), unit)


def check_equal(a: Quantity, b: Quantity, mode: str = "nearest") -> Outcome:
    """One amount stated in two places: |a − b| ≤ h_a + h_b in a's unit; `a` is the actual side.

    636.67万元 vs 6366700.00元 gives a tolerance of 0.0050005 万元, or 50.005 元 with the
    元 amount as `a`.
    """
    _check_mode(mode)
    b = _same_unit(b, a.unit)
    return _grade(a.value, interval(a, mode), b.value, interval(b, mode), a.unit)


def check_same_figure(a: Quantity, b: Quantity, mode: str = "nearest") -> Outcome:
    """One figure of the books printed in two tables: `a` is the actual side.

    Rounding (or truncating) one value to one precision by one rule gives one result, so two
    printings at the same precision must be identical: 326.71 beside 326.72 is an error with a
    tolerance of 0, not a rounding difference.  Printed at different precisions (元 in one table,
    万元 in another) the coarser one is a rounding of the finer one: the intervals must meet, as
    in `check_equal`.
    """
    _check_mode(mode)
    b = _same_unit(b, a.unit)
    if a.decimals != b.decimals:
        return check_equal(a, b, mode=mode)
    with _exact():
        difference = a.value - b.value
    status = "pass" if difference == 0 else "fail"
    return Outcome(status, _plain(b.value), _plain(a.value), _plain(difference), Decimal(0), a.unit)


def check_change(
    current: Quantity, previous: Quantity, stated_change: Quantity, mode: str = "nearest"
) -> Outcome:
    """A stated signed change D = current − previous, in D's unit: |D − (c − p)| ≤ h_D + h_c + h_p.

    The caller gives D its sign from the direction word (增加 +, 减少 −, 持平 0).
    """
    _check_mode(mode)
    unit = stated_change.unit
    current = _same_unit(current, unit)
    previous = _same_unit(previous, unit)
    with _exact():
        expected = current.value - previous.value
    expected_range = interval(current, mode) - interval(previous, mode)
    return _grade(stated_change.value, interval(stated_change, mode), expected, expected_range, unit)


def difference_interval(current: Quantity, previous: Quantity, mode: str = "nearest") -> Interval:
    """What current − previous may be, given both were rounded, in the current amount's unit."""
    _check_mode(mode)
    previous = _same_unit(previous, current.unit)
    return interval(current, mode) - interval(previous, mode)


def _is_exact_count(q: Quantity) -> bool:
    return q.decimals == 0 and q.value == q.value.to_integral_value()


def check_product(
    quantity: Quantity, unit_price: Quantity, amount: Quantity, mode: str = "nearest"
) -> Outcome:
    """数量 × 单价 = 金额, in the amount's unit.

    An integer quantity (printed without decimals) is exact: [q·(u − h_u), q·(u + h_u)] must meet
    [T − h_T, T + h_T].  A quantity printed with decimals carries its own interval.
    """
    _check_mode(mode)
    unit = amount.unit
    unit_price = _same_unit(unit_price, unit)
    # A quantity is counted or measured, not shortened from the books: never read as truncated.
    quantity_range = Interval.point(quantity.value) if _is_exact_count(quantity) else _interval_as(quantity, "nearest")
    with _exact():
        expected = quantity.value * unit_price.value
    expected_range = quantity_range * interval(unit_price, mode)
    return _grade(amount.value, interval(amount, mode), expected, expected_range, unit)


def _percent_outcome(stated: Quantity, point: Decimal, implied: Interval, rate: str) -> Outcome:
    """Grade a stated percentage against the interval the inputs imply, in percentage points.

    `rate` is how the percentage itself was shortened: "nearest" (rounded) or "truncate" (cut,
    10.158% printed as 10.15%).  `expected` is the point value rounded to the stated decimals + 2;
    the tolerance is rounded up to the same places, so it never understates the room the intervals
    leave.
    """
    _check_mode(rate)
    places = Decimal(1).scaleb(-(stated.decimals + 2))
    expected = point.quantize(places, rounding=ROUND_HALF_UP, context=Context(prec=_EXACT_DIGITS))
    outcome = _grade(stated.value, _interval_as(stated, rate), expected, implied, stated.unit)
    tolerance = outcome.tolerance.quantize(places, rounding=ROUND_CEILING, context=Context(prec=_EXACT_DIGITS))
    return Outcome(outcome.status, outcome.expected, outcome.actual, outcome.difference, _plain(tolerance), stated.unit)


def _require_percent(q: Quantity) -> None:
    if q.unit != "%":
        raise ValueError(f"{q.text or q.value} is not a percentage")


def check_ratio(
    numerator: Quantity, denominator: Quantity, stated_percent: Quantity, mode: str = "nearest", rate: str = "nearest"
) -> Outcome:
    """A share "占 s%": a/b·100 over [a_lo/b_hi, a_hi/b_lo] must meet s ± h_s.

    Both amounts are compared in the denominator's unit; `mode` is the amounts' rounding, `rate`
    the stated percentage's.  Raises ValueError when the denominator's interval reaches zero or
    below (no share can be checked) or the stated value is not a %.
    """
    _check_mode(mode)
    _require_percent(stated_percent)
    numerator = _same_unit(numerator, denominator.unit)
    denominator_range = interval(denominator, mode)
    implied = interval(numerator, mode) / denominator_range * _HUNDRED
    point = _NEAR.divide(numerator.value * _HUNDRED, denominator.value)
    return _percent_outcome(stated_percent, point, implied, rate)


def check_growth(
    current: Quantity, previous: Quantity, stated_percent: Quantity, mode: str = "nearest", rate: str = "nearest"
) -> Outcome:
    """A growth rate "增长 g%" (signed: 下降 is negative): (c/p − 1)·100 must meet g ± h_g.

    `mode` is the amounts' rounding, `rate` the stated percentage's.  Raises ValueError when the
    previous value's interval reaches zero or below, or the stated value is not a %.
    """
    _check_mode(mode)
    _require_percent(stated_percent)
    current = _same_unit(current, previous.unit)
    implied = (interval(current, mode) / interval(previous, mode) - 1) * _HUNDRED
    with _exact():
        point = (_NEAR.divide(current.value, previous.value) - 1) * _HUNDRED
    return _percent_outcome(stated_percent, point, implied, rate)


def check_growth_of_change(
    current: Quantity, change: Quantity, stated_percent: Quantity, mode: str = "nearest", rate: str = "nearest"
) -> Outcome:
    """A growth rate stated with the current amount and its change only ("支出110万元，较上年增加10万元，
    增长10%"): the previous amount is c − d, so the rate is d/(c − d)·100.

    The previous amount is not printed, so it has no rounding of its own: the rate ranges over the
    box of c and d.  d/(c − d) is monotonic in each of c and d while c − d stays positive, so its
    extremes lie at the corners, computed with outward rounding; the interval is exact, not widened
    by treating c twice.  Raises ValueError when c − d can reach zero or below, or the stated value
    is not a %.
    """
    _check_mode(mode)
    _require_percent(stated_percent)
    change = _same_unit(change, current.unit)
    c, d = interval(current, mode), interval(change, mode)
    if (c - d).lo <= 0:
        raise ValueError("the implied previous amount is not positive")
    lows, highs = [], []
    with _exact():
        for c_value in (c.lo, c.hi):
            for d_value in (d.lo, d.hi):
                numerator, denominator = d_value * _HUNDRED, c_value - d_value
                lows.append(_DOWN.divide(numerator, denominator))
                highs.append(_UP.divide(numerator, denominator))
        point = _NEAR.divide(change.value * _HUNDRED, current.value - change.value)
    return _percent_outcome(stated_percent, point, Interval(min(lows), max(highs)), rate)
