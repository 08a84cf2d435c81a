"""Word documents (DOCX): paragraphs, headings and tables, read straight from the XML.

`word/document.xml` is streamed with the hardened iterparse, one body-level paragraph or
table at a time, and cleared once read, so memory stays flat and media parts stay unread.
python-docx is not used for reading: its cell proxies are 5–70× slower and it repeats
merged cells, where the model wants each merged cell once with its span.

What the reader of the document sees is what ends up in the text: tabs and line breaks,
field results (not field codes), inserted but not deleted revisions, text boxes once (from
`mc:Choice`, never again from `mc:Fallback`), the automatic numbers Word draws before
list paragraphs ("一、", "（一）", "1."), and symbols (`w:sym`, docx_symbols.py).  Footnotes and
endnotes the body refers to follow the body as paragraphs located at "footnote N" /
"endnote N", numbered in the order the body refers to them; the reference marks themselves
stay out of the body text, where a superscript 1 would change the amount it follows.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import IO, Iterator

from lxml import etree

from budgetcheck.errors import InputError
from budgetcheck.model import Block, Cell, Document, DocumentBuilder, Location, Row, Table
from budgetcheck.parsers.container import Limits, iterparse, member_stream, open_zip, parse_xml, read_member
from budgetcheck.parsers.docx_numbering import Numbering
from budgetcheck.parsers.docx_symbols import is_symbol_font, symbol_character, symbol_font_text
from budgetcheck.parsers.headings import HeadingLeveler, is_title, marker_kind

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
STRICT_W_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

W_VAL = f"{W}val"
W_P, W_R, W_T, W_TBL, W_TR, W_TC = f"{W}p", f"{W}r", f"{W}t", f"{W}tbl", f"{W}tr", f"{W}tc"
W_PPR, W_RPR, W_TRPR, W_TCPR = f"{W}pPr", f"{W}rPr", f"{W}trPr", f"{W}tcPr"
W_TAB, W_PTAB, W_BR, W_CR, W_NO_BREAK_HYPHEN = f"{W}tab", f"{W}ptab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"
W_DEL, W_MOVE_FROM, W_VANISH = f"{W}del", f"{W}moveFrom", f"{W}vanish"
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = f"{W}sdt", f"{W}sdtContent", f"{W}customXml"
W_P_STYLE, W_OUTLINE_LVL, W_NUM_PR, W_NUM_ID, W_ILVL = (
    f"{W}pStyle", f"{W}outlineLvl", f"{W}numPr", f"{W}numId", f"{W}ilvl",
)  # fmt: skip
W_GRID_SPAN, W_V_MERGE, W_H_MERGE = f"{W}gridSpan", f"{W}vMerge", f"{W}hMerge"
W_GRID_BEFORE = f"{W}gridBefore"
W_SYM, W_FONT, W_CHAR = f"{W}sym", f"{W}font", f"{W}char"
W_RFONTS, W_ASCII, W_HANSI = f"{W}rFonts", f"{W}ascii", f"{W}hAnsi"
W_FOOTNOTE_REFERENCE, W_ENDNOTE_REFERENCE = f"{W}footnoteReference", f"{W}endnoteReference"
W_ID, W_TYPE = f"{W}id", f"{W}type"
# Which part holds each kind of note, its element, and the part's usual name.
_NOTE_PARTS = (("footnote", "footnotes", "word/footnotes.xml"), ("endnote", "endnotes", "word/endnotes.xml"))
MC_ALTERNATE, MC_CHOICE, MC_FALLBACK = f"{MC}AlternateContent", f"{MC}Choice", f"{MC}Fallback"

# Inside a paragraph: subtrees that hold no visible text of this paragraph.
_NOT_TEXT = frozenset(
    {
        W_PPR, W_RPR, W_DEL, W_MOVE_FROM, MC_FALLBACK,
        f"{W}instrText", f"{W}delText", f"{W}delInstrText",  # field codes and deleted text
        f"{W}footnoteReference", f"{W}endnoteReference", f"{W}commentReference",
    }
)  # fmt: skip
# Containers that only wrap paragraphs, tables, rows or cells.
_WRAPPERS = frozenset({W_SDT, W_SDT_CONTENT, W_CUSTOM_XML, f"{W}ins", f"{W}moveTo"})

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "标题"})
_TOC_STYLE = re.compile(r"^(?:toc|目录)\s*\d", re.IGNORECASE)
_MAX_STYLE_CHAIN = 20  # basedOn chains are short; this only stops a cycle


def parse_docx(path: str, limits: Limits, data: bytes | None = None) -> Document:
    with open_zip(path, limits, data) as archive:
        reader = _body_reader(archive, path)
        with member_stream(archive, "word/document.xml", path) as stream:
            reader.read(stream)
        parts = _main_part_targets(archive, path)
        for kind, part_kind, default in _NOTE_PARTS:
            notes = _optional_xml(archive, parts.get(part_kind, default), path)
            if notes is not None:
                reader.read_notes(notes, kind)
    return reader.builder.document


def _body_reader(archive: zipfile.ZipFile, path: str, keep_cells: bool = False) -> "BodyReader":
    parts = _main_part_targets(archive, path)
    styles = Styles(_optional_xml(archive, parts.get("styles", "word/styles.xml"), path))
    numbering = Numbering(_optional_xml(archive, parts.get("numbering", "word/numbering.xml"), path))
    numbering.style_num_ids = styles.num_ids()
    return BodyReader(path, styles, numbering, keep_cells)


@dataclass
class BodyElements:
    """The XML elements behind a document's locations, numbered exactly as `parse_docx` numbers them."""

    paragraphs: dict[int, etree._Element]  # paragraph number → w:p
    tables: dict[int, etree._Element]  # table number → w:tbl
    cells: dict[tuple[int, int, int], etree._Element]  # (table, row, column) → w:tc of the cell starting there


