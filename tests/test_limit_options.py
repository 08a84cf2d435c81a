"""--limit NAME=VALUE: how settings are read, what a wrong one says, and that the defaults leave a wide margin."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from budgetcheck.errors import InputError
from budgetcheck.limit_options import LIMIT_OPTIONS, LimitSettingError, describe_default, parse_limits
from budgetcheck.parsers import load
from budgetcheck.parsers.container import DEFAULT_LIMITS, Limits
from conftest import SAMPLES, SEED_DOCX

runner = CliRunner()


@pytest.mark.parametrize(
    ("setting", "field", "value"),
    [
        ("max-pages=5000", "max_pages", 5000),
        ("max-cells=1000000", "max_cells", 1_000_000),
        ("max-pdf-chars=2000000", "max_pdf_chars", 2_000_000),
        ("max-pdf-page-objects=50000", "max_pdf_page_objects", 50_000),
        ("max-members=20000", "max_members", 20_000),
        ("max-ratio=500", "max_ratio", 500),
        ("max-member-size=128M", "max_member_bytes", 128 * 1024**2),
        ("max-total-size=1g", "max_total_bytes", 1024**3),
        ("max-text-size=512K", "max_text_bytes", 512 * 1024),
        ("max-xls-size=64M", "max_xls_bytes", 64 * 1024**2),
        ("max-member-size=64MiB", "max_member_bytes", 64 * 1024**2),
        ("max-member-size=64MB", "max_member_bytes", 64 * 1024**2),
        (" MAX-PAGES = 7 ", "max_pages", 7),
        ("max-text-size=1000", "max_text_bytes", 1000),
    ],
)
def test_a_setting_changes_its_limit_only(setting: str, field: str, value: int) -> None:
    limits = parse_limits([setting])
    assert limits == replace(DEFAULT_LIMITS, **{field: value})


def test_settings_apply_in_order_and_the_defaults_stay_put() -> None:
    limits = parse_limits(["max-pages=10", "max-cells=5", "max-pages=30"])
    assert (limits.max_pages, limits.max_cells) == (30, 5)
    assert DEFAULT_LIMITS == Limits()


def test_no_setting_gives_the_defaults() -> None:
    assert parse_limits(None) is DEFAULT_LIMITS
    assert parse_limits([]) is DEFAULT_LIMITS


def test_every_limit_a_user_can_set_is_a_limits_field() -> None:
    names = {field.name for field in fields(Limits)}
    assert {option.field for option in LIMIT_OPTIONS} <= names
    assert names - {option.field for option in LIMIT_OPTIONS} == {"ratio_floor_bytes"}


@pytest.mark.parametrize(
    ("setting", "zh", "en"),
    [
        (
            "max-page=10",
            "--limit max-page=10：无法识别，应写作 名称=数值，名称为 max-members, max-member-size, max-total-size, max-ratio, max-pages, max-pdf-chars, max-pdf-page-objects, max-xls-size, max-cells, max-text-size 之一",
            "--limit max-page=10: not understood; write name=number, where name is one of max-members, max-member-size, max-total-size, max-ratio, max-pages, max-pdf-chars, max-pdf-page-objects, max-xls-size, max-cells, max-text-size",
        ),
        # a known name with a wrong or missing value: the value is blamed, not the name
        (
            "max-pages",
            "--limit max-pages：缺少 max-pages 的值，应为大于 0 的整数，如 max-pages=2000",
            "--limit max-pages: max-pages has no value; it must be a whole number greater than 0, such as max-pages=2000",
        ),
        (
            "max-pages=-1",
            "--limit max-pages=-1：max-pages 的值 -1 无效，应为大于 0 的整数，如 max-pages=2000",
            "--limit max-pages=-1: the value -1 of max-pages is not valid; it must be a whole number greater than 0, such as max-pages=2000",
        ),
        (
            "max-pages=abc",
            "--limit max-pages=abc：max-pages 的值 abc 无效，应为大于 0 的整数，如 max-pages=2000",
            "--limit max-pages=abc: the value abc of max-pages is not valid; it must be a whole number greater than 0, such as max-pages=2000",
        ),
        (
            "max-member-size=1X",
            "--limit max-member-size=1X：max-member-size 的值 1X 无效，应为大于 0 的整数（可带 K/M/G 单位），如 max-member-size=64M",
            "--limit max-member-size=1X: the value 1X of max-member-size is not valid; it must be a whole number greater than 0 (K/M/G suffixes allowed), such as max-member-size=64M",
        ),
        ("max-pages=2K", "--limit max-pages=2K：max-pages 是个数，不能带 K/M/G 单位", "--limit max-pages=2K: max-pages is a count and takes no K/M/G suffix"),
        ("max-cells=0", "--limit max-cells=0：限制值必须大于 0", "--limit max-cells=0: a limit must be greater than 0"),
    ],
)
def test_a_wrong_setting_is_a_usage_error(setting: str, zh: str, en: str) -> None:
    with pytest.raises(LimitSettingError) as caught:
        parse_limits([setting])
    assert (caught.value.message("zh"), caught.value.message("en")) == (zh, en)
    for command in ("audit", "extract"):
        result = runner.invoke(app, [command, str(SEED_DOCX), "--limit", setting])
        assert (result.exit_code, result.output.strip()) == (2, zh)
    result = runner.invoke(app, ["audit", str(SEED_DOCX), "--limit", setting, "--lang", "en"])
    assert (result.exit_code, result.output.strip()) == (2, en)


def test_defaults_as_written_in_the_readme() -> None:
    shown = {option.key: describe_default(option) for option in LIMIT_OPTIONS}
    assert shown == {
        "max-members": "10000",
        "max-member-size": "64M",
        "max-total-size": "256M",
        "max-ratio": "200",
        "max-pages": "2000",
        "max-pdf-chars": "500000",
        "max-pdf-page-objects": "20000",
        "max-xls-size": "16M",
        "max-cells": "200000",
        "max-text-size": "64M",
    }
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for key, default in shown.items():
        assert f"| `{key}` | {default} |" in readme


def test_ratio_limit_is_settable(tmp_path: Path) -> None:
    from hostile import build

    # Whole paragraphs only, so the raised limit lets through well-formed XML of about 2 MB.
    path = build.docx_bomb(tmp_path, "预算.docx", len(build.DOCUMENT_HEAD) + len(build.DOCUMENT_TAIL) + 25_000 * len(build.PARAGRAPH))
    with pytest.raises(InputError) as caught:
        load(str(path))
    assert caught.value.detail == "word/document.xml: ratio > 200:1"
    document = load(str(path), parse_limits(["max-ratio=100000"]))
    assert len(document.blocks) == 25_000


# A tenth of every default still reads every sample and every real document: the defaults pass
# them with at least a tenfold margin.
TENTH = Limits(**{field.name: max(getattr(DEFAULT_LIMITS, field.name) // 10, 1) for field in fields(Limits) if field.name != "ratio_floor_bytes"})


def _margin_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.suffix.lower() in (".docx", ".xlsx", ".xls", ".pdf", ".txt"))


def test_defaults_pass_the_samples_tenfold() -> None:
    files = _margin_files(SAMPLES)
    assert len(files) == 4  # DOCX, TXT, the 政府采购 workbook and the standard-tables workbook
    for path in files:
        assert load(str(path), TENTH).blocks, path


def test_defaults_pass_every_real_document_tenfold(real_dir: Path) -> None:
    files = _margin_files(real_dir)
    assert len(files) >= 9
    for path in files:
        assert load(str(path), TENTH).blocks, path
