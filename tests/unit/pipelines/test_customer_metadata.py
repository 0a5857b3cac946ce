"""``customer_metadata_properties``: the card's DataZone IDs for a registration step."""

from __future__ import annotations

import pytest

from sm_governance import ValidationError
from sm_governance.card import IntendedUsesBuilder, ModelCardBuilder
from sm_governance.pipelines import customer_metadata_properties


def test_the_card_is_the_source_of_the_datazone_ids() -> None:
    card = (
        ModelCardBuilder(intended_uses=IntendedUsesBuilder(risk_rating="Low"))
        .datazone_project("5jdi2hjv0xq2jb", domain_id="dzd_4bq0w1zzmyfz9u")
        .build()
    )

    assert customer_metadata_properties(card, {"team": "risk"}) == {
        "datazone_project_id": "5jdi2hjv0xq2jb",
        "datazone_domain_id": "dzd_4bq0w1zzmyfz9u",
        "team": "risk",
    }
    # the same ID again is fine: it is the card's
    assert customer_metadata_properties(card, {"datazone_project_id": "5jdi2hjv0xq2jb"}) == {
        "datazone_project_id": "5jdi2hjv0xq2jb",
        "datazone_domain_id": "dzd_4bq0w1zzmyfz9u",
    }


def test_a_card_without_a_project_adds_nothing() -> None:
    card = ModelCardBuilder(intended_uses=IntendedUsesBuilder(risk_rating="Low")).build()

    assert customer_metadata_properties(card) == {}


def test_sagemakers_limits_are_checked_with_every_problem_named() -> None:
    card = ModelCardBuilder().datazone_project("5jdi2hjv0xq2jb").build()

    with pytest.raises(ValidationError) as caught:
        customer_metadata_properties(
            card,
            {
                "datazone_project_id": "other",
                "k" * 129: "long key",
                "long value": "v" * 257,
                **{f"k{i}": "v" for i in range(50)},
            },
        )

    assert caught.value.paths == [
        "extra['datazone_project_id']",
        f"extra['{'k' * 129}']",
        "extra['long value']",
        "extra",
    ]
    assert caught.value.subject == "customer metadata properties"
