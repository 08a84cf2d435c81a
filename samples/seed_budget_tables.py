"""The standard 预算 tables (财预〔2016〕143号) of the seed township, as an XLSX workbook.

Every figure the seed's narrative states is honoured: 收入 2999.85万元 (一般公共预算 2981.85 + 基金 18),
支出 2999.85 (基本 1251.46 = 人员经费 1114.26 + 公用经费 137.2; 项目 1748.39), 三公 6.67 (公务用车运行
5.92, 公务接待 0.75).  The narrative does not give the functional or economic breakdown; the lines
below are an invented but plausible split that adds up at every level.  Amounts are in 元 (as the
Shanghai templates print them) except the 三公 table, in 万元, so units are converted in the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

ISSUER = "三河市泃阳西大街街道办事处"
AMOUNT_FORMAT = "#,##0.00"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# 功能分类 lines: (code, name, basic, project, fund) in 万元; fund lines are 政府性基金 project spending.
FUNCTIONAL: list[tuple[str, str, str, str, str]] = [
    ("2010301", "行政运行", "1001.46", "0", "0"),
    ("2010302", "一般行政管理事务", "0", "300.00", "0"),
    ("2080505", "机关事业单位基本养老保险缴费支出", "150.00", "0", "0"),
    ("2101101", "行政单位医疗", "40.00", "0", "0"),
    ("2120199", "其他城乡社区管理事务支出", "0", "930.39", "0"),
    ("2120501", "城乡社区环境卫生", "0", "500.00", "0"),
    ("2210201", "住房公积金", "60.00", "0", "0"),
    ("2296003", "用于体育事业的彩票公益金支出", "0", "0", "18.00"),
]
NAMES = {
    "201": "一般公共服务支出", "20103": "政府办公厅（室）及相关机构事务",
    "208": "社会保障和就业支出", "20805": "行政事业单位养老支出",
    "210": "卫生健康支出", "21011": "行政事业单位医疗",
    "212": "城乡社区支出", "21201": "城乡社区管理事务", "21205": "城乡社区环境卫生",
    "221": "住房保障支出", "22102": "住房改革支出",
    "229": "其他支出", "22960": "彩票公益金安排的支出",
}
# 经济分类 of the basic expenditure: (code, name, 人员经费, 公用经费) in 万元.
ECONOMIC: list[tuple[str, str, str, str]] = [
    ("30101", "基本工资", "400.00", "0"),
    ("30102", "津贴补贴", "300.00", "0"),
    ("30108", "机关事业单位基本养老保险缴费", "150.00", "0"),
    ("30110", "职工基本医疗保险缴费", "40.00", "0"),
    ("30113", "住房公积金", "60.00", "0"),
    ("30199", "其他工资福利支出", "100.00", "0"),
    ("30201", "办公费", "0", "30.00"),
    ("30205", "水费", "0", "5.00"),
    ("30206", "电费", "0", "20.00"),
    ("30207", "邮电费", "0", "10.00"),
    ("30208", "取暖费", "0", "25.00"),
    ("30209", "物业管理费", "0", "30.00"),
    ("30213", "维修（护）费", "0", "10.53"),
    ("30217", "公务接待费", "0", "0.75"),
    ("30231", "公务用车运行维护费", "0", "5.92"),
    ("30302", "退休费", "64.26", "0"),
]
ECONOMIC_CLASSES = {"301": "工资福利支出", "302": "商品和服务支出", "303": "对个人和家庭的补助"}


@dataclass(frozen=True)
class BudgetFigures:
    """What the tables state, in 万元: the seed's by default; benchmarks/make_corpus.py varies them."""

    issuer: str = ISSUER
    year: int = 2020
    general_income: str = "2981.85"
    fund_income: str = "18"
    functional: list[tuple[str, str, str, str, str]] = field(default_factory=lambda: list(FUNCTIONAL))
    economic: list[tuple[str, str, str, str]] = field(default_factory=lambda: list(ECONOMIC))
    three_public: tuple[str, str, str, str] = ("0.00", "0.00", "5.92", "0.75")  # 因公出国, 购置, 运行, 接待

    @property
    def total(self) -> Decimal:
        return Decimal(self.general_income) + Decimal(self.fund_income)


def yuan(wan: Decimal | str) -> Decimal:
    return (Decimal(wan) * 10000).quantize(Decimal("0.01"))


