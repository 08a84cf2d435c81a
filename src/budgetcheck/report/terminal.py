"""The terminal report: per document its findings by severity, the coverage footer and a verdict.

Rich colours on a terminal; plain, stable text in a pipe (Rich detects it): there the batch summary is one
line per package, never wrapped.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.table import Table as RichTable
from rich.text import Text

from budgetcheck.engine.results import Check, DocumentResult, Place
from budgetcheck.report.finding_rows import places_in_words, sorted_findings
from budgetcheck.report.summary import BatchTally
from budgetcheck.report.words import word

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan", "pass": "green", "not_applicable": "dim", "insufficient_data": "dim"}
# With --verbose, after the findings: every check that passed or could not run, and why not.
_LISTED_OUTCOMES = ("insufficient_data", "not_applicable", "pass")


def render(results: Iterable[DocumentResult], console: Console, lang: str = "zh", quiet: bool = False, verbose: bool = False) -> None:
    for _ in render_in_turn(results, console, lang, quiet, verbose):
        pass


def text_chunks(results: Iterable[DocumentResult], lang: str = "zh", quiet: bool = False, verbose: bool = False) -> Iterator[bytes]:
    """The plain-text report (for a file or a pipe) document by document: the same text as one recording of
    `render`, without holding the whole report."""
    screen = io.StringIO()  # what the console would show: not needed, emptied as it goes
    console = Console(highlight=False, soft_wrap=True, record=True, file=screen)
    for _ in render_in_turn(results, console, lang, quiet, verbose):
        text = console.export_text()  # and clears the recording
        screen.seek(0)
        screen.truncate()
        if text:
            yield text.encode("utf-8")


def render_in_turn(results: Iterable[DocumentResult], console: Console, lang: str, quiet: bool, verbose: bool) -> Iterator[None]:
    """Print the report, pausing after each document and after the ending (the batch summary and the verdict)."""
    totals = {"error": 0, "warning": 0, "info": 0}
    any_checked = False
    files = unreadable = 0
    counted = BatchTally()  # the summary, counted as the documents go by: the results are read once
    for result in results:
        counted.add(result)
        files += 1
        unreadable += result.status == "unreadable"
        if result.status == "checked":  # an unreadable file is counted on its own, not as an error finding
            any_checked = True
            for finding in result.findings:
                totals[finding.severity] += 1
        if not (quiet or result.status == "unreadable"):  # an unreadable file was already named, with its cause, on stderr
            _document(result, console, lang, verbose)
        yield
    if counted.is_batch() and not quiet:
        _batch_summary(counted, console, lang)
    if quiet or any_checked:
        console.print(_verdict(files, unreadable, totals, lang))
    yield


def _document(result: DocumentResult, console: Console, lang: str, verbose: bool) -> None:
    console.print(Text(f"{result.path}  [{result.format or '?'}] {word(result.status, lang)}", style="bold"))
    if result.error:
        console.print(Text(f"  {result.error}", style="bold red"))
    shown = sorted_findings(result, include_info=verbose)
    for finding in shown:
        console.print(_line(finding.severity, finding.rule, finding.locations, finding.message, lang))
    hidden = len(result.findings) - len(shown)
    if hidden:
        console.print(Text(f"  （另有 {hidden} 条在四舍五入容差内的提示，加 --verbose 显示）" if lang != "en" else f"  ({hidden} differences within rounding tolerance hidden; --verbose shows them)", style="dim"))
    if verbose:
        for check in sorted(result.checks, key=lambda c: _LISTED_OUTCOMES.index(c.status) if c.status in _LISTED_OUTCOMES else -1):
            if check.status in _LISTED_OUTCOMES:
                console.print(_check_line(check, lang))
    if result.status == "checked":
        console.print(Text("  " + _footer(result, lang), style="dim"))


def _check_line(check: Check, lang: str) -> Text:
    """A check that passed, with what it checked; or one that could not run, with why."""
    return _line(check.status, check.rule.id, check.places, check.reason if check.reason else check.rule.text("title", lang), lang)


def _line(status: str, rule: str, places: list[Place], text: str, lang: str) -> Text:
    """"  错误 N101 [第3段] …": a finding's severity or a check's outcome, its rule, where, and what it says."""
    line = Text("  ")
    line.append(f"{word(status, lang)} ", style=_STYLE[status])
    line.append(f"{rule} ", style="bold")
    where = places_in_words(places, lang)
    if where:
        line.append(f"[{where}] ", style="dim")
    line.append(text)
    return line


def _batch_summary(counted: BatchTally, console: Console, lang: str) -> None:
    """One row per package, then the rules that fail most often across the batch.

    A terminal shows a table; anything else (a pipe, a file) gets one line per package, columns separated by
    a tab and never wrapped, so grep finds a package by name and cut picks a column.
    """
    en = lang == "en"
    headers = ("package", "files", "errors", "warnings", "unreadable", "checks failed/run", "statements checked") if en else ("包", "文件", "错误", "警告", "无法读取", "核对不符/总数", "数字表述已核对")
    title = "batch summary" if en else "批量审核汇总"
    rows = [
        (
            row.package, str(row.files), str(row.errors), str(row.warnings), str(row.unreadable),
            f"{row.checks_failed}/{row.checks_run}", f"{row.statements_checked}/{row.statements_seen}",
        )
        for row in counted.package_rows()
    ]
    if console.is_terminal:
        table = RichTable(box=None, pad_edge=False, title_justify="left", title=title)
        for index, header in enumerate(headers):
            table.add_column(header, justify="left" if index == 0 else "right", overflow="fold")
        for cells in rows:
            table.add_row(*cells)
        console.print(table)
    else:
        for line in (title, "\t".join(headers), *("\t".join(_one_line(cell) for cell in cells) for cells in rows)):
            console.print(_Verbatim(line), soft_wrap=True)
    ranked = counted.top_rules(limit=5)
    if ranked:
        label = "most frequent failing rules: " if en else "最常见的问题规则："
        items = [f"{r.rule} ×{r.findings} ({r.documents} docs)" if en else f"{r.rule} ×{r.findings}（{r.documents} 个文件）" for r in ranked]
        console.print(Text(label + ("; " if en else "；").join(items)), soft_wrap=True)


class _Verbatim:
    """A line printed as it is: Rich's Text would turn its tabs into spaces."""

    def __init__(self, line: str) -> None:
        self.line = line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Segment(self.line)
        yield Segment.line()


