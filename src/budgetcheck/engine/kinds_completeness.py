"""Rule kinds for the completeness of a disclosure's text (rules/completeness.yaml).

- required_section: an explanation 财预〔2016〕143号 requires is there, as a heading or label
  named by one of the rule's aliases, or as a statement its patterns recognise;
- change_reason: a section that states an increase or decrease also gives its reason;
- text_pattern: text that must not be left in a published document (template placeholders,
  blank amounts, the template's own instructions), found by the rule's patterns;
- wrong_year: the document naming itself with another year than its title's;
- truncated_sentence: "主要原因是。", or a sentence ending in "主要用于：" with nothing after it;
- empty_section: a heading or label with nothing under it before the next heading.

Precision first: these run over every province's documents, so each kind reports only what it
has read completely, and says why when it cannot run (a tables-only file, an unknown year).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from budgetcheck.engine.context import AuditContext
from budgetcheck.engine.kinds import kind
from budgetcheck.engine.reasons import reason_text
from budgetcheck.engine.results import Check, Place
from budgetcheck.engine.rules import Rule, builtin_rules
from budgetcheck.extract.sections import Outline, Section, ascii_digits, document_year, is_label, starts_a_list
from budgetcheck.messages import listed, quoted
from budgetcheck.model import Heading, Location, Paragraph, Table

EXCERPT_CHARS = 24  # context either side of a match in a finding's quote


def _reason(ctx: AuditContext, code: str) -> str:
    return reason_text(code, ctx.lang)


def _localised(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("zh", ""))
    return str(value)


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=256)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex that matches wherever one of `patterns` would; None when they cannot be joined
    (a pattern with inline flags or back-references), and each is tried on its own."""
    try:
        return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))
    except re.error:
        return None


def _matches_all(patterns: str | list[str], text: str) -> bool:
    """A statement pattern is one regex, or a list of regexes that must all match the text."""
    if isinstance(patterns, str):
        return bool(_regex(patterns).search(text))
    return all(_regex(pattern).search(text) for pattern in patterns)


def _excerpt(text: str, start: int, end: int) -> str:
    left = max(0, start - EXCERPT_CHARS)
    right = min(len(text), end + EXCERPT_CHARS)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def _document_place(ctx: AuditContext) -> Place:
    title = ctx.outline.title
    if title is not None:
        return Place(title.location, title.text)
    return Place(Location(ctx.document.path), Path(ctx.document.path).name)


def _block_place(block: Heading | Paragraph, text: str | None = None) -> Place:
    return Place(block.location, block.text if text is None else text)


def _under_any(outline: Outline, index: int, aliases: list[str]) -> bool:
    """The block at `index` is inside a section whose heading names one of `aliases`."""
    return any(alias in section.title for section in outline.path(index) for alias in aliases)


# ---- required_section --------------------------------------------------------------------------


def _heading_match(outline: Outline, params: dict[str, Any]) -> Section | None:
    aliases = list(params.get("headings", []))
    excluded = list(params.get("exclude_headings", []))
    skip_under = list(params.get("exclude_under", []))
    for section in outline.sections:
        if any(word in section.title for word in excluded):
            continue
        if any(alias in section.title for alias in aliases) and not _under_any(outline, section.index, skip_under):
            return section
    return None


def _answering_section(outline: Outline, params: dict[str, Any]) -> tuple[Section | None, Section | None]:
    """The section that explains the topic, or else the named section left empty.

    A heading alone explains nothing: a named section answers only with content under it, and
    none of the named sections inside it empty ("一、部门职责及机构设置情况" holding an empty
    "机构设置：" does not answer, though 部门职责 fills it).  Returns (the first answering section,
    None), or (None, the first empty named section that holds no other).
    """
    aliases = list(params.get("headings", []))
    excluded = list(params.get("exclude_headings", []))
    skip_under = list(params.get("exclude_under", []))
    named = [
        section
        for section in outline.sections
        if any(alias in section.title for alias in aliases)
        and not any(word in section.title for word in excluded)
        and not _under_any(outline, section.index, skip_under)
    ]
    empty = [section for section in named if section.empty]
    for section in named:
        if not section.empty and not any(_contains(outline, section, hole) for hole in empty):
            return section, None
    return None, empty[0] if empty else None


