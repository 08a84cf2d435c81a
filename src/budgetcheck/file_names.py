"""What a file's name says about the document in it: the stem the files of one package share.

Batch grouping (--package-by stem) and the audit (a statement's tables are looked for first among the
files of its own stem) both read names this way.
"""

from __future__ import annotations

# Words a publisher appends to the package's name for each part: "…预算公开文件.pdf", "…预算公开表格.pdf".
_PART_WORDS = ("情况说明", "说明", "文件", "表格", "附表", "报表", "公开表", "附件")
_STEM_SEPARATORS = ("_", "-", " ", "（", "(", "—")


def name_stem(filename: str) -> str:
    """The name a package's files share: "X2020年部门预算公开_政府采购.xlsx" and "X2020年部门预算公开.docx" → "X2020年部门预算公开"."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    cut = min((stem.find(mark) for mark in _STEM_SEPARATORS if stem.find(mark) > 0), default=len(stem))
    stem = stem[:cut]
    for word in _PART_WORDS:
        if stem.endswith(word) and len(stem) > len(word):
            return stem[: -len(word)]
    return stem
