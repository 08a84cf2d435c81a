"""JSON Lines: one finding per line, each with its document, for scripts that stream (docs/json-format.md)."""

from __future__ import annotations

import json

from budgetcheck.engine.results import DocumentResult
from budgetcheck.report.finding_rows import sorted_findings


def to_jsonl(results: list[DocumentResult]) -> bytes:
    lines: list[str] = []
    for result in results:
        document = {"path": result.path, "format": result.format, "status": result.status}
        for finding in sorted_findings(result):
            lines.append(json.dumps({"document": document, **finding.to_dict()}, ensure_ascii=False))
    return "".join(line + "\n" for line in lines).encode("utf-8")