def body_elements(path: str, body: etree._Element, limits: Limits, data: bytes | None = None) -> BodyElements:
    """Where each paragraph and table cell of `path` (read from `data` when given) is in `body`, the w:body of
    the same file as loaded by an editor of it (such as python-docx), so changes land at the place a location names."""
    with open_zip(path, limits, data) as archive:
        reader = _body_reader(archive, path, keep_cells=True)
    found = BodyElements({}, {}, reader.cell_elements)
    for element in body.iter(W_P, W_TBL):
        if next(element.iterancestors(W_P, W_TBL, MC_FALLBACK), None) is not None:
            continue
        block = reader.read_block(element)
        if isinstance(block, Table):
            found.tables[block.location.table or 0] = element
        elif block is not None:
            found.paragraphs[block.location.paragraph or 0] = element
    return found


def _main_part_targets(archive: zipfile.ZipFile, path: str) -> dict[str, str]:
    """Where the document's styles and numbering parts are, from its relationships."""
    rels_name = "word/_rels/document.xml.rels"
    if rels_name not in archive.NameToInfo:
        return {}
    targets: dict[str, str] = {}
    for rel in parse_xml(read_member(archive, rels_name, path), path).iterchildren(f"{REL}Relationship"):
        kind = rel.get("Type", "")
        target = rel.get("Target", "")
        if not kind.startswith(REL_TYPE) or rel.get("TargetMode") == "External" or not target:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("word", target))
        targets[kind[len(REL_TYPE) :]] = name
    return targets


def _optional_xml(archive: zipfile.ZipFile, name: str, path: str) -> etree._Element | None:
    if name not in archive.NameToInfo:
        return None
    return parse_xml(read_member(archive, name, path), path)


@dataclass(frozen=True)
class ParagraphStyle:
    """What a paragraph style contributes, its basedOn chain resolved."""

    heading_level: int | None  # 0 title, 1–9 headings; None for body text
    is_toc: bool  # table-of-contents entries repeat the headings; they are not headings
    num_id: str | None
    ilvl: int | None


_PLAIN = ParagraphStyle(None, False, None, None)


