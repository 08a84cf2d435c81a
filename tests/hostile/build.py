"""Hostile files, built at test time so no binary sample is committed.

Each builder writes into a folder the test gives it and returns the path.  Large members are
streamed through zipfile in chunks, so building a 300 MB bomb costs the test a few megabytes.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

DOCUMENT = "word/document.xml"
SHEET = "xl/worksheets/sheet1.xml"
MB = 1024 * 1024

PARAGRAPH = f'<w:p><w:r><w:t>一般公共预算支出合计1234.56万元</w:t></w:r></w:p>'.encode()
DOCUMENT_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>'.encode()
DOCUMENT_TAIL = b"</w:body></w:document>"
ROW = b'<row><c t="inlineStr"><is><t>0</t></is></c></row>'
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{S_NS}"><sheetData>'.encode()
SHEET_TAIL = b"</sheetData></worksheet>"

_XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{S_NS}" xmlns:r="{R_NS}">'
        '<sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
        ' Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
_DOCX_PARTS = {
    "[Content_Types].xml": _XLSX_PARTS["[Content_Types].xml"],
}


def _write_package(
    path: Path, parts: dict[str, str | bytes], big: tuple[str, bytes, bytes, bytes, int] | None = None, compression: int = zipfile.ZIP_DEFLATED
) -> Path:
    """Write a zip package; `big` = (name, head, repeated unit, tail, total size) is streamed."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        if big is not None:
            name, head, unit, tail, size = big
            chunk = unit * (MB // len(unit))
            with archive.open(name, "w") as stream:
                stream.write(head)
                left = size - len(head) - len(tail)
                while left > 0:
                    piece = chunk[: min(left, len(chunk))]
                    stream.write(piece)
                    left -= len(piece)
                stream.write(tail)
    return path


def docx(folder: Path, name: str, document_xml: bytes, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    return _write_package(folder / name, {**_DOCX_PARTS, DOCUMENT: document_xml}, compression=compression)


def xlsx(folder: Path, name: str, sheet_xml: bytes, extra: dict[str, bytes] | None = None) -> Path:
    return _write_package(folder / name, {**_XLSX_PARTS, SHEET: sheet_xml, **(extra or {})})


def paragraphs_document(count: int) -> bytes:
    return DOCUMENT_HEAD + PARAGRAPH * count + DOCUMENT_TAIL


def docx_bomb(folder: Path, name: str, size: int) -> Path:
    """A DOCX whose document.xml is `size` bytes of well-formed paragraphs, honestly declared."""
    return _write_package(folder / name, dict(_DOCX_PARTS), (DOCUMENT, DOCUMENT_HEAD, PARAGRAPH, DOCUMENT_TAIL, size))


def xlsx_bomb(folder: Path, name: str, size: int) -> Path:
    """An XLSX whose sheet is `size` bytes of well-formed rows, honestly declared."""
    return _write_package(folder / name, dict(_XLSX_PARTS), (SHEET, SHEET_HEAD, ROW, SHEET_TAIL, size))


def many_members(folder: Path, name: str, count: int) -> Path:
    """A DOCX with `count` tiny members: a central directory that is itself the attack."""
    with zipfile.ZipFile(folder / name, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(DOCUMENT, paragraphs_document(1))
        for index in range(count - 1):
            archive.writestr(f"word/media/{index}.bin", b"")
    return folder / name


def lie_about_size(path: Path, member: str, declared: int, crc_of_prefix: bool) -> Path:
    """Patch `member`'s uncompressed size in its local header and the central directory.

    With `crc_of_prefix` the CRC is also set to that of the first `declared` bytes, so nothing
    but a reader that stops at the declared size can keep the real content out.
    """
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
        with archive.open(member) as stream:
            prefix = stream.read(declared)
    crc = zlib.crc32(prefix) if crc_of_prefix else info.CRC
    local = info.header_offset
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 14, crc)
    struct.pack_into("<I", data, local + 22, declared)
    end = data.rfind(b"PK\x05\x06")
    entries, _, directory = struct.unpack_from("<HII", data, end + 10)
    offset = directory
    for _ in range(entries):
        assert data[offset : offset + 4] == b"PK\x01\x02"
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        name = bytes(data[offset + 46 : offset + 46 + name_len]).decode("utf-8")
        if name == member:
            struct.pack_into("<I", data, offset + 16, crc)
            struct.pack_into("<I", data, offset + 24, declared)
        offset += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))
    return path


