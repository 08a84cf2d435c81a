"""--lang en: no Chinese in any report except text quoted from the documents themselves.

Every run of Chinese characters in the English output must occur in the inputs (a quoted paragraph,
a table's row label, a sheet name).  The same check on the Chinese report finds the report's own
words, which shows the check can fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from report_inputs import chinese_outside_source, run, seed_inputs, source_text

FORMATS = ("text", "json", "jsonl", "csv", "xlsx", "html", "md")


def report_text(path: Path, fmt: str) -> str:
    """Everything a reader of the file sees (for a workbook: sheet names, cell values and comments)."""
    if fmt != "xlsx":
        return path.read_text(encoding="utf-8-sig")
    workbook = load_workbook(path)
    texts = list(workbook.sheetnames)
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    texts.append(str(cell.value))
                if cell.comment is not None:
                    texts.append(cell.comment.text)
    return "\n".join(texts)


@pytest.mark.parametrize("fmt", FORMATS)
def test_english_report_has_no_chinese_of_its_own(tmp_path: Path, fmt: str) -> None:
    inputs = seed_inputs(tmp_path)
    source = source_text(*inputs)
    english, chinese = tmp_path / f"en.{fmt}", tmp_path / f"zh.{fmt}"
    assert run("audit", *inputs, "--format", fmt, "-o", english, "--lang", "en", "--verbose").exit_code == 1
    assert run("audit", *inputs, "--format", fmt, "-o", chinese, "--verbose").exit_code == 1
    assert chinese_outside_source(report_text(english, fmt), source) == []
    assert chinese_outside_source(report_text(chinese, fmt), source) != []


def test_english_messages_name_units_in_english(tmp_path: Path) -> None:
    inputs = seed_inputs(tmp_path)
    result = run("audit", inputs[0], "--lang", "en")
    assert result.output.splitlines()[1] == (
        "  error N101 [paragraph 18] total expenditure 2999.85 ten-thousand yuan is not the sum of the listed parts, "
        "3035.85 ten-thousand yuan (1251.46 + 1784.39 + 0.00); difference -36.00 ten-thousand yuan, tolerance 0.020 ten-thousand yuan"
    )


def test_english_annotations_have_no_chinese_of_their_own(tmp_path: Path) -> None:
    import docx

    inputs = seed_inputs(tmp_path)
    folder = tmp_path / "annotated"
    result = run("audit", *inputs, "--annotate", folder, "--lang", "en")
    assert result.exit_code == 1
    source = source_text(*inputs)
    comments = [comment.text for comment in docx.Document(str(folder / "seed.docx")).comments]
    assert comments and chinese_outside_source("\n".join(comments), source) == []
    assert chinese_outside_source(report_text(folder / "seed.xlsx", "xlsx"), source) == []
    assert chinese_outside_source(result.output, source) == []
