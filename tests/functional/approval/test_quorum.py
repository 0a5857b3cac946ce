"""Quorums by risk tier: two distinct officers for a High-risk card, through the ledger."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sm_governance.approval import ApprovalDesk
from sm_governance.card import ModelCard
from sm_governance.errors import ApprovalRefusedError
from sm_governance.policy import load_policy
from sm_governance.registry import ModelRegistry
from sm_governance.testing import Identity, People, create_user, demo_card

from .conftest import GROUP, IMAGE, Calls, LedgerSetup, ledger_keys, plant

QUORUM = load_policy(
    "policy: high-risk-quorum\nrequire: [intended_uses.purpose_of_model]\n"
    "approvals_required: {High: 2}\n"
)


@pytest.fixture
def high_risk(people: People) -> str:
    card = ModelCard.from_content(demo_card(1, auc=0.84, fairness=0.91, risk="High"))
    return (
        ModelRegistry(session=people.registrant.session)
        .register(GROUP, card, image_uri=IMAGE, model_data_url="s3://m/high.tar.gz")
        .arn
    )


@pytest.fixture
def second_officer(people: People) -> Identity:
    return create_user("second-officer", region_name="us-east-1")


@pytest.fixture
def desks(
    people: People, second_officer: Identity, ledger_setup: LedgerSetup
) -> tuple[ApprovalDesk, ApprovalDesk]:
    def desk(session: Any) -> ApprovalDesk:
        return ApprovalDesk(session=session, ledger=ledger_setup.url, signing_key=ledger_setup.key)

    return desk(people.officer.session), desk(second_officer.session)


def _status(people: People, arn: str) -> str:
    client = people.registrant.session.client("sagemaker")
    return str(client.describe_model_package(ModelPackageName=arn)["ModelApprovalStatus"])


def test_two_distinct_officers_make_an_approval_and_one_twice_does_not(
    people: People, high_risk: str, desks: tuple[ApprovalDesk, ApprovalDesk]
) -> None:
    first, second = desks
    # GIVEN the first officer's approval of a High-risk card that needs two
    one = first.approve(high_risk, reason="Fairness reviewed", policy=QUORUM)
    # THEN it is signed but not in effect: the version is still pending, verify says why
    assert (one.approvals, one.approvals_required, one.in_effect) == (1, 2, False)
    assert one.verified
    assert _status(people, high_risk) == "PendingManualApproval"
    check = first.verify(high_risk)
    assert not check.verified
    assert any(p.startswith("quorum: 1 of 2") for p in check.problems)
    # WHEN the same officer approves again, with another reason
    with pytest.raises(ApprovalRefusedError, match="counts once"):
        first.approve(high_risk, reason="Looked again", policy=QUORUM)
    # AND running the first command again is recognised as done
    again = first.approve(high_risk, reason="Fairness reviewed", policy=QUORUM)
    assert again.replayed
    assert again.approvals == 1
    # WHEN a second officer approves
    two = second.approve(high_risk, reason="Second review", policy=QUORUM)
    # THEN the quorum is complete, the status is Approved and verify proves it
    assert (two.approvals, two.approvals_required, two.in_effect) == (2, 2, True)
    assert _status(people, high_risk) == "Approved"
    proof = second.verify(high_risk)
    assert proof.verified, proof.problems


def test_the_registrant_never_counts(
    people: People, high_risk: str, desks: tuple[ApprovalDesk, ApprovalDesk], ledger_setup: Any
) -> None:
    own = ApprovalDesk(
        session=people.registrant.session, ledger=ledger_setup.url, signing_key=ledger_setup.key
    )
    with pytest.raises(ApprovalRefusedError):
        own.approve(high_risk, reason="Mine", policy=QUORUM)
    desks[0].approve(high_risk, reason="First", policy=QUORUM)
    assert _status(people, high_risk) == "PendingManualApproval"


def test_a_rejection_ends_the_round(
    people: People, high_risk: str, desks: tuple[ApprovalDesk, ApprovalDesk]
) -> None:
    first, second = desks
    first.approve(high_risk, reason="First", policy=QUORUM)
    second.reject(high_risk, reason="Bias not explained")
    assert _status(people, high_risk) == "Rejected"
    # a fresh round after the rejection needs two approvals again
    restart = first.approve(
        high_risk, reason="Explained now", policy=QUORUM, expected_status="Rejected"
    )
    assert (restart.approvals, restart.in_effect) == (1, False)


def test_a_version_that_changed_between_approvals_starts_a_new_round(
    people: People, high_risk: str, desks: tuple[ApprovalDesk, ApprovalDesk]
) -> None:
    first, second = desks
    first.approve(high_risk, reason="First", policy=QUORUM)
    client = people.registrant.session.client("sagemaker")
    content = client.describe_model_package(ModelPackageName=high_risk)["ModelCard"][
        "ModelCardContent"
    ]
    client.update_model_package(
        ModelPackageArn=high_risk, ModelCard={"ModelCardContent": content.replace("0.91", "0.92")}
    )
    two = second.approve(high_risk, reason="Second", policy=QUORUM)
    assert (two.approvals, two.in_effect) == (1, False)
    assert _status(people, high_risk) == "PendingManualApproval"


def test_without_a_quorum_in_the_policy_one_approval_is_enough(
    people: People, register: Callable[..., str], desks: tuple[ApprovalDesk, ApprovalDesk]
) -> None:
    arn = register()
    decision = desks[0].approve(arn, reason="ok", policy=QUORUM)
    assert (decision.approvals, decision.approvals_required, decision.in_effect) == (1, 1, True)
    assert _status(people, arn) == "Approved"


def test_one_officer_cannot_finish_a_quorum_by_approving_again_without_it(
    people: People, high_risk: str, desks: tuple[ApprovalDesk, ApprovalDesk]
) -> None:
    # GIVEN the first approval of a quorum of two
    first, _ = desks
    first.approve(high_risk, reason="First", policy=QUORUM)
    # WHEN the same officer approves again naming no policy (or one without a quorum)
    with pytest.raises(ApprovalRefusedError, match="counts once"):
        first.approve(high_risk, reason="Again, without the quorum", policy=None)
    # THEN nothing changed, and verify still names the open quorum
    assert _status(people, high_risk) == "PendingManualApproval"
    assert not first.verify(high_risk).verified


def test_an_open_round_keeps_its_quorum_when_a_later_approval_names_a_smaller_one(
    people: People,
    high_risk: str,
    desks: tuple[ApprovalDesk, ApprovalDesk],
    ledger_setup: LedgerSetup,
) -> None:
    # GIVEN a round opened under a policy that asks three officers for a High-risk card
    three = load_policy(
        "policy: three\nrequire: [intended_uses.purpose_of_model]\napprovals_required: {High: 3}\n"
    )
    first, second = desks
    first.approve(high_risk, reason="First of three", policy=three)
    # WHEN a second officer approves naming a policy that asks only two
    two = second.approve(high_risk, reason="Second, under the smaller policy", policy=QUORUM)
    # THEN the round's quorum of three holds: a vote, the status unchanged
    assert (two.approvals, two.approvals_required, two.in_effect) == (2, 3, False)
    assert _status(people, high_risk) == "PendingManualApproval"
    # AND a third officer completes it, and verify agrees
    third = create_user("third-officer", region_name="us-east-1")
    desk = ApprovalDesk(
        session=third.session, ledger=ledger_setup.url, signing_key=ledger_setup.key
    )
    done = desk.approve(high_risk, reason="Third", policy=QUORUM)
    assert (done.approvals, done.approvals_required, done.in_effect) == (3, 3, True)
    assert _status(people, high_risk) == "Approved"
    proof = desk.verify(high_risk)
    assert proof.verified, proof.problems


def test_a_recertification_round_leaves_the_approval_in_force(
    people: People, high_risk: str, desks: tuple[ApprovalDesk, ApprovalDesk]
) -> None:
    from sm_governance.audit._due import approved_at
    from sm_governance.ledger import KmsSigner, Ledger

    first, second = desks
    first.approve(high_risk, reason="First", policy=QUORUM)
    completed = second.approve(high_risk, reason="Second", policy=QUORUM)
    # WHEN the first officer starts a re-certification (1 of 2)
    vote = first.approve(
        high_risk, reason="Re-certified", policy=QUORUM, expected_status="Approved"
    )
    assert (vote.approvals, vote.in_effect) == (1, False)
    # THEN the completed approval still verifies, and it is the one in force for `due`
    assert first.verify(high_risk).verified
    ledger = first.ledger
    assert isinstance(ledger, Ledger)
    signer = ledger.signer
    assert isinstance(signer, KmsSigner)
    entries = ledger.read(high_risk).entries
    signed = approved_at(entries)
    assert signed is not None
    assert signed[1] == completed.approver


def test_a_planted_vote_does_not_complete_a_quorum(
    people: People,
    high_risk: str,
    second_officer: Identity,
    desks: tuple[ApprovalDesk, ApprovalDesk],
    ledger_setup: LedgerSetup,
) -> None:
    # GIVEN someone who may write to the ledger bucket but not sign plants a "vote" of the
    # second officer, 1 of 2, on the version as it is
    digest = ModelRegistry(session=people.officer.session).get(high_risk).subject_digest
    plant(
        ledger_setup,
        high_risk,
        subject_digest=digest,
        decider={"arn": second_officer.arn, "principal_id": None, "source_identity": None},
        approvals_required=2,
        approvals=1,
    )
    # WHEN the first officer approves: the only real approval
    with pytest.raises(
        ApprovalRefusedError,
        match=r"ledger entry 1 of .* does not verify \(signature invalid at 1\); nothing was "
        r"written: run `smgov verify ",
    ):
        desks[0].approve(high_risk, reason="First", policy=QUORUM)
    # THEN nothing was written: no entry, no status
    assert _status(people, high_risk) == "PendingManualApproval"
    assert len(ledger_keys(ledger_setup, high_risk)) == 1


def test_completing_a_quorum_checks_the_round_with_one_public_key_call(
    people: People,
    high_risk: str,
    second_officer: Identity,
    desks: tuple[ApprovalDesk, ApprovalDesk],
) -> None:
    first, second = desks
    calls = Calls()
    people.officer.session.events.register("before-call.*.*", calls.record)
    first.approve(high_risk, reason="First", policy=QUORUM)
    # the first vote relies on no entry: no public key
    assert calls.names == [
        "GetCallerIdentity",
        "DescribeModelPackage",
        "ListObjectVersions",
        "GetObjectLockConfiguration",
        "GetBucketVersioning",
        "Sign",
        "PutObject",
    ]
    calls = Calls()
    second_officer.session.events.register("before-call.*.*", calls.record)
    second.approve(high_risk, reason="Second", policy=QUORUM)
    # the completing one checks the round's signatures first (one GetPublicKey per desk)
    assert calls.names == [
        "GetCallerIdentity",
        "DescribeModelPackage",
        "ListObjectVersions",
        "GetObject",
        "GetPublicKey",
        "GetObjectLockConfiguration",
        "GetBucketVersioning",
        "Sign",
        "PutObject",
        "UpdateModelPackage",
        "DescribeModelPackage",
    ]
    assert _status(people, high_risk) == "Approved"
