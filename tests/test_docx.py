"""The DOCX parser: text as the reader sees it, heading levels, automatic numbers, merged cells, bad files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.errors import InputError
from budgetcheck.model import Heading, Paragraph, Table
from budgetcheck.parsers import load
from budgetcheck.parsers.container import DEFAULT_LIMITS
from budgetcheck.parsers.docx import parse_docx
from budgetcheck.parsers.docx_numbering import chinese_number, format_number
from tests.conftest import SEED_DOCX, SEED_TXT

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="word/document.xml"/></Relationships>'
)


def raw_docx(
    tmp_path: Path, body: str, *, styles: str | None = None, numbering: str | None = None, name: str = "raw.docx"
) -> str:
    """A minimal DOCX whose body, styles and numbering are given as WordprocessingML fragments."""
    path = tmp_path / name
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:mc="{MC_NS}"><w:body>{body}</w:body></w:document>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/document.xml", document)
        if styles is not None:
            archive.writestr("word/styles.xml", f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>')
        if numbering is not None:
            archive.writestr("word/numbering.xml", f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>')
    return str(path)


def p(text: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def tc(text: str, tcpr: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{tcpr}</w:tcPr>' if tcpr else ''}{p(text) if text else '<w:p/>'}</w:tc>"


def parse(path: str):
    return parse_docx(path, DEFAULT_LIMITS)


def outline(document) -> list[tuple]:
    """Text blocks as (type, level or None, text, paragraph number); tables as ("table", number)."""
    out: list[tuple] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            out.append(("heading", block.level, block.text, block.location.paragraph))
        elif isinstance(block, Paragraph):
            out.append(("paragraph", None, block.text, block.location.paragraph))
        else:
            out.append(("table", block.location.table))
    return out


def spans(table: Table) -> list[list[tuple]]:
    return [[(c.text, c.row, c.column, c.row_span, c.col_span) for c in row.cells] for row in table.rows]


# Paragraphs and headings


def test_python_docx_headings_paragraphs_tabs_and_breaks(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_heading("某某街道办事处2021年部门预算公开", 0)
    word.add_heading("一、部门职责", 1)
    word.add_paragraph("")  # empty paragraphs are not blocks
    body = word.add_paragraph("部门职责：")
    body.add_run().add_tab()
    body.add_run("负责")
    body.add_run().add_break()
    body.add_run("第二行")
    word.add_heading("（一）主要职能", 2)
    word.add_paragraph("二、部门预算安排的总体情况")  # a numbered heading without a heading style
    word.add_paragraph("1、收入说明")
    word.add_paragraph("（一）认真贯彻执行党的路线、方针、政策。")  # a sentence, not a heading
    path = tmp_path / "styled.docx"
    word.save(path)

    assert outline(parse(str(path))) == [
        ("heading", 0, "某某街道办事处2021年部门预算公开", 1),
        ("heading", 1, "一、部门职责", 2),
        ("paragraph", None, "部门职责：\t负责\n第二行", 3),
        ("heading", 2, "（一）主要职能", 4),
        ("heading", 1, "二、部门预算安排的总体情况", 5),
        ("heading", 2, "1、收入说明", 6),
        ("paragraph", None, "（一）认真贯彻执行党的路线、方针、政策。", 7),
    ]


def test_unstyled_first_line_is_the_title(tmp_path: Path) -> None:
    path = raw_docx(tmp_path, p("某某局2020年部门决算公开") + p("一、部门概况") + p("按照规定，现公开如下："))
    assert outline(parse(path)) == [
        ("heading", 0, "某某局2020年部门决算公开", 1),
        ("heading", 1, "一、部门概况", 2),
        ("paragraph", None, "按照规定，现公开如下：", 3),
    ]


def test_heading_levels_from_style_names_and_outline_levels(tmp_path: Path) -> None:
    styles = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="标题 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Sec"><w:name w:val="节标题"/>'
        '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="SecChild"><w:name w:val="节标题 附"/>'
        '<w:basedOn w:val="Sec"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="10"><w:name w:val="toc 1"/></w:style>'
    )
    body = (
        p("目录")
        + p("一、部门职责\t3", '<w:pStyle w:val="10"/>')  # a TOC entry is not a heading
        + p("部门职责", '<w:pStyle w:val="1"/>')
        + p("机构设置", '<w:pStyle w:val="Sec"/>')
        + p("人员情况", '<w:pStyle w:val="SecChild"/>')
        + p("收支总体情况", '<w:outlineLvl w:val="2"/>')
        + p("正文（大纲级别为正文）", '<w:pStyle w:val="1"/><w:outlineLvl w:val="9"/>')
    )
    assert outline(parse(raw_docx(tmp_path, body, styles=styles))) == [
        ("heading", 0, "目录", 1),
        ("paragraph", None, "一、部门职责\t3", 2),
        ("heading", 1, "部门职责", 3),
        ("heading", 2, "机构设置", 4),
        ("heading", 2, "人员情况", 5),
        ("heading", 3, "收支总体情况", 6),
        ("paragraph", None, "正文（大纲级别为正文）", 7),
    ]


def test_text_as_the_reader_sees_it(tmp_path: Path) -> None:
    body = (
        # revisions: deleted text is gone, inserted text stays
        "<w:p><w:r><w:t>支出</w:t></w:r><w:del><w:r><w:delText>1000</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>2999.85</w:t></w:r></w:ins><w:r><w:t>万元</w:t></w:r></w:p>"
        # a field: its result, not its code
        '<w:p><w:r><w:t xml:space="preserve">见第 </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>5</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> 页</w:t></w:r></w:p>'
        # a text box: once, from mc:Choice
        "<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent>"
        "<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent>"
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        # hidden text is not seen
        '<w:p><w:r><w:t>可见</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r></w:p>'
        # a paragraph whose only text was deleted is empty, so not a block
        "<w:p><w:del><w:r><w:delText>删掉的段落</w:delText></w:r></w:del></w:p>"
    )
    assert [block.text for block in parse(raw_docx(tmp_path, body)).blocks] == [
        "支出2999.85万元",
        "见第 5 页",
        "正文\n框内文字",
        "可见",
    ]


def test_body_level_content_controls_are_read_in_order(tmp_path: Path) -> None:
    body = (
        p("按照规定，公开如下：")
        + "<w:sdt><w:sdtPr/><w:sdtContent>"
        + p("控件中的段落。")
        + f"<w:tbl><w:tr>{tc('控件中的表格')}</w:tr></w:tbl>"
        + "</w:sdtContent></w:sdt>"
        + p("其后的段落。")
    )
    document = parse(raw_docx(tmp_path, body))
    assert outline(document) == [
        ("paragraph", None, "按照规定，公开如下：", 1),
        ("paragraph", None, "控件中的段落。", 2),
        ("table", 1),
        ("paragraph", None, "其后的段落。", 3),
    ]
    assert spans(document.tables[0]) == [[("控件中的表格", 1, 1, 1, 1)]]


# Automatic numbering

NUMBERING = (
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
    '<w:suff w:val="nothing"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
    '<w:suff w:val="nothing"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>'
    '<w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%4"/>'
    '<w:suff w:val="space"/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="2">'
    '<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf06c"/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'  # continues list 1
    '<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="1"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'  # restarts it
    '<w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>'
)


def numbered(text: str, num_id: int, ilvl: int = 0) -> str:
    return p(text, f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')


def test_automatic_numbers_are_rendered_and_make_headings(tmp_path: Path) -> None:
    body = (
        numbered("部门职责", 1)
        + numbered("主要职能", 1, 1)
        + numbered("内设机构", 1, 1)
        + numbered("科室", 1, 2)
        + numbered("人员", 1, 3)
        + numbered("部门预算安排的总体情况", 2)  # another instance of the same list: 二、
        + numbered("收入预算", 2, 1)  # deeper levels restart under a new 二、: （一）
        + numbered("要点", 5)  # bullets add nothing
        + p("无编号", '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>')
    )
    document = parse(raw_docx(tmp_path, body, numbering=NUMBERING))
    assert outline(document) == [
        ("heading", 1, "一、部门职责", 1),
        ("heading", 2, "（一）主要职能", 2),
        ("heading", 2, "（二）内设机构", 3),
        ("heading", 3, "1.\t科室", 4),
        ("heading", 4, "① 人员", 5),
        ("heading", 1, "二、部门预算安排的总体情况", 6),
        ("heading", 2, "（一）收入预算", 7),
        ("paragraph", None, "要点", 8),
        ("paragraph", None, "无编号", 9),
    ]


def test_numbered_table_cells_and_restarted_lists(tmp_path: Path) -> None:
    def numbered_cell(num_id: int) -> str:
        number = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        return f"<w:tc><w:p><w:pPr>{number}</w:pPr></w:p></w:tc>"

    table = (
        "<w:tbl>"
        + f"<w:tr>{tc('序号')}{tc('项目')}</w:tr>"
        + f"<w:tr>{numbered_cell(3)}{tc('办公设备')}</w:tr>"
        + f"<w:tr>{numbered_cell(3)}{tc('公务用车')}</w:tr>"
        + "</w:tbl>"
    )
    restarted = f"<w:tbl><w:tr>{numbered_cell(4)}{tc('家具')}</w:tr></w:tbl>"
    document = parse(raw_docx(tmp_path, table + restarted, numbering=NUMBERING))
    assert [table.physical_rows() for table in document.tables] == [
        [["序号", "项目"], ["1", "办公设备"], ["2", "公务用车"]],
        [["1", "家具"]],
    ]


def test_heading_styles_linked_to_a_multilevel_list(tmp_path: Path) -> None:
    """Word's way: the heading styles carry the list, and each list level names its style."""
    styles = (
        '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/>'
        '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="1"/>'
        '<w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
    )
    numbering = (
        '<w:abstractNum w:abstractNumId="9">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="1"/>'
        '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="2"/>'
        '<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="3"/>'
        '<w:lvlText w:val="%1.%2.%3"/><w:isLgl/><w:suff w:val="space"/></w:lvl>'
        "</w:abstractNum>"
        '<w:num w:numId="7"><w:abstractNumId w:val="9"/></w:num>'
    )
    body = (
        p("部门概况", '<w:pStyle w:val="1"/>')
        + p("主要职能", '<w:pStyle w:val="2"/>')
        + p("内设机构", '<w:pStyle w:val="3"/>')
        + p("收支情况", '<w:pStyle w:val="2"/>')
        + p("部门预算安排", '<w:pStyle w:val="1"/>')
    )
    assert outline(parse(raw_docx(tmp_path, body, styles=styles, numbering=numbering))) == [
        ("heading", 1, "一、部门概况", 1),
        ("heading", 2, "（一）主要职能", 2),
        ("heading", 3, "1.1.1 内设机构", 3),
        ("heading", 2, "（二）收支情况", 4),
        ("heading", 1, "二、部门预算安排", 5),
    ]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCountingThousand", "十一"),
        (20, "chineseCounting", "二十"),
        (23, "chineseCounting", "二十三"),
        (105, "chineseCountingThousand", "一百零五"),
        (110, "chineseCountingThousand", "一百一十"),
        (3, "ideographTraditional", "丙"),
        (12, "decimalEnclosedCircle", "⑫"),
        (3, "chineseLegalSimplified", "叁"),
        (3, "decimalFullWidth", "３"),
        (28, "lowerLetter", "bb"),
        (4, "upperRoman", "IV"),
        (7, "decimalZero", "07"),
        (7, "someFutureFormat", "7"),
    ],
)
def test_number_formats(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def test_chinese_numbers_with_zero_gaps() -> None:
    numbers = [chinese_number(n) for n in (1001, 1010, 1100, 2020)]
    assert numbers == ["一千零一", "一千零一十", "一千一百", "二千零二十"]


# Tables


def test_python_docx_merges_appear_once_with_their_spans(tmp_path: Path) -> None:
    word = docx.Document()
    table = word.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(0, 3)).text = "绩效目标"
    table.cell(1, 0).merge(table.cell(3, 0)).text = "产出指标"
    for row in range(1, 4):
        table.cell(row, 1).text = f"二级{row}"
        table.cell(row, 2).merge(table.cell(row, 3)).text = f"值{row}"
    path = tmp_path / "merged.docx"
    word.save(path)

    document = parse(str(path))
    assert outline(document) == [("table", 1)]
    assert spans(document.tables[0]) == [
        [("绩效目标", 1, 1, 1, 4)],
        [("产出指标", 2, 1, 3, 1), ("二级1", 2, 2, 1, 1), ("值1", 2, 3, 1, 2)],
        [("二级2", 3, 2, 1, 1), ("值2", 3, 3, 1, 2)],
        [("二级3", 4, 2, 1, 1), ("值3", 4, 3, 1, 2)],
    ]
    cell = document.tables[0].rows[2].cells[1]
    assert (cell.location.table, cell.location.row, cell.location.column) == (1, 3, 3)
    assert document.tables[0].rows[2].location.row == 3


