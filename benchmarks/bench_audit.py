"""Parse alone against parse + every rule pack on the same file, in one run; prints the ratio.

    python benchmarks/bench_audit.py [FILE] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from budgetcheck.engine.audit import AuditOptions, audit_document
from budgetcheck.engine.rules import builtin_rules
from budgetcheck.parsers import load

SEED = Path(__file__).resolve().parent.parent / "samples" / "三河市泃阳西大街街道办事处2020年部门预算公开.docx"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", nargs="?", default=str(SEED))
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    options = AuditOptions(rules=builtin_rules())
    audit_document(load(args.path), options)  # warm caches: rule packs, vocabulary, imports
    parse_times, audit_times = [], []
    for _ in range(args.repeat):  # alternate so machine noise hits both alike
        start = time.perf_counter()
        load(args.path)
        parse_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        audit_document(load(args.path), options)
        audit_times.append(time.perf_counter() - start)
    parse, audit = statistics.median(parse_times) * 1000, statistics.median(audit_times) * 1000
    print(f"{Path(args.path).name}: parse {parse:.1f} ms, parse + audit {audit:.1f} ms, ratio {audit / parse:.2f}×")


if __name__ == "__main__":
    main()