def _one_line(cell: str) -> str:
    # a tab or a line break in a folder's name would split its record
    return cell.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _footer(result: DocumentResult, lang: str) -> str:
    c = result.counts()
    if lang == "en":
        return (
            f"checks run {c['run']}: passed {c['passed']}, failed {c['failed']}, within rounding {c['rounding']}, "
            f"not applicable {c['not_applicable']}, insufficient data {c['insufficient_data']}; "
            f"numeric statements checked {result.statements_checked} of {result.statements_seen}"
        )
    return (
        f"核对 {c['run']} 项：通过 {c['passed']}，不符 {c['failed']}，容差内 {c['rounding']}，"
        f"不适用 {c['not_applicable']}，数据不足 {c['insufficient_data']}；"
        f"数字表述已核对 {result.statements_checked}/{result.statements_seen}"
    )


def _verdict(files: int, unreadable: int, totals: dict[str, int], lang: str) -> Text:
    if lang == "en":
        text = f"{files} file(s): {totals['error']} error(s), {totals['warning']} warning(s)"
        if unreadable:
            text += f", {unreadable} unreadable"
    else:
        text = f"共 {files} 个文件：错误 {totals['error']} 条，警告 {totals['warning']} 条"
        if unreadable:
            text += f"，无法读取 {unreadable} 个"
    style = "bold red" if totals["error"] or unreadable else ("yellow" if totals["warning"] else "bold green")
    return Text(text, style=style)
