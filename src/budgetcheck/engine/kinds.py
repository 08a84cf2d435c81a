"""The rule kinds, each implemented once: sum, equal, delta, rate, product (and direction, in
kinds_year_over_year.py, imported at the end so that it registers).

A kind reads its rule's parameters, finds the facts they name in the AuditContext and yields one
`Check` per relation it could evaluate.  Arithmetic goes through tolerance.py (interval
arithmetic on printed precision), so "within rounding" is decided in one place.  Whatever a kind
cannot fully pin down ends as insufficient_data with a reason, never as a guessed pass or fail.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Callable, Iterator

from budgetcheck.engine.context import AuditContext
from budgetcheck.engine.results import Check, Place
from budgetcheck.engine.rules import Rule
from budgetcheck.extract.facts import Breakdown, Fact
from budgetcheck.extract.table_view import TableView, ViewRow
from budgetcheck.numbers import Quantity
from budgetcheck.tolerance import Outcome, check_equal, check_growth_of_change, check_product, check_ratio, check_sum

KindFunction = Callable[[Rule, AuditContext], Iterator[Check]]
KINDS: dict[str, KindFunction] = {}


def kind(name: str) -> Callable[[KindFunction], KindFunction]:
    def register(function: KindFunction) -> KindFunction:
        KINDS[name] = function
        return function

    return register


# ---- formatting of numbers and labels for messages -------------------------------------------


def show(quantity: Quantity) -> str:
    value = quantity.value
    if quantity.decimals >= 0:
        value = value.quantize(Decimal(1).scaleb(-quantity.decimals))
    return format(value, "f")


def show_decimal(value: Decimal) -> str:
    return format(value, "f")


def _expression(parts: list[Quantity]) -> str:
    text = ""
    for index, part in enumerate(parts):
        shown = show(part)
        if index == 0:
            text = shown
        elif shown.startswith("-"):
            text += f" − {shown[1:]}"
        else:
            text += f" + {shown}"
    return text or "0"


def _concept_name(ctx: AuditContext, fact: Fact) -> str:
    if fact.concept and fact.concept in ctx.vocab.concepts:
        return ctx.vocab.get(fact.concept).name(ctx.lang)
    return fact.label


def _at_precision(outcome: Outcome, quantities: list[Quantity]) -> Outcome:
    """Show expected, actual and difference with the decimals the document prints (−36.00, not −36)."""
    decimals = max((q.decimals for q in quantities), default=0)
    if decimals <= 0:
        return outcome
    step = Decimal(1).scaleb(-decimals)

    def fix(value: Decimal) -> Decimal:
        return value.quantize(step) if value.as_tuple().exponent > -decimals else value  # type: ignore[operator]

    # Built directly: dataclasses.replace costs more than the check itself, and this runs for every check.
    return Outcome(outcome.status, fix(outcome.expected), fix(outcome.actual), fix(outcome.difference), outcome.tolerance, outcome.unit, outcome.convention)


def _outcome_check(
    rule: Rule,
    outcome: Outcome,
    places: list[Place],
    values: dict[str, object] | Callable[[], dict[str, object]],
    facts: list[Fact],
    quantities: list[Quantity] | None = None,
) -> Check:
    """The check of an outcome.  Its message values are only read for a finding, so a check that passes
    (most of them) skips formatting them; `values` may be a function that builds them when needed."""
    if quantities:
        outcome = _at_precision(outcome, quantities)
    if outcome.status == "pass":
        values = {}
    else:
        values = dict(values() if callable(values) else values)
        values.setdefault("expected", show_decimal(outcome.expected))
        values.setdefault("actual", show_decimal(outcome.actual))
        values["difference"] = show_decimal(outcome.difference)
        values["tolerance"] = show_decimal(outcome.tolerance)
        values["unit"] = outcome.unit or ""
    return Check(
        rule=rule,
        status=outcome.status,
        places=places,
        values=values,
        expected=outcome.expected,
        actual=outcome.actual,
        difference=outcome.difference,
        tolerance=outcome.tolerance,
        unit=outcome.unit,
        statements=tuple(id(fact) for fact in facts if fact.source == "narrative"),
        convention=outcome.convention,
    )


def _measure(check: Callable[..., Outcome], *args: Quantity, mode: str, **options: str) -> Outcome | None:
    """Run a tolerance check; None when the amounts cannot be compared (units, zero bases)."""
    try:
        outcome = check(*args, mode=mode, **options)
    except ValueError:
        return None
    return replace(outcome, convention="truncate") if mode == "truncate" else outcome


def _measure_rate(check: Callable[..., Outcome], *args: Quantity, mode: str) -> Outcome | None:
    """Rates are often truncated rather than rounded (10.158% printed as 10.15%): accept either
    convention for the stated rate, reporting a truncated rate as a rounding difference, never as
    an error.  The amounts keep the document's rounding mode."""
    outcome = _measure(check, *args, mode=mode)
    if outcome is None or outcome.status != "fail":
        return outcome
    truncated = _measure(check, *args, mode=mode, rate="truncate")
    if truncated is not None and truncated.status != "fail":
        return Outcome("rounding", outcome.expected, outcome.actual, outcome.difference, truncated.tolerance, outcome.unit, "truncated_rate")
    return outcome


