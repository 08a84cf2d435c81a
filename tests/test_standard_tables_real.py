"""The standard tables of real published disclosures: what is recognised, what is checked, the one
real error (普陀区财政局 2024 决算), and that nothing is claimed on a blank template."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.extract.standard_tables import find_standard_tables
from budgetcheck.parsers import load

runner = CliRunner()
FINAL_NINE = {
    "final_overview", "final_income", "final_expenditure", "final_fiscal_overview", "final_general",
    "final_basic", "final_three_public", "final_fund", "final_state_capital",
}


def audit(*paths: Path) -> tuple[int, list[dict]]:
    result = runner.invoke(app, ["audit", *map(str, paths), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)["documents"]


def serious(documents: list[dict]) -> list[dict]:
    return [f for d in documents for f in d["findings"] if f["severity"] != "info"]


def test_putuo_final_accounts_nine_tables_recognised(real_dir: Path) -> None:
    tables = find_standard_tables(load(str(real_dir / "上海市普陀区财政局2024年度部门决算.pdf")))
    assert {table.kind.id for table in tables} == FINAL_NINE and len(tables) == 9
    assert {table.unit for table in tables} == {"万元"}  # the 单位：万元 line above each table
    assert [table.kind.id for table in tables if table.is_empty()] == ["final_fund", "final_state_capital"]


def test_putuo_final_accounts_real_error_is_found_and_named_on_both_sides(real_dir: Path) -> None:
    code, documents = audit(real_dir / "上海市普陀区财政局2024年度部门决算.pdf")
    assert code == 1
    *class_lines, finding = serious(documents)  # in the order of their first place: page 6, 12, then 21
    assert finding["rule"] == "T301" and finding["category"] == "cross-reference"
    assert finding["message"] == (
        "说明所述 上海市普陀区财政局2024年度财政拨款收入支出总计 0.30万元 与 财政拨款收入支出决算总表 总计（收入 / 决算数） "
        "2961.68万元不一致，相差 -2961.38万元，容差 0.010万元"  # both in 万元: nothing to convert, no 折合
    )
    text, cell = finding["locations"]
    assert (text["page"], text["paragraph"]) == (21, 40)
    assert (cell["page"], cell["table"], cell["text"]) == (13, 5, "2,961.68")
    # The other real error: 社会保障和就业支出 printed 326.71 in both 总表 and 326.72 in the detail tables
    # (checked by hand: 208 = 20805 = 84.65 + 160.75 + 80.38 + 0.94 = 326.72, so the 总表 are wrong).
    assert [(f["rule"], f["message"]) for f in class_lines] == [
        ("T202", "收入支出决算总表 社会保障和就业支出（支出 / 决算数） 326.71万元 与 支出决算表 208 社会保障和就业支出（本年支出合计） "
                 "326.72万元 不一致，相差 -0.01万元（同一科目的同一数字，同样精度印出应完全相同；容差 0万元）"),
        ("T202", "财政拨款收入支出决算总表 社会保障和就业支出（支出 / 一般公共预算财政拨款） 326.71万元 与 一般公共预算财政拨款支出决算表 "
                 "208 社会保障和就业支出（合计） 326.72万元 不一致，相差 -0.01万元（同一科目的同一数字，同样精度印出应完全相同；容差 0万元）"),
    ]
    assert [[(place["page"], place["table"], place["text"]) for place in f["locations"]] for f in class_lines] == [
        [(6, 2, "326.71"), (10, 4, "326.72")], [(12, 5, "326.71"), (15, 6, "326.72")],
    ]


def test_putuo_sums_of_rounded_lines_stay_rounding_not_errors(real_dir: Path) -> None:
    """302 商品和服务支出 171.07 against Σ 302xx = 171.09: each of 12 lines was rounded on its own, so
    the sum may drift by up to 0.065; that is rounding (info), unlike one line printed twice (T202)."""
    result = runner.invoke(app, ["audit", str(real_dir / "上海市普陀区财政局2024年度部门决算.pdf"), "--format", "json",
                                 "--select", "T102", "--verbose"])
    [document] = json.loads(result.stdout)["documents"]
    assert [(f["rule"], f["severity"], f["expected"], f["actual"], f["tolerance"]) for f in document["findings"]] == [
        ("T102", "info", "2082.86", "2082.85", "0.045"), ("T102", "info", "171.09", "171.07", "0.065"),
    ]


def test_putuo_final_accounts_tables_are_checked_not_skipped(real_dir: Path) -> None:
    _, [document] = audit(real_dir / "上海市普陀区财政局2024年度部门决算.pdf")
    # Every table check could run; only the narrative's changes from 2023 cannot be checked against
    # tables that print 2024 alone (T321, pinned in test_table_changes.py).
    assert {item["rule"] for item in document["unchecked"]} == {"T321"}
    result = runner.invoke(app, ["audit", str(real_dir / "上海市普陀区财政局2024年度部门决算.pdf"), "--format", "json",
                                 "--select", "T104,T105,T201"])
    counts = json.loads(result.stdout)["documents"][0]["checks"]
    # 收入支出决算总表 and 财政拨款收入支出决算总表: 总计 = 本年合计 + 结转 on both sides, 收入 = 支出;
    # the four totals two tables share, among them 基本支出 2,336.91 = 人员经费合计 + 公用经费合计.
    assert counts == {"run": 16, "passed": 16, "failed": 0, "rounding": 0, "not_applicable": 0, "insufficient_data": 0}


def test_jiangsu_narrative_and_tables_audit_as_one_package(real_dir: Path) -> None:
    narrative = real_dir / "江苏省委办公厅2019年度部门预算公开文件.pdf"
    tables = real_dir / "江苏省委办公厅2019年度部门预算公开表格.pdf"
    code, documents = audit(narrative, tables)
    assert code == 0 and serious(documents) == []
    # The narrative's 一般公共预算收入 and 一般公共预算财政拨款支出预算 are found in the other file's tables.
    result = runner.invoke(app, ["audit", str(narrative), str(tables), "--format", "json", "--select", "T301", "--verbose"])
    text_document = json.loads(result.stdout)["documents"][0]
    assert text_document["checks"]["passed"] == 4
    # What could not be compared says why (人员经费 has no column of its own in the 江苏 基本支出表).
    assert text_document["unchecked"] and all(item["reason"] for item in text_document["unchecked"])


def test_procuratorate_audits_alone_and_says_why_where_it_cannot(real_dir: Path) -> None:
    code, [document] = audit(real_dir / "江苏省人民检察院2019年度部门预算公开.pdf")
    # Its one error is the text's, a growth rate copied from another line (tests/test_audit_precision.py).
    assert code == 1 and [f["rule"] for f in document["findings"] if f["severity"] != "info"] == ["N202"]
    assert document["unchecked"] and all(item["reason"] for item in document["unchecked"])


def test_blank_final_template_claims_no_arithmetic(real_dir: Path) -> None:
    result = runner.invoke(app, ["audit", str(real_dir / "附件2：部门决算模板.pdf"), "--format", "json", "--select", "arithmetic,cross-reference"])
    document = json.loads(result.stdout)["documents"][0]
    assert result.exit_code == 0
    assert document["findings"] == []
    checks = document["checks"]
    assert checks["failed"] == 0 and checks["passed"] == 0 and checks["rounding"] == 0


def test_blank_final_template_tables_lack_their_notes(real_dir: Path) -> None:
    _, [document] = audit(real_dir / "附件2：部门决算模板.pdf")
    notes = [f for f in document["findings"] if f["rule"] == "T402"]
    assert all(f["severity"] == "warning" for f in notes)
    # Tables 9 and 10 say why they are blank ("…没有政府性基金预算财政拨款收入和支出，故本表无数据"),
    # third after the table, below the template's 注：本表反映… lines; the other seven do not.
    assert [f["locations"][0]["table"] for f in notes] == [2, 3, 4, 5, 6, 7, 8]


def test_shanghai_budgets_raise_no_false_alarm(real_dir: Path) -> None:
    for name in ("上海市普陀区人民政府万里街道办事处25年预算.pdf", "上海市普陀区人民政府办公室25年预算.pdf"):
        code, documents = audit(real_dir / name)
        assert code == 0 and serious(documents) == [], name


def test_a_rounding_difference_between_text_and_a_yuan_table_keeps_its_digits(real_dir: Path) -> None:
    """万里 2025: 18,976.76万元 in the text, 189,767,551元 in the 收支总表 — 0.0049万元 apart, within rounding;
    the hint says so instead of "相差 0.00万元 … 应为 18976.76，实为 18976.76"."""
    result = runner.invoke(app, ["audit", str(real_dir / "上海市普陀区人民政府万里街道办事处25年预算.pdf"), "--format", "json",
                                 "--select", "T301", "--verbose"])
    [document] = json.loads(result.stdout)["documents"]
    hints = {f["message"] for f in document["findings"]}
    assert hints == {"相差 0.0049万元，在四舍五入容差 0.00505万元 以内（应为 18976.7551，实为 18976.76）"}


def test_rounding_notes_between_wan_yuan_text_and_yuan_tables_show_the_difference(real_dir: Path) -> None:
    # 9,101.68万元 in the text, 91,016,775.35元 in the tables: 0.002465万元 apart, within rounding.
    result = runner.invoke(app, ["audit", str(real_dir / "上海市普陀区人民政府办公室25年预算.pdf"), "--verbose", "--select", "T301"])
    notes = [line.strip() for line in result.output.splitlines() if line.strip().startswith("提示 T301 ")]
    assert len(notes) == 3 and all("相差 0.002465万元，在四舍五入容差 0.0050005万元 以内（应为 9101.677535，实为 9101.68）" in note for note in notes)
    assert "相差 0.00万元" not in result.output
