"""XLSX: every sheet read as displayed, merged ranges once with their spans, on real and built workbooks."""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import numbers

from budgetcheck.errors import InputError
from budgetcheck.model import Cell, Document, Table
from budgetcheck.parsers import load
from budgetcheck.parsers.number_format import display_number, general
from budgetcheck.parsers.xlsx import parse_xlsx

REAL_XLSX = "上海市普陀区2026年区级部门预算_空白模板.xlsx"
REAL_SHEETS = [
    "封面",
    "目录",
    "部门主要职能",
    "部门机构设置",
    "名词解释",
    "部门编制说明",
    "部门收支总表",
    "部门收入总表",
    "部门支出总表",
    "部门财政拨款收支总表",
    "部门一般公共预算拨款表",
    "部门政府性基金拨款表",
    "部门国有资本经营预算拨款表 ",  # the trailing space is in the template's own tab name
    "部门一般公共预算拨款基本支出明细表",
    "部门“三公”经费和机关运行费预算表",
    "其他相关情况说明",
    "项目经费情况说明",
]


from sheet_cells import at, sheet, spans  # noqa: E402


# --- number formats: what Excel displays -------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "fmt", "shown"),
    [
        ("2999.8500000001", "#,##0.00", "2,999.85"),
        ("2999.8500000001", "0.00", "2999.85"),
        ("2999.85", "General", "2999.85"),
        ("2999.8500000000004", "General", "2999.85"),  # float noise beyond 15 digits
        ("18", "General", "18"),
        ("18.0", "General", "18"),
        ("0.36000000000000004", "General", "0.36"),
        ("0.3612", "0.00%", "36.12%"),
        ("0.5", "0%", "50%"),
        ("1234567.891", "#,##0", "1,234,568"),
        ("1234.5", "#,##0_ ", "1,235"),  # padding only aligns
        ("-1234.5", "#,##0.00", "-1,234.50"),
        ("-1234.5", "#,##0.00;(#,##0.00)", "(1,234.50)"),
        ("-1234.5", "#,##0.00;[Red]\\-#,##0.00", "-1,234.50"),
        ("0", '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)', "-"),
        ("2.675", "0.00", "2.68"),  # Excel rounds half away from zero on the 15-digit value
        ("0.125", "0.00", "0.13"),
        ("-0.125", "0.00", "-0.13"),
        ("137.2", '0.00"万元"', "137.20万元"),
        ("137.2", "[$¥-804]#,##0.00", "¥137.20"),
        ("1234567", "#,##0,", "1,235"),
        ("12345.678", "0.00E+00", "1.23E+04"),
        ("3.5", "0.0#", "3.5"),
        ("3.456", "0.0#", "3.46"),
        ("0", '0;-0;"零"', "零"),
        ("7", "@", "7"),
        ("43845", "yyyy-mm-dd", "2020-01-15"),
        ("43845", 'yyyy"年"m"月"d"日"', "2020-01-15"),
        ("43845.5", "yyyy/m/d h:mm", "2020-01-15 12:00"),
        ("0.25", "h:mm:ss", "06:00:00"),
    ],
)
def test_displayed_number(stored: str, fmt: str, shown: str) -> None:
    assert display_number(Decimal(stored), fmt) == shown


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("3137.0500000001", "3137.05"),  # a float sum: Excel shows 11 characters at most
        ("123456789.123456789", "123456789.1"),
        ("-123456789.123456789", "-123456789.1"),  # the minus sign does not count
        ("2999.8512345", "2999.851235"),  # rounded half away from zero to what fits
        ("12345678901.6", "12345678902"),  # 11 integer digits, no room for a decimal
        ("123456789012", "1.23457E+11"),  # 12 digits: scientific
        ("0.0001234567", "0.000123457"),
        ("0.00001", "0.00001"),  # fits as it is
        ("0.0000123456789", "1.23457E-05"),
        ("-0.00000000000000001", "-1E-17"),
        ("0", "0"),
    ],
)
def test_general_shows_at_most_11_characters(stored: str, shown: str) -> None:
    assert general(Decimal(stored)) == shown
    assert display_number(Decimal(stored), "General") == shown


