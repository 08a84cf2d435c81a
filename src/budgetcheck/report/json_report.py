"""The JSON report: one object {tool, version, documents: [...]}, documented in docs/json-format.md.

It is written document by document (`json_chunks`), so a batch of thousands of files never holds the
whole report in memory; the text is exactly what json.dumps(payload, indent=2) gives.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from budgetcheck import __version__
from budgetcheck.engine.results import DocumentResult

_INDENT = 2


def to_json(results: Sequence[DocumentResult]) -> str:
    return "".join(json_chunks(results))


def json_chunks(results: Sequence[DocumentResult]) -> Iterator[str]:
    """The report in pieces: the head, each document, the summary of a batch."""
    from budgetcheck.report.summary import BatchTally, summary_dict

    counted = BatchTally()  # the summary, counted as the documents go by: the results are read once
    yield "{\n" + _member("tool", "budgetcheck") + ",\n" + _member("version", __version__) + ",\n" + _pad(1) + '"documents": ['
    for index, result in enumerate(results):
        counted.add(result)
        yield ("," if index else "") + "\n" + _pad(2) + _nested(result.to_dict(), 2)
    yield "\n" + _pad(1) + "]" if results else "]"
    if counted.is_batch():
        yield ",\n" + _member("summary", summary_dict(counted))
    yield "\n}"


def _member(key: str, value: object) -> str:
    """A member of the top-level object, indented as json.dumps indents it."""
    return _pad(1) + json.dumps(key) + ": " + _nested(value, 1)


def _nested(value: object, depth: int) -> str:
    return json.dumps(value, ensure_ascii=False, indent=_INDENT).replace("\n", "\n" + _pad(depth))


def _pad(depth: int) -> str:
    return " " * (_INDENT * depth)
