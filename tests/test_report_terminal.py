"""The terminal report: plain and stable in a pipe, coloured on a terminal, --quiet and --verbose."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from conftest import SEED_TXT
from report_inputs import run, two_findings

N101_LINE = "  错误 N101 [第18段] 支出合计 2999.85万元 不等于所列分项之和 3035.85万元（1251.46 + 1784.39 + 0.00），相差 -36.00万元，容差 0.020万元"


def test_pipe_gets_plain_stable_lines_by_severity(tmp_path: Path) -> None:
    result = run("audit", two_findings(tmp_path))
    assert result.exit_code == 1
    assert "\x1b[" not in result.output
    assert result.output.splitlines() == [
        f"{tmp_path / 'seed.txt'}  [txt] 已审核",
        N101_LINE,
        "  警告 P202 [第92段、表24 第8行 第8列] 说明称拟购置固定资产 20.00万元 已列入政府采购预算，但政府采购预算表 政府采购金额 / 总计（货物）合计为 18万元，相差 2.00万元",
        "  核对 41 项：通过 39，不符 2，容差内 0，不适用 0，数据不足 0；数字表述已核对 30/39",
        "共 1 个文件：错误 1 条，警告 1 条",
    ]


def test_quiet_prints_the_verdict_alone(tmp_path: Path) -> None:
    result = run("audit", two_findings(tmp_path), "--quiet")
    assert result.exit_code == 1
    assert result.output == "共 1 个文件：错误 1 条，警告 1 条\n"


def test_verbose_lists_every_passed_check_and_why_a_check_could_not_run(tmp_path: Path) -> None:
    result = run("audit", two_findings(tmp_path), "--verbose")
    lines = result.output.splitlines()
    passed = [line for line in lines if line.startswith("  通过 ")]
    assert len(passed) == 39
    assert "  通过 N101 [第16段] 说明中的合计数应等于其所列各分项之和" in passed
    note = tmp_path / "note.txt"
    note.write_text("2020年支出预算100.00万元，其中基本支出60.00万元，专项业务费30.00万元。", encoding="utf-8")
    lines = run("audit", note, "--verbose").output.splitlines()
    assert "  数据不足 N101 [第1段] 所列分项中有无法识别的项目，未核对" in lines


def test_verbose_shows_differences_within_rounding(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("2020年支出预算2999.86万元，其中基本支出1251.46万元，项目支出1748.39万元。", encoding="utf-8")
    plain = run("audit", note).output.splitlines()
    assert plain[1] == "  （另有 1 条在四舍五入容差内的提示，加 --verbose 显示）"
    verbose = run("audit", note, "--verbose").output.splitlines()
    assert verbose[1] == "  提示 N101 [第1段] 相差 0.01万元，在四舍五入容差 0.015万元 以内（应为 2999.85，实为 2999.86）"


def in_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """Run budgetcheck with a pseudo-terminal as its output, as a user at a shell would."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "200"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([sys.executable, "-m", "budgetcheck.cli", *args], stdout=follower, stderr=follower, cwd=cwd, env=env)
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_terminal_gets_colour(tmp_path: Path) -> None:
    code, output = in_terminal("audit", str(two_findings(tmp_path)), cwd=tmp_path)
    assert code == 1
    assert "\x1b[" in output and "N101" in output


def test_binary_formats_refuse_a_terminal(tmp_path: Path) -> None:
    for fmt in ("xlsx", "html"):
        code, output = in_terminal("audit", str(SEED_TXT), "--format", fmt, cwd=tmp_path)
        assert code == 2
        assert f"--format {fmt} 生成的是文件，请用 -o 文件名 指定保存位置" in output
    code, output = in_terminal("audit", str(SEED_TXT), "--format", "xlsx", "--lang", "en", cwd=tmp_path)
    assert code == 2 and "--format xlsx writes a file; name it with -o FILE" in output


def test_binary_formats_may_go_to_a_pipe(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "budgetcheck.cli", "audit", str(SEED_TXT), "--format", "xlsx", "--fail-on", "never"], capture_output=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0
    assert result.stdout[:2] == b"PK"  # a zip: the workbook, for `> report.xlsx`
