"""PDF disclosures into the document model: headings, paragraphs and tables with their pages.

Two libraries, each where it is fast.  pypdfium2 (Apache/BSD) opens the file, reports
encryption and damage, and gives the glyphs of pages without ruling lines in a few
milliseconds.  pdfplumber (MIT) reads only the pages that draw lines or rectangles, where
tables can be; its table finder gives the cells.  (PyMuPDF is AGPL and is not used.)

What the reader gets:
- paragraphs with wrapped lines joined, also across page breaks (pdf_text.py);
- headings by their numbering (headings.py), or by large type; the first title is level 0;
- tables with merged cells as spans, a table continued over pages as one table, its caption
  ("收支预算总表") as `Table.title` and not repeated as a paragraph (pdf_tables.py);
- no running headers, footers or page numbers;
- no table of contents: the 目录 page(s) and the lines after them that read as contents
  entries are left out, since they repeat the headings and table titles of the body and
  would otherwise be taken for them;
- the page in every location, and `Document.pages`.

Tables without ruling lines are read as text.  A file without a text layer is a scan and
cannot be audited; it is an input error, never an empty pass.
"""

from __future__ import annotations

import ctypes
import io
from collections import Counter
from dataclasses import dataclass, field
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetcheck.errors import InputError
from budgetcheck.messages import os_error_detail
from budgetcheck.model import Cell, Document, DocumentBuilder, Row, Table
from budgetcheck.parsers.container import DEFAULT_LIMITS, Limits
from budgetcheck.parsers.headings import HeadingLeveler, is_title, marker_kind
from budgetcheck.parsers.pdf_tables import (
    Segment,
    assemble,
    fill,
    is_banner,
    is_painted,
    is_table_title,
    peel_caption_rows,
    same_columns,
    segment_from_cells,
)
from budgetcheck.parsers.pdf_text import (
    Char,
    Line,
    Margins,
    TextBlock,
    build_lines,
    continues,
    drop_running_lines,
    is_page_number,
    is_toc_heading,
    looks_like_toc_entry,
    running_texts,
)

MIN_RULES_FOR_TABLE = 4  # drawn paths on a page before pdfplumber looks for a table there


@dataclass
class PageContent:
    number: int
    height: float
    lines: list[Line]  # text outside tables, top to bottom
    segments: list[Segment]
    first_line: str = ""  # the top line of the page, tables included
    has_text: bool = False
    image_only: bool = False
    toc: bool = False
    items: list[tuple[float, Line | Segment]] = field(default_factory=list)


def parse_pdf(path: str, limits: Limits = DEFAULT_LIMITS, data: bytes | None = None) -> Document:
    """Read a PDF into a Document, or raise InputError saying why it cannot be read."""
    pdf = _open(path, data)
    try:
        count = len(pdf)
        if count > limits.max_pages:
            raise InputError("too_many_pages", path, f"{count} > {limits.max_pages}")
        try:
            _check_size(pdf, path, limits)
            with _Plumber(path, count, data) as plumber:
                pages = [_read_page(pdf, index, plumber) for index in range(count)]
        except pdfium.PdfiumError:  # a page pdfium cannot load: the file is damaged, not half-auditable
            raise InputError("corrupt", path, "bad_pdf") from None
    finally:
        pdf.close()
    with_text = sum(page.has_text for page in pages)
    if with_text == 0 or sum(page.image_only for page in pages) * 2 > count:
        raise InputError("scanned_pdf", path)
    document = _assemble(path, pages)
    document.pages = count
    return document


def _open(path: str, data: bytes | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data if data is not None else path)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise InputError("encrypted", path) from None
        raise InputError("corrupt", path, "bad_pdf") from None
    except OSError as error:
        raise InputError("not_readable", path, os_error_detail(error)) from None


def pdfminer_failures() -> tuple[type[BaseException], ...]:
    """What pdfminer (under pdfplumber) raises on damaged input, as seen by fuzzing (fuzz/fuzz_load.py).

    pdfminer is pure Python walking untrusted objects: a wrong type where it expects a number or
    a list surfaces as TypeError, IndexError, AttributeError… rather than as its own exceptions.
    Whatever it is, pdfium's text of that page stands in for pdfplumber's.
    """
    import struct
    import zlib

    from pdfminer.pdftypes import PDFException
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    return (
        PdfminerException, MalformedPDFException, PSException, PDFException, ArithmeticError, LookupError, TypeError, ValueError,
        AttributeError, AssertionError, RecursionError, EOFError, struct.error, zlib.error,
    )


