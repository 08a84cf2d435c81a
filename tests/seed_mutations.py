"""Copies of the seed samples with one number changed, for tests that break one relation each."""

from __future__ import annotations

import zipfile
from pathlib import Path

from conftest import SEED_DOCX, SEED_TXT


def mutated_txt(tmp_path: Path, old: str, new: str, name: str = "seed.txt") -> Path:
    text = SEED_TXT.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in the seed"
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def mutated_txt_cell(tmp_path: Path, row_label: str, position: int, old: str, new: str) -> Path:
    """Change the cell at `position` (1-based) of the table row that starts with `row_label`."""
    lines = SEED_TXT.read_text(encoding="utf-8").split("\n")
    start = lines.index("\t" + row_label)
    target = start + position - 1
    assert lines[target] == "\t" + old, lines[target]
    lines[target] = "\t" + new
    path = tmp_path / "seed.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def mutated_docx(tmp_path: Path, old: str, new: str) -> Path:
    """The seed DOCX with one text run changed in word/document.xml."""
    path = tmp_path / "seed.docx"
    with zipfile.ZipFile(SEED_DOCX) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                assert xml.count(old) == 1, f"{old!r} must occur exactly once in document.xml"
                data = xml.replace(old, new).encode("utf-8")
            target.writestr(info, data)
    return path
