"""The handler on an Approved version: verify again; send back or alert when it fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sm_governance.approval import ApprovalDesk
from sm_governance.events import Runtime, handle
from sm_governance.testing import People

from .conftest import LedgerSetup, state_change


def _describe(people: People, arn: str) -> dict[str, Any]:
    client = people.registrant.session.client("sagemaker")
    return dict(client.describe_model_package(ModelPackageName=arn))


def _tamper(people: People, arn: str) -> None:
    """The registrant lowers the fairness score on the card after the approval."""
    content = _describe(people, arn)["ModelCard"]["ModelCardContent"].replace("0.91", "0.41")
    people.registrant.session.client("sagemaker").update_model_package(
        ModelPackageArn=arn, ModelCard={"ModelCardContent": content}
    )


def _approved_then_tampered(
    people: People, register: Callable[..., str], officer_desk: ApprovalDesk
) -> str:
    """An approved version whose card the registrant then changed."""
    arn = register()
    officer_desk.approve(arn, reason="Reviewed", card_status="Approved")
    _tamper(people, arn)
    return arn


def _ledger_runtime(
    runtime: Callable[..., Runtime], ledger_setup: LedgerSetup, **settings: Any
) -> Runtime:
    """The handler's runtime with the decision ledger."""
    return runtime(ledger=ledger_setup.url, signing_key=ledger_setup.key, **settings)


def test_a_proven_approval_is_left_alone(
    register: Callable[..., str],
    officer_desk: ApprovalDesk,
    runtime: Callable[..., Runtime],
    ledger_setup: LedgerSetup,
) -> None:
    arn = register()
    officer_desk.approve(arn, reason="Reviewed", card_status="Approved")
    result = handle(
        state_change(arn, "Approved"),
        _ledger_runtime(runtime, ledger_setup),
    )
    assert result == {"arn": arn, "action": "verified"}


def test_a_card_changed_after_approval_is_sent_back_and_reported(
    people: People,
    register: Callable[..., str],
    *,
    officer_desk: ApprovalDesk,
    runtime: Callable[..., Runtime],
    ledger_setup: LedgerSetup,
    findings_queue: Any,
) -> None:
    # GIVEN an approved version whose card the registrant then changed
    arn = _approved_then_tampered(people, register, officer_desk)
    rt = _ledger_runtime(runtime, ledger_setup, findings_topic=findings_queue.topic)
    # WHEN the change is announced
    result = handle(state_change(arn, "Approved"), rt)
    # THEN the version is back in the queue with the reason, and a drift finding went out
    assert result["action"] == "revoked"
    assert "drift" in [f["kind"] for f in result["findings"]]
    described = _describe(people, arn)
    assert described["ModelApprovalStatus"] == "PendingManualApproval"
    assert "the card changed" in described["ApprovalDescription"]
    messages = findings_queue()
    assert len(messages) == 1
    assert messages[0]["arn"] == arn
    assert "drift" in [f["kind"] for f in messages[0]["findings"]]
    # AND the same event again changes nothing more (the version is no longer Approved)
    again = handle(state_change(arn, "Approved"), rt)
    assert again["action"] == "gate"
    assert _describe(people, arn)["ModelApprovalStatus"] == "PendingManualApproval"


def test_alert_only_leaves_the_status_and_reports(
    people: People,
    register: Callable[..., str],
    *,
    officer_desk: ApprovalDesk,
    runtime: Callable[..., Runtime],
    ledger_setup: LedgerSetup,
    findings_queue: Any,
) -> None:
    arn = _approved_then_tampered(people, register, officer_desk)
    rt = _ledger_runtime(
        runtime, ledger_setup, on_drift="alert", findings_topic=findings_queue.topic
    )
    result = handle(state_change(arn, "Approved"), rt)
    assert result["action"] == "alerted"
    assert _describe(people, arn)["ModelApprovalStatus"] == "Approved"
    assert [m["action"] for m in findings_queue()] == ["alerted"]


