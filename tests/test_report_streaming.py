"""Reports read from the results store one document at a time give the bytes of the whole-list reports."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.batch.store import ResultStore
from budgetcheck.cli import app
from budgetcheck.report import render_report, report_chunks
from conftest import SEED_DOCX, SEED_XLSX

runner = CliRunner()


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two departments' packages and an unreadable file, audited with every rule into one store."""
    root = tmp_path_factory.mktemp("stream")
    for name in ("教育局", "卫健委"):
        folder = root / "报送" / name
        folder.mkdir(parents=True)
        shutil.copy(SEED_DOCX, folder / "部门预算公开.docx")
        shutil.copy(SEED_XLSX, folder / "部门预算公开_政府采购与固定资产.xlsx")
    (root / "报送" / "卫健委" / "空.xlsx").write_bytes(b"")
    db = root / "r.sqlite"
    assert runner.invoke(app, ["audit", str(root / "报送"), "--db", str(db), "-q", "--fail-on", "never"]).exit_code == 2
    return db


def test_a_compact_read_is_the_compact_form_of_the_full_read(store_path: Path) -> None:
    with ResultStore(store_path, create=False) as store:
        full, compact = list(store.results()), list(store.results(compact=True))
    assert [r.path for r in compact] == [r.path for r in full] and len(full) == 5
    for whole, small in zip(full, compact):
        assert asdict(small) == asdict(whole.compact())
    index = next(i for i, r in enumerate(full) if r.path.endswith(".docx"))
    narrative, small = full[index], compact[index]
    assert small.check_counts == narrative.counts() and narrative.counts()["run"] > 500
    assert small.checks and all(check.status == "insufficient_data" for check in small.checks)
    assert [r.status for r in full].count("unreadable") == 1


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "text", "md", "html"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_streamed_reports_equal_the_whole_list_report(store_path: Path, fmt: str, lang: str) -> None:
    with ResultStore(store_path, create=False) as store:
        whole = render_report(list(store.results()), fmt, lang)
        chunks = report_chunks(store.results(compact=True), fmt, lang)
        assert chunks is not None
        streamed = b"".join(chunks)
    assert streamed == whole
    assert len(streamed) > 1000


def test_report_verbose_text_lists_every_check_from_the_store(store_path: Path) -> None:
    with ResultStore(store_path, create=False) as store:
        passed = sum(r.counts()["passed"] for r in store.results(compact=True))
    reported = runner.invoke(app, ["report", "--db", str(store_path), "--verbose"])
    assert reported.exit_code == 2  # as the audit: one file could not be read
    assert sum(1 for line in reported.stdout.splitlines() if line.startswith("  通过 ")) == passed > 100
    assert reported.stdout.rstrip().splitlines()[-1] == "共 5 个文件：错误 2 条，警告 26 条，无法读取 1 个"
