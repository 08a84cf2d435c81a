"""决算 narratives: "年初预算为A万元，支出决算为B万元，完成年初预算的P%。决算数小于预算数…" must agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app

runner = CliRunner()
GOOD = "年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%。决算数小于预算数的主要原因：项目调减。"


def audit(tmp_path: Path, sentence: str) -> tuple[int, list[dict], dict]:
    path = tmp_path / "2024年度部门决算.txt"
    path.write_text(f"某局2024年度部门决算\n一般公共预算财政拨款支出{sentence}\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(path), "--format", "json", "--select", "T311,T312"])
    document = json.loads(result.stdout)["documents"][0]
    return result.exit_code, document["findings"], document["checks"]


def test_rate_and_direction_that_agree(tmp_path: Path) -> None:
    code, findings, checks = audit(tmp_path, GOOD)
    assert code == 0
    # 2940.05 / 2993.92 = 98.2007…%: within the rounding of 98.20%, an info note, not an error.
    assert [(f["rule"], f["severity"]) for f in findings] == [("T311", "info")]
    assert checks["run"] == 2 and checks["failed"] == 0


def test_a_wrong_completion_rate(tmp_path: Path) -> None:
    code, findings, _ = audit(tmp_path, GOOD.replace("98.20%", "98.02%"))
    assert code == 1
    [finding] = [f for f in findings if f["severity"] == "error"]
    assert finding["rule"] == "T311"
    assert finding["message"] == "决算数 2940.05万元 ÷ 预算数 2993.92万元 = 98.2007%，与所述完成 98.02% 不符（相差 -0.1807 个百分点）"


@pytest.mark.parametrize("word", ["大于", "等于", "与预算数持平"])
def test_a_comparison_word_that_contradicts_the_amounts(tmp_path: Path, word: str) -> None:
    code, findings, _ = audit(tmp_path, GOOD.replace("决算数小于预算数", f"决算数{word}预算数"))
    assert code == 1
    [finding] = [f for f in findings if f["severity"] == "error"]
    assert finding["rule"] == "T312"
    assert finding["message"] == f"说“决算数{word}预算数”，但决算数为 2940.05万元，预算数为 2993.92万元"


def test_equal_amounts_may_be_called_flat(tmp_path: Path) -> None:
    code, findings, checks = audit(tmp_path, "年初预算为10.00万元，支出决算为10.00万元。决算数与预算数基本持平。")
    assert code == 0 and findings == [] and checks["passed"] == 1


def test_about_the_same_with_different_amounts_is_a_judgement_not_checked(tmp_path: Path) -> None:
    code, findings, checks = audit(tmp_path, "年初预算为10.05万元，支出决算为10.00万元。决算数与预算数基本持平。")
    assert code == 0 and findings == [] and checks["not_applicable"] == 1
