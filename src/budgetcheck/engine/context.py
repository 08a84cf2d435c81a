"""Everything the rule kinds read about one document, extracted once and shared."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from budgetcheck.extract.execution import Execution, find_executions
from budgetcheck.extract.facts import NarrativeFacts
from budgetcheck.extract.identity import document_kind
from budgetcheck.extract.narrative import extract_narrative
from budgetcheck.extract.performance import PerformanceRecord, extract_performance
from budgetcheck.extract.standard_tables import StandardTable, find_standard_tables
from budgetcheck.extract.sections import Outline
from budgetcheck.extract.table_view import TableView, build_view, find_tables
from budgetcheck.extract.vocabulary import Vocabulary, vocabulary
from budgetcheck.model import Document, Location, Table
from budgetcheck.rulepacks import read_pack


@dataclass(frozen=True)
class TableProfile:
    """How to recognise one kind of table and name its columns (rules/tables.yaml)."""

    id: str
    zh: str
    en: str
    title: tuple[str, ...]
    header: tuple[str, ...]
    columns: dict[str, dict[str, Any]]

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def table_profiles() -> dict[str, TableProfile]:
    data = read_pack("tables.yaml")["tables"]
    profiles: dict[str, TableProfile] = {}
    for profile_id, entry in data.items():
        columns: dict[str, dict[str, Any]] = {}
        for column, spec in (entry.get("columns") or {}).items():
            if isinstance(spec, list):
                spec = {"match": spec}
            columns[column] = {"match": [list(alias) for alias in spec["match"]], "exclude": list(spec.get("exclude", []))}
        profiles[profile_id] = TableProfile(
            id=profile_id,
            zh=entry.get("zh", profile_id),
            en=entry.get("en", profile_id),
            title=tuple(entry.get("title", [])),
            header=tuple(entry.get("header", [])),
            columns=columns,
        )
    return profiles


@dataclass
class AuditContext:
    document: Document
    lang: str = "zh"
    rounding: str = "nearest"
    profile: str = "auto"  # "budget" or "final" when the user says which disclosure this is
    vocab: Vocabulary = field(default_factory=vocabulary)
    _views: dict[str, list[TableView]] = field(default_factory=dict)
    _table_views: dict[int, TableView] = field(default_factory=dict)  # id(table) -> its view, built once for every profile
    package: "PackageContext | None" = None  # set by the audit: the documents audited with this one
    rules: tuple[Any, ...] = ()  # the rules this audit runs, so one rule can leave a hole to another that names it better
    # What a rule kind works out about the document that every rule of the kind needs again, by the kind's own key.
    derived: dict[Any, Any] = field(default_factory=dict)

    @cached_property
    def narrative(self) -> NarrativeFacts:
        return extract_narrative(self.document, self.vocab)

    @cached_property
    def fact_ids_at(self) -> dict[tuple[Location, int], tuple[int, ...]]:
        """The narrative facts (their ids, for coverage) read at each (block location, start of the number)."""
        index: dict[tuple[Location, int], tuple[int, ...]] = {}
        for fact in self.narrative.facts:
            key = (fact.location, fact.quantity.start)
            index[key] = index.get(key, ()) + (id(fact),)
        return index

    @cached_property
    def performance(self) -> list[PerformanceRecord]:
        """The 绩效目标表 of the document, one record per project."""
        return extract_performance(self.document)

    @cached_property
    def executions(self) -> list[Execution]:
        """The text's 决算数大于/小于预算数 and 完成% statements (extract/execution.py), read once for every rule."""
        return find_executions(self.document)

    @cached_property
    def outline(self) -> Outline:
        """Headings and labels of the text, each with what it holds (extract/sections.py)."""
        return Outline(self.document)

    @cached_property
    def document_kind(self) -> str:
        """"final" for final accounts (决算), "budget" otherwise: as the profile says, else judged from the title and file name."""
        return self.profile if self.profile in ("budget", "final") else document_kind(self.document)

    @cached_property
    def document_year(self) -> int | None:
        """The year the document reports on: the first year in its title or file name."""
        import re
        from pathlib import Path

        head = " ".join(block.text for block in self.document.texts[:3]) + " " + Path(self.document.path).name
        match = re.search(r"(20\d{2})\s*年", head)
        return int(match.group(1)) if match else None

    @cached_property
    def profiles(self) -> dict[str, TableProfile]:
        return table_profiles()

    def tables(self, profile_id: str) -> list[TableView]:
        if profile_id not in self._views:
            profile = self.profiles[profile_id]
            self._views[profile_id] = find_tables(self.document, list(profile.title), list(profile.header), self.view_of)
        return self._views[profile_id]

    def view_of(self, table: Table) -> TableView:
        """The table's view (table_view.py); views are never changed once built, so one is shared by every rule."""
        view = self._table_views.get(id(table))
        if view is None:
            view = self._table_views[id(table)] = build_view(self.document, table)
        return view

    def column(self, view: TableView, profile_id: str, name: str) -> int | None:
        spec = self.profiles[profile_id].columns.get(name)
        if spec is None:
            raise KeyError(f"table profile {profile_id} has no column {name}")
        return view.find_column(spec["match"], spec["exclude"])


