"""Run the rules over a document and turn check outcomes into findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetcheck.engine.context import AuditContext, PackageContext
from budgetcheck.engine.kinds import KINDS
from budgetcheck.engine.kinds_tables import PACKAGE_KINDS
from budgetcheck.engine.results import Check, DocumentResult, Finding
from budgetcheck.engine.rules import Rule
from budgetcheck.messages import misnamed_notice, unit_word
from budgetcheck.model import Document


@dataclass(frozen=True)
class AuditOptions:
    lang: str = "zh"
    rounding: str = "nearest"  # or "truncate", for publishers who truncate 元 → 万元
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    # Which disclosure the documents are: "budget" (部门预算公开), "final" (部门决算公开), or "auto",
    # judged per document from its title and file name and per package from its tables.
    profile: str = "auto"


def audit_document(document: Document, options: AuditOptions) -> DocumentResult:
    return audit_package([document], options)[0]


def audit_package(documents: list[Document], options: AuditOptions) -> list[DocumentResult]:
    results, package = audit_in_context(documents, options)
    package.release()
    return results


def audit_in_context(documents: list[Document], options: AuditOptions) -> tuple[list[DocumentResult], PackageContext]:
    """Audit documents that belong together (a department's narrative and its tables), one result each.

    Rules about one document run on each document; rules about the standard tables run once over
    the package, so a narrative in one file is compared with the tables of another.  A check of
    the package goes to the result of the file its first place is in (the narrative statement,
    or the first table cell), and every place keeps its own file.  The package's context goes with the
    results, for work that reads the same documents after the audit (the results store's key figures);
    the caller releases it when done (PackageContext.release).
    """
    contexts = [AuditContext(document, lang=options.lang, rounding=options.rounding, rules=options.rules, profile=options.profile) for document in documents]
    package = PackageContext(contexts, profile=options.profile)
    for ctx in contexts:
        ctx.package = package
    try:
        return _run_rules(contexts, options), package
    except BaseException:
        package.release()
        raise


def _run_rules(contexts: list[AuditContext], options: AuditOptions) -> list[DocumentResult]:
    results = {
        ctx.document.path: DocumentResult(path=ctx.document.path, format=ctx.document.format, status="checked", notices=reading_notices(ctx.document, options.lang))
        for ctx in contexts
    }
    for ctx in contexts:
        for rule in options.rules:
            if rule.kind not in PACKAGE_KINDS:
                results[ctx.document.path].checks.extend(KINDS[rule.kind](rule, ctx))
    if contexts:
        for rule in options.rules:
            if rule.kind in PACKAGE_KINDS:
                for check in KINDS[rule.kind](rule, contexts[0]):
                    path = check.places[0].location.path if check.places else contexts[0].document.path
                    results.get(path, results[contexts[0].document.path]).checks.append(check)
    covered = {statement for r in results.values() for check in r.checks if check.status in ("pass", "fail", "rounding") for statement in check.statements}
    for ctx in contexts:
        result = results[ctx.document.path]
        result.findings = [finding for check in result.checks if (finding := to_finding(check, options.lang))]
        narrative = [fact for fact in ctx.narrative.facts if fact.role in ("amount", "previous", "change", "percent")]
        result.statements_seen = len(narrative)
        result.statements_checked = sum(1 for fact in narrative if id(fact) in covered)
    return [results[ctx.document.path] for ctx in contexts]


def reading_notices(document: Document, lang: str) -> list[str]:
    if document.misnamed_as is None:
        return []
    return [misnamed_notice(document.path, document.misnamed_as, document.format, lang)]


def to_finding(check: Check, lang: str) -> Finding | None:
    """A failed check is a finding at the rule's severity; a rounding difference is an info finding."""
    if check.status == "fail":
        severity = check.rule.severity
    elif check.status == "rounding":
        severity = "info"
    else:
        return None
    template = check.rule.message_text(check.variant, lang)
    if check.status == "rounding":
        template = _ROUNDING[check.convention][lang if lang == "en" else "zh"]
    values = dict(check.values)
    for key in _UNIT_VALUES:  # units in the language of the message ("万元" → "ten-thousand yuan")
        if isinstance(values.get(key), str):
            values[key] = unit_word(values[key], lang)
    try:
        message = template.format(**values)
    except (KeyError, IndexError) as exc:  # a pack's template names a value the kind does not give
        raise ValueError(f"rule {check.rule.id}: message template needs {exc}") from exc
    return Finding(
        rule=check.rule.id,
        category=check.rule.category,
        severity=severity,
        message=message,
        locations=list(check.places),
        expected=check.expected,
        actual=check.actual,
        difference=check.difference,
        tolerance=check.tolerance,
        unit=check.unit,
        title=check.rule.text("title", lang),
    )


_UNIT_VALUES = ("unit", "left_unit", "right_unit", "amount_unit")

# A difference within tolerance, said as the numbers were read (tolerance.Outcome.convention).
_ROUNDING = {
    "nearest": {
        "zh": "相差 {difference}{unit}，在四舍五入容差 {tolerance}{unit} 以内（应为 {expected}，实为 {actual}）",
        "en": "differs by {difference} {unit}, within the rounding tolerance of {tolerance} {unit} (expected {expected}, stated {actual})",
    },
    "truncate": {
        "zh": "相差 {difference}{unit}，按截断（舍去尾数）读取金额，在容差 {tolerance}{unit} 以内（应为 {expected}，实为 {actual}）",
        "en": "differs by {difference} {unit}, within the tolerance of {tolerance} {unit} with amounts read as truncated (expected {expected}, stated {actual})",
    },
    "truncated_rate": {
        "zh": "相差 {difference}{unit}，所述比率按截断（舍去尾数）理解时在容差 {tolerance}{unit} 以内（应为 {expected}，实为 {actual}）",
        "en": "differs by {difference} {unit}, within the tolerance of {tolerance} {unit} when the stated rate is read as truncated, not rounded (expected {expected}, stated {actual})",
    },
}
