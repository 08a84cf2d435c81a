"""XML inside DOCX and XLSX: no entity expansion, no file or network read, nesting bounded.

Every DOCTYPE is refused, including one pushed past the parser's first look by a long comment.
The canary file and the loopback server show that nothing named in an entity was read or fetched.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from . import build
from .cli_run import assert_bounded, assert_refused, audit
from .conftest import CANARY_TEXT

UNSAFE = "{path}：文件含有不安全的 XML 结构（含 DOCTYPE 声明），已拒绝读取"
CORRUPT_XML = "{path}：文件已损坏或不完整（XML 内容损坏），请重新导出"


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    path = build.docx(tmp_path, "预算.docx", build.billion_laughs())
    assert_refused(audit(path), UNSAFE.format(path=path))


def test_billion_laughs_behind_a_long_comment_is_not_expanded(tmp_path: Path) -> None:
    # Past the head check, libxml2 itself stops: "Maximum entity amplification factor exceeded".
    path = build.docx(tmp_path, "预算.docx", build.hidden_billion_laughs())
    assert_refused(audit(path), CORRUPT_XML.format(path=path))


@pytest.mark.parametrize("hidden", [False, True], ids=["plain", "behind_comment"])
def test_external_entity_naming_a_local_file_is_not_read(tmp_path: Path, canary: Path, hidden: bool) -> None:
    make = build.hidden_external_entity if hidden else build.external_entity
    path = build.docx(tmp_path, "预算.docx", make(canary.as_uri()))
    for options in ((), ("--format", "json")):
        run = audit(path, *options)
        assert CANARY_TEXT not in run.output
        assert_refused(run, UNSAFE.format(path=path))


@pytest.mark.parametrize("hidden", [False, True], ids=["plain", "behind_comment"])
def test_external_entity_naming_a_loopback_url_is_not_fetched(tmp_path: Path, loopback, hidden: bool) -> None:
    make = build.hidden_external_entity if hidden else build.external_entity
    path = build.docx(tmp_path, "预算.docx", make(f"{loopback.url}/entity"))
    run = audit(path)
    assert loopback.requests == []
    assert CANARY_TEXT not in run.output
    assert_refused(run, UNSAFE.format(path=path))


def test_external_dtd_on_a_loopback_url_is_not_fetched(tmp_path: Path, loopback) -> None:
    path = build.docx(tmp_path, "预算.docx", build.external_dtd(f"{loopback.url}/budget.dtd"))
    run = audit(path)
    assert loopback.requests == []
    assert_refused(run, UNSAFE.format(path=path))


def test_external_entity_in_an_xlsx_sheet_is_refused(tmp_path: Path, canary: Path) -> None:
    sheet = build.hidden_external_entity(canary.as_uri()).replace(b"w:document", b"worksheet")
    path = build.xlsx(tmp_path, "预算.xlsx", sheet)
    run = audit(path)
    assert CANARY_TEXT not in run.output
    assert_refused(run, UNSAFE.format(path=path))


def test_external_entity_in_xlsx_shared_strings_is_refused(tmp_path: Path, loopback) -> None:
    strings = build.hidden_external_entity(f"{loopback.url}/strings").replace(b"w:document", b"sst")
    sheet = build.SHEET_HEAD + b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + build.SHEET_TAIL
    path = build.xlsx_with_shared_strings(tmp_path, "预算.xlsx", sheet, strings)
    run = audit(path)
    assert loopback.requests == []
    assert CANARY_TEXT not in run.output
    assert_refused(run, UNSAFE.format(path=path))


def test_100k_nested_elements_are_refused_as_broken_xml(tmp_path: Path) -> None:
    # Stored, not deflated, so the compression-ratio check does not stop it before the parser.
    path = build.docx(tmp_path, "预算.docx", build.deep_nesting(100_000), compression=zipfile.ZIP_STORED)
    assert_refused(audit(path), CORRUPT_XML.format(path=path))


def test_tables_nested_80_deep_are_read_within_bounds(tmp_path: Path) -> None:
    path = build.docx(tmp_path, "预算.docx", build.nested_tables(80))
    run = audit(path)
    assert_bounded(run)
    assert run.exit_code == 0
    assert f"{path}  [docx] 已审核" in run.stdout
