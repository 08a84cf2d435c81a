"""Year-over-year statements that give both years' amounts: N204 (change = current − previous),
N205 (growth % from the two amounts), N206 (direction word against the amounts), N207 (direction
word against the number's own sign).  Each rule is broken by one sentence and kept by another, in
small TXT and DOCX documents built here."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.extract.narrative import extract_narrative
from budgetcheck.parsers import load

runner = CliRunner()

YOY_RULES = ("N204", "N205", "N206", "N207")


def write_txt(tmp_path: Path, *paragraphs: str) -> Path:
    path = tmp_path / "说明.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def write_docx(tmp_path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    document.add_paragraph("某街道办事处2020年部门预算公开")
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / "说明.docx"
    document.save(str(path))
    return path


def audit(path: Path, *extra: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["audit", str(path), "--format", "json", *extra])
    return result.exit_code, json.loads(result.stdout)["documents"][0]


def yoy_checks(path: Path) -> dict[str, list[str]]:
    """Outcome of each year-over-year rule's checks, by rule (each rule run on its own)."""
    out: dict[str, list[str]] = {}
    for rule in YOY_RULES:
        result = runner.invoke(app, ["audit", str(path), "--format", "json", "--select", rule, "--verbose"])
        document = json.loads(result.stdout)["documents"][0]
        checks = document["checks"]
        out[rule] = [status for status in ("passed", "failed", "rounding", "not_applicable", "insufficient_data") for _ in range(checks[status])]
    return out


def only(document: dict) -> dict:
    assert len(document["findings"]) == 1, document["findings"]
    return document["findings"][0]


def numbers(finding: dict) -> tuple:
    return (finding["rule"], finding["severity"], finding.get("expected"), finding.get("actual"), finding.get("difference"), finding.get("tolerance"), finding.get("unit"))


# ---- N204: stated change = current − previous ----------------------------------------------------

CHANGE_FORMS = [
    "2020年收入预算2999.85万元，2019年收入预算2363.18万元，增加{change}万元。",
    "2020年支出预算2999.85万元，比上年(2019年)的2363.18万元增加{change}万元。",
    "2020年支出预算2999.85万元，与2019年的2363.18万元相比，增加{change}万元。",
    "2020年收入预算由上年的2363.18万元增加到2999.85万元，增加{change}万元。",
    "2020年支出预算2999.85万元，上年为2363.18万元，增加{change}万元。",
    "2019年收入预算2363.18万元，2020年收入预算2999.85万元，增加{change}万元。",
]


@pytest.mark.parametrize("form", CHANGE_FORMS)
def test_stated_change_that_is_the_difference_passes(tmp_path: Path, form: str) -> None:
    path = write_txt(tmp_path, form.format(change="636.67"))
    code, document = audit(path)
    assert code == 0 and document["findings"] == []
    checks = yoy_checks(path)
    assert checks["N204"] == ["passed"] and checks["N206"] == ["passed"]


@pytest.mark.parametrize("form", CHANGE_FORMS)
def test_stated_change_that_is_not_the_difference_is_an_error(tmp_path: Path, form: str) -> None:
    code, document = audit(write_txt(tmp_path, form.format(change="663.67")))
    assert code == 1
    finding = only(document)
    assert numbers(finding) == ("N204", "error", "636.67", "663.67", "27.00", "0.015", "万元")
    assert finding["category"] == "year-over-year"


def test_change_message_names_both_years(tmp_path: Path) -> None:
    _, document = audit(write_txt(tmp_path, CHANGE_FORMS[0].format(change="663.67")))
    assert only(document)["message"] == (
        "收入合计：本年 2999.85万元、上年 2363.18万元，增减额应为 636.67万元，与所述 663.67万元 不符，相差 27.00万元，容差 0.015万元"
    )
    _, document = audit(write_txt(tmp_path, CHANGE_FORMS[0].format(change="663.67")), "--lang", "en")
    assert only(document)["message"] == (
        "total income is 2999.85 ten-thousand yuan against 2363.18 ten-thousand yuan last year, a change of 636.67 ten-thousand yuan, not the stated 663.67 ten-thousand yuan; "
        "difference 27.00 ten-thousand yuan, tolerance 0.015 ten-thousand yuan"
    )


