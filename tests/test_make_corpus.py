"""benchmarks/make_corpus.py: varied packages audit clean, injected errors give exactly the manifest's findings."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.cli import app
from conftest import ROOT, SAMPLES, SEED_DOCX, SEED_STEM, SEED_XLSX

runner = CliRunner()
SEED_TABLES = SAMPLES / f"{SEED_STEM}_预算公开表.xlsx"
# The checks of the amounts the generator varies.  The 绩效目标表 and the section texts are the seed's,
# unchanged, with the seed's own indicator and completeness findings (pinned in their own tests).
VARIED = ("--select", "arithmetic,year-over-year,cross-reference", "--ignore", "performance")


def load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules.setdefault("make_corpus", module)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


make_corpus = load_generator()
PACKAGES = 10
ERROR_SHARE = 0.7  # 7 injected: one of every kind


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("corpus")
    manifest = make_corpus.make_corpus(out, PACKAGES, ERROR_SHARE, seed=7)
    return out, manifest


@pytest.fixture(scope="module")
def audited(corpus: tuple[Path, list[dict]]) -> tuple[dict[str, int], dict[str, dict]]:
    """Each package audited as a bureau would: its two files together. Exit codes by package, results by file."""
    out, manifest = corpus
    codes: dict[str, int] = {}
    documents: dict[str, dict] = {}
    for entry in manifest:
        files = [str(out / name) for name in entry["files"]]
        result = runner.invoke(app, ["audit", *files, "--format", "json", *VARIED])
        codes[entry["package"]] = result.exit_code
        for document in json.loads(result.stdout)["documents"]:
            documents[str(Path(document["path"]).relative_to(out))] = document
    return codes, documents


def test_manifest_lists_every_package_with_its_three_files(corpus: tuple[Path, list[dict]]) -> None:
    out, manifest = corpus
    assert [entry["package"] for entry in manifest] == [f"pkg{n:05d}" for n in range(1, PACKAGES + 1)]
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["packages"] == manifest
    for entry in manifest:
        stem = f"{entry['package']}/{entry['issuer']}{entry['year']}年部门预算公开"
        assert entry["files"] == [f"{stem}.docx", f"{stem}_政府采购与固定资产.xlsx", f"{stem}_预算公开表.xlsx"]
        assert all((out / name).is_file() for name in entry["files"])
    assert len({(entry["issuer"], entry["year"]) for entry in manifest}) == PACKAGES
    kinds = sorted(entry["injected"]["kind"] for entry in manifest if entry["injected"])
    assert kinds == sorted(make_corpus.INJECTIONS)


def test_clean_packages_pass_every_check(corpus: tuple[Path, list[dict]], audited: tuple[dict[str, int], dict[str, dict]]) -> None:
    _, manifest = corpus
    codes, documents = audited
    assert {package: code for package, code in codes.items() if code != 1} == {entry["package"]: 0 for entry in manifest if entry["injected"] is None}
    injected_files = {entry["injected"]["file"] for entry in manifest if entry["injected"]}
    clean = [name for entry in manifest for name in entry["files"] if name not in injected_files]
    assert len(clean) == 3 * PACKAGES - 7
    # A varied package runs and passes exactly the checks the seed package does.
    seed_files = [SEED_DOCX, SEED_XLSX, SEED_TABLES]
    result = runner.invoke(app, ["audit", *map(str, seed_files), "--format", "json", *VARIED])
    seed_checks = [document["checks"] for document in json.loads(result.stdout)["documents"]]
    assert all(checks["failed"] == checks["rounding"] == 0 for checks in seed_checks)
    # T321 cannot compare the text's year-over-year changes with tables that print 2020 only.
    assert [checks["insufficient_data"] for checks in seed_checks] == [2, 0, 0]
    assert seed_checks[0]["passed"] >= 41 and seed_checks[1]["passed"] >= 28 and seed_checks[2]["passed"] > 100
    for entry in manifest:
        for position, name in enumerate(entry["files"]):  # narrative, 政府采购 workbook, standard tables
            if name in injected_files:
                continue
            assert documents[name]["findings"] == [], name
            assert documents[name]["checks"] == seed_checks[position], name


def test_injected_errors_give_exactly_the_manifest_findings(corpus: tuple[Path, list[dict]], audited: tuple[dict[str, int], dict[str, dict]]) -> None:
    _, manifest = corpus
    codes, documents = audited
    for entry in manifest:
        injected = entry["injected"]
        if injected is None:
            continue
        assert codes[entry["package"]] == 1
        found = sorted(
            (name, finding["rule"], finding["category"], finding["severity"], Decimal(finding["expected"]), Decimal(finding["actual"]))
            for name in entry["files"]
            for finding in documents[name]["findings"]
        )
        expected = sorted(
            (injected["file"], want["rule"], want["category"], want["severity"], Decimal(want["expected"]), Decimal(want["actual"]))
            for want in injected["findings"]
        )
        assert found == expected, entry["package"]


def test_key_figures_of_the_corpus_are_the_generated_amounts(corpus: tuple[Path, list[dict]]) -> None:
    out, manifest = corpus
    clean = [entry for entry in manifest if entry["injected"] is None]
    result = runner.invoke(app, ["extract", *(str(out / entry["files"][0]) for entry in clean), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    for entry, row in zip(clean, rows):
        assert (row["单位"], row["年度"]) == (entry["issuer"], str(entry["year"]))
        for column, value in entry["key_figures"].items():
            assert Decimal(row[f"{column}（万元）"]) == Decimal(value), (entry["package"], column)
    # The standard tables (in 元, the 三公 table in 万元) state the same totals.
    result = runner.invoke(app, ["extract", *(str(out / entry["files"][2]) for entry in clean), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    for entry, row in zip(clean, rows):
        for column in ("收入合计", "支出合计", "基本支出", "三公经费"):
            assert Decimal(row[f"{column}（万元）"]) == Decimal(entry["key_figures"][column]), (entry["package"], column)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = make_corpus.make_corpus(tmp_path / "a", 2, 0.5, seed=3)
    second = make_corpus.make_corpus(tmp_path / "b", 2, 0.5, seed=3)
    assert first == second
    for entry in first:
        for name in entry["files"]:
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
