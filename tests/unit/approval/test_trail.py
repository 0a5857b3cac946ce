"""The trail rebuilt from one DescribeModelPackage answer."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sm_governance.approval import _metadata as md
from sm_governance.approval._models import Snapshot
from sm_governance.approval._trail import build_trail

ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/credit-risk/1"
ALICE = "arn:aws:iam::111122223333:user/alice"
BOB = "arn:aws:iam::111122223333:user/bob"


def _response(**extra: Any) -> dict[str, Any]:
    response: dict[str, Any] = {
        "ModelPackageArn": ARN,
        "ModelPackageGroupName": "credit-risk",
        "ModelPackageVersion": 1,
        "ModelApprovalStatus": "PendingManualApproval",
        "CreationTime": datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc),
        "CreatedBy": {"IamIdentity": {"Arn": ALICE, "PrincipalId": "AIDAALICE"}},
        "LastModifiedTime": datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc),
        "LastModifiedBy": {"IamIdentity": {"Arn": BOB}},
    }
    response.update(extra)
    return response


def _log(at: str, decision: str, who: str, **kw: str) -> tuple[str, str]:
    entry = md.LogEntry(
        key=md.log_key(at, "abcdef12-0000"),
        decision=decision,
        decided_at=at,
        decision_id="abcdef12-0000",
        decided_by=who,
        gate=kw.get("gate", "passed"),
        gate_digest=kw.get("digest", "ab12cd34ef567890"),
        override=kw.get("override", ""),
        card_status=kw.get("card_status", ""),
        reason=kw.get("reason", ""),
    )
    return entry.key, entry.encode()


def test_a_fresh_version_has_only_its_registration() -> None:
    trail = build_trail(Snapshot.from_response(_response()))
    assert [e.kind for e in trail] == ["registered"]
    event = trail.events[0]
    assert event.actor == ALICE
    assert event.at == "2026-11-20T09:00:00.000Z"
    assert "credit-risk version 1" in event.summary
    assert trail.to_dict()["limits"]


def test_decisions_card_status_and_lifecycle_in_time_order() -> None:
    # GIVEN a version rejected, then approved with an override and the card approved
    log = dict(
        [
            _log(
                "2026-11-21T10:00:00.000Z", "Rejected", BOB, gate="not-run", digest="", reason="no"
            ),
            _log(
                "2026-11-22T11:00:00.000Z",
                "Approved",
                BOB,
                gate="overridden",
                override="CFO sign-off",
                card_status="Approved",
            ),
        ]
    )
    response = _response(
        ModelApprovalStatus="Approved",
        CustomerMetadataProperties={**log, md.COUNT_KEY: "2", "datazone_project_id": "p1"},
        ModelCard={"ModelCardStatus": "Approved", "ModelCardContent": "{}"},
        ModelLifeCycle={"Stage": "Production", "StageStatus": "Approved", "StageDescription": "go"},
    )
    # WHEN the trail is built
    trail = build_trail(Snapshot.from_response(response))
    # THEN every event is there, oldest first, with inexact ones marked
    assert [e.kind for e in trail] == [
        "registered",
        "decision",
        "decision",
        "card_status",
        "lifecycle",
    ]
    rejected, approved = trail.events[1], trail.events[2]
    assert rejected.details["reason"] == "no"
    assert rejected.details["gate_digest"] is None
    assert approved.details["override_justification"] == "CFO sign-off"
    assert "override: CFO sign-off" in approved.summary
    lifecycle = trail.events[-1]
    assert lifecycle.exact is False
    assert lifecycle.at == "2026-11-22T12:00:00.000Z"
    assert lifecycle.details == {
        "stage": "Production",
        "stage_status": "Approved",
        "stage_description": "go",
    }
    assert len(trail) == 5
    assert trail.to_dict()["approval_status"] == "Approved"


def test_a_decision_made_elsewhere_shows_as_the_current_status() -> None:
    response = _response(
        ModelApprovalStatus="Approved",
        ApprovalDescription="clicked in the console",
        ModelCard={"ModelCardStatus": "Draft"},
    )
    trail = build_trail(Snapshot.from_response(response))
    kinds = [e.kind for e in trail]
    assert kinds == ["registered", "approval_status", "card_status"]
    status = trail.events[1]
    assert status.actor == BOB
    assert not status.exact
    assert "clicked in the console" in status.summary


def test_a_card_status_no_decision_set_is_not_dated_after_the_decision() -> None:
    # GIVEN an approval that left the card status alone
    log = dict([_log("2026-11-21T10:00:00.000Z", "Approved", BOB)])
    response = _response(
        ModelApprovalStatus="Approved",
        CustomerMetadataProperties=log,
        ModelCard={"ModelCardStatus": "Draft"},
    )
    # WHEN the trail is built
    trail = build_trail(Snapshot.from_response(response))
    # THEN the card status is the current value, undated and last, not a change
    assert [e.kind for e in trail] == ["registered", "decision", "card_status"]
    card = trail.events[-1]
    assert card.at is None
    assert card.summary == "card status is Draft (current value; when it was set is not recorded)"


def test_a_reset_to_pending_after_a_decision_is_shown() -> None:
    log = dict([_log("2026-11-21T10:00:00.000Z", "Approved", BOB)])
    trail = build_trail(Snapshot.from_response(_response(CustomerMetadataProperties=log)))
    assert [e.kind for e in trail][-1] == "approval_status"
    assert trail.events[-1].details["approval_status"] == "PendingManualApproval"


def test_dropped_log_entries_are_counted_in_the_limits() -> None:
    log = dict([_log("2026-11-21T10:00:00.000Z", "Approved", BOB)])
    meta = {**log, md.COUNT_KEY: "7"}
    trail = build_trail(
        Snapshot.from_response(
            _response(ModelApprovalStatus="Approved", CustomerMetadataProperties=meta)
        )
    )
    assert any("6 earlier decision(s)" in line for line in trail.limits)


def test_unknown_registrant_and_bad_count_are_tolerated() -> None:
    response = _response(CreatedBy={}, CustomerMetadataProperties={md.COUNT_KEY: "many"})
    trail = build_trail(Snapshot.from_response(response))
    assert trail.events[0].actor is None
    assert len(trail.limits) == 4  # the three limits of SageMaker, and "unverified"
    assert not any(event.verified for event in trail)
