"""The text a spreadsheet shows for a number, given the cell's Excel number format.

A disclosure's reader sees 2,999.85, not the stored 2999.8500000001, and the number of
decimals shown is the precision later checks rely on.  So the parsers hand over the
displayed text, computed here with Decimal the way Excel does it: first to 15 significant
digits (Excel's own precision), then to the format's decimals, rounding half away from zero.
General shows at most 11 characters, as Excel does: 3137.0500000001 reads 3137.05.

Covered: General, digit placeholders (0 # ?), thousands separators and scaling commas,
percent, scientific notation, literal text ("万元", \\x, [$¥-804]), padding (_x) and fill
(*x), up to four sections (positive;negative;zero;text) with optional [conditions], and
dates and times (shown as YYYY-MM-DD, with HH:MM[:SS] when the format has a time part).
Fractions fall back to General.  Padding and fill only align columns, so they are dropped.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

GENERAL = "General"

# Built-in formats by numFmtId, as an Excel or WPS in the zh-CN locale shows them.
BUILTIN_FORMATS: dict[int, str] = {
    0: GENERAL,
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"¥"#,##0;"¥"\\-#,##0',
    6: '"¥"#,##0;[Red]"¥"\\-#,##0',
    7: '"¥"#,##0.00;"¥"\\-#,##0.00',
    8: '"¥"#,##0.00;[Red]"¥"\\-#,##0.00',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "yyyy/m/d",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "yyyy/m/d h:mm",
    27: 'yyyy"年"m"月"',
    28: 'm"月"d"日"',
    29: 'm"月"d"日"',
    30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"',
    33: 'h"时"mm"分"ss"秒"',
    34: '上午/下午h"时"mm"分"',
    35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"',
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
    42: '_("¥"* #,##0_);_("¥"* \\(#,##0\\);_("¥"* "-"_);_(@_)',
    43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
    44: '_("¥"* #,##0.00_);_("¥"* \\(#,##0.00\\);_("¥"* "-"??_);_(@_)',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mm:ss.0",
    48: "##0.0E+0",
    49: "@",
    50: 'yyyy"年"m"月"',
    51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"',
    54: 'm"月"d"日"',
    55: '上午/下午h"时"mm"分"',
    56: '上午/下午h"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}

EXCEL_DIGITS = 15  # Excel keeps at most 15 significant digits
GENERAL_WIDTH = 11  # characters the General format shows at most, the decimal point included

_CONDITION = re.compile(r"\[(<=|>=|<>|<|>|=)\s*(-?[\d.]+(?:[eE][-+]?\d+)?)\]")
_BRACKET = re.compile(r"\[[^\]]*\]")
_QUOTED = re.compile(r'"[^"]*"')
_ESCAPED = re.compile(r"\\.|_.|\*.")


def builtin_format(fmt_id: int) -> str:
    return BUILTIN_FORMATS.get(fmt_id, GENERAL)


def display_number(value: Decimal, fmt: str | None, date1904: bool = False) -> str:
    """The text Excel shows for `value` under number format `fmt`."""
    if not value.is_finite():
        return "#NUM!"
    value = excel_precision(value)
    fmt = fmt if fmt and fmt.strip() else GENERAL
    section, negative_has_own_section = _pick_section(_split_sections(fmt), value)
    if section is None:
        return general(value)
    if is_date_format(section):
        return _display_date(value, section, date1904)
    shown = abs(value) if negative_has_own_section else value
    return _display_with_section(shown, section)


def excel_precision(value: Decimal) -> Decimal:
    """Round to Excel's 15 significant digits: this alone removes float noise like 0.36000000000000004."""
    if value.is_zero():
        return Decimal(0)
    exponent = value.adjusted() - EXCEL_DIGITS + 1
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def general(value: Decimal) -> str:
    """The General format as Excel shows it: the number in at most 11 characters.

    ECMA-376 (18.8.30) has General show "the full number up to 11 digits (inc. decimal
    point)": 3137.0500000001 shows as 3137.05, 123456789.123 as 123456789.1.  A number that
    fits shows in full; from 0.0001 up to 11 integer digits it is rounded (half away from
    zero) to the decimals that fit; beyond that it is scientific, 1.23457E+11.  The minus
    sign does not count.
    """
    value = excel_precision(value)
    if value.is_zero():
        return "0"
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    full = _plain(magnitude.normalize())
    if len(full) <= GENERAL_WIDTH:
        return sign + full
    if -4 <= magnitude.adjusted() < GENERAL_WIDTH:
        shown = _plain_in_width(magnitude)
        if shown is not None:
            return sign + shown
    return sign + _scientific_in_width(magnitude)


