"""Text geometry of PDF pages: characters into lines, lines into paragraphs.

A PDF holds positioned glyphs, not paragraphs.  This module rebuilds what a reader sees:
glyphs on one baseline form a line; a line that runs to the right margin and is followed by
an unindented line continues into it (the paragraph wrapped), also across a page break.
Spaces come from geometry, not from the glyph stream: Chinese text needs none between its
characters (WPS and Word spread justified lines with gaps, or even space glyphs), Latin words
and numbers keep theirs.  Running headers, footers and page numbers are found by their
place at the page edge and by repeating on many pages, and dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, NamedTuple, Sequence


class Char(NamedTuple):
    """One glyph in top-left page coordinates (points), as pdfplumber reports them."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def is_cjk(ch: str) -> bool:
    """A character set without spaces around it in Chinese text (ideographs, full-width forms)."""
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x3000 <= code <= 0x303F
        or ch in "“”‘’…—·"
    )


@dataclass
class Line:
    """Glyphs sharing one baseline, left to right."""

    chars: list[Char]
    page: int
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0

    def __post_init__(self) -> None:
        self.chars.sort(key=lambda c: c.x0)
        visible = [c for c in self.chars if not c.text.isspace()]
        self.text = spaced_text(self.chars)
        self.x0 = min(c.x0 for c in visible)
        self.x1 = max(c.x1 for c in visible)
        self.top = min(c.top for c in visible)
        self.bottom = max(c.bottom for c in visible)
        self.size = Counter(round(c.size, 1) for c in visible).most_common(1)[0][0]


def spaced_text(chars: Sequence[Char]) -> str:
    """The text of glyphs on one line, with spaces only where a reader sees a gap.

    Between two CJK characters a gap is a space only when it is wider than a character
    (a field separator such as "部门：XX    单位：万元"); elsewhere a quarter of the font size
    is a word gap.  Space glyphs from the file only count between Latin words.
    """
    out: list[str] = []
    previous: Char | None = None
    spaced = False  # a space glyph seen since `previous`
    tracking = _letter_spacing(chars)
    for char in chars:
        if char.text.isspace():
            spaced = True
            continue
        if previous is not None:
            gap = char.x0 - previous.x1 - tracking
            size = min(previous.size, char.size) or 1.0
            if is_cjk(previous.text[-1]) and is_cjk(char.text[0]):
                wide = gap > 1.0 * size
            else:
                wide = gap > 0.25 * size or (spaced and gap > 0.1 * size)
            if wide:
                out.append(" ")
        out.append(char.text)
        previous = char
        spaced = False
    return "".join(out)


def _letter_spacing(chars: Sequence[Char]) -> float:
    """The gap a justified or letter-spaced line puts between every pair of glyphs.

    Word and Distiller spread a justified line ("江 苏 省 委 办 公 厅 2 0 1 9") or a short
    cell ("合    计") evenly; that spacing is not a word gap.
    """
    visible = [c for c in chars if not c.text.isspace()]
    gaps = sorted(b.x0 - a.x1 for a, b in zip(visible, visible[1:]))
    if len(gaps) < 1:
        return 0.0
    middle = gaps[len(gaps) // 2]
    return middle if middle > 0.1 * (visible[0].size or 1.0) else 0.0


def join_lines(texts: Iterable[str]) -> str:
    """Join wrapped lines of one paragraph or cell: no space where CJK meets the break."""
    out = ""
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(text[0])) and not out.endswith("-"):
            out += " "
        out += text
    return out


def build_lines(chars: Iterable[Char], page: int) -> list[Line]:
    """Group glyphs into lines by vertical overlap, top to bottom.

    Glyph boxes of one line differ by font (Latin digits sit lower than the Song/FangSong
    ideographs beside them), so a glyph joins the line whose band it half overlaps.
    """
    ordered = sorted(chars, key=lambda c: ((c.top + c.bottom) / 2, c.x0))
    groups: list[list[Char]] = []
    band_top = band_bottom = 0.0
    for char in ordered:
        height = max(char.bottom - char.top, 0.1)
        if groups:
            overlap = min(band_bottom, char.bottom) - max(band_top, char.top)
            if overlap >= 0.5 * min(height, band_bottom - band_top):
                groups[-1].append(char)
                continue
        groups.append([char])
        band_top, band_bottom = char.top, char.bottom
    return [Line(group, page) for group in groups if any(not c.text.isspace() for c in group)]


