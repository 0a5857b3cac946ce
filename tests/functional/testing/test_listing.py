"""ListModelPackages pages read from the per-group index, never from a scan of the account."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"


def _fill(client: Any, groups: int, versions: int) -> None:
    for g in range(groups):
        client.create_model_package_group(ModelPackageGroupName=f"g{g}")
        for v in range(versions):
            client.create_model_package(
                ModelPackageGroupName=f"g{g}",
                ModelApprovalStatus="PendingManualApproval" if v % 2 else "Approved",
            )


def _all_pages(client: Any, **request: Any) -> list[list[str]]:
    pages: list[list[str]] = []
    while True:
        answer = client.list_model_packages(**request)
        pages.append([s["ModelPackageArn"] for s in answer["ModelPackageSummaryList"]])
        if "NextToken" not in answer:
            return pages
        request["NextToken"] = answer["NextToken"]


class CountingPackages(dict[str, Any]):
    """moto's package table, counting how many packages a request reads."""

    reads = 0
    scans = 0

    def get(self, key: str, default: Any = None) -> Any:
        CountingPackages.reads += 1
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        CountingPackages.reads += 1
        return super().__getitem__(key)

    def values(self) -> Any:
        CountingPackages.scans += 1
        return super().values()


def test_a_page_reads_only_what_it_returns(sagemaker_client: Any) -> None:
    from moto.sagemaker.models import sagemaker_backends

    # GIVEN 16 groups of 25 versions (400 packages)
    _fill(sagemaker_client, 16, 25)
    backend = sagemaker_backends["123456789012"]["us-east-1"]
    sagemaker_client.list_model_packages(ModelPackageGroupName="g0", MaxResults=1)  # indexed
    backend.model_packages = CountingPackages(backend.model_packages)
    # WHEN the second page of 10 of one group is read
    first = sagemaker_client.list_model_packages(ModelPackageGroupName="g7", MaxResults=10)
    CountingPackages.reads = CountingPackages.scans = 0
    second = sagemaker_client.list_model_packages(
        ModelPackageGroupName="g7", MaxResults=10, NextToken=first["NextToken"]
    )
    # THEN it read 11 packages (10 and one to know there are more) and scanned none
    assert len(second["ModelPackageSummaryList"]) == 10
    assert {s["ModelPackageGroupName"] for s in second["ModelPackageSummaryList"]} == {"g7"}
    assert CountingPackages.reads == 11
    assert CountingPackages.scans == 0


def test_pages_cover_every_version_once_in_creation_order(sagemaker_client: Any) -> None:
    _fill(sagemaker_client, 3, 7)
    pages = _all_pages(sagemaker_client, ModelPackageGroupName="g1", MaxResults=3)
    assert [len(p) for p in pages] == [3, 3, 1]
    flat = [arn for page in pages for arn in page]
    assert [int(arn.rsplit("/", 1)[1]) for arn in flat] == list(range(1, 8))
    descending = _all_pages(
        sagemaker_client, ModelPackageGroupName="g1", MaxResults=4, SortOrder="Descending"
    )
    assert [arn for page in descending for arn in page] == flat[::-1]


def test_the_whole_account_filtered_by_status(sagemaker_client: Any) -> None:
    _fill(sagemaker_client, 5, 4)
    pages = _all_pages(
        sagemaker_client,
        ModelPackageType="Versioned",
        ModelApprovalStatus="PendingManualApproval",
        MaxResults=4,
    )
    flat = [arn for page in pages for arn in page]
    assert len(flat) == 10  # versions 2 and 4 of each group
    assert len(set(flat)) == 10
    # unversioned packages only, by default, as moto has it: none here
    assert sagemaker_client.list_model_packages()["ModelPackageSummaryList"] == []


def test_a_deletion_between_pages_loses_nothing_else(sagemaker_client: Any) -> None:
    _fill(sagemaker_client, 1, 6)
    first = sagemaker_client.list_model_packages(ModelPackageGroupName="g0", MaxResults=3)
    last_seen = first["ModelPackageSummaryList"][-1]["ModelPackageArn"]
    sagemaker_client.delete_model_package(ModelPackageName=last_seen)
    rest = sagemaker_client.list_model_packages(
        ModelPackageGroupName="g0", MaxResults=3, NextToken=first["NextToken"]
    )
    assert [s["ModelPackageVersion"] for s in rest["ModelPackageSummaryList"]] == [4, 5, 6]


def test_a_token_belongs_to_its_query(sagemaker_client: Any) -> None:
    _fill(sagemaker_client, 2, 3)
    first = sagemaker_client.list_model_packages(ModelPackageGroupName="g0", MaxResults=1)
    for token in (first["NextToken"], "not-a-token"):
        with pytest.raises(ClientError) as caught:
            sagemaker_client.list_model_packages(ModelPackageGroupName="g1", NextToken=token)
        assert caught.value.response["Error"]["Code"] == "ValidationException"


def test_sorted_by_name(sagemaker_client: Any) -> None:
    for name in ("charlie", "alpha", "bravo"):
        sagemaker_client.create_model_package(ModelPackageName=name)
    pages = _all_pages(sagemaker_client, SortBy="Name", MaxResults=2)
    assert [arn.rsplit("/", 1)[1] for page in pages for arn in page] == [
        "alpha",
        "bravo",
        "charlie",
    ]


def test_summaries_carry_the_lifecycle(sagemaker_client: Any) -> None:
    sagemaker_client.create_model_package_group(ModelPackageGroupName="g")
    sagemaker_client.create_model_package(
        ModelPackageGroupName="g",
        ModelLifeCycle={"Stage": "Development", "StageStatus": "In-Progress"},
    )
    (summary,) = sagemaker_client.list_model_packages(ModelPackageGroupName="g")[
        "ModelPackageSummaryList"
    ]
    assert summary["ModelLifeCycle"]["Stage"] == "Development"
    assert summary["ModelApprovalStatus"] == "PendingManualApproval"
    assert summary["ModelPackageStatus"] == "Completed"
