"""The unit of a table: a banner row or header cell, the caption, or the line just above the table."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetcheck.extract.table_view import build_view
from budgetcheck.model import Cell, Document, DocumentBuilder, Location, Row, Table
from budgetcheck.parsers import load


def add_table(builder: DocumentBuilder, rows: list[list[str]]) -> Table:
    location = builder.next_table_location()
    table_rows = [
        Row(r, [Cell(text, r, c, location.at(row=r, column=c)) for c, text in enumerate(texts, start=1)], location.at(row=r))
        for r, texts in enumerate(rows, start=1)
    ]
    return builder.table(Table(table_rows, location))


BODY = [["项目", "金额"], ["合计", "344.00"], ["办公设备", "18.00"], ["工程", "326.00"]]


def document_with(lines_above: list[str], rows: list[list[str]]) -> tuple[Document, Table]:
    builder = DocumentBuilder("表.pdf", "pdf")
    builder.paragraph("政府采购支出预算表")
    for line in lines_above:
        builder.paragraph(line)
    table = add_table(builder, rows)
    builder.paragraph("注：本表反映政府采购预算。")
    return builder.document, table


@pytest.mark.parametrize(
    "line",
    ["部门名称：江苏省人民检察院 单位：万元", "金额单位：万元", "（单位：万元）", "单 位：万元", "计量单位：万元"],
)
def test_unit_on_the_line_above_the_table(line: str) -> None:
    document, table = document_with([line], BODY)
    view = build_view(document, table)
    assert view.unit == "万元"
    total = view.value(view.totals[0], 2)
    assert (total.value, total.unit, total.kind) == (Decimal("344.00"), "万元", "money")


def test_unit_two_lines_above_under_a_table_number() -> None:
    document, table = document_with(["单位：元", "公开12表"], BODY)
    assert build_view(document, table).unit == "元"


@pytest.mark.parametrize("banner", ["单位：万元", "单位:万元", "单位（万元）", "货币单位：万元", "(单位：万元)"])
def test_unit_in_a_banner_row_is_not_a_header(banner: str) -> None:
    document, table = document_with([], [["编制部门：某街道办事处", banner], *BODY])
    view = build_view(document, table)
    assert view.unit == "万元"
    assert view.header == {1: ("项目",), 2: ("金额",)}


def test_a_banner_row_wins_over_the_line_above() -> None:
    document, table = document_with(["单位：元"], [["单位：万元"], *BODY])
    assert build_view(document, table).unit == "万元"


def test_no_banner_anywhere_leaves_the_unit_unknown() -> None:
    document, table = document_with(["以下为本部门政府采购情况。"], BODY)
    assert build_view(document, table).unit is None


def test_a_table_right_after_another_does_not_take_its_banner() -> None:
    builder = DocumentBuilder("表.pdf", "pdf")
    builder.paragraph("单位：万元")
    add_table(builder, BODY)
    second = add_table(builder, BODY)
    assert build_view(builder.document, second).unit is None


# Every table of the real files that holds amounts has its unit, from wherever the file puts it.
REAL_UNITS = {
    "江苏省人民检察院2019年度部门预算公开.pdf": {n: "万元" for n in range(1, 13)},
    "江苏省委办公厅2019年度部门预算公开表格.pdf": {n: "万元" for n in range(1, 13)},
    "上海市普陀区人民政府万里街道办事处25年预算.pdf": {**{n: "元" for n in range(1, 9)}, 9: "万元"},
    "上海市普陀区财政局2024年度部门决算.pdf": {n: "万元" for n in range(2, 11)},
    "附件2：部门决算模板.pdf": {n: "万元" for n in range(2, 11)},
    "上海市普陀区2026年区级单位预算_空白模板.xls": {**{n: "元" for n in range(7, 15)}, 15: "万元"},
    "上海市普陀区2026年区级部门预算_空白模板.xlsx": {**{n: "元" for n in range(7, 15)}, 15: "万元"},
}


@pytest.mark.parametrize("name", sorted(REAL_UNITS))
def test_real_files_every_amount_table_has_its_unit(real_dir: Path, name: str) -> None:
    document = load(str(real_dir / name))
    units = {table.location.table: build_view(document, table).unit for table in document.tables}
    assert {number: unit for number, unit in units.items() if unit is not None} == REAL_UNITS[name]
