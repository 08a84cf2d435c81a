"""Word comments on a copy of a DOCX, anchored to the paragraph or table cell each finding names.

python-docx (≥ 1.2) writes the comments part; the places are found with the DOCX parser's own
numbering, so "第18段" or "表24 第5行 第8列" in a report is the paragraph or cell that gets the comment.
"""

from __future__ import annotations

import io

import docx
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from budgetcheck.annotate import AUTHOR, INITIALS, comment_text
from budgetcheck.engine.results import Finding
from budgetcheck.model import Location
from budgetcheck.parsers.container import DEFAULT_LIMITS
from budgetcheck.parsers.docx import W_P, BodyElements, body_elements


def annotate_docx(path: str, data: bytes, findings: list[Finding], lang: str) -> tuple[bytes, int]:
    """The DOCX `path` (its content `data`: a file on disk or an archive's member) with one comment per
    finding at its first place in this file, and how many were attached."""
    document = docx.Document(io.BytesIO(data))
    elements = body_elements(path, document.element.body, DEFAULT_LIMITS, data)
    attached = 0
    for finding in findings:
        place = next((p for p in finding.locations if p.location.path == path and _anchor(elements, p.location) is not None), None)
        if place is None:
            continue
        paragraph = Paragraph(_anchor(elements, place.location), document)  # type: ignore[arg-type]
        runs: list[Run] = paragraph.runs or [paragraph.add_run("")]
        document.add_comment(runs, text=comment_text(finding, lang), author=AUTHOR, initials=INITIALS)
        attached += 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), attached


def _anchor(elements: BodyElements, location: Location) -> etree._Element | None:
    """The w:p a comment on this location is anchored in: the paragraph, or the cell's first paragraph."""
    if location.table is not None:
        tc = None
        if location.row is not None and location.column is not None:
            tc = elements.cells.get((location.table, location.row, location.column))
        elif location.row is not None:  # a whole row: its first cell
            tc = next((e for (t, r, _), e in sorted(elements.cells.items(), key=lambda item: item[0]) if t == location.table and r == location.row), None)
        else:  # a whole table: its first cell
            tc = next((e for (t, _, _), e in sorted(elements.cells.items(), key=lambda item: item[0]) if t == location.table), None)
        return next(tc.iter(W_P), None) if tc is not None else None
    if location.paragraph is not None:
        return elements.paragraphs.get(location.paragraph)
    return None
