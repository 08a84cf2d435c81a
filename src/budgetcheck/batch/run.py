"""Run a batch: skip what the store already holds, send packages to an engine, store and return every result.

The engine is chosen by the caller: this process (one package), the local worker pool, or a Dask cluster.
Results are written to the store as each package completes, so Ctrl-C loses at most the packages in flight.
The results returned are kept on disk until a report reads them (spill.py), compact unless `keep_checks`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from budgetcheck.batch.inputs import Package
from budgetcheck.batch.spill import SpilledResults
from budgetcheck.batch.store import ResultStore, StoreRow
from budgetcheck.batch.work import FileOutcome, WorkLimits
from budgetcheck.engine.audit import AuditOptions
from budgetcheck.engine.results import DocumentResult
from budgetcheck.extract.key_figures import unreadable_key_figures

Engine = Callable[[list[Package]], Iterator[tuple[Package, list[FileOutcome]]]]


@dataclass
class BatchProgress:
    """How far a batch got: shown as it runs and when it is interrupted."""

    total_files: int = 0
    skipped_files: int = 0  # already in the store with the same content
    done_files: int = 0
    done_packages: int = 0
    on_package: Callable[[int], None] | None = None  # called with the number of files just completed


class BatchInterrupted(Exception):
    def __init__(self, progress: BatchProgress) -> None:
        super().__init__("interrupted")
        self.progress = progress


@dataclass
class Batch:
    packages: list[Package]
    options: AuditOptions
    limits: WorkLimits = field(default_factory=WorkLimits)
    store: ResultStore | None = None
    debug: bool = False
    # Full results, every check object kept (the --verbose text report lists passed checks); otherwise the
    # batch keeps compact results (DocumentResult.compact), so its memory stays flat however many files.
    keep_checks: bool = True

    def plan(self) -> tuple[list[Package], dict[str, str | None], list[str]]:
        """The packages to audit, every file's content hash (with a store), and the files the store already holds."""
        if self.store is None:
            return self.packages, {}, []
        hashes = {item.name: item.content_hash() for package in self.packages for item in package.files}
        stored = self.store.stored()
        todo, skipped = [], []
        for package in self.packages:
            if package.files and all(
                hashes[item.name] is not None
                and item.name in stored
                and stored[item.name].content_hash == hashes[item.name]
                and stored[item.name].package == package.name
                for item in package.files
            ):
                skipped.extend(item.name for item in package.files)
            else:
                todo.append(package)
        return todo, hashes, skipped

    def run(self, engine: Engine, progress: BatchProgress | None = None) -> SpilledResults:
        """Every file's result, in input order; raises BatchInterrupted on Ctrl-C after saving what completed."""
        progress = progress or BatchProgress()
        todo, hashes, skipped = self.plan()
        progress.total_files = sum(len(package.files) for package in todo)
        progress.skipped_files = len(skipped)
        if progress.on_package is not None:
            progress.on_package(0)  # the total is known: the bar shows it from the start
        fresh = SpilledResults()
        order = [item.name for package in self.packages for item in package.files]
        positions = {name: index for index, name in enumerate(order)}  # stored, so the store reads back in input order
        try:
            for package, outcomes in engine(todo):
                for outcome in outcomes:
                    outcome.result.package = package.name or None
                if self.store is not None:
                    rows = [
                        StoreRow(o.result, hashes.get(o.name), _figures(o), o.load_seconds, o.audit_seconds, o.check_rows, positions.get(o.name))
                        for o in outcomes
                    ]
                    self.store.write_package(package.name, rows)
                for outcome in outcomes:  # what the reports need; compact already when the engine made it so
                    fresh.add(outcome.name, outcome.result if self.keep_checks else outcome.result.compact())
                progress.done_files += len(outcomes)
                progress.done_packages += 1
                if progress.on_package is not None:
                    progress.on_package(len(outcomes))
        except KeyboardInterrupt:
            fresh.close()
            raise BatchInterrupted(progress) from None
        if skipped and self.store is not None:
            for result in self.store.results(skipped, compact=not self.keep_checks):
                fresh.add(result.path, result)
        fresh.arrange(order)
        return fresh


def _figures(outcome: FileOutcome) -> dict[str, object]:
    """The file's key-figure record; a file that could not be read gets the row `extract` gives it: its error."""
    if outcome.key_figures or outcome.result.status != "unreadable":
        return outcome.key_figures
    return unreadable_key_figures(outcome.result.path, outcome.result.error or "").to_dict()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
