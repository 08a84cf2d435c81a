"""Shared test helpers: paths to the samples and to the real documents beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED_STEM = "三河市泃阳西大街街道办事处2020年部门预算公开"
SEED_TXT = SAMPLES / f"{SEED_STEM}.txt"
SEED_DOCX = SAMPLES / f"{SEED_STEM}.docx"
SEED_XLSX = SAMPLES / f"{SEED_STEM}_政府采购与固定资产.xlsx"
# The real published documents: beside the checkout, or wherever BUDGETCHECK_REAL_DIR points.
REAL = Path(os.environ.get("BUDGETCHECK_REAL_DIR") or ROOT.parent / "shared" / "real")


@pytest.fixture
def real_dir() -> Path:
    if not REAL.is_dir():
        pytest.skip(f"real documents not found at {REAL}")
    return REAL
