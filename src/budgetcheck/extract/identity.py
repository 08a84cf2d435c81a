"""Who published a disclosure, for which year, and whether it is a budget (预算) or final accounts (决算).

Read from the title, a labelled issuer near the top ("预算主管部门：…", "编制部门：…", a table banner
"部门：… 单位：万元") and the file name — the words every template family uses, not one layout.
"""

from __future__ import annotations

import re
from pathlib import Path

from budgetcheck.extract.table_view import squeeze
from budgetcheck.model import Document
from budgetcheck.numbers import parse_unit_banner

TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?:度)?")
_TWO_DIGIT_YEAR = re.compile(r"(?<!\d)(\d{2})年(?:度)?(?:部门|单位)?(?:预算|决算)")
# "预算主管部门：X", "编制部门：X", "部门：X 单位：万元": the issuer, named by a label.
_ISSUER_LABEL = re.compile(r"(?:预算主管部门|主管部门|编制部门|编制单位|单位名称|部门名称|预算单位|部门)\s*[：:]\s*(?P<name>[^\s：:，,；;]+)")
_ISSUER_TAIL = re.compile(r"[（(](?:部门|含所属单位|本级|汇总)[)）]$")


def _head_texts(document: Document) -> list[str]:
    """Where a title and an issuer stand: the first paragraphs and the first rows of every table."""
    texts = [block.text for block in document.texts[:10]]
    for table in document.tables:
        if table.title:
            texts.append(table.title)
        for row in table.rows[:3]:
            texts.extend(row.texts())
    return [text for text in texts if text.strip()]


def document_year(document: Document) -> int | None:
    """The year the title names ("…2020年部门预算…"), else the file name's ("25年预算" → 2025)."""
    for text in document.texts[:5]:
        if "预算" in text.text or "决算" in text.text:
            found = TITLE_YEAR.search(text.text)
            if found:
                return int(found.group(1))
    name = Path(document.path).stem
    found = TITLE_YEAR.search(name)
    if found:
        return int(found.group(1))
    short = _TWO_DIGIT_YEAR.search(name)
    return 2000 + int(short.group(1)) if short else None


def document_kind(document: Document) -> str:
    """"final" for final accounts (决算), "budget" otherwise, judged from the title and file name."""
    head = " ".join(block.text for block in document.texts[:5]) + " " + Path(document.path).name
    return "final" if "决算" in head and "预算公开" not in head else "budget"


def organisation(document: Document) -> str | None:
    """The issuing department or township: a labelled issuer, else the title or file name before its year."""
    for text in _head_texts(document):
        for match in _ISSUER_LABEL.finditer(text):
            name = match.group("name")
            if parse_unit_banner("单位：" + name) is None and len(name) >= 3:
                return _ISSUER_TAIL.sub("", name)
    candidates = [block.text for block in document.texts[:5] if "预算" in block.text or "决算" in block.text]
    candidates.append(Path(document.path).stem)
    for text in candidates:
        year = TITLE_YEAR.search(text) or _TWO_DIGIT_YEAR.search(text)
        if year is None:
            continue
        name = squeeze(text[: year.start()]).strip("：:，,")
        if len(name) >= 3 and not name.endswith(("省", "市", "区", "县")):  # "上海市普陀区2025年区级部门预算" names a region
            return _ISSUER_TAIL.sub("", name)
    return None
