"""The committed samples: the DOCX and XLSX built from the seed text by samples/build_samples.py."""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from lxml import etree

from budgetcheck.model import Document, Heading, Table
from budgetcheck.parsers import load

from conftest import SAMPLES, SEED_DOCX, SEED_TXT, SEED_XLSX

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def seed() -> Document:
    return load(str(SEED_TXT))


@pytest.fixture(scope="module")
def word_tables() -> list[etree._Element]:
    with zipfile.ZipFile(SEED_DOCX) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    return body.findall(f"{W}tbl")


def tc_text(tc: etree._Element) -> str:
    """A text export of one w:tc: its paragraphs, one per line, trailing empty ones dropped."""
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.findall(f"{W}p")]
    return "\n".join(paragraphs).strip()


def tc_merge(tc: etree._Element) -> tuple[int, str | None]:
    """(gridSpan, vMerge) of one w:tc; a bare <w:vMerge/> reads "continue"."""
    span = tc.find(f"{W}tcPr/{W}gridSpan")
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    return (
        int(span.get(f"{W}val")) if span is not None else 1,
        None if merge is None else merge.get(f"{W}val", "continue"),
    )


# ---------------------------------------------------------------- DOCX


def test_docx_has_25_word_tables() -> None:
    assert len(docx.Document(str(SEED_DOCX)).tables) == 25


def test_docx_rows_equal_the_seed_rows_one_entry_per_tc(seed: Document, word_tables: list[etree._Element]) -> None:
    assert len(word_tables) == len(seed.tables) == 25
    for number, (word_table, table) in enumerate(zip(word_tables, seed.tables), start=1):
        word_rows = [[tc_text(tc) for tc in tr.findall(f"{W}tc")] for tr in word_table.findall(f"{W}tr")]
        assert word_rows == [row.texts() for row in table.rows], f"table {number}"


def test_table_12_first_level_indicator_is_merged_vertically(word_tables: list[etree._Element]) -> None:
    rows = word_tables[11].findall(f"{W}tr")
    first = [row.findall(f"{W}tc")[0] for row in rows]
    assert [tc_merge(tc) for tc in first] == [
        (1, None),  # 绩效目标
        (1, None),  # 一级指标 (header)
        (1, "restart"),  # 产出指标 over three rows
        (1, "continue"),
        (1, "continue"),
        (1, None),  # 效果指标
        (1, None),  # 满意度指标
    ]
    continuation = first[3]
    merge = continuation.find(f"{W}tcPr/{W}vMerge")
    assert merge.attrib == {}  # Word's bare <w:vMerge/>
    assert tc_text(continuation) == "" and len(continuation.findall(f"{W}p")) == 1
    # 绩效目标 text spans the other five grid columns.
    assert [tc_merge(tc) for tc in rows[0].findall(f"{W}tc")] == [(1, None), (5, None)]
    assert len(word_tables[11].find(f"{W}tblGrid").findall(f"{W}gridCol")) == 6


def test_procurement_header_spans_and_merges(word_tables: list[etree._Element]) -> None:
    table = word_tables[23]
    assert len(table.find(f"{W}tblGrid").findall(f"{W}gridCol")) == 14
    header = [[tc_merge(tc) for tc in tr.findall(f"{W}tc")] for tr in table.findall(f"{W}tr")[:4]]
    restart, cont = (1, "restart"), (1, "continue")
    assert header == [
        [(12, None), (2, None)],
        [(2, None), restart, restart, restart, restart, restart, (7, None)],
        [restart, restart, cont, cont, cont, cont, cont, restart, (5, None), restart],
        [cont] * 8 + [(1, None)] * 5 + [cont],
    ]
    for row in table.findall(f"{W}tr"):
        assert sum(tc_merge(tc)[0] for tc in row.findall(f"{W}tc")) == 14


def test_rows_split_in_the_text_are_one_word_row_with_an_empty_paragraph(word_tables: list[etree._Element]) -> None:
    first_level = word_tables[8].findall(f"{W}tr")[2].findall(f"{W}tc")[0]
    paragraphs = ["".join(p.itertext()) for p in first_level.findall(f"{W}p")]
    assert paragraphs == ["产出指标", ""]
    assert len(word_tables[12].findall(f"{W}tr")) == 7


def test_docx_headings_use_word_styles() -> None:
    styles = {paragraph.text: paragraph.style.name for paragraph in docx.Document(str(SEED_DOCX)).paragraphs}
    assert styles["三河市泃阳西大街街道办事处2020年部门预算信息公开情况说明"] == "Title"
    for top in ("一、部门职责及机构设置情况", "六、政府采购预算情况", "九、其他需要说明的事项"):
        assert styles[top] == "Heading 1"
    assert styles["第二部分 资金绩效目标"] == "Heading 2"
    assert styles["12、街道妇联工作经费绩效目标表"] == "Heading 3"
    assert styles["部门职责："] == "Normal"


def test_docx_loads_as_the_same_tables_as_the_text(seed: Document) -> None:
    document = load(str(SEED_DOCX))
    assert document.format == "docx"
    assert len(document.tables) == 25
    for number, (table, text_table) in enumerate(zip(document.tables, seed.tables), start=1):
        assert table.physical_rows() == [row.texts() for row in text_table.rows], f"table {number}"
    merged = [(cell.text, cell.row, cell.row_span) for cell in document.tables[11].cells() if cell.column == 1]
    assert merged[2] == ("产出指标", 3, 3)


