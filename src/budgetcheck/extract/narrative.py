"""Numeric statements of the narrative (情况说明): totals with their parts, year-over-year changes, shares.

Precision first: a statement is turned into a checkable structure only when every number in it
is tied to a known concept (rules/concepts.yaml).  Breakdowns nest by meaning, not by
punctuation: after "其中/包括" a part attaches to the innermost open total that the vocabulary
says it can belong to, so "基本支出…，包括人员经费…和日常公用经费…；项目支出…" puts 项目支出 back
under the expenditure total whatever the separator.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from budgetcheck.extract.facts import Breakdown, Comparison, Fact, Growth, NarrativeFacts, Share
from budgetcheck.extract.vocabulary import Vocabulary, vocabulary
from budgetcheck.extract.year_over_year import REACHED, PreviousMarker, label_year, phrase_before, resolve_earlier, resolve_previous
from budgetcheck.model import Document, Heading, Paragraph
from budgetcheck.numbers import Quantity, document_precision, find_quantities

_BOUNDARY = re.compile(r"[，,；;：:（()）。、！!？?]")
_OPENS_BREAKDOWN = re.compile(r"(其中|包括|分别为|具体为)")
_CONTINUES_BREAKDOWN = re.compile(r"\s*其中")
_DIRECTION = re.compile(r"(增加|增长|减少|下降|降低|上升|提高|减|增)了?$")  # "减少了1237.7万元"
# 多 and 少 say which way an amount moved only right after what it is compared with ("比上年多10万元",
# "较2019年预算少了5万元"); anywhere else they are ordinary words ("多方筹措", "不少于").
COMPARATIVE = re.compile(
    r"(?:较|比)\s*(?:\d{4}\s*年度?|上一?年度?|去年)(?:的)?(?:同期)?(?:预算数?|决算数?|执行数)?\s*(多|少)了?$"
)
_DECREASE = ("减少", "下降", "降低", "减", "少")
# "增长-5.2%" is the statistical way of writing a signed growth rate; any other direction word
# before a negative number ("减少-5万元", "增加-3万元") leaves the direction unclear.
_SIGNED_RATE_WORD = "增长"
_COMPARISON = re.compile(
    r"(?:较|比|与|同|相比|比较)\s*(?:(?P<year>\d{4})\s*年(?:度)?|(?P<prev>上年|去年|上一年|上年度))?"
    r"(?:预算|决算|预算数|决算数|执行数|同期)?(?:相比|比较|对比)?"
)
_FLAT = re.compile(
    r"(?:与|较|比|同)\s*(?:(?P<year>\d{4})\s*年(?:度)?|(?P<prev>上年|去年|上年度))(?:预算|决算)?(?:相比)?[，,]?\s*(?:基本)?持平"
)
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
_BRACKETED_WORDS = ("（境）", "(境)")
_SHARE = re.compile(r"占(?P<base>[^，,；;。%％]*?)(?:的)?(?:比重|比例)?(?:为|约)?$")


@dataclass
class _Mention:
    fact: Fact
    start: int
    end: int
    percent: bool = False
    children: list["_Mention"] = field(default_factory=list)
    understood: bool = True
    previous_marker: PreviousMarker | None = None  # words that may make it last year's amount
    year_before: int | None = None  # the last year named in the sentence before the number
    sign_conflict: bool = False  # a direction word before a negative number


def extract_narrative(document: Document, vocab: Vocabulary | None = None) -> NarrativeFacts:
    vocab = vocab or vocabulary()
    # Headings too: a numbered sentence such as "（一）收入预算总计24,169.74万元" may be read as one.
    paragraphs = [block for block in document.blocks if isinstance(block, (Paragraph, Heading))]
    all_money: list[Quantity] = []
    found: list[tuple[Paragraph, list[Quantity]]] = []
    for paragraph in paragraphs:
        quantities = find_quantities(paragraph.text)
        found.append((paragraph, quantities))
        all_money.extend(q for q in quantities if q.kind == "money")
    result = NarrativeFacts(precision=document_precision(all_money))
    units = Counter(q.unit for q in all_money)
    unit = units.most_common(1)[0][0] if units else None
    for paragraph, quantities in found:
        _read_paragraph(paragraph, quantities, vocab, result, unit)
    return result


def _mask(text: str) -> str:
    """Hide the brackets inside names such as 因公出国（境）费 from the clause splitter (same length)."""
    for word in _BRACKETED_WORDS:
        text = text.replace(word, "〈" + word[1:-1] + "〉")
    return text


def _read_paragraph(paragraph: Paragraph | Heading, quantities: list[Quantity], vocab: Vocabulary, out: NarrativeFacts, unit: str | None) -> None:
    text = paragraph.text
    masked = _mask(text)
    lead: Fact | None = None  # the paragraph's first top-level amount: the subject of later bare changes
    for start, end in _sentence_spans(masked):
        in_sentence = [q for q in quantities if start <= q.start < end]
        mentions = _mentions(text, masked, start, end, in_sentence, paragraph, vocab, out.precision, unit)
        lead = _assemble(text, mentions, vocab, out, lead)


def _sentence_spans(masked: str) -> list[tuple[int, int]]:
    """The sentences of a paragraph; one that opens with 其中 continues the one before it ("…决算为15.30万元。
    其中：因公出国（境）费…"), as after a comma: its parts are the breakdown of the amount just stated."""
    spans: list[tuple[int, int]] = []
    for sentence in _SENTENCE.finditer(masked):
        start, end = sentence.span()
        if spans and _CONTINUES_BREAKDOWN.match(masked, start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _mentions(
    text: str,
    masked: str,
    start: int,
    end: int,
    quantities: list[Quantity],
    paragraph: Paragraph | Heading,
    vocab: Vocabulary,
    precision: int | None,
    unit: str | None,
) -> list[_Mention]:
    sentence = text[start:end]
    year_match = _YEAR.search(sentence)
    year = int(year_match.group(1)) if year_match else None
    mentions: list[_Mention] = []
    for quantity in quantities:
        if quantity.kind not in ("money", "percent"):
            continue
        label_start = _label_start(masked, start, quantity.start, mentions)
        label = text[label_start : quantity.start]
        if quantity.kind == "money" and precision is not None:
            quantity = quantity.with_decimals(precision)
        mention = _mention_for(quantity, label, label_start, sentence, year, paragraph, vocab)
        if mention.fact.concept is not None and _name_continues_before(masked, label_start):
            # "住房改革支出（款）住房公积金（项）支出…": the words before the bracket belong to the
            # name, so the short tail after it ("支出") does not say what the amount is.
            mention.fact.concept = None
            mention.understood = False
        if quantity.kind == "money" and mention.fact.role == "amount":
            floor = mentions[-1].end if mentions else start
            mention.previous_marker = phrase_before(masked, floor, quantity.start, quantity.end) or label_year(label)
        years_before = _YEAR.findall(masked, start, quantity.start)
        mention.year_before = int(years_before[-1]) if years_before else None
        mentions.append(mention)
    for flat in _FLAT.finditer(masked, start, end):
        label_start = _label_start(masked, start, flat.start(), [m for m in mentions if m.end <= flat.start()])
        label = text[label_start : flat.start()]
        # "持平" states a change of exactly nothing, in the document's own unit and precision.
        zero = Quantity(value=_zero(precision), decimals=precision or 0, unit=unit, kind="money", text=flat.group(0), start=flat.start(), end=flat.end())
        fact = Fact(
            quantity=zero,
            concept=vocab.match(label) if label.strip() else None,
            label=label + flat.group(0),
            location=paragraph.location,
            text=sentence.strip(),
            role="change",
            year=year,
            base_year=_base_year(flat, year),
            direction="持平",
        )
        mentions.append(_Mention(fact, label_start, flat.end(), understood=fact.concept is not None or not label.strip()))
    mentions.sort(key=lambda mention: mention.start)
    return mentions


def _name_continues_before(masked: str, label_start: int) -> bool:
    """Whether the label was cut at a 功能分类 level marker "（类）/（款）/（项）" inside a longer name."""
    if label_start == 0 or masked[label_start - 1] not in "）)":
        return False
    opening = max(masked.rfind("（", 0, label_start - 1), masked.rfind("(", 0, label_start - 1))
    return opening > 0 and masked[opening + 1 : label_start - 1] in ("类", "款", "项", "目")


def _zero(precision: int | None):
    from decimal import Decimal

    return Decimal(0).scaleb(-(precision or 0))


def _label_start(text: str, floor: int, number_start: int, before: list[_Mention]) -> int:
    cut = floor
    if before:
        cut = max(cut, before[-1].end)
    for match in _BOUNDARY.finditer(text, cut, number_start):
        cut = match.end()
    return cut


def _base_year(match: re.Match[str], year: int | None) -> int | None:
    if match.group("year"):
        return int(match.group("year"))
    if match.group("prev") and year is not None:
        return year - 1
    return None


def direction_word(words: str) -> tuple[str, int] | None:
    """The direction word that ends `words` ("增加", "减少了", "比上年多") and where it starts."""
    found = _DIRECTION.search(words)
    if found:
        return found.group(1), found.start()
    found = COMPARATIVE.search(words)
    if found:
        return found.group(1), found.start(1)
    return None


def _mention_for(
    quantity: Quantity, label: str, label_start: int, sentence: str, year: int | None, paragraph: Paragraph | Heading, vocab: Vocabulary
) -> _Mention:
    words = label.strip()
    found = direction_word(words)
    direction = found[0] if found else None
    if quantity.kind == "percent":
        fact = Fact(quantity, None, words, paragraph.location, sentence.strip(), role="percent", year=year)
        fact.direction = direction
        conflict = direction is not None and quantity.value < 0 and direction != _SIGNED_RATE_WORD
        return _Mention(fact, label_start, quantity.end, percent=True, sign_conflict=conflict)
    reached = REACHED.search(words)
    if reached:
        # "由上年的X万元减少到Y万元": Y is this year's amount; its concept comes from the comparison.
        fact = Fact(quantity, None, words, paragraph.location, sentence.strip(), year=year, direction=reached.group(0))
        return _Mention(fact, label_start, quantity.end)
    role, base_year = "amount", None
    if direction and quantity.value < 0:
        # "减少-5万元": the word and the sign disagree; nothing can say which way it moved.
        fact = Fact(quantity, None, words, paragraph.location, sentence.strip(), role="change", year=year, direction=direction)
        return _Mention(fact, label_start, quantity.end, understood=False, sign_conflict=True)
    if found:
        role = "change"
        if direction in _DECREASE:
            quantity = _negated(quantity)
        words = words[: found[1]]
        comparison = None
        for comparison in _COMPARISON.finditer(words):
            pass
        if comparison is not None and comparison.group(0):
            base_year = _base_year(comparison, year)
            words = words[: comparison.start()]
    concept = vocab.match(words) if words.strip() else None
    fact = Fact(quantity, concept, label.strip(), paragraph.location, sentence.strip(), role=role, year=year, base_year=base_year)
    fact.direction = direction
    # A change without its own subject ("较2019年增加…") is understood; it takes the sentence's subject.
    understood = concept is not None or (role == "change" and not words.strip())
    return _Mention(fact, label_start, quantity.end, understood=understood)


def _negated(quantity: Quantity) -> Quantity:
    from dataclasses import replace

    return replace(quantity, value=-quantity.value)


def _assemble(text: str, mentions: list[_Mention], vocab: Vocabulary, out: NarrativeFacts, lead: Fact | None) -> Fact | None:
    stack: list[_Mention] = []  # open totals, innermost last
    top_amount: Fact | None = None
    previous: _Mention | None = None
    comparison: Comparison | None = None  # both years' amounts just stated; their change and rate may follow
    of_parts: list[tuple[Comparison, _Mention]] = []  # comparisons of a listed part, with the listing's total
    for mention in mentions:
        fact = mention.fact
        if mention.sign_conflict:
            out.sign_conflicts.append(fact)
        if mention.percent:
            if comparison is not None and _takes_rate(comparison, mention):
                out.facts.append(fact)
            else:
                _read_percent(mention, previous, stack, out, vocab)
            continue
        if comparison is not None:
            if _takes_change(comparison, mention):
                out.facts.append(fact)
                previous = mention
                continue
            if not _reaches(comparison, mention):
                comparison = None
        if mention.previous_marker is not None:
            subject = previous.fact if previous is not None and _is_current_amount(previous) else None
            year = previous.year_before if subject is not None and previous is not None else None
            if resolve_previous(fact, mention.previous_marker, subject, year, vocab):
                comparison = Comparison(previous=fact, current=fact.subject)
                out.comparisons.append(comparison)
                total = next((open_total for open_total in reversed(stack) if previous in open_total.children), None)
                # "2019年一般公共预算收入…" names its part; "比上年的…" alone might mean the total too.
                if total is not None and fact.subject is not None and vocab.match(mention.previous_marker.words) is None:
                    of_parts.append((comparison, total))
            elif previous is not None and subject is top_amount and not stack and not previous.children:
                if resolve_earlier(previous.fact, previous.previous_marker, fact, mention.previous_marker, vocab):
                    # The amount before was last year's: this one takes its place as the sentence's subject.
                    comparison = Comparison(previous=previous.fact, current=fact)
                    out.comparisons.append(comparison)
                    top_amount = None
                    lead = None if lead is previous.fact else lead
            if fact.role == "previous":
                out.facts.append(fact)  # last year's amount: no part of this year's totals and breakdowns
                previous = mention
                continue
        between = text[previous.end : mention.start] if previous else ""
        label_words = fact.label
        if previous is not None and not previous.percent and (_OPENS_BREAKDOWN.search(between) or _OPENS_BREAKDOWN.match(label_words)):
            if previous.fact.concept is not None and (not stack or stack[-1] is not previous):
                stack.append(previous)
        if fact.role == "change" and fact.concept is None and mention.understood:
            subject = top_amount or lead
            if subject is not None and not stack:
                fact.concept = subject.concept
                fact.subject = subject
        out.facts.append(fact)
        if fact.concept is None:
            if stack:
                stack[-1].understood = False
            previous = mention
            continue
        parent = _attach(stack, fact, vocab)
        if parent is None:
            stack.clear()
            if fact.role == "amount":
                top_amount = fact
                lead = lead or fact
        else:
            parent.children.append(mention)
        previous = mention
    _close(mentions, vocab, out)
    _mark_ambiguous(of_parts)
    return lead


def _mark_ambiguous(of_parts: list[tuple[Comparison, _Mention]]) -> None:
    """A comparison after the last part of a listing may be about the part or about the total
    ("其中：基本支出…，项目支出1748.39万元，比上年的2363.18万元增加…") — unless the listing compares every
    part, or the comparison stands between parts."""
    per_total = Counter(id(total) for _, total in of_parts)
    for comparison, total in of_parts:
        if per_total[id(total)] == 1 and total.children and total.children[-1].fact is comparison.current:
            comparison.alternative = total.fact


def _is_current_amount(mention: _Mention) -> bool:
    return not mention.percent and mention.fact.role == "amount" and mention.fact.concept is not None


def _takes_change(comparison: Comparison, mention: _Mention) -> bool:
    """The change stated right after both years' amounts ("…，增加636.67万元") is theirs."""
    fact = mention.fact
    concept = comparison.previous.concept
    if fact.role != "change" or comparison.change is not None or not mention.understood or concept is None:
        return False
    if fact.concept not in (None, concept):
        return False
    fact.concept = concept
    fact.subject = comparison.current
    fact.base_year = comparison.previous.year
    comparison.change = fact
    return True


def _reaches(comparison: Comparison, mention: _Mention) -> bool:
    """"由上年的X万元增加到Y万元": Y is the current amount of the comparison's concept."""
    fact = mention.fact
    if fact.role != "amount" or fact.direction is None or comparison.current is not None or comparison.previous.concept is None:
        return False
    fact.concept = comparison.previous.concept
    comparison.current = fact
    comparison.previous.subject = fact
    return True


def _takes_rate(comparison: Comparison, mention: _Mention) -> bool:
    """"较上年预算数X万元增长Z%": a rate with a direction word after both years' amounts is theirs."""
    fact = mention.fact
    if fact.direction is None or comparison.percent is not None or mention.sign_conflict or _SHARE.search(fact.label):
        return False
    if fact.direction in _DECREASE:
        fact.quantity = _negated(fact.quantity)
    comparison.percent = fact
    return True


def _attach(stack: list[_Mention], fact: Fact, vocab: Vocabulary) -> _Mention | None:
    """The innermost open total this fact is a part of; closes the totals above it."""
    for depth in range(len(stack) - 1, -1, -1):
        candidate = stack[depth]
        if candidate.fact.role == fact.role and candidate.fact.concept and vocab.is_part(fact.concept, candidate.fact.concept):  # type: ignore[arg-type]
            del stack[depth + 1 :]
            return candidate
    return None


def _close(mentions: list[_Mention], vocab: Vocabulary, out: NarrativeFacts) -> None:
    for mention in mentions:
        if not mention.children:
            continue
        parts = [child.fact for child in mention.children]
        concepts = {part.concept for part in parts if part.concept}
        understood = mention.understood and len(concepts) == len(parts)
        out.breakdowns.append(
            Breakdown(
                total=mention.fact,
                parts=parts,
                understood=understood,
                complete=understood and vocab.is_complete(mention.fact.concept, concepts),  # type: ignore[arg-type]
            )
        )


def _read_percent(mention: _Mention, previous: _Mention | None, stack: list[_Mention], out: NarrativeFacts, vocab: Vocabulary) -> None:
    """"占 N%" after an amount is its share; "增长 N%" after a change is a growth rate."""
    fact = mention.fact
    out.facts.append(fact)
    if previous is None or previous.percent or mention.sign_conflict:
        return
    share = _SHARE.search(fact.label)
    if share is not None:
        base_words = share.group("base")
        base: Fact | None = None
        if base_words.strip():
            concept = vocab.match(base_words)
            matches = [f for f in out.facts if f.concept == concept and f.role == "amount"] if concept else []
            base = matches[-1] if len(matches) >= 1 and concept else None
        elif stack:
            base = stack[-1].fact
        if base is not None and previous.fact.role == "amount" and previous.fact.concept:
            out.shares.append(Share(part=previous.fact, base=base, percent=fact))
        return
    found = direction_word(fact.label.strip())
    if found and previous.fact.role == "change" and previous.fact.subject is not None:
        if found[0] in _DECREASE:
            fact.quantity = _negated(fact.quantity)
        out.growths.append(Growth(change=previous.fact, current=previous.fact.subject, percent=fact))
