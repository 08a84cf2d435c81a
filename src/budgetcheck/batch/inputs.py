"""What a batch reads: the files named on the command line, found in folders, matched by globs or held in
.zip archives, and how they are grouped into packages (a department's narrative and its tables).

Archive members are never extracted: each is read into memory when it is audited, under the same
pre-flight limits as any zip (parsers/container.py), and its name is only a label
("报送材料.zip!/教育局/说明.docx"), so a member named "../../etc/passwd" cannot reach the disk.
"""

from __future__ import annotations

import glob
import hashlib
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from budgetcheck.file_names import name_stem
from budgetcheck.errors import InputError
from budgetcheck.parsers.container import DEFAULT_LIMITS, Limits, open_zip, read_member

# What a folder or an archive is searched for: the formats read, and the ones a user should hear
# about (.doc, .wps, .et) because a department sent them instead of a readable file.
DOCUMENT_SUFFIXES = (".docx", ".xlsx", ".xls", ".pdf", ".txt", ".doc", ".wps", ".et")
ARCHIVE_SUFFIX = ".zip"
MAX_ARCHIVE_DEPTH = 3  # an archive inside an archive inside an archive, and no deeper
MEMBER_SEPARATOR = "!/"
PACKAGE_BY = ("folder", "stem", "file")


@dataclass(frozen=True)
class InputFile:
    """One document of a batch: a file on disk, or a member of an archive (a chain, for nested archives)."""

    name: str  # what reports show; unique in a batch
    path: str  # the file on disk (for a member: the outermost archive)
    members: tuple[str, ...] = ()  # member names inside `path`, outermost first
    folder: str = ""  # the folder it was found in (inside an archive: the archive path + member folder)
    explicit: bool = False  # named on the command line rather than found in a folder or archive
    error: InputError | None = None  # why it cannot be read at all (a missing path, a refused archive)
    payload: bytes | None = None  # the content, when it travels with the work (to a machine without the files)

    def read(self, limits: Limits = DEFAULT_LIMITS) -> bytes | None:
        """The content in memory (carried, or an archive member's); None for a plain file, which the parsers open themselves."""
        if self.payload is not None:
            return self.payload
        if not self.members:
            return None
        return read_member_chain(self.path, self.members, limits)

    def carrying_content(self) -> "InputFile":
        """This input with its bytes attached, or as it is when they cannot be read (the audit then says why)."""
        if self.error is not None or self.payload is not None:
            return self
        try:
            data = self.read() if self.members else Path(self.path).read_bytes()
        except (OSError, InputError):
            return self
        return replace(self, payload=data)

    def content_hash(self, limits: Limits = DEFAULT_LIMITS) -> str | None:
        """SHA-256 of the content, or None when it cannot be read (the audit then says why)."""
        if self.error is not None:
            return None
        digest = hashlib.sha256()
        try:
            if self.members:
                digest.update(self.read(limits) or b"")
            else:
                with open(self.path, "rb") as stream:
                    for block in iter(lambda: stream.read(1 << 20), b""):
                        digest.update(block)
        except (OSError, InputError):
            return None
        return digest.hexdigest()


@dataclass
class Package:
    """Files audited together, so that checks across a department's files can run."""

    name: str
    files: list[InputFile] = field(default_factory=list)


