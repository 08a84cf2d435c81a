"""Statements of budget execution in a 决算 narrative: "年初预算为A万元，支出决算为B万元，完成年初预算的P%。
决算数小于预算数的主要原因…".  Only the pattern understood in full is read: a 预算 amount, the 决算
amount right after it, and optionally the completion rate and the comparison word that follow
before the next 预算 amount.  Anything looser is left alone (counted as not checked elsewhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetcheck.model import Document, Heading, Location, Paragraph
from budgetcheck.numbers import Quantity, document_precision, find_quantities

_BUDGET_BEFORE = re.compile(r"(?:年初|调整后|全年)?预算(?:数)?(?:为|是)?\s*$")
_FINAL_BETWEEN = re.compile(r"^\s*[，,]?\s*(?:支出|收入)?决算(?:数)?(?:为|是)?\s*$")
_RATE_BETWEEN = re.compile(r"^\s*[，,]\s*完成(?:年初|调整后|全年)?预算(?:数)?的?\s*$")
_DIRECTION = re.compile(
    r"决算数?(?:支出)?(?P<word>大于|高于|超过|多于|小于|低于|少于|等于|与(?:年初)?预算数?(?:基本)?持平|基本持平|持平)(?:年初)?(?:预算数?)?"
)
DIRECTIONS = {
    "大于": "greater", "高于": "greater", "超过": "greater", "多于": "greater",
    "小于": "less", "低于": "less", "少于": "less",
    "等于": "equal",
}


@dataclass
class Execution:
    budget: Quantity
    final: Quantity
    percent: Quantity | None
    word: str | None  # the comparison word as printed (小于, 与预算数基本持平 …)
    location: Location
    text: str

    @property
    def direction(self) -> str | None:
        """greater / less / equal, or "about" for 基本持平 (a judgement, not a number)."""
        if self.word is None:
            return None
        if "基本持平" in self.word:
            return "about"
        if "持平" in self.word:
            return "equal"
        return DIRECTIONS.get(self.word)


def find_executions(document: Document) -> list[Execution]:
    blocks = [block for block in document.blocks if isinstance(block, (Paragraph, Heading))]
    found = [(block, find_quantities(block.text)) for block in blocks]
    precision = document_precision(q for _, quantities in found for q in quantities if q.kind == "money")
    out: list[Execution] = []
    for block, quantities in found:
        text = block.text
        money = [q for q in quantities if q.kind == "money" or q.unit == "%"]
        budget_positions = [i for i, q in enumerate(money) if q.kind == "money" and _BUDGET_BEFORE.search(text[max(0, q.start - 12) : q.start])]
        for index in budget_positions:
            if index + 1 >= len(money):
                continue
            budget, final = money[index], money[index + 1]
            if final.kind != "money" or not _FINAL_BETWEEN.match(text[budget.end : final.start]):
                continue
            percent = None
            end = final.end
            if index + 2 < len(money) and money[index + 2].unit == "%" and _RATE_BETWEEN.match(text[final.end : money[index + 2].start]):
                percent = money[index + 2]
                end = percent.end
            next_budget = next((money[i].start for i in budget_positions if i > index), len(text))
            direction = _DIRECTION.search(text, end, next_budget)
            if precision is not None:
                budget, final = budget.with_decimals(precision), final.with_decimals(precision)
            out.append(Execution(budget, final, percent, direction.group("word") if direction else None, block.location, text))
    return out