def test_change_within_rounding_is_info(tmp_path: Path) -> None:
    code, document = audit(write_txt(tmp_path, CHANGE_FORMS[0].format(change="636.68")))
    assert code == 0
    assert numbers(only(document)) == ("N204", "info", "636.67", "636.68", "0.01", "0.015", "万元")


def test_flat_against_two_different_amounts_is_an_error(tmp_path: Path) -> None:
    code, document = audit(write_txt(tmp_path, "2020年支出预算2000.00万元，2019年支出预算2500.00万元，与上年持平。"))
    assert code == 1
    assert numbers(only(document)) == ("N204", "error", "-500.00", "0.00", "500.00", "0.015", "万元")


def test_parts_compared_with_last_year_inside_a_breakdown(tmp_path: Path) -> None:
    text = (
        "2020年支出预算2999.85万元，其中：基本支出1251.46万元，比上年的1352.88万元减少101.42万元；"
        "项目支出1748.39万元，比上年的1010.30万元增加{change}万元。"
    )
    path = write_txt(tmp_path, text.format(change="738.09"))
    code, document = audit(path, "--select", "N101,N204")
    assert code == 0 and document["findings"] == []
    assert document["checks"]["passed"] == 3  # the breakdown still adds up, and both parts' changes hold
    code, document = audit(write_txt(tmp_path, text.format(change="783.09")))
    assert code == 1
    assert numbers(only(document)) == ("N204", "error", "738.09", "783.09", "45.00", "0.015", "万元")


def test_change_in_a_docx(tmp_path: Path) -> None:
    path = write_docx(tmp_path, "2020年支出预算2999.85万元，比上年(2019年)的2363.18万元增加663.67万元。")
    code, document = audit(path)
    assert code == 1
    finding = only(document)
    assert numbers(finding) == ("N204", "error", "636.67", "663.67", "27.00", "0.015", "万元")
    assert finding["locations"][0]["paragraph"] == 2
    assert finding["locations"][0]["text"] == "2020年支出预算2999.85万元，比上年(2019年)的2363.18万元增加663.67万元。"


# ---- N205: growth rate from the two amounts ------------------------------------------------------


def test_growth_rate_from_both_amounts(tmp_path: Path) -> None:
    path = write_txt(tmp_path, "2020年支出预算110.00万元，较上年预算数100.00万元增长10.00%。")
    code, document = audit(path)
    assert code == 0 and document["findings"] == []
    assert yoy_checks(path)["N205"] == ["passed"]
    code, document = audit(write_txt(tmp_path, "2020年支出预算110.00万元，较上年预算数100.00万元增长12.00%。"))
    assert code == 1
    finding = only(document)
    assert numbers(finding) == ("N205", "error", "10.0000", "12.00", "2.0000", "0.0156", "%")
    assert finding["message"] == "支出合计：本年 110.00万元、上年 100.00万元，增长率应为 10.0000%，与所述 12.00% 不符（相差 2.0000 个百分点）"


def test_growth_rate_with_change_and_decrease(tmp_path: Path) -> None:
    kept = "2020年支出预算90.00万元，与2019年的100.00万元相比，减少10.00万元，下降10.00%。"
    code, document = audit(write_txt(tmp_path, kept))
    assert code == 0 and document["findings"] == []
    code, document = audit(write_txt(tmp_path, kept.replace("下降10.00%", "下降11.00%")))
    assert code == 1
    assert numbers(only(document)) == ("N205", "error", "-10.0000", "-11.00", "-1.0000", "0.0145", "%")


