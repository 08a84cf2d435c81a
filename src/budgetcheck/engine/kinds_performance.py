"""Rule kinds for 绩效目标表: structure, values, basis, duplicates and cross-references.

Each kind reads the project records of extract/performance.py (through AuditContext.performance)
and yields one `Check` per table, row or statement it judged.  Vocabularies — which 二级 belongs
under which 一级, which words are vague — are rule parameters in rules/performance.yaml, so a
locality's template is a change of data, not of code.

Precision first: a row whose words are not recognised is "insufficient data", never a finding;
a narrative figure is compared with an indicator only when the section names the project and
the sentence names the indicator's measured thing (see `_narrative_matches`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator

from budgetcheck.engine.context import AuditContext
from budgetcheck.engine.kinds import kind
from budgetcheck.engine.reasons import reason_text
from budgetcheck.engine.results import Check, Place
from budgetcheck.engine.rules import Rule
from budgetcheck.extract.performance import Indicator, PerformanceRecord
from budgetcheck.extract.table_view import squeeze
from budgetcheck.messages import listed
from budgetcheck.model import Heading, Paragraph, Table
from budgetcheck.numbers import Quantity, canonical_unit, find_quantities

_DIGIT = re.compile(r"[0-9０-９]")
_CHINESE_NUMERAL = re.compile(r"[一二两三四五六七八九十百千万半]")
_COMPARATOR_WORDS = re.compile(r"(≥|≤|>|<|＞|＜|=|＝|≧|≦|不低于|不少于|不小于|不高于|不超过|不多于|不大于|至少|以上|以下|以内)")
_PUNCTUATION = re.compile(r"[\s　《》〈〉“”\"'‘’「」【】\[\]（）()。.,，、;；:：!！?？]")
_CLAUSE_BOUNDARY = re.compile(r"[，,；;。！？!?：:]")
# The words that name what an indicator measures, not the thing measured ("商户走访率" → "商户走访").
_MEASURE_SUFFIXES = ("完成情况", "情况", "比例", "比率", "占比", "次数", "人数", "个数", "数量", "件数", "户数", "天数", "率", "数")
# Generic words around a project's distinctive name ("安全生产经费" → "安全生产").
_PROJECT_SUFFIXES = ("专项经费", "工作经费", "运行经费", "业务经费", "专项资金", "经费", "资金", "工程", "项目", "费用", "费")
_SAME_COUNT_UNITS = {"名": "人", "位": "人"}


def _reason(ctx: AuditContext, code: str) -> str:
    return reason_text(code, ctx.lang)


def _row_word(indicator: Indicator, lang: str) -> str:
    return f"第{indicator.location.row}行" if lang != "en" else f"row {indicator.location.row}"


def _indicator_place(indicator: Indicator, field: str = "value") -> Place:
    cell = indicator.cells.get(field)
    text = cell.text if cell is not None else indicator.value_text
    return Place(indicator.place(field), text)


def _table_values(ctx: AuditContext, record: PerformanceRecord) -> dict[str, object]:
    return {"table": record.label(ctx.lang), "project": record.project}


def _row_values(ctx: AuditContext, record: PerformanceRecord, indicator: Indicator) -> dict[str, object]:
    return {
        **_table_values(ctx, record),
        "row": _row_word(indicator, ctx.lang),
        "indicator": indicator.name,
        "value": indicator.value_text,
        "level1": indicator.level1,
        "level2": indicator.level2,
        "basis": indicator.basis,
    }


def _listing(items: list[str], lang: str) -> str:
    return ("、" if lang != "en" else "; ").join(items)  # items that hold commas of their own


# ---- structure ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Family:
    """One 一级 as the rule pack describes it: its printed names and the words of its 二级."""

    name: str
    aliases: tuple[str, ...]
    children: tuple[str, ...]


def _families(rule: Rule) -> list[_Family]:
    levels: dict[str, dict[str, Any]] = rule.params["levels"]
    return [
        _Family(name, tuple(spec.get("aliases", [name])), tuple(spec.get("children", [])))
        for name, spec in levels.items()
    ]


def _family_of_level1(families: list[_Family], text: str) -> _Family | None:
    squeezed = squeeze(text)
    found = [family for family in families if any(alias in squeezed for alias in family.aliases)]
    return found[0] if len(found) == 1 else None


def _families_of_level2(families: list[_Family], text: str) -> list[_Family]:
    squeezed = squeeze(text)
    return [family for family in families if any(word in squeezed for word in family.children)]


@kind("indicator_levels")
def indicator_levels(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """Every table has the 一级 indicators the template requires (产出, 效益/效果, 满意度)."""
    required: list[list[str]] = [list(group) for group in rule.params["required"]]
    for record in ctx.performance:
        if not record.titled:
            # Found by its rows alone, it may be the rest of a table split across pages.
            yield Check(rule, "insufficient_data", [Place(record.location, record.title)], reason=_reason(ctx, "untitled_table"))
            continue
        printed = {squeeze(level.name) for level in record.levels}
        missing = [group[0] for group in required if not any(alias in name for alias in group for name in printed)]
        places = [Place(record.location, record.title)]
        if missing:
            yield Check(rule, "fail", places, values={**_table_values(ctx, record), "missing": _listing(missing, ctx.lang)})
        else:
            yield Check(rule, "pass", places)


@kind("indicator_placement")
def indicator_placement(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """Each 二级 stands under its own 一级 (社会效益指标 under 效益, not under 产出)."""
    families = _families(rule)
    for record in ctx.performance:
        for indicator in record.indicators:
            places = [Place(indicator.place("level2"), indicator.level2), Place(indicator.place("level1"), indicator.level1)]
            parent = _family_of_level1(families, indicator.level1)
            owners = _families_of_level2(families, indicator.level2)
            if parent is None or not owners:
                yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "unknown_indicator_level"))
                continue
            if parent in owners:
                yield Check(rule, "pass", places)
                continue
            values = {**_row_values(ctx, record, indicator), "expected_level1": "/".join(owner.aliases[0] for owner in owners)}
            yield Check(rule, "fail", places, values=values)


@kind("indicator_level_rows")
def indicator_level_rows(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """A 一级 printed in a table heads at least one indicator row."""
    for record in ctx.performance:
        for level in record.levels:
            places = [Place(level.location, level.name)]
            if level.indicators:
                yield Check(rule, "pass", places)
            else:
                yield Check(rule, "fail", places, values={**_table_values(ctx, record), "level1": level.name})


# ---- values ------------------------------------------------------------------------------------


def _mentions(text: str, words: list[str]) -> list[str]:
    squeezed = squeeze(text)
    return [word for word in words if word in squeezed]


def _expects_number(rule: Rule, indicator: Indicator) -> bool:
    expects = rule.params.get("expects_number", {})
    if _mentions(indicator.level2, list(expects.get("level2", []))):
        return True
    return bool(_mentions(indicator.level3 + indicator.description, list(expects.get("name", []))))


def _is_satisfaction(indicator: Indicator) -> bool:
    return "满意" in indicator.level1 + indicator.level2 + indicator.level3


@kind("indicator_value")
def indicator_value(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    check = rule.params["check"]
    if check == "unit":
        yield from _unit_checks(rule, ctx)
        return
    for record in ctx.performance:
        for indicator in record.indicators:
            outcome = _value_outcome(rule, check, indicator, ctx.lang)
            if outcome is None:
                continue
            status, extra = outcome
            places = [_indicator_place(indicator)]
            values = {**_row_values(ctx, record, indicator), **extra} if status == "fail" else {}
            yield Check(rule, status, places, values=values)


def _value_outcome(rule: Rule, check: str, indicator: Indicator, lang: str) -> tuple[str, dict[str, object]] | None:
    """(status, extra message values) of one value check on one indicator; None when it does not apply."""
    text = squeeze(indicator.value_text)
    if check == "empty":
        return ("fail", {}) if not text else ("pass", {})
    if not text:
        return None  # an empty value is the empty check's finding, not this one's
    has_digit = bool(_DIGIT.search(text))
    if check == "comparator_only":
        if has_digit or not _COMPARATOR_WORDS.search(text):
            return None
        if _CHINESE_NUMERAL.search(text):
            return None  # "不低于九成": a number in words, which budgetcheck does not read
        return ("fail", {})
    if check == "over_100":
        value = indicator.value
        if value is None or value.kind != "percent" or value.unit != "%":
            return None
        if value.comparator in ("<", "<=") or _mentions(indicator.name + indicator.description, list(rule.params.get("except", []))):
            return None
        return ("fail", {}) if value.value > 100 else ("pass", {})
    if check == "vague":
        if has_digit or _is_satisfaction(indicator) or not _expects_number(rule, indicator):
            return None
        words = _mentions(text, list(rule.params["words"]))
        return ("fail", {"words": listed(words, lang)}) if words else None
    if check == "satisfaction":
        if not _is_satisfaction(indicator):
            return None
        return ("fail", {}) if not has_digit else ("pass", {})
    raise ValueError(f"rule {rule.id}: unknown indicator_value check {check!r}")


def _unit_checks(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """One check per table: every number it states as a value carries its unit."""
    for record in ctx.performance:
        numbers = [i for i in record.indicators if i.value is not None]
        if not numbers:
            continue
        bare = [i for i in numbers if i.value is not None and i.value.unit is None]
        places = [_indicator_place(i) for i in (bare or numbers)]
        if not bare:
            yield Check(rule, "pass", places)
            continue
        listed = [f"{i.name} {i.value_text}（{_row_word(i, ctx.lang)}）" if ctx.lang != "en" else f"{i.name} {i.value_text} ({_row_word(i, ctx.lang)})" for i in bare]
        values = {
            **_table_values(ctx, record),
            "count": len(bare),
            "numbers": ", ".join(i.value_text for i in bare),
            "rows": _listing(listed, ctx.lang),
        }
        yield Check(rule, "fail", places, values=values)


# ---- basis -------------------------------------------------------------------------------------


def _plain(text: str) -> str:
    return _PUNCTUATION.sub("", text)


def _only_repeats(indicator: Indicator) -> bool:
    """The basis names no source: it is the indicator's own name or description again (or part of it)."""
    basis = _plain(indicator.basis)
    if not basis:
        return False
    own = [_plain(indicator.level3), _plain(indicator.description)]
    return any(basis == text or (len(basis) >= 2 and basis in text) for text in own if text)


