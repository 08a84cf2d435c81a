"""Issue 3 on the seed: every stated relation holds on the samples, and breaking any one number
gives an error naming both sides with expected, actual, difference and tolerance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.engine.rules import builtin_rules
from conftest import SEED_DOCX, SEED_TXT, SEED_XLSX
from seed_mutations import mutated_docx, mutated_txt, mutated_txt_cell

runner = CliRunner()
# These tests pin the arithmetic and text-table packs; the 绩效目标表 and text-completeness packs
# are pinned in test_performance_rules.py and test_completeness.py.
WITHOUT_PERFORMANCE = ("--ignore", ",".join(rule.id for rule in builtin_rules() if rule.pack in ("performance", "disclosure")))


def audit_json(*paths: Path, extra: tuple[str, ...] = ()) -> tuple[int, dict]:
    result = runner.invoke(app, ["audit", *map(str, paths), "--format", "json", *WITHOUT_PERFORMANCE, *extra])
    return result.exit_code, json.loads(result.stdout)


def findings(report: dict) -> list[dict]:
    return [finding for document in report["documents"] for finding in document["findings"]]


@pytest.mark.parametrize("sample", [SEED_TXT, SEED_DOCX], ids=["txt", "docx"])
def test_seed_audits_clean_with_every_relation_checked(sample: Path) -> None:
    code, report = audit_json(sample)
    assert code == 0
    document = report["documents"][0]
    assert document["status"] == "checked"
    assert document["findings"] == []
    # 41 relations of the text and its two tables; the table set (T401) is not applicable: no standard table.
    assert document["checks"] == {"run": 42, "passed": 41, "failed": 0, "rounding": 0, "not_applicable": 1, "insufficient_data": 0}
    assert document["coverage"] == {"statements_seen": 39, "statements_checked": 30}


def test_seed_workbook_checks_its_tables_and_says_the_text_is_missing() -> None:
    code, report = audit_json(SEED_XLSX)
    assert code == 0
    document = report["documents"][0]
    assert document["findings"] == []
    # 16 procurement sums and products + the assets sum; the three text↔table rules have no text;
    # the table set (T401) is not applicable: the workbook holds no standard table.
    assert document["checks"] == {"run": 32, "passed": 28, "failed": 0, "rounding": 0, "not_applicable": 4, "insufficient_data": 0}


def only(report: dict) -> dict:
    found = findings(report)
    assert len(found) == 1, found
    return found[0]


MUTATIONS = [
    # (old, new, rule, expected, actual, difference, tolerance)
    ("项目支出1748.39万元", "项目支出1784.39万元", "N101", "3035.85", "2999.85", "-36.00", "0.020"),
    ("一般公共预算收入2981.85万元", "一般公共预算收入2918.85万元", "N101", "2936.85", "2999.85", "63.00", "0.025"),
    ("人员经费1114.26万元", "人员经费1141.26万元", "N101", "1278.46", "1251.46", "-27.00", "0.015"),
    ("较2019年预算增加636.67万元", "较2019年预算增加663.67万元", "N201", "636.67", "663.67", "27.00", "0.015"),
    ("与2019年相比减少1.1万元", "与2019年相比减少1.2万元", "N201", "-1.10", "-1.20", "-0.10", "0.020"),
    ("安排政府采购预算344万元", "安排政府采购预算334万元", "P201", None, None, None, None),
    ("上年末固定资产金额为698.03万元", "上年末固定资产金额为689.03万元", "S201", None, None, None, None),
]


@pytest.mark.parametrize("old,new,rule,expected,actual,difference,tolerance", MUTATIONS, ids=[m[2] + ":" + m[0] for m in MUTATIONS])
def test_breaking_one_narrative_number_is_an_error(tmp_path: Path, old, new, rule, expected, actual, difference, tolerance) -> None:
    code, report = audit_json(mutated_txt(tmp_path, old, new))
    assert code == 1
    finding = only(report)
    assert finding["rule"] == rule and finding["severity"] == "error"
    if expected is not None:
        assert (finding["expected"], finding["actual"], finding["difference"], finding["tolerance"]) == (expected, actual, difference, tolerance)
        assert finding["unit"] == "万元"
    assert len(finding["locations"]) >= 2 or rule.startswith("N")


def test_text_and_table_disagreeing_names_both(tmp_path: Path) -> None:
    _, report = audit_json(mutated_txt(tmp_path, "安排政府采购预算344万元", "安排政府采购预算334万元"))
    finding = only(report)
    assert finding["message"] == "说明中的政府采购预算 334.00万元 与 政府采购预算表 政府采购金额 / 总计（合计） 344万元 不一致，相差 -10.00万元，容差 0.505万元"
    assert [place["text"] for place in finding["locations"]] == ["2020年，我部门安排政府采购预算334万元。", "344"]
    assert finding["locations"][1]["table"] == 24 and finding["locations"][1]["row"] == 5


def test_car_cost_typo_breaks_the_three_public_expenses_and_the_car_breakdown(tmp_path: Path) -> None:
    code, report = audit_json(mutated_txt(tmp_path, "公务用车购置及运维费5.92万元（其中", "公务用车购置及运维费5.29万元（其中"))
    assert code == 1
    found = sorted(findings(report), key=lambda f: f["actual"])
    assert [(f["rule"], f["expected"], f["actual"], f["difference"], f["tolerance"]) for f in found] == [
        ("N101", "5.92", "5.29", "-0.63", "0.015"),
        ("N101", "6.04", "6.67", "0.63", "0.020"),
    ]
    assert found[0]["message"] == "公务用车购置及运行费 5.29万元 不等于所列分项之和 5.92万元（0.00 + 5.92），相差 -0.63万元，容差 0.015万元"


def test_income_and_expenditure_totals_must_agree(tmp_path: Path) -> None:
    _, report = audit_json(mutated_txt(tmp_path, "2020年预算收入2999.85万元", "2020年预算收入2999.95万元"))
    rules = sorted(f["rule"] for f in findings(report))
    assert rules == ["N101", "N301"]  # its own parts no longer add up, and it no longer equals expenditure


def test_car_change_typo_breaks_both_change_breakdowns(tmp_path: Path) -> None:
    _, report = audit_json(mutated_txt(tmp_path, "公务用车购置及运维费减少0.6万元", "公务用车购置及运维费减少0.7万元"))
    assert sorted((f["rule"], f["expected"], f["actual"]) for f in findings(report)) == [("N201", "-0.60", "-0.70"), ("N201", "-1.20", "-1.10")]


def test_unit_price_typo_breaks_quantity_times_price(tmp_path: Path) -> None:
    code, report = audit_json(mutated_txt_cell(tmp_path, "辖区住宅小区健身器材安装工程", 7, "0.36", "0.63"))
    assert code == 1
    finding = only(report)
    assert (finding["rule"], finding["expected"], finding["actual"], finding["difference"], finding["tolerance"]) == ("P104", "31.50", "18.00", "-13.50", "0.750")
    assert finding["message"] == "政府采购预算表“辖区住宅小区健身器材安装工程”：数量 50 × 单价 0.63 = 31.50，与金额 18 不符，相差 -13.50，容差 0.750"


def test_procurement_item_typo_breaks_the_column_sums(tmp_path: Path) -> None:
    # 辖区绿化提升工程: 金额 (8th cell) 80 → 90 breaks 小计 = Σ items and the row's funding sum
    _, report = audit_json(mutated_txt_cell(tmp_path, "辖区绿化提升工程", 8, "80", "90"))
    assert sorted((f["rule"], f["expected"], f["actual"]) for f in findings(report)) == [("P101", "354", "344"), ("P102", "80", "90"), ("P104", "80.00", "90.00")]


def test_assets_typo_breaks_the_assets_total(tmp_path: Path) -> None:
    _, report = audit_json(mutated_txt_cell(tmp_path, "4、其他固定资产", 3, "575.71", "557.71"))
    finding = only(report)
    assert (finding["rule"], finding["expected"], finding["actual"], finding["difference"]) == ("S101", "680.03", "698.03", "18.00")


def test_planned_purchase_must_match_procured_goods(tmp_path: Path) -> None:
    code, report = audit_json(mutated_txt(tmp_path, "拟购置固定资产总额为18万元", "拟购置固定资产总额为20万元"))
    assert code == 0  # a warning does not fail the default --fail-on error
    finding = only(report)
    assert (finding["rule"], finding["severity"], finding["difference"]) == ("P202", "warning", "2.00")


def test_same_relation_broken_in_the_docx(tmp_path: Path) -> None:
    code, report = audit_json(mutated_docx(tmp_path, "1748.39", "1784.39"))
    assert code == 1
    finding = only(report)
    assert (finding["rule"], finding["expected"], finding["actual"]) == ("N101", "3035.85", "2999.85")
    assert finding["locations"][0]["paragraph"] == 18


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "说明.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_rounding_tolerance_two_parts(tmp_path: Path) -> None:
    """1251.46 + 1748.39 = 2999.85: against 2999.86 it is rounding (info), against 2999.87 an error."""
    code, report = audit_json(write(tmp_path, "2020年支出预算2999.86万元，其中基本支出1251.46万元，项目支出1748.39万元。"))
    finding = only(report)
    assert code == 0
    assert (finding["severity"], finding["difference"], finding["tolerance"]) == ("info", "0.01", "0.015")
    assert report["documents"][0]["checks"]["rounding"] == 1
    code, report = audit_json(write(tmp_path, "2020年支出预算2999.87万元，其中基本支出1251.46万元，项目支出1748.39万元。"))
    finding = only(report)
    assert code == 1 and (finding["severity"], finding["difference"]) == ("error", "0.02")


def test_partial_listing_is_not_summed_but_may_not_exceed(tmp_path: Path) -> None:
    ok = "2020年预算收入100.00万元，其中：一般公共预算收入80.00万元，基金预算收入10.00万元。"
    code, report = audit_json(write(tmp_path, ok))
    assert code == 0 and findings(report) == []
    # N101 (partial listing), N301 (no expenditure), T401 (no standard table to hold complete)
    assert report["documents"][0]["checks"]["not_applicable"] == 3
    code, report = audit_json(write(tmp_path, ok.replace("10.00", "30.00")))
    assert code == 1 and only(report)["rule"] == "N102"


def test_unknown_part_is_insufficient_data_not_a_guess(tmp_path: Path) -> None:
    code, report = audit_json(write(tmp_path, "2020年支出预算100.00万元，其中基本支出60.00万元，专项业务费30.00万元。"))
    document = report["documents"][0]
    assert code == 0 and document["findings"] == []
    assert document["checks"]["insufficient_data"] == 1
    assert document["unchecked"][0]["rule"] == "N101"


def test_select_ignore_and_fail_on(tmp_path: Path) -> None:
    path = mutated_txt(tmp_path, "项目支出1748.39万元", "项目支出1784.39万元")
    code, report = audit_json(path, extra=("--ignore", "N101"))
    assert code == 0 and findings(report) == []
    code, report = audit_json(path, extra=("--select", "cross-reference"))
    assert code == 0 and report["documents"][0]["checks"]["run"] == 5
    code, _ = audit_json(path, extra=("--fail-on", "never"))
    assert code == 0
    result = runner.invoke(app, ["audit", str(path), "--select", "X999"])
    assert result.exit_code == 2 and result.output.strip() == "未知的规则或类别：X999（用 budgetcheck rules list 查看）"


def test_terminal_report_shows_findings_and_footer(tmp_path: Path) -> None:
    path = mutated_txt(tmp_path, "项目支出1748.39万元", "项目支出1784.39万元")
    result = runner.invoke(app, ["audit", str(path), *WITHOUT_PERFORMANCE])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[1] == "  错误 N101 [第18段] 支出合计 2999.85万元 不等于所列分项之和 3035.85万元（1251.46 + 1784.39 + 0.00），相差 -36.00万元，容差 0.020万元"
    assert lines[2] == "  核对 42 项：通过 40，不符 1，容差内 0，不适用 1，数据不足 0；数字表述已核对 30/39"
    assert lines[3] == "共 1 个文件：错误 1 条，警告 0 条"


def test_unreadable_file_in_json_is_an_input_finding(tmp_path: Path) -> None:
    missing = tmp_path / "missing.docx"
    code, report = audit_json(missing, SEED_TXT)
    assert code == 2
    first = report["documents"][0]
    assert first["status"] == "unreadable" and first["error"] == f"{missing}：文件不存在，请检查路径"
    assert first["findings"][0]["category"] == "input"
    assert report["documents"][1]["status"] == "checked"


def test_growth_rate_and_share_are_recomputed(tmp_path: Path) -> None:
    good = "2020年支出预算110.00万元，较2019年增加10.00万元，增长10%。\n2020年支出预算200.00万元，其中基本支出120.00万元，占60%；项目支出80.00万元，占40%。\n"
    code, report = audit_json(write(tmp_path, good))
    assert code == 0 and findings(report) == []
    assert report["documents"][0]["coverage"] == {"statements_seen": 8, "statements_checked": 8}
    bad = good.replace("增长10%", "增长20%").replace("占60%", "占65%")
    code, report = audit_json(write(tmp_path, bad))
    assert code == 1
    assert sorted((f["rule"], f["expected"], f["actual"]) for f in findings(report)) == [("N202", "10.00", "20"), ("N203", "60.00", "65")]
