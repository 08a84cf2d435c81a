"""Which table a narrative statement is compared with when a package holds the files of several units.

A document's own tables are what its text speaks of: its own file's, else those of the files sharing
its name stem, else the package's only one.  Where the nearest place that has tables of the kind holds
two, nothing is compared (insufficient data), never a guess."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from budgetcheck.cli import app

runner = CliRunner()
AMBIGUOUS = "包中有多张同类表格（可能属于不同单位），无法确定所指哪一张，未核对"


def unit_files(folder: Path, unit: str, stated: str, income: str, tables_name: str | None = None) -> tuple[Path, Path]:
    """One unit's narrative (TXT, 万元) and its 部门收支总表 (XLSX, 元)."""
    text = folder / f"{unit}2021年部门预算公开.txt"
    text.write_text(f"{unit}2021年部门预算公开\n\n一、收支预算总体情况\n\n2021年收入预算{stated}万元。\n", encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "部门收支总表"
    for row in (["单位：元"], ["收入", None, "支出", None], ["项目", "预算数", "项目", "预算数"],
                ["一、一般公共预算拨款收入", income, "一、一般公共服务支出", income],
                ["收入总计", income, "支出总计", income]):
        sheet.append(row)
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:D2")
    tables = folder / (tables_name or f"{unit}2021年部门预算公开_预算公开表.xlsx")
    book.save(tables)
    return text, tables


def audit(*args: str) -> tuple[int, dict[str, dict]]:
    result = runner.invoke(app, ["audit", *args, "--format", "json", "--select", "T301"])
    return result.exit_code, {Path(document["path"]).name: document for document in json.loads(result.stdout)["documents"]}


def test_each_units_narrative_is_checked_against_its_own_tables_in_one_folder(tmp_path: Path) -> None:
    folder = tmp_path / "报送"
    folder.mkdir()
    unit_files(folder, "甲局", "130.00", "1300000.00")
    unit_files(folder, "乙局", "250.00", "2400000.00")  # the injected error: the table says 240.00万元
    code, documents = audit(str(folder))
    assert code == 1
    first, second = documents["甲局2021年部门预算公开.txt"], documents["乙局2021年部门预算公开.txt"]
    assert first["findings"] == [] and first["checks"]["passed"] == 1 and first["checks"]["insufficient_data"] == 0
    [finding] = second["findings"]
    assert finding["message"] == (
        "说明所述 2021年收入预算 250.00万元 与 部门收支总表 收入总计（收入 / 预算数） 2400000.00元（折合 240.00万元）不一致，"
        "相差 10.00万元，容差 0.0050005万元"
    )
    assert [Path(place["path"]).name for place in finding["locations"]] == ["乙局2021年部门预算公开.txt", "乙局2021年部门预算公开_预算公开表.xlsx"]
    assert finding["locations"][1]["cell"] == "B5"


def test_tables_that_belong_to_no_narrative_by_name_are_not_guessed(tmp_path: Path) -> None:
    # Two units' tables whose names share no stem with either narrative: which one a text means is not known.
    folder = tmp_path / "报送"
    folder.mkdir()
    unit_files(folder, "甲局", "130.00", "1300000.00", tables_name="表格一.xlsx")
    unit_files(folder, "乙局", "250.00", "2400000.00", tables_name="表格二.xlsx")
    code, documents = audit(str(folder))
    assert code == 0
    for name in ("甲局2021年部门预算公开.txt", "乙局2021年部门预算公开.txt"):
        assert documents[name]["findings"] == []
        assert [item["reason"] for item in documents[name]["unchecked"]] == [AMBIGUOUS]
    # Audited unit by unit, by name stem, the same texts are checked and the error is found.
    code, documents = audit(str(folder / "乙局2021年部门预算公开.txt"), str(folder / "表格二.xlsx"))
    assert code == 1 and [f["rule"] for f in documents["乙局2021年部门预算公开.txt"]["findings"]] == ["T301"]


def test_the_real_final_accounts_error_is_found_alone_and_among_other_units_files(real_dir: Path) -> None:
    name = "上海市普陀区财政局2024年度部门决算.pdf"
    _, alone = audit(str(real_dir / name))
    code, together = audit(str(real_dir))  # with other units' 预算 and a blank 决算 template beside it
    assert code == 1
    for documents in (alone, together):
        [finding] = [f for f in documents[name]["findings"] if f["severity"] == "error"]
        assert finding["message"] == (
            "说明所述 上海市普陀区财政局2024年度财政拨款收入支出总计 0.30万元 与 财政拨款收入支出决算总表 总计（收入 / 决算数） "
            "2961.68万元不一致，相差 -2961.38万元，容差 0.010万元"
        )
        text, cell = finding["locations"]
        assert (text["page"], text["paragraph"], cell["page"], cell["table"]) == (21, 40, 13, 5)
    assert alone[name]["checks"] == together[name]["checks"]
