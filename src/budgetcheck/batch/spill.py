"""A batch's results kept in a temporary file until the reports are written, read back one at a time.

A researcher's batch has hundreds of thousands of files; holding every result (findings with their places,
the unchecked list) until the end would make the command's memory grow with the batch.  Here a result costs
memory only while a report reads it.  The file is unnamed (tempfile.TemporaryFile) and goes with the process.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator, Sequence
from typing import overload

from budgetcheck.engine.results import DocumentResult


class ResultsReadOnDemand(Sequence[DocumentResult]):
    """Results as a sequence of names, each result read when a report uses it (and not kept)."""

    def _names(self) -> list[str]:
        raise NotImplementedError

    def read(self, name: str) -> DocumentResult:
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self._names())

    @overload
    def __getitem__(self, index: int) -> DocumentResult: ...

    @overload
    def __getitem__(self, index: slice) -> list[DocumentResult]: ...

    def __getitem__(self, index: int | slice) -> DocumentResult | list[DocumentResult]:
        if isinstance(index, slice):
            return [self.read(name) for name in self._names()[index]]
        return self.read(self._names()[index])

    def __iter__(self) -> Iterator[DocumentResult]:
        for name in self._names():
            yield self.read(name)


class SpilledResults(ResultsReadOnDemand):
    """Results by input name, on disk; as a sequence they come in the order given to `arrange`."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="budgetcheck-results-")
        self._where: dict[str, tuple[int, int]] = {}  # path -> (offset, length) of its pickle
        self._order: list[str] = []

    def add(self, name: str, result: DocumentResult) -> None:
        """Keep the result of the input called `name` (a later one of the same name replaces it)."""
        data = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
        offset = self._file.seek(0, os.SEEK_END)
        self._file.write(data)
        self._where[name] = (offset, len(data))

    def arrange(self, names: list[str]) -> None:
        """The order in which the sequence gives the results (every name must have been added)."""
        missing = [name for name in names if name not in self._where]
        if missing:
            raise KeyError(missing[0])
        self._order = list(names)

    def read(self, name: str) -> DocumentResult:
        offset, length = self._where[name]
        self._file.seek(offset)
        return pickle.loads(self._file.read(length))

    def _names(self) -> list[str]:
        return self._order

    def close(self) -> None:
        self._file.close()