def billion_laughs() -> bytes:
    lines = ['<!ENTITY lol0 "哈哈哈哈哈哈哈哈哈哈">']
    lines += [f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
    return _with_doctype("\n".join(lines), "&lol9;")


def external_entity(system_id: str) -> bytes:
    return _with_doctype(f'<!ENTITY leak SYSTEM "{system_id}">', "&leak;")


def external_dtd(system_id: str) -> bytes:
    """A DOCTYPE that names an external DTD: a parser that loads DTDs would fetch it."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document SYSTEM "{system_id}">\n'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>一般公共预算</w:t></w:r></w:p></w:body></w:document>'
    ).encode()


def _with_doctype(subset: str, text: str, padding: int = 0) -> bytes:
    # A long comment before the DOCTYPE is legal XML; it pushes the declaration past a short sniff.
    comment = f"<!--{'x' * padding}-->\n" if padding else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{comment}<!DOCTYPE w:document [\n{subset}\n]>\n'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'
    ).encode()


def hidden_external_entity(system_id: str) -> bytes:
    return _with_doctype(f'<!ENTITY leak SYSTEM "{system_id}">', "&leak;", padding=8192)


def hidden_billion_laughs() -> bytes:
    lines = ['<!ENTITY lol0 "哈哈哈哈哈哈哈哈哈哈">']
    lines += [f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
    return _with_doctype("\n".join(lines), "&lol9;", padding=8192)


def deep_nesting(depth: int) -> bytes:
    return DOCUMENT_HEAD + b"<w:p>" + b"<w:r>" * depth + b"</w:r>" * depth + b"</w:p>" + DOCUMENT_TAIL


def nested_tables(depth: int) -> bytes:
    """Tables inside cells inside tables: each level is three elements deep."""
    opening = b"<w:tbl><w:tr><w:tc>" * depth
    closing = b"<w:p/></w:tc></w:tr></w:tbl>" * depth
    return DOCUMENT_HEAD + opening + PARAGRAPH + closing + DOCUMENT_TAIL


def truncated(source: Path, folder: Path, name: str, keep: float) -> Path:
    data = source.read_bytes()
    target = folder / name
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def damaged_member(source: Path, folder: Path, name: str, member: str) -> Path:
    """Overwrite the middle of one member's compressed data: the central directory still reads."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(member)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    middle = start + info.compress_size // 2
    data[middle : middle + 64] = bytes(range(64))
    target = folder / name
    target.write_bytes(bytes(data))
    return target


OLE_HEADER = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHHIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 0, 1, 0, 0, 0x1000, 0xFFFFFFFE, 0, 0xFFFFFFFE)
)


def ole_garbage(folder: Path, name: str, size: int, seed: int) -> Path:
    """A valid-looking compound file header followed by random sectors."""
    import random

    header = OLE_HEADER + struct.pack("<I", 0) + b"\xff" * (512 - len(OLE_HEADER) - 4)
    target = folder / name
    target.write_bytes(header + random.Random(seed).randbytes(size - len(header)))
    return target


def pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies, with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def _page_objects(content: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]


def scanned_pdf() -> bytes:
    """One page with only drawing on it: what a scan looks like to a text extractor."""
    return pdf(_page_objects(b"0 0 0 rg 50 50 200 100 re f"))


def encrypted_pdf() -> bytes:
    """A PDF whose trailer names a standard security handler with an unknown password."""
    objects = _page_objects(b"0 0 0 rg 50 50 200 100 re f") + [
        b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 "
        b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
    ]
    return pdf(objects, b"/Encrypt 5 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ")


def broken_pdf() -> bytes:
    """A PDF header, then an xref that points nowhere and objects that never close."""
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n" + b"\x00\xff" * 2000 + b"\nstartxref\n999999\n%%EOF\n"


def xlsx_with_shared_strings(folder: Path, name: str, sheet_xml: bytes, strings_xml: bytes) -> Path:
    rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
        ' Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
        ' Target="sharedStrings.xml"/></Relationships>'
    ).encode()
    return xlsx(folder, name, sheet_xml, {"xl/_rels/workbook.xml.rels": rels, "xl/sharedStrings.xml": strings_xml})


def xls_workbook() -> bytes:
    """A small XLS as Excel 97-2003 writes it (BIFF8 in a compound file), built with xlwt."""
    import io

    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("表1")
    for row in range(50):
        sheet.write(row, 0, f"项目{row}")
        for column in range(1, 5):
            sheet.write(row, column, row * column + 0.5)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls_with_garbage_records(folder: Path, name: str, seed: int) -> Path:
    """The compound file stays intact; the BIFF records after the workbook's BOF are random."""
    import random

    data = bytearray(xls_workbook())
    bof = data.find(b"\x09\x08\x10\x00\x00\x06")
    assert bof > 0
    data[bof + 20 : bof + 2000] = random.Random(seed).randbytes(1980)
    target = folder / name
    target.write_bytes(bytes(data))
    return target


