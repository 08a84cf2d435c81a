"""The CSV report: one row per finding, UTF-8 with a byte-order mark so Excel reads the Chinese right."""

from __future__ import annotations

import csv
import io

from budgetcheck.engine.results import DocumentResult
from budgetcheck.report.finding_rows import decimal_text, finding_rows
from budgetcheck.report.words import word

COLUMNS = ("file", "severity", "rule", "category", "location", "reference", "message", "expected", "actual", "difference", "tolerance", "unit", "source")


def to_csv(results: list[DocumentResult], lang: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([word(column, lang) for column in COLUMNS])
    for row in finding_rows(results, lang, limit=None):
        expected, actual, difference, tolerance = row.numbers()
        writer.writerow(
            [
                row.result.path,
                row.severity,
                row.finding.rule,
                row.category,
                row.location,
                row.reference,
                row.finding.message,
                decimal_text(expected),
                decimal_text(actual),
                decimal_text(difference),
                decimal_text(tolerance),
                row.unit,
                " | ".join(row.sources),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