def _place(fact: Fact) -> Place:
    return Place(fact.location, fact.text)


def _places(facts: list[Fact]) -> list[Place]:
    seen: set[tuple[object, str]] = set()
    out: list[Place] = []
    for fact in facts:
        key = (fact.location, fact.text)
        if key not in seen:
            seen.add(key)
            out.append(_place(fact))
    return out


# ---- sum ---------------------------------------------------------------------------------------


@kind("sum")
def sum_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    params = rule.params
    if params.get("source") == "narrative":
        yield from _breakdown_checks(rule, ctx, role="amount")
    elif "table" in params and params.get("over") == "rows":
        yield from _table_rows_sum(rule, ctx)
    elif "table" in params and params.get("over") == "columns":
        yield from _table_columns_sum(rule, ctx)
    else:
        raise ValueError(f"rule {rule.id}: sum needs source: narrative or table with over: rows|columns")


def _breakdown_checks(rule: Rule, ctx: AuditContext, role: str) -> Iterator[Check]:
    mode = rule.params.get("mode", "complete")
    for breakdown in ctx.narrative.breakdowns:
        if breakdown.role != role:
            continue
        facts = [breakdown.total, *breakdown.parts]
        places = _places(facts)
        if not breakdown.understood:
            if mode == "complete":
                yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "unknown_part"))
            continue
        if mode == "complete" and not breakdown.complete:
            yield Check(rule, "not_applicable", places, reason=_reason(ctx, "partial_listing"))
            continue
        if mode == "partial" and breakdown.complete:
            continue
        yield from _breakdown_outcome(rule, ctx, breakdown, places, mode)


def _breakdown_outcome(rule: Rule, ctx: AuditContext, breakdown: Breakdown, places: list[Place], mode: str) -> Iterator[Check]:
    parts = [part.quantity for part in breakdown.parts]
    outcome = _measure(check_sum, breakdown.total.quantity, parts, mode=ctx.rounding)  # type: ignore[arg-type]
    if outcome is None:
        yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "unit_unknown"))
        return
    if mode == "partial":
        # An incomplete listing may leave parts out; only parts that exceed the total are wrong.
        if outcome.status == "fail" and outcome.difference > 0:
            outcome = Outcome("pass", outcome.expected, outcome.actual, outcome.difference, outcome.tolerance, outcome.unit)
    values = {
        "total_label": _concept_name(ctx, breakdown.total),
        "total": show(breakdown.total.quantity),
        "parts": " + ".join(f"{_concept_name(ctx, part)} {show(part.quantity)}" for part in breakdown.parts),
        "expression": _expression(parts),
    }
    yield _outcome_check(rule, outcome, places, values, [breakdown.total, *breakdown.parts], [breakdown.total.quantity, *parts])


def _reason(ctx: AuditContext, code: str) -> str:
    from budgetcheck.engine.reasons import reason_text

    return reason_text(code, ctx.lang)


def _table_cell_place(view: TableView, row: ViewRow, column: int) -> Place:
    cell = view.cell(row, column)
    if cell is None:
        return Place(row.row.location, " | ".join(row.row.texts()))
    return Place(cell.location, cell.text)


