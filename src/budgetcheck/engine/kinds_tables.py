"""Rule kinds over the standard disclosure tables of a package: arithmetic inside a table, amounts two
tables must share, narrative amounts against table cells, and the completeness of the table set.

These kinds see the whole package (a narrative in one file, its tables in another), run once per
package, and place every check at the cells and sentences that took part, each in its own file.
A table that is not fully understood (no header words, a repeated code, an unreadable cell) gives
insufficient_data with the reason, never a guessed failure; a blank table gives no arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Iterator

from budgetcheck.engine.context import AuditContext
from budgetcheck.engine.kinds import _expression, _measure, _measure_rate, _outcome_check, _reason, _table_cell_place, kind, show
from budgetcheck.engine.results import Check, Place
from budgetcheck.engine.rules import Rule
from budgetcheck.extract.facts import Fact
from budgetcheck.extract.standard_tables import (
    SideView,
    StandardTable,
    has_empty_note,
    is_numbered,
    names_previous_year,
    strip_numbering,
    table_kinds,
    table_links,
)
from budgetcheck.extract.table_view import ViewRow, _path_matches, squeeze
from budgetcheck.messages import unit_word
from budgetcheck.model import Document
from budgetcheck.numbers import Quantity, parse_number
from budgetcheck.tolerance import Outcome, check_equal, check_ratio, check_same_figure, check_sum

# Kinds that read the whole package; the audit runs them once per package, not once per file.
PACKAGE_KINDS = {
    "table_hierarchy", "table_components", "table_subtotals", "table_balance", "table_link", "table_rows_link", "text_table",
    "text_table_change", "table_set",
}
# (execution reads one narrative at a time: it is an ordinary per-document kind.)


def _table_place(table: StandardTable) -> Place:
    return Place(table.table.location, table.title)


def _tables(ctx: AuditContext, rule: Rule) -> Iterator[StandardTable]:
    """The package's standard tables this rule applies to (params: set, depth, balance)."""
    wanted_set = rule.params.get("set")
    for table in ctx.package.standard_tables:
        if wanted_set and table.kind.set != wanted_set:
            continue
        if "depth" in rule.params and table.kind.depth != rule.params["depth"]:
            continue
        if rule.params.get("balance") and not table.kind.balance:
            continue
        yield table


def _sum_check(
    rule: Rule, ctx: AuditContext, table: StandardTable, total: tuple[ViewRow, int], parts: list[tuple[ViewRow, int]], values: dict[str, object]
) -> Check | None:
    """total cell = Σ part cells; None when the total cell is blank (the table claims nothing there)."""
    total_row, total_column = total
    total_value = table.value(total_row, total_column)
    places = [_table_cell_place(table.view, total_row, total_column)] + [_table_cell_place(table.view, row, column) for row, column in parts]
    if total_value is None:
        if not table.is_blank(total_row, total_column):
            return Check(rule, "insufficient_data", places, reason=_reason(ctx, "unreadable_cell"))
        if all(table.is_blank(row, column) for row, column in parts):
            return None
        total_value = _zero(table)
    present: list[Quantity] = []
    for row, column in parts:
        value = table.value(row, column)
        if value is None:
            if not table.is_blank(row, column):
                return Check(rule, "insufficient_data", places, reason=_reason(ctx, "unreadable_cell"))
            continue
        present.append(value)
    outcome = _measure(check_sum, total_value, present, mode=ctx.rounding)  # type: ignore[arg-type]
    if outcome is None:
        return Check(rule, "insufficient_data", places, reason=_reason(ctx, "unit_unknown"))
    def message_values() -> dict[str, object]:
        return {"table": table.kind.name(ctx.lang), "total": show(total_value), "expression": _expression(present), "count": len(present), **values}

    return _outcome_check(rule, outcome, places, message_values, [], [total_value, *present])


def _column_name(table: StandardTable, column: int) -> str:
    return " / ".join(table.view.header.get(column, ())) or str(column)


def _row_name(table: StandardTable, row: ViewRow, column: int) -> str:
    return table.row_label_left_of(row, column) or row.label


# ---- within a table: classification hierarchy -----------------------------------------------


@kind("table_hierarchy")
def table_hierarchy_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """Each classification parent (类 3, 款 5 digits) = Σ its direct children; the 合计 row = Σ 类 rows."""
    for table in _tables(ctx, rule):
        coded = table.coded_rows()
        if table.is_empty():
            yield Check(rule, "not_applicable", [_table_place(table)], reason=_reason(ctx, "empty_table"))
            continue
        if not coded:
            yield Check(rule, "insufficient_data", [_table_place(table)], reason=_reason(ctx, "columns_not_found"))
            continue
        columns = table.amount_columns()
        codes = [item.code for item in coded]
        by_code = {item.code: item.row for item in coded}
        for item in coded:
            if len(item.code) >= 7:
                continue
            children = [other for other in coded if len(other.code) == len(item.code) + 2 and other.code.startswith(item.code)]
            if not children:
                continue
            if codes.count(item.code) > 1 or any(codes.count(child.code) > 1 for child in children):
                yield Check(rule, "insufficient_data", [_table_cell_place(table.view, item.row, min(item.row.cells))], reason=_reason(ctx, "code_repeated"))
                continue
            if any(len(child.columns) != len(item.columns) for child in children):
                yield Check(rule, "insufficient_data", [_table_place(table)], reason=_reason(ctx, "columns_not_found"))
                continue
            for position, column in enumerate(item.columns):
                check = _sum_check(
                    rule, ctx, table, (item.row, column), [(child.row, child.columns[position]) for child in children],
                    {"row": f"{item.code} {_row_name(table, item.row, column)}", "column": _column_name(table, column)},
                )
                if check is not None:
                    yield check
        total = table.total_row()
        top = [item for item in coded if len(item.code) == 3]
        if total is None or not top or len(set(item.code for item in top)) != len(top) or len(table.column_groups()) > 1:
            continue
        for column in columns:
            check = _sum_check(
                rule, ctx, table, (total, column), [(by_code[item.code], column) for item in top],
                {"row": "合计" if ctx.lang != "en" else "total", "column": _column_name(table, column)},
            )
            if check is not None:
                yield check


