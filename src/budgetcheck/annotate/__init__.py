"""Annotated copies: each input written again with its findings attached where they are.

A DOCX gets Word comments anchored to the paragraph or table cell a finding names; an XLSX gets the
cells filled and a cell comment with the message.  The copies go to a folder of their own: an input
is never modified, and an existing file is never overwritten without --force.  Errors and warnings
are attached; differences within rounding (info) are not, as they need no change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from budgetcheck.engine.results import DocumentResult, Finding
from budgetcheck.messages import BilingualError
from budgetcheck.output_guard import file_key, file_keys
from budgetcheck.report.finding_rows import places_in_words, sorted_findings
from budgetcheck.report.words import word

ANNOTATED_FORMATS = ("docx", "xlsx")
AUTHOR = "budgetcheck"
INITIALS = "BC"
# File names that can be annotated if their content proves to be DOCX or XLSX; checked before an audit.
_LIKELY_SUFFIXES = (".docx", ".xlsx", ".xlsm")


class AnnotateError(BilingualError):
    """An annotated copy that cannot be written, with the one line to show (zh and en)."""


def planned_copies(
    paths: list[str], folder: Path, force: bool, inputs: Iterable[str] = (), outputs: Iterable[Path] = ()
) -> dict[str, Path]:
    """Where each input's annotated copy goes: folder/name, numbered when two inputs share a name.

    `inputs` are every input file on disk (an archive member's archive included), `outputs` the report
    and the results store.  Raises AnnotateError when the folder is a file, a copy would replace an
    input, the report or the store, or (without `force`) copies exist already — all of them named in
    one message, so one rerun settles them.
    """
    if folder.exists() and not folder.is_dir():
        raise AnnotateError(f"{folder}：不是文件夹，无法写入标注副本", f"{folder}: not a folder; the annotated copies cannot be written there")
    protected_inputs = file_keys([*paths, *inputs])
    protected_outputs = file_keys(outputs)
    targets: dict[str, Path] = {}
    existing: list[Path] = []
    used: set[str] = set()
    for path in dict.fromkeys(paths):
        source = Path(path)
        name, number = source.name, 1
        while name.lower() in used:
            number += 1
            name = f"{source.stem}-{number}{source.suffix}"
        used.add(name.lower())
        target = folder / name
        if file_key(target) in protected_inputs:
            raise AnnotateError(f"{target}：标注副本会覆盖原文件，请另选文件夹", f"{target}: the annotated copy would replace the input itself; choose another folder")
        if file_key(target) in protected_outputs:
            raise AnnotateError(
                f"{target}：标注副本会覆盖本次的报告或结果库，请另选文件夹", f"{target}: the annotated copy would replace this run's report or results store; choose another folder"
            )
        if target.exists() and not force and source.suffix.lower() in _LIKELY_SUFFIXES:
            existing.append(target)
        targets[path] = target
    if len(existing) == 1:
        raise AnnotateError(f"{existing[0]}：文件已存在，加 --force 覆盖", f"{existing[0]}: the file exists; add --force to overwrite it")
    if existing:
        raise AnnotateError(
            f"{len(existing)} 个标注副本已存在：{'、'.join(map(str, existing))}，加 --force 覆盖",
            f"{len(existing)} annotated copies exist: {', '.join(map(str, existing))}; add --force to overwrite them",
        )
    return targets


def annotate_results(
    results: Sequence[DocumentResult],
    folder: Path,
    force: bool,
    lang: str,
    read: Callable[[str], bytes] | None = None,
    inputs: Iterable[str] = (),
    outputs: Iterable[Path] = (),
) -> Iterator[str]:
    """Write the annotated copies, yielding a notice for each file as it is done (written, or why not).

    `read` gives a result's content by its path (an archive member's bytes, read from its archive);
    by default the file itself is read.  Raises AnnotateError as planned_copies does.
    """
    from budgetcheck.output import atomic_write_bytes

    targets = planned_copies([result.path for result in results], folder, force, inputs, outputs)
    for result in results:
        if result.status != "checked":
            continue  # unreadable: already reported, nothing to copy
        target = targets[result.path]
        if result.format not in ANNOTATED_FORMATS:
            kind = (result.format or "?").upper()
            yield (
                f"{result.path}: {kind} files cannot carry comments; no annotated copy (see the report)"
                if lang == "en"
                else f"{result.path}：{kind} 文件无法附加批注，未生成标注副本（问题见报告）"
            )
            continue
        if target.exists() and not force:
            yield (f"{target}: the file exists; add --force to overwrite it" if lang == "en" else f"{target}：文件已存在，加 --force 覆盖")
            continue
        try:
            data = read(result.path) if read is not None else Path(result.path).read_bytes()
        except Exception as error:  # gone or changed since the audit: say so, go on
            yield _not_read(result.path, error, lang)
            continue
        findings = [finding for finding in sorted_findings(result, include_info=False) if _places_in(finding, result.path)]
        try:
            annotated, attached = _annotated(result, data, findings, lang)
        except Exception as error:  # the editor library rejects a file our reader accepted: say so, go on
            yield (
                f"{result.path}: no annotated copy, the file could not be rewritten ({_cause(error)})"
                if lang == "en"
                else f"{result.path}：无法改写此文件，未生成标注副本（{_cause(error)}）"
            )
            continue
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, annotated)
        yield _written(target, attached, len(findings) - attached, lang)


def _not_read(path: str, error: Exception, lang: str) -> str:
    from budgetcheck.errors import InputError
    from budgetcheck.messages import input_error_message, os_error_reason

    if isinstance(error, InputError):
        reason = input_error_message(error, lang)
    elif isinstance(error, OSError):
        reason = os_error_reason(error, lang)
    else:
        reason = _cause(error)
    return f"{path}: no annotated copy, the file could not be read again ({reason})" if lang == "en" else f"{path}：无法再次读取此文件，未生成标注副本（{reason}）"


def _cause(error: Exception) -> str:
    """The library's own words, on one line, after its exception's name."""
    words = " ".join(str(error).split())
    return f"{type(error).__name__}: {words}" if words else type(error).__name__


def _written(target: Path, attached: int, elsewhere: int, lang: str) -> str:
    """What the copy holds: the findings attached to it, and how many only the report has (no place to attach)."""
    if lang == "en":
        text = f"{target}: annotated copy with {attached} finding(s)"
        return text + (f" ({elsewhere} more name no paragraph, cell or sheet; see the report)" if elsewhere else "")
    text = f"{target}：已写入标注副本，含 {attached} 条问题"
    return text + (f"（另有 {elsewhere} 条问题不指向具体段落、单元格或工作表，见报告）" if elsewhere else "")


def _annotated(result: DocumentResult, data: bytes, findings: list[Finding], lang: str) -> tuple[bytes, int]:
    if result.format == "docx":
        from budgetcheck.annotate.docx_comments import annotate_docx

        return annotate_docx(result.path, data, findings, lang)
    from budgetcheck.annotate.xlsx_cells import annotate_xlsx

    return annotate_xlsx(result.path, data, findings, lang)


def _places_in(finding: Finding, path: str) -> bool:
    return any(place.location.path == path for place in finding.locations)


def comment_text(finding: Finding, lang: str) -> str:
    """What a comment says: severity, rule and message; then every place that took part."""
    colon = ": " if lang == "en" else "："
    text = f"{word(finding.severity, lang)} {finding.rule}{colon}{finding.message}"
    if len(finding.locations) > 1:
        where = places_in_words(finding.locations, lang, limit=None)
        text += f"\n{'places' if lang == 'en' else '涉及'}{colon}{where}"
    return text
