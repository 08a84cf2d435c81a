"""Hidden sheets, rows and columns: read like any other cell, and marked as hidden."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.model import Document, Table
from budgetcheck.parsers import load

from sheet_cells import at, sheet


def build_workbook_with_hidden_parts(path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "支出表"
    for row in (["项目", "金额", "备注", "上年数"], ["合计", 30, "", 28], ["办公费", 10, "草稿", 9], ["印刷费", 20, "", 19]):
        ws.append(row)
    ws.row_dimensions[3].hidden = True  # 办公费
    ws.column_dimensions["D"].hidden = True  # 上年数
    ws.column_dimensions["F"].hidden = True  # hides nothing: no cell there
    hidden = wb.create_sheet("隐藏表")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "底稿"
    very_hidden = wb.create_sheet("深藏表")
    very_hidden.sheet_state = "veryHidden"
    very_hidden["A1"] = "参数"
    wb.save(path)


def check_hidden_parts(document: Document) -> None:
    expenses = sheet(document, "支出表")
    assert (expenses.hidden, expenses.hidden_rows, expenses.hidden_columns) == (False, (3,), (4,))
    # Hidden cells are still read: a total may add them up.
    assert [cell.text for cell in expenses.rows[2].cells] == ["办公费", "10", "草稿", "9"]
    assert expenses.is_hidden(at(expenses, "B3")) and expenses.is_hidden(at(expenses, "D2"))
    assert not expenses.is_hidden(at(expenses, "B2"))
    for title in ("隐藏表", "深藏表"):
        table: Table = sheet(document, title)
        assert table.hidden and all(table.is_hidden(cell) for cell in table.cells())


def test_xlsx_marks_hidden_sheets_rows_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "支出.xlsx"
    build_workbook_with_hidden_parts(path)
    check_hidden_parts(load(str(path)))


def test_xls_marks_hidden_sheets_rows_and_columns(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed; the .xlsx → .xls conversion needs it")
    source = tmp_path / "支出.xlsx"
    build_workbook_with_hidden_parts(source)
    subprocess.run(
        [soffice, "--headless", "--convert-to", "xls", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    document = load(str(tmp_path / "支出.xls"))
    assert document.format == "xls"
    check_hidden_parts(document)


def test_extract_json_says_what_is_hidden(tmp_path: Path) -> None:
    path = tmp_path / "支出.xlsx"
    build_workbook_with_hidden_parts(path)
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0
    tables = {block["title"]: block for block in json.loads(result.output)["blocks"]}
    assert {key: tables["支出表"].get(key) for key in ("hidden", "hidden_rows", "hidden_columns")} == {
        "hidden": None,
        "hidden_rows": [3],
        "hidden_columns": [4],
    }
    assert tables["隐藏表"]["hidden"] is True and tables["深藏表"]["hidden"] is True
    assert "hidden_rows" not in tables["隐藏表"]
