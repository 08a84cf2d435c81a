"""The typed facts extractors produce and rules check."""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetcheck.model import Location
from budgetcheck.numbers import Quantity


@dataclass
class Fact:
    """One number a document states, with what it is about and where it stands."""

    quantity: Quantity
    concept: str | None  # a concept of rules/concepts.yaml, or None when the words are not understood
    label: str  # the words that name it, as printed
    location: Location
    text: str  # the sentence or table row it stands in, quoted in findings
    role: str = "amount"  # "amount", or "change" for a year-over-year difference
    year: int | None = None
    base_year: int | None = None  # for a change: the year compared with
    subject: "Fact | None" = None  # for a change: the current amount it is the change of, when stated
    source: str = "narrative"  # "narrative" or "table"


@dataclass
class Breakdown:
    """A total and the parts a statement lists for it ("X，其中：a，b，c" or a table's 合计 row)."""

    total: Fact
    parts: list[Fact] = field(default_factory=list)
    understood: bool = True  # False when a listed part could not be identified
    complete: bool = False  # the parts make the whole (a complete set or a catch-all part)

    @property
    def role(self) -> str:
        return self.total.role


@dataclass
class Share:
    """"占 N%": a part's share of a base."""

    part: Fact
    base: Fact
    percent: Fact


@dataclass
class Growth:
    """"增长 N%": a change relative to the previous amount (current − change)."""

    change: Fact
    current: Fact
    percent: Fact


@dataclass
class NarrativeFacts:
    facts: list[Fact] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    growths: list[Growth] = field(default_factory=list)
    precision: int | None = None  # the usual decimals of the document's money amounts

    def of(self, concept: str, role: str = "amount") -> list[Fact]:
        return [fact for fact in self.facts if fact.concept == concept and fact.role == role]
