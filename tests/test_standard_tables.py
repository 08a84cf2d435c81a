"""The standard 预算 tables of the seed township audited with the seed DOCX as one package, and
variants of the workbook with one injected error each: every error is found, named on both sides."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.extract.standard_tables import classify_title
from conftest import SAMPLES, SEED_DOCX, SEED_STEM

runner = CliRunner()
SEED_TABLES = SAMPLES / f"{SEED_STEM}_预算公开表.xlsx"


def audit(*paths: Path) -> tuple[int, list[dict]]:
    # The seed's own 绩效目标表 and text-completeness findings are pinned in their own tests, not here.
    result = runner.invoke(app, ["audit", *map(str, paths), "--format", "json", "--ignore", "performance,disclosure"])
    return result.exit_code, json.loads(result.stdout)["documents"]


def findings(documents: list[dict], rule: str) -> list[dict]:
    return [finding for document in documents for finding in document["findings"] if finding["rule"] == rule]


def variant(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    workbook = openpyxl.load_workbook(SEED_TABLES)
    change(workbook)
    out = tmp_path / SEED_TABLES.name
    workbook.save(out)
    return out


def row_of(sheet, code: str) -> int:  # type: ignore[no-untyped-def]
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == code or row[1].value == code)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2025年部门财务收支预算总表", "budget_overview"),
        ("表4 财政拨款收支总表", "budget_fiscal_overview"),
        ("财政拨款收入支出决算总表", "final_fiscal_overview"),
        ("收入支出决算总表", "final_overview"),
        ("一般公共预算财政拨款基本支出决算表", "final_basic"),
        ("一般公共预算财政拨款支出决算表", "final_general"),
        ("财政拨款“三公”经费支出决算表", "final_three_public"),
        ("“三公”经费、会议费、培训费支出预算表", "budget_three_public"),
        ("部门一般公共预算拨款基本支出明细表", "budget_basic"),
    ],
)
def test_titles_are_recognised_by_their_longest_alias(title: str, kind: str) -> None:
    found = classify_title(title)
    assert found is not None and found.id == kind


def test_a_sentence_naming_a_table_is_not_its_title() -> None:
    assert classify_title("收支总表支出栏、基本支出表、项目支出表按经济分类和支出功能分类科目编制，反映三河市泃阳西大街街道办事处年度部门预算中支出预算的总体情况") is None


def test_seed_package_audits_clean_with_the_tables_checked() -> None:
    code, documents = audit(SEED_DOCX, SEED_TABLES)
    assert code == 0
    assert [f for d in documents for f in d["findings"]] == []
    narrative, tables = documents
    # The narrative's totals, 三公 6.67, 基本/项目支出, 人员/公用经费, 一般公共预算/基金收入 meet the tables.
    # Its changes from 2019 of 基本支出 and 项目支出 cannot be checked against tables that print 2020
    # alone (T321, insufficient data).  (The 三公 change follows a listing, so what it is about is not read.)
    assert narrative["checks"] == {"run": 49, "passed": 47, "failed": 0, "rounding": 0, "not_applicable": 0, "insufficient_data": 2}
    # Hierarchies, component columns, balances, shared totals, the 类 lines the overviews share with
    # the 支出 and 一般公共预算 tables (T202, 12), the eight required tables, the blank 国有资本经营
    # table's note; only that blank table is not applicable to arithmetic.
    assert tables["checks"] == {"run": 192, "passed": 190, "failed": 0, "rounding": 0, "not_applicable": 2, "insufficient_data": 0}


def test_a_wrong_item_breaks_its_parents_sum(tmp_path: Path) -> None:
    def change(workbook):  # type: ignore[no-untyped-def]
        sheet = workbook["表5 一般公共预算支出表"]
        row = row_of(sheet, "2120501")
        sheet.cell(row, 3).value = Decimal("5100000.00")
        sheet.cell(row, 5).value = Decimal("5100000.00")

    code, documents = audit(SEED_DOCX, variant(tmp_path, change))
    assert code == 1
    parent = [f for f in findings(documents, "T101") if "21205" in f["message"] and "合计" in f["message"]]
    assert len(parent) == 1
    assert parent[0]["expected"] == "5100000.00" and parent[0]["actual"] == "5000000.00" and parent[0]["difference"] == "-100000.00"
    cells = [place["cell"] for place in parent[0]["locations"]]
    assert cells == ["C18", "C19"]  # the 款 21205 cell and the 项 2120501 cell below it


def test_a_wrong_economic_section_breaks_its_class(tmp_path: Path) -> None:
    def change(workbook):  # type: ignore[no-untyped-def]
        sheet = workbook["表6 一般公共预算基本支出表"]
        row = row_of(sheet, "30101")
        sheet.cell(row, 3).value = sheet.cell(row, 4).value = Decimal("4100000.00")

    _, documents = audit(SEED_DOCX, variant(tmp_path, change))
    wrong = [f for f in findings(documents, "T102") if f["message"].startswith("一般公共预算基本支出表 301 工资福利支出（合计）")]
    assert len(wrong) == 1 and wrong[0]["difference"] == "-100000.00"


def test_unbalanced_overview_and_the_text_that_disagrees(tmp_path: Path) -> None:
    def change(workbook):  # type: ignore[no-untyped-def]
        sheet = workbook["表1 部门收支总表"]
        sheet["B13"] = Decimal("29989500.00")  # 收入总计, was 29,998,500.00

    _, documents = audit(SEED_DOCX, variant(tmp_path, change))
    balance = findings(documents, "T105")
    assert len(balance) == 1 and balance[0]["difference"] == "-9000.00"
    [structure] = findings(documents, "T104")  # 收入总计 = 本年收入合计 + 上年结转
    assert structure["message"] == (
        "部门收支总表 收入总计（收入 / 预算数）29989500.00元 不等于 29998500.00元（29998500.00），相差 -9000.00元，容差 0.010元"
    )
    # The 上年结转 cell is empty: its row stands for it.
    assert [(place.get("cell"), place.get("row")) for place in structure["locations"]] == [("B13", 13), ("B11", 11), (None, 12)]
    text = findings(documents, "T301")
    assert len(text) == 1
    assert text[0]["message"].startswith("说明所述 2020年预算收入 2999.85万元 与 部门收支总表 收入总计（收入 / 预算数） 29989500.00元（折合 2998.95万元）不一致")
    # Each side is located in its own file: the sentence in the DOCX, the cell in the workbook.
    assert [Path(place["path"]).suffix for place in text[0]["locations"]] == [".docx", ".xlsx"]
    assert text[0]["locations"][1]["cell"] == "B13"
    assert findings(documents, "T201")[0]["locations"][1]["sheet"] == "表2 部门收入总表"


def test_basic_expenditure_differs_between_tables(tmp_path: Path) -> None:
    def change(workbook):  # type: ignore[no-untyped-def]
        workbook["表6 一般公共预算基本支出表"]["C4"] = Decimal("12504600.00")

    _, documents = audit(SEED_DOCX, variant(tmp_path, change))
    shared = findings(documents, "T201")
    assert len(shared) == 1
    assert [place["sheet"] for place in shared[0]["locations"]] == ["表5 一般公共预算支出表", "表6 一般公共预算基本支出表"]
    assert shared[0]["difference"] == "10000.00"


def test_three_public_expenses_in_the_table_and_the_text(tmp_path: Path) -> None:
    def change(workbook):  # type: ignore[no-untyped-def]
        workbook["表7 三公经费支出表"]["A5"] = Decimal("6.76")

    _, documents = audit(SEED_DOCX, variant(tmp_path, change))
    assert len(findings(documents, "T103")) == 1  # 6.76 ≠ 0.00 + 5.92 + 0.75
    text = findings(documents, "T301")
    assert len(text) == 1 and text[0]["actual"] == "6.67" and text[0]["expected"] == "6.76"


def test_blank_table_without_a_note_and_a_missing_table(tmp_path: Path) -> None:
    def change(workbook):  # type: ignore[no-untyped-def]
        sheet = workbook["表9 国有资本经营预算支出表"]
        sheet["A5"] = None  # the note that says why the table is blank
        del workbook["表8 政府性基金预算支出表"]

    code, documents = audit(SEED_DOCX, variant(tmp_path, change))
    assert code == 0  # completeness findings are warnings
    assert [f["message"] for f in findings(documents, "T402")] == ["“表9 国有资本经营预算支出表”为空表，但没有说明为何无数据（空表说明）"]
    assert [f["message"] for f in findings(documents, "T401")] == ["部门预算公开缺少“政府性基金预算支出表”"]
    assert findings(documents, "T201") == []  # 基金 total vs a missing table: nothing is claimed


def test_a_section_without_items_is_not_broken_down(tmp_path: Path) -> None:
    def change(workbook):  # type: ignore[no-untyped-def]
        sheet = workbook["表5 一般公共预算支出表"]
        sheet.delete_rows(row_of(sheet, "2101101"))

    _, documents = audit(SEED_DOCX, variant(tmp_path, change))
    assert [f["message"] for f in findings(documents, "T403")] == ["一般公共预算支出表 21011 行政事业单位医疗 没有细化到项级科目"]


def word_package(tmp_path: Path, project_line: str) -> Path:
    """A Word disclosure with its 一般公共预算支出表 inline: caption and unit as paragraphs above the table."""
    import docx

    document = docx.Document()
    document.add_paragraph("某街道办事处2020年部门预算公开")
    document.add_paragraph("2020年一般公共预算支出预算100.00万元。")
    document.add_paragraph("表5 一般公共预算支出表")
    document.add_paragraph("单位：万元")
    rows = [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["", "合计", "100.00", "60.00", "40.00"],
        ["201", "一般公共服务支出", "100.00", "60.00", "40.00"],
        ["20103", "政府办公厅（室）及相关机构事务", "100.00", "60.00", "40.00"],
        ["2010301", "行政运行", "60.00", "60.00", ""],
        ["2010302", "一般行政管理事务", project_line, "", project_line],
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
    path = tmp_path / "部门预算.docx"
    document.save(path)
    return path


def test_a_word_table_is_recognised_and_checked_with_its_text(tmp_path: Path) -> None:
    code, [document] = audit(word_package(tmp_path, "40.00"))
    assert code == 0
    assert [f for f in document["findings"] if f["severity"] == "error"] == []
    # One table of the set: the other seven required ones are reported missing, as warnings.
    assert len([f for f in document["findings"] if f["rule"] == "T401"]) == 7
    assert document["checks"]["failed"] == 7
    code, [document] = audit(word_package(tmp_path, "30.00"))
    assert code == 1
    rules = sorted({f["rule"] for f in document["findings"] if f["severity"] == "error"})
    assert rules == ["T101"]
    [item_level] = [f for f in document["findings"] if "20103" in f["message"] and "（合计）" in f["message"]]
    assert item_level["expected"] == "90.00" and item_level["actual"] == "100.00"
    assert [(p["table"], p["row"], p["column"]) for p in item_level["locations"]] == [(1, 4, 3), (1, 5, 3), (1, 6, 3)]


def test_a_difference_below_the_texts_last_digit_is_shown_where_it_is_visible(tmp_path: Path) -> None:
    # The text says 2999.85万元; the table in 元 says 29998540.00 = 2999.854万元: within rounding,
    # and the note must not read "相差 0.00万元（应为 2999.85，实为 2999.85）".
    def change(workbook):  # type: ignore[no-untyped-def]
        workbook["表1 部门收支总表"]["B13"] = Decimal("29998540.00")

    tables = variant(tmp_path, change)
    result = runner.invoke(app, ["audit", str(SEED_DOCX), str(tables), "--format", "json", "--select", "T301", "--verbose"])
    [note] = [f for f in findings(json.loads(result.stdout)["documents"], "T301") if f["expected"] == "2999.854"]
    assert note["message"] == "相差 -0.004万元，在四舍五入容差 0.0050005万元 以内（应为 2999.854，实为 2999.85）"
    assert (note["severity"], note["difference"]) == ("info", "-0.004")
