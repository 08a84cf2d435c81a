"""T321: a change from last year that the narrative states, against a table carrying both years.

A small package (a narrative TXT and a 部门收支总表 with 上年预算数 | 本年预算数 columns) keeps and
breaks it; the 普陀 2024 决算 prints only this year's figures, so its three statements — the 持平 of
财政拨款收入支出总计 among them — are not checked, and say why."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from budgetcheck.cli import app

runner = CliRunner()


def package(tmp_path: Path, sentence: str, previous: str = "100.00", current: str = "130.00") -> list[Path]:
    text = tmp_path / "2021年示范局部门预算公开.txt"
    text.write_text(f"示范局2021年部门预算公开\n\n一、收支预算总体情况\n\n{sentence}\n", encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "部门收支总表"
    for row in (["单位：万元"], ["收入", None, None, "支出", None, None],
                ["项目", "上年预算数", "本年预算数", "项目", "上年预算数", "本年预算数"],
                ["一、一般公共预算拨款收入", previous, current, "一、一般公共服务支出", previous, current],
                ["收入总计", previous, current, "支出总计", previous, current]):
        sheet.append(row)
    sheet.merge_cells("A2:C2")
    sheet.merge_cells("D2:F2")
    tables = tmp_path / "表格.xlsx"
    book.save(tables)
    return [text, tables]


def audit(paths: list[Path], select: str = "T321,T301") -> tuple[int, list[dict]]:
    result = runner.invoke(app, ["audit", *map(str, paths), "--format", "json", "--select", select])
    return result.exit_code, json.loads(result.stdout)["documents"]


def test_a_stated_increase_that_the_two_years_bear_out(tmp_path: Path) -> None:
    code, [text, _] = audit(package(tmp_path, "2021年收入总计130.00万元，比上年增加30.00万元，主要原因是新增项目。"))
    assert code == 0
    # T301 reads this year's column (本年预算数), never last year's beside it; T321 reads both.
    assert text["checks"] == {"run": 2, "passed": 2, "failed": 0, "rounding": 0, "not_applicable": 0, "insufficient_data": 0}


def test_a_stated_increase_the_table_does_not_bear_out(tmp_path: Path) -> None:
    code, [text, _] = audit(package(tmp_path, "2021年收入总计130.00万元，比上年增加20.00万元，主要原因是新增项目。"))
    assert code == 1
    [finding] = text["findings"]
    assert finding["rule"] == "T321" and finding["category"] == "year-over-year"
    assert finding["message"] == (
        "说明所述 2021年收入总计 较上年增加20.00万元，但部门收支总表本年数 130.00万元、上年数 100.00万元，"
        "变化应为 30.00万元，相差 -10.00万元，容差 0.015万元"
    )
    assert [place.get("cell") or place.get("paragraph") for place in finding["locations"]] == [3, "C5", "B5"]


def test_level_without_a_number(tmp_path: Path) -> None:
    sentence = "2021年收入总计130.00万元。与上年相比，收入总计持平。"
    code, [text, _] = audit(package(tmp_path, sentence, previous="130.00"))
    assert code == 0 and text["checks"]["passed"] == 2
    code, [text, _] = audit(package(tmp_path, sentence))
    assert code == 1
    [finding] = text["findings"]
    assert finding["message"].startswith("说明所述 收入总计 较上年持平，但部门收支总表本年数 130.00万元、上年数 100.00万元，变化应为 30.00万元")


def test_putuo_tables_carry_one_year_so_the_changes_are_not_checked(real_dir: Path) -> None:
    code, [document] = audit([real_dir / "上海市普陀区财政局2024年度部门决算.pdf"], select="T321")
    assert [(item["locations"][0]["paragraph"], item["locations"][1]["table"], item["reason"]) for item in document["unchecked"]] == [
        (34, 2, "表格只列本年数，没有上年数一栏，无法用表格核对说明所述的增减变化"),  # 收入支出总计减少56.95万元
        (44, 6, "表格只列本年数，没有上年数一栏，无法用表格核对说明所述的增减变化"),  # 一般公共预算财政拨款支出减少63.14万元
        (40, 5, "表格只列本年数，没有上年数一栏，无法用表格核对说明所述的增减变化"),  # 财政拨款收入支出总计持平
    ]


def test_a_change_after_a_listed_part_is_the_parts_not_the_totals(tmp_path: Path) -> None:
    """万里 2025 writes "…其中：…政府性基金拨款支出预算0.00万元，比2024年预算持平": that 持平 is the fund's,
    and must never be held against the 支出总计 (which rose from 100.00 to 130.00)."""
    sentence = ("支出预算130.00万元，其中：财政拨款支出预算130.00万元，比2020年预算增加30.00万元。财政拨款支出预算中，"
                "一般公共预算拨款支出预算130.00万元，比2020年预算增加30.00万元；政府性基金拨款支出预算0.00万元，比2020年预算持平。")
    code, [text, _] = audit(package(tmp_path, sentence))
    assert code == 0
    assert text["findings"] == []
    # T301 passes on the 支出预算 total; the 一般公共预算 part's amount and change (T301, T321) want the
    # 一般公共预算支出表 this package lacks; the fund's 持平 names no table figure and is not read at all.
    assert [(item["rule"], item["reason"]) for item in text["unchecked"]] == [
        ("T301", "包中没有找到所需的表格，未核对"), ("T321", "包中没有找到所需的表格，未核对"),
    ]
    assert text["checks"] == {"run": 3, "passed": 1, "failed": 0, "rounding": 0, "not_applicable": 0, "insufficient_data": 2}


def test_last_years_column_is_never_compared_as_this_years_line(tmp_path: Path) -> None:
    """T202 on a 收支总表 with 上年预算数 | 本年预算数: its 类 lines are this year's column against the 支出总表."""
    text, tables = package(tmp_path, "2021年收入总计130.00万元。")
    book = openpyxl.load_workbook(tables)
    sheet = book.create_sheet("部门支出总表")
    for row in (["单位：万元"], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                ["201", "一般公共服务支出", "130.00", "100.00", "30.00"], ["合计", None, "130.00", "100.00", "30.00"]):
        sheet.append(row)
    book.save(tables)
    code, [_, table_document] = audit([text, tables], select="T202")
    assert code == 0
    assert table_document["checks"] == {"run": 1, "passed": 1, "failed": 0, "rounding": 0, "not_applicable": 0, "insufficient_data": 0}


def test_more_or_less_than_last_year_against_the_table(tmp_path: Path) -> None:
    code, [text, _] = audit(package(tmp_path, "2021年收入总计130.00万元，比上年多30.00万元。"))
    assert code == 0 and text["checks"]["passed"] == 2
    code, [text, _] = audit(package(tmp_path, "2021年收入总计130.00万元，较2020年少了30.00万元。"))
    assert code == 1
    [finding] = text["findings"]
    assert finding["rule"] == "T321"
    assert finding["message"].startswith("说明所述 2021年收入总计 较上年减少30.00万元，但部门收支总表本年数 130.00万元、上年数 100.00万元，变化应为 30.00万元，相差 -60.00万元")
