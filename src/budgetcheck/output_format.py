"""The format an output file's name asks for: `-o 报告.xlsx` without --format writes a workbook, not text
that Excel cannot open."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

# suffix -> format name; .txt is the text report (or extract's outline)
_BY_SUFFIX = {
    ".txt": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".md": "md",
}


def format_for_output(output: Path | None, formats: Collection[str]) -> str | None:
    """The format `output`'s suffix names, when the command has it; None (keep the default) otherwise."""
    if output is None:
        return None
    found = _BY_SUFFIX.get(output.suffix.lower())
    return found if found in formats else None


def format_not_offered(output: Path | None, formats: Collection[str]) -> str | None:
    """The format `output`'s suffix names when the command cannot write it (`extract -o 关键数据.xlsx`): the file
    would carry another format under that name, which its program cannot open."""
    if output is None:
        return None
    found = _BY_SUFFIX.get(output.suffix.lower())
    return found if found is not None and found not in formats else None
