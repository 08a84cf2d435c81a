"""Precision first: statements budgetcheck does not fully understand are not checked, and the real
published disclosures give no error or warning from the narrative and table rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app

runner = CliRunner()


def audit(path: Path, exit_code: int = 0) -> dict:
    result = runner.invoke(app, ["audit", str(path), "--format", "json"])
    assert result.exit_code == exit_code, result.output
    return json.loads(result.stdout)["documents"][0]


@pytest.mark.parametrize(
    "name",
    [
        "上海市普陀区人民政府万里街道办事处25年预算.pdf",
        "江苏省委办公厅2019年度部门预算公开文件.pdf",
    ],
)
def test_real_disclosures_raise_no_false_alarm(real_dir: Path, name: str) -> None:
    """(普陀区财政局 2024 决算 and 检察院 2019 have real errors, asserted in their own tests.)"""
    document = audit(real_dir / name)
    assert [f for f in document["findings"] if f["severity"] != "info"] == []
    assert document["checks"]["run"] > 0


def test_final_accounts_are_not_held_to_budget_balance(real_dir: Path) -> None:
    """A 决算's 本年收入 2,946.25 and 本年支出 2,940.05 differ legitimately (the rest is 结余)."""
    result = runner.invoke(app, ["audit", str(real_dir / "上海市普陀区财政局2024年度部门决算.pdf"), "--format", "json", "--select", "N301"])
    assert json.loads(result.stdout)["documents"][0]["checks"]["run"] == 0


def test_truncated_growth_rate_is_rounding_not_error(real_dir: Path) -> None:
    """检察院: 2228.78 / (24169.74 − 2228.78) = 10.158…%, printed truncated as 10.15%."""
    document = audit(real_dir / "江苏省人民检察院2019年度部门预算公开.pdf", exit_code=1)
    growth = [f for f in document["findings"] if f["rule"] == "N202"]
    assert ("info", "10.15") in [(f["severity"], f["actual"]) for f in growth]


def test_procuratorate_growth_rate_copied_from_the_line_above_is_an_error(real_dir: Path) -> None:
    """检察院 p.26: "项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少13.22%" — 1237.7 / (4335.3 + 1237.7)
    is 22.21%; 13.22% is the 基本支出 line's rate.  The only error or warning in the file."""
    document = audit(real_dir / "江苏省人民检察院2019年度部门预算公开.pdf", exit_code=1)
    serious = [(f["rule"], f["severity"], f["message"]) for f in document["findings"] if f["severity"] != "info"]
    assert serious == [("N202", "error", "项目支出 4335.30万元、增减 -1237.70万元，推算增长率为 -22.2089%，与所述 -13.22% 不符（相差 8.9889 个百分点）")]
    [error] = [f for f in document["findings"] if f["severity"] == "error"]
    assert {(place["page"], place["paragraph"]) for place in error["locations"]} == {(26, 102)}  # the amount and the rate


def test_a_classification_tail_is_not_a_total(tmp_path: Path) -> None:
    path = tmp_path / "说明.txt"
    path.write_text(
        "2019年收入预算总计24,169.74万元。\n1．住房改革支出（款）住房公积金（项）支出1442.74万元，与上年相比增加368.97万元。\n",
        encoding="utf-8",
    )
    document = audit(path)
    assert document["findings"] == []
