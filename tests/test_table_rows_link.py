"""T202: a 功能分类 line two tables both print is one figure of the books — identical at one precision.

The seed package keeps it; a workbook whose 财政拨款收支总表 moves one cent between two classes (its
own sums still hold) breaks it twice.  The tolerance model behind it is tested on its own."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.numbers import Quantity
from budgetcheck.tolerance import check_same_figure
from conftest import SAMPLES, SEED_DOCX, SEED_STEM

runner = CliRunner()
SEED_TABLES = SAMPLES / f"{SEED_STEM}_预算公开表.xlsx"


def audit(*paths: Path, select: str = "tables") -> tuple[int, list[dict]]:
    result = runner.invoke(app, ["audit", *map(str, paths), "--format", "json", "--select", select])
    return result.exit_code, json.loads(result.stdout)["documents"]


def money(text: str, unit: str) -> Quantity:
    value = Decimal(text)
    return Quantity(value=value, decimals=max(0, -value.as_tuple().exponent), unit=unit, kind="money", text=text)  # type: ignore[operator]


def test_one_precision_means_identical_digits() -> None:
    outcome = check_same_figure(money("326.71", "万元"), money("326.72", "万元"))
    assert (outcome.status, outcome.difference, outcome.tolerance) == ("fail", Decimal("-0.01"), Decimal(0))
    assert check_same_figure(money("326.72", "万元"), money("326.72", "万元")).status == "pass"


def test_two_precisions_mean_the_coarser_rounds_the_finer() -> None:
    assert check_same_figure(money("636.67", "万元"), money("6366700.00", "元")).status == "pass"
    assert check_same_figure(money("636.67", "万元"), money("6366749.99", "元")).status == "rounding"
    assert check_same_figure(money("636.67", "万元"), money("6366800.00", "元")).status == "fail"


def test_seed_package_keeps_every_shared_class_line() -> None:
    code, documents = audit(SEED_DOCX, SEED_TABLES, select="T202")
    assert code == 0
    counts = documents[1]["checks"]
    # 部门收支总表 ↔ 部门支出总表 and 财政拨款收支总表 ↔ 一般公共预算支出表 (5 classes each), 财政拨款收支总表 ↔
    # 政府性基金预算支出表 (其他支出); the blank 国有资本经营 table states no line.
    assert counts == {"run": 12, "passed": 12, "failed": 0, "rounding": 0, "not_applicable": 0, "insufficient_data": 0}


def test_a_cent_moved_between_classes_is_an_error_on_both_lines(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(SEED_TABLES)
    sheet = workbook["表4 财政拨款收支总表"]
    sheet["D6"] = sheet["E6"] = Decimal("1500000.01")  # 社会保障和就业支出, was 1,500,000.00
    sheet["D7"] = sheet["E7"] = Decimal("399999.99")  # 卫生健康支出, was 400,000.00: the 总计 still holds
    out = tmp_path / SEED_TABLES.name
    workbook.save(out)

    code, documents = audit(SEED_DOCX, out)
    assert code == 1
    found = [f for d in documents for f in d["findings"] if f["severity"] != "info"]
    assert [(f["rule"], f["message"]) for f in found] == [
        ("T202", "财政拨款收支总表 社会保障和就业支出（支出 / 一般公共预算） 1500000.01元 与 一般公共预算支出表 208 社会保障和就业支出（合计） "
                 "1500000.00元 不一致，相差 0.01元（同一科目的同一数字，同样精度印出应完全相同；容差 0元）"),
        ("T202", "财政拨款收支总表 卫生健康支出（支出 / 一般公共预算） 399999.99元 与 一般公共预算支出表 210 卫生健康支出（合计） "
                 "400000.00元 不一致，相差 -0.01元（同一科目的同一数字，同样精度印出应完全相同；容差 0元）"),
    ]
    assert [[(place["sheet"], place["cell"]) for place in f["locations"]] for f in found] == [
        [("表4 财政拨款收支总表", "E6"), ("表5 一般公共预算支出表", "C9")],
        [("表4 财政拨款收支总表", "E7"), ("表5 一般公共预算支出表", "C12")],
    ]
