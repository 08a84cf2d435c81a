"""Load one named file, or say in an input finding why it cannot be read (the command line and the batch workers share this)."""

from __future__ import annotations

import sys
import traceback

from budgetcheck.engine.results import DocumentResult, Finding, Place
from budgetcheck.errors import InputError
from budgetcheck.model import Document, Location
from budgetcheck.parsers.container import DEFAULT_LIMITS, Limits


def internal_error_message(path: str, lang: str) -> str:
    if lang == "en":
        return f"{path}: internal error while reading; rerun with --debug and report it"
    return f"{path}：读取时发生内部错误，请加 --debug 重新运行并报告此问题"


def unreadable_result(path: str, error: InputError | None, lang: str) -> DocumentResult:
    """The result of a file that could not be read: one `input` finding (I001) saying why."""
    message = error.message(lang) if error else internal_error_message(path, lang)
    finding = Finding(rule="I001", category="input", severity="error", message=message, locations=[Place(Location(path), "")])
    return DocumentResult(path=path, format=None, status="unreadable", error=message, error_code=error.code if error else "internal", findings=[finding])


def load_or_result(path: str, lang: str, debug: bool = False, limits: Limits = DEFAULT_LIMITS) -> Document | DocumentResult:
    """The document at `path`, or the unreadable result that says why it could not be read."""
    from budgetcheck.parsers import load

    try:
        return load(path, limits)
    except InputError as error:
        if debug:
            traceback.print_exc(file=sys.stderr)
        return unreadable_result(path, error, lang)
    except Exception:  # a bug in budgetcheck, never the user's fault: report it for this file and go on
        if debug:
            traceback.print_exc(file=sys.stderr)
        return unreadable_result(path, None, lang)

