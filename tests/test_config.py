"""House rules in budgetcheck.toml or [tool.budgetcheck], found from the working directory up; flags win."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from budgetcheck.config import Config, ConfigError, load_config
from report_inputs import run
from seed_mutations import mutated_txt


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return mutated_txt(tmp_path, "项目支出1748.39万元", "项目支出1784.39万元")


def test_no_file_means_built_in_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Config()


def test_settings_apply_from_a_parent_folder(tmp_path: Path, broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "budgetcheck.toml").write_text('lang = "en"\nformat = "json"\nfail-on = "never"\nignore = ["performance", "disclosure"]\n', encoding="utf-8")
    work = tmp_path / "department" / "2020"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    result = run("audit", broken)
    assert result.exit_code == 0  # fail-on = never
    finding = json.loads(result.stdout)["documents"][0]["findings"][0]
    assert finding["message"].startswith("total expenditure 2999.85 ten-thousand yuan")


def test_flags_override_the_file(tmp_path: Path, broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "budgetcheck.toml").write_text('lang = "en"\nformat = "json"\nfail-on = "never"\nignore = ["N101", "performance", "disclosure"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert json.loads(run("audit", broken).stdout)["documents"][0]["findings"] == []
    result = run("audit", broken, "--lang", "zh", "--format", "text", "--fail-on", "error", "--ignore", "P202,performance,disclosure")
    assert result.exit_code == 1
    assert result.output.splitlines()[1].startswith("  错误 N101 [第18段] 支出合计 2999.85万元")


def test_select_from_the_file(tmp_path: Path, broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "budgetcheck.toml").write_text('select = ["P201", "P202"]\nformat = "json"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("audit", broken)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["documents"][0]["checks"]["run"] == 2  # one check each: the 政府采购 total, the 18万元 purchase


def test_pyproject_table_and_pyprojects_without_one(tmp_path: Path, broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.budgetcheck]\nlang = "en"\nfail_on = "warning"\nselect = ["narrative"]\n', encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "y"\n', encoding="utf-8")  # no table: passed over
    config = load_config(inner)
    assert config.source == tmp_path / "pyproject.toml"
    assert config.values == {"lang": "en", "fail-on": "warning", "select": ["narrative"]}
    monkeypatch.chdir(inner)
    assert run("audit", broken, "--quiet").output == "1 file(s): 1 error(s), 0 warning(s)\n"


def test_nearest_file_wins(tmp_path: Path) -> None:
    (tmp_path / "budgetcheck.toml").write_text('lang = "en"\n', encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "budgetcheck.toml").write_text('rounding = "truncate"\n', encoding="utf-8")
    assert load_config(inner).values == {"rounding": "truncate"}


@pytest.mark.parametrize(
    "content,zh,en",
    [
        ('colour = "red"\n', "未知设置 colour（可用：lang, format, fail-on, rounding, profile, select, ignore）", "unknown setting colour (known: lang, format, fail-on, rounding, profile, select, ignore)"),
        ('lang = "fr"\n', "lang 的取值 'fr' 无效，应为 zh|en", "lang = 'fr' is not one of zh|en"),
        ("select = [1]\n", "select 应为规则编号或类别的列表", "select must be a list of rule ids or categories"),
        ('lang = "en\n', "不是有效的 TOML", "not valid TOML"),
    ],
)
def test_a_broken_file_is_a_usage_error_naming_it(tmp_path: Path, broken: Path, monkeypatch: pytest.MonkeyPatch, content: str, zh: str, en: str) -> None:
    path = tmp_path / "budgetcheck.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run("audit", broken)
    assert result.exit_code == 2 and f"{path}：{zh}" in result.output and "Traceback" not in result.output
    result = run("audit", broken, "--lang", "en")
    assert result.exit_code == 2 and f"{path}: {en}" in result.output


def test_rules_commands_speak_the_configured_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "budgetcheck.toml").write_text('lang = "en"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("rules", "show", "N101").output.splitlines()[0] == "N101  A total in the text equals the sum of the parts it lists"
