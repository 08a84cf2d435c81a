"""What an audit produces: check outcomes, findings, and the per-document result (the JSON contract)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from budgetcheck.engine.rules import Rule
from budgetcheck.model import Location

STATUSES = ("pass", "fail", "rounding", "not_applicable", "insufficient_data")
COUNT_KEYS = {"pass": "passed", "fail": "failed", "rounding": "rounding", "not_applicable": "not_applicable", "insufficient_data": "insufficient_data"}


@dataclass(frozen=True)
class Place:
    """A location that took part in a check, with the text quoted there."""

    location: Location
    text: str

    def to_dict(self) -> dict[str, object]:
        out = self.location.to_dict()
        out["text"] = self.text
        return out


@dataclass
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    locations: list[Place]
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    unit: str | None = None
    title: str = ""

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "title": self.title,
            "locations": [place.to_dict() for place in self.locations],
        }
        for key in ("expected", "actual", "difference", "tolerance"):
            value = getattr(self, key)
            if value is not None:
                out[key] = format(value, "f")
        if self.unit is not None:
            out["unit"] = self.unit
        return out


@dataclass
class Check:
    """One evaluation of one rule on one set of facts."""

    rule: Rule
    status: str  # one of STATUSES
    places: list[Place] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)  # message parameters
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    unit: str | None = None
    reason: str = ""  # why a check could not run (insufficient data / not applicable)
    statements: tuple[int, ...] = ()  # ids of narrative facts this check covered
    variant: str = ""  # which of the rule's messages says this outcome ("": its message)
    convention: str = "nearest"  # how a "rounding" outcome was read (tolerance.Outcome.convention)


@dataclass
class DocumentResult:
    path: str
    format: str | None
    status: str  # "checked" or "unreadable"
    error: str | None = None
    error_code: str | None = None
    findings: list[Finding] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    statements_seen: int = 0
    statements_checked: int = 0
    package: str | None = None  # the batch package it was audited with; None for files named one by one
    notices: list[str] = field(default_factory=list)  # said on stderr while reading (a misnamed file), and in JSON; not findings
    check_counts: dict[str, int] | None = None  # set by compact(): the counts of every check, kept or not

    def counts(self) -> dict[str, int]:
        if self.check_counts is not None:
            return dict(self.check_counts)
        counts = {"run": len(self.checks), "passed": 0, "failed": 0, "rounding": 0, "not_applicable": 0, "insufficient_data": 0}
        for check in self.checks:
            counts[COUNT_KEYS[check.status]] += 1
        return counts

    def compact(self) -> "DocumentResult":
        """The same result for every report, keeping only what reports read: the findings, the check counts
        and the checks that could not run (listed as unchecked).  A narrative runs some 700 checks; a batch
        keeps this form of each result, so its memory does not grow with every check of every file.
        The --verbose text report lists the checks that passed: it needs the full result."""
        if self.check_counts is not None:
            return self
        unchecked = [replace(check, values={}, statements=()) for check in self.checks if check.status == "insufficient_data"]
        return replace(self, checks=unchecked, check_counts=self.counts())

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"path": self.path, "format": self.format, "status": self.status}
        if self.package is not None:
            out["package"] = self.package
        if self.error is not None:
            out["error"] = self.error
        if self.notices:
            out["notices"] = list(self.notices)
        out["findings"] = [finding.to_dict() for finding in self.findings]
        out["checks"] = self.counts()
        out["coverage"] = {"statements_seen": self.statements_seen, "statements_checked": self.statements_checked}
        out["unchecked"] = [
            {"rule": check.rule.id, "status": check.status, "reason": check.reason, "locations": [p.to_dict() for p in check.places]}
            for check in self.checks
            if check.status in ("insufficient_data",)
        ]
        return out
