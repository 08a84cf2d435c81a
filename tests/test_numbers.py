"""Reading Chinese amounts: value, printed precision, unit, kind, comparator, approximation, span."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetcheck.numbers import (
    Quantity,
    canonical_unit,
    document_precision,
    find_quantities,
    find_years,
    parse_number,
    parse_unit_banner,
)


def read(text: str) -> tuple[str, int, str | None, str, str | None, bool]:
    q = parse_number(text)
    assert q is not None, text
    return str(q.value), q.decimals, q.unit, q.kind, q.comparator, q.approx


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2999.85万元", ("2999.85", 2, "万元", "money", None, False)),
        ("18万元", ("18", 0, "万元", "money", None, False)),
        ("1.1万元", ("1.1", 1, "万元", "money", None, False)),
        ("0万元", ("0", 0, "万元", "money", None, False)),
        ("2,999.85", ("2999.85", 2, None, "number", None, False)),
        ("２９９９．８５", ("2999.85", 2, None, "number", None, False)),
        ("２，９９９．８５", ("2999.85", 2, None, "number", None, False)),
        ("（101.42）", ("-101.42", 2, None, "number", None, False)),
        ("(101.42)", ("-101.42", 2, None, "number", None, False)),
        ("-101.42", ("-101.42", 2, None, "number", None, False)),
        ("－101.42", ("-101.42", 2, None, "number", None, False)),
        ("−101.42", ("-101.42", 2, None, "number", None, False)),
        ("6000余", ("6000", 0, None, "number", None, True)),
        ("70次以上", ("70", 0, "次", "count", ">=", False)),
        ("≥95百分比", ("95", 0, "%", "percent", ">=", False)),
        ("95%以上", ("95", 0, "%", "percent", ">=", False)),
        ("95％", ("95", 0, "%", "percent", None, False)),
        ("100%", ("100", 0, "%", "percent", None, False)),
        ("5000㎡以上", ("5000", 0, "㎡", "area", ">=", False)),
        ("5000平方米", ("5000", 0, "㎡", "area", None, False)),
        ("120m2", ("120", 0, "㎡", "area", None, False)),
        ("80平米", ("80", 0, "㎡", "area", None, False)),
        ("不低于90%", ("90", 0, "%", "percent", ">=", False)),
        ("不少于3次", ("3", 0, "次", "count", ">=", False)),
        ("不超过5万元", ("5", 0, "万元", "money", "<=", False)),
        ("不高于2%", ("2", 0, "%", "percent", "<=", False)),
        ("达到100%", ("100", 0, "%", "percent", ">=", False)),
        ("至少2场", ("2", 0, "场", "count", ">=", False)),
        ("超过10人", ("10", 0, "人", "count", ">", False)),
        ("低于5%", ("5", 0, "%", "percent", "<", False)),
        ("≤3天", ("3", 0, "天", "count", "<=", False)),
        ("=1项", ("1", 0, "项", "count", "=", False)),
        ("＞50户", ("50", 0, "户", "count", ">", False)),
        ("5%以下", ("5", 0, "%", "percent", "<=", False)),
        ("≥95%以上", ("95", 0, "%", "percent", ">=", False)),
        ("约5万元", ("5", 0, "万元", "money", None, True)),
        ("5万元左右", ("5", 0, "万元", "money", None, True)),
        ("≥10年", ("10", 0, "年", "count", ">=", False)),
        ("1年", ("1", 0, "年", "count", None, False)),
        ("22个", ("22", 0, "个", "count", None, False)),
        ("94人", ("94", 0, "人", "count", None, False)),
        ("3辆", ("3", 0, "辆", "count", None, False)),
        ("2台", ("2", 0, "台", "count", None, False)),
        ("1.5亿元", ("1.5", 1, "亿元", "money", None, False)),
        ("5万余元", ("5", 0, "万元", "money", None, True)),
        ("1.5万人", ("15000", -3, "人", "count", None, False)),
        ("2个百分点", ("2", 0, "百分点", "percent", None, False)),
        ("  18 万元  ", ("18", 0, "万元", "money", None, False)),
        ("22 个", ("22", 0, "个", "count", None, False)),
        ("0.00", ("0.00", 2, None, "number", None, False)),
    ],
)
def test_parse_number(text: str, expected: tuple) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "—", "-", "——", "/", "－", "扫黑除恶", "2019年", "2020年度", "007", "2,99", "1,2345",
     "5万元/人", "95‰", "10-20人", "我单位现有辅岗人员21人", "(101.42", "3.1.2", "5%万", "B0899",
     "≥5次以下", "5G"],
)
def test_parse_number_refuses_what_it_does_not_understand(text: str) -> None:
    assert parse_number(text) is None


def test_parse_number_span_and_text_are_those_of_the_source() -> None:
    q = parse_number("  １８万元 ")
    assert (q.text, q.start, q.end) == ("１８万元", 2, 6)


def test_half_unit_follows_printed_decimals() -> None:
    assert parse_number("18").half_unit == Decimal("0.5")
    assert parse_number("137.2").half_unit == Decimal("0.05")
    assert parse_number("2999.85").half_unit == Decimal("0.005")


def test_precision_is_raised_never_lowered() -> None:
    narrative = parse_number("137.2万元")
    raised = narrative.with_decimals(2)
    assert (raised.value, raised.decimals, raised.half_unit) == (Decimal("137.2"), 2, Decimal("0.005"))
    assert parse_number("2999.85").with_decimals(1).decimals == 2


def test_money_units_convert_with_their_precision() -> None:
    in_yuan = parse_number("636.67万元").in_unit("元")
    assert (str(in_yuan.value), in_yuan.decimals, in_yuan.half_unit, in_yuan.unit) == ("6366700", -2, Decimal("50"), "元")
    back = parse_number("6,366,700.00元").in_unit("万元")
    assert (back.value, back.decimals, back.half_unit) == (Decimal("636.67"), 6, Decimal("0.0000005"))
    assert parse_number("1.5亿元").in_unit("万元").value == Decimal("15000")


@pytest.mark.parametrize("text, unit", [("18万元", "人"), ("18人", "万元"), ("95%", "元"), ("18", "万元")])
def test_incompatible_units_do_not_convert(text: str, unit: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text).in_unit(unit)


def test_a_table_cell_takes_its_banner_unit() -> None:
    cell = parse_number("2,999.85").with_unit(parse_unit_banner("单位：万元"))
    assert (cell.unit, cell.kind) == ("万元", "money")
    with pytest.raises(ValueError):
        parse_number("18人").with_unit("万元")


def test_canonical_unit() -> None:
    assert canonical_unit("平方米") == ("㎡", "area")
    assert canonical_unit("％") == ("%", "percent")
    assert canonical_unit("万元") == ("万元", "money")
    assert canonical_unit("斤两") is None


def test_quantity_rejects_unknown_kind_and_comparator() -> None:
    with pytest.raises(ValueError):
        Quantity(Decimal(1), 0, None, "weight")
    with pytest.raises(ValueError):
        Quantity(Decimal(1), 0, None, "number", comparator="≥")


def spans(text: str) -> list[tuple[str, str, int, str | None]]:
    return [(q.text, str(q.value), q.decimals, q.unit) for q in find_quantities(text)]


def test_find_quantities_in_the_seed_income_sentence() -> None:
    text = "2020年预算收入2999.85万元，其中：一般公共预算收入2981.85万元，基金预算收入18万元，财政专户核拨收入0万元，其他来源收入0万元。"
    assert spans(text) == [
        ("2999.85万元", "2999.85", 2, "万元"),
        ("2981.85万元", "2981.85", 2, "万元"),
        ("18万元", "18", 0, "万元"),
        ("0万元", "0", 0, "万元"),
        ("0万元", "0", 0, "万元"),
    ]
    assert find_years(text) == [(2020, 0, 5)]
    first = find_quantities(text)[0]
    assert text[first.start : first.end] == "2999.85万元"


def test_find_quantities_in_the_seed_change_sentence() -> None:
    text = "较2019年预算增加636.67万元，其中：基本支出减少101.42万元，主要为人员有所减少；项目支出增加738.09万元"
    assert [q.text for q in find_quantities(text)] == ["636.67万元", "101.42万元", "738.09万元"]
    assert find_years(text) == [(2019, 1, 6)]


def test_find_quantities_nested_parts() -> None:
    text = "公务用车购置及运维费5.92万元（其中：公务用车购置费为0万元，公务用车运维费5.92万元)；公务接待费0.75万元。与2019年相比减少1.1万元"
    assert [q.text for q in find_quantities(text)] == ["5.92万元", "0万元", "5.92万元", "0.75万元", "1.1万元"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("可以为3个社区6000余", [("3个", None, False), ("6000余", None, True)]),
        ("满意度达到95%以上", [("达到95%以上", ">=", False)]),
        ("不低于90%", [("不低于90%", ">=", False)]),
        ("参与人数70000人以上", [("70000人以上", ">=", False)]),
        ("使用年限10年以上", [("10年以上", ">=", False)]),
        ("近3年", [("近3年", None, True)]),
        ("共5 万元", [("5 万元", None, False)]),
        ("约5万元左右", [("约5万元左右", None, True)]),
        ("提高2个百分点", [("2个百分点", None, False)]),
    ],
)
def test_find_quantities_comparators_and_approximations(text: str, expected: list) -> None:
    assert [(q.text, q.comparator, q.approx) for q in find_quantities(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "1、一般公共预算拨款",  # list label
        "（1） 总体绩效目标",
        "1.收入说明",
        "注：1.“机关运行经费”指行政单位",
        "根据三发【2012】5号文件",  # document number
        "财预〔2016〕143号",
        "[B0899]其他建筑物",  # catalogue codes
        "[A033626]健身设备",
        "部门编码-436三河市",
        "截止时间：2019年12月31日",  # a date
        "2019-2020年度",  # years
        "2020年度",
        "10-20人",  # ranges
        "5万元至10万元",
        "5~8次",
        "第3次会议",  # ordinal
        "3.1.2节",  # section number
        "8:30开始",
        "500元/人",  # a rate
        "分别为1,2345",  # not a valid digit grouping
        "5G网络",
        "25年预算",  # a two-digit year, or a duration: not clear
        "运行3年",
    ],
)
def test_find_quantities_skips_what_is_not_a_quantity(text: str) -> None:
    assert find_quantities(text) == [], text


def test_find_quantities_takes_a_unit_across_a_space_only_where_it_starts_no_word() -> None:
    assert spans("增长 10.06 %，增加2228.78 万元") == [("10.06 %", "10.06", 2, "%"), ("2228.78 万元", "2228.78", 2, "万元")]
    # PDF table text: the next column's label follows after a space.
    assert spans("本年收入合计 2,940.05 本年支出合计") == [("2,940.05", "2940.05", 2, None)]
    assert spans("201 32 组织事务") == [("201", "201", 0, None), ("32", "32", 0, None)]
    assert spans("下属 5 家单位") == [("5", "5", 0, None)]
    assert spans("下属5家单位") == [("5家", "5", 0, "家")]


def test_find_quantities_leaves_a_number_whose_unit_is_elsewhere() -> None:
    # "5" in a list whose unit is printed once, after the last item.
    assert spans("分别为5、10万元") == [("10万元", "10", 0, "万元")]


def test_find_quantities_reads_signs_only_where_they_are_signs() -> None:
    assert spans("增长率为-5.5%") == [("-5.5%", "-5.5", 1, "%")]
    assert spans("增长-5%") == [("-5%", "-5", 0, "%")]


def test_find_quantities_thousands_only_with_ascii_commas() -> None:
    assert spans("共3,200人") == [("3,200人", "3200", 0, "人")]
    # "，" separates clauses in running text: two numbers, not 100200.
    assert spans("收入100，200人参加") == [("100", "100", 0, None), ("200人", "200", 0, "人")]


def test_find_quantities_full_width_digits_keep_source_spans() -> None:
    text = "支出１２５１．４６万元"
    [q] = find_quantities(text)
    assert (q.value, q.decimals, q.text, q.start, q.end) == (Decimal("1251.46"), 2, "１２５１．４６万元", 2, 11)


def test_find_quantities_saving_is_not_an_approximation() -> None:
    [q] = find_quantities("节约5万元")
    assert (q.text, q.approx) == ("5万元", False)


def test_find_years() -> None:
    assert find_years("2019年至2020年度") == [(2019, 0, 5), (2020, 6, 12)]
    assert find_years("2019-2020年") == [(2019, 0, 4), (2020, 5, 10)]
    assert find_years("财预〔2016〕143号") == []
    assert find_years("２０２０年") == [(2020, 0, 5)]


@pytest.mark.parametrize(
    "text, unit",
    [
        ("单位：万元", "万元"),
        ("金额单位：元", "元"),
        ("（单位：万元）", "万元"),
        ("单位:万元", "万元"),
        ("价值（金额单位：万元）", "万元"),
        ("单位：人民币万元", "万元"),
        ("编制单位：三河市泃阳西大街街道办事处    单位：万元", "万元"),
        ("单位： 亿元", "亿元"),
        ("计量单位：台", "台"),
        ("计量单位：万元", "万元"),
        ("单位:元", "元"),
        ("(单位：万元)", "万元"),
        ("货币单位：万元", "万元"),
        ("单 位：万元", "万元"),  # a justified label: the PDF text keeps the gap
        ("单  位 : 元", "元"),
        ("单位（万元）", "万元"),
        ("单位(人民币元)", "元"),
        ("部门名称：江苏省人民检察院 单位:万元", "万元"),
    ],
)
def test_parse_unit_banner(text: str, unit: str) -> None:
    assert parse_unit_banner(text) == unit


@pytest.mark.parametrize(
    "text",
    ["编制单位：三河市", "预算单位：元宝山区财政局", "单位：万元、%", "单位：元/人", "单位名称", "", "编制单位（盖章）：", "单位（个）"],
)
def test_parse_unit_banner_refuses_non_banners(text: str) -> None:
    assert parse_unit_banner(text) is None


def test_document_precision_of_the_seed_narrative() -> None:
    text = "2020年支出预算2999.85万元，其中基本支出1251.46万元，包括人员经费1114.26万元和日常公用经费137.2万元；项目支出1748.39万元；其他支出0万元。完成率95.5%"
    assert document_precision(find_quantities(text)) == 2


def test_document_precision_edge_cases() -> None:
    assert document_precision([]) is None
    assert document_precision([parse_number("18万元"), parse_number("95.5%")]) is None
    assert document_precision([parse_number("1.5万元"), parse_number("2.25万元")]) == 2
