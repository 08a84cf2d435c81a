"""Word's symbol characters (`w:sym`) as the Unicode characters they draw.

Insert → Symbol writes `<w:sym w:font="Symbol" w:char="F0B3"/>`: a code in a symbol font,
where the glyph at byte 0xB3 is ≥.  Symbol-font codes are written either as the byte itself
or shifted into the private-use range F000–F0FF.  Disclosures use these for comparators in
绩效指标 (≥ ≤ ±) and for checkboxes (☑ ☐ ✓ ✗).  A code from a font that draws ordinary
Unicode is that character; a symbol-font glyph with no known counterpart becomes
U+FFFD, so the text shows that something stood there without guessing what.  Text typed in
a symbol font (`w:t` in a run whose w:rFonts is Symbol) carries the same private-use codes.
"""

from __future__ import annotations

UNKNOWN_SYMBOL = "\ufffd"

# Adobe's Symbol encoding, the part text can use (bracket-building pieces left out).
_SYMBOL = dict(
    zip(
        range(0x20, 0x7F),
        " !∀#∃%&∋()∗+,−./0123456789:;<=>?"
        "≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_"
        "‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼",
    )
)
_SYMBOL.update(
    zip(
        range(0xA0, 0xF0),
        "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵"
        "ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓"
        "◊〈®©™∑⎛⎜⎝⎡⎢⎣⎧⎨⎩⎪",
    )
)
_SYMBOL.update({0xF1: "〉", 0xF2: "∫"})

# Wingdings and Wingdings 2: the marks forms and lists use.
_WINGDINGS = {
    0x4A: "☺", 0x4B: "😐", 0x4C: "☹", 0x6C: "●", 0x6E: "■", 0x6F: "□", 0x71: "❑", 0x72: "❒",
    0x75: "◆", 0x76: "❖", 0xA1: "○", 0xA7: "▪", 0xA8: "◻", 0xD8: "➢", 0xE8: "➔",
    0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑",
}  # fmt: skip
_WINGDINGS_2 = {0x4F: "✗", 0x50: "✓", 0x52: "☑", 0x53: "☒", 0x54: "☒", 0xA3: "□"}

_SYMBOL_FONTS: dict[str, dict[int, str]] = {
    "symbol": _SYMBOL,
    "wingdings": _WINGDINGS,
    "wingdings 2": _WINGDINGS_2,
    "wingdings 3": {},
    "webdings": {},
    "marlett": {},
    "mt extra": {},
}
_PRIVATE_SHIFT = 0xF000


def symbol_character(font: str | None, code: str | None) -> str:
    """The character a `w:sym` draws, from its w:font and its hexadecimal w:char."""
    try:
        value = int((code or "").strip(), 16)
    except ValueError:
        return UNKNOWN_SYMBOL
    table = _SYMBOL_FONTS.get((font or "").strip().lower())
    shifted = _PRIVATE_SHIFT <= value <= _PRIVATE_SHIFT + 0xFF
    if table is None:
        if shifted or not 0x20 <= value <= 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            return UNKNOWN_SYMBOL  # a private-use glyph of a font we do not know
        return chr(value)
    byte = value - _PRIVATE_SHIFT if shifted else value
    return table.get(byte, UNKNOWN_SYMBOL)


def is_symbol_font(font: str) -> bool:
    return font.strip().lower() in _SYMBOL_FONTS


def symbol_font_text(font: str, text: str) -> str:
    """Text set in a symbol font: its private-use codes (F020–F0FF) as the glyphs they draw."""
    return "".join(
        symbol_character(font, f"{ord(char):04X}") if _PRIVATE_SHIFT + 0x20 <= ord(char) <= _PRIVATE_SHIFT + 0xFF else char
        for char in text
    )
