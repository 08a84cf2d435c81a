"""Shared test helpers: paths to the samples and to the real documents beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED_STEM = "三河市泃阳西大街街道办事处2020年部门预算公开"
SEED_TXT = SAMPLES / f"{SEED_STEM}.txt"
SEED_DOCX = SAMPLES / f"{SEED_STEM}.docx"
SEED_XLSX = SAMPLES / f"{SEED_STEM}_政府采购与固定资产.xlsx"
REAL = ROOT.parent / "shared" / "real"


@pytest.fixture
def real_dir() -> Path:
    if not REAL.is_dir():
        pytest.skip(f"real documents not found at {REAL}")
    return REAL
