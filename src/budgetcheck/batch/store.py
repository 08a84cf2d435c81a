"""The results store: one SQLite file holding every document's result, so a batch can resume and be reported later.

Tables: documents (path, package, content hash, format, status, coverage, key figures, timings), findings and
check outcomes (keyed by document path and position), meta (the options the store was written with).
Amounts are stored as their exact decimal text.  Each package is written in one transaction, so an
interrupted run leaves whole packages or nothing; a re-run skips every package whose files are stored
with the same content hash.  A `DocumentResult` read back gives the same report as the one written.
Results and key figures are read back one document at a time, so a report's memory does not grow with the store,
in the input order of the run that wrote them (`position`), as the run's own reports and `extract` list them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from decimal import Decimal
from pathlib import Path

from budgetcheck import __version__
from budgetcheck.batch.spill import ResultsReadOnDemand
from budgetcheck.engine.results import COUNT_KEYS, Check, DocumentResult, Finding, Place
from budgetcheck.extract.key_figures import KeyFigures
from budgetcheck.engine.rules import Rule, builtin_rules
from budgetcheck.model import Location

SCHEMA_VERSION = "2"  # 2: key_figures holds the record of `extract --format csv`
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY,
    package TEXT NOT NULL,
    position INTEGER NOT NULL,
    content_hash TEXT,
    format TEXT,
    status TEXT NOT NULL,
    error TEXT,
    error_code TEXT,
    statements_seen INTEGER NOT NULL,
    statements_checked INTEGER NOT NULL,
    key_figures TEXT NOT NULL,
    load_seconds REAL,
    audit_seconds REAL
);
CREATE TABLE IF NOT EXISTS findings (
    path TEXT NOT NULL REFERENCES documents(path) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    rule TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    title TEXT NOT NULL,
    expected TEXT, actual TEXT, difference TEXT, tolerance TEXT, unit TEXT,
    locations TEXT NOT NULL,
    PRIMARY KEY (path, seq)
);
CREATE TABLE IF NOT EXISTS checks (
    path TEXT NOT NULL REFERENCES documents(path) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    rule TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    expected TEXT, actual TEXT, difference TEXT, tolerance TEXT, unit TEXT,
    places TEXT NOT NULL,
    PRIMARY KEY (path, seq)
);
CREATE INDEX IF NOT EXISTS findings_by_rule ON findings (rule);
"""
_NUMBERS = ("expected", "actual", "difference", "tolerance")
_FINDING_COLUMNS = "rule, category, severity, message, title, expected, actual, difference, tolerance, unit, locations"
_CHECK_COLUMNS = "rule, status, reason, expected, actual, difference, tolerance, unit, places"
# The columns that differ between two runs over the same files: how long each step took.
RUN_DEPENDENT = {"documents": ("load_seconds", "audit_seconds")}


class StoreError(Exception):
    """The store cannot be used: not a budgetcheck store, or written with other audit options."""

    def __init__(self, code: str, path: str, detail: str = "") -> None:
        super().__init__(f"{code}: {path} {detail}")
        self.code = code
        self.path = path
        self.detail = detail

    def message(self, lang: str) -> str:
        zh, en = _STORE_MESSAGES[self.code]
        return (en if lang == "en" else zh).format(path=self.path, detail=self.detail)


_STORE_MESSAGES = {
    "not_a_store": ("{path}：不是 budgetcheck 结果库（{detail}）", "{path}: not a budgetcheck results store ({detail})"),
    "missing": ("{path}：结果库不存在", "{path}: no such results store"),
    "other_options": (
        "{path}：该结果库由不同的审核选项生成（{detail}），请换用新的 --db 文件",
        "{path}: this store was written with other audit options ({detail}); use a new --db file",
    ),
}


@dataclass(frozen=True)
class StoredDocument:
    content_hash: str | None
    package: str


