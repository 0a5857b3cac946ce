"""register and get on the local SageMaker: one call each, everything checked first."""

from __future__ import annotations

from typing import Any

import pytest

from sm_governance._types import ApprovalStatus, CardStatus
from sm_governance.card import ModelCard, ModelCardBuilder, ModelOverviewBuilder
from sm_governance.errors import NotFoundError, ValidationError
from sm_governance.registry import ModelLifecycle, ModelRegistry

from .conftest import IMAGE, MODEL, PROJECT, Calls, build_card


def _versions(client: Any, group: str = "churn") -> list[str]:
    listed = client.list_model_packages(ModelPackageGroupName=group)
    return [s["ModelPackageArn"] for s in listed["ModelPackageSummaryList"]]


def test_register_makes_one_call_and_get_one_more(
    registry: ModelRegistry, group: str, card: ModelCard, calls: Calls, sts_client: Any
) -> None:
    # WHEN a data scientist registers a version into an existing group
    calls.reset()
    registered = registry.register(group, card, image_uri=IMAGE, model_data_url=MODEL)
    # THEN exactly one AWS call was made
    assert calls.names == ["CreateModelPackage"]
    # AND reading it back is one more call and gives the same version
    calls.reset()
    read = registry.get(registered.arn)
    assert calls.names == ["DescribeModelPackage"]
    for name in (
        "arn",
        "group",
        "version",
        "approval_status",
        "approval_description",
        "card",
        "card_status",
        "lifecycle",
        "customer_metadata",
        "datazone_project_id",
        "model_data_url",
        "image_uri",
    ):
        assert getattr(read, name) == getattr(registered, name), name
    assert read.card == card
    assert read.version == 1
    assert read.approval_status is ApprovalStatus.PENDING
    assert read.card_status is CardStatus.DRAFT
    # the DataZone project is readable without the card (and without kms:Decrypt)
    assert read.customer_metadata == {"datazone_project_id": PROJECT}
    assert read.datazone_project_id == PROJECT
    # what only the service knows is filled by the read
    assert read.created_by == sts_client.get_caller_identity()["Arn"]
    assert read.created_at is not None
    assert registered.created_by is None


def test_every_option_reaches_sagemaker(
    registry: ModelRegistry, group: str, card: ModelCard, sagemaker_client: Any
) -> None:
    version = registry.register(
        group,
        card,
        image_uri=IMAGE,
        model_data_url=MODEL,
        content_types=["application/json"],
        response_types=["application/json"],
        inference_instances=["ml.m5.large"],
        transform_instances=["ml.m5.xlarge"],
        model_metrics={
            "ModelQuality": {
                "Statistics": {"ContentType": "application/json", "S3Uri": "s3://m/q.json"}
            }
        },
        approval_status="Approved",
        card_status=CardStatus.PENDING_REVIEW,
        customer_metadata={"team": "churn-ds"},
        lifecycle=ModelLifecycle("Development", "InProgress", "first cut"),
        kms_key_id="alias/model-cards",
    )
    read = registry.get(version.arn)
    assert read.approval_status is ApprovalStatus.APPROVED
    assert read.card_status is CardStatus.PENDING_REVIEW
    assert read.lifecycle == ModelLifecycle("Development", "InProgress", "first cut")
    assert read.customer_metadata == {"team": "churn-ds", "datazone_project_id": PROJECT}
    raw = sagemaker_client.describe_model_package(ModelPackageName=version.arn)
    spec = raw["InferenceSpecification"]
    assert spec["SupportedRealtimeInferenceInstanceTypes"] == ["ml.m5.large"]
    assert spec["SupportedTransformInstanceTypes"] == ["ml.m5.xlarge"]
    assert spec["SupportedContentTypes"] == ["application/json"]
    assert raw["ModelMetrics"]["ModelQuality"]["Statistics"]["S3Uri"] == "s3://m/q.json"
    assert raw["SecurityConfig"] == {"KmsKeyId": "alias/model-cards"}


def test_invalid_input_makes_no_call(
    registry: ModelRegistry, group: str, calls: Calls, sagemaker_client: Any
) -> None:
    standalone = ModelCardBuilder(
        model_overview=ModelOverviewBuilder(model_description="gradient boosting")
    ).build()
    calls.reset()
    with pytest.raises(ValidationError) as caught:
        registry.register(
            group,
            standalone,
            image_uri=IMAGE,
            model_data_url="/local/model.tar.gz",
            customer_metadata={"k": "v" * 300},
        )
    assert caught.value.paths == [
        "card.model_overview.model_description",
        "model_data_url",
        "customer_metadata['k']",
    ]
    assert calls.names == []
    assert _versions(sagemaker_client) == []


def test_a_missing_group_is_not_found(registry: ModelRegistry, card: ModelCard) -> None:
    with pytest.raises(NotFoundError) as caught:
        registry.register("no-such-group", card, image_uri=IMAGE, model_data_url=MODEL)
    assert caught.value.operation == "CreateModelPackage"


def test_a_group_may_be_named_by_arn(registry: ModelRegistry, card: ModelCard) -> None:
    group = registry.ensure_group("churn", datazone_project_id=PROJECT)
    version = registry.register(group.arn, card, image_uri=IMAGE, model_data_url=MODEL)
    assert version.group == "churn"
    assert registry.get(version.arn).group == "churn"


def test_a_client_token_makes_a_rerun_idempotent_but_never_merges_artifacts(
    registry: ModelRegistry, group: str, card: ModelCard, sagemaker_client: Any
) -> None:
    # GIVEN a pipeline step that registers with a token derived from its run
    first = registry.register(
        group, card, image_uri=IMAGE, model_data_url=MODEL, client_token="run-2025-03-01"
    )
    # WHEN the step is re-run with the same inputs THEN the same version comes back
    rerun = registry.register(
        group, card, image_uri=IMAGE, model_data_url=MODEL, client_token="run-2025-03-01"
    )
    assert rerun.arn == first.arn
    # WHEN the same token comes with another artifact THEN that is a new version
    other = registry.register(
        group,
        card,
        image_uri=IMAGE,
        model_data_url="s3://models/churn/retrained.tar.gz",
        client_token="run-2025-03-01",
    )
    assert other.arn != first.arn
    # AND without a token, two registrations are two versions
    registry.register(group, card, image_uri=IMAGE, model_data_url=MODEL)
    assert len(_versions(sagemaker_client)) == 3


def test_a_standalone_card_without_package_only_fields_is_accepted(
    registry: ModelRegistry, group: str
) -> None:
    card = build_card(project=None)
    version = registry.register(group, card, image_uri=IMAGE, model_data_url=MODEL)
    read = registry.get(version.arn)
    assert read.datazone_project_id is None
    assert read.customer_metadata == {}


def test_get_by_group_and_version(registry: ModelRegistry, group: str, card: ModelCard) -> None:
    version = registry.register(group, card, image_uri=IMAGE, model_data_url=MODEL)
    assert registry.get(f"{group}/1").arn == version.arn


def test_get_unknown_or_malformed(registry: ModelRegistry, group: str, calls: Calls) -> None:
    calls.reset()
    with pytest.raises(ValidationError):
        registry.get("not a name")
    assert calls.names == []
    with pytest.raises(NotFoundError):
        registry.get("arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/99")
