"""Safe access to the containers documents come in: zip archives and the XML inside them.

Disclosures arrive from thousands of websites, so every archive is checked before it is
read (member count, declared sizes, compression ratio) and every member is streamed with
a cap, never inflated whole; every XML parser refuses DTDs, entities and network access.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Iterator

from lxml import etree

from budgetcheck.errors import InputError


@dataclass(frozen=True)
class Limits:
    """Safety limits; the defaults pass every real disclosure seen with a wide margin."""

    max_members: int = 10_000
    max_member_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 256 * 1024 * 1024
    max_ratio: int = 200  # compression ratio allowed for members larger than ratio_floor_bytes
    ratio_floor_bytes: int = 1024 * 1024
    max_pages: int = 2_000  # PDF
    max_pdf_chars: int = 500_000  # characters of a PDF's text layer, all pages together
    max_pdf_page_objects: int = 20_000  # text runs, paths and images drawn on one PDF page
    max_xls_bytes: int = 16 * 1024 * 1024  # xlrd holds a whole XLS in memory, about 20 bytes per byte of file
    max_cells: int = 200_000  # per XLSX/XLS workbook, all sheets: cells written, filled or only formatted
    max_text_bytes: int = 64 * 1024 * 1024  # TXT


DEFAULT_LIMITS = Limits()

# Compression methods Python's zipfile inflates; 99 is WinZip's AES encryption.
_READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_AES = 99


def open_zip(path: str, limits: Limits = DEFAULT_LIMITS, data: bytes | None = None) -> zipfile.ZipFile:
    """Open an archive (from disk, or from `data` in memory) after checking its central directory against `limits`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if data is not None else path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError("corrupt", path, "bad_zip") from exc
    except NotImplementedError as exc:  # a member needs a newer ZIP version than zipfile reads
        raise InputError("corrupt", path, "zip_version") from exc
    try:
        check_archive(archive, path, limits)
    except InputError:
        archive.close()
        raise
    return archive


def check_archive(archive: zipfile.ZipFile, path: str, limits: Limits = DEFAULT_LIMITS) -> None:
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise InputError("too_large", path, f"{len(members)} members > {limits.max_members}")
    total = 0
    for info in members:
        if info.flag_bits & 0x1 or info.compress_type == _AES:
            raise InputError("encrypted", path)
        if info.compress_type not in _READABLE_METHODS:  # Deflate64 from some Windows zippers, or damage
            raise InputError("corrupt", path, "zip_method")
        if info.file_size > limits.max_member_bytes:
            raise InputError("too_large", path, f"{info.filename}: {info.file_size} bytes > {limits.max_member_bytes}")
        if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise InputError("too_large", path, f"{info.filename}: ratio > {limits.max_ratio}:1")
        total += info.file_size
    if total > limits.max_total_bytes:
        raise InputError("too_large", path, f"{total} bytes > {limits.max_total_bytes}")


def read_member(archive: zipfile.ZipFile, name: str, path: str) -> bytes:
    """Read a small member whole.  The stream stops at the checked, declared size."""
    with member_stream(archive, name, path) as stream:
        return stream.read()


class _Guarded(io.RawIOBase):
    """A member stream that turns zip and zlib failures into InputError."""

    def __init__(self, raw: IO[bytes], path: str) -> None:
        self._raw = raw
        self._path = path

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        try:
            data = self._raw.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise InputError("corrupt", self._path, "bad_zip") from exc
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


def member_stream(archive: zipfile.ZipFile, name: str, path: str) -> IO[bytes]:
    try:
        raw = archive.open(name)
    except KeyError as exc:
        raise InputError("corrupt", path, "missing_part") from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError("corrupt", path, "bad_zip") from exc
    except (NotImplementedError, RuntimeError) as exc:  # a method the local header names, not the directory
        raise InputError("corrupt", path, "zip_method") from exc
    return io.BufferedReader(_Guarded(raw, path))


# Real OOXML never carries a DTD; refusing one outright also refuses every entity trick.
def _parser_options() -> dict[str, object]:
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def _refuse_doctype(stream: IO[bytes], path: str) -> IO[bytes]:
    head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
    if b"<!DOCTYPE" in head.upper():
        raise InputError("unsafe_xml", path, "doctype")
    return stream


def parse_xml(data: bytes, path: str) -> etree._Element:
    """Parse a small XML part with the hardened parser."""
    if b"<!DOCTYPE" in data[:4096].upper():
        raise InputError("unsafe_xml", path, "doctype")
    parser = etree.XMLParser(**_parser_options())  # type: ignore[arg-type]
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError("corrupt", path, "bad_xml") from exc
    _refuse_parsed_doctype(root, path)
    return root


def iterparse(
    stream: IO[bytes], path: str, events: tuple[str, ...] = ("start", "end"), tag: object = None
) -> Iterator[tuple[str, etree._Element]]:
    """Stream-parse an XML member with the hardened parser, mapping failures to InputError."""
    _refuse_doctype(stream, path)
    try:
        items = iter(etree.iterparse(stream, events=events, tag=tag, **_parser_options()))  # type: ignore[call-overload]
        first = next(items, None)
        if first is None:
            return
        _refuse_parsed_doctype(first[1], path)
        yield first
        yield from items
    except etree.XMLSyntaxError as exc:
        raise InputError("corrupt", path, "bad_xml") from exc


def _refuse_parsed_doctype(element: etree._Element, path: str) -> None:
    """The head sniff misses a DOCTYPE behind a long comment; the parsed tree does not."""
    if element.getroottree().docinfo.doctype:
        raise InputError("unsafe_xml", path, "doctype")
