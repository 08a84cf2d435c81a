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
    role: str = "amount"  # "amount"; "change" for a year-over-year difference; "previous" for last year's amount
    year: int | None = None
    base_year: int | None = None  # for a change: the year compared with
    subject: "Fact | None" = None  # for a change or a previous amount: the current amount it belongs to, when stated
    source: str = "narrative"  # "narrative" or "table"
    direction: str | None = None  # the direction word printed with it: 增加, 下降, 持平, or 增加到 for an amount reached


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
class Comparison:
    """Both years' amounts of one concept as one sentence states them ("2020年收入2999.85万元，2019年
    2363.18万元", "比上年的2363.18万元增加…", "由上年的…减少到…"), with the change and rate it gives."""

    previous: Fact
    current: Fact | None = None  # None when the sentence names no current amount it can be tied to
    change: Fact | None = None  # the stated change, signed by its direction word; 持平 is zero
    percent: Fact | None = None  # the stated growth rate, signed by its direction word
    # When the current amount is the last part of a listing, the statement may be about the listing's
    # total instead ("…，项目支出1748.39万元，比上年的2363.18万元增加…"): that total.
    alternative: Fact | None = None

    def worded(self) -> list[Fact]:
        """The facts whose direction word (增加, 下降, 减少到 …) claims which way the amount moved."""
        candidates = (self.change, self.percent, self.current)
        return [fact for fact in candidates if fact is not None and fact.direction not in (None, "持平")]


@dataclass
class NarrativeFacts:
    facts: list[Fact] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    growths: list[Growth] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    sign_conflicts: list[Fact] = field(default_factory=list)  # "减少-5万元": a direction word against the number's own sign
    precision: int | None = None  # the usual decimals of the document's money amounts

    def of(self, concept: str, role: str = "amount") -> list[Fact]:
        return [fact for fact in self.facts if fact.concept == concept and fact.role == role]
