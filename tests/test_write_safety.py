"""Nothing a command writes ever replaces an input, the results store or a folder; each refusal is one line, exit 2.

The commands are the ones a new user ran; each is checked against every input after folders, globs
and archives are expanded, and the inputs are compared byte for byte afterwards.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from budgetcheck.cli import app
from conftest import SEED_DOCX, SEED_TXT, SEED_XLSX
from report_inputs import seed_inputs
from seed_mutations import mutated_docx


def run(*args: object):
    return CliRunner().invoke(app, [str(arg) for arg in args])


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def b5(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding b5/a.docx and b5/t.xlsx, the seed's two files, as the trial had them."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "b5"
    folder.mkdir()
    shutil.copy(SEED_DOCX, folder / "a.docx")
    shutil.copy(SEED_XLSX, folder / "t.xlsx")
    return folder


# 1. the output is never an input, however the input was named


def test_output_over_a_file_found_in_a_folder_is_refused(b5: Path) -> None:
    before = digests(b5)
    result = run("audit", "b5/", "-o", "b5/a.docx", "--force", "-q")
    assert (result.exit_code, result.output) == (2, "b5/a.docx：输出文件不能是输入文件\n")
    result = run("audit", "b5/", "-o", "b5/a.docx", "--force", "-q", "--lang", "en")
    assert (result.exit_code, result.output) == (2, "b5/a.docx: the output file cannot be one of the inputs\n")
    assert digests(b5) == before


def test_output_over_a_file_matched_by_a_glob_is_refused(b5: Path) -> None:
    before = digests(b5)
    result = run("audit", "b5/*.xlsx", "-o", "b5/t.xlsx", "--force", "--format", "xlsx")
    assert (result.exit_code, result.output) == (2, "b5/t.xlsx：输出文件不能是输入文件\n")
    assert digests(b5) == before


def test_the_same_file_spelt_another_way_or_through_a_link_is_refused(b5: Path) -> None:
    (b5.parent / "link.xlsx").symlink_to(b5 / "t.xlsx")
    before = digests(b5)
    for output in ("./b5/../b5/t.xlsx", "link.xlsx", str(b5 / "t.xlsx")):
        result = run("audit", "./b5/*.xlsx", "-o", output, "--force", "--format", "csv")
        assert (result.exit_code, result.output) == (2, f"{Path(output)}：输出文件不能是输入文件\n")
    assert digests(b5) == before


def test_an_archive_found_in_a_folder_is_an_input(b5: Path) -> None:
    with zipfile.ZipFile(b5 / "pkg.zip", "w") as archive:
        archive.write(b5 / "a.docx", "a.docx")
    before = digests(b5)
    result = run("audit", "b5/", "-o", "b5/pkg.zip", "--force", "--format", "json")
    assert (result.exit_code, result.output) == (2, "b5/pkg.zip：输出文件不能是输入文件\n")
    assert digests(b5) == before


def test_extract_refuses_an_input_reached_through_a_link(b5: Path) -> None:
    shutil.copy(SEED_TXT, b5 / "说明.txt")
    (b5.parent / "link.txt").symlink_to(b5 / "说明.txt")
    before = digests(b5)
    result = run("extract", "link.txt", "-o", "b5/说明.txt", "--force")
    assert (result.exit_code, result.output) == (2, "b5/说明.txt：输出文件不能是输入文件\n")
    assert digests(b5) == before


# 2. the output is never the results store; the store is never an input


def test_output_over_the_results_store_is_refused(b5: Path) -> None:
    result = run("audit", "b5/a.docx", "--db", "r2.sqlite", "-o", "r2.sqlite", "--force", "--format", "json")
    assert (result.exit_code, result.output) == (2, "r2.sqlite：输出文件不能是结果库（--db），请另选文件名\n")
    assert not Path("r2.sqlite").exists()  # refused before the store was made
    assert run("audit", "b5/a.docx", "--db", "r2.sqlite", "-q").exit_code == 1
    stored = Path("r2.sqlite").read_bytes()
    result = run("audit", "b5/a.docx", "--db", "r2.sqlite", "-o", "./r2.sqlite", "--force", "--format", "json", "--lang", "en")
    assert (result.exit_code, result.output) == (2, "r2.sqlite: the output file cannot be the results store (--db); choose another name\n")
    result = run("report", "--db", "r2.sqlite", "-o", "r2.sqlite", "--force")
    assert (result.exit_code, result.output) == (2, "r2.sqlite：输出文件不能是结果库（--db），请另选文件名\n")
    assert Path("r2.sqlite").read_bytes() == stored


def test_a_report_never_replaces_a_file_the_store_was_audited_from(b5: Path) -> None:
    assert run("audit", "b5/", "--db", "s.sqlite", "-q").exit_code == 1
    before = digests(b5)
    result = run("report", "--db", "s.sqlite", "-o", "b5/a.docx", "--force", "--format", "json")
    assert (result.exit_code, result.output) == (2, "b5/a.docx：输出文件不能是输入文件\n")
    result = run("report", "--db", "s.sqlite", "-o", "./b5/../b5/t.xlsx", "--force")
    assert (result.exit_code, result.output) == (2, "b5/../b5/t.xlsx：输出文件不能是输入文件\n")  # as Path prints it
    assert digests(b5) == before


@pytest.mark.parametrize("suffix", ["-journal", "-wal", "-shm"])
def test_the_files_sqlite_keeps_beside_the_store_are_never_an_output(b5: Path, suffix: str) -> None:
    assert run("audit", "b5/a.docx", "--db", "s.sqlite", "-q").exit_code == 1
    result = run("report", "--db", "s.sqlite", "-o", f"s.sqlite{suffix}", "--format", "json")
    assert (result.exit_code, result.output) == (2, f"s.sqlite{suffix}：输出文件不能是结果库（--db），请另选文件名\n")
    result = run("audit", "b5/a.docx", "--db", "s.sqlite", "-o", f"s.sqlite{suffix}", "--format", "json")
    assert (result.exit_code, result.output) == (2, f"s.sqlite{suffix}：输出文件不能是结果库（--db），请另选文件名\n")
    assert not Path(f"s.sqlite{suffix}").exists()


def test_the_results_store_is_never_an_input(b5: Path) -> None:
    (b5 / "empty.txt").write_bytes(b"")  # an empty file is a valid empty SQLite database: it would be written to
    before = digests(b5)
    result = run("audit", "b5/", "--db", "b5/empty.txt")
    assert (result.exit_code, result.output) == (2, "b5/empty.txt：结果库（--db）不能是输入文件\n")
    assert digests(b5) == before


# 3. --annotate: refused before the audit, never a traceback


def test_annotated_copies_into_the_input_folder_are_refused_before_the_audit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "b6").mkdir()
    shutil.copy(SEED_DOCX, tmp_path / "b6" / "a.docx")
    before = digests(tmp_path / "b6")
    result = run("audit", "b6/", "--annotate", "b6/", "--force", "-q")
    assert (result.exit_code, result.output) == (2, "b6/a.docx：标注副本会覆盖原文件，请另选文件夹\n")
    result = run("audit", "b6/", "--annotate", "b6/", "--force", "-q", "--lang", "en")
    assert (result.exit_code, result.output) == (2, "b6/a.docx: the annotated copy would replace the input itself; choose another folder\n")
    assert digests(tmp_path / "b6") == before


def test_a_copy_that_would_replace_another_input_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for folder in ("x", "b6"):
        (tmp_path / folder).mkdir()
        shutil.copy(SEED_DOCX, tmp_path / folder / "a.docx")
    before = digests(tmp_path)
    # x/a.docx's copy is b6/a.docx: the second input
    result = run("audit", "x/a.docx", "b6/a.docx", "--annotate", "b6/", "--force", "-q")
    assert (result.exit_code, result.output) == (2, "b6/a.docx：标注副本会覆盖原文件，请另选文件夹\n")
    assert digests(tmp_path) == before


def test_a_copy_that_would_replace_the_report_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    shutil.copy(SEED_DOCX, tmp_path / "in" / "a.docx")
    (tmp_path / "ann").mkdir()
    result = run("audit", "in/a.docx", "-o", "ann/a.docx", "--annotate", "ann/", "--format", "json")
    assert (result.exit_code, result.output) == (2, "ann/a.docx：标注副本会覆盖本次的报告或结果库，请另选文件夹\n")
    assert list((tmp_path / "ann").iterdir()) == []


def test_a_refusal_found_only_when_writing_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the folder to change between the check and the writing, the refusal is still one line, exit 2."""
    import budgetcheck.cli as cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "b6").mkdir()
    shutil.copy(SEED_DOCX, tmp_path / "b6" / "a.docx")
    before = digests(tmp_path / "b6")
    monkeypatch.setattr(cli, "_check_annotate_targets", lambda *args: None)
    result = run("audit", "b6/", "--annotate", "b6/", "--force", "-q")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "b6/a.docx：标注副本会覆盖原文件，请另选文件夹"
    assert "Traceback" not in result.output
    assert digests(tmp_path / "b6") == before


