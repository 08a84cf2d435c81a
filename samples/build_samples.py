"""Build the sample DOCX and XLSX from the seed disclosure text.

    python samples/build_samples.py

The seed TXT is the text export of a real 2020 township budget disclosure (DOCX).  This
script rebuilds that document: the DOCX with Word heading styles and real Word tables
(vertical merges as `w:vMerge`, horizontal ones as `w:gridSpan`), and an XLSX workbook with
the 政府采购 and 固定资产 tables as a finance office keeps them.  Text export loses merges, so
the merge structure of the two known layouts (绩效目标表, 政府采购预算) is encoded here.
Both files are written with fixed dates and zip timestamps, so a rebuild gives the same bytes.
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))  # run from a checkout without installing

import docx  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, Side  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.writer.excel import ExcelWriter  # noqa: E402

from budgetcheck.model import Document, Heading, Paragraph, Table  # noqa: E402
from budgetcheck.parsers.container import DEFAULT_LIMITS  # noqa: E402
from budgetcheck.parsers.txt import decode_text, group_split_rows, parse_txt, read_table_fragments  # noqa: E402

STEM = "三河市泃阳西大街街道办事处2020年部门预算公开"
SEED_TXT = HERE / f"{STEM}.txt"
DOCX_OUT = HERE / f"{STEM}.docx"
XLSX_OUT = HERE / f"{STEM}_政府采购与固定资产.xlsx"
TABLES_OUT = HERE / f"{STEM}_预算公开表.xlsx"
ISSUER = "三河市泃阳西大街街道办事处"

FIXED_TIME = datetime(2020, 2, 1, 9, 0, 0)
FIXED_ZIP_TIME = (2020, 2, 1, 9, 0, 0)

# 政府采购预算: the seed's four header rows have 2, 7, 10 and 14 cells on a 14-column grid.
# Each number is one w:tc's gridSpan; an empty header cell continues the cell above (vMerge).
PROCUREMENT_GRID = 14
PROCUREMENT_HEADER_SPANS = ([12, 2], [2, 1, 1, 1, 1, 1, 7], [1] * 8 + [5, 1], [1] * 14)
PERFORMANCE_GRID = 6

AMOUNT_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"


# ---------------------------------------------------------------- reading the seed


def read_seed(path: Path = SEED_TXT) -> tuple[Document, list[list[list[list[str]]]]]:
    """The seed (or a variant of it, see benchmarks/make_corpus.py) as a Document, and for each
    table its rows as the text shows them split.

    A row split by a blank line (an empty paragraph inside a cell) comes back as a group of
    fragments; the DOCX gives the last cell of each but the last fragment an empty paragraph.
    """
    document = parse_txt(str(path), DEFAULT_LIMITS)
    lines = decode_text(path.read_bytes(), str(path)).replace("\r\n", "\n").split("\n")
    groups: list[list[list[list[str]]]] = []
    index = 0
    while index < len(lines):
        if lines[index].startswith("\t"):
            fragments, index = read_table_fragments(lines, index)
            if max(len(fragment.cells) for fragment in fragments) > 1:
                rows = group_split_rows(fragments)
                groups.append([[fragment.cells for fragment in row] for row in rows])
        else:
            index += 1
    assert len(groups) == len(document.tables) == 25, (len(groups), len(document.tables))
    return document, groups


def is_performance_table(table: Table) -> bool:
    texts = [row.texts() for row in table.rows[:2]]
    return len(texts) == 2 and texts[0][0] == "绩效目标" and texts[1][0] == "一级指标"


def is_procurement_table(table: Table) -> bool:
    return len(table.rows) > 4 and table.rows[1].texts()[0] == "政府采购项目来源"


def caption_before(document: Document, table: Table) -> str:
    index = document.blocks.index(table)
    for block in reversed(document.blocks[:index]):
        if isinstance(block, Paragraph):
            return block.text
    raise ValueError("table without a caption")


# ---------------------------------------------------------------- DOCX


@dataclass
class Slot:
    """One w:tc: its paragraphs, first grid column (1-based), gridSpan and vMerge."""

    paragraphs: list[str]
    column: int
    span: int = 1
    merge: str | None = None  # "restart" | "continue"

    @property
    def empty(self) -> bool:
        return not any(self.paragraphs)


def lay_out(rows: list[list[list[str]]], spans: list[list[int]]) -> list[list[Slot]]:
    grid: list[list[Slot]] = []
    for cells, row_spans in zip(rows, spans):
        assert len(cells) == len(row_spans), (cells, row_spans)
        column, slots = 1, []
        for paragraphs, span in zip(cells, row_spans):
            slots.append(Slot(paragraphs, column, span))
            column += span
        grid.append(slots)
    return grid


def merge_down(grid: list[list[Slot]], rows: range, columns: set[int] | None = None) -> None:
    """An empty cell in `rows` (and `columns`) continues the cell above it: w:vMerge."""
    for row in rows:
        for slot in grid[row]:
            if not slot.empty or (columns is not None and slot.column not in columns):
                continue
            above = next((s for s in grid[row - 1] if s.column == slot.column and s.span == slot.span), None)
            if above is None or (above.empty and above.merge is None):
                continue
            slot.merge = "continue"
            if above.merge is None:
                above.merge = "restart"


def table_grid(table: Table, groups: list[list[list[str]]]) -> list[list[Slot]]:
    """The table's w:tc layout: spans and merges from the known layouts, else one tc per cell."""
    rows: list[list[list[str]]] = []
    for group in groups:
        cells: list[list[str]] = []
        for number, fragment in enumerate(group):
            split_after = number < len(group) - 1
            for position, text in enumerate(fragment):
                paragraphs = text.split("\n")
                if split_after and position == len(fragment) - 1:
                    paragraphs.append("")  # the empty paragraph that split the row in the text
                cells.append(paragraphs)
        rows.append(cells)
    if is_procurement_table(table):
        spans = list(PROCUREMENT_HEADER_SPANS) + [[1] * PROCUREMENT_GRID] * (len(rows) - 4)
        grid = lay_out(rows, spans)
        merge_down(grid, range(1, 4))
        return grid
    width = max(len(cells) for cells in rows)
    # A short row's last cell spans the rest: 绩效目标's text, 固定资产's 截止时间.
    grid = lay_out(rows, [[1] * (len(cells) - 1) + [width - len(cells) + 1] for cells in rows])
    if is_performance_table(table):
        assert width == PERFORMANCE_GRID
        merge_down(grid, range(2, len(grid)), columns={1})  # 一级指标 over its indicator rows
    return grid


