"""A file whose name and content disagree is read as what it is, with a one-line notice on stderr.

Not an error: the audit goes on and the exit code is what the findings make it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from budgetcheck.cli import app
from conftest import SEED_DOCX, SEED_TXT, SEED_XLSX

runner = CliRunner()


def test_text_named_docx_is_audited_as_text_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "说明.docx"
    shutil.copy(SEED_TXT, path)
    result = runner.invoke(app, ["audit", str(path), "--quiet"])
    plain = runner.invoke(app, ["audit", str(SEED_TXT), "--quiet"])
    assert result.exit_code == plain.exit_code == 1  # the seed's findings, nothing more
    assert result.stderr.strip() == f"{path}：扩展名为 .docx，但内容是纯文本，已按文本读取"
    assert result.stdout == plain.stdout


def test_xlsx_named_xls_gets_a_notice_in_english(tmp_path: Path) -> None:
    path = tmp_path / "表格.xls"
    shutil.copy(SEED_XLSX, path)
    result = runner.invoke(app, ["extract", str(path), "--lang", "en"])
    assert result.exit_code == 0
    assert result.stderr.strip() == f"{path}: named .xls, but the content is an Excel workbook (XLSX); read as XLSX"
    assert '"format": "xlsx"' in result.stdout


def test_docx_named_doc_is_read_with_a_chinese_notice(tmp_path: Path) -> None:
    path = tmp_path / "说明.doc"
    shutil.copy(SEED_DOCX, path)
    result = runner.invoke(app, ["extract", str(path), "--format", "text"])
    assert result.exit_code == 0
    assert result.stderr.strip() == f"{path}：扩展名为 .doc，但内容是 Word 文档（DOCX），已按 DOCX 读取"


def test_matching_or_unknown_suffixes_say_nothing(tmp_path: Path) -> None:
    for name in ("说明.txt", "说明.csv", "说明"):
        path = tmp_path / name
        shutil.copy(SEED_TXT, path)
        result = runner.invoke(app, ["extract", str(path)])
        assert (result.exit_code, result.stderr) == (0, ""), name


def test_a_batch_names_each_misnamed_file(tmp_path: Path) -> None:
    folder = tmp_path / "报送"
    folder.mkdir()
    shutil.copy(SEED_TXT, folder / "甲.docx")
    shutil.copy(SEED_XLSX, folder / "乙.xls")
    result = runner.invoke(app, ["audit", str(folder), "--package-by", "file", "--jobs", "2", "--quiet", "--fail-on", "never"])
    assert result.exit_code == 0
    assert sorted(result.stderr.strip().splitlines()) == [
        f"{folder / '乙.xls'}：扩展名为 .xls，但内容是 Excel 工作簿（XLSX），已按 XLSX 读取",
        f"{folder / '甲.docx'}：扩展名为 .docx，但内容是纯文本，已按文本读取",
    ]


def test_the_json_report_carries_the_notice_with_the_document(tmp_path: Path) -> None:
    path = tmp_path / "说明.docx"
    shutil.copy(SEED_TXT, path)
    result = runner.invoke(app, ["audit", str(path), "--format", "json", "--select", "narrative"])
    document = json.loads(result.stdout)["documents"][0]
    assert document["format"] == "txt"
    assert document["notices"] == [f"{path}：扩展名为 .docx，但内容是纯文本，已按文本读取"]
    plain = json.loads(runner.invoke(app, ["audit", str(SEED_TXT), "--format", "json", "--select", "narrative"]).stdout)["documents"][0]
    assert "notices" not in plain


def test_a_batch_json_report_carries_each_notice(tmp_path: Path) -> None:
    folder = tmp_path / "报送"
    folder.mkdir()
    shutil.copy(SEED_TXT, folder / "甲.docx")
    shutil.copy(SEED_XLSX, folder / "乙.xls")
    result = runner.invoke(app, ["audit", str(folder), "--package-by", "file", "--jobs", "2", "--format", "json", "--fail-on", "never", "--select", "narrative"])
    notices = {Path(document["path"]).name: document.get("notices") for document in json.loads(result.stdout)["documents"]}
    assert notices == {
        "乙.xls": [f"{folder / '乙.xls'}：扩展名为 .xls，但内容是 Excel 工作簿（XLSX），已按 XLSX 读取"],
        "甲.docx": [f"{folder / '甲.docx'}：扩展名为 .docx，但内容是纯文本，已按文本读取"],
    }
