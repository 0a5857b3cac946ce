"""Search over model packages and groups: every operator, expressions, sorting and pages."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def packages(sagemaker_client: Any) -> list[str]:
    """Two groups; g-a has versions 1-3 (High, Low, -), g-b has 1 (High, tagged)."""
    arns = []
    for group, risks in (("g-a", ["High", "Low", None]), ("g-b", ["High"])):
        sagemaker_client.create_model_package_group(ModelPackageGroupName=group)
        for risk in risks:
            request: dict[str, Any] = {"ModelPackageGroupName": group}
            if risk:
                content = json.dumps({"intended_uses": {"risk_rating": risk}})
                request["ModelCard"] = {"ModelCardContent": content, "ModelCardStatus": "Draft"}
                request["CustomerMetadataProperties"] = {"risk": risk}
            if group == "g-b":
                request["Tags"] = [{"Key": "team", "Value": "credit"}]
            arns.append(sagemaker_client.create_model_package(**request)["ModelPackageArn"])
    sagemaker_client.update_model_package(ModelPackageArn=arns[0], ModelApprovalStatus="Approved")
    return arns


def _found(client: Any, *filters: dict[str, Any], **request: Any) -> list[str]:
    expression = request.pop("SearchExpression", {"Filters": list(filters)} if filters else None)
    if expression is not None:
        request["SearchExpression"] = expression
    results = client.search(Resource="ModelPackage", **request)["Results"]
    return sorted(r["ModelPackage"]["ModelPackageArn"].split("/", 1)[1] for r in results)


@pytest.mark.parametrize(
    ("operator", "value", "expected"),
    [
        ("Equals", "g-a", ["g-a/1", "g-a/2", "g-a/3"]),
        ("NotEquals", "g-a", ["g-b/1"]),
        ("Contains", "-b", ["g-b/1"]),
        ("In", "g-b,g-c", ["g-b/1"]),
    ],
)
def test_text_operators(
    sagemaker_client: Any, packages: list[str], operator: str, value: str, expected: list[str]
) -> None:
    f = {"Name": "ModelPackageGroupName", "Operator": operator, "Value": value}
    assert _found(sagemaker_client, f) == expected


@pytest.mark.parametrize(
    ("operator", "value", "expected"),
    [
        ("GreaterThan", "1", ["g-a/2", "g-a/3"]),
        ("GreaterThanOrEqualTo", "2", ["g-a/2", "g-a/3"]),
        ("LessThan", "2", ["g-a/1", "g-b/1"]),
        ("LessThanOrEqualTo", "1", ["g-a/1", "g-b/1"]),
        ("Equals", "3", ["g-a/3"]),
        ("In", "1,3", ["g-a/1", "g-a/3", "g-b/1"]),
    ],
)
def test_number_operators(
    sagemaker_client: Any, packages: list[str], operator: str, value: str, expected: list[str]
) -> None:
    f = {"Name": "ModelPackageVersion", "Operator": operator, "Value": value}
    assert _found(sagemaker_client, f) == expected


def test_exists_and_nested_properties(sagemaker_client: Any, packages: list[str]) -> None:
    exists = {"Name": "CustomerMetadataProperties.risk", "Operator": "Exists"}
    missing = {"Name": "ModelCard.ModelCardStatus", "Operator": "NotExists"}
    high = {"Name": "CustomerMetadataProperties.risk", "Operator": "Equals", "Value": "High"}
    tag = {"Name": "Tags.team", "Operator": "Equals", "Value": "credit"}
    assert _found(sagemaker_client, exists) == ["g-a/1", "g-a/2", "g-b/1"]
    assert _found(sagemaker_client, missing) == ["g-a/3"]
    assert _found(sagemaker_client, high) == ["g-a/1", "g-b/1"]
    assert _found(sagemaker_client, tag) == ["g-b/1"]


def test_times(sagemaker_client: Any, packages: list[str]) -> None:
    past = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    assert (
        len(
            _found(
                sagemaker_client, {"Name": "CreationTime", "Operator": "GreaterThan", "Value": past}
            )
        )
        == 4
    )
    epoch = str(later.timestamp())
    assert (
        _found(
            sagemaker_client, {"Name": "CreationTime", "Operator": "GreaterThan", "Value": epoch}
        )
        == []
    )


def test_and_or_and_sub_expressions(sagemaker_client: Any, packages: list[str]) -> None:
    approved = {"Name": "ModelApprovalStatus", "Operator": "Equals", "Value": "Approved"}
    in_b = {"Name": "ModelPackageGroupName", "Operator": "Equals", "Value": "g-b"}
    assert _found(sagemaker_client, approved, in_b) == []  # And by default
    either = {"Filters": [approved, in_b], "Operator": "Or"}
    assert _found(sagemaker_client, SearchExpression=either) == ["g-a/1", "g-b/1"]
    nested = {
        "SubExpressions": [
            either,
            {"Filters": [{"Name": "ModelPackageVersion", "Operator": "Equals", "Value": "1"}]},
        ],
        "Operator": "And",
    }
    assert _found(sagemaker_client, SearchExpression=nested) == ["g-a/1", "g-b/1"]


def test_pages_and_sorting(sagemaker_client: Any, packages: list[str]) -> None:
    seen: list[str] = []
    request: dict[str, Any] = {"SortBy": "ModelPackageVersion", "SortOrder": "Ascending"}
    while True:
        answer = sagemaker_client.search(Resource="ModelPackage", MaxResults=3, **request)
        assert len(answer["Results"]) <= 3
        seen += [r["ModelPackage"]["ModelPackageArn"] for r in answer["Results"]]
        if "NextToken" not in answer:
            break
        request["NextToken"] = answer["NextToken"]
    assert sorted(seen) == sorted(packages)
    versions = [int(arn.rsplit("/", 1)[1]) for arn in seen]
    assert versions == sorted(versions)


def test_whole_packages_come_back(sagemaker_client: Any, packages: list[str]) -> None:
    f = {"Name": "ModelPackageArn", "Operator": "Equals", "Value": packages[0]}
    (result,) = sagemaker_client.search(Resource="ModelPackage", SearchExpression={"Filters": [f]})[
        "Results"
    ]
    package = result["ModelPackage"]
    assert (
        json.loads(package["ModelCard"]["ModelCardContent"])["intended_uses"]["risk_rating"]
        == "High"
    )
    assert package["CustomerMetadataProperties"] == {"risk": "High"}
    assert "IamIdentity" in package["CreatedBy"]


def test_groups(sagemaker_client: Any, packages: list[str]) -> None:
    f = {"Name": "ModelPackageGroupName", "Operator": "In", "Value": "g-a,g-x"}
    results = sagemaker_client.search(
        Resource="ModelPackageGroup", SearchExpression={"Filters": [f]}
    )["Results"]
    assert [r["ModelPackageGroup"]["ModelPackageGroupName"] for r in results] == ["g-a"]


@pytest.mark.parametrize(
    "request_",
    [
        {"SearchExpression": {"Filters": [{"Name": "NoSuchThing", "Operator": "Exists"}]}},
        {
            "SearchExpression": {
                "Filters": [
                    {"Name": "ModelPackageGroupName", "Operator": "GreaterThan", "Value": "a"}
                ]
            }
        },
        {"SearchExpression": {"Filters": [{"Name": "ModelPackageVersion", "Operator": "Equals"}]}},
        {"SortBy": "NoSuchThing"},
        {"MaxResults": 101},
    ],
)
def test_refused(sagemaker_client: Any, packages: list[str], request_: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as caught:
        sagemaker_client.search(Resource="ModelPackage", **request_)
    assert caught.value.response["Error"]["Code"] == "ValidationException"


def test_nested_filters_match_one_element(sagemaker_client: Any) -> None:
    sagemaker_client.create_model_package_group(ModelPackageGroupName="g-n")
    for images in (["a", "b"], ["c"]):
        sagemaker_client.create_model_package(
            ModelPackageGroupName="g-n",
            InferenceSpecification={"Containers": [{"Image": i} for i in images]},
        )
    nested = {
        "NestedPropertyName": "InferenceSpecification.Containers",
        "Filters": [
            {"Name": "InferenceSpecification.Containers.Image", "Operator": "Equals", "Value": "b"}
        ],
    }
    assert _found(sagemaker_client, SearchExpression={"NestedFilters": [nested]}) == ["g-n/1"]


def test_bad_values_are_refused(sagemaker_client: Any, packages: list[str]) -> None:
    for name, value in (("CreationTime", "yesterday"), ("ModelPackageVersion", "one")):
        f = {"Name": name, "Operator": "GreaterThan", "Value": value}
        with pytest.raises(ClientError) as caught:
            sagemaker_client.search(Resource="ModelPackage", SearchExpression={"Filters": [f]})
        assert caught.value.response["Error"]["Code"] == "ValidationException"
    # a page token made for another query
    first = sagemaker_client.search(Resource="ModelPackage", MaxResults=1)
    with pytest.raises(ClientError):
        sagemaker_client.search(
            Resource="ModelPackageGroup", MaxResults=1, NextToken=first["NextToken"]
        )


def test_other_resources_are_paged_too(sagemaker_client: Any) -> None:
    for name in ("exp-1", "exp-2", "exp-3"):
        sagemaker_client.create_experiment(ExperimentName=name)
    first = sagemaker_client.search(Resource="Experiment", MaxResults=2)
    rest = sagemaker_client.search(
        Resource="Experiment", MaxResults=2, NextToken=first["NextToken"]
    )
    names = [r["Experiment"]["ExperimentName"] for r in first["Results"] + rest["Results"]]
    assert sorted(names) == ["exp-1", "exp-2", "exp-3"]
    assert "NextToken" not in rest


def test_a_search_confined_to_groups_reads_only_their_packages(sagemaker_client: Any) -> None:
    from moto.sagemaker.models import ModelPackage

    # GIVEN 3 groups of 4 versions
    for g in range(3):
        sagemaker_client.create_model_package_group(ModelPackageGroupName=f"s{g}")
        for _ in range(4):
            sagemaker_client.create_model_package(ModelPackageGroupName=f"s{g}")
    described: list[str] = []
    original = ModelPackage.gen_response_object

    def counting(self: Any) -> Any:
        described.append(self.arn)
        return original(self)

    ModelPackage.gen_response_object = counting  # type: ignore[method-assign]
    try:
        # WHEN a search names one group (and something else, joined by And)
        expression = {
            "Filters": [
                {"Name": "ModelPackageGroupName", "Operator": "In", "Value": "s1,nope"},
                {"Name": "ModelPackageVersion", "Operator": "GreaterThan", "Value": "2"},
            ]
        }
        found = _found(sagemaker_client, SearchExpression=expression)
    finally:
        ModelPackage.gen_response_object = original  # type: ignore[method-assign]
    # THEN it found that group's versions and read no other package
    assert found == ["s1/3", "s1/4"]
    assert len(described) == 4  # the group's 4 packages
    assert all("/s1/" in arn for arn in described)