def _columns(rule: Rule, ctx: AuditContext, view: TableView, names: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for name in names:
        column = ctx.column(view, rule.params["table"], name)
        if column is not None:
            found[name] = column
    return found


def _table_rows_sum(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    profile = rule.params["table"]
    for view in ctx.tables(profile):
        columns = _columns(rule, ctx, view, list(rule.params["columns"]))
        if not columns:
            yield Check(rule, "insufficient_data", [Place(view.table.location, view.caption)], reason=_reason(ctx, "columns_not_found"))
            continue
        parents = [row for row in view.rows if row.role in ("total", "subtotal")]
        for parent in parents:
            children = view.children(parent)
            if not children:
                continue
            for name, column in columns.items():
                total = view.value(parent, column)
                if total is None:
                    continue  # the total row leaves this column empty: nothing is claimed
                parts = [(view.value(child, column), view.is_blank(child, column)) for child in children]
                places = [_table_cell_place(view, parent, column)] + [_table_cell_place(view, child, column) for child in children]
                values = {
                    "table": ctx.profiles[profile].name(ctx.lang),
                    "row": parent.label,
                    "column": " / ".join(view.header.get(column, ())) or str(column),
                    "count": len(children),
                }
                yield _cells_sum_check(rule, ctx, total, parts, places, values)


def _cells_sum_check(
    rule: Rule, ctx: AuditContext, total: Quantity, parts: list[tuple[Quantity | None, bool]], places: list[Place], values: dict[str, object]
) -> Check:
    """total = Σ parts for table cells; each part is (its number, whether the cell is blank)."""
    if any(value is None and not blank for value, blank in parts):
        return Check(rule, "insufficient_data", places, reason=_reason(ctx, "unreadable_cell"))
    present = [value for value, _ in parts if value is not None]  # a blank cell counts as nothing
    outcome = _measure(check_sum, total, present, mode=ctx.rounding)  # type: ignore[arg-type]
    if outcome is None:
        return Check(rule, "insufficient_data", places, reason=_reason(ctx, "unit_unknown"))
    values = {**values, "total": show(total), "expression": _expression(present)}
    return _outcome_check(rule, outcome, places, values, [], [total, *present])


def _table_columns_sum(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    profile = rule.params["table"]
    for view in ctx.tables(profile):
        total_column = ctx.column(view, profile, rule.params["total"])
        part_columns = _columns(rule, ctx, view, list(rule.params["parts"]))
        if total_column is None or len(part_columns) < len(rule.params["parts"]):
            yield Check(rule, "insufficient_data", [Place(view.table.location, view.caption)], reason=_reason(ctx, "columns_not_found"))
            continue
        for row in view.rows:
            if row.role == "sub_item":
                continue
            total = view.value(row, total_column)
            if total is None:
                continue
            parts = [(view.value(row, column), view.is_blank(row, column)) for column in part_columns.values()]
            places = [_table_cell_place(view, row, total_column)] + [_table_cell_place(view, row, column) for column in part_columns.values()]
            values = {"table": ctx.profiles[profile].name(ctx.lang), "row": row.label, "column": " / ".join(view.header.get(total_column, ()))}
            yield _cells_sum_check(rule, ctx, total, parts, places, values)


# ---- delta -------------------------------------------------------------------------------------


@kind("delta")
def delta_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """mode components (default): a change equals the sum of its parts' changes; mode values: a
    change equals current − previous when the text states both years' amounts."""
    if rule.params.get("source") != "narrative":
        raise ValueError(f"rule {rule.id}: delta needs source: narrative")
    if rule.params.get("mode") == "values":
        from budgetcheck.engine.kinds_year_over_year import comparison_changes

        yield from comparison_changes(rule, ctx)
        return
    for breakdown in ctx.narrative.breakdowns:
        if breakdown.role != "change":
            continue
        facts = [breakdown.total, *breakdown.parts]
        places = _places(facts)
        if not breakdown.understood:
            yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "unknown_part"))
            continue
        if not breakdown.complete:
            yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "partial_listing"))
            continue
        yield from _breakdown_outcome(rule, ctx, breakdown, places, "complete")


# ---- equal -------------------------------------------------------------------------------------


