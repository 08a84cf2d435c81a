"""Message catalogues for the CLI and input findings: Chinese (default) and English."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from budgetcheck.errors import InputError

LANGS = ("zh", "en")

# code -> (zh, en).  {path} and {detail} are filled in; each says what is wrong and what to do.
INPUT_ERRORS: dict[str, tuple[str, str]] = {
    "missing": ("{path}：文件不存在，请检查路径", "{path}: no such file; check the path"),
    "symlink_loop": (
        "{path}：符号链接循环指向自身，无法打开，请改为指向实际文件",
        "{path}: the symbolic link loops back on itself and cannot be opened; point it at the actual file",
    ),
    "is_directory": (
        "{path}：这是一个文件夹，不是文件，请指定文件",
        "{path}: this is a folder, not a file; name a file",
    ),
    "not_readable": ("{path}：无法读取文件（{detail}）", "{path}: the file cannot be read ({detail})"),
    "empty": ("{path}：文件为空（0 字节），请重新导出", "{path}: the file is empty (0 bytes); export it again"),
    "unsupported": (
        "{path}：不支持的文件类型（{detail}），请另存为 DOCX、XLSX、XLS、PDF 或 TXT",
        "{path}: unsupported file type ({detail}); save it as DOCX, XLSX, XLS, PDF or TXT",
    ),
    "corrupt": (
        "{path}：文件已损坏或不完整（{detail}），请重新导出",
        "{path}: the file is damaged or incomplete ({detail}); export it again",
    ),
    "encrypted": (
        "{path}：文件已加密或设有打开密码，请去除密码后再审核",
        "{path}: the file is encrypted or password-protected; remove the password and try again",
    ),
    "undecodable": (
        "{path}：无法识别文本编码（{detail}），请另存为 UTF-8 或 GBK 文本",
        "{path}: the text encoding cannot be recognised ({detail}); save it as UTF-8 or GBK text",
    ),
    "too_large": (
        "{path}：文件超出安全限制（{detail}），可能是压缩炸弹，已拒绝读取",
        "{path}: the file exceeds a safety limit ({detail}) and may be a decompression bomb; not read",
    ),
    "unsafe_xml": (
        "{path}：文件含有不安全的 XML 结构（{detail}），已拒绝读取",
        "{path}: the file contains unsafe XML ({detail}); not read",
    ),
    "pdf_not_supported": (
        "{path}：暂不支持 PDF 文件，请提供 DOCX、XLSX 或 TXT 版本",
        "{path}: PDF files are not supported yet; provide a DOCX, XLSX or TXT version",
    ),
    "scanned_pdf": (
        "{path}：扫描件，无文字层，无法审核",
        "{path}: scanned document with no text layer; it cannot be audited",
    ),
    "too_many_pages": (
        "{path}：PDF 页数超出限制（{detail}），已拒绝读取；确需审核时可用 --limit max-pages=页数 放宽",
        "{path}: the PDF has more pages than allowed ({detail}); not read. To audit it anyway, raise the limit with --limit max-pages=N",
    ),
    "too_many_chars": (
        "{path}：PDF 文字数超出限制（{detail}），已拒绝读取；确需审核时可用 --limit max-pdf-chars=字数 放宽",
        "{path}: the PDF has more characters than allowed ({detail}); not read. To audit it anyway, raise the limit with --limit max-pdf-chars=N",
    ),
    "too_many_objects": (
        "{path}：PDF 单页的绘图对象数超出限制（第 {detail}），已拒绝读取；确需审核时可用 --limit max-pdf-page-objects=数量 放宽",
        "{path}: a PDF page draws more objects than allowed (page {detail}); not read. To audit it anyway, raise the limit with --limit max-pdf-page-objects=N",
    ),
    "too_many_cells": (
        "{path}：工作簿的单元格数超出限制（{detail}），已拒绝读取；确需审核时可用 --limit max-cells=数量 放宽",
        "{path}: the workbook has more cells than allowed ({detail}); not read. To audit it anyway, raise the limit with --limit max-cells=N",
    ),
    # batch runs: folders, globs and the limits each file is read within
    "no_documents": (
        "{path}：文件夹中没有可审核的文件（DOCX、XLSX、XLS、PDF、TXT 或 ZIP）",
        "{path}: the folder holds no file to audit (DOCX, XLSX, XLS, PDF, TXT or ZIP)",
    ),
    "no_documents_in_archive": (
        "{path}：压缩包中没有可审核的文件（DOCX、XLSX、XLS、PDF、TXT 或 ZIP）",
        "{path}: the archive holds no file to audit (DOCX, XLSX, XLS, PDF, TXT or ZIP)",
    ),
    "no_match": ("{path}：没有与此模式匹配的文件", "{path}: no file matches this pattern"),
    "timeout": (
        "{path}：处理超过时间限制（{detail}），已跳过；可用 --timeout 放宽",
        "{path}: processing exceeded the time limit ({detail}) and was stopped; raise it with --timeout",
    ),
    "out_of_memory": (
        "{path}：处理时超出内存限制（{detail}），已跳过；可用 --memory-limit 放宽",
        "{path}: processing exceeded the memory limit ({detail}) and was stopped; raise it with --memory-limit",
    ),
    "worker_crashed": (
        "{path}：处理该文件的进程意外终止（{detail}），已跳过；请加 --debug 重新运行并报告此问题",
        "{path}: the process reading this file ended unexpectedly ({detail}); rerun with --debug and report it",
    ),
}

# Plain detail phrases that parsers put into {detail}: code -> (zh, en).
DETAILS: dict[str, tuple[str, str]] = {
    "doc": ("Word 97-2003 .doc 格式", "Word 97-2003 .doc format"),
    "wps": ("WPS 文字 .wps 格式", "WPS Writer .wps format"),
    "ole": ("旧版 Office 复合文档", "legacy Office compound document"),
    "image": ("图片文件", "image file"),
    "html": ("网页（HTML）文件", "web page (HTML) file"),
    "zip": ("普通 ZIP 压缩包", "plain ZIP archive"),
    "binary": ("无法识别的二进制文件", "unrecognised binary file"),
    "bad_zip": ("ZIP 结构损坏", "broken ZIP structure"),
    "zip_method": ("不支持的 ZIP 压缩方式", "unsupported ZIP compression method"),
    "zip_version": ("不支持的 ZIP 格式版本", "unsupported ZIP format version"),
    "bad_xml": ("XML 内容损坏", "broken XML content"),
    "bad_xls": ("XLS 记录损坏", "broken XLS records"),
    "bad_pdf": ("PDF 结构损坏", "broken PDF structure"),
    "missing_part": ("缺少必需的文档部件", "a required document part is missing"),
    "doctype": ("含 DOCTYPE 声明", "has a DOCTYPE declaration"),
    "unknown_encoding": ("既不是 UTF-8/UTF-16 也不是 GB18030/GBK", "neither UTF-8/UTF-16 nor GB18030/GBK"),
}


# Why the operating system refused to read or write a file, by errno name: (zh, en).  English is
# the system's own wording; Chinese messages must not carry "Permission denied" in the middle.
OS_ERRORS: dict[str, tuple[str, str]] = {
    "EACCES": ("权限不足", "Permission denied"),
    "EPERM": ("操作不被允许", "Operation not permitted"),
    "ENOENT": ("文件或文件夹不存在", "No such file or directory"),
    "ENOTDIR": ("路径中有一段不是文件夹", "Not a directory"),
    "EISDIR": ("这是一个文件夹", "Is a directory"),
    "ENOSPC": ("磁盘空间不足", "No space left on device"),
    "EDQUOT": ("超出磁盘配额", "Disk quota exceeded"),
    "EROFS": ("只读文件系统，不能写入", "Read-only file system"),
    "EEXIST": ("文件已存在", "File exists"),
    "ENAMETOOLONG": ("文件名过长", "File name too long"),
    "EBUSY": ("文件正被占用", "Device or resource busy"),
    "ETXTBSY": ("文件正被占用", "Text file busy"),
    "EIO": ("读写设备出错（I/O 错误）", "Input/output error"),
    "EMFILE": ("打开的文件过多", "Too many open files"),
    "ENFILE": ("系统打开的文件过多", "Too many open files in system"),
    "EFBIG": ("文件过大", "File too large"),
    "ELOOP": ("符号链接循环", "Too many levels of symbolic links"),
    "EXDEV": ("不能跨磁盘移动文件", "Invalid cross-device link"),
}


class BilingualError(ValueError):
    """An error whose one line for the user is written in both languages where it is raised."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def os_error_detail(error: OSError) -> str:
    """An errno name the message catalogue can word in either language, else the system's own words."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    if name in OS_ERRORS:
        return name
    return error.strerror or type(error).__name__


def os_error_reason(error: OSError, lang: str = "zh") -> str:
    """Why the system refused, in the message's language: "权限不足" / "Permission denied"."""
    return detail_text(os_error_detail(error), lang)


