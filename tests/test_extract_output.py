"""`extract -o FILE`: written whole or not at all, never over an existing file without --force, never over an input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from conftest import SEED_DOCX, SEED_TXT, SEED_XLSX

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(arg) for arg in args])


def test_json_to_a_file_is_what_stdout_shows(tmp_path: Path) -> None:
    shown = run("extract", SEED_TXT)
    out = tmp_path / "文档.json"
    result = run("extract", SEED_TXT, "-o", out)
    assert (result.exit_code, result.output) == (0, "")
    assert out.read_text(encoding="utf-8") == shown.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["文档.json"]  # no temporary file left behind


def test_text_outline_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "outline.txt"
    result = run("extract", SEED_DOCX, "--format", "text", "-o", out)
    assert result.exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"{SEED_DOCX} (docx)"
    assert lines[1] == "  [第1段] # 三河市泃阳西大街街道办事处2020年部门预算信息公开情况说明"


def test_text_outline_shows_what_a_finding_points_at() -> None:
    # K501 on the seed points at "第41段、表8 第5行 第5列": both can be read in the outline.
    lines = run("extract", SEED_DOCX, "--format", "text").output.splitlines()
    paragraph = next(line for line in lines if line.startswith("  [第41段] "))
    assert "走访90%以上商户" in paragraph
    table = lines.index("  [表8] 7×6")
    assert lines[table + 1 : table + 3] == [
        "    第1行：绩效目标 | 通过项目的开展完成辖区日常入户走访、企业商户排查工作，进行日常监管，实现提高居民安全生产意识，减少事故隐患发生。",
        "    第2行：一级指标 | 二级指标 | 三级指标 | 绩效指标描述 | 指标值 | 指标值确定依据",
    ]
    fifth_row = lines[table + 5].removeprefix("    第5行：").split(" | ")
    assert fifth_row[:5] == ["", "质量指标", "走访率", "商户走访率", "≥80百分比"]  # 第5列 is the value the finding quotes


def test_text_outline_in_english_shows_sheet_rows() -> None:
    lines = run("extract", SEED_XLSX, "--format", "text", "--lang", "en").output.splitlines()
    assert lines[1] == "  [sheet 政府采购预算] 政府采购预算 12×14"
    assert lines[2] == "    row 1: 部门政府采购预算"
    assert lines[9] == "    row 8: 老旧小区维修工程 | 54.00 | 工程 | [B0899]其他建筑物、构筑物修缮 | 个 | 3 | 18.00 | 54.00 | 54.00 | 54.00"
    assert all(line == line.rstrip() for line in lines)


def test_an_existing_output_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "文档.json"
    out.write_text("旧内容", encoding="utf-8")
    result = run("extract", SEED_TXT, "-o", out)
    assert (result.exit_code, result.output.strip()) == (2, f"{out}：输出文件已存在，加 --force 覆盖")
    assert out.read_text(encoding="utf-8") == "旧内容"
    result = run("extract", SEED_TXT, "-o", out, "--lang", "en")
    assert result.output.strip() == f"{out}: the output file exists; add --force to overwrite it"


def test_force_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "文档.json"
    out.write_text("旧内容", encoding="utf-8")
    result = run("extract", SEED_TXT, "-o", out, "--force")
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith('{\n  "path": ')


@pytest.mark.parametrize("command", ["extract", "audit"])
def test_an_input_is_never_the_output_even_with_force(tmp_path: Path, command: str) -> None:
    source = tmp_path / "预算.txt"
    source.write_bytes(SEED_TXT.read_bytes())
    result = run(command, source, "-o", source, "--force")
    assert (result.exit_code, result.output.strip()) == (2, f"{source}：输出文件不能是输入文件")
    assert source.read_bytes() == SEED_TXT.read_bytes()


def test_an_output_in_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "没有的文件夹" / "文档.json"
    result = run("extract", SEED_TXT, "-o", out)
    assert (result.exit_code, result.output.strip()) == (2, f"{out}：文件夹 {out.parent} 不存在")


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "文档.json"
    out.write_text("旧内容", encoding="utf-8")

    def refuse(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    result = run("extract", SEED_TXT, "-o", out, "--force")
    assert (result.exit_code, result.output.strip()) == (2, f"{out}：无法写入文件（磁盘空间不足）")
    assert out.read_text(encoding="utf-8") == "旧内容"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["文档.json"]


def test_nothing_is_written_when_no_file_could_be_read(tmp_path: Path) -> None:
    out = tmp_path / "文档.json"
    missing = tmp_path / "没有.docx"
    result = run("extract", missing, "-o", out)
    assert (result.exit_code, result.output.strip()) == (2, f"{missing}：文件不存在，请检查路径")
    assert not out.exists()
