"""The batch summary every report shares: one row per package and the rules that fail most often.

Computed from the results alone, so a report rendered from the results store shows the same summary.
Info findings (differences within rounding) are not failures and are not counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from budgetcheck.engine.results import DocumentResult


@dataclass
class PackageSummary:
    package: str
    files: int = 0
    unreadable: int = 0
    errors: int = 0
    warnings: int = 0
    checks_run: int = 0
    checks_failed: int = 0
    statements_seen: int = 0
    statements_checked: int = 0


@dataclass
class RuleCount:
    rule: str
    title: str
    findings: int  # error and warning findings of this rule across the batch
    documents: int  # documents with at least one


class BatchTally:
    """The batch summary counted one result at a time, for a report that reads each result once."""

    def __init__(self) -> None:
        self._packages: dict[str, PackageSummary] = {}
        self._named: set[str] = set()
        self._findings: Counter[str] = Counter()
        self._documents: Counter[str] = Counter()
        self._titles: dict[str, str] = {}

    def add(self, result: DocumentResult) -> None:
        if result.package is not None:
            self._named.add(result.package)
        name = result.package or ""
        row = self._packages.setdefault(name, PackageSummary(name))
        row.files += 1
        seen: set[str] = set()
        for finding in result.findings:
            if finding.severity == "info":
                continue
            self._findings[finding.rule] += 1
            self._titles.setdefault(finding.rule, finding.title)
            seen.add(finding.rule)
        self._documents.update(seen)
        if result.status == "unreadable":
            row.unreadable += 1
            return
        row.errors += sum(1 for finding in result.findings if finding.severity == "error")
        row.warnings += sum(1 for finding in result.findings if finding.severity == "warning")
        counts = result.counts()
        row.checks_run += counts["run"]
        row.checks_failed += counts["failed"]
        row.statements_seen += result.statements_seen
        row.statements_checked += result.statements_checked

    def is_batch(self) -> bool:
        """A summary is worth showing when the results come from more than one package."""
        return len(self._named) > 1

    def package_rows(self) -> list[PackageSummary]:
        return list(self._packages.values())

    def top_rules(self, limit: int | None = 10) -> list[RuleCount]:
        """Rules by number of error and warning findings, most first (ties by rule id, for a stable order)."""
        ranked = sorted(self._findings, key=lambda rule: (-self._findings[rule], rule))
        return [RuleCount(rule, self._titles[rule], self._findings[rule], self._documents[rule]) for rule in ranked[:limit]]


def tally(results: Iterable[DocumentResult]) -> BatchTally:
    counted = BatchTally()
    for result in results:
        counted.add(result)
    return counted


def is_batch(results: Iterable[DocumentResult]) -> bool:
    return len({result.package for result in results if result.package is not None}) > 1


def package_rows(results: Iterable[DocumentResult]) -> list[PackageSummary]:
    return tally(results).package_rows()


def top_rules(results: Iterable[DocumentResult], limit: int | None = 10) -> list[RuleCount]:
    return tally(results).top_rules(limit)


def summary_dict(results: Iterable[DocumentResult] | BatchTally) -> dict[str, object]:
    """The JSON form: {"packages": [...], "top_rules": [...]}."""
    counted = results if isinstance(results, BatchTally) else tally(results)
    return {"packages": [asdict(row) for row in counted.package_rows()], "top_rules": [asdict(count) for count in counted.top_rules()]}