def test_raw_vertical_merges_grid_before_and_cell_paragraphs(tmp_path: Path) -> None:
    restart = '<w:vMerge w:val="restart"/>'
    cont = "<w:vMerge/>"
    cont_explicit = '<w:vMerge w:val="continue"/>'
    two_columns = '<w:gridSpan w:val="2"/>'
    cell_with_paragraphs = "<w:tc>" + p("第一段") + p("第二段") + "<w:p/><w:p/></w:tc>"
    table = (
        "<w:tbl>"
        + f"<w:tr>{tc('项目', restart)}{tc('金额', two_columns)}</w:tr>"
        + f"<w:tr>{tc('', cont)}{tc('上年')}{tc('本年')}</w:tr>"
        + f"<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{tc('10.00')}{cell_with_paragraphs}</w:tr>"
        + f"<w:tr>{tc('合计', restart)}{tc('1', restart)}{tc('2')}</w:tr>"
        + f"<w:tr>{tc('', cont)}{tc('', cont_explicit)}{tc('3')}</w:tr>"
        + "</w:tbl>"
    )
    document = parse(raw_docx(tmp_path, table))
    assert spans(document.tables[0]) == [
        [("项目", 1, 1, 2, 1), ("金额", 1, 2, 1, 2)],
        [("上年", 2, 2, 1, 1), ("本年", 2, 3, 1, 1)],
        [("10.00", 3, 2, 1, 1), ("第一段\n第二段", 3, 3, 1, 1)],
        [("合计", 4, 1, 2, 1), ("1", 4, 2, 2, 1), ("2", 4, 3, 1, 1)],
        [("3", 5, 3, 1, 1)],
    ]


