"""``model_package_card`` with the installed SDK (v2 or v3): shape, status, refusals."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from sm_governance import CardStatus, ValidationError
from sm_governance.card import ModelCard
from sm_governance.pipelines import (
    customer_metadata_properties,
    model_package_card,
    sdk_major,
)


def _content_and_status(model_card: Any) -> tuple[str, Any]:
    """What the registration request will carry, as each SDK reads it."""
    if sdk_major() == 2:
        request = model_card._create_request_args()
        return request["Content"], request["ModelCardStatus"]
    return model_card.model_card_content, model_card.model_card_status


def test_returns_the_installed_sdks_model_package_model_card(
    card: ModelCard, sdk: SimpleNamespace
) -> None:
    model_card = model_package_card(card)

    assert isinstance(model_card, sdk.ModelPackageModelCard)
    assert _content_and_status(model_card) == (card.to_content_json(), "Draft")


@pytest.mark.parametrize("status", [CardStatus.PENDING_REVIEW, "PendingReview"])
def test_status_as_enum_or_string_becomes_the_plain_value(
    card: ModelCard, status: CardStatus | str
) -> None:
    _, sent = _content_and_status(model_package_card(card, status=status))

    assert sent == "PendingReview"
    assert type(sent) is str


def test_status_may_be_a_pipeline_parameter(card: ModelCard, sdk: SimpleNamespace) -> None:
    status = sdk.ParameterString(name="CardStatus", default_value="PendingReview")

    _, sent = _content_and_status(model_package_card(card, status=status))

    assert sent is status


def test_content_given_as_json_data_is_the_same_card(card: ModelCard) -> None:
    from_data = model_package_card(card.to_content(), status="Approved")

    assert _content_and_status(from_data) == (card.to_content_json(), "Approved")


def test_pipeline_variables_inside_the_content_are_refused_by_field(
    card: ModelCard, sdk: SimpleNamespace
) -> None:
    # GIVEN content that takes values from the pipeline: a parameter and an execution variable
    content = card.to_content()
    content["model_overview"]["model_artifact"] = [sdk.ParameterString(name="ModelUrl")]
    content["intended_uses"]["purpose_of_model"] = sdk.ExecutionVariables.PIPELINE_NAME
    content["additional_information"]["custom_details"]["run"] = (
        sdk.ExecutionVariables.PIPELINE_EXECUTION_ID
    )

    # WHEN it is made into a registration card
    with pytest.raises(ValidationError) as caught:
        model_package_card(content)

    # THEN each variable is named by its field, with why SageMaker cannot use it
    assert caught.value.paths == [
        "model_overview.model_artifact[0]",
        "intended_uses.purpose_of_model",
        "additional_information.custom_details.run",
    ]
    first = caught.value.problems[0].message
    assert '{"Get": "Parameters.ModelUrl"}' in first
    assert "never resolves pipeline variables" in first


def test_a_pipeline_variable_as_a_key_is_refused(card: ModelCard, sdk: SimpleNamespace) -> None:
    content: dict[Any, Any] = card.to_content()
    content["additional_information"]["custom_details"] = {sdk.ParameterString(name="K"): "v"}

    with pytest.raises(ValidationError) as caught:
        model_package_card(content)

    assert caught.value.paths == ["additional_information.custom_details"]


def test_invalid_statuses_are_refused_with_every_problem(
    card: ModelCard, sdk: SimpleNamespace
) -> None:
    bad_default = sdk.ParameterString(
        name="CardStatus", default_value="Pending", enum_values=["Draft", "Done"]
    )

    with pytest.raises(ValidationError) as caught:
        model_package_card(card, status=bad_default)
    assert caught.value.paths == ["status.default_value", "status.enum_values[1]"]

    with pytest.raises(ValidationError, match="'Aproved' is not a card status") as typo:
        model_package_card(card, status="Aproved")
    assert typo.value.paths == ["status"]

    with pytest.raises(ValidationError, match="not int") as wrong_type:
        model_package_card(card, status=1)
    assert wrong_type.value.paths == ["status"]


def test_a_pipeline_variable_in_content_and_a_bad_status_are_reported_together(
    card: ModelCard, sdk: SimpleNamespace
) -> None:
    content = card.to_content()
    content["intended_uses"]["purpose_of_model"] = sdk.ParameterString(name="Purpose")

    with pytest.raises(ValidationError) as caught:
        model_package_card(content, status="Ready")

    assert caught.value.paths == ["intended_uses.purpose_of_model", "status"]


def test_a_standalone_cards_overview_is_refused_for_a_package(card: ModelCard) -> None:
    content = card.to_content()
    content["model_overview"]["model_description"] = "Gradient boosted trees"

    with pytest.raises(ValidationError) as from_data:
        model_package_card(content)
    assert "model_overview.model_description" in from_data.value.paths

    standalone = ModelCard.from_content(content)
    with pytest.raises(ValidationError) as from_card:
        model_package_card(standalone)
    assert from_card.value.paths == ["model_overview.model_description"]


def test_something_that_is_no_card_is_refused(card: ModelCard) -> None:
    with pytest.raises(ValidationError, match="must be a ModelCard") as caught:
        model_package_card(card.to_content_json())  # type: ignore[arg-type]

    assert caught.value.paths == ["card"]


def test_customer_metadata_carries_the_datazone_ids_and_pipeline_variables(
    card: ModelCard, sdk: SimpleNamespace
) -> None:
    team = sdk.ParameterString(name="Team", default_value="risk")

    metadata = customer_metadata_properties(card, {"team": team, "source": "pipeline"})

    assert metadata == {
        "datazone_project_id": card.datazone_project_id,
        "datazone_domain_id": card.datazone_domain_id,
        "team": team,
        "source": "pipeline",
    }


def test_customer_metadata_refuses_what_sagemaker_would(card: ModelCard) -> None:
    with pytest.raises(ValidationError) as caught:
        customer_metadata_properties(
            card,
            {
                "datazone_project_id": "another-project",
                "datazone_domain_id": card.datazone_domain_id,
                "": "empty key",
                "empty": "",
                "count": 3,
                **{f"k{i}": "v" for i in range(49)},
            },
        )

    assert caught.value.paths == [
        "extra['datazone_project_id']",
        "extra['']",
        "extra['empty']",
        "extra['count']",
        "extra",
    ]


def test_the_content_json_is_never_in_the_repr(card: ModelCard) -> None:
    model_card = model_package_card(card)

    if sdk_major() == 2:
        assert card.to_content_json() not in repr(model_card)
        assert json.loads(model_card.content_json) == card.to_content()