def add_word_table(word: docx.document.Document, grid: list[list[Slot]], widths_cm: list[float]) -> None:
    table = word.add_table(rows=0, cols=len(widths_cm))
    table.style = "Table Grid"
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    twips = [int(Cm(width).twips) for width in widths_cm]
    for slots in grid:
        tr = OxmlElement("w:tr")
        for slot in slots:
            tr.append(word_cell(slot, sum(twips[slot.column - 1 : slot.column - 1 + slot.span])))
        table._tbl.append(tr)


def word_cell(slot: Slot, width_twips: int) -> OxmlElement:
    tc = OxmlElement("w:tc")
    properties = OxmlElement("w:tcPr")
    width = OxmlElement("w:tcW")
    width.set(qn("w:w"), str(width_twips))
    width.set(qn("w:type"), "dxa")
    properties.append(width)
    if slot.span > 1:
        span = OxmlElement("w:gridSpan")
        span.set(qn("w:val"), str(slot.span))
        properties.append(span)
    if slot.merge is not None:
        merge = OxmlElement("w:vMerge")
        if slot.merge == "restart":
            merge.set(qn("w:val"), "restart")
        properties.append(merge)  # Word writes a continuation as a bare <w:vMerge/>
    if slot.merge == "restart":
        align = OxmlElement("w:vAlign")
        align.set(qn("w:val"), "center")
        properties.append(align)
    tc.append(properties)
    for text in [""] if slot.merge == "continue" else slot.paragraphs:
        paragraph = OxmlElement("w:p")
        if text:
            run = OxmlElement("w:r")
            run_text = OxmlElement("w:t")
            run_text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run_text.text = text
            run.append(run_text)
            paragraph.append(run)
        tc.append(paragraph)
    return tc


