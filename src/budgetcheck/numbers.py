"""Chinese amounts, counts and percentages as exact numbers that keep their printed precision.

A disclosure prints "2999.85万元", "（101.42）", "２９９９．８５", "6000余", "≥95百分比" or "5000㎡以上".
Each becomes a `Quantity`: the signed `Decimal` exactly as printed, the number of decimals it was
printed with (its precision, from which tolerance.py derives the rounding interval), a canonical
unit and kind, and the comparator or approximation words around it.

Reading is precision-first: a string that is not fully understood yields no quantity rather
than a guess.  Codes ("B0899"), ordinals ("第3"), list labels ("1、", "（2）"), dates ("12月31日"),
calendar years ("2019年", see `find_years`), section numbers ("3.1.2"), ranges ("10-20人") and
compound units ("500元/人") are never returned as quantities.  Chinese numerals ("三个") are not read.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Iterable

KINDS = ("money", "percent", "count", "area", "number")
COMPARATORS = (">=", "<=", ">", "<", "=")

# The power of ten, in 元, of one of each money unit.
MONEY_UNITS = {"元": 0, "千元": 3, "万元": 4, "亿元": 8}


def _unit_table() -> dict[str, tuple[str, str]]:
    """Printed unit → (canonical unit, kind)."""
    table: dict[str, tuple[str, str]] = {}
    for unit in MONEY_UNITS:
        table[unit] = (unit, "money")
    for alias in ("%", "百分比"):
        table[alias] = ("%", "percent")
    for alias in ("个百分点", "百分点"):
        table[alias] = ("百分点", "percent")
    for alias in ("㎡", "平方米", "平米", "m2", "M2", "m²", "M²"):
        table[alias] = ("㎡", "area")
    for alias in ("平方公里", "km2", "km²"):
        table[alias] = ("平方公里", "area")
    for unit in ("亩", "公顷"):
        table[unit] = (unit, "area")
    counts = (
        "个 次 人 名 块 份 本 年 户 辆 台 件 项 家 场 期 天 小时 条 所 座 处 套 张 篇 批 间 栋 幢 "
        "棵 株 盏 支 册 岁 床 班 组 课时 学时 人次 户次 场次 车次 批次 个月 工作日"
    ).split()
    for unit in counts:
        table[unit] = (unit, "count")
    table["个工作日"] = ("工作日", "count")
    table["个小时"] = ("小时", "count")
    # Physical measures: a unit is known, but they are neither money, counts nor area.
    for alias, unit in {
        "公里": "公里", "千米": "公里", "km": "公里", "米": "米", "吨": "吨",
        "立方米": "立方米", "m3": "立方米", "m³": "立方米", "千克": "千克", "公斤": "千克",
        "千瓦时": "千瓦时", "千瓦": "千瓦",
    }.items():
        table[alias] = (unit, "number")
    return table


_UNITS = _unit_table()
_UNIT_RE = re.compile("|".join(re.escape(a) for a in sorted(_UNITS, key=len, reverse=True)))
_MULTIPLIERS = {"千万": 7, "百万": 6, "亿": 8, "万": 4, "千": 3}
_MULTIPLIER_RE = re.compile("千万|百万|亿|万|千")

_PREFIX_COMPARATORS = {
    "≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "=": "=",
    "不少于": ">=", "不低于": ">=", "不小于": ">=", "至少": ">=", "最少": ">=", "达到": ">=",
    "不超过": "<=", "未超过": "<=", "不高于": "<=", "不多于": "<=", "不大于": "<=",
    "最多": "<=", "至多": "<=",
    "超过": ">", "高于": ">", "大于": ">", "多于": ">",
    "低于": "<", "小于": "<", "少于": "<", "不足": "<", "未达到": "<",
    "等于": "=",
}
_PREFIX_APPROX = ("大约", "约为", "约", "将近", "接近", "近")
_PREFIXES = sorted([*_PREFIX_COMPARATORS, *_PREFIX_APPROX], key=len, reverse=True)
_PREFIX_RE = re.compile("|".join(re.escape(p) for p in _PREFIXES))
_SUFFIX_COMPARATORS = {"及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<="}
_SUFFIX_RE = re.compile("及以上|以上|及以下|以下|以内|左右")
_DURATIONS = ("年", "个月", "天", "小时", "工作日")  # "1年多", "3天余"

_DIGITS = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?![0-9])"
_NUMBER_RE = re.compile(_DIGITS)
_NUMBER_IN_TEXT_RE = re.compile(r"(?<![0-9A-Za-z_.])" + _DIGITS)
_RANGE_LINKS = "-~至到—"
_NOT_A_QUANTITY_AFTER = "月日号时分秒点季届级"  # dates, times, document numbers, ranks
# A "-" after these is a minus sign, not a dash: "增长-5%", and after the other direction words
# ("减少-5万元") so that a sign contradicting its word is read and reported, not dropped.
_SIGN_MAY_FOLLOW = "(:,;=<>≥≤、为是长加少降低升高"
# One-character approximation words that also end ordinary words: 节约 (saved), 最近 (latest).
_LOOSE_APPROX = {"约": "节制合契签预", "近": "最附临"}


def _width_table(commas: bool) -> dict[int, int]:
    table = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # full-width ASCII
    table.update({0x3000: 0x20, 0x2212: 0x2D, 0x2013: 0x2D, 0xFE6A: 0x25, 0x2267: 0x2265, 0x2266: 0x2264})
    table[0xFF5E] = ord("~")
    table[0x301C] = ord("~")
    if not commas:
        # In running text "，" separates clauses; only a whole cell may use it to group digits.
        del table[0xFF0C]
    return table


_CELL_WIDTHS = _width_table(commas=True)
_TEXT_WIDTHS = _width_table(commas=False)


def _normalize(text: str, cell: bool) -> str:
    """Full-width forms to ASCII, one character for one, so spans stay valid in the original."""
    return text.translate(_CELL_WIDTHS if cell else _TEXT_WIDTHS)


def _plain(value: Decimal) -> Decimal:
    """6.3667E+6 → 6366700: scaled values keep a plain form for reports."""
    return Decimal(int(value)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


def canonical_unit(text: str) -> tuple[str, str] | None:
    """A printed unit ("平方米", "％", "万元") → (canonical unit, kind), or None if unknown."""
    return _UNITS.get(_normalize(text.strip(), cell=True))


@lru_cache(maxsize=64)
def _half_unit(decimals: int) -> Decimal:
    return _plain(Decimal(5).scaleb(-decimals - 1))


@dataclass(frozen=True)
class Quantity:
    """One printed number: exact value, printed precision, unit and the words around it.

    `decimals` is the number of digits printed after the point ("18" → 0, "137.2" → 1); after a
    conversion to a smaller unit it may be negative (636.67万元 is 6366700 元 with decimals -2),
    so `half_unit` — the rounding half-width ½·10^-decimals — scales with the value.
    """

    value: Decimal
    decimals: int
    unit: str | None
    kind: str
    comparator: str | None = None
    approx: bool = False
    text: str = ""
    start: int = 0
    end: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.comparator is not None and self.comparator not in COMPARATORS:
            raise ValueError(f"unknown comparator {self.comparator!r}")

    @property
    def half_unit(self) -> Decimal:
        """½·10^-decimals: a number printed with d decimals stands for value ± this."""
        return _half_unit(self.decimals)

    def with_decimals(self, decimals: int) -> "Quantity":
        """The same number read at a higher precision ("137.2" among 2-decimal amounts → 137.20).

        Precision is only ever raised: lowering it would widen the tolerance beyond what was printed.
        """
        return self if decimals <= self.decimals else replace(self, decimals=decimals)

    def in_unit(self, unit: str | None) -> "Quantity":
        """The same amount in another money unit; value and decimals shift together.

        Raises ValueError when the units are not both money units (or the same unit).
        """
        if unit == self.unit:
            return self
        if self.unit not in MONEY_UNITS or unit not in MONEY_UNITS:
            raise ValueError(f"cannot convert {self.unit!r} to {unit!r}")
        shift = MONEY_UNITS[self.unit] - MONEY_UNITS[unit]
        return replace(self, value=_plain(self.value.scaleb(shift)), decimals=self.decimals - shift, unit=unit)

    def with_unit(self, unit: str) -> "Quantity":
        """Give a unitless number (a table cell) the unit of its table banner ("单位：万元").

        Raises ValueError if the unit is unknown or the number already has a different unit.
        """
        found = canonical_unit(unit)
        if found is None:
            raise ValueError(f"unknown unit {unit!r}")
        canonical, kind = found
        if self.unit is None:
            return replace(self, unit=canonical, kind=kind)
        if self.unit != canonical:
            raise ValueError(f"{self.text or self.value} already has unit {self.unit!r}")
        return self


@dataclass
class _Tail:
    """What follows the digits: unit, scaling, comparator and approximation words."""

    value: Decimal
    decimals: int
    unit: str | None
    kind: str
    comparator: str | None
    approx: bool
    end: int


def _skip_spaces(s: str, pos: int) -> int:
    while pos < len(s) and s[pos] == " ":
        pos += 1
    return pos


def _scaled(value: Decimal, decimals: int, exponent: int) -> tuple[Decimal, int]:
    return _plain(value.scaleb(exponent)), decimals - exponent


def _read_tail(s: str, pos: int, value: Decimal, decimals: int, whole_cell: bool = False) -> _Tail | None:
    """Read the unit and trailing words after a number ending at `pos`; None if not understood."""
    cursor = _skip_spaces(s, pos)
    if cursor > pos:
        # Across a space only a unit that starts no common word is taken ("24,169.74 万元",
        # "10.06 %"); in "2,940.05 本年" or "32 组织事务" the measure word belongs to the next word.
        spaced = _UNIT_RE.match(s, cursor)
        if not spaced or (_UNITS[spaced.group()][1] == "count" and not whole_cell):
            cursor = pos
    approx = False
    if s.startswith(("余", "多"), cursor):
        approx, cursor = True, cursor + 1
    unit: str | None = None
    kind = "number"
    unit_match = _UNIT_RE.match(s, cursor)
    multiplier = None if unit_match else _MULTIPLIER_RE.match(s, cursor)
    if multiplier:
        cursor = multiplier.end()
        if not approx and s.startswith(("余", "多"), cursor):
            approx, cursor = True, cursor + 1
        unit_match = _UNIT_RE.match(s, cursor)
    if unit_match:
        unit, kind = _UNITS[unit_match.group()]
        cursor = unit_match.end()
    if multiplier:
        exponent = _MULTIPLIERS[multiplier.group()]
        if kind == "percent":
            return None
        if kind == "money":
            # 5万余元 → 5万元; 1.2千万元 → 1200万元: the largest money unit the printed scale allows.
            total = exponent + MONEY_UNITS[unit]  # type: ignore[index]
            unit = max((u for u, e in MONEY_UNITS.items() if e <= total), key=MONEY_UNITS.__getitem__)
            exponent = total - MONEY_UNITS[unit]
        value, decimals = _scaled(value, decimals, exponent)
    if unit is None and not multiplier and not approx:
        cursor = pos  # spaces after a bare number belong to the text around it
    comparator = None
    for _ in range(2):
        suffix = _SUFFIX_RE.match(s, cursor)
        if suffix:
            word = suffix.group()
            if word == "左右":
                if approx:
                    return None
                approx = True
            else:
                if comparator is not None:
                    return None
                comparator = _SUFFIX_COMPARATORS[word]
            cursor = suffix.end()
        elif unit in _DURATIONS and not approx and s.startswith(("余", "多"), cursor):
            approx, cursor = True, cursor + 1
    return _Tail(value, decimals, unit, kind, comparator, approx, cursor)


def _digits_value(digits: str) -> tuple[Decimal, int] | None:
    """'2,999.85' → (2999.85, 2); None for a leading zero such as '007' (a code, not a number)."""
    whole, _, fraction = digits.partition(".")
    whole = whole.replace(",", "")
    if len(whole) > 1 and whole.startswith("0"):
        return None
    return Decimal(whole + ("." + fraction if fraction else "")), len(fraction)


def _is_calendar_year(tail: _Tail, value: Decimal) -> bool:
    return tail.unit == "年" and tail.decimals == 0 and 1900 <= value <= 2099


def _combine(prefix: str | None, suffix: str | None) -> tuple[bool, str | None]:
    """Merge comparators from both sides ("≥95%以上"); (False, None) when they disagree."""
    if prefix and suffix and prefix != suffix:
        return False, None
    return True, prefix or suffix


def _take_prefix(word: str, comparator: str | None, approx: bool) -> tuple[str | None, bool] | None:
    """Add one prefix word (a comparator such as 不低于, or an approximation such as 约) to what is known;
    None when it is the second of its kind, which no reading of the number allows."""
    if word in _PREFIX_COMPARATORS:
        if comparator is not None:
            return None
        return _PREFIX_COMPARATORS[word], approx
    if approx:
        return None
    return comparator, True


# Cells repeat ("0.00", the same amount in a table and its copy) and every rule reads them again: a
# Quantity is immutable, so one reading per distinct text is shared.
@lru_cache(maxsize=8192)  # a package's cells, read again by every rule; bounded so that a batch's memory stays flat
def parse_number(text: str) -> Quantity | None:
    """Read a whole cell or string as one number, or None.

    Surrounding spaces, a sign or accounting parentheses ("（101.42）" is −101.42), leading
    comparator or approximation words and a trailing unit, "以上"/"以下"/"左右" are allowed.
    Empty and placeholder cells ("", "-", "—", "/") and text with other words give None.
    A calendar year ("2019年") is not a quantity.
    """
    s = _normalize(text, cell=True)
    stripped = s.strip()
    if not stripped:
        return None
    start = len(s) - len(s.lstrip())
    end = start + len(stripped)
    pos = start
    comparator: str | None = None
    approx = False
    for _ in range(2):
        prefix = _PREFIX_RE.match(s, pos)
        if not prefix:
            break
        taken = _take_prefix(prefix.group(), comparator, approx)
        if taken is None:
            return None
        comparator, approx = taken
        pos = _skip_spaces(s, prefix.end())
    negative = parenthesised = False
    if pos < end and s[pos] in "+-":
        negative = s[pos] == "-"
        pos += 1
    elif pos < end and s[pos] == "(":
        negative = parenthesised = True
        pos += 1
    number = _NUMBER_RE.match(s, pos, end)
    if not number:
        return None
    read = _digits_value(number.group())
    if read is None:
        return None
    value, decimals = read
    pos = number.end()
    if parenthesised:
        if not s.startswith(")", pos):
            return None
        pos += 1
    tail = _read_tail(s, pos, value, decimals, whole_cell=True)
    if tail is None or tail.end != end or _is_calendar_year(tail, value):
        return None
    agreed, comparator = _combine(comparator, tail.comparator)
    if not agreed:
        return None
    return _with_prefix(tail, negative, comparator, approx or tail.approx, text, start, end)


def _with_prefix(tail: Quantity, negative: bool, comparator: str | None, approx: bool, text: str, start: int, end: int) -> Quantity:
    """The number read after its prefix words and sign: the tail's value and unit, the span from the prefix."""
    return Quantity(
        value=-tail.value if negative else tail.value,
        decimals=tail.decimals,
        unit=tail.unit,
        kind=tail.kind,
        comparator=comparator,
        approx=approx,
        text=text[start:end],
        start=start,
        end=end,
    )