def test_docx_loads_as_the_same_headings_and_paragraphs_as_the_text(seed: Document) -> None:
    def outline(document: Document) -> list[tuple[str, str, int | None]]:
        return [
            (block.type, block.text, block.level if isinstance(block, Heading) else None) for block in document.texts
        ]

    assert outline(load(str(SEED_DOCX))) == outline(seed)


def load_builder():
    spec = importlib.util.spec_from_file_location("build_samples", SAMPLES / "build_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_committed_samples_are_what_the_builder_makes(tmp_path: Path) -> None:
    builder = load_builder()
    document, groups = builder.read_seed()
    builder.build_docx(document, groups, tmp_path / "seed.docx")
    builder.build_xlsx(document, tmp_path / "seed.xlsx")
    assert (tmp_path / "seed.docx").read_bytes() == SEED_DOCX.read_bytes()
    assert (tmp_path / "seed.xlsx").read_bytes() == SEED_XLSX.read_bytes()


# ---------------------------------------------------------------- XLSX


@pytest.fixture(scope="module")
def workbook() -> openpyxl.Workbook:
    return openpyxl.load_workbook(SEED_XLSX)


def test_xlsx_sheets(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == ["政府采购预算", "固定资产占用"]


def test_procurement_sheet_layout(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["政府采购预算"]
    assert sorted(str(merged) for merged in sheet.merged_cells.ranges) == sorted(
        [
            "A1:N1",  # title
            "A2:L2", "M2:N2",  # banner
            "A3:B3", "C3:C5", "D3:D5", "E3:E5", "F3:F5", "G3:G5", "H3:N3",
            "A4:A5", "B4:B5", "H4:H5", "I4:M4", "N4:N5",
        ]
    )  # fmt: skip
    assert sheet["A1"].value == "部门政府采购预算"
    assert (sheet["A2"].value, sheet["M2"].value) == ("部门编码-436三河市泃阳西大街街道办事处", "单位：万元")
    assert [sheet.cell(3, column).value for column in (1, 3, 4, 5, 6, 7, 8)] == [
        "政府采购项目来源", "采购物品名称", "政府采购目录序号", "数量  单位", "数量", "单价", "政府采购金额",
    ]  # fmt: skip
    assert [sheet.cell(5, column).value for column in range(9, 14)] == [
        "合计", "一般公共预算拨款", "基金预算拨款", "财政专户核拨", "其他来源收入",
    ]  # fmt: skip
    assert sheet.max_row == 12


def test_procurement_sheet_numbers(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["政府采购预算"]
    total = [sheet.cell(6, column).value for column in range(1, 15)]
    assert total == ["合　计", None, None, None, None, None, None, 344, 344, 326, 18, None, None, None]
    fitness = [sheet.cell(9, column) for column in range(1, 15)]
    assert [cell.value for cell in fitness[:11]] == [
        "辖区住宅小区健身器材安装工程", 18, "货物", "[A033626]健身设备", "个", 50, 0.36, 18, 18, None, 18,
    ]  # fmt: skip
    assert isinstance(fitness[5].value, int) and fitness[5].number_format == "#,##0"  # 数量
    assert fitness[6].number_format == "#,##0.00"  # 单价
    assert all(cell.number_format == "#,##0.00" for cell in fitness[7:])
    assert fitness[1].number_format == "#,##0.00"
    projects = [Decimal(str(sheet.cell(row, 8).value)) for row in range(8, 13)]  # float ok: reading test data
    assert sum(projects) == Decimal("344")


def test_fixed_assets_sheet(workbook: openpyxl.Workbook) -> None:
    sheet = workbook["固定资产占用"]
    assert [str(merged) for merged in sheet.merged_cells.ranges] == ["A1:C1"]
    assert sheet["A1"].value == "三河市泃阳西大街街道办事处部门固定资产占用情况表"
    assert [cell.value for cell in sheet[2]] == ["编制部门：三河市泃阳西大街街道办事处", "截止时间：2019年12月31日", "单位：万元"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)] == [
        ["项   目", "数量", "价值（金额单位：万元）"],
        ["资产总额", "——", 698.03],
        ["1、房屋（平方米）", 219.12, 87.21],
        ["其中：办公用房（平方米）", 219.12, 87.21],
        ["2、车辆（台、辆）", 2, 35.11],
        ["3、单价在20万元以上的设备", None, None],
        ["4、其他固定资产", None, 575.71],
    ]
    assert sheet["A6"].alignment.indent == 2
    assert (sheet["B5"].number_format, sheet["B7"].number_format) == ("#,##0.00", "#,##0")
    assert all(sheet.cell(row, 3).number_format == "#,##0.00" for row in range(4, 10))


def test_xlsx_loads_with_the_banner_and_displayed_precision() -> None:
    document = load(str(SEED_XLSX))
    procurement, assets = document.tables
    assert (procurement.title, assets.title) == ("政府采购预算", "固定资产占用")
    banner = procurement.cell_at(2, 13)
    assert banner is not None and (banner.text, banner.location.cell, banner.col_span) == ("单位：万元", "M2", 2)
    total = procurement.cell_at(6, 8)
    assert total is not None and (total.text, total.location.cell) == ("344.00", "H6")
    assert isinstance(procurement, Table) and procurement.cell_at(3, 3).row_span == 3  # type: ignore[union-attr]
