"""register's request: every argument checked first, then one CreateModelPackage request."""

from __future__ import annotations

from typing import Any, cast

import botocore.session
import pytest
from botocore.model import StringShape
from hypothesis import given
from hypothesis import strategies as st

from sm_governance._types import ApprovalStatus, CardStatus
from sm_governance.card import (
    IntendedUsesBuilder,
    ModelCard,
    ModelCardBuilder,
    ModelOverviewBuilder,
)
from sm_governance.errors import ValidationError
from sm_governance.registry import ModelLifecycle, derive_client_token
from sm_governance.registry._register import (
    Registration,
    prepare_registration,
    registered_version,
    to_lifecycle,
)

_MODEL = botocore.session.get_session().get_service_model("sagemaker")


def _enum(shape: str) -> list[str]:
    return list(cast(StringShape, _MODEL.shape_for(shape)).enum)


ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/7"


def _card() -> ModelCard:
    return (
        ModelCardBuilder(
            model_overview=ModelOverviewBuilder(model_creator="risk-ds"),
            intended_uses=IntendedUsesBuilder(purpose_of_model="churn", risk_rating="Medium"),
        )
        .datazone_project("proj-1", domain_id="dzd_abc")
        .build()
    )


def _prepare(card: object = None, **overrides: Any) -> Registration:
    args: dict[str, Any] = {
        "image_uri": "111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1",
        "model_data_url": "s3://models/churn/model.tar.gz",
        "content_types": ("text/csv",),
        "response_types": ("text/csv",),
        "inference_instances": None,
        "transform_instances": None,
        "model_metrics": None,
        "approval_status": ApprovalStatus.PENDING,
        "card_status": CardStatus.DRAFT,
        "customer_metadata": None,
        "lifecycle": None,
        "kms_key_id": None,
        "client_token": None,
        "realtime_instance_types": _enum("ProductionVariantInstanceType"),
        "transform_instance_types": _enum("TransformInstanceType"),
        "model_metrics_shape": _MODEL.shape_for("ModelMetrics"),
    }
    args.update(overrides)
    group = args.pop("group", "churn")
    return prepare_registration(group, _card() if card is None else card, **args)


