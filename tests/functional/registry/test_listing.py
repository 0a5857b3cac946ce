"""versions and latest on the local SageMaker: lazy pages, newest first, minimum calls."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from sm_governance._types import ApprovalStatus
from sm_governance.errors import ValidationError
from sm_governance.registry import ModelRegistry, ModelVersionSummary

from .conftest import IMAGE, MODEL, Calls


def _add_versions(client: Any, group: str, statuses: list[str]) -> list[str]:
    """Versions created straight with boto3 (no card: the listing does not need one)."""
    arns = []
    for status in statuses:
        response = client.create_model_package(
            ModelPackageGroupName=group,
            ModelApprovalStatus=status,
            InferenceSpecification={
                "Containers": [{"Image": IMAGE, "ModelDataUrl": MODEL}],
                "SupportedContentTypes": ["text/csv"],
                "SupportedResponseMIMETypes": ["text/csv"],
            },
        )
        arns.append(response["ModelPackageArn"])
    return arns


def test_more_than_a_hundred_versions_come_page_by_page(
    registry: ModelRegistry, group: str, sagemaker_client: Any, calls: Calls
) -> None:
    arns = _add_versions(sagemaker_client, group, ["PendingManualApproval"] * 205)
    calls.reset()
    iterator = registry.versions(group)
    # nothing is fetched before the first item is asked for
    assert calls.names == []
    first_five = list(itertools.islice(iterator, 5))
    assert calls.names == ["ListModelPackages"]
    rest = list(iterator)
    assert calls.names == ["ListModelPackages"] * 3
    summaries = first_five + rest
    assert all(isinstance(s, ModelVersionSummary) for s in summaries)
    # newest first, every version exactly once
    assert [s.version for s in summaries] == list(range(205, 0, -1))
    assert sorted(s.arn for s in summaries) == sorted(arns)


def test_versions_filtered_by_approval_status(
    registry: ModelRegistry, group: str, sagemaker_client: Any
) -> None:
    statuses = ["Approved", "Rejected", "Approved", "PendingManualApproval"]
    _add_versions(sagemaker_client, group, statuses)
    approved = list(registry.versions(group, status=ApprovalStatus.APPROVED))
    assert [s.version for s in approved] == [3, 1]
    rejected = list(registry.versions(group, status="Rejected"))
    assert [s.version for s in rejected] == [2]
    assert all(s.approval_status is ApprovalStatus.APPROVED for s in approved)


def test_latest_approved_in_two_calls(
    registry: ModelRegistry, group: str, sagemaker_client: Any, calls: Calls
) -> None:
    arns = _add_versions(
        sagemaker_client, group, ["Approved", "Approved", "Rejected", "PendingManualApproval"]
    )
    calls.reset()
    latest = registry.latest(group)
    assert latest is not None
    assert latest.arn == arns[1]
    assert calls.names == ["ListModelPackages", "DescribeModelPackage"]
    newest = registry.latest(group, status=None)
    assert newest is not None
    assert newest.arn == arns[3]


def test_latest_when_nothing_is_approved(
    registry: ModelRegistry, group: str, sagemaker_client: Any, calls: Calls
) -> None:
    _add_versions(sagemaker_client, group, ["PendingManualApproval"])
    calls.reset()
    assert registry.latest(group) is None
    assert calls.names == ["ListModelPackages"]


def test_bad_arguments_fail_at_the_call_not_at_the_first_item(
    registry: ModelRegistry, calls: Calls
) -> None:
    with pytest.raises(ValidationError) as caught:
        registry.versions("bad_group", status="approved")
    assert caught.value.paths == ["group", "status"]
    with pytest.raises(ValidationError):
        registry.latest("bad_group")
    assert calls.names == []