@kind("indicator_basis")
def indicator_basis(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    check = rule.params["check"]
    for record in ctx.performance:
        if not record.indicators:
            continue
        if not record.has_basis_column:
            yield Check(rule, "not_applicable", [Place(record.location, record.title)], reason=_reason(ctx, "no_basis_column"))
            continue
        if check == "missing":
            failing = [i for i in record.indicators if not _plain(i.basis)]
        elif check == "repeats":
            # A basis carried down from the row above was not written for this row: judge it once.
            failing = [i for i in record.indicators if not i.basis_inherited and _only_repeats(i)]
        else:
            raise ValueError(f"rule {rule.id}: unknown indicator_basis check {check!r}")
        if not failing:
            yield Check(rule, "pass", [Place(record.location, record.title)])
            continue
        listed = [f"{i.name}（{_row_word(i, ctx.lang)}）" if ctx.lang != "en" else f"{i.name} ({_row_word(i, ctx.lang)})" for i in failing]
        places = [Place(i.place("basis"), i.basis) for i in failing]
        values = {**_table_values(ctx, record), "count": len(failing), "total": len(record.indicators), "rows": _listing(listed, ctx.lang)}
        yield Check(rule, "fail", places, values=values)


# ---- duplicates --------------------------------------------------------------------------------


@kind("goal_duplicate")
def goal_duplicate(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """Two projects with word-for-word the same goal text: one was copied and not rewritten."""
    minimum = int(rule.params.get("min_chars", 10))
    first_with: dict[str, PerformanceRecord] = {}
    for record in ctx.performance:
        goal = _plain(record.goal)
        if len(goal) < minimum or record.goal_location is None:
            continue
        earlier = first_with.get(goal)
        places = [Place(record.goal_location, record.goal)]
        if earlier is None:
            first_with[goal] = record
            yield Check(rule, "pass", places)
            continue
        if squeeze(earlier.project) == squeeze(record.project):
            continue  # the same project's table printed twice is not a copied goal
        places.append(Place(earlier.goal_location, earlier.goal))  # type: ignore[arg-type]
        values = {**_table_values(ctx, record), "other": earlier.label(ctx.lang), "goal": record.goal}
        yield Check(rule, "fail", places, values=values)


@kind("indicator_duplicate")
def indicator_duplicate(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """The same indicator (三级 name and description) twice in one table."""
    for record in ctx.performance:
        seen: dict[tuple[str, str], Indicator] = {}
        for indicator in record.indicators:
            key = (_plain(indicator.level3), _plain(indicator.description))
            if not key[0]:
                continue
            earlier = seen.get(key)
            places = [Place(indicator.place("level3"), indicator.level3)]
            if earlier is None:
                seen[key] = indicator
                yield Check(rule, "pass", places)
                continue
            places.append(Place(earlier.place("level3"), earlier.level3))
            values = {**_row_values(ctx, record, indicator), "other_row": _row_word(earlier, ctx.lang)}
            yield Check(rule, "fail", places, values=values)


# ---- the narrative and the tables ------------------------------------------------------------


def _core(text: str, suffixes: tuple[str, ...]) -> str:
    core = _plain(text)
    changed = True
    while changed:
        changed = False
        for suffix in suffixes:
            if core.endswith(suffix) and len(core) > len(suffix) + 1:
                core = core[: -len(suffix)]
                changed = True
                break
    return core


def _common_run(a: str, b: str) -> int:
    """The length of the longest run of characters the two texts share.

    From each start in `a`, only a run longer than the best so far is worth testing, and every prefix
    of a shared run is shared too: so the best grows while a[start : start + best + 1] occurs in `b`
    (a substring search in C, instead of a table of every pair of characters).
    """
    best = 0
    for start in range(len(a)):
        while start + best < len(a) and a[start : start + best + 1] in b:
            best += 1
    return best


def project_named_by(title: str, records: list[PerformanceRecord]) -> PerformanceRecord | None:
    """The one project a section title names by its distinctive words ("安全生产" in "全面开展安全生产工作").

    A project's name without its generic words (经费, 工程 …) must share a run of at least four
    characters with the title (all of it when shorter); when two projects qualify the longer run
    wins, and a tie names none.
    """
    text = _plain(title)
    scored: list[tuple[int, PerformanceRecord]] = []
    for record in records:
        core = _core(record.project, _PROJECT_SUFFIXES)
        if len(core) < 2:
            continue
        run = _common_run(core, text)
        if run >= min(len(core), 4):
            scored.append((run, record))
    if not scored:
        return None
    scored.sort(key=lambda item: -item[0])
    if len(scored) > 1 and scored[0][0] == scored[1][0] and scored[0][1].project != scored[1][1].project:
        return None
    return scored[0][1]


def _unit_key(quantity: Quantity) -> str | None:
    if quantity.unit is None:
        return None
    return _SAME_COUNT_UNITS.get(quantity.unit, quantity.unit)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _strength(indicator: Indicator, clause: str) -> int:
    """How clearly a clause names what the indicator measures (its name without 率, 次数 …).

    2: every character of it is in the clause and at least half of its two-character words
    (商户走访 in "走访90%以上商户": 商户, 走访); 1: one of its words is; 0: none.
    """
    best = 0
    for name in (indicator.level3, indicator.description):
        core = _core(name, _MEASURE_SUFFIXES)
        if len(core) < 2:
            continue
        words = _bigrams(core)
        shared = words & _bigrams(clause)
        if set(core) <= set(clause) and 2 * len(shared) >= len(words):
            return 2
        if shared:
            best = 1
    return best


def _same_measure(statement: "_Statement", indicator: Indicator) -> bool:
    """The statement's figure and the indicator's value count the same unit.

    A bare number counts what the noun after it names ("6000余居民") when the indicator is a count
    whose name has that noun (服务居民人数 ≥6000人).
    """
    assert indicator.value is not None
    unit = _unit_key(statement.quantity)
    if unit is not None:
        return _unit_key(indicator.value) == unit
    if statement.quantity.kind != "number" or indicator.value.kind != "count":
        return False
    noun = statement.noun
    return len(noun) == 2 and noun in indicator.level3 + indicator.description


def _agrees(stated: Quantity, target: Quantity) -> bool:
    """Same number, and comparators that do not contradict ("90%以上" and "≥90%"; "6000余" and "≥6000")."""
    if stated.value != target.value:
        return False
    return stated.comparator is None or target.comparator is None or stated.comparator == target.comparator


def _clause(text: str, quantity: Quantity) -> str:
    start = quantity.start
    while start > 0 and not _CLAUSE_BOUNDARY.match(text[start - 1]):
        start -= 1
    end = quantity.end
    while end < len(text) and not _CLAUSE_BOUNDARY.match(text[end]):
        end += 1
    return text[start:end]


@dataclass
class _Statement:
    """A figure the narrative states in a section about performance, with its section title."""

    block: Paragraph | Heading
    title: str
    quantity: Quantity
    clause: str
    record: PerformanceRecord | None  # the project the section (or the goal text) is about

    @property
    def noun(self) -> str:
        """The two characters right after the figure: what a bare number counts."""
        text = self.block.text[self.quantity.end : self.quantity.end + 2]
        return text if all("\u4e00" <= char <= "\u9fff" for char in text) else ""


def _performance_statements(ctx: AuditContext) -> list[_Statement]:
    """Counts, areas and percentages stated in sections whose heading path speaks of 绩效, and in goal texts."""
    records = ctx.performance
    statements: list[_Statement] = []
    path: list[Heading] = []
    named: dict[str, PerformanceRecord | None] = {}  # a section's paragraphs share its title
    for block in ctx.document.blocks:
        if isinstance(block, Table):
            continue
        if isinstance(block, Heading):
            path = [h for h in path if h.level < block.level] + [block]
            continue
        if not any("绩效" in heading.text for heading in path) or not path:
            continue
        title = path[-1].text
        if "绩效目标表" in title or "绩效指标表" in title:
            continue
        if title not in named:
            named[title] = project_named_by(title, records)
        record = named[title]
        for quantity in find_quantities(block.text):
            if _measurable(quantity):
                statements.append(_Statement(block, title, quantity, _clause(block.text, quantity), record))
    for record in records:
        if record.goal and record.goal_location is not None:
            goal_block = Paragraph(record.goal, record.goal_location)
            for quantity in find_quantities(record.goal):
                if _measurable(quantity):
                    title = f"{record.label(ctx.lang)} 绩效目标" if ctx.lang != "en" else f"the goal of {record.label(ctx.lang)}"
                    statements.append(_Statement(goal_block, title, quantity, _clause(record.goal, quantity), record))
    return statements


def _measurable(quantity: Quantity) -> bool:
    """Counts, areas and percentages, and bare numbers that may count the noun after them."""
    return quantity.kind in ("count", "percent", "area") or (quantity.kind == "number" and quantity.unit is None)


def _statement_ids(ctx: AuditContext, statement: _Statement) -> tuple[int, ...]:
    """The narrative facts (coverage) this statement is, when the narrative extractor saw it too."""
    return ctx.fact_ids_at.get((statement.block.location, statement.quantity.start), ())


@kind("indicator_narrative")
def indicator_narrative(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """A figure the text states for an indicator is the table's (same comparator and number).

    A mismatch is claimed only when the section names the project and the clause names
    everything the indicator measures, and no other indicator of that unit is named as well.
    An equal figure needs less: one word of the indicator in the clause.  Anything else is
    counted as seen but not checked.
    """
    if not ctx.performance:
        return
    for statement in _performance_statements(ctx):
        place = Place(statement.block.location, statement.clause)
        if statement.record is None:
            yield Check(rule, "insufficient_data", [place], reason=_reason(ctx, "no_project_named"))
            continue
        candidates = [
            (indicator, _strength(indicator, statement.clause))
            for indicator in statement.record.indicators
            if indicator.value is not None and _same_measure(statement, indicator)
        ]
        strong = [indicator for indicator, strength in candidates if strength == 2]
        named = [indicator for indicator, strength in candidates if strength >= 1]
        matched = strong[0] if len(strong) == 1 else (named[0] if len(named) == 1 and not strong else None)
        if matched is None:
            yield Check(rule, "insufficient_data", [place], reason=_reason(ctx, "no_matching_indicator"))
            continue
        places = [place, _indicator_place(matched)]
        target = matched.value
        assert target is not None
        ids = _statement_ids(ctx, statement)
        if _agrees(statement.quantity, target):
            yield Check(rule, "pass", places, statements=ids)
            continue
        if target.approx or statement.quantity.approx:
            # "6000余" may well be 6500: an approximate figure only ever confirms an equal one.
            yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "approximate_value"))
            continue
        if len(strong) != 1:
            yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "no_matching_indicator"))
            continue
        values = {
            **_row_values(ctx, statement.record, matched),
            "section": statement.title,
            "stated": statement.quantity.text,
            "clause": statement.clause,
        }
        yield Check(rule, "fail", places, values=values, statements=ids)


