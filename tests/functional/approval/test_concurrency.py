"""Retries and races: no decision twice, no silent lost update."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from sm_governance import ApprovalRefusedError, ApprovalStatus
from sm_governance.approval import (
    DECISION_ID_KEY,
    ApprovalDesk,
    Decision,
    DecisionConflictError,
    log_entries,
)
from sm_governance.testing import People, create_user

from .conftest import POLICY, Calls


class LostResponse(Exception):
    """The write reached SageMaker but its answer never came back."""


def _lose_first_update_response(session: Any) -> None:
    lost: list[bool] = []

    def after_update(**_: Any) -> None:
        if not lost:
            lost.append(True)
            raise LostResponse

    session.events.register("after-call.sagemaker.UpdateModelPackage", after_update)


def test_retry_after_a_lost_response_is_recognised_and_not_written_twice(
    people: People, arn: str, describe: Callable[[str], dict[str, Any]]
) -> None:
    # GIVEN the answer to the officer's write is lost after SageMaker applied it
    _lose_first_update_response(people.officer.session)
    desk = ApprovalDesk(session=people.officer.session)
    with pytest.raises(LostResponse):
        desk.approve(arn, reason="Meets retail-credit", policy=POLICY)
    # WHEN the officer runs the same command again (a new process: a new desk)
    calls = Calls()
    people.officer.session.events.register("before-call.*.*", calls.record)
    again = ApprovalDesk(session=people.officer.session).approve(
        arn, reason="Meets retail-credit", policy=POLICY
    )
    # THEN it is the same decision, reported as already in place, and nothing is written
    assert again.replayed
    assert again.gate == "passed"
    assert again.gate_digest is not None
    assert "UpdateModelPackage" not in calls.names
    meta = describe(arn)["CustomerMetadataProperties"]
    assert len(log_entries(meta)) == 1
    assert meta[DECISION_ID_KEY] == again.decision_id


def test_a_different_decision_after_a_lost_response_is_a_stale_status(
    people: People, arn: str
) -> None:
    _lose_first_update_response(people.officer.session)
    desk = ApprovalDesk(session=people.officer.session)
    with pytest.raises(LostResponse):
        desk.approve(arn, reason="first thought")
    with pytest.raises(ApprovalRefusedError, match="is Approved"):
        desk.reject(arn, reason="second thought")


def test_an_explicit_decision_id_makes_a_retry_idempotent_whatever_the_reason(
    officer: ApprovalDesk, arn: str
) -> None:
    first = officer.approve(arn, reason="ok", decision_id="ticket-4711")
    again = officer.approve(arn, reason="ok, typed differently", decision_id="ticket-4711")
    assert first.decision_id == again.decision_id == "ticket-4711"
    assert again.replayed


@pytest.fixture
def second_officer(people: People) -> ApprovalDesk:
    carol = create_user("second-officer", session=people.registrant.session)
    return ApprovalDesk(session=carol.session)


def test_an_officer_whose_read_went_stale_mid_decision_is_told(
    people: People,
    second_officer: ApprovalDesk,
    arn: str,
    describe: Callable[[str], dict[str, Any]],
) -> None:
    # GIVEN officer A has read the version, and officer B decides completely in that moment
    first = ApprovalDesk(session=people.officer.session)
    done: list[Any] = []

    def after_first_read(**_: Any) -> None:
        if not done:
            done.append(second_officer.reject(arn, reason="fairness too low"))

    people.officer.session.events.register(
        "after-call.sagemaker.DescribeModelPackage", after_first_read
    )
    # WHEN A writes on its stale read
    with pytest.raises(DecisionConflictError) as info:
        first.approve(arn, reason="fine", policy=POLICY)
    # THEN A is told its decision overwrote B's, and the trail shows both
    assert info.value.in_effect
    assert "Rejected" in str(info.value)
    assert info.value.code == "DecisionConflict"
    decisions = [e.decision for e in log_entries(describe(arn)["CustomerMetadataProperties"])]
    assert sorted(decisions) == ["Approved", "Rejected"]


def test_an_officer_overwritten_before_verifying_is_told_the_decision_is_not_in_effect(
    people: People,
    second_officer: ApprovalDesk,
    arn: str,
    describe: Callable[[str], dict[str, Any]],
) -> None:
    # GIVEN officer B overwrites officer A's write before A's verification read
    first = ApprovalDesk(session=people.officer.session)
    writes: list[bool] = []
    seen: list[Any] = []

    def after_write(**_: Any) -> None:
        if not writes:
            writes.append(True)
            # B read before A's write (expected Pending) only if it reads now as Approved:
            # B re-decides on what it sees, a rejection of the approved version
            seen.append(second_officer.reject(arn, reason="no", expected_status="Approved"))

    people.officer.session.events.register("after-call.sagemaker.UpdateModelPackage", after_write)
    with pytest.raises(DecisionConflictError) as info:
        first.approve(arn, reason="fine", policy=POLICY)
    assert not info.value.in_effect
    assert info.value.current_status == "Rejected"
    assert info.value.current_decision_id == seen[0].decision_id
    assert describe(arn)["ModelApprovalStatus"] == "Rejected"


def test_two_officers_racing_on_one_version_never_lose_a_decision_silently(
    people: People,
    second_officer: ApprovalDesk,
    arn: str,
    describe: Callable[[str], dict[str, Any]],
) -> None:
    # GIVEN two officers who both read the pending version before either writes
    first = ApprovalDesk(session=people.officer.session)
    barrier = threading.Barrier(2, timeout=10)
    for session in (people.officer.session, second_officer._session):
        assert session is not None
        read_once: list[bool] = []

        def hold(read_once: list[bool] = read_once, **_: Any) -> None:
            if not read_once:
                read_once.append(True)
                barrier.wait()

        session.events.register("after-call.sagemaker.DescribeModelPackage", hold)
    outcomes: dict[str, Any] = {}

    def run(name: str, decide: Callable[[], Any]) -> None:
        try:
            outcomes[name] = decide()
        except Exception as exc:
            outcomes[name] = exc

    threads = [
        threading.Thread(target=run, args=("A", lambda: first.approve(arn, reason="yes"))),
        threading.Thread(target=run, args=("B", lambda: second_officer.reject(arn, reason="no"))),
    ]
    # WHEN both write
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # THEN at least one is told of the conflict, none is refused for another reason
    conflicts = [o for o in outcomes.values() if isinstance(o, DecisionConflictError)]
    assert conflicts
    assert all(isinstance(o, (DecisionConflictError, Decision)) for o in outcomes.values())
    # AND the decision in effect is known to someone: its officer succeeded or was told
    stored = describe(arn)
    meta = stored["CustomerMetadataProperties"]
    current = meta[DECISION_ID_KEY]
    overwrote = [c for c in conflicts if c.in_effect and c.current_decision_id == current]
    for outcome in outcomes.values():
        if isinstance(outcome, Decision) and outcome.decision_id != current:
            # a success overwritten after its verification read: the overwriter was told
            assert overwrote
    assert stored["ModelApprovalStatus"] in (ApprovalStatus.APPROVED, ApprovalStatus.REJECTED)
    # AND both decisions are in the trail
    assert sorted(e.decision for e in log_entries(meta)) == ["Approved", "Rejected"]
