"""Resume at scale: an interrupted, resumed run ends with exactly the store of an uninterrupted one.

    python benchmarks/bench_resume.py                          # about 1000 files (333 packages)
    python benchmarks/bench_resume.py --packages 33 --corpus-dir /tmp/bc-resume

On a corpus made (or reused) by benchmarks/make_corpus.py it runs, as a user would:

1. `budgetcheck audit DIR --db A.sqlite --jobs 2` and, once a share of the files is stored
   (--stop-at, default a third), sends SIGINT to the command's process group, as Ctrl-C on a
   terminal does; the command must exit with 130 and say how far it got;
2. the same command again, which must skip the stored files and complete;
3. a clean `budgetcheck audit DIR --db B.sqlite --jobs 2`;

then compares the two stores table by table with ResultStore.comparable_rows (every column but
the timings), the comparison the resume test of tests/test_batch.py makes on a small corpus.
It prints each step's time and the outcome; the exit code is 0 when the stores are equal.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_batch import cli, corpus_packages  # noqa: E402

from budgetcheck.batch.store import ResultStore  # noqa: E402


def stored_files(db: Path) -> int:
    """Documents in the store so far (read while another process writes it; 0 before its tables exist)."""
    if not db.is_file():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def audit_command(corpus: Path, db: Path, jobs: int) -> list[str]:
    return [*cli(), "audit", str(corpus), "--db", str(db), "--jobs", str(jobs), "--fail-on", "never", "-q"]


def run(command: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)
    return done, time.perf_counter() - started


def _hear_ctrl_c() -> None:
    """SIGINT as a terminal's command has it: a benchmark started in the background (cmd &) ignores SIGINT,
    and the audit would inherit that and never stop."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupted_run(command: list[str], db: Path, stop_at: int) -> tuple[int, str, float, int]:
    """Run until `stop_at` files are stored, then Ctrl-C; the exit code, the last stderr line, the time, and the files stored."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, start_new_session=True,
        preexec_fn=_hear_ctrl_c,
    )
    while process.poll() is None and stored_files(db) < stop_at:
        time.sleep(0.2)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)  # the whole group, as a terminal's Ctrl-C: the command and its workers
    _, stderr = process.communicate(timeout=600)
    lines = stderr.strip().splitlines()
    return process.returncode, lines[-1] if lines else "", time.perf_counter() - started, stored_files(db)


def compare(resumed: Path, clean: Path) -> list[str]:
    """What differs between the two stores, table by table; empty when they are equal."""
    with ResultStore(resumed, create=False) as a, ResultStore(clean, create=False) as b:
        rows_a, rows_b = a.comparable_rows(), b.comparable_rows()
    differences = []
    for table in sorted(set(rows_a) | set(rows_b)):
        left, right = rows_a.get(table, []), rows_b.get(table, [])
        if left != right:
            first = next((index for index, (x, y) in enumerate(zip(left, right)) if x != y), min(len(left), len(right)))
            differences.append(f"{table}: {len(left)} rows resumed, {len(right)} clean; first difference at row {first}")
    return differences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--packages", type=int, default=333, help="packages in the corpus (three files each)")
    parser.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "budgetcheck-resume-corpus")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--stop-at", type=float, default=1 / 3, help="share of the files stored when Ctrl-C is sent")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    corpus = args.corpus_dir / f"packages-{args.packages}"
    files = sum(len(package) for package in corpus_packages(corpus, args.packages * 3, args.seed))
    with tempfile.TemporaryDirectory(prefix="budgetcheck-resume-") as work:
        resumed_db, clean_db = Path(work) / "A.sqlite", Path(work) / "B.sqlite"
        command = audit_command(corpus, resumed_db, args.jobs)
        print(f"corpus: {files} files in {corpus}")

        code, last_line, seconds, stored = interrupted_run(command, resumed_db, max(1, int(files * args.stop_at)))
        print(f"1. interrupted run: exit {code} after {seconds:.1f} s, {stored} of {files} files stored")
        print(f"   {last_line}")
        finished, resume_seconds = run(command)
        skipped = [line for line in finished.stderr.splitlines() if "已跳过" in line or "skipped" in line]
        print(f"2. resumed run: exit {finished.returncode} after {resume_seconds:.1f} s; {skipped[-1] if skipped else 'nothing skipped'}")
        clean, clean_seconds = run(audit_command(corpus, clean_db, args.jobs))
        print(f"3. clean run: exit {clean.returncode} after {clean_seconds:.1f} s")

        differences = compare(resumed_db, clean_db)
        with ResultStore(clean_db, create=False) as store:
            sizes = {table: len(rows) for table, rows in store.comparable_rows().items()}
        print("rows compared: " + ", ".join(f"{table} {count}" for table, count in sizes.items()))
        problems = []
        if code != 130:
            problems.append(f"the interrupted run exited with {code}, not 130")
        if not 0 < stored < files:
            problems.append(f"the interrupted run stored {stored} of {files} files: not a partial store")
        if finished.returncode != 0 or clean.returncode != 0:
            problems.append(f"exit codes {finished.returncode} (resumed) and {clean.returncode} (clean), expected 0")
        problems += differences
        print("result: the resumed store equals the clean one" if not problems else "result: DIFFERENT\n  " + "\n  ".join(problems))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
