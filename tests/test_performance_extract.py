"""绩效目标表 → project records: the seed's 23 tables, Word merges, text-export quirks, titles."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetcheck.extract.performance import PerformanceRecord, extract_performance, project_name
from budgetcheck.parsers import load
from conftest import SEED_DOCX, SEED_TXT
from performance_docs import BASIS, GOAL, good_rows, row, txt_table, write_docx, write_txt


def records(path: Path) -> list[PerformanceRecord]:
    return extract_performance(load(str(path)))


def summary(record: PerformanceRecord) -> tuple:
    return (
        record.number,
        record.project,
        record.goal,
        [(level.name, level.indicators) for level in record.levels],
        [(i.location.row, i.level1, i.level2, i.level3, i.description, i.value_text, i.basis) for i in record.indicators],
    )


@pytest.fixture(scope="module")
def seed_docx() -> list[PerformanceRecord]:
    return records(SEED_DOCX)


def test_seed_has_23_projects_named_from_their_titles(seed_docx: list[PerformanceRecord]) -> None:
    assert len(seed_docx) == 23
    assert [r.number for r in seed_docx] == list(range(1, 24))
    assert seed_docx[0].project == "社区党组织服务群众专项经费"  # "1、 社区党组织服务群众专项经费绩效目标表"
    assert seed_docx[11].label() == "表12 街道妇联工作经费"
    assert seed_docx[11].label("en") == "table 12 街道妇联工作经费"
    assert seed_docx[18].project == "维修康居、新天地社区文化活动广场工程"
    assert all(len(r.indicators) == 5 for r in seed_docx)


def test_seed_txt_and_docx_give_the_same_records(seed_docx: list[PerformanceRecord]) -> None:
    assert [summary(r) for r in records(SEED_TXT)] == [summary(r) for r in seed_docx]


def test_values_are_read_as_comparator_number_unit(seed_docx: list[PerformanceRecord]) -> None:
    visits = seed_docx[7].indicators[2]  # 表8 安全生产经费, row 5
    assert (visits.level1, visits.level2, visits.level3, visits.description) == ("产出指标", "质量指标", "走访率", "商户走访率")
    assert visits.value is not None
    assert (visits.value.value, visits.value.unit, visits.value.comparator) == (Decimal("80"), "%", ">=")
    assert visits.place("value").describe() == "表8 第5行 第5列"
    area = seed_docx[5].indicators[0]  # 表6 铺设面积 5000㎡以上
    assert (area.value.value, area.value.unit, area.value.comparator) == (Decimal("5000"), "㎡", ">=")  # type: ignore[union-attr]
    bare = seed_docx[3].indicators[0]  # 表4 使用面积 100
    assert (bare.value.value, bare.value.unit) == (Decimal("100"), None)  # type: ignore[union-attr]


def test_merged_level1_cells_carry_down_in_docx(seed_docx: list[PerformanceRecord]) -> None:
    rent = seed_docx[2]  # 表3: 产出指标 over rows 3-4, 效果指标 over rows 5-6
    assert [(i.location.row, i.level1) for i in rent.indicators] == [(3, "产出指标"), (4, "产出指标"), (5, "效果指标"), (6, "效果指标"), (7, "满意度指标")]
    assert [(level.name, level.indicators) for level in rent.levels] == [("产出指标", 2), ("效果指标", 2), ("满意度指标", 1)]
    assert rent.levels[1].location.describe() == "表3 第5行 第1列"


def test_word_table_with_merges_and_a_repeated_header(tmp_path: Path) -> None:
    path = write_docx(tmp_path, "1、禁毒工作经费绩效目标表", GOAL, good_rows(), repeat_header_at=2)
    (record,) = records(path)
    assert record.project == "禁毒工作经费" and record.goal == GOAL
    assert [(i.location.row, i.level1, i.level3, i.value_text) for i in record.indicators] == [
        (3, "产出指标", "开展活动次数", "≥5次"),
        (4, "产出指标", "覆盖率", "≥90%"),
        (6, "效益指标", "知晓率", "≥80%"),  # row 5 is the header printed again
        (7, "满意度指标", "居民满意度", "≥95%"),
    ]


def test_text_export_level1_alone_before_its_first_row(tmp_path: Path) -> None:
    rows = [["产出指标"], row("", "数量指标", "开展活动次数", "≥5次"), *good_rows()[1:]]
    path = write_txt(tmp_path, txt_table("1、禁毒工作经费绩效目标表", GOAL, rows))
    (record,) = records(path)
    assert [(i.location.row, i.level1, i.level2, i.level3) for i in record.indicators] == [
        (4, "产出指标", "数量指标", "开展活动次数"),
        (5, "产出指标", "质量指标", "覆盖率"),
        (6, "效益指标", "社会效益指标", "知晓率"),
        (7, "满意度指标", "服务对象满意度指标", "居民满意度"),
    ]
    assert [(level.name, level.indicators) for level in record.levels] == [("产出指标", 2), ("效益指标", 1), ("满意度指标", 1)]


def test_text_export_row_split_by_a_blank_line_is_joined(tmp_path: Path) -> None:
    # A blank line before the last cell: the two pieces make a whole row again.
    table = txt_table("1、禁毒工作经费绩效目标表", GOAL, good_rows())
    split = table.replace("\t≥95%\n\t《三河市禁毒重点整治工作方案》\n", "\t≥95%\n\n\t《三河市禁毒重点整治工作方案》\n")
    assert split != table
    (record,) = records(write_txt(tmp_path, split))
    assert [(i.location.row, i.value_text, i.basis) for i in record.indicators][-1] == (6, "≥95%", BASIS)
    # A blank line inside the basis: the piece after it is too short to complete a row and
    # stands alone; it is the end of the basis above, not a new 一级.
    lone = table.replace("\t≥95%\n\t《三河市禁毒重点整治工作方案》\n", "\t≥95%\n\t《三河市禁毒\n\n\t重点整治工作方案》\n")
    assert lone != table
    (record,) = records(write_txt(tmp_path, lone, name="lone.txt"))
    assert record.indicators[-1].basis == BASIS
    assert [(level.name, level.indicators) for level in record.levels] == [("产出指标", 2), ("效益指标", 1), ("满意度指标", 1)]


def test_empty_continuation_cells_carry_level_and_basis(tmp_path: Path) -> None:
    rows = good_rows()
    rows[1][5] = ""  # the basis left empty below a basis, as a vertically merged cell exports
    (record,) = records(write_txt(tmp_path, txt_table("1、禁毒工作经费绩效目标表", GOAL, rows)))
    second = record.indicators[1]
    assert (second.level1, second.basis, second.basis_inherited) == ("产出指标", BASIS, True)


def test_table_without_header_row_is_read_by_its_shape(tmp_path: Path) -> None:
    path = write_txt(tmp_path, txt_table("3、禁毒工作经费项目支出绩效目标表", GOAL, good_rows(), header=False))
    (record,) = records(path)
    assert record.has_header is False and record.project == "禁毒工作经费"
    assert [(i.level1, i.level3, i.description, i.value_text, i.basis) for i in record.indicators][0] == (
        "产出指标", "开展活动次数", "全年开展禁毒宣传活动次数", "≥5次", BASIS
    )
    assert len(record.indicators) == 4


def test_other_tables_are_not_performance_tables() -> None:
    assert [r.number for r in records(SEED_DOCX)] == list(range(1, 24))  # not 表24 政府采购 or 表25 资产


@pytest.mark.parametrize(
    "title,name",
    [
        ("1、 社区党组织服务群众专项经费绩效目标表", "社区党组织服务群众专项经费"),
        ("（三）城市管理项目支出绩效目标表", "城市管理"),
        ("12. 街道妇联工作经费项目绩效目标申报表", "街道妇联工作经费"),
        ("社区服务中心运行经费绩效指标表", "社区服务中心运行经费"),
    ],
)
def test_project_name_from_title(title: str, name: str) -> None:
    assert project_name(title) == name


def test_one_basis_cell_merged_over_every_row(tmp_path: Path) -> None:
    rows = [cells[:5] + [BASIS if index == 0 else ""] for index, cells in enumerate(good_rows())]
    (record,) = records(write_docx(tmp_path, "1、禁毒工作经费绩效目标表", GOAL, rows, merge_basis=True))
    assert [(i.basis, i.basis_inherited) for i in record.indicators] == [(BASIS, False)] * 4
    assert {i.place("basis").describe() for i in record.indicators} == {"表1 第3行 第6列"}


def test_value_split_into_comparator_number_and_unit_columns(tmp_path: Path) -> None:
    # The 2021 template: 指标性质 | 指标值 | 度量单位 in three columns.
    lines = ["1、禁毒工作经费绩效目标表"]
    header = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "指标值设定依据"]
    body = [
        ["产出指标", "数量指标", "开展活动次数", "≥", "5", "次", BASIS],
        ["效益指标", "社会效益指标", "知晓率", "≥", "80", "%", BASIS],
        ["满意度指标", "服务对象满意度指标", "居民满意度", "≥", "95", "%", BASIS],
    ]
    for cells in [header, *body]:
        lines += ["\t" + cell for cell in cells] + [""]
    (record,) = records(write_txt(tmp_path, "\n".join(lines)))
    assert [(i.value_text, i.value.comparator, i.value.value, i.value.unit) for i in record.indicators] == [  # type: ignore[union-attr]
        ("≥5次", ">=", Decimal("5"), "次"),
        ("≥80%", ">=", Decimal("80"), "%"),
        ("≥95%", ">=", Decimal("95"), "%"),
    ]


def test_project_name_row_and_rows_above_the_indicators(tmp_path: Path) -> None:
    lines = ["项目支出绩效目标表"]
    # Rows of 4, 3 and 2 cells: no two of them add up to the table's width, so each stays a row.
    for cells in (["项目名称", "社区禁毒宣传", "主管部门", "某街道办事处"], ["资金情况", "年度资金总额", "10"], ["年度绩效目标", GOAL]):
        lines += ["\t" + cell for cell in cells] + [""]
    text = "\n".join(lines) + "\n" + txt_table("", None, good_rows()).lstrip("\n")
    (record,) = records(write_txt(tmp_path, text))
    assert (record.project, record.goal, record.titled) == ("社区禁毒宣传", GOAL, True)
    assert [i.level3 for i in record.indicators] == ["开展活动次数", "覆盖率", "知晓率", "居民满意度"]
    assert [level.name for level in record.levels] == ["产出指标", "效益指标", "满意度指标"]


def test_a_note_under_the_table_is_no_indicator(tmp_path: Path) -> None:
    text = txt_table("1、禁毒工作经费绩效目标表", GOAL, good_rows()) + "\t注：指标值以年度考核结果为准。\n"
    (record,) = records(write_txt(tmp_path, text))
    assert [i.basis for i in record.indicators] == [BASIS] * 4
    assert len(record.indicators) == 4
