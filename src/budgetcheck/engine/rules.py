"""Rules are data: each YAML pack in rules/ lists rules of the kinds the engine implements.

A rule carries a stable id, title, message, rationale and examples in Chinese and English, a
category, a default severity, its basis (the regulation, or "arithmetic identity"), a kind and
the kind's parameters.  Loading validates every rule so a broken pack fails loudly at start-up,
not halfway through a batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from budgetcheck.rulepacks import pack_names, read_pack

CATEGORIES = ("arithmetic", "year-over-year", "cross-reference", "indicator", "completeness", "input")
SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
KINDS = (
    "sum",
    "equal",
    "delta",
    "rate",
    "product",
    "direction",  # engine/kinds_year_over_year.py
    # 绩效目标表 (engine/kinds_performance.py)
    "indicator_levels",
    "indicator_placement",
    "indicator_level_rows",
    "indicator_value",
    "indicator_basis",
    "goal_duplicate",
    "indicator_duplicate",
    "indicator_narrative",
    "procurement_targets",
    "procurement_quantity",
    # standard tables (engine/kinds_tables.py)
    "table_hierarchy",
    "table_components",
    "table_subtotals",
    "table_balance",
    "table_link",
    "table_rows_link",
    "text_table",
    "text_table_change",  # engine/kinds_table_changes.py
    "table_set",
    "execution",
)
# Completeness of the text (engine/kinds_completeness.py).
KINDS += ("required_section", "change_reason", "text_pattern", "wrong_year", "truncated_sentence", "empty_section")
_TEXT_FIELDS = ("title", "message", "basis")


@dataclass(frozen=True)
class Rule:
    id: str
    pack: str
    kind: str
    category: str
    severity: str
    title: dict[str, str]
    message: dict[str, str]
    basis: dict[str, str]
    params: dict[str, Any] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)
    # Other messages a kind may choose for a particular outcome: name -> {zh, en}.
    messages: dict[str, dict[str, str]] = field(default_factory=dict)

    def text(self, name: str, lang: str) -> str:
        values: dict[str, str] = getattr(self, name)
        return values.get(lang) or values.get("zh", "")

    def message_text(self, variant: str, lang: str) -> str:
        """The message named `variant` (the rule's own message when "" or not defined)."""
        values = self.messages.get(variant) if variant else None
        if values is None:
            return self.text("message", lang)
        return values.get(lang) or values.get("zh", "")

    def __reduce_ex__(self, protocol: int):  # -> what pickle stores
        # A built-in rule travels to and from worker processes as its id, so every check read back shares the
        # receiving process's one copy instead of carrying its own (a batch holds thousands of checks).
        if _builtin_by_id().get(self.id) is self:
            return builtin_rule, (self.id,)
        return super().__reduce_ex__(protocol)


class RulePackError(ValueError):
    pass


def _localised(rule_id: str, name: str, value: Any) -> dict[str, str]:
    if isinstance(value, str):
        return {"zh": value, "en": value}
    if not isinstance(value, dict) or "zh" not in value or "en" not in value:
        raise RulePackError(f"rule {rule_id}: {name} needs zh and en texts")
    return {"zh": str(value["zh"]), "en": str(value["en"])}


def parse_rule(pack: str, entry: dict[str, Any]) -> Rule:
    rule_id = str(entry.get("id", "")).strip()
    if not rule_id:
        raise RulePackError(f"{pack}: a rule has no id")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise RulePackError(f"rule {rule_id}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
    category = entry.get("category")
    if category not in CATEGORIES:
        raise RulePackError(f"rule {rule_id}: unknown category {category!r}")
    severity = entry.get("severity")
    if severity not in SEVERITIES:
        raise RulePackError(f"rule {rule_id}: unknown severity {severity!r}")
    texts = {name: _localised(rule_id, name, entry.get(name)) for name in _TEXT_FIELDS}
    why = _localised(rule_id, "why", entry["why"]) if "why" in entry else {}
    examples = {key: str(value) for key, value in (entry.get("examples") or {}).items()}
    messages = {str(name): _localised(rule_id, f"messages.{name}", text) for name, text in (entry.get("messages") or {}).items()}
    return Rule(
        id=rule_id,
        pack=pack,
        kind=kind,
        category=category,
        severity=severity,
        params=dict(entry.get("params") or {}),
        why=why,
        examples=examples,
        messages=messages,
        **texts,
    )


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen: set[str] = set()
    for name in pack_names():
        data = read_pack(name)
        if not isinstance(data, dict) or "rules" not in data:
            continue  # vocabularies and table profiles live beside the packs
        pack = str(data.get("pack", name.removesuffix(".yaml")))
        for entry in data["rules"]:
            rule = parse_rule(pack, entry)
            if rule.id in seen:
                raise RulePackError(f"rule id {rule.id} is defined twice")
            seen.add(rule.id)
            rules.append(rule)
    return tuple(rules)


def unknown_rule_names(rules: tuple[Rule, ...], values: list[str] | None) -> list[str]:
    """The names in --select/--ignore values that are no rule id, category or pack, as typed."""
    known = _known_names(rules)
    return [name for name in _names(values) if name.lower() not in known]

@lru_cache(maxsize=1)
def _builtin_by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in builtin_rules()}


def builtin_rule(rule_id: str) -> Rule:
    """The built-in rule with this id (how a pickled built-in rule is read back)."""
    return _builtin_by_id()[rule_id]


def select_rules(rules: tuple[Rule, ...], select: list[str] | None, ignore: list[str] | None) -> list[Rule]:
    """Filter by rule id, category or rule pack (comma lists allowed), as ruff's --select/--ignore.

    Names are matched without regard to case: `k401` is rule K401, as `rules show k401` finds it.
    """
    unknown = unknown_rule_names(rules, [*(select or []), *(ignore or [])])
    if unknown:
        raise RulePackError("unknown rule or category: " + ", ".join(sorted(set(unknown))))
    chosen = {name.lower() for name in _names(select)}
    dropped = {name.lower() for name in _names(ignore)}

    def hits(rule: Rule, wanted: set[str]) -> bool:
        return rule.id.lower() in wanted or rule.category in wanted or rule.pack.lower() in wanted

    return [rule for rule in rules if (not chosen or hits(rule, chosen)) and not hits(rule, dropped)]


def _names(values: list[str] | None) -> list[str]:
    return list(dict.fromkeys(part.strip() for value in values or [] for part in value.split(",") if part.strip()))


def _known_names(rules: tuple[Rule, ...]) -> set[str]:
    return {rule.id.lower() for rule in rules} | set(CATEGORIES) | {rule.pack.lower() for rule in rules}
