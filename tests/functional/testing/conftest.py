"""Shared pieces of the local SageMaker conformance suite (plain boto3 calls only)."""

from __future__ import annotations

import json
from typing import Any

import pytest

GROUP = "credit-risk"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"


def card_content(**sections: Any) -> str:
    """A valid model-package card content, with sections overridden or added."""
    content: dict[str, Any] = {
        "model_overview": {"model_creator": "Risk team", "model_artifact": ["s3://m/model.tar.gz"]},
        "intended_uses": {"purpose_of_model": "Score loans", "risk_rating": "High"},
        "additional_information": {"custom_details": {"datazone_project_id": "prj_1"}},
    }
    content.update(sections)
    return json.dumps(content)


def package_request(**overrides: Any) -> dict[str, Any]:
    """CreateModelPackage arguments for a version in :data:`GROUP`."""
    request: dict[str, Any] = {
        "ModelPackageGroupName": GROUP,
        "InferenceSpecification": {
            "Containers": [{"Image": IMAGE, "ModelDataUrl": "s3://m/model.tar.gz"}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
    }
    request.update(overrides)
    return request


@pytest.fixture
def group(sagemaker_client: Any) -> str:
    """An empty model package group."""
    sagemaker_client.create_model_package_group(ModelPackageGroupName=GROUP)
    return GROUP


@pytest.fixture
def register(sagemaker_client: Any, group: str) -> Any:
    """Create a version in the group; returns its ARN."""

    def create(**overrides: Any) -> str:
        response = sagemaker_client.create_model_package(**package_request(**overrides))
        return str(response["ModelPackageArn"])

    return create


@pytest.fixture
def make_content() -> Any:
    """:func:`card_content`, for tests (conftest modules are not importable by name)."""
    return card_content


@pytest.fixture
def make_request() -> Any:
    """:func:`package_request`, for tests."""
    return package_request