class ResultStore:
    def __init__(self, path: str | Path, create: bool = True) -> None:
        self.path = str(path)
        if not create and not Path(path).is_file():
            raise StoreError("missing", self.path)
        try:
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA foreign_keys = ON")
            if create:
                self._db.executescript(_SCHEMA)
            version = self._meta().get("schema")
        except sqlite3.DatabaseError as error:
            raise StoreError("not_a_store", self.path, str(error)) from None
        if version is None and not create:
            raise StoreError("not_a_store", self.path, "no meta table")
        if version not in (None, SCHEMA_VERSION):
            raise StoreError("not_a_store", self.path, f"schema {version}")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "ResultStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _meta(self) -> dict[str, str]:
        try:
            return dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.OperationalError:
            return {}

    def bind_options(self, options: dict[str, object]) -> None:
        """Record the audit options of the first run; refuse a later run with other options (results would mix)."""
        wanted = json.dumps({**options, "version": __version__}, ensure_ascii=False, sort_keys=True)
        stored = self._meta().get("options")
        if stored is None:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [("schema", SCHEMA_VERSION), ("options", wanted)])
            return
        if stored != wanted:
            before, now = json.loads(stored), json.loads(wanted)
            changed = sorted(key for key in set(before) | set(now) if before.get(key) != now.get(key))
            raise StoreError("other_options", self.path, ", ".join(changed))

    def stored(self) -> dict[str, StoredDocument]:
        rows = self._db.execute("SELECT path, content_hash, package FROM documents").fetchall()
        return {path: StoredDocument(content_hash, package) for path, content_hash, package in rows}

    def write_package(self, package: str, rows: list["StoreRow"]) -> None:
        """Replace the package's documents in one transaction."""
        with self._db:
            for index, row in enumerate(rows):
                self._db.execute("DELETE FROM documents WHERE path = ?", (row.result.path,))
                _insert(self._db, package, index if row.position is None else row.position, row)

    def results(self, paths: list[str] | None = None, compact: bool = False) -> "StoredResults":
        """Results in store order (the input order of the run that wrote them), or in the order of `paths` (those stored), read one
        document at a time as they are used.  `compact`: as DocumentResult.compact gives them (what every report
        but the --verbose text reads), counted in the store instead of building every check."""
        ordered = [path for (path,) in self._db.execute("SELECT path FROM documents ORDER BY position, path")]
        if paths is not None:
            stored = set(ordered)
            ordered = [path for path in paths if path in stored]
        return StoredResults(self, ordered, compact)

    def read(self, path: str, compact: bool = False) -> DocumentResult:
        fmt, status, error, error_code, seen, checked, package = self._db.execute(
            "SELECT format, status, error, error_code, statements_seen, statements_checked, package FROM documents WHERE path = ?", (path,)
        ).fetchone()
        result = DocumentResult(path, fmt, status, error, error_code, statements_seen=seen, statements_checked=checked, package=package or None)
        result.findings = [_finding(row) for row in self._db.execute(f"SELECT {_FINDING_COLUMNS} FROM findings WHERE path = ? ORDER BY seq", (path,))]
        if not compact:
            result.checks = [_check(row, self._rules) for row in self._db.execute(f"SELECT {_CHECK_COLUMNS} FROM checks WHERE path = ? ORDER BY seq", (path,))]
            return result
        unchecked = "SELECT {} FROM checks WHERE path = ? AND status = 'insufficient_data' ORDER BY seq".format(_CHECK_COLUMNS)
        result.checks = [_check(row, self._rules) for row in self._db.execute(unchecked, (path,))]
        counts = {"run": 0, **{key: 0 for key in COUNT_KEYS.values()}}
        for check_status, count in self._db.execute("SELECT status, count(*) FROM checks WHERE path = ? GROUP BY status", (path,)):
            counts[COUNT_KEYS[check_status]] = count
            counts["run"] += count
        result.check_counts = counts
        return result

    @cached_property
    def _rules(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in builtin_rules()}

    def unreadable_errors(self) -> list[str]:
        """Why each unreadable file could not be read, in store order."""
        return [error or "" for (error,) in self._db.execute("SELECT error FROM documents WHERE status = 'unreadable' ORDER BY position, path")]

    def source_files(self) -> list[str]:
        """The files on disk the stored documents were read from (an archive member's archive)."""
        from budgetcheck.batch.inputs import MEMBER_SEPARATOR

        return sorted({path.split(MEMBER_SEPARATOR, 1)[0] for (path,) in self._db.execute("SELECT path FROM documents")})

    def severities(self) -> set[str]:
        """The severities the stored findings reach (for the exit code of a report)."""
        return {severity for (severity,) in self._db.execute("SELECT DISTINCT severity FROM findings")}

    def key_figures(self) -> Iterator[KeyFigures]:
        """Each document's row of the key-figure dataset, in store order, one at a time."""
        for (figures,) in self._db.execute("SELECT key_figures FROM documents ORDER BY position, path"):
            yield KeyFigures.from_dict(json.loads(figures))

    def comparable_rows(self) -> dict[str, list[tuple]]:
        """Every row of every table except the run-dependent columns (RUN_DEPENDENT), in a stable order: two stores
        written from the same files with the same options give equal rows, however their runs went."""
        out: dict[str, list[tuple]] = {}
        for (table,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            columns = [row[1] for row in self._db.execute(f"PRAGMA table_info({table})") if row[1] not in RUN_DEPENDENT.get(table, ())]
            keys = [row[1] for row in sorted(self._db.execute(f"PRAGMA table_info({table})"), key=lambda row: row[5]) if row[5]]
            order = ", ".join(keys or columns)
            out[table] = self._db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}").fetchall()
        return out


