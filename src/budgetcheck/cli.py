"""The command line: `budgetcheck audit`, `extract`, `rules`, `--version`."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer
from rich.console import Console

from budgetcheck import __version__
from budgetcheck.engine.results import DocumentResult
from budgetcheck.limit_options import LIMIT_OPTIONS, LimitSettingError, describe_default, parse_limits
from budgetcheck.model import Document
from budgetcheck.parsers.container import Limits
from budgetcheck.usage_errors import OneLineUsageErrors

if TYPE_CHECKING:
    from budgetcheck.config import Config
    from budgetcheck.engine.rules import Rule

if TYPE_CHECKING:
    from budgetcheck.batch.inputs import InputFile, Package
    from budgetcheck.batch.run import Batch, BatchProgress, Engine
    from budgetcheck.batch.work import FileOutcome

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="budgetcheck：部门预算/决算公开文件审核工具 (audits Chinese budget disclosures).",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    cls=OneLineUsageErrors,
)


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class ExtractFormat(str, Enum):
    json = "json"
    text = "text"
    csv = "csv"


EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2

LANG_OPTION = typer.Option(None, "--lang", help="消息语言 zh|en，默认 zh (message language).")
DEBUG_OPTION = typer.Option(False, "--debug", help="出错时显示完整回溯，便于报告问题 (show tracebacks).")
LIMIT_OPTION = typer.Option(
    None,
    "--limit",
    metavar="NAME=VALUE",
    help="调整安全限制，可重复 (safety limits, repeatable); 默认 defaults: "
    + ", ".join(f"{option.key}={describe_default(option)}" for option in LIMIT_OPTIONS),
)
OUTPUT_OPTION = typer.Option(None, "--output", "-o", help="写入文件而不是屏幕 (write to a file).")
FORCE_OPTION = typer.Option(False, "--force", help="覆盖已存在的输出文件 (overwrite an existing output file).")


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _config(lang_flag: Optional[Lang]) -> "Config":
    """The house rules from budgetcheck.toml / pyproject.toml; a broken file is a usage error."""
    from budgetcheck.config import ConfigError, load_config

    try:
        return load_config()
    except ConfigError as error:
        _usage_error(error.message(lang_flag.value if lang_flag else "zh"))
        raise  # not reached: _usage_error exits


def _lang(flag: Optional[Lang], config: "Config") -> Lang:
    """--lang, else the configured language, else Chinese."""
    return flag or Lang(str(config.get("lang") or "zh"))


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
    paths: list[str] = typer.Argument(..., help="要读取的文件、文件夹、通配符或 ZIP 压缩包 (files, folders, globs, .zip archives)."),
    fmt: Optional[ExtractFormat] = typer.Option(None, "--format", "-f", help="输出格式 json|text|csv（csv：每个文件一行关键数据），默认按 -o 的扩展名，否则 json."),
    output: Optional[Path] = OUTPUT_OPTION,
    force: bool = FORCE_OPTION,
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="csv：并行读取的进程数，默认 1 (csv: worker processes)."),
    timeout: float = typer.Option(120.0, "--timeout", min=0, help="每个文件的处理时间上限（秒），0 为不限 (seconds per file; 0: none)."),
    memory_limit: int = typer.Option(2048, "--memory-limit", min=0, help="csv 且 --jobs 大于 1：每个工作进程的内存上限（MB），0 为不限 (MB per worker)."),
    limit: Optional[list[str]] = LIMIT_OPTION,
    lang: Optional[Lang] = LANG_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """读取文件并输出文档模型（段落、标题、表格及其位置），或以 csv 输出每个文件的关键数据。可读取文件夹、通配符和 ZIP 压缩包。"""
    from budgetcheck.batch.extraction import ExtractionTally, documents, key_figure_records
    from budgetcheck.batch.inputs import collect
    from budgetcheck.batch.progress import progress_bar
    from budgetcheck.batch.run import BatchProgress
    from budgetcheck.batch.work import WorkLimits

    lang = _lang(lang, _config(lang))
    limits = _limits(limit, lang)
    if fmt is None:
        _refuse_suffix_not_offered(output, ExtractFormat, lang)
    fmt = fmt or ExtractFormat(_format_of_output(output, ExtractFormat) or ExtractFormat.json.value)
    items = collect(list(paths), limits)
    # Every file found, not only the arguments: an output inside a folder being read is refused too.
    _check_output(output, [*paths, *(item.path for item in items)], force, lang)
    work_limits = WorkLimits(seconds=timeout, memory_mb=memory_limit, parser=limits)
    tally = ExtractionTally()
    stderr = _stderr()
    if jobs > 1 and fmt is not ExtractFormat.csv:
        en = lang is Lang.en
        stderr.print("--jobs applies to --format csv; json and text are read one file at a time" if en else "--jobs 只用于 --format csv；json 和 text 逐个文件读取", markup=False)
    # A progress bar on a terminal, unless the output itself goes to the screen (it would tear the bar).
    progress = BatchProgress(total_files=len(items))
    shown_on = stderr if output is not None or not sys.stdout.isatty() else _stderr_without_bar()

    try:
        with progress_bar(shown_on, progress, lang.value, reading=True) as console:

            def say(result: DocumentResult) -> None:  # as each file is read: its notices, or why it could not be read
                for notice in result.notices:
                    console.print(notice, markup=False)
                if result.status == "unreadable":
                    console.print(result.error, markup=False)
                if progress.on_package is not None:
                    progress.on_package(1)

            if fmt is ExtractFormat.csv:
                from budgetcheck.report.key_figures_csv import key_figures_csv_chunks

                records = key_figure_records(items, lang.value, work_limits, jobs, debug, tally, say)
                _emit(key_figures_csv_chunks(records, lang.value), output, lang.value)
            else:
                loaded = documents(items, lang.value, work_limits, debug, tally, say)
                _emit_if_any(_document_chunks(loaded, fmt, lang.value, one_file=_names_one_file(paths, items)), output, lang.value)
    except KeyboardInterrupt:
        en = lang is Lang.en
        stderr.print(f"interrupted: {tally.done} of {tally.total} file(s) read" if en else f"已中断：已读取 {tally.done}/{tally.total} 个文件", markup=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    raise typer.Exit(EXIT_INPUT if tally.unreadable else EXIT_OK)


def _stderr_without_bar() -> Console:
    """Standard error as a console that never shows a progress bar (it is told it is not a terminal)."""
    return Console(stderr=True, highlight=False, soft_wrap=True, force_terminal=False)


def _names_one_file(paths: list[str], items: list["InputFile"]) -> bool:
    """One argument naming one file (not a folder, glob or archive): its JSON is one object, as it always was."""
    return len(paths) == 1 and len(items) == 1 and items[0].explicit and not items[0].members


def _document_chunks(loaded: Iterator[Document | DocumentResult], fmt: ExtractFormat, lang: str, one_file: bool) -> Iterator[bytes]:
    if fmt is ExtractFormat.json:
        from budgetcheck.report.document_json import document_json_chunks

        return document_json_chunks(loaded, as_list=not one_file)
    from budgetcheck.report.outline import outline

    return (outline(item, lang).encode("utf-8") for item in loaded if isinstance(item, Document))


def _emit_if_any(chunks: Iterator[bytes], output: Path | None, lang: str) -> None:
    """Write the chunks, but create no output file when there are none (no file could be read)."""
    first = next(chunks, None)
    if first is not None:
        _emit(itertools.chain([first], chunks), output, lang)


class AuditFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"
    md = "md"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class Rounding(str, Enum):
    nearest = "nearest"
    truncate = "truncate"


class Profile(str, Enum):
    auto = "auto"
    budget = "budget"
    final = "final"


class PackageBy(str, Enum):
    folder = "folder"
    stem = "stem"
    file = "file"


EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C


@app.command()
def audit(
    paths: list[str] = typer.Argument(..., help="要审核的文件、文件夹、通配符或 ZIP 压缩包 (files, folders, globs, .zip archives)."),
    fmt: Optional[AuditFormat] = typer.Option(None, "--format", "-f", help="输出格式 text|json|jsonl|csv|xlsx|html|md，默认 text (output format)."),
    output: Optional[Path] = OUTPUT_OPTION,
    force: bool = FORCE_OPTION,
    select: Optional[list[str]] = typer.Option(None, "--select", help="只运行这些规则或类别 (rule ids or categories)."),
    ignore: Optional[list[str]] = typer.Option(None, "--ignore", help="不运行这些规则或类别 (rule ids or categories)."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="达到该级别的问题时退出码为 1 (error|warning|info|never)，默认 error."),
    profile: Optional[Profile] = typer.Option(
        None, "--profile", help="公开文件类别：auto（默认，按标题和表格判断）、budget 部门预算、final 部门决算 (which disclosure: auto|budget|final)."
    ),
    rounding: Optional[Rounding] = typer.Option(None, "--rounding", help="容差模型：四舍五入 nearest（默认）；截尾 truncate 只用于从账簿缩写的金额（万元、整元），不用于百分比和数量 (docs/rounding.md)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="同时显示容差内的差异和通过的核对 (show rounding differences and passed checks)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只显示结论 (print the verdict only)."),
    annotate: Optional[Path] = typer.Option(None, "--annotate", help="把标注了问题的副本写入该文件夹 (write annotated copies of the inputs to DIR)."),
    limit: Optional[list[str]] = LIMIT_OPTION,
    package_by: Optional[PackageBy] = typer.Option(
        None, "--package-by", help="文件分组方式 folder|stem|file；默认：命令行逐个列出的文件为一组，文件夹和压缩包中的文件按所在文件夹分组."
    ),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="并行进程数，默认为 CPU 数 (worker processes; default: CPU count)."),
    timeout: float = typer.Option(120.0, "--timeout", min=0, help="每个文件的处理时间上限（秒），0 为不限 (seconds per file; 0: none)."),
    memory_limit: int = typer.Option(2048, "--memory-limit", min=0, help="每个工作进程的内存上限（MB），0 为不限 (MB per worker; 0: none)."),
    db: Optional[Path] = typer.Option(None, "--db", help="结果库（SQLite）：保存结果，重新运行时跳过已审核的文件 (results store; resumes)."),
    dask_scheduler: Optional[str] = typer.Option(None, "--dask-scheduler", help="在 Dask 集群上运行，如 tcp://10.0.0.5:8786 (run on a Dask cluster)."),
    dask_send_files: bool = typer.Option(False, "--dask-send-files", help="把文件内容随任务发送给 Dask 工作节点，无需共享文件夹 (send file contents to the workers)."),
    lang: Optional[Lang] = LANG_OPTION,
    debug: bool = DEBUG_OPTION,
) -> None:
    """审核预算/决算公开文件：算术、增减变化、前后一致。可审核文件夹、通配符和 ZIP 压缩包。"""
    from budgetcheck.batch.inputs import collect, group
    from budgetcheck.batch.run import Batch, BatchInterrupted, BatchProgress
    from budgetcheck.batch.store import ResultStore, StoreError
    from budgetcheck.batch.work import WorkLimits
    from budgetcheck.engine.audit import AuditOptions
    from budgetcheck.engine.rules import SEVERITY_RANK
    from budgetcheck.report import NOT_FOR_TERMINAL

    config = _config(lang)
    lang = _lang(lang, config)
    _refuse_quiet_and_verbose(quiet, verbose, lang)
    fmt = fmt or AuditFormat(_format_of_output(output, AuditFormat) or str(config.get("format") or "text"))
    fail_on = fail_on or FailOn(str(config.get("fail-on") or "error"))
    rounding = rounding or Rounding(str(config.get("rounding") or "nearest"))
    profile = profile or Profile(str(config.get("profile") or "auto"))
    en = lang is Lang.en
    limits = _limits(limit, lang)
    # Every file written is checked against every input after folders, globs and archives are expanded.
    files = collect(list(paths), limits)
    on_disk = [*paths, *(item.path for item in files)]
    _check_output(output, on_disk, force, lang, db)
    if db is not None:
        _check_store(db, on_disk, lang)
    if output is None and fmt.value in NOT_FOR_TERMINAL and sys.stdout.isatty():
        _usage_error(f"--format {fmt.value} writes a file; name it with -o FILE" if en else f"--format {fmt.value} 生成的是文件，请用 -o 文件名 指定保存位置")
    written = [path for path in (output, db) if path is not None]
    if annotate is not None:
        _check_annotate_targets([item.name for item in files], annotate, force, lang.value, on_disk, written)
    rules = _selected_rules(select, ignore, config, lang.value)
    options = AuditOptions(lang=lang.value, rounding=rounding.value, rules=tuple(rules), profile=profile.value)
    packages = group(files, package_by.value if package_by else None)
    store = None
    if db is not None:
        try:
            store = ResultStore(db)
            store.bind_options({"rules": [rule.id for rule in rules], "rounding": rounding.value, "lang": lang.value, "profile": profile.value})
        except StoreError as error:
            _usage_error(error.message(lang.value))
    # Only the --verbose text report lists every check; every other report reads compact results (docs/batch.md).
    keep_checks = verbose and fmt.value == "text"
    batch = Batch(packages, options, WorkLimits(seconds=timeout, memory_mb=memory_limit, parser=limits), store, debug, keep_checks)
    progress = BatchProgress()
    stderr = _stderr()
    try:
        results = _run_batch(batch, progress, stderr, jobs, dask_scheduler, dask_send_files, lang.value)
    except BatchInterrupted as interrupted:
        _say_interrupted(interrupted.progress, stderr, db, lang.value)
        raise typer.Exit(EXIT_INTERRUPTED)
    finally:
        if store is not None:
            store.close()
    _write_report(results, fmt.value, output, lang.value, quiet, verbose)
    if annotate is not None:
        _write_annotated(results, annotate, force, lang.value, _member_reader(files, limits), on_disk, written)
    if any(result.status == "unreadable" for result in results):
        raise typer.Exit(EXIT_INPUT)
    if fail_on is not FailOn.never:
        threshold = SEVERITY_RANK[fail_on.value]
        if any(SEVERITY_RANK[f.severity] >= threshold for result in results for f in result.findings):
            raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


def _selected_rules(select: list[str] | None, ignore: list[str] | None, config: "Config", lang: str) -> list["Rule"]:
    """The rules --select/--ignore (or the configuration file's select/ignore) leave; an unknown name is a usage error."""
    from budgetcheck.engine.rules import builtin_rules, select_rules, unknown_rule_names

    rules = builtin_rules()
    chosen = {key: given or config.rule_list(key) for key, given in (("select", select), ("ignore", ignore))}
    for key, given in (("select", select), ("ignore", ignore)):
        unknown = ", ".join(unknown_rule_names(rules, chosen[key]))
        if not unknown:
            continue
        if given or config.source is None:
            _usage_error(f"unknown rule or category: {unknown} (see budgetcheck rules list)" if lang == "en" else f"未知的规则或类别：{unknown}（用 budgetcheck rules list 查看）")
        _usage_error(
            f"{config.source}: {key} names an unknown rule or category: {unknown} (see budgetcheck rules list)"
            if lang == "en"
            else f"{config.source}：{key} 中有未知的规则或类别：{unknown}（用 budgetcheck rules list 查看）"
        )
    return select_rules(rules, chosen["select"], chosen["ignore"])


def _run_batch(
    batch: "Batch", progress: "BatchProgress", stderr: Console, jobs: int | None, dask_scheduler: str | None, send_files: bool, lang: str
) -> Sequence[DocumentResult]:
    """Choose the engine (this process for one package, the worker pool, or Dask) and run the batch.

    Each unreadable file is named on stderr as its package completes.
    """
    from functools import partial

    from budgetcheck.batch.pool import run_inline, run_pool
    from budgetcheck.batch.progress import progress_bar
    from budgetcheck.batch.run import default_jobs

    figures = batch.store is not None
    compact = not batch.keep_checks  # results are compacted where they are audited: less to pickle and to keep
    client = None
    if dask_scheduler:
        from budgetcheck.batch.dask_cluster import DaskUnavailable, connect, run_dask

        try:
            client = connect(dask_scheduler)
        except DaskUnavailable as error:
            _usage_error(error.message(lang))
        engine = partial(
            run_dask, client, options=batch.options, limits=batch.limits, debug=batch.debug, figures=figures, send_files=send_files, compact=compact
        )
    elif len(batch.packages) <= 1:
        engine = partial(run_inline, options=batch.options, limits=batch.limits, debug=batch.debug, figures=figures, compact=compact)
    else:
        workers = min(jobs or default_jobs(), len(batch.packages))
        engine = partial(run_pool, options=batch.options, limits=batch.limits, jobs=workers, debug=batch.debug, figures=figures, compact=compact)
    try:
        named: set[str] = set()
        with progress_bar(stderr, progress, lang) as console:
            results = batch.run(_naming_unreadable(engine, console, named), progress)
        for result in results:  # files skipped on resume are named again: the exit code still counts them
            if result.status == "unreadable" and result.path not in named:
                stderr.print(result.error, markup=False)
        if progress.skipped_files:
            skipped = progress.skipped_files
            stderr.print(f"结果库中已有 {skipped} 个相同内容的文件，已跳过" if lang != "en" else f"{skipped} file(s) already in the store with the same content were skipped", markup=False)
        return results
    finally:
        if client is not None:
            client.close()


def _naming_unreadable(engine: "Engine", console: Console, named: set[str]) -> "Engine":
    """The engine, naming each unreadable (or misnamed) file on stderr, above the progress bar, as its package completes."""

    def run(packages: list["Package"]) -> Iterator[tuple["Package", list["FileOutcome"]]]:
        for package, outcomes in engine(packages):
            for outcome in outcomes:
                for notice in outcome.result.notices:
                    console.print(notice, markup=False)
                if outcome.result.status == "unreadable":
                    named.add(outcome.name)
                    console.print(outcome.result.error, markup=False)
            yield package, outcomes

    return run


def _say_interrupted(progress: "BatchProgress", stderr: Console, db: Path | None, lang: str) -> None:
    done, total = progress.done_files, progress.total_files
    if lang == "en":
        text = f"interrupted: {done} of {total} file(s) audited"
        text += f"; their results are in {db}: run the same command again to resume" if db else "; add --db FILE to keep results and resume"
    else:
        text = f"已中断：已审核 {done}/{total} 个文件"
        text += f"，结果已保存在 {db}，重新运行同一命令即可继续" if db else "；加 --db 文件可保存结果并在中断后继续"
    stderr.print(text, markup=False)


def _usage_error(message: str) -> None:
    _stderr().print(message, markup=False)
    raise typer.Exit(EXIT_INPUT)


def _refuse_quiet_and_verbose(quiet: bool, verbose: bool, lang: Lang) -> None:
    if quiet and verbose:
        _usage_error("--quiet and --verbose cannot be used together" if lang is Lang.en else "--quiet 与 --verbose 不能同时使用，请只选其一")


def _limits(settings: list[str] | None, lang: Lang) -> Limits:
    try:
        return parse_limits(settings)
    except LimitSettingError as error:
        _usage_error(error.message(lang.value))
        raise  # not reached: _usage_error exits


def _check_output(output: Path | None, inputs: list[str], force: bool, lang: Lang, store: Path | None = None) -> None:
    """Before any work: refuse an output that is a folder, an input or the store, that exists (without --force),
    or whose folder is missing or takes no files."""
    from budgetcheck.output_guard import WriteRefused, check_output

    if output is None:
        return
    try:
        check_output(output, inputs, force, store)
    except WriteRefused as refused:
        _usage_error(refused.message(lang.value))


def _check_store(store: Path, inputs: list[str], lang: Lang) -> None:
    from budgetcheck.output_guard import WriteRefused, check_store

    try:
        check_store(store, inputs)
    except WriteRefused as refused:
        _usage_error(refused.message(lang.value))


def _refuse_suffix_not_offered(output: Path | None, formats: type[Enum], lang: Lang) -> None:
    """-o names a format this command cannot write (extract -o 关键数据.xlsx) and --format says nothing: a usage error."""
    from budgetcheck.output_format import format_not_offered

    offered = [member.value for member in formats]
    wanted = format_not_offered(output, offered)
    if wanted is not None:
        _usage_error(
            f"{output}: this command cannot write {wanted}; name a format with --format ({', '.join(offered)}) or change the file's suffix"
            if lang is Lang.en
            else f"{output}：此命令不能输出 {wanted} 格式；请用 --format 指定（{'、'.join(offered)}）或更换扩展名"
        )


def _format_of_output(output: Path | None, formats: type[Enum]) -> str | None:
    """The format -o's suffix names (report.xlsx → xlsx) when --format is not given; None keeps the default."""
    from budgetcheck.output_format import format_for_output

    return format_for_output(output, [member.value for member in formats])


def _emit(data: bytes | Iterable[bytes], output: Path | None, lang: str) -> None:
    """Write to standard output, or to `output` through a temporary file and a rename; `data` may come in pieces."""
    from budgetcheck.output import atomic_write_chunks

    chunks = [data] if isinstance(data, bytes) else data
    if output is None:
        for chunk in chunks:
            sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
        return
    try:
        atomic_write_chunks(output, chunks)
    except OSError as error:
        _cannot_write(output, error, lang)


def _write_report(results: Sequence[DocumentResult], fmt: str, output: Path | None, lang: str, quiet: bool, verbose: bool) -> None:
    from budgetcheck.report import report_chunks

    chunks = report_chunks(results, fmt, lang=lang, quiet=quiet, verbose=verbose, to_terminal=output is None and fmt == "text", output=output)
    if chunks is not None:
        _emit(chunks, output, lang)


def _cannot_write(path: Path, error: OSError, lang: str) -> None:
    from budgetcheck.output_guard import write_reason

    reason = write_reason(error, path.parent, lang)
    _usage_error(f"{path}: cannot write the file ({reason})" if lang == "en" else f"{path}：无法写入文件（{reason}）")


def _check_annotate_targets(names: list[str], folder: Path, force: bool, lang: str, inputs: list[str], written: list[Path]) -> None:
    """Refuse before auditing when the annotated copies cannot be written where asked."""
    from budgetcheck.annotate import AnnotateError, planned_copies

    try:
        planned_copies(names, folder, force, inputs, written)
    except AnnotateError as error:
        _usage_error(error.message(lang))


def _member_reader(files: list["InputFile"], limits: Limits) -> Callable[[str], bytes]:
    """A result's content by its name: an archive member's bytes from its archive, a plain file from disk."""
    by_name = {item.name: item for item in files}

    def read(name: str) -> bytes:
        item = by_name.get(name)
        if item is None:
            return Path(name).read_bytes()
        data = item.read(limits)  # None: a plain file on disk
        return data if data is not None else Path(item.path).read_bytes()

    return read


def _write_annotated(
    results: Sequence[DocumentResult], folder: Path, force: bool, lang: str, read: Callable[[str], bytes], inputs: list[str], written: list[Path]
) -> None:
    from budgetcheck.annotate import AnnotateError, annotate_results

    try:
        for notice in annotate_results(results, folder, force, lang, read, inputs, written):
            _stderr().print(notice, markup=False)
    except AnnotateError as error:  # something changed in the folder since the check before the audit
        _usage_error(error.message(lang))
    except OSError as error:
        _cannot_write(Path(error.filename) if error.filename else folder, error, lang)


KEY_FIGURES_FORMAT = "key-figures"  # report only: the key-figure CSV of `extract --format csv`, from the store


@app.command()
def report(
    db: Path = typer.Option(..., "--db", help="batch 审核写入的结果库 (the results store of an audit --db run)."),
    fmt: Optional[str] = typer.Option(
        None, "--format", "-f", help="报告格式，与 audit 相同；key-figures：关键数据 CSV，同 extract --format csv (any report format of audit, or key-figures)."
    ),
    output: Optional[Path] = OUTPUT_OPTION,
    force: bool = FORCE_OPTION,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="同时显示容差内的差异 (show rounding differences)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="只显示结论 (print the verdict only)."),
    fail_on: Optional[FailOn] = typer.Option(
        None, "--fail-on", help="结果库中有达到该级别的问题时退出码为 1，与 audit 相同 (error|warning|info|never)，默认 error."
    ),
    lang: Optional[Lang] = LANG_OPTION,
) -> None:
    """从结果库生成报告，不重新审核（消息使用审核时的语言）；退出码与 audit 相同。"""
    from budgetcheck.batch.store import ResultStore, StoreError
    from budgetcheck.engine.rules import SEVERITY_RANK
    from budgetcheck.output_format import format_for_output
    from budgetcheck.report import FORMATS, NOT_FOR_TERMINAL

    config = _config(lang)
    lang = _lang(lang, config)
    _refuse_quiet_and_verbose(quiet, verbose, lang)
    fmt = fmt or format_for_output(output, FORMATS) or str(config.get("format") or "text")
    known = (*FORMATS, KEY_FIGURES_FORMAT)
    if fmt not in known:
        _usage_error(f"未知的报告格式 {fmt}，可选：{'、'.join(known)}" if lang is Lang.zh else f"unknown report format {fmt}; one of {', '.join(known)}")
    if output is None and fmt in NOT_FOR_TERMINAL and sys.stdout.isatty():
        _usage_error(f"--format {fmt} writes a file; name it with -o FILE" if lang is Lang.en else f"--format {fmt} 生成的是文件，请用 -o 文件名 指定保存位置")
    try:
        store = ResultStore(db, create=False)
    except StoreError as error:
        _usage_error(error.message(lang.value))
        return
    # The files the store was audited from are inputs too: a report never replaces one of them.
    _check_output(output, store.source_files(), force, lang, store=db)
    # The store is read one document at a time while the report is written (docs/batch.md).
    with store:
        if fmt == KEY_FIGURES_FORMAT:
            from budgetcheck.report.key_figures_csv import key_figures_csv_chunks

            _emit(key_figures_csv_chunks(store.key_figures(), lang.value), output, lang.value)
            raise typer.Exit(EXIT_INPUT if store.unreadable_errors() else EXIT_OK)  # as extract --format csv
        for error_text in store.unreadable_errors():  # as in audit: unreadable files are named on stderr
            _stderr().print(error_text, markup=False)
        # Only the --verbose text report lists every check; the others read compact results.
        results = store.results(compact=not (verbose and fmt == "text"))
        _write_report(results, fmt, output, lang.value, quiet, verbose)
        # The exit code the audit gave: unreadable files first, then findings at --fail-on or above.
        if store.unreadable_errors():
            raise typer.Exit(EXIT_INPUT)
        fail_on = fail_on or FailOn(str(config.get("fail-on") or "error"))
        if fail_on is not FailOn.never and any(SEVERITY_RANK[severity] >= SEVERITY_RANK[fail_on.value] for severity in store.severities()):
            raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_OK)


