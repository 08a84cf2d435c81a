"""Run `budgetcheck audit` (or `extract`) in a child process and measure its wall time and peak memory.

The run is started by a small launcher process, which times it and reads its rusage with os.wait4.
Forked straight from the test process, the child's peak RSS would count the pages it shares with a
test process that has grown (the fuzz tests make it a few hundred MB) until it execs; forked from the
launcher it counts only the launcher's few MB and the run's own.  A run that overstays a hard deadline
is killed, so a hole fails the test instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

MAX_SECONDS = 5.0
MAX_PEAK_MB = 300
HARD_DEADLINE = 30.0
CLI = "from budgetcheck.cli import main; main()"
LAUNCHER = """
import json, os, subprocess, sys, time
report, deadline, arguments = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
started = time.monotonic()
child = subprocess.Popen([sys.executable, "-c", "from budgetcheck.cli import main; main()", *arguments])
killed = False
while True:
    pid, status, usage = os.wait4(child.pid, os.WNOHANG)
    if pid:
        break
    if time.monotonic() - started > deadline:
        child.kill()
        killed = True
        pid, status, usage = os.wait4(child.pid, 0)
        break
    time.sleep(0.01)
seconds = time.monotonic() - started
with open(report, "w") as handle:
    json.dump({"exit_code": os.waitstatus_to_exitcode(status), "seconds": seconds, "peak_kb": usage.ru_maxrss, "killed": killed}, handle)
"""


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    killed: bool

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def audit(path: Path | str, *options: str, cwd: Path | None = None) -> Run:
    return run_cli("audit", str(path), *options, cwd=cwd)


def extract(path: Path | str, *options: str, cwd: Path | None = None) -> Run:
    return run_cli("extract", str(path), *options, cwd=cwd)


def run_cli(*arguments: str, cwd: Path | None = None) -> Run:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "run.json"
        launcher = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(report), str(HARD_DEADLINE), *arguments],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
            timeout=HARD_DEADLINE + 30,
        )
        assert launcher.returncode == 0, "the launcher failed"
        measured = json.loads(report.read_text())
        out.seek(0)
        err.seek(0)
        return Run(
            exit_code=measured["exit_code"],
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            seconds=measured["seconds"],
            peak_mb=measured["peak_kb"] / 1024,  # kilobytes on Linux
            killed=measured["killed"],
        )


def assert_bounded(run: Run) -> None:
    assert not run.killed, f"killed after {HARD_DEADLINE} s"
    assert "Traceback" not in run.output, run.output
    assert run.seconds < MAX_SECONDS, f"{run.seconds:.1f} s"
    assert run.peak_mb < MAX_PEAK_MB, f"{run.peak_mb:.0f} MB"


def assert_refused(run: Run, message: str) -> None:
    """Exit code 2 and exactly one line on stderr: the message a user sees."""
    assert_bounded(run)
    assert run.exit_code == 2, run.output
    assert run.stderr.strip() == message, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
