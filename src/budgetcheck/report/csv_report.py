"""The CSV report: one row per finding, UTF-8 with a byte-order mark so Excel reads the Chinese right."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from budgetcheck.engine.results import DocumentResult
from budgetcheck.report.finding_rows import decimal_text, finding_rows
from budgetcheck.report.words import word

COLUMNS = ("file", "severity", "rule", "category", "location", "reference", "message", "expected", "actual", "difference", "tolerance", "unit", "source")


def to_csv(results: Iterable[DocumentResult], lang: str) -> bytes:
    return b"".join(csv_chunks(results, lang))


def csv_chunks(results: Iterable[DocumentResult], lang: str) -> Iterator[bytes]:
    """The header, then each document's rows in turn (one document in memory at a time)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([word(column, lang) for column in COLUMNS])
    yield buffer.getvalue().encode("utf-8-sig")
    for result in results:
        buffer.seek(0)
        buffer.truncate()
        for row in finding_rows([result], lang, limit=None):
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
        if buffer.tell():
            yield buffer.getvalue().encode("utf-8")
