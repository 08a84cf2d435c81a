"""The same per-package work on a Dask distributed cluster (`pip install 'budgetcheck[dask]'`).

Every worker reads the input files under the same path as the machine that runs the command (a shared
folder), or, with `--dask-send-files`, receives each package's bytes with its task.  Results come back to
that machine, which alone writes the store and the reports.

The limits hold as in the local pool.  Dask runs tasks in threads, where the per-file time alarm cannot
fire, a file stuck in a C library would hold its thread for ever and a memory cap would bind the whole
worker; so each task (dask_worker.audit_in_child) hands its package to a child process of the worker,
supervised by the local pool's code (pool.Supervisor): `--timeout` is the alarm inside the child plus the
hard deadline outside it, `--memory-limit` caps the child's address space, and a package whose child dies
or overstays is retried file by file so the one bad file is named.  The children are plain subprocesses,
not multiprocessing ones: a nanny starts Dask workers as daemonic processes, which multiprocessing (and so
pebble) refuses to give children (child.py says more).  A worker plugin keeps them, one per worker thread
at most, for every later task and run.  A worker that dies itself (KilledWorker after Dask's retries)
still makes an `input` finding for each of its package's files.
"""

from __future__ import annotations

from collections.abc import Iterator

from budgetcheck.batch.inputs import Package
from budgetcheck.batch.work import FileOutcome, WorkLimits, failed_unit
from budgetcheck.engine.audit import AuditOptions


class DaskUnavailable(Exception):
    """distributed is not installed, or the scheduler cannot be reached."""

    def __init__(self, code: str, address: str, detail: str = "") -> None:
        super().__init__(f"{code}: {address} {detail}")
        self.code = code
        self.address = address
        self.detail = detail

    def message(self, lang: str) -> str:
        if self.code == "not_installed":
            if lang == "en":
                return "--dask-scheduler needs Dask: pip install 'budgetcheck[dask]'"
            return "--dask-scheduler 需要安装 Dask：pip install 'budgetcheck[dask]'"
        if lang == "en":
            return f"{self.address}: cannot reach the Dask scheduler ({self.detail})"
        return f"{self.address}：无法连接 Dask 调度器（{self.detail}）"


def connect(address: str, timeout: float = 10.0):  # -> distributed.Client
    try:
        from distributed import Client
    except ImportError:
        raise DaskUnavailable("not_installed", address) from None
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as error:
        raise DaskUnavailable("unreachable", address, str(error) or type(error).__name__) from None


def run_dask(
    client,
    packages: list[Package],
    options: AuditOptions,
    limits: WorkLimits,
    debug: bool,
    figures: bool = False,
    send_files: bool = False,
    compact: bool = False,
) -> Iterator[tuple[Package, list[FileOutcome]]]:
    """Submit packages as tasks and yield each as it completes (in completion order).

    `send_files`: each package's bytes travel with its task, for workers that do not see the files; then only
    a window of packages is in flight at a time, so the client never holds the whole corpus in memory.
    """
    from distributed import as_completed

    from budgetcheck.batch.dask_worker import PLUGIN_NAME, WorkerChildren, audit_in_child

    client.register_plugin(WorkerChildren(), name=PLUGIN_NAME)  # once per worker; kept by later runs
    shared_options = client.scatter(options, broadcast=True)  # the rule list travels once per worker, not per task
    queue = iter(enumerate(packages))
    window = max(4 * sum(client.nthreads().values()), 8) if send_files else len(packages)
    futures: dict = {}

    def submit_next() -> bool:
        entry = next(queue, None)
        if entry is None:
            return False
        index, package = entry
        sent = Package(package.name, [item.carrying_content() for item in package.files]) if send_files else package
        future = client.submit(audit_in_child, sent, shared_options, limits, debug, figures, compact, pure=False, key=f"budgetcheck-{index}-{package.name}")
        futures[future] = package
        completed.add(future)
        return True

    completed = as_completed()
    while len(futures) < window and submit_next():
        pass
    try:
        for future in completed:
            package = futures.pop(future)
            try:
                outcomes = future.result()
            except Exception as error:  # KilledWorker, or an error inside the task: named per file
                outcomes = failed_unit(package, "worker_crashed", type(error).__name__, options, limits)
            future.release()
            submit_next()
            yield package, outcomes
    finally:
        if futures:
            client.cancel(list(futures))

