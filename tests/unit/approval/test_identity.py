"""Separation of duties: principals are normalised before they are compared."""

from __future__ import annotations

import pytest

from sm_governance.approval import Principal, parse_principal, same_person

ACCOUNT = "111122223333"


@pytest.mark.parametrize(
    ("arn", "kind", "name", "session"),
    [
        (f"arn:aws:iam::{ACCOUNT}:user/alice", "user", "alice", None),
        (f"arn:aws:iam::{ACCOUNT}:user/team/ml/alice", "user", "alice", None),
        (f"arn:aws:sts::{ACCOUNT}:assumed-role/Approver/alice", "role", "Approver", "alice"),
        (f"arn:aws:iam::{ACCOUNT}:role/path/Approver", "role", "Approver", None),
        (f"arn:aws:sts::{ACCOUNT}:federated-user/bob", "federated-user", "bob", None),
        (f"arn:aws:iam::{ACCOUNT}:root", "root", "root", None),
        (f"arn:aws-us-gov:iam::{ACCOUNT}:user/carol", "user", "carol", None),
    ],
)
def test_parse_principal_normalises_each_arn_shape(
    arn: str, kind: str, name: str, session: str | None
) -> None:
    principal = parse_principal(arn)
    assert (principal.kind, principal.name, principal.session) == (kind, name, session)
    assert principal.account == ACCOUNT


@pytest.mark.parametrize(
    "arn",
    [
        "not-an-arn",
        f"arn:aws:s3::{ACCOUNT}:bucket",
        f"arn:aws:iam::{ACCOUNT}:user/",
        "arn:aws:iam::1:user/x",
    ],
)
def test_unrecognised_arns_are_unknown(arn: str) -> None:
    assert parse_principal(arn).kind == "unknown"


def test_assumed_role_without_session_part_is_unknown() -> None:
    assert parse_principal(f"arn:aws:sts::{ACCOUNT}:assumed-role/OnlyRole").kind == "unknown"


def test_same_user_under_another_path_is_the_same_person() -> None:
    a = parse_principal(f"arn:aws:iam::{ACCOUNT}:user/alice")
    b = parse_principal(f"arn:aws:iam::{ACCOUNT}:user/team/Alice")
    assert same_person(a, b)


def test_different_users_and_accounts_are_different_people() -> None:
    alice = parse_principal(f"arn:aws:iam::{ACCOUNT}:user/alice")
    assert not same_person(alice, parse_principal(f"arn:aws:iam::{ACCOUNT}:user/bob"))
    assert not same_person(alice, parse_principal("arn:aws:iam::999999999999:user/alice"))


def test_same_role_same_session_is_the_same_person_other_session_is_not() -> None:
    role = f"arn:aws:sts::{ACCOUNT}:assumed-role/MLRole/"
    assert same_person(parse_principal(role + "alice"), parse_principal(role + "alice"))
    assert not same_person(parse_principal(role + "alice"), parse_principal(role + "bob"))


def test_role_without_session_cannot_be_told_apart_so_it_matches() -> None:
    # GIVEN a registrant known only by the role ARN, WHEN anyone in that role approves
    registrant = parse_principal(f"arn:aws:iam::{ACCOUNT}:role/ml/MLRole")
    caller = parse_principal(f"arn:aws:sts::{ACCOUNT}:assumed-role/MLRole/bob")
    # THEN the check errs on the side of refusing
    assert same_person(caller, registrant)


def test_user_and_role_of_the_same_name_differ() -> None:
    user = parse_principal(f"arn:aws:iam::{ACCOUNT}:user/ml")
    role = parse_principal(f"arn:aws:sts::{ACCOUNT}:assumed-role/ml/ml")
    assert not same_person(user, role)


def test_principal_ids_match_even_when_arns_do_not_parse() -> None:
    a = Principal(arn="weird-a", principal_id="AIDAEXAMPLE")
    b = Principal(arn="weird-b", principal_id="AIDAEXAMPLE")
    assert same_person(a, b)
    assert not same_person(Principal(arn="weird-a"), Principal(arn="weird-b"))
    assert same_person(Principal(arn="weird-a"), Principal(arn="weird-a"))


def test_display_is_short_and_human() -> None:
    assert parse_principal(f"arn:aws:sts::{ACCOUNT}:assumed-role/R/s").display == (
        f"role R (session s) in {ACCOUNT}"
    )
    assert (
        parse_principal(f"arn:aws:iam::{ACCOUNT}:user/alice").display == f"user alice in {ACCOUNT}"
    )
    assert parse_principal(f"arn:aws:iam::{ACCOUNT}:root").display == f"root of {ACCOUNT}"
    assert parse_principal("odd").display == "odd"


SSO = f"arn:aws:sts::{ACCOUNT}:assumed-role"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # Identity Center: the same user under two permission sets, even in two accounts
        (
            f"{SSO}/AWSReservedSSO_ModelBuilder_0a1b2c3d/alice@example.com",
            f"{SSO}/AWSReservedSSO_GovernanceOfficer_9f8e7d6c/alice@example.com",
            True,
        ),
        (
            f"{SSO}/AWSReservedSSO_ModelBuilder_0a1b2c3d/alice@example.com",
            "arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_Officer_1/Alice@Example.com",
            True,
        ),
        (
            f"{SSO}/AWSReservedSSO_ModelBuilder_0a1b2c3d/alice@example.com",
            f"{SSO}/AWSReservedSSO_GovernanceOfficer_9f8e7d6c/bob@example.com",
            False,
        ),
        # ordinary roles keep the role name in the comparison
        (f"{SSO}/Builder/alice", f"{SSO}/Officer/alice", False),
    ],
)
def test_identity_center_roles_are_compared_by_session_name(a: str, b: str, same: bool) -> None:
    assert same_person(parse_principal(a), parse_principal(b)) is same
    assert same_person(parse_principal(b), parse_principal(a)) is same


def test_source_identity_names_the_person_on_either_side() -> None:
    # GIVEN alice registered through a role that carries her SourceIdentity
    registrant = parse_principal(f"{SSO}/Pipeline/run-42", source_identity="alice")
    # THEN alice as an IAM user, or under any role session named alice, is the same person
    assert same_person(parse_principal(f"arn:aws:iam::{ACCOUNT}:user/alice"), registrant)
    assert same_person(parse_principal(f"{SSO}/Officer/ALICE"), registrant)
    assert same_person(parse_principal(f"{SSO}/Officer/x", source_identity="Alice"), registrant)
    # AND bob is not
    assert not same_person(parse_principal(f"{SSO}/Officer/bob"), registrant)
    assert not same_person(parse_principal(f"{SSO}/Officer/x", source_identity="bob"), registrant)
