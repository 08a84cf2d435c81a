"""The safety limits: huge files stopped promptly by their own message, and every limit settable with --limit."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from . import build
from .cli_run import assert_bounded, assert_refused, audit

ROOT = Path(__file__).resolve().parents[2]
STEM = "三河市泃阳西大街街道办事处2020年部门预算公开"
SEED_DOCX = ROOT / "samples" / f"{STEM}.docx"
SEED_XLSX = ROOT / "samples" / f"{STEM}_政府采购与固定资产.xlsx"
SEED_TXT = ROOT / "samples" / f"{STEM}.txt"

PAGES = "{path}：PDF 页数超出限制（{detail}），已拒绝读取；确需审核时可用 --limit max-pages=页数 放宽"
CHARS = "{path}：PDF 文字数超出限制（{detail}），已拒绝读取；确需审核时可用 --limit max-pdf-chars=字数 放宽"
OBJECTS = "{path}：PDF 单页的绘图对象数超出限制（第 {detail}），已拒绝读取；确需审核时可用 --limit max-pdf-page-objects=数量 放宽"
CELLS = "{path}：工作簿的单元格数超出限制（{detail}），已拒绝读取；确需审核时可用 --limit max-cells=数量 放宽"
BOMB = "{path}：文件超出安全限制（{detail}），可能是压缩炸弹，已拒绝读取"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _random_cells_sheet(cells: int) -> bytes:
    """Rows of ten numeric cells with random values, so the sheet does not compress into a ratio bomb."""
    rng = random.Random(7)
    rows = []
    for row in range(1, cells // 10 + 1):
        values = b"".join(b'<c r="%s%d"><v>%d.%02d</v></c>' % (bytes([65 + column]), row, rng.randrange(10**6), rng.randrange(100)) for column in range(10))
        rows.append(b'<row r="%d">%s</row>' % (row, values))
    return build.SHEET_HEAD + b"".join(rows) + build.SHEET_TAIL


# --- pages ---------------------------------------------------------------------------------------


def test_pdf_with_thousands_of_pages_is_stopped_by_the_page_limit(tmp_path: Path) -> None:
    path = _write(tmp_path / "预算.pdf", build.many_pages_pdf(5000))
    assert path.stat().st_size < 1024 * 1024
    assert_refused(audit(path), PAGES.format(path=path, detail="5000 > 2000"))


def test_page_limit_is_settable(tmp_path: Path) -> None:
    path = _write(tmp_path / "预算.pdf", build.many_pages_pdf(30))
    run = audit(path)
    assert_bounded(run)
    assert run.exit_code in (0, 1) and run.stdout.startswith(f"{path}  [pdf] 已审核"), run.output
    assert_refused(audit(path, "--limit", "max-pages=20"), PAGES.format(path=path, detail="30 > 20"))
    english = f"{path}: the PDF has more pages than allowed (30 > 20); not read. To audit it anyway, raise the limit with --limit max-pages=N"
    assert_refused(audit(path, "--limit", "max-pages=20", "--lang", "en"), english)


def test_pdf_drawing_a_million_glyphs_from_a_few_kilobytes_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "预算.pdf", build.glyph_bomb_pdf(1250, words=100))  # 1,000,000 glyphs in 1,250 objects
    assert path.stat().st_size < 16 * 1024
    assert_refused(audit(path), CHARS.format(path=path, detail="> 500000"))


def test_characters_of_all_pages_count_together(tmp_path: Path) -> None:
    # 998 characters a page as pdfium counts them (800 glyphs, and the line breaks it infers): 11,976 in all.
    path = _write(tmp_path / "预算.pdf", build.glyph_bomb_pdf(100, pages=12))
    assert_refused(audit(path, "--limit", "max-pdf-chars=11975"), CHARS.format(path=path, detail="> 11975"))
    run = audit(path, "--limit", "max-pdf-chars=11976")
    assert_bounded(run)
    assert run.exit_code in (0, 1), run.output


def test_pdf_page_drawing_a_hundred_thousand_rectangles_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "预算.pdf", build.drawing_bomb_pdf(100_000))
    assert path.stat().st_size < 16 * 1024
    assert_refused(audit(path), OBJECTS.format(path=path, detail="1: 100001 > 20000"))


def test_page_object_limit_is_settable(tmp_path: Path) -> None:
    path = _write(tmp_path / "预算.pdf", build.drawing_bomb_pdf(300))  # 301 objects with the text
    assert_refused(audit(path, "--limit", "max-pdf-page-objects=300"), OBJECTS.format(path=path, detail="1: 301 > 300"))
    run = audit(path, "--limit", "max-pdf-page-objects=301")
    assert_bounded(run)
    assert run.exit_code in (0, 1), run.output


# --- cells ---------------------------------------------------------------------------------------


def test_workbook_with_too_many_cells_is_refused_before_any_is_read(tmp_path: Path) -> None:
    path = build.xlsx(tmp_path, "预算.xlsx", _random_cells_sheet(300_000))
    assert_refused(audit(path), CELLS.format(path=path, detail="> 200000"))


def test_cells_of_all_sheets_count_together() -> None:
    # The sample's two sheets hold 143 and 25 cells: 168 in all.
    assert_refused(audit(SEED_XLSX, "--limit", "max-cells=150"), CELLS.format(path=SEED_XLSX, detail="> 150"))
    run = audit(SEED_XLSX, "--limit", "max-cells=168")
    assert_bounded(run)
    assert run.exit_code in (0, 1), run.output


def test_xls_cell_limit(tmp_path: Path) -> None:
    path = _write(tmp_path / "预算.xls", build.xls_workbook())  # 50 rows of 5 cells
    assert_refused(audit(path, "--limit", "max-cells=200"), CELLS.format(path=path, detail="250 > 200"))
    run = audit(path, "--limit", "max-cells=250")
    assert_bounded(run)
    assert run.exit_code in (0, 1), run.output


def test_xls_over_the_size_limit_is_refused_before_xlrd_reads_it(tmp_path: Path) -> None:
    path = _write(tmp_path / "预算.xls", build.xls_workbook() + bytes(17 * 1024 * 1024))
    size = path.stat().st_size
    assert_refused(audit(path), BOMB.format(path=path, detail=f"{size} bytes > 16777216"))
    small = _write(tmp_path / "小.xls", build.xls_workbook())
    detail = f"{small.stat().st_size} bytes > 4096"
    assert_refused(audit(small, "--limit", "max-xls-size=4K"), BOMB.format(path=small, detail=detail))


# --- archives and text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "detail"),
    [
        ("max-members=10", "17 members > 10"),
        ("max-member-size=100K", "word/document.xml: 182748 bytes > 102400"),
        ("max-total-size=512K", "1007465 bytes > 524288"),
    ],
)
def test_archive_limits_are_settable(setting: str, detail: str) -> None:
    assert_refused(audit(SEED_DOCX, "--limit", setting), BOMB.format(path=SEED_DOCX, detail=detail))


def test_text_size_limit_is_settable() -> None:
    assert_refused(audit(SEED_TXT, "--limit", "max-text-size=32K"), BOMB.format(path=SEED_TXT, detail="> 32768 bytes"))


def test_a_raised_limit_lets_a_refused_file_through() -> None:
    assert_refused(audit(SEED_DOCX, "--limit", "max-members=10"), BOMB.format(path=SEED_DOCX, detail="17 members > 10"))
    run = audit(SEED_DOCX, "--limit", "max-members=10", "--limit", "max-members=17")  # the last setting wins
    assert_bounded(run)
    assert run.exit_code in (0, 1), run.output
