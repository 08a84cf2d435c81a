"""PDF tables whose drawing does not follow their visible grid: white cell backgrounds cut along
another grid, and a header row that draws a border at another x than its body.

The synthetic pages below reproduce the geometry of the 江苏省人民检察院 2019 tables (measured with
pdfplumber: black 0.5 pt borders, white background rectangles with 5.4 pt strips beside the header
cells, the 代码 | 名称 border 13 pt further right in the header row than in the body); the real file
is checked too when ../shared/real is present.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.model import Table
from budgetcheck.parsers.pdf import parse_pdf
from hostile.build import pdf

LEFT, RIGHT = 50, 500
HEADER = (700, 720)  # bottom, top of each row in PDF user space
BODY = [(680, 700), (660, 680)]
BODY_TEXT = [("204", "Public safety", "16593.12"), ("20404", "Prosecution", "16593.12")]


def _border(x0: float, y0: float, x1: float, y1: float) -> bytes:
    """A black 0.5 pt rule drawn as a filled rectangle, as Excel's PDF export draws cell borders."""
    if x0 == x1:
        return b"0 g %.2f %.2f 0.5 %.2f re f\n" % (x0 - 0.25, y0, y1 - y0)
    return b"0 g %.2f %.2f %.2f 0.5 re f\n" % (x0, y0 - 0.25, x1 - x0)


def _text(x: float, y: float, text: str) -> bytes:
    return b"BT /F1 9 Tf %.2f %.2f Td (%s) Tj ET\n" % (x, y, text.encode("ascii"))


def table_page(
    header_splits: list[float],
    body_splits: list[float],
    white: bytes = b"",
    white_cuts: tuple[float, ...] = (),
    header: tuple[str, ...] = ("Code", "Name", "Amount"),
) -> bytes:
    """A table: a header row (Code | Name | Amount unless given) over two three-column body rows.

    `header_splits` and `body_splits` are the x of the inner borders in each part; `white`
    is the fill colour operator of the cell backgrounds, cut in the header row at `white_cuts`
    as well as at its borders (empty when the page draws no backgrounds).
    """
    content = bytearray()
    rows = [(HEADER, header_splits, header)] + [
        (band, body_splits, texts) for band, texts in zip(BODY, BODY_TEXT)
    ]
    if white:
        for (bottom, top), splits, _texts in rows:
            cuts = sorted({LEFT, RIGHT, *splits, *(white_cuts if (bottom, top) == HEADER else ())})
            for x0, x1 in zip(cuts, cuts[1:]):
                content += white + b" %.2f %.2f %.2f %.2f re f\n" % (x0, bottom, x1 - x0, top - bottom)
    for (bottom, top), splits, texts in rows:
        edges = [LEFT, *splits, RIGHT]
        for x in edges:
            content += _border(x, bottom, x, top)
        content += _border(LEFT, top, RIGHT, top)
        for x0, text in zip(edges, texts):
            content += _text(x0 + 8, bottom + 6, text)
    content += _border(LEFT, BODY[-1][0], RIGHT, BODY[-1][0])
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + bytes(content) + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def read_table(tmp_path: Path, data: bytes) -> Table:
    path = tmp_path / "表格.pdf"
    path.write_bytes(data)
    [table] = parse_pdf(str(path)).tables
    return table


def grid(table: Table) -> list[list[tuple[str, int, int]]]:
    return [[(cell.text, cell.column, cell.col_span) for cell in row.cells] for row in table.rows]


ALIGNED = [
    [("Code", 1, 1), ("Name", 2, 1), ("Amount", 3, 1)],
    [("204", 1, 1), ("Public safety", 2, 1), ("16593.12", 3, 1)],
    [("20404", 1, 1), ("Prosecution", 2, 1), ("16593.12", 3, 1)],
]


@pytest.mark.parametrize("white", [b"1 g", b"1 1 1 rg", b"0 0 0 0 k"], ids=["gray", "rgb", "cmyk"])
def test_white_cell_backgrounds_cut_beside_the_header_cells_are_no_columns(tmp_path: Path, white: bytes) -> None:
    """Backgrounds with 5.4 pt strips either side of each header cell, under borders that line up."""
    strips = (LEFT + 5.4, 200 - 5.4, 200 + 5.4, 350 - 5.4, 350 + 5.4, RIGHT - 5.4)
    table = read_table(tmp_path, table_page([200, 350], [200, 350], white, strips))
    assert grid(table) == ALIGNED