# Page numbers as printed in footers and headers: "3", "- 3 -", "第3页", "第 3 页 共 20 页", "3/20".
_PAGE_NUMBER = re.compile(r"^[-—－–~～\s]*(第?\s*\d{1,4}\s*页?(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})[-—－–~～\s]*$")
MARGIN_SHARE = 0.12  # the band at the top and bottom of a page where running heads live


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def running_texts(pages: Sequence[tuple[float, Sequence[Line]]]) -> set[str]:
    """Edge lines (digits masked) that repeat on at least 40% of the pages, and on 3 or more."""
    counts: Counter[str] = Counter()
    for height, lines in pages:
        seen = {_mask_digits(line.text) for line in edge_lines(height, lines)}
        counts.update(seen)
    needed = max(3, int(0.4 * len(pages) + 0.5))
    return {text for text, count in counts.items() if count >= needed}


def edge_lines(height: float, lines: Sequence[Line]) -> list[Line]:
    """The first and last line of a page when they sit in the top or bottom margin band."""
    out: list[Line] = []
    if lines and lines[0].bottom <= height * MARGIN_SHARE:
        out.append(lines[0])
    if lines and lines[-1].top >= height * (1 - MARGIN_SHARE) and lines[-1] is not (out[0] if out else None):
        out.append(lines[-1])
    return out


def drop_running_lines(height: float, lines: list[Line], running: set[str]) -> list[Line]:
    """The page's lines without its header, footer and page number."""
    drop = {
        id(line)
        for line in edge_lines(height, lines)
        if is_page_number(line.text) or _mask_digits(line.text) in running
    }
    return [line for line in lines if id(line) not in drop]


def _mask_digits(text: str) -> str:
    return re.sub(r"\d+", "#", text.replace(" ", ""))


# A line that opens with section numbering starts a new block even after a full line.
_CN = "一二三四五六七八九十百零〇"
_NUMBERED = re.compile(
    rf"^(第[{_CN}\d]+[部分章节条篇]|[{_CN}]+[、．.]|[（(][{_CN}\d]{{1,3}}[）)]|\d{{1,2}}[、．.](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩])"
)


def starts_numbered(text: str) -> bool:
    return bool(_NUMBERED.match(text.strip()))


@dataclass
class Margins:
    """A page's text block: where unindented lines start and full lines end."""

    left: float
    right: float

    @classmethod
    def of(cls, lines: Sequence[Line]) -> "Margins":
        if not lines:
            return cls(0.0, 0.0)
        lefts = Counter(round(line.x0) for line in lines if len(line.text) > 4) or Counter(round(line.x0) for line in lines)
        rights = sorted(line.x1 for line in lines)
        return cls(float(min(lefts)), rights[-1])  # float ok: page coordinates, not money


@dataclass
class TextBlock:
    """Lines read as one paragraph (or heading) before it is classified."""

    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_lines(line.text for line in self.lines)

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def size(self) -> float:
        return self.lines[0].size


def continues(previous: Line, before: Margins, line: Line, after: Margins, same_page: bool, body_size: float) -> bool:
    """Does `line` continue the paragraph whose last line is `previous`?"""
    if abs(previous.size - line.size) > 0.6 or starts_numbered(line.text):
        return False
    if same_page and line.top - previous.bottom > 1.5 * max(line.size, 1.0):
        return False  # a blank line's worth of space separates paragraphs
    if previous.size >= 1.2 * body_size and same_page:
        return True  # a large-type title wrapped over two lines
    # Lines are rarely justified to the last point: a line ending a little short still
    # wraps unless it ends a sentence (line-breaking rules push "（项）" or "万元" down).
    slack = 1.2 if previous.text.endswith(_SENTENCE_END) else 3.5
    full = previous.x1 >= before.right - slack * previous.size
    indented = line.x0 > after.left + 0.8 * line.size
    return full and not indented


_SENTENCE_END = ("。", "：", ":", "；", ";", "！", "？")


def is_toc_heading(text: str) -> bool:
    return text.replace(" ", "").replace("\u3000", "") in ("目录", "目次")


_TOC_ENTRY = re.compile(r"([.…·．\s]{3,}|…+)\s*\d*\s*$|\s\d{1,3}$")


def looks_like_toc_entry(text: str) -> bool:
    """A contents line: leader dots or a page number at the end, or a short numbered title."""
    stripped = text.strip()
    if _TOC_ENTRY.search(stripped):
        return True
    return starts_numbered(stripped) and len(stripped) <= 40 and not stripped.endswith(("。", "；", "，"))
