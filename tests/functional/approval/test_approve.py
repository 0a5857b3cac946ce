"""Approving and rejecting under the local SageMaker: the checks, the write, the calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sm_governance import (
    ApprovalRefusedError,
    ApprovalStatus,
    NotFoundError,
    PolicyViolationError,
    ValidationError,
)
from sm_governance.approval import (
    DECIDED_BY_KEY,
    DECISION_ID_KEY,
    DECISION_KEY,
    GATE_DIGEST_KEY,
    GATE_KEY,
    OVERRIDE_KEY,
    ApprovalDesk,
    log_entries,
)
from sm_governance.testing import People

from .conftest import POLICY, PROJECT, Calls

READ, WRITE, WHO = "DescribeModelPackage", "UpdateModelPackage", "GetCallerIdentity"


def test_approval_is_one_read_one_write_one_verification_and_one_identity_call(
    officer: ApprovalDesk,
    officer_calls: Calls,
    register: Callable[..., str],
    describe: Callable[[str], dict[str, Any]],
    people: People,
) -> None:
    # GIVEN two versions waiting for review
    first, second = register(), register()
    # WHEN the officer approves both with the policy gate
    decision = officer.approve(first, reason="Meets retail-credit", policy=POLICY)
    assert officer_calls.names == [WHO, READ, WRITE, READ]
    officer_calls.clear()
    officer.approve(second, reason="Meets retail-credit", policy=POLICY)
    # THEN the identity is asked once per desk
    assert officer_calls.names == [READ, WRITE, READ]
    # AND the decision is where an auditor looks
    assert decision.decision is ApprovalStatus.APPROVED
    assert decision.approver == people.officer.arn
    assert decision.gate == "passed"
    assert decision.report is not None
    assert decision.gate_digest == f"sha256:{decision.report.digest}"
    stored = describe(first)
    assert stored["ModelApprovalStatus"] == "Approved"
    assert stored["ApprovalDescription"] == decision.description
    assert decision.gate_digest in stored["ApprovalDescription"]
    assert "Reason: Meets retail-credit" in stored["ApprovalDescription"]
    meta = stored["CustomerMetadataProperties"]
    assert meta[DECISION_KEY] == "Approved"
    assert meta[DECISION_ID_KEY] == decision.decision_id
    assert meta[DECIDED_BY_KEY] == people.officer.arn
    assert meta[GATE_KEY] == "passed"
    assert meta[GATE_DIGEST_KEY] == decision.gate_digest
    assert meta["datazone_project_id"] == PROJECT  # not clobbered
    assert [e.decision_id for e in log_entries(meta)] == [decision.decision_id]
    assert decision.to_dict()["report"]["passed"] is True


def test_self_approval_is_refused_before_any_write(
    registrant: ApprovalDesk, arn: str, people: People, describe: Callable[[str], dict[str, Any]]
) -> None:
    calls = Calls()
    people.registrant.session.events.register("before-call.*.*", calls.record)
    with pytest.raises(ApprovalRefusedError, match="self-approval refused"):
        registrant.approve(arn, reason="looks fine to me", policy=POLICY)
    assert WRITE not in calls.names
    assert describe(arn)["ModelApprovalStatus"] == "PendingManualApproval"


def test_the_registrant_may_withdraw_their_own_version(registrant: ApprovalDesk, arn: str) -> None:
    assert (
        registrant.reject(arn, reason="withdrawn: wrong data").decision is ApprovalStatus.REJECTED
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_blank_reason_costs_no_aws_call(
    officer: ApprovalDesk, officer_calls: Calls, arn: str, reason: str
) -> None:
    with pytest.raises(ApprovalRefusedError, match="reason"):
        officer.approve(arn, reason=reason)
    with pytest.raises(ApprovalRefusedError, match="reason"):
        officer.reject(arn, reason=reason)
    assert officer_calls.names == []


def test_bad_arguments_cost_no_aws_call(officer: ApprovalDesk, officer_calls: Calls) -> None:
    with pytest.raises(ValidationError) as info:
        officer.approve("credit-risk/1", reason="ok", expected_status="Done")
    assert info.value.paths == ["arn", "expected_status"]
    with pytest.raises(ValidationError):
        officer.read("nope")
    assert officer_calls.names == []


def test_stale_status_is_refused_and_names_the_earlier_decision(
    officer: ApprovalDesk, arn: str, people: People, describe: Callable[[str], dict[str, Any]]
) -> None:
    # GIVEN a version another officer already rejected
    officer.reject(arn, reason="fairness too low")
    # WHEN it is approved as if it were still pending
    with pytest.raises(ApprovalRefusedError) as info:
        officer.approve(arn, reason="fine", policy=POLICY)
    # THEN the refusal says what it is now, and by whom
    message = str(info.value)
    assert "is Rejected" in message
    assert people.officer.arn in message
    assert "not PendingManualApproval as reviewed" in message
    # AND re-deciding on what it is now works
    decision = officer.approve(arn, reason="re-reviewed", policy=POLICY, expected_status="Rejected")
    assert decision.previous_status == "Rejected"
    assert len(log_entries(describe(arn)["CustomerMetadataProperties"])) == 2


def test_failing_gate_blocks_with_every_reason(
    officer: ApprovalDesk, officer_calls: Calls, register: Callable[..., str]
) -> None:
    arn = register(fairness=0.5)
    with pytest.raises(PolicyViolationError) as info:
        officer.approve(arn, reason="ship it", policy=POLICY)
    failures = info.value.report.failures
    assert [f.rule for f in failures] == ["metric fairness_score >= 0.8"]
    assert failures[0].seen == 0.5
    assert "fairness_score" in str(info.value)
    assert WRITE not in officer_calls.names


def test_override_is_recorded_in_description_metadata_and_trail(
    officer: ApprovalDesk, register: Callable[..., str], describe: Callable[[str], dict[str, Any]]
) -> None:
    arn = register(fairness=0.5)
    decision = officer.approve(
        arn, reason="pilot only", policy=POLICY, override_justification="CFO sign-off, ticket 42"
    )
    assert decision.gate == "overridden"
    assert decision.override_justification == "CFO sign-off, ticket 42"
    stored = describe(arn)
    assert "FAILED, overridden" in stored["ApprovalDescription"]
    assert "CFO sign-off, ticket 42" in stored["ApprovalDescription"]
    assert stored["CustomerMetadataProperties"][OVERRIDE_KEY] == "CFO sign-off+2C ticket 42"
    trail = officer.history(arn)
    (event,) = [e for e in trail if e.kind == "decision"]
    assert event.details["override_justification"] == "CFO sign-off, ticket 42"
    assert event.details["gate"] == "overridden"


def test_a_later_decision_without_override_clears_the_stale_override(
    officer: ApprovalDesk, register: Callable[..., str], describe: Callable[[str], dict[str, Any]]
) -> None:
    arn = register(fairness=0.5)
    officer.approve(arn, reason="pilot", policy=POLICY, override_justification="CFO")
    officer.reject(arn, reason="pilot over", expected_status="Approved")
    assert OVERRIDE_KEY not in describe(arn)["CustomerMetadataProperties"]


def test_version_without_card_cannot_pass_a_gate(
    officer: ApprovalDesk, people: People, describe: Callable[[str], dict[str, Any]]
) -> None:
    sm = people.registrant.session.client("sagemaker")
    arn = sm.create_model_package(
        ModelPackageGroupName="credit-risk",
        InferenceSpecification={
            "Containers": [{"Image": "763104351884.dkr.ecr.us-east-1.amazonaws.com/x:1"}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
    )["ModelPackageArn"]
    with pytest.raises(ApprovalRefusedError, match="no model card"):
        officer.approve(arn, reason="ok", policy=POLICY)
    with pytest.raises(ApprovalRefusedError, match="no model card"):
        officer.check(arn, POLICY)
    decision = officer.approve(arn, reason="ok", policy=POLICY, override_justification="legacy")
    assert decision.gate == "overridden"
    assert decision.gate_digest is None
    assert officer.approve(arn, reason="again", expected_status="Approved").gate == "not-run"


def test_card_status_is_set_in_the_same_write_and_the_card_kept(
    officer: ApprovalDesk,
    officer_calls: Calls,
    register: Callable[..., str],
    describe: Callable[[str], dict[str, Any]],
) -> None:
    arn = register(card_status="PendingReview")
    before = describe(arn)["ModelCard"]["ModelCardContent"]
    officer.approve(arn, reason="ok", policy=POLICY, card_status="Approved")
    assert officer_calls.names.count(WRITE) == 1
    card = describe(arn)["ModelCard"]
    assert card["ModelCardStatus"] == "Approved"
    assert card["ModelCardContent"] == before
    (event,) = [e for e in officer.history(arn) if e.kind == "card_status"]
    assert event.exact


def test_check_reads_once_and_writes_nothing(
    officer: ApprovalDesk, officer_calls: Calls, register: Callable[..., str]
) -> None:
    arn = register(fairness=0.5)
    report = officer.check(arn, POLICY)
    assert not report.passed
    assert officer_calls.names == [READ]


def test_missing_version_is_not_found(officer: ApprovalDesk) -> None:
    missing = "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/99"
    with pytest.raises(NotFoundError):
        officer.approve(missing, reason="ok")
    with pytest.raises(NotFoundError):
        officer.history(missing)


def test_metadata_room_is_made_by_dropping_old_log_entries(
    people: People, register: Callable[..., str], describe: Callable[[str], dict[str, Any]]
) -> None:
    # GIVEN a version whose own metadata leaves room for only a short log
    arn = register(customer_metadata={f"team-key-{i}": "v" for i in range(38)})
    desk = ApprovalDesk(session=people.officer.session)
    status = "PendingManualApproval"
    # WHEN it is decided many times
    for round_ in range(4):
        target = desk.reject if round_ % 2 else desk.approve
        status = target(arn, reason=f"round {round_}", expected_status=status).decision.value
    # THEN it never breaks SageMaker's 50-entry limit and the count stays right
    meta = describe(arn)["CustomerMetadataProperties"]
    assert len(meta) <= 50
    assert meta["governance:decision_count"] == "4"
    assert len(meta) == 50
    assert len(log_entries(meta)) == 2  # 40 own keys + 8 latest-decision keys + 2 log lines
    trail = desk.history(arn)
    assert any("2 earlier decision(s)" in line for line in trail.limits)


def test_no_room_for_the_decision_is_refused_before_writing(
    people: People, register: Callable[..., str], describe: Callable[[str], dict[str, Any]]
) -> None:
    arn = register(customer_metadata={f"team-key-{i}": "v" for i in range(46)})
    with pytest.raises(ApprovalRefusedError, match="metadata properties"):
        ApprovalDesk(session=people.officer.session).approve(arn, reason="ok")
    assert describe(arn)["ModelApprovalStatus"] == "PendingManualApproval"


def test_an_illegal_card_status_change_is_refused_before_writing(
    officer: ApprovalDesk, officer_calls: Calls, arn: str
) -> None:
    # GIVEN a card still in Draft: it must be submitted for review before it is approved
    with pytest.raises(ApprovalRefusedError, match="cannot go from Draft to Approved"):
        officer.approve(arn, reason="ok", card_status="Approved")
    assert WRITE not in officer_calls.names
    # AND setting the status it already has writes no card change
    decision = officer.approve(arn, reason="ok", card_status="Draft")
    assert decision.decision is ApprovalStatus.APPROVED
