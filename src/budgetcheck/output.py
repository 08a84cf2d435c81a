"""Write output files safely: through a temporary file and a rename, so a failed run never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write_chunks(path, [data])


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write `path` whole or not at all, piece by piece (a report made document by document is never
    whole in memory).  An OSError names `path`, never the hidden temporary file."""
    try:
        if _is_special(path):  # /dev/null, a named pipe: a rename would replace the device with a plain file
            with open(path, "wb") as stream:
                for chunk in chunks:
                    stream.write(chunk)
        else:
            _write_through_temporary(path, chunks)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from error


def _is_special(path: Path) -> bool:
    try:
        return path.exists() and not path.is_file() and not path.is_dir()
    except OSError:
        return False


def _write_through_temporary(path: Path, chunks: Iterable[bytes]) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; a report is a normal file
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))
