"""Inputs with known findings for the report and annotation tests, and a CLI runner for them.

- seed.txt:  项目支出 1748.39 → 1784.39 breaks N101 at 第18段 (a narrative sum)
- seed.docx: the unit price 0.36 → 0.63 in 表24 breaks P104 at 表24 第8行 (a table row)
- seed.xlsx: the same unit price in 政府采购预算!G9 breaks P104 on F9:H9
"""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from budgetcheck.cli import app
from budgetcheck.config import ConfigError, load_config
from budgetcheck.model import Table
from budgetcheck.parsers import load
from conftest import SEED_TXT, SEED_XLSX
from seed_mutations import mutated_docx, mutated_txt

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")


def seed_inputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    folder = tmp_path / "inputs"
    folder.mkdir()
    txt = mutated_txt(folder, "项目支出1748.39万元", "项目支出1784.39万元")
    docx = mutated_docx(folder, ">0.36<", ">0.63<")
    workbook = load_workbook(SEED_XLSX)
    workbook["政府采购预算"]["G9"] = 0.63
    xlsx = folder / "seed.xlsx"
    workbook.save(xlsx)
    return txt, docx, xlsx


# The mutations above break rules of these packs; the seed's own findings in the other packs
# (绩效目标表, completeness, standard tables) are pinned by those packs' tests, not here.
SEED_MUTATION_PACKS = ("--select", "narrative,procurement,assets")


def _config_in_effect() -> bool:
    try:
        return load_config(Path.cwd()).source is not None
    except ConfigError:
        return True


def run(*args: object) -> Result:
    """Run the CLI; an audit without its own --select/--ignore or config file sees only the mutated packs."""
    words = [str(arg) for arg in args]
    scoped = any(word in ("--select", "--ignore") for word in words) or _config_in_effect()
    if words and words[0] == "audit" and not scoped:
        words += SEED_MUTATION_PACKS
    return CliRunner().invoke(app, words)


def source_text(*paths: Path) -> str:
    """Every text the inputs contain, as budgetcheck reads it: what a report may quote."""
    texts: list[str] = []
    for path in paths:
        for block in load(str(path)).blocks:
            if isinstance(block, Table):
                texts.append(block.title or "")
                texts.extend(cell.text for cell in block.cells())
            else:
                texts.append(block.text)
    return "\n".join(texts)


def chinese_outside_source(text: str, source: str) -> list[str]:
    """Runs of Chinese characters in `text` that are not quoted from `source`."""
    return [run for run in CJK.findall(text) if run not in source]


def two_findings(tmp_path: Path) -> Path:
    """An error (N101) and a warning (P202) in one text, the warning's rule coming first in the packs."""
    text = SEED_TXT.read_text(encoding="utf-8")
    text = text.replace("项目支出1748.39万元", "项目支出1784.39万元").replace("拟购置固定资产总额为18万元", "拟购置固定资产总额为20万元")
    path = tmp_path / "seed.txt"
    path.write_text(text, encoding="utf-8")
    return path
