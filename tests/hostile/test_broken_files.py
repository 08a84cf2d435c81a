"""Broken, disguised and empty files of every supported kind end as one clear line and exit code 2.

Valid files under a wrong name or in another text encoding are read by content, within the same bounds.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from . import build
from .cli_run import assert_bounded, assert_refused, audit

ROOT = Path(__file__).resolve().parents[2]
SEED_DOCX = ROOT / "samples" / "三河市泃阳西大街街道办事处2020年部门预算公开.docx"
SEED_XLSX = ROOT / "samples" / "三河市泃阳西大街街道办事处2020年部门预算公开_政府采购与固定资产.xlsx"
TEXT = "一般公共预算支出合计1234.56万元。\n\t项目\n\t金额\n\n" * 20

CORRUPT = "{path}：文件已损坏或不完整（{detail}），请重新导出"
UNSUPPORTED = "{path}：不支持的文件类型（{detail}），请另存为 DOCX、XLSX、XLS、PDF 或 TXT"


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def assert_read(path: Path, fmt: str) -> None:
    run = audit(path)
    assert_bounded(run)
    assert run.exit_code in (0, 1), run.output
    assert run.stdout.startswith(f"{path}  [{fmt}] 已审核")


# --- XLS -----------------------------------------------------------------------------------------


def test_random_sectors_after_a_valid_ole_header(tmp_path: Path) -> None:
    path = build.ole_garbage(tmp_path, "预算.xls", 64 * 1024, seed=1)
    assert_refused(audit(path), CORRUPT.format(path=path, detail="旧版 Office 复合文档"))


def test_random_biff_records_inside_a_sound_compound_file(tmp_path: Path) -> None:
    path = build.xls_with_garbage_records(tmp_path, "预算.xls", seed=3)
    assert_refused(audit(path), CORRUPT.format(path=path, detail="XLS 记录损坏"))


def test_truncated_real_xls(tmp_path: Path, real_dir: Path) -> None:
    source = next(real_dir.glob("*.xls"))
    path = build.truncated(source, tmp_path, "预算.xls", keep=0.5)
    assert_refused(audit(path), CORRUPT.format(path=path, detail="旧版 Office 复合文档"))


# --- PDF -----------------------------------------------------------------------------------------


def test_broken_pdf(tmp_path: Path) -> None:
    path = write(tmp_path / "预算.pdf", build.broken_pdf())
    assert_refused(audit(path), CORRUPT.format(path=path, detail="PDF 结构损坏"))


def test_truncated_real_pdf(tmp_path: Path, real_dir: Path) -> None:
    source = sorted(real_dir.glob("*.pdf"))[0]
    path = build.truncated(source, tmp_path, "预算.pdf", keep=0.5)
    assert_refused(audit(path), CORRUPT.format(path=path, detail="PDF 结构损坏"))


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = write(tmp_path / "预算.pdf", build.encrypted_pdf())
    assert_refused(audit(path), f"{path}：文件已加密或设有打开密码，请去除密码后再审核")


def test_scanned_pdf(tmp_path: Path) -> None:
    path = write(tmp_path / "预算.pdf", build.scanned_pdf())
    assert_refused(audit(path), f"{path}：扫描件，无文字层，无法审核")


# --- text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_text_in_each_chinese_encoding_is_read(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "预算.txt", TEXT.encode(encoding))
    assert_read(path, "txt")


def test_text_with_nul_bytes_is_refused_as_binary(tmp_path: Path) -> None:
    path = write(tmp_path / "预算.txt", TEXT.encode("utf-8").replace(b"\n", b"\0\n"))
    assert_refused(audit(path), UNSUPPORTED.format(path=path, detail="无法识别的二进制文件"))


def test_random_bytes_named_txt_are_refused_as_binary(tmp_path: Path) -> None:
    path = write(tmp_path / "预算.txt", random.Random(5).randbytes(4096))
    assert_refused(audit(path), UNSUPPORTED.format(path=path, detail="无法识别的二进制文件"))


def test_high_bytes_in_no_chinese_encoding_are_undecodable(tmp_path: Path) -> None:
    path = write(tmp_path / "预算.txt", bytes(range(0x80, 0x100)) * 16)
    message = f"{path}：无法识别文本编码（既不是 UTF-8/UTF-16 也不是 GB18030/GBK），请另存为 UTF-8 或 GBK 文本"
    assert_refused(audit(path), message)


# --- wrong extensions, empty files, links --------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "name", "fmt"),
    [(SEED_DOCX, "预算.xls", "docx"), (SEED_XLSX, "预算.pdf", "xlsx"), (None, "预算.docx", "txt")],
    ids=["docx_named_xls", "xlsx_named_pdf", "text_named_docx"],
)
def test_wrong_extension_is_read_by_content(tmp_path: Path, source: Path | None, name: str, fmt: str) -> None:
    data = source.read_bytes() if source else TEXT.encode("utf-8")
    assert_read(write(tmp_path / name, data), fmt)


def test_image_named_docx_is_unsupported(tmp_path: Path) -> None:
    path = write(tmp_path / "预算.docx", b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert_refused(audit(path), UNSUPPORTED.format(path=path, detail="图片文件"))


def test_scanned_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    path = write(tmp_path / "预算.txt", build.scanned_pdf())
    assert_refused(audit(path), f"{path}：扫描件，无文字层，无法审核")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".xls", ".pdf", ".txt"])
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path / f"预算{suffix}", b"")
    assert_refused(audit(path), f"{path}：文件为空（0 字节），请重新导出")


def test_symlink_loop_given_as_a_file(tmp_path: Path) -> None:
    (tmp_path / "a.docx").symlink_to(tmp_path / "b.docx")
    (tmp_path / "b.docx").symlink_to(tmp_path / "a.docx")
    path = tmp_path / "a.docx"
    assert_refused(audit(path), f"{path}：符号链接循环指向自身，无法打开，请改为指向实际文件")
    english = f"{path}: the symbolic link loops back on itself and cannot be opened; point it at the actual file"
    assert_refused(audit(path, "--lang", "en"), english)


def test_dangling_symlink_is_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "预算.docx"
    path.symlink_to(tmp_path / "已删除.docx")
    assert_refused(audit(path), f"{path}：文件不存在，请检查路径")


def test_symlink_loop_inside_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "报送"
    folder.mkdir()
    (folder / "预算.txt").write_text(TEXT, encoding="utf-8")
    (folder / "回环").symlink_to(folder)
    run = audit(folder)
    assert_bounded(run)
    assert run.exit_code in (0, 1), run.output
    assert run.stdout.count(f"{folder / '预算.txt'}  [txt] 已审核") == 1
    assert "回环" not in run.output  # no file was reached through the loop


# --- encrypted OOXML -----------------------------------------------------------------------------

ENCRYPTED = "{path}：文件已加密或设有打开密码，请去除密码后再审核"


def test_password_protected_docx_as_office_writes_it(tmp_path: Path) -> None:
    pytest.importorskip("msoffcrypto", reason="msoffcrypto-tool encrypts as Office does")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = build.docx(tmp_path, "plain.docx", build.paragraphs_document(3))
    path = tmp_path / "预算.docx"
    with open(plain, "rb") as source, open(path, "wb") as out:
        OOXMLFile(source).encrypt("123456", out)
    assert_refused(audit(path), ENCRYPTED.format(path=path))


def test_docx_with_zip_encrypted_members(tmp_path: Path) -> None:
    path = build.set_encrypted_flag(build.docx(tmp_path, "预算.docx", build.paragraphs_document(3)))
    assert_refused(audit(path), ENCRYPTED.format(path=path))
