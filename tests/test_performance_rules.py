"""The 绩效目标表 pack (K101–K503): exactly the seed's findings, and for each rule a small document
that breaks it and one that keeps it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.engine.audit import AuditOptions, audit_document
from budgetcheck.engine.rules import builtin_rules
from budgetcheck.extract.performance import extract_performance
from budgetcheck.parsers import load
from conftest import SEED_DOCX, SEED_TXT, SEED_XLSX
from performance_docs import GOAL, good_rows, row, txt_table, write_docx, write_txt
from seed_mutations import mutated_txt, mutated_txt_cell

runner = CliRunner()
TITLE = "1、禁毒工作经费绩效目标表"


def audit(path: Path, *extra: str) -> tuple[int, list[dict], dict]:
    result = runner.invoke(app, ["audit", str(path), "--format", "json", *extra])
    report = json.loads(result.stdout)
    document = report["documents"][0]
    return result.exit_code, document["findings"], document


def places(finding: dict) -> list[tuple]:
    return [(p.get("table"), p.get("row"), p.get("column"), p.get("paragraph")) for p in finding["locations"]]


def one_table(tmp_path: Path, rows: list[list[str]], goal: str = GOAL) -> Path:
    return write_txt(tmp_path, txt_table(TITLE, goal, rows))


# ---- the seed ----------------------------------------------------------------------------------

SEED_FINDINGS = [
    ("K102", "warning", [(9, 5, 2, None), (9, 3, 1, None)], "表9 环保所工作经费 第5行：二级指标“社会效益指标”（排查整改率）列在“产出指标”下，应属于效益指标"),
    ("K102", "warning", [(10, 5, 2, None), (10, 3, 1, None)], "表10 纪检工作经费 第5行：二级指标“社会效益指标”（普及率）列在“产出指标”下，应属于效益指标"),
    ("K102", "warning", [(19, 5, 2, None), (19, 3, 1, None)], "表19 维修康居、新天地社区文化活动广场工程 第5行：二级指标“可持续影响指标”（可持续使用年限）列在“产出指标”下，应属于效益指标"),
    ("K102", "warning", [(21, 5, 2, None), (21, 3, 1, None)], "表21 征兵工作经费 第5行：二级指标“可持续影响指标”（兵役登记时限）列在“产出指标”下，应属于效益指标"),
    (
        "K202",
        "warning",
        [(4, 3, 5, None), (4, 4, 5, None), (4, 5, 5, None), (4, 6, 5, None), (4, 7, 5, None)],
        "表4 社区租赁费：5 个指标值只有数字、没有计量单位（100, 50, 10, 100, 95）：使用面积 100（第3行）、解决办公人数 50（第4行）、使用持续性 10（第5行）、使用率 100（第6行）、居民满意度 95（第7行）",
    ),
    (
        "K302",
        "warning",
        [(18, 3, 6, None), (18, 4, 6, None), (18, 5, 6, None), (18, 7, 6, None)],
        "表18 退役军人服务站工作经费：4 个指标的“指标值确定依据”只是重复指标名称或描述，没有说明依据：开展宣传活动次数（第3行）、落实工作时效（第4行）、发放宣传品数量（第5行）、居民满意度（第7行）",
    ),
    (
        "K302",
        "warning",
        [(19, row, 6, None) for row in range(3, 8)],
        "表19 维修康居、新天地社区文化活动广场工程：5 个指标的“指标值确定依据”只是重复指标名称或描述，没有说明依据：完工率（第3行）、广场验收合格情况（第4行）、可持续使用年限（第5行）、使用率（第6行）、居民满意度（第7行）",
    ),
    (
        "K302",
        "warning",
        [(21, row, 6, None) for row in range(3, 8)],
        "表21 征兵工作经费：5 个指标的“指标值确定依据”只是重复指标名称或描述，没有说明依据：登记率（第3行）、征兵工作完成情况（第4行）、兵役登记时限（第5行）、普及率（第6行）、居民满意度（第7行）",
    ),
    (
        "K401",
        "error",
        [(12, 1, 2, None), (11, 1, 2, None)],
        "表12 街道妇联工作经费 的绩效目标与 表11 街道辅岗人员经费 的一字不差：“我单位现有辅岗人员21人，全面落实工资福利待遇，缴纳各类保险，保障社区工作顺利开展，落实上级部门各项政策”",
    ),
    (
        "K501",
        "warning",
        [(None, None, None, 41), (8, 5, 5, None)],
        "说明“4、高度重视，全面开展安全生产工作”称“走访90%以上商户”，而 表8 安全生产经费 第5行 指标“走访率”的指标值为“≥80百分比”",
    ),
    ("K502", "warning", [(24, 10, 1, None)], "政府采购预算表列有“社区维修改造工程”，但没有该项目的绩效目标表"),
    ("K502", "warning", [(24, 11, 1, None)], "政府采购预算表列有“辖区绿化提升工程”，但没有该项目的绩效目标表"),
    (
        "K503",
        "warning",
        [(24, 7, 1, None), (24, 7, 6, None), (14, 3, 5, None)],
        "表14 老旧小区维修工程 第3行 指标“修缮小区个数”为“≥4个”，而政府采购预算表中“老旧小区维修工程”的采购数量为 3个",
    ),
]


@pytest.mark.parametrize("sample", [SEED_TXT, SEED_DOCX], ids=["txt", "docx"])
def test_seed_reports_exactly_its_performance_problems(sample: Path) -> None:
    code, findings, _ = audit(sample, "--select", "indicator,cross-reference")
    assert code == 1  # the copied goal (K401) is an error
    got = [(f["rule"], f["severity"], places(f), f["message"]) for f in findings if f["severity"] in ("error", "warning")]
    assert got == SEED_FINDINGS


def test_seed_findings_in_english() -> None:
    _, findings, _ = audit(SEED_TXT, "--select", "K401,K501,K503", "--lang", "en")
    assert [f["message"] for f in findings] == [
        "the goal of table 12 街道妇联工作经费 is word for word that of table 11 街道辅岗人员经费: '我单位现有辅岗人员21人，全面落实工资福利待遇，缴纳各类保险，保障社区工作顺利开展，落实上级部门各项政策'",
        "the text under '4、高度重视，全面开展安全生产工作' says '走访90%以上商户', but table 8 安全生产经费, row 5, indicator '走访率' has the value '≥80百分比'",
        "table 14 老旧小区维修工程, row 3, indicator '修缮小区个数' is '≥4个', but the procurement table buys 3个 for '老旧小区维修工程'",
    ]


def seed_checks(rule_id: str, sample: Path = SEED_DOCX) -> list[tuple[str, list[str]]]:
    rules = tuple(rule for rule in builtin_rules() if rule.id == rule_id)
    result = audit_document(load(str(sample)), AuditOptions(rules=rules))
    return [(check.status, [place.text for place in check.places]) for check in result.checks]


def test_seed_agreements_between_text_and_tables_pass() -> None:
    passed = [texts for status, texts in seed_checks("K501") if status == "pass"]
    assert passed == [
        ["对辖区22个社区进行拉网式摸排", "22个"],  # 扫黑除恶: 22个社区
        ["覆盖辖区95%以上", "95%以上"],
        ["争取居民知晓率达到90%以上", "90%以上"],
        ["积极组织开展各类安全生产及消防安全宣教活动5次以上", "≥5次"],  # 安全生产 5次 / 8次
        ["全面排查8次以上", "≥8次"],
        ["大力开展禁毒宣传教育活动5次以上", "≥5次"],  # 禁毒 5次 / 90%
        ["以发放传单、禁毒讲座、设立展板、悬挂条幅、张贴警示标语等形式使禁毒宣传教育活动覆盖面达90%以上", "≥90百分比"],
        ["可以为3个社区6000余居民服务", "≥6000人"],  # 表20's goal: 6000余居民
    ]


def test_seed_text_figures_without_a_clear_indicator_are_counted_unchecked() -> None:
    unchecked = [texts[0] for status, texts in seed_checks("K501") if status == "insufficient_data"]
    # 文体 70次 and 卫生 18次 stand under sections that name no project: seen, not judged.
    assert "全年开展70次以上文体活动" in unchecked and "全面清理环境卫生18次以上" in unchecked
    assert len(unchecked) == 13


def test_seed_procurement_quantities_that_agree_pass() -> None:
    assert [texts for status, texts in seed_checks("K503", SEED_TXT) if status == "pass"] == [
        ["辖区住宅小区健身器材安装工程", "50 个", "≥50个"],
        ["奇特商城楼顶防水工程", "5100 ㎡", "5000㎡以上"],
    ]


# ---- structure ---------------------------------------------------------------------------------


def test_k101_missing_first_level(tmp_path: Path) -> None:
    code, findings, _ = audit(one_table(tmp_path, good_rows()[:3]), "--select", "K101")
    assert code == 1
    assert [(f["rule"], f["severity"], f["message"]) for f in findings] == [("K101", "error", "表1 禁毒工作经费：缺少一级指标 满意度指标")]
    _, findings, document = audit(one_table(tmp_path, good_rows()), "--select", "K101")
    assert findings == [] and document["checks"]["passed"] == 1


def test_k101_accepts_effect_for_benefit_and_cost_as_its_own_level(tmp_path: Path) -> None:
    rows = good_rows()
    rows[2][0] = "效果指标"
    rows.append(row("成本指标", "经济成本指标", "单次活动成本", "≤0.5万元"))
    code, findings, _ = audit(one_table(tmp_path, rows), "--select", "K101,K102")
    assert (code, findings) == (0, [])


def test_k102_second_level_under_the_wrong_first_level(tmp_path: Path) -> None:
    rows = good_rows()
    rows[1][1] = "社会效益指标"  # under 产出指标 (carried from the row above)
    _, findings, _ = audit(one_table(tmp_path, rows), "--select", "K102")
    assert [(f["rule"], f["severity"], places(f), f["message"]) for f in findings] == [
        ("K102", "warning", [(1, 4, 2, None), (1, 3, 1, None)], "表1 禁毒工作经费 第4行：二级指标“社会效益指标”（覆盖率）列在“产出指标”下，应属于效益指标")
    ]


def test_k102_cost_under_output_is_accepted_and_unknown_words_are_not_judged(tmp_path: Path) -> None:
    rows = good_rows()
    rows.insert(2, row("", "成本指标", "单次活动成本", "≤0.5万元"))
    rows.insert(3, row("", "政治效益指标", "党建引领", "≥90%"))
    _, findings, document = audit(one_table(tmp_path, rows), "--select", "K102")
    assert findings == []
    assert [item["locations"][0]["text"] for item in document["unchecked"]] == ["政治效益指标"]


def test_k103_first_level_with_no_rows(tmp_path: Path) -> None:
    code, findings, _ = audit(one_table(tmp_path, good_rows()[:3] + [["满意度指标"]]), "--select", "K101,K103")
    assert code == 1
    assert [(f["rule"], places(f), f["message"]) for f in findings] == [("K103", [(1, 6, 1, None)], "表1 禁毒工作经费：一级指标“满意度指标”下没有任何指标")]
    _, findings, _ = audit(one_table(tmp_path, good_rows()), "--select", "K103")
    assert findings == []


# ---- values ------------------------------------------------------------------------------------


def with_value(rows: list[list[str]], index: int, value: str, **changes: str) -> list[list[str]]:
    rows = [list(cells) for cells in rows]
    rows[index][4] = value
    for position, name in enumerate(("level1", "level2", "level3", "description")):
        if name in changes:
            rows[index][position] = changes[name]
    return rows


def test_k201_empty_value(tmp_path: Path) -> None:
    code, findings, _ = audit(one_table(tmp_path, with_value(good_rows(), 1, "")), "--select", "K201")
    assert code == 1
    assert [(f["rule"], f["severity"], places(f), f["message"]) for f in findings] == [
        ("K201", "error", [(1, 4, 5, None)], "表1 禁毒工作经费 第4行：指标“覆盖率”没有填写指标值")
    ]
    assert audit(one_table(tmp_path, good_rows()), "--select", "K201")[1] == []


def test_k202_values_without_units(tmp_path: Path) -> None:
    rows = with_value(with_value(good_rows(), 0, "5"), 3, "95")
    code, findings, _ = audit(one_table(tmp_path, rows), "--select", "K202")
    assert code == 0
    assert [(f["rule"], f["severity"], places(f), f["message"]) for f in findings] == [
        ("K202", "warning", [(1, 3, 5, None), (1, 6, 5, None)], "表1 禁毒工作经费：2 个指标值只有数字、没有计量单位（5, 95）：开展活动次数 5（第3行）、居民满意度 95（第6行）")
    ]
    assert audit(one_table(tmp_path, good_rows()), "--select", "K202")[1] == []


def test_k203_comparator_without_number(tmp_path: Path) -> None:
    _, findings, _ = audit(one_table(tmp_path, with_value(good_rows(), 1, "≥%")), "--select", "K203")
    assert [f["message"] for f in findings] == ["表1 禁毒工作经费 第4行：指标“覆盖率”的指标值“≥%”只有比较符号，没有数字"]
    # A number in words is not read, so it is not called missing.
    assert audit(one_table(tmp_path, with_value(good_rows(), 1, "不低于九成")), "--select", "K203")[1] == []
    assert audit(one_table(tmp_path, good_rows()), "--select", "K203")[1] == []


def test_k204_rate_above_100_percent(tmp_path: Path) -> None:
    _, findings, _ = audit(one_table(tmp_path, with_value(good_rows(), 1, "120%")), "--select", "K204")
    assert [f["message"] for f in findings] == ["表1 禁毒工作经费 第4行：指标“覆盖率”的指标值为“120%”，超过100%"]
    growth = with_value(good_rows(), 2, "150%", level3="参与人数增长率", description="参与人数较上年增长率")
    assert audit(one_table(tmp_path, growth), "--select", "K204")[1] == []
    assert audit(one_table(tmp_path, with_value(good_rows(), 1, "100%")), "--select", "K204")[1] == []


def test_k205_vague_words_where_a_number_is_expected(tmp_path: Path) -> None:
    _, findings, _ = audit(one_table(tmp_path, with_value(good_rows(), 1, "显著提高")), "--select", "K205")
    assert [(f["rule"], f["severity"], f["message"]) for f in findings] == [
        ("K205", "warning", "表1 禁毒工作经费 第4行：指标“覆盖率”应为数值，却写作“显著提高”（“显著”无法考核）")
    ]
    # An effect described in words is allowed where no number is called for.
    qualitative = with_value(good_rows(), 2, "有效提升", level3="居民法律意识", description="居民禁毒法律意识")
    assert audit(one_table(tmp_path, qualitative), "--select", "K205")[1] == []


def test_k206_satisfaction_not_a_number(tmp_path: Path) -> None:
    _, findings, _ = audit(one_table(tmp_path, with_value(good_rows(), 3, "满意")), "--select", "K205,K206")
    assert [(f["rule"], f["message"]) for f in findings] == [("K206", "表1 禁毒工作经费 第6行：满意度指标“居民满意度”的指标值为“满意”，不是数值")]
    assert audit(one_table(tmp_path, good_rows()), "--select", "K206")[1] == []


# ---- basis -------------------------------------------------------------------------------------


def with_basis(rows: list[list[str]], bases: list[str]) -> list[list[str]]:
    return [cells[:5] + [basis] for cells, basis in zip(rows, bases)]


def test_k301_missing_basis(tmp_path: Path) -> None:
    rows = with_basis(good_rows(), ["", "", "", ""])
    _, findings, _ = audit(one_table(tmp_path, rows), "--select", "K301")
    assert [(f["rule"], f["severity"], f["message"]) for f in findings] == [
        ("K301", "warning", "表1 禁毒工作经费：4 个指标没有填写指标值确定依据：开展活动次数（第3行）、覆盖率（第4行）、知晓率（第5行）、居民满意度（第6行）")
    ]
    # Below a basis, an empty cell is the basis carried on (a merged cell in the export).
    carried = with_basis(good_rows(), ["《三河市禁毒重点整治工作方案》", "", "", ""])
    assert audit(one_table(tmp_path, carried), "--select", "K301")[1] == []


def test_k302_basis_that_repeats_the_indicator(tmp_path: Path) -> None:
    rows = good_rows()
    rows = with_basis(rows, [rows[0][3], "覆盖率", rows[2][5], rows[3][5]])
    _, findings, _ = audit(one_table(tmp_path, rows), "--select", "K302")
    assert [(f["rule"], places(f), f["message"]) for f in findings] == [
        ("K302", [(1, 3, 6, None), (1, 4, 6, None)], "表1 禁毒工作经费：2 个指标的“指标值确定依据”只是重复指标名称或描述，没有说明依据：开展活动次数（第3行）、覆盖率（第4行）")
    ]
    assert audit(one_table(tmp_path, good_rows()), "--select", "K302")[1] == []


# ---- duplicates --------------------------------------------------------------------------------


def test_k401_same_goal_for_two_projects(tmp_path: Path) -> None:
    first = txt_table("1、禁毒工作经费绩效目标表", GOAL, good_rows())
    second = txt_table("2、团组织工作经费绩效目标表", GOAL, good_rows())
    code, findings, _ = audit(write_txt(tmp_path, first, second), "--select", "K401")
    assert code == 1
    assert [(f["rule"], f["severity"], places(f), f["message"]) for f in findings] == [
        ("K401", "error", [(2, 1, 2, None), (1, 1, 2, None)], f"表2 团组织工作经费 的绩效目标与 表1 禁毒工作经费 的一字不差：“{GOAL}”")
    ]
    other = txt_table("2、团组织工作经费绩效目标表", "开展社区活动，发放宣传用品，加强团组织建设，促进青年全面发展", good_rows())
    assert audit(write_txt(tmp_path, first, other, name="b.txt"), "--select", "K401")[1] == []


def test_k402_same_indicator_twice(tmp_path: Path) -> None:
    rows = good_rows()
    rows.insert(2, row("", "质量指标", "覆盖率", "≥90%", description="禁毒宣传覆盖率"))
    _, findings, _ = audit(one_table(tmp_path, rows), "--select", "K402")
    assert [(f["rule"], places(f), f["message"]) for f in findings] == [
        ("K402", [(1, 5, 3, None), (1, 4, 3, None)], "表1 禁毒工作经费 第5行：指标“覆盖率”与第4行重复")
    ]
    rows[2][3] = "禁毒讲座覆盖率"  # the same short name for a different measure is allowed
    assert audit(one_table(tmp_path, rows), "--select", "K402")[1] == []


# ---- text and tables ---------------------------------------------------------------------------

SAFETY_ROWS = [
    row("产出指标", "数量指标", "宣传活动次数", "≥5次", description="组织安全宣传活动次数"),
    row("", "质量指标", "走访率", "≥80百分比", description="商户走访率"),
    row("效果指标", "社会效益指标", "隐患排查情况", "≥95百分比", description="隐患排查处置数量占总隐患排查数"),
    row("满意度指标", "服务对象满意度指标", "居民满意度", "≥95百分比", description="调查满意居民占总调查人数比例"),
]


def safety(tmp_path: Path, section: str, sentence: str) -> Path:
    narrative = f"{section}\n绩效指标：{sentence}\n第二部分 资金绩效目标\n"
    return write_txt(tmp_path, narrative + txt_table("1、安全生产经费绩效目标表", "完成辖区企业商户排查工作，提高居民安全生产意识，减少事故隐患发生。", SAFETY_ROWS))


def test_k501_text_and_table_disagree(tmp_path: Path) -> None:
    path = safety(tmp_path, "4、高度重视，全面开展安全生产工作", "开展安全生产宣教活动5次以上，走访90%以上商户。")
    code, findings, _ = audit(path, "--select", "K501")
    assert code == 0
    assert [(f["rule"], f["severity"], f["message"]) for f in findings] == [
        ("K501", "warning", "说明“4、高度重视，全面开展安全生产工作”称“走访90%以上商户”，而 表1 安全生产经费 第4行 指标“走访率”的指标值为“≥80百分比”")
    ]
    kept = safety(tmp_path, "4、高度重视，全面开展安全生产工作", "开展安全生产宣教活动5次以上，走访80%以上商户。")
    _, findings, document = audit(kept, "--select", "K501")
    assert findings == [] and document["checks"]["passed"] == 2


def test_k501_stays_quiet_unless_the_section_names_the_project(tmp_path: Path) -> None:
    path = safety(tmp_path, "4、高度重视，全面开展社区治理工作", "走访90%以上商户。")
    _, findings, document = audit(path, "--select", "K501")
    assert findings == []
    assert [(item["status"], item["reason"]) for item in document["unchecked"]] == [("insufficient_data", "所在段落未明确对应某个项目的绩效目标表，未核对")]


def test_k501_stays_quiet_when_the_sentence_does_not_name_the_indicator(tmp_path: Path) -> None:
    path = safety(tmp_path, "4、高度重视，全面开展安全生产工作", "隐患整改完成90%以上。")
    _, findings, document = audit(path, "--select", "K501")
    assert findings == [] and document["checks"]["insufficient_data"] == 1


def test_k502_procurement_project_without_a_table(tmp_path: Path) -> None:
    path = mutated_txt(tmp_path, "14、老旧小区维修工程绩效目标表", "14、老旧小区改造工程绩效目标表")
    _, findings, _ = audit(path, "--select", "K502")
    assert [f["message"] for f in findings] == [
        "政府采购预算表列有“老旧小区维修工程”，但没有该项目的绩效目标表",
        "政府采购预算表列有“社区维修改造工程”，但没有该项目的绩效目标表",
        "政府采购预算表列有“辖区绿化提升工程”，但没有该项目的绩效目标表",
    ]
    kept = mutated_txt(tmp_path, "22、制作安装社区信息公告栏工程绩效目标表", "22、辖区绿化提升工程绩效目标表", name="kept.txt")
    assert [f["message"] for f in audit(kept, "--select", "K502")[1]] == ["政府采购预算表列有“社区维修改造工程”，但没有该项目的绩效目标表"]


def test_k502_stays_quiet_when_no_procurement_row_names_a_project(tmp_path: Path) -> None:
    # Rename the three tables the procurement rows name: the rows now look like goods, not projects.
    text = SEED_TXT.read_text(encoding="utf-8")
    for number, title in ((6, "奇特商城楼顶防水工程"), (14, "老旧小区维修工程"), (20, "辖区住宅小区健身器材安装工程")):
        old = f"{number}、{title}绩效目标表"
        assert text.count(old) == 1
        text = text.replace(old, f"{number}、其他项目{number}绩效目标表")
    path = tmp_path / "seed.txt"
    path.write_text(text, encoding="utf-8")
    _, findings, document = audit(path, "--select", "K502")
    assert findings == []
    assert document["checks"] == {"run": 1, "passed": 0, "failed": 0, "rounding": 0, "not_applicable": 1, "insufficient_data": 0}


def test_k502_needs_performance_tables_in_the_document() -> None:
    _, findings, document = audit(SEED_XLSX, "--select", "K502,K503")
    assert findings == [] and document["checks"]["run"] == 0


def test_k503_quantity_bought_and_target(tmp_path: Path) -> None:
    raised = mutated_txt(tmp_path, "\t5000㎡以上", "\t6000㎡以上")
    _, findings, _ = audit(raised, "--select", "K503")
    assert [(places(f), f["message"]) for f in findings] == [
        ([(24, 7, 1, None), (24, 7, 6, None), (14, 3, 5, None)], "表14 老旧小区维修工程 第3行 指标“修缮小区个数”为“≥4个”，而政府采购预算表中“老旧小区维修工程”的采购数量为 3个"),
        ([(24, 9, 1, None), (24, 9, 6, None), (6, 3, 5, None)], "表6 奇特商城楼顶防水工程 第3行 指标“铺设面积”为“6000㎡以上”，而政府采购预算表中“奇特商城楼顶防水工程”的采购数量为 5100㎡"),
    ]
    kept = mutated_txt_cell(tmp_path, "老旧小区维修工程", 6, "3", "4")
    assert audit(kept, "--select", "K503")[1] == []


def test_k503_two_indicators_in_the_unit_are_not_guessed(tmp_path: Path) -> None:
    basis = "\t中共三河市委组织部关于社区基层党组织规范化建设的意见\n"
    extra_row = "\n\t\n\t数量指标\n\t更换设施个数\n\t更换设施个数\n\t≥10个\n" + basis
    path = mutated_txt(tmp_path, "\t≥4个\n" + basis, "\t≥4个\n" + basis + extra_row)
    records = extract_performance(load(str(path)))
    assert [i.level3 for i in records[13].indicators][:2] == ["修缮小区个数", "更换设施个数"]
    _, findings, document = audit(path, "--select", "K503")
    assert findings == []
    assert [item["reason"] for item in document["unchecked"]] == ["同一计量单位的指标不止一个，无法确定对应关系"]


def test_word_table_keeps_every_rule(tmp_path: Path) -> None:
    path = write_docx(tmp_path, TITLE, GOAL, good_rows(), repeat_header_at=2)
    code, findings, document = audit(path, "--select", "indicator")
    assert (code, findings) == (0, [])
    assert document["checks"]["failed"] == 0 and document["checks"]["passed"] > 0


def test_rules_show_describes_a_performance_rule() -> None:
    result = runner.invoke(app, ["rules", "show", "K401"])
    assert result.exit_code == 0
    assert "不同项目的绩效目标不应一字不差" in result.output


def test_k101_does_not_judge_a_table_found_only_by_its_rows(tmp_path: Path) -> None:
    # The rest of a table split across pages: 效益 and 满意度 rows under no title of their own.
    path = write_txt(tmp_path, "第二部分 资金绩效目标\n" + txt_table("（续表）", None, good_rows()[2:], header=False))
    (record,) = extract_performance(load(str(path)))
    assert record.titled is False
    _, findings, document = audit(path, "--select", "K101")
    assert findings == [] and [item["reason"] for item in document["unchecked"]] == ["表格没有绩效目标表标题或项目名称，可能是跨页的续表，未核对"]
