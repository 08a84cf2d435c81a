"""`extract --format json`: the document model, one object for one file and a list for several, written document by document.

In a list, a file that could not be read keeps its place as `{"path", "format": null, "error", "blocks": []}`, so a
dataset says which files are missing and why; one file that cannot be read writes nothing (the error is on stderr).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from budgetcheck.engine.results import DocumentResult
from budgetcheck.model import Document


def document_json_chunks(loaded: Iterable[Document | DocumentResult], as_list: bool) -> Iterator[bytes]:
    """The same bytes as json.dumps(object or list, ensure_ascii=False, indent=2) + newline, one document at a time."""
    if not as_list:
        for item in loaded:
            if isinstance(item, Document):
                yield (json.dumps(item.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        return
    opening = "[\n  "
    for item in loaded:
        text = json.dumps(_entry(item), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield (opening + text).encode("utf-8")
        opening = ",\n  "
    yield (b"[]\n" if opening == "[\n  " else b"\n]\n")


def _entry(item: Document | DocumentResult) -> dict[str, object]:
    if isinstance(item, Document):
        return item.to_dict()
    return {"path": item.path, "format": None, "error": item.error, "blocks": []}