def _sign_before(s: str, start: int) -> tuple[int, bool] | None:
    """(start including a sign, negative) — or None when a dash before the digits is not a sign."""
    if start == 0 or s[start - 1] not in "+-~—":
        return start, False
    if s[start - 1] in "~—":
        return None
    before = s[start - 2] if start >= 2 else ""
    if before == "" or before.isspace() or before in _SIGN_MAY_FOLLOW:
        return start - 1, s[start - 1] == "-"
    return None  # "10-20", "编码-436": a range or a code


def _prefix_before(s: str, start: int) -> tuple[int, str | None, bool] | None:
    """Comparator and approximation words just before `start` ("不低于", "约")."""
    comparator: str | None = None
    approx = False
    cursor = start
    for _ in range(2):
        back = cursor
        while back > 0 and s[back - 1] == " ":
            back -= 1
        word = next((p for p in _PREFIXES if back >= len(p) and s.startswith(p, back - len(p))), None)
        if word is None or (word in _LOOSE_APPROX and back > len(word) and s[back - 2] in _LOOSE_APPROX[word]):
            break
        taken = _take_prefix(word, comparator, approx)
        if taken is None:
            return None
        comparator, approx = taken
        cursor = back - len(word)
    return cursor, comparator, approx


def _followed_by_digit(s: str, pos: int) -> bool:
    return pos < len(s) and s[pos].isdigit() and s[pos].isascii()


