"""The key figures of one disclosure (收入合计, 基本支出, 三公经费 …) as one record, for datasets.

Each figure comes from the narrative statements of its concept (rules/concepts.yaml) and, where
rules/key_figures.yaml names one, from a table cell (the 政府采购 table's 合计, the 固定资产
table's 资产总额, and the standard tables' cells: 部门收支总表, 支出总表, 基本支出表, 三公经费表, in a
known unit).  Precision first: a statement about another year ("2019年预算数为…", "上年…")
is not this year's figure, and when two statements of the same figure disagree beyond rounding
the figure stays empty with a note — a dataset row never carries a guessed number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from budgetcheck.extract.facts import Fact, NarrativeFacts
from budgetcheck.extract.identity import TITLE_YEAR, document_kind, document_year, organisation
from budgetcheck.extract.narrative import extract_narrative
from budgetcheck.extract.standard_tables import StandardTable, find_standard_tables
from budgetcheck.extract.table_view import TableView, find_tables, squeeze
from budgetcheck.extract.vocabulary import Vocabulary, vocabulary
from budgetcheck.model import Document, Location
from budgetcheck.numbers import MONEY_UNITS, Quantity
from budgetcheck.rulepacks import read_pack
from budgetcheck.tolerance import check_equal

UNIT = "万元"  # every amount of the dataset is stated in this unit

# A statement about another year's amount: "上年预算…", "去年…" (but 上年末 and 上年结转 are this year's).
_OTHER_YEAR_WORDS = re.compile(r"(?:上年|去年|上一年|上年度)(?!末|结转|结余)")


@dataclass(frozen=True)
class FigureSpec:
    column: str
    en: str
    concept: str
    table: dict[str, str] | None = None
    cells: tuple[dict[str, object], ...] = ()


@lru_cache(maxsize=1)
def figure_specs() -> tuple[FigureSpec, ...]:
    specs = []
    for entry in read_pack("key_figures.yaml")["figures"]:
        specs.append(FigureSpec(column=entry["column"], en=entry.get("en", entry["column"]), concept=entry["concept"], table=entry.get("table"), cells=tuple(entry.get("cells", []))))
    known = vocabulary().concepts
    unknown = [spec.concept for spec in specs if spec.concept not in known]
    if unknown:
        raise ValueError(f"key_figures.yaml names unknown concepts {unknown}")
    return tuple(specs)


@dataclass(frozen=True)
class Source:
    kind: str  # "narrative" or "table"
    location: Location

    def describe(self, lang: str) -> str:
        if lang == "en":
            return f"{'text' if self.kind == 'narrative' else 'table'}: {self.location.describe('en')}"
        return f"{'说明' if self.kind == 'narrative' else '表格'}：{self.location.describe('zh')}"


@dataclass
class Figure:
    value: str | None = None  # the amount in 万元 as printed (its own decimals), None when not stated
    sources: list[Source] = field(default_factory=list)


@dataclass
class KeyFigures:
    """One document's row of the dataset."""

    path: str
    format: str | None = None
    organisation: str | None = None
    year: int | None = None
    kind: str | None = None  # "budget" (预算) or "final" (决算)
    figures: dict[str, Figure] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The JSON form the results store keeps; `from_dict` reads it back into the same record."""
        return {
            "path": self.path,
            "format": self.format,
            "organisation": self.organisation,
            "year": self.year,
            "kind": self.kind,
            "figures": {
                column: {"value": figure.value, "sources": [{"kind": s.kind, "location": s.location.to_dict()} for s in figure.sources]}
                for column, figure in self.figures.items()
            },
            "notes": list(self.notes),
            "error": self.error,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> "KeyFigures":
        figures = {
            column: Figure(entry["value"], [Source(source["kind"], Location(**source["location"])) for source in entry["sources"]])
            for column, entry in data["figures"].items()  # type: ignore[union-attr]
        }
        return cls(
            path=data["path"], format=data["format"], organisation=data["organisation"], year=data["year"], kind=data["kind"],  # type: ignore[arg-type]
            figures=figures, notes=list(data["notes"]), error=data["error"],  # type: ignore[arg-type, call-overload]
        )


# ---- the figures -------------------------------------------------------------------------------


def _in_dataset_unit(quantity: Quantity) -> Quantity | None:
    if quantity.unit not in MONEY_UNITS:
        return None
    return quantity.in_unit(UNIT)


def _printed(quantity: Quantity) -> str:
    return format(quantity.value, "f")


def _is_this_year(fact: Fact, year: int | None) -> bool:
    """Whether a statement is about the document's own year, judged from the words naming the amount."""
    if _OTHER_YEAR_WORDS.search(fact.label):
        return False
    years = {int(found.group(1)) for found in TITLE_YEAR.finditer(fact.label)}
    return not years or year is None or years == {year}


def _narrative_candidates(facts: list[Fact], concept: str, vocab: Vocabulary, issuer: str | None, year: int | None) -> list[Fact]:
    found = []
    for fact in facts:
        if fact.role != "amount":
            continue
        named = fact.concept
        if named is None and issuer and issuer in squeeze(fact.label):
            # "2025年，上海市…街道办事处收入预算18,976.76万元": the issuer's name before the label.
            named = vocab.match(squeeze(fact.label).replace(issuer, "", 1))
        if named == concept and _is_this_year(fact, year) and _in_dataset_unit(fact.quantity) is not None:
            found.append(fact)
    return found


