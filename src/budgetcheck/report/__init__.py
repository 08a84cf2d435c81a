"""Reporters: format audit results. They never re-run checks.

`render_report` is the one entry point the command line uses: a format name in, the report out.
"""

from __future__ import annotations

import io

from rich.console import Console

from budgetcheck.engine.results import DocumentResult

FORMATS = ("text", "json")


def render_report(results: list[DocumentResult], fmt: str, lang: str = "zh", quiet: bool = False, verbose: bool = False, to_terminal: bool = False) -> bytes | None:
    """The report as bytes to write, or None when it was printed straight to the terminal (`to_terminal`)."""
    from budgetcheck.report.json_report import to_json
    from budgetcheck.report.terminal import render

    if fmt == "json":
        return (to_json(results) + "\n").encode("utf-8")
    if fmt != "text":
        raise ValueError(f"unknown report format {fmt!r}")
    if to_terminal:
        render(results, Console(highlight=False, soft_wrap=True), lang=lang, quiet=quiet, show_info=verbose)
        return None
    console = Console(highlight=False, soft_wrap=True, record=True, file=io.StringIO())
    render(results, console, lang=lang, quiet=quiet, show_info=verbose)
    return console.export_text().encode("utf-8")
