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
    "empty_table": ("表格无数据（空表），不做算术核对", "the table holds no amounts (published blank); no arithmetic is checked"),
    "table_missing": ("包中没有找到所需的表格，未核对", "a table this check needs is not in the package"),
    "ambiguous_table": (
        "包中有多张同类表格（可能属于不同单位），无法确定所指哪一张，未核对",
        "the package holds several tables of this kind (perhaps of different units); which one is meant is not known",
    ),
    "judgement": ("“基本持平”是判断而非数字，两数不等时不核对", "'about the same' is a judgement, not a figure; not checked when the amounts differ"),
    "cell_not_found": ("表格中找不到所需的行或列，未核对", "the row or column this check needs was not found in the table"),
    "code_repeated": ("科目编码在表中出现不止一次（可能跨页重复），未核对", "the classification code appears more than once (perhaps repeated across pages); not checked"),
    "sides_unknown": ("表头未标明收入、支出两栏，无法分栏核对", "the header does not name the income and expenditure sides"),
    "no_standard_tables": (
        "包中没有可识别的公开表格（表格可能另行公开），不核对表格齐全",
        "no standard table was recognised in the package (the tables may be published separately); completeness of the tables is not checked",
    ),
    "other_set": ("这张表属于另一套公开表格（预算/决算），不适用", "the table belongs to the other table set (budget / final accounts)"),
    "other_year": ("所述金额不是本年度的数字，不与表格比对", "the amount is not for the current year; it is not compared with the table"),
}


def reason_text(code: str, lang: str) -> str:
    zh, en = REASONS.get(code, (code, code))
    return en if lang == "en" else zh
