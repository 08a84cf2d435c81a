"""Recognise headings in plain paragraphs by their numbering, as a reader does.

Chinese official documents number their sections 一、 （一） 1、 （1） and 第一部分; which of
these is the top level varies from template to template, so a marker's level is where it
first appears under the markers currently open: a new kind of marker goes one level deeper,
a kind already open closes everything below it.  Word heading styles, when a document has
them, give the level directly and win over this.
"""

from __future__ import annotations

import re

_CN_NUM = "一二三四五六七八九十百零〇"

# (kind, pattern): the kind names a numbering style, not a level.
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"^第[{_CN_NUM}\d]+[部分章节篇]")),
    ("cn", re.compile(rf"^[{_CN_NUM}]+[、．.]")),
    ("cn_paren", re.compile(rf"^[（(][{_CN_NUM}]+[）)]")),
    ("num", re.compile(r"^\d{1,2}[、．.](?!\d)")),
    ("num_paren", re.compile(r"^[（(]\d{1,2}[）)]")),
    ("num_circled", re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]")),
]

MAX_HEADING_CHARS = 40
_SENTENCE_END = ("。", "；", ";", "，", ",")


def marker_kind(text: str) -> str | None:
    """The numbering style a heading-like line starts with, or None.

    A numbered line is a heading only when it reads as a title: short, and not a sentence
    ("（一）认真贯彻执行党的路线……。" is a list item, "1、收入说明" a heading).
    """
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_HEADING_CHARS or stripped.endswith(_SENTENCE_END):
        return None
    if "：" in stripped[:-1] or ":" in stripped[:-1]:
        return None  # "1、基本支出：指……" is a definition, not a heading
    for kind, pattern in _MARKERS:
        if pattern.match(stripped):
            return kind
    return None


class HeadingLeveler:
    """Assign levels to numbered headings in document order (see module docstring)."""

    def __init__(self) -> None:
        self._open: list[str] = []

    def level(self, kind: str) -> int:
        if kind in self._open:
            del self._open[self._open.index(kind) + 1 :]
        else:
            self._open.append(kind)
        return len(self._open)

    def styled(self, level: int) -> None:
        """A styled heading at `level` closes numbered headings at or below it."""
        del self._open[max(level - 1, 0) :]


def is_title(text: str) -> bool:
    """A document's first line reads as its title: short, unnumbered, not a sentence."""
    stripped = text.strip()
    return 0 < len(stripped) <= 60 and not stripped.endswith(_SENTENCE_END + ("：", ":")) and marker_kind(stripped) is None
