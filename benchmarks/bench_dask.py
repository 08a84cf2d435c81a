"""The cost of auditing in a child process on a Dask worker: per-task overhead and the child's start-up.

    python benchmarks/bench_dask.py                  # 40 tasks a round, 3 rounds
    python benchmarks/bench_dask.py --tasks 100 --rounds 5

On a LocalCluster of one worker process with one thread, it submits the same package (the seed DOCX and
its XLSX, every built-in rule, compact results as the CLI asks for them) as many tasks, alternately

- in the worker's thread (budgetcheck.batch.work.audit_unit, what the Dask path ran before the limits held
  there), and
- in the worker's child process (budgetcheck.batch.dask_worker.audit_in_child, what it runs now),

and prints the milliseconds per task of each and their difference: the price of the time limit, the
memory cap and the retry file by file on Dask.  The first task on a worker also starts its child; that
start-up is printed on its own.  Times are wall-clock; run it on an idle machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
STEM = "三河市泃阳西大街街道办事处2020年部门预算公开"


def timed(client, function, packages, options, limits) -> float:
    started = time.perf_counter()
    client.gather([client.submit(function, package, options, limits, False, False, True, pure=False) for package in packages])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()

    import distributed

    from budgetcheck.batch.dask_worker import PLUGIN_NAME, WorkerChildren, audit_in_child
    from budgetcheck.batch.inputs import Package, collect
    from budgetcheck.batch.work import WorkLimits, audit_unit
    from budgetcheck.engine.audit import AuditOptions
    from budgetcheck.engine.rules import builtin_rules

    package = Package("seed", collect([str(SAMPLES / f"{STEM}.docx"), str(SAMPLES / f"{STEM}_政府采购与固定资产.xlsx")]))
    limits = WorkLimits()
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        client.register_plugin(WorkerChildren(), name=PLUGIN_NAME)
        options = client.scatter(AuditOptions(rules=builtin_rules()), broadcast=True)
        timed(client, audit_unit, [package], options, limits)  # the worker imports budgetcheck: not counted
        start_up = timed(client, audit_in_child, [package], options, limits)
        in_thread, in_child = [], []
        for _ in range(arguments.rounds):
            in_thread.append(timed(client, audit_unit, [package] * arguments.tasks, options, limits) / arguments.tasks)
            in_child.append(timed(client, audit_in_child, [package] * arguments.tasks, options, limits) / arguments.tasks)
    thread_ms, child_ms = statistics.median(in_thread) * 1000, statistics.median(in_child) * 1000  # float ok: timings
    print(f"first task in a child, the child's start-up included: {start_up * 1000:.0f} ms")
    print(f"per task, median of {arguments.rounds} rounds of {arguments.tasks}: in the worker thread {thread_ms:.1f} ms, in a child {child_ms:.1f} ms, overhead {child_ms - thread_ms:.1f} ms")


if __name__ == "__main__":
    main()