def find_quantities(text: str) -> list[Quantity]:
    """Every number of a narrative sentence that is fully understood, in order, with spans (see _find_quantities)."""
    return list(_find_quantities(text))


# The narrative, the 决算 execution statements and the 绩效 matching all read the same paragraphs.
@lru_cache(maxsize=1024)  # a document's paragraphs: the cache is for re-reading, not for remembering every document
def _find_quantities(text: str) -> tuple[Quantity, ...]:
    """Every number of a narrative sentence that is fully understood, in order, with spans.

    Calendar years are not quantities (see `find_years`); "年" is a unit only for a clear duration
    ("10年以上", "近3年"), since "25年" may be a two-digit year.  A "，" never groups digits here.
    A unit may follow after a space ("10.06 %"), except a measure word, which there usually
    begins the next word ("2,940.05 本年").  A number and its unit split over two lines are not joined.
    """
    s = _normalize(text, cell=False)
    found: list[Quantity] = []
    range_ends: set[int] = set()
    for match in _NUMBER_IN_TEXT_RE.finditer(s):
        digits_start, digits_end = match.span()
        if digits_start in range_ends:
            continue
        tail_end_range = _range_after(s, digits_end)
        quantity = _quantity_at(text, s, match)
        if quantity is None:
            if tail_end_range is not None:
                range_ends.add(tail_end_range)
            continue
        link = _range_after(s, quantity.end)
        if link is not None:
            range_ends.add(link)
            continue
        found.append(quantity)
    return tuple(found)


