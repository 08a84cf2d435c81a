"""Damaged copies of sample files through `load()`: a Document or an InputError, nothing else.

A short, derandomized run: the same examples on every machine, a few seconds in all.  The long
run for developers is fuzz/fuzz_load.py (docs/security.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetcheck.errors import InputError
from budgetcheck.model import Document
from budgetcheck.parsers import load

from . import build
from .mutations import mutations_of

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
STEM = "三河市泃阳西大街街道办事处2020年部门预算公开"

SEEDS = {
    "docx": lambda: (SAMPLES / f"{STEM}.docx").read_bytes(),
    "xlsx": lambda: (SAMPLES / f"{STEM}_政府采购与固定资产.xlsx").read_bytes(),
    "txt": lambda: (SAMPLES / f"{STEM}.txt").read_bytes(),
    "xls": build.xls_workbook,
    "pdf": build.text_pdf,
}
SHORT = settings(
    max_examples=100,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def load_outcome(path: Path) -> Document | InputError:
    """What load() gives for a file: the Document, or the InputError it raised.  Anything else propagates."""
    try:
        document = load(str(path))
    except InputError as error:
        assert error.message("zh") and error.message("en")
        return error
    assert isinstance(document, Document)
    return document


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("fuzz")


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_each_seed_loads_unharmed(fmt: str, scratch: Path) -> None:
    path = scratch / f"seed.{fmt}"
    path.write_bytes(SEEDS[fmt]())
    outcome = load_outcome(path)
    assert isinstance(outcome, Document) and outcome.format == fmt and outcome.blocks


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_damaged_copies_load_or_raise_input_error(fmt: str, scratch: Path) -> None:
    seed = SEEDS[fmt]()
    path = scratch / f"damaged.{fmt}"

    @SHORT
    @given(st.data())
    def check(data: st.DataObject) -> None:
        path.write_bytes(data.draw(mutations_of(seed), label="file"))
        load_outcome(path)

    check()
