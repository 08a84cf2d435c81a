"""The command line: `budgetcheck audit`, `extract`, `rules`, `--version`."""

from __future__ import annotations

import json
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from budgetcheck import __version__
from budgetcheck.errors import InputError
from budgetcheck.model import Document, Heading, Table

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="budgetcheck：部门预算/决算公开文件审核工具 (audits Chinese budget disclosures).",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class ExtractFormat(str, Enum):
    json = "json"
    text = "text"


EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2

LANG_OPTION = typer.Option(Lang.zh, "--lang", help="消息语言 zh|en (message language).")
DEBUG_OPTION = typer.Option(False, "--debug", help="出错时显示完整回溯，便于报告问题 (show tracebacks).")


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _load(path: str, lang: str, debug: bool) -> Document | None:
    """Load one file; print a one-line message and return None when it cannot be read."""
    from budgetcheck.parsers import load

    try:
        return load(path)
    except InputError as error:
        _stderr().print(error.message(lang), markup=False)
        if debug:
            traceback.print_exc()
        return None
    except Exception:  # a bug in budgetcheck, never the user's fault: say so, keep the batch going
        if debug:
            traceback.print_exc()
        text = (
            f"{path}: internal error while reading; rerun with --debug and report it"
            if lang == "en"
            else f"{path}：读取时发生内部错误，请加 --debug 重新运行并报告此问题"
        )
        _stderr().print(text, markup=False)
        return None


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"budgetcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version_callback, is_eager=True, help="显示版本号 (show the version)."
    ),
) -> None:
    """budgetcheck：部门预算/决算公开文件审核工具。"""


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="要读取的文件 (files to read)."),
    fmt: ExtractFormat = typer.Option(ExtractFormat.json, "--format", "-f", help="输出格式 json|text."),
    lang: Lang = LANG_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """读取文件并输出文档模型（段落、标题、表格及其位置）。"""
    documents: list[Document] = []
    failed = False
    for path in paths:
        document = _load(path, lang.value, debug)
        if document is None:
            failed = True
        else:
            documents.append(document)
    if fmt is ExtractFormat.json and documents:
        payload: object = documents[0].to_dict() if len(paths) == 1 and documents else [d.to_dict() for d in documents]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif fmt is ExtractFormat.text:
        for document in documents:
            _print_outline(document, lang.value)
    raise typer.Exit(EXIT_INPUT if failed else EXIT_OK)


def _print_outline(document: Document, lang: str) -> None:
    console = Console(highlight=False, soft_wrap=True)
    console.print(f"{document.path} ({document.format})", markup=False)
    for block in document.blocks:
        where = block.location.describe(lang)
        if isinstance(block, Table):
            title = f" {block.title}" if block.title else ""
            console.print(f"  [{where}]{title} {len(block.rows)}×{block.n_columns}", markup=False)
        elif isinstance(block, Heading):
            console.print(f"  {'#' * max(block.level, 1)} {block.text}", markup=False)


@app.command()
def audit(
    paths: list[str] = typer.Argument(..., help="要审核的文件 (files to audit)."),
    lang: Lang = LANG_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """审核预算/决算公开文件。"""
    console = Console(highlight=False, soft_wrap=True)
    failed = False
    for path in paths:
        document = _load(path, lang.value, debug)
        if document is None:
            failed = True
            continue
        headings = sum(1 for block in document.blocks if isinstance(block, Heading))
        paragraphs = len(document.texts) - headings
        tables = len(document.tables)
        if lang is Lang.en:
            console.print(f"{path}: {headings} headings, {paragraphs} paragraphs, {tables} tables", markup=False)
        else:
            console.print(f"{path}：标题 {headings} 个，段落 {paragraphs} 段，表格 {tables} 张", markup=False)
    raise typer.Exit(EXIT_INPUT if failed else EXIT_OK)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
