"""The evaluator's resource policy rules (S3 bucket policies, KMS key policies), one at a time."""

from __future__ import annotations

from typing import Any

import pytest
from tests.infra.iam_eval import (
    Caller,
    Decision,
    Request,
    UnsupportedPolicyError,
    evaluate_with_resource_policy,
    principal_match,
)

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/officer"
OTHER = f"arn:aws:iam::{ACCOUNT}:role/builder"
ROOT = f"arn:aws:iam::{ACCOUNT}:root"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234"
CALLER = Caller(arn=ROLE, account=ACCOUNT)
KEYS = frozenset({"aws:principalarn", "aws:securetransport"})
ALLOW, EXPLICIT, IMPLICIT = Decision.ALLOW, Decision.EXPLICIT_DENY, Decision.IMPLICIT_DENY


def _policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _statement(
    effect: str, principal: Any, action: str = "kms:Sign", **extra: Any
) -> dict[str, Any]:
    return {"Effect": effect, "Principal": principal, "Action": action, "Resource": "*", **extra}


def _sign(identity: list[dict[str, Any]], key_policy: dict[str, Any]) -> Decision:
    request = Request("kms:Sign", KEY, {"aws:PrincipalArn": ROLE}, modelled_keys=KEYS)
    return evaluate_with_resource_policy(identity, key_policy, request, CALLER, service="kms")


IDENTITY_ALLOWS = [_policy({"Effect": "Allow", "Action": "kms:Sign", "Resource": "*"})]


@pytest.mark.parametrize(
    ("principal", "expected"),
    [
        ("*", "caller"),
        ({"AWS": "*"}, "caller"),
        ({"AWS": ROLE}, "caller"),
        ({"AWS": [OTHER, ROLE]}, "caller"),
        ({"AWS": ROOT}, "account"),
        ({"AWS": ACCOUNT}, "account"),
        ({"AWS": OTHER}, None),
        ({"AWS": "arn:aws:iam::999999999999:root"}, None),
        ({"Service": "events.amazonaws.com"}, None),
    ],
)
def test_principal_match(principal: Any, expected: str | None) -> None:
    assert principal_match({"Principal": principal}, CALLER) == expected


@pytest.mark.parametrize(
    "statement", [{"NotPrincipal": {"AWS": ROLE}}, {"Principal": {"Federated": "x"}}]
)
def test_unmodelled_principals_are_refused(statement: dict[str, Any]) -> None:
    with pytest.raises(UnsupportedPolicyError):
        principal_match(statement, CALLER)


def test_kms_needs_the_key_policy() -> None:
    # an identity policy alone grants nothing on a KMS key
    assert _sign(IDENTITY_ALLOWS, _policy()) is IMPLICIT
    # the key policy naming the caller grants by itself
    assert _sign([], _policy(_statement("Allow", {"AWS": ROLE}))) is ALLOW
    # the key policy naming the account delegates: the identity policy must allow too
    delegated = _policy(_statement("Allow", {"AWS": ROOT}))
    assert _sign([], delegated) is IMPLICIT
    assert _sign(IDENTITY_ALLOWS, delegated) is ALLOW


def test_a_deny_in_either_policy_wins() -> None:
    named = _statement("Allow", {"AWS": ROLE})
    deny_all = _statement("Deny", "*")
    assert _sign(IDENTITY_ALLOWS, _policy(named, deny_all)) is EXPLICIT
    identity_deny = [_policy({"Effect": "Deny", "Action": "kms:*", "Resource": "*"})]
    assert _sign(identity_deny, _policy(named)) is EXPLICIT
    # a conditional deny that excludes the caller does not apply to them
    except_caller = _statement("Deny", "*", Condition={"ArnNotEquals": {"aws:PrincipalArn": ROLE}})
    assert _sign([], _policy(named, except_caller)) is ALLOW


def test_s3_allows_when_either_policy_allows() -> None:
    def get(identity: list[dict[str, Any]], bucket_policy: dict[str, Any]) -> Decision:
        request = Request(
            "s3:GetObject",
            "arn:aws:s3:::ledger/decisions/1.json",
            {"aws:PrincipalArn": ROLE, "aws:SecureTransport": "false"},
            modelled_keys=KEYS,
        )
        return evaluate_with_resource_policy(identity, bucket_policy, request, CALLER, service="s3")

    identity = [_policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})]
    named = _statement("Allow", {"AWS": ROLE}, action="s3:GetObject")
    account = _statement("Allow", {"AWS": ROOT}, action="s3:GetObject")
    tls_only = _statement(
        "Deny", "*", action="s3:*", Condition={"Bool": {"aws:SecureTransport": "false"}}
    )
    assert get(identity, _policy()) is ALLOW
    assert get([], _policy(named)) is ALLOW
    assert get([], _policy(account)) is IMPLICIT
    assert get([], _policy()) is IMPLICIT
    assert get(identity, _policy(tls_only)) is EXPLICIT


def test_other_services_are_refused() -> None:
    request = Request("sns:Publish", "arn:aws:sns:us-east-1:1:t", {}, modelled_keys=KEYS)
    with pytest.raises(UnsupportedPolicyError):
        evaluate_with_resource_policy([], _policy(), request, CALLER, service="sns")
