"""Plain text disclosures: detect the encoding, then read paragraphs and tab-led tables.

Text exports of Word disclosures (and the files people paste them into) write each table
cell on its own line led by a tab, and end each row with a blank line; a bare tab line is an
empty cell.  A cell's extra paragraphs follow its line without a tab, and an empty paragraph
inside a cell shows up as a blank line, which makes one row look like two.  A blank line
cannot tell the two apart, so pieces are put back together only on evidence (see
`group_split_rows`); genuine short rows (horizontally merged cells) stay rows of their own.
Plain text cannot say that a cell is merged, so every cell here spans one row and one column.
"""

from __future__ import annotations

import codecs
from collections import Counter
from dataclasses import dataclass

from budgetcheck.errors import InputError
from budgetcheck.messages import os_error_detail
from budgetcheck.model import Cell, Document, DocumentBuilder, Row, Table
from budgetcheck.parsers.container import Limits
from budgetcheck.parsers.headings import HeadingLeveler, is_title, marker_kind

# Longest BOM first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# A GB18030 decode that succeeds is still suspect when its text is not mostly common
# characters: Big5 and Shift-JIS bytes often decode "cleanly" into rare ones.
_PLAUSIBLE_COMMON_SHARE = 0.95
_COMMON_CHARSETS = ("gb2312", "big5")  # common simplified and traditional characters
_SAMPLE_CHARS = 200_000  # enough text to judge an encoding by
# charset-normalizer's chaos score (0 = clean text); above this its guess is not trusted.
_MAX_CHAOS = 0.1
# Its guess must also read as Chinese: single-byte code pages "decode" any bytes at all.
_MIN_CJK_SHARE = 0.5


def parse_txt(path: str, limits: Limits, data: bytes | None = None) -> Document:
    text = decode_text(_read_bytes(path, limits) if data is None else _checked_bytes(data, path, limits), path)
    return read_blocks(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), path)


def _read_bytes(path: str, limits: Limits) -> bytes:
    try:
        with open(path, "rb") as handle:
            data = handle.read(limits.max_text_bytes + 1)
    except OSError as exc:
        raise InputError("not_readable", path, os_error_detail(exc)) from exc
    return _checked_bytes(data, path, limits)


def _checked_bytes(data: bytes, path: str, limits: Limits) -> bytes:
    if len(data) > limits.max_text_bytes:
        raise InputError("too_large", path, f"> {limits.max_text_bytes} bytes")
    if not data:
        raise InputError("empty", path)
    return data