def column_widths(table: Table, grid: list[list[Slot]]) -> list[float]:
    if is_performance_table(table):
        return [1.8, 2.2, 2.4, 3.6, 2.0, 3.6]
    if is_procurement_table(table):
        return [2.6, 1.1, 1.1, 2.2, 1.0, 1.0, 1.0, 1.1, 1.1, 1.2, 1.1, 1.1, 1.1, 1.1]
    width = max(slot.column + slot.span - 1 for slots in grid for slot in slots)
    return [15.6 / width] * width


def use_chinese_fonts(word: docx.document.Document) -> None:
    """Body text in 宋体 and headings in 黑体, as official documents set them."""
    for name, east_asian in [("Normal", "宋体"), ("Title", "黑体")] + [(f"Heading {n}", "黑体") for n in range(1, 10)]:
        run_properties = word.styles[name].element.get_or_add_rPr()
        fonts = run_properties.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            run_properties.insert(0, fonts)
        fonts.set(qn("w:eastAsia"), east_asian)
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)  # a theme font would win over the named one


def build_docx(document: Document, groups: list[list[list[list[str]]]], out: Path, issuer: str = ISSUER) -> None:
    word = docx.Document()
    section = word.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    properties = word.core_properties
    properties.title = document.blocks[0].text if isinstance(document.blocks[0], Heading) else out.stem
    properties.author = properties.last_modified_by = issuer
    properties.comments = properties.keywords = properties.subject = ""
    properties.created = properties.modified = FIXED_TIME
    properties.revision = 1
    use_chinese_fonts(word)
    tables = iter(zip(document.tables, groups))
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=min(block.level, 9))
        elif isinstance(block, Paragraph):
            word.add_paragraph(block.text)
        else:
            table, table_groups = next(tables)
            grid = table_grid(table, table_groups)
            add_word_table(word, grid, column_widths(table, grid))
    buffer = io.BytesIO()
    word.save(buffer)
    out.write_bytes(frozen_zip(buffer.getvalue()))


# ---------------------------------------------------------------- XLSX

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def amount(text: str) -> Decimal | None:
    return Decimal(text.replace(",", "")) if text.strip() else None


