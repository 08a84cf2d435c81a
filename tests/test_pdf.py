"""PDF disclosures: the real published files in ../shared/real, read as a reader reads them.

Every expected value below was read by hand from the page (text dumps made with pypdfium2
and pdfplumber, checked against the page it names), not copied from the parser's output.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.errors import InputError
from budgetcheck.model import Document, Heading, Paragraph, Table
from budgetcheck.parsers import load
from budgetcheck.parsers.container import Limits
from budgetcheck.parsers.pdf import parse_pdf

JUESUAN = "上海市普陀区财政局2024年度部门决算.pdf"
TEMPLATE = "附件2：部门决算模板.pdf"
WANLI = "上海市普陀区人民政府万里街道办事处25年预算.pdf"
OFFICE = "上海市普陀区人民政府办公室25年预算.pdf"
PROCURATORATE = "江苏省人民检察院2019年度部门预算公开.pdf"
JS_TEXT = "江苏省委办公厅2019年度部门预算公开文件.pdf"
JS_TABLES = "江苏省委办公厅2019年度部门预算公开表格.pdf"

_cache: dict[str, Document] = {}


def read(real_dir: Path, name: str) -> Document:
    if name not in _cache:
        _cache[name] = parse_pdf(str(real_dir / name))
    return _cache[name]


def table(document: Document, title: str) -> Table:
    found = [t for t in document.tables if t.title == title]
    assert len(found) == 1, [t.title for t in document.tables]
    return found[0]


def beside(t: Table, label: str, nth: int = 1) -> tuple[str, int | None]:
    """The n-th non-empty cell right of the cell reading `label`, with its page."""
    for row in t.rows:
        texts = [cell.text for cell in row.cells]
        if label in texts:
            after = [cell for cell in row.cells[texts.index(label) + 1 :] if cell.text]
            cell = after[nth - 1]
            return cell.text, cell.location.page
    raise AssertionError(f"{label} not in table {t.title}")


# --- table counts and titles ------------------------------------------------------------

SHANGHAI_BUDGET_TITLES = [  # the nine tables the 目录 lists, as captioned on their pages
    "2025年部门财务收支预算总表",
    "2025年部门收入预算总表",
    "2025年部门支出预算总表",
    "2025年部门财政拨款收支预算总表",
    "2025年部门一般公共预算支出功能分类预算表",
    "2025年部门政府性基金预算支出功能分类预算表",
    "2025年部门国有资本经营预算支出功能分类预算表",
    "2025年部门一般公共预算基本支出部门预算经济分类预算表",
    "2025年部门“三公”经费和机关运行经费预算表",
]
JUESUAN_TITLES = [  # 第二部分's nine tables; before them the unit list on page 5 has no caption
    None,
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表",
    "财政拨款“三公”经费支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
]
JIANGSU_TITLES = [  # 公开01表 … 公开12表
    "收支预算总表",
    "收入预算总表",
    "支出预算总表",
    "财政拨款收支预算总表",
    "财政拨款支出预算表（功能科目）",
    "财政拨款基本支出预算表（经济科目）",
    "一般公共预算支出预算表（功能科目）",
    "一般公共预算基本支出预算表（经济科目）",
    "“三公”经费、会议费、培训费支出预算表",
]


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        (JUESUAN, JUESUAN_TITLES),
        (TEMPLATE, JUESUAN_TITLES),
        (WANLI, SHANGHAI_BUDGET_TITLES),
        (OFFICE, SHANGHAI_BUDGET_TITLES),
        (
            PROCURATORATE,
            JIANGSU_TITLES + ["政府性基金预算财政拨款支出预算表", "一般公共预算机关运行经费支出预算表", "政府采购支出预算表"],
        ),
        (
            JS_TABLES,
            JIANGSU_TITLES + ["财政拨款政府性基金支出预算表", "一般公共预算机关运行经费支出预算表", "2019年政府采购预算表"],
        ),
        (JS_TEXT, []),  # the narrative file: "具体公开表样附后", the tables are in the other file
    ],
)
def test_tables_found_with_their_titles(real_dir: Path, name: str, titles: list[str | None]) -> None:
    document = read(real_dir, name)
    assert [t.title for t in document.tables] == titles


@pytest.mark.parametrize(
    ("name", "pages"),
    [(JUESUAN, 25), (TEMPLATE, 23), (WANLI, 31), (OFFICE, 22), (PROCURATORATE, 33), (JS_TEXT, 14), (JS_TABLES, 12)],
)
def test_page_count(real_dir: Path, name: str, pages: int) -> None:
    assert read(real_dir, name).pages == pages


# --- cell values with their pages ---------------------------------------------------------


def test_juesuan_totals(real_dir: Path) -> None:
    t = table(read(real_dir, JUESUAN), "收入支出决算总表")
    assert beside(t, "本年收入合计") == ("2,946.25", 6)
    assert beside(t, "本年支出合计") == ("2,940.05", 6)
    assert beside(t, "一、一般公共预算财政拨款收入") == ("2,940.05", 6)
    assert beside(t, "年初结转和结余") == ("49.14", 7)
    assert beside(t, "年末结转和结余") == ("55.34", 7)


def test_juesuan_table_over_page_break_is_one_table(real_dir: Path) -> None:
    """收入支出决算总表 runs from page 6 to page 7: one table, its rows keep their pages."""
    t = table(read(real_dir, JUESUAN), "收入支出决算总表")
    assert t.location.page == 6
    assert [row.texts() for row in t.rows[-3:]] == [
        ["使用非财政拨款结余（含专用结余）", "", "结余分配", ""],
        ["年初结转和结余", "49.14", "年末结转和结余", "55.34"],
        ["总计", "2,995.39", "总计", "2,995.39"],
    ]
    assert {row.location.page for row in t.rows[-3:]} == {7}
    assert t.rows[0].location.page == 6


def test_juesuan_multi_row_header_and_merged_cells(real_dir: Path) -> None:
    t = table(read(real_dir, JUESUAN), "收入决算表")
    first = t.rows[0].cells
    assert (first[0].text, first[0].col_span) == ("项目", 4)
    assert (first[1].text, first[1].row_span) == ("本年收入合计", 3)  # wrapped "本年收入合⏎计" rejoined
    assert [c.text for c in t.rows[3].cells[:6]] == ["类", "款", "项", "合计", "2,946.25", "2,940.05"]
    # pages 8 and 9: the 收入决算表 continues; 住房公积金 187.19 sits on page 9
    assert beside(t, "住房公积金") == ("187.19", 9)


def test_wanli_function_table_over_five_pages_drops_repeated_headers(real_dir: Path) -> None:
    t = table(read(real_dir, WANLI), "2025年部门一般公共预算支出功能分类预算表")
    assert sorted({row.location.page for row in t.rows}) == [20, 21, 22, 23, 24]
    assert sum(1 for row in t.rows if row.texts()[:1] == ["项目"]) == 1  # header kept once
    assert [c.text for c in t.rows[-1].cells if c.text] == ["合计", "189,767,551", "101,341,746", "88,425,805"]
    assert t.rows[-1].location.page == 24


def test_wanli_totals(real_dir: Path) -> None:
    t = table(read(real_dir, WANLI), "2025年部门财务收支预算总表")
    assert beside(t, "收入总计") == ("189,767,551", 9)
    assert beside(t, "八、城乡社区支出") == ("154,369,326", 9)
    assert beside(t, "1. 一般公共预算资金") == ("189,767,551", 9)


def test_office_totals(real_dir: Path) -> None:
    t = table(read(real_dir, OFFICE), "2025年部门财务收支预算总表")
    assert beside(t, "收入总计") == ("91,016,775.35", 8)
    assert beside(t, "支出总计") == ("91,016,775.35", 8)
    assert beside(t, "一、一般公共服务支出") == ("82,096,797.42", 8)


def test_procuratorate_summary_table(real_dir: Path) -> None:
    t = table(read(real_dir, PROCURATORATE), "收支预算总表")
    assert beside(t, "收入合计") == ("24,169.74", 14)
    assert beside(t, "四、公共安全支出") == ("16,593.12", 14)
    assert beside(t, "十八、住房保障支出") == ("5,686.35", 14)
    assert beside(t, "一、基本支出") == ("15,844.04", 14)


def test_procuratorate_economic_table_continues_on_page_19(real_dir: Path) -> None:
    t = table(read(real_dir, PROCURATORATE), "一般公共预算基本支出预算表（经济科目）")
    assert beside(t, "工资福利支出") == ("11,960.62", 18)
    assert beside(t, "奖金") == ("180.14", 19)


def test_jiangsu_tables_file_totals(real_dir: Path) -> None:
    t = table(read(real_dir, JS_TABLES), "收支预算总表")
    assert beside(t, "收入合计") == ("27,664.22", 1)
    assert beside(t, "一、一般公共服务支出") == ("22,395.50", 1)
    assert beside(t, "一、基本支出") == ("11,700.63", 1)
    assert beside(t, "二、项目支出") == ("13,025.38", 1)


def test_template_blank_tables_keep_their_labels(real_dir: Path) -> None:
    t = table(read(real_dir, TEMPLATE), "收入支出决算总表")
    labels = {cell.text: cell.location.page for cell in t.cells()}
    assert labels["本年收入合计"] == 5
    assert labels["本年支出合计"] == 5
    assert labels["年初结转和结余"] == 5


# --- text: paragraphs, headings, what is left out ------------------------------------------


def test_paragraph_wrapped_over_a_page_break_is_joined(real_dir: Path) -> None:
    document = read(real_dir, JS_TEXT)
    texts = {block.text: block.location.page for block in document.texts}
    # page 6 → 7, letter-spaced by the justification of the original line
    assert texts["江苏省委办公厅2019年度收入、支出预算总计27664.22万元，与上年相比收、支预算总计各增加3205.79万元，增长13.11%。其中："] == 6
    assert texts["（二）支出预算总计27664.22万元。包括："] == 7
    assert texts["一般公共预算收入27664.22万元，占100%。"] == 8


def test_headings_and_no_spaces_between_chinese(real_dir: Path) -> None:
    document = read(real_dir, JUESUAN)
    headings = [(b.level, b.text, b.location.page) for b in document.blocks if isinstance(b, Heading)]
    assert headings[:3] == [
        (0, "上海市普陀区财政局2024年度部门决算", 1),
        (1, "第一部分 上海市普陀区财政局概况", 4),
        (2, "一、主要职能", 4),
    ]
    assert (2, "二、收入决算情况说明", 21) in headings
    paragraphs = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert "本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他收入6.2万元，占0.21%；" in paragraphs


def test_contents_page_is_not_content(real_dir: Path) -> None:
    for name in (JUESUAN, WANLI, PROCURATORATE):
        document = read(real_dir, name)
        assert not any(block.location.page in (2,) for block in document.blocks), name
        assert not any(block.text.replace(" ", "") == "目录" for block in document.texts), name


def test_page_numbers_are_left_out(real_dir: Path) -> None:
    """The procuratorate file prints the page number at the top of every page."""
    document = read(real_dir, PROCURATORATE)
    assert not any(block.text.strip().isdigit() for block in document.texts)
    assert document.texts[0].text == "江苏省人民检察院2019年度部门预算公开"


def test_every_location_has_its_page(real_dir: Path) -> None:
    for name in (JUESUAN, WANLI, JS_TABLES):
        document = read(real_dir, name)
        for block in document.blocks:
            assert block.location.page is not None
            if isinstance(block, Table):
                for row in block.rows:
                    assert row.location.page is not None
                    for cell in row.cells:
                        assert cell.location.page == row.location.page
                        assert (cell.location.table, cell.location.row) == (block.location.table, row.index)


# --- bad inputs ----------------------------------------------------------------------------


def scanned_pdf(real_dir: Path, target: Path) -> Path:
    """A real page rendered to an image and wrapped as a PDF: what a scanner produces."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(real_dir / JUESUAN))
    try:
        images = [pdf[index].render(scale=1).to_pil().convert("RGB") for index in (5, 6)]
    finally:
        pdf.close()
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:])
    target.write_bytes(buffer.getvalue())
    return target