def test_white_backgrounds_cut_across_a_row_do_not_split_it(tmp_path: Path) -> None:
    """A label wrapped over two lines in a cell whose white background is cut between them (page 22's
    “采购品目大 / 类”): one cell, one row."""
    content = bytearray()
    for x0, x1 in ((LEFT, 200), (200, RIGHT)):
        for y0, y1 in ((700, 711), (711, 722)):
            content += b"1 g %d %d %d %d re f\n" % (x0, y0, x1 - x0, y1 - y0)
    for x in (LEFT, 200, RIGHT):
        content += _border(x, 680, x, 722)
    for y in (680, 700, 722):
        content += _border(LEFT, y, RIGHT, y)
    content += _text(58, 713, "Reserve") + _text(58, 702, "fund") + _text(208, 708, "3990.40")
    content += _text(58, 686, "302") + _text(208, 686, "2391.92")
    data = pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + bytes(content) + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )
    assert [row.texts() for row in read_table(tmp_path, data).rows] == [["Reserve fund", "3990.40"], ["302", "2391.92"]]


def test_a_header_border_drawn_right_of_the_bodys_keeps_each_header_over_its_column(tmp_path: Path) -> None:
    """The Code | Name border at x 213.4 in the header row and at 200 in the body (page 16 of the
    real file): the 13.4 pt between them is no column of its own."""
    table = read_table(tmp_path, table_page([213.4, 350], [200, 350]))
    assert grid(table) == ALIGNED


def test_a_header_spanning_two_body_columns_keeps_its_span(tmp_path: Path) -> None:
    """A real merged header is not an offset border: each body column it spans has cells alone in it."""
    table = read_table(tmp_path, table_page([350], [200, 350], header=("Code", "Amount")))
    assert grid(table)[0] == [("Code", 1, 2), ("Amount", 3, 1)]
    assert grid(table)[1] == [("204", 1, 1), ("Public safety", 2, 1), ("16593.12", 3, 1)]


# --- the real file ---------------------------------------------------------------------------

PROCURATORATE = "江苏省人民检察院2019年度部门预算公开.pdf"


def real_tables(real_dir: Path) -> dict[str, Table]:
    return {table.title or "": table for table in parse_pdf(str(real_dir / PROCURATORATE)).tables}


def test_procuratorate_headers_stand_over_their_amounts(real_dir: Path) -> None:
    """Read by hand from pages 15-22: each header over the column of its figures."""
    tables = real_tables(real_dir)
    assert grid(tables["支出预算总表"]) == [
        [("合计", 1, 1), ("基本支出", 2, 1), ("项目支出", 3, 1), ("单位预留机动经费", 4, 1), ("结转下年资金", 5, 1)],
        [("24169.74", 1, 1), ("15844.04", 2, 1), ("4335.30", 3, 1), ("3990.4", 4, 1), ("", 5, 1)],
    ]
    for title, header, first in [
        ("财政拨款支出预算表（功能科目）", ["功能科目代码", "功能科目名称", "金额"], ["204", "公共安全支出", "16,593.12"]),
        ("财政拨款基本支出预算表（经济科目）", ["科目编码", "科目名称", "金额"], ["301", "工资福利支出", "11,960.62"]),
        ("一般公共预算支出预算表（功能科目）", ["科目代码", "功能科目名称", "金额"], ["204", "公共安全支出", "16,593.12"]),
        ("一般公共预算基本支出预算表（经济科目）", ["科目编码", "科目名称", "金额"], ["301", "工资福利支出", "11,960.62"]),
        ("一般公共预算机关运行经费支出预算表", ["科目编码", "科目名称", "机关运行经费支出"], ["302", "商品和服务支出", "2,391.92"]),
    ]:
        rows = grid(tables[title])
        assert rows[0] == [(text, column, 1) for column, text in enumerate(header, start=1)], title
        assert rows[1][0][:2] == ("合计", 1) and rows[1][-1][1] == 3, title  # 合计 and its amount on one row
        assert rows[2] == [(text, column, 1) for column, text in enumerate(first, start=1)], title


def test_procuratorate_wrapped_labels_are_one_cell(real_dir: Path) -> None:
    tables = real_tables(real_dir)
    assert tables["政府采购支出预算表"].rows[0].texts() == ["采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式", "总计"]
    assert tables["收支预算总表"].rows[5].texts() == ["2.政府性基金预算", "", "三、国防支出", "", "三、单位预留机动经费", "3,990.40"]


def test_procuratorate_amount_columns_are_checked(real_dir: Path) -> None:
    """The sums of tables 3 and 5-8 were "insufficient data" (no 金额 column found); now they run and hold."""
    result = CliRunner().invoke(
        app, ["audit", str(real_dir / PROCURATORATE), "--select", "T101,T102,T103,T403", "--format", "json", "--verbose"]
    )
    assert result.exit_code == 0
    [document] = json.loads(result.stdout)["documents"]
    assert document["checks"] == {"run": 52, "passed": 44, "failed": 0, "rounding": 0, "not_applicable": 8, "insufficient_data": 0}
    assert document["findings"] == [] and document["unchecked"] == []
