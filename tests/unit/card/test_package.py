"""The model-package flavour: what SageMaker lets a model package's card hold.

Source: the SageMaker API reference for ``ModelPackageModelCard``: "The ModelPackageModelCard
schema does not include model_package_details, and model_overview is composed of the
model_creator and model_artifact properties." That refuses every field the Developer Guide's
schema adds for standalone cards, too.
"""

from __future__ import annotations

import pytest

from sm_governance import ValidationError
from sm_governance.card import (
    DEVELOPER_GUIDE_FIELDS,
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


def test_a_standalone_card_may_hold_model_package_details() -> None:
    text = '{"model_package_details":{"model_package_group_name":"credit-risk"}}'
    assert ModelCard.from_content_json(text).to_content_json() == text


@pytest.mark.parametrize("field", DEVELOPER_GUIDE_FIELDS)
def test_a_package_card_refuses_every_developer_guide_field(
    field: str, standalone_card: ModelCard
) -> None:
    # GIVEN a valid standalone card holding one field of the Developer Guide's schema
    content = standalone_card.to_content()
    overview = content["model_overview"]
    content["model_overview"] = {
        k: v for k, v in overview.items() if k in PACKAGE_MODEL_OVERVIEW_FIELDS
    }
    content.pop("model_package_details")
    section, _, name = field.partition(".")
    source = standalone_card.to_content()
    if name:
        content[section][name] = source[section][name]
    else:
        content[section] = source[section]
    card = ModelCard.from_content(content)
    # WHEN it is checked or read as a package card THEN exactly that field is named
    for check in (card.for_package, lambda: ModelCard.from_content(content, package=True)):
        with pytest.raises(ValidationError) as caught:
            check()
        assert caught.value.paths == [field]
        assert "ModelPackageModelCard" in caught.value.problems[0].message


def test_for_package_names_all_developer_guide_fields_at_once(standalone_card: ModelCard) -> None:
    with pytest.raises(ValidationError) as caught:
        standalone_card.for_package()
    assert caught.value.paths == [
        "model_package_details",
        "model_overview.model_description",
        "model_overview.algorithm_type",
        "model_overview.problem_type",
        "model_overview.model_owner",
        "model_overview.model_id",
        "model_overview.model_name",
        "model_overview.model_version",
        "model_overview.inference_environment",
    ]


def test_a_refused_field_is_named_once_not_also_for_what_is_inside_it() -> None:
    # GIVEN package content whose refused fields are invalid inside too
    content = {
        "model_package_details": {"model_package_arn": "", "source_algorithms": [{}]},
        "model_overview": {"inference_environment": {"container_image": [1]}},
    }
    # WHEN read as a package card THEN only the refused fields are reported
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content(content, package=True)
    assert caught.value.paths == ["model_package_details", "model_overview.inference_environment"]
    # AND as a standalone card the problems inside them are reported instead
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content(content)
    assert caught.value.paths == [
        "model_overview.inference_environment.container_image[0]",
        "model_package_details.model_package_arn",
        "model_package_details.source_algorithms[0].algorithm_name",
    ]


def test_a_non_object_overview_is_reported_once_as_package() -> None:
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content({"model_overview": "creator"}, package=True)
    assert caught.value.paths == ["model_overview"]
    assert caught.value.problems[0].message == "must be an object"
