"""The Jiangsu family of 预算 tables: a 收入预算总表 grouped by 小计 (T106), a “三公”经费 table whose 合计
adds 会议费 and 培训费, the 财政拨款支出预算表（功能科目） and 财政拨款基本支出预算表（经济科目）, and
tables with one amount column — each recognised and checked, or not applicable with its reason."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.extract.standard_tables import classify_title, find_standard_tables
from budgetcheck.parsers import load

runner = CliRunner()


def audit(*paths: Path, select: str = "tables") -> tuple[int, list[dict]]:
    result = runner.invoke(app, ["audit", *map(str, paths), "--format", "json", "--select", select, "--verbose"])
    return result.exit_code, json.loads(result.stdout)["documents"]


def workbook(tmp_path: Path, sheets: dict[str, list[list[object]]], merged: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in merged:
            sheet.merge_cells(cells)
    path = tmp_path / "表格.xlsx"
    book.save(path)
    return path


def income_list(general: str) -> list[list[object]]:
    """Jiangsu's 收入预算总表: each group's 小计 row names the group, its items below it."""
    return [
        ["单位：万元", None, None],
        ["项目名称", None, "金额"],
        ["收入总计", None, "27,664.22"],
        ["一般公共预算资金", "小计", "27,664.22"],
        [None, "公共财政拨款(补助)资金", general],
        [None, "专项收入", None],
        ["政府性基金", "小计", None],
        ["其他资金", "小计", None],
        [None, "事业收入", None],
        ["上年结转和结余资金", "小计", None],
        [None, "其中：动用上年结转和结余资金", None],
    ]


def test_titles_of_the_jiangsu_fiscal_tables() -> None:
    assert classify_title("财政拨款支出预算表（功能科目）").id == "budget_fiscal_function"  # type: ignore[union-attr]
    assert classify_title("财政拨款基本支出预算表（经济科目）").id == "budget_fiscal_basic"  # type: ignore[union-attr]
    # The general-budget and fund tables keep their own kinds.
    assert classify_title("一般公共预算财政拨款基本支出表").id == "budget_basic"  # type: ignore[union-attr]
    assert classify_title("政府性基金预算财政拨款支出预算表").id == "budget_fund"  # type: ignore[union-attr]


def test_subtotals_of_a_grouped_income_list_hold(tmp_path: Path) -> None:
    code, [document] = audit(workbook(tmp_path, {"收入预算总表": income_list("27,664.22")}), select="T106,T103")
    assert code == 0
    assert document["checks"] == {"run": 3, "passed": 2, "failed": 0, "rounding": 0, "not_applicable": 1, "insufficient_data": 0}
    # The component-column rule says why it does not apply (the terminal lists it with --verbose).
    result = runner.invoke(app, ["audit", str(tmp_path / "表格.xlsx"), "--select", "T103", "--verbose"])
    assert "不适用 T103 [工作表 收入预算总表] 表中只有一列金额，分项按行列示" in result.stdout


def test_an_item_that_breaks_its_subtotal(tmp_path: Path) -> None:
    code, [document] = audit(workbook(tmp_path, {"收入预算总表": income_list("27,000.00")}), select="T106")
    assert code == 1
    [finding] = [f for f in document["findings"] if f["severity"] == "error"]
    assert finding["message"] == (
        "部门收入总表 一般公共预算资金 小计（金额）27664.22万元 不等于 27000.00万元（27000.00），相差 664.22万元，容差 0.010万元"
    )
    # The 小计, the item and the blank 专项收入 (an empty cell: its row stands for it).
    assert [(place.get("cell"), place["row"]) for place in finding["locations"]] == [("C4", 4), ("C5", 5), (None, 6)]


def three_public(total: str) -> list[list[object]]:
    return [
        ["单位：万元"] + [None] * 8,
        ["合计", "“三公”经费", None, None, None, None, None, "会议费", "培训费"],
        [None, "小计", "因公出国（境）费", "公务用车购置及运行维护费", None, None, "公务接待费", None, None],
        [None, None, None, "小计", "公务用车购置费", "公务用车运行维护费", None, None, None],
        [total, "508.20", "70.00", "411.20", None, "411.20", "27.00", "933.50", "30.00"],
    ]


THREE_PUBLIC_MERGED = ("A2:A4", "B2:G2", "B3:B4", "C3:C4", "D3:F3", "G3:G4", "H2:H4", "I2:I4")


def test_three_public_total_with_meetings_and_training(tmp_path: Path) -> None:
    sheets = {"“三公”经费、会议费、培训费支出预算表": three_public("1,471.70")}
    code, [document] = audit(workbook(tmp_path, sheets, THREE_PUBLIC_MERGED), select="T103")
    assert code == 0
    # 合计 = 三公 小计 + 会议费 + 培训费; 三公 小计 = 出国 + 车 + 接待; 车 小计 = 购置 + 运行.
    assert document["checks"] == {"run": 3, "passed": 3, "failed": 0, "rounding": 0, "not_applicable": 0, "insufficient_data": 0}
    code, [document] = audit(workbook(tmp_path, {"“三公”经费、会议费、培训费支出预算表": three_public("1,481.70")}, THREE_PUBLIC_MERGED), select="T103")
    assert code == 1
    [finding] = [f for f in document["findings"] if f["severity"] == "error"]
    assert finding["expected"] == "1471.70" and finding["actual"] == "1481.70"


def test_jiangsu_tables_recognised_and_checked(real_dir: Path) -> None:
    path = real_dir / "江苏省委办公厅2019年度部门预算公开表格.pdf"
    kinds = [table.kind.id for table in find_standard_tables(load(str(path)))]
    assert kinds == ["budget_overview", "budget_income", "budget_expenditure", "budget_fiscal_overview", "budget_fiscal_function",
                     "budget_fiscal_basic", "budget_general", "budget_basic", "budget_three_public", "budget_fund"]
    code, [document] = audit(path, select="T101,T102,T103,T104,T105,T106,T201")
    assert code == 0 and [f for f in document["findings"] if f["severity"] != "info"] == []
    # Left unchecked, with the reason: the two totals these tables do not print (the 财政拨款收支总表 has
    # no 一般公共预算 column, the 一般公共预算支出表 no 基本支出 column).  Not applicable: the six tables
    # with one amount column (T103) and the blank 基金 table (T101, T103, T201).
    assert [(item["rule"], [place["table"] for place in item["locations"]], item["reason"]) for item in document["unchecked"]] == [
        ("T201", [4, 7], "表格中找不到所需的行或列，未核对"), ("T201", [7, 8], "表格中找不到所需的行或列，未核对"),
    ]
    assert document["checks"] == {"run": 52, "passed": 41, "failed": 0, "rounding": 0, "not_applicable": 9, "insufficient_data": 2}


def test_procuratorate_overview_with_a_wrapped_label_sums_its_blocks(real_dir: Path) -> None:
    """The PDF wraps “三、单位预留机动经费” over two lines inside one cell (page 14): it is read as one
    label on the row of its 3,990.40, so the 支出用途 block sums (15,844.04 + 4,335.30 + 3,990.40 =
    24,169.74), as does the 功能分类 block (16,593.12 + 1,890.27 + 5,686.35)."""
    code, [document] = audit(real_dir / "江苏省人民检察院2019年度部门预算公开.pdf", select="T104,T105,T106")
    assert code == 0
    assert document["unchecked"] == [] and document["findings"] == []
    assert document["checks"] == {"run": 11, "passed": 11, "failed": 0, "rounding": 0, "not_applicable": 0, "insufficient_data": 0}


def test_an_amount_whose_label_wrapped_onto_another_row_is_not_summed(tmp_path: Path) -> None:
    """A converter that splits a wrapped label over rows ("三、单位预留机动经" / "费") leaves 3,990.40 on a
    row without a name: which item it belongs to is not known, so that block is not summed, and says so."""
    rows = [
        ["单位：万元", None, None, None, None, None],
        ["收入", None, "支出", None, None, None],
        ["项目名称", "金额", "功能分类", None, "支出用途", None],
        [None, None, "功能科目名称", "金额", "项目名称", "金额"],
        ["一、财政拨款", "24,169.74", "四、公共安全支出", "16,593.12", "一、基本支出", "15,844.04"],
        ["1.一般公共预算", "24,169.74", "八、社会保障和就业支出", "1,890.27", "二、项目支出", "4,335.30"],
        [None, None, "十八、住房保障支出", "5,686.35", "三、单位预留机动经", None],
        [None, None, None, None, None, "3,990.40"],
        [None, None, None, None, "费", None],
        ["当年收入小计", "24,169.74", "当年支出小计", None, None, "24,169.74"],
        ["收入合计", "24,169.74", "支出合计", None, None, "24,169.74"],
    ]
    merged = ("A2:B2", "C2:F2", "A3:A4", "B3:B4", "C3:D3", "E3:F3", "C10:E10", "C11:E11")
    code, [document] = audit(workbook(tmp_path, {"收支预算总表": rows}, merged), select="T104")
    assert code == 0 and document["findings"] == []
    [unlabelled] = document["unchecked"]
    assert unlabelled["rule"] == "T104" and unlabelled["reason"] == "有金额所在行没有项目名称（名称可能折行到了下一行），无法确定它属于哪一项，未核对"
    assert [place.get("cell") for place in unlabelled["locations"]] == ["F8"]
