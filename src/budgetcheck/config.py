"""House rules set once: `budgetcheck.toml`, or `[tool.budgetcheck]` in `pyproject.toml`.

The nearest such file from the working directory up is used (as ruff finds its settings); a
pyproject.toml without a [tool.budgetcheck] table is passed over.  Command-line flags override
every setting.  Keys: lang, format, fail-on, rounding, profile, select, ignore.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from budgetcheck.messages import os_error_reason

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the backport, on Python 3.10 only
    import tomli as tomllib

CONFIG_NAME = "budgetcheck.toml"
PYPROJECT_NAME = "pyproject.toml"

# key → the values it accepts (None: a rule list).  Spelled as the command-line options are.
_CHOICES: dict[str, tuple[str, ...] | None] = {
    "lang": ("zh", "en"),
    "format": ("text", "json", "jsonl", "csv", "xlsx", "html", "md"),
    "fail-on": ("error", "warning", "info", "never"),
    "rounding": ("nearest", "truncate"),
    "profile": ("auto", "budget", "final"),
    "select": None,
    "ignore": None,
}


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file and the key."""

    def __init__(self, path: Path, zh: str, en: str) -> None:
        super().__init__(en)
        self.path, self.zh, self.en = path, zh, en

    def message(self, lang: str) -> str:
        return f"{self.path}: {self.en}" if lang == "en" else f"{self.path}：{self.zh}"


@dataclass(frozen=True)
class Config:
    """The settings found, and the file they came from (None: no file, built-in defaults)."""

    source: Path | None = None
    values: dict[str, object] = field(default_factory=dict)

    def get(self, key: str) -> object | None:
        return self.values.get(key)

    def rule_list(self, key: str) -> list[str] | None:
        value = self.values.get(key)
        return list(value) if isinstance(value, list) else None


def find_config_file(start: Path) -> tuple[Path, dict[str, object]] | None:
    """The nearest budgetcheck.toml, or pyproject.toml with [tool.budgetcheck], from `start` up."""
    directory = start.resolve()
    for folder in (directory, *directory.parents):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own, _read(own)
        pyproject = folder / PYPROJECT_NAME
        if pyproject.is_file():
            tool = _read(pyproject).get("tool")
            if isinstance(tool, dict) and isinstance(tool.get("budgetcheck"), dict):
                return pyproject, tool["budgetcheck"]
    return None


def load_config(start: Path | None = None) -> Config:
    found = find_config_file(start or Path.cwd())
    if found is None:
        return Config()
    path, table = found
    return Config(source=path, values=_validated(path, table))


def _read(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, f"不是有效的 TOML（{error}）", f"not valid TOML ({error})") from error
    except OSError as error:
        raise ConfigError(path, f"无法读取（{os_error_reason(error, 'zh')}）", f"cannot be read ({os_error_reason(error, 'en')})") from error


def _validated(path: Path, table: dict[str, object]) -> dict[str, object]:
    values: dict[str, object] = {}
    for key, value in table.items():
        normal = key.replace("_", "-")
        if normal not in _CHOICES:
            known = ", ".join(_CHOICES)
            raise ConfigError(path, f"未知设置 {key}（可用：{known}）", f"unknown setting {key} (known: {known})")
        choices = _CHOICES[normal]
        if choices is None:
            values[normal] = _rule_list(path, key, value)
        elif not isinstance(value, str) or value not in choices:
            allowed = "|".join(choices)
            raise ConfigError(path, f"{key} 的取值 {value!r} 无效，应为 {allowed}", f"{key} = {value!r} is not one of {allowed}")
        else:
            values[normal] = value
    return values


def _rule_list(path: Path, key: str, value: object) -> list[str]:
    """Rule ids or categories: a list of strings, or one comma-separated string."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(path, f"{key} 应为规则编号或类别的列表，如 [\"N101\", \"arithmetic\"]", f"{key} must be a list of rule ids or categories, like [\"N101\", \"arithmetic\"]")
    return [part.strip() for item in value for part in item.split(",") if part.strip()]
