"""Reading SageMaker's responses into ModelVersion and ModelVersionSummary."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from sm_governance._types import ApprovalStatus, CardStatus
from sm_governance.card import IntendedUsesBuilder, ModelCardBuilder
from sm_governance.registry import ModelLifecycle, ModelVersion
from sm_governance.registry._version import (
    identity_arn,
    version_from_description,
    version_from_summary,
)

ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/3"
WHEN = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


def _described(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ModelPackageName": "churn",
        "ModelPackageGroupName": "churn",
        "ModelPackageVersion": 3,
        "ModelPackageArn": ARN,
        "CreationTime": WHEN,
        "ModelPackageStatus": "Completed",
        "ModelPackageStatusDetails": {"ValidationStatuses": []},
        "InferenceSpecification": {
            "Containers": [{"Image": "img:1", "ModelDataUrl": "s3://b/m.tar.gz"}]
        },
    }
    data.update(extra)
    return data


def test_a_full_description() -> None:
    card = (
        ModelCardBuilder(intended_uses=IntendedUsesBuilder(risk_rating="High"))
        .datazone_project("card-project")
        .build()
    )
    version = version_from_description(
        _described(
            ModelApprovalStatus="Approved",
            ApprovalDescription="meets policy retail-credit v1",
            ModelCard={"ModelCardContent": card.to_content_json(), "ModelCardStatus": "Approved"},
            ModelLifeCycle={"Stage": "Production", "StageStatus": "Live"},
            CustomerMetadataProperties={"datazone_project_id": "meta-project", "team": "risk"},
            CreatedBy={"IamIdentity": {"Arn": "arn:aws:sts::111122223333:assumed-role/ds/alice"}},
            LastModifiedBy={"UserProfileArn": "arn:aws:sagemaker:us-east-1:1:user-profile/d/bob"},
            LastModifiedTime=WHEN,
        )
    )
    assert version.arn == ARN
    assert (version.group, version.version) == ("churn", 3)
    assert version.approval_status is ApprovalStatus.APPROVED
    assert version.is_approved
    assert version.approval_description == "meets policy retail-credit v1"
    assert version.card == card
    assert version.card_status is CardStatus.APPROVED
    assert version.lifecycle == ModelLifecycle("Production", "Live")
    assert version.customer_metadata == {"datazone_project_id": "meta-project", "team": "risk"}
    # the metadata is what SageMaker shows without kms:Decrypt: it wins over the card
    assert version.datazone_project_id == "meta-project"
    assert version.created_by == "arn:aws:sts::111122223333:assumed-role/ds/alice"
    assert version.last_modified_by == "arn:aws:sagemaker:us-east-1:1:user-profile/d/bob"
    assert version.created_at == WHEN
    assert version.last_modified_at == WHEN
    assert (version.image_uri, version.model_data_url) == ("img:1", "s3://b/m.tar.gz")


def test_the_card_is_never_in_the_repr() -> None:
    card = ModelCardBuilder(intended_uses=IntendedUsesBuilder(purpose_of_model="secret")).build()
    version = version_from_description(
        _described(ModelCard={"ModelCardContent": card.to_content_json()})
    )
    assert version.card is not None
    assert "secret" not in repr(version)


def test_a_version_without_card_or_metadata() -> None:
    version = version_from_description(_described(ModelPackageVersion=None))
    assert version.card is None
    assert version.card_status is None
    assert version.customer_metadata == {}
    assert version.datazone_project_id is None
    assert version.created_by is None
    assert version.version == 3  # from the ARN
    assert version.approval_status is ApprovalStatus.PENDING


def test_the_datazone_project_falls_back_to_the_card() -> None:
    card = ModelCardBuilder().datazone_project("from-card").build()
    version = version_from_description(
        _described(ModelCard={"ModelCardContent": card.to_content_json()})
    )
    assert version.datazone_project_id == "from-card"


def test_a_stored_card_breaking_rules_is_read_with_its_problems() -> None:
    # GIVEN stored content with an unknown key, a bad risk rating and a valid section
    content = (
        '{"nope": 1, "intended_uses": {"risk_rating": "Severe", "purpose_of_model": "p"},'
        ' "business_details": {"line_of_business": "retail"}}'
    )
    # WHEN read THEN reading does not fail: the valid parts are parsed
    version = version_from_description(
        _described(ModelCard={"ModelCardContent": content, "ModelCardStatus": "Draft"})
    )
    assert version.card is not None
    assert version.card.to_content() == {
        "intended_uses": {"purpose_of_model": "p"},
        "business_details": {"line_of_business": "retail"},
    }
    # AND every problem travels with the version, and the stored text is kept as it was
    assert [p.path for p in version.card_problems] == ["intended_uses.risk_rating", "nope"]
    assert version.card_content == content
    assert version.card_status is CardStatus.DRAFT


@pytest.mark.parametrize("content", ["[1, 2]", "not json", '"a string"'])
def test_content_that_is_no_card_is_read_as_no_card(content: str) -> None:
    version = version_from_description(_described(ModelCard={"ModelCardContent": content}))
    assert version.card is None
    assert len(version.card_problems) == 1
    assert version.card_content == content


def test_an_unknown_card_status_is_a_problem_not_an_error() -> None:
    version = version_from_description(
        _described(ModelCard={"ModelCardContent": "{}", "ModelCardStatus": "Retired"})
    )
    assert version.card_status is None
    assert [p.path for p in version.card_problems] == ["ModelCardStatus"]


def test_a_valid_card_has_no_problems() -> None:
    version = version_from_description(
        _described(ModelCard={"ModelCardContent": '{"intended_uses": {"risk_rating": "Low"}}'})
    )
    assert version.card_problems == ()


def test_identity_arn() -> None:
    assert identity_arn(None) is None
    assert identity_arn({}) is None
    assert identity_arn({"IamIdentity": {"PrincipalId": "AIDA"}}) is None


def test_a_summary() -> None:
    summary = version_from_summary(
        {
            "ModelPackageGroupName": "churn",
            "ModelPackageVersion": 3,
            "ModelPackageArn": ARN,
            "ModelPackageDescription": "nightly",
            "CreationTime": WHEN,
            "ModelPackageStatus": "Completed",
            "ModelApprovalStatus": "Rejected",
            "ModelLifeCycle": {"Stage": "Dev", "StageStatus": "Done", "StageDescription": "ok"},
        }
    )
    assert summary.version == 3
    assert summary.approval_status is ApprovalStatus.REJECTED
    assert summary.lifecycle == ModelLifecycle("Dev", "Done", "ok")
    assert (summary.description, summary.created_at, summary.package_status) == (
        "nightly",
        WHEN,
        "Completed",
    )


def test_an_unparseable_version_number_is_zero() -> None:
    summary = version_from_summary(
        {"ModelPackageArn": "arn:aws:sagemaker:us-east-1:1:model-package/pkg", "CreationTime": WHEN}
    )
    assert summary.version == 0


def test_lifecycle_round_trip() -> None:
    lifecycle = ModelLifecycle("Staging", "InReview")
    assert lifecycle.to_api() == {"Stage": "Staging", "StageStatus": "InReview"}
    assert ModelLifecycle.from_api(lifecycle.to_api()) == lifecycle
    assert ModelLifecycle.from_api(None) is None


def test_versions_are_frozen() -> None:
    version = ModelVersion(ARN, "churn", 3, ApprovalStatus.PENDING)
    with pytest.raises(AttributeError):
        version.version = 4  # type: ignore[misc]
