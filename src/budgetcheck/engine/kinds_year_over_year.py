"""Year-over-year checks on statements that give both years' amounts (extract/year_over_year.py).

- delta, mode values: the stated change equals current − previous;
- rate, of growth from amounts: the stated growth rate follows from the two amounts;
- direction: a direction word (增加, 下降, 减少到 …) agrees with the amounts, and never with a number
  whose own sign says the opposite ("减少-5万元").

A direction word that contradicts the amounts is reported once, by the direction rule; the change
and rate rules then compare magnitudes, so one wrong word does not become three findings.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Callable, Iterator

from budgetcheck.engine.context import AuditContext
from budgetcheck.engine.kinds import _concept_name, _measure, _measure_rate, _outcome_check, _places, _reason, kind, show, show_decimal
from budgetcheck.engine.results import Check
from budgetcheck.engine.rules import Rule
from budgetcheck.extract.facts import Comparison, Fact
from budgetcheck.extract.year_over_year import direction_sign
from budgetcheck.messages import listed
from budgetcheck.numbers import Quantity
from budgetcheck.tolerance import Interval, check_change, check_growth, difference_interval

_WORDS = {"zh": {1: "增加", -1: "减少", 0: "持平"}, "en": {1: "increase", -1: "decrease", 0: "no change"}}


def _negated(quantity: Quantity) -> Quantity:
    return replace(quantity, value=-quantity.value)


def _claimed(fact: Fact, comparison: Comparison) -> int:
    """Which way a fact says the amount moved: +1, −1, or 0 when it does not say.

    A change or rate carries its claim in its sign (the extractor signs it by its word, and
    "增长-5.2%" is a signed rate); the amount reached ("减少到Y万元") carries it in its word.
    """
    if fact is comparison.current:
        return direction_sign(fact.direction)
    return (fact.quantity.value > 0) - (fact.quantity.value < 0)


def _contradicts(claimed: int, moved: Interval) -> bool:
    """Whether the claim is the opposite of what the amounts certainly did (rounding allowed)."""
    return (claimed > 0 and moved.hi < 0) or (claimed < 0 and moved.lo > 0)


def _moved(ctx: AuditContext, comparison: Comparison) -> Interval | None:
    """current − previous over both rounding intervals; None when they cannot be compared."""
    if comparison.current is None:
        return None
    try:
        return difference_interval(comparison.current.quantity, comparison.previous.quantity, mode=ctx.rounding)
    except ValueError:
        return None


def _unchecked(rule: Rule, ctx: AuditContext, comparison: Comparison, stated: Fact) -> Check | None:
    """The reason a comparison cannot be checked, as a check; None when it can."""
    facts = [fact for fact in (comparison.current, comparison.previous, stated) if fact is not None]
    if comparison.current is None or comparison.previous.concept is None:
        return Check(rule, "insufficient_data", _places(facts), reason=_reason(ctx, "current_missing"))
    if _moved(ctx, comparison) is None:
        return Check(rule, "insufficient_data", _places(facts), reason=_reason(ctx, "unit_unknown"))
    return None


def _readings(comparison: Comparison) -> list[Comparison]:
    """The comparison as written, then — when its current amount is the last part of a listing —
    as a statement about the listing's total ("…，项目支出1748.39万元，比上年的2363.18万元增加…")."""
    readings = [comparison]
    if comparison.alternative is not None:
        readings.append(replace(comparison, current=comparison.alternative))
    return readings


def _settled(rule: Rule, ctx: AuditContext, comparison: Comparison, check_one: Callable[[Rule, AuditContext, Comparison], Check]) -> Check:
    """One check per comparison: the statement holds if it holds under a reading it can have;
    wrong under every reading, it cannot say which amounts it means and is not reported as wrong."""
    checks = [check_one(rule, ctx, reading) for reading in _readings(comparison)]
    if checks[0].status != "fail":
        return checks[0]
    for check in checks[1:]:
        if check.status in ("pass", "rounding"):
            return check
    if len(checks) == 1:
        return checks[0]
    places = [place for check in checks for place in check.places]
    return Check(rule, "insufficient_data", list(dict.fromkeys(places)), reason=_reason(ctx, "ambiguous_current"))


