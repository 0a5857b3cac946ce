"""SDK v2: the card in real pipeline definitions and in a registration on the local SageMaker."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from sm_governance.card import ModelCard
from sm_governance.pipelines import customer_metadata_properties, model_package_card

pytestmark = [
    pytest.mark.sdk(2),
    pytest.mark.filterwarnings("ignore:Running within a PipelineSession:UserWarning"),
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


def _model(session: Any) -> Any:
    from sagemaker.model import Model

    return Model(image_uri=IMAGE, model_data=MODEL_DATA, role=ROLE, sagemaker_session=session)


def _step_arguments(pipeline: Any, name: str) -> dict[str, Any]:
    definition = json.loads(pipeline.definition())
    (step,) = [s for s in definition["Steps"] if s["Name"] == name]
    assert step["Type"] == "RegisterModel"
    arguments: dict[str, Any] = step["Arguments"]
    return arguments


def test_model_step_carries_the_exact_card_the_status_parameter_and_the_project(
    card: ModelCard, pipeline_session: Any, sdk: SimpleNamespace
) -> None:
    # GIVEN a card status chosen when the pipeline starts
    status = sdk.ParameterString(name="CardStatus", default_value="PendingReview")
    model = _model(pipeline_session)

    # WHEN the card is attached to Model.register inside a ModelStep
    step = sdk.ModelStep(
        name="RegisterCreditRisk",
        step_args=model.register(
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
    arguments = _step_arguments(pipeline, "RegisterCreditRisk-RegisterModel")
    assert arguments["ModelCard"] == {
        "ModelCardStatus": {"Get": "Parameters.CardStatus"},
        "ModelCardContent": card.to_content_json(),
    }
    content = json.loads(arguments["ModelCard"]["ModelCardContent"])
    assert content["additional_information"]["custom_details"]["datazone_project_id"] == (
        card.datazone_project_id
    )
    assert arguments["CustomerMetadataProperties"] == {
        "datazone_domain_id": card.datazone_domain_id,
        "datazone_project_id": card.datazone_project_id,
    }


@pytest.mark.filterwarnings("ignore:We are deprecating the use of RegisterModel:DeprecationWarning")
def test_register_model_step_collection_carries_the_card(
    card: ModelCard, pipeline_session: Any, sdk: SimpleNamespace
) -> None:
    from sagemaker.workflow.step_collections import RegisterModel

    register = RegisterModel(
        name="Register",
        model=_model(pipeline_session),
        model_package_group_name=GROUP,
        model_card=model_package_card(card, status="Approved"),
        **INFERENCE,
    )
    pipeline = sdk.Pipeline(
        name="credit-risk", steps=[register], sagemaker_session=pipeline_session
    )

    arguments = _step_arguments(pipeline, "Register-RegisterModel")
    assert arguments["ModelCard"] == {
        "ModelCardStatus": "Approved",
        "ModelCardContent": card.to_content_json(),
    }


def test_the_plain_sdk_class_would_not_send_the_cards_json(card: ModelCard) -> None:
    # The reason model_package_card subclasses the SDK's class: v2 re-serialises the
    # content with spaces and \u escapes, so it is neither our JSON nor the same length.
    from sagemaker.model_card import ModelPackageModelCard

    plain = ModelPackageModelCard(model_card_content=card.to_content(), model_card_status="Draft")
    sent = plain._create_request_args()["Content"]

    assert json.loads(sent) == card.to_content()
    assert sent != card.to_content_json()
    assert len(sent) > len(card.to_content_json())
    assert "\\u00c9quipe" in sent  # "Équipe", escaped


def test_the_content_cannot_drift_from_the_validated_card(card: ModelCard) -> None:
    model_card = model_package_card(card)

    model_card.model_card_content["intended_uses"] = {}  # a copy: the request is unchanged

    assert model_card._create_request_args()["Content"] == card.to_content_json()
    with pytest.raises(AttributeError):
        model_card.model_card_content = {}


def test_registration_on_the_local_sagemaker_stores_the_card(
    card: ModelCard, sdk_session: Any, sagemaker_client: Any
) -> None:
    # GIVEN a model registered through the SDK outside a pipeline (the same request a
    # pipeline's RegisterModel step makes when it runs)
    model = _model(sdk_session)

    # WHEN it is registered with the card
    model.register(
        model_package_group_name=GROUP,
        model_card=model_package_card(card, status="PendingReview"),
        customer_metadata_properties=customer_metadata_properties(card),
        **INFERENCE,
    )

    # THEN the version holds exactly the card, its status and the DataZone project
    (summary,) = sagemaker_client.list_model_packages(ModelPackageGroupName=GROUP)[
        "ModelPackageSummaryList"
    ]
    version = sagemaker_client.describe_model_package(ModelPackageName=summary["ModelPackageArn"])
    assert version["ModelCard"] == {
        "ModelCardContent": card.to_content_json(),
        "ModelCardStatus": "PendingReview",
    }
    assert ModelCard.from_content_json(version["ModelCard"]["ModelCardContent"]) == card
    assert version["CustomerMetadataProperties"]["datazone_project_id"] == (
        card.datazone_project_id
    )


def test_the_card_survives_copying_and_pickling_in_another_process(card: ModelCard) -> None:
    # Pipelines deep-copy step arguments; users cache them. Unpickling in a fresh process
    # finds the class by name even before model_package_card has been called there.
    import copy
    import pickle
    import subprocess
    import sys

    model_card = model_package_card(card, status="Approved")
    assert copy.deepcopy(model_card)._create_request_args() == model_card._create_request_args()

    code = (
        "import pickle, sys; c = pickle.loads(sys.stdin.buffer.read()); "
        "r = c._create_request_args(); "
        "sys.stdout.write('@@' + r['Content'] + '|' + r['ModelCardStatus'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=pickle.dumps(model_card),
        capture_output=True,
        check=True,
    )
    # (the SDK prints its config lookup to stdout first)
    assert out.stdout.decode("utf-8").split("@@")[-1] == f"{card.to_content_json()}|Approved"