# ---- within a table: a total column = Σ its component columns --------------------------------


@kind("table_components")
def table_components_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    for table in _tables(ctx, rule):
        if not table.kind.components:
            continue
        if table.is_empty():
            yield Check(rule, "not_applicable", [_table_place(table)], reason=_reason(ctx, "empty_table"))
            continue
        if _one_amount_column(table):
            # 金额 alone (Jiangsu's 一般公共预算支出预算表, a 收支总表 with one column a side): the breakdown
            # runs down the rows, which T101/T104/T106 check; there is no component column to add up.
            yield Check(rule, "not_applicable", [_table_place(table)], reason=_reason(ctx, "one_amount_column"))
            continue
        done: set[tuple] = set()
        for spec in table.kind.components:
            total_key = tuple(tuple(alias) for alias in spec["total"])
            if total_key in done:
                continue  # an earlier reading of this total accounted for every column
            total_column = table.column([list(alias) for alias in spec["total"]])
            part_columns = [table.column([list(alias)]) for alias in spec["parts"]]
            found = sorted({column for column in part_columns if column is not None and column != total_column})
            if spec.get("optional") and (total_column is None or total_column in part_columns):
                continue  # the table has no such total column of its own: it states nothing here
            alternative = any(tuple(tuple(a) for a in other["total"]) == total_key for other in table.kind.components[table.kind.components.index(spec) + 1 :])
            if total_column is None or not found:
                if not alternative:
                    yield Check(rule, "insufficient_data", [_table_place(table)], reason=_reason(ctx, "columns_not_found"))
                continue
            # Columns between the total and its last part that no alias names would be left out of the sum.
            # An amount column no alias names (会议费 beside the 三公 columns) may be part of the total: then
            # the sum cannot be checked, unless a later reading of the same total names it.  Columns under a
            # named 小计's group are that 小计's parts.
            # A total under a group header (支出 / 合计, 公务用车 / 小计) sums columns of that group only.
            groups = {_top(table, c) for c in found}
            nested = len(table.view.header.get(total_column, ())) >= 2
            unnamed = [c for c in table.amount_columns() if c not in found and c != total_column
                       and _same_measure(table, c, total_column, found) and _top(table, c) not in groups
                       and (not nested or _top(table, c) == _top(table, total_column))]
            if unnamed:
                if not alternative:
                    yield Check(rule, "insufficient_data", [_table_place(table)], reason=_reason(ctx, "columns_not_found"))
                continue
            done.add(total_key)
            for row in table.view.rows:
                if row.role == "sub_item":
                    continue
                check = _sum_check(
                    rule, ctx, table, (row, total_column), [(row, column) for column in found],
                    {"row": _row_name(table, row, total_column), "column": _column_name(table, total_column)},
                )
                if check is not None:
                    yield check


def _one_amount_column(table: StandardTable) -> bool:
    """Whether the table (or each side of a 收入 | 支出 table) has a single amount column."""
    sides = table.sides()
    if sides is not None:
        return all(len(side.value_columns) == 1 for side in sides)
    return len(table.amount_columns()) == 1


# ---- within a one-column list: 小计 = Σ its items, 总计 = Σ 小计 ----------------------------------


@dataclass
class SubtotalGroup:
    subtotal: ViewRow
    label: str  # the group's name (一般公共预算资金), or 小计 when the row names nothing else
    items: list[ViewRow]


def _subtotal_groups(table: StandardTable) -> list[SubtotalGroup] | None:
    """The 小计 rows of a table listed row by row and the items each adds up; None when an item
    stands outside every group (the layout is not understood).

    A 小计 row that also names its group (一般公共预算资金 | 小计) heads the items below it, as in
    Jiangsu's 收入预算总表; a row holding only 小计 closes the items above it.
    """
    groups: list[SubtotalGroup] = []
    pending: list[ViewRow] = []  # items not yet in a group
    current: SubtotalGroup | None = None
    for row in table.view.rows:
        texts = [squeeze(cell.text) for cell in row.cells.values() if squeeze(cell.text)]
        if row.role == "total":
            current = None
            continue
        if "小计" in texts:
            names = [text for text in texts if text != "小计" and parse_number(text) is None]
            if names:
                current = SubtotalGroup(row, names[0], [])
            else:
                current = None
                groups.append(SubtotalGroup(row, "小计", pending))
                pending = []
                continue
            groups.append(current)
            continue
        if row.role == "sub_item":
            continue  # 其中：… is part of the item above, not another item
        if current is not None:
            current.items.append(row)
        else:
            pending.append(row)
    if not groups:
        return []
    if any(any(table.value(row, c) is not None for c in table.amount_columns()) for row in pending):
        return None
    return groups