def test_the_request_for_a_card_with_a_datazone_project() -> None:
    card = _card()
    registration = _prepare(card)
    assert registration.params == {
        "ModelPackageGroupName": "churn",
        "InferenceSpecification": {
            "Containers": [
                {
                    "Image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1",
                    "ModelDataUrl": "s3://models/churn/model.tar.gz",
                }
            ],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        "ModelApprovalStatus": "PendingManualApproval",
        "ModelCard": {"ModelCardContent": card.to_content_json(), "ModelCardStatus": "Draft"},
        "CustomerMetadataProperties": {
            "datazone_project_id": "proj-1",
            "datazone_domain_id": "dzd_abc",
        },
    }


def test_every_optional_part_is_sent_when_given() -> None:
    metrics = {
        "ModelQuality": {
            "Statistics": {"ContentType": "application/json", "S3Uri": "s3://m/stats.json"}
        }
    }
    registration = _prepare(
        group="arn:aws:sagemaker:eu-west-1:210987654321:model-package-group/churn",
        inference_instances=["ml.m5.large"],
        transform_instances=["ml.m5.xlarge"],
        model_metrics=metrics,
        approval_status="Approved",
        card_status="PendingReview",
        customer_metadata={"team": "risk", "datazone_project_id": "proj-1"},
        lifecycle={"stage": "Development", "stage_status": "InProgress"},
        kms_key_id="alias/models",
        client_token="run-42",
        content_types=(),
        response_types=[],
    )
    params = registration.params
    assert params["ModelPackageGroupName"].startswith("arn:aws:sagemaker:eu-west-1:")
    spec = params["InferenceSpecification"]
    assert spec["SupportedRealtimeInferenceInstanceTypes"] == ["ml.m5.large"]
    assert spec["SupportedTransformInstanceTypes"] == ["ml.m5.xlarge"]
    assert "SupportedContentTypes" not in spec
    assert params["ModelMetrics"] == metrics
    assert params["ModelApprovalStatus"] == "Approved"
    assert params["ModelCard"]["ModelCardStatus"] == "PendingReview"
    assert params["CustomerMetadataProperties"]["team"] == "risk"
    assert params["ModelLifeCycle"] == {"Stage": "Development", "StageStatus": "InProgress"}
    assert params["SecurityConfig"] == {"KmsKeyId": "alias/models"}
    assert params["ClientToken"] == derive_client_token("run-42", params)
    assert registration.group.name == "churn"


def test_every_problem_is_listed_and_nothing_is_built() -> None:
    standalone = ModelCardBuilder(
        model_overview=ModelOverviewBuilder(model_description="xgb", model_creator="me")
    ).build()
    with pytest.raises(ValidationError) as caught:
        _prepare(
            standalone,
            group="bad_group",
            image_uri="",
            model_data_url="https://example.com/model.tar.gz",
            content_types="text/csv",
            response_types=["csv"],
            inference_instances=["m5.large"],
            transform_instances=[],
            model_metrics={"ModelQuality": {"Statistics": {"S3Uri": "ftp://x"}}},
            approval_status="approved",
            card_status="Archived",
            customer_metadata={"bad,key": "v"},
            lifecycle=ModelLifecycle("Prod stage", "ok"),
            kms_key_id="alias/my key",
            client_token="x" * 40,
        )
    error = caught.value
    assert error.subject == "model version registration"
    assert error.paths == [
        "group",
        "card.model_overview.model_description",
        "image_uri",
        "model_data_url",
        "content_types",
        "response_types[0]",
        "inference_instances[0]",
        "transform_instances",
        "model_metrics",
        "model_metrics.ModelQuality.Statistics.S3Uri",
        "approval_status",
        "card_status",
        "lifecycle.stage",
        "kms_key_id",
        "client_token",
        "customer_metadata['bad,key']",
    ]
    assert "ContentType" in error.problems[8].message


def test_model_metrics_are_checked_against_the_service_model() -> None:
    digest = "sha256:" + "0" * 63
    metrics = {
        "Bias": {
            "Report": {"ContentType": "x" * 257, "S3Uri": "s3://m/bias.json"},
            "PreTrainingReport": {
                "ContentType": "application/json",
                "S3Uri": "s3://m/pre.json",
                "ContentDigest": digest,
            },
        },
        "Unknown": {},
    }
    with pytest.raises(ValidationError) as caught:
        _prepare(model_metrics=metrics)
    messages = [str(p) for p in caught.value.problems]
    assert any("Unknown parameter" in m for m in messages)
    assert "model_metrics.Bias.Report.ContentType: must be at most 256 characters" in messages
    assert any(m.startswith("model_metrics.Bias.PreTrainingReport.ContentDigest") for m in messages)
    with pytest.raises(ValidationError, match="must be a ModelMetrics mapping"):
        _prepare(model_metrics=["ModelQuality"])


def test_a_card_must_be_a_model_card() -> None:
    with pytest.raises(ValidationError) as caught:
        _prepare({"model_overview": {}})
    assert caught.value.paths == ["card"]


def test_metadata_may_not_contradict_the_cards_datazone_project() -> None:
    with pytest.raises(ValidationError) as caught:
        _prepare(customer_metadata={"datazone_project_id": "other"})
    assert caught.value.paths == ["customer_metadata['datazone_project_id']"]


def test_datazone_metadata_without_a_card_project_must_be_a_datazone_id() -> None:
    card = ModelCardBuilder(intended_uses=IntendedUsesBuilder(purpose_of_model="x")).build()
    registration = _prepare(card, customer_metadata={"datazone_project_id": "from-meta"})
    assert registration.datazone_project_id == "from-meta"
    assert registered_version(registration, ARN).datazone_project_id == "from-meta"
    with pytest.raises(ValidationError) as caught:
        _prepare(
            card,
            customer_metadata={"datazone_project_id": "a b", "datazone_domain_id": "domain-1"},
        )
    assert caught.value.paths == [
        "customer_metadata['datazone_project_id']",
        "customer_metadata['datazone_domain_id']",
    ]


def test_the_datazone_keys_count_towards_the_fifty_entries() -> None:
    with pytest.raises(ValidationError, match="at most 50 entries"):
        _prepare(customer_metadata={f"k{i}": "v" for i in range(49)})


def test_a_sample_style_datazone_value_that_metadata_cannot_hold_is_a_problem() -> None:
    card = ModelCard.from_content(
        {"additional_information": {"custom_details": {"Datazone projects": "p1, p2"}}}
    )
    with pytest.raises(ValidationError) as caught:
        _prepare(card)
    assert caught.value.paths == [
        "card.additional_information.custom_details['datazone_project_id']"
    ]


def test_lifecycle_arguments() -> None:
    assert to_lifecycle(None) == (None, [])
    lifecycle, problems = to_lifecycle({"Stage": "A", "StageStatus": "B", "StageDescription": "c"})
    assert (lifecycle, problems) == (ModelLifecycle("A", "B", "c"), [])
    assert to_lifecycle({"stage": "A"})[1][0].path == "lifecycle.stage_status"
    assert to_lifecycle("Production")[1][0].message.startswith("must be a ModelLifecycle")


def test_the_registered_version_is_built_from_request_and_arn() -> None:
    registration = _prepare(lifecycle=ModelLifecycle("Dev", "New"))
    version = registered_version(registration, ARN)
    assert (version.arn, version.group, version.version) == (ARN, "churn", 7)
    assert version.card == registration.card
    assert version.card_status is CardStatus.DRAFT
    assert version.approval_status is ApprovalStatus.PENDING
    assert version.lifecycle == ModelLifecycle("Dev", "New")
    assert version.datazone_project_id == "proj-1"
    assert version.customer_metadata["datazone_domain_id"] == "dzd_abc"
    assert (version.created_by, version.created_at) == (None, None)
    assert version.model_data_url == "s3://models/churn/model.tar.gz"
    odd = registered_version(registration, "arn:aws:sagemaker:us-east-1:1:model-package/x")
    assert odd.version == 0


@given(st.text(min_size=1, max_size=36), st.text(max_size=50), st.text(max_size=50))
def test_derived_tokens_are_valid_and_tied_to_the_content(token: str, a: str, b: str) -> None:
    first = derive_client_token(token, {"ModelDataUrl": a})
    assert len(first) == 36
    assert first.replace("-", "").isalnum()
    assert first == derive_client_token(token, {"ModelDataUrl": a, "ClientToken": "ignored"})
    assert (first == derive_client_token(token, {"ModelDataUrl": b})) is (a == b)
