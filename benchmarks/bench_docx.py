"""Time the DOCX parser against the floor: a bare zipfile + lxml pass over word/document.xml.

The floor only opens the archive, streams word/document.xml through lxml's iterparse and
collects the text of every w:t element; it knows nothing of styles, numbering, tables or
merged cells.  The ratio says what all of that costs on top of reading the XML at all.
Both run in the same process, alternating, so machine noise hits them alike.

    python benchmarks/bench_docx.py [PATH.docx] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import zipfile
from pathlib import Path

from lxml import etree

from budgetcheck.parsers.container import DEFAULT_LIMITS, open_zip
from budgetcheck.parsers.docx import _main_part_targets, _optional_xml, parse_docx

ROOT = Path(__file__).resolve().parent.parent
SEED_DOCX = ROOT / "samples" / "三河市泃阳西大街街道办事处2020年部门预算公开.docx"
W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def bare_text_pass(path: str) -> int:
    """zipfile + lxml iterparse over word/document.xml, collecting w:t text: the floor."""
    texts: list[str] = []
    with zipfile.ZipFile(path) as archive, archive.open("word/document.xml") as stream:
        for _, element in etree.iterparse(stream, events=("end",), tag=W_T):
            if element.text:
                texts.append(element.text)
            element.clear()
    return sum(len(text) for text in texts)


def parser_pass(path: str) -> int:
    document = parse_docx(path, DEFAULT_LIMITS)
    return len(document.blocks)


def side_parts_pass(path: str) -> int:
    """Only what parse_docx reads besides document.xml: relationships, styles and numbering."""
    with open_zip(path, DEFAULT_LIMITS) as archive:
        parts = _main_part_targets(archive, path)
        styles = _optional_xml(archive, parts.get("styles", "word/styles.xml"), path)
        numbering = _optional_xml(archive, parts.get("numbering", "word/numbering.xml"), path)
    return len(styles if styles is not None else ()) + len(numbering if numbering is not None else ())


def time_once(function, path: str) -> float:
    start = time.perf_counter()
    function(path)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("path", nargs="?", default=str(SEED_DOCX), help="DOCX file (default: the seed sample)")
    options.add_argument("--repeat", type=int, default=300, help="timed runs of each (default 300)")
    args = options.parse_args(argv)
    path = args.path
    if not Path(path).is_file():
        print(f"{path}: not found (build it with samples/build_samples.py)", file=sys.stderr)
        return 2

    document = parse_docx(path, DEFAULT_LIMITS)
    characters = bare_text_pass(path)
    for _ in range(10):  # warm caches and imports before timing
        parser_pass(path)
        bare_text_pass(path)

    parser_times: list[float] = []
    bare_times: list[float] = []
    side_times: list[float] = []
    for _ in range(args.repeat):
        parser_times.append(time_once(parser_pass, path))
        bare_times.append(time_once(bare_text_pass, path))
        side_times.append(time_once(side_parts_pass, path))

    parser_ms = statistics.median(parser_times) * 1000
    bare_ms = statistics.median(bare_times) * 1000
    side_ms = statistics.median(side_times) * 1000
    size_kb = Path(path).stat().st_size / 1024
    with zipfile.ZipFile(path) as archive:
        xml_kb = archive.getinfo("word/document.xml").file_size / 1024
        styles_kb = archive.getinfo("word/styles.xml").file_size / 1024 if "word/styles.xml" in archive.NameToInfo else 0
    print(f"file: {path}")
    print(f"      {size_kb:.1f} KB, word/document.xml {xml_kb:.1f} KB, word/styles.xml {styles_kb:.1f} KB")
    print(f"      {characters} characters of w:t text")
    cells = sum(1 for table in document.tables for _ in table.cells())
    print(f"      {len(document.blocks)} blocks, {len(document.tables)} tables, {cells} cells")
    print(f"runs: {args.repeat} of each, alternating; medians:")
    print(f"  parse_docx                      {parser_ms:8.2f} ms")
    print(f"  bare zipfile + lxml w:t pass    {bare_ms:8.2f} ms")
    print(f"  ratio parse_docx / bare         {parser_ms / bare_ms:8.2f}x")
    print(f"  (of parse_docx: rels + styles + numbering parts alone {side_ms:.2f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