@kind("table_subtotals")
def table_subtotals_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """In a table listed row by row (no 收入 | 支出 sides, no codes): each 小计 = Σ the items it
    groups; the 总计/合计 row = Σ the 小计 rows."""
    for table in _tables(ctx, rule):
        if table.sides() is not None or table.coded_rows():
            continue
        groups = _subtotal_groups(table)
        if groups == []:
            continue  # no 小计 rows: nothing stated here
        if table.is_empty():
            yield Check(rule, "not_applicable", [_table_place(table)], reason=_reason(ctx, "empty_table"))
            continue
        if groups is None:
            yield Check(rule, "insufficient_data", [_table_place(table)], reason=_reason(ctx, "rows_outside_groups"))
            continue
        totals = table.view.totals
        for column in table.amount_columns():
            for group in groups:
                if not group.items:
                    continue  # a group without items states only its 小计
                check = _sum_check(rule, ctx, table, (group.subtotal, column), [(row, column) for row in group.items],
                                   {"row": f"{group.label} 小计" if group.label != "小计" else "小计", "column": _column_name(table, column)})
                if check is not None:
                    yield check
            if len(totals) == 1:
                check = _sum_check(rule, ctx, table, (totals[0], column), [(group.subtotal, column) for group in groups],
                                   {"row": totals[0].label, "column": _column_name(table, column)})
                if check is not None:
                    yield check


def _top(table: StandardTable, column: int) -> str:
    path = table.view.header.get(column, ())
    return path[0] if path else ""


def _same_measure(table: StandardTable, column: int, total_column: int, parts: list[int]) -> bool:
    """Whether a column measures what the total does: 预算数 and 决算数 columns interleave in one table."""
    total_path = table.view.header.get(total_column, ())
    measure = total_path[-1] if len(total_path) >= 2 else None
    if measure is None or not all((table.view.header.get(c) or ("",))[-1] == measure for c in parts):
        return True
    return (table.view.header.get(column) or ("",))[-1] == measure


# ---- within a two-sided table: 总计 = 本年合计 + carry-overs; 收入总计 = 支出总计 -------------------


_GRAND = ("总计", "收入总计", "支出总计", "收支总计", "合计", "收入合计", "支出合计")


def _side_rows(table: StandardTable, side: SideView) -> tuple[ViewRow | None, ViewRow | None, list[ViewRow], list[ViewRow]]:
    """(grand total, 本年…合计, numbered items before it, unnumbered rows between it and the grand total)."""
    grand = subtotal = None
    items: list[ViewRow] = []
    extras: list[ViewRow] = []
    for row in table.view.rows:
        label = side.label(row)
        if not label:
            continue
        if label in _GRAND and grand is None and (subtotal is not None or items):
            grand = row
            break
        if label.startswith(("本年", "当年")) and label.endswith(("合计", "小计")):
            subtotal = row
            continue
        if subtotal is None:
            if is_numbered(label):
                items.append(row)
        elif not is_numbered(label) and not label[:1].isdigit():
            extras.append(row)
    return grand, subtotal, items, extras


@kind("table_balance")
def table_balance_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    mode = rule.params.get("check", "structure")
    for table in _tables(ctx, rule):
        if not table.kind.balance:
            continue
        if table.is_empty():
            yield Check(rule, "not_applicable", [_table_place(table)], reason=_reason(ctx, "empty_table"))
            continue
        sides = table.sides()
        if sides is None:
            yield Check(rule, "insufficient_data", [_table_place(table)], reason=_reason(ctx, "sides_unknown"))
            continue
        if mode == "totals":
            yield from _balance_totals(rule, ctx, table, sides)
            continue
        seen: set[tuple] = set()  # a total merged across two blocks is checked once against the same cells
        for side in sides:
            grand, subtotal, items, extras = _side_rows(table, side)
            if grand is None:
                yield Check(rule, "insufficient_data", [_table_place(table)], reason=_reason(ctx, "cell_not_found"))
                continue
            for column in side.value_columns:
                orphans = [row for row in table.view.rows if not side.label(row) and table.value(row, column) is not None]
                if orphans:
                    # An amount without a label on its row: a label wrapped onto the next line of a PDF
                    # ("三、单位预留机动经" / "费") — which item it belongs to is not known.
                    places = [_table_cell_place(table.view, row, column) for row in orphans]
                    yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "unlabelled_amount"))
                    continue
                at = lambda row: (row, _side_column(side, row, column))  # noqa: E731
                if subtotal is not None:
                    sums = [((at(subtotal)), [at(row) for row in items], side.label(subtotal))] if items else []
                    sums.append((at(grand), [at(row) for row in [subtotal, *extras]], side.label(grand)))
                else:
                    sums = [(at(grand), [at(row) for row in items], side.label(grand))]
                for total, parts, label in sums:
                    key = (total[0].index, total[1], tuple((row.index, c) for row, c in parts))
                    if key in seen:
                        continue
                    seen.add(key)
                    check = _sum_check(rule, ctx, table, total, parts, {"row": label, "column": _column_name(table, total[1])})
                    if check is not None:
                        yield check


