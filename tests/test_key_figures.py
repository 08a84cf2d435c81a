"""`budgetcheck extract --format csv`: the key-figure dataset, one row per document.

The seed's figures are those its 情况说明 prints (第16、18、22、24、89、92段) and its 政府采购 and
固定资产 tables; the real PDFs' figures were read by hand from the sentences cited in each case.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.extract.key_figures import extract_key_figures, figure_specs
from budgetcheck.parsers import load
from conftest import SAMPLES, SEED_DOCX, SEED_STEM, SEED_TXT, SEED_XLSX
from seed_mutations import mutated_txt

runner = CliRunner()
SEED_TABLES = SAMPLES / f"{SEED_STEM}_预算公开表.xlsx"

SEED_FIGURES = {
    "收入合计": "2999.85",
    "一般公共预算收入": "2981.85",
    "政府性基金预算收入": "18",
    "支出合计": "2999.85",
    "基本支出": "1251.46",
    "人员经费": "1114.26",
    "公用经费": "137.2",
    "项目支出": "1748.39",
    "三公经费": "6.67",
    "因公出国（境）费": "0",
    "公务用车购置及运行维护费": "5.92",
    "公务用车购置费": "0",
    "公务用车运行维护费": "5.92",
    "公务接待费": "0.75",
    "机关运行经费": "137.2",
    "政府采购": "344",
    "资产总额": "698.03",
    "拟购置固定资产": "18",
}


def extract_csv(*args: str) -> tuple[int, list[dict[str, str]], bytes, str]:
    result = runner.invoke(app, ["extract", *args, "--format", "csv"])
    data = result.stdout_bytes
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")))) if data else []
    return result.exit_code, rows, data, result.stderr


def amounts(row: dict[str, str]) -> dict[str, str]:
    """The filled amount columns, keyed by figure name without the unit."""
    return {key.removesuffix("（万元）"): value for key, value in row.items() if key.endswith("（万元）") and value}


def test_header_is_stable_with_the_unit_and_a_source_column_per_figure() -> None:
    code, rows, data, _ = extract_csv(str(SEED_DOCX))
    assert code == 0
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel and WPS show the Chinese headers
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    names = [spec.column for spec in figure_specs()]
    assert header[:5] == ["文件", "格式", "单位", "年度", "类型"]
    assert header[5 : 5 + len(names)] == [f"{name}（万元）" for name in names]
    assert header[5 + len(names) : 5 + 2 * len(names)] == [f"{name}_来源" for name in names]
    assert header[-2:] == ["备注", "错误"]
    assert names[:4] == ["收入合计", "一般公共预算收入", "政府性基金预算收入", "支出合计"]


@pytest.mark.parametrize("sample", [SEED_DOCX, SEED_TXT], ids=["docx", "txt"])
def test_seed_figures_as_printed(sample: Path) -> None:
    code, rows, _, _ = extract_csv(str(sample))
    assert code == 0
    [row] = rows
    assert (row["文件"], row["单位"], row["年度"], row["类型"]) == (str(sample), "三河市泃阳西大街街道办事处", "2020", "预算")
    assert amounts(row) == SEED_FIGURES
    assert row["收入合计_来源"] == "说明：第16段"
    assert row["三公经费_来源"] == "说明：第24段"
    # The text and the table state the same 政府采购 and 资产总额: both are cited.
    assert row["政府采购_来源"] == "说明：第89段；表格：表24 第5行 第8列"
    assert row["资产总额_来源"] == "说明：第92段；表格：表25 第3行 第3列"
    assert row["备注"] == row["错误"] == ""


def test_workbook_gives_its_table_totals_and_nothing_else() -> None:
    code, rows, _, _ = extract_csv(str(SEED_XLSX))
    assert code == 0
    [row] = rows
    assert (row["格式"], row["单位"], row["年度"]) == ("xlsx", "三河市泃阳西大街街道办事处", "2020")
    assert amounts(row) == {"政府采购": "344.00", "资产总额": "698.03"}  # as the cells display them
    assert row["政府采购_来源"] == "表格：政府采购预算!H6"
    assert row["资产总额_来源"] == "表格：固定资产占用!C4"


def test_several_files_one_row_each_and_an_unreadable_one_gets_its_error(tmp_path: Path) -> None:
    missing = tmp_path / "缺失.docx"
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    code, rows, _, stderr = extract_csv(str(SEED_DOCX), str(missing), str(broken), str(SEED_XLSX))
    assert code == 2
    assert [row["文件"] for row in rows] == [str(SEED_DOCX), str(missing), str(broken), str(SEED_XLSX)]
    assert rows[1]["错误"] == f"{missing}：文件不存在，请检查路径"
    assert rows[2]["错误"].startswith(f"{broken}：文件已损坏或不完整")
    assert amounts(rows[1]) == amounts(rows[2]) == {}
    assert rows[1]["单位"] == rows[1]["年度"] == ""
    assert amounts(rows[0]) == SEED_FIGURES and rows[0]["错误"] == ""
    assert f"{missing}：文件不存在，请检查路径" in stderr


def test_conflicting_statements_leave_the_figure_empty_with_a_note(tmp_path: Path) -> None:
    path = mutated_txt(tmp_path, "安排政府采购预算344万元", "安排政府采购预算334万元")
    code, rows, _, _ = extract_csv(str(path))
    assert code == 0
    [row] = rows
    assert row["政府采购（万元）"] == row["政府采购_来源"] == ""
    assert row["备注"] == "政府采购：文件中所列金额不一致，未填：334（说明：第89段）；344（表格：表24 第5行 第8列）"
    assert row["收入合计（万元）"] == "2999.85"


def test_english_sources_and_notes_keep_the_chinese_column_names(tmp_path: Path) -> None:
    path = mutated_txt(tmp_path, "安排政府采购预算344万元", "安排政府采购预算334万元")
    code, rows, _, _ = extract_csv(str(path), "--lang", "en")
    [row] = rows
    assert row["收入合计_来源"] == "text: paragraph 16"
    assert row["备注"] == "政府采购: the document states different amounts, left empty: 334 (text: paragraph 89); 344 (table: table 24, row 5, column 8)"


def write_text(tmp_path: Path, name: str, *paragraphs: str) -> Path:
    path = tmp_path / name
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def test_other_years_statements_are_not_this_years_figures(tmp_path: Path) -> None:
    path = write_text(
        tmp_path,
        "说明.txt",
        "某县某某局2021年部门预算公开",
        "2021年预算收入120.50万元，其中一般公共预算收入120.50万元。",
        "2020年预算收入98.30万元。上年支出预算98.30万元。",
        "2021年支出预算120.50万元，其中基本支出100.00万元，项目支出20.50万元。",
    )
    record = extract_key_figures(load(str(path)))
    assert (record.organisation, record.year, record.kind) == ("某县某某局", 2021, "budget")
    assert record.figures["收入合计"].value == "120.50"
    assert record.figures["支出合计"].value == "120.50"
    assert record.notes == []


def test_amounts_in_yuan_are_stated_in_wan_yuan_with_their_printed_precision(tmp_path: Path) -> None:
    path = write_text(tmp_path, "某镇人民政府2022年部门预算.txt", "2022年预算收入1,234,567.89元。")
    record = extract_key_figures(load(str(path)))
    assert (record.organisation, record.year) == ("某镇人民政府", 2022)  # from the file name
    assert record.figures["收入合计"].value == "123.456789"


def test_output_file_is_refused_when_it_exists_and_replaced_with_force(tmp_path: Path) -> None:
    out = tmp_path / "关键数据.csv"
    result = runner.invoke(app, ["extract", str(SEED_DOCX), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    first = out.read_bytes()
    assert first.startswith(b"\xef\xbb\xbf") and "三河市泃阳西大街街道办事处".encode() in first
    out.write_bytes(b"keep me")
    result = runner.invoke(app, ["extract", str(SEED_DOCX), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{out}：输出文件已存在，加 --force 覆盖"
    assert out.read_bytes() == b"keep me"
    result = runner.invoke(app, ["extract", str(SEED_DOCX), "--format", "csv", "-o", str(out), "--force"])
    assert result.exit_code == 0
    assert out.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["关键数据.csv"]  # no temporary file left behind


def test_output_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "没有的文件夹" / "out.csv"
    result = runner.invoke(app, ["extract", str(SEED_DOCX), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{out}：文件夹 {out.parent} 不存在"
    assert "Traceback" not in result.output


# Real disclosures: each figure below was read by hand from the sentence its source points at.
REAL = {
    "上海市普陀区人民政府万里街道办事处25年预算.pdf": (
        "上海市普陀区人民政府万里街道办事处", 2025, "budget",
        # 第6页: "…万里街道办事处收入预算18,976.76万元，其中：财政拨款收入18,976.76万元…"; "支出预算18,976.76万元";
        # 第30页: 三公 37.91 = 0 + 36.56 (15 + 21.56) + 1.35; 政府采购预算4821.20万元.  Tables in 元: 支出总表
        # 合计 row 基本支出 101,341,746 + 项目支出 88,425,805 = 189,767,551; 基本支出表 人员经费 90,514,044 +
        # 公用经费 10,827,702; the 三公 table (万元) adds 机关运行经费预算数 464.64.
        # 财政拨款收入 is every budget's appropriation, not the general public budget alone: 一般公共预算收入 comes from
        # the 一般公共预算 cell of the tables (189,767,551 元).
        {"收入合计": "18976.76", "一般公共预算收入": "18976.7551", "支出合计": "18976.76", "基本支出": "10134.1746",
         "人员经费": "9051.4044", "公用经费": "1082.7702", "项目支出": "8842.5805", "三公经费": "37.91",
         "因公出国（境）费": "0", "公务用车购置及运行维护费": "36.56", "公务用车购置费": "15", "公务用车运行维护费": "21.56",
         "公务接待费": "1.35", "机关运行经费": "464.64", "政府采购": "4821.20"},
    ),
    "上海市普陀区人民政府办公室25年预算.pdf": (
        "上海市普陀区人民政府办公室", 2025, "budget",
        # 第21页: 三公 867.50 = 839 + 0 + 28.50, all "与2024年预算持平".  Tables in 元: 基本支出 24,606,775.35
        # (人员经费 22,473,997.81 + 公用经费 2,132,777.54) + 项目支出 66,410,000.00 = 91,016,775.35;
        # 机关运行经费预算数 213.28 (万元) in the 三公 table.
        {"收入合计": "9101.68", "一般公共预算收入": "9101.677535", "支出合计": "9101.68", "基本支出": "2460.677535",
         "人员经费": "2247.399781", "公用经费": "213.277754", "项目支出": "6641.000000", "三公经费": "867.50",
         "因公出国（境）费": "839", "公务用车购置及运行维护费": "0", "公务用车购置费": "0", "公务用车运行维护费": "0",
         "公务接待费": "28.50", "机关运行经费": "213.28", "政府采购": "34"},
    ),
    "上海市普陀区财政局2024年度部门决算.pdf": (
        "上海市普陀区财政局", 2024, "final",
        # 第21页: 本年收入合计2946.25 (财政拨款2940.05 + 其他6.2); 本年支出合计2940.05 = 2336.91 + 603.14;
        # 第23页: 人员经费2152.26, 公用经费184.65; 第65段: 因公出国（境）费决算为0.00万元, 公务用车购置及运行维护费
        # 支出决算为0.00万元, 公务接待费支出决算为0.00万元 (the 三公 total's own label, "支出决算为", names nothing);
        # 第24页: 机关运行经费支出184.65.  财政拨款 2940.05 is not named 一般公共预算, so that column stays empty.
        {"收入合计": "2946.25", "支出合计": "2940.05", "基本支出": "2336.91",
         "人员经费": "2152.26", "公用经费": "184.65", "项目支出": "603.14", "机关运行经费": "184.65",
         "因公出国（境）费": "0.00", "公务用车购置及运行维护费": "0.00", "公务接待费": "0.00"},
    ),
    "江苏省人民检察院2019年度部门预算公开.pdf": (
        "江苏省人民检察院", 2019, "budget",
        # 第25-30页: 收入、支出预算总计24,169.74; 基本支出15,844.04, 项目支出4335.3; 人员经费13,452.12 + 公用经费
        # 2391.92 = 15,844.04.  第20页 三公 table: “三公”经费 小计 418.26 = 80 + 237 + 101.26 (its 合计 1276.7 adds
        # 会议费 and 培训费); 公务用车购置费 blank.
        {"收入合计": "24169.74", "一般公共预算收入": "24169.74", "支出合计": "24169.74", "基本支出": "15844.04",
         "人员经费": "13452.12", "公用经费": "2391.92", "项目支出": "4335.3", "三公经费": "418.26", "因公出国（境）费": "80",
         "公务用车购置及运行维护费": "237", "公务用车运行维护费": "237", "公务接待费": "101.26"},
    ),
    "江苏省委办公厅2019年度部门预算公开文件.pdf": (
        "江苏省委办公厅", 2019, "budget",
        # 第6-11页: 收入、支出预算总计27664.22; 基本支出11700.63, 项目支出13025.38 (the rest is 单位预留机动经费);
        # 人员经费9467.72 + 公用经费2232.91 = 11700.63.
        {"收入合计": "27664.22", "一般公共预算收入": "27664.22", "政府性基金预算收入": "0", "支出合计": "27664.22",
         "基本支出": "11700.63", "人员经费": "9467.72", "公用经费": "2232.91", "项目支出": "13025.38"},
    ),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_disclosures(real_dir: Path, name: str) -> None:
    issuer, year, kind, figures = REAL[name]
    record = extract_key_figures(load(str(real_dir / name)))
    assert (record.organisation, record.year, record.kind) == (issuer, year, kind)
    assert {column: figure.value for column, figure in record.figures.items() if figure.value is not None} == figures
    assert record.notes == []


def test_real_tables_file_gives_its_figures_from_the_standard_tables(real_dir: Path) -> None:
    record = extract_key_figures(load(str(real_dir / "江苏省委办公厅2019年度部门预算公开表格.pdf")))
    # "部门：中共江苏省委办公厅 单位：万元" above every table; the year only in the file name.
    assert (record.organisation, record.year) == ("中共江苏省委办公厅", 2019)
    # 收支预算总表 (page 1): 收入合计 | 27,664.22 | 支出合计 | 27,664.22; 支出预算总表 (page 3): 基本支出 11,700.63,
    # 项目支出 13,025.38; 三公 table (page 9): “三公”经费 小计 508.20 = 70.00 + 411.20 + 27.00 (合计 1,471.70 adds
    # 会议费 933.50 and 培训费 30.00); 公务用车购置费 blank.
    assert {column: figure.value for column, figure in record.figures.items() if figure.value is not None} == {
        "收入合计": "27664.22", "一般公共预算收入": "27664.22", "支出合计": "27664.22", "基本支出": "11700.63",
        "项目支出": "13025.38", "三公经费": "508.20", "因公出国（境）费": "70.00", "公务用车购置及运行维护费": "411.20",
        "公务用车运行维护费": "411.20", "公务接待费": "27.00",
    }
    assert [source.describe("zh") for source in record.figures["收入合计"].sources] == ["表格：第1页 表1 第27行 第2列"]
    assert record.figures["三公经费"].sources[0].describe("zh") == "表格：第9页 表9 第4行 第2列"


def test_real_yuan_table_confirms_the_wan_yuan_text(real_dir: Path) -> None:
    record = extract_key_figures(load(str(real_dir / "上海市普陀区人民政府万里街道办事处25年预算.pdf")))
    # 财务收支预算总表 (单位：元): 收入总计 189,767,551 元 = 18976.7551 万元, the text's 18,976.76万元 within rounding.
    figure = record.figures["收入合计"]
    assert figure.value == "18976.76"
    assert [source.describe("zh") for source in figure.sources] == ["说明：第6页 第33段", "表格：第9页 表1 第12行 第2列"]


SUMMARY_TABLE = (
    "\t收入项目\n\t收入金额\n\t支出项目\n\t支出金额\n\n"
    "\t本年收入合计\n\t{current}\n\t本年支出合计\n\t{current}\n\n\t上年结转\n\t{carried}\n\t\n\t\n\n"
    "\t收入总计\n\t{total}\n\t支出总计\n\t{total}"
)
TABLE_IN_WAN = {"current": "120.50", "carried": "10.00", "total": "130.50"}
TABLE_IN_YUAN = {"current": "1205000", "carried": "100000", "total": "1305000"}


@pytest.mark.parametrize(
    ("title", "banner", "cells", "narrative", "expected", "note"),
    [
        # The budget total is the 收入总计 row (本年收入 + 上年结转), as the standard-table links read it.
        ("部门收支总表", "单位：万元", TABLE_IN_WAN, "", {"收入合计": "130.50", "支出合计": "130.50"}, ""),
        ("部门收支总表", "单位：元", TABLE_IN_YUAN, "", {"收入合计": "130.5000", "支出合计": "130.5000"}, ""),
        ("部门收支总表", "", TABLE_IN_WAN, "", {}, ""),  # no unit: not a figure
        ("部门财政拨款收支总表", "单位：万元", TABLE_IN_WAN, "", {}, ""),  # only the 财政拨款 part
        (
            "部门收支总表", "单位：万元", TABLE_IN_WAN, "2021年预算收入120.50万元。", {"支出合计": "130.50"},
            "收入合计：文件中所列金额不一致，未填：120.50（说明：第2段）；130.50（表格：表1 第4行 第2列）",
        ),
    ],
)
def test_summary_table_rows(tmp_path: Path, title: str, banner: str, cells: dict, narrative: str, expected: dict, note: str) -> None:
    blocks = ["某县某某局2021年部门预算公开", narrative, title, banner, SUMMARY_TABLE.format(**cells)]
    path = write_text(tmp_path, "说明.txt", *(block for block in blocks if block))
    record = extract_key_figures(load(str(path)))
    assert {column: figure.value for column, figure in record.figures.items() if figure.value is not None} == expected
    assert "；".join(record.notes) == note


def test_seed_standard_tables_state_the_narrative_figures() -> None:
    # The nine 预算 tables of the seed (in 元) against the 情况说明's figures (万元).
    record = extract_key_figures(load(str(SEED_TABLES)))
    stated = {column: figure.value for column, figure in record.figures.items() if figure.value is not None}
    table_figures = ["收入合计", "一般公共预算收入", "政府性基金预算收入", "支出合计", "基本支出", "人员经费", "公用经费", "项目支出",
                     "三公经费", "因公出国（境）费", "公务用车购置及运行维护费", "公务用车购置费", "公务用车运行维护费", "公务接待费"]
    assert sorted(stated) == sorted(table_figures)
    assert {column: Decimal(value) for column, value in stated.items()} == {column: Decimal(SEED_FIGURES[column]) for column in table_figures}
    assert record.figures["收入合计"].sources[0].describe("zh") == "表格：表1 部门收支总表!B13"
    assert record.figures["三公经费"].sources[0].describe("zh") == "表格：表7 三公经费支出表!A5"


@pytest.mark.parametrize(
    ("name", "first_line", "identity"),
    [
        ("说明.txt", "某某县财政局2023年度部门决算", ("某某县财政局", 2023, "final")),
        ("说明.txt", "上海市普陀区2025年区级部门预算", (None, 2025, "budget")),  # a region, not an issuer
        ("说明.txt", "上海市普陀区2025年区级部门预算\n\n预算主管部门：上海市普陀区某某局", ("上海市普陀区某某局", 2025, "budget")),
        ("某某街道办事处25年预算.txt", "情况说明", ("某某街道办事处", 2025, "budget")),
        ("说明.txt", "部门：某某县教育局 单位：万元", ("某某县教育局", None, "budget")),
    ],
)
def test_issuer_year_and_kind(tmp_path: Path, name: str, first_line: str, identity: tuple) -> None:
    record = extract_key_figures(load(str(write_text(tmp_path, name, first_line, "正文。"))))
    assert (record.organisation, record.year, record.kind) == identity
