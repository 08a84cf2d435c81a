"""Long fuzz run of `parsers.load()` over damaged sample files (docs/security.md).

    python fuzz/fuzz_load.py --minutes 10                 # every format, crashes to fuzz/crashes/
    python fuzz/fuzz_load.py --format pdf --minutes 2 --seed 7

The same mutations as the short test in the suite (tests/hostile/mutations.py), with fresh
random seeds batch after batch until the time is up.  Each input that makes load() raise
anything but InputError, run longer than --slow seconds, or run out of the memory cap is
saved once per distinct failure (exception type and the innermost frames), with a .txt
beside it holding the traceback; rerun one with `python fuzz/fuzz_load.py --replay FILE`.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from budgetcheck.errors import InputError  # noqa: E402
from budgetcheck.parsers import load  # noqa: E402
from hostile import build  # noqa: E402
from hostile.mutations import mutations_of  # noqa: E402

STEM = "三河市泃阳西大街街道办事处2020年部门预算公开"
SEEDS = {
    "docx": lambda: (ROOT / "samples" / f"{STEM}.docx").read_bytes(),
    "xlsx": lambda: (ROOT / "samples" / f"{STEM}_政府采购与固定资产.xlsx").read_bytes(),
    "txt": lambda: (ROOT / "samples" / f"{STEM}.txt").read_bytes(),
    "xls": build.xls_workbook,
    "pdf": build.text_pdf,
}
BATCH = 100  # examples per hypothesis run; each batch gets a new seed, and the clock is read between batches


class Overtime(Exception):
    """Raised from the alarm signal when one load() runs too long."""


def _on_alarm(signum: int, frame: object) -> None:
    raise Overtime()


def signature(error: BaseException) -> str:
    """Exception type and the three innermost frames: one saved file per distinct failure."""
    frames = traceback.extract_tb(error.__traceback__)[-3:]
    where = ";".join(f"{Path(f.filename).name}:{f.lineno}" for f in frames)
    return f"{type(error).__name__}@{where}"


def run_one(path: Path, slow: float) -> BaseException | None:
    """None when load() gives a Document or an InputError in time; otherwise what went wrong."""
    signal.setitimer(signal.ITIMER_REAL, slow)
    try:
        load(str(path))
    except InputError:
        return None
    except (Exception, Overtime, MemoryError, RecursionError) as error:  # everything else is a finding
        return error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return None


class Recorder:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.seen: dict[str, int] = {}
        self.examples = 0

    def record(self, fmt: str, data: bytes, error: BaseException) -> None:
        key = signature(error)
        self.seen[key] = self.seen.get(key, 0) + 1
        if self.seen[key] > 1:
            return
        self.out.mkdir(parents=True, exist_ok=True)
        name = f"{fmt}-{hashlib.sha1(data).hexdigest()[:12]}.{fmt}"
        (self.out / name).write_bytes(data)
        text = "".join(traceback.format_exception(error))
        (self.out / f"{name}.txt").write_text(f"{key}\n\n{text}", encoding="utf-8")
        print(f"new failure {key} -> {self.out / name}", flush=True)


def fuzz(fmt: str, deadline: float, recorder: Recorder, scratch: Path, slow: float, rng: random.Random) -> None:
    original = SEEDS[fmt]()
    path = scratch / f"damaged.{fmt}"
    while time.monotonic() < deadline:

        @seed(rng.getrandbits(64))
        @settings(
            max_examples=BATCH,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(st.data())
        def batch(data: st.DataObject) -> None:
            damaged = data.draw(mutations_of(original))
            path.write_bytes(damaged)
            recorder.examples += 1
            error = run_one(path, slow)
            if error is not None:
                recorder.record(fmt, damaged, error)

        batch()


def replay(path: Path, slow: float) -> int:
    error = run_one(path, slow)
    if error is None:
        print(f"{path}: a Document or an InputError, as it should be")
        return 0
    traceback.print_exception(error)
    return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--format", choices=sorted(SEEDS), action="append", help="formats to fuzz (default: all)")
    parser.add_argument("--minutes", type=float, default=10.0, help="total time, shared by the formats")
    parser.add_argument("--seed", type=int, default=None, help="seed for the batch seeds (default: random)")
    parser.add_argument("--slow", type=float, default=5.0, help="seconds after which one load() counts as a hang")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space cap for this process")
    parser.add_argument("--out", type=Path, default=ROOT / "fuzz" / "crashes", help="folder for failing inputs")
    parser.add_argument("--replay", type=Path, help="load one saved input and show what happens")
    args = parser.parse_args()

    logging.disable(logging.WARNING)  # pdfminer warns on every damaged page
    signal.signal(signal.SIGALRM, _on_alarm)
    cap = args.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    if args.replay:
        return replay(args.replay, args.slow)

    formats = args.format or sorted(SEEDS)
    rng = random.Random(args.seed)
    recorder = Recorder(args.out)
    share = args.minutes * 60 / len(formats)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="budgetcheck-fuzz-") as scratch:
        for fmt in formats:
            before = recorder.examples
            fuzz(fmt, time.monotonic() + share, recorder, Path(scratch), args.slow, rng)
            print(f"{fmt}: {recorder.examples - before} examples", flush=True)
    failures = sum(recorder.seen.values())
    print(f"{recorder.examples} examples in {time.monotonic() - started:.0f} s; {len(recorder.seen)} distinct failures ({failures} in all)")
    for key, count in sorted(recorder.seen.items(), key=lambda item: -item[1]):
        print(f"  {count:6d}  {key}")
    return 1 if recorder.seen else 0


if __name__ == "__main__":
    sys.exit(main())