def _check_size(pdf: pdfium.PdfDocument, path: str, limits: Limits) -> None:
    """Refuse a PDF with too many characters (all pages) or drawing objects (one page) before reading any.

    A few bytes of compressed content stream can draw millions of glyphs or rectangles.  Each
    glyph costs tens of microseconds and a few hundred bytes to read, and each object on a ruled
    page about 12 KB in pdfplumber's table finder; pdfium counts both in C, for about a twentieth
    of the time the reading takes on real disclosures.
    """
    chars = 0
    for index in range(len(pdf)):
        page = pdf[index]
        try:
            objects = pdfium_c.FPDFPage_CountObjects(page)
            if objects > limits.max_pdf_page_objects:
                raise InputError("too_many_objects", path, f"{index + 1}: {objects} > {limits.max_pdf_page_objects}")
            textpage = page.get_textpage()
            try:
                chars += pdfium_c.FPDFText_CountChars(textpage)
            finally:
                textpage.close()
        finally:
            page.close()
        if chars > limits.max_pdf_chars:
            raise InputError("too_many_chars", path, f"> {limits.max_pdf_chars}")


class _Plumber:
    """pdfplumber, opened only when a page needs its table finder."""

    def __init__(self, path: str, page_count: int, data: bytes | None = None) -> None:
        self.path = path
        self.page_count = page_count
        self.data = data
        self._pdf = None
        self.failed = False

    def __enter__(self) -> "_Plumber":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pdf is not None:
            try:
                self._pdf.close()
            except pdfminer_failures():
                self._pdf.stream.close()  # close() walks every page again; the file must still be closed

    def page(self, index: int):  # -> pdfplumber.page.Page | None
        if self.failed:
            return None
        if self._pdf is None:
            import pdfplumber

            try:
                self._pdf = pdfplumber.open(io.BytesIO(self.data) if self.data is not None else self.path)
                # pdfminer may skip a page it cannot read: then its page i is not pdfium's page i,
                # and tables would land on the wrong page.  Use it only when the counts agree.
                self.failed = len(self._pdf.pages) != self.page_count
            except pdfminer_failures():
                self.failed = True  # pdfium reads what pdfminer cannot: fall back to text
        return None if self.failed else self._pdf.pages[index]


def _read_page(pdf: pdfium.PdfDocument, index: int, plumber: _Plumber) -> PageContent:
    page = pdf[index]
    try:
        paths, images = _count_objects(page)
        left, bottom, right, top = page.get_mediabox()
        height = top - bottom
        content = None
        if paths >= MIN_RULES_FOR_TABLE or page.get_rotation():
            content = _read_ruled_page(plumber, index)
        if content is None:
            chars = _pdfium_chars(page, left, top)
            content = PageContent(index + 1, height, build_lines(chars, index + 1), [])
            content.has_text = bool(content.lines)
    finally:
        page.close()
    content.image_only = images > 0 and not content.has_text
    return content


def _count_objects(page: pdfium.PdfPage) -> tuple[int, int]:
    kinds: Counter[int] = Counter()
    for position in range(pdfium_c.FPDFPage_CountObjects(page)):
        kinds[pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page, position))] += 1
    return kinds[pdfium_c.FPDF_PAGEOBJ_PATH], kinds[pdfium_c.FPDF_PAGEOBJ_IMAGE]


def _pdfium_chars(page: pdfium.PdfPage, left: float, top: float) -> list[Char]:
    textpage = page.get_textpage()
    try:
        box = pdfium_c.FS_RECTF()
        matrix = pdfium_c.FS_MATRIX()
        chars: list[Char] = []
        for i in range(pdfium_c.FPDFText_CountChars(textpage)):
            if pdfium_c.FPDFText_IsGenerated(textpage, i):
                continue  # spaces and line breaks pdfium inferred; geometry decides ours
            code = pdfium_c.FPDFText_GetUnicode(textpage, i)
            if code < 0x20 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
                continue
            if not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, ctypes.byref(box)) or box.right <= box.left:
                continue
            # FPDFText_GetFontSize leaves out the text matrix (Distiller sets 1 pt and scales
            # the matrix): the size a reader sees is the product.
            pdfium_c.FPDFText_GetMatrix(textpage, i, ctypes.byref(matrix))
            size = pdfium_c.FPDFText_GetFontSize(textpage, i) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            chars.append(Char(chr(code), box.left - left, box.right - left, top - box.top, top - box.bottom, size))
        return chars
    finally:
        textpage.close()