def _side_column(side: SideView, row: ViewRow, column: int) -> int:
    """Where a row's amount for a column of the side stands: the column itself, or — when the row's
    label is merged across the side's blocks and covers it — the cell just after that label."""
    label = side.label_cell(row)
    if label is not None and label.column <= column <= label.last_column and label.last_column + 1 in row.cells:
        return label.last_column + 1
    return column


def _amount_beside_label(table: StandardTable, side: SideView, row: ViewRow) -> int:
    """The side's amount column for a row; a label merged across the side's blocks (支出合计 over
    功能分类 and 支出用途) has its amount in the cell right after it."""
    label = row.cells.get(side.label_column)
    if label is not None and label.col_span > 1 and label.last_column + 1 in row.cells:
        return label.last_column + 1
    return side.value_columns[0]


def _balance_totals(rule: Rule, ctx: AuditContext, table: StandardTable, sides: list[SideView]) -> Iterator[Check]:
    totals = []
    firsts = {}
    for side in sides:
        firsts.setdefault(side.name, side)
    for side in firsts.values():
        grand, _, _, _ = _side_rows(table, side)
        if grand is None:
            yield Check(rule, "insufficient_data", [_table_place(table)], reason=_reason(ctx, "cell_not_found"))
            return
        totals.append((side, grand, _amount_beside_label(table, side, grand)))
    (income_side, income_row, income_column), (spend_side, spend_row, spend_column) = totals
    left, right = table.value(income_row, income_column), table.value(spend_row, spend_column)
    places = [_table_cell_place(table.view, income_row, income_column), _table_cell_place(table.view, spend_row, spend_column)]
    if left is None or right is None:
        yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "unreadable_cell"))
        return
    outcome = _measure(check_equal, left, right, mode=ctx.rounding)
    if outcome is None:
        yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "unit_unknown"))
        return
    values = {"table": table.kind.name(ctx.lang), "left_label": income_side.label(income_row), "left": show(left),
              "right_label": spend_side.label(spend_row), "right": show(right)}
    yield _outcome_check(rule, outcome, places, values, [], [left, right])


# ---- across tables ------------------------------------------------------------------------------


@dataclass
class TableAmount:
    """An amount an address names: one cell, or the sum of several (人员经费合计 + 公用经费合计)."""

    table: StandardTable
    cells: list[tuple[ViewRow, int]]
    label: str

    def places(self) -> list[Place]:
        return [_table_cell_place(self.table.view, row, column) for row, column in self.cells]

    def parts(self) -> list[Quantity]:
        """The amount of each cell (a blank cell counts as zero); call only when quantity() is not None."""
        return [self.table.value(row, column) or _zero(self.table) for row, column in self.cells]

    def quantity(self) -> Quantity | None:
        """The amount (a blank cell counts as zero); None when a cell holds no readable number."""
        values: list[Quantity] = []
        for row, column in self.cells:
            value = self.table.value(row, column)
            if value is None:
                if not self.table.is_blank(row, column):
                    return None
                value = _zero(self.table)
            values.append(value)
        if len(values) == 1:
            return values[0]
        total = sum((value.value for value in values), Decimal(0))
        return replace(values[0], value=total, decimals=min(value.decimals for value in values), text="")


def _tables_near(ctx: AuditContext, kind_id: str, anchor: Document | None) -> tuple[list[StandardTable], str | None]:
    """The table of a kind a document speaks of: the one in its own file, else the one in the files
    sharing its name stem, else the package's only one.

    A document's own tables are what its text (and its other tables) speak of, whatever the other
    files of the package hold.  Two tables of the kind in the nearest place that has any (its own
    file, its companions, the package: several units in one folder) are ambiguous: which one is
    meant is not known, so nothing is compared.
    """
    if not ctx.package.tables_of(kind_id):
        return [], "table_missing"
    rings = ctx.package.tables_around(anchor) if anchor is not None else [ctx.package.standard_tables]
    for ring, ambiguous in zip(rings, ("ambiguous_table_in_file", "ambiguous_table", "ambiguous_table")):
        tables = [table for table in ring if table.kind.id == kind_id]
        if len(tables) == 1:
            return tables, None
        if tables:
            return [], ambiguous
    return [], "table_missing"


def _text_links(ctx: AuditContext, document_ctx: AuditContext) -> list[dict]:
    """The text links for one document's statements: those of its own tables' set (预算 or 决算), else the package's."""
    table_set = ctx.package.table_set_of(document_ctx)
    return [link for link in table_links()["text"] if link["set"] == table_set] if table_set else []


