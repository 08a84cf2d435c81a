"""Where a command may write: never over an input, never over the results store, never into a folder's name.

Run before any work, against every input file after folders, globs and archives are expanded (an
archive member is protected through its archive on disk).  Paths are compared as the files they
name — the same inode, or for a file not yet there the same resolved path — never as strings, so
"b5/a.docx", "./b5/a.docx" and a link to it are one file.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from budgetcheck.messages import BilingualError, detail_text, os_error_detail


class WriteRefused(BilingualError):
    """A place a command must not write, with the one line to show (zh and en)."""


FileKey = tuple[int, int] | str


def file_key(path: str | Path) -> FileKey:
    """What a path names: the device and inode of a file that exists, else the resolved path it would have."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return os.path.normcase(os.path.realpath(os.path.abspath(path)))
    return (found.st_dev, found.st_ino)


def file_keys(paths: Iterable[str | Path]) -> set[FileKey]:
    """The files `paths` name, to test many targets against at one look-up each."""
    return {file_key(path) for path in paths}


def same_file(a: str | Path, b: str | Path) -> bool:
    return file_key(a) == file_key(b)


def check_output(output: Path, inputs: Iterable[str], force: bool, store: Path | None = None) -> None:
    """Refuse (WriteRefused) an output that is a folder, an input, the results store, an existing file
    without `force`, or a file in a folder that is missing or does not take new files."""
    if output.is_dir():
        raise WriteRefused(
            f"{output}：这是一个文件夹，-o 需要文件名（如 {output / '报告.txt'}）",
            f"{output}: this is a folder; -o takes a file name (such as {output / 'report.txt'})",
        )
    if file_key(output) in file_keys(inputs):
        raise WriteRefused(f"{output}：输出文件不能是输入文件", f"{output}: the output file cannot be one of the inputs")
    if store is not None and file_key(output) in file_keys(store_files(store)):
        raise WriteRefused(
            f"{output}：输出文件不能是结果库（--db），请另选文件名",
            f"{output}: the output file cannot be the results store (--db); choose another name",
        )
    if output.exists() and not force:
        raise WriteRefused(f"{output}：输出文件已存在，加 --force 覆盖", f"{output}: the output file exists; add --force to overwrite it")
    if not output.parent.is_dir():
        raise WriteRefused(f"{output}：文件夹 {output.parent} 不存在", f"{output}: the folder {output.parent} does not exist")
    _check_folder_takes_files(output)


def store_files(store: Path) -> list[Path]:
    """The store and the files SQLite keeps beside it while writing (its rollback journal, write-ahead log
    and shared memory): replacing one of those loses the store's recovery data."""
    return [store, *(store.with_name(store.name + suffix) for suffix in ("-journal", "-wal", "-shm"))]


def check_store(store: Path, inputs: Iterable[str]) -> None:
    """Refuse a results store (--db) that is one of the inputs: the store would write its tables into it."""
    if file_key(store) in file_keys(inputs):
        raise WriteRefused(f"{store}：结果库（--db）不能是输入文件", f"{store}: the results store (--db) cannot be one of the inputs")


def _check_folder_takes_files(output: Path) -> None:
    """Create and remove a temporary file where the output will go, so a folder that takes no files
    (read-only, no permission, /proc) is named now, with the system's reason, not after the audit."""
    if output.exists() and not output.is_file():
        return  # /dev/null, a named pipe: written in place, no temporary file
    folder = output.parent if str(output.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
    except OSError as error:
        raise WriteRefused(  # the words of a write that fails after the audit: the same cause, found sooner
            f"{output}：无法写入文件（{write_reason(error, folder, 'zh')}）",
            f"{output}: cannot write the file ({write_reason(error, folder, 'en')})",
        ) from None
    os.close(handle)
    Path(temporary).unlink(missing_ok=True)


def write_reason(error: OSError, folder: Path, lang: str) -> str:
    """Why a file could not be created, in the user's language.  A folder that exists but answers
    "no such file" (as /proc does) takes no new files: say that, not that something is missing."""
    if error.errno == errno.ENOENT and folder.is_dir():
        return f"the folder {folder} does not accept new files" if lang == "en" else f"文件夹 {folder} 不接受新建文件"
    return detail_text(os_error_detail(error), lang)
