"""决算 wording names the same amounts as 预算 wording: "X决算为", "X支出决算数", "政府采购支出总额",
"货物采购金额" are read as their concepts, so a 决算 narrative's breakdowns are checked and its key figures filled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.extract.vocabulary import vocabulary

runner = CliRunner()


@pytest.mark.parametrize(
    ("label", "concept"),
    [
        ("因公出国（境）费决算为", "因公出国费"),
        ("公务接待费支出决算为", "公务接待费"),
        ("公务用车购置及运行维护费支出决算数为", "公务用车购置及运行费"),
        ("政府采购支出总额", "政府采购预算"),
        ("货物采购金额", "政府采购货物"),
        ("政府采购服务支出", "政府采购服务"),
        ("支出决算为", None),  # 支出 alone names nothing
        ("年初预算为", None),
    ],
)
def test_final_accounts_labels(label: str, concept: str | None) -> None:
    assert vocabulary().match(label) == concept


def _findings(tmp_path: Path, text: str, select: str = "N101") -> tuple[dict, list[tuple[str, str, str, str]]]:
    path = tmp_path / "某局2024年度部门决算.txt"
    path.write_text("某局2024年度部门决算\n\n" + text + "\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", str(path), "--format", "json", "--select", select])
    document = json.loads(result.stdout)["documents"][0]
    return document["checks"], [(f["rule"], f["severity"], f["expected"], f["actual"]) for f in document["findings"]]


def test_a_final_accounts_breakdown_is_checked(tmp_path: Path) -> None:
    sentence = "2024年度“三公”经费财政拨款支出决算为1.50万元，其中：因公出国（境）费决算为0.50万元，公务用车购置及运行维护费支出决算为0.60万元，公务接待费支出决算为{}万元。"
    checks, findings = _findings(tmp_path, sentence.format("0.40"))
    assert (checks["passed"], findings) == (1, [])
    checks, findings = _findings(tmp_path, sentence.format("0.50"))
    assert findings == [("N101", "error", "1.60", "1.50")]


def test_a_final_accounts_procurement_breakdown_is_checked(tmp_path: Path) -> None:
    sentence = "2024年度政府采购支出总额{}万元，其中：政府采购货物支出4.79万元、政府采购工程支出0.00万元、政府采购服务支出246.47万元。"
    checks, findings = _findings(tmp_path, sentence.format("251.26"))
    assert (checks["passed"], findings) == (1, [])
    checks, findings = _findings(tmp_path, sentence.format("251.36"))
    assert findings == [("N101", "error", "251.26", "251.36")]


@pytest.mark.parametrize(("business", "findings"), [("11.00", []), ("12.00", [("N101", "error", "16.30", "15.30")])])
def test_a_breakdown_opened_after_a_full_stop_is_the_amount_just_stated(tmp_path: Path, business: str, findings: list) -> None:
    """"…决算为15.30万元。其中：A…；B…；C…。" reads like "…，其中：…" (the real 区政府办公室 PDF writes it so)."""
    sentence = f"“三公”经费财政拨款支出决算为15.30万元。其中：因公出国（境）费0万元；公务用车购置及运行维护费{business}万元；公务接待费4.30万元。"
    checks, found = _findings(tmp_path, sentence)
    assert (checks["run"], found) == (1, findings)


def test_a_full_stop_still_ends_a_sentence_that_no_breakdown_continues(tmp_path: Path) -> None:
    checks, found = _findings(tmp_path, "2024年度收入合计100.00万元。其中的项目支出情况见附表。基本支出60.00万元，项目支出30.00万元。")
    assert (checks["run"], found) == (0, [])


@pytest.mark.parametrize(("label", "concept"), [("2023年度支出合计", "支出合计"), ("收入总计", "收入合计"), ("年末结转和结余", None)])
def test_a_name_ending_in_a_filler_word_is_known_without_it(label: str, concept: str | None) -> None:
    """"支出合计" is a name of 支出合计, and a label loses its trailing 合计 before it is matched."""
    assert vocabulary().match(label) == concept


@pytest.mark.parametrize(("project", "findings"), [("0.90", []), ("1.90", [("N201", "error", "-3.40", "-2.40")])])
def test_a_final_accounts_change_split_into_parts(tmp_path: Path, project: str, findings: list) -> None:
    sentence = f"2023年度支出合计1180.60万元，较2022年减少2.40万元，其中：基本支出减少1.50万元；项目支出减少{project}万元。"
    checks, found = _findings(tmp_path, sentence, select="N201")
    assert (checks["run"], found) == (1, findings)


@pytest.mark.parametrize(("rate", "findings"), [("7.79", [("N202", "info", "7.7878", "7.79")]), ("8.79", [("N202", "error", "7.7878", "8.79")])])
def test_the_general_public_budget_appropriation_spending_and_its_growth(tmp_path: Path, rate: str, findings: list) -> None:
    """The 决算's main statement: "一般公共预算财政拨款支出X万元，比上年增加Y万元，增长Z%" (85.30 / 1095.30 = 7.7878%)."""
    checks, found = _findings(tmp_path, f"2023年度一般公共预算财政拨款支出1180.60万元，比上年增加85.30万元，增长{rate}%。", select="N202")
    assert (checks["run"], found) == (1, findings)