def test_nested_table_text_stays_in_its_cell(tmp_path: Path) -> None:
    inner = f"<w:tbl><w:tr>{tc('甲')}{tc('乙')}</w:tr><w:tr>{tc('丙')}{tc('丁')}</w:tr></w:tbl>"
    outer = f"<w:tbl><w:tr>{tc('外层')}<w:tc>{p('说明')}{inner}<w:p/></w:tc></w:tr></w:tbl>"
    document = parse(raw_docx(tmp_path, outer + p("表后段落")))
    assert outline(document) == [("table", 1), ("paragraph", None, "表后段落", 1)]
    assert spans(document.tables[0]) == [[("外层", 1, 1, 1, 1), ("说明\n甲\t乙\n丙\t丁", 1, 2, 1, 1)]]


# The seed disclosure


def test_seed_docx_tables_and_merged_indicator_cells() -> None:
    if not SEED_DOCX.exists():
        pytest.skip("seed DOCX not built")
    document = load(str(SEED_DOCX))
    assert document.format == "docx"
    assert len(document.tables) == 25
    table = document.tables[11]
    assert table.location.table == 12
    first_level = [(c.text, c.row, c.row_span) for c in table.cells() if c.column == 1 and c.row > 2]
    assert first_level == [("产出指标", 3, 3), ("效果指标", 6, 1), ("满意度指标", 7, 1)]
    assert table.rows[0].cells[1].col_span == 5  # the 绩效目标 text spans the row
    assert len(table.rows[3].cells) == 5  # row 4 has no cell of its own under 产出指标
    assert document.blocks[0].text == "三河市泃阳西大街街道办事处2020年部门预算信息公开情况说明"
    assert isinstance(document.blocks[0], Heading) and document.blocks[0].level == 0


