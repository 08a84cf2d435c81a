"""The batch summary every report shares: one row per package and the rules that fail most often.

Computed from the results alone, so a report rendered from the results store shows the same summary.
Info findings (differences within rounding) are not failures and are not counted.
"""

from __future__ import annotations

from collections import Counter
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


def is_batch(results: list[DocumentResult]) -> bool:
    """A summary is worth showing when the results come from more than one package."""
    return len({result.package for result in results if result.package is not None}) > 1


def package_rows(results: list[DocumentResult]) -> list[PackageSummary]:
    rows: dict[str, PackageSummary] = {}
    for result in results:
        name = result.package or ""
        row = rows.setdefault(name, PackageSummary(name))
        row.files += 1
        if result.status == "unreadable":
            row.unreadable += 1
            continue
        row.errors += sum(1 for finding in result.findings if finding.severity == "error")
        row.warnings += sum(1 for finding in result.findings if finding.severity == "warning")
        counts = result.counts()
        row.checks_run += counts["run"]
        row.checks_failed += counts["failed"]
        row.statements_seen += result.statements_seen
        row.statements_checked += result.statements_checked
    return list(rows.values())


def top_rules(results: list[DocumentResult], limit: int | None = 10) -> list[RuleCount]:
    """Rules by number of error and warning findings, most first (ties by rule id, for a stable order)."""
    findings: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    titles: dict[str, str] = {}
    for result in results:
        seen: set[str] = set()
        for finding in result.findings:
            if finding.severity == "info":
                continue
            findings[finding.rule] += 1
            titles.setdefault(finding.rule, finding.title)
            seen.add(finding.rule)
        documents.update(seen)
    ranked = sorted(findings, key=lambda rule: (-findings[rule], rule))
    return [RuleCount(rule, titles[rule], findings[rule], documents[rule]) for rule in ranked[:limit]]


def summary_dict(results: list[DocumentResult]) -> dict[str, object]:
    """The JSON form: {"packages": [...], "top_rules": [...]}."""
    return {"packages": [asdict(row) for row in package_rows(results)], "top_rules": [asdict(count) for count in top_rules(results)]}
