"""docs/annex-iv.md and the crosswalk data agree, item by item."""

from __future__ import annotations

import re
from pathlib import Path

from sm_governance.evidence._crosswalk import FACTS, crosswalk

DOC = Path(__file__).parents[3] / "docs" / "annex-iv.md"


def sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### (\d)\. ", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_each_item_of_the_crosswalk_is_documented_with_its_evidence() -> None:
    documented = sections()
    assert list(documented) == [item.id for item in crosswalk().items]
    for item in crosswalk().items:
        section = documented[item.id]
        assert section.startswith(item.title), item.id
        for evidence in (*item.card, *item.optional):
            assert f"`{evidence.path}`" in section, (item.id, evidence.path)
        for fact in (*item.facts, *item.supporting):
            assert f"`{fact.fact}`" in section, (item.id, fact.fact)
        if item.reach == "outside":
            assert "(out of the card's reach)" in section.splitlines()[0]


def test_every_fact_is_explained() -> None:
    text = DOC.read_text(encoding="utf-8")
    for fact in FACTS:
        assert f"| `{fact}` |" in text, fact