# --- the real Shanghai template ------------------------------------------------------------------


def test_real_template_every_sheet_in_order(real_dir: Path) -> None:
    document = load(str(real_dir / REAL_XLSX))
    assert document.format == "xlsx"
    assert [table.title for table in document.tables] == REAL_SHEETS
    assert [table.location.table for table in document.tables] == list(range(1, 18))
    assert all(table.location.sheet == table.title for table in document.tables)


def test_real_template_cells_checked_by_hand(real_dir: Path) -> None:
    document = parse_xlsx(str(real_dir / REAL_XLSX))

    cover = sheet(document, "封面")
    # Rows 3 and 9 hold the title and the department; merged A18:M18 and A19:M19 are empty.
    assert [row.index for row in cover.rows] == [3, 9]
    assert spans(at(cover, "A3")) == ("上海市普陀区2026年区级部门预算", 1, 13)
    assert spans(at(cover, "A9")) == ("预算主管部门：上海市普陀区XX局", 1, 13)

    income = sheet(document, "部门收入总表")
    assert spans(at(income, "A2")) == ("2026年部门收入预算总表", 1, 9)  # A2:I2
    assert spans(at(income, "A4")) == ("编制部门：", 1, 5)  # A4:E4
    assert spans(at(income, "I4")) == ("单位：元", 1, 1)  # the unit banner is kept as text
    assert spans(at(income, "A6")) == ("项目", 1, 4)
    assert spans(at(income, "E6")) == ("收入预算", 1, 5)
    assert spans(at(income, "A7")) == ("功能分类科目编码", 1, 3)
    assert spans(at(income, "D7")) == ("功能分类科目名称", 2, 1)  # D7:D8
    assert spans(at(income, "H7")) == ("事业单位\n经营收入", 2, 1)
    assert [cell.text for cell in income.rows[4].cells] == ["类", "款", "项"]  # row 8 under the merges
    assert at(income, "A9").text == "205"  # a number stored as 205 in General
    assert at(income, "B10").text == "02"  # a code stored as text keeps its leading zero
    assert spans(at(income, "A20")) == ("合计", 1, 4)
    d7 = at(income, "D7")
    assert (d7.row, d7.column, d7.location.sheet, d7.location.table) == (7, 4, "部门收入总表", 8)
    assert income.cell_at(8, 4) is d7  # the covered D8 resolves to the merged cell, which appears once
    assert sum(1 for cell in income.cells() if cell.text == "功能分类科目名称") == 1

    three = sheet(document, "部门“三公”经费和机关运行费预算表")
    assert spans(at(three, "G3")) == ("单位:万元", 1, 1)
    assert spans(at(three, "A4")) == ("“三公”经费预算数", 1, 6)  # A4:F4
    assert spans(at(three, "G4")) == ("机关运行经费预算数", 3, 1)  # G4:G6
    assert spans(at(three, "D5")) == ("公务用车购置及运行费", 1, 3)  # D5:F5
    assert spans(at(three, "A5")) == ("合计", 2, 1)

    text_sheet = sheet(document, "部门主要职能")
    body = at(text_sheet, "A3")
    assert (body.row_span, body.col_span) == (15, 1)  # A3:A17
    assert body.text.startswith("    XX是…。\n    主要职能包括：")


def test_real_template_agrees_with_openpyxl(real_dir: Path) -> None:
    """Every string cell openpyxl sees at a merged range's top-left or outside merges, we see too."""
    path = real_dir / REAL_XLSX
    document = parse_xlsx(str(path))
    workbook = openpyxl.load_workbook(path)
    for ws, table in zip(workbook.worksheets, document.tables):
        ours = {cell.location.cell: cell for cell in table.cells()}
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip():
                    assert ours[cell.coordinate].text == cell.value
        for merged in ws.merged_cells.ranges:
            ref = merged.start_cell.coordinate
            if ref in ours:
                assert (ours[ref].row_span, ours[ref].col_span) == (merged.size["rows"], merged.size["columns"])


