"""Key figures kept in the results store beside each document's findings.

Until a dedicated key-figure extractor exists, these are the amounts the narrative states, by concept and year
(支出合计, 基本支出, 三公经费 …) exactly as stated, with the location of each: every statement of a concept,
not a guess at which one is "the" figure.
"""

from __future__ import annotations

from budgetcheck.extract.narrative import extract_narrative
from budgetcheck.model import Document


def key_figures(document: Document) -> dict[str, object]:
    narrative = extract_narrative(document)
    by_concept: dict[str, list[dict[str, object]]] = {}
    for fact in narrative.facts:
        if fact.role != "amount" or fact.concept is None or fact.quantity.kind != "money":
            continue
        by_concept.setdefault(fact.concept, []).append(
            {"value": format(fact.quantity.value, "f"), "unit": fact.quantity.unit, "year": fact.year, "location": fact.location.to_dict()}
        )
    return {"narrative": by_concept} if by_concept else {}