def _address(ctx: AuditContext, spec: dict, anchor: Document | None = None) -> tuple[list[TableAmount], str | None]:
    """The amounts an address names (one per table of that kind that goes with the anchor), or why none can be read."""
    tables, problem = _tables_near(ctx, spec["table"], anchor)
    if problem:
        return [], problem
    out = []
    for table in tables:
        if table.is_empty():
            return [], "empty_table"
        found = _find_amount(ctx, table, spec)
        if found is None and "or_sum" in spec:
            parts = [_find_amount(ctx, table, {**spec, **part}) for part in spec["or_sum"]]
            if all(part is not None for part in parts):
                cells = [cell for part in parts for cell in part.cells]  # type: ignore[union-attr]
                found = TableAmount(table, cells, " + ".join(part.label for part in parts))  # type: ignore[union-attr]
        if found is None:
            return [], "cell_not_found"
        out.append(found)
    return out, None


def _find_amount(ctx: AuditContext, table: StandardTable, spec: dict) -> TableAmount | None:
    found = table.find_cell(list(spec["row"]), [list(alias) for alias in spec["column"]])
    if found is None:
        return None
    row, column = found
    return TableAmount(table, [found], _cell_label(ctx, table, row, column))


def _cell_label(ctx: AuditContext, table: StandardTable, row: ViewRow, column: int) -> str:
    if ctx.lang == "en":
        return f"{table.kind.name(ctx.lang)}, {_row_name(table, row, column)} ({_column_name(table, column)})"
    return f"{table.kind.name(ctx.lang)} {_row_name(table, row, column)}（{_column_name(table, column)}）"


@kind("table_link")
def table_link_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    for link in table_links()["same_amount"]:
        left_tables = ctx.package.tables_of(link["left"]["table"])
        anchors: list[Document | None] = []
        for table in left_tables:
            if not any(table.document is seen for seen in anchors):
                anchors.append(table.document)
        for anchor in anchors or [None]:  # each document's tables are linked with their own
            left, left_problem = _address(ctx, link["left"], anchor)
            right, right_problem = _address(ctx, link["right"], anchor)
            if left_problem == "table_missing" and right_problem == "table_missing":
                continue  # neither table is in the package: nothing is stated
            if any(problem == "table_missing" and not table_kinds()[link[side]["table"]].required
                   for side, problem in (("left", left_problem), ("right", right_problem))):
                continue  # a table the set may leave out (Jiangsu's 财政拨款支出预算表) is not there
            if left_problem or right_problem:
                places = [_table_place(t) for t in left_tables + ctx.package.tables_of(link["right"]["table"]) if anchor is None or t.document is anchor]
                places = places or [_table_place(t) for t in ctx.package.tables_of(link["right"]["table"])]
                yield Check(rule, "not_applicable" if "empty_table" in (left_problem, right_problem) else "insufficient_data", places,
                            reason=_reason(ctx, left_problem or right_problem or ""))
                continue
            for l_amount in left:
                for r_amount in right:
                    yield _equal_amounts(rule, ctx, l_amount, r_amount)


def _equal_amounts(rule: Rule, ctx: AuditContext, left: TableAmount, right: TableAmount) -> Check:
    places = left.places() + right.places()
    l_value, r_value = left.quantity(), right.quantity()
    if l_value is None or r_value is None:
        return Check(rule, "insufficient_data", places, reason=_reason(ctx, "unreadable_cell"))
    if len(left.cells) == 1 and len(right.cells) == 1:
        # One figure of the books printed twice: identical at the same precision.
        outcome = _measure(check_same_figure, l_value, r_value, mode=ctx.rounding)
    elif len(left.cells) == 1:  # 基本支出 against 人员经费合计 + 公用经费合计: a sum of printed parts
        outcome = _measure(check_sum, l_value, right.parts(), mode=ctx.rounding)  # type: ignore[arg-type]
    else:
        outcome = _measure(check_equal, l_value, r_value, mode=ctx.rounding)
    if outcome is None:
        return Check(rule, "insufficient_data", places, reason=_reason(ctx, "unit_unknown"))
    values = {"left_label": left.label, "left": show(l_value), "left_unit": l_value.unit or "",
              "right_label": right.label, "right": show(r_value), "right_unit": r_value.unit or ""}
    return _outcome_check(rule, outcome, places, values, [], [l_value, r_value])


# ---- across tables: the 功能分类 rows two tables both print ------------------------------------


@dataclass
class ClassRow:
    """One 功能分类 line of a table in one amount column: by code, or by name where the table has no codes."""

    key: str  # the code (201, 20106 …) or the 类 name (社会保障和就业支出)
    row: ViewRow
    column: int


def _class_rows(table: StandardTable, column_aliases: list[list[str]]) -> tuple[list[ClassRow], bool] | None:
    """The lines of the first amount column the aliases name, and whether they are keyed by code.

    A table with classification codes is keyed by code; a 收支总表 side lists its 类 by name
    ("八、社会保障和就业支出"), keyed by the name without its numbering.  None: no such column.
    """
    amounts = table.amount_columns()
    column = next((c for alias in column_aliases for c in amounts if _path_matches(table.view.header.get(c, ()), alias)
                   and not names_previous_year(table.view.header.get(c, ()))), None)  # never 上年预算数
    if column is None:
        return None
    coded = table.coded_rows()
    if coded:
        return [ClassRow(item.code, item.row, column) for item in coded if column in item.columns], True
    sides = table.sides() or []
    side = next((side for side in sides if column in side.value_columns), None)
    if side is None:
        return None
    rows = [ClassRow(strip_numbering(side.label(row)), row, column) for row in table.view.rows]
    return [row for row in rows if row.key], False


