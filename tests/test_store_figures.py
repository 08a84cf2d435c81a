"""The results store's key figures are the dataset `budgetcheck extract --format csv` gives, and
`budgetcheck report --db … --format key-figures` writes that CSV from the store without reading the files."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from budgetcheck.batch.store import ResultStore
from budgetcheck.cli import app
from budgetcheck.extract.key_figures import extract_key_figures
from budgetcheck.parsers import load
from conftest import SAMPLES, SEED_DOCX, SEED_STEM, SEED_XLSX

runner = CliRunner()
SEED_TABLES = SAMPLES / f"{SEED_STEM}_预算公开表.xlsx"


def seed_package(root: Path) -> list[str]:
    """The seed's narrative, its standard tables and its 政府采购/固定资产 workbook, with a truncated copy: one package."""
    folder = root / "报送" / "泃阳西大街街道"
    folder.mkdir(parents=True)
    for source in (SEED_DOCX, SEED_XLSX, SEED_TABLES):
        shutil.copy(source, folder / source.name)
    data = SEED_DOCX.read_bytes()
    (folder / "截断.docx").write_bytes(data[: len(data) // 3])
    return sorted(str(path) for path in folder.iterdir())  # the order the folder is read in


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_store_holds_the_key_figures_extract_gives_field_by_field(tmp_path: Path) -> None:
    paths = seed_package(tmp_path)
    db = tmp_path / "r.sqlite"
    audited = runner.invoke(app, ["audit", str(tmp_path / "报送"), "--db", str(db), "-q"])
    assert audited.exit_code == 2  # the truncated copy cannot be read
    with ResultStore(db, create=False) as store:
        stored = {record.path: record for record in store.key_figures()}
    assert list(stored) == paths
    for path in paths:
        if path.endswith("截断.docx"):
            continue
        assert stored[path] == extract_key_figures(load(path)), path
    narrative = stored[str(Path(paths[0]).parent / SEED_DOCX.name)]
    assert (narrative.organisation, narrative.year, narrative.kind) == ("三河市泃阳西大街街道办事处", 2020, "budget")
    assert narrative.figures["收入合计"].value == "2999.85" and narrative.figures["公务接待费"].value == "0.75"
    procurement = stored[str(Path(paths[0]).parent / SEED_XLSX.name)]
    assert procurement.figures["政府采购"].value == "344.00"
    (truncated,) = [stored[path] for path in paths if path.endswith("截断.docx")]
    assert truncated.error is not None and truncated.error.startswith(truncated.path) and truncated.figures == {}

    extracted = runner.invoke(app, ["extract", *paths, "--format", "csv"])
    assert extracted.exit_code == 2
    reported = runner.invoke(app, ["report", "--db", str(db), "--format", "key-figures"])
    assert reported.exit_code == extracted.exit_code == 2  # the unreadable file, as extract says
    assert rows(reported.stdout_bytes) == rows(extracted.stdout_bytes)
    assert reported.stdout_bytes == extracted.stdout_bytes
    # Notes and errors are written in the language of the audit, as the findings' messages are.
    english_db = tmp_path / "en.sqlite"
    runner.invoke(app, ["audit", str(tmp_path / "报送"), "--db", str(english_db), "-q", "--lang", "en"])
    english = runner.invoke(app, ["extract", *paths, "--format", "csv", "--lang", "en"])
    assert english.stdout_bytes.endswith(b"the file is damaged or incomplete (broken ZIP structure); export it again\r\n")
    assert runner.invoke(app, ["report", "--db", str(english_db), "--format", "key-figures", "--lang", "en"]).stdout_bytes == english.stdout_bytes


def test_the_key_figure_csv_needs_only_the_store(tmp_path: Path) -> None:
    paths = seed_package(tmp_path)
    db = tmp_path / "r.sqlite"
    runner.invoke(app, ["audit", str(tmp_path / "报送"), "--db", str(db), "-q"])
    expected = runner.invoke(app, ["extract", *paths, "--format", "csv"]).stdout_bytes
    shutil.rmtree(tmp_path / "报送")
    out = tmp_path / "关键数据.csv"
    reported = runner.invoke(app, ["report", "--db", str(db), "--format", "key-figures", "-o", str(out)])
    assert reported.exit_code == 2  # the store holds an unreadable file (截断.docx), as extract would say
    assert out.read_bytes() == expected


def test_a_store_of_the_earlier_schema_is_refused_with_its_version(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    runner.invoke(app, ["audit", str(SEED_DOCX), "--db", str(db), "-q"])
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    refused = runner.invoke(app, ["report", "--db", str(db), "--format", "key-figures", "--lang", "en"])
    assert (refused.exit_code, refused.output.strip()) == (2, f"{db}: not a budgetcheck results store (schema 1)")


def test_a_report_to_a_device_or_pipe_writes_into_it_and_leaves_it_in_place(tmp_path: Path) -> None:
    """`-o /dev/null --force` must not rename a temporary file over the device (it did: /dev/null became a file)."""
    import os
    import stat
    import threading

    db = tmp_path / "r.sqlite"
    runner.invoke(app, ["audit", str(SEED_DOCX), "--db", str(db), "-q"])
    pipe = tmp_path / "管道"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    reported = runner.invoke(app, ["report", "--db", str(db), "--format", "key-figures", "-o", str(pipe), "--force"])
    reader.join(timeout=30)
    assert reported.exit_code == 0
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert received[0].decode("utf-8-sig").splitlines()[1].startswith(f"{SEED_DOCX},docx,三河市泃阳西大街街道办事处,2020,预算,2999.85,")
