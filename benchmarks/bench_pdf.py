"""PDF throughput: budgetcheck's parse_pdf against pdfplumber's bare extract_text, same files, same run.

    python benchmarks/bench_pdf.py [FOLDER_OR_PDF ...]   (default: ../shared/real/*.pdf)

parse_pdf does more (tables with spans, paragraphs, headings) yet reads most text with
pypdfium2 and runs pdfplumber only on pages that draw lines; the ratio says what that buys.
Each method runs `--rounds` times over all files; the best round counts (the machine is shared).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pdfplumber

from budgetcheck.parsers.pdf import parse_pdf

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "real"


def pdfplumber_text(path: Path) -> int:
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def budgetcheck_parse(path: Path) -> int:
    return parse_pdf(str(path)).pages or 0


def best_round(method, files: list[Path], rounds: int) -> tuple[float, int]:
    best, pages = float("inf"), 0
    for _ in range(rounds):
        start = time.perf_counter()
        pages = sum(method(path) for path in files)
        best = min(best, time.perf_counter() - start)
    return best, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    files = sorted(p for path in args.paths for p in (path.glob("*.pdf") if path.is_dir() else [path]))
    results = {}
    for name, method in (("pdfplumber extract_text", pdfplumber_text), ("budgetcheck parse_pdf", budgetcheck_parse)):
        seconds, pages = best_round(method, files, args.rounds)
        results[name] = pages / seconds
        print(f"{name:26s} {len(files)} files, {pages} pages, {seconds:6.2f} s, {pages / seconds:6.1f} pages/s")
    ratio = results["budgetcheck parse_pdf"] / results["pdfplumber extract_text"]
    print(f"ratio parse_pdf / extract_text: {ratio:.2f}x")


if __name__ == "__main__":
    main()
