"""Bad inputs: a one-line message naming the file and the cause, exit code 2, no traceback."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from budgetcheck.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "没有这个文件.docx"
    result = run("audit", str(path))
    assert result.exit_code == 2
    assert result.output.strip() == f"{path}：文件不存在，请检查路径"


def test_missing_file_english(tmp_path: Path) -> None:
    path = tmp_path / "nope.docx"
    result = run("audit", str(path), "--lang", "en")
    assert result.exit_code == 2
    assert result.output.strip() == f"{path}: no such file; check the path"


def test_a_folder_without_documents(tmp_path: Path) -> None:
    # extract reads folders as audit does: an empty one is named, with what it was searched for
    result = run("extract", str(tmp_path))
    assert result.exit_code == 2
    assert result.output.strip() == f"{tmp_path}：文件夹中没有可审核的文件（DOCX、XLSX、XLS、PDF、TXT 或 ZIP）"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "空.docx"
    path.write_bytes(b"")
    result = run("audit", str(path))
    assert result.exit_code == 2
    assert result.output.strip() == f"{path}：文件为空（0 字节），请重新导出"


def test_version() -> None:
    from budgetcheck import __version__

    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"budgetcheck {__version__}"
