"""update_card, set_card_status and set_lifecycle on the local SageMaker."""

from __future__ import annotations

from typing import Any

import pytest

from sm_governance._types import CardStatus
from sm_governance.card import ModelCard, ModelCardBuilder, ModelOverviewBuilder
from sm_governance.errors import ConflictError, NotFoundError, ValidationError
from sm_governance.registry import ModelLifecycle, ModelRegistry, ModelVersion

from .conftest import IMAGE, MODEL, PROJECT, Calls, build_card


@pytest.fixture
def version(registry: ModelRegistry, group: str, card: ModelCard) -> ModelVersion:
    return registry.register(group, card, image_uri=IMAGE, model_data_url=MODEL)


def test_content_and_status_changes_never_lose_each_other(
    registry: ModelRegistry, version: ModelVersion, calls: Calls
) -> None:
    # GIVEN a draft card WHEN its content is revised
    revised = build_card(purpose="Predict churn, retail customers only")
    calls.reset()
    updated = registry.update_card(version.arn, revised)
    # THEN it costs a read (the archived rule) and one write; the status stays Draft
    assert calls.names == ["DescribeModelPackage", "UpdateModelPackage"]
    assert updated.card == revised
    assert updated.card_status is CardStatus.DRAFT
    # WHEN it is sent for review and approved
    registry.set_card_status(version.arn, CardStatus.PENDING_REVIEW)
    approved = registry.set_card_status(version.arn, "Approved")
    assert approved.card_status is CardStatus.APPROVED
    # THEN SageMaker holds the revised content with the new status (SDK v2 loses one of them)
    read = registry.get(version.arn)
    assert read.card == revised
    assert read.card_status is CardStatus.APPROVED


def test_setting_the_current_status_again_writes_nothing(
    registry: ModelRegistry, version: ModelVersion, calls: Calls
) -> None:
    calls.reset()
    again = registry.set_card_status(version.arn, CardStatus.DRAFT)
    assert again.card_status is CardStatus.DRAFT
    assert calls.names == ["DescribeModelPackage"]


def test_skipping_review_is_refused_before_any_write(
    registry: ModelRegistry, version: ModelVersion, calls: Calls
) -> None:
    calls.reset()
    with pytest.raises(ConflictError) as caught:
        registry.set_card_status(version.arn, CardStatus.APPROVED)
    assert caught.value.code == "InvalidCardStatusTransition"
    assert calls.names == ["DescribeModelPackage"]
    assert registry.get(version.arn).card_status is CardStatus.DRAFT


def test_an_archived_card_is_final(
    registry: ModelRegistry, version: ModelVersion, card: ModelCard, calls: Calls
) -> None:
    registry.set_card_status(version.arn, CardStatus.ARCHIVED)
    calls.reset()
    with pytest.raises(ConflictError) as content:
        registry.update_card(version.arn, build_card(purpose="rewritten history"))
    assert content.value.code == "ModelCardArchived"
    with pytest.raises(ConflictError) as status:
        registry.set_card_status(version.arn, CardStatus.DRAFT)
    assert status.value.code == "ModelCardArchived"
    assert calls.names == ["DescribeModelPackage", "DescribeModelPackage"]
    read = registry.get(version.arn)
    assert (read.card, read.card_status) == (card, CardStatus.ARCHIVED)


def test_a_card_archived_between_our_read_and_our_write_is_a_conflict(
    registry: ModelRegistry, version: ModelVersion, sagemaker_client: Any
) -> None:
    # GIVEN someone archives the card right after we read its status
    def archive_first(params: dict[str, Any], **_: Any) -> None:
        if "ModelCardContent" in params.get("ModelCard", {}):
            sagemaker_client.update_model_package(
                ModelPackageArn=version.arn, ModelCard={"ModelCardStatus": "Archived"}
            )

    registry.client.meta.events.register_first(
        "provide-client-params.sagemaker.UpdateModelPackage", archive_first
    )
    # THEN SageMaker refuses our content update and that surfaces as a conflict
    with pytest.raises(ConflictError):
        registry.update_card(version.arn, build_card(purpose="late edit"))
    assert registry.get(version.arn).card == version.card


def test_the_datazone_metadata_follows_the_card(
    registry: ModelRegistry, version: ModelVersion
) -> None:
    moved = build_card(project="new-project-01")
    updated = registry.update_card(version.arn, moved)
    assert updated.datazone_project_id == "new-project-01"
    read = registry.get(version.arn)
    assert read.customer_metadata == {"datazone_project_id": "new-project-01"}
    registry.update_card(version.arn, build_card(project=None))
    assert registry.get(version.arn).customer_metadata == {}
    assert PROJECT != "new-project-01"


def test_update_card_checks_the_card_before_any_call(
    registry: ModelRegistry, version: ModelVersion, calls: Calls
) -> None:
    standalone = ModelCardBuilder(
        model_overview=ModelOverviewBuilder(model_description="not for packages")
    ).build()
    calls.reset()
    with pytest.raises(ValidationError) as caught:
        registry.update_card(version.arn, standalone)
    assert caught.value.paths == ["model_overview.model_description"]
    with pytest.raises(ValidationError):
        registry.update_card(version.arn, {"model_overview": {}})  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        registry.set_card_status(version.arn, "Done")
    assert calls.names == []


def test_a_version_registered_without_a_card_gets_its_first_as_a_draft(
    registry: ModelRegistry, group: str, sagemaker_client: Any
) -> None:
    arn = sagemaker_client.create_model_package(
        ModelPackageGroupName=group,
        InferenceSpecification={"Containers": [{"Image": IMAGE, "ModelDataUrl": MODEL}]},
    )["ModelPackageArn"]
    card = build_card()
    updated = registry.update_card(arn, card)
    assert updated.card_status is CardStatus.DRAFT
    read = registry.get(arn)
    assert (read.card, read.card_status) == (card, CardStatus.DRAFT)


def test_unknown_versions_are_not_found(registry: ModelRegistry, group: str) -> None:
    missing = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/42"
    with pytest.raises(NotFoundError):
        registry.update_card(missing, build_card())
    with pytest.raises(NotFoundError):
        registry.set_card_status(missing, CardStatus.PENDING_REVIEW)
    with pytest.raises(NotFoundError):
        registry.set_lifecycle(missing, "Staging", "Ready")


def test_set_lifecycle_in_one_call(
    registry: ModelRegistry, version: ModelVersion, calls: Calls
) -> None:
    calls.reset()
    registry.set_lifecycle(version.arn, "Staging", "InReview", "load tests running")
    assert calls.names == ["UpdateModelPackage"]
    read = registry.get(version.arn)
    assert read.lifecycle == ModelLifecycle("Staging", "InReview", "load tests running")
    # the card is untouched by a lifecycle change
    assert (read.card, read.card_status) == (version.card, CardStatus.DRAFT)
    registry.set_lifecycle(version.arn, "Production", "Live")
    assert registry.get(version.arn).lifecycle == ModelLifecycle("Production", "Live")


def test_set_lifecycle_checks_everything_first(
    registry: ModelRegistry, version: ModelVersion, calls: Calls
) -> None:
    calls.reset()
    with pytest.raises(ValidationError) as caught:
        registry.set_lifecycle("churn/1", "Prod Stage", "x" * 64, "two\nlines")
    assert caught.value.paths == [
        "arn",
        "lifecycle.stage",
        "lifecycle.stage_status",
        "lifecycle.description",
    ]
    assert calls.names == []
