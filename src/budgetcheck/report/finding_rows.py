"""Findings flattened to rows: what the CSV, the workbook, the web page and Markdown tabulate.

Rows hold words in the report's language; numbers stay Decimal so a workbook can keep them numeric.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgetcheck.engine.results import DocumentResult, Finding, Place
from budgetcheck.messages import unit_word
from budgetcheck.report.words import category_rank, severity_rank, word

MAX_PLACES_IN_WORDS = 3


@dataclass(frozen=True)
class FindingRow:
    number: int  # 1-based across the whole report
    result: DocumentResult
    finding: Finding
    severity: str  # in words
    category: str  # in words
    location: str  # every place in words
    reference: str  # the first spreadsheet cell as Sheet!A1, else ""
    unit: str  # in words

    @property
    def sources(self) -> list[str]:
        """The quoted source text of each place, once each, in order."""
        out: list[str] = []
        for place in self.finding.locations:
            if place.text and place.text not in out:
                out.append(place.text)
        return out

    def numbers(self) -> tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]:
        f = self.finding
        return f.expected, f.actual, f.difference, f.tolerance


def places_in_words(places: list[Place], lang: str, limit: int | None = MAX_PLACES_IN_WORDS) -> str:
    """"第18段", "表24 第5行 第8列、表24 第6行 第8列等3处" — each place once."""
    unique: list[str] = []
    for place in places:
        described = place.location.describe(lang)
        if described and described not in unique:
            unique.append(described)
    more = len(unique) - limit if limit is not None else 0
    if more > 0:
        unique = unique[:limit]
    if lang == "en":
        return "; ".join(unique) + (f" and {more} more" if more > 0 else "")
    return "、".join(unique) + (f" 等{more}处" if more > 0 else "")


def cell_reference(places: list[Place]) -> str:
    for place in places:
        if place.location.sheet is not None and place.location.cell is not None:
            return f"{place.location.sheet}!{place.location.cell}"
    return ""


def sorted_findings(result: DocumentResult, include_info: bool = True) -> list[Finding]:
    """A document's findings by severity, then category; the engine's order within a group."""
    shown = [f for f in result.findings if include_info or f.severity != "info"]
    return sorted(shown, key=lambda f: (severity_rank(f.severity), category_rank(f.category)))


def finding_rows(results: list[DocumentResult], lang: str, limit: int | None = MAX_PLACES_IN_WORDS) -> list[FindingRow]:
    rows: list[FindingRow] = []
    for result in results:
        for finding in sorted_findings(result):
            rows.append(
                FindingRow(
                    number=len(rows) + 1,
                    result=result,
                    finding=finding,
                    severity=word(finding.severity, lang),
                    category=word(finding.category, lang),
                    location=places_in_words(finding.locations, lang, limit),
                    reference=cell_reference(finding.locations),
                    unit=unit_word(finding.unit, lang),
                )
            )
    return rows


def severity_totals(result: DocumentResult) -> dict[str, int]:
    totals = {"error": 0, "warning": 0, "info": 0}
    for finding in result.findings:
        totals[finding.severity] += 1
    return totals


def coverage_text(result: DocumentResult) -> str:
    """Numeric statements of the text checked, as "30/39"; "" when the document has none."""
    if not result.statements_seen:
        return ""
    return f"{result.statements_checked}/{result.statements_seen}"


def decimal_text(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")