def detail_text(detail: str, lang: str) -> str:
    pair = DETAILS.get(detail) or OS_ERRORS.get(detail)
    if pair is None:
        return detail
    return pair[1] if lang == "en" else pair[0]


def input_error_message(error: "InputError", lang: str = "zh") -> str:
    zh, en = INPUT_ERRORS.get(error.code, ("{path}：{detail}", "{path}: {detail}"))
    template = en if lang == "en" else zh
    return template.format(path=error.path, detail=detail_text(error.detail, lang))


def listed(items: "Iterable[str]", lang: str = "zh") -> str:
    """Items in a message: "、" between them in Chinese, ", " in English."""
    return (", " if lang == "en" else "、").join(items)


def quoted(text: str, lang: str = "zh") -> str:
    """A word quoted from the document: “…” in Chinese, "…" in English."""
    return f'"{text}"' if lang == "en" else f"“{text}”"


# A format as a notice names it: (zh description, zh short, en description, en short).
FORMAT_WORDS: dict[str, tuple[str, str, str, str]] = {
    "docx": ("Word 文档（DOCX）", "DOCX", "a Word document (DOCX)", "DOCX"),
    "xlsx": ("Excel 工作簿（XLSX）", "XLSX", "an Excel workbook (XLSX)", "XLSX"),
    "xls": ("Excel 97-2003 工作簿（XLS）", "XLS", "an Excel 97-2003 workbook (XLS)", "XLS"),
    "pdf": ("PDF 文件", "PDF", "a PDF file", "PDF"),
    "txt": ("纯文本", "文本", "plain text", "text"),
}


