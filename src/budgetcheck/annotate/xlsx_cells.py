"""A copy of an XLSX with the cells each finding names filled, and a comment with the message on the first.

Every cell that took part is filled (red for an error, amber for a warning); the first one also
carries the comment, so a bureau's reviewer hovers over one cell to read why.
"""

from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from budgetcheck.annotate import AUTHOR, comment_text
from budgetcheck.engine.results import Finding

FILLS = {"error": PatternFill("solid", fgColor="F4B6B0"), "warning": PatternFill("solid", fgColor="FCE4A8")}
_COMMENT_WIDTH, _COMMENT_HEIGHT = 360, 160  # points: room for a two-line message


def annotate_xlsx(path: str, data: bytes, findings: list[Finding], lang: str) -> tuple[bytes, int]:
    """The annotated workbook `path` (its content `data`: a file on disk or an archive's member), and how many findings it carries.

    A finding about a whole sheet (a sheet named, no cell) is attached at the sheet's first cell, A1.
    """
    # A file object: openpyxl would refuse a misnamed file by its extension.  Macros are kept for an
    # .xlsm, whose copy Excel would otherwise refuse to open under that name.
    workbook = load_workbook(io.BytesIO(data), rich_text=True, keep_vba=path.lower().endswith(".xlsm"))
    attached = 0
    for finding in findings:
        places = [p.location for p in finding.locations if p.location.path == path and p.location.sheet in workbook.sheetnames]
        cells = [(location.sheet, location.cell) for location in places if location.cell]
        if not cells:
            cells = [(location.sheet, "A1") for location in places]
        attached += bool(cells)
        for index, (sheet, reference) in enumerate(dict.fromkeys(cells)):
            cell = workbook[sheet][reference]  # type: ignore[index]
            cell.fill = FILLS.get(finding.severity, FILLS["warning"])
            if index == 0:
                text = comment_text(finding, lang)
                if cell.comment is not None:  # keep what was there, and earlier findings' notes
                    text = f"{cell.comment.text}\n\n{text}"
                comment = Comment(text, AUTHOR)
                comment.width, comment.height = _COMMENT_WIDTH, _COMMENT_HEIGHT
                cell.comment = comment
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), attached
