"""Why a check could not run: the words a report gives for insufficient data or not applicable."""

from __future__ import annotations

REASONS: dict[str, tuple[str, str]] = {
    "unknown_part": ("所列分项中有无法识别的项目，未核对", "a listed part could not be identified; not checked"),
    "partial_listing": (
        "所列分项不一定完整（未列全构成项，也无“其他”项），不核对合计",
        "the listed parts may be incomplete (no complete set and no 'other' part); the total is not checked",
    ),
    "columns_not_found": ("表格中找不到所需的列，未核对", "the columns this check needs were not found in the table"),
    "unreadable_cell": ("单元格内容不是可识别的数字，未核对", "a cell does not hold a readable number; not checked"),
    "other_side_missing": ("只找到一方的数字，无从比对", "only one side of the comparison was found"),
    "unit_unknown": ("金额单位不明，无法换算比对", "the unit of an amount is unknown; it cannot be compared"),
    "no_base": ("推算的上年数不为正数，无法计算增长率", "the implied previous amount is not positive; no growth rate"),
    # completeness of the text (engine/kinds_completeness.py)
    "no_narrative": ("文件只有表格，没有情况说明正文，不检查必备说明", "the file holds tables only, no narrative; required explanations are not checked"),
    "not_a_disclosure": (
        "标题和文件名都不像部门预算或决算公开，不检查必备说明",
        "neither the title nor the file name reads as a department budget or final-accounts disclosure; required explanations are not checked",
    ),
    "few_sections": (
        "正文中可识别的必备说明标题太少，不像完整的情况说明，不逐项检查",
        "too few of the required explanations have recognisable headings for this to be a full narrative; not checked one by one",
    ),
    "budget_only": ("仅适用于预算公开", "applies to budget disclosures only"),
    "final_only": ("仅适用于决算公开", "applies to final-accounts disclosures only"),
    "section_missing": ("没有相应的说明部分", "the document has no such section"),
    "no_text": ("文件没有文字内容", "the file holds no text"),
    "year_unknown": ("无法从标题或文件名判断文件所属年度", "the document's year could not be read from its title or file name"),
    "no_headings": ("文件没有标题或小标题", "the file has no headings or labels"),
}


def reason_text(code: str, lang: str) -> str:
    zh, en = REASONS.get(code, (code, code))
    return en if lang == "en" else zh