def _contains(outline: Outline, outer: Section, inner: Section) -> bool:
    """`inner` lies within `outer`: after it, before the next section of its level or above."""
    if inner.index <= outer.index:
        return False
    end = next((s.index for s in outline.sections if s.index > outer.index and s.level <= outer.level), len(outline.blocks))
    return inner.index < end


def _statement_match(outline: Outline, params: dict[str, Any]) -> Heading | Paragraph | None:
    statements = params.get("statements") or []
    skip_under = list(params.get("exclude_under", []))
    for index, block in outline.text_blocks():
        if any(_matches_all(statement, block.text) for statement in statements) and not _under_any(outline, index, skip_under):
            return block
    return None


def _disclosure_gate(rule: Rule, ctx: AuditContext) -> str | None:
    """Why the document is not a disclosure narrative this rule should judge, or None when it is."""
    gate = rule.params.get("disclosure") or {}
    outline = ctx.outline
    if not outline.has_narrative():
        return "no_narrative"
    title = outline.title.text if outline.title is not None else ""
    named = title + " " + Path(ctx.document.path).stem
    if not any(_regex(pattern).search(named) for pattern in gate.get("title", [])):
        return "not_a_disclosure"
    # Count the required explanations the document has headings for, over every rule of this
    # kind (whatever --select chose), so the decision is the same for each of them.
    key = ("disclosure_topics", rule.kind)
    if key not in ctx.derived:
        ctx.derived[key] = sum(
            1
            for other in builtin_rules()
            if other.kind == rule.kind and ctx.document_kind in other.params.get("documents", ("budget", "final")) and _heading_match(outline, other.params)
        )
    if ctx.derived[key] < int(gate.get("min_topics", 1)):
        return "few_sections"
    return None


