"""The HTML report in a real browser: headless Chromium renders the findings table, sorts and filters it."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from report_inputs import run, two_findings

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")

# Appended to a copy of the report: sorts by severity (descending) and filters to errors, as a user
# clicking would, and writes what the page then shows into attributes that --dump-dom prints.
PROBE = """
<script>
var table=document.querySelector('table.findings');
var rows=function(){return Array.prototype.map.call(table.tBodies[0].rows,function(r){return r.getAttribute('data-rule')+(r.hidden?'-hidden':'');}).join(',');};
document.body.setAttribute('data-rendered',rows());
var severity=table.querySelectorAll('th')[1];severity.click();severity.click();
document.body.setAttribute('data-sorted',rows());
var select=document.getElementById('filter-severity');select.value='error';select.dispatchEvent(new Event('change'));
document.body.setAttribute('data-filtered',rows());
document.body.setAttribute('data-visible-height',String(table.getBoundingClientRect().height));
</script>
"""


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", f"--user-data-dir={profile}"]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120)  # type: ignore[list-item]


class BodyAttributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attributes: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.attributes = {key: value or "" for key, value in attrs}


def test_chromium_renders_sorts_and_filters_the_findings(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    assert run("audit", two_findings(tmp_path), "--format", "html", "-o", page).exit_code == 1
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = chromium("--dump-dom", probe.as_uri(), profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr
    parser = BodyAttributes()
    parser.feed(result.stdout)
    body = parser.attributes
    assert body["data-rendered"] == "N101,P202"
    assert body["data-sorted"] == "P202,N101"  # severity descending: the warning first
    assert body["data-filtered"] == "P202-hidden,N101"
    assert float(body["data-visible-height"]) > 0  # the table is laid out, not just in the markup
    screenshot = tmp_path / "report.png"
    shot = chromium("--window-size=1200,900", f"--screenshot={screenshot}", page.as_uri(), profile=tmp_path / "profile")
    assert shot.returncode == 0 and screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_chromium_prints_the_report_on_a4(tmp_path: Path) -> None:
    import pdfplumber

    page = tmp_path / "report.html"  # in English: the words checked below need no Chinese font
    assert run("audit", two_findings(tmp_path), "--format", "html", "-o", page, "--lang", "en").exit_code == 1
    pdf = tmp_path / "report.pdf"
    result = chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(), profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr
    with pdfplumber.open(pdf) as document:
        sizes = {(round(p.width), round(p.height)) for p in document.pages}
        text = "".join(p.extract_text() or "" for p in document.pages)
    assert sizes == {(595, 842)}  # A4 in points, from the page's @page rule
    assert "N101" in text and "P202" in text  # the findings are printed
    assert "Budget disclosure audit" in text and "all severities" not in text  # the title is printed, the filter controls are not