def test_growth_rate_is_not_checked_twice(tmp_path: Path) -> None:
    """With both amounts stated, the rate is checked from them (N205), not again from the change (N202)."""
    path = write_txt(tmp_path, "2020年收入预算110.00万元，2019年收入预算100.00万元，增加10.00万元，增长10.00%。")
    code, document = audit(path, "--select", "N202,N205")
    assert code == 0 and document["checks"] == {"run": 1, "passed": 1, "failed": 0, "rounding": 0, "not_applicable": 0, "insufficient_data": 0}


# ---- N206: the direction word against the two amounts -------------------------------------------


def test_increase_where_the_amount_fell_is_one_error_naming_both(tmp_path: Path) -> None:
    code, document = audit(write_txt(tmp_path, "2020年支出预算2000.00万元，2019年支出预算2500.00万元，增加500.00万元。"))
    assert code == 1
    finding = only(document)  # the size of the change is right: only the word is reported
    assert numbers(finding) == ("N206", "error", "-500.00", "500.00", None, None, "万元")
    assert finding["message"] == "支出合计：说明写“增加”，但本年 2000.00万元、上年 2500.00万元，实际为减少 500.00万元"


def test_wrong_words_on_change_and_rate_are_one_finding(tmp_path: Path) -> None:
    text = "2020年支出预算2000.00万元，2019年支出预算2500.00万元，增加500.00万元，增长20.00%。"
    code, document = audit(write_txt(tmp_path, text), "--lang", "en")
    assert code == 1
    finding = only(document)
    assert finding["rule"] == "N206"
    assert finding["message"] == (
        'total expenditure: the text says "增加, 增长", but it is 2000.00 ten-thousand yuan against 2500.00 ten-thousand yuan last year, a decrease of 500.00 ten-thousand yuan'
    )


def test_amount_reached_in_the_wrong_direction(tmp_path: Path) -> None:
    code, document = audit(write_txt(tmp_path, "2020年收入预算由上年的2363.18万元减少到2999.85万元。"))
    assert code == 1
    finding = only(document)
    assert numbers(finding) == ("N206", "error", "636.67", None, None, None, "万元")
    assert finding["message"] == "收入合计：说明写“减少到”，但本年 2999.85万元、上年 2363.18万元，实际为增加 636.67万元"
    code, document = audit(write_txt(tmp_path, "2020年收入预算由上年的2363.18万元增加到2999.85万元。"))
    assert code == 0 and document["findings"] == []


def test_a_signed_growth_rate_agrees_with_a_fall(tmp_path: Path) -> None:
    path = write_txt(tmp_path, "2020年支出预算95.00万元，较上年预算数100.00万元增长-5.00%。")
    code, document = audit(path)
    assert code == 0 and document["findings"] == []
    checks = yoy_checks(path)
    assert (checks["N205"], checks["N206"], checks["N207"]) == (["passed"], ["passed"], [])


def test_direction_within_rounding_is_not_an_error(tmp_path: Path) -> None:
    # 100.00 against 100.00: "增加0.00" cannot contradict; rounding allows either way.
    path = write_txt(tmp_path, "2020年支出预算100.00万元，2019年支出预算100.00万元，增加0.00万元。")
    code, document = audit(path)
    assert code == 0 and document["findings"] == []
    assert yoy_checks(path)["N206"] == ["passed"]


# ---- N207: the direction word against the number's own sign -------------------------------------


@pytest.mark.parametrize("text,word,number", [
    ("2020年三公经费6.67万元，较上年减少-1.1万元。", "减少", "-1.1万元"),
    ("2020年三公经费6.67万元，较上年减少 -1.1万元。", "减少", "-1.1万元"),
    ("2020年三公经费6.67万元，较上年增加-1.1万元。", "增加", "-1.1万元"),
    ("2020年三公经费6.67万元，较上年下降-5%。", "下降", "-5%"),
])
def test_direction_word_before_a_negative_number_is_an_error(tmp_path: Path, text: str, word: str, number: str) -> None:
    code, document = audit(write_txt(tmp_path, text))
    assert code == 1
    finding = only(document)
    assert (finding["rule"], finding["severity"], finding["category"]) == ("N207", "error", "year-over-year")
    assert finding["message"] == f"“{word}{number}”：方向词“{word}”与数字 {number} 的负号相互矛盾，无法判断是增加还是减少"
    assert finding["locations"][0]["text"] == text


