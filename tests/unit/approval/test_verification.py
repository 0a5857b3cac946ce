"""Verification from what was read: each way an approval can fail to be proven is named."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from sm_governance.approval._models import Snapshot
from sm_governance.approval._verification import evaluate
from sm_governance.ledger import ALGORITHM, FORMAT, LedgerRead, entry_hash, signing_message

ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/credit-risk/1"
ALICE = "arn:aws:iam::111122223333:user/alice"
BOB = "arn:aws:iam::111122223333:user/bob"
KEY = ec.generate_private_key(ec.SECP256R1())
PUBLIC = KEY.public_key().public_bytes(
    serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
)


def describe(status: str = "Approved", **changes: Any) -> dict[str, Any]:
    return {
        "ModelPackageArn": ARN,
        "ModelPackageGroupName": "credit-risk",
        "ModelPackageVersion": 1,
        "ModelApprovalStatus": status,
        "CreatedBy": {"IamIdentity": {"Arn": ALICE}},
        "LastModifiedBy": {"IamIdentity": {"Arn": BOB}},
        "ModelCard": {"ModelCardContent": json.dumps({"model_overview": {}})},
        **changes,
    }


def sign(entries: list[dict[str, Any]], body: dict[str, Any]) -> None:
    snapshot = Snapshot.from_response(describe())
    entry = {
        "format": FORMAT,
        "seq": len(entries) + 1,
        "prev": entry_hash(entries[-1]) if entries else None,
        "kind": "decision",
        "arn": ARN,
        "decision": "Approved",
        "decision_id": f"d{len(entries) + 1}",
        "decider": {"arn": BOB},
        "time": "2026-11-30T00:00:00.000Z",
        "subject_digest": snapshot.subject_digest,
        "subject_parts": snapshot.subject_parts,
        **body,
    }
    value = KEY.sign(signing_message(entry), ec.ECDSA(hashes.SHA256()))
    entry["signature"] = {
        "key_id": "k",
        "algorithm": ALGORITHM,
        "value": base64.b64encode(value).decode(),
    }
    entries.append(entry)


def verify(entries: list[dict[str, Any]], **changes: Any) -> tuple[str, ...]:
    snapshot = Snapshot.from_response(describe(**changes))
    record = LedgerRead("decisions/credit-risk/1/", tuple(entries), (), len(entries))
    return evaluate(snapshot, record, PUBLIC).problems


def test_a_proven_approval_has_no_problems() -> None:
    entries: list[dict[str, Any]] = []
    sign(entries, {})
    assert verify(entries) == ()


@pytest.mark.parametrize(
    ("bodies", "changes", "expected"),
    [
        ([{"decision": "Rejected"}], {"status": "Rejected"}, "the latest decision is Rejected"),
        ([{}], {"status": "PendingManualApproval"}, "incomplete: decision d1 (Approved"),
        (
            [{}, {"kind": "anomaly", "anomaly": "identity-mismatch", "details": "x"}],
            {},
            "anomaly at 2: identity-mismatch",
        ),
        ([{"decider": {"arn": ALICE}}], {}, f"self-approved: {ALICE} also registered the version"),
        ([{}], {"CreatedBy": {}}, "unknown registrant"),
        (
            [{"subject_digest": "sha256:v1:" + "0" * 64}],
            {},
            "drift: the group, version or DataZone IDs changed",
        ),
        (
            [{}],
            {"SourceUri": "s3://elsewhere"},
            "drift: the source or validation specification changed",
        ),
    ],
)
def test_each_failure_is_named(
    bodies: list[dict[str, Any]], changes: dict[str, Any], expected: str
) -> None:
    entries: list[dict[str, Any]] = []
    for body in bodies:
        sign(entries, body)
    problems = verify(entries, **changes)
    assert any(p.startswith(expected) for p in problems), problems


def test_an_unknown_registrant_recorded_as_allowed_passes() -> None:
    entries: list[dict[str, Any]] = []
    sign(entries, {"allow_unknown_registrant": True})
    assert verify(entries, CreatedBy={}) == ()


def test_an_unparseable_registrant_is_unknown_unless_recorded_as_allowed() -> None:
    garbage = {"CreatedBy": {"IamIdentity": {"Arn": "garbage"}}}
    entries: list[dict[str, Any]] = []
    sign(entries, {})
    assert any(p.startswith("unknown registrant") for p in verify(entries, **garbage))
    allowed: list[dict[str, Any]] = []
    sign(allowed, {"allow_unknown_registrant": True})
    assert verify(allowed, **garbage) == ()


CAROL = "arn:aws:iam::111122223333:user/carol"
DAN = "arn:aws:iam::111122223333:user/dan"


def test_a_quorum_completed_by_distinct_officers_passes_each_checked_for_duties() -> None:
    entries: list[dict[str, Any]] = []
    sign(entries, {"decider": {"arn": BOB}, "approvals_required": 2, "approvals": 1})
    sign(entries, {"decider": {"arn": CAROL}, "approvals_required": 2, "approvals": 2})
    assert verify(entries) == ()
    # the registrant among the round's approvers fails it, though the last approver is not
    bad: list[dict[str, Any]] = []
    sign(bad, {"decider": {"arn": ALICE}, "approvals_required": 2, "approvals": 1})
    sign(bad, {"decider": {"arn": CAROL}, "approvals_required": 2, "approvals": 2})
    assert verify(bad) == (f"self-approved: {ALICE} also registered the version",)


def test_a_round_keeps_the_largest_quorum_any_of_its_approvals_asked_for() -> None:
    # GIVEN a round opened under a quorum of 3, and a second officer approving under 2
    entries: list[dict[str, Any]] = []
    sign(entries, {"decider": {"arn": BOB}, "approvals_required": 3, "approvals": 1})
    sign(entries, {"decider": {"arn": CAROL}, "approvals_required": 2, "approvals": 2})
    # THEN the round is not complete, and the problem names the round's quorum
    assert verify(entries) == (
        "quorum: the approval at entry 2 does not complete a round of 3 distinct officers "
        "approving the same subject",
    )
    # WHEN a third officer approves THEN it is
    sign(entries, {"decider": {"arn": DAN}, "approvals_required": 2, "approvals": 3})
    assert verify(entries) == ()


def test_an_approval_that_claims_a_quorum_the_ledger_does_not_hold_fails() -> None:
    # GIVEN a completed round of one, then an approval of a quorum of 2 counting itself twice
    entries: list[dict[str, Any]] = []
    sign(entries, {"decider": {"arn": BOB}})
    sign(entries, {"decider": {"arn": CAROL}, "approvals_required": 2, "approvals": 2})
    # THEN only one officer approved in its round: no quorum
    assert verify(entries) == (
        "quorum: the approval at entry 2 does not complete a round of 2 distinct officers "
        "approving the same subject",
    )


def test_an_approval_asking_more_than_its_open_round_is_held_to_its_own_quorum() -> None:
    # GIVEN a round opened under a quorum of 2, then an approval asking for 3 and claiming it
    entries: list[dict[str, Any]] = []
    sign(entries, {"decider": {"arn": BOB}, "approvals_required": 2, "approvals": 1})
    sign(entries, {"decider": {"arn": CAROL}, "approvals_required": 3, "approvals": 3})
    # THEN the problem names the larger quorum, the one the approval asked for
    assert verify(entries) == (
        "quorum: the approval at entry 2 does not complete a round of 3 distinct officers "
        "approving the same subject",
    )