def read_member_chain(path: str, members: tuple[str, ...], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read a member of an archive (of an archive…) into memory, checking each archive before opening it."""
    data: bytes | None = None
    shown = path
    for member in members:
        with open_zip(shown, limits, data) as archive:
            data = read_member(archive, member, shown)
        shown = f"{shown}{MEMBER_SEPARATOR}{member}"
    assert data is not None
    return data


def collect(arguments: list[str], limits: Limits = DEFAULT_LIMITS) -> list[InputFile]:
    """Every document the arguments name, in a stable order: arguments in the order given, folders sorted."""
    found: list[InputFile] = []
    seen: set[str] = set()
    for argument in arguments:
        for item in _expand(argument, limits):
            if item.name not in seen:  # a file named twice (by a glob and a folder) is audited once
                seen.add(item.name)
                found.append(item)
    return found


def _expand(argument: str, limits: Limits) -> Iterator[InputFile]:
    path = Path(argument)
    if path.is_dir():
        files = list(_walk(path, limits))
        if not files:
            yield InputFile(argument, argument, folder=argument, explicit=True, error=InputError("no_documents", argument))
        yield from files
        return
    if not os.path.lexists(argument) and glob.has_magic(argument):
        matches = sorted(glob.glob(argument, recursive=True))
        if not matches:
            yield InputFile(argument, argument, explicit=True, error=InputError("no_match", argument))
        for match in matches:
            if Path(match).is_dir():
                yield from _walk(Path(match), limits)
            else:
                yield from _file(match, str(Path(match).parent), limits, explicit=False)
        return
    yield from _file(argument, str(path.parent), limits, explicit=True)


def _walk(folder: Path, limits: Limits) -> Iterator[InputFile]:
    """Files under a folder, sorted; links to folders are not followed, so a link loop ends nowhere."""
    for root, directories, files in os.walk(folder, followlinks=False):
        directories[:] = sorted(d for d in directories if not d.startswith("."))
        for name in sorted(files):
            if _wanted(name) or name.lower().endswith(ARCHIVE_SUFFIX):
                yield from _file(os.path.join(root, name), root, limits, explicit=False)


def _wanted(name: str) -> bool:
    # hidden files and Office's "~$" lock files are not documents
    return not name.startswith((".", "~$")) and name.lower().endswith(DOCUMENT_SUFFIXES)


def _file(path: str, folder: str, limits: Limits, explicit: bool) -> Iterator[InputFile]:
    if path.lower().endswith(ARCHIVE_SUFFIX) and _is_plain_zip(path):
        yield from _archive(path, path, (), None, limits, depth=1)
        return
    yield InputFile(path, path, folder=folder, explicit=explicit)


def _is_plain_zip(path: str) -> bool:
    """A .zip that is an archive of documents, not an OOXML file under a wrong name (that is read as what it is)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return os.path.isfile(path)  # a damaged archive: refused below with the zip's own message
    return "word/document.xml" not in names and "xl/workbook.xml" not in names


def _archive(path: str, shown: str, members: tuple[str, ...], data: bytes | None, limits: Limits, depth: int) -> Iterator[InputFile]:
    found = 0
    try:
        with open_zip(shown, limits, data) as archive:
            entries = [info for info in archive.infolist() if not info.is_dir()]
            nested: list[tuple[str, str, bytes]] = []  # member name, name shown, content
            for info in sorted(entries, key=lambda info: info.filename):
                name = _member_name(info)
                parts = PurePosixPath(name).parts
                if not parts or any(_hidden(part) for part in parts):
                    continue  # macOS resource forks and hidden files are not documents
                label = f"{shown}{MEMBER_SEPARATOR}{name}"
                parent = str(PurePosixPath(name).parent)
                folder = shown if parent == "." else f"{shown}{MEMBER_SEPARATOR}{parent}"
                if name.lower().endswith(ARCHIVE_SUFFIX) and depth < MAX_ARCHIVE_DEPTH:
                    nested.append((info.filename, name, read_member(archive, info.filename, shown)))
                    continue
                if _wanted(parts[-1]):
                    found += 1
                    yield InputFile(label, path, members + (info.filename,), folder=folder)
    except InputError as error:
        yield InputFile(shown, path, members, folder=shown, error=error)
        return
    if not found and not nested:
        yield InputFile(shown, path, members, folder=shown, error=InputError("no_documents_in_archive", shown))
    for member, name, inner in nested:
        yield from _archive(path, f"{shown}{MEMBER_SEPARATOR}{name}", members + (member,), inner, limits, depth + 1)


def _hidden(part: str) -> bool:
    # "..": a member named to escape the archive is still audited, under its name: it is only ever a label
    return part == "__MACOSX" or (part.startswith(".") and part not in (".", ".."))


def _member_name(info: zipfile.ZipInfo) -> str:
    return _display(info.filename) if not info.flag_bits & 0x800 else info.filename


def _display(filename: str) -> str:
    """The name a person gave a member stored without the UTF-8 flag, which Python reads as cp437.

    Such names are UTF-8 from Info-ZIP in a C locale and from macOS's Archive Utility, and GBK from Chinese
    Windows.  UTF-8 is tried first and strictly: GBK text is almost never valid UTF-8, while UTF-8 bytes often
    decode as (wrong) GB18030.  A name that is neither stays as Python read it.
    """
    try:
        raw = filename.encode("cp437")
    except UnicodeEncodeError:
        return filename
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return filename


def group(files: list[InputFile], package_by: str | None = None) -> list[Package]:
    """Packages in first-seen order.

    Without `package_by`, files named one by one on the command line keep today's behaviour (together one
    package) and files found in folders or archives are grouped by folder.
    """
    packages: dict[str, Package] = {}
    for item in files:
        key = _package_key(item, package_by)
        packages.setdefault(key, Package(key)).files.append(item)
    return list(packages.values())


def _package_key(item: InputFile, package_by: str | None) -> str:
    if package_by is None:
        return "" if item.explicit else item.folder
    if package_by == "file":
        return item.name
    if package_by == "folder":
        return item.folder
    if package_by == "stem":
        base = item.name.rsplit("/", 1)[-1].rsplit(os.sep, 1)[-1]
        return f"{item.folder}{'/' if item.folder else ''}{name_stem(base)}"
    raise ValueError(f"unknown package grouping {package_by!r} (one of {', '.join(PACKAGE_BY)})")
