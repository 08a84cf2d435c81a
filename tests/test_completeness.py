"""The completeness pack (rules/completeness.yaml): required explanations, placeholders, blank
amounts, template instructions, a wrong year, truncated sentences and empty sections.

Each rule is shown broken and kept on a small disclosure written here; the seed and every real
document are pinned to the exact findings a user sees."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.engine.audit import AuditOptions, audit_document
from budgetcheck.engine.rules import builtin_rules
from budgetcheck.parsers import load
from conftest import SEED_DOCX, SEED_TXT
from seed_mutations import mutated_docx, mutated_txt

runner = CliRunner()

# A short but complete budget narrative: every required explanation has its heading.
COMPLETE = """示例市示例街道办事处2021年部门预算信息公开情况说明
一、部门职责及机构设置情况
部门职责：
负责辖区社会管理和公共服务。
机构设置：
内设党政办公室、社区建设办公室。
二、部门预算安排的总体情况
2021年预算收入100.00万元，较2020年预算增加10.00万元，主要原因是人员增加。
三、机关运行经费安排情况
2021年机关运行经费安排20.00万元，主要用于办公用房水电费。
四、财政拨款“三公”经费预算情况
2021年“三公”经费预算安排5.00万元，与2020年相比减少1.00万元，主要原因是压减公务接待。
五、预算绩效信息
本部门对全部项目设置了绩效目标。
六、政府采购预算情况
2021年安排政府采购预算30.00万元。
七、国有资产信息
上年末固定资产金额为500.00万元。
八、名词解释
1、基本支出：指为保障机构正常运转而发生的支出。
"""


def write(tmp_path: Path, text: str, name: str = "示例街道办事处2021年部门预算.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def audit(path: Path, *options: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["audit", str(path), "--format", "json", "--select", "disclosure", *options])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["documents"][0]


def found(document: dict) -> list[tuple[str, str, str]]:
    return [(f["rule"], f["severity"], f["message"]) for f in document["findings"]]


def where(document: dict) -> list[tuple[str, int | None, str]]:
    return [(f["rule"], f["locations"][0].get("paragraph"), f["locations"][0]["text"]) for f in document["findings"]]


def outcomes(path: Path, rule_id: str, lang: str = "zh") -> list[tuple[str, str]]:
    """(status, reason) of every check one rule made: how a user learns why it did not run."""
    rules = tuple(rule for rule in builtin_rules() if rule.id == rule_id)
    result = audit_document(load(str(path)), AuditOptions(lang=lang, rules=rules))
    return [(check.status, check.reason) for check in result.checks]


def missing(topic: str, headings: str) -> tuple[str, str]:
    return "warning", f"未找到{topic}的说明（可识别的标题如：{headings}）"


# ---- the complete narrative keeps every rule ---------------------------------------------------


def test_a_complete_narrative_has_no_completeness_finding(tmp_path: Path) -> None:
    code, document = audit(write(tmp_path, COMPLETE))
    assert code == 0
    assert document["findings"] == []
    # 13 required explanations (绩效评价 and the two 决算 details are not applicable) and 6 text checks.
    assert document["checks"] == {"run": 19, "passed": 16, "failed": 0, "rounding": 0, "not_applicable": 3, "insufficient_data": 0}


# ---- required explanations ---------------------------------------------------------------------

DROPS = [
    # (rule, what to take out of COMPLETE, topic, its headings as the message lists them)
    ("C101", ("一、部门职责及机构设置情况\n部门职责：\n负责辖区社会管理和公共服务。\n", "一、机构设置情况\n"), "部门职责", "职责、职能"),
    ("C102", ("及机构设置情况\n部门职责：\n负责辖区社会管理和公共服务。\n机构设置：\n内设党政办公室、社区建设办公室。\n", "\n负责辖区社会管理和公共服务。\n"), "机构设置", "机构设置、单位构成、内设机构、机构情况"),
    ("C103", ("，较2020年预算增加10.00万元，主要原因是人员增加", ""), "收支增减变化", "增减变化、增减情况、变动情况、收支预算总体情况、收入支出决算总体情况、收支总体情况"),
    ("C104", ("三、机关运行经费安排情况\n2021年机关运行经费安排20.00万元，主要用于办公用房水电费。\n", ""), "机关运行经费", "机关运行经费、机关运行费"),
    ("C105", ("四、财政拨款“三公”经费预算情况\n2021年“三公”经费预算安排5.00万元，与2020年相比减少1.00万元，主要原因是压减公务接待。\n", ""), "“三公”经费", "三公"),
    ("C107", ("六、政府采购预算情况\n2021年安排政府采购预算30.00万元。\n", ""), "政府采购", "政府采购"),
    ("C108", ("七、国有资产信息\n上年末固定资产金额为500.00万元。\n", ""), "国有资产占用", "国有资产、资产占用、资产占有、固定资产"),
    ("C109", ("五、预算绩效信息\n本部门对全部项目设置了绩效目标。\n", ""), "绩效目标", "绩效目标、绩效信息、预算绩效、绩效指标"),
    ("C111", ("八、名词解释\n1、基本支出：指为保障机构正常运转而发生的支出。\n", ""), "名词解释", "名词解释、名词说明、术语解释、专业名词"),
]


@pytest.mark.parametrize("rule, change, topic, headings", DROPS, ids=[d[0] for d in DROPS])
def test_a_missing_explanation_is_reported(tmp_path: Path, rule: str, change: tuple[str, str], topic: str, headings: str) -> None:
    text = COMPLETE.replace(*change)
    assert text != COMPLETE
    code, document = audit(write(tmp_path, text))
    assert code == 0  # a warning does not fail the run unless --fail-on warning
    assert found(document) == [(rule, *missing(topic, headings))]
    assert where(document) == [(rule, 1, "示例市示例街道办事处2021年部门预算信息公开情况说明")]


def test_missing_explanation_in_english(tmp_path: Path) -> None:
    text = COMPLETE.replace("八、名词解释\n1、基本支出：指为保障机构正常运转而发生的支出。\n", "")
    _, document = audit(write(tmp_path, text), "--lang", "en")
    assert found(document) == [("C111", "warning", "no explanation of the glossary (名词解释) was found (headings such as: 名词解释, 名词说明, 术语解释, 专业名词)")]


def test_an_explanation_is_recognised_by_its_statement_without_a_heading(tmp_path: Path) -> None:
    """上海 budgets explain the change inside 部门预算编制说明, with no 增减变化 heading."""
    text = COMPLETE.replace("二、部门预算安排的总体情况", "二、部门预算编制说明")
    assert found(audit(write(tmp_path, text))[1]) == []
    text = text.replace("2021年预算收入100.00万元，较2020年预算增加10.00万元", "2021年预算收入100.00万元")
    assert [f[0] for f in found(audit(write(tmp_path, text))[1])] == ["C103"]


def test_a_definition_under_the_glossary_is_not_the_explanation(tmp_path: Path) -> None:
    text = COMPLETE.replace("三、机关运行经费安排情况\n2021年机关运行经费安排20.00万元，主要用于办公用房水电费。\n", "")
    text += "2、机关运行经费：指行政单位的日常公用经费，2021年为20.00万元。\n"
    assert [f[0] for f in found(audit(write(tmp_path, text))[1])] == ["C104"]


def final_accounts() -> str:
    """COMPLETE as final accounts, with the 决算 details (cars held, small firms' share)."""
    final = COMPLETE.replace("2021年部门预算信息公开", "2021年度部门决算公开")
    final = final.replace("压减公务接待。", "压减公务接待。年末公务用车保有量2辆。")
    return final.replace("2021年安排政府采购预算30.00万元。", "2021年度政府采购支出30.00万元，授予中小企业合同金额30.00万元。")


def test_final_accounts_need_the_performance_evaluation_not_the_targets(tmp_path: Path) -> None:
    final = final_accounts().replace("五、预算绩效信息\n本部门对全部项目设置了绩效目标。\n", "")
    name = "示例街道办事处2021年度部门决算.txt"
    assert found(audit(write(tmp_path, final, name))[1]) == [("C110", *missing("绩效评价", "绩效评价、绩效自评、绩效管理、绩效情况"))]
    kept = final + "九、预算绩效管理情况\n绩效自评的2021年度项目12个，平均得分92分。\n"
    assert found(audit(write(tmp_path, kept, name))[1]) == []
    assert outcomes(write(tmp_path, kept, name), "C109") == [("not_applicable", "仅适用于预算公开")]


def test_final_accounts_give_the_counts_and_the_small_firms_share(tmp_path: Path) -> None:
    final = final_accounts().replace("五、预算绩效信息", "五、预算绩效管理情况")
    name = "示例街道办事处2021年度部门决算.txt"
    assert found(audit(write(tmp_path, final, name))[1]) == []
    bare = final.replace("年末公务用车保有量2辆。", "").replace("，授予中小企业合同金额30.00万元", "")
    assert found(audit(write(tmp_path, bare, name))[1]) == [
        ("C112", "warning", "未找到“三公”经费的实物量（出国团组、公务用车保有量、接待批次）的说明"),
        ("C113", "warning", "未找到授予中小企业的政府采购合同金额的说明"),
    ]
    # With no such spending at all there is nothing to count.
    none = bare.replace("2021年“三公”经费预算安排5.00万元，与2020年相比减少1.00万元，主要原因是压减公务接待。", "本部门2021年度无“三公”经费财政拨款支出。")
    none = none.replace("2021年度政府采购支出30.00万元。", "本部门2021年度无政府采购支出。")
    assert found(audit(write(tmp_path, none, name))[1]) == []


def test_tables_only_and_unrelated_documents_are_not_judged(tmp_path: Path) -> None:
    tables = write(tmp_path, "2021年部门预算表\n单位：万元\n\t项目\n\t金额\n\n\t收入合计\n\t100.00\n\n")
    assert outcomes(tables, "C104") == [("not_applicable", "文件只有表格，没有情况说明正文，不检查必备说明")]
    notice = write(
        tmp_path,
        "关于开展安全生产检查的通知\n一、检查范围\n辖区内全部商户。\n二、政府采购要求\n按规定执行。\n三、职责分工\n各社区负责落实。\n",
        "通知.txt",
    )
    assert outcomes(notice, "C104") == [("not_applicable", "标题和文件名都不像部门预算或决算公开，不检查必备说明")]
    assert found(audit(notice)[1]) == []
    # The first pages of a narrative (duties, organisation, procurement) are not judged as a whole one.
    lone = write(tmp_path, "示例街道2021年部门预算公开\n一、部门职责\n负责社区服务。\n二、机构设置\n内设办公室。\n三、政府采购预算情况\n2021年安排政府采购预算30.00万元。\n")
    assert outcomes(lone, "C104", "en") == [("not_applicable", "too few of the required explanations have recognisable headings for this to be a full narrative; not checked one by one")]


# ---- 三公 change and its reason ----------------------------------------------------------------


def test_a_three_public_expenses_change_without_reason(tmp_path: Path) -> None:
    text = COMPLETE.replace("与2020年相比减少1.00万元，主要原因是压减公务接待。", "与2020年相比减少1.00万元。")
    _, document = audit(write(tmp_path, text))
    assert found(document) == [("C106", "warning", "“四、财政拨款“三公”经费预算情况”说明了增减变化（减少1.00万元），但没有说明原因")]
    assert [(p.get("paragraph"), p["text"]) for p in document["findings"][0]["locations"]] == [
        (11, "四、财政拨款“三公”经费预算情况"),
        (12, "…三公”经费预算安排5.00万元，与2020年相比减少1.00万元。"),
    ]


def test_an_unchanged_three_public_expenses_needs_no_reason(tmp_path: Path) -> None:
    text = COMPLETE.replace("与2020年相比减少1.00万元，主要原因是压减公务接待。", "与2020年预算持平。")
    assert found(audit(write(tmp_path, text))[1]) == []


# ---- placeholders, blank amounts, template instructions ----------------------------------------


def test_placeholders_are_errors(tmp_path: Path) -> None:
    text = COMPLETE.replace("2021年安排政府采购预算30.00万元。", "上海市XX局2021年安排政府采购预算XXX万元，待填写。")
    code, document = audit(write(tmp_path, text))
    assert code == 1
    assert found(document) == [("C201", "error", "留有模板占位符 “XX”、“XXX”、“待填写”，应替换为实际内容")]
    assert where(document) == [("C201", 16, "上海市XX局2021年安排政府采购预算XXX万元，待填写。")]


def test_placeholders_in_english_are_listed_with_commas(tmp_path: Path) -> None:
    text = COMPLETE.replace("2021年安排政府采购预算30.00万元。", "上海市XX局2021年安排政府采购预算XXX万元，待填写。")
    _, document = audit(write(tmp_path, text), "--lang", "en")
    assert found(document) == [("C201", "error", 'a template placeholder is left in: "XX", "XXX", "待填写"; replace it with the real content')]


def test_latin_words_and_multiplication_are_not_placeholders(tmp_path: Path) -> None:
    text = COMPLETE.replace("2021年安排政府采购预算30.00万元。", "2021年安排政府采购预算30.00万元，采购XXL号服装和2×3米展板，系统为Windows XP。")
    assert found(audit(write(tmp_path, text))[1]) == []


def test_blank_amounts_and_shares(tmp_path: Path) -> None:
    text = COMPLETE.replace("较2020年预算增加10.00万元", "较2020年预算增加 万元，占 %")
    _, document = audit(write(tmp_path, text))
    assert found(document) == [("C202", "warning", "“增加 万元”、“占 %” 缺少数字，金额或比例空缺")]


def test_a_unit_statement_is_not_a_blank_amount(tmp_path: Path) -> None:
    text = COMPLETE.replace("上年末固定资产金额为500.00万元。", "上年末固定资产金额为500.00万元，金额单位为万元。")
    assert found(audit(write(tmp_path, text))[1]) == []


def test_template_instructions_left_in(tmp_path: Path) -> None:
    text = COMPLETE.replace("主要原因是人员增加。", "主要原因是人员增加。（如持平作持平表述）")
    assert found(audit(write(tmp_path, text))[1]) == [("C203", "warning", "留有模板的填写说明 “如持平作持平表述”，公开前应删除")]


# ---- wrong year ----------------------------------------------------------------------------------


def test_last_years_text_left_in(tmp_path: Path) -> None:
    text = COMPLETE.replace("负责辖区社会管理和公共服务。", "现将我街道2020年部门预算公开如下。负责辖区社会管理和公共服务。")
    _, document = audit(write(tmp_path, text))
    assert found(document) == [("C301", "warning", "正文称“2020年部门预算”，而标题所示年度为2021年，可能沿用了往年文本")]
    assert where(document)[0][:2] == ("C301", 4)


def test_comparisons_with_last_year_are_not_a_wrong_year(tmp_path: Path) -> None:
    text = COMPLETE.replace("较2020年预算增加10.00万元", "较2020年部门预算增加10.00万元，与2019年度部门预算相比增加12.00万元")
    assert found(audit(write(tmp_path, text))[1]) == []


def test_the_year_comes_from_the_file_name_when_the_title_has_none(tmp_path: Path) -> None:
    text = COMPLETE.replace("示例市示例街道办事处2021年部门预算信息公开情况说明", "示例街道办事处部门预算信息公开情况说明")
    text = text.replace("负责辖区社会管理和公共服务。", "现将我街道2020年部门预算公开如下。")
    _, document = audit(write(tmp_path, text))
    assert found(document) == [("C301", "warning", "正文称“2020年部门预算”，而文件名所示年度为2021年，可能沿用了往年文本")]
    # A 决算 file is often named by the year it is published in: its name does not settle the year.
    final = text.replace("部门预算信息公开", "部门决算公开").replace("2020年部门预算", "2020年度部门决算")
    path = write(tmp_path, final, "示例街道办事处2021年部门决算.txt")
    assert outcomes(path, "C301") == [("insufficient_data", "无法从标题或文件名判断文件所属年度")]


# ---- truncated sentences -----------------------------------------------------------------------


def test_a_reason_announced_and_not_given(tmp_path: Path) -> None:
    text = COMPLETE.replace("主要原因是人员增加。", "主要原因是。")
    _, document = audit(write(tmp_path, text))
    assert found(document) == [("C401", "warning", "句子在“主要原因是。”处中断，后面缺少应有的内容")]


def test_a_sentence_ending_in_a_colon_before_the_next_section(tmp_path: Path) -> None:
    text = COMPLETE.replace("2021年机关运行经费安排20.00万元，主要用于办公用房水电费。", "2021年机关运行经费安排20.00万元，主要用于：")
    _, document = audit(write(tmp_path, text))
    assert found(document) == [("C401", "warning", "句子在“主要用于：”处中断，后面缺少应有的内容")]
    # Continued in the next paragraph (a PDF line break), it is not cut short.
    text = text.replace("主要用于：\n", "主要用于：\n办公用房水电费。\n")
    assert found(audit(write(tmp_path, text))[1]) == []


# ---- empty sections ----------------------------------------------------------------------------


def test_a_label_with_nothing_under_it(tmp_path: Path) -> None:
    # The label names a required explanation: C102 says what is missing, and C501 stays silent
    # (one hole, one finding); without C102, C501 reports it.
    text = COMPLETE.replace("机构设置：\n内设党政办公室、社区建设办公室。\n", "机构设置：\n")
    _, document = audit(write(tmp_path, text))
    assert found(document) == [("C102", "warning", "“机构设置：”下没有内容，未说明机构设置")]
    assert where(document) == [("C102", 5, "机构设置：")]
    _, alone = audit(write(tmp_path, text), "--ignore", "C102")
    assert found(alone) == [("C501", "warning", "“机构设置：”下没有任何内容")]


def test_a_heading_alone_does_not_explain_its_topic(tmp_path: Path) -> None:
    # "一、部门职责及机构设置情况" names 机构设置, but what it holds about it is an empty label.
    text = COMPLETE.replace("机构设置：\n内设党政办公室、社区建设办公室。\n", "机构设置：\n")
    _, document = audit(write(tmp_path, text), "--lang", "en")
    assert found(document) == [("C102", "warning", "“机构设置：” has nothing under it: the department's organisation is not explained")]
    # A statement elsewhere still explains it, and then the empty label is C501's to report.
    text = text.replace("八、名词解释", "本部门内设机构包括党政办公室、社区建设办公室。\n八、名词解释")
    assert found(audit(write(tmp_path, text))[1]) == [("C501", "warning", "“机构设置：”下没有任何内容")]


def test_a_heading_with_nothing_under_it(tmp_path: Path) -> None:
    text = COMPLETE.replace("2021年安排政府采购预算30.00万元。\n", "")
    _, document = audit(write(tmp_path, text))
    assert found(document) == [("C107", "warning", "“六、政府采购预算情况”下没有内容，未说明政府采购")]


def test_what_counts_as_content_under_a_heading(tmp_path: Path) -> None:
    text = COMPLETE.replace(
        "六、政府采购预算情况\n2021年安排政府采购预算30.00万元。\n",
        # a flattened parent of a list, a label whose content is sub-headings, a heading with its
        # content on the same line, a heading over a table
        "其他相关情况说明\n一、政府采购预算情况\n其中：\n（一）货物\n采购办公设备30.00万元。\n预算主管部门：示例街道办事处\n政府采购预算表\n\t项目\n\t金额\n\n\t货物\n\t30.00\n\n",
    )
    assert found(audit(write(tmp_path, text))[1]) == []


def test_empty_heading_and_placeholder_in_a_word_document(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("示例街道办事处2021年部门预算公开", level=0)
    document.add_heading("一、部门职责", level=1)
    document.add_paragraph("负责XX工作。")
    document.add_heading("二、机构设置", level=1)
    document.add_heading("三、政府采购预算情况", level=1)
    document.add_paragraph("2021年安排政府采购预算30.00万元。")
    document.add_heading("四、名词解释", level=1)
    document.add_paragraph("基本支出：指为保障机构正常运转而发生的支出。")
    path = tmp_path / "示例街道办事处2021年部门预算.docx"
    document.save(str(path))
    _, report = audit(path)
    assert [(rule, severity) for rule, severity, _ in found(report)] == [
        ("C102", "warning"), ("C103", "warning"), ("C104", "warning"), ("C105", "warning"), ("C108", "warning"),
        ("C109", "warning"), ("C201", "error"),
    ]  # fmt: skip
    assert [where(report)[0], where(report)[-1]] == [("C102", 4, "二、机构设置"), ("C201", 3, "负责XX工作。")]


# ---- the seed and the real documents ------------------------------------------------------------


@pytest.mark.parametrize("sample", [SEED_TXT, SEED_DOCX], ids=["txt", "docx"])
def test_seed_only_lacks_its_organisation_text(sample: Path) -> None:
    """By hand: section 一 has "机构设置：" and then directly "二、部门预算安排的总体情况"; every
    required explanation has its heading (三 机关运行经费, 四 三公 with its reasons, 五 绩效, …)."""
    code, document = audit(sample)
    assert code == 0
    assert found(document) == [("C102", "warning", "“机构设置：”下没有内容，未说明机构设置")]
    assert where(document) == [("C102", 12, "机构设置：")]
    assert document["checks"] == {"run": 19, "passed": 15, "failed": 1, "rounding": 0, "not_applicable": 3, "insufficient_data": 0}


REAL_CLEAN = [
    "上海市普陀区人民政府万里街道办事处25年预算.pdf",
    "上海市普陀区人民政府办公室25年预算.pdf",
    "上海市普陀区财政局2024年度部门决算.pdf",
    "江苏省人民检察院2019年度部门预算公开.pdf",
    "江苏省委办公厅2019年度部门预算公开文件.pdf",
]


@pytest.mark.parametrize("name", REAL_CLEAN)
def test_real_disclosures_are_complete(real_dir: Path, name: str) -> None:
    """Read by hand: each has every required explanation (e.g. 普陀 budgets explain the change in
    部门预算编制说明, 财政局 决算 has 十、预算绩效管理情况); no placeholder, no stale year, no cut
    sentence (财政局's "主要原因：" continues on the next line), no empty heading (普陀's
    "其他相关情况说明" is the parent of "一、…")."""
    code, document = audit(real_dir / name)
    assert code == 0
    assert document["findings"] == []
    # Not applicable: 绩效目标 for the 决算; 绩效评价 and the two 决算 details for a budget.
    not_applicable = 1 if "决算" in name else 3
    assert document["checks"] == {"run": 19, "passed": 19 - not_applicable, "failed": 0, "rounding": 0, "not_applicable": not_applicable, "insufficient_data": 0}


def test_real_tables_only_file_is_not_held_to_the_narrative(real_dir: Path) -> None:
    path = real_dir / "江苏省委办公厅2019年度部门预算公开表格.pdf"
    code, document = audit(path)
    assert code == 0 and document["findings"] == []
    assert outcomes(path, "C107") == [("not_applicable", "文件只有表格，没有情况说明正文，不检查必备说明")]


def test_real_recognition_points_at_the_right_heading(real_dir: Path) -> None:
    rules = tuple(rule for rule in builtin_rules() if rule.kind == "required_section")
    result = audit_document(load(str(real_dir / "上海市普陀区财政局2024年度部门决算.pdf")), AuditOptions(rules=rules))
    # A statement is quoted whole: C112 and C113 are pinned by the part that answered.
    quoted = [(c.rule.id, c.status, c.places[0].text) for c in result.checks]
    assert "当年度无“三公”经费支出" in quoted[-2][2] and "面向中小企业预留政府采购项目预算金额246.47万元" in quoted[-1][2]
    assert [(rule, status) for rule, status, _ in quoted[-2:]] == [("C112", "pass"), ("C113", "pass")]
    assert quoted[:-2] == [
        ("C101", "pass", "一、主要职能"),
        ("C102", "pass", "二、部门决算单位构成"),
        ("C103", "pass", "一、收入支出决算总体情况说明"),
        ("C104", "pass", "（一）机关运行经费支出情况"),
        ("C105", "pass", "七、财政拨款“三公”经费支出决算情况说明"),
        ("C107", "pass", "（二）政府采购支出情况"),
        ("C108", "pass", "（三）国有资产占有使用情况说明"),
        ("C109", "not_applicable", "上海市普陀区财政局2024年度部门决算"),
        ("C110", "pass", "十、预算绩效管理情况"),
        ("C111", "pass", "第四部分名词解释"),
    ]


def test_template_placeholders_are_reported(real_dir: Path) -> None:
    """附件2 is the blank 2024 决算 template ("上海市 XX 局"): every paragraph, heading and cell with
    XX/XXX is an error, its notes to the author ("如持平作持平表述") are warnings; its headings are
    all there, so nothing is "missing"."""
    code, document = audit(real_dir / "附件2：部门决算模板.pdf")
    assert code == 1
    rules = [f["rule"] for f in document["findings"]]
    assert {rule: rules.count(rule) for rule in sorted(set(rules))} == {"C201": 46, "C203": 25}
    first = document["findings"][0]
    assert (first["rule"], first["severity"], first["message"]) == ("C201", "error", "留有模板占位符 “XX”，应替换为实际内容")
    assert first["locations"] == [{"path": str(real_dir / "附件2：部门决算模板.pdf"), "paragraph": 1, "page": 1, "text": "上海市 XX 局2024 年度部门决算"}]
    cells = [f["locations"][0]["text"] for f in document["findings"] if f["locations"][0].get("table") == 1]
    assert cells == ["上海市XX局（本级）", "上海市XX中心", "上海市XX研究所"]
    by_paragraph = {f["locations"][0].get("paragraph"): f["message"] for f in document["findings"] if f["rule"] == "C201"}
    assert by_paragraph[33] == "留有模板占位符 “XX”、“XXX”、“XXXXXXXX”，应替换为实际内容"


def test_a_lead_in_before_its_numbered_list_is_not_cut_short(tmp_path: Path) -> None:
    text = COMPLETE.replace("2021年安排政府采购预算30.00万元。\n", "2021年安排政府采购预算30.00万元，其中：\n一、货物采购\n办公设备30.00万元。\n")
    assert found(audit(write(tmp_path, text))[1]) == []


def test_a_reason_in_other_words_is_a_reason(tmp_path: Path) -> None:
    for reason in ("受疫情影响公务接待减少。", "因车辆报废更新而减少。", "严格控制公务接待。"):
        text = COMPLETE.replace("主要原因是压减公务接待。", reason)
        assert found(audit(write(tmp_path, text))[1]) == [], reason


def test_reasons_announced_as_a_list_are_not_cut_short(tmp_path: Path) -> None:
    text = COMPLETE.replace("主要原因是人员增加。", "主要原因如下。\n一是人员增加。\n二是项目增加。")
    assert found(audit(write(tmp_path, text))[1]) == []


def test_an_attachment_label_at_the_end_is_not_an_empty_section(tmp_path: Path) -> None:
    assert found(audit(write(tmp_path, COMPLETE + "附件：\n"))[1]) == []
    assert found(audit(write(tmp_path, COMPLETE + "其他说明：\n"))[1]) == [("C501", "warning", "“其他说明：”下没有任何内容")]


# ---- the seed with one thing changed -------------------------------------------------------------


def test_seed_docx_with_its_organisation_written_is_complete(tmp_path: Path) -> None:
    path = mutated_docx(tmp_path, "机构设置：", "机构设置：内设党政综合办公室、社区建设办公室。")
    code, document = audit(path)
    assert code == 0 and document["findings"] == []


def test_seed_docx_calling_itself_last_years_budget(tmp_path: Path) -> None:
    _, document = audit(mutated_docx(tmp_path, "2020年部门预算公开如下", "2019年部门预算公开如下"))
    assert found(document) == [
        ("C102", "warning", "“机构设置：”下没有内容，未说明机构设置"),
        ("C301", "warning", "正文称“2019年部门预算”，而标题所示年度为2020年，可能沿用了往年文本"),
    ]
    assert where(document)[1][:2] == ("C301", 2)


def test_seed_docx_with_a_reason_left_out(tmp_path: Path) -> None:
    _, document = audit(mutated_docx(tmp_path, "我部门节约使用公务用车，压减公车运行维护费支出", ""))
    assert found(document)[1] == ("C401", "warning", "句子在“主要原因是；”处中断，后面缺少应有的内容")
    assert where(document)[1][:2] == ("C401", 24)


def test_seed_txt_without_its_glossary_heading(tmp_path: Path) -> None:
    _, document = audit(mutated_txt(tmp_path, "八、名词解释", "八、附注"))
    assert found(document) == [
        ("C102", "warning", "“机构设置：”下没有内容，未说明机构设置"),
        ("C111", *missing("名词解释", "名词解释、名词说明、术语解释、专业名词")),
    ]


def test_full_width_years_are_years(tmp_path: Path) -> None:
    text = COMPLETE.replace("2021年部门预算信息公开", "２０２１年部门预算信息公开")
    text = text.replace("负责辖区社会管理和公共服务。", "现将我街道２０２０年部门预算公开如下。")
    _, document = audit(write(tmp_path, text, "说明.txt"))
    assert found(document) == [("C301", "warning", "正文称“２０２０年部门预算”，而标题所示年度为2021年，可能沿用了往年文本")]
