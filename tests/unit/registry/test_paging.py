"""Paging SageMaker may do that the local SageMaker never does, answered by botocore's Stubber.

The Stubber checks every request against the service model, like a real call, and answers
with the canned responses in order; no network is involved.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from sm_governance.registry import ModelRegistry
from sm_governance.registry._groups import ensure, prepare_group

GROUP_ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package-group/churn"
ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/4"
WHEN = datetime(2025, 3, 1, tzinfo=timezone.utc)


@pytest.fixture
def stubbed() -> Iterator[tuple[Any, Stubber]]:
    client = boto3.client(
        "sagemaker",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def test_a_groups_tags_are_read_over_every_page(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    stubber.add_response(
        "describe_model_package_group",
        {
            "ModelPackageGroupName": "churn",
            "ModelPackageGroupArn": GROUP_ARN,
            "CreationTime": WHEN,
            "CreatedBy": {},
            "ModelPackageGroupStatus": "Completed",
        },
        {"ModelPackageGroupName": "churn"},
    )
    stubber.add_response(
        "list_tags",
        {"Tags": [{"Key": "team", "Value": "ds"}], "NextToken": "page-2"},
        {"ResourceArn": GROUP_ARN},
    )
    stubber.add_response(
        "list_tags",
        {"Tags": [{"Key": "datazone_project_id", "Value": "p1"}]},
        {"ResourceArn": GROUP_ARN, "NextToken": "page-2"},
    )
    group = ensure(client, prepare_group("churn", datazone_project_id="p1"))
    assert group.tags == {"team": "ds", "datazone_project_id": "p1"}
    assert group.datazone_project_id == "p1"


def test_latest_follows_empty_filtered_pages(stubbed: tuple[Any, Stubber]) -> None:
    client, stubber = stubbed
    listing = {
        "ModelPackageGroupName": "churn",
        "SortBy": "CreationTime",
        "SortOrder": "Descending",
        "ModelApprovalStatus": "Approved",
        "MaxResults": 1,
    }
    stubber.add_response(
        "list_model_packages", {"ModelPackageSummaryList": [], "NextToken": "t1"}, listing
    )
    stubber.add_response(
        "list_model_packages",
        {
            "ModelPackageSummaryList": [
                {"ModelPackageArn": ARN, "CreationTime": WHEN, "ModelPackageStatus": "Completed"}
            ]
        },
        dict(listing, NextToken="t1"),
    )
    stubber.add_response(
        "describe_model_package",
        {
            "ModelPackageName": "churn",
            "ModelPackageGroupName": "churn",
            "ModelPackageVersion": 4,
            "ModelPackageArn": ARN,
            "CreationTime": WHEN,
            "ModelPackageStatus": "Completed",
            "ModelPackageStatusDetails": {"ValidationStatuses": []},
            "ModelApprovalStatus": "Approved",
        },
        {"ModelPackageName": ARN},
    )
    latest = ModelRegistry(client=client).latest("churn")
    assert latest is not None
    assert latest.version == 4


def test_the_given_client_is_used_as_is(stubbed: tuple[Any, Stubber]) -> None:
    client, _ = stubbed
    assert ModelRegistry(client=client).client is client
