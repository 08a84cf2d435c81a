"""The workbook a finance bureau sends back: a 汇总 sheet (one row per document) and a 问题清单 sheet
(one row per finding) with filters, a frozen header and set widths.

Each finding's location cell links to the place it names: a spreadsheet input opens at the cell
(`file.xlsx#'Sheet'!D12`), any other input opens at the file.  Each summary row links to the
document's first finding.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from budgetcheck.engine.results import DocumentResult
from budgetcheck.report.finding_rows import FindingRow, coverage_text, finding_rows, severity_totals
from budgetcheck.report.words import word

_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_SEVERITY_FILL = {"error": PatternFill("solid", fgColor="F8D0CC"), "warning": PatternFill("solid", fgColor="FCEBC0"), "info": PatternFill("solid", fgColor="DCEAF7")}
_LINK_FONT = Font(color="0563C1", underline="single")

SUMMARY_COLUMNS = (("file", 44), ("format", 8), ("status", 10), ("errors", 8), ("warnings", 8), ("infos", 8), ("checks_run", 10), ("pass", 8), ("fail", 8), ("rounding", 10), ("not_applicable", 10), ("insufficient_data", 10), ("statements", 16))
FINDING_COLUMNS = (("number", 6), ("file", 36), ("severity", 8), ("rule", 8), ("category", 12), ("location", 28), ("message", 70), ("expected", 12), ("actual", 12), ("difference", 12), ("tolerance", 10), ("unit", 8), ("source", 60))


def to_xlsx(results: list[DocumentResult], lang: str, output: Path | None = None) -> bytes:
    """The workbook's bytes; `output` (where it will be written) makes links to the inputs relative."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = word("summary_sheet", lang)
    findings = workbook.create_sheet(word("findings_sheet", lang))
    rows = finding_rows(results, lang, limit=None)
    _fill_findings(findings, rows, lang, output)
    _fill_summary(summary, results, rows, findings.title, lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet: Worksheet, columns: tuple[tuple[str, int], ...], lang: str) -> None:
    for index, (key, width) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=word(key, lang))
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _finish(sheet: Worksheet, n_columns: int) -> None:
    sheet.auto_filter.ref = f"A1:{get_column_letter(n_columns)}{max(sheet.max_row, 1)}"


def _fill_summary(sheet: Worksheet, results: list[DocumentResult], rows: list[FindingRow], findings_title: str, lang: str) -> None:
    _header(sheet, SUMMARY_COLUMNS, lang)
    first_row = {}
    for offset, row in enumerate(rows):
        first_row.setdefault(id(row.result), offset + 2)
    for result in results:
        totals = severity_totals(result)
        counts = result.counts()
        values = [result.path, result.format or "", word(result.status, lang), totals["error"], totals["warning"], totals["info"], counts["run"], counts["passed"], counts["failed"], counts["rounding"], counts["not_applicable"], counts["insufficient_data"], coverage_text(result)]
        sheet.append(values)
        target = first_row.get(id(result))
        if target is not None:
            cell = sheet.cell(row=sheet.max_row, column=1)
            cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"{_quoted_sheet(findings_title)}!A{target}")
            cell.font = _LINK_FONT
        if totals["error"] or result.status == "unreadable":
            sheet.cell(row=sheet.max_row, column=4).fill = _SEVERITY_FILL["error"]
        elif totals["warning"]:
            sheet.cell(row=sheet.max_row, column=5).fill = _SEVERITY_FILL["warning"]
    _finish(sheet, len(SUMMARY_COLUMNS))


def _fill_findings(sheet: Worksheet, rows: list[FindingRow], lang: str, output: Path | None) -> None:
    _header(sheet, FINDING_COLUMNS, lang)
    for row in rows:
        finding = row.finding
        sheet.append(
            [row.number, row.result.path, row.severity, finding.rule, row.category, row.location, finding.message, *row.numbers(), row.unit, "\n".join(row.sources)]
        )
        at = sheet.max_row
        sheet.cell(row=at, column=3).fill = _SEVERITY_FILL[finding.severity]
        location = sheet.cell(row=at, column=6)
        location.hyperlink = _link(row, output)
        location.font = _LINK_FONT
        for column in (8, 9, 10, 11):
            value = sheet.cell(row=at, column=column).value
            if isinstance(value, Decimal):
                sheet.cell(row=at, column=column).number_format = _number_format(value)
        for column in (7, 13):
            sheet.cell(row=at, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    _finish(sheet, len(FINDING_COLUMNS))


def _number_format(value: Decimal) -> str:
    """Show a number with the decimals it was printed with (18 stays 18, 31.50 stays 31.50)."""
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return "0" if decimals == 0 else "0." + "0" * decimals


def _quoted_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _link(row: FindingRow, output: Path | None) -> str:
    """A link to the input, relative to the workbook when possible, opening at the cell for a spreadsheet."""
    source = Path(row.result.path)
    if output is not None:
        try:
            target = os.path.relpath(source.resolve(), output.resolve().parent)
        except ValueError:  # another drive on Windows
            target = str(source.resolve())
    else:
        target = str(source)
    target = target.replace(os.sep, "/")
    for place in row.finding.locations:
        if place.location.sheet is not None and place.location.cell is not None:
            return f"{target}#{_quoted_sheet(place.location.sheet)}!{place.location.cell}"
    return target