def test_a_signed_growth_rate_and_a_plain_decrease_are_kept(tmp_path: Path) -> None:
    path = write_txt(tmp_path, "2020年三公经费6.67万元，较上年减少1.1万元。", "2020年会议费8.00万元，较上年增长-5.2%。")
    code, document = audit(path)
    assert code == 0 and document["findings"] == []
    assert yoy_checks(path)["N207"] == []


def test_an_ambiguous_change_leaves_its_breakdown_unchecked(tmp_path: Path) -> None:
    text = "较2019年增加636.67万元，其中：基本支出减少-101.42万元；项目支出增加738.09万元。"
    code, document = audit(write_txt(tmp_path, "2020年预算收支安排2999.85万元。" + text), "--select", "N201,N207")
    assert code == 1
    assert [f["rule"] for f in document["findings"]] == ["N207"]
    assert [u["rule"] for u in document["unchecked"]] == ["N201"]


# ---- precision: what is not last year's amount ---------------------------------------------------


def comparisons(path: Path) -> list[tuple[str, str | None, str]]:
    facts = extract_narrative(load(str(path)))
    return [(c.previous.concept, str(c.current.quantity.value) if c.current else None, str(c.previous.quantity.value)) for c in facts.comparisons]


@pytest.mark.parametrize(
    "text",
    [
        "上年末固定资产金额为698.03万元，本年度拟购置固定资产总额为18万元。",
        "2020年预算收入300.00万元，其中：一般公共预算收入200.00万元，上年结转100.00万元。",
        "2020年支出决算2900.00万元，比2020年预算数3000.00万元减少100.00万元。",  # budget against final, same year
        "2020年支出预算2999.85万元，与2019年的2363.18万元基本一致。",  # 与… without 相比
        "2020年支出预算2999.85万元，2019年政府采购预算344.00万元。",  # another concept
        "2020年支出预算2999.85万元，2020年收入预算2999.85万元。",  # the same year
        "2019年支出预算2363.18万元，2020年政府采购预算344.00万元。",  # a later year, another concept
        "支出预算2999.85万元，比2019年的2363.18万元增加636.67万元。",  # no current year to compare with
    ],
)
def test_not_a_statement_of_last_years_amount(tmp_path: Path, text: str) -> None:
    path = write_txt(tmp_path, text)
    assert comparisons(path) == []
    code, document = audit(path, "--select", ",".join(YOY_RULES))
    assert code == 0 and document["checks"]["run"] == 0


@pytest.mark.parametrize(
    "income",
    ["2020年收入预算2999.85万元，2019年收入预算2363.18万元，增加636.67万元。", "2019年收入预算2363.18万元，2020年收入预算2999.85万元，增加636.67万元。"],
    ids=["current-first", "previous-first"],
)
def test_last_years_amount_is_not_this_years(tmp_path: Path, income: str) -> None:
    """The 2019 income must not be held against the 2020 expenditure (N301), in either order."""
    path = write_txt(tmp_path, income, "2020年支出预算2999.85万元，其中：基本支出1251.46万元，项目支出1748.39万元。")
    assert comparisons(path) == [("收入合计", "2999.85", "2363.18")]
    code, document = audit(path)
    assert code == 0 and document["findings"] == []
    assert document["coverage"] == {"statements_seen": 6, "statements_checked": 6}


def test_previous_amount_without_a_current_one_is_insufficient_data(tmp_path: Path) -> None:
    code, document = audit(write_txt(tmp_path, "收入预算比上年的2363.18万元增加636.67万元。"), "--select", "N204")
    assert code == 0
    assert document["checks"]["insufficient_data"] == 1
    assert document["unchecked"][0]["reason"] == "说明给出了上年数，但找不到与之对应的本年数，未核对"


