"""`rules list` and `rules show`: the rules documented from the rule packs themselves."""

from __future__ import annotations

from budgetcheck.engine.rules import builtin_rules
from report_inputs import CJK, run


def test_rules_list_is_a_table_of_every_rule() -> None:
    result = run("rules", "list")
    assert result.exit_code == 0
    lines = [line.rstrip() for line in result.output.splitlines()]
    assert lines[0].split() == ["规则", "类别", "级别", "标题"]
    ids = [line.split()[0] for line in lines[1:]]
    assert ids == sorted(rule.id for rule in builtin_rules())
    assert "N101  算术      错误  说明中的合计数应等于其所列各分项之和" in lines
    assert "K401  绩效指标  错误  不同项目的绩效目标不应一字不差" in lines
    assert all(line == line.rstrip() for line in result.output.splitlines())  # no trailing padding


def test_rules_list_in_english_has_no_chinese() -> None:
    result = run("rules", "list", "--lang", "en")
    lines = result.output.splitlines()
    assert lines[0] == "rule  category         severity  title"
    assert "N101  arithmetic       error     A total in the text equals the sum of the parts it lists" in lines
    assert all(line == line.rstrip() for line in lines)
    assert CJK.findall(result.output) == []


def test_rules_show_says_what_why_and_gives_examples() -> None:
    result = run("rules", "show", "p104")  # ids are matched without regard to case
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "P104  采购数量乘以单价应等于采购金额",
        "类别: 算术（arithmetic）    级别: 错误（error）    类型: product    规则包: procurement",
        "依据: 算术恒等式",
        "为什么重要: 数量、单价和金额三者必须自洽，否则采购规模或单价有误。",
        "错误示例: 健身设备 50 个 × 0.63 = 18",
        "正确示例: 健身设备 50 个 × 0.36 = 18",
    ]


def test_rules_show_in_english_quotes_only_its_examples_in_chinese() -> None:
    lines = run("rules", "show", "N201", "--lang", "en").output.splitlines()
    assert lines[0] == "N201  A stated year-over-year change equals the sum of its parts' changes"
    assert lines[1] == "category: year-over-year    severity: error    kind: delta    pack: narrative"
    own = [line for line in lines if not line.startswith(("bad: ", "good: "))]
    assert [CJK.findall(line) for line in own] == [[] for _ in own]
    assert any(line.startswith("bad: ") for line in lines) and any(line.startswith("good: ") for line in lines)


def test_unknown_rule_is_a_usage_error() -> None:
    result = run("rules", "show", "X999")
    assert result.exit_code == 2
    assert result.output == "没有编号为 X999 的规则，用 budgetcheck rules list 查看\n"
    assert run("rules", "show", "X999", "--lang", "en").output == "no rule X999; see budgetcheck rules list\n"