def _plain_in_width(magnitude: Decimal) -> str | None:
    """`magnitude` rounded to the decimals that fit in GENERAL_WIDTH characters, or None."""
    exponent = magnitude.adjusted()
    whole_digits = max(exponent, 0) + 1  # "0" before the point of a fraction
    decimals = max(GENERAL_WIDTH - whole_digits - 1, 0)
    rounded = magnitude.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = _plain(rounded)
    if len(text) > GENERAL_WIDTH:  # 99999999999.6 rounds up to 12 digits
        return None
    return text if text != "0" else None


def _scientific_in_width(magnitude: Decimal) -> str:
    """1.23457E+11: the mantissa's decimals (5 at most) shrink until the text fits."""
    for decimals in range(5, -1, -1):
        mantissa = magnitude.scaleb(-magnitude.adjusted()).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        exponent = magnitude.adjusted()
        if mantissa >= 10:  # 9.999996 rounds up to 10.00000
            mantissa, exponent = mantissa.scaleb(-1), exponent + 1
        text = f"{_plain(mantissa)}E{'+' if exponent >= 0 else '-'}{abs(exponent):02d}"
        if len(text) <= GENERAL_WIDTH:
            break
    return text


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def is_date_format(fmt: str) -> bool:
    """True when the (section of the) format shows a date or time."""
    bare = _strip_literals(fmt)
    if re.search(r"\[(h+|m+|s+)\]", fmt, re.IGNORECASE):
        return True
    bare = _BRACKET.sub("", bare)
    if GENERAL.lower() in bare.lower():
        return False
    return re.search(r"[ymdhs]", bare, re.IGNORECASE) is not None


def _strip_literals(fmt: str) -> str:
    return _ESCAPED.sub("", _QUOTED.sub("", fmt))


def _split_sections(fmt: str) -> list[str]:
    """Split on ';' outside quotes and escapes."""
    sections: list[str] = []
    current: list[str] = []
    in_quote = False
    index = 0
    while index < len(fmt):
        ch = fmt[index]
        if ch == '"':
            in_quote = not in_quote
        elif not in_quote and ch in "\\_*" and index + 1 < len(fmt):
            current.append(fmt[index : index + 2])
            index += 2
            continue
        elif ch == ";" and not in_quote:
            sections.append("".join(current))
            current = []
            index += 1
            continue
        current.append(ch)
        index += 1
    sections.append("".join(current))
    return sections


def _pick_section(sections: list[str], value: Decimal) -> tuple[str | None, bool]:
    """The section that applies to `value`, and whether it shows the sign itself (so use |value|)."""
    numeric = sections[:3]
    conditions = [_CONDITION.search(section) for section in numeric]
    if any(conditions):
        for index, (section, condition) in enumerate(zip(numeric, conditions)):
            if condition is None or _holds(condition.group(1), value, Decimal(condition.group(2))):
                # A conditional format shows the sign only when the chosen section writes one.
                return section, value < 0 and index > 0
        return None, False
    if len(numeric) == 1 or value > 0:
        return numeric[0], False
    if value < 0:
        return (numeric[1], True) if len(numeric) >= 2 else (numeric[0], False)
    return (numeric[2], False) if len(numeric) >= 3 else (numeric[0], False)


def _holds(operator: str, value: Decimal, limit: Decimal) -> bool:
    return {
        "<": value < limit,
        ">": value > limit,
        "=": value == limit,
        "<=": value <= limit,
        ">=": value >= limit,
        "<>": value != limit,
    }[operator]


