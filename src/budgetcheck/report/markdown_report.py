"""The Markdown report: a summary table, then each document's findings, for issue trackers and wikis."""

from __future__ import annotations

from budgetcheck import __version__
from budgetcheck.engine.results import DocumentResult
from budgetcheck.report.finding_rows import coverage_text, finding_rows, severity_totals
from budgetcheck.report.words import word


def _cell(text: str) -> str:
    """Table cell text: pipes escaped, line breaks as <br>, so a quoted paragraph stays in its cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n").replace("\n", "<br>")


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return lines


def to_markdown(results: list[DocumentResult], lang: str) -> bytes:
    w = lambda key: word(key, lang)  # noqa: E731 - a short alias keeps the tables readable
    lines = [f"# {w('report_title')}", "", f"## {w('summary')}", ""]
    summary_rows = []
    for result in results:
        totals = severity_totals(result)
        summary_rows.append([result.path, result.format or "", w(result.status), str(totals["error"]), str(totals["warning"]), str(totals["info"]), str(result.counts()["run"]), coverage_text(result)])
    lines += _table([w("file"), w("format"), w("status"), w("errors"), w("warnings"), w("infos"), w("checks_run"), w("statements")], summary_rows)
    rows = finding_rows(results, lang, limit=None)
    for result in results:
        lines += ["", f"## {result.path}", ""]
        own = [row for row in rows if row.result is result]
        if not own:
            lines.append(w("no_findings"))
            continue
        lines += _table(
            [w("number"), w("severity"), w("rule"), w("location"), w("message"), w("source")],
            [[str(row.number), row.severity, row.finding.rule, row.location, row.finding.message, " / ".join(f"“{s}”" for s in row.sources)] for row in own],
        )
    lines += ["", w("generated_by").format(version=__version__), ""]
    return "\n".join(lines).encode("utf-8")
