"""绩效目标表 (performance-target tables) as project records: goal text and indicator rows.

Every project a department funds comes with a table of 一级/二级/三级 indicators, each with a
description, a target value ("≥95百分比", "70次以上") and the basis the value was set on.  This
module turns each such table into a `PerformanceRecord`, knowing nothing of which indicators are
right: the rule kinds judge that.

Tables are read by what they say, not by position: columns by their header words (一级指标,
指标值, 指标值确定依据 …), or, when a table has no header row, by the shape of its rows (the 一级
label in the first column, the value column the one that holds numbers).  What a text export or
a word processor does to a table is undone here:

- a vertically merged 一级/二级 cell (DOCX) and its empty continuation cells (TXT) carry the label
  of the row above; so does an empty basis cell, as a merged basis does;
- a row holding only a 一级 label ("产出指标" alone before its first row) opens that 一级;
- a row whose cells were split by blank lines (only description or basis text left) is joined
  to the indicator above;
- repeated header rows (a table continued on the next page) are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetcheck.extract.table_view import caption_of, squeeze
from budgetcheck.model import Cell, Document, Location, Table
from budgetcheck.numbers import Quantity, parse_number

FIELDS = ("level1", "level2", "level3", "description", "value", "basis", "unit", "comparator")

# Header words per field, most specific first; a header cell names the first field it matches.
_HEADER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("basis", ("确定依据", "设定依据", "取值依据", "依据")),
    ("level1", ("一级指标",)),
    ("level2", ("二级指标",)),
    ("level3", ("三级指标", "指标名称")),
    ("description", ("指标描述", "指标内容", "指标说明", "指标解释", "绩效指标描述")),
    ("unit", ("计量单位", "度量单位")),
    ("comparator", ("指标性质", "指标方向", "运算符号")),
    ("value", ("指标值", "目标值", "指标目标值", "预期值", "预期目标值", "年度指标值")),
)
_GOAL_LABELS = ("绩效目标", "年度绩效目标", "项目绩效目标", "总体目标", "年度目标", "总体绩效目标", "实施期目标", "年度总体目标")
_PROJECT_LABELS = ("项目名称",)
_NOTE_LABELS = ("注：", "注:", "备注", "说明：", "说明:")
_LEVEL1_WORDS = ("产出指标", "效益指标", "效果指标", "满意度指标", "成本指标")
_TITLE_WORDS = ("绩效目标", "绩效指标")
_NUMBERING = re.compile(r"^\s*(?:[（(]?[0-9０-９一二三四五六七八九十]+[)）、.．]|第[一二三四五六七八九十0-9]+[部分项])\s*")
_TITLE_TAIL = re.compile(r"(?:项目)?(?:支出)?(?:预算)?(?:绩效目标|绩效指标)(?:申报|情况)?表?\s*$")
_BRACKETED_TAIL = re.compile(r"[（(][^（()）]*[)）]\s*$")


@dataclass
class Indicator:
    """One indicator row: its three levels, description, target value and basis."""

    level1: str
    level2: str
    level3: str
    description: str
    value_text: str
    basis: str
    value: Quantity | None  # the value read as one number, None when it is not one
    location: Location  # the row
    cells: dict[str, Cell] = field(default_factory=dict)  # field -> the cell the text came from
    basis_inherited: bool = False  # the basis cell was empty and the basis above carried on

    @property
    def name(self) -> str:
        """What the indicator is called: its 三级 name, else its description, else its 二级."""
        return self.level3 or self.description or self.level2

    def place(self, name: str) -> Location:
        cell = self.cells.get(name)
        return cell.location if cell is not None else self.location


@dataclass
class LevelGroup:
    """A 一级 label as printed, where it stands and how many indicators it heads."""

    name: str
    location: Location
    indicators: int = 0


@dataclass
class PerformanceRecord:
    table: Table
    project: str
    title: str
    goal: str
    goal_location: Location | None
    indicators: list[Indicator] = field(default_factory=list)
    levels: list[LevelGroup] = field(default_factory=list)
    has_header: bool = True
    has_basis_column: bool = True
    titled: bool = True  # named by a 绩效目标表 title or a 项目名称 row, not only found by its shape

    @property
    def number(self) -> int | None:
        return self.table.location.table

    @property
    def location(self) -> Location:
        return self.table.location

    def label(self, lang: str = "zh") -> str:
        """"表12 街道妇联工作经费" — the table as budgetcheck numbers it and the project it is for."""
        where = self.table.location
        if where.sheet:
            prefix = where.sheet if lang != "en" else f"sheet {where.sheet}"
        elif where.table is not None:
            prefix = f"表{where.table}" if lang != "en" else f"table {where.table}"
        else:
            prefix = ""
        if where.page is not None:
            prefix = (f"第{where.page}页 " if lang != "en" else f"page {where.page}, ") + prefix
        return f"{prefix} {self.project}".strip() if self.project else prefix


def extract_performance(document: Document) -> list[PerformanceRecord]:
    """Every 绩效目标表 of the document, in document order."""
    records: list[PerformanceRecord] = []
    for table in document.tables:
        caption = caption_of(document, table)
        record = read_table(table, caption)
        if record is not None:
            records.append(record)
    return records


def project_name(title: str) -> str:
    """"1、 社区党组织服务群众专项经费绩效目标表" → "社区党组织服务群众专项经费"."""
    text = _NUMBERING.sub("", title.strip())
    text = _TITLE_TAIL.sub("", text).strip()
    return text.rstrip("：:—-　 ").strip()


def _cell_text(cell: Cell | None) -> str:
    return cell.text.strip() if cell is not None else ""


def _row_starts(table: Table) -> dict[int, dict[int, Cell]]:
    return {row.index: {cell.column: cell for cell in row.cells} for row in table.rows}


def _header_columns(table: Table) -> tuple[int | None, dict[str, list[int]]]:
    """The header row and the grid columns of each field, by the header's words."""
    for row in table.rows:
        texts = [squeeze(cell.text) for cell in row.cells]
        if not any("指标" in text for text in texts):
            continue
        columns: dict[str, list[int]] = {}
        for cell in row.cells:
            text = squeeze(cell.text)
            for name, words in _HEADER_WORDS:
                if any(word in text for word in words):
                    columns.setdefault(name, []).extend(range(cell.column, cell.last_column + 1))
                    break
        if "value" in columns and ("level1" in columns or "level3" in columns):
            return row.index, columns
    return None, {}


