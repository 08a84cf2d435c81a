"""No traceback reaches a user unless asked for with --debug; the inputs and their folder are never touched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import budgetcheck.parsers
from budgetcheck.cli import app
from conftest import SEED_DOCX, SEED_TXT, SEED_XLSX

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(arg) for arg in args])


def test_debug_shows_the_traceback_behind_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "预算.docx"
    path.write_bytes(SEED_DOCX.read_bytes()[:5000])
    message = f"{path}：文件已损坏或不完整（ZIP 结构损坏），请重新导出"
    plain = run("audit", path)
    assert (plain.exit_code, plain.output.strip()) == (2, message)
    debug = run("audit", path, "--debug")
    assert debug.exit_code == 2
    assert "Traceback (most recent call last)" in debug.output
    assert "budgetcheck.errors.InputError: corrupt" in debug.output
    assert debug.output.strip().endswith(message)


@pytest.mark.parametrize("command", ["audit", "extract"])
def test_a_bug_while_reading_is_one_line_and_its_traceback_only_with_debug(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_reader(path: str, limits: object = None) -> None:
        raise RuntimeError("a bug in a reader")

    monkeypatch.setattr(budgetcheck.parsers, "load", broken_reader)
    message = f"{SEED_TXT}：读取时发生内部错误，请加 --debug 重新运行并报告此问题"
    plain = run(command, SEED_TXT)
    assert (plain.exit_code, plain.output.strip()) == (2, message)
    debug = run(command, SEED_TXT, "--debug")
    assert debug.exit_code == 2
    assert "RuntimeError: a bug in a reader" in debug.output
    assert debug.output.strip().endswith(message)


def _snapshot(folder: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


def test_nothing_is_written_next_to_the_inputs(tmp_path: Path) -> None:
    inputs = tmp_path / "报送"
    inputs.mkdir()
    for source in (SEED_DOCX, SEED_TXT, SEED_XLSX):
        (inputs / source.name).write_bytes(source.read_bytes())
    (inputs / "坏.docx").write_bytes(b"PK\x03\x04 not a zip")
    before = _snapshot(inputs)
    files = sorted(inputs.iterdir())
    out = tmp_path / "结果"
    out.mkdir()
    assert run("audit", *files).exit_code == 2
    assert run("audit", *files, "--format", "json", "-o", out / "审核.json").exit_code == 2
    assert run("extract", *files, "-o", out / "文档.json").exit_code == 2
    assert run("extract", *files, "--format", "text").exit_code == 2
    assert _snapshot(inputs) == before
    assert sorted(path.name for path in out.iterdir()) == ["审核.json", "文档.json"]