class Styles:
    """Paragraph styles from styles.xml, read once; resolved lazily and cached by style id."""

    def __init__(self, root: etree._Element | None) -> None:
        self._raw: dict[str, etree._Element] = {}
        self._resolved: dict[str | None, ParagraphStyle] = {}
        self._default: str | None = None
        if root is None:
            return
        for style in root.iterchildren(f"{W}style"):
            if style.get(f"{W}type") != "paragraph":
                continue
            style_id = style.get(f"{W}styleId", "")
            self._raw[style_id] = style
            if style.get(f"{W}default") in ("1", "true", "on"):
                self._default = style_id

    def num_ids(self) -> dict[str, str]:
        """Style id → numId, for numbering definitions that follow a style (numStyleLink)."""
        out: dict[str, str] = {}
        for style_id in self._raw:
            num_id = self.get(style_id).num_id
            if num_id is not None:
                out[style_id] = num_id
        return out

    def get(self, style_id: str | None) -> ParagraphStyle:
        if style_id is None:
            style_id = self._default
        cached = self._resolved.get(style_id)
        if cached is None:
            cached = self._resolved[style_id] = self._resolve(style_id)
        return cached

    def _resolve(self, style_id: str | None) -> ParagraphStyle:
        heading_level: int | None = None
        level_known = False
        is_toc = False
        num_id: str | None = None
        ilvl: int | None = None
        seen: set[str] = set()
        current = self._raw.get(style_id) if style_id is not None else None
        while current is not None and len(seen) < _MAX_STYLE_CHAIN:
            seen.add(current.get(f"{W}styleId", ""))
            name_element = current.find(f"{W}name")
            name = name_element.get(W_VAL, "").strip() if name_element is not None else ""
            if len(seen) == 1:  # only the paragraph's own style says whether it is a TOC entry
                is_toc = bool(_TOC_STYLE.match(name))
            ppr = current.find(W_PPR)
            if not level_known:
                match = _HEADING_STYLE.match(name)
                if match:
                    heading_level, level_known = int(match.group(1)), True
                elif name.lower() in _TITLE_STYLES:
                    heading_level, level_known = 0, True
                elif ppr is not None and ppr.find(W_OUTLINE_LVL) is not None:
                    heading_level, level_known = _outline_level(ppr.find(W_OUTLINE_LVL)), True
            if ppr is not None and num_id is None:
                num_pr = ppr.find(W_NUM_PR)
                if num_pr is not None:
                    num_id, style_ilvl = _num_pr(num_pr)
                    ilvl = style_ilvl if ilvl is None else ilvl
            based_on = current.find(f"{W}basedOn")
            next_id = based_on.get(W_VAL) if based_on is not None else None
            current = self._raw.get(next_id) if next_id is not None and next_id not in seen else None
        return ParagraphStyle(heading_level, is_toc, num_id, ilvl)


def _outline_level(element: etree._Element) -> int | None:
    """w:outlineLvl 0–8 are heading levels 1–9; 9 means body text."""
    try:
        value = int(element.get(W_VAL, "9"))
    except ValueError:
        return None
    return value + 1 if 0 <= value <= 8 else None


def _num_pr(num_pr: etree._Element) -> tuple[str | None, int | None]:
    num_id_element = num_pr.find(W_NUM_ID)
    ilvl_element = num_pr.find(W_ILVL)
    num_id = num_id_element.get(W_VAL) if num_id_element is not None else None
    ilvl: int | None = None
    if ilvl_element is not None:
        try:
            ilvl = int(ilvl_element.get(W_VAL, "0"))
        except ValueError:
            ilvl = None
    return num_id, ilvl


def _is_on(element: etree._Element | None) -> bool:
    return element is not None and element.get(W_VAL, "true") not in ("0", "false", "off")


def _is_hidden(run: etree._Element) -> bool:
    """A run formatted as hidden text (w:vanish), which the reader does not see."""
    for properties in run.iterchildren(W_RPR):
        for child in properties.iterchildren(W_VANISH):
            return _is_on(child)
    return False