def test_seed_docx_tables_match_the_seed_text_row_by_row() -> None:
    if not SEED_DOCX.exists():
        pytest.skip("seed DOCX not built")
    from_docx = load(str(SEED_DOCX)).tables
    from_txt = load(str(SEED_TXT)).tables
    assert [t.physical_rows() for t in from_docx] == [t.physical_rows() for t in from_txt]


def test_cli_extract_json_of_the_seed_docx() -> None:
    if not SEED_DOCX.exists():
        pytest.skip("seed DOCX not built")
    result = CliRunner().invoke(app, ["extract", str(SEED_DOCX), "--format", "json"])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert set(payload) == {"path", "format", "blocks"}
    assert payload["format"] == "docx"
    tables = [block for block in payload["blocks"] if block["type"] == "table"]
    assert len(tables) == 25
    assert {block["type"] for block in payload["blocks"]} == {"heading", "paragraph", "table"}
    assert tables[11]["location"] == {"path": str(SEED_DOCX), "table": 12}
    assert tables[11]["rows"][2][0] == {"text": "产出指标", "row": 3, "column": 1, "row_span": 3, "col_span": 1}
    for table in tables:
        for row in table["rows"]:
            for cell in row:
                assert set(cell) == {"text", "row", "column", "row_span", "col_span"}


