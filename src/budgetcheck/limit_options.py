"""The safety limits as a user sets them on the command line: `--limit max-pages=5000`.

One repeatable option rather than one flag per limit, so `audit` and `extract` stay short and a
new limit needs no new flag.  Sizes take K/M/G suffixes (powers of 1024): `max-member-size=128M`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from budgetcheck.parsers.container import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class LimitOption:
    key: str  # as typed after --limit
    field: str  # Limits attribute
    is_size: bool
    zh: str
    en: str


LIMIT_OPTIONS = (
    LimitOption("max-members", "max_members", False, "压缩包（DOCX/XLSX）内的文件数", "files inside a DOCX/XLSX archive"),
    LimitOption("max-member-size", "max_member_bytes", True, "压缩包内单个文件解压后的大小", "unpacked size of one file inside the archive"),
    LimitOption("max-total-size", "max_total_bytes", True, "压缩包解压后的总大小", "unpacked size of the whole archive"),
    LimitOption("max-ratio", "max_ratio", False, "压缩比（仅对解压后大于 1M 的文件）", "compression ratio (only for members over 1M unpacked)"),
    LimitOption("max-pages", "max_pages", False, "PDF 页数", "PDF pages"),
    LimitOption("max-pdf-chars", "max_pdf_chars", False, "PDF 文字层的字符数（各页合计）", "characters of a PDF's text layer, all pages together"),
    LimitOption("max-pdf-page-objects", "max_pdf_page_objects", False, "PDF 单页的绘图对象数（文字、线条、图片）", "objects drawn on one PDF page (text, paths, images)"),
    LimitOption("max-xls-size", "max_xls_bytes", True, "XLS 文件的大小", "size of an XLS file"),
    LimitOption("max-cells", "max_cells", False, "XLSX/XLS 工作簿的单元格数（各表合计）", "cells in an XLSX/XLS workbook, all sheets together"),
    LimitOption("max-text-size", "max_text_bytes", True, "TXT 文件的大小", "size of a TXT file"),
)
_BY_KEY = {option.key: option for option in LIMIT_OPTIONS}
_VALUE = re.compile(r"^\s*(\d+)\s*([kmg]?)i?b?\s*$", re.IGNORECASE)
_SUFFIX = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class LimitSettingError(ValueError):
    """A --limit value that cannot be used, with the message to show (zh and en)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def parse_limits(settings: list[str] | None, base: Limits = DEFAULT_LIMITS) -> Limits:
    """`base` with each "key=value" setting applied; LimitSettingError says what is wrong with one."""
    limits = base
    keys = ", ".join(option.key for option in LIMIT_OPTIONS)
    for setting in settings or []:
        name, equals, given = setting.partition("=")
        option = _BY_KEY.get(name.strip().lower())
        if option is None:
            raise LimitSettingError(
                f"--limit {setting}：无法识别，应写作 名称=数值，名称为 {keys} 之一",
                f"--limit {setting}: not understood; write name=number, where name is one of {keys}",
            )
        match = _VALUE.match(given) if equals else None
        if match is None:  # the name is right: it is the value that is wrong (or missing)
            example = f"{option.key}={describe_default(option)}"
            shown = given.strip()
            zh_wanted = f"应为大于 0 的整数{'（可带 K/M/G 单位）' if option.is_size else ''}，如 {example}"
            en_wanted = f"it must be a whole number greater than 0{' (K/M/G suffixes allowed)' if option.is_size else ''}, such as {example}"
            raise LimitSettingError(
                f"--limit {setting}：{option.key} 的值 {shown} 无效，{zh_wanted}" if shown else f"--limit {setting}：缺少 {option.key} 的值，{zh_wanted}",
                f"--limit {setting}: the value {shown} of {option.key} is not valid; {en_wanted}" if shown else f"--limit {setting}: {option.key} has no value; {en_wanted}",
            )
        number, suffix = int(match.group(1)), match.group(2).lower()
        if suffix and not option.is_size:
            raise LimitSettingError(
                f"--limit {setting}：{option.key} 是个数，不能带 K/M/G 单位",
                f"--limit {setting}: {option.key} is a count and takes no K/M/G suffix",
            )
        value = number * _SUFFIX[suffix]
        if value < 1:
            raise LimitSettingError(f"--limit {setting}：限制值必须大于 0", f"--limit {setting}: a limit must be greater than 0")
        limits = replace(limits, **{option.field: value})
    return limits


def describe_default(option: LimitOption) -> str:
    """The default of one limit as a user would type it (64M, 10000)."""
    value = getattr(DEFAULT_LIMITS, option.field)
    if option.is_size:
        for suffix, factor in (("G", 1024**3), ("M", 1024**2), ("K", 1024)):
            if value % factor == 0:
                return f"{value // factor}{suffix}"
    return str(value)