def _lists_classes(table: StandardTable, other: StandardTable) -> bool:
    """Whether a table prints 功能分类 lines: codes, or a 类 name the other table prints with its code."""
    if table.coded_rows():
        return True
    names = {other.row_label_left_of(item.row, item.columns[0]) for item in other.coded_rows() if len(item.code) == 3 and item.columns}
    labels = {strip_numbering(side.label(row)) for side in table.sides() or [] for row in table.view.rows}
    return bool(names & labels)


def _cell_value(table: StandardTable, row: ViewRow, column: int) -> Quantity | None:
    """A cell's amount; a blank cell is a zero at the table's precision; None when unreadable."""
    value = table.value(row, column)
    if value is None and table.is_blank(row, column):
        return _zero(table)
    return value


@kind("table_rows_link")
def table_rows_link_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """A 功能分类 line two tables both print is one figure of the books: identical at one precision.

    Lines are matched by code where both tables have codes, else by the 类 name a 收支总表 prints.
    A line one table prints and the other does not name is not compared (a name may differ between
    years of the classification); a repeated code or name is not compared.
    """
    for link in table_links().get("same_rows", []):
        for left_table in ctx.package.tables_of(link["left"]["table"]):
            right_tables, problem = _tables_near(ctx, link["right"]["table"], left_table.document)
            if problem == "table_missing":
                continue  # the other table is not in the package: nothing is stated twice
            places = [_table_place(left_table)]
            if problem:
                yield Check(rule, "insufficient_data", places, reason=_reason(ctx, problem))
                continue
            for right_table in right_tables:
                if left_table.is_empty() or right_table.is_empty():
                    continue  # a blank table states no line (T402 asks for its note)
                yield from _compare_class_rows(rule, ctx, left_table, right_table, link)


def _compare_class_rows(rule: Rule, ctx: AuditContext, left_table: StandardTable, right_table: StandardTable, link: dict) -> Iterator[Check]:
    left = _class_rows(left_table, [list(a) for a in link["left"]["column"]])
    right = _class_rows(right_table, [list(a) for a in link["right"]["column"]])
    if left is None or right is None:
        places = [_table_place(left_table), _table_place(right_table)]
        if not _lists_classes(left_table, right_table) or not _lists_classes(right_table, left_table):
            # Jiangsu's 支出预算总表 and 财政拨款收支预算总表 list 基本支出 / 项目支出, not classes.
            yield Check(rule, "not_applicable", places, reason=_reason(ctx, "no_class_lines"))
        else:
            yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "columns_not_found"))
        return
    (left_rows, left_coded), (right_rows, right_coded) = left, right
    if left_coded and right_coded:
        pairs = [(r.key, r.key) for r in right_rows]
    else:
        # One side lists 类 by name: match it with the other's 3-digit lines by their names.
        named, coded_rows, coded_table = (left_rows, right_rows, right_table) if not left_coded else (right_rows, left_rows, left_table)
        by_name: dict[str, list[str]] = {}
        for item in coded_rows:
            if len(item.key) == 3:
                by_name.setdefault(coded_table.row_label_left_of(item.row, item.column), []).append(item.key)
        pairs = []
        for item in named:
            codes = by_name.get(item.key, [])
            if len(codes) == 1:
                pairs.append((item.key, codes[0]) if not left_coded else (codes[0], item.key))
    seen: set[tuple[str, str]] = set()
    for left_key, right_key in pairs:
        if (left_key, right_key) in seen:
            continue
        seen.add((left_key, right_key))
        l_rows = [r for r in left_rows if r.key == left_key]
        r_rows = [r for r in right_rows if r.key == right_key]
        if not l_rows or not r_rows:
            continue
        places = [_table_cell_place(left_table.view, r.row, r.column) for r in l_rows + r_rows]
        if len(l_rows) > 1 or len(r_rows) > 1:
            yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "code_repeated"))
            continue
        (l_row,), (r_row,) = l_rows, r_rows
        places = [_table_cell_place(left_table.view, l_row.row, l_row.column), _table_cell_place(right_table.view, r_row.row, r_row.column)]
        l_value, r_value = _cell_value(left_table, l_row.row, l_row.column), _cell_value(right_table, r_row.row, r_row.column)
        if l_value is None or r_value is None:
            yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "unreadable_cell"))
            continue
        if l_value.value == 0 and r_value.value == 0 and (left_table.is_blank(l_row.row, l_row.column) or right_table.is_blank(r_row.row, r_row.column)):
            continue  # neither table states an amount for the line
        outcome = _measure(check_same_figure, l_value, r_value, mode=ctx.rounding)
        if outcome is None:
            yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "unit_unknown"))
            continue
        values = {"left_label": _coded_label(ctx, left_table, l_row, left_key), "left": show(l_value), "left_unit": l_value.unit or "",
                  "right_label": _coded_label(ctx, right_table, r_row, right_key), "right": show(r_value), "right_unit": r_value.unit or ""}
        yield _outcome_check(rule, outcome, places, values, [], [l_value, r_value])