def test_a_file_that_cannot_be_read_again_is_named_and_the_run_goes_on(tmp_path: Path) -> None:
    from budgetcheck.annotate import annotate_results
    from budgetcheck.engine.results import DocumentResult

    _, source, _ = seed_inputs(tmp_path)
    folder = tmp_path / "annotated"

    def gone(path: str) -> bytes:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", path)

    result = DocumentResult(str(source), "docx", "checked")
    assert list(annotate_results([result], folder, False, "zh", gone)) == [f"{source}：无法再次读取此文件，未生成标注副本（文件或文件夹不存在）"]
    assert list(annotate_results([result], folder, False, "en", gone)) == [
        f"{source}: no annotated copy, the file could not be read again (No such file or directory)"
    ]
    assert not folder.exists()


# 4. members of an archive are annotated from their bytes


def test_members_of_an_archive_are_annotated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = mutated_docx(tmp_path, "1748.39", "1784.39")  # N101 at 第18段
    (tmp_path / "b3").mkdir()
    with zipfile.ZipFile(tmp_path / "b3" / "pkg.zip", "w") as archive:
        archive.write(source, "报送/a.docx")
        archive.write(SEED_XLSX, "报送/t.xlsx")
    before = digests(tmp_path / "b3")
    result = run("audit", "b3/pkg.zip", "--annotate", "ann3/", "--select", "N101,P101", "-q")
    assert result.exit_code == 1
    assert "ann3/a.docx：已写入标注副本，含 1 条问题" in result.output.splitlines()
    assert "ann3/t.xlsx：已写入标注副本，含 0 条问题" in result.output.splitlines()
    comments = list(docx.Document("ann3/a.docx").comments)
    assert [c.text for c in comments] == [
        "错误 N101：支出合计 2999.85万元 不等于所列分项之和 3035.85万元（1251.46 + 1784.39 + 0.00），相差 -36.00万元，容差 0.020万元"
    ]
    assert load_workbook("ann3/t.xlsx").sheetnames == load_workbook(SEED_XLSX).sheetnames
    assert digests(tmp_path / "b3") == before