def test_scanned_pdf_is_an_input_error(real_dir: Path, tmp_path: Path) -> None:
    path = scanned_pdf(real_dir, tmp_path / "扫描件.pdf")
    with pytest.raises(InputError) as caught:
        load(str(path))
    assert caught.value.code == "scanned_pdf"


def test_scanned_pdf_through_the_cli(real_dir: Path, tmp_path: Path) -> None:
    path = scanned_pdf(real_dir, tmp_path / "扫描件.pdf")
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert result.output.strip() == f"{path}：扫描件，无文字层，无法审核"
    result = CliRunner().invoke(app, ["audit", str(path)])
    assert result.exit_code == 2
    assert result.output.strip() == f"{path}：扫描件，无文字层，无法审核"
    result = CliRunner().invoke(app, ["extract", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.strip() == f"{path}: scanned document with no text layer; it cannot be audited"


ENCRYPTED = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"3 0 obj << /Filter /Standard /V 1 /R 2 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> /P -4 >> endobj\n"
    b"trailer << /Root 1 0 R /Encrypt 3 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\n"
    b"%%EOF\n"
)


def test_password_protected_pdf(tmp_path: Path) -> None:
    path = tmp_path / "加密.pdf"
    path.write_bytes(ENCRYPTED)
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert result.output.strip() == f"{path}：文件已加密或设有打开密码，请去除密码后再审核"


def test_truncated_pdf_is_corrupt(real_dir: Path, tmp_path: Path) -> None:
    data = (real_dir / JS_TEXT).read_bytes()
    path = tmp_path / "半截.pdf"
    path.write_bytes(data[: len(data) // 2])
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert result.output.strip() == f"{path}：文件已损坏或不完整（PDF 结构损坏），请重新导出"


def test_page_limit(real_dir: Path) -> None:
    path = str(real_dir / JS_TABLES)
    with pytest.raises(InputError) as caught:
        parse_pdf(path, Limits(max_pages=10))
    assert (caught.value.code, caught.value.detail) == ("too_many_pages", "12 > 10")
    assert caught.value.message() == f"{path}：PDF 页数超出限制（12 > 10），已拒绝读取；确需审核时可用 --limit max-pages=页数 放宽"


# --- the CLI shows pages -------------------------------------------------------------------


def test_extract_json_shows_pages(real_dir: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(real_dir / JS_TABLES), "--format", "json"])
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["format"] == "pdf"
    assert payload["pages"] == 12
    first = payload["blocks"][0]
    assert first["location"] == {"path": str(real_dir / JS_TABLES), "paragraph": 1, "page": 1}
    assert first["text"] == "部门：中共江苏省委办公厅 单位：万元"
    tables = [block for block in payload["blocks"] if block["type"] == "table"]
    assert tables[0]["title"] == "收支预算总表"
    assert tables[0]["location"] == {"path": str(real_dir / JS_TABLES), "table": 1, "page": 1}
    assert tables[5]["location"]["page"] == 6
    assert tables[0]["rows"][0][0] == {"text": "收入", "row": 1, "column": 1, "row_span": 1, "col_span": 2, "page": 1}
