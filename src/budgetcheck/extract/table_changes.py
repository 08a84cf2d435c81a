"""Narrative statements of a change from last year that name a table's figure.

"与2023年度相比，收入支出总计减少56.95万元", "财政拨款收入支出总计持平", "一般公共预算财政拨款支出比上年
增加10.00万元": each names an amount by words a table link knows (收入支出总计 …) and says how it moved.
This module finds the words and the stated change; engine/kinds_table_changes.py looks the amount up in
the tables, and compares the change when a table carries last year's figure beside this year's.

The change amounts come from the narrative extractor (facts with role "change"); a 持平 that follows
the words it is about ("与上年相比，X持平") has no number and is read here.  Precision first: a
statement whose words are not the plain name of an amount (a listing, a clause) names nothing here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetcheck.extract.facts import Fact, NarrativeFacts
from budgetcheck.extract.narrative import COMPARATIVE
from budgetcheck.extract.table_view import squeeze
from budgetcheck.model import Document, Location, Paragraph

_COMPARED_WITH = r"(?:与|较|比|同)\s*(?:(?P<year>\d{4})\s*年度?|上一?年度?|去年)(?:同期)?(?:预算数?|决算数?)?\s*(?:相比|比较)?"
# "与2023年度相比，财政拨款收入支出总计持平": the words between the comparison and 持平 name the amount.
_LEVEL_AFTER = re.compile(_COMPARED_WITH + r"[，,]\s*(?P<words>[^，,。；;：:]{2,40}?)(?:基本)?持平")
_DIRECTION_END = re.compile(r"(?:基本)?(?:增加|减少|增长|下降|降低|上升|提高|增|减|持平)$")
_COMPARISON_END = re.compile(_COMPARED_WITH + r"$")
_MEASURE_END = re.compile(r"(?:决算数|预算数|执行数)$")


@dataclass(frozen=True)
class ChangeStatement:
    """One statement that an amount rose, fell or stayed level since last year."""

    words: str  # what names the amount, without the comparison and the direction word
    change: Fact | None  # the stated change (signed); None for a 持平 without a number
    level: bool  # 持平: no change
    base_year: int | None
    location: Location
    text: str


def change_statements(document: Document, narrative: NarrativeFacts) -> list[ChangeStatement]:
    out: list[ChangeStatement] = []
    seen: set[tuple[Location, str]] = set()
    for fact in narrative.facts:
        if fact.role != "change":
            continue
        words = _amount_words(fact.label)
        subject = _amount_before(narrative, fact)
        if not words and subject is not None:
            # "2021年收入总计130.00万元，比上年增加…": the amount just before it in its clause, never one
            # further back ("支出预算…，其中：…政府性基金拨款支出预算0.00万元，比上年持平" is the fund's).
            words = squeeze(subject.label)
        if not words:
            continue
        level = fact.direction == "持平"
        out.append(ChangeStatement(words, fact, level, fact.base_year, fact.location, fact.text))
        seen.add((fact.location, words))
    for block in document.blocks:
        if not isinstance(block, Paragraph):
            continue
        for match in _LEVEL_AFTER.finditer(block.text):
            words = squeeze(match.group("words"))
            if (block.location, words) in seen:
                continue
            year = int(match.group("year")) if match.group("year") else None
            out.append(ChangeStatement(words, None, True, year, block.location, block.text))
    return out


def _amount_before(narrative: NarrativeFacts, change: Fact) -> Fact | None:
    """The amount just before a change in its sentence, when nothing but punctuation-free words
    and a comma stand between ("收入总计130.00万元，比上年增加20.00万元")."""
    before = [fact for fact in narrative.facts if fact.location == change.location and fact.role == "amount"
              and fact.quantity.end <= change.quantity.start and fact.text == change.text]
    if not before:
        return None
    last = max(before, key=lambda fact: fact.quantity.end)
    between = change.text[last.quantity.end : change.quantity.start]
    return last if not re.search(r"[。；;：:]|其中", between) else None


def _amount_words(label: str) -> str:
    """"与2023年度相比，收入支出总计减少" → 收入支出总计; "X决算数与2023年度持平" → X."""
    words = squeeze(label)
    comparative = COMPARATIVE.search(words)  # "收入总计比上年多" → 收入总计
    words = words[: comparative.start()] if comparative else _DIRECTION_END.sub("", words)
    words = _COMPARISON_END.sub("", words)
    words = _MEASURE_END.sub("", words)
    cut = max(words.rfind(mark) for mark in "，,；;：:。")
    return words[cut + 1 :]