def procurement_sheet(workbook: Workbook, caption: str, table: Table) -> None:
    sheet = workbook.create_sheet("政府采购预算")
    rows = [row.texts() for row in table.rows]
    width = PROCUREMENT_GRID
    sheet.cell(1, 1, caption).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = CENTER
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    # Row 2, the banner: issuer and unit, as the seed's first table row.
    grid = lay_out([[[text] for text in cells] for cells in rows[:4]], list(PROCUREMENT_HEADER_SPANS))
    merge_down(grid, range(1, 4))
    for offset, slots in enumerate(grid):
        sheet_row = 2 + offset
        for slot in slots:
            if slot.merge == "continue":
                continue
            cell = sheet.cell(sheet_row, slot.column, slot.paragraphs[0])
            last_row = sheet_row
            if slot.merge == "restart":
                last_row = sheet_row + sum(
                    1 for below in grid[offset + 1 :] for s in below if s.column == slot.column and s.merge == "continue"
                )
            if slot.span > 1 or last_row > sheet_row:
                sheet.merge_cells(
                    start_row=sheet_row, start_column=slot.column, end_row=last_row, end_column=slot.column + slot.span - 1
                )
            if offset == 0:
                cell.alignment = Alignment(horizontal="right" if slot.column > 1 else "left", vertical="center")
            else:
                cell.font = Font(bold=True)
                cell.alignment = CENTER
    for offset, cells in enumerate(rows[4:]):
        sheet_row = 6 + offset
        for column, text in enumerate(cells, start=1):
            cell = sheet.cell(sheet_row, column)
            if column == 6:  # 数量: a count
                cell.value = int(text) if text else None
                cell.number_format = COUNT_FORMAT
            elif column == 2 or column >= 7:  # 预算资金, 单价 and the amounts
                cell.value = amount(text)
                cell.number_format = AMOUNT_FORMAT
            else:
                cell.value = text or None
    box(sheet, 3, 5 + len(rows) - 4, width)
    for column, chars in enumerate([26, 10, 8, 28, 8, 8, 8, 10, 10, 12, 10, 10, 10, 10], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = chars
    sheet.freeze_panes = "B6"


def fixed_assets_sheet(workbook: Workbook, caption: str, table: Table) -> None:
    sheet = workbook.create_sheet("固定资产占用")
    rows = [row.texts() for row in table.rows]
    sheet.cell(1, 1, caption).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = CENTER
    sheet.merge_cells("A1:C1")
    issuer, as_of = rows[0]
    sheet["A2"], sheet["B2"], sheet["C2"] = issuer, as_of, "单位：万元"
    sheet["C2"].alignment = Alignment(horizontal="right")
    for column, text in enumerate(rows[1], start=1):
        sheet.cell(3, column, text).font = Font(bold=True)
        sheet.cell(3, column).alignment = CENTER
    for offset, (item, quantity, value) in enumerate(rows[2:]):
        sheet_row = 4 + offset
        label = sheet.cell(sheet_row, 1, item.strip())
        if item.startswith("其中"):
            label.alignment = Alignment(indent=2)
        count = sheet.cell(sheet_row, 2)
        if quantity and quantity.strip("—-") == "":
            count.value = quantity  # "——": not applicable, kept as the seed prints it
            count.alignment = Alignment(horizontal="center")
        else:
            count.value = amount(quantity)
            is_whole = count.value is not None and count.value == count.value.to_integral_value()
            count.number_format = COUNT_FORMAT if is_whole else AMOUNT_FORMAT
        sheet.cell(sheet_row, 3, amount(value)).number_format = AMOUNT_FORMAT
    box(sheet, 3, 3 + len(rows) - 2, 3)
    for column, chars in zip("ABC", (34, 26, 24)):
        sheet.column_dimensions[column].width = chars


def box(sheet, first_row: int, last_row: int, width: int) -> None:
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=width):
        for cell in row:
            cell.border = BOX


def build_xlsx(document: Document, out: Path, issuer: str = ISSUER, stem: str = STEM) -> None:
    procurement = next(table for table in document.tables if is_procurement_table(table))
    assets = document.tables[document.tables.index(procurement) + 1]
    workbook = Workbook()
    workbook.remove(workbook.active)
    procurement_sheet(workbook, caption_before(document, procurement), procurement)
    fixed_assets_sheet(workbook, caption_before(document, assets), assets)
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = issuer
    properties.title = f"{stem}：政府采购与固定资产"
    properties.created = properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()  # not save(): that stamps the current time
    out.write_bytes(frozen_zip(buffer.getvalue()))


def build_tables_xlsx(out: Path, figures: object | None = None, issuer: str = ISSUER, stem: str = STEM) -> None:
    """The nine standard 预算 tables, consistent with every figure the seed's narrative states
    (or with `figures`, a seed_budget_tables.BudgetFigures, for a variant of the seed)."""
    from seed_budget_tables import build_budget_tables

    workbook = Workbook()
    workbook.remove(workbook.active)
    build_budget_tables(workbook, figures)  # type: ignore[arg-type]
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = issuer
    properties.title = f"{stem}：部门预算公开表"
    properties.created = properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    out.write_bytes(frozen_zip(buffer.getvalue()))


# ---------------------------------------------------------------- output


def frozen_zip(data: bytes) -> bytes:
    """The same archive with fixed member timestamps, so rebuilding gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info))
    return out.getvalue()


def main() -> None:
    document, groups = read_seed()
    build_docx(document, groups, DOCX_OUT)
    build_xlsx(document, XLSX_OUT)
    build_tables_xlsx(TABLES_OUT)
    for path in (DOCX_OUT, XLSX_OUT, TABLES_OUT):
        print(f"wrote {path.relative_to(HERE.parent)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
