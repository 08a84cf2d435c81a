"""Parsers: turn a file into a `Document`, choosing the parser by the file's content."""

from __future__ import annotations

from budgetcheck.errors import InputError
from budgetcheck.model import Document
from budgetcheck.parsers.container import DEFAULT_LIMITS, Limits
from budgetcheck.parsers.sniff import misnamed_suffix, sniff

__all__ = ["load", "sniff", "Limits", "InputError"]


def load(path: str, limits: Limits = DEFAULT_LIMITS, data: bytes | None = None) -> Document:
    """Read any supported file into a Document, or raise InputError saying why not.

    With `data`, the content comes from memory (an archive member) and `path` is only the name
    that messages and locations show, e.g. "报送材料.zip!/教育局/说明.docx"; nothing is read from disk.
    """
    fmt = sniff(path, data)
    document = _parse(path, fmt, limits, data)
    document.misnamed_as = misnamed_suffix(path, fmt)
    return document


def _parse(path: str, fmt: str, limits: Limits, data: bytes | None) -> Document:
    if fmt == "docx":
        from budgetcheck.parsers.docx import parse_docx

        return parse_docx(path, limits, data)
    if fmt == "xlsx":
        from budgetcheck.parsers.xlsx import parse_xlsx

        return parse_xlsx(path, limits, data)
    if fmt == "xls":
        from budgetcheck.parsers.xls import parse_xls

        return parse_xls(path, limits, data)
    if fmt == "txt":
        from budgetcheck.parsers.txt import parse_txt

        return parse_txt(path, limits, data)
    if fmt == "pdf":
        try:
            from budgetcheck.parsers.pdf import parse_pdf
        except ImportError:
            raise InputError("pdf_not_supported", path) from None
        return parse_pdf(path, limits, data)
    raise InputError("unsupported", path, fmt)