def _side(rule: Rule, ctx: AuditContext, spec: dict[str, object]) -> tuple[list[tuple[Quantity, Fact | None, list[Place], str]], str | None]:
    """The amounts one side of an equality names, each with its places and a label.

    Returns the amounts and, when the side cannot be read, the reason code.
    """
    if "concept" in spec:
        concept = str(spec["concept"])
        facts = ctx.narrative.of(concept)
        if "text_contains" in spec:
            facts = [fact for fact in facts if str(spec["text_contains"]) in fact.text]
        label = ctx.vocab.get(concept).name(ctx.lang)
        return [(fact.quantity, fact, [_place(fact)], label) for fact in facts], None
    profile = str(spec["table"])
    out: list[tuple[Quantity, Fact | None, list[Place], str]] = []
    for view in ctx.tables(profile):
        column = ctx.column(view, profile, str(spec["column"]))
        if column is None:
            return [], "columns_not_found"
        label = f"{ctx.profiles[profile].name(ctx.lang)} {' / '.join(view.header.get(column, ()))}"
        if spec.get("row") == "total":
            for row in view.totals:
                value = view.value(row, column)
                if value is not None:
                    out.append((value, None, [_table_cell_place(view, row, column)], f"{label}（{row.label}）" if ctx.lang != "en" else f"{label} ({row.label})"))
                    break
        elif isinstance(spec.get("rows_where"), dict):
            where = spec["rows_where"]
            match_column = ctx.column(view, profile, str(where["column"]))
            if match_column is None:
                return [], "columns_not_found"
            rows = [row for row in view.rows if row.role == "item" and view.cell(row, match_column) is not None and str(where["equals"]) in view.cell(row, match_column).text]  # type: ignore[union-attr]
            values = [view.value(row, column) for row in rows]
            if not rows or any(value is None for value in values):
                continue
            total = _sum_quantities([v for v in values if v is not None])
            places = [_table_cell_place(view, row, column) for row in rows]
            out.append((total, None, places, f"{label}（{where['equals']}）" if ctx.lang != "en" else f"{label} ({where['equals']})"))
    return out, None


def _sum_quantities(values: list[Quantity]) -> Quantity:
    from dataclasses import replace

    first = values[0]
    total = sum((value.in_unit(first.unit).value if first.unit and value.unit else value.value for value in values), Decimal(0))
    return replace(first, value=total, decimals=min(value.decimals for value in values), text="", start=0, end=0)


@kind("equal")
def equal_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    if rule.params.get("document") and rule.params["document"] != ctx.document_kind:
        return  # e.g. income = expenditure holds for a budget, not for final accounts
    left, left_problem = _side(rule, ctx, rule.params["left"])
    right, right_problem = _side(rule, ctx, rule.params["right"])
    if left_problem or right_problem:
        yield Check(rule, "insufficient_data", [p for side in (left, right) for item in side for p in item[2]], reason=_reason(ctx, left_problem or right_problem or ""))
        return
    if not left or not right:
        if left or right:
            present = left or right
            yield Check(rule, "not_applicable", [p for item in present for p in item[2]], reason=_reason(ctx, "other_side_missing"))
        return
    seen: set[tuple[Decimal, Decimal]] = set()
    for l_value, l_fact, l_places, l_label in left:
        for r_value, r_fact, r_places, r_label in right:
            if l_fact is not None and l_fact is r_fact:
                continue
            key = (l_value.value, r_value.value)
            if key in seen:
                continue
            seen.add(key)
            if l_value.unit is None or r_value.unit is None:
                yield Check(rule, "insufficient_data", l_places + r_places, reason=_reason(ctx, "unit_unknown"))
                continue
            outcome = _measure(check_equal, l_value, r_value, mode=ctx.rounding)
            if outcome is None:
                yield Check(rule, "insufficient_data", l_places + r_places, reason=_reason(ctx, "unit_unknown"))
                continue
            values = {"left_label": l_label, "left": show(l_value), "right_label": r_label, "right": show(r_value), "left_unit": l_value.unit, "right_unit": r_value.unit}
            facts = [fact for fact in (l_fact, r_fact) if fact is not None]
            yield _outcome_check(rule, outcome, l_places + r_places, values, facts, [l_value, r_value])


