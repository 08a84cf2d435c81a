"""The JSON report: one object {tool, version, documents: [...]}, documented in docs/json-format.md."""

from __future__ import annotations

import json

from budgetcheck import __version__
from budgetcheck.engine.results import DocumentResult


def to_json(results: list[DocumentResult]) -> str:
    from budgetcheck.report.summary import is_batch, summary_dict

    payload: dict[str, object] = {"tool": "budgetcheck", "version": __version__, "documents": [result.to_dict() for result in results]}
    if is_batch(results):
        payload["summary"] = summary_dict(results)
    return json.dumps(payload, ensure_ascii=False, indent=2)