def _read_ruled_page(plumber: _Plumber, index: int) -> PageContent | None:
    page = plumber.page(index)
    if page is None:
        return None
    try:
        chars = [Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"]) for c in page.chars]
        found = page.filter(is_painted).find_tables()  # white cell backgrounds are no ruling lines
    except pdfminer_failures():
        return None  # pdfminer could not read this page: pdfium's text is better than nothing
    finally:
        page.close()
    segments: list[Segment] = []
    free = chars
    for table in found:
        segment = segment_from_cells(index + 1, [cell for cell in table.cells if cell is not None])
        if segment is not None:
            free = fill(segment, free)
            segments.append(segment)
    content = PageContent(index + 1, float(page.height), build_lines(free, index + 1), segments)  # float ok: page geometry
    content.has_text = any(not c.text.isspace() for c in chars)
    if segments:
        texts = [line.text for line in build_lines(chars, index + 1) if not is_page_number(line.text)]
        content.first_line = texts[0] if texts else ""
    return content


def _assemble(path: str, pages: list[PageContent]) -> Document:
    running = running_texts([(page.height, page.lines) for page in pages])
    for page in pages:
        page.lines = drop_running_lines(page.height, page.lines, running)
    _mark_contents(pages)
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    writer = _Writer(path, body_size)
    for page in pages:
        if page.toc:
            writer.finish()  # nothing runs on across the contents
        else:
            writer.page(page)
    writer.finish()
    return writer.builder.document


def _mark_contents(pages: list[PageContent]) -> None:
    """Flag the 目录 page and the following pages that hold only contents entries."""
    in_contents = False
    for page in pages:
        first = page.first_line or (page.lines[0].text if page.lines else "")
        if is_toc_heading(first):
            page.toc = in_contents = True
        elif in_contents and page.lines and not any(s.has_text() for s in page.segments):
            page.toc = all(looks_like_toc_entry(line.text) for line in page.lines)
            in_contents = page.toc
        elif page.lines or page.segments:
            in_contents = False


class _Writer:
    """Turns page contents into blocks, in reading order, carrying state across pages."""

    def __init__(self, path: str, body_size: float) -> None:
        self.builder = DocumentBuilder(path, "pdf")
        self.body_size = body_size
        self.leveler = HeadingLeveler()
        self.pending: TextBlock | None = None
        self.pending_margins: Margins | None = None
        self.open_table: list[Segment] = []
        self.table_ends_page = False  # the open table was the last thing on its page

    def page(self, page: PageContent) -> None:
        margins = Margins.of(page.lines)
        items: list[tuple[float, Line | Segment]] = [(line.top, line) for line in page.lines]
        items += [(segment.top, segment) for segment in page.segments if segment.has_text()]
        items.sort(key=lambda item: item[0])
        consumed = self._captions(items)
        first = True
        for _top, item in items:
            if isinstance(item, Line):
                if id(item) in consumed:
                    continue
                self._close_table()
                self._text_line(item, margins, first)
            else:
                self._flush_text()
                if not (first and self._continues_table(item)):
                    self._close_table()
                    for banner in item.banners:
                        self.builder.paragraph(banner, page=item.page)
                self.open_table.append(item)
            first = False
        self.table_ends_page = bool(items) and isinstance(items[-1][1], Segment)

    def _captions(self, items: list[tuple[float, Line | Segment]]) -> set[int]:
        """Give each table its title: a title row in its grid, or the nearest title line above it."""
        consumed: set[int] = set()
        for position, (_top, item) in enumerate(items):
            if not isinstance(item, Segment):
                continue
            peel_caption_rows(item)
            look = position - 1
            while item.title is None and look >= 0 and position - look <= 4:
                above = items[look][1]
                if not isinstance(above, Line):
                    break
                if is_table_title(above.text):
                    item.title = above.text.replace(" ", "")
                    consumed.add(id(above))
                    break
                look -= 1
        return consumed

    def _continues_table(self, segment: Segment) -> bool:
        return (
            bool(self.open_table)
            and self.table_ends_page
            and segment.title is None
            and not segment.banners
            and same_columns(self.open_table[-1], segment)
        )

    def _text_line(self, line: Line, margins: Margins, first_on_page: bool) -> None:
        if self.pending is not None and self.pending_margins is not None:
            previous = self.pending.lines[-1]
            same_page = previous.page == line.page
            next_page = first_on_page and line.page == previous.page + 1
            if (same_page or next_page) and continues(
                previous, self.pending_margins, line, margins, same_page, self.body_size
            ):
                self.pending.lines.append(line)
                self.pending_margins = margins
                return
        self._flush_text()
        self.pending = TextBlock([line])
        self.pending_margins = margins

    def _flush_text(self) -> None:
        block, self.pending = self.pending, None
        if block is None:
            return
        text = block.text
        large = block.size >= 1.2 * self.body_size
        kind = marker_kind(text)
        if not self.builder.document.blocks and is_title(text) and not is_banner(text) and (block.page == 1 or large):
            self.builder.heading(text, 0, page=block.page)
        elif kind is not None:
            self.builder.heading(text, self.leveler.level(kind), page=block.page)
        elif large and is_title(text):
            self.leveler.styled(1)
            self.builder.heading(text, 1, page=block.page)
        else:
            self.builder.paragraph(text, page=block.page)

    def _close_table(self) -> None:
        segments, self.open_table = self.open_table, []
        if not segments:
            return
        merged = assemble(segments)
        if not merged.rows:
            return
        location = self.builder.next_table_location(page=segments[0].page)
        rows: list[Row] = []
        for number, (page, placed) in enumerate(merged.rows, start=1):
            row_location = location.at(row=number, page=page)
            cells = [
                Cell(
                    cell.text,
                    cell.row,
                    cell.column,
                    location.at(row=cell.row, column=cell.column, page=page),
                    row_span=cell.row_span,
                    col_span=cell.col_span,
                )
                for cell in placed
            ]
            rows.append(Row(number, cells, row_location))
        self.builder.table(Table(rows, location, title=merged.title))

    def finish(self) -> None:
        self._flush_text()
        self._close_table()


__all__ = ["parse_pdf"]
