"""Render Word's automatic numbering ("一、", "（一）", "1.", "①") as the reader sees it.

The number of a list paragraph is not in its runs: Word draws it from `word/numbering.xml`
(a level's format and text pattern) and from counters kept in document order.  Without it a
heading "一、收入说明" reads as "收入说明" and the numbered-heading recogniser never sees it.

Counters are kept per abstract numbering, as Word does: two list instances (`w:num`) that
share one definition continue each other's numbering, unless an instance restarts a level
with `w:startOverride` (Word's "restart numbering").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_VAL = f"{W}val"

_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_IDEOGRAPH_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"  # heavenly stems
_IDEOGRAPH_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"  # earthly branches
_ENCLOSED_CIRCLE = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ENCLOSED_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_ENCLOSED_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_PLACEHOLDER = re.compile(r"%([1-9])")
_SUFFIXES = {"tab": "\t", "space": " ", "nothing": ""}


def chinese_number(n: int, digits: str = _CN_DIGITS, units: str = "十百千") -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五; below 10000, as list numbers go."""
    if n <= 0 or n >= 10000:
        return str(n)
    if 10 <= n < 20 and digits is _CN_DIGITS:
        return units[0] + (digits[n - 10] if n > 10 else "")
    parts: list[str] = []
    values = ((1000, units[2]), (100, units[1]), (10, units[0]), (1, ""))
    pending_zero = False
    for value, unit in values:
        digit = n // value % 10
        if digit:
            if pending_zero and parts:
                parts.append(digits[0])
            parts.append(digits[digit] + unit)
            pending_zero = False
        elif parts:
            pending_zero = True
    return "".join(parts)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = []
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letters(n: int) -> str:
    """Word's letter numbering: a … z, aa … zz, aaa …"""
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _from_sequence(sequence: str, n: int) -> str:
    return sequence[n - 1] if 1 <= n <= len(sequence) else str(n)


def format_number(n: int, num_fmt: str) -> str:
    """The counter value `n` in the format Word names `num_fmt`; unknown formats fall back to 1, 2, 3."""
    if num_fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return chinese_number(n)
    if num_fmt == "chineseLegalSimplified":
        return chinese_number(n, _CN_LEGAL_DIGITS, "拾佰仟")
    if num_fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if num_fmt == "ideographTraditional":
        return _from_sequence(_IDEOGRAPH_TRADITIONAL, n)
    if num_fmt == "ideographZodiac":
        return _from_sequence(_IDEOGRAPH_ZODIAC, n)
    if num_fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _from_sequence(_ENCLOSED_CIRCLE, n)
    if num_fmt == "decimalEnclosedParen":
        return _from_sequence(_ENCLOSED_PAREN, n)
    if num_fmt == "decimalEnclosedFullstop":
        return _from_sequence(_ENCLOSED_FULLSTOP, n)
    if num_fmt == "decimalFullWidth" or num_fmt == "decimalFullWidth2":
        return str(n).translate(_FULL_WIDTH_DIGITS)
    if num_fmt == "decimalZero":
        return f"{n:02d}"
    if num_fmt == "upperRoman":
        return _roman(n)
    if num_fmt == "lowerRoman":
        return _roman(n).lower()
    if num_fmt == "upperLetter":
        return _letters(n).upper()
    if num_fmt == "lowerLetter":
        return _letters(n)
    if num_fmt == "none":
        return ""
    return str(n)


@dataclass
class Level:
    num_fmt: str = "decimal"
    text: str | None = None  # lvlText, e.g. "%1、" or "（%1）"; None: the level draws nothing
    start: int = 1
    suffix: str = "\t"
    legal: bool = False  # isLgl: every placeholder drawn as decimal ("1.1" even under "一、")


@dataclass
class Instance:
    """One `w:num`: which definition it uses, and the levels it restarts or redefines."""

    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