# 5. the format follows -o's suffix when --format is not given


@pytest.mark.parametrize("suffix", [".xlsx", ".XLSX"])
def test_an_xlsx_output_is_a_workbook(b5: Path, suffix: str) -> None:
    result = run("audit", "b5/a.docx", "-o", f"au{suffix}")
    assert (result.exit_code, result.output) == (1, "")
    assert load_workbook(f"au{suffix}").sheetnames == ["汇总", "问题清单"]


def test_each_known_suffix_picks_its_format(b5: Path) -> None:
    for name in ("r.json", "r.jsonl", "r.csv", "r.html", "r.md", "r.txt", "r.out"):
        assert run("audit", "b5/a.docx", "-o", name).exit_code == 1
    assert json.loads(Path("r.json").read_text(encoding="utf-8"))["documents"][0]["path"] == "b5/a.docx"
    assert json.loads(Path("r.jsonl").read_text(encoding="utf-8").splitlines()[0])["document"]["path"] == "b5/a.docx"
    assert Path("r.csv").read_bytes().startswith("\ufeff".encode())
    assert Path("r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert Path("r.md").read_text(encoding="utf-8").startswith("# ")
    text = run("audit", "b5/a.docx").output
    assert Path("r.txt").read_text(encoding="utf-8") == text
    assert Path("r.out").read_text(encoding="utf-8") == text  # an unknown suffix keeps the default, text


def test_format_given_or_configured(b5: Path) -> None:
    assert run("audit", "b5/a.docx", "-o", "r.xlsx", "--format", "text").exit_code == 1
    assert Path("r.xlsx").read_text(encoding="utf-8") == run("audit", "b5/a.docx").output  # --format wins
    Path("budgetcheck.toml").write_text('format = "json"\n', encoding="utf-8")
    assert run("audit", "b5/a.docx", "-o", "r.out").exit_code == 1
    assert json.loads(Path("r.out").read_text(encoding="utf-8"))["documents"][0]["path"] == "b5/a.docx"
    assert run("audit", "b5/a.docx", "-o", "r.md").exit_code == 1  # the suffix wins over the configured default
    assert Path("r.md").read_text(encoding="utf-8").startswith("# ")


def test_report_and_extract_take_the_format_from_the_suffix(b5: Path) -> None:
    assert run("audit", "b5/a.docx", "--db", "s.sqlite", "-q").exit_code == 1
    assert run("report", "--db", "s.sqlite", "-o", "r.xlsx").exit_code == 1  # as the audit: findings
    assert load_workbook("r.xlsx").sheetnames == ["汇总", "问题清单"]
    assert run("extract", "b5/a.docx", "-o", "e.txt").exit_code == 0
    assert Path("e.txt").read_text(encoding="utf-8") == run("extract", "b5/a.docx", "--format", "text").output
    assert run("extract", "b5/a.docx", "-o", "e.csv").exit_code == 0
    assert Path("e.csv").read_bytes() == run("extract", "b5/a.docx", "--format", "csv").stdout_bytes
    assert run("extract", "b5/a.docx", "-o", "e.md").exit_code == 2  # a format extract does not write: refused
    assert run("extract", "b5/a.docx", "-o", "e.out").exit_code == 0  # a suffix that names no format: json, the default
    assert json.loads(Path("e.out").read_text(encoding="utf-8"))["path"] == "b5/a.docx"


# 6. messages that say what is wrong


def test_output_that_is_a_folder_says_so_with_or_without_force(b5: Path) -> None:
    Path("rep").mkdir()
    for extra in ([], ["--force"]):
        result = run("audit", "b5/a.docx", "-o", "rep", *extra)
        assert (result.exit_code, result.output) == (2, f"rep：这是一个文件夹，-o 需要文件名（如 {Path('rep') / '报告.txt'}）\n")
    result = run("extract", "b5/a.docx", "-o", "rep", "--lang", "en")
    assert (result.exit_code, result.output) == (2, f"rep: this is a folder; -o takes a file name (such as {Path('rep') / 'report.txt'})\n")
    assert list(Path("rep").iterdir()) == []


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        (errno.EROFS, "只读文件系统，不能写入", "Read-only file system"),
        (errno.EACCES, "权限不足", "Permission denied"),
    ],
)
def test_a_folder_that_takes_no_files_is_named_with_the_system_reason_before_the_audit(
    b5: Path, monkeypatch: pytest.MonkeyPatch, code: int, zh: str, en: str
) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run("audit", "b5/a.docx", "-o", "r.txt")
    assert (result.exit_code, result.output) == (2, f"r.txt：无法写入文件（{zh}）\n")
    result = run("audit", "b5/a.docx", "-o", "r.txt", "--lang", "en", "--db", "s.sqlite")
    assert (result.exit_code, result.output) == (2, f"r.txt: cannot write the file ({en})\n")
    assert not Path("s.sqlite").exists()  # refused before anything was audited or stored


