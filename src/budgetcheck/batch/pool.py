"""Where packages are audited: in this process, or in a pool of worker processes that may die.

The pool is pebble's ProcessPool: it kills a worker that overstays its task's deadline and reports a worker
that died (a segfault in a C library, the kernel's OOM killer, os._exit) as ProcessExpired, then starts a
new one.  A package whose worker died is retried file by file, so the one file that kills a worker is named
and its neighbours are still audited.  That supervision (Supervisor) is shared with the Dask path, whose
tasks run their package in a child process of the Dask worker (dask_worker.py, child.py).
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

from budgetcheck.batch.inputs import Package
from budgetcheck.batch.work import FileOutcome, WorkLimits, audit_unit, failed_unit, worker_init
from budgetcheck.engine.audit import AuditOptions

# Grace over the per-file limit before a worker is killed from outside: the in-worker alarm should fire first.
_HARD_DEADLINE_GRACE = 10.0


def run_inline(
    packages: list[Package], options: AuditOptions, limits: WorkLimits, debug: bool, figures: bool = False, compact: bool = False
) -> Iterator[tuple[Package, list[FileOutcome]]]:
    """Audit in this process (one package: no worker start-up). The time limit applies; the memory cap does not."""
    for package in packages:
        yield package, audit_unit(package, options, limits, debug, figures, compact)


@dataclass
class _Split:
    """A package being retried one file at a time after its worker died."""

    package: Package
    outcomes: dict[str, list[FileOutcome]] = field(default_factory=dict)


def hard_deadline(package: Package, limits: WorkLimits) -> float | None:
    """Seconds before a package's worker is killed from outside: its files' limits, one more for the audit, a grace."""
    return limits.seconds * (len(package.files) + 1) + _HARD_DEADLINE_GRACE if limits.seconds > 0 else None


Unit = Callable[..., list[FileOutcome]]  # unit(package, options, limits, debug, figures, compact), as audit_unit
Schedule = Callable[..., Future]  # schedule(function, args=(...), timeout=seconds) -> Future, as pebble's ProcessPool.schedule


@dataclass
class Supervisor:
    """Runs packages on worker processes that may die or overstay, and yields each package's outcomes as it completes.

    `schedule` is pebble's ProcessPool.schedule, or a ChildWorker's (child.py) on a Dask worker.  Its future
    raises TimeoutError when the deadline passed (the worker was killed) and ProcessExpired when the worker
    died; either way a package of several files is retried file by file, so the one bad file is named.
    """

    schedule: Schedule
    options: AuditOptions
    limits: WorkLimits
    debug: bool = False
    figures: bool = False
    compact: bool = False
    pending: dict[Future, tuple[Package, _Split | None]] = field(default_factory=dict)
    unit: Unit = audit_unit  # what a worker does with a package: audit it, or only extract its key figures

    def submit(self, package: Package, split: _Split | None = None) -> None:
        arguments = (package, self.options, self.limits, self.debug, self.figures, self.compact)
        self.pending[self.schedule(self.unit, args=arguments, timeout=hard_deadline(package, self.limits))] = (package, split)

    def completed(self) -> Iterator[tuple[Package, list[FileOutcome]]]:
        from pebble import ProcessExpired

        while self.pending:
            done, _ = wait(list(self.pending), return_when=FIRST_COMPLETED)
            for future in done:
                package, split = self.pending.pop(future)
                try:
                    outcomes = future.result()
                except (FutureTimeout, ProcessExpired) as error:
                    if split is None and len(package.files) > 1:
                        split = _Split(package)
                        for item in package.files:
                            self.submit(Package(package.name, [item]), split)
                        continue
                    outcomes = _failure(package, error, self.options, self.limits)
                except Exception as error:  # e.g. a result that cannot be sent back: a bug, named per file
                    outcomes = failed_unit(package, "worker_crashed", type(error).__name__, self.options, self.limits)
                if split is None:
                    yield package, outcomes
                    continue
                split.outcomes[package.files[0].name] = outcomes
                if len(split.outcomes) == len(split.package.files):
                    yield split.package, [outcome for item in split.package.files for outcome in split.outcomes[item.name]]


def _new_pool(jobs: int, limits: WorkLimits):  # -> pebble.ProcessPool
    from pebble import ProcessPool

    return ProcessPool(max_workers=jobs, initializer=worker_init, initargs=(limits.memory_mb,), context=_context())


def _shut_down(pool, supervisor: Supervisor) -> None:
    if supervisor.pending:  # interrupted: stop the workers now rather than finish the queue
        pool.stop()
    else:
        pool.close()
    pool.join()


def run_pool(
    packages: list[Package],
    options: AuditOptions,
    limits: WorkLimits,
    jobs: int,
    debug: bool,
    figures: bool = False,
    compact: bool = False,
) -> Iterator[tuple[Package, list[FileOutcome]]]:
    """Audit packages in `jobs` worker processes; yields each package as it completes."""
    pool = _new_pool(jobs, limits)
    supervisor = Supervisor(pool.schedule, options, limits, debug, figures, compact)
    try:
        for package in packages:
            supervisor.submit(package)
        yield from supervisor.completed()
    finally:
        _shut_down(pool, supervisor)


def run_pool_in_order(
    packages: Iterable[Package], unit: Unit, options: AuditOptions, limits: WorkLimits, jobs: int, debug: bool, window: int
) -> Iterator[tuple[Package, list[FileOutcome]]]:
    """Run `unit` on packages in `jobs` workers and yield them in the order given, with at most `window` packages
    taken and not yet yielded: memory stays flat however many there are, and one slow file only holds the
    queue back by `window` packages."""
    pool = _new_pool(jobs, limits)
    supervisor = Supervisor(pool.schedule, options, limits, debug, figures=True, unit=unit)
    queue = iter(packages)
    taken: list[Package] = []  # in order, not yet yielded
    done: dict[int, list[FileOutcome]] = {}  # by id(package): completed, waiting for the ones before it

    def take() -> None:
        for package in queue:
            taken.append(package)
            supervisor.submit(package)
            if len(taken) >= window:
                return

    try:
        take()
        while taken:
            for package, outcomes in supervisor.completed():
                done[id(package)] = outcomes
                if id(taken[0]) in done:
                    break  # the oldest is ready: yield what can be, then take more
            while taken and id(taken[0]) in done:
                first = taken.pop(0)
                yield first, done.pop(id(first))
            take()
    finally:
        _shut_down(pool, supervisor)


def _failure(package: Package, error: BaseException, options: AuditOptions, limits: WorkLimits) -> list[FileOutcome]:
    if isinstance(error, FutureTimeout):
        return failed_unit(package, "timeout", "", options, limits)
    return failed_unit(package, "worker_crashed", exit_detail(getattr(error, "exitcode", None)), options, limits)


def exit_detail(exitcode: int | None) -> str:
    """"SIGKILL" for a worker killed by a signal (the kernel's OOM killer sends SIGKILL), else its exit code."""
    if exitcode is not None and exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit code {exitcode}"


def _context():  # -> multiprocessing context
    # fork where there is one: workers start at once and share the parent's loaded rule packs.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else methods[0])
