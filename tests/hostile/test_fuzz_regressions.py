"""Inputs the fuzz run (tests/hostile/test_fuzz_load.py, fuzz/fuzz_load.py) once crashed on, rebuilt by hand.

Each case names the exception it used to escape with; now each is a Document or an InputError.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from budgetcheck.errors import InputError
from budgetcheck.model import Paragraph
from budgetcheck.parsers import load

from . import build
from .cli_run import assert_bounded, assert_refused, audit, extract

NARRATIVE = "Total 2999.85, basic 1251.46, projects 1748.39."


def _pdf_with(tmp_path: Path, old: bytes, new: bytes) -> Path:
    data = build.text_pdf()
    assert data.count(old) == 1
    path = tmp_path / "预算.pdf"
    path.write_bytes(data.replace(old, new))
    return path


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b"/F1 5 0 R >>", b"/F1 5 0!R >>"),  # PdfminerException from pdfplumber's close()
        (b"[0 0 595 842]", b"[0 0 59842]"),  # IndexError: pdfminer's MediaBox with three numbers
        (b"[0 0 595 842]", b"[0 0 595 842 /Z]"),  # MalformedPDFException: a name among the coordinates
        (b"R >> >> >>\nendobj", b"R >> >> >>\nendob"),  # IndexError: pdfminer finds no page where pdfium finds one
    ],
    ids=["bad_font_reference", "short_mediabox", "name_in_mediabox", "unterminated_page_object"],
)
def test_pdf_pdfminer_cannot_read_is_read_by_pdfium(tmp_path: Path, old: bytes, new: bytes) -> None:
    document = load(str(_pdf_with(tmp_path, old, new)))
    assert NARRATIVE in [block.text for block in document.blocks if isinstance(block, Paragraph)]


def test_pdf_page_pdfium_cannot_load_is_corrupt(tmp_path: Path) -> None:
    # Used to escape as PdfiumError("Failed to load page.").
    path = _pdf_with(tmp_path, b"/Kids [3 0 R]", b"/KiT 0 R]")
    with pytest.raises(InputError) as caught:
        load(str(path))
    assert caught.value.message("zh") == f"{path}：文件已损坏或不完整（PDF 结构损坏），请重新导出"
    assert caught.value.message("en") == f"{path}: the file is damaged or incomplete (broken PDF structure); export it again"


def test_xls_whose_directory_lists_itself_is_corrupt(tmp_path: Path) -> None:
    # Used to escape as RecursionError from olefile's listdir.
    path = build.xls_with_directory_cycle(tmp_path, "预算.xls")
    with pytest.raises(InputError) as caught:
        load(str(path))
    assert caught.value.message("zh") == f"{path}：文件已损坏或不完整（旧版 Office 复合文档），请重新导出"


@pytest.mark.parametrize(
    ("method", "zh", "en"),
    [
        (9, "{path}：文件已损坏或不完整（不支持的 ZIP 压缩方式），请重新导出", "{path}: the file is damaged or incomplete (unsupported ZIP compression method); export it again"),
        (99, "{path}：文件已加密或设有打开密码，请去除密码后再审核", "{path}: the file is encrypted or password-protected; remove the password and try again"),
    ],
    ids=["deflate64", "winzip_aes"],
)
def test_xlsx_sheet_compressed_with_a_method_zipfile_cannot_inflate(tmp_path: Path, method: int, zh: str, en: str) -> None:
    # Used to escape as NotImplementedError("That compression method is not supported").
    path = build.xlsx(tmp_path, "预算.xlsx", build.SHEET_HEAD + build.ROW + build.SHEET_TAIL)
    build.set_compression_method(path, build.SHEET, method)
    with pytest.raises(InputError) as caught:
        load(str(path))
    assert (caught.value.message("zh"), caught.value.message("en")) == (zh.format(path=path), en.format(path=path))


WHOLE_SHEET = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'


def _sheet(cells: bytes, after: bytes = b"") -> bytes:
    return build.SHEET_HEAD.replace(b"<sheetData>", b"<sheetData>" + cells) + b"</sheetData>" + after + b"</worksheet>"


def test_a_merge_over_the_whole_sheet_hides_what_it_covers_at_once(tmp_path: Path) -> None:
    # Used to enumerate all 17 billion cells of the range (found by the long fuzz run as a hang).
    cells = '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c><c r="B1" t="inlineStr"><is><t>隐藏</t></is></c></row>'.encode()
    path = build.xlsx(tmp_path, "预算.xlsx", _sheet(cells, WHOLE_SHEET))
    run = extract(path)
    assert_bounded(run)
    [table] = json.loads(run.stdout)["blocks"]
    [[cell]] = table["rows"]
    assert (cell["text"], cell["row_span"], cell["col_span"]) == ("标题", 1_048_576, 16_384)


def test_a_merge_between_far_corners_of_text_is_refused(tmp_path: Path) -> None:
    cells = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>角</t></is></c></row>'
    ).encode()
    path = build.xlsx(tmp_path, "预算.xlsx", _sheet(cells, WHOLE_SHEET))
    message = f"{path}：工作簿的单元格数超出限制（> 200000），已拒绝读取；确需审核时可用 --limit max-cells=数量 放宽"
    assert_refused(audit(path), message)



def test_zip_that_needs_a_newer_zip_version_is_corrupt(tmp_path: Path) -> None:
    # Used to escape as NotImplementedError("zip file version 7.6").
    path = build.set_extract_version(build.docx(tmp_path, "预算.docx", build.paragraphs_document(3)), 76)
    message = f"{path}：文件已损坏或不完整（不支持的 ZIP 格式版本），请重新导出"
    assert_refused(audit(path), message)


def test_xls_with_a_code_page_python_has_no_codec_for_is_corrupt(tmp_path: Path) -> None:
    # Used to escape as LookupError("unknown encoding: cp1712").
    path = build.xls_with_code_page(tmp_path, "预算.xls", 1712)
    assert_refused(audit(path), f"{path}：文件已损坏或不完整（XLS 记录损坏），请重新导出")
