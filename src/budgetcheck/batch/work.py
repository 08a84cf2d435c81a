"""The unit of batch work: read and audit one package, each file within its time and memory limits.

This runs wherever the batch sends it — a local worker process, a Dask worker, or the calling process —
and returns plain, picklable outcomes.  A file that cannot be read, runs out of time or memory, or hits a
bug in budgetcheck becomes an `input` finding for that file; the package's other files are still audited.
"""

from __future__ import annotations

import gc
import resource
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from budgetcheck.batch.inputs import InputFile, Package
from budgetcheck.engine.audit import AuditOptions, audit_in_context
from budgetcheck.engine.context import AuditContext
from budgetcheck.engine.results import DocumentResult
from budgetcheck.errors import InputError
from budgetcheck.model import Document
from budgetcheck.parsers.container import DEFAULT_LIMITS, Limits
from budgetcheck.runner import unreadable_result


@dataclass(frozen=True)
class WorkLimits:
    """Per-file limits.  The defaults leave a wide margin over the largest real disclosure seen (seconds)."""

    seconds: float = 120.0  # reading plus auditing one file; 0 = no limit
    memory_mb: int = 2048  # address space of one worker process; 0 = no limit
    parser: Limits = DEFAULT_LIMITS  # what a parser may read (--limit), checked before reading


@dataclass
class FileOutcome:
    name: str
    result: DocumentResult
    key_figures: dict[str, object] = field(default_factory=dict)  # KeyFigures.to_dict(), for a results store
    load_seconds: float = 0.0  # float ok: timings, not money
    audit_seconds: float = 0.0  # float ok
    check_rows: list[tuple] | None = None  # the store's rows of every check, when `result` was compacted

    def compacted(self, for_store: bool) -> "FileOutcome":
        """The outcome with a compact result (DocumentResult.compact): what crosses to the parent and stays there.

        With a store, every check outcome still goes with it, as the store's plain rows.
        """
        if self.result.check_counts is not None:
            return self
        from budgetcheck.batch.store import check_rows

        rows = check_rows(self.result) if for_store else None
        return FileOutcome(self.name, self.result.compact(), self.key_figures, self.load_seconds, self.audit_seconds, rows)


class _FileTimeout(Exception):
    pass


def apply_memory_limit(memory_mb: int) -> None:
    """Cap this process's address space, so a file that needs too much memory raises MemoryError here."""
    if memory_mb > 0:
        size = memory_mb * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            size = min(size, hard)
        resource.setrlimit(resource.RLIMIT_AS, (size, hard))


def worker_init(memory_mb: int) -> None:
    """Start-up of a local worker process: its memory cap, and Ctrl-C left to the parent, which stops the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    apply_memory_limit(memory_mb)
    # What the worker starts with (modules, rule packs, vocabulary) lives as long as it does: frozen, the cycle
    # collector stops walking it at every full collection (about 5% of a batch's CPU).
    gc.freeze()


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _FileTimeout after `seconds` of Python work; only in a process's main thread (signals need it).

    Code stuck inside a C library never sees it: the worker pool's hard deadline catches that case.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _FileTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def limit_error(code: str, name: str, limits: WorkLimits, detail: str = "") -> InputError:
    if code == "timeout":
        detail = f"{limits.seconds:g} s"
    elif code == "out_of_memory":
        detail = f"{limits.memory_mb} MB"
    return InputError(code, name, detail)


def load_document(item: InputFile, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one input into a Document (an archive member from memory), or raise InputError."""
    from budgetcheck.parsers import load

    if item.error is not None:
        raise item.error
    data = item.read(limits)
    return load(item.name, limits, data) if data is not None else load(item.path, limits)


def read_input(item: InputFile, lang: str, limits: WorkLimits, debug: bool = False) -> Document | DocumentResult:
    """One input read within its time limit, or the unreadable result that says why (a bug in budgetcheck included)."""
    error: InputError | None = None
    try:
        with _time_limit(limits.seconds):
            return load_document(item, limits.parser)
    except InputError as raised:
        _show_traceback(debug)  # while the exception is being handled: print_exc needs it
        error = raised
    except _FileTimeout:
        error = limit_error("timeout", item.name, limits)
    except MemoryError:
        error = limit_error("out_of_memory", item.name, limits)
    except Exception:  # a bug in budgetcheck: this file's result says so and the batch goes on
        _show_traceback(debug)
    return unreadable_result(item.name, error, lang)


