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
from conftest import ROOT, SEED_DOCX, SEED_XLSX

runner = CliRunner()


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
        # The 绩效目标表 are the seed's, unchanged, with the seed's own indicator findings (pinned in
        # test_performance_rules.py); the generator varies, and its manifest covers, the other packs.
        files = [str(out / name) for name in entry["files"]]
        result = runner.invoke(app, ["audit", *files, "--format", "json", "--ignore", "performance"])
        codes[entry["package"]] = result.exit_code
        for document in json.loads(result.stdout)["documents"]:
            documents[str(Path(document["path"]).relative_to(out))] = document
    return codes, documents


def test_manifest_lists_every_package_with_its_two_files(corpus: tuple[Path, list[dict]]) -> None:
    out, manifest = corpus
    assert [entry["package"] for entry in manifest] == [f"pkg{n:05d}" for n in range(1, PACKAGES + 1)]
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["packages"] == manifest
    for entry in manifest:
        docx, xlsx = entry["files"]
        assert docx == f"{entry['package']}/{entry['issuer']}{entry['year']}年部门预算公开.docx"
        assert xlsx == f"{entry['package']}/{entry['issuer']}{entry['year']}年部门预算公开_政府采购与固定资产.xlsx"
        assert (out / docx).is_file() and (out / xlsx).is_file()
    assert len({(entry["issuer"], entry["year"]) for entry in manifest}) == PACKAGES
    kinds = sorted(entry["injected"]["kind"] for entry in manifest if entry["injected"])
    assert kinds == sorted(make_corpus.INJECTIONS)


def test_clean_packages_pass_every_check(corpus: tuple[Path, list[dict]], audited: tuple[dict[str, int], dict[str, dict]]) -> None:
    _, manifest = corpus
    codes, documents = audited
    assert {package: code for package, code in codes.items() if code != 1} == {entry["package"]: 0 for entry in manifest if entry["injected"] is None}
    injected_files = {entry["injected"]["file"] for entry in manifest if entry["injected"]}
    clean = [name for entry in manifest for name in entry["files"] if name not in injected_files]
    assert len(clean) == 2 * PACKAGES - 7
    # A varied package runs and passes exactly the checks the seed package does.
    result = runner.invoke(app, ["audit", str(SEED_DOCX), str(SEED_XLSX), "--format", "json", "--ignore", "performance"])
    seed_docx, seed_xlsx = (document["checks"] for document in json.loads(result.stdout)["documents"])
    assert seed_docx["failed"] == seed_docx["rounding"] == seed_docx["insufficient_data"] == 0
    assert seed_docx["passed"] >= 41 and seed_xlsx["passed"] >= 28
    for name in clean:
        document = documents[name]
        assert document["findings"] == [], name
        assert document["checks"] == (seed_docx if name.endswith(".docx") else seed_xlsx), name


def test_injected_errors_give_exactly_the_manifest_findings(corpus: tuple[Path, list[dict]], audited: tuple[dict[str, int], dict[str, dict]]) -> None:
    _, manifest = corpus
    codes, documents = audited
    for entry in manifest:
        injected = entry["injected"]
        if injected is None:
            continue
        assert codes[entry["package"]] == 1
        [finding] = documents[injected["file"]]["findings"]
        got = (finding["rule"], finding["category"], finding["severity"], Decimal(finding["expected"]), Decimal(finding["actual"]))
        want = (injected["rule"], injected["category"], injected["severity"], Decimal(injected["expected"]), Decimal(injected["actual"]))
        assert got == want, entry["package"]
        other = next(name for name in entry["files"] if name != injected["file"])
        assert documents[other]["findings"] == []


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


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = make_corpus.make_corpus(tmp_path / "a", 2, 0.5, seed=3)
    second = make_corpus.make_corpus(tmp_path / "b", 2, 0.5, seed=3)
    assert first == second
    for entry in first:
        for name in entry["files"]:
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
