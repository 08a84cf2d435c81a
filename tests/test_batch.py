"""Batch audits through the CLI: folders, archives, packages, worker failures, the results store and resume.

Runs that must survive a worker being killed, or be interrupted, go through a child process (`run_cli`) whose
prologue patches budgetcheck.batch.work.load_document: workers are forked from it, so they inherit the patch.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetcheck.batch.inputs import collect, group, name_stem
from budgetcheck.cli import app

from conftest import SEED_DOCX, SEED_TXT, SEED_XLSX

runner = CliRunner()

# Workers that misbehave on files named so: killed, hanging, or asking for 8 GB.  Run first in a child-process
# CLI (PROLOGUE), whose local workers are forked from it; as a sitecustomize module, it reaches the fresh
# interpreters of Dask workers and their child processes too.
MISBEHAVING = """
import os, signal, sys, time
import budgetcheck.batch.work as work
original = work.load_document
def misbehaving(item, *limits):
    name = os.path.basename(item.name)
    if name.startswith("致命"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("卡住"):
        time.sleep(60)
    if name.startswith("卡死"):  # stuck where the alarm cannot reach, as in a C library
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    if name.startswith("贪吃"):
        bytearray(8 * 1024 ** 3)
    return original(item, *limits)
work.load_document = misbehaving
import budgetcheck.batch.pool as pool
pool._HARD_DEADLINE_GRACE = 0.5  # the pool's outside deadline: per-file limit x (files + 1) + this
"""

# A child-process CLI with misbehaving workers, interrupted (Ctrl-C) after STOP_AFTER_PACKAGES packages if set.
PROLOGUE = MISBEHAVING + """
import budgetcheck.batch.store as store
stop_after = int(os.environ.get("STOP_AFTER_PACKAGES", "0"))
if stop_after:
    # A test run started in the background (cmd &) ignores SIGINT, and a child inherits that: Python then
    # installs no KeyboardInterrupt handler.  A terminal's Ctrl-C reaches a command that has one.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    written = []
    write = store.ResultStore.write_package
    def write_then_interrupt(self, package, rows):
        write(self, package, rows)
        written.append(package)
        if len(written) == stop_after:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, as a terminal sends it
    store.ResultStore.write_package = write_then_interrupt
from budgetcheck.cli import main
sys.argv = ["budgetcheck", *sys.argv[1:]]
main()
"""


# The batch mechanics are tested on the seed's arithmetic packs, where its copies are clean; its
# 绩效目标表 and completeness findings are pinned in test_seed_findings.py.
SEED_PACKS = ("--select", "narrative,procurement,assets")


def run_cli(*arguments: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROLOGUE, *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})},
    )


def documents(stdout: str) -> dict[str, dict]:
    return {document["path"]: document for document in json.loads(stdout)["documents"]}


def department(folder: Path, with_tables: bool = True) -> Path:
    """A department's package: the seed narrative and, optionally, its tables workbook."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED_DOCX, folder / "部门预算公开.docx")
    if with_tables:
        shutil.copy(SEED_XLSX, folder / "部门预算公开_政府采购与固定资产.xlsx")
    return folder


# --- folders with good, bad and hostile files ------------------------------------------------------


def mixed_folder(root: Path) -> Path:
    folder = root / "报送"
    department(folder / "教育局")
    department(folder / "卫健委", with_tables=False)
    shutil.copy(SEED_TXT, folder / "卫健委" / "说明.txt")
    bad = folder / "民政局"
    bad.mkdir()
    data = SEED_DOCX.read_bytes()
    (bad / "截断.docx").write_bytes(data[: len(data) // 2])
    (bad / "空.xlsx").write_bytes(b"")
    (bad / "旧版.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (bad / "回环").symlink_to(folder)  # a link loop: not followed
    (bad / "~$锁文件.docx").write_bytes(b"lock")  # Office's lock file: not a document
    (bad / "照片.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not a document type: not collected
    return folder


def test_folder_of_good_bad_and_hostile_files_gives_one_result_per_file(tmp_path: Path) -> None:
    folder = mixed_folder(tmp_path)
    result = runner.invoke(app, ["audit", *SEED_PACKS, str(folder), "--format", "json", "--jobs", "2"])
    assert result.exit_code == 2
    found = documents(result.stdout)
    edu, health, civil = folder / "教育局", folder / "卫健委", folder / "民政局"
    assert sorted(found) == sorted(
        str(path)
        for path in (
            civil / "截断.docx", civil / "旧版.doc", civil / "空.xlsx",
            health / "说明.txt", health / "部门预算公开.docx",
            edu / "部门预算公开.docx", edu / "部门预算公开_政府采购与固定资产.xlsx",
        )
    )
    assert {path: document["status"] for path, document in found.items()} == {
        str(civil / "截断.docx"): "unreadable", str(civil / "旧版.doc"): "unreadable", str(civil / "空.xlsx"): "unreadable",
        str(health / "说明.txt"): "checked", str(health / "部门预算公开.docx"): "checked",
        str(edu / "部门预算公开.docx"): "checked", str(edu / "部门预算公开_政府采购与固定资产.xlsx"): "checked",
    }
    assert found[str(civil / "空.xlsx")]["error"] == f"{civil / '空.xlsx'}：文件为空（0 字节），请重新导出"
    assert {document["package"] for document in found.values()} == {str(edu), str(health), str(civil)}
    # the seed is a clean disclosure: 41 checks on each copy of its narrative, none failing
    assert found[str(edu / "部门预算公开.docx")]["checks"]["run"] == 41
    assert found[str(edu / "部门预算公开.docx")]["findings"] == []
    summary = json.loads(result.stdout)["summary"]
    assert [(row["package"], row["files"], row["unreadable"], row["errors"]) for row in summary["packages"]] == [
        (str(health), 2, 0, 0), (str(edu), 2, 0, 0), (str(civil), 3, 3, 0),
    ]
    assert summary["top_rules"] == [{"rule": "I001", "title": "", "findings": 3, "documents": 3}]


def test_folder_of_good_files_exits_zero_and_summarises_packages(tmp_path: Path) -> None:
    department(tmp_path / "报送" / "教育局")
    department(tmp_path / "报送" / "卫健委")
    result = runner.invoke(app, ["audit", *SEED_PACKS, str(tmp_path / "报送"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "批量审核汇总" in lines
    assert lines[-1] == "共 4 个文件：错误 0 条，警告 0 条"
    assert "最常见的问题规则" not in result.output  # nothing failed


def test_failing_findings_across_a_batch_exit_one(tmp_path: Path) -> None:
    good = department(tmp_path / "报送" / "教育局", with_tables=False)
    wrong = tmp_path / "报送" / "卫健委"
    wrong.mkdir()
    text = SEED_TXT.read_text(encoding="utf-8").replace("2999.85", "2999.95", 1)
    (wrong / "说明.txt").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["audit", *SEED_PACKS, str(tmp_path / "报送"), "--format", "json"])
    assert result.exit_code == 1
    found = documents(result.stdout)
    assert found[str(good / "部门预算公开.docx")]["findings"] == []
    assert {f["rule"] for f in found[str(wrong / "说明.txt")]["findings"] if f["severity"] == "error"}
    top = json.loads(result.stdout)["summary"]["top_rules"]
    assert top and all(entry["documents"] == 1 for entry in top)


# --- workers that die, hang or run out of memory ------------------------------------------------------


def test_a_worker_killed_mid_file_becomes_an_input_finding_and_the_batch_completes(tmp_path: Path) -> None:
    folder = tmp_path / "报送"
    department(folder / "教育局")
    shutil.copy(SEED_TXT, folder / "教育局" / "致命.txt")  # its worker is SIGKILLed while reading it
    department(folder / "卫健委")
    run = run_cli("audit", *SEED_PACKS, str(folder), "--format", "json", "--jobs", "2", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    found = documents(run.stdout)
    killed = str(folder / "教育局" / "致命.txt")
    assert found[killed]["status"] == "unreadable"
    assert found[killed]["error"] == f"{killed}：处理该文件的进程意外终止（SIGKILL），已跳过；请加 --debug 重新运行并报告此问题"
    assert found[killed]["findings"][0]["rule"] == "I001"
    # its neighbours in the same package were retried one by one and audited; the other package too
    assert sorted(path for path, document in found.items() if document["status"] == "checked") == sorted(
        str(folder / name) for name in ("教育局/部门预算公开.docx", "教育局/部门预算公开_政府采购与固定资产.xlsx", "卫健委/部门预算公开.docx", "卫健委/部门预算公开_政府采购与固定资产.xlsx")
    )
    assert run.stderr.splitlines() == [found[killed]["error"]]


def test_a_hanging_file_and_a_file_out_of_memory_are_stopped_by_their_limits(tmp_path: Path) -> None:
    folder = department(tmp_path / "报送")
    shutil.copy(SEED_TXT, folder / "卡住.txt")
    shutil.copy(SEED_TXT, folder / "贪吃.txt")
    shutil.copy(SEED_TXT, folder / "卡死.txt")
    run = run_cli("audit", *SEED_PACKS, str(folder), "--package-by", "file", "--timeout", "1", "--memory-limit", "1024", "--format", "json", "--lang", "en", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    found = documents(run.stdout)
    hung, greedy = str(folder / "卡住.txt"), str(folder / "贪吃.txt")
    assert found[hung]["error"] == f"{hung}: processing exceeded the time limit (1 s) and was stopped; raise it with --timeout"
    stuck = str(folder / "卡死.txt")
    assert found[stuck]["error"] == f"{stuck}: processing exceeded the time limit (1 s) and was stopped; raise it with --timeout"
    assert found[greedy]["error"] == f"{greedy}: processing exceeded the memory limit (1024 MB) and was stopped; raise it with --memory-limit"
    assert [found[str(folder / name)]["status"] for name in ("部门预算公开.docx", "部门预算公开_政府采购与固定资产.xlsx")] == ["checked", "checked"]


# --- the results store: resume, and reports without re-auditing ----------------------------------------


def store_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of the store except timings, in a stable order (benchmarks/bench_resume.py compares the same)."""
    from budgetcheck.batch.store import ResultStore

    with ResultStore(path, create=False) as store:
        return store.comparable_rows()


def corpus(root: Path) -> Path:
    folder = root / "报送"
    for name in ("甲街道", "乙街道", "丙街道", "丁镇"):
        department(folder / name)
    data = SEED_DOCX.read_bytes()
    (folder / "丁镇" / "截断.docx").write_bytes(data[: len(data) // 3])
    return folder


def test_an_interrupted_run_resumes_and_ends_with_the_same_store_as_a_clean_run(tmp_path: Path) -> None:
    folder = corpus(tmp_path)
    clean = run_cli("audit", *SEED_PACKS, str(folder), "--db", str(tmp_path / "clean.sqlite"), "--jobs", "2", "-q", cwd=tmp_path)
    assert clean.returncode == 2, clean.stderr

    resumed_db = tmp_path / "resumed.sqlite"
    stopped = run_cli("audit", *SEED_PACKS, str(folder), "--db", str(resumed_db), "--jobs", "1", "-q", cwd=tmp_path, env={"STOP_AFTER_PACKAGES": "2"})
    assert stopped.returncode == 130, stopped.stderr
    assert stopped.stderr.splitlines()[-1].startswith("已中断：已审核 ")
    assert stopped.stderr.splitlines()[-1].endswith(f"/9 个文件，结果已保存在 {resumed_db}，重新运行同一命令即可继续")
    assert "Traceback" not in stopped.stderr
    stored = len(store_rows(resumed_db)["documents"])
    assert 0 < stored < 9  # whole packages only: an interrupted run leaves no half-written package

    resumed = run_cli("audit", *SEED_PACKS, str(folder), "--db", str(resumed_db), "--jobs", "2", "-q", cwd=tmp_path)
    assert resumed.returncode == 2
    assert f"结果库中已有 {stored} 个相同内容的文件，已跳过" in resumed.stderr.splitlines()
    assert store_rows(resumed_db) == store_rows(tmp_path / "clean.sqlite")


def test_a_changed_file_is_audited_again_and_unchanged_ones_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "报送"
    department(folder / "甲")
    changed = department(folder / "乙", with_tables=False) / "部门预算公开.docx"
    db = tmp_path / "r.sqlite"
    assert runner.invoke(app, ["audit", *SEED_PACKS, str(folder), "--db", str(db), "-q"]).exit_code == 0
    shutil.copy(SEED_TXT, changed.with_name("说明.txt"))  # 乙 gains a file: its package is audited again
    result = runner.invoke(app, ["audit", *SEED_PACKS, str(folder), "--db", str(db), "-q"])
    assert result.exit_code == 0
    assert "结果库中已有 2 个相同内容的文件，已跳过" in result.output  # 甲's two files
    assert len(store_rows(db)["documents"]) == 4


def test_report_from_the_store_equals_the_report_of_the_audit(tmp_path: Path) -> None:
    folder = mixed_folder(tmp_path)
    db = tmp_path / "r.sqlite"
    audited = runner.invoke(app, ["audit", *SEED_PACKS, str(folder), "--db", str(db), "--format", "json", "--verbose"])
    assert audited.exit_code == 2
    reported = runner.invoke(app, ["report", "--db", str(db), "--format", "json"])
    assert reported.exit_code == 2  # the audit's exit code: an unreadable file in the store
    assert json.loads(reported.stdout) == json.loads(audited.stdout)
    as_text = runner.invoke(app, ["audit", *SEED_PACKS, str(folder), "--db", str(db)])
    from_store = runner.invoke(app, ["report", "--db", str(db)])
    assert from_store.stdout == as_text.stdout
    assert from_store.exit_code == as_text.exit_code == 2


def test_report_exit_code_follows_fail_on_like_the_audit(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite"
    audited = runner.invoke(app, ["audit", str(SEED_TXT), "--db", str(db), "-q"])
    assert audited.exit_code == 1  # the seed's K401 error
    assert runner.invoke(app, ["report", "--db", str(db), "-q"]).exit_code == 1
    assert runner.invoke(app, ["report", "--db", str(db), "-q", "--fail-on", "never"]).exit_code == 0
    only_warning = tmp_path / "warning.sqlite"
    assert runner.invoke(app, ["audit", str(SEED_TXT), "--db", str(only_warning), "-q", "--select", "disclosure"]).exit_code == 0  # C102, a warning
    assert runner.invoke(app, ["report", "--db", str(only_warning), "-q"]).exit_code == 0
    assert runner.invoke(app, ["report", "--db", str(only_warning), "-q", "--fail-on", "warning"]).exit_code == 1


def test_report_refuses_a_missing_or_foreign_store_and_an_unknown_format(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["report", "--db", str(tmp_path / "无.sqlite")])
    assert (missing.exit_code, missing.output.strip()) == (2, f"{tmp_path / '无.sqlite'}：结果库不存在")
    foreign = tmp_path / "other.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    refused = runner.invoke(app, ["report", "--db", str(foreign), "--lang", "en"])
    assert (refused.exit_code, refused.output.strip()) == (2, f"{foreign}: not a budgetcheck results store (no meta table)")
    db = tmp_path / "r.sqlite"
    runner.invoke(app, ["audit", *SEED_PACKS, str(SEED_TXT), "--db", str(db), "-q"])
    unknown = runner.invoke(app, ["report", "--db", str(db), "--format", "pptx", "--lang", "en"])
    assert unknown.exit_code == 2
    assert unknown.output.startswith("unknown report format pptx; one of text, json")


def test_a_store_refuses_a_run_with_other_options(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite"
    assert runner.invoke(app, ["audit", *SEED_PACKS, str(SEED_TXT), "--db", str(db), "-q"]).exit_code == 0
    result = runner.invoke(app, ["audit", str(SEED_TXT), "--db", str(db), "--select", "arithmetic", "--rounding", "truncate"])
    assert result.exit_code == 2
    assert result.output.strip() == f"{db}：该结果库由不同的审核选项生成（rounding, rules），请换用新的 --db 文件"


def test_the_store_keeps_timings_apart_from_the_rows_it_compares(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite"
    runner.invoke(app, ["audit", *SEED_PACKS, str(SEED_DOCX), "--db", str(db), "-q"])
    with sqlite3.connect(db) as connection:
        load_seconds, audit_seconds = connection.execute("SELECT load_seconds, audit_seconds FROM documents").fetchone()
    assert load_seconds > 0 and audit_seconds > 0
    rows = store_rows(db)
    assert sorted(rows) == ["checks", "documents", "findings", "meta"]
    assert len(rows["documents"][0]) == 11  # every column of documents but the two timings
    assert len(rows["checks"]) == 41 and rows["findings"] == []  # the seed narrative is clean for these packs


# --- archives ------------------------------------------------------------------------------------------


GBK_PLACEHOLDER = "abcdefghijk.txt"  # as many bytes as "民政局/说明.txt" in GBK


def test_a_zip_is_read_in_memory_and_nothing_is_written_to_disk(tmp_path: Path) -> None:
    work = tmp_path / "工作"
    work.mkdir()
    archive = work / "报送材料.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(SEED_DOCX, "教育局/说明.docx")
        out.write(SEED_XLSX, "教育局/表格.xlsx")
        out.write(SEED_TXT, "卫健委/说明.txt")
        out.writestr("../../逃逸.txt", SEED_TXT.read_bytes())  # zip-slip: only ever a label
        out.writestr(GBK_PLACEHOLDER, SEED_TXT.read_bytes())
        out.writestr("__MACOSX/教育局/._说明.docx", b"\x00\x05\x16\x07")
    # as Chinese Windows writes it: the name in GBK bytes, without the UTF-8 flag
    archive.write_bytes(archive.read_bytes().replace(GBK_PLACEHOLDER.encode(), "民政局/说明.txt".encode("gbk")))
    temporary = tmp_path / "临时"
    temporary.mkdir()
    before = sorted(tmp_path.rglob("*"))
    run = run_cli("audit", *SEED_PACKS, str(archive), "--format", "json", "--jobs", "2", cwd=work, env={"TMPDIR": str(temporary)})
    assert run.returncode == 0, run.stderr
    assert sorted(tmp_path.rglob("*")) == before  # nothing extracted, nothing escaped, no temporary file
    found = documents(run.stdout)
    assert sorted(found) == sorted(
        f"{archive}!/{name}" for name in ("../../逃逸.txt", "卫健委/说明.txt", "教育局/表格.xlsx", "教育局/说明.docx", "民政局/说明.txt")
    )
    assert all(document["status"] == "checked" for document in found.values())
    assert found[f"{archive}!/教育局/说明.docx"]["package"] == f"{archive}!/教育局"
    assert found[f"{archive}!/教育局/说明.docx"]["checks"]["run"] == 41


def test_a_zip_bomb_in_a_folder_is_refused_and_the_rest_audited(tmp_path: Path) -> None:
    folder = department(tmp_path / "报送")
    with zipfile.ZipFile(folder / "附件.zip", "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("大.txt", b"0" * (80 * 1024 * 1024))
    result = runner.invoke(app, ["audit", *SEED_PACKS, str(folder), "--format", "json", "--memory-limit", "0"])
    assert result.exit_code == 2
    found = documents(result.stdout)
    bomb = str(folder / "附件.zip")
    assert found[bomb]["error"].startswith(f"{bomb}：文件超出安全限制（大.txt: 83886080 bytes > 67108864），")
    assert found[str(folder / "部门预算公开.docx")]["status"] == "checked"


def test_a_zip_inside_a_zip_is_read_in_memory(tmp_path: Path) -> None:
    inner = tmp_path / "内.zip"
    with zipfile.ZipFile(inner, "w") as out:
        out.write(SEED_TXT, "说明.txt")
    outer = tmp_path / "外.zip"
    with zipfile.ZipFile(outer, "w") as out:
        out.write(inner, "乡镇/内.zip")
    inner.unlink()
    result = runner.invoke(app, ["audit", *SEED_PACKS, str(outer), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert list(documents(result.stdout)) == [f"{outer}!/乡镇/内.zip!/说明.txt"]


# --- inputs and packages -----------------------------------------------------------------------------


def test_globs_and_missing_patterns(tmp_path: Path) -> None:
    department(tmp_path / "甲")
    department(tmp_path / "乙", with_tables=False)
    found = collect([str(tmp_path / "*" / "*.docx")])
    assert [item.name for item in found] == [str(tmp_path / "乙" / "部门预算公开.docx"), str(tmp_path / "甲" / "部门预算公开.docx")]
    pattern = str(tmp_path / "*.pdf")
    result = runner.invoke(app, ["audit", *SEED_PACKS, pattern])
    assert (result.exit_code, result.output.strip()) == (2, f"{pattern}：没有与此模式匹配的文件")


def test_package_grouping(tmp_path: Path) -> None:
    for name in ("X街道2020年部门预算公开.docx", "X街道2020年部门预算公开_政府采购.xlsx", "Y局2019年度部门预算公开文件.pdf", "Y局2019年度部门预算公开表格.pdf"):
        (tmp_path / "乡镇").mkdir(exist_ok=True)
        (tmp_path / "乡镇" / name).write_bytes(b"x")
    files = collect([str(tmp_path / "乡镇")])
    by_stem = {package.name: [Path(item.name).name for item in package.files] for package in group(files, "stem")}
    assert by_stem == {
        f"{tmp_path / '乡镇'}/X街道2020年部门预算公开": ["X街道2020年部门预算公开.docx", "X街道2020年部门预算公开_政府采购.xlsx"],
        f"{tmp_path / '乡镇'}/Y局2019年度部门预算公开": ["Y局2019年度部门预算公开文件.pdf", "Y局2019年度部门预算公开表格.pdf"],
    }
    assert [len(package.files) for package in group(files, "folder")] == [4]
    assert [len(package.files) for package in group(files, "file")] == [1, 1, 1, 1]
    # files named one by one stay one package, as before batches existed
    explicit = collect([str(SEED_DOCX), str(SEED_XLSX)])
    assert [(package.name, len(package.files)) for package in group(explicit)] == [("", 2)]
    assert name_stem("预算.docx") == "预算"


def test_a_pipe_gets_no_progress_bar_and_a_terminal_does() -> None:
    import io

    from rich.console import Console

    from budgetcheck.batch.progress import progress_bar
    from budgetcheck.batch.run import BatchProgress

    for terminal in (False, True):
        stream = io.StringIO()
        progress = BatchProgress(total_files=4)
        with progress_bar(Console(file=stream, force_terminal=terminal, width=100), progress, "zh"):
            assert (progress.on_package is not None) is terminal
            for _ in range(2 if terminal else 0):
                progress.on_package(2)
        assert ("文件/秒" in stream.getvalue()) is terminal
        assert ("4/4" in stream.getvalue()) is terminal


# --- Dask --------------------------------------------------------------------------------------------


def test_dask_gives_the_same_findings_as_local_workers(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    folder = corpus(tmp_path)
    wrong = folder / "乙街道" / "说明.txt"
    wrong.write_text(SEED_TXT.read_text(encoding="utf-8").replace("2999.85", "2999.95", 1), encoding="utf-8")
    local = runner.invoke(app, ["audit", *SEED_PACKS, str(folder), "--format", "json", "--jobs", "2", "--db", str(tmp_path / "local.sqlite")])
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        on_dask = runner.invoke(app, ["audit", *SEED_PACKS, str(folder), "--format", "json", "--dask-scheduler", cluster.scheduler_address, "--db", str(tmp_path / "dask.sqlite")])
        sent = runner.invoke(app, ["audit", *SEED_PACKS, str(folder), "--format", "json", "--dask-scheduler", cluster.scheduler_address, "--dask-send-files"])
    assert (local.exit_code, on_dask.exit_code, sent.exit_code) == (2, 2, 2)
    assert json.loads(on_dask.stdout) == json.loads(local.stdout)
    assert json.loads(sent.stdout) == json.loads(local.stdout)
    assert any(document["findings"] and document["status"] == "checked" for document in documents(local.stdout).values())
    assert store_rows(tmp_path / "dask.sqlite") == store_rows(tmp_path / "local.sqlite")


def test_on_dask_a_file_that_hangs_crashes_or_overeats_is_named_as_by_local_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-file time limit, the memory cap and the retry file by file hold on Dask's (daemonic) worker processes."""
    distributed = pytest.importorskip("distributed")
    folder = tmp_path / "报送"
    shutil.copy(SEED_TXT, department(folder / "教育局") / "致命.txt")  # kills the process auditing it
    department(folder / "卫健委")
    (folder / "财政局").mkdir()
    shutil.copy(SEED_TXT, folder / "财政局" / "卡死.txt")  # stuck where the alarm cannot reach, alone: killed at 2.5 s
    civil = folder / "民政局"
    civil.mkdir()
    shutil.copy(SEED_TXT, civil / "卡住.txt")
    shutil.copy(SEED_TXT, civil / "贪吃.txt")
    (civil / "说明.txt").write_text(SEED_TXT.read_text(encoding="utf-8").replace("2999.85", "2999.95", 1), encoding="utf-8")
    arguments = ("audit", *SEED_PACKS, str(folder), "--timeout", "1", "--memory-limit", "1024", "--format", "json")
    local = run_cli(*arguments, "--jobs", "2", cwd=tmp_path)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(MISBEHAVING, encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, (str(hooks), os.environ.get("PYTHONPATH")))))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        on_dask = runner.invoke(app, [*arguments, "--dask-scheduler", cluster.scheduler_address])
    assert (local.returncode, on_dask.exit_code) == (2, 2), local.stderr
    assert json.loads(on_dask.stdout) == json.loads(local.stdout)
    found = documents(on_dask.stdout)
    killed, stuck, hung, greedy = (str(path) for path in (folder / "教育局" / "致命.txt", folder / "财政局" / "卡死.txt", civil / "卡住.txt", civil / "贪吃.txt"))
    assert {path: document["error"] for path, document in found.items() if document["status"] == "unreadable"} == {
        killed: f"{killed}：处理该文件的进程意外终止（SIGKILL），已跳过；请加 --debug 重新运行并报告此问题",
        stuck: f"{stuck}：处理超过时间限制（1 s），已跳过；可用 --timeout 放宽",
        hung: f"{hung}：处理超过时间限制（1 s），已跳过；可用 --timeout 放宽",
        greedy: f"{greedy}：处理时超出内存限制（1024 MB），已跳过；可用 --memory-limit 放宽",
    }
    assert sorted(path for path, document in found.items() if document["status"] == "checked") == sorted(
        str(folder / name)
        for name in ("教育局/部门预算公开.docx", "教育局/部门预算公开_政府采购与固定资产.xlsx", "卫健委/部门预算公开.docx", "卫健委/部门预算公开_政府采购与固定资产.xlsx", "民政局/说明.txt")
    )
    assert {f["rule"] for f in found[str(civil / "说明.txt")]["findings"]} == {f["rule"] for f in documents(local.stdout)[str(civil / "说明.txt")]["findings"]} != set()


def test_an_unreachable_dask_scheduler_is_named_with_its_cause() -> None:
    pytest.importorskip("distributed")
    from budgetcheck.batch.dask_cluster import DaskUnavailable, connect

    with pytest.raises(DaskUnavailable) as raised:
        connect("tcp://127.0.0.1:9", timeout=1)
    assert raised.value.message("en").startswith("tcp://127.0.0.1:9: cannot reach the Dask scheduler (")
    assert raised.value.message("zh").startswith("tcp://127.0.0.1:9：无法连接 Dask 调度器（")


def test_work_units_and_their_outcomes_survive_pickling(tmp_path: Path) -> None:
    """Workers receive packages and send outcomes by pickle; one that cannot be unpickled stalls the pool's worker."""
    import pickle

    from budgetcheck.batch.work import WorkLimits, audit_unit
    from budgetcheck.engine.audit import AuditOptions
    from budgetcheck.engine.rules import builtin_rules

    from budgetcheck.batch.inputs import Package

    (tmp_path / "空.docx").write_bytes(b"")
    shutil.copy(SEED_TXT, tmp_path / "说明.txt")
    no_match = collect([str(tmp_path / "无*.pdf")])  # an input that carries its InputError to the worker
    package = Package("报送", collect([str(tmp_path)]) + no_match)
    options = AuditOptions(rules=builtin_rules())
    sent = pickle.loads(pickle.dumps(package))
    assert [(item.name, item.error and (item.error.code, item.error.path)) for item in sent.files] == [
        (str(tmp_path / "空.docx"), None), (str(tmp_path / "说明.txt"), None), (str(tmp_path / "无*.pdf"), ("no_match", str(tmp_path / "无*.pdf"))),
    ]
    outcomes = audit_unit(package, options, WorkLimits(), figures=True)
    assert [outcome.result.status for outcome in outcomes] == ["unreadable", "checked", "unreadable"]
    again = pickle.loads(pickle.dumps(outcomes))
    assert [outcome.result.to_dict() for outcome in again] == [outcome.result.to_dict() for outcome in outcomes]
    assert again[1].key_figures == outcomes[1].key_figures != {}


def test_a_file_sent_with_its_task_is_read_from_the_bytes_it_carries(tmp_path: Path) -> None:
    """--dask-send-files: a worker on another machine has no copy of the file, only the bytes sent along."""
    from budgetcheck.batch.inputs import Package
    from budgetcheck.batch.work import WorkLimits, audit_unit
    from budgetcheck.engine.audit import AuditOptions
    from budgetcheck.engine.rules import builtin_rules

    shutil.copy(SEED_DOCX, tmp_path / "说明.docx")
    (local,) = collect([str(tmp_path / "说明.docx")])
    options = AuditOptions(rules=builtin_rules())
    (from_disk,) = audit_unit(Package("报送", [local]), options, WorkLimits())
    sent = local.carrying_content()
    (tmp_path / "说明.docx").unlink()  # gone from disk: only the payload is left
    (outcome,) = audit_unit(Package("报送", [sent]), options, WorkLimits())
    assert (outcome.result.path, outcome.result.status) == (str(tmp_path / "说明.docx"), "checked")
    assert outcome.result.to_dict() == from_disk.result.to_dict() and from_disk.result.counts()["run"] > 41
