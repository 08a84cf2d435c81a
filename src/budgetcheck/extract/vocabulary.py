"""Map the words a disclosure uses for an amount to a concept of rules/concepts.yaml.

Matching is exact after normalisation (years, quotes, spaces and filler words such as 预算、安排、
为 removed): a label that is not in the vocabulary stays unknown, and the statement it belongs
to is counted as seen but not checked — never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from budgetcheck.rulepacks import read_pack


@dataclass(frozen=True)
class Concept:
    id: str
    en: str
    names: tuple[str, ...]
    parts: frozenset[str] = field(default_factory=frozenset)
    complete: tuple[frozenset[str], ...] = ()
    catch_all: bool = False

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


_QUOTES = re.compile(r"[“”\"'‘’「」『』《》\s　]")
_YEAR = re.compile(r"\d{4}\s*年(?:度)?")
# Words around a label that do not change what it names.
_LEADING = ("，", ",", "、", "安排", "其中：", "其中:", "其中", "包括", "主要包括", "以及", "及", "和", "与", "为", "另外", "另", "我部门", "本部门", "我单位", "本单位", "部门", "我", "全年", "当年", "本年度", "今年", "上年末", "年末", "年初", "：", ":")
_TRAILING = ("共计安排", "总计安排", "合计安排", "预算安排", "安排", "预算数", "支出决算数", "支出决算", "决算数", "决算", "共计", "总计", "合计", "总额为", "为", "是", "达", "约", "：", ":")


_TOTAL_WORDS = ("共计", "总计", "合计")


def normalise_label(text: str, keep: tuple[str, ...] = ()) -> str:
    """The part of a label that names the amount, e.g. "2020年我部门财政拨款“三公”经费预算安排" → "财政拨款三公经费".

    `keep`: trailing words left on, for names that end in one ("支出合计")."""
    label = _QUOTES.sub("", text)
    label = _YEAR.sub("", label)
    label = label.strip("，,。；;、 ")
    changed = True
    while changed and label:
        changed = False
        for word in _LEADING:
            if label.startswith(word) and len(label) > len(word):
                label = label[len(word) :]
                changed = True
        for word in _TRAILING:
            if word not in keep and label.endswith(word) and len(label) > len(word):
                label = label[: -len(word)]
                changed = True
    return label.strip("，,。；;、 ")


class Vocabulary:
    def __init__(self, concepts: dict[str, Concept]) -> None:
        self.concepts = concepts
        self._by_name: dict[str, str] = {}
        for concept in concepts.values():
            for name in concept.names:
                self._by_name[_QUOTES.sub("", name)] = concept.id
            self._by_name.setdefault(concept.id, concept.id)

    def match(self, label: str) -> str | None:
        """The concept a label names, or None when it is not understood."""
        # A name that ends in a total word ("2023年度支出合计" is 支出合计) first; then without it ("本年支出合计" → 本年支出).
        found = self._by_name.get(normalise_label(label, keep=_TOTAL_WORDS))
        if found is not None:
            return found
        normalised = normalise_label(label)
        if not normalised:
            return None
        found = self._by_name.get(normalised)
        if found is None and normalised.endswith("预算"):
            found = self._by_name.get(normalised[: -len("预算")])
        if found is None and normalised.startswith("预算"):
            found = self._by_name.get(normalised[len("预算") :])
        return found

    def get(self, concept_id: str) -> Concept:
        return self.concepts[concept_id]

    def is_part(self, child: str, parent: str) -> bool:
        return child in self.concepts[parent].parts

    def is_complete(self, parent: str, parts: set[str]) -> bool:
        """Whether listed parts make the whole parent (a complete set, or a catch-all part)."""
        concept = self.concepts[parent]
        if any(self.concepts[part].catch_all for part in parts if part in self.concepts):
            return True
        return any(required <= parts for required in concept.complete)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    data = read_pack("concepts.yaml")["concepts"]
    concepts: dict[str, Concept] = {}
    for concept_id, entry in data.items():
        concepts[concept_id] = Concept(
            id=concept_id,
            en=entry.get("en", concept_id),
            names=tuple(entry.get("names", [])),
            parts=frozenset(entry.get("parts", [])),
            complete=tuple(frozenset(group) for group in entry.get("complete", [])),
            catch_all=bool(entry.get("catch_all", False)),
        )
    for concept in concepts.values():
        unknown = [part for part in concept.parts if part not in concepts]
        if unknown:
            raise ValueError(f"concepts.yaml: {concept.id} lists unknown parts {unknown}")
    return Vocabulary(concepts)
