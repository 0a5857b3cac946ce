"""DeleteModelPackage, group policies, BatchDescribeModelPackage and the list filters."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "CrossAccountRead",
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
                "Action": ["sagemaker:DescribeModelPackage", "sagemaker:ListModelPackages"],
                "Resource": "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/*",
            }
        ],
    }
)


def _code(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return str(caught.value.response["Error"]["Code"])


def test_delete_model_package(sagemaker_client: Any, register: Any) -> None:
    arn = register()
    sagemaker_client.delete_model_package(ModelPackageName=arn)
    assert _code(sagemaker_client.describe_model_package, ModelPackageName=arn) == (
        "ValidationException"
    )
    assert _code(sagemaker_client.delete_model_package, ModelPackageName=arn) == (
        "ValidationException"
    )


def test_group_policy_round_trip(sagemaker_client: Any, group: str) -> None:
    put = sagemaker_client.put_model_package_group_policy(
        ModelPackageGroupName=group, ResourcePolicy=POLICY
    )
    assert put["ModelPackageGroupArn"].endswith(":model-package-group/credit-risk")
    got = sagemaker_client.get_model_package_group_policy(ModelPackageGroupName=group)
    assert json.loads(got["ResourcePolicy"]) == json.loads(POLICY)
    sagemaker_client.delete_model_package_group_policy(ModelPackageGroupName=group)
    assert _code(sagemaker_client.get_model_package_group_policy, ModelPackageGroupName=group) == (
        "ValidationException"
    )
    assert _code(
        sagemaker_client.delete_model_package_group_policy, ModelPackageGroupName=group
    ) == ("ValidationException")


@pytest.mark.parametrize("policy", ["not json", json.dumps({"Version": "2012-10-17"}), "[]"])
def test_group_policy_must_be_a_policy(sagemaker_client: Any, group: str, policy: str) -> None:
    code = _code(
        sagemaker_client.put_model_package_group_policy,
        ModelPackageGroupName=group,
        ResourcePolicy=policy,
    )
    assert code == "ValidationException"


def test_group_policy_on_a_missing_group(sagemaker_client: Any) -> None:
    code = _code(
        sagemaker_client.put_model_package_group_policy,
        ModelPackageGroupName="nope",
        ResourcePolicy=POLICY,
    )
    assert code == "ValidationException"


def test_batch_describe(sagemaker_client: Any, register: Any) -> None:
    first = register(ModelApprovalStatus="Approved")
    second = register()
    missing = "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/99"
    response = sagemaker_client.batch_describe_model_package(
        ModelPackageArnList=[first, second, missing]
    )
    summaries = response["ModelPackageSummaries"]
    assert set(summaries) == {first, second}
    assert summaries[first]["ModelApprovalStatus"] == "Approved"
    assert summaries[second]["ModelPackageVersion"] == 2
    assert summaries[first]["ModelPackageGroupName"] == "credit-risk"
    assert set(response["BatchDescribeModelPackageErrorMap"]) == {missing}


def test_batch_describe_at_most_100(sagemaker_client: Any, group: str) -> None:
    arns = [f"arn:aws:sagemaker:us-east-1:123456789012:model-package/g/{i}" for i in range(101)]
    code = _code(sagemaker_client.batch_describe_model_package, ModelPackageArnList=arns)
    assert code == "ValidationException"


def test_list_filters_by_group_and_status(sagemaker_client: Any, register: Any) -> None:
    approved = register(ModelApprovalStatus="Approved")
    register()
    register(ModelApprovalStatus="Rejected")
    sagemaker_client.create_model_package_group(ModelPackageGroupName="other")
    sagemaker_client.create_model_package(
        ModelPackageGroupName="other",
        InferenceSpecification={
            "Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1"}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        ModelApprovalStatus="Approved",
    )
    listed = sagemaker_client.list_model_packages(
        ModelPackageGroupName="credit-risk", ModelApprovalStatus="Approved"
    )["ModelPackageSummaryList"]
    assert [p["ModelPackageArn"] for p in listed] == [approved]


def test_list_sorts_and_paginates(sagemaker_client: Any, register: Any) -> None:
    # GIVEN five versions
    arns = [
        register(ModelLifeCycle={"Stage": "Development", "StageStatus": "InReview"})
        for _ in range(5)
    ]
    # WHEN listed newest first, two at a time
    seen: list[str] = []
    kwargs: dict[str, Any] = {
        "ModelPackageGroupName": "credit-risk",
        "SortBy": "CreationTime",
        "SortOrder": "Descending",
        "MaxResults": 2,
    }
    pages = 0
    while True:
        page = sagemaker_client.list_model_packages(**kwargs)
        pages += 1
        assert len(page["ModelPackageSummaryList"]) <= 2
        seen += [p["ModelPackageArn"] for p in page["ModelPackageSummaryList"]]
        assert all(
            p["ModelLifeCycle"]["Stage"] == "Development" for p in page["ModelPackageSummaryList"]
        )
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    # THEN every version once, newest first, in three pages
    assert pages == 3
    assert seen == list(reversed(arns))


def test_list_groups_paginates(sagemaker_client: Any) -> None:
    for name in ("g-a", "g-b", "g-c"):
        sagemaker_client.create_model_package_group(ModelPackageGroupName=name)
    paginator = sagemaker_client.get_paginator("list_model_package_groups")
    pages = list(paginator.paginate(SortBy="Name", PaginationConfig={"PageSize": 2}))
    names = [g["ModelPackageGroupName"] for p in pages for g in p["ModelPackageGroupSummaryList"]]
    assert names == ["g-a", "g-b", "g-c"]
    assert len(pages) == 2


def test_delete_group_only_when_empty(sagemaker_client: Any, register: Any) -> None:
    # GIVEN a group with a version and a policy
    arn = register()
    sagemaker_client.put_model_package_group_policy(
        ModelPackageGroupName="credit-risk", ResourcePolicy=POLICY
    )
    # WHEN it is deleted while it still has a version THEN a conflict
    code = _code(sagemaker_client.delete_model_package_group, ModelPackageGroupName="credit-risk")
    assert code == "ConflictException"
    # WHEN the version goes first THEN the group (and its policy) can go
    sagemaker_client.delete_model_package(ModelPackageName=arn)
    sagemaker_client.delete_model_package_group(ModelPackageGroupName="credit-risk")
    code = _code(sagemaker_client.describe_model_package_group, ModelPackageGroupName="credit-risk")
    assert code == "ValidationException"
    # AND a group created again under the name starts from version 1
    sagemaker_client.create_model_package_group(ModelPackageGroupName="credit-risk")
    assert register().endswith("/1")


def test_groups_are_named_by_name_or_arn(sagemaker_client: Any, group: str) -> None:
    arn = sagemaker_client.describe_model_package_group(ModelPackageGroupName=group)[
        "ModelPackageGroupArn"
    ]
    by_arn = sagemaker_client.describe_model_package_group(ModelPackageGroupName=arn)
    assert by_arn["ModelPackageGroupName"] == group
    created = sagemaker_client.create_model_package(
        ModelPackageGroupName=arn,
        InferenceSpecification={
            "Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1"}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
    )["ModelPackageArn"]
    assert created.endswith("/credit-risk/1")
    # a group of the same name in another account is another group
    elsewhere = arn.replace("123456789012", "210987654321")
    code = _code(sagemaker_client.describe_model_package_group, ModelPackageGroupName=elsewhere)
    assert code == "ValidationException"


def test_policy_calls_take_the_group_name_only(sagemaker_client: Any, group: str) -> None:
    arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package-group/credit-risk"
    for call in (
        sagemaker_client.get_model_package_group_policy,
        sagemaker_client.delete_model_package_group_policy,
    ):
        assert _code(call, ModelPackageGroupName=arn) == "ValidationException"


def test_describe_model_card_takes_a_name_or_an_arn(sagemaker_client: Any) -> None:
    # GIVEN a standalone model card
    content = json.dumps({"intended_uses": {"purpose_of_model": "Score loans"}})
    arn = sagemaker_client.create_model_card(
        ModelCardName="credit-card", Content=content, ModelCardStatus="Draft"
    )["ModelCardArn"]
    # WHEN it is described by name and by ARN (ModelCardNameOrArn) THEN both find it
    by_name = sagemaker_client.describe_model_card(ModelCardName="credit-card")
    by_arn = sagemaker_client.describe_model_card(ModelCardName=arn)
    assert by_name["ModelCardArn"] == by_arn["ModelCardArn"] == arn
    assert by_arn["Content"] == content
    # AND an ARN of no card is not found
    missing = arn.replace("credit-card", "no-such-card")
    assert _code(sagemaker_client.describe_model_card, ModelCardName=missing) == (
        "ResourceNotFound"
    )