# ---- real disclosures ----------------------------------------------------------------------------

REAL_PDFS = [
    "上海市普陀区财政局2024年度部门决算.pdf",
    "上海市普陀区人民政府万里街道办事处25年预算.pdf",
    "上海市普陀区人民政府办公室25年预算.pdf",
    "江苏省人民检察院2019年度部门预算公开.pdf",
    "江苏省委办公厅2019年度部门预算公开文件.pdf",
]
_LOADED: dict[str, object] = {}


def audit_real(real_dir: Path, name: str, rules: str) -> dict:
    """The JSON a user gets for `audit --select rules`, with each PDF parsed once for the module."""
    from budgetcheck.engine.audit import AuditOptions, audit_document
    from budgetcheck.engine.rules import builtin_rules, select_rules

    if name not in _LOADED:
        _LOADED[name] = load(str(real_dir / name))
    options = AuditOptions(rules=tuple(select_rules(builtin_rules(), [rules], None)))
    return audit_document(_LOADED[name], options).to_dict()  # type: ignore[arg-type]


@pytest.mark.parametrize("name", REAL_PDFS)
def test_real_disclosures_give_no_false_alarm_from_year_over_year_rules(real_dir: Path, name: str) -> None:
    """They state changes with the current amount only ("与2023年度相比…减少56.95万元，下降1.87%",
    "年初预算为…，支出决算为…"): none of it is last year's amount, so these rules find nothing to check."""
    document = audit_real(real_dir, name, ",".join(YOY_RULES))
    assert document["findings"] == []
    assert document["checks"]["run"] == 0


def test_final_accounts_growth_rates_hold_with_exact_intervals(real_dir: Path) -> None:
    """普陀 决算: 机关运行经费 184.65万元, 比2023年度增加2.55万元, 增长1.40% (2.55 / 182.10 = 1.4003%)."""
    document = audit_real(real_dir, "上海市普陀区财政局2024年度部门决算.pdf", "N202")
    assert [numbers(f) for f in document["findings"]] == [("N202", "info", "1.4003", "1.40", "-0.0003", "0.0078", "%")]


@pytest.mark.parametrize("write", [write_txt, write_docx], ids=["txt", "docx"])
@pytest.mark.parametrize("rule_id", YOY_RULES)
def test_the_rules_own_examples(tmp_path: Path, rule_id: str, write) -> None:
    """`budgetcheck rules show` prints a bad and a good example: the bad one breaks the rule, the good one keeps it."""
    from budgetcheck.engine.rules import builtin_rules

    (rule,) = [rule for rule in builtin_rules() if rule.id == rule_id]
    code, document = audit(write(tmp_path, rule.examples["bad"]))
    assert code == 1 and [f["rule"] for f in document["findings"]] == [rule_id]
    code, document = audit(write(tmp_path, rule.examples["good"]))
    assert code == 0 and [f for f in document["findings"] if f["severity"] != "info"] == []  # 26.94% for 26.9412% is rounding


def test_a_comparison_after_the_last_part_may_be_about_the_total(tmp_path: Path) -> None:
    """"…，项目支出1748.39万元，比上年的2363.18万元增加636.67万元": the total grew by 636.67 from 2363.18."""
    listing = "2020年支出预算2999.85万元，其中：基本支出1251.46万元，项目支出1748.39万元，比上年的2363.18万元增加{change}万元。"
    path = write_txt(tmp_path, listing.format(change="636.67"))
    code, document = audit(path)
    assert code == 0 and document["findings"] == []
    assert yoy_checks(path)["N204"] == ["passed"]
    # Wrong under both readings: it cannot say which amounts it compares, so it is not called wrong.
    code, document = audit(write_txt(tmp_path, listing.format(change="663.67")), "--select", "N204,N206")
    assert code == 0 and document["findings"] == []
    assert [(u["rule"], u["reason"]) for u in document["unchecked"]] == [
        ("N204", "不能确定上年数对应的是所列分项还是其合计，两种读法都不相符，未核对")
    ]


