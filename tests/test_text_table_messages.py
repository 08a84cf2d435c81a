"""The figures a T301/T321 message quotes agree with each other: a table amount converted to the text's
unit is shown with every digit the conversion gives (折合 9101.677535万元, not 9101.68), so the stated
amount, the converted one, the difference and the tolerance tell one story; no 折合 without a conversion."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from budgetcheck.cli import app
from test_package_tables import unit_files
from test_table_changes import package

runner = CliRunner()


def messages(*args: str) -> list[str]:
    result = runner.invoke(app, ["audit", *args, "--format", "json"])
    return [f["message"] for d in json.loads(result.stdout)["documents"] for f in d["findings"]]


def test_a_converted_amount_is_shown_exactly_beside_a_coarse_text_amount(tmp_path: Path) -> None:
    # "100万元" has no decimals: the 元 table's 2999.85万元 and the difference keep theirs (not 3000, -2900).
    text, tables = unit_files(tmp_path, "甲局", "100", "29998500.00")
    assert messages(str(text), str(tables), "--select", "T301") == [
        "说明所述 2021年收入预算 100万元 与 部门收支总表 收入总计（收入 / 预算数） 29998500.00元（折合 2999.85万元）不一致，"
        "相差 -2899.85万元，容差 0.5000005万元"
    ]
    assert messages(str(text), str(tables), "--select", "T301", "--lang", "en") == [
        "the text's 2021年收入预算 100 ten-thousand yuan differs from budget overview (income and expenditure), 收入总计 (收入 / 预算数) "
        "29998500.00 yuan (2999.85 ten-thousand yuan); difference -2899.85 ten-thousand yuan, tolerance 0.5000005 ten-thousand yuan"
    ]


def test_no_conversion_no_zhehe(tmp_path: Path) -> None:
    text, tables = unit_files(tmp_path, "甲局", "250.00", "240.00")
    book = openpyxl.load_workbook(tables)
    book.active["A1"] = "单位：万元"
    book.save(tables)
    assert messages(str(text), str(tables), "--select", "T301") == [
        "说明所述 2021年收入预算 250.00万元 与 部门收支总表 收入总计（收入 / 预算数） 240.00万元不一致，相差 10.00万元，容差 0.010万元"
    ]


def test_a_change_against_a_yuan_table_is_shown_at_the_texts_precision(tmp_path: Path) -> None:
    text, tables = package(tmp_path, "2021年收入总计130.00万元，比上年增加20.00万元。", previous="1000000.00", current="1300000.00")
    book = openpyxl.load_workbook(tables)
    book.active["A1"] = "单位：元"
    book.save(tables)
    assert messages(str(text), str(tables), "--select", "T321") == [
        "说明所述 2021年收入总计 较上年增加20.00万元，但部门收支总表本年数 1300000.00元、上年数 1000000.00元，"
        "变化应为 30.00万元，相差 -10.00万元，容差 0.0050010万元"  # not 30.000000 / -10.000000
    ]


def test_truncate_mode_shows_why_the_text_and_the_yuan_table_disagree(real_dir: Path) -> None:
    """办公室 2025 with --rounding truncate: 9101.68万元 in the text, 91,016,775.35元 in the tables.  Cut, the
    book value 9101.677535万元 prints as 9101.67, so 9101.68 is an error in that model — and the message
    shows 9101.677535, not a 折合 9101.68 that looks equal to the text."""
    found = messages(str(real_dir / "上海市普陀区人民政府办公室25年预算.pdf"), "--select", "T301", "--rounding", "truncate")
    assert [m.split(" 与 ")[1] for m in found] == [
        f"{table} 91016775.35元（折合 9101.677535万元）不一致，相差 0.002465万元，容差 0.0000005万元"
        for table in ("部门收支总表 收入总计（本年收入 / 预算数）", "部门收支总表 支出总计（本年支出 / 预算数）",
                      "一般公共预算支出表 合计（一般公共预算支出 / 合计）")
    ]


def test_truncate_mode_on_a_whole_yuan_table(real_dir: Path) -> None:
    # 万里 2025: 189,767,551元 printed to the 元 is itself cut, so it stands for [18976.7551, 18976.7552]万元.
    found = messages(str(real_dir / "上海市普陀区人民政府万里街道办事处25年预算.pdf"), "--select", "T301", "--rounding", "truncate")
    assert len(found) == 3
    assert all(m.endswith("189767551元（折合 18976.7551万元）不一致，相差 0.0049万元，容差 0.00010万元") for m in found)