def _functional_rows(pick, functional: list[tuple[str, str, str, str, str]]) -> list[tuple[str, str, list[Decimal]]]:  # type: ignore[no-untyped-def]
    """Rows 类 / 款 / 项 with their amounts; `pick` gives a line's columns (in 万元) or None to leave it out."""
    lines = [(code, name, values) for code, name, *rest in functional if (values := pick(rest)) is not None]
    out: list[tuple[str, str, list[Decimal]]] = []
    seen: set[str] = set()
    for code, name, values in lines:
        for prefix in (code[:3], code[:5]):
            if prefix in seen:
                continue
            seen.add(prefix)
            members = [v for c, _, v in lines if c.startswith(prefix)]
            out.append((prefix, NAMES[prefix], [sum((m[i] for m in members), Decimal(0)) for i in range(len(values))]))
        out.append((code, name, values))
    total = [sum((v[i] for c, _, v in out if len(c) == 3), Decimal(0)) for i in range(len(lines[0][2]))] if lines else []
    return [("", "合计", total), *out]


def _sheet(workbook: Workbook, name: str, title: str, unit: str, header: list[list[str]], merges: list[str], issuer: str = ISSUER):  # type: ignore[no-untyped-def]
    sheet = workbook.create_sheet(name)
    width = max(len(row) for row in header)
    sheet.cell(1, 1, title).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = _CENTER
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(2, 1, f"编制单位：{issuer}")
    sheet.cell(2, width, f"单位：{unit}").alignment = Alignment(horizontal="right")
    for offset, row in enumerate(header):
        for column, text in enumerate(row, start=1):
            if text:
                cell = sheet.cell(3 + offset, column, text)
                cell.font = Font(bold=True)
                cell.alignment = _CENTER
    for ref in merges:
        sheet.merge_cells(ref)
    for column in range(1, width + 1):
        sheet.column_dimensions[chr(64 + column)].width = 16 if column > 2 else 30
    return sheet


def _write_rows(sheet, first_row: int, rows: list[list[object]]) -> int:  # type: ignore[no-untyped-def]
    for offset, values in enumerate(rows):
        for column, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(first_row + offset, column, value)
            if isinstance(value, Decimal):
                cell.number_format = AMOUNT_FORMAT
    last = first_row + len(rows) - 1
    width = max(len(values) for values in rows)
    for row in sheet.iter_rows(min_row=3, max_row=last, max_col=width):
        for cell in row:
            cell.border = _BOX
    return last


def _blank_zero(value: Decimal) -> Decimal | None:
    return value if value != 0 else None


def _functional_sheet(workbook: Workbook, name: str, title: str, pick, figures: BudgetFigures) -> None:  # type: ignore[no-untyped-def]
    sheet = _sheet(workbook, name, title, "元", [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]], [], figures.issuer)
    rows = []
    for code, label, (basic, project) in _functional_rows(pick, figures.functional):
        rows.append([code, label, yuan(basic + project), _blank_zero(yuan(basic)), _blank_zero(yuan(project))])
    _write_rows(sheet, 4, rows)


