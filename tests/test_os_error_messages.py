"""Read and write failures: the file the user named (never a hidden temporary file), and the
system's reason in the message's language (权限不足, not "Permission denied" inside Chinese)."""

from __future__ import annotations

import errno
import importlib
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from conftest import SEED_DOCX, SEED_TXT

runner = CliRunner()
# the module, not the function parsers/__init__.py exports under the same name
sniff_module = importlib.import_module("budgetcheck.parsers.sniff")


def refuse_temporary_files(*args: object, **kwargs: object) -> tuple[int, str]:
    raise PermissionError(errno.EACCES, "Permission denied", str(Path(str(kwargs.get("dir"))) / ".报告.csv.zgu9mz7r.tmp"))


def test_a_refused_report_names_the_report_not_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "mkstemp", refuse_temporary_files)
    out = tmp_path / "报告.csv"
    result = runner.invoke(app, ["audit", str(SEED_TXT), "--format", "csv", "-o", str(out)])
    assert (result.exit_code, result.output.strip()) == (2, f"{out}：无法写入文件（权限不足）")


def test_a_refused_annotated_copy_names_the_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "mkstemp", refuse_temporary_files)
    folder = tmp_path / "标注"
    result = runner.invoke(app, ["audit", str(SEED_DOCX), "--annotate", str(folder), "--quiet", "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == f"{folder / SEED_DOCX.name}: cannot write the file (Permission denied)"
    assert ".tmp" not in result.output


def test_an_unreadable_input_gives_the_reason_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "说明.txt"
    path.write_text("预算说明", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(sniff_module, "open", refuse, raising=False)
    result = runner.invoke(app, ["extract", str(path)])
    assert (result.exit_code, result.output.strip()) == (2, f"{path}：无法读取文件（权限不足）")
    result = runner.invoke(app, ["extract", str(path), "--lang", "en"])
    assert (result.exit_code, result.output.strip()) == (2, f"{path}: the file cannot be read (Permission denied)")


def test_an_unlisted_reason_keeps_the_system_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "报告.json"

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.ENXIO, "No such device or address")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = runner.invoke(app, ["extract", str(SEED_TXT), "-o", str(out)])
    assert (result.exit_code, result.output.strip()) == (2, f"{out}：无法写入文件（No such device or address）")
