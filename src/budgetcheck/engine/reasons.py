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
    # 绩效目标表
    "unknown_indicator_level": ("一级或二级指标名称无法识别，未核对", "a first- or second-level indicator name is not recognised; not checked"),
    "procurement_lists_goods": ("政府采购表中没有一行与绩效目标表的项目同名，所列应为采购品目而非项目，未核对", "no procurement row names a project with a performance table; the rows list goods, not projects"),
    "untitled_table": ("表格没有绩效目标表标题或项目名称，可能是跨页的续表，未核对", "the table has no performance-table title or project name and may continue another; not checked"),
    "no_basis_column": ("表格没有指标值确定依据列", "the table has no column for the basis of the values"),
    "no_project_named": ("所在段落未明确对应某个项目的绩效目标表，未核对", "the section does not clearly name a project with a performance table; not checked"),
    "no_matching_indicator": ("没有明确对应的绩效指标，未核对", "no indicator clearly matches this figure; not checked"),
    "approximate_value": ("数值为约数，无法判断是否一致", "the value is approximate; agreement cannot be judged"),
    "several_indicators": ("同一计量单位的指标不止一个，无法确定对应关系", "several indicators share the unit; which one is meant is unclear"),
    # year over year
    "ambiguous_current": (
        "不能确定上年数对应的是所列分项还是其合计，两种读法都不相符，未核对",
        "last year's amount may belong to the listed part or to its total, and neither reading holds; not checked",
    ),
    "current_missing": (
        "说明给出了上年数，但找不到与之对应的本年数，未核对",
        "the text gives last year's amount but no current amount it can be tied to; not checked",
    ),
    # standard tables
    "empty_table": ("表格无数据（空表），不做算术核对", "the table holds no amounts (published blank); no arithmetic is checked"),
    "table_missing": ("包中没有找到所需的表格，未核对", "a table this check needs is not in the package"),
    "ambiguous_table": (
        "包中有多张同类表格（可能属于不同单位），无法确定所指哪一张，未核对",
        "the package holds several tables of this kind (perhaps of different units); which one is meant is not known",
    ),
    "ambiguous_table_in_file": (
        "同一文件中有多张同类表格（可能属于不同单位），无法确定所指哪一张，未核对",
        "the file holds several tables of this kind (perhaps of different units); which one is meant is not known",
    ),
    "judgement": ("“基本持平”是判断而非数字，两数不等时不核对", "'about the same' is a judgement, not a figure; not checked when the amounts differ"),
    "cell_not_found": ("表格中找不到所需的行或列，未核对", "the row or column this check needs was not found in the table"),
    "code_repeated": ("科目编码在表中出现不止一次（可能跨页重复），未核对", "the classification code appears more than once (perhaps repeated across pages); not checked"),
    "no_class_lines": (
        "表中没有按功能分类科目列出的行，不逐科目核对",
        "the table lists no functional-classification lines; nothing to compare line by line",
    ),
    "one_amount_column": (
        "表中只有一列金额，分项按行列示（由科目级次、收支总表和小计规则核对），没有需要相加的构成列",
        "the table has a single amount column: its breakdown runs down the rows (checked by the classification, overview and subtotal rules); no component columns to add",
    ),
    "unlabelled_amount": (
        "有金额所在行没有项目名称（名称可能折行到了下一行），无法确定它属于哪一项，未核对",
        "an amount stands on a row without a label (the label may have wrapped onto another line); which item it belongs to is not known",
    ),
    "rows_outside_groups": (
        "有金额的行不在任何小计之下，看不出小计包含哪些行，未核对",
        "a row with an amount stands outside every subtotal; which rows a subtotal covers is not clear",
    ),
    "no_previous_year": (
        "表格只列本年数，没有上年数一栏，无法用表格核对说明所述的增减变化",
        "the table gives this year's figure only, with no column for last year; the stated change cannot be checked against the tables",
    ),
    "sides_unknown": ("表头未标明收入、支出两栏，无法分栏核对", "the header does not name the income and expenditure sides"),
    "no_standard_tables": (
        "包中没有可识别的公开表格（表格可能另行公开），不核对表格齐全",
        "no standard table was recognised in the package (the tables may be published separately); completeness of the tables is not checked",
    ),
    "other_set": ("这张表属于另一套公开表格（预算/决算），不适用", "the table belongs to the other table set (budget / final accounts)"),
    "other_year": ("所述金额不是本年度的数字，不与表格比对", "the amount is not for the current year; it is not compared with the table"),
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