# ---- product -----------------------------------------------------------------------------------


@kind("product")
def product_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    profile = rule.params["table"]
    for view in ctx.tables(profile):
        columns = _columns(rule, ctx, view, [rule.params["quantity"], rule.params["price"], rule.params["amount"]])
        if len(columns) < 3:
            yield Check(rule, "insufficient_data", [Place(view.table.location, view.caption)], reason=_reason(ctx, "columns_not_found"))
            continue
        q_col, p_col, a_col = (columns[rule.params[key]] for key in ("quantity", "price", "amount"))
        for row in view.rows:
            if row.role != "item":
                continue
            quantity, price, amount = view.value(row, q_col), view.value(row, p_col), view.value(row, a_col)
            places = [_table_cell_place(view, row, column) for column in (q_col, p_col, a_col)]
            if quantity is None and price is None:
                continue  # nothing claimed about this row
            if quantity is None or price is None or amount is None:
                yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "unreadable_cell"))
                continue
            outcome = _measure(check_product, quantity, price, amount, mode=ctx.rounding)
            if outcome is None:
                yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "unit_unknown"))
                continue
            values = {"table": ctx.profiles[profile].name(ctx.lang), "row": row.label, "quantity": show(quantity), "price": show(price), "amount": show(amount)}
            yield _outcome_check(rule, outcome, places, values, [], [price, amount])


def _at_least(a: Quantity, b: Quantity) -> bool:
    """a ≥ b by printed value, in b's unit; False when the units cannot be compared (the check says so)."""
    try:
        return a.in_unit(b.unit).value >= b.value
    except ValueError:
        return False


# ---- rate --------------------------------------------------------------------------------------


@kind("rate")
def rate_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    of = rule.params.get("of")
    if of == "share":
        for share in ctx.narrative.shares:
            facts = [share.part, share.base, share.percent]
            outcome = _measure_rate(check_ratio, share.part.quantity, share.base.quantity, share.percent.quantity, mode=ctx.rounding)
            if outcome is None:
                yield Check(rule, "insufficient_data", _places(facts), reason=_reason(ctx, "unit_unknown"))
                continue
            values = {"part_label": _concept_name(ctx, share.part), "part": show(share.part.quantity), "base_label": _concept_name(ctx, share.base), "base": show(share.base.quantity), "stated": show(share.percent.quantity)}
            yield _outcome_check(rule, outcome, _places(facts), values, facts)
    elif of == "growth" and rule.params.get("from") == "amounts":
        from budgetcheck.engine.kinds_year_over_year import comparison_rates

        yield from comparison_rates(rule, ctx)
    elif of == "growth":
        for growth in ctx.narrative.growths:
            facts = [growth.current, growth.change, growth.percent]
            current, change = growth.current.quantity, growth.change.quantity
            if current.unit is None or change.unit is None:
                yield Check(rule, "insufficient_data", _places(facts), reason=_reason(ctx, "unit_unknown"))
                continue
            if _at_least(change, current):
                yield Check(rule, "not_applicable", _places(facts), reason=_reason(ctx, "no_base"))
                continue
            # The previous amount is current − change over both intervals (tolerance.py), never rounded on its own.
            outcome = _measure_rate(check_growth_of_change, current, change, growth.percent.quantity, mode=ctx.rounding)
            if outcome is None:
                yield Check(rule, "insufficient_data", _places(facts), reason=_reason(ctx, "no_base"))
                continue
            values = {
                "label": _concept_name(ctx, growth.current),
                "current": show(current),
                "change": show(growth.change.quantity),
                "stated": show(growth.percent.quantity),
                "amount_unit": current.unit or "",
            }
            yield _outcome_check(rule, outcome, _places(facts), values, facts)
    else:
        raise ValueError(f"rule {rule.id}: rate needs of: share|growth")


# Kinds kept in their own modules register themselves when imported.
from budgetcheck.engine import kinds_performance  # noqa: E402,F401
from budgetcheck.engine import kinds_year_over_year  # noqa: E402,F401
from budgetcheck.engine import kinds_tables  # noqa: E402,F401
from budgetcheck.engine import kinds_table_changes  # noqa: E402,F401
from budgetcheck.engine import kinds_completeness  # noqa: E402,F401