def _range_after(s: str, pos: int) -> int | None:
    """Where the second number of a range ("10-20", "5万元至10万元") starts, if `pos` begins one."""
    if pos < len(s) and s[pos] in _RANGE_LINKS:
        nxt = pos + 1
        if nxt < len(s) and s[nxt] in "+-":
            nxt += 1
        if _followed_by_digit(s, nxt):
            return nxt
    return None


def _quantity_at(text: str, s: str, match: re.Match[str]) -> Quantity | None:
    digits_start, digits_end = match.span()
    signed = _sign_before(s, digits_start)
    if signed is None:
        return None
    start, negative = signed
    # A line break stands in for "nothing there", so membership tests below stay simple.
    before = s[start - 1] if start > 0 else "\n"
    if before == "第" or before == "/":
        return None
    if before in ",:" and start >= 2 and s[start - 2].isdigit():
        return None
    after = s[digits_end] if digits_end < len(s) else "\n"
    if after in ",.:" and _followed_by_digit(s, digits_end + 1):
        return None  # "1,2345", "3.1.2", "8:30"
    if after in "/‰℃°" or (after.isascii() and after.isalpha() and not _UNIT_RE.match(s, digits_end)):
        return None
    read = _digits_value(match.group())
    if read is None:
        return None
    value, decimals = read
    tail = _read_tail(s, digits_end, value, decimals)
    if tail is None:
        return None
    end = tail.end
    if s.startswith("/", end):
        return None  # "500元/人"
    if tail.unit is None and not tail.approx:
        if after in _NOT_A_QUANTITY_AFTER or after == "、":
            return None
        if before in "([【〔" and s[digits_end : digits_end + 1] in (")", "]", "】", "〕"):
            return None  # "（1）", "〔2016〕"
        if start == digits_start and after in ".)":
            return None  # "1." "注：1." "1)" list labels; a point with no digits after is no decimal
    if tail.unit == "年":
        if _is_calendar_year(tail, value) or s.startswith("度", end):
            return None
    prefix = _prefix_before(s, start)
    if prefix is None:
        return None
    prefix_start, prefix_comparator, prefix_approx = prefix
    agreed, comparator = _combine(prefix_comparator, tail.comparator)
    if not agreed:
        return None
    approx = prefix_approx or tail.approx
    if tail.unit == "年" and comparator is None and not approx:
        return None  # "25年" may be a two-digit year
    return _with_prefix(tail, negative, comparator, approx, text, prefix_start, end)


