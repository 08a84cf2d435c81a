"""The batch summary outside a terminal: one line per package, never wrapped, whatever the folder names' length.

CliRunner's output is not a terminal, as a pipe is not.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.engine.results import DocumentResult
from budgetcheck.report.terminal import render
from conftest import SEED_DOCX, SEED_TXT

runner = CliRunner()
SEED_PACKS = ("--select", "narrative,procurement,assets")  # the seed's copies are clean for these
LONG = "上海市普陀区2026年区级单位预算_空白模板上海市普陀区人民政府万里街道办事处"


def batch(root: Path) -> Path:
    folder = root / "报送"
    (folder / LONG).mkdir(parents=True)
    (folder / "卫健委").mkdir()
    shutil.copy(SEED_DOCX, folder / LONG / "说明.docx")
    shutil.copy(SEED_TXT, folder / "卫健委" / "说明.txt")
    (folder / "卫健委" / "坏.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return folder


def test_a_piped_summary_is_one_tab_separated_line_per_package(tmp_path: Path) -> None:
    folder = batch(tmp_path)
    result = runner.invoke(app, ["audit", *SEED_PACKS, str(folder)])
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    start = lines.index("批量审核汇总")
    assert lines[start + 1 :] == [
        "包\t文件\t错误\t警告\t无法读取\t核对不符/总数\t数字表述已核对",
        f"{folder}/{LONG}\t1\t0\t0\t0\t0/41\t30/39",
        f"{folder}/卫健委\t2\t0\t0\t1\t0/41\t30/39",
        "最常见的问题规则：I001 ×1（1 个文件）",
        "共 3 个文件：错误 0 条，警告 0 条，无法读取 1 个",
    ]
    english = runner.invoke(app, ["audit", *SEED_PACKS, str(folder), "--lang", "en"]).stdout.splitlines()
    start = english.index("batch summary")
    assert english[start + 1 : start + 3] == [
        "package\tfiles\terrors\twarnings\tunreadable\tchecks failed/run\tstatements checked",
        f"{folder}/{LONG}\t1\t0\t0\t0\t0/41\t30/39",
    ]


def test_the_summary_written_to_a_file_is_the_same_lines(tmp_path: Path) -> None:
    folder = batch(tmp_path)
    out = tmp_path / "审核.txt"
    assert runner.invoke(app, ["audit", *SEED_PACKS, str(folder), "-o", str(out)]).exit_code == 2
    assert f"{folder}/{LONG}\t1\t0\t0\t0\t0/41\t30/39\n" in out.read_text(encoding="utf-8")


def test_a_terminal_keeps_the_table() -> None:
    results = [DocumentResult(f"{package}/说明.docx", "docx", "checked", package=package) for package in ("报送/" + LONG, "报送/卫健委")]
    console = Console(force_terminal=True, width=60, record=True, highlight=False, soft_wrap=True, color_system=None)
    render(results, console)
    lines = console.export_text().splitlines()
    summary = lines[lines.index("批量审核汇总") :]
    assert not any("\t" in line or LONG in line for line in summary)  # columns padded; 60 columns fold the long name
    first_row = next(line for line in summary if line.startswith("报送/上"))
    assert first_row.split()[1:] == ["1", "0", "0", "0", "0/0", "0/0"]
