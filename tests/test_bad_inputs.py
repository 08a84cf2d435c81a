"""Bad inputs through the CLI: one line naming the file and the cause, exit code 2, no traceback.

Every file is built here at test time; compound (OLE) files with a tiny writer below, so no
binary sample is committed.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app

runner = CliRunner()

SUPPORTED = "请另存为 DOCX、XLSX、XLS、PDF 或 TXT"


def audit(path: Path, *options: str):
    result = runner.invoke(app, ["audit", str(path), *options])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def assert_refused(path: Path, message: str, *options: str) -> None:
    result = audit(path, *options)
    assert result.exit_code == 2
    assert result.output.strip() == message
    assert len(result.output.strip().splitlines()) == 1


# --- a minimal compound file (OLE2 / CFB v3) writer ----------------------------------------------

FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SECTOR = 512


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding `streams` at its root, as Word, Excel and WPS write them.

    Streams are padded to 4096 bytes so that none lives in the mini stream, which keeps the
    writer short: one FAT chain per stream, a flat directory sorted as the format requires.
    """
    names = sorted(streams, key=lambda name: (len(name), name.upper()))
    datas = [streams[name].ljust(4096, b"\0") for name in names]
    datas = [data.ljust(-(-len(data) // SECTOR) * SECTOR, b"\0") for data in datas]
    entries = 1 + len(names)
    dir_sectors = -(-entries * 128 // SECTOR)
    data_sectors = sum(len(data) // SECTOR for data in datas)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + dir_sectors + data_sectors:
        fat_sectors += 1
    assert fat_sectors <= 109, "too large for a header-only DIFAT"

    fat: list[int] = [FAT_SECTOR] * fat_sectors
    dir_start = len(fat)
    fat += [dir_start + i + 1 for i in range(dir_sectors - 1)] + [END_OF_CHAIN]
    starts = []
    for data in datas:
        start, count = len(fat), len(data) // SECTOR
        starts.append(start)
        fat += [start + i + 1 for i in range(count - 1)] + [END_OF_CHAIN]
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, NO_STREAM, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1 if names else NO_STREAM, NO_STREAM, END_OF_CHAIN, 0)
    for index, (name, data, start) in enumerate(zip(names, datas, starts)):
        right = index + 2 if index + 1 < len(names) else NO_STREAM  # a right-leaning chain, in sort order
        directory += entry(name, 2, NO_STREAM, right, start, len(data))
    empty = (b"\0" * 64 + struct.pack("<HBBIII", 0, 0, 0, NO_STREAM, NO_STREAM, NO_STREAM)).ljust(128, b"\0")
    directory += empty * (dir_sectors * SECTOR // 128 - entries)

    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, fat_sectors, dir_start, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
        + struct.pack("<109I", *difat)
    )
    assert len(header) == SECTOR
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(datas)


def test_compound_file_writer_is_readable(tmp_path: Path) -> None:
    import olefile

    path = tmp_path / "x.bin"
    path.write_bytes(compound_file({"WordDocument": b"abc", "1Table": b"t" * 5000}))
    with olefile.OleFileIO(str(path)) as ole:
        assert sorted("/".join(e) for e in ole.listdir()) == ["1Table", "WordDocument"]
        assert ole.openstream("WordDocument").read()[:3] == b"abc"
        assert ole.get_size("1Table") == 5120


# --- files that are not there or are nothing -----------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "2020年部门预算公开.docx"
    assert_refused(path, f"{path}：文件不存在，请检查路径")


def test_missing_file_in_english(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    assert_refused(path, f"{path}: no such file; check the path", "--lang", "en")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "部门预算.xlsx"
    path.write_bytes(b"")
    assert_refused(path, f"{path}：文件为空（0 字节），请重新导出")


def test_folder_without_documents(tmp_path: Path) -> None:
    folder = tmp_path / "报送材料"
    folder.mkdir()
    (folder / "照片.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not a document: folders are searched by type
    assert_refused(folder, f"{folder}：文件夹中没有可审核的文件（DOCX、XLSX、XLS、PDF、TXT 或 ZIP）")


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "好.xlsx"
    openpyxl.Workbook().save(good)
    missing = tmp_path / "缺.xlsx"
    result = runner.invoke(app, ["audit", str(missing), str(good), "--ignore", "disclosure"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{missing}：文件不存在，请检查路径",
        f"{good}  [xlsx] 已审核",
        # T401 says why the table set is not checked: the workbook holds no standard table.
        "  核对 1 项：通过 0，不符 0，容差内 0，不适用 1，数据不足 0；数字表述已核对 0/0",
        "共 2 个文件：错误 0 条，警告 0 条，无法读取 1 个",
    ]


# --- unsupported types ----------------------------------------------------------------------------


def test_word_97_doc(tmp_path: Path) -> None:
    path = tmp_path / "部门预算.doc"
    path.write_bytes(compound_file({"WordDocument": b"\xec\xa5\xc1\x00", "1Table": b"", "\x05SummaryInformation": b""}))
    assert_refused(path, f"{path}：不支持的文件类型（Word 97-2003 .doc 格式），{SUPPORTED}")


def test_doc_saved_with_a_docx_name(tmp_path: Path) -> None:
    path = tmp_path / "部门预算.docx"
    path.write_bytes(compound_file({"WordDocument": b"\xec\xa5\xc1\x00", "1Table": b""}))
    assert_refused(path, f"{path}：不支持的文件类型（Word 97-2003 .doc 格式），{SUPPORTED}")


def test_wps_writer_file(tmp_path: Path) -> None:
    path = tmp_path / "部门预算.wps"
    path.write_bytes(compound_file({"WordDocument": b"\xec\xa5\xc1\x00", "1Table": b""}))
    assert_refused(path, f"{path}：不支持的文件类型（WPS 文字 .wps 格式），{SUPPORTED}")


def test_png_image(tmp_path: Path) -> None:
    path = tmp_path / "扫描件.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + bytes(17))
    assert_refused(path, f"{path}：不支持的文件类型（图片文件），{SUPPORTED}")


def test_image_named_docx_in_english(tmp_path: Path) -> None:
    path = tmp_path / "scan.docx"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64))
    assert_refused(path, f"{path}: unsupported file type (image file); save it as DOCX, XLSX, XLS, PDF or TXT", "--lang", "en")


def test_zip_without_documents(tmp_path: Path) -> None:
    path = tmp_path / "附件.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("照片.png", b"\x89PNG\r\n\x1a\n")
    assert_refused(path, f"{path}：压缩包中没有可审核的文件（DOCX、XLSX、XLS、PDF、TXT 或 ZIP）")


def test_plain_zip_named_docx_is_not_opened_as_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "附件.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("说明.txt", "预算公开材料")
    assert_refused(path, f"{path}：不支持的文件类型（普通 ZIP 压缩包），{SUPPORTED}")


# --- damaged files ----------------------------------------------------------------------------------


def test_corrupt_zip(tmp_path: Path) -> None:
    path = tmp_path / "部门预算.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    assert_refused(path, f"{path}：文件已损坏或不完整（ZIP 结构损坏），请重新导出")


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("2020年部门预算公开", 0)
    for number in range(40):
        document.add_paragraph(f"第{number}段：支出预算2999.85万元，其中基本支出1251.46万元。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    for row in range(1, 200):
        workbook.active.append([f"项目{row}", row * 1.5, "单位：万元"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_truncated_docx(tmp_path: Path) -> None:
    data = docx_bytes()
    path = tmp_path / "部门预算.docx"
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, f"{path}：文件已损坏或不完整（ZIP 结构损坏），请重新导出")


def test_truncated_xlsx(tmp_path: Path) -> None:
    data = xlsx_bytes()
    path = tmp_path / "部门预算.xlsx"
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, f"{path}：文件已损坏或不完整（ZIP 结构损坏），请重新导出")


def test_damaged_sheet_inside_a_sound_zip(tmp_path: Path) -> None:
    """The central directory is intact but the sheet's compressed bytes are not."""
    source = io.BytesIO(xlsx_bytes())
    path = tmp_path / "部门预算.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            copy.writestr(info, original.read(info.filename))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 20, start + info.compress_size - 20, 7):
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    assert_refused(path, f"{path}：文件已损坏或不完整（ZIP 结构损坏），请重新导出")


def test_damaged_xls(tmp_path: Path) -> None:
    path = tmp_path / "单位预算.xls"
    path.write_bytes(compound_file({"Workbook": b"\x09\x08\x10\x00\x00\x06\x05\x00" + b"\xff" * 64}))
    assert_refused(path, f"{path}：文件已损坏或不完整（XLS 记录损坏），请重新导出")


# --- encrypted files ----------------------------------------------------------------------------------

ENCRYPTED = "：文件已加密或设有打开密码，请去除密码后再审核"


@pytest.mark.parametrize("name", ["部门预算.docx", "部门预算.xlsx"])
def test_password_protected_ooxml(tmp_path: Path, name: str) -> None:
    """Office encrypts a .docx/.xlsx into a compound file holding EncryptionInfo and EncryptedPackage."""
    path = tmp_path / name
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    path.write_bytes(compound_file({"EncryptionInfo": info, "EncryptedPackage": struct.pack("<Q", 4096) + bytes(4096)}))
    assert_refused(path, f"{path}{ENCRYPTED}")


def test_password_protected_xlsx_made_by_msoffcrypto(tmp_path: Path) -> None:
    msoffcrypto = pytest.importorskip("msoffcrypto", reason="msoffcrypto-tool encrypts as Office does")
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(xlsx_bytes())
    path = tmp_path / "加密.xlsx"
    with open(path, "wb") as out:
        OOXMLFile(plain).encrypt("123456", out)
    assert msoffcrypto.olefile.isOleFile(str(path))
    assert_refused(path, f"{path}{ENCRYPTED}")


def test_password_protected_xls(tmp_path: Path) -> None:
    """BIFF8 marks a password with a FILEPASS record right after the workbook's BOF."""
    workbook = b"\x09\x08\x10\x00\x00\x06\x05\x00" + bytes(12) + b"\x2f\x00\x06\x00\x01\x00\x01\x00\x00\x00"
    path = tmp_path / "单位预算.xls"
    path.write_bytes(compound_file({"Workbook": workbook}))
    assert_refused(path, f"{path}{ENCRYPTED}")


# --- read by content, whatever the name says -----------------------------------------------------------


def test_xlsx_that_is_really_xls(real_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "单位预算.xlsx"
    path.write_bytes((real_dir / "上海市普陀区2026年区级单位预算_空白模板.xls").read_bytes())
    result = audit(path, "--fail-on", "never")  # a blank template is full of placeholders (C201)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"{path}  [xls] 已审核"
    assert result.stderr.strip() == f"{path}：扩展名为 .xlsx，但内容是 Excel 97-2003 工作簿（XLS），已按 XLS 读取"


def test_xls_that_is_really_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "部门预算.xls"
    path.write_bytes(xlsx_bytes())
    result = audit(path)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"{path}  [xlsx] 已审核"
    assert result.stderr.strip() == f"{path}：扩展名为 .xls，但内容是 Excel 工作簿（XLSX），已按 XLSX 读取"


def test_xlsx_that_is_really_xls_extracted_as_json(real_dir: Path, tmp_path: Path) -> None:
    import json

    path = tmp_path / "单位预算.xlsx"
    path.write_bytes((real_dir / "上海市普陀区2026年区级单位预算_空白模板.xls").read_bytes())
    result = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["format"] == "xls"
    assert payload["blocks"][0]["title"] == "封面"
    assert payload["blocks"][0]["rows"][0][0] == {
        "text": "上海市普陀区2026年区级单位预算",
        "row": 3,
        "column": 1,
        "row_span": 1,
        "col_span": 13,
        "cell": "A3",
    }


# --- text -----------------------------------------------------------------------------------------------


def test_undecodable_text(tmp_path: Path) -> None:
    path = tmp_path / "部门预算.txt"
    path.write_bytes(b"abc\xff\xfe\x80" * 30)
    assert_refused(path, f"{path}：无法识别文本编码（既不是 UTF-8/UTF-16 也不是 GB18030/GBK），请另存为 UTF-8 或 GBK 文本")
