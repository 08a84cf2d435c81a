"""XLSX: every worksheet as one table of the text each cell displays, merged ranges included.

A direct zipfile + lxml reader rather than openpyxl (20–50× slower, and its fast read-only
mode loses merged ranges) or calamine (floats without number formats, and it aborts the
process on decompression bombs).  The stored `<v>` string is read exactly and shown through
the cell's number format (number_format.py), so 2999.8500000001 under `#,##0.00` reads
"2,999.85", as the person who filled in the workbook saw it.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from budgetcheck.errors import InputError
from budgetcheck.model import Cell, Document, DocumentBuilder, Location, Row, Table
from budgetcheck.parsers.container import DEFAULT_LIMITS, Limits, iterparse, member_stream, open_zip, parse_xml, read_member
from budgetcheck.parsers.number_format import GENERAL, builtin_format, display_number, to_decimal

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
WORKBOOK = "xl/workbook.xml"

MAX_ROW, MAX_COLUMN = 1_048_576, 16_384
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
# OOXML writes characters XML cannot hold (and a literal "_x" sequence) as _xHHHH_.
_ESCAPED_CHAR = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _local(tag: object) -> str:
    """An element's name without its namespace (transitional and strict OOXML use different ones)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def column_letters(column: int) -> str:
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def a1(row: int, column: int) -> str:
    return f"{column_letters(column)}{row}"


def parse_a1(ref: str) -> tuple[int, int] | None:
    """(row, column) of an A1 reference, 1-based, or None if it is not one inside a sheet's bounds."""
    match = _REF.match(ref.strip())
    if match is None:
        return None
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    row = int(match.group(2))
    if not (1 <= row <= MAX_ROW and 1 <= column <= MAX_COLUMN):
        return None
    return row, column


@dataclass
class SheetEntry:
    name: str
    part: str  # zip member of the worksheet
    hidden: bool = False  # state="hidden" or "veryHidden"


@dataclass
class HiddenParts:
    """What a sheet hides: the sheet itself, rows, and column ranges (first, last)."""

    sheet: bool = False
    rows: set[int] = field(default_factory=set)
    column_ranges: list[tuple[int, int]] = field(default_factory=list)

    def column(self, column: int) -> bool:
        return any(first <= column <= last for first, last in self.column_ranges)


@dataclass
class Workbook:
    sheets: list[SheetEntry]
    shared_strings: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)  # number format code per cellXfs index
    date1904: bool = False


def parse_xlsx(path: str, limits: Limits = DEFAULT_LIMITS, data: bytes | None = None) -> Document:
    """Read every worksheet of an XLSX file into a Document of tables (one per sheet, in tab order)."""
    with open_zip(path, limits, data) as archive:
        workbook = _read_workbook(archive, path)
        _check_cell_count(archive, path, workbook.sheets, limits.max_cells)
        builder = DocumentBuilder(path, "xlsx")
        for sheet in workbook.sheets:
            location = builder.next_table_location(sheet=sheet.name)
            builder.table(_read_sheet(archive, path, sheet, workbook, location, limits.max_cells))
    return builder.document


def _read_workbook(archive: zipfile.ZipFile, path: str) -> Workbook:
    root = parse_xml(read_member(archive, WORKBOOK, path), path)
    rels = _relationships(archive, path, WORKBOOK)
    date1904 = any(
        _local(el.tag) == "workbookPr" and el.get("date1904", "").lower() in ("1", "true") for el in root.iter()
    )
    sheets: list[SheetEntry] = []
    for el in root.iter():
        if _local(el.tag) != "sheet":
            continue
        rel_id = el.get(f"{{{REL_NS}}}id") or el.get(f"{{{STRICT_REL_NS}}}id")
        target = rels.get(rel_id or "")
        if target is None:
            raise InputError("corrupt", path, "missing_part")
        kind, part = target
        if kind != "worksheet":
            continue  # chart sheets and dialog sheets hold no cells
        hidden = el.get("state", "visible") in ("hidden", "veryHidden")
        sheets.append(SheetEntry(name=el.get("name", ""), part=part, hidden=hidden))
    shared = next((part for kind, part in rels.values() if kind == "sharedStrings"), None)
    styles = next((part for kind, part in rels.values() if kind == "styles"), None)
    return Workbook(
        sheets=sheets,
        shared_strings=_read_shared_strings(archive, path, shared) if shared else [],
        formats=_read_cell_formats(archive, path, styles) if styles else [],
        date1904=date1904,
    )