# ---- the procurement plan and the tables ------------------------------------------------------


def _procurement_items(ctx: AuditContext) -> Iterator[tuple[Any, Any, str, Place]]:
    """(view, row, project name, place) of each item row of the 政府采购 tables."""
    for view in ctx.tables("procurement"):
        column = ctx.column(view, "procurement", "name")
        if column is None:
            continue
        for row in view.rows:
            cell = view.cell(row, column)
            if row.role != "item" or cell is None or not squeeze(cell.text):
                continue
            yield view, row, squeeze(cell.text), Place(cell.location, cell.text)


def _record_for(name: str, records: list[PerformanceRecord]) -> PerformanceRecord | None:
    """The 绩效目标表 of a procurement project: the same name, or one name inside the other."""
    exact = [record for record in records if squeeze(record.project) == name]
    if exact:
        return exact[0]
    inside = [record for record in records if len(squeeze(record.project)) >= 4 and (squeeze(record.project) in name or name in squeeze(record.project))]
    return inside[0] if len(inside) == 1 else None


@kind("procurement_targets")
def procurement_targets(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """Each project of the 政府采购 table has its own 绩效目标表 (when the document has any)."""
    if not ctx.performance:
        return  # a document without 绩效目标表 publishes them elsewhere, if at all
    items = [(name, place, _record_for(name, ctx.performance)) for _view, _row, name, place in _procurement_items(ctx)]
    if items and not any(record is not None for _name, _place, record in items):
        # Not one row names a project with a table: the column lists goods (台式计算机 …), not projects.
        yield Check(rule, "not_applicable", [place for _name, place, _record in items], reason=_reason(ctx, "procurement_lists_goods"))
        return
    for name, place, record in items:
        if record is not None:
            yield Check(rule, "pass", [place, Place(record.location, record.title)])
        else:
            yield Check(rule, "fail", [place], values={"project": name})


def _holds(target: Quantity, amount: Decimal) -> bool:
    comparator = target.comparator or "="
    return {
        ">=": amount >= target.value,
        ">": amount > target.value,
        "<=": amount <= target.value,
        "<": amount < target.value,
        "=": amount == target.value,
    }[comparator]


@kind("procurement_quantity")
def procurement_quantity(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    """The quantity a project buys meets its 数量 indicator in the same unit (3 个 against ≥4个)."""
    if not ctx.performance:
        return
    for view, row, name, name_place in _procurement_items(ctx):
        record = _record_for(name, ctx.performance)
        quantity_column = ctx.column(view, "procurement", "quantity")
        unit_column = ctx.column(view, "procurement", "unit")
        if record is None or quantity_column is None or unit_column is None:
            continue
        quantity_cell, unit_cell = view.cell(row, quantity_column), view.cell(row, unit_column)
        unit = canonical_unit(unit_cell.text) if unit_cell is not None and unit_cell.text.strip() else None
        bought = view.value(row, quantity_column)
        if quantity_cell is None or unit is None or bought is None:
            continue
        unit_name = _SAME_COUNT_UNITS.get(unit[0], unit[0])
        candidates = [i for i in record.indicators if i.value is not None and _unit_key(i.value) == unit_name]
        places = [name_place, Place(quantity_cell.location, f"{quantity_cell.text} {unit_cell.text if unit_cell else ''}".strip())]
        if not candidates:
            continue
        if len(candidates) > 1:
            yield Check(rule, "insufficient_data", places + [_indicator_place(i) for i in candidates], reason=_reason(ctx, "several_indicators"))
            continue
        indicator = candidates[0]
        target = indicator.value
        assert target is not None
        places.append(_indicator_place(indicator))
        if target.approx:
            yield Check(rule, "insufficient_data", places, reason=_reason(ctx, "approximate_value"))
            continue
        if _holds(target, bought.value):
            yield Check(rule, "pass", places)
            continue
        values = {**_row_values(ctx, record, indicator), "bought": f"{quantity_cell.text.strip()}{unit_cell.text.strip() if unit_cell else ''}", "procurement_project": name}
        yield Check(rule, "fail", places, values=values)
