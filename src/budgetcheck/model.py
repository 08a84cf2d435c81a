"""The neutral document model every parser produces and every extractor reads.

A `Document` is an ordered list of blocks: headings (with a level), paragraphs and tables.
Every block, row and cell knows where it came from (`Location`), so a finding can point at
the exact paragraph, table cell, spreadsheet cell or PDF page.  Parsers fill this model and
know nothing of budgets; extractors read it and know nothing of file formats.

Merged cells appear once, at their top-left grid position, with `row_span`/`col_span`.
The grid positions they cover hold no cell of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Iterator, Literal, Union

FORMATS = ("docx", "xlsx", "xls", "pdf", "txt")


@dataclass(frozen=True)
class Location:
    """Where a block, row or cell sits in its file. Numbers are 1-based, in document order."""

    path: str
    paragraph: int | None = None  # n-th heading/paragraph block of the document
    table: int | None = None  # n-th table of the document (a sheet counts as one table)
    row: int | None = None  # table row (for a sheet: the sheet's own row number)
    column: int | None = None  # table grid column (for a sheet: the sheet's own column)
    sheet: str | None = None
    cell: str | None = None  # A1 reference inside `sheet`
    page: int | None = None
    footnote: int | None = None  # n-th footnote the body refers to (its text follows the body)
    endnote: int | None = None  # n-th endnote the body refers to

    def at(self, **changes: object) -> "Location":
        """This location with some fields changed (dataclasses.replace, without its cost: parsers call this per cell)."""
        unknown = changes.keys() - _LOCATION_FIELDS
        if unknown:
            raise TypeError(f"Location has no field {', '.join(sorted(unknown))}")
        moved = object.__new__(Location)
        moved.__dict__.update(self.__dict__)
        moved.__dict__.update(changes)
        return moved

    def to_dict(self) -> dict[str, object]:
        """The JSON form: only the fields that are set."""
        out: dict[str, object] = {"path": self.path}
        for key in ("paragraph", "table", "row", "column", "sheet", "cell", "page", "footnote", "endnote"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    def describe(self, lang: str = "zh") -> str:
        """The location in words: "第5页 表2 第3行 第4列", "表3!D12", "第7段"."""
        parts: list[str] = []
        if lang == "en":
            if self.page is not None:
                parts.append(f"page {self.page}")
            if self.sheet is not None:
                parts.append(f"{self.sheet}!{self.cell}" if self.cell else f"sheet {self.sheet}")
                return ", ".join(parts)
            if self.table is not None:
                parts.append(f"table {self.table}")
                if self.row is not None:
                    parts.append(f"row {self.row}")
                if self.column is not None:
                    parts.append(f"column {self.column}")
            elif self.footnote is not None:
                parts.append(f"footnote {self.footnote}")
            elif self.endnote is not None:
                parts.append(f"endnote {self.endnote}")
            elif self.paragraph is not None:
                parts.append(f"paragraph {self.paragraph}")
            return ", ".join(parts)
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.sheet is not None:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else f"工作表 {self.sheet}")
            return " ".join(parts)
        if self.table is not None:
            parts.append(f"表{self.table}")
            if self.row is not None:
                parts.append(f"第{self.row}行")
            if self.column is not None:
                parts.append(f"第{self.column}列")
        elif self.footnote is not None:
            parts.append(f"脚注{self.footnote}")
        elif self.endnote is not None:
            parts.append(f"尾注{self.endnote}")
        elif self.paragraph is not None:
            parts.append(f"第{self.paragraph}段")
        return " ".join(parts)


_LOCATION_FIELDS = frozenset(item.name for item in fields(Location))


@dataclass
class Heading:
    text: str
    level: int  # 0 = document title, 1 = top-level section, 2, 3 … deeper
    location: Location
    type: Literal["heading"] = field(default="heading", init=False)


@dataclass
class Paragraph:
    text: str
    location: Location
    type: Literal["paragraph"] = field(default="paragraph", init=False)


@dataclass
class Cell:
    text: str
    row: int
    column: int
    location: Location
    row_span: int = 1
    col_span: int = 1

    @property
    def last_row(self) -> int:
        return self.row + self.row_span - 1

    @property
    def last_column(self) -> int:
        return self.column + self.col_span - 1

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "text": self.text,
            "row": self.row,
            "column": self.column,
            "row_span": self.row_span,
            "col_span": self.col_span,
        }
        if self.location.cell is not None:
            out["cell"] = self.location.cell
        if self.location.page is not None:
            out["page"] = self.location.page
        return out


@dataclass
class Row:
    index: int  # the row number used in locations (1-based; a sheet's own row number)
    cells: list[Cell]
    location: Location

    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass
class Table:
    rows: list[Row]
    location: Location
    title: str | None = None  # a sheet's name; a PDF table's caption when the parser sees one
    # A spreadsheet can hide a sheet, rows or columns: their cells are read like any other
    # (they may still feed a total) and marked, so a rule can decide what hidden numbers mean.
    hidden: bool = False  # the sheet is hidden (or "very hidden")
    hidden_rows: tuple[int, ...] = ()  # hidden sheet rows that hold cells of the table
    hidden_columns: tuple[int, ...] = ()  # hidden sheet columns that hold cells of the table
    type: Literal["table"] = field(default="table", init=False)

    @property
    def n_columns(self) -> int:
        return max((cell.last_column for row in self.rows for cell in row.cells), default=0)

    def is_hidden(self, cell: Cell) -> bool:
        """True when the cell cannot be seen: its sheet, all its rows or all its columns are hidden."""
        rows = range(cell.row, cell.last_row + 1)
        columns = range(cell.column, cell.last_column + 1)
        return (
            self.hidden
            or all(row in self.hidden_rows for row in rows)
            or all(column in self.hidden_columns for column in columns)
        )

    def cells(self) -> Iterator[Cell]:
        for row in self.rows:
            yield from row.cells

    def cell_at(self, row: int, column: int) -> Cell | None:
        """The cell covering grid position (row, column), merged cells included."""
        for candidate in self.cells():
            if candidate.row <= row <= candidate.last_row and candidate.column <= column <= candidate.last_column:
                return candidate
        return None

    def physical_rows(self) -> list[list[str]]:
        """Each row as a word processor's text export shows it: one entry per cell *slot*.

        A horizontally merged cell is one slot; a position covered by a vertical merge from a
        row above is an empty slot (Word keeps an empty `w:tc` there).  This is the form the
        seed TXT has, so DOCX and TXT tables can be compared row by row.
        """
        starts: dict[int, dict[int, Cell]] = {}
        for cell in self.cells():
            starts.setdefault(cell.row, {})[cell.column] = cell
        width = self.n_columns
        out: list[list[str]] = []
        for row in self.rows:
            slots: list[str] = []
            column = 1
            while column <= width:
                cell = starts.get(row.index, {}).get(column)
                if cell is not None:
                    slots.append(cell.text)
                    column += cell.col_span
                    continue
                above = self.cell_at(row.index, column)
                if above is not None:
                    slots.append("")
                    column += above.col_span
                    continue
                column += 1
            out.append(slots)
        return out

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"type": "table", "location": self.location.to_dict()}
        if self.title is not None:
            out["title"] = self.title
        if self.hidden:
            out["hidden"] = True
        if self.hidden_rows:
            out["hidden_rows"] = list(self.hidden_rows)
        if self.hidden_columns:
            out["hidden_columns"] = list(self.hidden_columns)
        out["n_rows"] = len(self.rows)
        out["n_columns"] = self.n_columns
        out["rows"] = [[cell.to_dict() for cell in row.cells] for row in self.rows]
        return out


Block = Union[Heading, Paragraph, Table]


@dataclass
class Document:
    path: str
    format: str  # one of FORMATS
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None  # PDF page count
    misnamed_as: str | None = None  # the file's suffix (".docx") when its content is another format

    @property
    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]

    @property
    def texts(self) -> list[Heading | Paragraph]:
        return [block for block in self.blocks if not isinstance(block, Table)]

    def to_dict(self) -> dict[str, object]:
        blocks: list[dict[str, object]] = []
        for block in self.blocks:
            if isinstance(block, Table):
                blocks.append(block.to_dict())
            elif isinstance(block, Heading):
                blocks.append(
                    {"type": "heading", "level": block.level, "text": block.text, "location": block.location.to_dict()}
                )
            else:
                blocks.append({"type": "paragraph", "text": block.text, "location": block.location.to_dict()})
        out: dict[str, object] = {"path": self.path, "format": self.format}
        if self.pages is not None:
            out["pages"] = self.pages
        out["blocks"] = blocks
        return out


class DocumentBuilder:
    """Numbers blocks as a parser appends them, so every parser numbers them the same way."""

    def __init__(self, path: str, fmt: str) -> None:
        self.document = Document(path=path, format=fmt)
        self._paragraphs = 0
        self._tables = 0

    def heading(self, text: str, level: int, page: int | None = None) -> Heading:
        self._paragraphs += 1
        block = Heading(text, level, Location(self.document.path, paragraph=self._paragraphs, page=page))
        self.document.blocks.append(block)
        return block

    def paragraph(
        self, text: str, page: int | None = None, footnote: int | None = None, endnote: int | None = None
    ) -> Paragraph:
        self._paragraphs += 1
        location = Location(self.document.path, paragraph=self._paragraphs, page=page, footnote=footnote, endnote=endnote)
        block = Paragraph(text, location)
        self.document.blocks.append(block)
        return block

    def next_table_location(self, sheet: str | None = None, page: int | None = None) -> Location:
        self._tables += 1
        return Location(self.document.path, table=self._tables, sheet=sheet, page=page)

    def table(self, table: Table) -> Table:
        self.document.blocks.append(table)
        return table
