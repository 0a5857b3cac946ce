"""Every SageMaker request is checked against the service model, as SageMaker's front end does.

The client here has botocore's parameter validation off, as a client in another language or
a hand-made request may: what is refused is refused by the local SageMaker.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

PACKAGE_ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/1"


@pytest.fixture
def unchecked(aws_session: boto3.Session) -> Any:
    """A SageMaker client that sends whatever it is given (no client-side validation)."""
    return aws_session.client("sagemaker", config=Config(parameter_validation=False))


def _refused(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    error = caught.value.response["Error"]
    assert error["Code"] == "ValidationException"
    return str(error["Message"])


def test_a_package_named_by_group_and_version_is_no_arn(sagemaker_client: Any) -> None:
    # UpdateModelPackage takes an ARN (ModelPackageArn), not DescribeModelPackage's "g/1"
    message = _refused(sagemaker_client.update_model_package, ModelPackageArn="g/1")
    assert "'modelPackageArn'" in message
    assert "regular expression pattern" in message


@pytest.mark.parametrize("name", ["credit_risk", "credit-risk-", "-credit", "a" * 64, "ü"])
def test_patterns_match_the_whole_value(sagemaker_client: Any, name: str) -> None:
    # the EntityName-like pattern matches a prefix of each of these; SageMaker wants all of it
    message = _refused(sagemaker_client.create_model_package_group, ModelPackageGroupName=name)
    assert "'modelPackageGroupName'" in message


def test_several_problems_are_listed_together(unchecked: Any) -> None:
    message = _refused(
        unchecked.list_model_packages,
        MaxResults=1000,
        SortBy="Version",
        ModelApprovalStatus="Approved!",
    )
    assert message.startswith("3 validation errors detected")
    for member in ("'maxResults'", "'sortBy'", "'modelApprovalStatus'"):
        assert member in message


def test_a_missing_required_member_is_named(unchecked: Any) -> None:
    message = _refused(unchecked.update_model_package)
    assert "Value null at 'modelPackageArn'" in message
    assert "must not be null" in message


def test_nested_members_and_list_sizes(unchecked: Any, sagemaker_client: Any) -> None:
    sagemaker_client.create_model_package_group(ModelPackageGroupName="credit-risk")
    container = {"Image": "img", "ModelDataUrl": "ftp://not-s3/model.tar.gz"}
    message = _refused(
        unchecked.create_model_package,
        ModelPackageGroupName="credit-risk",
        InferenceSpecification={"Containers": [container] * 16},
    )
    assert "'inferenceSpecification.containers'" in message  # at most 15
    assert "'inferenceSpecification.containers.1.member.modelDataUrl'" in message
    assert "ftp://" not in message  # values are never echoed


def test_lengths_count_utf16_units(unchecked: Any, sagemaker_client: Any) -> None:
    # GIVEN card content of fewer than 100,000 code points but more than 100,000 UTF-16 units
    sagemaker_client.create_model_package_group(ModelPackageGroupName="credit-risk")
    text = "\U0001f600" * 30_000  # 2 units each
    content = json.dumps({"intended_uses": {"intended_uses": text}}, ensure_ascii=False)
    content += " " * (99_990 - len(content))
    assert len(content) < 100_000
    # WHEN it is sent THEN the limit is counted as the card and SageMaker count it
    message = _refused(
        unchecked.create_model_package,
        ModelPackageGroupName="credit-risk",
        ModelCard={"ModelCardContent": content, "ModelCardStatus": "Draft"},
    )
    assert "'modelCard.modelCardContent'" in message
    assert "less than or equal to 100000" in message


def test_every_operation_is_checked_not_only_model_packages(sagemaker_client: Any) -> None:
    message = _refused(
        sagemaker_client.create_model,
        ModelName="credit-risk",
        ExecutionRoleArn="arn:aws:sagemaker:us-east-1:123456789012:x-x/not-a-role",
        PrimaryContainer={"Image": "img"},
    )
    assert "'executionRoleArn'" in message


def test_a_valid_request_passes(sagemaker_client: Any) -> None:
    sagemaker_client.create_model_package_group(ModelPackageGroupName="credit-risk")
    arn = sagemaker_client.create_model_package(
        ModelPackageGroupName="credit-risk",
        ModelPackageDescription="Kreditrisiko, Version 1 (März)",
        CustomerMetadataProperties={"datazone_project_id": "prj_1", "Besitzer": "Jörg"},
        ModelCard={"ModelCardContent": "{}", "ModelCardStatus": "Draft"},
    )["ModelPackageArn"]
    assert arn == PACKAGE_ARN
