"""Usage errors: one line in the chosen language (Chinese by default), exit code 2, no click banner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from tests.conftest import SEED_TXT

runner = CliRunner()
SEED = str(SEED_TXT)


def run(*args: str, cwd: Path | None = None):
    if cwd is None:
        return runner.invoke(app, list(args))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        return runner.invoke(app, list(args))


def assert_one_line(result, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.output.strip() == message
    assert "Usage:" not in result.output and "Traceback" not in result.output


def test_unknown_rule_in_select_is_named_in_chinese(tmp_path: Path) -> None:
    assert_one_line(run("audit", SEED, "--select", "bogus", cwd=tmp_path), "未知的规则或类别：bogus（用 budgetcheck rules list 查看）")


def test_unknown_rule_in_ignore_in_english(tmp_path: Path) -> None:
    assert_one_line(run("audit", SEED, "--ignore", "XYZ", "--lang", "en", cwd=tmp_path), "unknown rule or category: XYZ (see budgetcheck rules list)")


def test_unknown_rule_from_the_configuration_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "budgetcheck.toml").write_text('select = ["bogus"]\n', encoding="utf-8")
    result = run("audit", SEED, cwd=tmp_path)
    assert_one_line(result, f"{tmp_path / 'budgetcheck.toml'}：select 中有未知的规则或类别：bogus（用 budgetcheck rules list 查看）")


def test_configuration_language_applies_to_the_unknown_rule_message(tmp_path: Path) -> None:
    (tmp_path / "budgetcheck.toml").write_text('lang = "en"\nignore = ["N101", "nope"]\n', encoding="utf-8")
    result = run("audit", SEED, cwd=tmp_path)
    assert_one_line(result, f"{tmp_path / 'budgetcheck.toml'}: ignore names an unknown rule or category: nope (see budgetcheck rules list)")


def test_rule_ids_are_case_insensitive(tmp_path: Path) -> None:
    lower = run("audit", SEED, "--select", "n101", "--format", "json", cwd=tmp_path)
    upper = run("audit", SEED, "--select", "N101", "--format", "json", cwd=tmp_path)
    assert lower.exit_code == upper.exit_code == 0
    assert lower.output == upper.output
    assert json.loads(lower.output)["documents"][0]["checks"]["run"] > 0
    ignored = run("audit", SEED, "--select", "N101", "--ignore", "n101", "--format", "json", cwd=tmp_path)
    assert ignored.exit_code == 0 and json.loads(ignored.output)["documents"][0]["checks"]["run"] == 0


def test_bad_choice_is_one_chinese_line_with_the_choices(tmp_path: Path) -> None:
    assert_one_line(run("audit", SEED, "--fail-on", "bad", cwd=tmp_path), "--fail-on 的取值 bad 无效，可选：error|warning|info|never")
    assert_one_line(run("audit", SEED, "--format=pdf", cwd=tmp_path), "--format 的取值 pdf 无效，可选：text|json|jsonl|csv|xlsx|html|md")


def test_bad_choice_in_english_is_one_line(tmp_path: Path) -> None:
    assert_one_line(
        run("audit", SEED, "--fail-on", "bad", "--lang", "en", cwd=tmp_path),
        "Invalid value for '--fail-on': 'bad' is not one of 'error', 'warning', 'info', 'never'. (see budgetcheck audit --help)",
    )


def test_missing_argument_and_option_value(tmp_path: Path) -> None:
    assert_one_line(run("audit", cwd=tmp_path), "缺少参数 PATHS，用 budgetcheck audit --help 查看用法")
    assert_one_line(run("rules", "show", cwd=tmp_path), "缺少参数 RULE_ID，用 budgetcheck rules show --help 查看用法")
    assert_one_line(run("audit", SEED, "--fail-on", cwd=tmp_path), "选项 --fail-on 需要一个值，用 budgetcheck audit --help 查看用法")


def test_unknown_option_command_and_extra_argument(tmp_path: Path) -> None:
    assert_one_line(run("extract", SEED, "--frmat", "text", cwd=tmp_path), "没有选项 --frmat（是否想用 --format？），用 budgetcheck extract --help 查看用法")
    assert_one_line(run("nope", cwd=tmp_path), "没有命令 nope，用 budgetcheck --help 查看可用的命令")
    assert_one_line(run("rules", "show", "N101", "N102", cwd=tmp_path), "多余的参数：N102，用 budgetcheck rules show --help 查看用法")


def test_a_command_named_without_arguments_still_shows_its_help(tmp_path: Path) -> None:
    result = run("rules", cwd=tmp_path)
    assert result.exit_code == 2 and "list" in result.output and "show" in result.output


def test_quiet_and_verbose_together_are_refused(tmp_path: Path) -> None:
    assert_one_line(run("audit", SEED, "--quiet", "--verbose", cwd=tmp_path), "--quiet 与 --verbose 不能同时使用，请只选其一")
    assert_one_line(run("audit", SEED, "-q", "-v", "--lang", "en", cwd=tmp_path), "--quiet and --verbose cannot be used together")