class Numbering:
    """numbering.xml, read once, plus the counters that advance as paragraphs are numbered."""

    def __init__(self, root: etree._Element | None = None) -> None:
        self._abstracts: dict[str, dict[int, Level]] = {}
        self._style_links: dict[str, str] = {}  # abstractNumId -> style whose numbering it follows
        self._instances: dict[str, Instance] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._restarted: set[tuple[str, int]] = set()
        self.style_num_ids: dict[str, str] = {}  # style id -> numId, filled in from styles.xml
        self.style_levels: dict[str, int] = {}  # style id -> the list level that names it (w:pStyle)
        if root is not None:
            self._read(root)

    def _read(self, root: etree._Element) -> None:
        for abstract in root.iterchildren(f"{W}abstractNum"):
            abstract_id = abstract.get(f"{W}abstractNumId", "")
            levels: dict[int, Level] = {}
            for lvl in abstract.iterchildren(f"{W}lvl"):
                ilvl = _int(lvl.get(f"{W}ilvl"), 0)
                levels[ilvl] = _read_level(lvl)
                style = lvl.find(f"{W}pStyle")
                if style is not None:
                    self.style_levels.setdefault(style.get(W_VAL, ""), ilvl)
            self._abstracts[abstract_id] = levels
            link = abstract.find(f"{W}numStyleLink")
            if link is not None:
                self._style_links[abstract_id] = link.get(W_VAL, "")
        for num in root.iterchildren(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is None:
                continue
            instance = Instance(ref.get(W_VAL, ""))
            for override in num.iterchildren(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                start = override.find(f"{W}startOverride")
                if start is not None:
                    instance.start_overrides[ilvl] = _int(start.get(W_VAL), 1)
                lvl = override.find(f"{W}lvl")
                if lvl is not None:
                    instance.level_overrides[ilvl] = _read_level(lvl)
            self._instances[num.get(f"{W}numId", "")] = instance

    def _resolve(self, num_id: str) -> tuple[str, Instance] | None:
        """The abstract numbering an instance draws from, following one numStyleLink if present."""
        instance = self._instances.get(num_id)
        if instance is None:
            return None
        abstract_id = instance.abstract_id
        linked_style = self._style_links.get(abstract_id)
        if linked_style is not None:
            linked = self._instances.get(self.style_num_ids.get(linked_style, ""))
            if linked is not None:
                abstract_id = linked.abstract_id
        return abstract_id, instance

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counter for (num_id, ilvl) and return what Word draws before the text.

        None when the paragraph draws nothing (numId 0, unknown list, bullets, empty pattern).
        """
        resolved = self._resolve(num_id)
        if resolved is None:
            return None
        abstract_id, instance = resolved
        levels = self._abstracts.get(abstract_id, {})

        def level_of(i: int) -> Level:
            return instance.level_overrides.get(i) or levels.get(i) or Level()

        counters = self._counters.setdefault(abstract_id, {})
        if ilvl in instance.start_overrides and (num_id, ilvl) not in self._restarted:
            self._restarted.add((num_id, ilvl))
            counters[ilvl] = instance.start_overrides[ilvl]
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = level_of(ilvl).start
        for deeper in [i for i in counters if i > ilvl]:
            del counters[deeper]

        level = level_of(ilvl)
        if level.num_fmt == "bullet" or not level.text:
            return None

        def placeholder(match: re.Match[str]) -> str:
            i = int(match.group(1)) - 1
            value = counters.get(i, level_of(i).start)
            fmt = "decimal" if level.legal else level_of(i).num_fmt
            return format_number(value, fmt)

        drawn = _PLACEHOLDER.sub(placeholder, level.text)
        return drawn + level.suffix if drawn else None


def _read_level(lvl: etree._Element) -> Level:
    level = Level()
    fmt = lvl.find(f"{W}numFmt")
    if fmt is not None:
        level.num_fmt = fmt.get(W_VAL, "decimal")
    text = lvl.find(f"{W}lvlText")
    if text is not None:
        level.text = text.get(W_VAL)
    start = lvl.find(f"{W}start")
    if start is not None:
        level.start = _int(start.get(W_VAL), 1)
    suffix = lvl.find(f"{W}suff")
    if suffix is not None:
        level.suffix = _SUFFIXES.get(suffix.get(W_VAL, "tab"), "\t")
    legal = lvl.find(f"{W}isLgl")
    level.legal = legal is not None and legal.get(W_VAL, "1") not in ("0", "false", "off")
    return level


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
