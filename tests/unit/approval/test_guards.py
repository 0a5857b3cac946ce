"""The decision guards on a read version, without AWS."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from sm_governance import ApprovalRefusedError, ApprovalStatus, CardStatus
from sm_governance.approval import parse_principal
from sm_governance.approval._checks import check_request
from sm_governance.approval._guards import (
    card_of,
    card_status_change,
    check_duties,
    stale_message,
)
from sm_governance.approval._models import Snapshot

ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/credit-risk/1"
ALICE = "arn:aws:iam::111122223333:user/alice"
BOB = parse_principal("arn:aws:iam::111122223333:user/bob")


def _snapshot(**extra: Any) -> Snapshot:
    response: dict[str, Any] = {
        "ModelPackageArn": ARN,
        "ModelPackageGroupName": "credit-risk",
        "ModelPackageVersion": 1,
        "ModelApprovalStatus": "Approved",
        "LastModifiedTime": datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc),
    }
    response.update(extra)
    return Snapshot.from_response(response)


def _request() -> Any:
    return check_request(
        arn=ARN,
        decision=ApprovalStatus.REJECTED,
        reason="no",
        expected_status="PendingManualApproval",
        override_justification=None,
        card_status=None,
        decision_id=None,
        has_policy=False,
    )


def test_stale_message_names_who_changed_it_last() -> None:
    outside = _snapshot(LastModifiedBy={"IamIdentity": {"Arn": ALICE}})
    assert f"last modified by {ALICE} at 2026-11-22T12:00:00.000Z" in stale_message(
        outside, _request()
    )
    assert "is Approved, not PendingManualApproval" in stale_message(_snapshot(), _request())


def test_unknown_registrant_is_refused_unless_allowed() -> None:
    with pytest.raises(ApprovalRefusedError, match="separation of duties cannot be checked"):
        check_duties(_snapshot(), BOB, allow_unknown=False)
    check_duties(_snapshot(), BOB, allow_unknown=True)
    check_duties(_snapshot(CreatedBy={"IamIdentity": {"Arn": ALICE}}), BOB, allow_unknown=False)


def test_card_status_change_needs_a_card_and_a_legal_transition() -> None:
    with pytest.raises(ApprovalRefusedError, match="no model card"):
        card_status_change(_snapshot(), CardStatus.APPROVED)
    archived = _snapshot(ModelCard={"ModelCardStatus": "Archived"})
    with pytest.raises(ApprovalRefusedError, match="may go to: nothing"):
        card_status_change(archived, CardStatus.APPROVED)
    review = _snapshot(ModelCard={"ModelCardStatus": "PendingReview"})
    assert card_status_change(review, CardStatus.APPROVED) is CardStatus.APPROVED
    assert card_status_change(review, CardStatus.PENDING_REVIEW) is None
    assert card_status_change(review, None) is None


def test_an_invalid_stored_card_cannot_pass_the_gate() -> None:
    broken = _snapshot(ModelCard={"ModelCardContent": '{"intended_uses": {"risk_rating": "X"}}'})
    with pytest.raises(ApprovalRefusedError, match="not valid") as info:
        card_of(broken)
    assert "intended_uses.risk_rating" in str(info.value)
    assert '"X"' not in str(info.value)  # card content is never echoed


def test_an_unparseable_registrant_is_unknown() -> None:
    garbage = _snapshot(CreatedBy={"IamIdentity": {"Arn": "not an arn"}})
    with pytest.raises(ApprovalRefusedError, match="cannot be read"):
        check_duties(garbage, BOB, allow_unknown=False)
    check_duties(garbage, BOB, allow_unknown=True)