# --- workbooks built with openpyxl ---------------------------------------------------------------


def build_finance_workbook(path: Path) -> None:
    """A sheet as a finance office keeps it: merged title and header, a unit banner, formatted numbers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "政府采购"
    ws["A1"] = "2020年政府采购预算表"
    ws.merge_cells("A1:D1")
    ws["A2"] = "单位：万元"
    ws["A3"] = "项目"
    ws.merge_cells("A3:A4")
    ws["B3"] = "采购预算"
    ws.merge_cells("B3:D3")
    ws["B4"], ws["C4"], ws["D4"] = "货物", "工程", "服务"
    ws["A5"] = "合计"
    values = [(2999.8500000001, "#,##0.00"), (137.2, "0.00"), (0.3612, "0.00%")]
    for column, (value, fmt) in zip("BCD", values):
        ws[f"{column}5"] = value
        ws[f"{column}5"].number_format = fmt
    ws["A6"] = "笔数"
    ws["B6"] = 18
    ws["C6"] = 1234567
    ws["C6"].number_format = numbers.FORMAT_NUMBER_COMMA_SEPARATED1  # "#,##0.00"
    ws["D6"] = date(2020, 1, 15)
    ws["D6"].number_format = "yyyy-mm-dd"
    ws["A7"] = True
    ws["B7"] = "=B5+C5"  # openpyxl writes no cached value: nothing to show
    ws["C7"] = "2999.85"  # a number typed as text stays text
    ws["D7"] = -1234.5
    ws["D7"].number_format = "#,##0.00;[Red]\\-#,##0.00"
    ws["A9"] = "说明：以上数据为预算数"
    ws["B12"] = "隐藏于合并区域"  # covered by A12:C12 below; Excel hides it
    ws["A12"] = "备注"
    ws.merge_cells("A12:C12")
    wb.create_sheet("空表")
    hidden = wb.create_sheet("隐藏表")
    hidden.sheet_state = "hidden"
    hidden["B2"] = 0.1
    wb.save(path)


def test_built_workbook_displayed_text(tmp_path: Path) -> None:
    path = tmp_path / "政府采购.xlsx"
    build_finance_workbook(path)
    document = load(str(path))
    assert [table.title for table in document.tables] == ["政府采购", "空表", "隐藏表"]
    table = document.tables[0]
    rows = {row.index: [(cell.location.cell, cell.text, cell.row_span, cell.col_span) for cell in row.cells] for row in table.rows}
    assert rows == {
        1: [("A1", "2020年政府采购预算表", 1, 4)],
        2: [("A2", "单位：万元", 1, 1)],
        3: [("A3", "项目", 2, 1), ("B3", "采购预算", 1, 3)],
        4: [("B4", "货物", 1, 1), ("C4", "工程", 1, 1), ("D4", "服务", 1, 1)],
        5: [("A5", "合计", 1, 1), ("B5", "2,999.85", 1, 1), ("C5", "137.20", 1, 1), ("D5", "36.12%", 1, 1)],
        6: [("A6", "笔数", 1, 1), ("B6", "18", 1, 1), ("C6", "1,234,567.00", 1, 1), ("D6", "2020-01-15", 1, 1)],
        7: [("A7", "TRUE", 1, 1), ("C7", "2999.85", 1, 1), ("D7", "-1,234.50", 1, 1)],
        9: [("A9", "说明：以上数据为预算数", 1, 1)],
        12: [("A12", "备注", 1, 3)],
    }
    assert document.tables[1].rows == []
    assert [cell.text for cell in document.tables[2].cells()] == ["0.1"]
    assert document.tables[2].rows[0].cells[0].location.describe() == "隐藏表!B2"


# --- workbooks written by hand: the XML that Excel, WPS and LibreOffice write ------------------

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def write_xlsx(
    path: Path,
    sheets: list[tuple[str, str]],
    shared: list[str] = (),  # type: ignore[assignment]
    styles: str = "",
    chartsheet_at: int | None = None,
    workbook_pr: str = "",
    replace: dict[str, str] | None = None,
) -> None:
    """A minimal XLSX: sheets as (name, sheetData+mergeCells XML), shared `si` items, styles body."""
    entries = [(name, f"worksheets/sheet{i + 1}.xml", "worksheet") for i, (name, _) in enumerate(sheets)]
    if chartsheet_at is not None:
        entries.insert(chartsheet_at, ("图表", "chartsheets/sheet1.xml", "chartsheet"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS}>{workbook_pr}<sheets>'
            + "".join(f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (name, _, _) in enumerate(entries))
            + "</sheets></workbook>",
        )
        rels = [f'<Relationship Id="rId{i + 1}" Type="{REL}/{kind}" Target="{target}"/>' for i, (_, target, kind) in enumerate(entries)]
        rels.append(f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="/xl/sharedStrings.xml"/>')
        rels.append(f'<Relationship Id="rIdT" Type="{REL}/styles" Target="styles.xml"/>')
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>",
        )
        replace = replace or {}
        shared_xml = replace.get("xl/sharedStrings.xml", f"<sst {NS}>" + "".join(shared) + "</sst>")
        archive.writestr("xl/sharedStrings.xml", shared_xml)
        archive.writestr("xl/styles.xml", f"<styleSheet {NS}>{styles}</styleSheet>")
        for i, (_, body) in enumerate(sheets):
            archive.writestr(f"xl/worksheets/sheet{i + 1}.xml", f'<?xml version="1.0"?><worksheet {NS}>{body}</worksheet>')
        if chartsheet_at is not None:
            archive.writestr("xl/chartsheets/sheet1.xml", f"<chartsheet {NS}/>")


STYLES = (
    '<numFmts count="2"><numFmt numFmtId="176" formatCode="#,##0.00_ "/><numFmt numFmtId="177" formatCode="0.00&quot;万元&quot;"/></numFmts>'
    '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="4"/><xf numFmtId="10"/><xf numFmtId="177"/><xf numFmtId="31"/></cellXfs>'
)


def test_hand_written_cells(tmp_path: Path) -> None:
    shared = [
        "<si><t>收入合计</t></si>",
        '<si><r><rPr><b/></rPr><t>单位：</t></r><r><t xml:space="preserve">万元 </t></r></si>',  # rich text runs
        "<si><t>预算</t><rPh sb=\"0\" eb=\"2\"><t>よさん</t></rPh></si>",  # phonetic guide is not text
        "<si><t>第一行_x000D_\n第二行 _x005F_x0041_</t></si>",  # escaped characters, and an escaped "_x"
    ]
    body = (
        "<sheetData>"
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>行内文本</t></is></c>'
        '<c r="B2" t="inlineStr"><is><r><t>基本</t></r><r><t>支出</t></r></is></c><c r="C2" t="s"><v>2</v></c></row>'
        '<row r="3"><c r="A3" s="1"><v>2999.8500000001</v></c><c r="B3" s="2"><v>1251.46</v></c>'
        '<c r="C3" s="3"><v>0.36120000000000002</v></c><c r="D3" s="4"><v>137.2</v></c><c r="E3" s="5"><v>43845</v></c></row>'
        '<row r="4"><c r="A4" s="2"><f>SUM(B5:B6)</f><v>1748.3900000000001</v></c>'
        '<c r="B4" s="2"><f t="shared" ref="B4:C4" si="0">B5*2</f><v>10</v></c><c r="C4" s="2"><f t="shared" si="0"/><v>20.5</v></c>'
        '<c r="D4"><f>A4/0</f></c><c r="E4" t="e"><f>A4/0</f><v>#DIV/0!</v></c></row>'
        '<row r="5"><c r="A5" t="b"><v>1</v></c><c r="B5" t="b"><v>0</v></c><c r="C5" t="str"><f>A1&amp;"x"</f><v>收入合计x</v></c></row>'
        '<row r="6"><c r="A6" s="1"/><c r="D6" t="s"><v>3</v></c><c r="B6" t="s"><v>99</v></c><c r="C6" t="inlineStr"><is><t>   </t></is></c></row>'
        # cells and rows without r: the next position, as the format allows
        "<row><c><v>1</v></c><c><v>2</v></c><c r=\"E7\"><v>5</v></c><c><v>6</v></c></row>"
        "</sheetData>"
    )
    path = tmp_path / "手写.xlsx"
    write_xlsx(path, [("收入", body)], shared, STYLES, chartsheet_at=0)
    document = parse_xlsx(str(path))
    assert [table.title for table in document.tables] == ["收入"]  # the chart sheet holds no cells
    rows = {row.index: {cell.location.cell: cell.text for cell in row.cells} for row in document.tables[0].rows}
    assert rows == {
        1: {"A1": "收入合计", "B1": "单位：万元 "},
        2: {"A2": "行内文本", "B2": "基本支出", "C2": "预算"},
        3: {"A3": "2,999.85", "B3": "1,251.46", "C3": "36.12%", "D3": "137.20万元", "E3": "2020-01-15"},
        4: {"A4": "1,748.39", "B4": "10.00", "C4": "20.50", "E4": "#DIV/0!"},
        5: {"A5": "TRUE", "B5": "FALSE", "C5": "收入合计x"},
        6: {"D6": "第一行\r\n第二行 _x0041_"},
        7: {"A7": "1", "B7": "2", "E7": "5", "F7": "6"},
    }


def test_merged_cells_and_covered_values(tmp_path: Path) -> None:
    body = (
        "<sheetData>"
        '<row r="2"><c r="B2" t="inlineStr"><is><t>绩效指标</t></is></c><c r="C2" t="inlineStr"><is><t>被覆盖</t></is></c>'
        '<c r="E2" t="inlineStr"><is><t>指标值</t></is></c></row>'
        '<row r="3"><c r="B3" t="inlineStr"><is><t>被覆盖</t></is></c><c r="E3"><v>95</v></c></row>'
        '<row r="5"><c r="A5" t="inlineStr"><is><t>说明</t></is></c></row>'
        "</sheetData>"
        '<mergeCells count="3"><mergeCell ref="B2:D4"/><mergeCell ref="A5:B5"/><mergeCell ref="F9:G9"/></mergeCells>'
    )
    path = tmp_path / "合并.xlsx"
    write_xlsx(path, [("绩效目标表", body)])
    table = parse_xlsx(str(path)).tables[0]
    rows = [[(cell.location.cell, cell.text, cell.row_span, cell.col_span) for cell in row.cells] for row in table.rows]
    assert rows == [
        [("B2", "绩效指标", 3, 3), ("E2", "指标值", 1, 1)],
        [("E3", "95", 1, 1)],
        [("A5", "说明", 1, 2)],
    ]


def test_date1904_workbook(tmp_path: Path) -> None:
    body = '<sheetData><row r="1"><c r="A1" s="5"><v>42383</v></c></row></sheetData>'
    path = tmp_path / "mac.xlsx"
    write_xlsx(path, [("表", body)], styles=STYLES, workbook_pr='<workbookPr date1904="1"/>')
    assert parse_xlsx(str(path)).tables[0].rows[0].cells[0].text == "2020-01-15"


def test_broken_sheet_xml_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "坏.xlsx"
    write_xlsx(path, [("表", '<sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData>')])
    with pytest.raises(InputError) as caught:
        parse_xlsx(str(path))
    assert (caught.value.code, caught.value.detail) == ("corrupt", "bad_xml")


def test_doctype_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "实体.xlsx"
    doctype = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "x">]><sst/>'
    write_xlsx(path, [("表", "<sheetData/>")], replace={"xl/sharedStrings.xml": doctype})
    with pytest.raises(InputError) as caught:
        parse_xlsx(str(path))
    assert caught.value.code == "unsafe_xml"
