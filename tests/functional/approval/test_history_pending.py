"""The trail of a version and the review queue, under the local SageMaker."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sm_governance import ValidationError
from sm_governance import approval as approval_module
from sm_governance.approval import ApprovalDesk
from sm_governance.registry import ModelRegistry
from sm_governance.testing import People

from .conftest import IMAGE, POLICY, Calls, card


def test_history_tells_the_whole_story_in_time_order(
    officer: ApprovalDesk, register: Callable[..., str], people: People
) -> None:
    # GIVEN a version registered, rejected, re-approved with an override, moved to staging
    arn = register(
        fairness=0.5,
        card_status="PendingReview",
        lifecycle={"Stage": "Development", "StageStatus": "InReview"},
    )
    officer.reject(arn, reason="fairness below 0.8")
    officer.approve(
        arn,
        reason="pilot in one branch",
        policy=POLICY,
        override_justification="Risk committee minute 12",
        expected_status="Rejected",
        card_status="Approved",
    )
    ModelRegistry(session=people.officer.session).set_lifecycle(
        arn, stage="Staging", stage_status="Approved"
    )
    # WHEN the trail is read
    trail = officer.history(arn)
    # THEN it reads in time order, with what cannot be dated marked
    kinds = [e.kind for e in trail]
    assert kinds == ["registered", "decision", "decision", "card_status", "lifecycle"]
    registered, rejected, approved, _, lifecycle = trail.events
    assert registered.actor == people.registrant.arn
    assert rejected.details["decision"] == "Rejected"
    assert rejected.details["reason"] == "fairness below 0.8"
    assert approved.details["override_justification"] == "Risk committee minute 12"
    assert approved.actor == people.officer.arn
    assert lifecycle.details["stage"] == "Staging"
    assert lifecycle.exact is False
    assert trail.approval_status == "Approved"
    assert trail.to_dict()["events"][0]["kind"] == "registered"


def test_history_of_a_version_decided_elsewhere(
    officer: ApprovalDesk, arn: str, people: People
) -> None:
    people.officer.session.client("sagemaker").update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="Approved", ApprovalDescription="via console"
    )
    trail = officer.history(arn)
    assert [e.kind for e in trail][:2] == ["registered", "approval_status"]
    assert "via console" in trail.events[1].summary


def test_pending_lists_summaries_across_groups_without_describing(
    officer: ApprovalDesk, officer_calls: Calls, people: People, register: Callable[..., str]
) -> None:
    # GIVEN two groups with pending versions, one version already decided
    registry = ModelRegistry(session=people.registrant.session)
    registry.ensure_group("fraud", datazone_project_id="c4x7p2demo9prj")
    waiting = register()
    decided = register()
    other = registry.register(
        "fraud", card(), image_uri=IMAGE, model_data_url="s3://models/fraud/model.tar.gz"
    ).arn
    officer.reject(decided, reason="duplicate")
    officer_calls.clear()
    seen: list[tuple[str, int]] = []
    totals: list[int] = []
    # WHEN the officer scans every group
    rows = officer.pending(on_group=lambda g, n: seen.append((g, n)), on_groups=totals.append)
    # THEN only pending versions come back, oldest first, from one account-wide list call
    assert [r.arn for r in rows] == [waiting, other]
    assert rows[0].to_dict()["group"] == "credit-risk"
    assert rows[0].lifecycle_stage is None
    assert officer_calls.names == ["ListModelPackages"]
    assert (seen, totals) == ([], [])
    # AND a named group is listed alone
    officer_calls.clear()
    assert [r.arn for r in officer.pending(["fraud", "fraud"])] == [other]
    assert officer_calls.names == ["ListModelPackages"]
    # AND two named groups cost the one account-wide page, which holds the whole queue
    officer_calls.clear()
    both = officer.pending(["fraud", "credit-risk"], on_group=lambda g, n: seen.append((g, n)))
    assert [r.arn for r in both] == [waiting, other]
    assert officer_calls.names == ["ListModelPackages"]
    assert sorted(seen) == [("credit-risk", 1), ("fraud", 1)]


def test_pending_with_details_reads_cards_in_the_same_calls(
    officer: ApprovalDesk, officer_calls: Calls, register: Callable[[], str], people: People
) -> None:
    # GIVEN two pending versions
    first, second = register(), register()
    officer_calls.clear()
    # WHEN the officer asks for details
    rows = officer.pending(details=True)
    # THEN one Search call returns risk rating, card status and registrant for each
    assert officer_calls.names == ["Search"]
    assert [r.arn for r in rows] == [first, second]
    assert {(r.risk_rating, r.created_by) for r in rows} == {("Medium", people.registrant.arn)}
    assert rows[0].card_status is not None
    assert set(rows[0].to_dict()) >= {"risk_rating", "card_status", "created_by"}
    # AND a named group is searched alone, with the same rows
    officer_calls.clear()
    assert officer.pending(["credit-risk"], details=True) == rows
    assert officer_calls.names == ["Search"]


def test_pending_refuses_bad_group_names_before_any_call(
    officer: ApprovalDesk, officer_calls: Calls
) -> None:
    with pytest.raises(ValidationError) as info:
        officer.pending(["good", "bad name!", ""])
    assert info.value.paths == ["groups[1]", "groups[2]"]
    assert officer_calls.names == []


def test_a_desk_built_from_a_client_asks_sts_as_the_same_caller(people: People, arn: str) -> None:
    desk = ApprovalDesk(client=people.officer.session.client("sagemaker"))
    assert desk.identity().arn == people.officer.arn
    assert desk.approve(arn, reason="ok").approver == people.officer.arn


def test_module_level_helpers_use_one_default_desk(
    arn: str, monkeypatch: pytest.MonkeyPatch, people: People
) -> None:
    approval_module._desk.cache_clear()
    credentials = people.officer.session.get_credentials()
    assert credentials is not None
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials.secret_key)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_SECURITY_TOKEN", raising=False)
    try:
        assert [r.arn for r in approval_module.pending(["credit-risk"])] == [arn]
        decision = approval_module.approve(arn, reason="ok", policy=POLICY)
        assert decision.approver == people.officer.arn
        assert (
            approval_module.reject(arn, reason="no", expected_status="Approved").replayed is False
        )
        assert len([e for e in approval_module.history(arn) if e.kind == "decision"]) == 2
    finally:
        approval_module._desk.cache_clear()
