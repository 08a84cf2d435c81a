"""Batch throughput: documents per second with one and two workers, audit against bare parse, peak memory.

    python benchmarks/bench_batch.py                       # about 100 and 1000 files (33 and 333 packages)
    python benchmarks/bench_batch.py --files 100 --corpus-dir /tmp/bc-corpora

For each corpus size it makes (or reuses) a corpus with benchmarks/make_corpus.py, then measures
in one run:

- `budgetcheck audit DIR --jobs 1` and `--jobs 2` as subprocesses: wall time, documents per
  second, and the peak resident memory of the run (ru_maxrss from wait4, which covers the
  command and the workers it waited for).  When this checkout's CLI has no `--jobs` yet, it runs
  `budgetcheck audit FILES…` once over all files for one worker, and two such processes at the
  same time over the two halves (split between packages) for two workers, and says so;
- in one process, `parsers.load` alone over every file against `load` + `audit_package` with all
  built-in rules, package by package, over the same files: the ratio is what the checks cost on
  top of reading;
- with --tracemalloc, the peak of Python allocations during that in-process audit.

Times are wall-clock on whatever else the machine is doing; run it on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402

from budgetcheck.engine.audit import AuditOptions, audit_package  # noqa: E402
from budgetcheck.engine.rules import builtin_rules  # noqa: E402
from budgetcheck.parsers import load  # noqa: E402


@dataclass
class Run:
    label: str
    seconds: float
    files: int
    peak_mb: float

    @property
    def per_second(self) -> float:
        return self.files / self.seconds


def cli() -> list[str]:
    found = shutil.which("budgetcheck", path=str(Path(sys.executable).parent)) or shutil.which("budgetcheck")
    if found is None:
        sys.exit("budgetcheck is not installed in this environment (pip install -e .)")
    return [found]


def has_jobs_option() -> bool:
    help_text = subprocess.run([*cli(), "audit", "--help"], capture_output=True, text=True, check=False).stdout
    return "--jobs" in help_text


def corpus_packages(directory: Path, count: int, seed: int) -> list[list[Path]]:
    """The files of a corpus of about `count` files (three per package), made once and reused."""
    manifest = directory / "manifest.json"
    if not manifest.is_file():
        directory.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        packages = max(1, round(count / 3))
        make_corpus.make_corpus(directory, packages, 0.1, seed)
        print(f"  made {packages} packages in {time.perf_counter() - started:.0f} s: {directory}")
    entries = json.loads(manifest.read_text(encoding="utf-8"))["packages"]
    return [[directory / name for name in entry["files"]] for entry in entries]


def run_processes(commands: list[list[str]]) -> tuple[float, float]:
    """Start the commands together; wall time until all have ended, and the largest peak RSS in MB."""
    started = time.perf_counter()
    processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for command in commands]
    peak_kb = 0
    for process in processes:
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):  # 1: findings, as the corpus has injected errors
            sys.exit(f"{' '.join(process.args[:3])} … failed with exit code {process.returncode}: {process.stderr.read().decode()[-500:]}")
        peak_kb = max(peak_kb, usage.ru_maxrss)
    return time.perf_counter() - started, peak_kb / 1024


def cli_runs(directory: Path, packages: list[list[Path]], with_jobs: bool) -> list[Run]:
    base = [*cli(), "audit", "--format", "json", "--fail-on", "never"]
    files = [path for package in packages for path in package]
    runs = []
    if with_jobs:
        for jobs in (1, 2):
            seconds, peak = run_processes([[*base, str(directory), "--jobs", str(jobs)]])
            runs.append(Run(f"audit DIR --jobs {jobs}", seconds, len(files), peak))
        return runs
    half = len(packages) // 2  # split between packages, so no package is cut in two
    first = [path for package in packages[:half] for path in package]
    second = [path for package in packages[half:] for path in package]
    seconds, peak = run_processes([[*base, *map(str, files)]])
    runs.append(Run("1 process, all files", seconds, len(files), peak))
    seconds, peak = run_processes([[*base, *map(str, first)], [*base, *map(str, second)]])
    runs.append(Run("2 processes, half each", seconds, len(files), peak))
    return runs


def in_process(packages: list[list[Path]], trace: bool) -> tuple[float, float, float | None]:
    """Seconds to parse every file, seconds to parse and audit every package, and the traced peak in MB."""
    options = AuditOptions(rules=builtin_rules())
    audit_package([load(str(path)) for path in packages[0]], options)  # warm: imports, rule packs, vocabulary
    started = time.perf_counter()
    for package in packages:
        for path in package:
            load(str(path))
    parse = time.perf_counter() - started
    started = time.perf_counter()
    for package in packages:
        audit_package([load(str(path)) for path in package], options)
    audit = time.perf_counter() - started
    peak = None
    if trace:
        tracemalloc.start()
        for package in packages:
            audit_package([load(str(path)) for path in package], options)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return parse, audit, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, nargs="+", default=[100, 1000], help="corpus sizes in files (three per package)")
    parser.add_argument("--corpus-dir", type=Path, default=Path("/tmp/budgetcheck-bench"), help="where corpora are made and reused")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations of an in-process audit")
    args = parser.parse_args()
    with_jobs = has_jobs_option()
    print(f"budgetcheck batch benchmark, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    if not with_jobs:
        print("note: this budgetcheck has no `audit --jobs` yet; one worker = one process over all files,")
        print("      two workers = two processes at once over the two halves of the corpus")
    rows = []
    for count in args.files:
        directory = args.corpus_dir / f"corpus3-{count}-seed{args.seed}"
        packages = corpus_packages(directory, count, args.seed)
        runs = cli_runs(directory, packages, with_jobs)
        parse, audit, traced = in_process(packages, args.tracemalloc)
        rows.append((sum(len(package) for package in packages), runs, parse, audit, traced))
    print()
    print(f"{'files':>6}  {'run':<26} {'wall s':>8} {'docs/s':>8} {'peak RSS MB':>12}")
    for count, runs, _, _, _ in rows:
        for run in runs:
            print(f"{count:>6}  {run.label:<26} {run.seconds:>8.1f} {run.per_second:>8.1f} {run.peak_mb:>12.0f}")
        print(f"{'':>6}  {'two workers / one worker':<26} {runs[1].per_second / runs[0].per_second:>17.2f}×")
    print()
    print(f"{'files':>6}  {'parse ms/file':>14} {'parse+audit ms/file':>20} {'audit / parse':>14}" + ("  traced peak MB" if args.tracemalloc else ""))
    for count, _, parse, audit, traced in rows:
        line = f"{count:>6}  {parse / count * 1000:>14.1f} {audit / count * 1000:>20.1f} {audit / parse:>13.2f}×"
        if traced is not None:
            line += f"  {traced:>15.1f}"
        print(line)
    if len(rows) > 1:
        small, large = rows[0], rows[-1]
        print()
        for index, label in enumerate(run.label for run in small[1]):
            growth = large[1][index].peak_mb / small[1][index].peak_mb
            print(f"peak RSS {label}: {small[0]} → {large[0]} files: {growth:.2f}×")


if __name__ == "__main__":
    main()
