"""Look up spreadsheet tables and cells by sheet name and A1 reference, for the XLSX and XLS tests."""

from __future__ import annotations

from budgetcheck.model import Cell, Document, Table


def sheet(document: Document, title: str) -> Table:
    return next(table for table in document.tables if table.title == title)


def at(table: Table, ref: str) -> Cell:
    found = [cell for cell in table.cells() if cell.location.cell == ref]
    assert found, f"no cell {ref} in {table.title}"
    return found[0]


def spans(cell: Cell) -> tuple[str, int, int]:
    return cell.text, cell.row_span, cell.col_span
