"""Read a table the way a person does: caption, unit banner, header paths per column, labelled rows.

Rules address cells by row label (合计, 小计, an item's name) and column header (政府采购金额 /
当年部门预算安排资金 / 一般公共预算拨款), never by position, so the same rule works on a Word table,
a spreadsheet, a PDF table or the seed's text export.  A text export loses column spans; when
header rows are shorter than the data rows, their spans are recovered from the pattern of empty
cells below them (an empty cell continues the header above it, a run of filled cells sits under
one merged header) — only when that pattern accounts for every header cell exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from budgetcheck.model import Cell, Document, Heading, Paragraph, Row, Table
from budgetcheck.numbers import Quantity, parse_number, parse_unit_banner

_SPACES = re.compile(r"[\s　]+")
TOTAL_LABELS = ("合计", "总计", "资产总额", "收入总计", "支出总计", "收入合计", "支出合计", "总合计")
SUBTOTAL_LABELS = ("小计",)
_UNIT_CELL = re.compile(r"^[（(]?(?:金额|计量|货币)?单位(?:[：:]|[（(](?:人民币)?[千万亿]?元[）)])")
_KEY_VALUE = re.compile(r"^[^：:]{1,12}[：:]")


@lru_cache(maxsize=8192)  # every rule squeezes the same captions, labels and headers of a document again
def squeeze(text: str) -> str:
    return _SPACES.sub("", text)


@dataclass
class ViewRow:
    row: Row
    label: str
    role: str  # "total", "subtotal", "item" or "sub_item" (an "其中：" row under the item above)
    cells: dict[int, Cell] = field(default_factory=dict)  # grid column -> cell starting there

    @property
    def index(self) -> int:
        return self.row.index


@dataclass
class TableView:
    table: Table
    caption: str
    unit: str | None
    header: dict[int, tuple[str, ...]]  # grid column -> header texts, top to bottom
    rows: list[ViewRow]
    column_units: dict[int, str] = field(default_factory=dict)
    # (column, cell text) -> the value read there: every rule reads the same cells again.
    _values: dict[tuple[int, str], Quantity | None] = field(default_factory=dict, repr=False, compare=False)

    def find_column(self, aliases: list[list[str]], exclude: list[str] | None = None) -> int | None:
        """The first column whose header path contains all keywords of an alias, in order."""
        exclude = exclude or []
        for alias in aliases:
            for column in sorted(self.header):
                path = self.header[column]
                if any(word in part for word in exclude for part in path):
                    continue
                if _path_matches(path, alias):
                    return column
        return None

    def cell(self, row: ViewRow, column: int) -> Cell | None:
        return row.cells.get(column)

    def value(self, row: ViewRow, column: int) -> Quantity | None:
        """The number in a cell, in the column's or table's unit; None for blank, dash or text."""
        cell = row.cells.get(column)
        if cell is None:
            return None
        key = (column, cell.text)
        if key not in self._values:
            self._values[key] = self._read(column, cell.text)
        return self._values[key]

    def _read(self, column: int, text: str) -> Quantity | None:
        quantity = parse_number(text)
        if quantity is None:
            return None
        unit = self.column_units.get(column, self.unit)
        if quantity.unit is None and unit is not None and quantity.kind == "number":
            quantity = replace(quantity, unit=unit, kind="money" if unit in ("元", "万元", "亿元") else quantity.kind)
        return quantity

    def is_blank(self, row: ViewRow, column: int) -> bool:
        cell = row.cells.get(column)
        return cell is None or squeeze(cell.text) in ("", "-", "—", "——", "－", "/", "0.00", "0")

    @property
    def totals(self) -> list[ViewRow]:
        return [row for row in self.rows if row.role == "total"]

    def children(self, parent: ViewRow) -> list[ViewRow]:
        """Direct children: a total's subtotals (or its items when there are none), a subtotal's items."""
        rows = self.rows
        if parent.role == "total":
            subtotals = [row for row in rows if row.role == "subtotal"]
            if subtotals:
                return subtotals
            return [row for row in rows if row.role == "item"]
        if parent.role == "subtotal":
            start = rows.index(parent)
            out: list[ViewRow] = []
            for row in rows[start + 1 :]:
                if row.role in ("subtotal", "total"):
                    break
                if row.role == "item":
                    out.append(row)
            return out
        return []


def _path_matches(path: tuple[str, ...], alias: list[str]) -> bool:
    position = 0
    for word in alias:
        while position < len(path) and word not in squeeze(path[position]):
            position += 1
        if position == len(path):
            return False
        position += 1
    return True


def caption_of(document: Document, table: Table) -> str:
    """The table's title: its own (sheet name, PDF caption), else the text just before it."""
    if table.title:
        return table.title
    blocks = document.blocks
    index = next(i for i, block in enumerate(blocks) if block is table)
    for block in reversed(blocks[max(0, index - 3) : index]):
        if isinstance(block, Table):
            break
        if isinstance(block, (Heading, Paragraph)) and len(block.text) <= 80:
            return block.text.strip()
    return ""


def unit_above(document: Document, table: Table) -> str | None:
    """A unit banner in the two text blocks just above the table, where PDF and Word put
    "单位：万元" (often on one line with "编制部门：…")."""
    blocks = document.blocks
    index = next(i for i, block in enumerate(blocks) if block is table)
    for block in reversed(blocks[max(0, index - 2) : index]):
        if isinstance(block, Table):
            break
        unit = parse_unit_banner(block.text)
        if unit:
            return unit
    return None