def test_a_comparison_between_parts_is_the_parts(tmp_path: Path) -> None:
    text = "2020年支出预算2999.85万元，其中：基本支出1251.46万元，比上年的1352.88万元减少110.42万元；项目支出1748.39万元。"
    code, document = audit(write_txt(tmp_path, text))
    assert code == 1
    assert numbers(only(document)) == ("N204", "error", "-101.42", "-110.42", "-9.00", "0.015", "万元")


def test_a_part_named_with_its_year_is_that_parts(tmp_path: Path) -> None:
    text = "2020年收入预算2999.85万元，其中：一般公共预算收入2981.85万元，2019年一般公共预算收入2363.18万元，增加{change}万元。"
    code, document = audit(write_txt(tmp_path, text.format(change="618.67")), "--select", "N204")
    assert code == 0 and document["checks"]["passed"] == 1
    code, document = audit(write_txt(tmp_path, text.format(change="636.67")), "--select", "N204")
    assert code == 1
    assert numbers(only(document)) == ("N204", "error", "618.67", "636.67", "18.00", "0.015", "万元")


@pytest.mark.parametrize(
    ("stated", "findings"),
    [
        ("减少10%", []),
        ("减少13.22%", [("N202", "error")]),
    ],
)
def test_a_change_written_with_le_is_read(tmp_path: Path, stated: str, findings: list[tuple[str, str]]) -> None:
    """"减少了900万元" is a change like "减少900万元": 900 / (8100 + 900) = 10%."""
    path = tmp_path / "说明.txt"
    path.write_text(f"2019年项目支出预算数为8100万元。与上年相比减少了900万元，{stated}。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", str(path), "--format", "json", "--select", "N202"])
    document = json.loads(result.stdout)["documents"][0]
    assert [(f["rule"], f["severity"]) for f in document["findings"]] == findings
    assert document["checks"]["run"] == 1


@pytest.mark.parametrize(
    ("sentence", "findings"),
    [
        ("2020年收入预算2999.85万元，2019年收入预算2363.18万元，比上年多636.67万元。", []),
        ("2020年收入预算2999.85万元，2019年收入预算2363.18万元，比上年多663.67万元。", [("N204", "error", "636.67", "663.67")]),
        ("2020年收入预算2363.18万元，2019年收入预算2999.85万元，较2019年少了636.67万元。", []),
        ("2020年收入预算2999.85万元，2019年收入预算2363.18万元，较上年预算少636.67万元。", [("N206", "error", "636.67", "-636.67")]),
    ],
)
def test_more_or_less_than_last_year_is_a_change(tmp_path: Path, sentence: str, findings: list) -> None:
    """"比上年多X万元" and "较2019年少了X万元" state a change like 增加 and 减少 do."""
    _, document = audit(write_txt(tmp_path, sentence), "--select", ",".join(YOY_RULES))
    assert [(f["rule"], f["severity"], f["expected"], f["actual"]) for f in document["findings"]] == findings
    narrative = extract_narrative(load(str(tmp_path / "说明.txt")))
    [change] = [fact for fact in narrative.facts if fact.role == "change"]
    assert change.direction in ("多", "少")
    assert change.base_year == 2019


@pytest.mark.parametrize(
    "text",
    [
        "2020年多方筹措资金500万元。",
        "2020年项目支出不少于300万元。",
        "2020年收入预算2999.85万元，多数用于人员支出1251.46万元。",
        "2020年比上年多安排项目3个，项目支出300万元。",
    ],
)
def test_more_or_less_elsewhere_is_no_change(tmp_path: Path, text: str) -> None:
    narrative = extract_narrative(load(str(write_txt(tmp_path, text))))
    assert [fact for fact in narrative.facts if fact.role == "change"] == []
