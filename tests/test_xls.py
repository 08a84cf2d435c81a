"""XLS (BIFF8): every sheet read as displayed, merged ranges once with their spans."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
import xlrd

from budgetcheck.errors import InputError
from budgetcheck.model import Cell, Document, Table
from budgetcheck.parsers import load
from budgetcheck.parsers.xls import parse_xls

REAL_XLS = "上海市普陀区2026年区级单位预算_空白模板.xls"
REAL_SHEETS = [
    "封面",
    "目录",
    "单位职能",
    "单位机构设置",
    "名词解释",
    "单位编制说明",
    "单位收支总表",
    "单位收入总表",
    "单位支出总表",
    "单位财政拨款收支总表",
    "单位一般公共预算拨款表",
    "单位政府性基金拨款表",
    "单位国有资本经营预算拨款表 ",
    "单位一般公共预算拨款基本支出明细表",
    "单位“三公”经费和机关运行费预算表",
    "其他相关情况说明",
]
BIFF8_GLOBALS_BOF = b"\x09\x08\x10\x00\x00\x06\x05\x00"


from sheet_cells import at, sheet, spans  # noqa: E402


def test_real_template_every_sheet_in_order(real_dir: Path) -> None:
    document = load(str(real_dir / REAL_XLS))
    assert document.format == "xls"
    assert [table.title for table in document.tables] == REAL_SHEETS
    assert [table.location.sheet for table in document.tables] == REAL_SHEETS
    assert [table.location.table for table in document.tables] == list(range(1, 17))


def test_real_template_cells_checked_by_hand(real_dir: Path) -> None:
    document = parse_xls(str(real_dir / REAL_XLS))

    cover = sheet(document, "封面")
    assert [row.index for row in cover.rows] == [3, 9]
    assert spans(at(cover, "A3")) == ("上海市普陀区2026年区级单位预算", 1, 13)

    totals = sheet(document, "单位收支总表")
    assert spans(at(totals, "A2")) == ("2026年预算单位财务收支预算总表", 1, 7)  # A2:G2
    assert spans(at(totals, "G4")) == ("单位：元", 1, 1)  # the unit banner is kept as text
    assert spans(at(totals, "A6")) == ("本年收入", 1, 2)  # A6:B6
    assert spans(at(totals, "C6")) == ("本年支出", 1, 5)  # C6:G6
    # A three-row header: 项目/预算数 merged down A7:A9, B7:B9, C7:C9; 预算数 across D7:G7.
    assert spans(at(totals, "A7")) == ("项目", 3, 1)
    assert spans(at(totals, "B7")) == ("预算数", 3, 1)
    assert spans(at(totals, "D7")) == ("预算数", 1, 4)
    assert spans(at(totals, "D8")) == ("合计", 2, 1)
    assert spans(at(totals, "E8")) == ("基本支出", 1, 2)
    assert [cell.location.cell for cell in totals.rows[5].cells] == ["E9", "F9"]  # row 9 under the merges
    assert totals.cell_at(9, 1) is at(totals, "A7")
    assert spans(at(totals, "A21")) == ("收入总计", 1, 1)

    expenses = sheet(document, "单位支出总表")
    assert at(expenses, "A9").text == "205"  # stored as the number 205.0 in General
    assert spans(at(expenses, "D7")) == ("功能分类科目名称", 2, 1)

    three = sheet(document, "单位“三公”经费和机关运行费预算表")
    assert spans(at(three, "G3")) == ("单位:万元", 1, 1)
    assert spans(at(three, "G4")) == ("机关运行经费预算数", 3, 1)  # G4:G6
    assert spans(at(three, "D5")) == ("公务用车购置及运行费", 1, 3)  # D5:F5
    g4 = at(three, "G4")
    assert (g4.row, g4.column, g4.location.sheet, g4.location.table) == (4, 7, "单位“三公”经费和机关运行费预算表", 15)


def test_real_template_agrees_with_xlrd(real_dir: Path) -> None:
    path = real_dir / REAL_XLS
    document = parse_xls(str(path))
    book = xlrd.open_workbook(str(path), formatting_info=True)
    for xl_sheet, table in zip(book.sheets(), document.tables):
        ours = {cell.location.cell: cell for cell in table.cells()}
        covered = {
            (row, column)
            for rlo, rhi, clo, chi in xl_sheet.merged_cells
            for row in range(rlo, rhi)
            for column in range(clo, chi)
            if (row, column) != (rlo, clo)
        }
        for row in range(xl_sheet.nrows):
            for column in range(xl_sheet.row_len(row)):
                value = xl_sheet.cell_value(row, column)
                if isinstance(value, str) and value.strip() and (row, column) not in covered:
                    assert ours[xlrd.cellname(row, column)].text == value
        for rlo, rhi, clo, chi in xl_sheet.merged_cells:
            ref = xlrd.cellname(rlo, clo)
            if ref in ours:
                assert (ours[ref].row_span, ours[ref].col_span) == (rhi - rlo, chi - clo)


def build_finance_xls(path: Path) -> None:
    xlwt = pytest.importorskip("xlwt", reason="xlwt (test-only) builds BIFF8 files")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("政府采购")
    ws.write_merge(0, 0, 0, 3, "2020年政府采购预算表")
    ws.write(1, 0, "单位：万元")
    ws.write_merge(2, 3, 0, 0, "项目")
    ws.write_merge(2, 2, 1, 3, "采购预算")
    for column, text in enumerate(["货物", "工程", "服务"], start=1):
        ws.write(3, column, text)
    ws.write(4, 0, "合计")
    ws.write(4, 1, 2999.8500000001, xlwt.easyxf(num_format_str="#,##0.00"))
    ws.write(4, 2, 137.2, xlwt.easyxf(num_format_str="0.00"))
    ws.write(4, 3, 0.3612, xlwt.easyxf(num_format_str="0.00%"))
    ws.write(5, 0, "笔数")
    ws.write(5, 1, 18)
    ws.write(5, 2, 0.1 + 0.2)  # float ok: the float noise a formula leaves behind
    ws.write(5, 3, date(2020, 1, 15), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    ws.write(6, 0, True)
    ws.write(6, 2, "2999.85")
    ws.write(6, 3, -1234.5, xlwt.easyxf(num_format_str='#,##0.00;[Red]\\-#,##0.00'))
    ws.write(8, 0, "说明：以上数据为预算数")
    ws.write_merge(11, 11, 0, 2, "备注")
    wb.add_sheet("空表")
    wb.save(str(path))


def test_built_workbook_displayed_text(tmp_path: Path) -> None:
    path = tmp_path / "政府采购.xls"
    build_finance_xls(path)
    document = load(str(path))
    assert document.format == "xls"
    assert [table.title for table in document.tables] == ["政府采购", "空表"]
    rows = {
        row.index: [(cell.location.cell, cell.text, cell.row_span, cell.col_span) for cell in row.cells]
        for row in document.tables[0].rows
    }
    assert rows == {
        1: [("A1", "2020年政府采购预算表", 1, 4)],
        2: [("A2", "单位：万元", 1, 1)],
        3: [("A3", "项目", 2, 1), ("B3", "采购预算", 1, 3)],
        4: [("B4", "货物", 1, 1), ("C4", "工程", 1, 1), ("D4", "服务", 1, 1)],
        5: [("A5", "合计", 1, 1), ("B5", "2,999.85", 1, 1), ("C5", "137.20", 1, 1), ("D5", "36.12%", 1, 1)],
        6: [("A6", "笔数", 1, 1), ("B6", "18", 1, 1), ("C6", "0.3", 1, 1), ("D6", "2020-01-15", 1, 1)],
        7: [("A7", "TRUE", 1, 1), ("C7", "2999.85", 1, 1), ("D7", "-1,234.50", 1, 1)],
        9: [("A9", "说明：以上数据为预算数", 1, 1)],
        12: [("A12", "备注", 1, 3)],
    }
    assert document.tables[1].rows == []


def with_cached_value(path: Path, cell: str, value: str) -> None:
    """Give a formula cell of the first sheet the cached value Excel saves beside it
    (openpyxl writes the formula alone), so the .xlsx shows what Excel would."""
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    xml = parts[member].decode("utf-8")
    start = xml.index(f'<c r="{cell}"')
    end = xml.index("</c>", start)
    assert xml[start:end].endswith("</f><v></v>")  # a formula with an empty value
    parts[member] = (xml[: end - len("</v>")] + value + xml[end - len("</v>") :]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_libreoffice_conversion_reads_the_same(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed; the .xlsx → .xls conversion needs it")
    from test_xlsx import build_finance_workbook

    source = tmp_path / "政府采购.xlsx"
    build_finance_workbook(source)
    # B7 = B5 + C5 = 2999.8500000001 + 137.2, in General: both files show 3137.05.
    with_cached_value(source, "B7", "3137.0500000001")
    subprocess.run(
        # A profile of its own: the shared one is locked while another LibreOffice runs on the machine.
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "xls", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    converted = load(str(tmp_path / "政府采购.xls"))
    original = load(str(source))
    assert converted.format == "xls"
    assert [t.title for t in converted.tables] == [t.title for t in original.tables]
    assert at(converted.tables[0], "B7").text == "3137.05"
    for ours, theirs in zip(converted.tables, original.tables):
        assert [[c.to_dict() for c in r.cells] for r in ours.rows] == [[c.to_dict() for c in r.cells] for r in theirs.rows]


def test_truncated_xls_is_corrupt(real_dir: Path, tmp_path: Path) -> None:
    data = (real_dir / REAL_XLS).read_bytes()
    path = tmp_path / "半截.xls"
    path.write_bytes(data[: len(data) * 3 // 4])
    with pytest.raises(InputError) as caught:
        parse_xls(str(path))
    assert (caught.value.code, caught.value.detail) == ("corrupt", "bad_xls")


def test_encrypted_xls(real_dir: Path, tmp_path: Path) -> None:
    """A FILEPASS record right after the workbook's BOF is how BIFF8 marks a password-protected file."""
    data = bytearray((real_dir / REAL_XLS).read_bytes())
    bof = data.find(BIFF8_GLOBALS_BOF)
    assert bof > 0
    data[bof + 20 : bof + 22] = b"\x2f\x00"  # the next record becomes FILEPASS
    path = tmp_path / "加密.xls"
    path.write_bytes(bytes(data))
    with pytest.raises(InputError) as caught:
        load(str(path))
    assert caught.value.code == "encrypted"


def test_xlsx_content_given_to_the_xls_reader(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "其实是xlsx.xls"
    openpyxl.Workbook().save(path)
    with pytest.raises(InputError) as caught:
        parse_xls(str(path))
    assert (caught.value.code, caught.value.detail) == ("corrupt", "bad_xls")
