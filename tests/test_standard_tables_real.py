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
    [finding] = serious(documents)
    assert finding["rule"] == "T301" and finding["category"] == "cross-reference"
    assert finding["message"] == (
        "说明所述 上海市普陀区财政局2024年度财政拨款收入支出总计 0.30万元 与 财政拨款收入支出决算总表 总计（收入 / 决算数） "
        "2961.68万元（折合 2961.68万元）不一致，相差 -2961.38万元，容差 0.010万元"
    )
    text, cell = finding["locations"]
    assert (text["page"], text["paragraph"]) == (21, 40)
    assert (cell["page"], cell["table"], cell["text"]) == (13, 5, "2,961.68")


def test_putuo_final_accounts_tables_are_checked_not_skipped(real_dir: Path) -> None:
    _, [document] = audit(real_dir / "上海市普陀区财政局2024年度部门决算.pdf")
    assert document["unchecked"] == []  # every table check could run
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
    assert code == 0 and [f for f in document["findings"] if f["severity"] != "info"] == []
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


def test_rounding_notes_between_wan_yuan_text_and_yuan_tables_show_the_difference(real_dir: Path) -> None:
    # 9,101.68万元 in the text, 91,016,775.35元 in the tables: 0.002465万元 apart, within rounding.
    result = runner.invoke(app, ["audit", str(real_dir / "上海市普陀区人民政府办公室25年预算.pdf"), "--verbose", "--select", "T301"])
    notes = [line.strip() for line in result.output.splitlines() if line.strip().startswith("提示 T301 ")]
    assert len(notes) == 3 and all("相差 0.002465万元，在四舍五入容差 0.0050005万元 以内（应为 9101.677535，实为 9101.68）" in note for note in notes)
    assert "相差 0.00万元" not in result.output