def _symbol_font(run: etree._Element) -> str | None:
    """The symbol font (Symbol, Wingdings …) a run's text is set in, if it is one."""
    for properties in run.iterchildren(W_RPR):
        for fonts in properties.iterchildren(W_RFONTS):
            for attribute in (W_ASCII, W_HANSI):
                font = fonts.get(attribute)
                if font and is_symbol_font(font):
                    return font
    return None


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs and tables of a cell (or text box), through content controls and revisions."""
    for child in container:
        tag = child.tag
        if tag == W_P or tag == W_TBL:
            yield child
        elif tag in _WRAPPERS:
            yield from _blocks(child)
        elif tag == MC_ALTERNATE:
            choice = child.find(MC_CHOICE)
            if choice is not None:
                yield from _blocks(choice)


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Rows of a table or cells of a row, also when a content control wraps them."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


class BodyReader:
    """Turns the body's paragraphs and tables, in order, into Document blocks."""

    def __init__(self, path: str, styles: Styles, numbering: Numbering, keep_cells: bool = False) -> None:
        self.path = path
        # (table, row, column) → w:tc, kept only when asked: a plain read frees elements as it goes.
        self.cell_elements: dict[tuple[int, int, int], etree._Element] = {}
        self._keep_cells = keep_cells
        self.builder = DocumentBuilder(path, "docx")
        self._styles = styles
        self._numbering = numbering
        self._leveler = HeadingLeveler()
        # Note ids in the order the body refers to them, by kind ("footnote", "endnote").
        self._note_references: dict[str, list[str]] = {"footnote": [], "endnote": []}

    def read(self, stream: IO[bytes]) -> None:
        head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
        if STRICT_W_NS in head:
            raise InputError("unsupported", self.path, "Strict Open XML")
        for _, element in iterparse(stream, self.path, events=("end",), tag=(W_P, W_TBL)):
            # Nested paragraphs and tables are read with the body-level block that holds them;
            # body-level ones under mc:Fallback repeat their mc:Choice.
            if next(element.iterancestors(W_P, W_TBL, MC_FALLBACK), None) is not None:
                continue
            self.read_block(element)
            element.clear()
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]

    def read_block(self, element: etree._Element) -> Block | None:
        """Read one body-level w:p or w:tbl; the block it became, or None (an empty paragraph)."""
        blocks = self.builder.document.blocks
        before = len(blocks)
        if element.tag == W_P:
            self._body_paragraph(element)
        else:
            self.builder.table(self._table(element))
        return blocks[-1] if len(blocks) > before else None

    # Paragraphs

    def _body_paragraph(self, p: etree._Element) -> None:
        text, style, outline = self._paragraph(p)
        text = text.strip()
        if not text:
            return
        first = not self.builder.document.blocks
        level = outline if outline is not None else style.heading_level
        if outline == 0:  # explicit "body text" outline level on the paragraph
            level = None
        if level is not None:
            self._leveler.styled(level)
            self.builder.heading(text, level)
            return
        kind = None if style.is_toc else marker_kind(text)
        if kind is not None:
            self.builder.heading(text, self._leveler.level(kind))
        elif first and is_title(text):
            self.builder.heading(text, 0)
        else:
            self.builder.paragraph(text)

    def _paragraph(self, p: etree._Element) -> tuple[str, ParagraphStyle, int | None]:
        """The paragraph's text with its automatic number, its style, and its own outline level.

        The outline level is None when the paragraph sets none, 0 when it sets "body text".
        """
        style_id: str | None = None
        num_id: str | None = None
        ilvl: int | None = None
        outline: int | None = None
        for properties in p.iterchildren(W_PPR):
            for child in properties:
                tag = child.tag
                if tag == W_P_STYLE:
                    style_id = child.get(W_VAL)
                elif tag == W_NUM_PR:
                    num_id, ilvl = _num_pr(child)
                elif tag == W_OUTLINE_LVL:
                    outline = _outline_level(child) or 0
        style = self._styles.get(style_id)
        if num_id is None:
            num_id = style.num_id
            if ilvl is None:
                ilvl = style.ilvl
        parts: list[str] = []
        if num_id is not None and num_id != "0":
            if ilvl is None:
                ilvl = self._numbering.style_levels.get(style_id or "", 0)
            label = self._numbering.label(num_id, ilvl)
            if label:
                parts.append(label)
        self._collect_text(p, parts)
        return "".join(parts), style, outline

    def _collect_text(self, element: etree._Element, out: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag == W_T:
                if child.text:
                    out.append(child.text)
            elif tag == W_R:
                if _is_hidden(child):
                    continue
                font = _symbol_font(child)
                if font is None:
                    self._collect_text(child, out)
                else:  # text typed in a symbol font: its private-use codes are glyphs of that font
                    run_parts: list[str] = []
                    self._collect_text(child, run_parts)
                    out.append(symbol_font_text(font, "".join(run_parts)))
            elif tag == W_SYM:
                out.append(symbol_character(child.get(W_FONT), child.get(W_CHAR)))
            elif tag == W_FOOTNOTE_REFERENCE or tag == W_ENDNOTE_REFERENCE:
                kind = "footnote" if tag == W_FOOTNOTE_REFERENCE else "endnote"
                self._note_references[kind].append(child.get(W_ID, ""))
            elif tag in _NOT_TEXT or not isinstance(tag, str):  # comments and PIs have no str tag
                continue
            elif tag == W_TAB or tag == W_PTAB:
                out.append("\t")
            elif tag == W_BR or tag == W_CR:
                out.append("\n")
            elif tag == W_NO_BREAK_HYPHEN:
                out.append("-")
            elif tag == MC_ALTERNATE:
                choice = child.find(MC_CHOICE)
                if choice is not None:
                    self._collect_text(choice, out)
            elif tag == W_P or tag == W_TBL:  # a text box's content, on lines of its own
                text = (self._paragraph(child)[0] if tag == W_P else self._nested_table_text(child)).strip()
                if text:
                    if out and not out[-1].endswith("\n"):
                        out.append("\n")
                    out.append(text + "\n")
            else:
                self._collect_text(child, out)

    # Footnotes and endnotes

    def read_notes(self, root: etree._Element, kind: str) -> None:
        """Append the notes of one part (footnotes.xml or endnotes.xml) the body refers to."""
        notes = {
            note.get(W_ID): note
            for note in root.iterchildren(f"{W}{kind}")
            if note.get(W_TYPE, "normal") == "normal"  # not the separator lines
        }
        seen: set[str] = set()
        number = 0
        for note_id in self._note_references[kind]:
            note = notes.get(note_id)
            if note is None or note_id in seen:
                continue
            seen.add(note_id)
            number += 1
            for block in _blocks(note):
                text = (self._paragraph(block)[0] if block.tag == W_P else self._nested_table_text(block)).strip()
                if text:
                    self.builder.paragraph(text, **{kind: number})

    # Tables

    def _table(self, tbl: etree._Element) -> Table:
        location = self.builder.next_table_location()
        path, number = location.path, location.table
        rows: list[Row] = []
        open_merges: dict[int, Cell] = {}  # grid column → cell whose vertical merge may go on
        index = 0
        for tr in _children(tbl, W_TR):
            deleted, grid_before = _row_properties(tr)
            if deleted:
                continue  # a deleted row (tracked change)
            index += 1
            cells: list[Cell] = []
            still_open: dict[int, Cell] = {}
            column = 1 + grid_before
            for tc in _children(tr, W_TC):
                span, v_merge, h_merge = _cell_properties(tc)
                if h_merge == "continue" and cells and cells[-1].last_column == column - 1:
                    cells[-1].col_span += span  # legacy horizontal merge: widen the cell on the left
                    column += span
                    continue
                origin = open_merges.get(column) if v_merge == "continue" else None
                if origin is not None:
                    origin.row_span += 1  # a continuation is not a cell of its own
                    still_open[column] = origin
                    column += span
                    continue
                cell_location = Location(path, table=number, row=index, column=column)
                cell = Cell(self._cell_text(tc), index, column, cell_location, col_span=span)
                if self._keep_cells:
                    self.cell_elements[(number or 0, index, column)] = tc
                cells.append(cell)
                if v_merge is not None:  # "restart", or a continuation with nothing above to continue
                    still_open[column] = cell
                column += span
            open_merges = still_open
            rows.append(Row(index, cells, Location(path, table=number, row=index)))
        return Table(rows, location)

    def _cell_text(self, tc: etree._Element) -> str:
        """The cell's paragraphs joined by newlines, without the empty ones at the end."""
        parts: list[str] = []
        for block in _blocks(tc):
            if block.tag == W_P:
                parts.append(self._paragraph(block)[0].strip())
            else:
                parts.append(self._nested_table_text(block))
        while parts and not parts[-1]:
            parts.pop()
        return "\n".join(parts)

    def _nested_table_text(self, tbl: etree._Element) -> str:
        """A table inside a cell, flattened: cells joined by tabs, rows by newlines."""
        lines = []
        for tr in _children(tbl, W_TR):
            lines.append("\t".join(self._cell_text(tc) for tc in _children(tr, W_TC)))
        return "\n".join(lines).strip()


def _row_properties(tr: etree._Element) -> tuple[bool, int]:
    """Whether the row is a deleted revision, and how many grid columns it skips first."""
    deleted, grid_before = False, 0
    for properties in tr.iterchildren(W_TRPR):
        for child in properties:
            if child.tag == W_DEL:
                deleted = True
            elif child.tag == W_GRID_BEFORE:
                grid_before = _count(child)
    return deleted, grid_before


def _cell_properties(tc: etree._Element) -> tuple[int, str | None, str | None]:
    """The cell's grid span and its vertical and legacy horizontal merge values."""
    span, v_merge, h_merge = 1, None, None
    for properties in tc.iterchildren(W_TCPR):
        for child in properties:
            tag = child.tag
            if tag == W_GRID_SPAN:
                span = _count(child) or 1
            elif tag == W_V_MERGE:
                v_merge = child.get(W_VAL, "continue")
            elif tag == W_H_MERGE:
                h_merge = child.get(W_VAL, "continue")
    return span, v_merge, h_merge


def _count(element: etree._Element) -> int:
    try:
        return max(int(element.get(W_VAL, "0")), 0)
    except ValueError:
        return 0