def decode_text(data: bytes, path: str) -> str:
    """Decode by strict rules first (BOM, UTF-8, GB18030); statistics only as a last resort."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _refuse_nul(data.decode(encoding), path)
            except UnicodeDecodeError:
                continue  # e.g. a UTF-16 LE file whose first character is U+0000: try the next
    if b"\x00" in data:
        raise InputError("unsupported", path, "binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        gb_text: str | None = data.decode("gb18030")
    except UnicodeDecodeError:
        gb_text = None
    if gb_text is not None and _common_share(gb_text) >= _PLAUSIBLE_COMMON_SHARE:
        return gb_text
    # Last resort: a statistical guess, weighed against the strict GB18030 reading (which
    # wins ties, and loses outright if it needed private-use characters).
    candidates = [text for text in (gb_text, _statistical_decode(data)) if text is not None]
    candidates = [text for text in candidates if not _has_private_use(text)]
    if not candidates:
        raise InputError("undecodable", path, "unknown_encoding")
    return _refuse_nul(max(candidates, key=_common_share), path)


def _refuse_nul(text: str, path: str) -> str:
    if "\x00" in text:
        raise InputError("unsupported", path, "binary")
    return text


def _common_share(text: str) -> float:
    """The share of non-ASCII characters that are common Chinese characters or punctuation."""
    wide = [char for char in text[:_SAMPLE_CHARS] if ord(char) > 0x7F]
    if not wide:
        return 1.0
    return sum(1 for char in wide if _is_common(char)) / len(wide)


def _is_common(char: str) -> bool:
    for charset in _COMMON_CHARSETS:
        try:
            char.encode(charset)
        except UnicodeEncodeError:
            continue
        return True
    return False


def _has_private_use(text: str) -> bool:
    return any(0xE000 <= ord(char) <= 0xF8FF for char in text)


def _statistical_decode(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS:
        return None
    text = str(best)
    wide = [char for char in text if ord(char) > 0x7F]
    if not wide or sum(1 for char in wide if _is_cjk(char)) < _MIN_CJK_SHARE * len(wide):
        return None
    return text


def _is_cjk(char: str) -> bool:
    """Han characters, CJK punctuation and full-width forms."""
    code = ord(char)
    return (
        0x3000 <= code <= 0x303F
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


def _is_blank(line: str) -> bool:
    return not line.startswith("\t") and not line.strip()


def _is_cell_line(line: str) -> bool:
    return line.startswith("\t")


def read_blocks(lines: list[str], path: str) -> Document:
    """Turn decoded lines into headings, paragraphs and tables (see module docstring)."""
    builder = DocumentBuilder(path, "txt")
    reader = _TextLines(builder)
    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_cell_line(line):
            fragments, index = read_table_fragments(lines, index)
            if max(len(fragment.cells) for fragment in fragments) > 1:
                groups = group_split_rows(fragments)
                rows = [[cell for fragment in group for cell in fragment.cells] for group in groups]
                _add_table(builder, rows)
            else:  # tab-indented prose, not a table
                for fragment in fragments:
                    for cell in fragment.cells:
                        reader.add(cell)
            continue
        if not _is_blank(line):
            reader.add(line)
        index += 1
    return builder.document


class _TextLines:
    """Headings and paragraphs outside tables: the first line may be the title."""

    def __init__(self, builder: DocumentBuilder) -> None:
        self._builder = builder
        self._leveler = HeadingLeveler()
        self._first = True

    def add(self, line: str) -> None:
        text = line.strip()
        if not text:
            return
        first, self._first = self._first, False
        if first and is_title(text):
            self._builder.heading(text, 0)
            return
        kind = marker_kind(text)
        if kind is not None:
            self._builder.heading(text, self._leveler.level(kind))
        else:
            self._builder.paragraph(text)


@dataclass(frozen=True)
class Fragment:
    """The cells between two blank lines, and how many blank lines stood before them."""

    cells: list[str]
    blank_lines_before: int


def read_table_fragments(lines: list[str], start: int) -> tuple[list[Fragment], int]:
    """Read one table from `start`: its row fragments and the index after it.

    The table ends at a non-blank, non-tab line that follows a blank line; such a line
    right after a cell line is the cell's next paragraph instead.
    """
    fragments: list[Fragment] = []
    current: list[list[str]] = []  # cells of the fragment being read, each a list of paragraphs
    blanks = 0  # blank lines since the last fragment
    after_cell = False
    index = start
    while index < len(lines):
        line = lines[index]
        if _is_cell_line(line):
            current.append([line[1:].strip()])
            after_cell = True
        elif _is_blank(line):
            if current:
                fragments.append(Fragment(["\n".join(cell) for cell in current], blanks))
                current, blanks = [], 0
            blanks += 1
            after_cell = False
        elif after_cell:
            current[-1].append(line.strip())
        else:
            break
        index += 1
    if current:
        fragments.append(Fragment(["\n".join(cell) for cell in current], blanks))
    return fragments, index


def _most_common(values: list[int]) -> int:
    counts = Counter(values)
    return max(counts, key=lambda value: (counts[value], value))


def group_split_rows(fragments: list[Fragment]) -> list[list[Fragment]]:
    """Group the fragments into rows, rejoining a row that an empty paragraph split in two.

    A blank line ends a row and is also what an empty paragraph inside a cell looks like, so
    short pieces are rejoined only when they make exactly the table's usual width and either
    - more blank lines than the table puts between rows stand between them (an empty
      paragraph next to a row end), or
    - they are two pieces of different lengths in the table's body, after its first full
      row.  Header rows above it are short by design (merged header cells), and consecutive
      short rows of one length repeat one merged layout (label + merged value rows).
    """
    if not fragments:
        return []
    width = _most_common([len(fragment.cells) for fragment in fragments])
    row_gap = _most_common([fragment.blank_lines_before for fragment in fragments[1:]] or [1])
    groups: list[list[Fragment]] = []
    in_body = False
    index = 0
    while index < len(fragments):
        size = _split_row_size(fragments, index, width, row_gap, in_body)
        groups.append(fragments[index : index + size])
        in_body = in_body or sum(len(fragment.cells) for fragment in groups[-1]) == width
        index += size
    return groups


def _split_row_size(fragments: list[Fragment], index: int, width: int, row_gap: int, in_body: bool) -> int:
    """How many fragments from `index` make one row (1 when it is not a split row)."""
    end, total = index, 0
    while (
        end < len(fragments)
        and total < width
        and len(fragments[end].cells) < width
        and (end == index or fragments[end].blank_lines_before > row_gap)
    ):
        total += len(fragments[end].cells)
        end += 1
    if total == width and end - index > 1:
        return end - index
    if in_body and index + 1 < len(fragments):
        first, second = len(fragments[index].cells), len(fragments[index + 1].cells)
        if first + second == width and first != second:
            return 2
    return 1


def _add_table(builder: DocumentBuilder, texts: list[list[str]]) -> None:
    location = builder.next_table_location()
    rows: list[Row] = []
    for row_number, row_texts in enumerate(texts, start=1):
        cells = [
            Cell(text, row_number, column, location.at(row=row_number, column=column))
            for column, text in enumerate(row_texts, start=1)
        ]
        rows.append(Row(row_number, cells, location.at(row=row_number)))
    builder.table(Table(rows, location))