@kind("required_section")
def required_section(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    params = rule.params
    topic = _localised(params["topic"], ctx.lang)
    documents = params.get("documents", ["budget", "final"])
    if ctx.document_kind not in documents:
        code = "final_only" if documents == ["final"] else "budget_only"
        yield Check(rule, "not_applicable", [_document_place(ctx)], values={"topic": topic}, reason=_reason(ctx, code))
        return
    problem = _disclosure_gate(rule, ctx)
    if problem:
        yield Check(rule, "not_applicable", [_document_place(ctx)], values={"topic": topic}, reason=_reason(ctx, problem))
        return
    section, empty = _answering_section(ctx.outline, params)
    if section is not None:
        yield Check(rule, "pass", [_block_place(section.block)], values={"topic": topic})
        return
    statement = _statement_match(ctx.outline, params)
    if statement is not None:
        yield Check(rule, "pass", [_block_place(statement)], values={"topic": topic})
        return
    values = {"topic": topic, "headings": listed(params.get("headings", []), ctx.lang)}
    if empty is not None and "empty" in rule.messages:  # the heading is there, its explanation is not
        yield Check(rule, "fail", [_block_place(empty.block)], values={**values, "heading": empty.block.text.strip()}, variant="empty")
        return
    yield Check(rule, "fail", [_document_place(ctx)], values=values)


# ---- change_reason -----------------------------------------------------------------------------


@kind("change_reason")
def change_reason(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    params = rule.params
    outline = ctx.outline
    skip_under = list(params.get("exclude_under", []))
    sections = [
        section
        for section in outline.sections
        if not section.is_label
        and any(alias in section.title for alias in params["headings"])
        and not _under_any(outline, section.index, skip_under)
        and not any(alias in parent.title for parent in outline.path(section.index) for alias in params["headings"])
    ]
    if not sections:
        yield Check(rule, "not_applicable", [_document_place(ctx)], reason=_reason(ctx, "section_missing"))
        return
    change = _regex(params["change"])
    reason = _regex(params["reason"])
    for section in sections:
        texts = [section.block] + [block for block in outline.subtree(section) if isinstance(block, (Heading, Paragraph))]
        changes = [(block, found) for block in texts for found in [change.search(block.text)] if found]
        if not changes:
            yield Check(rule, "pass", [_block_place(section.block)])  # no change stated: nothing to explain
            continue
        if any(reason.search(block.text) for block in texts):
            yield Check(rule, "pass", [_block_place(section.block)])
            continue
        block, found = changes[0]
        places = [_block_place(section.block), _block_place(block, _excerpt(block.text, found.start(), found.end()))]
        yield Check(rule, "fail", places, values={"heading": section.title, "change": found.group(0)})


# ---- text_pattern ------------------------------------------------------------------------------


def _scoped_texts(ctx: AuditContext, scope: list[str]) -> list[tuple[str, Location, Heading | Paragraph | None]]:
    """The texts of the document's headings, paragraphs and/or table cells, in order (listed once per scope)."""
    key = ("scoped_texts", tuple(scope))
    if key not in ctx.derived:
        ctx.derived[key] = list(_texts_in_scope(ctx, scope))
    return ctx.derived[key]


def _texts_in_scope(ctx: AuditContext, scope: list[str]) -> Iterator[tuple[str, Location, Heading | Paragraph | None]]:
    for block in ctx.document.blocks:
        if isinstance(block, Heading) and "headings" in scope:
            yield block.text, block.location, block
        elif isinstance(block, Paragraph) and "paragraphs" in scope:
            yield block.text, block.location, block
        elif isinstance(block, Table) and "cells" in scope:
            for cell in block.cells():
                if cell.text.strip():
                    yield cell.text, cell.location, None


@kind("text_pattern")
def text_pattern(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    params = rule.params
    scope = list(params.get("scope", ["headings", "paragraphs"]))
    patterns = [_regex(pattern) for pattern in params["patterns"]]
    anywhere = _any_of(tuple(params["patterns"]))
    seen_any = False
    failed = False
    for text, location, _ in _scoped_texts(ctx, scope):
        seen_any = True
        if anywhere is not None and not anywhere.search(text):  # one pass for the usual text with none of them
            continue
        hits = [(found.start(), found.end(), found.group(0)) for pattern in patterns for found in pattern.finditer(text)]
        if not hits:
            continue
        hits.sort()
        failed = True
        words: list[str] = []
        for _, _, word in hits:
            word = word.strip()
            if word not in words:
                words.append(word)
        start, end = hits[0][0], hits[0][1]
        yield Check(rule, "fail", [Place(location, _excerpt(text, start, end))], values={"found": listed((quoted(word, ctx.lang) for word in words), ctx.lang)})
    if not seen_any:
        yield Check(rule, "not_applicable", [_document_place(ctx)], reason=_reason(ctx, "no_text"))
    elif not failed:
        yield Check(rule, "pass", [_document_place(ctx)])


# ---- wrong_year --------------------------------------------------------------------------------


@kind("wrong_year")
def wrong_year(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    params = rule.params
    outline = ctx.outline
    if not outline.text_blocks():
        yield Check(rule, "not_applicable", [_document_place(ctx)], reason=_reason(ctx, "no_text"))
        return
    found_year = document_year(ctx.document, outline)
    if found_year is None:
        yield Check(rule, "insufficient_data", [_document_place(ctx)], reason=_reason(ctx, "year_unknown"))
        return
    year, source = found_year
    if source == "file name" and ctx.document_kind == "final":
        # 决算 files are often named by the year they are published in, the year after the one
        # they account for: a file name cannot tell which year the text should say.
        yield Check(rule, "insufficient_data", [_document_place(ctx)], reason=_reason(ctx, "year_unknown"))
        return
    source_name = {"title": ("标题", "title"), "file name": ("文件名", "file name")}[source][1 if ctx.lang == "en" else 0]
    pattern = _regex(params["self_reference"][ctx.document_kind])
    guard = _regex(params["comparison"])
    window = int(params.get("window", 8))
    failed = False
    for _, block in outline.text_blocks():
        if block is outline.title:
            continue
        text = ascii_digits(block.text)
        for found in pattern.finditer(text):
            stated = int(found.group("year"))
            before = text[max(0, found.start() - window) : found.start()]
            if stated == year or guard.search(before):
                continue
            failed = True
            values = {"stated": stated, "year": year, "source": source_name, "phrase": block.text[found.start() : found.end()]}
            yield Check(rule, "fail", [_block_place(block, _excerpt(block.text, found.start(), found.end())), _document_place(ctx)], values=values)
    if not failed:
        yield Check(rule, "pass", [_document_place(ctx)])


# ---- truncated_sentence ------------------------------------------------------------------------


def _closes_paragraph(outline: Outline, index: int) -> bool:
    """Nothing continues the paragraph at `index`: the document ends, or a heading of its own
    section's level or above follows (a deeper heading, or one that starts a numbered list, may
    be the list the paragraph announces)."""
    following = outline.blocks[index + 1] if index + 1 < len(outline.blocks) else None
    if following is None:
        return True
    if not isinstance(following, Heading) or starts_a_list(following.text):
        return False  # "其中：" then "（一）…" or "1、…": the list it announces
    enclosing = outline.path(index)
    return not enclosing or following.level <= enclosing[-1].level


@kind("truncated_sentence")
def truncated_sentence(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    params = rule.params
    outline = ctx.outline
    blocks = outline.text_blocks()
    if not blocks:
        yield Check(rule, "not_applicable", [_document_place(ctx)], reason=_reason(ctx, "no_text"))
        return
    cut = _regex(params["cut_short"])
    dangling = _regex(params["dangling"])
    failed = False
    for index, block in blocks:
        text = block.text.rstrip()
        found = cut.search(text)
        if found is None and isinstance(block, Paragraph) and not is_label(block) and _closes_paragraph(outline, index):
            found = dangling.search(text)
        if found is None:
            continue
        failed = True
        yield Check(rule, "fail", [_block_place(block, _excerpt(text, found.start(), found.end()))], values={"phrase": found.group(0)})
    if not failed:
        yield Check(rule, "pass", [_document_place(ctx)])


# ---- empty_section -----------------------------------------------------------------------------


@kind("empty_section")
def empty_section(rule: Rule, ctx: AuditContext) -> Iterator[Check]:
    outline = ctx.outline
    sections = [section for section in outline.sections if not (isinstance(section.block, Heading) and section.level == 0)]
    if not sections:
        yield Check(rule, "not_applicable", [_document_place(ctx)], reason=_reason(ctx, "no_headings"))
        return
    # "附件：" and the like point at another file or an image, not at text that should follow.
    ignored = set(rule.params.get("ignore_labels", []))
    told = _reported_as_unexplained(ctx)
    empty = [section for section in sections if section.empty and not (section.is_label and section.title in ignored) and section.block.location not in told]
    for section in empty:
        yield Check(rule, "fail", [_block_place(section.block)], values={"heading": section.block.text.strip()})
    if not empty:
        yield Check(rule, "pass", [_document_place(ctx)])


def _reported_as_unexplained(ctx: AuditContext) -> set[Location]:
    """Empty headings a required-explanation rule of this audit reports already ("机构设置：" under
    C102): one hole, one finding, by the rule that says what is missing."""
    told: set[Location] = set()
    for rule in ctx.rules:
        if rule.kind == "required_section":
            told.update(check.places[0].location for check in required_section(rule, ctx) if check.variant == "empty")
    return told
