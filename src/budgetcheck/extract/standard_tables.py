"""Recognise the standard disclosure tables (部门收支总表 … 决算 nine tables) and read them.

A table is recognised by its title (caption, sheet name, or a title row inside the table) through
the aliases of rules/standard_tables.yaml; when several kinds match, the longest matching alias
wins.  The reading stays structural: classification codes (201 / 20106 / 2010601, printed in one
column or split into 类/款/项 columns), the two sides of a 收入 | 支出 table, rows addressed by label
and columns by header words.  Nothing here knows a particular province's wording beyond the aliases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from budgetcheck.extract.table_view import TableView, ViewRow, _path_matches, build_view, caption_of, squeeze
from budgetcheck.model import Cell, Document, Heading, Paragraph, Table
from budgetcheck.numbers import Quantity, parse_number
from budgetcheck.rulepacks import read_pack

_YEAR = re.compile(r"\d{4}年度?")
_QUOTES = re.compile(r"[“”\"'‘’「」『』]")
_NUMBERED = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_SUB_NUMBERED = re.compile(r"^[（(]?\d+[)）.．、]")
_EMBEDDED_CODE = re.compile(r"^[\[【]?(\d{3}(?:\d{2}){0,2})[\]】]?(?=\D|$)")
_CODE_HEADER_WORDS = ("编码", "科目代码", "代码", "类", "款", "项")
_GRAND_LABELS = ("总计", "收入总计", "支出总计", "收支总计")
_BLANK = ("", "-", "—", "——", "－", "/")
_EMPTY_NOTE = re.compile(r"(本表|此表|该表|空表|故本表|本部门|本单位).{0,40}(无|没有|为空|未发生|不涉及)|无.{0,30}(故|因此|所以).{0,10}(本表|此表|空表)|(本表|此表).{0,6}(为空|无数据)")


@dataclass(frozen=True)
class TableKind:
    """One kind of standard table, as rules/standard_tables.yaml describes it."""

    id: str
    set: str  # "budget" or "final"
    zh: str
    en: str
    title: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    balance: bool = False
    depth: int | None = None
    required: bool = False
    components: tuple[dict[str, Any], ...] = ()

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@lru_cache(maxsize=1)
def table_kinds() -> dict[str, TableKind]:
    data = read_pack("standard_tables.yaml")["standard_tables"]
    return {
        kind_id: TableKind(
            id=kind_id,
            set=entry["set"],
            zh=entry["zh"],
            en=entry["en"],
            title=tuple(entry["title"]),
            exclude=tuple(entry.get("exclude", [])),
            balance=bool(entry.get("balance", False)),
            depth=entry.get("depth"),
            required=bool(entry.get("required", False)),
            components=tuple(entry.get("components", [])),
        )
        for kind_id, entry in data.items()
    }


@lru_cache(maxsize=1)
def table_links() -> dict[str, Any]:
    return read_pack("standard_tables.yaml")["links"]


def normalise_title(text: str) -> str:
    return _YEAR.sub("", _QUOTES.sub("", squeeze(text)))


def classify_title(title: str) -> TableKind | None:
    """The kind whose longest title alias the title contains; None when no kind matches."""
    title = normalise_title(title)
    if "表" not in title or len(title) > 60:
        return None  # a sentence that mentions a table is not its title
    best: tuple[int, TableKind] | None = None
    for table_kind in table_kinds().values():
        if any(word in title for word in table_kind.exclude):
            continue
        for alias in table_kind.title:
            if alias in title and (best is None or len(alias) > best[0]):
                best = (len(alias), table_kind)
    return best[1] if best else None


@dataclass
class SideView:
    """One side of a 收入 | 支出 table: the column holding its labels and the columns of its amounts."""

    name: str  # the top header word: 收入 / 支出 (or 本年收入, 财政拨款支出 …)
    label_column: int
    value_columns: list[int]

    def label(self, row: ViewRow) -> str:
        cell = self.label_cell(row)
        return squeeze(cell.text) if cell is not None else ""

    def label_cell(self, row: ViewRow) -> Cell | None:
        """The row's cell in the label column, or a label merged across it from the left
        (Jiangsu's 当年支出小计 spans both blocks of the 支出 side)."""
        cell = row.cells.get(self.label_column)
        if cell is not None:
            return cell
        for start, candidate in row.cells.items():
            if start < self.label_column <= candidate.last_column and candidate.text.strip():
                return candidate
        return None


@dataclass
class CodedRow:
    code: str
    row: ViewRow
    columns: list[int]  # the amount columns that belong to this code (its column group)


@dataclass
class StandardTable:
    kind: TableKind
    document: Document
    view: TableView
    unit: str | None
    title: str
    notes: list[Paragraph | Heading] = field(default_factory=list)  # text just after the table

    @property
    def table(self) -> Table:
        return self.view.table

    # ---- cells -----------------------------------------------------------------------------

    # A table's view never changes once built, while every table rule asks for its columns and
    # coded rows again: each is worked out once (the methods hand out copies, so callers stay free).

    @cached_property
    def decimals(self) -> int:
        """The decimals the table's amounts are printed with (a blank cell is a zero at this precision)."""
        found = [q.decimals for row in self.view.rows for c in self.amount_columns() if (q := self.value(row, c)) is not None]
        return max(set(found), key=found.count) if found else 2

    def value(self, row: ViewRow, column: int) -> Quantity | None:
        return self.view.value(row, column)

    def is_blank(self, row: ViewRow, column: int) -> bool:
        """An empty cell (a zero where the template puts an amount).  A position covered by a cell
        merged from another column is not blank: the layout there is not understood."""
        cell = row.cells.get(column)
        if cell is None:
            return self._covering.get((row.index, column)) is None
        return squeeze(cell.text) in _BLANK

    @cached_property
    def _covering(self) -> dict[tuple[int, int], Cell]:
        """Grid position → the cell covering it, merged cells included (Table.cell_at, for every position at once)."""
        covering: dict[tuple[int, int], Cell] = {}
        for cell in self.table.cells():
            for row in range(cell.row, cell.last_row + 1):
                for column in range(cell.column, cell.last_column + 1):
                    covering.setdefault((row, column), cell)
        return covering

    def _not_amount(self, column: int) -> bool:
        """Code and label columns: 科目编码, 类/款/项, 序号 — their digits are not money."""
        path = self.view.header.get(column, ())
        words = "".join(path)
        return (
            column in self._code_columns
            or any(word in words for word in ("编码", "代码", "序号", "名称"))
            or bool(path and squeeze(path[-1]) in ("类", "款", "项"))
        )

    def amount_columns(self) -> list[int]:
        """Columns holding at least one number in a data row and no code."""
        return list(self._amount_columns)

    @cached_property
    def _amount_columns(self) -> tuple[int, ...]:
        out = []
        for column in sorted(self.view.header):
            if self._not_amount(column):
                continue
            if any(parse_number(row.cells[column].text) is not None for row in self.view.rows if column in row.cells):
                out.append(column)
        return tuple(out)

    def is_empty(self) -> bool:
        """No amount other than zero in any data row: a table published blank."""
        for row in self.view.rows:
            for column, cell in row.cells.items():
                if self._not_amount(column):
                    continue
                quantity = parse_number(cell.text)
                if quantity is not None and quantity.value != 0:
                    return False
        return True

    def column(self, aliases: list[list[str]]) -> int | None:
        return self.view.find_column(aliases)

    def row_label_left_of(self, row: ViewRow, column: int) -> str:
        """The label that names a value: the nearest non-numeric text to its left in the row."""
        for left in sorted((c for c in row.cells if c < column), reverse=True):
            text = row.cells[left].text.strip()
            if text and parse_number(text) is None:
                return strip_numbering(squeeze(text))
        return ""

    def find_cell(self, row_aliases: list[str], column_aliases: list[list[str]], exclude: list[str] | None = None) -> tuple[ViewRow, int] | None:
        """The amount cell whose row label (the nearest label to its left) is one of the aliases.

        Aliases are tried in order of preference, and for each every column the header words name,
        so 公用经费合计 is found in the second 决算数 column of a two-block table.  A column whose
        header has a word of `exclude` is passed over (the 公务用车 小计 is not the “三公”经费 小计).
        """
        amounts = sorted(self.amount_columns())
        columns: list[int] = []
        for alias in column_aliases:
            header = self.view.header
            columns = [
                c
                for c in amounts
                if _path_matches(header.get(c, ()), alias)
                and (not names_previous_year(header.get(c, ())) or any("上年" in word for word in alias))
                and not any(word in part for word in exclude or () for part in header.get(c, ()))
            ]
            if columns:
                break
        if not columns:
            return None
        for alias in row_aliases:
            if alias == "@first":  # a one-row table (the 三公 table): its first row with an amount there
                for row in self.view.rows:
                    if self.value(row, columns[0]) is not None:
                        return row, columns[0]
                continue
            for column in columns:
                for row in self.view.rows:
                    if column not in row.cells and (row.index, column) in self._covering:
                        continue  # covered by a label merged across it: the amount is further right
                    if self.row_label_left_of(row, column) == alias or _row_has_total_label(row, alias, column):
                        return row, column
        return None

    # ---- classification codes --------------------------------------------------------------

    def code_columns(self) -> list[int]:
        return sorted(self._code_columns)

    @cached_property
    def _code_columns(self) -> frozenset[int]:
        columns = []
        for column, path in self.view.header.items():
            if not path or "名称" in path[-1]:
                continue
            if any(word in "".join(path) for word in _CODE_HEADER_WORDS):
                texts = [squeeze(row.cells[column].text) for row in self.view.rows if column in row.cells]
                filled = [text for text in texts if text]
                if filled and all(text.isdigit() or _is_label_only(text) for text in filled):
                    columns.append(column)
        return frozenset(columns)

    def column_groups(self) -> list[list[int]]:
        """Side-by-side repeats of one header (编码 | 名称 | 决算数 twice): each repeat is read on its own."""
        columns = sorted(self.view.header)
        paths = [self.view.header[c] for c in columns]
        n = len(columns)
        for k in range(2, n // 2 + 1):
            if n % k == 0 and all(paths[i] == paths[i % k] for i in range(n)):
                return [columns[i : i + k] for i in range(0, n, k)]
        return [columns]

    def coded_rows(self) -> list[CodedRow]:
        """Rows carrying a 3/5/7-digit classification code, split 类/款/项 columns joined."""
        return list(self._coded_rows)

    @cached_property
    def _coded_rows(self) -> tuple[CodedRow, ...]:
        code_columns = self.code_columns()
        amounts = self.amount_columns()
        groups = self.column_groups()
        out: list[CodedRow] = []
        for group in groups:
            group_codes = [c for c in code_columns if c in group]
            group_amounts = [c for c in amounts if c in group]
            for row in self.view.rows:
                code = _code_from_columns(row, group_codes) if group_codes else None
                if code is None and not code_columns and len(groups) == 1:
                    code = _embedded_code(row)
                if code is not None:
                    out.append(CodedRow(code, row, group_amounts))
        return tuple(out)

    def total_row(self) -> ViewRow | None:
        """The 合计/总计 row of a one-sided table (its label may sit in any text cell of the row)."""
        for row in self.view.rows:
            if any(squeeze(cell.text) in ("合计", "总计") for cell in row.cells.values()):
                return row
        return None

    # ---- the two sides of a 收入 | 支出 table ------------------------------------------------

    def sides(self) -> list[SideView] | None:
        """收入 side and 支出 side by the top header word; None when the header does not say."""
        groups: dict[str, list[int]] = {}
        order: list[str] = []
        for column in sorted(self.view.header):
            path = self.view.header[column]
            if not path:
                return None
            top = squeeze(path[0])
            if "收入" in top and "支出" not in top:
                key = "income"
            elif "支出" in top and "收入" not in top:
                key = "expenditure"
            else:
                return None
            if key not in groups:
                order.append(key)
            groups.setdefault(key, []).append(column)
        if set(groups) != {"income", "expenditure"}:
            return None
        out: list[SideView] = []
        for key in order:
            # A side may hold several blocks (功能分类 | 支出用途), each a label column and its amounts.
            block: SideView | None = None
            for column in groups[key]:
                if self._is_label_column(column):
                    if block is not None:
                        out.append(block)
                    block = SideView(key, column, [])
                elif block is not None:
                    block.value_columns.append(column)
                else:
                    return None  # amounts before any label: not a layout we understand
            if block is None:
                return None
            out.append(block)
        if any(not side.value_columns for side in out):
            return None
        return out

    def _is_label_column(self, column: int) -> bool:
        texts = [squeeze(row.cells[column].text) for row in self.view.rows if column in row.cells]
        texts = [text for text in texts if text and text not in _BLANK]
        return bool(texts) and all(parse_number(text) is None for text in texts)


_PREVIOUS_YEAR_WORDS = ("上年", "上一年", "去年")


@lru_cache(maxsize=4096)  # asked for every cell of a column
def names_previous_year(path: tuple[str, ...]) -> bool:
    """A column of last year's figures (上年预算数, 上年决算数): never this year's amount."""
    return any(word in squeeze(part) for part in path for word in _PREVIOUS_YEAR_WORDS)


def strip_numbering(label: str) -> str:
    label = _NUMBERED.sub("", label)
    return _SUB_NUMBERED.sub("", label)


def is_numbered(label: str) -> bool:
    return bool(_NUMBERED.match(label))


def _row_has_total_label(row: ViewRow, alias: str, column: int) -> bool:
    """A 合计 row whose label sits right of the code columns, e.g. "类 款 项 合计" merged in a PDF."""
    if alias not in ("合计", "总计"):
        return False
    return any(squeeze(cell.text) == alias for c, cell in row.cells.items() if c < column)


def _is_label_only(text: str) -> bool:
    """Text a code column may hold besides codes: the header's 类/款/项, a total row's label."""
    return text in ("类", "款", "项") or text.endswith(("合计", "总计"))


def _code_from_columns(row: ViewRow, columns: list[int]) -> str | None:
    parts = [squeeze(row.cells[c].text) for c in columns if c in row.cells and squeeze(row.cells[c].text).isdigit()]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0] if len(parts[0]) in (3, 5, 7) else None
    if len(parts[0]) != 3 or any(len(part) != 2 for part in parts[1:]) or len(parts) > 3:
        return None
    return "".join(parts)


def _embedded_code(row: ViewRow) -> str | None:
    for column in sorted(row.cells):
        text = squeeze(row.cells[column].text)
        if not text:
            continue
        match = _EMBEDDED_CODE.match(text)
        if match and (len(text) > len(match.group(1)) or len(match.group(1)) >= 3) and parse_number(text) is None:
            return match.group(1)
        if text.isdigit() and len(text) in (3, 5, 7) and column == min(row.cells):
            return text
        return None
    return None


def _title_texts(document: Document, table: Table) -> list[str]:
    """Where a title may stand: the caption, the text blocks just above (a 单位 line may sit between),
    and a one-cell title row at the top of the table."""
    texts = [caption_of(document, table)]
    index = next(i for i, block in enumerate(document.blocks) if block is table)
    for block in reversed(document.blocks[max(0, index - 3) : index]):
        if isinstance(block, Table):
            break
        texts.append(block.text.strip())
    for row in table.rows[:2]:
        filled = [cell.text.strip() for cell in row.cells if cell.text.strip()]
        if len(filled) == 1:
            texts.append(filled[0])
    return texts


def _notes_after(document: Document, table: Table) -> list[Paragraph | Heading]:
    blocks = document.blocks
    index = next(i for i, block in enumerate(blocks) if block is table)
    out: list[Paragraph | Heading] = []
    # Templates put 注：本表反映… and their instructions first, so the 空表说明 may come third or later;
    # the notes end at the next table, heading or table title.
    for block in blocks[index + 1 : index + 1 + _NOTES_AFTER_TABLE]:
        if isinstance(block, (Table, Heading)) or classify_title(block.text) is not None:
            break
        out.append(block)
    return out


_NOTES_AFTER_TABLE = 6


def has_empty_note(table: StandardTable) -> bool:
    """An 空表说明: a note just after the table, or a row inside it, saying why it is blank."""
    texts = [block.text for block in table.notes]
    texts += [cell.text for row in table.table.rows for cell in row.cells]
    return any(_EMPTY_NOTE.search(squeeze(text)) for text in texts)


def find_standard_tables(document: Document, view_of: Callable[[Table], TableView] | None = None) -> list[StandardTable]:
    """The recognised standard tables; `view_of` gives a table's view when the caller keeps them."""
    out: list[StandardTable] = []
    for table in document.tables:
        table_kind = None
        title = ""
        for text in _title_texts(document, table):
            table_kind = classify_title(text) if text else None
            if table_kind is not None:
                title = text
                break
        if table_kind is None:
            continue
        view = view_of(table) if view_of is not None else build_view(document, table)  # its unit: a banner row, the caption or the line above
        out.append(StandardTable(table_kind, document, view, view.unit, title, _notes_after(document, table)))
    return out