def _is_level1(text: str) -> bool:
    squeezed = squeeze(text)
    return any(word in squeezed for word in _LEVEL1_WORDS)


def _inferred_columns(table: Table) -> dict[str, list[int]]:
    """Columns of a table with no header row, from the shape of its indicator rows.

    An indicator row has the 一级 label in its first column (or continues one) and a 二级 label
    ending in 指标 in the second; the value column is the later column holding most numbers.
    """
    starts = _row_starts(table)
    rows = [row for row in table.rows if len(row.cells) >= 4]
    level1_col = level2_col = None
    for row in rows:
        cells = sorted(starts[row.index].values(), key=lambda c: c.column)
        first, second = cells[0], cells[1]
        if _is_level1(first.text) and squeeze(second.text).endswith("指标"):
            level1_col, level2_col = first.column, second.column
            break
    if level1_col is None or level2_col is None:
        return {}
    level3_col = level2_col + 1
    numeric: dict[int, int] = {}
    for row in rows:
        for cell in starts[row.index].values():
            if cell.column > level3_col and parse_number(cell.text) is not None:
                numeric[cell.column] = numeric.get(cell.column, 0) + 1
    if not numeric:
        return {}
    value_col = max(numeric, key=lambda column: (numeric[column], -column))
    columns: dict[str, list[int]] = {"level1": [level1_col], "level2": [level2_col], "level3": [level3_col], "value": [value_col]}
    if value_col > level3_col + 1:
        columns["description"] = [level3_col + 1]
    width = table.n_columns
    if value_col < width:
        columns["basis"] = [value_col + 1]
    return columns


def looks_like_performance_table(table: Table, caption: str) -> bool:
    if any(word in squeeze(caption) for word in _TITLE_WORDS):
        return True
    header_row, columns = _header_columns(table)
    if header_row is not None and "level1" in columns and "level2" in columns:
        return True
    firsts = {squeeze(row.cells[0].text) for row in table.rows if row.cells}
    return sum(1 for word in _LEVEL1_WORDS if word in firsts) >= 2


def read_table(table: Table, caption: str) -> PerformanceRecord | None:
    """The record of one 绩效目标表, or None when the table is not one."""
    if not looks_like_performance_table(table, caption):
        return None
    header_row, columns = _header_columns(table)
    has_header = header_row is not None
    if not has_header:
        columns = _inferred_columns(table)
    if "value" not in columns:
        return None
    header_texts = {squeeze(cell.text) for row in table.rows if row.index == header_row for cell in row.cells}
    record = PerformanceRecord(
        table=table, project="", title=caption, goal="", goal_location=None, has_header=has_header, has_basis_column="basis" in columns
    )
    title_name = project_name(caption) if any(word in squeeze(caption) for word in _TITLE_WORDS) else ""
    row_name = ""
    starts = _row_starts(table)
    carried: dict[str, tuple[str, Cell | None]] = {}
    seen_indicator_area = False
    for row in table.rows:
        if row.index == header_row:
            seen_indicator_area = True
            continue
        cells = sorted(starts[row.index].values(), key=lambda c: c.column)
        texts = [squeeze(cell.text) for cell in cells]
        if not any(texts):
            continue
        if has_header and seen_indicator_area and set(t for t in texts if t) <= header_texts:
            continue  # the header repeated (a table continued on the next page)
        first = texts[0] if texts else ""
        if first.startswith(_NOTE_LABELS):
            continue  # "注：…" under the table explains it; it is no indicator
        if first in _GOAL_LABELS or (first.endswith("绩效目标") and len(first) <= 8) or first.endswith("年度目标"):
            record.goal = _joined(cells[1:])
            record.goal_location = cells[1].location if len(cells) > 1 else cells[0].location
            continue
        if first in _PROJECT_LABELS and len(cells) > 1:
            row_name = _cell_text(cells[1])
            continue
        if not seen_indicator_area and (has_header or not _is_level1(first)):
            continue  # 主管部门, 资金情况 … above the header or the first 一级 label
        seen_indicator_area = True
        _read_indicator_row(table, row.index, starts[row.index], columns, carried, record)
    # A 项目名称 row is the template's own field for the name; a sheet name or a page caption is not.
    record.project = row_name or title_name or project_name(caption)
    record.titled = bool(title_name or row_name)
    return record if record.indicators or record.levels else None


