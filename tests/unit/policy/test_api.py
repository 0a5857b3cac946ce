"""The public surface of sm_governance.policy, and evaluation of real ModelCard objects."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import sm_governance.policy as policy_module
from sm_governance.card import (
    DATAZONE_PROJECT_KEY,
    DATAZONE_SAMPLE_KEY,
    IntendedUsesBuilder,
    ModelCard,
    ModelCardBuilder,
)
from sm_governance.policy import evaluate, load_policy
from sm_governance.policy._evaluate import DATAZONE_KEYS

Content = dict[str, Any]


def test_all_names_exactly_the_public_names() -> None:
    # (names starting with "@" are pytest's assertion-rewriting helpers)
    names = {name for name in vars(policy_module) if not name.startswith(("_", "@"))}
    public = names - {"annotations"}
    assert set(policy_module.__all__) == public
    for name in policy_module.__all__:
        assert getattr(policy_module, name) is not None


def test_importing_the_policy_package_stays_light() -> None:
    # GIVEN a fresh interpreter WHEN it imports sm_governance.policy
    # THEN no AWS library loads, and neither does the card package (evaluation is decoupled)
    code = (
        "import sys, sm_governance.policy; "
        "print(','.join(m for m in ('boto3', 'botocore', 'sm_governance.card') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_datazone_keys_are_the_cards_own() -> None:
    assert DATAZONE_KEYS == (DATAZONE_PROJECT_KEY, DATAZONE_SAMPLE_KEY)


def test_a_model_card_is_evaluated_like_its_content(
    spec_policy_text: str, good_card: Content
) -> None:
    # GIVEN a real ModelCard parsed from the content dict
    card = ModelCard.from_content(good_card)
    policy = load_policy(spec_policy_text)
    # WHEN both are evaluated THEN the reports are identical, digests included
    from_card, from_dict = evaluate(policy, card), evaluate(policy, card.to_content())
    assert from_card == from_dict == evaluate(policy, good_card)
    assert from_card.passed
    assert from_card.card_digest == evaluate(policy, json.loads(card.to_content_json())).card_digest


def test_a_built_card_with_its_datazone_project_passes_the_gate() -> None:
    # GIVEN a card built with the builders, rated High, with its DataZone project
    card = (
        ModelCardBuilder(
            intended_uses=IntendedUsesBuilder(
                purpose_of_model="Score retail credit applications", risk_rating="High"
            )
        )
        .datazone_project("5jdi2hjv0xq2jb")
        .build()
    )
    policy = load_policy(
        """
        policy: built
        require: [intended_uses.purpose_of_model]
        datazone_project: required
        when:
          - risk_rating: High
            require: [additional_information.ethical_considerations]
        """
    )
    # WHEN it is checked THEN the base rules pass and the High rule names the missing field
    report = evaluate(policy, card)
    assert [(r.rule, r.passed) for r in report.rules] == [
        ("require intended_uses.purpose_of_model", True),
        ("datazone_project required", True),
        ("when risk_rating=High: require additional_information.ethical_considerations", False),
    ]
    assert report.rules[1].seen == card.datazone_project_id == "5jdi2hjv0xq2jb"
    assert report.risk_rating == "High"


def test_a_package_card_is_evaluated_too(good_card: Content, spec_policy_text: str) -> None:
    del good_card["model_overview"]
    card = ModelCard.from_content(good_card).for_package()
    assert evaluate(load_policy(spec_policy_text), card).passed
