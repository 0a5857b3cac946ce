"""SourceUri: a model package or model ARN fills InferenceSpecification, as SageMaker does.

The SageMaker Python SDK v2 drops ``InferenceSpecification`` from ``CreateModelPackage`` when
``SourceUri`` is a model package or a model ARN (it counts on SageMaker to fill it in), and its
integration tests ``test_clone_model_package_using_source_uri`` and
``test_register_model_using_source_uri`` check the filled-in specification. These tests send
what the SDK sends.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.3-1"
DATA = "s3://sagemaker-us-east-1-123456789012/integ-test-data/xgboost_abalone/model.tar.gz"
SPEC: dict[str, Any] = {
    "Containers": [{"Image": IMAGE, "ModelDataUrl": DATA, "Environment": {"A": "1"}}],
    "SupportedContentTypes": ["text/csv"],
    "SupportedResponseMIMETypes": ["text/csv"],
    "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
    "SupportedTransformInstanceTypes": ["ml.m5.large"],
}


@pytest.fixture
def group(sagemaker_client: Any) -> str:
    sagemaker_client.create_model_package_group(ModelPackageGroupName="test-model-group")
    return "test-model-group"


def test_clone_from_a_model_package(sagemaker_client: Any, group: str) -> None:
    # GIVEN a registered version (the SDK's first register, with source_uri="dummy-source-uri")
    source = sagemaker_client.create_model_package(
        ModelPackageGroupName=group, InferenceSpecification=SPEC
    )["ModelPackageArn"]
    sagemaker_client.update_model_package(ModelPackageArn=source, SourceUri="dummy-source-uri")
    # WHEN a version is registered with the first one's ARN as SourceUri and no specification
    clone = sagemaker_client.create_model_package(ModelPackageGroupName=group, SourceUri=source)[
        "ModelPackageArn"
    ]
    described = sagemaker_client.describe_model_package(ModelPackageName=clone)
    # THEN it carries the source's specification and the URI
    assert described["InferenceSpecification"] == SPEC
    assert described["SourceUri"] == source


def test_register_from_a_model(sagemaker_client: Any, group: str) -> None:
    model_arn = sagemaker_client.create_model(
        ModelName="test-model",
        ExecutionRoleArn="arn:aws:iam::123456789012:role/SageMakerRole",
        PrimaryContainer={"Image": IMAGE, "ModelDataUrl": DATA, "Environment": {"A": "1"}},
    )["ModelArn"]
    arn = sagemaker_client.create_model_package(ModelPackageGroupName=group, SourceUri=model_arn)[
        "ModelPackageArn"
    ]
    described = sagemaker_client.describe_model_package(ModelPackageName=arn)
    assert described["SourceUri"] == model_arn
    assert described["InferenceSpecification"]["Containers"] == [SPEC["Containers"][0]]


def test_a_given_specification_is_kept(sagemaker_client: Any, group: str) -> None:
    source = sagemaker_client.create_model_package(
        ModelPackageGroupName=group, InferenceSpecification=SPEC
    )["ModelPackageArn"]
    own = {"Containers": [{"Image": IMAGE}]}
    arn = sagemaker_client.create_model_package(
        ModelPackageGroupName=group, SourceUri=source, InferenceSpecification=own
    )["ModelPackageArn"]
    described = sagemaker_client.describe_model_package(ModelPackageName=arn)
    assert described["InferenceSpecification"] == own


def test_any_other_uri_fills_nothing(sagemaker_client: Any, group: str) -> None:
    # the SDK's test_update_inference_specification starts from exactly this
    arn = sagemaker_client.create_model_package(
        ModelPackageGroupName=group, SourceUri="dummy source uri"
    )["ModelPackageArn"]
    described = sagemaker_client.describe_model_package(ModelPackageName=arn)
    assert "InferenceSpecification" not in described
    sagemaker_client.update_model_package(
        ModelPackageArn=arn, InferenceSpecification={"Containers": [{"Image": IMAGE}]}
    )
    described = sagemaker_client.describe_model_package(ModelPackageName=arn)
    assert described["InferenceSpecification"]["Containers"] == [{"Image": IMAGE}]


@pytest.mark.parametrize(
    "missing",
    [
        "arn:aws:sagemaker:us-east-1:123456789012:model-package/test-model-group/9",
        "arn:aws:sagemaker:us-east-1:123456789012:model/no-such-model",
    ],
)
def test_a_missing_source_is_refused(sagemaker_client: Any, group: str, missing: str) -> None:
    with pytest.raises(ClientError) as caught:
        sagemaker_client.create_model_package(ModelPackageGroupName=group, SourceUri=missing)
    assert caught.value.response["Error"]["Code"] == "ValidationException"