def _coded_label(ctx: AuditContext, table: StandardTable, item: ClassRow, key: str) -> str:
    label = _cell_label(ctx, table, item.row, item.column)
    if key.isdigit():  # the code before the name: 一般公共预算财政拨款支出决算表 208 社会保障和就业支出（合计）
        name = table.kind.name(ctx.lang)
        return label.replace(name + (", " if ctx.lang == "en" else " "), f"{name}{', ' if ctx.lang == 'en' else ' '}{key} ", 1)
    return label


def _zero(table: StandardTable) -> Quantity:
    """A blank cell where the template puts an amount: zero, at the table's precision."""
    return Quantity(value=Decimal(0), decimals=table.decimals, unit=table.unit, kind="money" if table.unit else "number", text="0")


# ---- narrative ↔ table --------------------------------------------------------------------------


_QUOTES = re.compile(r"[“”\"'‘’「」]")
_LABEL_YEAR = re.compile(r"(20\d{2})\s*年")
# What may stand before a phrase: who and when ("上海市普陀区财政局2024年度…", "本部门…"), nothing else,
# so "因公出国（境）费预算支出" is not taken for the 支出预算 total.
_PREFIX_ENDS = ("年", "年度", "局", "厅", "院", "办公室", "委员会", "委", "办事处", "政府", "中心", "部门", "单位", "本部门",
                "本单位", "镇", "乡", "街道", "所", "站", "队", "馆", "会", "处", "科", "室", "部", "署", "社", "校", "园")


def _plain_prefix(prefix: str) -> bool:
    prefix = prefix.lstrip("，,、：:（(）) ")
    return not prefix or prefix.endswith(_PREFIX_ENDS)


def _phrase_link(fact: Fact, links: list[dict]) -> tuple[dict, str] | None:
    """The text link whose longest phrase ends the fact's words ("…2024年度财政拨款收入支出总计")."""
    return phrase_link(fact.label, links)


def phrase_link(words: str, links: list[dict]) -> tuple[dict, str] | None:
    """The text link whose longest phrase ends these words, with only who and when before it."""
    label = _QUOTES.sub("", squeeze(words))
    for filler in ("预算安排", "共计安排", "安排", "为", "是", "共计", "合计为", "总额为", "共", "计"):
        if label.endswith(filler) and not label.endswith("合计") and not label.endswith("总计"):
            label = label[: -len(filler)]
            break
    best: tuple[int, dict, str] | None = None
    for link in links:
        for phrase in link["phrases"]:
            if label.endswith(phrase) and _plain_prefix(label[: -len(phrase)]) and (best is None or len(phrase) > best[0]):
                best = (len(phrase), link, phrase)
    return (best[1], best[2]) if best else None


@kind("text_table")
def text_table_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """Every narrative amount a link names is compared with the table cell, after unit conversion."""
    package = ctx.package
    if package.table_set is None:
        return  # no standard table in the package: the narrative has nothing to be compared with
    for document_ctx in package.contexts:
        links = _text_links(ctx, document_ctx)
        year = document_ctx.document_year
        for fact in document_ctx.narrative.facts:
            if fact.role != "amount" or fact.quantity.kind != "money":
                continue
            found = _phrase_link(fact, links)
            if found is None:
                continue
            link, _ = found
            statement = Place(fact.location, fact.text)
            label_years = {int(y) for y in _LABEL_YEAR.findall(fact.label)}
            if year is not None and label_years and year not in label_years:
                yield Check(rule, "not_applicable", [statement], reason=_reason(ctx, "other_year"))
                continue
            cells, problem = _address(ctx, link["cell"], document_ctx.document)
            if problem:
                status = "not_applicable" if problem == "empty_table" else "insufficient_data"
                yield Check(rule, status, [statement], reason=_reason(ctx, problem), statements=(id(fact),))
                continue
            for amount in cells:
                yield _text_cell_check(rule, ctx, fact, amount)


def _trimmed(value: Decimal, decimals: int) -> Decimal:
    """Every digit that carries the value (9101.677535, not 9101.67753500), and at least `decimals`."""
    exponent = min(value.normalize().as_tuple().exponent, -max(decimals, 0))  # type: ignore[type-var]
    return value.quantize(Decimal(1).scaleb(exponent))


def exact_in_stated_terms(outcome: Outcome, stated: Quantity) -> Outcome:
    """What the table implies and the difference, as exactly as the conversion gives them, with at least
    the stated amount's decimals: 29998500.00元 against "100万元" is 2999.85, 相差 -2899.85 — never
    rounded to the text's last digit (3000, -2900), which would contradict the tolerance beside it."""
    return Outcome(outcome.status, _trimmed(outcome.expected, stated.decimals), outcome.actual,
                   _trimmed(outcome.difference, stated.decimals), outcome.tolerance, outcome.unit)


def converted_words(value: Quantity, stated: Quantity, lang: str) -> str:
    """"（折合 9101.677535万元）" after a table amount in another unit than the text's; nothing when the
    units are the same, since there is nothing to convert."""
    if not stated.unit or not value.unit or value.unit == stated.unit:
        return ""
    amount = _trimmed(value.in_unit(stated.unit).value, stated.decimals)
    return f" ({amount} {unit_word(stated.unit, lang)})" if lang == "en" else f"（折合 {amount}{stated.unit}）"


