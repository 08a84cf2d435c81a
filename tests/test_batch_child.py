"""The child processes that audit packages on a Dask worker (batch/child.py): reused, replaced, capped."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pebble import ProcessExpired

from budgetcheck.batch.child import Children


def test_a_child_is_reused_across_tasks_and_replaced_after_a_timeout_or_a_crash() -> None:
    children = Children()
    try:
        with children.lease(0) as child:
            first = child.schedule(os.getpid).result()
            assert child.schedule(os.getpid).result() == first  # no interpreter start-up per task
            with pytest.raises(TimeoutError):
                child.schedule(time.sleep, args=(30,), timeout=0.5).result()
            second = child.schedule(os.getpid).result()
            assert second != first
            with pytest.raises(ProcessExpired) as died:
                child.schedule(os.kill, args=(second, signal.SIGKILL)).result()
            assert died.value.exitcode == -signal.SIGKILL
            with pytest.raises(ZeroDivisionError):  # an exception inside the task comes back as itself
                child.schedule(divmod, args=(1, 0)).result()
            third = child.schedule(os.getpid).result()
        with children.lease(0) as again:
            assert again is child and again.schedule(os.getpid).result() == third  # kept for the next task
        with children.lease(512) as capped:  # another --memory-limit: a process started with that cap
            assert capped.schedule(resource.getrlimit, args=(resource.RLIMIT_AS,)).result()[0] == 512 * 1024 * 1024
            assert capped.schedule(os.getpid).result() != third
    finally:
        children.close()
    assert not child.alive


PARENT = """
import sys, time
from budgetcheck.batch.child import ChildWorker
child = ChildWorker(0)
print(child.schedule(__import__("os").getpid).result(), flush=True)
child.schedule(time.sleep, args=(60,))  # this process is killed meanwhile
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_a_child_ends_with_its_parent_even_in_the_middle_of_a_task() -> None:
    """A Dask worker killed by its nanny must not leave a child stuck in a file for ever."""
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    child_pid = int(parent.stdout.readline())
    time.sleep(0.5)  # the child is inside the task
    parent.kill()
    parent.wait()
    parent.stdout.close()
    for _ in range(50):
        if not running(child_pid):
            break
        time.sleep(0.1)
    else:
        os.kill(child_pid, signal.SIGKILL)
        pytest.fail("the child outlived its parent")


def running(pid: int) -> bool:
    """Alive and not a zombie waiting for a parent that does not reap (PID 1 in some containers)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
