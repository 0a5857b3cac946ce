"""SDK v2 source-URI registrations, as its integration tests make them, on the local SageMaker.

The SDK's ``tests/integ/test_model_package.py`` registers with ``source_uri=<package ARN>``
(``test_clone_model_package_using_source_uri``) and ``source_uri=<model ARN>``
(``test_register_model_using_source_uri``). For such a URI the SDK drops the inference
specification from ``CreateModelPackage`` and expects SageMaker to fill it in.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.sdk(2)

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


def test_clone_a_model_package_by_source_uri(sdk_session: Any, sagemaker_client: Any) -> None:
    # GIVEN a version registered with a source URI that fills in nothing
    first = _model(sdk_session).register(
        model_package_group_name=GROUP, source_uri="dummy-source-uri", **INFERENCE
    )
    original = sagemaker_client.describe_model_package(ModelPackageName=first.model_package_arn)
    # WHEN another is registered with the first one's ARN as its source
    clone = _model(sdk_session).register(
        model_package_group_name=GROUP, source_uri=first.model_package_arn, **INFERENCE
    )
    cloned = sagemaker_client.describe_model_package(ModelPackageName=clone.model_package_arn)
    # THEN it has the first one's inference specification, as the SDK's test expects
    assert original["SourceUri"] == "dummy-source-uri"
    assert cloned["SourceUri"] == first.model_package_arn
    assert cloned["InferenceSpecification"] == original["InferenceSpecification"]
    assert cloned["InferenceSpecification"]["SupportedTransformInstanceTypes"] == ["ml.m5.large"]


def test_register_a_model_by_source_uri(sdk_session: Any, sagemaker_client: Any) -> None:
    model = _model(sdk_session)
    model.name = "credit-risk-model"
    model.create()
    model_arn = sagemaker_client.describe_model(ModelName="credit-risk-model")["ModelArn"]
    package = _model(sdk_session).register(
        inference_instances=["ml.m5.xlarge"], model_package_group_name=GROUP, source_uri=model_arn
    )
    described = sagemaker_client.describe_model_package(ModelPackageName=package.model_package_arn)
    assert described["SourceUri"] == model_arn
    (container,) = described["InferenceSpecification"]["Containers"]
    assert (container["Image"], container["ModelDataUrl"]) == (IMAGE, MODEL_DATA)