class StoredResults(ResultsReadOnDemand):
    """A store's results as a sequence, each read from the store when it is used (and not kept)."""

    def __init__(self, store: ResultStore, paths: list[str], compact: bool) -> None:
        self._store = store
        self._paths = paths
        self._compact = compact

    def _names(self) -> list[str]:
        return self._paths

    def read(self, name: str) -> DocumentResult:
        return self._store.read(name, self._compact)



@dataclass
class StoreRow:
    result: DocumentResult
    content_hash: str | None
    key_figures: dict[str, object]
    load_seconds: float  # float ok: timings
    audit_seconds: float  # float ok
    checks: list[tuple] | None = None  # check_rows() of the full result, when `result` is compact
    position: int | None = None  # the file's place in the run's input order (else its place in the package)


def check_rows(result: DocumentResult) -> list[tuple]:
    """Every check outcome of a result as the store keeps it (plain strings): made where the audit ran,
    so a compact result can still be stored with all its checks."""
    return [(c.rule.id, c.status, c.reason, *(_text(getattr(c, n)) for n in _NUMBERS), c.unit, _places(c.places)) for c in result.checks]


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _places(places: list[Place]) -> str:
    return json.dumps([place.to_dict() for place in places], ensure_ascii=False)


def _read_places(data: str) -> list[Place]:
    places = []
    for entry in json.loads(data):
        text = entry.pop("text", "")
        places.append(Place(Location(**entry), text))
    return places


def _insert(db: sqlite3.Connection, package: str, position: int, row: StoreRow) -> None:
    result = row.result
    db.execute(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            result.path, package, position, row.content_hash, result.format, result.status, result.error, result.error_code,
            result.statements_seen, result.statements_checked, json.dumps(row.key_figures, ensure_ascii=False, sort_keys=True),
            row.load_seconds, row.audit_seconds,
        ),
    )
    db.executemany(
        "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (result.path, seq, f.rule, f.category, f.severity, f.message, f.title, *(_text(getattr(f, n)) for n in _NUMBERS), f.unit, _places(f.locations))
            for seq, f in enumerate(result.findings)
        ],
    )
    checks = row.checks if row.checks is not None else check_rows(result)
    db.executemany("INSERT INTO checks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [(result.path, seq, *check) for seq, check in enumerate(checks)])


def _finding(row: tuple) -> Finding:
    rule, category, severity, message, title, expected, actual, difference, tolerance, unit, locations = row
    return Finding(
        rule, category, severity, message, _read_places(locations),
        expected=_decimal(expected), actual=_decimal(actual), difference=_decimal(difference), tolerance=_decimal(tolerance),
        unit=unit, title=title,
    )


def _check(row: tuple, rules: dict[str, Rule]) -> Check:
    rule_id, status, reason, expected, actual, difference, tolerance, unit, places = row
    # A rule since removed from the packs still reads back: its outcome needs only the id.
    rule = rules.get(rule_id) or Rule(rule_id, "", "", "", "", {}, {}, {})
    return Check(
        rule, status, _read_places(places),
        expected=_decimal(expected), actual=_decimal(actual), difference=_decimal(difference), tolerance=_decimal(tolerance),
        unit=unit, reason=reason,
    )