def build_view(document: Document, table: Table) -> TableView:
    caption = caption_of(document, table)
    grid_rows = _grid(table)
    width = max((max(cells) for cells in grid_rows.values() if cells), default=0)
    banner_rows, header_rows, data_rows = _split(table, grid_rows, width)
    unit = parse_unit_banner(caption) if caption else None
    for row in banner_rows:
        for cell in row.cells:
            unit = parse_unit_banner(cell.text) or unit
    if unit is None:
        unit = unit_above(document, table)
    header, column_units = _header(table, header_rows, grid_rows, width)
    for column, path in header.items():
        for text in path:
            found = parse_unit_banner(text)
            if found:
                column_units[column] = found
    rows = [_view_row(row, grid_rows[row.index]) for row in data_rows]
    return TableView(table, caption, unit, header, rows, column_units)


def _grid(table: Table) -> dict[int, dict[int, Cell]]:
    return {row.index: {cell.column: cell for cell in row.cells} for row in table.rows}


def _is_numeric(text: str) -> bool:
    quantity = parse_number(text)
    return quantity is not None


def _split(table: Table, grid: dict[int, dict[int, Cell]], width: int) -> tuple[list[Row], list[Row], list[Row]]:
    banner: list[Row] = []
    header: list[Row] = []
    data: list[Row] = []
    for row in table.rows:
        texts = [cell.text.strip() for cell in row.cells if cell.text.strip()]
        if data:
            data.append(row)
            continue
        # Rows above the header that carry the unit or "编制部门：…" are banners, not headers.
        if not header and texts and (
            any(_UNIT_CELL.match(squeeze(t)) for t in texts) or all(_KEY_VALUE.match(t) for t in texts)
        ):
            banner.append(row)
            continue
        if not header and len(texts) == 1 and width >= 3:
            banner.append(row)  # a title row spanning the table
            continue
        if any(_is_numeric(cell.text) for cell in row.cells[1:]) or (
            any(_is_numeric(cell.text) for cell in row.cells) and header
        ):
            data.append(row)
        else:
            header.append(row)
    return banner, header, data


def _header(
    table: Table, header_rows: list[Row], grid: dict[int, dict[int, Cell]], width: int
) -> tuple[dict[int, tuple[str, ...]], dict[int, str]]:
    spans = _recovered_spans(header_rows, width) if _has_no_spans(table) else None
    paths: dict[int, list[str]] = {column: [] for column in range(1, width + 1)}
    for index, row in enumerate(header_rows):
        if spans is not None:
            column = 1
            for cell, span in zip(row.cells, spans[index]):
                for covered in range(column, column + span):
                    if cell.text.strip() and covered in paths:
                        paths[covered].append(cell.text.strip())
                column += span
        else:
            for cell in row.cells:
                for covered in range(cell.column, cell.last_column + 1):
                    if cell.text.strip() and covered in paths:
                        paths[covered].append(cell.text.strip())
    header: dict[int, tuple[str, ...]] = {}
    for column, texts in paths.items():
        deduped: list[str] = []
        for text in texts:
            if not deduped or deduped[-1] != text:
                deduped.append(text)
        header[column] = tuple(deduped)
    return header, {}


def _has_no_spans(table: Table) -> bool:
    return all(cell.row_span == 1 and cell.col_span == 1 for cell in table.cells())


def _recovered_spans(header_rows: list[Row], width: int) -> list[list[int]] | None:
    """Column spans of text-exported header rows, bottom-up; None when the pattern is ambiguous."""
    if not header_rows:
        return []
    spans: list[list[int]] = [[] for _ in header_rows]
    last = header_rows[-1]
    if len(last.cells) != width:
        return None
    spans[-1] = [1] * width
    for index in range(len(header_rows) - 2, -1, -1):
        below, below_spans = header_rows[index + 1], spans[index + 1]
        groups: list[int] = []
        run = 0
        for cell, span in zip(below.cells, below_spans):
            if cell.text.strip():
                run += span
                continue
            if run:
                groups.append(run)
                run = 0
            groups.append(span)
        if run:
            groups.append(run)
        if len(groups) != len(header_rows[index].cells):
            return None
        spans[index] = groups
    return spans


def _view_row(row: Row, cells: dict[int, Cell]) -> ViewRow:
    label = ""
    for column in sorted(cells):
        text = cells[column].text.strip()
        if text and not _is_numeric(text):
            label = text
            break
    squeezed = squeeze(label)
    label = squeezed
    if squeezed in TOTAL_LABELS:
        role = "total"
    elif squeezed in SUBTOTAL_LABELS:
        role = "subtotal"
    elif squeezed.startswith("其中"):
        role = "sub_item"
    else:
        role = "item"
    return ViewRow(row=row, label=label, role=role, cells=dict(cells))


def find_tables(
    document: Document, title_words: list[str], header_words: list[str], view_of: Callable[[Table], TableView] | None = None
) -> list[TableView]:
    """Tables whose caption contains a title word, or whose header contains a header word.

    `view_of` gives a table's view when the caller keeps them (an audit asks for many profiles); default: build it.
    """
    views: list[TableView] = []
    for table in document.tables:
        caption = caption_of(document, table)
        by_title = any(word in squeeze(caption) for word in title_words)
        if not by_title and not header_words:
            continue
        view = view_of(table) if view_of is not None else build_view(document, table)
        header_text = " ".join(" ".join(path) for path in view.header.values())
        if by_title or any(word in squeeze(header_text) for word in header_words):
            views.append(view)
    return views