def _relationships(archive: zipfile.ZipFile, path: str, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type's last word, zip member) for one part."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_name not in archive.NameToInfo:
        raise InputError("corrupt", path, "missing_part")
    root = parse_xml(read_member(archive, rels_name, path), path)
    out: dict[str, tuple[str, str]] = {}
    for el in root:
        if _local(el.tag) != "Relationship" or el.get("TargetMode") == "External":
            continue
        target = el.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[el.get("Id", "")] = (el.get("Type", "").rsplit("/", 1)[-1], member)
    return out


def _text_of_string_item(item: etree._Element) -> str:
    """Text of an `si` or `is` element: its runs joined, phonetic guides (rPh) left out."""
    parts: list[str] = []
    for child in item:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return _ESCAPED_CHAR.sub(lambda match: chr(int(match.group(1), 16)), "".join(parts))


def _read_shared_strings(archive: zipfile.ZipFile, path: str, part: str) -> list[str]:
    if part not in archive.NameToInfo:
        return []
    strings: list[str] = []
    with member_stream(archive, part, path) as stream:
        for _, el in iterparse(stream, path, events=("end",)):
            if _local(el.tag) == "si":
                strings.append(_text_of_string_item(el))
                el.clear()
    return strings


def _read_cell_formats(archive: zipfile.ZipFile, path: str, part: str) -> list[str]:
    """The number format code of each cell style (cellXfs), by the style index cells carry in `s`."""
    if part not in archive.NameToInfo:
        return []
    root = parse_xml(read_member(archive, part, path), path)
    custom: dict[int, str] = {}
    formats: list[str] = []
    for section in root:
        name = _local(section.tag)
        if name == "numFmts":
            for fmt in section:
                fmt_id = _int(fmt.get("numFmtId"))
                if fmt_id is not None:
                    custom[fmt_id] = fmt.get("formatCode", GENERAL)
        elif name == "cellXfs":
            for xf in section:
                fmt_id = _int(xf.get("numFmtId")) or 0
                formats.append(custom.get(fmt_id) or builtin_format(fmt_id))
    return formats


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _cell_text(cell: etree._Element, workbook: Workbook) -> str:
    """What Excel displays for one `c` element."""
    kind = cell.get("t", "n")
    value: str | None = None
    inline: etree._Element | None = None
    for child in cell:
        name = _local(child.tag)
        if name == "v":
            value = child.text or ""
        elif name == "is":
            inline = child
    if kind == "inlineStr":
        return _text_of_string_item(inline) if inline is not None else (value or "")
    if value is None:
        return ""  # an empty styled cell, or a formula never calculated
    if kind == "s":
        index = _int(value)
        if index is None or not 0 <= index < len(workbook.shared_strings):
            return ""
        return workbook.shared_strings[index]
    if kind in ("str", "e", "d"):
        return value  # formula text result, error such as #DIV/0!, ISO date string
    if kind == "b":
        return "TRUE" if value.strip() == "1" else "FALSE"
    number = to_decimal(value)
    if number is None:
        return value
    style = _int(cell.get("s")) or 0
    fmt = workbook.formats[style] if 0 <= style < len(workbook.formats) else GENERAL
    return display_number(number, fmt, workbook.date1904)


def _read_sheet(
    archive: zipfile.ZipFile, path: str, sheet: SheetEntry, workbook: Workbook, location: Location, max_cells: int
) -> Table:
    texts: dict[tuple[int, int], str] = {}
    merges: list[tuple[int, int, int, int]] = []
    hidden = HiddenParts(sheet=sheet.hidden)
    row_number = 0
    column_number = 0
    with member_stream(archive, sheet.part, path) as stream:
        for event, el in iterparse(stream, path, events=("start", "end")):
            name = _local(el.tag)
            if event == "start":
                if name == "row":
                    row_number = _int(el.get("r")) or row_number + 1
                    column_number = 0
                    if _is_true(el.get("hidden")):
                        hidden.rows.add(row_number)
                continue
            if name == "c":
                ref = el.get("r")
                position = parse_a1(ref) if ref else (row_number, column_number + 1)
                if position is None or not (1 <= position[0] <= MAX_ROW and 1 <= position[1] <= MAX_COLUMN):
                    raise InputError("corrupt", path, "bad_xml")
                column_number = position[1]
                text = _cell_text(el, workbook)
                if text:
                    texts[position] = text
                el.clear()
            elif name == "row":
                el.clear()
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]  # rows already read: keep memory flat on large sheets
            elif name == "col" and _is_true(el.get("hidden")):
                first, last = _int(el.get("min")), _int(el.get("max"))
                if first is not None and last is not None:
                    hidden.column_ranges.append((first, last))
            elif name == "mergeCell":
                span = _merge_range(el.get("ref", ""))
                if span is not None:
                    merges.append(span)
    check_merged_area(texts, merges, path, max_cells)
    return build_sheet_table(texts, merges, sheet.name, location, hidden)


def _is_true(flag: str | None) -> bool:
    return (flag or "").strip().lower() in ("1", "true")


