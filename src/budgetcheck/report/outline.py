"""`extract --format text`: the document as a reader checks a finding against it.

Every heading and paragraph with the location a finding names ("第41段"), every table with its
rows, one line each.  A row shows one slot per grid column, so the 5th slot is "第5列": a merged
cell appears once, in its first column, and the positions it covers are left blank.
"""

from __future__ import annotations

from budgetcheck.model import Document, Heading, Table

HIDDEN = {"zh": "（隐藏）", "en": " (hidden)"}


def outline(document: Document, lang: str = "zh") -> str:
    lines = [f"{document.path} ({document.format})"]
    for block in document.blocks:
        where = block.location.describe(lang)
        if isinstance(block, Table):
            title = f" {block.title}" if block.title else ""
            hidden = HIDDEN[lang] if block.hidden else ""
            lines.append(f"  [{where}]{title} {len(block.rows)}×{block.n_columns}{hidden}")
            lines.extend(f"    {line}" for line in _rows(block, lang))
        elif isinstance(block, Heading):
            lines.append(f"  [{where}] {'#' * max(block.level, 1)} {block.text}")
        else:
            lines.append(f"  [{where}] {block.text}")
    return "\n".join(lines) + "\n"


def _rows(table: Table, lang: str) -> list[str]:
    width = table.n_columns
    lines = []
    for row in table.rows:
        slots = [""] * width
        for cell in row.cells:
            slots[cell.column - 1] = " ".join(cell.text.split())  # a cell's own line breaks would split the row
        while slots and not slots[-1]:
            slots.pop()
        label = f"row {row.index}: " if lang == "en" else f"第{row.index}行："
        hidden = HIDDEN[lang] if row.index in table.hidden_rows else ""
        lines.append(f"{label}{' | '.join(slots)}{hidden}".rstrip())
    return lines