rules_app = typer.Typer(help="查看内置规则 (list and show the built-in rules).", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("list")
def rules_list(lang: Optional[Lang] = LANG_OPTION) -> None:
    """列出全部规则：编号、类别、级别、标题。"""
    lang = _lang(lang, _config(lang))
    from budgetcheck.engine.rules import builtin_rules
    from budgetcheck.report.words import word

    headers = ("规则", "类别", "级别", "标题") if lang is Lang.zh else ("rule", "category", "severity", "title")
    rows = [headers] + [
        (rule.id, word(rule.category, lang.value), word(rule.severity, lang.value), rule.text("title", lang.value))
        for rule in sorted(builtin_rules(), key=lambda rule: rule.id)
    ]
    for line in _aligned(rows):
        typer.echo(line)


def _aligned(rows: list[tuple[str, ...]]) -> list[str]:
    """Columns padded to their widest cell (a Chinese character is two columns wide); the last one is not padded."""
    from rich.cells import cell_len

    widths = [max(cell_len(row[index]) for row in rows) for index in range(len(rows[0]) - 1)]
    return ["  ".join([*(text + " " * (width - cell_len(text)) for text, width in zip(row, widths)), row[-1]]) for row in rows]


@rules_app.command("show")
def rules_show(rule_id: str = typer.Argument(..., help="规则编号，如 N101 (rule id)."), lang: Optional[Lang] = LANG_OPTION) -> None:
    """显示一条规则：检查什么、依据、为什么重要、正反例。"""
    lang = _lang(lang, _config(lang))
    from budgetcheck.engine.rules import builtin_rules

    found = {rule.id: rule for rule in builtin_rules()}.get(rule_id.strip().upper())
    if found is None:
        _usage_error(f"没有编号为 {rule_id} 的规则，用 budgetcheck rules list 查看" if lang is Lang.zh else f"no rule {rule_id}; see budgetcheck rules list")
        return
    en = lang is Lang.en
    console = Console(highlight=False, soft_wrap=True)
    lines = [
        f"{found.id}  {found.text('title', lang.value)}",
        f"{'category' if en else '类别'}: {_coded(found.category, lang.value)}    {'severity' if en else '级别'}: {_coded(found.severity, lang.value)}    {'kind' if en else '类型'}: {found.kind}    {'pack' if en else '规则包'}: {found.pack}",
        f"{'basis' if en else '依据'}: {found.text('basis', lang.value)}",
    ]
    if found.why:
        lines.append(f"{'why it matters' if en else '为什么重要'}: {found.text('why', lang.value)}")
    if found.examples.get("bad"):
        lines.append(f"{'bad' if en else '错误示例'}: {found.examples['bad']}")
    if found.examples.get("good"):
        lines.append(f"{'good' if en else '正确示例'}: {found.examples['good']}")
    for line in lines:
        console.print(line, markup=False)


def _coded(code: str, lang: str) -> str:
    """A category or severity as a reader says it, with the code --select and --fail-on take: 算术（arithmetic）."""
    from budgetcheck.report.words import word

    return code if lang == "en" else f"{word(code, lang)}（{code}）"


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
