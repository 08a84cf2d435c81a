"""What runs on a Dask worker: the task that audits one package in a child process of the worker.

Dask runs tasks in threads, where the per-file time alarm cannot fire and a file stuck in a C library would
hold the thread for ever; a memory cap (RLIMIT_AS) would bind the whole worker.  So the task hands its
package to a child process (child.py), supervised as the local pool supervises its workers (pool.Supervisor).
"""

from __future__ import annotations

from distributed import WorkerPlugin, get_worker

from budgetcheck.batch.child import Children
from budgetcheck.batch.inputs import Package
from budgetcheck.batch.pool import Supervisor
from budgetcheck.batch.work import FileOutcome, WorkLimits
from budgetcheck.engine.audit import AuditOptions

PLUGIN_NAME = "budgetcheck-children"


class WorkerChildren(WorkerPlugin):
    """The worker's child processes, started as tasks need them (at most one per worker thread), closed with the worker."""

    idempotent = True  # a later run keeps the children the first run started

    def setup(self, worker) -> None:
        self.children = Children()

    def teardown(self, worker) -> None:
        self.children.close()


def audit_in_child(
    package: Package, options: AuditOptions, limits: WorkLimits, debug: bool, figures: bool, compact: bool
) -> list[FileOutcome]:
    """Audit the package in a child process of this worker, with the local pool's limits and retries."""
    plugin: WorkerChildren = get_worker().plugins[PLUGIN_NAME]
    with plugin.children.lease(limits.memory_mb) as child:
        supervisor = Supervisor(child.schedule, options, limits, debug, figures, compact)
        supervisor.submit(package)
        ((_, outcomes),) = supervisor.completed()  # one package in, one out
    return outcomes
