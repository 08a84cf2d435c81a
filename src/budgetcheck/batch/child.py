"""Worker processes of our own, for a host that may not start multiprocessing children: a Dask worker.

A Dask worker started by its nanny is a daemonic multiprocessing process (`distributed.worker.daemon`, true
by default), and multiprocessing refuses to start children from one ("daemonic processes are not allowed to
have children") — so neither pebble's ProcessPool nor concurrent.futures' can run there.  A ChildWorker is
a plain `subprocess` running this module: a fresh interpreter (never a fork of the threaded Dask worker)
that loads the parsers and the audit once, caps its own memory (work.worker_init, as the local pool's
workers do), then runs task after task sent over a private pipe.  Its `schedule` has the signature of
pebble's ProcessPool.schedule and the same failures — TimeoutError after the deadline (the child is
killed), ProcessExpired when the child died — so pool.Supervisor treats both pools alike.  A ChildWorker
runs one task at a time: `schedule` runs it and returns the completed future.

Children leases a ChildWorker per task and keeps it for later tasks, so a worker thread pays the
interpreter's start-up once, not per task.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from multiprocessing.connection import Connection

# Imported by a child before its first task, so that no file's time limit pays for them.
_PRELOAD = (
    "budgetcheck.parsers.docx",
    "budgetcheck.parsers.xlsx",
    "budgetcheck.parsers.xls",
    "budgetcheck.parsers.txt",
    "budgetcheck.parsers.pdf",
    "budgetcheck.engine.audit",
    "budgetcheck.batch.store",
)


class ChildWorker:
    """One child process that runs tasks one at a time; started again after it died or was killed."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self._process: subprocess.Popen | None = None
        self._tasks: Connection | None = None
        self._results: Connection | None = None

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def schedule(self, function: Callable, args: tuple = (), timeout: float | None = None) -> Future:
        """Run function(*args) in the child; the future is done when this returns."""
        from pebble import ProcessExpired

        future: Future = Future()
        if not self.alive:
            self._start()
        assert self._process is not None and self._tasks is not None and self._results is not None
        try:
            self._tasks.send((function, args))
            if not self._results.poll(timeout):  # True as well when the child died: recv then raises EOFError
                self.stop()
                future.set_exception(TimeoutError(f"task timeout ({timeout} s)"))
                return future
            succeeded, value = self._results.recv()
        except (EOFError, OSError):
            exitcode = self._process.wait()
            self.stop()
            future.set_exception(ProcessExpired("Abnormal termination", code=exitcode, pid=self._process.pid))
            return future
        if succeeded:
            future.set_result(value)
        else:
            future.set_exception(value)
        return future

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        for connection in (self._tasks, self._results):
            if connection is not None:
                connection.close()
        self._tasks = self._results = None

    def _start(self) -> None:
        self.stop()
        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "budgetcheck.batch.child", str(task_read), str(result_write), str(self.memory_mb)],
                pass_fds=(task_read, result_write),
                stdin=subprocess.DEVNULL,
            )
        except BaseException:
            for descriptor in (task_write, result_read):
                os.close(descriptor)
            raise
        finally:
            os.close(task_read)
            os.close(result_write)
        self._tasks = Connection(task_write, readable=False)
        self._results = Connection(result_read, writable=False)


class Children:
    """The idle ChildWorkers of one host process: a task leases one and gives it back for the next task."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[ChildWorker] = []
        self._leased: set[ChildWorker] = set()
        self._closed = False

    @contextmanager
    def lease(self, memory_mb: int) -> Iterator[ChildWorker]:
        with self._lock:
            child = self._idle.pop() if self._idle else ChildWorker(memory_mb)
            self._leased.add(child)
        if child.memory_mb != memory_mb:  # a run with another --memory-limit: the cap is set at start-up
            child.stop()
            child.memory_mb = memory_mb
        try:
            yield child
        finally:
            with self._lock:
                self._leased.discard(child)
                keep = not self._closed
                if keep:
                    self._idle.append(child)
            if not keep:
                child.stop()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            children = self._idle + list(self._leased)
            self._idle = []
        for child in children:
            child.stop()


# --- inside the child ------------------------------------------------------------------------------


def main(task_descriptor: int, result_descriptor: int, memory_mb: int) -> None:
    """Run tasks until the parent closes the pipe; each task's result or exception goes back pickled."""
    import importlib

    from budgetcheck.batch.work import worker_init

    os.dup2(2, 1)  # the pipes are private: a library that prints writes to stderr, never into a result
    worker_init(memory_mb)
    for name in _PRELOAD:
        importlib.import_module(name)
    _exit_with_parent(os.getppid())
    tasks = Connection(task_descriptor, writable=False)
    results = Connection(result_descriptor, readable=False)
    while True:
        try:
            function, args = tasks.recv()
        except EOFError:
            return
        except Exception as error:  # a task that cannot be unpickled here
            results.send((False, RuntimeError(f"{type(error).__name__}: {error}")))
            continue
        try:
            reply = (True, function(*args))
        except Exception as error:
            reply = (False, error)
        try:
            results.send(reply)
        except Exception as error:  # a result or an exception that cannot be pickled
            results.send((False, RuntimeError(f"{type(error).__name__}: {error}")))


def _exit_with_parent(parent: int) -> None:
    """End this child when its parent is gone (a Dask worker killed by its nanny), even in the middle of a task.

    Only the parent enforces the hard deadline: without it, a task stuck outside Python would stay for ever.
    """

    def watch() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())  # the time alarm is for the main thread
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


if __name__ == "__main__":
    main(*(int(argument) for argument in sys.argv[1:4]))