def test_an_approval_made_outside_the_tool_is_sent_back(
    people: People,
    register: Callable[..., str],
    runtime: Callable[..., Runtime],
    ledger_setup: LedgerSetup,
) -> None:
    # GIVEN a version approved with a plain UpdateModelPackage (no signed decision)
    arn = register()
    people.officer.session.client("sagemaker").update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="Approved", ApprovalDescription="LGTM"
    )
    # WHEN it is announced
    result = handle(
        state_change(arn, "Approved"),
        _ledger_runtime(runtime, ledger_setup),
    )
    # THEN it is an unverified approval, and it goes back to the queue
    assert result["action"] == "revoked"
    assert [f["kind"] for f in result["findings"]] == ["unverified_approval"]
    assert _describe(people, arn)["ModelApprovalStatus"] == "PendingManualApproval"


def test_without_a_ledger_nothing_can_be_verified_so_nothing_is_touched(
    people: People, register: Callable[..., str], runtime: Callable[..., Runtime]
) -> None:
    arn = register()
    people.officer.session.client("sagemaker").update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="Approved"
    )
    result = handle(state_change(arn, "Approved"), runtime())
    assert result["action"] == "alerted"
    assert [f["kind"] for f in result["findings"]] == ["unverified_approval"]
    assert _describe(people, arn)["ModelApprovalStatus"] == "Approved"


def test_after_a_send_back_another_officer_decides_and_the_old_one_cannot_be_completed(
    people: People,
    register: Callable[..., str],
    *,
    officer_desk: ApprovalDesk,
    runtime: Callable[..., Runtime],
    ledger_setup: LedgerSetup,
) -> None:
    from sm_governance.errors import ApprovalRefusedError
    from sm_governance.testing import create_user

    # GIVEN an approval sent back by the handler after the registrant changed the card
    arn = _approved_then_tampered(people, register, officer_desk)
    rt = _ledger_runtime(runtime, ledger_setup)
    assert handle(state_change(arn, "Approved"), rt)["action"] == "revoked"
    # WHEN the first officer runs the same command again
    # THEN it is refused: the approval was about content that is no longer there
    with pytest.raises(ApprovalRefusedError, match="can no longer be completed"):
        officer_desk.approve(arn, reason="Reviewed", card_status="Approved")
    # AND another officer can decide on the version as it is now
    other = create_user("second-officer", region_name="us-east-1")
    desk = ApprovalDesk(
        session=other.session, ledger=ledger_setup.url, signing_key=ledger_setup.key
    )
    decision = desk.reject(arn, reason="Fairness dropped to 0.41")
    assert decision.decision.value == "Rejected"
    assert _describe(people, arn)["ModelApprovalStatus"] == "Rejected"


@pytest.mark.parametrize("missing", ["SMGOV_LEDGER", "SMGOV_SIGNING_KEY"])
def test_an_approval_that_cannot_be_verified_is_reported_not_ignored(
    people: People,
    register: Callable[..., str],
    *,
    officer_desk: ApprovalDesk,
    runtime: Callable[..., Runtime],
    ledger_setup: LedgerSetup,
    findings_queue: Callable[[], list[dict[str, Any]]],
    missing: str,
) -> None:
    # GIVEN an approved, then tampered, version, and a handler deployed without the ledger or
    # without its key
    arn = _approved_then_tampered(people, register, officer_desk)
    settings = {"ledger": ledger_setup.url, "signing_key": ledger_setup.key}
    settings.pop("ledger" if missing == "SMGOV_LEDGER" else "signing_key")
    topic = findings_queue.topic  # type: ignore[attr-defined]
    # WHEN SageMaker announces the approval
    result = handle(state_change(arn, "Approved"), runtime(findings_topic=topic, **settings))
    # THEN the approval is reported as unverified, as the daily audit reports it without a
    # ledger, naming what is missing; the version is not sent back for a configuration gap
    assert result["action"] == "alerted"
    assert [f["kind"] for f in result["findings"]] == ["unverified_approval"]
    assert missing in result["findings"][0]["message"]
    (message,) = findings_queue()
    assert message["arn"] == arn
    assert _describe(people, arn)["ModelApprovalStatus"] == "Approved"
