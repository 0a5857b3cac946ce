"""The handler on the events the local SageMaker itself emits, end to end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sm_governance.approval import ApprovalDesk
from sm_governance.events import Runtime, handle
from sm_governance.testing import People

from .conftest import LedgerSetup


def test_registration_and_tampering_events_drive_the_gate_and_the_send_back(
    people: People,
    register: Callable[..., str],
    *,
    officer_desk: ApprovalDesk,
    runtime: Callable[..., Runtime],
    ledger_setup: LedgerSetup,
    emitted: Callable[[], list[dict[str, Any]]],
) -> None:
    rt = runtime(ledger=ledger_setup.url, signing_key=ledger_setup.key)
    # GIVEN a registration: SageMaker announces the new version
    arn = register()
    created = emitted()
    assert [e["detail"]["ModelPackageArn"] for e in created] == [arn]
    # WHEN the handler gets that event, THEN the gate ran and nothing was approved
    gated = handle(created[0], rt)
    assert gated["action"] == "gate"
    assert gated["gate"]["passed"] is True
    # GIVEN an approval and then a quiet change of the model data by the registrant
    officer_desk.approve(arn, reason="Reviewed", card_status="Approved")
    client = people.registrant.session.client("sagemaker")
    approved = [e for e in emitted() if e["detail"].get("ModelApprovalStatus") == "Approved"]
    assert handle(approved[-1], rt) == {"arn": arn, "action": "verified"}
    spec = client.describe_model_package(ModelPackageName=arn)["InferenceSpecification"]
    spec["Containers"][0]["ModelDataUrl"] = "s3://attacker/model.tar.gz"
    client.update_model_package(ModelPackageArn=arn, InferenceSpecification=spec)
    # SageMaker announces status and lifecycle changes, not this one: the daily audit is the
    # watch for silent changes; the next announced change of the version is verified too
    assert emitted() == []
    client.update_model_package(
        ModelPackageArn=arn,
        ModelLifeCycle={"Stage": "Staging", "StageStatus": "Deployed"},
    )
    staged = emitted()
    assert len(staged) == 1
    # WHEN the handler gets that event
    result = handle(staged[0], rt)
    # THEN the approval is sent back for the artifact drift
    assert result["action"] == "revoked"
    assert any("inference" in f["message"] for f in result["findings"])
    described = client.describe_model_package(ModelPackageName=arn)
    assert described["ModelApprovalStatus"] == "PendingManualApproval"
