"""`budgetcheck extract` over many inputs: each file read in turn, or in worker processes, and handed on in input order.

The caller writes each piece (a key-figure row, a document's JSON, its outline) as it comes, so a run over a
hundred thousand files holds one document at a time in this process, and a few per worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from budgetcheck.batch.inputs import InputFile, Package
from budgetcheck.batch.work import WorkLimits, extract_unit, read_input
from budgetcheck.engine.audit import AuditOptions
from budgetcheck.engine.results import DocumentResult
from budgetcheck.extract.key_figures import KeyFigures
from budgetcheck.model import Document

# Packages taken ahead per worker: enough to keep every worker busy, few enough to keep memory flat.
_WINDOW_PER_WORKER = 4


@dataclass
class ExtractionTally:
    """How far a run got and how many files could not be read (the exit code)."""

    total: int = 0
    done: int = 0
    unreadable: int = 0


# Told about each file as it is read (to name an unreadable one, or a misnamed one, on stderr).
OnResult = Callable[[DocumentResult], None]


def key_figure_records(
    items: list[InputFile], lang: str, limits: WorkLimits, jobs: int, debug: bool, tally: ExtractionTally, on_result: OnResult
) -> Iterator[KeyFigures]:
    """Every input's key-figure record, in input order; an unreadable input's record carries its error.

    With `jobs` > 1 the files are read in that many worker processes (the audit's pool: a file that hangs,
    runs out of memory or kills its worker gets a row saying so and the others are still read).
    """
    from budgetcheck.batch.pool import run_pool_in_order

    options = AuditOptions(lang=lang)
    tally.total = len(items)
    packages = (Package(item.name, [item]) for item in items)
    if jobs > 1 and len(items) > 1:
        engine = run_pool_in_order(packages, extract_unit, options, limits, jobs, debug, window=jobs * _WINDOW_PER_WORKER)
    else:
        engine = ((package, extract_unit(package, options, limits, debug)) for package in packages)
    for _, outcomes in engine:
        for outcome in outcomes:
            _count(outcome.result, tally, on_result)
            yield KeyFigures.from_dict(outcome.key_figures)


def documents(
    items: list[InputFile], lang: str, limits: WorkLimits, debug: bool, tally: ExtractionTally, on_result: OnResult
) -> Iterator[Document | DocumentResult]:
    """Every input read in turn, in input order: its Document, or the unreadable result that says why."""
    from budgetcheck.engine.audit import reading_notices

    tally.total = len(items)
    for item in items:
        loaded = read_input(item, lang, limits, debug)
        if isinstance(loaded, Document):
            _count(DocumentResult(item.name, loaded.format, "checked", notices=reading_notices(loaded, lang)), tally, on_result)
        else:
            _count(loaded, tally, on_result)
        yield loaded


def _count(result: DocumentResult, tally: ExtractionTally, on_result: OnResult) -> None:
    tally.done += 1
    tally.unreadable += result.status == "unreadable"
    on_result(result)
