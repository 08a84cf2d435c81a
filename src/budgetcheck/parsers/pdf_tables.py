"""Ruled tables on PDF pages: cell grid, merged cells, titles, continuation over page breaks.

pdfplumber finds the cells of a ruled table (its "lines" strategy); this module turns them
into a grid.  Every distinct cell edge is a grid line, so a merged cell covers several grid
positions and gets its span from them.  Tables pasted from Excel draw every cell border as
its own rectangle and leave empty slivers of columns and rows; grid lines that no text cell
starts on are dropped again, so the model keeps the columns a reader sees.  A rectangle
framing the whole table is not a cell.

Only what is painted on the page rules a table.  Word, WPS and Excel exporters fill each cell's
background with white before drawing its text, often in pieces that follow the spreadsheet's
own grid rather than the table's borders: a header cell cut in two under one visible frame,
thin strips beside a text cell.  The table finder would take those outlines for ruling lines
and put a header one column away from its data, or split one cell's wrapped text over two
rows.  A shape painted only in white is left out before the cells are found.

A table split by a page break is one table: a page whose first block is a table with the
same column edges as the table that ended the previous page continues it, and header rows
the continuation repeats are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from budgetcheck.parsers.pdf_text import Char, build_lines, join_lines

SNAP = 2.0  # points: cell edges closer than this are one grid line


@dataclass
class GridCell:
    row: int  # 0-based grid row inside its segment
    column: int
    row_span: int
    col_span: int
    x0: float
    x1: float
    top: float
    bottom: float
    chars: list[Char] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_lines(self.lines)


@dataclass
class Segment:
    """The part of a table on one page."""

    page: int
    xs: list[float]  # column edges
    n_rows: int
    cells: list[GridCell]
    title: str | None = None
    banners: list[str] = field(default_factory=list)  # "单位：万元" rows taken out of the grid

    @property
    def top(self) -> float:
        return min(cell.top for cell in self.cells)

    @property
    def bottom(self) -> float:
        return max(cell.bottom for cell in self.cells)

    def has_text(self) -> bool:
        return any(cell.lines for cell in self.cells)


def is_painted(shape: dict) -> bool:
    """Whether a pdfplumber rect, line or curve shows on a white page: any stroke or fill not in white.

    Every other object (characters, images) counts as painted.
    """
    if shape.get("object_type") not in ("rect", "line", "curve"):
        return True
    stroked = bool(shape.get("stroke")) and not _is_white(shape.get("stroking_color"))
    filled = bool(shape.get("fill")) and not _is_white(shape.get("non_stroking_color"))
    return stroked or filled


def _is_white(color: object) -> bool:
    """Gray 1, RGB (1, 1, 1) or CMYK (0, 0, 0, 0); a pattern or an unknown colour is not white."""
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color or not all(isinstance(c, (int, float)) for c in color):
        return False
    if len(color) == 4:
        return all(c <= 0.01 for c in color)
    return len(color) in (1, 3) and all(c >= 0.99 for c in color)


def _snap(values: Iterable[float]) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > SNAP:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    """The grid line nearest to `value`."""
    position = bisect_right(edges, value)
    candidates = [i for i in (position - 1, position) if 0 <= i < len(edges)]
    return min(candidates, key=lambda i: abs(edges[i] - value))


def segment_from_cells(page: int, boxes: Sequence[tuple[float, float, float, float]]) -> Segment | None:
    """A grid from pdfplumber cell boxes (x0, top, x1, bottom); frames dropped."""
    xs = _snap(x for box in boxes for x in (box[0], box[2]))
    ys = _snap(y for box in boxes for y in (box[1], box[3]))
    cells: list[GridCell] = []
    for x0, top, x1, bottom in boxes:
        c0, c1, r0, r1 = _index(xs, x0), _index(xs, x1), _index(ys, top), _index(ys, bottom)
        if c1 > c0 and r1 > r0:
            cells.append(GridCell(r0, c0, r1 - r0, c1 - c0, x0, x1, top, bottom))
    # Smallest first: a box covering positions a smaller cell already owns is a frame.
    owner: dict[tuple[int, int], GridCell] = {}
    kept: list[GridCell] = []
    for cell in sorted(cells, key=lambda c: c.row_span * c.col_span):
        spots = [(r, c) for r in range(cell.row, cell.row + cell.row_span) for c in range(cell.column, cell.column + cell.col_span)]
        if any(spot in owner for spot in spots):
            continue
        for spot in spots:
            owner[spot] = cell
        kept.append(cell)
    if not kept:
        return None
    kept.sort(key=lambda c: (c.row, c.column))
    return Segment(page=page, xs=xs, n_rows=len(ys) - 1, cells=kept)


def fill(segment: Segment, chars: Iterable[Char]) -> list[Char]:
    """Put each glyph into the cell under its centre; return the glyphs outside every cell."""
    xs = _snap(x for cell in segment.cells for x in (cell.x0, cell.x1))
    ys = _snap(y for cell in segment.cells for y in (cell.top, cell.bottom))
    owner: dict[tuple[int, int], GridCell] = {}
    for cell in segment.cells:
        c0, c1, r0, r1 = _index(xs, cell.x0), _index(xs, cell.x1), _index(ys, cell.top), _index(ys, cell.bottom)
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner[(r, c)] = cell
    outside: list[Char] = []
    for char in chars:
        cx, cy = (char.x0 + char.x1) / 2, (char.top + char.bottom) / 2
        if xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]:
            cell = owner.get((bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1))
            if cell is not None:
                cell.chars.append(char)
                continue
        outside.append(char)
    for cell in segment.cells:
        cell.lines = [line.text for line in build_lines(cell.chars, segment.page)]
        cell.chars = []
    return outside


# A caption names a table ("收支预算总表", "2025年部门财务收支预算总表（功能科目）"); a bare
# label such as "公开 01 表" or "附表2" only numbers it.
_TITLE = re.compile(r"表\s*([（(][^）)]{1,20}[）)])?\s*$")
_LABEL = re.compile(r"^(公开|附)?\s*表?\s*[0-9０-９一二三四五六七八九十\-－—]+\s*表?$")
_BANNER = re.compile(r"(^(编制)?(部门|单位)(名称)?\s*[：:])|单位\s*[：:]|^填报单位|^编制单位")


def is_table_title(text: str) -> bool:
    compact = text.replace(" ", "")
    return 4 <= len(compact) <= 50 and bool(_TITLE.search(compact)) and not _LABEL.match(compact)


def is_banner(text: str) -> bool:
    return bool(_BANNER.search(text.strip()))


def peel_caption_rows(segment: Segment) -> None:
    """Move a title row and "部门：… 单位：万元" rows at the top of the grid out of it."""
    cut = 0
    width = len(segment.xs) - 1
    while cut < segment.n_rows:
        starting = [cell for cell in segment.cells if cell.row == cut and cell.lines]
        if not starting:
            cut += 1
            continue
        if len(starting) == 1 and segment.title is None and starting[0].col_span * 2 >= width:
            lines = starting[0].lines
            titles = [line for line in lines if is_table_title(line)]
            if titles and all(line in titles or is_banner(line) for line in lines):
                segment.title = titles[0].replace(" ", "")
                segment.banners.extend(line for line in lines if line not in titles)
                cut += starting[0].row_span
                continue
        if is_banner(starting[0].text) and is_banner(starting[-1].text):
            segment.banners.append(" ".join(cell.text for cell in starting))
            cut += 1
            continue
        break
    if cut:
        _drop_rows_before(segment, cut)


def _drop_rows_before(segment: Segment, cut: int) -> None:
    kept: list[GridCell] = []
    for cell in segment.cells:
        end = cell.row + cell.row_span
        if end <= cut:
            continue
        if cell.row < cut:
            cell.row_span, cell.row = end - cut, cut
        kept.append(cell)
    for cell in kept:
        cell.row -= cut
    segment.cells = kept
    segment.n_rows -= cut


def same_columns(a: Segment, b: Segment) -> bool:
    """Could `b` continue `a`: do its text columns start on `a`'s column edges?

    Tables pasted from Excel draw slightly different slivers on every page, so the test is
    on the columns that hold text, not on every edge.
    """
    tolerance = 2 * SNAP
    starts = sorted({round(cell.x0, 1) for cell in b.cells if cell.lines})
    if not starts:
        return False
    return all(any(abs(x - edge) <= tolerance for edge in a.xs) for x in starts) and any(
        abs(starts[0] - edge) <= tolerance for edge in a.xs[:2]
    )


@dataclass
class PlacedCell:
    """A cell of the finished table: 1-based row and column in the compacted grid."""

    row: int
    column: int
    row_span: int
    col_span: int
    text: str


@dataclass
class MergedTable:
    rows: list[tuple[int, list[PlacedCell]]]  # (page, cells starting in that row)
    title: str | None


def assemble(segments: Sequence[Segment]) -> MergedTable:
    """One table from its page segments: drop empty grid lines and repeated header rows."""
    xs = _snap(x for segment in segments for x in segment.xs)
    width = len(xs) - 1
    for segment in segments:  # one column grid for all pages
        for cell in segment.cells:
            cell.column = _index(xs, cell.x0)
            cell.col_span = max(_index(xs, cell.x1) - cell.column, 1)
    used_columns = _text_columns([cell for segment in segments for cell in segment.cells], width)
    column_of = {old: new for new, old in enumerate(used_columns, start=1)}

    rows: list[tuple[int, list[PlacedCell]]] = []
    header: list[list[tuple[int, int, str]]] = []
    for number, segment in enumerate(segments):
        used_rows = sorted({cell.row for cell in segment.cells if cell.lines})
        row_of = {old: new for new, old in enumerate(used_rows)}
        seg_rows: list[list[PlacedCell]] = [[] for _ in used_rows]
        for cell in segment.cells:
            rows_here = [row_of[r] for r in range(cell.row, cell.row + cell.row_span) if r in row_of]
            columns_here = [column_of[c] for c in range(cell.column, min(cell.column + cell.col_span, width)) if c in column_of]
            if not rows_here or not columns_here:
                continue
            seg_rows[rows_here[0]].append(
                PlacedCell(0, columns_here[0], len(rows_here), len(columns_here), cell.text)
            )
        shapes = [[(c.column, c.col_span, c.text) for c in sorted(row, key=lambda c: c.column)] for row in seg_rows]
        skip = 0
        if number == 0:
            header = shapes
        else:  # a continuation repeats the header rows: drop them
            while skip < len(shapes) and skip < len(header) and shapes[skip] == header[skip] and not _has_amount(shapes[skip]):
                skip += 1
        for index, row_cells in enumerate(seg_rows[skip:], start=skip):
            for cell in row_cells:
                overrun = max(0, index + cell.row_span - len(seg_rows))
                cell.row_span -= overrun
            rows.append((segment.page, sorted(row_cells, key=lambda c: c.column)))
    for number, (_page, row_cells) in enumerate(rows, start=1):
        for cell in row_cells:
            cell.row = number
    return MergedTable(rows=rows, title=segments[0].title)


def _text_columns(cells: Sequence[GridCell], width: int) -> list[int]:
    """The grid columns a reader sees: where each text cell starts, offset borders left out.

    A header row may split the width a little differently from the body below it (the
    border between 代码 and 名称 drawn at another x above the data): the two borders make a
    thin grid column that no cell fills on its own, every cell over it running on into a
    neighbour.  A text cell starting there would sit one column left of the header above
    it; for the reader it starts at the next column it covers.
    """
    alone = {cell.column for cell in cells if cell.col_span == 1}
    used: set[int] = set()
    for cell in cells:
        if not cell.lines:
            continue
        covered = range(cell.column, min(cell.column + cell.col_span, width))
        used.add(next((column for column in covered if column in alone), cell.column))
    return sorted(used)


_AMOUNT = re.compile(r"\d[\d,]*\.\d+|\d{1,3}(,\d{3})+")


def _has_amount(shape: list[tuple[int, int, str]]) -> bool:
    return any(_AMOUNT.fullmatch(text.strip()) for _c, _s, text in shape)
