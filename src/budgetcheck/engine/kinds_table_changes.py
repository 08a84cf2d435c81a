"""Rule kind: a narrative change from last year ("收入支出总计减少56.95万元", "…持平") against a table
that carries both years' figures (上年预算数 | 本年预算数 columns).

The amount is found through the text links of rules/standard_tables.yaml, as for T301; last year's
figure is the column beside it whose header names last year and otherwise reads the same.  Most
published tables carry only this year (决算数, or 预算数 alone): then the check says so
(insufficient data), because the narrative's change cannot be verified from the tables.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Iterator

from budgetcheck.engine.context import AuditContext
from budgetcheck.engine.kinds import _measure, _outcome_check, _reason, _table_cell_place, kind, show
from budgetcheck.engine.kinds_tables import TableAmount, _address, _cell_value, _text_links, exact_in_stated_terms, phrase_link
from budgetcheck.engine.results import Check, Place
from budgetcheck.engine.rules import Rule
from budgetcheck.extract.standard_tables import names_previous_year
from budgetcheck.extract.table_changes import ChangeStatement, change_statements
from budgetcheck.extract.table_view import squeeze
from budgetcheck.messages import unit_word
from budgetcheck.numbers import Quantity
from budgetcheck.tolerance import check_change

_YEAR_WORDS = re.compile(r"(?:上一?年度?|本年度?|当年度?|去年|今年|20\d{2}年度?)")


@kind("text_table_change")
def text_table_change_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    package = ctx.package
    if package is None or package.table_set is None:
        return  # no standard table in the package: nothing to compare with
    for document_ctx in package.contexts:
        links = _text_links(ctx, document_ctx)
        year = document_ctx.document_year
        for statement in change_statements(document_ctx.document, document_ctx.narrative):
            found = phrase_link(statement.words, links)
            if found is None:
                continue
            link, _ = found
            place = Place(statement.location, statement.text)
            covered = (id(statement.change),) if statement.change is not None else ()
            if statement.base_year is not None and year is not None and statement.base_year != year - 1:
                yield Check(rule, "not_applicable", [place], reason=_reason(ctx, "other_year"), statements=covered)
                continue
            amounts, problem = _address(ctx, link["cell"], document_ctx.document)
            if problem:
                status = "not_applicable" if problem == "empty_table" else "insufficient_data"
                yield Check(rule, status, [place], reason=_reason(ctx, problem), statements=covered)
                continue
            for amount in amounts:
                yield _check_change(rule, ctx, statement, amount, year, place, covered)


def _check_change(
    rule: Rule, ctx: AuditContext, statement: ChangeStatement, amount: TableAmount, year: int | None, place: Place, covered: tuple[int, ...]
) -> Check:
    table = amount.table
    row, column = amount.cells[0]
    previous_column = _previous_column(amount, year)
    places = [place, *amount.places()]
    if previous_column is None or len(amount.cells) > 1:
        return Check(rule, "insufficient_data", places, reason=_reason(ctx, "no_previous_year"), statements=covered)
    places.append(_table_cell_place(table.view, row, previous_column))
    current, previous = amount.quantity(), _cell_value(table, row, previous_column)
    if current is None or previous is None:
        return Check(rule, "insufficient_data", places, reason=_reason(ctx, "unreadable_cell"), statements=covered)
    # 持平 without a number states a change of nothing, at the table's precision.
    stated = statement.change.quantity if statement.change is not None else _zero_like(current)
    outcome = _measure(check_change, current, previous, stated, mode=ctx.rounding)
    if outcome is None:
        return Check(rule, "insufficient_data", places, reason=_reason(ctx, "unit_unknown"), statements=covered)
    values = {
        "words": statement.words, "stated": _stated_words(statement, stated, ctx.lang), "current": show(current),
        "previous": show(previous), "amount_unit": current.unit or "", "table": table.kind.name(ctx.lang),
    }
    check = _outcome_check(rule, exact_in_stated_terms(outcome, stated), places, values, [])
    check.statements = covered
    return check


def _stated_words(statement: ChangeStatement, stated: Quantity, lang: str) -> str:
    """持平 / 增加20.00万元 / 减少56.95万元 (no change / up 20.00 万元 / down 56.95 万元)."""
    if statement.level or stated.value == 0:
        return "no change" if lang == "en" else "持平"
    size = show(replace(stated, value=abs(stated.value)))
    if lang == "en":
        return f"{'up' if stated.value > 0 else 'down'} {size} {unit_word(stated.unit or '', lang)}".rstrip()
    return f"{'增加' if stated.value > 0 else '减少'}{size}{stated.unit or ''}"


def _previous_column(amount: TableAmount, year: int | None) -> int | None:
    """The column of last year's figure beside the amount's: its header names last year (上年…, or the
    year before the document's) and reads the same otherwise (上年预算数 beside 本年预算数)."""
    table = amount.table
    _, column = amount.cells[0]
    current_path = table.view.header.get(column, ())
    if names_previous_year(current_path):
        return None
    wanted = _without_years(current_path)
    for other in table.amount_columns():
        path = table.view.header.get(other, ())
        earlier = names_previous_year(path) or (year is not None and any(f"{year - 1}年" in squeeze(part) for part in path))
        if other != column and earlier and _without_years(path) == wanted:
            return other
    return None


def _without_years(path: tuple[str, ...]) -> tuple[str, ...]:
    parts = (_YEAR_WORDS.sub("", squeeze(part)) for part in path)
    return tuple(part for part in parts if part)


def _zero_like(q: Quantity) -> Quantity:
    return replace(q, value=Decimal(0), text="0")
