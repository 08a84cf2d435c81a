"""Every report format, read back with its own reader: the same three findings in each."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from report_inputs import run, seed_inputs

# (file, rule, location in words, expected, actual, difference, tolerance) of the three findings, in report order
EXPECTED = [
    ("seed.txt", "N101", "第18段", "3035.85", "2999.85", "-36.00", "0.020"),
    ("seed.docx", "P104", "表24 第8行 第6列、表24 第8行 第7列、表24 第8行 第8列", "31.50", "18.00", "-13.50", "0.750"),
    ("seed.xlsx", "P104", "政府采购预算!F9、政府采购预算!G9、政府采购预算!H9", "31.50", "18.00", "-13.50", "0.255"),
]
N101_MESSAGE = "支出合计 2999.85万元 不等于所列分项之和 3035.85万元（1251.46 + 1784.39 + 0.00），相差 -36.00万元，容差 0.020万元"
N101_SOURCE = "2020年支出预算2999.85万元，其中基本支出1251.46万元，包括人员经费1114.26万元和日常公用经费137.2万元；项目支出1784.39万元，主要为城乡社区支出、城乡社区环境卫生支出、一般行政事务支出等；其他支出0万元。"


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    return seed_inputs(tmp_path)


def report(inputs: tuple[Path, ...], fmt: str, tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / f"report.{fmt}"
    result = run("audit", *inputs, "--format", fmt, "-o", out, *extra)
    assert result.exit_code == 1, result.output
    return out


# ---- JSON against the schema of docs/json-format.md -------------------------------------------

DOCUMENT_FIELDS = {"path": str, "format": (str, type(None)), "status": str, "findings": list, "checks": dict, "coverage": dict, "unchecked": list}
FINDING_FIELDS = {"rule": str, "category": str, "severity": str, "message": str, "title": str, "locations": list}
NUMBER_FIELDS = ("expected", "actual", "difference", "tolerance")
LOCATION_FIELDS = {"path": str, "paragraph": int, "table": int, "row": int, "column": int, "sheet": str, "cell": str, "page": int, "text": str}


def assert_finding_schema(finding: dict) -> None:
    for key, kind in FINDING_FIELDS.items():
        assert isinstance(finding[key], kind), key
    assert finding["category"] in ("arithmetic", "year-over-year", "cross-reference", "indicator", "completeness", "input")
    assert finding["severity"] in ("error", "warning", "info")
    for key in NUMBER_FIELDS:
        if key in finding:
            Decimal(finding[key])  # a decimal string
    assert set(finding) <= set(FINDING_FIELDS) | set(NUMBER_FIELDS) | {"unit", "document"}
    for location in finding["locations"]:
        assert set(location) <= set(LOCATION_FIELDS) and "path" in location
        for key, value in location.items():
            assert isinstance(value, LOCATION_FIELDS[key]), key


def test_json_follows_its_documented_schema(inputs, tmp_path: Path) -> None:
    data = json.loads(report(inputs, "json", tmp_path).read_text(encoding="utf-8"))
    assert data["tool"] == "budgetcheck" and isinstance(data["version"], str)
    for document in data["documents"]:
        for key, kind in DOCUMENT_FIELDS.items():
            assert isinstance(document[key], kind), key
        assert set(document["checks"]) == {"run", "passed", "failed", "rounding", "not_applicable", "insufficient_data"}
        for finding in document["findings"]:
            assert_finding_schema(finding)
    found = [(Path(d["path"]).name, f["rule"], f["expected"], f["actual"], f["difference"], f["tolerance"]) for d in data["documents"] for f in d["findings"]]
    assert found == [(e[0], e[1], *e[3:]) for e in EXPECTED]
    assert data["documents"][0]["findings"][0]["title"] == "说明中的合计数应等于其所列各分项之和"


def test_jsonl_is_one_finding_per_line_with_its_document(inputs, tmp_path: Path) -> None:
    lines = report(inputs, "jsonl", tmp_path).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    records = [json.loads(line) for line in lines]
    for record in records:
        assert_finding_schema(record)
    assert [(Path(r["document"]["path"]).name, r["document"]["format"], r["document"]["status"], r["rule"]) for r in records] == [
        ("seed.txt", "txt", "checked", "N101"),
        ("seed.docx", "docx", "checked", "P104"),
        ("seed.xlsx", "xlsx", "checked", "P104"),
    ]
    assert records[0]["message"] == N101_MESSAGE


def test_csv_opens_in_excel_and_with_the_csv_module(inputs, tmp_path: Path) -> None:
    raw = report(inputs, "csv", tmp_path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(Path(r["文件"]).name, r["规则"], r["位置"], r["应为"], r["实为"], r["差额"], r["容差"]) for r in rows] == EXPECTED
    assert rows[0]["级别"] == "错误" and rows[0]["类别"] == "算术" and rows[0]["单位"] == "万元"
    assert rows[0]["说明"] == N101_MESSAGE and rows[0]["原文"] == N101_SOURCE
    assert rows[2]["单元格"] == "政府采购预算!F9" and rows[0]["单元格"] == ""


def test_workbook_has_a_summary_and_a_findings_sheet_with_links(inputs, tmp_path: Path) -> None:
    path = report(inputs, "xlsx", tmp_path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["汇总", "问题清单"]
    summary, findings = workbook["汇总"], workbook["问题清单"]
    header = [cell.value for cell in summary[1]]
    assert header[:7] == ["文件", "格式", "状态", "错误", "警告", "提示", "核对项"]
    rows = [[cell.value for cell in row] for row in summary.iter_rows(min_row=2)]
    assert [(Path(r[0]).name, r[1], r[2], r[3], r[4], r[6], r[-1]) for r in rows] == [
        ("seed.txt", "txt", "已审核", 1, 0, 41, "30/39"),
        ("seed.docx", "docx", "已审核", 1, 0, 41, "30/39"),
        ("seed.xlsx", "xlsx", "已审核", 1, 0, 31, None),
    ]
    assert [summary.cell(row=row, column=1).hyperlink.location for row in (2, 3, 4)] == ["'问题清单'!A2", "'问题清单'!A3", "'问题清单'!A4"]
    for sheet in (summary, findings):
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
        assert sheet.column_dimensions["A"].width > 0
    header = [cell.value for cell in findings[1]]
    assert header == ["序号", "文件", "级别", "规则", "类别", "位置", "说明", "应为", "实为", "差额", "容差", "单位", "原文"]
    lines = [[cell.value for cell in row] for row in findings.iter_rows(min_row=2)]
    assert [(Path(r[1]).name, r[3], r[5]) for r in lines] == [(e[0], e[1], e[2]) for e in EXPECTED]
    assert [r[7:11] for r in lines][0] == [3035.85, 2999.85, -36, 0.02]
    assert findings["H2"].number_format == "0.00" and findings["K2"].number_format == "0.000"
    assert lines[0][6] == N101_MESSAGE and lines[0][12] == N101_SOURCE
    # every finding's location links to its place: the input file, at the cell for a spreadsheet
    links = [findings.cell(row=row, column=6).hyperlink.target for row in range(2, 5)]
    assert links == ["inputs/seed.txt", "inputs/seed.docx", "inputs/seed.xlsx#'政府采购预算'!F9"]


class FindingTable(HTMLParser):
    """Collects the rows of class "finding" (their cells' text) and every external reference."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.quotes: list[str] = []
        self.external: list[str] = []
        self.tags: set[str] = set()
        self._cell: list[str] | None = None
        self._quote: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.add(tag)
        for key in ("src", "href"):
            if values.get(key) and not str(values[key]).startswith("#"):
                self.external.append(str(values[key]))
        if tag == "tr" and "finding" in (values.get("class") or "").split():
            self.rows.append([])
        elif tag == "td" and self.rows and self._cell is None:
            self._cell = []
        elif tag == "blockquote":
            self._quote = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "blockquote" and self._quote is not None:
            self.quotes.append("".join(self._quote))
            self._quote = None
        elif tag == "table":
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._quote is not None:
            self._quote.append(data)


def test_html_is_self_contained_with_one_row_per_finding(inputs, tmp_path: Path) -> None:
    html = report(inputs, "html", tmp_path).read_text(encoding="utf-8")
    parser = FindingTable()
    parser.feed(html)
    assert len(parser.rows) == 3
    assert [(row[0], row[1], row[2], row[4]) for row in parser.rows] == [(str(i), "错误", e[1], e[2]) for i, e in enumerate(EXPECTED, start=1)]
    assert [row[6:10] for row in parser.rows][0] == ["3035.85 万元", "2999.85 万元", "-36.00 万元", "0.020"]
    assert N101_SOURCE in parser.quotes and "0.63" in parser.quotes
    # nothing from outside: no scripts, styles, fonts or images by reference, only in-page links
    assert parser.external == [] and "link" not in parser.tags and "@import" not in html and "url(" not in html
    assert "<script>" in html and "@page{size:A4" in html
    # the chart: a bar per rule, longest first
    assert '<g class="bar-row" data-rule="P104" data-count="2">' in html and '<g class="bar-row" data-rule="N101" data-count="1">' in html
    assert html.index('data-rule="P104" data-count') < html.index('data-rule="N101" data-count')


def test_markdown_lists_each_document_and_finding(inputs, tmp_path: Path) -> None:
    text = report(inputs, "md", tmp_path).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# 预算公开审核结果"
    finding_lines = [line for line in lines if line.startswith("| 1 |") or line.startswith("| 2 |") or line.startswith("| 3 |")]
    assert finding_lines[0] == f"| 1 | 错误 | N101 | 第18段 | {N101_MESSAGE} | “{N101_SOURCE}” |"
    assert [line.split(" | ")[2] for line in finding_lines] == ["N101", "P104", "P104"]
    assert sum(1 for line in lines if line.startswith("## ") and line.endswith(("seed.txt", "seed.docx", "seed.xlsx"))) == 3


def test_text_to_a_file_is_the_plain_terminal_report(inputs, tmp_path: Path) -> None:
    text = report(inputs, "text", tmp_path).read_text(encoding="utf-8")
    assert "\x1b[" not in text
    assert f"  错误 N101 [第18段] {N101_MESSAGE}" in text.splitlines()
    assert text.splitlines()[-1] == "共 3 个文件：错误 3 条，警告 0 条"


def test_existing_report_is_not_overwritten_without_force(inputs, tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    out.write_text("keep", encoding="utf-8")
    result = run("audit", inputs[0], "--format", "csv", "-o", out)
    assert result.exit_code == 2 and "输出文件已存在，加 --force 覆盖" in result.output
    assert out.read_text(encoding="utf-8") == "keep"
    assert run("audit", inputs[0], "--format", "csv", "-o", out, "--force").exit_code == 1
    assert out.read_text(encoding="utf-8-sig").startswith("文件,级别,规则")


def test_clean_document_reports_no_findings_in_every_format(tmp_path: Path) -> None:
    from conftest import SEED_TXT

    for fmt in ("csv", "jsonl", "md", "html", "xlsx"):
        out = tmp_path / f"clean.{fmt}"
        assert run("audit", SEED_TXT, "--format", fmt, "-o", out).exit_code == 0
    assert len(list(csv.reader(io.StringIO((tmp_path / "clean.csv").read_text(encoding="utf-8-sig"))))) == 1  # the header only
    assert (tmp_path / "clean.jsonl").read_text(encoding="utf-8") == ""
    assert "未发现问题" in (tmp_path / "clean.md").read_text(encoding="utf-8")
    parser = FindingTable()
    parser.feed((tmp_path / "clean.html").read_text(encoding="utf-8"))
    assert parser.rows == []
    assert load_workbook(tmp_path / "clean.xlsx")["问题清单"].max_row == 1


def test_unwritable_places_are_named_without_a_traceback(inputs, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "report.csv"
    result = run("audit", inputs[0], "--format", "csv", "-o", missing)
    assert result.exit_code == 2
    assert result.output == f"{missing}：文件夹 {missing.parent} 不存在\n"
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = run("audit", inputs[1], "--annotate", blocker / "copies", "--quiet")
    assert result.exit_code == 2
    assert f"{blocker / 'copies'}：无法写入文件（路径中有一段不是文件夹）" in result.output and "Traceback" not in result.output
