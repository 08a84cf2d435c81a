"""--annotate DIR: copies of the inputs with the findings attached where they are; inputs untouched."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import Workbook, load_workbook

from budgetcheck.parsers import load
from report_inputs import run, seed_inputs
from seed_mutations import mutated_docx


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def anchored_elements(path: Path, tag: str, body=None) -> dict[str, object]:
    """Comment id → the nearest enclosing element of `tag` (w:p or w:tc) of its range start."""
    body = body if body is not None else docx.Document(str(path)).element.body
    found = {}
    for start in body.iter(qn("w:commentRangeStart")):
        found[start.get(qn("w:id"))] = next(start.iterancestors(qn(tag)))
    return found


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def test_docx_comment_is_anchored_at_the_paragraph(tmp_path: Path) -> None:
    source = mutated_docx(tmp_path, "1748.39", "1784.39")
    before = digest(source)
    folder = tmp_path / "annotated"
    result = run("audit", source, "--annotate", folder)
    assert result.exit_code == 1
    copy = folder / "seed.docx"
    assert f"{copy}：已写入标注副本，含 1 条问题" in result.output
    assert digest(source) == before  # the input is never modified
    comments = docx.Document(str(copy)).comments
    assert [(c.author, c.initials, c.text) for c in comments] == [
        ("budgetcheck", "BC", "错误 N101：支出合计 2999.85万元 不等于所列分项之和 3035.85万元（1251.46 + 1784.39 + 0.00），相差 -36.00万元，容差 0.020万元")
    ]
    paragraph = anchored_elements(copy, "w:p")["0"]
    eighteenth = next(block for block in load(str(source)).texts if block.location.paragraph == 18)
    assert text_of(paragraph) == eighteenth.text
    assert "2020年支出预算2999.85万元" in text_of(paragraph)
    # the copy still reads as the same document, with the same finding
    assert run("audit", copy).exit_code == 1


def test_docx_comment_is_anchored_at_the_table_cell(tmp_path: Path) -> None:
    _, source, _ = seed_inputs(tmp_path)
    folder = tmp_path / "annotated"
    assert run("audit", source, "--annotate", folder).exit_code == 1
    copy = folder / "seed.docx"
    (comment,) = docx.Document(str(copy)).comments
    assert comment.text == (
        "错误 P104：政府采购预算表“辖区住宅小区健身器材安装工程”：数量 50 × 单价 0.63 = 31.50，与金额 18 不符，相差 -13.50，容差 0.750\n"
        "涉及：表24 第8行 第6列、表24 第8行 第7列、表24 第8行 第8列"
    )
    body = docx.Document(str(copy)).element.body
    cell = anchored_elements(copy, "w:tc", body)["0"]
    row = cell.getparent()
    cells = row.findall(qn("w:tc"))
    assert text_of(cell) == "50" and cells.index(cell) == 5  # the 6th cell of the row: 数量
    assert text_of(cells[0]) == "辖区住宅小区健身器材安装工程"
    tables = [t for t in body.iter(qn("w:tbl")) if next(t.iterancestors(qn("w:tbl")), None) is None]
    assert tables.index(next(cell.iterancestors(qn("w:tbl")))) == 23  # 表24


def test_xlsx_cells_are_filled_and_the_first_carries_the_comment(tmp_path: Path) -> None:
    _, _, source = seed_inputs(tmp_path)
    before = digest(source)
    folder = tmp_path / "annotated"
    assert run("audit", source, "--annotate", folder).exit_code == 1
    assert digest(source) == before
    sheet = load_workbook(folder / "seed.xlsx")["政府采购预算"]
    assert [sheet[ref].fill.fgColor.rgb for ref in ("F9", "G9", "H9")] == ["00F4B6B0"] * 3
    assert sheet["F9"].comment.author == "budgetcheck"
    assert sheet["F9"].comment.text == (
        "错误 P104：政府采购预算表“辖区住宅小区健身器材安装工程”：数量 50 × 单价 0.63 = 31.50，与金额 18.00 不符，相差 -13.50，容差 0.255\n"
        "涉及：政府采购预算!F9、政府采购预算!G9、政府采购预算!H9"
    )
    assert sheet["G9"].comment is None and sheet["H9"].comment is None
    others = [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.fill.fill_type and cell.coordinate not in ("F9", "G9", "H9")]
    assert others == []  # nothing else was marked
    assert sheet["G9"].value == 0.63 and sheet["A9"].value == "辖区住宅小区健身器材安装工程"  # the content is kept


def test_existing_copy_is_kept_without_force(tmp_path: Path) -> None:
    _, source, _ = seed_inputs(tmp_path)
    folder = tmp_path / "annotated"
    folder.mkdir()
    (folder / "seed.docx").write_bytes(b"keep")
    result = run("audit", source, "--annotate", folder)
    assert result.exit_code == 2
    assert f"{folder / 'seed.docx'}：文件已存在，加 --force 覆盖" in result.output
    assert (folder / "seed.docx").read_bytes() == b"keep"
    assert run("audit", source, "--annotate", folder, "--force").exit_code == 1
    assert len(docx.Document(str(folder / "seed.docx")).comments) == 1


def test_every_existing_copy_is_named_in_one_message(tmp_path: Path) -> None:
    _, first, workbook = seed_inputs(tmp_path)
    folder = tmp_path / "annotated"
    folder.mkdir()
    for name in ("seed.docx", "seed.xlsx"):
        (folder / name).write_bytes(b"keep")
    result = run("audit", first, workbook, "--annotate", folder)
    assert result.exit_code == 2
    assert result.output.strip() == f"2 个标注副本已存在：{folder / 'seed.docx'}、{folder / 'seed.xlsx'}，加 --force 覆盖"
    result = run("audit", first, workbook, "--annotate", folder, "--lang", "en")
    assert result.output.strip() == f"2 annotated copies exist: {folder / 'seed.docx'}, {folder / 'seed.xlsx'}; add --force to overwrite them"
    assert (folder / "seed.xlsx").read_bytes() == b"keep"


def test_a_finding_about_a_whole_sheet_is_attached_at_its_first_cell(tmp_path: Path) -> None:
    # An empty standard table (T402) names the sheet, no cell: it is commented at A1 and counted.
    source = tmp_path / "空表.xlsx"
    workbook = Workbook()
    workbook.active.title = "部门收支总表"
    sheet = workbook.active
    sheet.append(["部门收支总表"])
    sheet.append(["单位：万元"])
    sheet.append(["收入", None, "支出", None])
    sheet.append(["项目", "预算数", "项目", "预算数"])
    sheet.append(["收入总计", None, "支出总计", None])
    workbook.save(source)
    folder = tmp_path / "annotated"
    result = run("audit", source, "--annotate", folder, "--select", "T402", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    assert f"{folder / '空表.xlsx'}：已写入标注副本，含 1 条问题" in result.output
    comment = load_workbook(folder / "空表.xlsx")["部门收支总表"]["A1"].comment
    assert comment is not None and comment.text.startswith("警告 T402：“部门收支总表”为空表")


def test_a_copy_never_replaces_its_input(tmp_path: Path) -> None:
    _, source, _ = seed_inputs(tmp_path)
    before = digest(source)
    result = run("audit", source, "--annotate", source.parent, "--force")
    assert result.exit_code == 2
    assert "标注副本会覆盖原文件，请另选文件夹" in result.output
    assert digest(source) == before


def test_text_input_is_named_as_not_annotatable(tmp_path: Path) -> None:
    text, _, _ = seed_inputs(tmp_path)
    folder = tmp_path / "annotated"
    result = run("audit", text, "--annotate", folder, "--lang", "en")
    assert result.exit_code == 1
    assert f"{text}: TXT files cannot carry comments; no annotated copy (see the report)" in result.output
    assert not (folder / "seed.txt").exists()


def test_inputs_with_the_same_name_get_numbered_copies(tmp_path: Path) -> None:
    _, first, _ = seed_inputs(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    second = mutated_docx(other, "1748.39", "1784.39")
    folder = tmp_path / "annotated"
    assert run("audit", first, second, "--annotate", folder).exit_code == 1
    assert list(docx.Document(str(folder / "seed.docx")).comments)[0].text.startswith("错误 P104")
    assert list(docx.Document(str(folder / "seed-2.docx")).comments)[0].text.startswith("错误 N101")


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_annotated_copies_with_their_comments(tmp_path: Path) -> None:
    _, source_docx, source_xlsx = seed_inputs(tmp_path)
    folder = tmp_path / "annotated"
    assert run("audit", source_docx, source_xlsx, "--annotate", folder).exit_code == 1
    converted = tmp_path / "converted"
    profile = (tmp_path / "lo-profile").as_uri()
    for name, target in (("seed.docx", "odt"), ("seed.xlsx", "ods")):
        result = subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target, "--outdir", str(converted), str(folder / name)],
            capture_output=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr
        output = converted / f"seed.{target}"
        assert output.is_file(), result.stdout + result.stderr
        content = zipfile.ZipFile(output).read("content.xml").decode("utf-8")
        assert len(re.findall(r"<office:annotation[ >]", content)) == 1  # LibreOffice read the comment
        assert "P104" in content


def test_a_finding_with_no_place_in_the_copy_is_counted_apart(tmp_path: Path) -> None:
    from budgetcheck.annotate import annotate_results
    from budgetcheck.engine.results import DocumentResult, Finding, Place
    from budgetcheck.model import Location

    _, source, _ = seed_inputs(tmp_path)
    at_paragraph = Finding("N101", "arithmetic", "error", "合计不符", [Place(Location(str(source), paragraph=3), "")])
    nowhere = Finding("C102", "completeness", "warning", "未说明机构设置", [Place(Location(str(source)), "")])
    result = DocumentResult(str(source), "docx", "checked", findings=[at_paragraph, nowhere])
    folder = tmp_path / "annotated"
    notices = list(annotate_results([result], folder, force=False, lang="zh"))
    assert notices == [f"{folder / 'seed.docx'}：已写入标注副本，含 1 条问题（另有 1 条问题不指向具体段落、单元格或工作表，见报告）"]
    assert len(docx.Document(str(folder / "seed.docx")).comments) == 1
