"""Precision first: statements budgetcheck does not fully understand are not checked, and the real
published disclosures give no error or warning from the narrative and table rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app

runner = CliRunner()


def audit(path: Path) -> dict:
    result = runner.invoke(app, ["audit", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["documents"][0]


@pytest.mark.parametrize(
    "name",
    [
        "上海市普陀区人民政府万里街道办事处25年预算.pdf",
        "江苏省人民检察院2019年度部门预算公开.pdf",
        "江苏省委办公厅2019年度部门预算公开文件.pdf",
    ],
)
def test_real_disclosures_raise_no_false_alarm(real_dir: Path, name: str) -> None:
    """(普陀区财政局 2024 决算 has one real error; tests/test_standard_tables_real.py asserts it.)"""
    document = audit(real_dir / name)
    assert [f for f in document["findings"] if f["severity"] != "info"] == []
    assert document["checks"]["run"] > 0


def test_final_accounts_are_not_held_to_budget_balance(real_dir: Path) -> None:
    """A 决算's 本年收入 2,946.25 and 本年支出 2,940.05 differ legitimately (the rest is 结余)."""
    result = runner.invoke(app, ["audit", str(real_dir / "上海市普陀区财政局2024年度部门决算.pdf"), "--format", "json", "--select", "N301"])
    assert json.loads(result.stdout)["documents"][0]["checks"]["run"] == 0


def test_truncated_growth_rate_is_rounding_not_error(real_dir: Path) -> None:
    """检察院: 2228.78 / (24169.74 − 2228.78) = 10.158…%, printed truncated as 10.15%."""
    document = audit(real_dir / "江苏省人民检察院2019年度部门预算公开.pdf")
    growth = [f for f in document["findings"] if f["rule"] == "N202"]
    assert ("info", "10.15") in [(f["severity"], f["actual"]) for f in growth]
    assert all(f["severity"] == "info" for f in growth)


def test_a_classification_tail_is_not_a_total(tmp_path: Path) -> None:
    path = tmp_path / "说明.txt"
    path.write_text(
        "2019年收入预算总计24,169.74万元。\n1．住房改革支出（款）住房公积金（项）支出1442.74万元，与上年相比增加368.97万元。\n",
        encoding="utf-8",
    )
    document = audit(path)
    assert document["findings"] == []
