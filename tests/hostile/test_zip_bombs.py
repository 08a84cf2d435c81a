"""Zip containers that inflate far beyond their size, or lie about it, are stopped before parsing."""

from __future__ import annotations

from pathlib import Path

from . import build
from .cli_run import assert_refused, audit

MB = build.MB
BOMB = "{path}：文件超出安全限制（{detail}），可能是压缩炸弹，已拒绝读取"
CORRUPT = "{path}：文件已损坏或不完整（{detail}），请重新导出"


def test_docx_with_a_300_mb_document_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    path = build.docx_bomb(tmp_path, "预算.docx", 300 * MB)
    assert path.stat().st_size < 2 * MB
    detail = "word/document.xml: 314572800 bytes > 67108864"
    assert_refused(audit(path), BOMB.format(path=path, detail=detail))


def test_xlsx_with_a_300_mb_sheet_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    path = build.xlsx_bomb(tmp_path, "预算.xlsx", 300 * MB)
    assert path.stat().st_size < 2 * MB
    detail = "xl/worksheets/sheet1.xml: 314572800 bytes > 67108864"
    assert_refused(audit(path), BOMB.format(path=path, detail=detail))


def test_member_under_the_size_limit_but_compressed_too_well_is_refused(tmp_path: Path) -> None:
    path = build.docx_bomb(tmp_path, "预算.docx", 60 * MB)
    assert_refused(audit(path), BOMB.format(path=path, detail="word/document.xml: ratio > 200:1"))


def test_archive_with_too_many_members_is_refused(tmp_path: Path) -> None:
    path = build.many_members(tmp_path, "预算.docx", 10_001)
    assert_refused(audit(path), BOMB.format(path=path, detail="10001 members > 10000"))


def test_docx_whose_headers_understate_the_size_stops_at_the_declared_size(tmp_path: Path) -> None:
    # 300 MB of paragraphs declared as 4 KB; the stream stops at 4 KB and the CRC no longer matches.
    path = build.lie_about_size(build.docx_bomb(tmp_path, "预算.docx", 300 * MB), build.DOCUMENT, 4096, crc_of_prefix=False)
    assert_refused(audit(path), CORRUPT.format(path=path, detail="ZIP 结构损坏"))


def test_docx_whose_headers_lie_with_a_matching_crc_is_read_only_to_the_declared_size(tmp_path: Path) -> None:
    # The CRC is that of the first 4 KB, so only the cap keeps the rest out: the XML ends early.
    path = build.lie_about_size(build.docx_bomb(tmp_path, "预算.docx", 300 * MB), build.DOCUMENT, 4096, crc_of_prefix=True)
    assert_refused(audit(path), CORRUPT.format(path=path, detail="XML 内容损坏"))


def test_xlsx_whose_headers_lie_with_a_matching_crc_is_read_only_to_the_declared_size(tmp_path: Path) -> None:
    path = build.lie_about_size(build.xlsx_bomb(tmp_path, "预算.xlsx", 300 * MB), build.SHEET, 4096, crc_of_prefix=True)
    assert_refused(audit(path), CORRUPT.format(path=path, detail="XML 内容损坏"))


def test_truncated_zip_is_corrupt(tmp_path: Path) -> None:
    source = build.docx(tmp_path, "whole.docx", build.paragraphs_document(2000))
    path = build.truncated(source, tmp_path, "预算.docx", keep=0.6)
    assert_refused(audit(path), CORRUPT.format(path=path, detail="ZIP 结构损坏"))


def test_zip_with_damaged_member_data_is_corrupt(tmp_path: Path) -> None:
    source = build.docx(tmp_path, "whole.docx", build.paragraphs_document(2000))
    path = build.damaged_member(source, tmp_path, "预算.docx", build.DOCUMENT)
    assert_refused(audit(path), CORRUPT.format(path=path, detail="ZIP 结构损坏"))
