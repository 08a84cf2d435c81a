"""Tell a file's real format from its content, not its name.

Government sites serve .doc saved as .docx, HTML saved as .xls and .xls saved as .xlsx; the
suffix is only a hint for naming the unsupported cases.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from pathlib import Path

from budgetcheck.errors import InputError
from budgetcheck.messages import os_error_detail

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGICS = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")


def sniff(path: str, data: bytes | None = None) -> str:
    """Return "docx", "xlsx", "xls", "pdf" or "txt", or raise InputError saying why not.

    With `data` the content is in memory and `path` only names it (its suffix is still a hint).
    """
    p = Path(path)
    if data is not None:
        size, head = len(data), data[:2048]
    else:
        size, head = _read_head(path)
    if size == 0:
        raise InputError("empty", path)
    suffix = p.suffix.lower()
    content: str | io.BytesIO = io.BytesIO(data) if data is not None else path

    if head.startswith(b"PK"):
        return _sniff_zip(path, suffix, content)
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(path, suffix, data if data is not None else path)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_IMAGE_MAGICS):
        raise InputError("unsupported", path, "image")
    if head.lstrip().startswith(b"{\\rtf"):
        raise InputError("unsupported", path, "RTF")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table", b"<head")):
        raise InputError("unsupported", path, "html")
    if suffix in (".docx", ".xlsx", ".xls", ".doc", ".wps", ".et", ".pdf") and _looks_binary(head):
        raise InputError("corrupt", path, suffix.lstrip("."))
    if _looks_binary(head):
        raise InputError("unsupported", path, "binary")
    return "txt"


# What a suffix promises.  .doc/.wps/.et promise formats budgetcheck does not read, so a file with one
# of them that reads at all is misnamed; a suffix not listed (.csv, none) promises nothing.
_SUFFIX_FORMATS = {
    ".docx": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".pdf": "pdf", ".txt": "txt",
    ".doc": "doc", ".wps": "wps", ".et": "et",
}


def misnamed_suffix(path: str, fmt: str) -> str | None:
    """The file's suffix when it names another format than the content has, else None."""
    suffix = Path(path).suffix.lower()
    promised = _SUFFIX_FORMATS.get(suffix)
    return Path(path).suffix if promised is not None and promised != fmt else None


def _read_head(path: str) -> tuple[int, bytes]:
    p = Path(path)
    try:
        status = p.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # links that point at each other: it exists, but leads nowhere
            raise InputError("symlink_loop", path) from exc
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise InputError("missing", path) from exc
        raise InputError("not_readable", path, os_error_detail(exc)) from exc
    if stat.S_ISDIR(status.st_mode):
        raise InputError("is_directory", path)
    try:
        with open(p, "rb") as handle:
            return status.st_size, handle.read(2048)
    except OSError as exc:
        raise InputError("not_readable", path, os_error_detail(exc)) from exc


def _looks_binary(head: bytes) -> bool:
    """Control bytes that no text encoding we read would produce (UTF-16 has a BOM)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32 and byte != 27)
    return controls > max(2, len(head) // 100)


def _sniff_zip(path: str, suffix: str, content: "str | io.BytesIO") -> str:
    try:
        with zipfile.ZipFile(content) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise InputError("corrupt", path, "bad_zip") from exc
    except NotImplementedError as exc:  # a member needs a newer ZIP version than zipfile reads
        raise InputError("corrupt", path, "zip_version") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(name.startswith("word/") for name in names) or any(name.startswith("xl/") for name in names):
        raise InputError("corrupt", path, "missing_part")
    if "content.xml" in names and "mimetype" in names:
        raise InputError("unsupported", path, "OpenDocument (ODT/ODS)")
    raise InputError("unsupported", path, "zip")


def _sniff_ole(path: str, suffix: str, content: "str | bytes") -> str:
    import olefile

    try:
        with olefile.OleFileIO(content) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=True)}
    # RecursionError: a directory entry listed as its own child sends olefile round in circles.
    except (OSError, ValueError, IndexError, EOFError, RecursionError) as exc:
        raise InputError("corrupt", path, "ole") from exc
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        raise InputError("encrypted", path)
    if "Workbook" in streams or "Book" in streams:
        return "xls"
    if "WordDocument" in streams:
        raise InputError("unsupported", path, "wps" if suffix == ".wps" else "doc")
    raise InputError("unsupported", path, "ole")


def file_size(path: str) -> int:
    return os.path.getsize(path)
