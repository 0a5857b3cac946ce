"""Two officers deciding the same version at once, with the ledger: one wins, nobody is lied to."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sm_governance import ApprovalRefusedError
from sm_governance.approval import ApprovalDesk, Decision, DecisionConflictError
from sm_governance.ledger import Ledger
from sm_governance.testing import People, create_user

from .conftest import LedgerSetup

ROUNDS = 50


def _decide(desk: ApprovalDesk, arn: str, approve: bool, outcomes: dict[str, Any]) -> None:
    name = "approve" if approve else "reject"
    try:
        if approve:
            outcomes[name] = desk.approve(arn, reason="fine")
        else:
            outcomes[name] = desk.reject(arn, reason="not fine")
    except (DecisionConflictError, ApprovalRefusedError) as exc:
        outcomes[name] = exc


def check_round(outcomes: dict[str, Any], status: str, ledger: Ledger, arn: str) -> int:
    """At most one officer told "done", that decision in effect, and one entry per success."""
    done = [o for o in outcomes.values() if isinstance(o, Decision)]
    assert len(outcomes) == 2, outcomes
    assert len(done) <= 1
    for decision in done:
        assert decision.decision.value == status
    if not done:
        assert status == "PendingManualApproval"
    record = ledger.read(arn)
    assert record.problems == ()
    assert len(record.entries) == len(done)
    return len(done)


def test_fifty_rounds_of_two_officers_at_once_as_threads(
    people: People,
    ledger_setup: LedgerSetup,
    register: Callable[..., str],
    describe: Callable[[str], dict[str, Any]],
) -> None:
    carol = create_user("second-officer", session=people.registrant.session)
    sessions = {True: people.officer.session, False: carol.session}
    gates: dict[bool, threading.Barrier] = {}
    # GIVEN both officers have read the version and its ledger before either writes
    for approve, session in sessions.items():

        def hold(approve: bool = approve, **_: Any) -> None:
            barrier = gates.pop(approve, None)
            if barrier is not None:
                barrier.wait()

        session.events.register("after-call.s3.ListObjectVersions", hold)
    desks = {
        approve: ApprovalDesk(
            session=session, ledger=ledger_setup.url, signing_key=ledger_setup.key
        )
        for approve, session in sessions.items()
    }
    ledger = desks[True].ledger
    assert ledger is not None
    successes = 0
    for _ in range(ROUNDS):
        arn = register()
        barrier = threading.Barrier(2, timeout=20)
        gates.update({True: barrier, False: barrier})
        outcomes: dict[str, Any] = {}
        # WHEN one approves and the other rejects at the same moment
        threads = [
            threading.Thread(target=_decide, args=(desks[approve], arn, approve, outcomes))
            for approve in sessions
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        # THEN exactly one decision is recorded and in effect, and only its officer is told done
        status = describe(arn)["ModelApprovalStatus"]
        successes += check_round(outcomes, status, ledger, arn)
    assert successes == ROUNDS
