"""The review queue's call strategy, against botocore's Stubber (requests checked by the model)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from sm_governance.approval._pending import PAGE_SIZE, scan_pending

ACCOUNT = "111122223333"
PENDING = "PendingManualApproval"


def _summary(group: str, version: int) -> dict[str, Any]:
    return {
        "ModelPackageGroupName": group,
        "ModelPackageVersion": version,
        "ModelPackageArn": f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package/{group}/{version}",
        "CreationTime": datetime(2026, 1, 1, 0, 0, version % 60, tzinfo=timezone.utc),
        "ModelPackageStatus": "Completed",
        "ModelApprovalStatus": PENDING,
    }


def _listing(group: str | None = None, token: str | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {
        "ModelApprovalStatus": PENDING,
        "ModelPackageType": "Versioned",
        "MaxResults": PAGE_SIZE,
    }
    if group is not None:
        params["ModelPackageGroupName"] = group
    if token is not None:
        params["NextToken"] = token
    return params


@pytest.fixture
def stub() -> Iterator[Stubber]:
    client = boto3.client(
        "sagemaker",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with Stubber(client) as stubber:
        yield stubber
    stubber.assert_no_pending_responses()


def test_the_whole_account_costs_one_call_per_hundred_pending(stub: Stubber) -> None:
    # GIVEN 250 pending versions spread over many groups: three pages
    rows = [_summary(f"g{i % 40}", i + 1) for i in range(250)]
    pages = [rows[:100], rows[100:200], rows[200:]]
    for n, page in enumerate(pages):
        response: dict[str, Any] = {"ModelPackageSummaryList": page}
        if n < 2:
            response["NextToken"] = f"t{n + 1}"
        stub.add_response("list_model_packages", response, _listing(token=f"t{n}" if n else None))
    # WHEN the queue is scanned without naming groups
    found = scan_pending(stub.client)
    # THEN three calls, ceil(250/100), list it all, oldest first
    assert len(found) == 250
    assert [r.created_at for r in found] == sorted(r.created_at or "" for r in found)


def test_named_groups_use_the_account_listing_when_it_is_shorter(stub: Stubber) -> None:
    # GIVEN three named groups and an account queue that fits in two pages
    stub.add_response(
        "list_model_packages",
        {"ModelPackageSummaryList": [_summary("a", 1), _summary("z", 2)], "NextToken": "t1"},
        _listing(),
    )
    stub.add_response(
        "list_model_packages",
        {"ModelPackageSummaryList": [_summary("b", 3)]},
        _listing(token="t1"),
    )
    seen: list[tuple[str, int]] = []
    # WHEN the named groups are scanned
    found = scan_pending(stub.client, ["a", "b", "c"], on_group=lambda g, n: seen.append((g, n)))
    # THEN two calls, not three, and only the named groups' rows
    assert [r.group for r in found] == ["a", "b"]
    assert sorted(seen) == [("a", 1), ("b", 1), ("c", 0)]


def test_named_groups_are_listed_alone_when_the_account_queue_is_longer(stub: Stubber) -> None:
    # GIVEN two named groups and an account queue longer than one page
    stub.add_response(
        "list_model_packages",
        {"ModelPackageSummaryList": [_summary("x", 1)], "NextToken": "t1"},
        _listing(),
    )
    stub.add_response(
        "list_model_packages", {"ModelPackageSummaryList": [_summary("a", 2)]}, _listing("a")
    )
    stub.add_response(
        "list_model_packages", {"ModelPackageSummaryList": [_summary("b", 3)]}, _listing("b")
    )
    # WHEN they are scanned (one worker, so the order of the stubbed calls is fixed)
    found = scan_pending(stub.client, ["a", "b"], max_workers=1)
    # THEN the probe stopped after one page (no second page asked for) and each group was listed
    assert [r.group for r in found] == ["a", "b"]


def test_a_group_named_by_arn_is_always_listed_alone(stub: Stubber) -> None:
    arn = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package-group/shared"
    stub.add_response(
        "list_model_packages", {"ModelPackageSummaryList": [_summary("shared", 1)]}, _listing(arn)
    )
    assert [r.group for r in scan_pending(stub.client, [arn])] == ["shared"]


def _package(group: str, version: int, content: object) -> dict[str, Any]:
    package = {
        **_summary(group, version),
        "ModelCard": {"ModelCardStatus": "PendingReview"},
        "CreatedBy": {"IamIdentity": {"Arn": f"arn:aws:iam::{ACCOUNT}:user/alice"}},
    }
    if content is not None:
        package["ModelCard"]["ModelCardContent"] = content
    return package


def test_details_come_from_search_with_the_same_paging(stub: Stubber) -> None:
    search: dict[str, Any] = {
        "Resource": "ModelPackage",
        "SearchExpression": {
            "Filters": [{"Name": "ModelApprovalStatus", "Operator": "Equals", "Value": PENDING}]
        },
        "SortBy": "CreationTime",
        "SortOrder": "Ascending",
        "MaxResults": PAGE_SIZE,
    }
    good = json.dumps({"intended_uses": {"risk_rating": "High"}})
    forged = json.dumps({"intended_uses": {"risk_rating": "\x1b[2Jlow"}})
    stub.add_response(
        "search",
        {
            "Results": [
                {"ModelPackage": _package("a", 1, good)},
                {"ModelPackage": _package("a", 2, forged)},
            ],
            "NextToken": "t1",
        },
        search,
    )
    unversioned = {k: v for k, v in _package("u", 9, None).items() if k != "ModelPackageGroupName"}
    stub.add_response(
        "search",
        {
            "Results": [
                {"ModelPackage": _package("b", 3, "{not json")},
                {"ModelPackage": unversioned},
            ]
        },
        {**search, "NextToken": "t1"},
    )
    found = scan_pending(stub.client, details=True)
    assert [(r.group, r.risk_rating) for r in found] == [("a", "High"), ("a", None), ("b", None)]
    assert {r.card_status for r in found} == {"PendingReview"}
    assert found[0].created_by == f"arn:aws:iam::{ACCOUNT}:user/alice"
