"""The policy evaluator the separation-of-duties tests rely on, checked against IAM's rules."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.infra.iam_eval import (
    METADATA_PREFIX,
    METADATA_TO_REMOVE,
    MODEL_APPROVAL_STATUS,
    Decision,
    Request,
    UnsupportedPolicyError,
    evaluate,
    sagemaker_request,
    statement_applies,
)

ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/3"
STATUSES = ["Approved", "Rejected", "PendingManualApproval"]


def _update(status: str | None = None) -> Request:
    context = {} if status is None else {MODEL_APPROVAL_STATUS: status}
    return Request("sagemaker:UpdateModelPackage", ARN, context)


def _allow(condition: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Action": "sagemaker:UpdateModelPackage",
        "Resource": "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/*",
    }
    if condition is not None:
        statement["Condition"] = condition
    statement.update(extra)
    return statement


def _holds(condition: dict[str, Any], request: Request) -> bool:
    return statement_applies(_allow(condition), request)


# --- actions and resources -----------------------------------------------------------------


def test_action_names_match_case_insensitively_with_wildcards() -> None:
    assert statement_applies(_allow(Action="SageMaker:update*"), _update())
    assert statement_applies(_allow(Action=["s3:*", "sagemaker:UpdateModel?ackage"]), _update())
    assert not statement_applies(_allow(Action="sagemaker:Update"), _update())


def test_not_action_applies_to_every_other_action() -> None:
    statement = _allow()
    del statement["Action"]
    statement["NotAction"] = "sagemaker:Create*"
    assert statement_applies(statement, _update())
    statement["NotAction"] = "sagemaker:Update*"
    assert not statement_applies(statement, _update())


def test_resource_wildcards_are_case_sensitive_and_anchored() -> None:
    other_group = Request(
        "sagemaker:UpdateModelPackage",
        "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk-2/1",
        {},
    )
    upper = Request("sagemaker:UpdateModelPackage", ARN.replace("credit", "CREDIT"), {})
    assert statement_applies(_allow(), _update())
    assert not statement_applies(_allow(), other_group)
    assert not statement_applies(_allow(), upper)


def test_not_resource_excludes_the_listed_resources() -> None:
    statement = _allow()
    del statement["Resource"]
    statement["NotResource"] = ARN
    assert not statement_applies(statement, _update())


def test_a_statement_needs_exactly_one_of_action_and_not_action() -> None:
    with pytest.raises(UnsupportedPolicyError, match="Action/NotAction"):
        statement_applies(_allow(NotAction="s3:*"), _update())


# --- conditions: present and missing keys --------------------------------------------------


@pytest.mark.parametrize(
    ("operator", "present_match", "present_other", "absent"),
    [
        ("StringEquals", True, False, False),
        ("StringNotEquals", False, True, True),
        ("StringEqualsIfExists", True, False, True),
        ("StringNotEqualsIfExists", False, True, True),
        ("StringLike", True, False, False),
        ("StringNotLike", False, True, True),
        ("StringEqualsIgnoreCase", True, False, False),
        ("StringNotEqualsIgnoreCase", False, True, True),
    ],
)
def test_string_operators_follow_the_documented_missing_key_rules(
    operator: str, present_match: bool, present_other: bool, absent: bool
) -> None:
    condition = {operator: {MODEL_APPROVAL_STATUS: "PendingManualApproval"}}
    assert _holds(condition, _update("PendingManualApproval")) is present_match
    assert _holds(condition, _update("Approved")) is present_other
    assert _holds(condition, _update(None)) is absent


def test_null_checks_presence_only() -> None:
    key_absent = {"Null": {MODEL_APPROVAL_STATUS: "true"}}
    key_present = {"Null": {MODEL_APPROVAL_STATUS: "false"}}
    assert _holds(key_absent, _update(None))
    assert not _holds(key_absent, _update("Approved"))
    assert _holds(key_present, _update("approved"))
    assert not _holds(key_present, _update(None))
    assert _holds({"Null": {MODEL_APPROVAL_STATUS: True}}, _update(None))


def test_several_values_match_any_and_negation_matches_none() -> None:
    decided = {"StringEquals": {MODEL_APPROVAL_STATUS: ["Approved", "Rejected"]}}
    undecided = {"StringNotEquals": {MODEL_APPROVAL_STATUS: ["Approved", "Rejected"]}}
    assert _holds(decided, _update("Rejected"))
    assert not _holds(decided, _update("PendingManualApproval"))
    assert not _holds(undecided, _update("Approved"))
    assert _holds(undecided, _update("PendingManualApproval"))


def test_string_equals_is_case_sensitive_but_its_ignore_case_form_is_not() -> None:
    assert not _holds({"StringEquals": {MODEL_APPROVAL_STATUS: "Approved"}}, _update("approved"))
    assert _holds(
        {"StringEqualsIgnoreCase": {MODEL_APPROVAL_STATUS: "Approved"}}, _update("APPROVED")
    )


def test_condition_key_names_are_case_insensitive() -> None:
    condition = {"StringEquals": {"SageMaker:modelapprovalstatus": "Approved"}}
    assert _holds(condition, _update("Approved"))


def test_every_operator_and_key_must_hold() -> None:
    condition = {
        "StringEquals": {MODEL_APPROVAL_STATUS: "Approved"},
        "Null": {MODEL_APPROVAL_STATUS: "true"},
    }
    assert not _holds(condition, _update("Approved"))


def test_arn_and_bool_operators() -> None:
    request = Request(
        "sagemaker:UpdateModelPackage",
        ARN,
        {"aws:SourceArn": ARN, "aws:SecureTransport": "true"},
        modelled_keys=frozenset({"aws:sourcearn", "aws:securetransport"}),
    )
    assert _holds({"ArnLike": {"aws:SourceArn": "arn:aws:sagemaker:*:*:model-package/*"}}, request)
    assert not _holds({"ArnNotEquals": {"aws:SourceArn": ARN}}, request)
    assert _holds({"Bool": {"aws:SecureTransport": True}}, request)


@pytest.mark.parametrize(
    "condition",
    [
        {"NumericEquals": {MODEL_APPROVAL_STATUS: "1"}},
        {"ForAnyValue:StringNotEquals": {MODEL_APPROVAL_STATUS: "Approved"}},
        {"ForAllValues:NumericEquals": {MODEL_APPROVAL_STATUS: "1"}},
        {"Sometimes:StringEquals": {MODEL_APPROVAL_STATUS: "Approved"}},
        {"Null": {MODEL_APPROVAL_STATUS: "maybe"}},
        {"StringEquals": {"aws:PrincipalTag/team": "ml"}},
        {"StringEquals": {MODEL_APPROVAL_STATUS: {"nested": "x"}}},
        {"StringEquals": ["not", "a", "mapping"]},
    ],
)
def test_anything_unmodelled_is_refused_rather_than_guessed(condition: dict[str, Any]) -> None:
    with pytest.raises(UnsupportedPolicyError):
        _holds(condition, _update("Approved"))


def test_principals_and_odd_effects_are_refused() -> None:
    with pytest.raises(UnsupportedPolicyError, match="Principal"):
        statement_applies(_allow(Principal="*"), _update())
    with pytest.raises(UnsupportedPolicyError, match="Effect"):
        evaluate([{"Statement": [_allow(Effect="Maybe")]}], _update())


def _removing(*keys: str) -> Request:
    return Request("sagemaker:UpdateModelPackage", ARN, {METADATA_TO_REMOVE: keys})


def test_for_any_value_needs_one_match_and_fails_on_a_missing_key() -> None:
    condition = {"ForAnyValue:StringLike": {METADATA_TO_REMOVE: "governance:*"}}
    assert _holds(condition, _removing("datazone_project_id", "governance:decision"))
    assert not _holds(condition, _removing("datazone_project_id"))
    assert not _holds(condition, _update())


def test_for_all_values_needs_every_match_and_holds_on_a_missing_key() -> None:
    condition = {"ForAllValues:StringEquals": {METADATA_TO_REMOVE: ["a", "b"]}}
    assert _holds(condition, _removing("a", "b"))
    assert not _holds(condition, _removing("a", "c"))
    assert _holds(condition, _update())


def test_a_single_valued_operator_on_a_multi_valued_key_is_refused() -> None:
    with pytest.raises(UnsupportedPolicyError, match="multi-valued"):
        _holds({"StringEquals": {METADATA_TO_REMOVE: "a"}}, _removing("a"))


def test_metadata_keys_are_a_modelled_family() -> None:
    request = Request(
        "sagemaker:UpdateModelPackage", ARN, {f"{METADATA_PREFIX}governance:decision": "Approved"}
    )
    assert _holds({"Null": {f"{METADATA_PREFIX}governance:decision": "false"}}, request)
    assert _holds({"Null": {f"{METADATA_PREFIX}governance:gate": "true"}}, request)


# --- evaluation ----------------------------------------------------------------------------


def test_explicit_deny_wins_whatever_the_order() -> None:
    deny = _allow(Effect="Deny")
    assert evaluate([{"Statement": [_allow(), deny]}], _update()) is Decision.EXPLICIT_DENY
    assert evaluate([{"Statement": deny}, {"Statement": [_allow()]}], _update()) is (
        Decision.EXPLICIT_DENY
    )


def test_nothing_matching_is_an_implicit_deny() -> None:
    decision = evaluate([{"Statement": [_allow(Action="s3:GetObject")]}], _update())
    assert decision is Decision.IMPLICIT_DENY
    assert not decision.allowed
    assert evaluate([{"Statement": [_allow()]}], _update()).allowed


@given(
    status=st.one_of(st.none(), st.sampled_from(STATUSES), st.text(max_size=20)),
    values=st.lists(st.sampled_from(STATUSES), min_size=1, max_size=3),
)
def test_negated_operator_is_the_complement_except_for_if_exists(
    status: str | None, values: list[str]
) -> None:
    request = _update(status)
    positive = _holds({"StringEquals": {MODEL_APPROVAL_STATUS: values}}, request)
    negative = _holds({"StringNotEquals": {MODEL_APPROVAL_STATUS: values}}, request)
    if_exists = _holds({"StringEqualsIfExists": {MODEL_APPROVAL_STATUS: values}}, request)
    if status is None:
        assert (positive, negative, if_exists) == (False, True, True)
    else:
        assert positive != negative
        assert if_exists == positive == (status in values)


# --- request shapes ------------------------------------------------------------------------


def test_registration_request_carries_the_key_only_when_the_parameter_is_sent() -> None:
    with_status = sagemaker_request(
        "CreateModelPackage",
        {"ModelPackageGroupName": "Credit-Risk", "ModelApprovalStatus": "Approved"},
        region="us-east-1",
        account="123456789012",
        next_version=4,
    )
    without = sagemaker_request(
        "CreateModelPackage",
        {"ModelPackageGroupName": "arn:aws:sagemaker:us-east-1:1:model-package-group/g"},
        region="us-east-1",
        account="123456789012",
    )
    assert with_status.action == "sagemaker:CreateModelPackage"
    assert with_status.resource.endswith(":model-package/credit-risk/4")
    assert with_status.context == {MODEL_APPROVAL_STATUS: "Approved"}
    assert without.resource.endswith(":model-package/g/1")
    assert without.context == {}


def test_other_request_shapes() -> None:
    common: dict[str, Any] = {"region": "us-east-1", "account": "123456789012"}
    update = sagemaker_request(
        "UpdateModelPackage", {"ModelPackageArn": ARN, "ApprovalDescription": "ok"}, **common
    )
    unversioned = sagemaker_request("CreateModelPackage", {"ModelPackageName": "Solo"}, **common)
    group = sagemaker_request("DescribeModelPackageGroup", {"ModelPackageGroupName": "g"}, **common)
    describe = sagemaker_request(
        "DescribeModelPackage", {"ModelPackageName": ARN, "ModelApprovalStatus": "x"}, **common
    )
    assert (update.resource, update.context) == (ARN, {})
    metadata = sagemaker_request(
        "UpdateModelPackage",
        {
            "ModelPackageArn": ARN,
            "CustomerMetadataProperties": {"governance:decision": "Approved"},
            "CustomerMetadataPropertiesToRemove": ["governance:log:1", "x"],
        },
        **common,
    )
    assert metadata.context == {
        f"{METADATA_PREFIX}governance:decision": "Approved",
        METADATA_TO_REMOVE: ("governance:log:1", "x"),
    }
    assert unversioned.resource.endswith(":model-package/solo")
    assert group.resource.endswith(":model-package-group/g")
    assert describe.context == {}
    with pytest.raises(UnsupportedPolicyError, match="DeleteModelPackage"):
        sagemaker_request("DeleteModelPackage", {}, **common)