def _text_cell_check(rule: Rule, ctx: AuditContext, fact: Fact, amount: TableAmount) -> Check:
    places = [Place(fact.location, fact.text), *amount.places()]
    value = amount.quantity()
    if value is None:
        return Check(rule, "insufficient_data", places, reason=_reason(ctx, "unreadable_cell"), statements=(id(fact),))
    stated = fact.quantity
    outcome = _measure(check_equal, stated, value, mode=ctx.rounding)
    if outcome is None:
        return Check(rule, "insufficient_data", places, reason=_reason(ctx, "unit_unknown"), statements=(id(fact),))
    values = {"left_label": squeeze(fact.label), "left": show(stated), "left_unit": stated.unit or "",
              "right_label": amount.label, "right": show(value), "right_unit": value.unit or "",
              "converted": converted_words(value, stated, ctx.lang)}
    return _outcome_check(rule, exact_in_stated_terms(outcome, stated), places, values, [fact], [stated])


# ---- completeness of the table set ------------------------------------------------------------


@kind("table_set")
def table_set_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    check = rule.params["check"]
    package = ctx.package
    if check == "required":
        yield from _required_tables(rule, ctx)
    elif check == "empty_note":
        for table in package.standard_tables:
            if not table.is_empty():
                continue
            status = "pass" if has_empty_note(table) else "fail"
            yield Check(rule, status, [_table_place(table)], values={"table": table.kind.name(ctx.lang), "title": table.title})
    elif check == "depth":
        for table in package.standard_tables:
            if table.kind.depth is None or table.is_empty():
                continue
            coded = table.coded_rows()
            if not coded:
                yield Check(rule, "insufficient_data", [_table_place(table)], reason=_reason(ctx, "columns_not_found"))
                continue
            codes = {item.code for item in coded}
            for item in coded:
                if len(item.code) >= table.kind.depth:
                    continue
                has_children = any(len(code) == len(item.code) + 2 and code.startswith(item.code) for code in codes)
                place = _table_cell_place(table.view, item.row, min(item.row.cells))
                values = {"table": table.kind.name(ctx.lang), "row": f"{item.code} {item.row.label}",
                          "level": {3: "类", 5: "款", 7: "项"}.get(table.kind.depth, str(table.kind.depth))}
                yield Check(rule, "pass" if has_children else "fail", [place], values=values)
    else:
        raise ValueError(f"rule {rule.id}: table_set needs check: required|empty_note|depth")


def _required_tables(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    package = ctx.package
    table_set = package.table_set
    first_path = package.contexts[0].document.path if package.contexts else ""
    if table_set is None:
        from budgetcheck.model import Location

        yield Check(rule, "not_applicable", [Place(Location(first_path), "")], reason=_reason(ctx, "no_standard_tables"))
        return
    present = {table.kind.id for table in package.standard_tables}
    anchor = [_table_place(package.standard_tables[0])]
    for table_kind in table_kinds().values():
        if table_kind.set != table_set or not table_kind.required:
            continue
        values = {"table": table_kind.name(ctx.lang), "set": {"budget": "部门预算", "final": "部门决算"}[table_set] if ctx.lang != "en" else table_set}
        yield Check(rule, "pass" if table_kind.id in present else "fail", anchor, values=values)


# ---- budget execution statements: 完成% and 决算数大于/小于/等于预算数 ------------------------------


@kind("execution")
def execution_kind(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    check = rule.params["check"]
    facts_at: dict[tuple[object, int], Fact] = {(fact.location, fact.quantity.start): fact for fact in ctx.narrative.facts}
    for statement in ctx.executions:
        place = Place(statement.location, statement.text)
        # The narrative facts these numbers are, so the coverage footer counts them as checked.
        numbers = [statement.budget, statement.final] + ([statement.percent] if statement.percent else [])
        covered = tuple(id(facts_at[key]) for q in numbers if (key := (statement.location, q.start)) in facts_at)
        budget, final = statement.budget, statement.final
        values = {"budget": show(budget), "final": show(final), "amount_unit": budget.unit or ""}
        if check == "rate":
            if statement.percent is None:
                continue
            outcome = _measure_rate(check_ratio, final, budget, statement.percent, mode=ctx.rounding)
            if outcome is None:
                yield Check(rule, "not_applicable", [place], reason=_reason(ctx, "no_base"))
                continue
            rate_check = _outcome_check(rule, outcome, [place], {**values, "stated": show(statement.percent)}, [])
            rate_check.statements = covered
            yield rate_check
        elif check == "direction":
            if statement.direction is None:
                continue
            same = _measure(check_equal, final, budget, mode=ctx.rounding)
            if same is None:
                yield Check(rule, "insufficient_data", [place], reason=_reason(ctx, "unit_unknown"))
                continue
            if statement.direction == "about":
                status = "pass" if same.status != "fail" else "not_applicable"  # 基本持平 is a judgement
            elif statement.direction == "equal":
                status = "pass" if same.status != "fail" else "fail"
            else:
                bigger = final.value > budget.value
                status = "pass" if same.status == "fail" and bigger == (statement.direction == "greater") else "fail"
            reason = _reason(ctx, "judgement") if status == "not_applicable" else ""
            yield Check(rule, status, [place], values={**values, "word": statement.word}, reason=reason, statements=covered)
        else:
            raise ValueError(f"rule {rule.id}: execution needs check: rate|direction")
