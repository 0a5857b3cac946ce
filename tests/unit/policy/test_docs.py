"""docs/policy.md: every policy it shows loads, matches the JSON Schema and behaves as told."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from sm_governance.errors import ValidationError
from sm_governance.policy import evaluate, load_policy, policy_json_schema

DOC = Path(__file__).parents[3] / "docs" / "policy.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_document_shows_policies() -> None:
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("text", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_every_example_loads_and_matches_the_schema(text: str) -> None:
    policy = load_policy(text)
    assert policy.name
    jsonschema.validate(yaml.safe_load(text), policy_json_schema())


def _card(risk: str | None, **metrics: Any) -> dict[str, Any]:
    uses = {"purpose_of_model": "p", **({"risk_rating": risk} if risk else {})}
    data = [{"name": n, "type": "number", "value": v} for n, v in metrics.items()]
    return {
        "intended_uses": uses,
        "evaluation_details": [
            {"name": "e", "metric_groups": [{"name": "g", "metric_data": data}]}
        ],
    }


def test_ranges_and_tiers_behave_as_documented() -> None:
    ranges = load_policy('policy: r\nmetrics: {auc: [">= 0.7", "<= 0.99"]}\n')
    assert evaluate(ranges, _card(None, auc=0.8)).passed
    assert not evaluate(ranges, _card(None, auc=0.995)).passed  # suspiciously perfect
    assert not evaluate(ranges, _card(None, auc=True)).passed  # a boolean is not a number
    tiers = load_policy(
        'policy: t\nmetrics: {f: ">= 0.8"}\nwhen:\n'
        '  - risk_rating: High\n    metrics: {f: ">= 0.9"}\n'
    )
    assert evaluate(tiers, _card("Medium", f=0.85)).passed
    assert not evaluate(tiers, _card("High", f=0.85)).passed  # both thresholds apply
    assert evaluate(tiers, _card(None, f=0.85)).not_applicable  # no rating: no when item


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("policy: x\nmetrics: {auc: 0.8}\n", "not the bare number"),
        ('policy: x\nmetrics: {auc: "=> 0.8"}\n', ">="),
        ("policy: x\n", "checks nothing"),
        ("policy: x\nrequire: [intended_uses.purpose_of_modle]\n", "purpose_of_model"),
        ("policy: x\nversion: 2\nrequire: [intended_uses.purpose_of_model]\n", "version"),
    ],
)
def test_refusals_the_document_promises(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        load_policy(text)
    assert message in str(caught.value)
