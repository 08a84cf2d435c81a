"""The key-figure dataset as CSV: one row per document, columns in the order of rules/key_figures.yaml.

UTF-8 with a byte-order mark, so Excel and WPS open the Chinese headers correctly; pandas and R
read it with encoding "utf-8-sig".  Column names do not change with --lang, so scripts keep
working; the source, note and error texts are in the chosen language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from budgetcheck.extract.key_figures import UNIT, KeyFigures, figure_specs

KIND_NAMES = {"budget": "预算", "final": "决算"}
SOURCE_SUFFIX = "_来源"


def header() -> list[str]:
    columns = [spec.column for spec in figure_specs()]
    return (
        ["文件", "格式", "单位", "年度", "类型"]
        + [f"{column}（{UNIT}）" for column in columns]
        + [f"{column}{SOURCE_SUFFIX}" for column in columns]
        + ["备注", "错误"]
    )


def row(record: KeyFigures, lang: str) -> list[str]:
    columns = [spec.column for spec in figure_specs()]
    separator = "; " if lang == "en" else "；"
    figures = [record.figures.get(column) for column in columns]
    return (
        [record.path, record.format or "", record.organisation or "", str(record.year or ""), KIND_NAMES.get(record.kind or "", "")]
        + [(figure.value or "") if figure else "" for figure in figures]
        + [separator.join(source.describe(lang) for source in figure.sources) if figure else "" for figure in figures]
        + [separator.join(record.notes), record.error or ""]
    )


def key_figures_csv(records: Iterable[KeyFigures], lang: str = "zh") -> bytes:
    return b"".join(key_figures_csv_chunks(records, lang))


def key_figures_csv_chunks(records: Iterable[KeyFigures], lang: str = "zh") -> Iterator[bytes]:
    """The header, then one row per record as it comes: a store of any size is written without holding it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header())
    yield buffer.getvalue().encode("utf-8-sig")
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row(record, lang))
        yield buffer.getvalue().encode("utf-8")
