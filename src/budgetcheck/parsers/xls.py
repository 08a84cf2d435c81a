"""XLS (Excel 97–2003 BIFF8, still what many WPS installations save): the same tables as XLSX.

xlrd with `formatting_info=True` is the one reader that gives both merged ranges and each
cell's number format; calamine is faster but gives neither formats nor exact values.  xlrd
hands over floats, so each is turned into Decimal through its shortest repr and then shown
through its number format exactly as the XLSX reader does.
"""

from __future__ import annotations

import io
import os
import struct
from decimal import Decimal

from budgetcheck.errors import InputError
from budgetcheck.messages import os_error_detail
from budgetcheck.model import Document, DocumentBuilder
from budgetcheck.parsers.container import DEFAULT_LIMITS, Limits
from budgetcheck.parsers.number_format import GENERAL, builtin_format, display_number
from budgetcheck.parsers.xlsx import HiddenParts, build_sheet_table, check_merged_area

# What xlrd raises on damaged BIFF records or compound-file structures (seen by fuzzing real files).
# LookupError also covers a code page Python has no codec for (cp1712, from one flipped byte).
_BROKEN = (struct.error, LookupError, ValueError, AssertionError, EOFError, OverflowError, ZeroDivisionError, RecursionError)


def parse_xls(path: str, limits: Limits = DEFAULT_LIMITS, data: bytes | None = None) -> Document:
    """Read every worksheet of an XLS file into a Document of tables (one per sheet, in tab order)."""
    import xlrd

    try:
        size = len(data) if data is not None else os.path.getsize(path)
    except OSError as exc:
        raise InputError("not_readable", path, os_error_detail(exc)) from exc
    if size > limits.max_xls_bytes:
        raise InputError("too_large", path, f"{size} bytes > {limits.max_xls_bytes}")

    try:
        # xlrd writes warnings to stdout by default; they would corrupt JSON output.
        book = xlrd.open_workbook(path if data is None else None, file_contents=data, formatting_info=True, logfile=io.StringIO(), on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise InputError("encrypted", path) from exc
        raise InputError("corrupt", path, "bad_xls") from exc
    except NotImplementedError as exc:  # xlrd's answer to an XLSX with formatting_info
        raise InputError("corrupt", path, "bad_xls") from exc
    except (xlrd.compdoc.CompDocError, *_BROKEN) as exc:
        raise InputError("corrupt", path, "bad_xls") from exc

    try:
        _check_cell_count(book, path, limits.max_cells)
        builder = DocumentBuilder(path, "xls")
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
            except (xlrd.XLRDError, xlrd.compdoc.CompDocError, *_BROKEN) as exc:
                raise InputError("corrupt", path, "bad_xls") from exc
            location = builder.next_table_location(sheet=sheet.name)
            texts = {
                (row + 1, column + 1): text
                for row in range(sheet.nrows)
                for column in range(sheet.row_len(row))
                if (text := _cell_text(book, sheet.cell(row, column)))
            }
            # xlrd gives half-open, 0-based (first row, row after last, first column, column after last).
            merges = [
                (rlo + 1, clo + 1, rhi, chi)
                for rlo, rhi, clo, chi in sheet.merged_cells
                if rhi > rlo and chi > clo and (rhi - rlo, chi - clo) != (1, 1)
            ]
            check_merged_area(texts, merges, path, limits.max_cells)
            builder.table(build_sheet_table(texts, merges, sheet.name, location, _hidden_parts(sheet)))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return builder.document


def _check_cell_count(book: object, path: str, max_cells: int) -> None:
    """Refuse a workbook with more than `max_cells` cells, all sheets together, as the XLSX reader does."""
    import xlrd

    cells = 0
    for index in range(book.nsheets):  # type: ignore[attr-defined]
        try:
            sheet = book.sheet_by_index(index)  # type: ignore[attr-defined]
        except (xlrd.XLRDError, xlrd.compdoc.CompDocError, *_BROKEN) as exc:
            raise InputError("corrupt", path, "bad_xls") from exc
        cells += sum(sheet.row_len(row) for row in range(sheet.nrows))
        book.unload_sheet(index)  # type: ignore[attr-defined]
        if cells > max_cells:
            raise InputError("too_many_cells", path, f"{cells} > {max_cells}")


def _hidden_parts(sheet: object) -> HiddenParts:
    """The sheet's visibility (0 visible, 1 hidden, 2 very hidden) and its hidden rows and columns."""
    return HiddenParts(
        sheet=getattr(sheet, "visibility", 0) != 0,
        rows={row + 1 for row, info in getattr(sheet, "rowinfo_map", {}).items() if info.hidden},
        column_ranges=[(column + 1, column + 1) for column, info in getattr(sheet, "colinfo_map", {}).items() if info.hidden],
    )


def _cell_text(book: object, cell: object) -> str:
    """What Excel displays for one xlrd cell."""
    import xlrd

    ctype, value = cell.ctype, cell.value  # type: ignore[attr-defined]
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if ctype == xlrd.XL_CELL_TEXT:
        return value
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#N/A")
    number = Decimal(repr(value))  # float ok: repr is the shortest text that round-trips the stored double
    return display_number(number, _number_format(book, cell), bool(book.datemode))  # type: ignore[attr-defined]


def _number_format(book: object, cell: object) -> str:
    try:
        xf = book.xf_list[cell.xf_index]  # type: ignore[attr-defined]
    except (IndexError, TypeError):
        return GENERAL
    fmt = book.format_map.get(xf.format_key)  # type: ignore[attr-defined]
    if fmt is not None and fmt.format_str:
        return fmt.format_str
    return builtin_format(xf.format_key)
