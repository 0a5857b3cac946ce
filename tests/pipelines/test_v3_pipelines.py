"""SDK v3: the card through ModelBuilder.register, in a ModelStep and on the local SageMaker."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from sm_governance.card import ModelCard
from sm_governance.pipelines import customer_metadata_properties, model_package_card

pytestmark = [
    pytest.mark.sdk(3),
    pytest.mark.filterwarnings("ignore:Running within a PipelineSession:UserWarning"),
    # ModelBuilder's own default for `dependencies` ({"auto": True}) trips its deprecation.
    pytest.mark.filterwarnings("ignore:The 'dependencies' parameter is deprecated"),
]

GROUP = "credit-risk"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/credit-risk:1"
MODEL_DATA = "s3://governed-models/credit-risk/model.tar.gz"
ROLE = "arn:aws:iam::123456789012:role/ModelRegistration"
INFERENCE = {
    "content_types": ["text/csv"],
    "response_types": ["text/csv"],
    "inference_instances": ["ml.m5.large"],
    "transform_instances": ["ml.m5.large"],
}


def _builder(session: Any) -> Any:
    from sagemaker.serve.model_builder import ModelBuilder

    return ModelBuilder(
        s3_model_data_url=MODEL_DATA,
        image_uri=IMAGE,
        role_arn=ROLE,
        sagemaker_session=session,
        instance_type="ml.m5.large",
    )


def test_model_step_carries_the_exact_card_the_status_parameter_and_the_project(
    card: ModelCard, pipeline_session: Any, sdk: SimpleNamespace
) -> None:
    # GIVEN a card status chosen when the pipeline starts
    status = sdk.ParameterString(name="CardStatus", default_value="PendingReview")

    # WHEN the card is attached to ModelBuilder.register inside v3's ModelStep
    step = sdk.ModelStep(
        name="RegisterCreditRisk",
        step_args=_builder(pipeline_session).register(
            model_package_group_name=GROUP,
            model_card=model_package_card(card, status=status),
            customer_metadata_properties=customer_metadata_properties(card),
            **INFERENCE,
        ),
    )
    pipeline = sdk.Pipeline(
        name="credit-risk", parameters=[status], steps=[step], sagemaker_session=pipeline_session
    )

    # THEN the definition holds our exact JSON, the parameter reference and the project
    definition = json.loads(pipeline.definition())
    (registered,) = definition["Steps"]
    assert registered["Type"] == "RegisterModel"
    arguments = registered["Arguments"]
    assert arguments["ModelCard"] == {
        "ModelCardContent": card.to_content_json(),
        "ModelCardStatus": {"Get": "Parameters.CardStatus"},
    }
    content = json.loads(arguments["ModelCard"]["ModelCardContent"])
    assert content["additional_information"]["custom_details"]["datazone_project_id"] == (
        card.datazone_project_id
    )
    assert arguments["CustomerMetadataProperties"] == {
        "datazone_domain_id": card.datazone_domain_id,
        "datazone_project_id": card.datazone_project_id,
    }


def test_a_literal_status_is_written_as_it_is(
    card: ModelCard, pipeline_session: Any, sdk: SimpleNamespace
) -> None:
    step = sdk.ModelStep(
        name="Register",
        step_args=_builder(pipeline_session).register(
            model_package_group_name=GROUP,
            model_card=model_package_card(card, status="Approved"),
            **INFERENCE,
        ),
    )
    pipeline = sdk.Pipeline(name="credit-risk", steps=[step], sagemaker_session=pipeline_session)

    (registered,) = json.loads(pipeline.definition())["Steps"]
    assert registered["Arguments"]["ModelCard"] == {
        "ModelCardContent": card.to_content_json(),
        "ModelCardStatus": "Approved",
    }


def test_registration_on_the_local_sagemaker_stores_the_card(
    card: ModelCard, sdk_session: Any, sagemaker_client: Any
) -> None:
    # GIVEN ModelBuilder on a plain session (the request a pipeline's step makes at run time)
    builder = _builder(sdk_session)

    # WHEN it registers the model with the card
    arn = builder.register(
        model_package_group_name=GROUP,
        model_card=model_package_card(card, status="PendingReview"),
        customer_metadata_properties=customer_metadata_properties(card),
        **INFERENCE,
    )

    # THEN the version holds exactly the card, its status and the DataZone project
    version = sagemaker_client.describe_model_package(ModelPackageName=arn)
    assert version["ModelCard"] == {
        "ModelCardContent": card.to_content_json(),
        "ModelCardStatus": "PendingReview",
    }
    assert ModelCard.from_content_json(version["ModelCard"]["ModelCardContent"]) == card
    assert version["CustomerMetadataProperties"]["datazone_project_id"] == (
        card.datazone_project_id
    )
