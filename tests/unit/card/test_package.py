"""The model-package flavour: what SageMaker lets a model package's card hold.

Source: the SageMaker API reference for ``ModelPackageModelCard``: "The ModelPackageModelCard
schema does not include model_package_details, and model_overview is composed of the
model_creator and model_artifact properties."
"""

from __future__ import annotations

import pytest

from sm_governance import ValidationError
from sm_governance.card import (
    PACKAGE_MODEL_OVERVIEW_FIELDS,
    IntendedUses,
    ModelCard,
    ModelOverview,
)


def test_the_package_rule_is_model_creator_and_model_artifact_only() -> None:
    assert frozenset({"model_creator", "model_artifact"}) == PACKAGE_MODEL_OVERVIEW_FIELDS


def test_a_package_card_may_hold_creator_and_artifacts() -> None:
    card = ModelCard(
        model_overview=ModelOverview(model_creator="Team", model_artifact=["s3://m"]),
        intended_uses=IntendedUses(risk_rating="Low"),
    )
    assert card.for_package() is card


def test_for_package_names_every_field_a_package_card_cannot_hold() -> None:
    # GIVEN a standalone card with three overview fields a package card cannot hold
    card = ModelCard(
        model_overview=ModelOverview(
            model_creator="Team",
            model_description="d",
            algorithm_type="XGBoost",
            model_owner="o",
        )
    )
    # WHEN it is checked as a package card THEN each of them is named
    with pytest.raises(ValidationError) as caught:
        card.for_package()
    assert caught.value.paths == [
        "model_overview.model_description",
        "model_overview.algorithm_type",
        "model_overview.model_owner",
    ]
    assert "ModelPackageModelCard" in caught.value.problems[0].message
    assert caught.value.subject == "model package card"


def test_reading_accepts_either_flavour() -> None:
    standalone = '{"model_overview":{"model_description":"d","problem_type":"p"}}'
    package = '{"model_overview":{"model_creator":"c","model_artifact":["s3://m"]}}'
    assert ModelCard.from_content_json(standalone).to_content_json() == standalone
    assert ModelCard.from_content_json(package, package=True).to_content_json() == package


def test_reading_as_package_reports_package_and_other_problems_together() -> None:
    content = {
        "model_package_details": {"model_package_arn": "arn"},
        "model_overview": {"problem_type": "p", "model_creator": 1},
        "intended_uses": {"risk_rating": "Extreme"},
    }
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content(content, package=True)
    assert caught.value.paths == [
        "model_package_details",
        "model_overview.problem_type",
        "model_overview.model_creator",
        "intended_uses.risk_rating",
    ]
    assert "cannot hold model_package_details" in caught.value.problems[0].message


def test_model_package_details_is_unknown_to_a_standalone_card_too() -> None:
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content({"model_package_details": {}})
    assert caught.value.problems[0].message.startswith("unknown field 'model_package_details'")


def test_a_non_object_overview_is_reported_once_as_package() -> None:
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content({"model_overview": "creator"}, package=True)
    assert caught.value.paths == ["model_overview"]
    assert caught.value.problems[0].message == "must be an object"
