"""Year-over-year statements that give both years' amounts of one concept.

Disclosures write the previous year's amount in a few fixed ways:

- after a comparison word, right before the number: "比上年(2019年)的2363.18万元增加636.67万元",
  "较上年预算数2363.18万元增长26.94%", "与2019年的2363.18万元相比", "由上年的2363.18万元减少到…";
- as an amount of its own whose label names the earlier year: "2020年收入预算2999.85万元，2019年收入预算
  2363.18万元，增加636.67万元", "…，上年为2363.18万元".

Precision first: a number is last year's amount only when the words between the comparison (or
the year) and the number are filler (的, 为, 预算数 …) or name the same concept as the current
amount, and when an explicit year lies before the current one.  "上年末" (a balance at year end)
and "上年结转" (carried-over funds) are amounts of this year, not last year's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetcheck.extract.facts import Fact
from budgetcheck.extract.vocabulary import Vocabulary

_YEAR_WORDS = r"(?:(?P<year>\d{4})\s*年(?:度)?|(?P<prev>上一年度|上年度|上一年|上年同期|上年|去年同期|去年))"
_FILLER = r"(?:的|预算数|决算数|执行数|预算|决算|同期)*\s*(?:为|是)?\s*"
_PHRASE = re.compile(
    r"(?P<lead>比|较|与|同|由|从)\s*" + _YEAR_WORDS + r"\s*(?:[（(]\s*(?P<bracket>\d{4})\s*年(?:度)?\s*[)）])?\s*" + _FILLER + r"$"
)
# "与上年的X万元相比": with 与/同 the comparison is only complete with 相比 after the number.
_CLOSES_WITH = re.compile(r"\s*(?:相比|比较|对比)")
_LABEL_YEAR = re.compile(r"^\s*" + _YEAR_WORDS.replace("上年同期|", "").replace("去年同期|", "") + r"(?!末|底|初|结转|结余)")
_ONLY_FILLER = re.compile(r"^[\s，,：:]*" + _FILLER + r"[：:]?$")
_CURRENT_YEAR = re.compile(r"(\d{4})\s*年")
# "增加到", "减少至", "降至": the number after it is the amount reached this year, not the change.
REACHED = re.compile(r"(增加|增长|减少|下降|降低|上升|提高|减|增|降|升)(?:到|至)$")
_BOUNDARY = re.compile(r"[，,；;：:。、]")


@dataclass(frozen=True)
class PreviousMarker:
    """How the words before a number introduce it as last year's amount."""

    form: str  # "phrase": a comparison word right before the number; "label": its label names the earlier year
    base_year: int | None  # the explicit earlier year, None for 上年/去年
    words: str  # what names the concept: the words before the comparison word, or the label after its year


def phrase_before(text: str, floor: int, number_start: int, number_end: int) -> PreviousMarker | None:
    """A comparison phrase that ends right at the number ("比上年(2019年)的" 2363.18万元)."""
    window = text[floor:number_start]
    match = _PHRASE.search(window)
    if match is None:
        return None
    if match.group("lead") in ("与", "同") and not _CLOSES_WITH.match(text, number_end):
        return None
    words = window[: match.start()]
    cut = 0
    for boundary in _BOUNDARY.finditer(words):
        cut = boundary.end()
    return PreviousMarker("phrase", _explicit_year(match), words[cut:])


def label_year(label: str) -> PreviousMarker | None:
    """A label that begins with an earlier year: "2019年收入预算", "上年为"."""
    match = _LABEL_YEAR.match(label)
    if match is None:
        return None
    return PreviousMarker("label", _explicit_year(match), label[match.end() :])


def _explicit_year(match: re.Match[str]) -> int | None:
    if match.groupdict().get("bracket"):
        return int(match.group("bracket"))
    return int(match.group("year")) if match.group("year") else None


def _is_filler(words: str) -> bool:
    return bool(_ONLY_FILLER.match(words))


def _year_in(words: str) -> int | None:
    found = _CURRENT_YEAR.findall(words)
    return int(found[-1]) if found else None


def resolve_previous(fact: Fact, marker: PreviousMarker, subject: Fact | None, subject_year: int | None, vocab: Vocabulary) -> bool:
    """Make `fact` last year's amount of the concept the sentence compares, when it clearly is one.

    `subject` is the amount directly before it in the sentence (the current amount in "支出2999.85万元，
    比上年的2363.18万元…"), `subject_year` that amount's year.  Returns False, changing nothing,
    when the number is not clearly last year's amount; a comparison phrase whose concept is not
    understood still marks the number as last year's amount (so it never passes for this year's),
    with no concept, so that nothing checks it.
    """
    words = marker.words
    named = None if _is_filler(words) else vocab.match(words)
    if _is_filler(words):
        if subject is None:
            return _unknown_previous(fact, marker)
        concept, current = subject.concept, subject
    elif named is not None and subject is not None and subject.concept == named:
        concept, current = named, subject
    elif named is not None and marker.form == "phrase":
        concept, current = named, None  # "收入预算由上年的X万元增加到Y万元": the current amount follows
        subject_year = _year_in(words)
    else:
        return _unknown_previous(fact, marker)
    base = marker.base_year
    if base is not None and (subject_year is None or base >= subject_year):
        return False  # not last year's ("比2020年预算数" in the 2020 final accounts is its own budget)
    fact.role = "previous"
    fact.concept = concept
    fact.subject = current
    fact.year = base if base is not None else (subject_year - 1 if subject_year is not None else None)
    fact.base_year = None
    return True


def resolve_earlier(earlier: Fact, earlier_marker: PreviousMarker | None, later: Fact, later_marker: PreviousMarker, vocab: Vocabulary) -> bool:
    """"2019年收入预算2363.18万元，2020年收入预算2999.85万元": the first amount is last year's.

    Only when both labels name their year and the later one names the same concept (or only filler,
    "2020年为"); then `earlier` becomes last year's amount of `later`.  Returns whether it did.
    """
    if earlier_marker is None or earlier_marker.form != "label" or later_marker.form != "label":
        return False
    if earlier_marker.base_year is None or later_marker.base_year is None or earlier_marker.base_year >= later_marker.base_year:
        return False
    if earlier.concept is None or earlier.role != "amount":
        return False
    if not _is_filler(later_marker.words) and vocab.match(later_marker.words) != earlier.concept:
        return False
    later.concept = earlier.concept
    earlier.role = "previous"
    earlier.subject = later
    earlier.year = earlier_marker.base_year
    return True


def _unknown_previous(fact: Fact, marker: PreviousMarker) -> bool:
    """After a comparison word the number is last year's, even when we cannot say of what."""
    if marker.form != "phrase":
        return False
    fact.role = "previous"
    fact.concept = None
    return False


def direction_sign(word: str | None) -> int:
    """+1 for a word that says the amount rose (增加, 增长到), −1 for one that says it fell, 0 otherwise (持平)."""
    if not word:
        return 0
    if word.startswith(("减", "降", "下", "少")):
        return -1
    if word.startswith(("增", "升", "上", "提", "多")):
        return 1
    return 0
