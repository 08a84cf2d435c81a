"""Small 绩效目标表 documents for tests: TXT in the seed's layout and DOCX with merged cells."""

from __future__ import annotations

from pathlib import Path

import docx

HEADER = ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"]
BASIS = "《三河市禁毒重点整治工作方案》"
GOAL = "全面入户走访排查，开展禁毒法律宣传活动，全面提升辖区居民法律意识，普及禁毒知识。"


def row(level1: str, level2: str, level3: str, value: str, basis: str = BASIS, description: str | None = None) -> list[str]:
    return [level1, level2, level3, level3 if description is None else description, value, basis]


def good_rows() -> list[list[str]]:
    """A table that keeps every rule: three 一级, units, bases that cite a document."""
    return [
        row("产出指标", "数量指标", "开展活动次数", "≥5次", description="全年开展禁毒宣传活动次数"),
        row("", "质量指标", "覆盖率", "≥90%", description="禁毒宣传覆盖率"),
        row("效益指标", "社会效益指标", "知晓率", "≥80%", description="居民禁毒知识知晓率"),
        row("满意度指标", "服务对象满意度指标", "居民满意度", "≥95%", description="调查满意居民占总调查人数比例"),
    ]


def txt_table(title: str, goal: str | None, rows: list[list[str]], header: bool = True) -> str:
    """One table as the seed's text export writes it: a title line, one tab-led line per cell,
    a blank line after each row."""
    lines = [title]
    if goal is not None:
        lines += ["\t绩效目标", "\t" + goal, ""]
    if header:
        lines += ["\t" + cell for cell in HEADER] + [""]
    for cells in rows:
        lines += ["\t" + cell for cell in cells] + [""]
    return "\n".join(lines) + "\n"


def write_txt(tmp_path: Path, *parts: str, name: str = "绩效.txt") -> Path:
    """A disclosure made of the given parts, under a 绩效 heading as in the seed."""
    text = "某街道办事处2020年部门预算公开\n五、预算绩效信息\n" + "\n".join(parts)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_docx(
    tmp_path: Path,
    title: str,
    goal: str,
    rows: list[list[str]],
    merge_level1: bool = True,
    repeat_header_at: int | None = None,
    merge_basis: bool = False,
) -> Path:
    """One 绩效目标表 in Word: the 一级 cells merged vertically over their rows, the header printed
    again before row `repeat_header_at` (a table continued on a new page), and with `merge_basis`
    one basis cell merged down over every indicator row."""
    document = docx.Document()
    document.add_paragraph("五、预算绩效信息")
    document.add_paragraph(title)
    body = [HEADER] + rows
    if repeat_header_at is not None:
        body.insert(repeat_header_at + 1, HEADER)
    table = document.add_table(rows=1 + len(body), cols=6)
    goal_cells = table.rows[0].cells
    goal_cells[0].text = "绩效目标"
    merged_goal = goal_cells[1].merge(goal_cells[5])
    merged_goal.text = goal
    for index, cells in enumerate(body, start=1):
        for column, text in enumerate(cells):
            if text:
                table.rows[index].cells[column].text = text
    if merge_level1:
        start = None
        for index, cells in enumerate(body + [["end"]], start=1):
            if not cells[0]:
                continue  # a continuation row: the 一级 above spans it
            if start is not None and index - 1 > start:
                table.cell(start, 0).merge(table.cell(index - 1, 0))
            start = index if cells not in (HEADER, ["end"]) else None
    if merge_basis:
        table.cell(2, 5).merge(table.cell(len(body), 5))
    path = tmp_path / "绩效.docx"
    document.save(str(path))
    return path