_YEAR_RE = re.compile(r"(?<![0-9A-Za-z_.])(?:19|20)[0-9]{2}(?![0-9])")


def find_years(text: str) -> list[tuple[int, int, int]]:
    """Calendar years named in a text: (year, start, end) for "2019年", "2020年度", "2019-2020年".

    The span covers "年"/"年度" when printed.  Years inside document numbers ("〔2016〕") are not
    returned: they date a regulation, not the figures.
    """
    s = _normalize(text, cell=False)
    years: list[tuple[int, int, int]] = []
    matches = list(_YEAR_RE.finditer(s))
    for index, match in enumerate(matches):
        start, end = match.span()
        if s.startswith("年度", end):
            years.append((int(match.group()), start, end + 2))
        elif s.startswith("年", end):
            years.append((int(match.group()), start, end + 1))
        elif end < len(s) and s[end] in _RANGE_LINKS and index + 1 < len(matches):
            nxt = matches[index + 1]
            if nxt.start() == end + 1 and s.startswith("年", nxt.end()):
                years.append((int(match.group()), start, end))
    return years


# "单位：万元", "单 位:元" (a justified label), "单位（万元）"; the unit may be "人民币万元".
_BANNER_RE = re.compile(r"单\s*位\s*(?:[:：]|[(（](?=\s*(?:人民币\s*)?[千万亿]?元\s*[)）]))\s*(?:人民币\s*)?")
_BANNER_END = " \t\r\n)]），,，;；。"