def _tokens(section: str) -> list[tuple[str, str]]:
    """(kind, text) tokens: digit, point, comma, percent, exp, literal, general, at, slash."""
    out: list[tuple[str, str]] = []
    index = 0
    while index < len(section):
        ch = section[index]
        if ch == '"':
            end = section.find('"', index + 1)
            end = len(section) if end < 0 else end
            out.append(("literal", section[index + 1 : end]))
            index = end + 1
            continue
        if ch == "\\" and index + 1 < len(section):
            out.append(("literal", section[index + 1]))
            index += 2
            continue
        if ch in "_*":
            index += 2  # padding and fill only align; they show no text of their own
            continue
        if ch == "[":
            end = section.find("]", index)
            end = len(section) if end < 0 else end
            inner = section[index + 1 : end]
            if inner.startswith("$"):
                symbol = inner[1:].split("-", 1)[0]
                if symbol:
                    out.append(("literal", symbol))
            index = end + 1
            continue
        if section[index : index + 7].lower() == "general":
            out.append(("general", ""))
            index += 7
            continue
        if ch in "Ee" and index + 1 < len(section) and section[index + 1] in "+-":
            out.append(("exp", section[index + 1]))
            index += 2
            continue
        kind = {"0": "digit", "#": "digit", "?": "digit", ".": "point", ",": "comma", "%": "percent", "@": "at", "/": "slash"}
        out.append((kind.get(ch, "literal"), ch))
        index += 1
    return out


def _display_with_section(value: Decimal, section: str) -> str:
    tokens = _tokens(section)
    kinds = [kind for kind, _ in tokens]
    if "slash" in kinds and "digit" in kinds:
        return general(value)  # fractions: rare in disclosures; the plain number says the same
    if "general" in kinds:
        return "".join(general(value) if kind == "general" else text for kind, text in tokens if kind != "at").strip()
    if "digit" not in kinds and "at" in kinds:
        return general(value)  # a text format on a number: Excel shows it as General
    if "digit" not in kinds:
        # A section of text only, such as "-" for zero in accounting formats.
        return "".join(text for kind, text in tokens if kind in ("literal", "comma", "point", "percent")).strip()

    first = kinds.index("digit")
    last = len(kinds) - 1 - kinds[::-1].index("digit")
    prefix = "".join(text for kind, text in tokens[:first] if kind != "at")
    suffix = "".join(text for kind, text in tokens[last + 1 :] if kind not in ("at", "comma"))
    body = tokens[first : last + 1]

    scale = 0
    trailing = last + 1
    while trailing < len(tokens) and tokens[trailing][0] == "comma":
        scale += 1  # "#,##0," shows thousands
        trailing += 1
    value = value * Decimal(100) ** kinds.count("percent") / Decimal(1000) ** scale

    if "exp" in [kind for kind, _ in body]:
        return (prefix + _scientific(value, body) + suffix).strip()
    return (prefix + _fixed(value, body) + suffix).strip()