# The tables of one rules/tables.yaml profile (政府采购, 固定资产 …) in a document, by the profile's id.
TablesOf = Callable[[str], list[TableView]]


def _tables_of(document: Document) -> TablesOf:
    from budgetcheck.engine.context import table_profiles  # the profiles of rules/tables.yaml

    def tables(profile_id: str) -> list[TableView]:
        profile = table_profiles()[profile_id]
        return find_tables(document, list(profile.title), list(profile.header))

    return tables


def _table_candidates(tables_of: TablesOf, spec: dict[str, str]) -> list[tuple[Quantity, Location]]:
    from budgetcheck.engine.context import table_profiles

    profile = table_profiles()[spec["profile"]]
    column_spec = profile.columns[spec["column"]]
    found: list[tuple[Quantity, Location]] = []
    for view in tables_of(spec["profile"]):
        column = view.find_column(column_spec["match"], column_spec["exclude"])
        if column is None:
            continue
        value = _total_cell(view, column)
        if value is not None:
            found.append(value)
    return found


def _standard_cells(tables: list[StandardTable], addresses: tuple[dict[str, object], ...]) -> list[tuple[Quantity, Location]]:
    """The cells of the standard tables (部门收支总表, 三公经费表 …) that state a figure, in a known unit."""
    found: list[tuple[Quantity, Location]] = []
    for address in addresses:
        for table in tables:
            if table.kind.id != address["table"] or table.unit not in MONEY_UNITS:
                continue  # a number without a known unit is not a figure in 万元
            columns = [list(words) for words in address["column"]]  # type: ignore[attr-defined]
            hit = table.find_cell(list(address["row"]), columns, list(address.get("exclude", [])))  # type: ignore[arg-type]
            if hit is None:
                continue
            row, column = hit
            quantity, cell = table.value(row, column), row.cells.get(column)
            if quantity is not None and cell is not None and _in_dataset_unit(quantity) is not None:
                found.append((quantity, cell.location))
    return found


def _total_cell(view: TableView, column: int) -> tuple[Quantity, Location] | None:
    for row in view.totals:
        quantity = view.value(row, column)
        cell = view.cell(row, column)
        if quantity is not None and cell is not None and _in_dataset_unit(quantity) is not None:
            return quantity, cell.location
    return None


def _agree(a: Quantity, b: Quantity) -> bool:
    try:
        return check_equal(_in_dataset_unit(a), _in_dataset_unit(b)).status != "fail"  # type: ignore[arg-type]
    except ValueError:
        return False


def _conflict_note(column: str, stated: list[tuple[Quantity, Source]], lang: str) -> str:
    amounts = [(_printed(_in_dataset_unit(quantity)), source.describe(lang)) for quantity, source in stated]  # type: ignore[arg-type]
    if lang == "en":
        listed = "; ".join(f"{amount} ({where})" for amount, where in amounts)
        return f"{column}: the document states different amounts, left empty: {listed}"
    listed = "；".join(f"{amount}（{where}）" for amount, where in amounts)
    return f"{column}：文件中所列金额不一致，未填：{listed}"


def extract_key_figures(
    document: Document,
    lang: str = "zh",
    *,
    narrative: NarrativeFacts | None = None,
    standard_tables: list[StandardTable] | None = None,
    tables_of: TablesOf | None = None,
) -> KeyFigures:
    """The document's record.  An audit that has already read the document's narrative, standard tables and
    profile tables passes them in (the same readings this function makes), so nothing is read twice."""
    vocab = vocabulary()
    narrative = narrative if narrative is not None else extract_narrative(document, vocab)
    issuer = organisation(document)
    year = document_year(document)
    standard = standard_tables if standard_tables is not None else find_standard_tables(document)
    tables_of = tables_of or _tables_of(document)
    out = KeyFigures(path=document.path, format=document.format, organisation=issuer, year=year, kind=document_kind(document))
    for spec in figure_specs():
        stated: list[tuple[Quantity, Source]] = [
            (fact.quantity, Source("narrative", fact.location))
            for fact in _narrative_candidates(narrative.facts, spec.concept, vocab, issuer, year)
        ]
        if spec.table:
            stated += [(quantity, Source("table", location)) for quantity, location in _table_candidates(tables_of, spec.table)]
        if spec.cells:
            stated += [(quantity, Source("table", location)) for quantity, location in _standard_cells(standard, spec.cells)]
        figure = Figure()
        if stated:
            first = stated[0][0]
            if all(_agree(first, quantity) for quantity, _ in stated[1:]):
                figure.value = _printed(_in_dataset_unit(first))  # type: ignore[arg-type]
                figure.sources = _distinct([source for _, source in stated])
            else:
                out.notes.append(_conflict_note(spec.column, stated, lang))
        out.figures[spec.column] = figure
    return out


def _distinct(sources: list[Source]) -> list[Source]:
    seen: list[Source] = []
    for source in sources:
        if source not in seen:
            seen.append(source)
    return seen


def unreadable_key_figures(path: str, message: str) -> KeyFigures:
    """The row of a file that could not be read: only its path and why."""
    return KeyFigures(path=path, error=message)
