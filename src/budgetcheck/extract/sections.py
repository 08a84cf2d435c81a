"""The outline of a disclosure's text: its headings and labels, and what each one holds.

A section starts at a heading (a `Heading` block, with its level) or at a label — a short
paragraph that ends in a colon ("机构设置：", "主要职能包括：") and announces what follows.  A label
sits one level below the heading it is under.  The outline knows, for every section, the blocks
directly under it and whether anything is under it at all; it knows nothing of budgets, so the
completeness rules can ask it "is there a heading named like this" and "is this heading empty".

Where a heading's content starts is judged as a reader does:
- a deeper heading, a paragraph or a table under a heading is its content;
- a heading directly followed by one numbered as a first item ("一、", "（一）", "1、", "第一部分")
  is that list's parent, even when a converter gave both the same level;
- a heading that carries its content on the same line ("预算主管部门：XX局") is not empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from budgetcheck.model import Block, Document, Heading, Paragraph
from budgetcheck.parsers.headings import marker_kind

LABEL_MAX_CHARS = 24  # "主要职能包括：" is a label; a sentence ending in "其中：" is not
_COLONS = ("：", ":")
_SENTENCE_MARKS = re.compile(r"[。；;！!？?]")
_FIRST_ITEM = re.compile(r"^\s*(?:第[一1]\s*[部分章节篇]|[一1](?:、|[．.](?!\d))|[（(][一1][）)]|①)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class Section:
    index: int  # position of the heading or label in Document.blocks
    block: Heading | Paragraph
    level: int  # a heading's level; a label is one deeper than the heading it is under
    is_label: bool
    title: str  # the heading text, or the label without its colon
    inline: str  # what a heading says after its colon, on the same line ("预算主管部门：XX局" → "XX局")
    body: tuple[Block, ...]  # the blocks up to the next heading or label
    empty: bool  # nothing at all under it before the next heading of its level or above


def is_label(paragraph: Paragraph) -> bool:
    """A short paragraph ending in a colon that announces what follows: "机构设置：", "其中："."""
    text = paragraph.text.strip()
    return text.endswith(_COLONS) and len(text) <= LABEL_MAX_CHARS and not _SENTENCE_MARKS.search(text)


def _inline_content(text: str) -> str:
    stripped = text.strip()
    for colon in _COLONS:
        head, found, tail = stripped.partition(colon)
        if found and head:
            return tail.strip()
    return ""


def starts_a_list(text: str) -> bool:
    """The text is numbered as the first item of a list: 一、 （一） 1、 （1） 第一部分 ①."""
    return bool(_FIRST_ITEM.match(text))


class Outline:
    """Headings and labels of one document, in document order, each with what it holds."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.blocks = document.blocks
        self.sections = self._read()

    @cached_property
    def title(self) -> Heading | Paragraph | None:
        """The document's title: its level-0 heading, else its first line of text."""
        texts = self.document.texts
        for block in texts[:3]:
            if isinstance(block, Heading) and block.level == 0:
                return block
        return texts[0] if texts else None

    def _read(self) -> list[Section]:
        starts: list[tuple[int, Heading | Paragraph, int, bool]] = []
        enclosing = 0  # level of the heading the current block is under
        for index, block in enumerate(self.blocks):
            if isinstance(block, Heading):
                enclosing = block.level
                starts.append((index, block, block.level, False))
            elif isinstance(block, Paragraph) and is_label(block):
                starts.append((index, block, enclosing + 1, True))
        sections: list[Section] = []
        for position, (index, block, level, label) in enumerate(starts):
            following = starts[position + 1] if position + 1 < len(starts) else None
            end = following[0] if following else len(self.blocks)
            body = tuple(self.blocks[index + 1 : end])
            inline = "" if label else _inline_content(block.text)
            title = block.text.strip().rstrip("：:").strip() if label else block.text.strip()
            empty = not body and not inline and self._closes(block, level, label, following)
            sections.append(Section(index, block, level, label, title, inline, body, empty))
        return sections

    @staticmethod
    def _closes(block: Heading | Paragraph, level: int, label: bool, following: tuple[int, Heading | Paragraph, int, bool] | None) -> bool:
        """Whether the next heading or label ends this section (rather than being its content)."""
        if following is None:
            return True
        _, next_block, next_level, next_label = following
        if label:
            # A label's content may be sub-headings ("其中：" then "（一）…") or a list it starts
            # ("其中：" then "一、…"), but not another heading of the label's level or above, nor
            # the next label.
            if next_label:
                return True
            return next_level < level and not starts_a_list(next_block.text)
        if next_label:
            return False  # "一、部门职责及机构设置情况" then "部门职责：" — the label is its content
        if next_level > level:
            return False
        return not starts_a_list(next_block.text)

    def path(self, index: int) -> list[Section]:
        """The headings (not labels) a block at `index` is under, outermost first."""
        return list(self._paths[index])

    @cached_property
    def _paths(self) -> list[tuple[Section, ...]]:
        """For every block, the chain of headings it is under (computed once: rules ask per block)."""
        by_index = {section.index: section for section in self.sections if not section.is_label}
        chain: list[Section] = []
        paths: list[tuple[Section, ...]] = []
        for index in range(len(self.blocks)):
            paths.append(tuple(chain))
            section = by_index.get(index)
            if section is not None:
                while chain and chain[-1].level >= section.level:
                    chain.pop()
                chain.append(section)
        return paths

    def subtree(self, section: Section) -> list[Block]:
        """The blocks a heading or label holds: up to the next heading of its own level or above
        (for a label, also up to the next label).

        When the first heading under a section is numbered as a first item at the section's own
        level (a converter flattened "其他相关情况说明" and "一、…" to one level), the list it
        starts belongs to the section.
        """
        following = next((b for b in self.blocks[section.index + 1 :] if isinstance(b, Heading)), None)
        flattened_kind = None
        if not section.is_label and following is not None and following.level == section.level and starts_a_list(following.text):
            flattened_kind = marker_kind(following.text)
        out: list[Block] = []
        for block in self.blocks[section.index + 1 :]:
            if isinstance(block, Heading):
                if block.level < section.level:
                    break
                if block.level == section.level and not section.is_label:
                    if flattened_kind is None or marker_kind(block.text) != flattened_kind:
                        break
            elif section.is_label and isinstance(block, Paragraph) and is_label(block):
                break
            out.append(block)
        return out

    def text_blocks(self) -> list[tuple[int, Heading | Paragraph]]:
        return [(index, block) for index, block in enumerate(self.blocks) if isinstance(block, (Heading, Paragraph))]

    def has_narrative(self) -> bool:
        """Headings or labels with prose under them, not only tables and their banners."""
        return any(
            section.level >= 1 and any(isinstance(block, Paragraph) for block in self.subtree(section)) for section in self.sections
        )


def ascii_digits(text: str) -> str:
    """Full-width digits (２０２１年, as typed in WPS) as ASCII; one character for one, so
    positions found in the result hold in the original text."""
    return text.translate(_FULL_WIDTH_DIGITS)


def document_year(document: Document, outline: Outline | None = None) -> tuple[int, str] | None:
    """The year a disclosure is about and where it was read: its title, else its file name.

    "上海市普陀区2025年区级部门预算" → 2025 from the title.  A title with two years (a 决算 that
    names the previous one) is ambiguous and gives None rather than a guess.
    """
    outline = outline or Outline(document)
    if outline.title is not None:
        years = set(_YEAR.findall(ascii_digits(outline.title.text)))
        if len(years) == 1:
            return int(years.pop()), "title"
        if years:
            return None
    names = set(_YEAR.findall(ascii_digits(Path(document.path).stem)))
    if len(names) == 1:
        return int(names.pop()), "file name"
    return None
