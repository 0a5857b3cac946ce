"""Group names and ARNs, version ARNs: parsed and checked before any AWS call."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sm_governance.errors import Problem
from sm_governance.registry._arns import (
    GroupRef,
    VersionRef,
    check_version_name,
    parse_group,
    parse_version_arn,
)

GROUP_ARN = "arn:aws:sagemaker:eu-west-1:210987654321:model-package-group/credit-risk"
VERSION_ARN = "arn:aws:sagemaker:eu-west-1:210987654321:model-package/credit-risk/12"
NAMES = st.from_regex(r"[a-zA-Z0-9](-?[a-zA-Z0-9]){0,31}", fullmatch=True)


def test_a_plain_name_is_a_group_in_the_callers_account() -> None:
    ref = parse_group("credit-risk")
    assert ref == GroupRef(value="credit-risk", name="credit-risk")
    assert not ref.is_arn


def test_a_group_arn_of_another_account_is_accepted_as_given() -> None:
    ref = parse_group(GROUP_ARN)
    assert isinstance(ref, GroupRef)
    assert (ref.value, ref.name, ref.account, ref.region) == (
        GROUP_ARN,
        "credit-risk",
        "210987654321",
        "eu-west-1",
    )
    assert ref.is_arn


def test_other_partitions_are_accepted() -> None:
    arn = "arn:aws-cn:sagemaker:cn-north-1:210987654321:model-package-group/g1"
    assert isinstance(parse_group(arn), GroupRef)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "must not be empty"),
        ("-leading", "not a valid group name"),
        ("trailing-", "not a valid group name"),
        ("under_score", "not a valid group name"),
        ("x" * 64, "not a valid group name"),
        ("x" * 171, "at most 170"),
        (VERSION_ARN, "version ARN, not a model package group ARN"),
        ("arn:aws:sagemaker:eu-west-1:210987654321:endpoint/x", "not a model package group ARN"),
        ("arn:aws:sagemaker:eu-west-1:12345:model-package-group/x", "not a model package group"),
        (42, "(a string)"),
    ],
)
def test_bad_groups_are_problems_naming_the_field(value: object, fragment: str) -> None:
    problem = parse_group(value, "group")
    assert isinstance(problem, Problem)
    assert problem.path == "group"
    assert fragment in problem.message


@given(NAMES)
def test_every_valid_name_parses_to_itself(name: str) -> None:
    ref = parse_group(name)
    assert isinstance(ref, GroupRef)
    assert ref.name == name


@given(st.text(max_size=200))
def test_any_text_is_either_a_group_or_a_problem(text: str) -> None:
    assert isinstance(parse_group(text), (GroupRef, Problem))


def test_a_version_arn_gives_its_parts() -> None:
    assert parse_version_arn(VERSION_ARN) == VersionRef(
        arn=VERSION_ARN,
        partition="aws",
        region="eu-west-1",
        account="210987654321",
        group="credit-risk",
        version=12,
    )


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (GROUP_ARN, "group ARN, not a version ARN"),
        ("credit-risk/3", "is not a model package version ARN"),
        ("arn:aws:sagemaker:eu-west-1:210987654321:model-package/credit-risk", "not a model"),
        ("a" * 2049, "at most 2048"),
        (None, "(a string)"),
    ],
)
def test_bad_version_arns_are_problems(value: object, fragment: str) -> None:
    problem = parse_version_arn(value)
    assert isinstance(problem, Problem)
    assert fragment in problem.message


@pytest.mark.parametrize("value", [VERSION_ARN, "credit-risk/3", "unversioned-package"])
def test_names_describe_model_package_accepts(value: str) -> None:
    assert check_version_name(value) is None


@pytest.mark.parametrize(
    "value", ["", "bad name", "x/abc", GROUP_ARN, 7, "arn:aws:sagemaker:x:1:model-package/a/1"]
)
def test_names_describe_model_package_refuses(value: object) -> None:
    problem = check_version_name(value)
    assert isinstance(problem, Problem)
    assert problem.path == "arn_or_name"