def parse_unit_banner(text: str) -> str | None:
    """The unit a table banner declares: "单位：万元", "（金额单位：元）", "单 位:元", "单位（万元）" → "万元",
    "元", "元", "万元"; else None.

    "编制单位：…" and other labels ending in 单位 are passed over because what follows is not a unit;
    a banner naming two units ("单位：万元、%") or a rate ("万元/人") gives None.
    """
    s = _normalize(text, cell=True)
    for banner in _BANNER_RE.finditer(s):
        unit = _UNIT_RE.match(s, banner.end())
        if unit and (unit.end() == len(s) or s[unit.end()] in _BANNER_END):
            return _UNITS[unit.group()][0]
    return None


def document_precision(quantities: Iterable[Quantity]) -> int | None:
    """The usual number of decimals of a document's money amounts, or None if none has decimals.

    Narrative amounts often drop trailing zeros ("137.2万元" for 137.20); reading them at this
    precision keeps a typo such as "18万元" for 18.40 from hiding inside a ±0.5 interval.
    A tie goes to the higher precision: the rarer, shorter forms are the ones that dropped zeros.
    """
    counts = Counter(q.decimals for q in quantities if q.kind == "money" and q.decimals > 0)
    if not counts:
        return None
    return max(counts, key=lambda decimals: (counts[decimals], decimals))
