"""`budgetcheck extract` over folders, globs and .zip archives: the researchers' dataset.

One row (or JSON entry) per document in input order, an unreadable file in its place with its reason,
exit code 2 when any file could not be read; `--jobs 2` and the results store give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from budgetcheck.batch.extraction import ExtractionTally, documents, key_figure_records
from budgetcheck.batch.inputs import collect
from budgetcheck.batch.work import WorkLimits
from budgetcheck.cli import app
from conftest import SEED_DOCX, SEED_TXT, SEED_XLSX

runner = CliRunner()


def raw_named_zip(path: Path, members: list[tuple[bytes, bytes]], flagged: tuple[str, bytes] | None = None) -> Path:
    """A zip whose member names are the given bytes, stored without the UTF-8 flag, as Info-ZIP in a C locale,
    macOS's Archive Utility (UTF-8 bytes) or Chinese Windows (GBK bytes) write them; `flagged`: one more member
    whose name zipfile writes in UTF-8 with the flag."""
    placeholders = [f"{index:0{len(name)}d}".encode() for index, (name, _) in enumerate(members)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for placeholder, (_, content) in zip(placeholders, members):
            archive.writestr(placeholder.decode(), content)
        if flagged is not None:
            archive.writestr(*flagged)
    data = path.read_bytes()
    for placeholder, (name, _) in zip(placeholders, members):
        assert data.count(placeholder) == 2  # the local header and the central directory
        data = data.replace(placeholder, name)
    path.write_bytes(data)
    return path


def disclosures(root: Path) -> Path:
    """A folder as a research group receives it: files of its own, an archive beside subfolders, a broken file."""
    folder = root / "报送"
    (folder / "卫健委").mkdir(parents=True)
    shutil.copy(SEED_TXT, folder / "说明.txt")
    raw_named_zip(
        folder / "材料.zip",
        [("教育局/说明.docx".encode("utf-8"), SEED_DOCX.read_bytes()), ("民政局/表格.xlsx".encode("gbk"), SEED_XLSX.read_bytes())],
    )
    shutil.copy(SEED_DOCX, folder / "卫健委" / "说明.docx")
    (folder / "卫健委" / "坏.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return folder


def expected_order(folder: Path) -> list[str]:
    return [
        f"{folder}/材料.zip!/教育局/说明.docx",
        f"{folder}/材料.zip!/民政局/表格.xlsx",
        f"{folder}/说明.txt",
        f"{folder}/卫健委/坏.docx",
        f"{folder}/卫健委/说明.docx",
    ]


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_folder_with_an_archive_gives_one_row_per_document_in_input_order(tmp_path: Path) -> None:
    folder = disclosures(tmp_path)
    result = runner.invoke(app, ["extract", str(folder), "--format", "csv"])
    assert result.exit_code == 2  # 坏.docx could not be read
    rows = csv_rows(result.stdout_bytes)
    assert [row["文件"] for row in rows] == expected_order(folder)
    assert [row["格式"] for row in rows] == ["docx", "xlsx", "txt", "", "docx"]
    assert [row["收入合计（万元）"] for row in rows] == ["2999.85", "", "2999.85", "", "2999.85"]
    assert rows[1]["政府采购（万元）"] == "344.00" and rows[1]["政府采购_来源"] == "表格：政府采购预算!H6"
    broken = f"{folder}/卫健委/坏.docx"
    assert rows[3]["错误"].startswith(f"{broken}：文件已损坏或不完整")
    assert [row["错误"] for index, row in enumerate(rows) if index != 3] == ["", "", "", ""]
    assert result.stderr.startswith(f"{broken}：文件已损坏或不完整")


def test_an_archive_named_alone_is_read_not_refused(tmp_path: Path) -> None:
    archive = disclosures(tmp_path) / "材料.zip"
    result = runner.invoke(app, ["extract", str(archive), "--format", "csv", "--lang", "en"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert [row["文件"] for row in csv_rows(result.stdout_bytes)] == [f"{archive}!/教育局/说明.docx", f"{archive}!/民政局/表格.xlsx"]


def test_workers_and_the_results_store_give_the_same_bytes(tmp_path: Path) -> None:
    folder = disclosures(tmp_path)
    alone = runner.invoke(app, ["extract", str(folder), "--format", "csv"])
    workers = runner.invoke(app, ["extract", str(folder), "--format", "csv", "--jobs", "2"])
    assert workers.exit_code == alone.exit_code == 2
    assert workers.stdout_bytes == alone.stdout_bytes
    db = tmp_path / "结果.sqlite"
    audited = runner.invoke(app, ["audit", str(folder), "--db", str(db), "-q", "--jobs", "2"])
    assert audited.exit_code == 2
    stored = runner.invoke(app, ["report", "--db", str(db), "--format", "key-figures"])
    assert stored.exit_code == alone.exit_code == 2  # as extract: the folder holds an unreadable file
    assert stored.stdout_bytes == alone.stdout_bytes


def test_a_glob_that_matches_nothing_gets_its_row_and_exit_code_2(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.pdf")
    result = runner.invoke(app, ["extract", str(SEED_TXT), pattern, "--format", "csv"])
    assert result.exit_code == 2
    rows = csv_rows(result.stdout_bytes)
    assert [(row["文件"], row["错误"]) for row in rows] == [(str(SEED_TXT), ""), (pattern, f"{pattern}：没有与此模式匹配的文件")]


def test_json_over_a_folder_is_a_list_with_each_unreadable_file_in_its_place(tmp_path: Path) -> None:
    folder = disclosures(tmp_path)
    result = runner.invoke(app, ["extract", str(folder)])
    assert result.exit_code == 2
    entries = json.loads(result.stdout)
    assert [entry["path"] for entry in entries] == expected_order(folder)
    broken = entries[3]
    assert broken["format"] is None and broken["blocks"] == []
    assert broken["error"].startswith(f"{folder}/卫健委/坏.docx：文件已损坏或不完整")
    assert [entry["format"] for entry in entries] == ["docx", "xlsx", "txt", None, "docx"]
    assert "error" not in entries[0] and entries[0]["blocks"][0]["text"].startswith("三河市泃阳西大街街道办事处2020年部门预算")


def test_json_of_several_files_is_what_it_always_was_when_all_are_read() -> None:
    result = runner.invoke(app, ["extract", str(SEED_TXT), str(SEED_XLSX)])
    assert result.exit_code == 0
    from budgetcheck.parsers import load

    expected = [load(str(SEED_TXT)).to_dict(), load(str(SEED_XLSX)).to_dict()]
    assert result.stdout == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def test_text_outlines_follow_the_input_order_and_skip_what_cannot_be_read(tmp_path: Path) -> None:
    folder = disclosures(tmp_path)
    result = runner.invoke(app, ["extract", str(folder), "--format", "text"])
    assert result.exit_code == 2
    order = expected_order(folder)
    headers = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert headers == [f"{order[0]} (docx)", f"{order[1]} (xlsx)", f"{order[2]} (txt)", f"{order[4]} (docx)"]


def test_an_output_inside_the_folder_being_read_is_refused_even_with_force(tmp_path: Path) -> None:
    folder = disclosures(tmp_path)
    out = folder / "卫健委" / "提纲.txt"
    out.write_text("上次的提纲", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(folder), "--format", "text", "-o", str(out), "--force"])
    assert (result.exit_code, result.output.strip()) == (2, f"{out}：输出文件不能是输入文件")
    assert out.read_text(encoding="utf-8") == "上次的提纲"


def test_records_are_made_one_file_at_a_time(tmp_path: Path) -> None:
    """Memory stays flat: the next file is read only when the previous row has been taken."""
    items = collect([str(disclosures(tmp_path))])
    tally = ExtractionTally()
    records = key_figure_records(items, "zh", WorkLimits(), jobs=1, debug=False, tally=tally, on_result=lambda result: None)
    first = next(records)
    assert (first.path, tally.done, tally.total) == (items[0].name, 1, 5)
    assert [record.path for record in records] == [item.name for item in items[1:]]
    assert (tally.done, tally.unreadable) == (5, 1)
    tally = ExtractionTally()
    read = documents(items, "zh", WorkLimits(), debug=False, tally=tally, on_result=lambda result: None)
    next(read)
    assert tally.done == 1


# --- member names without the UTF-8 flag ----------------------------------------------------------------


def test_member_names_without_the_utf8_flag_are_read_as_utf8_then_gbk_else_left_as_read(tmp_path: Path) -> None:
    inner = raw_named_zip(tmp_path / "inner.zip", [("卫健委/说明.txt".encode("utf-8"), SEED_TXT.read_bytes())])
    archive = raw_named_zip(
        tmp_path / "pkg.zip",
        [
            ("三河市/说明.txt".encode("utf-8"), SEED_TXT.read_bytes()),  # Info-ZIP in a C locale, macOS
            ("民政局/说明.txt".encode("gbk"), SEED_TXT.read_bytes()),  # Chinese Windows
            ("caf\x82.txt".encode("latin-1"), SEED_TXT.read_bytes()),  # neither: cp437, as Python reads it
            ("附件.zip".encode("utf-8"), inner.read_bytes()),  # a nested archive, named the same way
        ],
        flagged=("教育局/说明.txt", SEED_TXT.read_bytes()),  # a name with the flag is taken as it is
    )
    assert [info.flag_bits & 0x800 for info in zipfile.ZipFile(archive).infolist()] == [0, 0, 0, 0, 0x800]
    names = sorted(item.name.removeprefix(f"{archive}!/") for item in collect([str(archive)]))
    assert names == sorted(["三河市/说明.txt", "民政局/说明.txt", "café.txt", "附件.zip!/卫健委/说明.txt", "教育局/说明.txt"])


def test_a_utf8_named_member_is_shown_and_read_under_its_name(tmp_path: Path) -> None:
    archive = raw_named_zip(tmp_path / "pkg.zip", [("三河市泃阳西大街/说明.docx".encode("utf-8"), SEED_DOCX.read_bytes())])
    result = runner.invoke(app, ["audit", str(archive), "--format", "jsonl"])
    assert result.exit_code == 1  # the seed's own findings: what matters is the name they carry
    paths = {json.loads(line)["document"]["path"] for line in result.stdout.splitlines()}
    assert paths == {f"{archive}!/三河市泃阳西大街/说明.docx"}


def test_ctrl_c_says_how_far_it_got_and_leaves_no_output_file(tmp_path: Path, monkeypatch) -> None:
    import budgetcheck.batch.extraction as extraction

    read = extraction.extract_unit
    calls: list[str] = []

    def interrupted_on_the_third_file(package, *args, **kwargs):
        calls.append(package.name)
        if len(calls) == 3:
            raise KeyboardInterrupt  # as Ctrl-C arrives while a file is read
        return read(package, *args, **kwargs)

    monkeypatch.setattr(extraction, "extract_unit", interrupted_on_the_third_file)
    out = tmp_path / "关键数据.csv"
    result = runner.invoke(app, ["extract", str(disclosures(tmp_path)), "--format", "csv", "-o", str(out)])
    assert (result.exit_code, result.stderr) == (130, "已中断：已读取 2/5 个文件\n")
    assert not out.exists() and sorted(path.name for path in tmp_path.iterdir()) == ["报送"]  # no temporary file either
