"""Reporters: format audit results. They never re-run checks.

`render_report` is the one entry point the command line uses: a format name in, the report out.
Each format lives in a module of its own; this one only picks it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path

from rich.console import Console

from budgetcheck.engine.results import DocumentResult

FORMATS = ("text", "json", "jsonl", "csv", "xlsx", "html", "md")
# Formats that make no sense on a terminal screen: they need -o FILE or a redirect.
NOT_FOR_TERMINAL = ("xlsx", "html")


def report_chunks(
    results: Sequence[DocumentResult],
    fmt: str,
    lang: str = "zh",
    quiet: bool = False,
    verbose: bool = False,
    to_terminal: bool = False,
    output: Path | None = None,
) -> Iterator[bytes] | None:
    """The report as pieces to write in turn (the same bytes as render_report), or None when printed to the terminal.

    The JSON, JSON Lines and CSV reports come document by document, and the text report reads the results
    in turn (each may come from disk one at a time), so a large batch is never held whole for them.
    """
    if fmt == "json":
        return _json_bytes(results)
    if fmt == "jsonl":
        from budgetcheck.report.jsonl_report import jsonl_chunks

        return jsonl_chunks(results)
    if fmt == "csv":
        from budgetcheck.report.csv_report import csv_chunks

        return csv_chunks(results, lang)
    if fmt == "text" and not to_terminal:
        from budgetcheck.report.terminal import text_chunks

        return text_chunks(results, lang, quiet, verbose)
    # The workbook, web page and Markdown tabulate the whole batch (summaries, charts, rows numbered across
    # it) and pair finding rows with their document by identity: they read the results as one list.
    chosen = results if fmt == "text" else list(results)
    data = render_report(chosen, fmt, lang, quiet, verbose, to_terminal, output)  # type: ignore[arg-type]
    return None if data is None else iter([data])


def _json_bytes(results: Sequence[DocumentResult]) -> Iterator[bytes]:
    from budgetcheck.report.json_report import json_chunks

    for chunk in json_chunks(results):
        yield chunk.encode("utf-8")
    yield b"\n"


def render_report(
    results: list[DocumentResult],
    fmt: str,
    lang: str = "zh",
    quiet: bool = False,
    verbose: bool = False,
    to_terminal: bool = False,
    output: Path | None = None,
) -> bytes | None:
    """The report as bytes to write, or None when it was printed straight to the terminal (`to_terminal`).

    `output` is where the report will be written; the workbook links to the inputs relative to it.
    """
    if fmt == "json":
        from budgetcheck.report.json_report import to_json

        return (to_json(results) + "\n").encode("utf-8")
    if fmt == "jsonl":
        from budgetcheck.report.jsonl_report import to_jsonl

        return to_jsonl(results)
    if fmt == "csv":
        from budgetcheck.report.csv_report import to_csv

        return to_csv(results, lang)
    if fmt == "xlsx":
        from budgetcheck.report.xlsx_report import to_xlsx

        return to_xlsx(results, lang, output)
    if fmt == "html":
        from budgetcheck.report.html_report import to_html

        return to_html(results, lang)
    if fmt == "md":
        from budgetcheck.report.markdown_report import to_markdown

        return to_markdown(results, lang)
    if fmt != "text":
        raise ValueError(f"unknown report format {fmt!r}")
    from budgetcheck.report.terminal import render

    if to_terminal:
        render(results, Console(highlight=False, soft_wrap=True), lang=lang, quiet=quiet, verbose=verbose)
        return None
    console = Console(highlight=False, soft_wrap=True, record=True, file=io.StringIO())
    render(results, console, lang=lang, quiet=quiet, verbose=verbose)
    return console.export_text().encode("utf-8")
