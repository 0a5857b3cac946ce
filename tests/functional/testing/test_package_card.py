"""Create/Update/Describe keep what SageMaker keeps, and an update changes only what it names."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_create_keeps_card_lifecycle_security_config_and_source_uri(
    sagemaker_client: Any, register: Any, make_content: Any
) -> None:
    # GIVEN a version registered with every member moto used to drop
    content = make_content()
    arn = register(
        ModelCard={"ModelCardContent": content, "ModelCardStatus": "Draft"},
        ModelLifeCycle={"Stage": "Development", "StageStatus": "InReview", "StageDescription": "x"},
        SecurityConfig={"KmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/abc-123"},
        SourceUri="s3://m/model.tar.gz",
    )
    # WHEN it is described
    described = sagemaker_client.describe_model_package(ModelPackageName=arn)
    # THEN everything is there, the content byte for byte
    assert described["ModelCard"] == {"ModelCardContent": content, "ModelCardStatus": "Draft"}
    assert described["ModelLifeCycle"] == {
        "Stage": "Development",
        "StageStatus": "InReview",
        "StageDescription": "x",
    }
    assert described["SecurityConfig"] == {
        "KmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/abc-123"
    }
    assert described["SourceUri"] == "s3://m/model.tar.gz"
    assert described["ModelPackageVersion"] == 1
    assert described["ModelApprovalStatus"] == "PendingManualApproval"


def test_update_changes_only_what_it_is_given(sagemaker_client: Any, register: Any) -> None:
    # GIVEN a version with metadata, an approval description and a lifecycle
    arn = register(
        CustomerMetadataProperties={"datazone_project_id": "prj_1", "team": "risk"},
        ModelLifeCycle={"Stage": "Development", "StageStatus": "InReview"},
    )
    sagemaker_client.update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="Approved", ApprovalDescription="meets policy"
    )
    # WHEN a later update names only one metadata key
    sagemaker_client.update_model_package(
        ModelPackageArn=arn, CustomerMetadataProperties={"reviewed": "yes"}
    )
    described = sagemaker_client.describe_model_package(ModelPackageName=arn)
    # THEN the rest is untouched and the metadata is merged
    assert described["ApprovalDescription"] == "meets policy"
    assert described["ModelApprovalStatus"] == "Approved"
    assert described["CustomerMetadataProperties"] == {
        "datazone_project_id": "prj_1",
        "team": "risk",
        "reviewed": "yes",
    }
    assert described["ModelLifeCycle"]["Stage"] == "Development"


def test_customer_metadata_properties_to_remove(sagemaker_client: Any, register: Any) -> None:
    arn = register(CustomerMetadataProperties={"a": "1", "b": "2"})
    sagemaker_client.update_model_package(
        ModelPackageArn=arn, CustomerMetadataPropertiesToRemove=["a", "not-there"]
    )
    described = sagemaker_client.describe_model_package(ModelPackageName=arn)
    assert described["CustomerMetadataProperties"] == {"b": "2"}


def test_removing_every_metadata_key_leaves_none(sagemaker_client: Any, register: Any) -> None:
    arn = register(CustomerMetadataProperties={"a": "1"})
    sagemaker_client.update_model_package(
        ModelPackageArn=arn, CustomerMetadataPropertiesToRemove=["a"]
    )
    described = sagemaker_client.describe_model_package(ModelPackageName=arn)
    assert "CustomerMetadataProperties" not in described


def test_card_status_and_content_update_separately(
    sagemaker_client: Any, register: Any, make_content: Any
) -> None:
    # GIVEN a draft card
    arn = register(ModelCard={"ModelCardContent": make_content(), "ModelCardStatus": "Draft"})
    new_content = make_content(business_details={"business_problem": "Defaults"})
    # WHEN the content changes, then (separately) the status
    sagemaker_client.update_model_package(
        ModelPackageArn=arn, ModelCard={"ModelCardContent": new_content}
    )
    after_content = sagemaker_client.describe_model_package(ModelPackageName=arn)["ModelCard"]
    sagemaker_client.update_model_package(
        ModelPackageArn=arn, ModelCard={"ModelCardStatus": "PendingReview"}
    )
    after_status = sagemaker_client.describe_model_package(ModelPackageName=arn)["ModelCard"]
    # THEN each update kept the other half
    assert after_content == {"ModelCardContent": new_content, "ModelCardStatus": "Draft"}
    assert after_status == {"ModelCardContent": new_content, "ModelCardStatus": "PendingReview"}


def test_card_added_by_update_and_lifecycle_replaced(
    sagemaker_client: Any, register: Any, make_content: Any
) -> None:
    arn = register(ModelLifeCycle={"Stage": "Development", "StageStatus": "InReview"})
    sagemaker_client.update_model_package(
        ModelPackageArn=arn,
        ModelCard={"ModelCardContent": make_content(), "ModelCardStatus": "Draft"},
        ModelLifeCycle={"Stage": "Production", "StageStatus": "Approved"},
        SourceUri="s3://m/v2/model.tar.gz",
    )
    described = sagemaker_client.describe_model_package(ModelPackageName=arn)
    assert described["ModelCard"]["ModelCardStatus"] == "Draft"
    assert described["ModelLifeCycle"] == {"Stage": "Production", "StageStatus": "Approved"}
    assert described["SourceUri"] == "s3://m/v2/model.tar.gz"


def test_archived_card_content_cannot_change(
    sagemaker_client: Any, register: Any, make_content: Any
) -> None:
    # GIVEN an archived card
    content = make_content()
    arn = register(ModelCard={"ModelCardContent": content, "ModelCardStatus": "Archived"})
    # WHEN its content is updated, even together with a new status
    with pytest.raises(ClientError) as caught:
        sagemaker_client.update_model_package(
            ModelPackageArn=arn,
            ModelCard={"ModelCardContent": make_content(), "ModelCardStatus": "Draft"},
        )
    # THEN SageMaker's error, and nothing changed
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert caught.value.response["Error"]["Message"] == "Model Card is in Archived state"
    card = sagemaker_client.describe_model_package(ModelPackageName=arn)["ModelCard"]
    assert card == {"ModelCardContent": content, "ModelCardStatus": "Archived"}


def test_metadata_only_keeps_only_the_documented_paths(
    sagemaker_client: Any, register: Any, make_content: Any
) -> None:
    arn = register(ModelCard={"ModelCardContent": make_content(), "ModelCardStatus": "Approved"})
    full = sagemaker_client.describe_model_package(ModelPackageName=arn, IncludedData="AllData")
    metadata_only = sagemaker_client.describe_model_package(
        ModelPackageName=arn, IncludedData="MetadataOnly"
    )
    assert json.loads(full["ModelCard"]["ModelCardContent"])["model_overview"]
    assert json.loads(metadata_only["ModelCard"]["ModelCardContent"]) == {
        "intended_uses": {"risk_rating": "High"}
    }
    assert metadata_only["ModelCard"]["ModelCardStatus"] == "Approved"
    assert metadata_only["InferenceSpecification"] == full["InferenceSpecification"]


def test_versions_are_never_reused_after_a_delete(sagemaker_client: Any, register: Any) -> None:
    first, second = register(), register()
    sagemaker_client.delete_model_package(ModelPackageName=second)
    third = register()
    assert third.endswith("/3")
    assert first.endswith("/1")
    with pytest.raises(ClientError) as caught:
        sagemaker_client.describe_model_package(ModelPackageName=second)
    assert caught.value.response["Error"]["Code"] == "ValidationException"


def test_describe_by_group_and_version(sagemaker_client: Any, register: Any) -> None:
    arn = register()
    described = sagemaker_client.describe_model_package(ModelPackageName="credit-risk/1")
    assert described["ModelPackageArn"] == arn


def test_unversioned_package_by_name(sagemaker_client: Any, make_request: Any) -> None:
    request = make_request(ModelPackageName="standalone")
    del request["ModelPackageGroupName"]
    arn = sagemaker_client.create_model_package(**request)["ModelPackageArn"]
    described = sagemaker_client.describe_model_package(ModelPackageName="standalone")
    assert described["ModelPackageArn"] == arn
    assert "ModelPackageVersion" not in described
    with pytest.raises(ClientError) as caught:
        sagemaker_client.create_model_package(**request)
    assert caught.value.response["Error"]["Code"] == "ConflictException"


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ({"ModelPackageName": "p", "ModelPackageGroupName": "credit-risk"}, "Both"),
        ({}, "Missing ARN"),
        ({"ModelPackageGroupName": "no-such-group"}, "does not exist"),
    ],
)
def test_create_needs_exactly_one_existing_target(
    sagemaker_client: Any, group: str, make_request: Any, names: dict[str, str], message: str
) -> None:
    request = make_request()
    del request["ModelPackageGroupName"]
    with pytest.raises(ClientError) as caught:
        sagemaker_client.create_model_package(**request, **names)
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    assert message in caught.value.response["Error"]["Message"]


def test_update_of_a_missing_package(sagemaker_client: Any, group: str) -> None:
    arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/9"
    with pytest.raises(ClientError) as caught:
        sagemaker_client.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved")
    assert caught.value.response["Error"]["Code"] == "ValidationException"
