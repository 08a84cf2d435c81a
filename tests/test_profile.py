"""--profile / `profile =`: the user says which disclosure the documents are, instead of budgetcheck judging it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SAMPLES, SEED_DOCX, SEED_STEM
from report_inputs import run

SEED_TABLES = SAMPLES / f"{SEED_STEM}_预算公开表.xlsx"
# What a 决算 disclosure must explain that a 预算 disclosure need not (财预〔2016〕143号).
FINAL_ONLY = [
    ("C110", "未找到绩效评价的说明（可识别的标题如：绩效评价、绩效自评、绩效管理、绩效情况）"),
    ("C113", "未找到授予中小企业的政府采购合同金额的说明"),
]


def findings(result, rule_prefix: str = "") -> list[tuple[str, str]]:
    documents = json.loads(result.stdout)["documents"]
    return [(f["rule"], f["message"]) for d in documents for f in d["findings"] if f["rule"].startswith(rule_prefix)]


def test_auto_judges_the_seed_a_budget_disclosure() -> None:
    result = run("audit", SEED_DOCX, "--select", "C110,C113", "--format", "json")
    assert (result.exit_code, findings(result)) == (0, [])


def test_a_final_profile_asks_for_what_a_final_disclosure_must_explain() -> None:
    result = run("audit", SEED_DOCX, "--select", "C110,C113", "--format", "json", "--profile", "final")
    assert (result.exit_code, findings(result)) == (0, FINAL_ONLY)  # warnings


def test_a_final_profile_asks_for_the_final_table_set() -> None:
    result = run("audit", SEED_DOCX, SEED_TABLES, "--select", "T401", "--format", "json", "--profile", "final")
    missing = findings(result, "T401")
    assert len(missing) == 9 and missing[0] == ("T401", "部门决算公开缺少“收入支出决算总表”")
    assert findings(run("audit", SEED_DOCX, SEED_TABLES, "--select", "T401", "--format", "json"), "T401") == []


def test_the_profile_comes_from_the_config_and_the_flag_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "budgetcheck.toml").write_text('profile = "final"\nselect = ["C110", "C113"]\nformat = "json"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert findings(run("audit", SEED_DOCX)) == FINAL_ONLY
    assert findings(run("audit", SEED_DOCX, "--profile", "auto")) == []


def test_a_profile_that_does_not_exist_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "budgetcheck.toml").write_text('profile = "province"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("audit", SEED_DOCX)
    assert result.exit_code == 2
    assert result.output.strip() == f"{tmp_path / 'budgetcheck.toml'}：profile 的取值 'province' 无效，应为 auto|budget|final"
