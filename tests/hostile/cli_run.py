"""Run `budgetcheck audit` (or `extract`) in a child process and measure its wall time and peak memory.

The child's own rusage comes from os.wait4, so the figure is that one run's peak RSS, not the
test process's.  A run that overstays a hard deadline is killed, so a hole fails the test
instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

MAX_SECONDS = 5.0
MAX_PEAK_MB = 300
HARD_DEADLINE = 30.0
CLI = "from budgetcheck.cli import main; main()"


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
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-c", CLI, *arguments],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
        )
        killed = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > HARD_DEADLINE:
                child.kill()
                killed = True
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from reaping again
        out.seek(0)
        err.seek(0)
        return Run(
            exit_code=child.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            seconds=seconds,
            peak_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
            killed=killed,
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