def _split_at_point(body: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    for index, (kind, _) in enumerate(body):
        if kind == "point":
            return body[:index], body[index + 1 :]
    return body, []


def _fixed(value: Decimal, body: list[tuple[str, str]]) -> str:
    integer_part, fraction_part = _split_at_point(body)
    fraction_digits = [text for kind, text in fraction_part if kind == "digit"]
    decimals = len(fraction_digits)
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    negative = rounded < 0 or (rounded.is_zero() and value < 0)
    digits = format(abs(rounded), "f")
    whole, _, fraction = digits.partition(".")

    # Optional decimal places (# and ?) drop trailing zeros down to the required ones (0).
    required = len("".join(fraction_digits).rstrip("#?"))
    fraction = fraction[:required] + fraction[required:].rstrip("0")
    grouping = any(kind == "comma" for kind, _ in integer_part)
    integer_digits = [text for kind, text in integer_part if kind == "digit"]
    min_whole = len("".join(integer_digits).lstrip("#?"))
    whole = whole.lstrip("0")
    whole = whole.rjust(min_whole, "0") if len(whole) < min_whole else whole
    if grouping and whole:
        whole = f"{int(whole):,}"
    interior = [text for kind, text in integer_part if kind == "literal"]
    if interior and not grouping:
        whole = _fill_right_to_left(whole, integer_part)
    has_point = any(kind == "point" for kind, _ in body)
    text = whole + ("." + fraction if has_point else "")  # Excel shows "3." for 3 in "#.##"
    return ("-" if negative else "") + text


def _fill_right_to_left(whole: str, integer_part: list[tuple[str, str]]) -> str:
    """Place digits into a pattern with literals between placeholders, e.g. 000-0000."""
    remaining = list(whole)
    out: list[str] = []
    placeholders = [index for index, (kind, _) in enumerate(integer_part) if kind == "digit"]
    leftmost = placeholders[0] if placeholders else 0
    for index in range(len(integer_part) - 1, -1, -1):
        kind, text = integer_part[index]
        if kind == "literal":
            out.append(text)
        elif kind == "digit":
            if index == leftmost:
                out.append("".join(remaining))
                remaining = []
            elif remaining:
                out.append(remaining.pop())
    return "".join(reversed(out))


def _scientific(value: Decimal, body: list[tuple[str, str]]) -> str:
    exp_at = next(index for index, (kind, _) in enumerate(body) if kind == "exp")
    mantissa_part, exponent_part = body[:exp_at], body[exp_at + 1 :]
    sign_style = body[exp_at][1]
    integer_part, fraction_part = _split_at_point(mantissa_part)
    decimals = sum(1 for kind, _ in fraction_part if kind == "digit")
    whole_places = max(1, sum(1 for kind, _ in integer_part if kind == "digit"))
    if value.is_zero():
        mantissa, exponent = Decimal(0), 0
    else:
        exponent = value.adjusted()
        if whole_places > 1:  # engineering style "##0.0E+0": exponent a multiple of the places
            exponent -= exponent % whole_places
        mantissa = value.scaleb(-exponent)
        mantissa = mantissa.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if abs(mantissa) >= Decimal(10) ** whole_places:
            exponent += whole_places
            mantissa = (value.scaleb(-exponent)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format(mantissa.quantize(Decimal(1).scaleb(-decimals)), "f")
    exponent_digits = max(1, sum(1 for kind, _ in exponent_part if kind == "digit"))
    exponent_sign = "-" if exponent < 0 else ("+" if sign_style == "+" else "")
    return f"{text}E{exponent_sign}{abs(exponent):0{exponent_digits}d}"


def serial_to_datetime(serial: Decimal, date1904: bool = False) -> datetime | None:
    """An Excel date serial as a datetime (1900 system with its phantom 29 Feb 1900, or 1904)."""
    if serial < 0 or serial >= 2958466:  # Excel's last date is 9999-12-31
        return None
    days = int(serial)
    seconds = int(((serial - days) * 86400).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if date1904:
        base = datetime(1904, 1, 1)
    elif days < 60:
        base = datetime(1899, 12, 31)
    else:
        base = datetime(1899, 12, 30)
    return base + timedelta(days=days, seconds=seconds)


def _display_date(value: Decimal, section: str, date1904: bool) -> str:
    moment = serial_to_datetime(value, date1904)
    if moment is None:
        return general(value)
    bare = _BRACKET.sub("", _strip_literals(section)).lower()
    has_date = re.search(r"[yd]", bare) is not None or (re.search(r"m", bare) is not None and "h" not in bare and "s" not in bare)
    has_time = re.search(r"[hs]", bare) is not None
    has_seconds = "s" in bare
    parts = []
    if has_date:
        parts.append(moment.strftime("%Y-%m-%d"))
    if has_time or not has_date:
        parts.append(moment.strftime("%H:%M:%S" if has_seconds else "%H:%M"))
    return " ".join(parts)


def to_decimal(text: str) -> Decimal | None:
    """The exact number a cell stores as text (`<v>` in XLSX), or None if it is not one."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
