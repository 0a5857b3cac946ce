"""The service's rules, each answered with SageMaker's error code (botocore validation on)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError


def _error(call: Any, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]  # type: ignore[return-value]


def test_content_over_100000_characters(
    sagemaker_client: Any, group: str, make_request: Any, make_content: Any
) -> None:
    padding = "x" * 2000
    content = make_content(
        evaluation_details=[{"name": f"e{i}", "evaluation_observation": padding} for i in range(50)]
    )
    assert len(content) > 100_000
    error = _error(
        sagemaker_client.create_model_package,
        **make_request(ModelCard={"ModelCardContent": content, "ModelCardStatus": "Draft"}),
    )
    assert error["Code"] == "ValidationException"
    assert "100000" in error["Message"]
    assert padding not in error["Message"]


@pytest.mark.parametrize(
    ("override", "named"),
    [
        ({"model_overview": {"model_description": "d"}}, "model_description"),
        ({"model_package_details": {"model_package_group_name": "g"}}, "model_package_details"),
        ({"intended_uses": {"risk_rating": "Severe"}}, "intended_uses/risk_rating"),
        (
            {"business_details": {"business_problem": "p" * 2049}},
            "business_details/business_problem",
        ),
    ],
)
def test_content_must_follow_the_package_card_schema(
    sagemaker_client: Any,
    register: Any,
    make_content: Any,
    override: dict[str, Any],
    named: str,
) -> None:
    # GIVEN a version WHEN its card gets content a package card cannot hold
    arn = register()
    card = {"ModelCardContent": make_content(**override), "ModelCardStatus": "Draft"}
    error = _error(sagemaker_client.update_model_package, ModelPackageArn=arn, ModelCard=card)
    # THEN a ValidationException naming the field, without echoing the content
    assert error["Code"] == "ValidationException"
    assert named in error["Message"]
    assert "p" * 100 not in error["Message"]
    assert "ModelCard" not in sagemaker_client.describe_model_package(ModelPackageName=arn)


def test_content_must_be_json(sagemaker_client: Any, register: Any) -> None:
    arn = register()
    error = _error(
        sagemaker_client.update_model_package,
        ModelPackageArn=arn,
        ModelCard={"ModelCardContent": "{not json", "ModelCardStatus": "Draft"},
    )
    assert error["Code"] == "ValidationException"
    assert "JSON" in error["Message"]


def test_card_status_must_be_one_of_sagemakers(
    sagemaker_client: Any, register: Any, make_content: Any
) -> None:
    arn = register()
    error = _error(
        sagemaker_client.update_model_package,
        ModelPackageArn=arn,
        ModelCard={"ModelCardStatus": "Published"},
    )
    assert error["Code"] == "ValidationException"
    assert "modelCard.modelCardStatus" in error["Message"]
    assert "Draft, PendingReview, Approved, Archived" in error["Message"]


def test_at_most_50_metadata_entries_after_an_update(sagemaker_client: Any, register: Any) -> None:
    arn = register(CustomerMetadataProperties={f"k{i}": "v" for i in range(45)})
    error = _error(
        sagemaker_client.update_model_package,
        ModelPackageArn=arn,
        CustomerMetadataProperties={f"n{i}": "v" for i in range(6)},
    )
    assert error["Code"] == "ValidationException"
    assert "customerMetadataProperties" in error["Message"]
    # the same update is fine once enough keys go
    sagemaker_client.update_model_package(
        ModelPackageArn=arn,
        CustomerMetadataProperties={f"n{i}": "v" for i in range(6)},
        CustomerMetadataPropertiesToRemove=[f"k{i}" for i in range(10)],
    )
    described = sagemaker_client.describe_model_package(ModelPackageName=arn)
    assert len(described["CustomerMetadataProperties"]) == 41


@pytest.mark.parametrize(
    ("metadata", "where"),
    [
        ({f"k{i}": "v" for i in range(51)}, "customerMetadataProperties"),
        ({"k" * 129: "v"}, "customerMetadataProperties.key"),
        ({"k": "v" * 257}, "customerMetadataProperties.value"),
        ({"bad#key": "v"}, "customerMetadataProperties.key"),
        ({"k": "semi;colon"}, "customerMetadataProperties.value"),
    ],
)
def test_metadata_limits_on_create(
    sagemaker_client: Any, group: str, make_request: Any, metadata: dict[str, str], where: str
) -> None:
    error = _error(
        sagemaker_client.create_model_package,
        **make_request(CustomerMetadataProperties=metadata),
    )
    assert error["Code"] == "ValidationException"
    assert f"'{where}'" in error["Message"]


def test_metadata_accepts_letters_numbers_spaces_and_symbols(
    sagemaker_client: Any, register: Any
) -> None:
    arn = register(CustomerMetadataProperties={"Projet équipe 1": "a_b.c:d/e=f+g-h@i"})
    described = sagemaker_client.describe_model_package(ModelPackageName=arn)
    assert described["CustomerMetadataProperties"] == {"Projet équipe 1": "a_b.c:d/e=f+g-h@i"}


def test_approval_description_at_most_1024(sagemaker_client: Any, register: Any) -> None:
    arn = register()
    sagemaker_client.update_model_package(ModelPackageArn=arn, ApprovalDescription="d" * 1024)
    error = _error(
        sagemaker_client.update_model_package, ModelPackageArn=arn, ApprovalDescription="d" * 1025
    )
    assert error["Code"] == "ValidationException"
    assert "approvalDescription" in error["Message"]
    assert "1024" in error["Message"]


@pytest.mark.parametrize(
    ("lifecycle", "where"),
    [
        ({"Stage": "In Production", "StageStatus": "ok"}, "modelLifeCycle.stage"),
        ({"Stage": "prod", "StageStatus": "-approved"}, "modelLifeCycle.stageStatus"),
        ({"Stage": "s" * 64, "StageStatus": "ok"}, "modelLifeCycle.stage"),
        (
            {"Stage": "prod", "StageStatus": "ok", "StageDescription": "d" * 1025},
            "modelLifeCycle.stageDescription",
        ),
    ],
)
def test_lifecycle_stage_and_status_patterns(
    sagemaker_client: Any, register: Any, lifecycle: dict[str, str], where: str
) -> None:
    arn = register()
    error = _error(
        sagemaker_client.update_model_package, ModelPackageArn=arn, ModelLifeCycle=lifecycle
    )
    assert error["Code"] == "ValidationException"
    assert f"'{where}'" in error["Message"]


def test_every_problem_is_listed(sagemaker_client: Any, register: Any) -> None:
    arn = register()
    error = _error(
        sagemaker_client.update_model_package,
        ModelPackageArn=arn,
        ApprovalDescription="d" * 1025,
        ModelLifeCycle={"Stage": "bad stage", "StageStatus": "ok"},
    )
    assert error["Message"].startswith("2 validation errors detected")


def test_approval_status_values(sagemaker_client: Any, register: Any) -> None:
    arn = register()
    error = _error(
        sagemaker_client.update_model_package, ModelPackageArn=arn, ModelApprovalStatus="Maybe"
    )
    assert error["Code"] == "ValidationException"


def test_list_max_results_at_most_100(sagemaker_client: Any, group: str) -> None:
    error = _error(
        sagemaker_client.list_model_packages, ModelPackageGroupName=group, MaxResults=101
    )
    assert error["Code"] == "ValidationException"
    assert "maxResults" in error["Message"]
    error = _error(sagemaker_client.list_model_package_groups, MaxResults=500)
    assert error["Code"] == "ValidationException"


def test_botocore_still_validates_on_the_client(sagemaker_client: Any, group: str) -> None:
    from botocore.exceptions import ParamValidationError

    with pytest.raises(ParamValidationError):
        sagemaker_client.create_model_package(ModelPackageGroupName=group, ModelCard="not a dict")


def test_duplicate_group_is_refused(sagemaker_client: Any, group: str) -> None:
    error = _error(sagemaker_client.create_model_package_group, ModelPackageGroupName=group)
    assert error["Code"] == "ValidationException"
    assert error["Message"].startswith("Model Package Group already exists: arn:aws:sagemaker:")


def test_content_is_validated_on_create_too(
    sagemaker_client: Any, group: str, make_request: Any
) -> None:
    content = json.dumps({"model_overview": {"model_description": "not for packages"}})
    error = _error(
        sagemaker_client.create_model_package,
        **make_request(ModelCard={"ModelCardContent": content, "ModelCardStatus": "Draft"}),
    )
    assert error["Code"] == "ValidationException"
    assert "model_description" in error["Message"]
    assert (
        sagemaker_client.list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"]
        == []
    )
