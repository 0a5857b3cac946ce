"""The README's model card example runs and says what it claims."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema

from sm_governance import RiskRating
from sm_governance.card import ModelCard

README = Path(__file__).parents[3] / "README.md"


def _model_cards_example() -> str:
    section = README.read_text("utf-8").split("## Model cards", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None
    return match.group(1)


def test_readme_example_builds_the_blog_card(schema_validator: jsonschema.Draft7Validator) -> None:
    namespace: dict[str, Any] = {}
    exec(_model_cards_example(), namespace)  # the documentation's own code
    card = namespace["card"]
    assert isinstance(card, ModelCard)
    assert card.to_content()["model_overview"] == {"model_creator": "Data science team"}
    assert card.risk_rating is RiskRating.LOW
    assert card.datazone_project_id == "5jdi2hjv0xq2jb"
    assert namespace["content"] == card.to_content_json()
    assert schema_validator.is_valid(card.to_content())
    assert len(_model_cards_example().strip().splitlines()) <= 20