def set_encrypted_flag(path: Path) -> Path:
    """Mark every member as ZipCrypto-encrypted, as a zip tool's "password" option does."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offsets = [info.header_offset for info in archive.infolist()]
    for offset in offsets:
        data[offset + 6] |= 0x1
    end = data.rfind(b"PK\x05\x06")
    entries, _, directory = struct.unpack_from("<HII", data, end + 10)
    offset = directory
    for _ in range(entries):
        data[offset + 8] |= 0x1
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        offset += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))
    return path


def text_pdf() -> bytes:
    """One page of text under a ruled two-by-two grid: enough to reach the text and the table readers."""
    grid = b"0.5 w 50 700 m 550 700 l S 50 650 m 550 650 l S 50 600 m 550 600 l S 50 600 m 50 700 l S 300 600 m 300 700 l S 550 600 m 550 700 l S"
    text = (
        b"BT /F1 16 Tf 50 780 Td (Budget 2020) Tj ET "
        b"BT /F1 10 Tf 50 750 Td (Total 2999.85, basic 1251.46, projects 1748.39.) Tj ET "
        b"BT /F1 10 Tf 60 670 Td (Item) Tj ET BT /F1 10 Tf 310 670 Td (Amount) Tj ET "
        b"BT /F1 10 Tf 60 620 Td (Total) Tj ET BT /F1 10 Tf 310 620 Td (2999.85) Tj ET"
    )
    content = grid + b"\n" + text
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def xls_with_directory_cycle(folder: Path, name: str) -> Path:
    """An XLS whose root directory entry is a plain storage listing itself as its own child."""
    data = bytearray(xls_workbook())
    sector_size = 1 << struct.unpack_from("<H", data, 30)[0]
    root = (struct.unpack_from("<I", data, 48)[0] + 1) * sector_size  # the first directory sector
    assert data[root : root + 20].decode("utf-16-le") == "Root Entry"
    data[root + 66] = 1  # storage, not root storage
    struct.pack_into("<I", data, root + 76, 0)  # child: entry 0, itself
    target = folder / name
    target.write_bytes(bytes(data))
    return target


def many_pages_pdf(pages: int) -> bytes:
    """A PDF of `pages` pages sharing one content stream: a few bytes per page, so thousands cost little."""
    content = b"BT /F1 12 Tf 72 720 Td (Page) Tj ET"
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + index) for index in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"
    return pdf(objects + [page] * pages)


def set_compression_method(path: Path, member: str, method: int) -> Path:
    """Name another compression method for `member` in its local header and the central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(member).header_offset
    struct.pack_into("<H", data, local + 8, method)
    end = data.rfind(b"PK\x05\x06")
    entries, _, directory = struct.unpack_from("<HII", data, end + 10)
    offset = directory
    for _ in range(entries):
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        if bytes(data[offset + 46 : offset + 46 + name_len]).decode("utf-8") == member:
            struct.pack_into("<H", data, offset + 10, method)
        offset += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))
    return path


def glyph_bomb_pdf(lines: int, pages: int = 1, words: int = 1) -> bytes:
    """`pages` pages sharing one compressed content stream that draws `lines` lines of `words` × 8 glyphs.

    A few kilobytes of file for millions of characters: the deflated stream repeats one operator.
    """
    line = b"(" + b"1234.56 " * words + b") Tj 0 -1 Td "
    return _shared_stream_pdf(b"BT /F1 1 Tf 10 830 Td " + line * lines + b"ET", pages)


def drawing_bomb_pdf(rectangles: int) -> bytes:
    """One page with a line of text and `rectangles` stroked rectangles, from a few kilobytes of stream."""
    return _shared_stream_pdf(b"BT /F1 10 Tf 50 800 Td (Total 1.00) Tj ET " + b"0 0 1 1 re S " * rectangles, 1)


def _shared_stream_pdf(content: bytes, pages: int) -> bytes:
    stream = zlib.compress(content, 9)
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + index) for index in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"
    return pdf(objects + [page] * pages)


def set_extract_version(path: Path, version: int) -> Path:
    """Say in the central directory that every member needs ZIP version `version` (×10) to extract."""
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    entries, _, directory = struct.unpack_from("<HII", data, end + 10)
    offset = directory
    for _ in range(entries):
        struct.pack_into("<H", data, offset + 6, version)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        offset += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))
    return path


def xls_with_code_page(folder: Path, name: str, code_page: int) -> Path:
    """The xlwt workbook with its CODEPAGE record naming `code_page`."""
    data = bytearray(xls_workbook())
    record = data.find(b"\x42\x00\x02\x00")  # CODEPAGE, two bytes long
    assert record > 0
    struct.pack_into("<H", data, record + 4, code_page)
    target = folder / name
    target.write_bytes(bytes(data))
    return target