@dataclass
class PackageContext:
    """The documents audited together (a department's narrative and its tables) and their tables."""

    contexts: list[AuditContext]
    profile: str = "auto"

    @cached_property
    def standard_tables(self) -> list[StandardTable]:
        return [table for ctx in self.contexts for table in find_standard_tables(ctx.document, ctx.view_of)]

    def release(self) -> None:
        """Unlink the contexts from this package.  Each refers to the other: unlinked, the documents and
        everything read from them are freed as soon as the last reference goes, rather than left to the
        cycle collector (in a batch, that was most of the collector's work and a tenth of the time)."""
        for ctx in self.contexts:
            ctx.package = None

    def tables_of(self, kind_id: str) -> list[StandardTable]:
        return [table for table in self.standard_tables if table.kind.id == kind_id]

    @cached_property
    def table_set(self) -> str | None:
        """"budget" or "final": the profile's, or the set most recognised tables belong to; None when there are none."""
        return self._prevailing_set(self.standard_tables, self.contexts)

    def tables_around(self, document: Document) -> list[list[StandardTable]]:
        """The package's tables as a document sees them, nearest first: those of its own file, those of
        the files sharing its name stem (X公开.txt with X公开_预算公开表.xlsx, X公开文件.pdf with
        X公开表格.pdf), then all of them.  A rule looks in the nearest ring that holds what it needs."""
        from budgetcheck.file_names import name_stem

        stem = name_stem(Path(document.path).name)
        own = [table for table in self.standard_tables if table.document is document]
        companions = [table for table in self.standard_tables
                      if table.document is not document and name_stem(Path(table.document.path).name) == stem]
        return [own, companions, self.standard_tables]

    def table_set_of(self, ctx: AuditContext) -> str | None:
        """The set one document's statements speak of: that of its nearest tables (its own file's, then
        its companions'), else the package's.

        A folder may hold one unit's 决算 beside other units' 预算: the 决算's text speaks of its own
        决算 tables, whatever most files of the folder are."""
        own, companions, _ = self.tables_around(ctx.document)
        if own:
            return self._prevailing_set(own, [ctx])
        if companions:
            return self._prevailing_set(companions, [ctx])
        return self.table_set

    def _prevailing_set(self, tables: list[StandardTable], contexts: list[AuditContext]) -> str | None:
        sets = [table.kind.set for table in tables]
        if not sets:
            return None
        if self.profile in ("budget", "final"):
            return self.profile
        if sets.count("final") != sets.count("budget"):
            return max(("final", "budget"), key=sets.count)
        return "final" if any(ctx.document_kind == "final" for ctx in contexts) else "budget"