def audit_unit(
    package: Package, options: AuditOptions, limits: WorkLimits, debug: bool = False, figures: bool = False, compact: bool = False
) -> list[FileOutcome]:
    """Read and audit one package; one outcome per file, in the package's order.

    `figures`: for a results store (key figures, and with `compact` the store's check rows); `compact`:
    compact results (FileOutcome.compacted), made here so that only they are pickled and sent back.
    """
    outcomes: dict[str, FileOutcome] = {}
    documents: list[Document] = []
    for item in package.files:
        started = time.perf_counter()
        loaded = read_input(item, options.lang, limits, debug)
        if isinstance(loaded, DocumentResult):
            outcomes[item.name] = FileOutcome(item.name, loaded)
        else:
            documents.append(loaded)
            outcomes[item.name] = FileOutcome(item.name, DocumentResult(item.name, None, "checked"), load_seconds=time.perf_counter() - started)
    for outcome in _audit(documents, options, limits, debug, figures):
        outcomes[outcome.name].result = outcome.result
        outcomes[outcome.name].key_figures = outcome.key_figures
        outcomes[outcome.name].audit_seconds = outcome.audit_seconds
    if compact:
        return [outcomes[item.name].compacted(figures) for item in package.files]
    return [outcomes[item.name] for item in package.files]


def _audit(documents: list[Document], options: AuditOptions, limits: WorkLimits, debug: bool, figures: bool) -> list[FileOutcome]:
    if not documents:
        return []
    started = time.perf_counter()
    error: InputError | None = None
    try:
        with _time_limit(limits.seconds * len(documents)):
            results, package = audit_in_context(documents, options)
            try:
                extracted = [key_figures(ctx) if figures else {} for ctx in package.contexts]
            finally:
                package.release()
    except _FileTimeout:
        error = limit_error("timeout", "", limits)
    except MemoryError:
        error = limit_error("out_of_memory", "", limits)
    except Exception:
        _show_traceback(debug)
        return [FileOutcome(d.path, unreadable_result(d.path, None, options.lang)) for d in documents]
    if error is not None:
        return [FileOutcome(d.path, unreadable_result(d.path, InputError(error.code, d.path, error.detail), options.lang)) for d in documents]
    share = (time.perf_counter() - started) / len(documents)
    return [FileOutcome(result.path, result, extracted[index], audit_seconds=share) for index, result in enumerate(results)]


def key_figures(ctx: AuditContext) -> dict[str, object]:
    """The document's row of the key-figure dataset, exactly as `budgetcheck extract --format csv` gives it,
    read from what the audit has already built: its narrative, standard tables and table views."""
    from budgetcheck.extract.key_figures import extract_key_figures

    assert ctx.package is not None  # the audit sets it
    own_tables = [table for table in ctx.package.standard_tables if table.document is ctx.document]
    record = extract_key_figures(ctx.document, ctx.lang, narrative=ctx.narrative, standard_tables=own_tables, tables_of=ctx.tables)
    return record.to_dict()


def extract_unit(
    package: Package, options: AuditOptions, limits: WorkLimits, debug: bool = False, figures: bool = True, compact: bool = False
) -> list[FileOutcome]:
    """Read each file of a package and extract its key-figure record (`budgetcheck extract --format csv`); no audit.

    The signature is audit_unit's, so the worker pool runs either.  A file that cannot be read, or whose
    extraction fails or overstays the time limit, gets the record the results store gives it: its path and error.
    """
    outcomes = []
    for item in package.files:
        started = time.perf_counter()
        result, record = _key_figures_of(item, options.lang, limits, debug)
        outcomes.append(FileOutcome(item.name, result, record, load_seconds=time.perf_counter() - started))
    return outcomes


def _key_figures_of(item: InputFile, lang: str, limits: WorkLimits, debug: bool) -> tuple[DocumentResult, dict[str, object]]:
    from budgetcheck.engine.audit import reading_notices
    from budgetcheck.extract.key_figures import extract_key_figures, unreadable_key_figures

    loaded = read_input(item, lang, limits, debug)
    if isinstance(loaded, Document):
        error: InputError | None = None
        try:
            with _time_limit(limits.seconds):
                record = extract_key_figures(loaded, lang).to_dict()
            return DocumentResult(item.name, loaded.format, "checked", notices=reading_notices(loaded, lang)), record
        except _FileTimeout:
            error = limit_error("timeout", item.name, limits)
        except MemoryError:
            error = limit_error("out_of_memory", item.name, limits)
        except Exception:  # a bug in budgetcheck: this file's row says so and the others are still read
            _show_traceback(debug)
        loaded = unreadable_result(item.name, error, lang)
    return loaded, unreadable_key_figures(item.name, loaded.error or "").to_dict()


def failed_unit(package: Package, error_code: str, detail: str, options: AuditOptions, limits: WorkLimits) -> list[FileOutcome]:
    """Outcomes for a package whose worker died or overstayed: each file gets the input finding that says so."""
    return [
        FileOutcome(item.name, unreadable_result(item.name, limit_error(error_code, item.name, limits, detail), options.lang))
        for item in package.files
    ]


def _show_traceback(debug: bool) -> None:
    if debug:
        traceback.print_exc(file=sys.stderr)