# Bad files


def expect_input_error(path: str, code: str, detail: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(path)
    assert (caught.value.code, caught.value.detail) == (code, detail)


def test_truncated_zip_is_corrupt(tmp_path: Path) -> None:
    whole = Path(raw_docx(tmp_path, p("正文")))
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    expect_input_error(str(cut), "corrupt", "bad_zip")


def test_damaged_deflate_stream_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        body = p("正文" * 500) * 50
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
    data = bytearray(path.read_bytes())
    offset = data.index(b"word/document.xml") + len("word/document.xml") + 40
    data[offset : offset + 64] = bytes(64)
    path.write_bytes(bytes(data))
    expect_input_error(str(path), "corrupt", "bad_zip")


def test_missing_document_part(tmp_path: Path) -> None:
    path = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/styles.xml", f'<w:styles xmlns:w="{W_NS}"/>')
    expect_input_error(str(path), "corrupt", "missing_part")


def test_broken_xml(tmp_path: Path) -> None:
    path = raw_docx(tmp_path, "<w:p><w:r><w:t>未闭合</w:r></w:p>")
    expect_input_error(path, "corrupt", "bad_xml")


def test_doctype_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "doctype.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "x">]>'
            f'<w:document xmlns:w="{W_NS}"><w:body>{p("&x;")}</w:body></w:document>',
        )
    expect_input_error(str(path), "unsafe_xml", "doctype")


def test_strict_open_xml_is_named_not_read_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "strict.docx"
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    with zipfile.ZipFile(path, "w") as archive:
        body = p("正文")
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{strict}"><w:body>{body}</w:body></w:document>')
    expect_input_error(str(path), "unsupported", "Strict Open XML")