def _joined(cells: list[Cell]) -> str:
    parts: list[str] = []
    for cell in cells:
        text = cell.text.strip()
        if text and text not in parts:
            parts.append(text)
    return "".join(parts)


def _field_cell(table: Table, row_cells: dict[int, Cell], row_index: int, columns: list[int]) -> tuple[Cell | None, bool]:
    """The cell of a field in this row and whether it is covered by a merged cell from above."""
    for column in columns:
        cell = row_cells.get(column)
        if cell is not None:
            return cell, False
    for column in columns:
        above = table.cell_at(row_index, column)
        if above is not None and above.row < row_index:
            return above, True
    return None, False


def _read_indicator_row(
    table: Table,
    row_index: int,
    row_cells: dict[int, Cell],
    columns: dict[str, list[int]],
    carried: dict[str, tuple[str, Cell | None]],
    record: PerformanceRecord,
) -> None:
    texts: dict[str, str] = {}
    found: dict[str, Cell | None] = {}
    merged: dict[str, bool] = {}
    for name in FIELDS:
        if name not in columns:
            continue
        cell, covered = _field_cell(table, row_cells, row_index, columns[name])
        found[name] = cell
        merged[name] = covered
        texts[name] = "" if covered else _cell_text(cell)
    own = {name for name, text in texts.items() if text}
    row_location = table.location.at(row=row_index)
    if not own:
        return
    if own == {"level1"} and len(row_cells) == 1 and record.indicators and not _is_level1(texts["level1"]):
        # A lone fragment that is no 一级 label: the end of the row above (its last cell, the
        # basis), cut off by a blank line where the pieces no longer add up to a whole row.
        previous = record.indicators[-1]
        previous.basis += texts["level1"]
        return
    if own <= {"level1", "level2"}:
        # "产出指标" alone before its first row (or with its 二级): it opens a group, no indicator yet.
        _open_level(texts, found, carried, record, row_location)
        return
    if own <= {"description", "basis"} and record.indicators and not texts.get("level3"):
        # The rest of the row above, split off by a blank line inside a cell.
        previous = record.indicators[-1]
        previous.description += texts.get("description", "")
        if texts.get("basis"):
            previous.basis += texts["basis"]
            previous.basis_inherited = False
        return
    _open_level(texts, found, carried, record, row_location)
    values: dict[str, str] = {}
    cells: dict[str, Cell] = {}
    inherited = False
    for name in FIELDS:
        text, cell = texts.get(name, ""), found.get(name)
        if not text and merged.get(name) and cell is not None:
            text = _cell_text(cell)  # a vertically merged cell (DOCX) holds the text for every row it covers
        if not text and name in ("level1", "level2", "basis") and name in carried:
            text, cell = carried[name]  # an empty continuation cell (TXT) carries the text above
            inherited = inherited or name == "basis"
        if cell is not None:
            cells[name] = cell  # an empty cell too: a finding about it points there
        values[name] = text
    if texts.get("basis"):
        carried["basis"] = (texts["basis"], found.get("basis"))
    value_text = _value_text(values)
    indicator = Indicator(
        level1=values["level1"],
        level2=values["level2"],
        level3=values["level3"],
        description=values["description"],
        value_text=value_text,
        basis=values["basis"],
        value=parse_number(value_text) if value_text else None,
        location=row_location,
        cells=cells,
        basis_inherited=inherited,
    )
    record.indicators.append(indicator)
    if record.levels:
        record.levels[-1].indicators += 1


def _open_level(
    texts: dict[str, str], found: dict[str, Cell | None], carried: dict[str, tuple[str, Cell | None]], record: PerformanceRecord, location: Location
) -> None:
    level1 = texts.get("level1", "")
    if level1:
        cell = found.get("level1")
        carried["level1"] = (level1, cell)
        carried.pop("level2", None)
        record.levels.append(LevelGroup(level1, cell.location if cell is not None else location))
    if texts.get("level2"):
        carried["level2"] = (texts["level2"], found.get("level2"))


def _value_text(values: dict[str, str]) -> str:
    """The value as one text: the 2021 template splits it into 指标性质, 指标值 and 度量单位."""
    value = values.get("value", "")
    comparator = values.get("comparator", "")
    unit = values.get("unit", "")
    if comparator and value and comparator in ("≥", "≤", ">", "<", "=", ">=", "<=", "＝"):
        value = comparator + value
    if unit and value and parse_number(value) is not None and parse_number(value + unit) is not None:
        value = value + unit
    return value