def comparison_changes(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """delta, mode values: stated change = current − previous."""
    for comparison in ctx.narrative.comparisons:
        if comparison.change is not None:
            yield _settled(rule, ctx, comparison, _change_check)


def _change_check(rule: Rule, ctx: AuditContext, comparison: Comparison) -> Check:
    change = comparison.change
    assert change is not None
    problem = _unchecked(rule, ctx, comparison, change)
    if problem is not None:
        return problem
    current, previous = comparison.current, comparison.previous
    assert current is not None
    stated = change.quantity
    if _contradicts(_claimed(change, comparison), _moved(ctx, comparison)):  # type: ignore[arg-type]
        stated = _negated(stated)  # the wrong word is the direction rule's finding; here only the size counts
    facts = [current, previous, change]
    outcome = _measure(check_change, current.quantity, previous.quantity, stated, mode=ctx.rounding)
    if outcome is None:
        return Check(rule, "insufficient_data", _places(facts), reason=_reason(ctx, "unit_unknown"))
    values = {
        "label": _concept_name(ctx, current),
        "current": show(current.quantity),
        "previous": show(previous.quantity),
        "change": show(change.quantity),
        "amount_unit": current.quantity.unit or "",
    }
    return _outcome_check(rule, outcome, _places(facts), values, facts, [current.quantity, previous.quantity, stated])


def comparison_rates(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """rate, of growth from amounts: the stated growth % from current and previous."""
    for comparison in ctx.narrative.comparisons:
        if comparison.percent is not None:
            yield _settled(rule, ctx, comparison, _rate_check)


def _rate_check(rule: Rule, ctx: AuditContext, comparison: Comparison) -> Check:
    percent = comparison.percent
    assert percent is not None
    problem = _unchecked(rule, ctx, comparison, percent)
    if problem is not None:
        return problem
    current, previous = comparison.current, comparison.previous
    assert current is not None
    facts = [current, previous, percent]
    if previous.quantity.value <= 0:
        return Check(rule, "not_applicable", _places(facts), reason=_reason(ctx, "no_base"))
    stated = percent.quantity
    if _contradicts(_claimed(percent, comparison), _moved(ctx, comparison)):  # type: ignore[arg-type]
        stated = _negated(stated)
    outcome = _measure_rate(check_growth, current.quantity, previous.quantity, stated, mode=ctx.rounding)
    if outcome is None:
        return Check(rule, "insufficient_data", _places(facts), reason=_reason(ctx, "no_base"))
    values = {
        "label": _concept_name(ctx, current),
        "current": show(current.quantity),
        "previous": show(previous.quantity),
        "stated": show(percent.quantity),
        "amount_unit": current.quantity.unit or "",
    }
    return _outcome_check(rule, outcome, _places(facts), values, facts)


@kind("direction")
def direction_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    against = rule.params.get("against")
    if rule.params.get("source") != "narrative" or against not in ("amounts", "sign"):
        raise ValueError(f"rule {rule.id}: direction needs source: narrative and against: amounts|sign")
    if against == "sign":
        yield from _sign_conflicts(rule, ctx)
    else:
        yield from _direction_against_amounts(rule, ctx)


def _sign_conflicts(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    for fact in ctx.narrative.sign_conflicts:
        values = {"word": fact.direction or "", "number": fact.quantity.text or show(fact.quantity), "statement": fact.text}
        yield Check(rule, "fail", _places([fact]), values=values, unit=fact.quantity.unit, statements=(id(fact),))


def _direction_against_amounts(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    for comparison in ctx.narrative.comparisons:
        if comparison.worded():
            yield _settled(rule, ctx, comparison, _direction_check)


def _direction_check(rule: Rule, ctx: AuditContext, comparison: Comparison) -> Check:
    worded = comparison.worded()
    problem = _unchecked(rule, ctx, comparison, worded[0])
    if problem is not None:
        return problem
    current, previous = comparison.current, comparison.previous
    assert current is not None
    moved = _moved(ctx, comparison)
    assert moved is not None
    wrong = [fact for fact in worded if _contradicts(_claimed(fact, comparison), moved)]
    facts = [current, previous, *worded]
    previous_amount = previous.quantity.in_unit(current.quantity.unit)
    point = current.quantity.value - previous_amount.value
    sign = 1 if point > 0 else -1 if point < 0 else 0
    lang = "en" if ctx.lang == "en" else "zh"
    decimals = max(current.quantity.decimals, previous_amount.decimals)
    values = {
        "label": _concept_name(ctx, current),
        "word": listed(dict.fromkeys(str(fact.direction) for fact in wrong), lang) or worded[0].direction,
        "current": show(current.quantity),
        "previous": show(previous.quantity),
        "actual_word": _WORDS[lang][sign],
        "magnitude": _shown(abs(point), decimals),
        "amount_unit": current.quantity.unit or "",
    }
    stated_change = comparison.change if any(fact is comparison.change for fact in wrong) else None
    return Check(
        rule,
        "fail" if wrong else "pass",
        _places(facts),
        values=values,
        expected=Decimal(_shown(point, decimals)),
        actual=stated_change.quantity.value if stated_change is not None else None,
        unit=current.quantity.unit,
        statements=tuple(id(fact) for fact in facts),
    )


def _shown(value: Decimal, decimals: int) -> str:
    return show_decimal(value.quantize(Decimal(1).scaleb(-decimals)) if decimals > 0 else value)
