"""JSON Lines: one finding per line, each with its document, for scripts that stream (docs/json-format.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from budgetcheck.engine.results import DocumentResult
from budgetcheck.report.finding_rows import sorted_findings


def to_jsonl(results: Iterable[DocumentResult]) -> bytes:
    return b"".join(jsonl_chunks(results))


def jsonl_chunks(results: Iterable[DocumentResult]) -> Iterator[bytes]:
    """The lines of each document in turn, so a batch is never held whole."""
    for result in results:
        document = {"path": result.path, "format": result.format, "status": result.status}
        lines = [json.dumps({"document": document, **finding.to_dict()}, ensure_ascii=False) + "\n" for finding in sorted_findings(result)]
        if lines:
            yield "".join(lines).encode("utf-8")