def misnamed_notice(path: str, suffix: str, fmt: str, lang: str = "zh") -> str:
    """One line when a file's name and content disagree: not an error, the file is read as what it is."""
    zh, zh_short, en, en_short = FORMAT_WORDS.get(fmt, (fmt.upper(), fmt.upper(), fmt.upper(), fmt.upper()))
    if lang == "en":
        return f"{path}: named {suffix}, but the content is {en}; read as {en_short}"
    described = f" {zh}" if zh[0].isascii() else zh  # a space between Chinese and a Latin word
    short = f" {zh_short} " if zh_short.isascii() else zh_short
    return f"{path}：扩展名为 {suffix}，但内容是{described}，已按{short}读取"


# Printed units in English reports; a unit not listed is shown as printed (it is the document's own word).
UNIT_WORDS_EN: dict[str, str] = {
    "元": "yuan",
    "千元": "thousand yuan",
    "万元": "ten-thousand yuan",
    "亿元": "hundred-million yuan",
    "%": "%",
    "百分点": "percentage points",
    "㎡": "m²",
    "平方公里": "km²",
    "亩": "mu",
    "公顷": "ha",
    "公里": "km",
    "米": "m",
    "吨": "t",
    "立方米": "m³",
    "千克": "kg",
    "千瓦时": "kWh",
    "千瓦": "kW",
    "人": "persons",
    "名": "persons",
    "人次": "person-times",
    "次": "times",
    "个": "",
    "项": "items",
    "件": "items",
    "辆": "vehicles",
    "台": "units",
    "套": "sets",
    "户": "households",
    "天": "days",
    "工作日": "working days",
    "小时": "hours",
    "个月": "months",
    "年": "years",
}


def unit_word(unit: str | None, lang: str = "zh") -> str:
    """How a report writes a unit: as printed in Chinese; in English, an English word where one is known."""
    if not unit:
        return ""
    if lang != "en":
        return unit
    return UNIT_WORDS_EN.get(unit, unit)
