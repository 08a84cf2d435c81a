"""A batch keeps compact results (findings, check counts, unchecked list) and reports exactly what full results give.

Only the --verbose text report, which lists passed checks, keeps every check; the store still receives every
check outcome, made into rows where the package was audited.
"""

from __future__ import annotations

import json
import pickle
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.batch.inputs import Package, collect
from budgetcheck.batch.work import WorkLimits, audit_unit
from budgetcheck.cli import app
from budgetcheck.engine.audit import AuditOptions, audit_document
from budgetcheck.engine.rules import builtin_rules
from budgetcheck.parsers import load
from budgetcheck.report import render_report

from conftest import SEED_DOCX, SEED_XLSX

runner = CliRunner()


def two_departments(root: Path) -> Path:
    for name in ("教育局", "卫健委"):
        folder = root / "报送" / name
        folder.mkdir(parents=True)
        shutil.copy(SEED_DOCX, folder / "部门预算公开.docx")
        shutil.copy(SEED_XLSX, folder / "部门预算公开_政府采购与固定资产.xlsx")
    return root / "报送"


def test_a_compact_result_gives_the_same_report_and_keeps_only_the_checks_that_could_not_run() -> None:
    full = audit_document(load(str(SEED_DOCX)), AuditOptions(rules=builtin_rules()))
    compact = full.compact()
    assert compact.to_dict() == full.to_dict()
    assert compact.counts() == full.counts()
    assert compact.counts()["run"] == len(full.checks) > len(compact.checks)
    assert {check.status for check in compact.checks} == {"insufficient_data"}
    assert len(compact.checks) == full.counts()["insufficient_data"]
    for fmt in ("json", "csv", "md", "html", "text"):
        assert render_report([compact], fmt) == render_report([full], fmt), fmt
    assert compact.compact() is compact


def test_a_builtin_rule_is_pickled_as_its_id_and_read_back_as_the_same_object() -> None:
    rule = builtin_rules()[0]
    data = pickle.dumps(rule)
    assert len(data) < 100
    assert pickle.loads(data) is rule
    changed = type(rule)(**{**rule.__dict__, "severity": "info"})  # not the built-in rule: pickled in full
    again = pickle.loads(pickle.dumps(changed))
    assert again == changed and again is not changed and again.severity == "info"


def test_compact_outcomes_carry_the_store_rows_of_every_check(tmp_path: Path) -> None:
    shutil.copy(SEED_DOCX, tmp_path / "部门预算公开.docx")
    package = Package("报送", collect([str(tmp_path)]))
    options = AuditOptions(rules=builtin_rules())
    (full,) = audit_unit(package, options, WorkLimits(), figures=True)
    (compact,) = pickle.loads(pickle.dumps(audit_unit(package, options, WorkLimits(), figures=True, compact=True)))
    assert compact.result.to_dict() == full.result.to_dict()
    assert compact.check_rows is not None and len(compact.check_rows) == len(full.result.checks)
    assert [row[:3] for row in compact.check_rows] == [(c.rule.id, c.status, c.reason) for c in full.result.checks]
    (without_store,) = audit_unit(package, options, WorkLimits(), compact=True)
    assert without_store.check_rows is None


def test_a_batch_reports_and_stores_the_same_with_compact_and_with_full_results(tmp_path: Path) -> None:
    folder = two_departments(tmp_path)
    compact_db, full_db = tmp_path / "compact.sqlite", tmp_path / "full.sqlite"
    compact = runner.invoke(app, ["audit", str(folder), "--format", "json", "--fail-on", "never", "--jobs", "2", "--db", str(compact_db)])
    # --verbose with the text report keeps every check: the store it writes is the reference for a full result.
    verbose = runner.invoke(app, ["audit", str(folder), "--verbose", "--fail-on", "never", "--jobs", "2", "--db", str(full_db)])
    assert compact.exit_code == verbose.exit_code == 0
    payload = json.loads(compact.stdout)
    assert len(payload["documents"]) == 4 and "summary" in payload
    assert sum(document["checks"]["run"] for document in payload["documents"]) > 1000
    assert any(document["unchecked"] for document in payload["documents"])
    assert _rows(compact_db) == _rows(full_db)
    checks = sqlite3.connect(compact_db).execute("SELECT count(*), count(DISTINCT status) FROM checks").fetchone()
    assert checks[0] == sum(document["checks"]["run"] for document in payload["documents"]) and checks[1] >= 4
    reported = runner.invoke(app, ["report", "--db", str(full_db), "--format", "json"])
    assert reported.stdout == compact.stdout
    listed = [line for line in verbose.stdout.splitlines() if line.startswith("  通过 ")]  # one line per passed check
    assert len(listed) == sum(document["checks"]["passed"] for document in payload["documents"])


def _rows(db: Path) -> dict[str, list[tuple]]:
    from budgetcheck.batch.store import ResultStore

    with ResultStore(db, create=False) as store:
        return store.comparable_rows()


def test_the_json_report_written_document_by_document_is_exactly_the_indented_payload() -> None:
    from dataclasses import replace

    from budgetcheck import __version__
    from budgetcheck.engine.results import DocumentResult
    from budgetcheck.report import report_chunks
    from budgetcheck.report.summary import summary_dict

    full = audit_document(load(str(SEED_DOCX)), AuditOptions(rules=builtin_rules()))
    unreadable = DocumentResult("坏.docx", None, "unreadable", "坏.docx：无法读取\n第二行", "corrupt")
    batch = [replace(full, package="甲"), replace(full.compact(), package="乙"), replace(unreadable, package="乙")]
    for results in ([], [full], [unreadable], batch):
        payload: dict[str, object] = {"tool": "budgetcheck", "version": __version__, "documents": [r.to_dict() for r in results]}
        if results is batch:
            payload["summary"] = summary_dict(results)
        expected = (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        chunks = list(report_chunks(results, "json"))
        assert b"".join(chunks) == expected == render_report(results, "json")
        assert len(chunks) == len(results) + 4 + (results is batch)  # head, each document, "]", the summary, "}", newline


def test_spilled_results_are_read_back_from_disk_in_the_arranged_order() -> None:
    from budgetcheck.batch.spill import SpilledResults
    from budgetcheck.engine.results import DocumentResult

    full = audit_document(load(str(SEED_DOCX)), AuditOptions(rules=builtin_rules()))
    spilled = SpilledResults()
    spilled.add("b.txt", DocumentResult("b.txt", None, "unreadable", "b.txt：无法读取", "corrupt"))
    spilled.add("a.docx", full.compact())
    spilled.add("b.txt", DocumentResult("b.txt", "txt", "checked"))  # the later result of a name replaces the earlier
    spilled.arrange(["a.docx", "b.txt"])
    assert len(spilled) == 2
    assert [result.to_dict() for result in spilled] == [full.to_dict(), DocumentResult("b.txt", "txt", "checked").to_dict()]
    assert spilled[0].counts() == full.counts() and spilled[-1].status == "checked"
    assert [result.path for result in spilled[1:]] == ["b.txt"]
    assert spilled[0].checks[0].rule is full.compact().checks[0].rule  # built-in rules come back as the shared objects
    with pytest.raises(KeyError, match="c.pdf"):  # an input without a result is never reported as missing silently
        spilled.arrange(["a.docx", "c.pdf"])
    spilled.close()