def test_a_folder_that_answers_no_such_file_is_not_called_missing(b5: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """/proc exists, yet creating a file in it fails with ENOENT: the folder takes no new files."""

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise FileNotFoundError(errno.ENOENT, "No such file or directory")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run("audit", "b5/a.docx", "-o", "b5/r.txt")
    assert (result.exit_code, result.output) == (2, "b5/r.txt：无法写入文件（文件夹 b5 不接受新建文件）\n")
    result = run("extract", "b5/a.docx", "-o", "b5/r.txt", "--lang", "en")
    assert (result.exit_code, result.output) == (2, "b5/r.txt: cannot write the file (the folder b5 does not accept new files)\n")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc file system")
def test_proc_as_the_trial_ran_it(b5: Path) -> None:
    result = run("audit", "b5/a.docx", "-o", "/proc/r.txt")
    assert result.exit_code == 2
    assert result.output.startswith("/proc/r.txt：无法写入文件（")
    assert "文件或文件夹不存在" not in result.output


def test_number_options_say_their_minimum(b5: Path) -> None:
    result = run("audit", "b5/", "--jobs", "0")
    assert (result.exit_code, result.output) == (2, "--jobs 的取值 0 无效，应为整数，最小为 1\n")
    result = run("audit", "b5/", "--timeout", "-1")
    assert (result.exit_code, result.output) == (2, "--timeout 的取值 -1 无效，应为数值，最小为 0\n")
    result = run("audit", "b5/", "--jobs", "0", "--lang", "en")
    assert (result.exit_code, result.output) == (2, "Invalid value for '--jobs' / '-j': Input should be greater than or equal to 1 (see budgetcheck audit --help)\n")


def test_extract_refuses_a_suffix_of_a_format_it_cannot_write(b5: Path) -> None:
    result = run("extract", "b5/a.docx", "-o", "关键数据.xlsx")
    assert (result.exit_code, result.output) == (2, "关键数据.xlsx：此命令不能输出 xlsx 格式；请用 --format 指定（json、text、csv）或更换扩展名\n")
    assert not Path("关键数据.xlsx").exists()
    assert run("extract", "b5/a.docx", "-o", "关键数据.xlsx", "--format", "json").exit_code == 0  # said explicitly: written