def build_budget_tables(workbook: Workbook, figures: BudgetFigures | None = None) -> None:
    given = figures or BudgetFigures()
    FUNCTIONAL, ECONOMIC, year = given.functional, given.economic, given.year  # noqa: N806
    general = lambda rest: [Decimal(rest[0]), Decimal(rest[1])] if rest[2] == "0" else None  # noqa: E731
    fund = lambda rest: [Decimal(0), Decimal(rest[2])] if rest[2] != "0" else None  # noqa: E731
    everything = lambda rest: [Decimal(rest[0]), Decimal(rest[1]) + Decimal(rest[2])]  # noqa: E731

    classes = [(code, NAMES[code]) for code in dict.fromkeys(line[0][:3] for line in FUNCTIONAL)]
    by_class = {code: sum((Decimal(b) + Decimal(p) + Decimal(f) for c, _, b, p, f in FUNCTIONAL if c.startswith(code)), Decimal(0)) for code, _ in classes}
    general_by_class = {code: sum((Decimal(b) + Decimal(p) for c, _, b, p, f in FUNCTIONAL if c.startswith(code) and f == "0"), Decimal(0)) for code, _ in classes}
    numerals = "一二三四五六七八九十"

    # 表1 部门收支总表
    sheet = _sheet(workbook, "表1 部门收支总表", f"{year}年部门收支总表", "元",
                   [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"]], ["A3:B3", "C3:D3"], given.issuer)
    income = [("一、一般公共预算拨款收入", yuan(given.general_income)), ("二、政府性基金预算拨款收入", yuan(given.fund_income)),
              ("三、国有资本经营预算拨款收入", None), ("四、财政专户管理资金收入", None), ("五、事业收入", None), ("六、其他收入", None)]
    spending = [(f"{numerals[i]}、{name}", yuan(by_class[code])) for i, (code, name) in enumerate(classes)]
    rows: list[list[object]] = []
    for index in range(max(len(income), len(spending))):
        left = income[index] if index < len(income) else ("", None)
        right = spending[index] if index < len(spending) else ("", None)
        rows.append([left[0], left[1], right[0], right[1]])
    rows += [["本年收入合计", yuan(given.total), "本年支出合计", yuan(given.total)], ["上年结转", None, "结转下年", None],
             ["收入总计", yuan(given.total), "支出总计", yuan(given.total)]]
    _write_rows(sheet, 5, rows)

    # 表2 部门收入总表
    sheet = _sheet(workbook, "表2 部门收入总表", f"{year}年部门收入总表", "元",
                   [["科目编码", "科目名称", "合计", "一般公共预算", "政府性基金预算", "财政专户管理资金", "其他收入"]], [], given.issuer)
    rows = []
    for code, label, (general_amount, fund_amount) in _functional_rows(
        lambda rest: [Decimal(rest[0]) + Decimal(rest[1]), Decimal(rest[2])], FUNCTIONAL
    ):
        rows.append([code, label, yuan(general_amount + fund_amount), _blank_zero(yuan(general_amount)), _blank_zero(yuan(fund_amount)), None, None])
    _write_rows(sheet, 4, rows)

    # 表3 部门支出总表, 表5 一般公共预算支出表, 表8 政府性基金预算支出表
    _functional_sheet(workbook, "表3 部门支出总表", f"{year}年部门支出总表", everything, given)

    # 表4 财政拨款收支总表
    sheet = _sheet(workbook, "表4 财政拨款收支总表", f"{year}年财政拨款收支总表", "元",
                   [["收入", "", "支出", "", "", "", ""], ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]],
                   ["A3:B3", "C3:G3"], given.issuer)
    fiscal_income = [("一、一般公共预算拨款", yuan(given.general_income)), ("二、政府性基金预算拨款", yuan(given.fund_income)), ("三、国有资本经营预算拨款", None)]
    rows = []
    for index, (code, name) in enumerate(classes):
        left = fiscal_income[index] if index < len(fiscal_income) else ("", None)
        total = yuan(by_class[code])
        general_part = general_by_class[code]
        rows.append([left[0], left[1], f"{numerals[index]}、{name}", total, _blank_zero(yuan(general_part)),
                     _blank_zero(yuan(by_class[code] - general_part)), None])
    rows.append(["收入总计", yuan(given.total), "支出总计", yuan(given.total), yuan(given.general_income), yuan(given.fund_income), None])
    _write_rows(sheet, 5, rows)

    _functional_sheet(workbook, "表5 一般公共预算支出表", f"{year}年一般公共预算支出表", general, given)

    # 表6 一般公共预算基本支出表
    sheet = _sheet(workbook, "表6 一般公共预算基本支出表", f"{year}年一般公共预算基本支出表", "元",
                   [["科目编码", "科目名称", "合计", "人员经费", "公用经费"]], [], given.issuer)
    rows = []
    personnel_total = sum((Decimal(p) for _, _, p, _ in ECONOMIC), Decimal(0))
    public_total = sum((Decimal(u) for _, _, _, u in ECONOMIC), Decimal(0))
    rows.append(["", "合计", yuan(personnel_total + public_total), yuan(personnel_total), yuan(public_total)])
    for class_code, class_name in ECONOMIC_CLASSES.items():
        members = [line for line in ECONOMIC if line[0].startswith(class_code)]
        personnel = sum((Decimal(p) for _, _, p, _ in members), Decimal(0))
        public = sum((Decimal(u) for _, _, _, u in members), Decimal(0))
        rows.append([class_code, class_name, yuan(personnel + public), _blank_zero(yuan(personnel)), _blank_zero(yuan(public))])
        for code, name, p, u in members:
            rows.append([code, name, yuan(Decimal(p) + Decimal(u)), _blank_zero(yuan(p)), _blank_zero(yuan(u))])
    _write_rows(sheet, 4, rows)

    # 表7 一般公共预算“三公”经费支出表 (万元)
    sheet = _sheet(workbook, "表7 三公经费支出表", f"{year}年一般公共预算“三公”经费支出表", "万元",
                   [["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"],
                    ["", "", "小计", "公务用车购置费", "公务用车运行费", ""]],
                   ["A3:A4", "B3:B4", "C3:E3", "F3:F4"], given.issuer)
    abroad, purchase, running, reception = (Decimal(value) for value in given.three_public)
    _write_rows(sheet, 5, [[abroad + purchase + running + reception, abroad, purchase + running, purchase, running, reception]])

    _functional_sheet(workbook, "表8 政府性基金预算支出表", f"{year}年政府性基金预算支出表", fund, given)

    # 表9 国有资本经营预算支出表: published blank, with the note that says why.
    sheet = _sheet(workbook, "表9 国有资本经营预算支出表", f"{year}年国有资本经营预算支出表", "元",
                   [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]], [], given.issuer)
    last = _write_rows(sheet, 4, [["", "合计", None, None, None]])
    sheet.cell(last + 1, 1, f"注：本部门{year}年无国有资本经营预算支出，故本表无数据。")
