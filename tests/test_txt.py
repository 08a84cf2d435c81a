"""The TXT parser on the seed disclosure and on the encodings and layouts text exports come in."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.errors import InputError
from budgetcheck.model import Document, Heading, Paragraph, Table
from budgetcheck.parsers import Limits, load
from budgetcheck.parsers.container import DEFAULT_LIMITS
from budgetcheck.parsers.txt import parse_txt

from conftest import SEED_TXT

BASIS_12 = "中共三河市委组织部关于社区基层党组织规范化建设的意见"
PROCUREMENT_TOTAL = ["合　计", "", "", "", "", "", "", "344", "344", "326", "18", "", "", ""]


@pytest.fixture(scope="module")
def seed() -> Document:
    return load(str(SEED_TXT))


def shape(document: Document) -> list[dict[str, object]]:
    """The blocks without the file path, to compare one text in several encodings."""

    def strip(value: object) -> object:
        if isinstance(value, dict):
            return {key: strip(item) for key, item in value.items() if key != "path"}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    return strip(document.to_dict()["blocks"])  # type: ignore[return-value]


# ---------------------------------------------------------------- the seed


def test_seed_is_read_as_txt_with_25_tables(seed: Document) -> None:
    assert seed.format == "txt"
    assert len(seed.tables) == 25
    assert [table.location.table for table in seed.tables] == list(range(1, 26))


def test_performance_tables_all_have_the_same_shape(seed: Document) -> None:
    for table in seed.tables[:23]:
        assert [len(row.cells) for row in table.rows] == [2, 6, 6, 6, 6, 6, 6]
        assert table.rows[0].texts()[0] == "绩效目标"
        assert table.rows[1].texts() == ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]


def test_table_1_rows(seed: Document) -> None:
    table = seed.tables[0]
    basis = "《中共三河市委组织部关于社区基础党组织规范化建设的意见》"
    assert [row.texts() for row in table.rows] == [
        [
            "绩效目标",
            "落实各项惠民政策，加强基层党组织建设，改善社区环境卫生，加强辖区安全稳定，"
            "从而提升社区凝聚力，进一步提高辖区居民生活幸福感。",
        ],
        ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"],
        ["产出指标", "数量指标", "开展文体活动次数", "全年开展文体活动次数", "70次以上", basis],
        ["", "数量指标", "服务居民人数", "服务辖区居民总数", "70000人以上", basis],
        ["", "数量指标", "清理卫生次数", "全年清理卫生次数", "18次以上", basis],
        ["效果指标", "社会效益指标", "服务居民比例", "服务居民人数占辖区总人数", "95%以上", basis],
        ["满意度指标", "服务对象满意度指标", "居民满意度", "调查满意居民人数占总调查人数比例", "95%以上", basis],
    ]


def test_table_1_cells_carry_their_grid_position(seed: Document) -> None:
    table = seed.tables[0]
    cell = table.rows[3].cells[4]
    assert (cell.text, cell.row, cell.column, cell.row_span, cell.col_span) == ("70000人以上", 4, 5, 1, 1)
    assert cell.location.to_dict() == {"path": str(SEED_TXT), "table": 1, "row": 4, "column": 5}
    assert table.rows[3].location.row == 4
    # TXT cannot carry spans: the empty 一级指标 cell is an ordinary empty cell.
    assert table.rows[3].cells[0].text == ""
    assert table.n_columns == 6


def test_table_12_women_federation_rows(seed: Document) -> None:
    table = seed.tables[11]
    title = seed.blocks[seed.blocks.index(table) - 1]
    assert (title.text, title.location.paragraph) == ("12、街道妇联工作经费绩效目标表", 76)  # type: ignore[union-attr]
    assert table.location.table == 12
    assert [row.texts() for row in table.rows[2:]] == [
        ["产出指标", "数量指标", "活动次数", "开展活动次数", "≥10次", BASIS_12],
        ["", "数量指标", "参加人数", "居民参加人数", "≥500人", BASIS_12],
        ["", "数量指标", "订报刊数", "订阅报刊数", "≥10本", BASIS_12],
        ["效果指标", "社会效益指标", "覆盖率", "宣传活动覆盖率", "≥90百分比", BASIS_12],
        ["满意度指标", "服务对象满意度指标", "满意度", "调查满意居民占总居民人数", "≥90百分比", BASIS_12],
    ]


def test_table_9_row_split_by_a_blank_line_is_one_row(seed: Document) -> None:
    # The seed prints "产出指标" alone, a blank line, then the other five cells.
    row = seed.tables[8].rows[2]
    assert row.texts() == [
        "产出指标",
        "数量指标",
        "重点检查次数",
        "全年重点检查次数",
        "≥8次",
        "《三河市机构编制委员会办公室关于在各镇（街道办）设置环保所的通知》",
    ]
    assert [cell.column for cell in row.cells] == [1, 2, 3, 4, 5, 6]
    assert seed.tables[9].rows[2].texts()[:2] == ["产出指标", "数量指标"]


def test_table_13_last_basis_cell_after_two_blank_lines_joins_its_row(seed: Document) -> None:
    table = seed.tables[12]
    assert len(table.rows) == 7
    assert table.rows[-1].texts() == [
        "满意度指标",
        "服务对象满意度指标",
        "居民满意度",
        "调查满意居民占总调查人数比例",
        "≥95百分比",
        "《三河市禁毒重点整治工作方案》",
    ]


def test_procurement_table_rows(seed: Document) -> None:
    table = seed.tables[23]
    assert [len(row.cells) for row in table.rows] == [2, 7, 10, 14, 14, 14, 14, 14, 14, 14, 14]
    assert table.rows[0].texts() == ["部门编码-436三河市泃阳西大街街道办事处", "单位：万元"]
    assert table.rows[1].texts() == ["政府采购项目来源", "采购物品名称", "政府采购目录序号", "数量  单位", "数量", "单价", "政府采购金额"]
    assert table.rows[2].texts() == ["项目名称", "预算资金", "", "", "", "", "", "总计", "当年部门预算安排资金", "其他渠道资金"]
    assert table.rows[3].texts()[8:13] == ["合计", "一般公共预算拨款", "基金预算拨款", "财政专户核拨", "其他来源收入"]
    assert table.rows[4].texts() == PROCUREMENT_TOTAL
    assert table.rows[6].texts() == [
        "老旧小区维修工程", "54", "工程", "[B0899]其他建筑物、构筑物修缮", "个", "3", "18", "54", "54", "54", "", "", "", "",
    ]  # fmt: skip
    # The 合计 row adds up: the five projects' 总计.
    assert sum(Decimal(row.texts()[7]) for row in table.rows[6:]) == Decimal(PROCUREMENT_TOTAL[7])


def test_fixed_assets_table(seed: Document) -> None:
    assert [row.texts() for row in seed.tables[24].rows] == [
        ["编制部门：三河市泃阳西大街街道办事处", "截止时间：2019年12月31日"],
        ["项   目", "数量", "价值（金额单位：万元）"],
        ["资产总额", "——", "698.03"],
        ["1、房屋（平方米）", "219.12", "87.21"],
        ["其中：办公用房（平方米）", "219.12", "87.21"],
        ["2、车辆（台、辆）", "2", "35.11"],
        ["3、单价在20万元以上的设备", "", ""],
        ["4、其他固定资产", "", "575.71"],
    ]


def test_paragraph_and_heading_counts(seed: Document) -> None:
    headings = [block for block in seed.blocks if isinstance(block, Heading)]
    paragraphs = [block for block in seed.blocks if isinstance(block, Paragraph)]
    assert (len(headings), len(paragraphs), len(seed.blocks)) == (50, 56, 131)
    assert [block.location.paragraph for block in seed.texts] == list(range(1, 107))


def test_heading_levels(seed: Document) -> None:
    levels = {block.text: block.level for block in seed.blocks if isinstance(block, Heading)}
    assert levels["三河市泃阳西大街街道办事处2020年部门预算信息公开情况说明"] == 0
    assert seed.blocks[0].location.paragraph == 1
    for top in ("一、部门职责及机构设置情况", "二、部门预算安排的总体情况", "五、预算绩效信息", "九、其他需要说明的事项"):
        assert levels[top] == 1
    assert levels["1、收入说明"] == 2
    assert levels["第一部分 部门整体绩效目标"] == 2
    assert levels["（1） 总体绩效目标"] == 3
    assert levels["1、固本强基，全面提升基层党建水平"] == 4
    assert levels["第二部分 资金绩效目标"] == 2
    assert levels["12、街道妇联工作经费绩效目标表"] == 3
    assert levels["六、政府采购预算情况"] == 1
    # Sentences and definitions are paragraphs, even when numbered.
    texts = {block.text for block in seed.blocks if isinstance(block, Paragraph)}
    assert "部门职责：" in texts
    assert "1、一般公共预算拨款收入：指市财政当年使用一般公共预算拨付的资金。" in texts


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "encoding, prefix",
    [("gb18030", b""), ("gbk", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("utf-16-be", b"\xfe\xff")],
)
def test_other_encodings_give_the_same_document(seed: Document, tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = SEED_TXT.read_text(encoding="utf-8")
    path = tmp_path / f"seed-{encoding}.txt"
    path.write_bytes(prefix + text.encode(encoding))
    assert shape(load(str(path))) == shape(seed)


def test_windows_line_endings_give_the_same_document(seed: Document, tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(SEED_TXT.read_bytes().replace(b"\n", b"\r\n"))
    assert shape(load(str(path))) == shape(seed)


def test_big5_text_is_recognised(tmp_path: Path) -> None:
    text = "預算收入說明\n本年度部門預算收入二千九百九十九萬元，其中一般公共預算收入為主。\n" * 5
    path = tmp_path / "big5.txt"
    path.write_bytes(text.encode("big5"))
    assert load(str(path)).texts[1].text == "本年度部門預算收入二千九百九十九萬元，其中一般公共預算收入為主。"


def test_short_gbk_text_with_a_rare_character(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("泃阳西大街预算".encode("gbk"))
    assert load(str(path)).texts[0].text == "泃阳西大街预算"


def test_undecodable_bytes_via_cli(tmp_path: Path) -> None:
    path = tmp_path / "乱码.txt"
    path.write_bytes(b"budget " + bytes(range(0x80, 0x100)) * 3)
    result = CliRunner().invoke(app, ["audit", str(path)])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"{path}：无法识别文本编码（既不是 UTF-8/UTF-16 也不是 GB18030/GBK），请另存为 UTF-8 或 GBK 文本"
    )
    result = CliRunner().invoke(app, ["extract", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"{path}: the text encoding cannot be recognised (neither UTF-8/UTF-16 nor GB18030/GBK); "
        "save it as UTF-8 or GBK text"
    )


def test_nul_bytes_after_the_first_kilobytes_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "混合.txt"
    path.write_bytes("预算说明\n".encode() * 1000 + b"\x00\x01\x02")
    with pytest.raises(InputError) as caught:
        load(str(path))
    assert (caught.value.code, caught.value.detail) == ("unsupported", "binary")
    assert caught.value.message() == f"{path}：不支持的文件类型（无法识别的二进制文件），请另存为 DOCX、XLSX、XLS、PDF 或 TXT"


def test_text_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(InputError) as caught:
        parse_txt(str(path), Limits(max_text_bytes=100))
    assert (caught.value.code, caught.value.detail) == ("too_large", "> 100 bytes")


# ---------------------------------------------------------------- layouts beyond the seed


def parse_lines(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    return parse_txt(str(path), DEFAULT_LIMITS)


def test_continuation_line_is_a_second_paragraph_of_its_cell(tmp_path: Path) -> None:
    document = parse_lines(tmp_path, "标题\n\n\t项目\n\t金额\n\n\t办公费\n（含印刷费）\n\t12.50\n\n正文。\n")
    (table,) = document.tables
    assert [row.texts() for row in table.rows] == [["项目", "金额"], ["办公费\n（含印刷费）", "12.50"]]
    assert isinstance(document.blocks[-1], Paragraph) and document.blocks[-1].text == "正文。"


def test_table_ends_at_a_line_without_tab_after_a_blank_line(tmp_path: Path) -> None:
    document = parse_lines(tmp_path, "\ta\n\tb\n\n说明文字。\n\n\tc\n\td\n")
    assert [block.type for block in document.blocks] == ["table", "paragraph", "table"]
    assert [table.location.table for table in document.tables] == [1, 2]
    assert document.blocks[1].location.paragraph == 1


def test_bare_tab_line_is_an_empty_cell(tmp_path: Path) -> None:
    (table,) = parse_lines(tmp_path, "\t合计\n\t\n\t344\n\n\t小计\n\t \n\t344\n").tables
    assert [row.texts() for row in table.rows] == [["合计", "", "344"], ["小计", "", "344"]]


def test_short_rows_are_not_merged_when_they_do_not_make_the_usual_width(tmp_path: Path) -> None:
    text = "\t单位\n\t万元\n\n\ta\n\tb\n\tc\n\n\td\n\te\n\tf\n\n\tg\n\n\th\n\n"
    (table,) = parse_lines(tmp_path, text).tables
    assert [len(row.cells) for row in table.rows] == [2, 3, 3, 1, 1]


def cells(*texts: str) -> str:
    return "".join(f"\t{text}\n" for text in texts)


SIX = cells("项目", "数量", "单价", "金额", "来源", "备注")


def test_genuine_two_cell_rows_in_a_six_column_table_stay_three_rows(tmp_path: Path) -> None:
    # Label + merged value rows: 2 + 2 + 2 cells make the usual width, but they are rows.
    short = [cells("编制部门", "某街道办事处"), cells("填报日期", "2020年1月"), cells("联系人", "王某")]
    text = "\n".join([SIX, SIX, *short, SIX]) + "\n"
    (table,) = parse_lines(tmp_path, text).tables
    assert [row.texts() for row in table.rows][2:5] == [["编制部门", "某街道办事处"], ["填报日期", "2020年1月"], ["联系人", "王某"]]
    assert [len(row.cells) for row in table.rows] == [6, 6, 2, 2, 2, 6]


def test_two_equal_short_rows_stay_apart(tmp_path: Path) -> None:
    text = "\n".join([SIX, cells("合计", "", "344"), cells("其中", "", "18"), SIX]) + "\n"
    (table,) = parse_lines(tmp_path, text).tables
    assert [len(row.cells) for row in table.rows] == [6, 3, 3, 6]


def test_short_header_rows_above_the_first_full_row_stay_apart(tmp_path: Path) -> None:
    # Merged header cells make short rows; 2 + 4 here is the usual width by chance.
    text = "\n".join([cells("部门", "单位：万元"), cells("项目", "数量", "金额", "备注"), SIX, SIX]) + "\n"
    (table,) = parse_lines(tmp_path, text).tables
    assert [len(row.cells) for row in table.rows] == [2, 4, 6, 6]


def test_body_row_split_in_two_unequal_pieces_is_rejoined(tmp_path: Path) -> None:
    split = cells("办公费") + "\n" + cells("1", "2.00", "2.00", "财政拨款", "")
    text = "\n".join([SIX, split, SIX]) + "\n"
    (table,) = parse_lines(tmp_path, text).tables
    assert [row.texts() for row in table.rows][1] == ["办公费", "1", "2.00", "2.00", "财政拨款", ""]
    assert [len(row.cells) for row in table.rows] == [6, 6, 6]


def test_extra_blank_lines_mark_a_split_even_between_equal_pieces(tmp_path: Path) -> None:
    # More blank lines than between rows: an empty paragraph stands next to the row end.
    split = cells("办公费", "1", "2.00") + "\n\n" + cells("2.00", "财政拨款", "")
    text = "\n".join([SIX, split, SIX]) + "\n"
    (table,) = parse_lines(tmp_path, text).tables
    assert [len(row.cells) for row in table.rows] == [6, 6, 6]
    assert table.rows[1].texts()[3] == "2.00"


def test_rows_two_blank_lines_apart_everywhere_are_not_splits(tmp_path: Path) -> None:
    short = [cells("编制部门", "某街道办事处"), cells("填报日期", "2020年1月"), cells("联系人", "王某")]
    text = "\n\n".join([SIX, SIX, *short, SIX]) + "\n"
    (table,) = parse_lines(tmp_path, text).tables
    assert [len(row.cells) for row in table.rows] == [6, 6, 2, 2, 2, 6]


def test_tab_indented_prose_is_paragraphs_not_a_table(tmp_path: Path) -> None:
    document = parse_lines(tmp_path, "\t一、总体情况\n\n\t今年预算收入100万元。\n\n\t二、其他\n")
    assert document.tables == []
    assert [(block.type, block.text) for block in document.blocks] == [  # type: ignore[union-attr]
        ("heading", "一、总体情况"),
        ("paragraph", "今年预算收入100万元。"),
        ("heading", "二、其他"),
    ]


def test_first_line_as_title_only_when_it_reads_as_one(tmp_path: Path) -> None:
    document = parse_lines(tmp_path, "\n\n一、部门职责\n内容。\n")
    assert [(block.type, getattr(block, "level", None)) for block in document.blocks] == [
        ("heading", 1),
        ("paragraph", None),
    ]
    assert isinstance(document.blocks[0], Heading)
    assert not any(isinstance(block, Table) for block in document.blocks)