def _check_cell_count(archive: zipfile.ZipFile, path: str, sheets: list[SheetEntry], max_cells: int) -> None:
    """Refuse a workbook with more than `max_cells` cells, all sheets together, before reading any.

    Reading a cell costs far more than counting it, so a bare pass that only counts keeps the
    refusal of a huge workbook prompt; for the workbooks real disclosures have it costs a few
    milliseconds.  Counting the whole workbook, not each sheet, keeps many sheets just under
    a per-sheet cap from adding up.
    """
    cells = 0
    for sheet in sheets:
        if sheet.part not in archive.NameToInfo:
            continue  # reading the sheet will say it is missing
        with member_stream(archive, sheet.part, path) as stream:
            for _, el in iterparse(stream, path, events=("end",), tag="{*}c"):
                cells += 1
                if cells > max_cells:
                    raise InputError("too_many_cells", path, f"> {max_cells}")
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]


def _merge_range(ref: str) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column) of "A1:C3"; None for a one-cell or broken range."""
    first, _, last = ref.partition(":")
    start, end = parse_a1(first), parse_a1(last or first)
    if start is None or end is None:
        return None
    top, bottom = sorted((start[0], end[0]))
    left, right = sorted((start[1], end[1]))
    if (top, left) == (bottom, right):
        return None
    return top, left, bottom, right


def _clip_to_text(merges: list[tuple[int, int, int, int]], texts: dict[tuple[int, int], str]) -> list[tuple[int, int, int, int]]:
    """Each merged range cut to the rows and columns that hold text: beyond them it hides nothing.

    One `<mergeCell ref="A1:XFD1048576"/>` would otherwise have every one of a sheet's 17
    billion cells enumerated.
    """
    last_row = max((row for row, _ in texts), default=0)
    last_column = max((column for _, column in texts), default=0)
    return [
        (top, left, max(top, min(bottom, last_row)), max(left, min(right, last_column)))
        for top, left, bottom, right in merges
    ]


def check_merged_area(
    texts: dict[tuple[int, int], str], merges: list[tuple[int, int, int, int]], path: str, max_cells: int
) -> None:
    """Refuse merged ranges that together cover more than `max_cells` cells within the text of a sheet."""
    area = sum((bottom - top + 1) * (right - left + 1) for top, left, bottom, right in _clip_to_text(merges, texts))
    if area > max_cells:
        raise InputError("too_many_cells", path, f"> {max_cells}")


def build_sheet_table(
    texts: dict[tuple[int, int], str],
    merges: list[tuple[int, int, int, int]],
    title: str,
    location: Location,
    hidden: HiddenParts | None = None,
) -> Table:
    """One table from a sheet's displayed texts and merged ranges (shared with the XLS reader).

    A merged range appears once, at its top-left cell, with its span; whatever the other cells
    of the range store is hidden by Excel, so it is dropped here too.  Empty cells are left
    out, except a merged range's top-left, which keeps the header layout visible.  A row
    with no visible text at all is left out.  Hidden cells are kept and the table says
    which sheet rows and columns among its cells are hidden.
    """
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for (top, left, bottom, right), (_, _, last_row, last_column) in zip(merges, _clip_to_text(merges, texts)):
        if (top, left) in spans or (top, left) in covered:
            continue  # overlapping ranges: Excel refuses them; keep the first
        spans[(top, left)] = (bottom - top + 1, right - left + 1)
        for row in range(top, last_row + 1):
            for column in range(left, last_column + 1):
                if (row, column) != (top, left):
                    covered.add((row, column))

    by_row: dict[int, dict[int, str]] = {}
    for (row, column), text in texts.items():
        if (row, column) in covered or not text.strip():
            continue
        by_row.setdefault(row, {})[column] = text
    for row, column in spans:
        if row in by_row:
            by_row[row].setdefault(column, texts.get((row, column), ""))

    rows: list[Row] = []
    for row in sorted(by_row):
        row_location = location.at(row=row)
        cells = []
        for column in sorted(by_row[row]):
            row_span, col_span = spans.get((row, column), (1, 1))
            cells.append(
                Cell(
                    text=by_row[row][column],
                    row=row,
                    column=column,
                    location=location.at(row=row, column=column, cell=a1(row, column)),
                    row_span=row_span,
                    col_span=col_span,
                )
            )
        rows.append(Row(index=row, cells=cells, location=row_location))
    table = Table(rows=rows, location=location, title=title)
    if hidden is not None:
        occupied_rows = {row for cell in table.cells() for row in range(cell.row, cell.last_row + 1)}
        occupied_columns = {column for cell in table.cells() for column in range(cell.column, cell.last_column + 1)}
        table.hidden = hidden.sheet
        table.hidden_rows = tuple(sorted(row for row in occupied_rows if row in hidden.rows))
        table.hidden_columns = tuple(sorted(column for column in occupied_columns if hidden.column(column)))
    return table
