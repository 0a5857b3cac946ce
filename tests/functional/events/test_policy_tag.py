"""The group's governance:policy tag names a policy that is not there: fail closed, visibly.

A tag that names a missing policy (a typo, a deleted file, or a name chosen to dodge a
quorum) must neither leave the gate silently unrun nor let the audit skip the group's quorum
and re-certification checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sm_governance.approval import ApprovalDesk
from sm_governance.events import Runtime, handle
from sm_governance.testing import People

from .conftest import POLICY, LedgerSetup, state_change, tag_group

SCHEDULE = {"source": "aws.events", "detail-type": "Scheduled Event"}


def _folder_with(people: People, tag: str) -> None:
    """Policies in s3://policies/gates/ (only retail-credit.yaml), the group naming ``tag``."""
    s3 = people.registrant.session.client("s3")
    s3.create_bucket(Bucket="policies")
    s3.put_object(Bucket="policies", Key="gates/retail-credit.yaml", Body=POLICY.encode())
    tag_group(people, tag)


def _daily_audit(runtime: Callable[..., Runtime], ledger_setup: LedgerSetup) -> dict[str, Any]:
    """The scheduled audit with the policy folder and the ledger."""
    rt = runtime(
        policy="s3://policies/gates/", ledger=ledger_setup.url, signing_key=ledger_setup.key
    )
    return handle(SCHEDULE, rt)


def test_a_version_of_a_group_naming_a_missing_policy_is_marked_failed_and_reported(
    people: People,
    register: Callable[..., str],
    runtime: Callable[..., Runtime],
    findings_queue: Callable[[], list[dict[str, Any]]],
) -> None:
    # GIVEN a group whose tag names a policy the folder does not hold
    _folder_with(people, "no-such-policy")
    arn = register(fairness=0.91)
    # WHEN SageMaker announces a new version
    topic = findings_queue.topic  # type: ignore[attr-defined]
    result = handle(state_change(arn), runtime(policy="s3://policies/gates/", findings_topic=topic))
    # THEN the gate fails closed: failed on the version, naming the missing policy
    assert result["action"] == "gate"
    assert result["gate"]["passed"] is False
    assert "no-such-policy" in result["policy_unavailable"]
    described = people.registrant.session.client("sagemaker").describe_model_package(
        ModelPackageName=arn
    )
    meta = described["CustomerMetadataProperties"]
    assert meta["governance:gate_check"] == "failed"
    assert meta["governance:gate_check_policy"] == "unavailable"
    assert described["ModelApprovalStatus"] == "PendingManualApproval"
    # AND it is published as a finding
    (message,) = findings_queue()
    assert message["arn"] == arn
    assert "no-such-policy" in message["policy_unavailable"]


@pytest.mark.parametrize(
    ("tag", "removed", "named"),
    [("no-quorum", False, "no-quorum"), ("retail-credit", True, "governance:policy")],
    ids=["tag-names-a-missing-policy", "tag-removed"],
)
def test_the_audit_reports_approved_versions_of_a_group_whose_policy_cannot_be_had(
    people: People,
    register: Callable[..., str],
    *,
    officer_desk: ApprovalDesk,
    runtime: Callable[..., Runtime],
    ledger_setup: LedgerSetup,
    tag: str,
    removed: bool,
    named: str,
) -> None:
    # GIVEN an approved High-risk version of a group whose tag names a missing policy, or
    # named one and was removed (the gate of its next version fails closed for either)
    _folder_with(people, tag)
    arn = register(risk="High")
    officer_desk.approve(arn, reason="One officer only", card_status="Approved")
    if removed:
        client = people.registrant.session.client("sagemaker")
        group = client.describe_model_package_group(ModelPackageGroupName="credit-risk")
        client.delete_tags(ResourceArn=group["ModelPackageGroupArn"], TagKeys=["governance:policy"])
    # WHEN the daily schedule runs
    result = _daily_audit(runtime, ledger_setup)
    # THEN the version's quorum and expiry could not be checked, and the audit says so
    assert [(f["arn"], f["kind"], f["severity"]) for f in result["findings"]] == [
        (arn, "policy_unavailable", "high")
    ]
    assert named in result["findings"][0]["message"]


@pytest.mark.parametrize("policy", ["s3://policies/gates/retail-credit.yaml", "invalid"])
def test_the_audit_with_one_policy_that_cannot_be_had_still_reports_everything(
    people: People,
    register: Callable[..., str],
    *,
    officer_desk: ApprovalDesk,
    runtime: Callable[..., Runtime],
    ledger_setup: LedgerSetup,
    tmp_path: Any,
    policy: str,
) -> None:
    # GIVEN one approval by an officer and one set outside the tool, and a handler whose single
    # policy (SMGOV_POLICY, no folder) is missing from its bucket or is not a valid policy
    signed = register()
    officer_desk.approve(signed, reason="Reviewed", card_status="Approved")
    outside = register()
    people.officer.session.client("sagemaker").update_model_package(
        ModelPackageArn=outside, ModelApprovalStatus="Approved"
    )
    people.registrant.session.client("s3").create_bucket(Bucket="policies")
    if policy == "invalid":
        path = tmp_path / "broken.yaml"
        path.write_text("policy: broken\nreview_every: {High: soon}\n", encoding="utf-8")
        policy = str(path)
    # WHEN the daily schedule runs
    rt = runtime(policy=policy, ledger=ledger_setup.url, signing_key=ledger_setup.key)
    result = handle(SCHEDULE, rt)
    # THEN it is not lost: the unverified approval is reported, and each approval's quorum
    # and expiry are reported unchecked, as for a group whose named policy cannot be had
    found = {(f["arn"], f["kind"]) for f in result["findings"]}
    assert (outside, "unverified_approval") in found
    assert {(signed, "policy_unavailable"), (outside, "policy_unavailable")} <= found


def test_a_new_version_under_a_missing_single_policy_is_marked_failed(
    people: People, register: Callable[..., str], runtime: Callable[..., Runtime]
) -> None:
    # GIVEN a handler whose single policy is not in its bucket (deleted, or a typo)
    people.registrant.session.client("s3").create_bucket(Bucket="policies")
    arn = register(fairness=0.91)
    # WHEN SageMaker announces a new version
    result = handle(state_change(arn), runtime(policy="s3://policies/gates/retail-credit.yaml"))
    # THEN the gate fails closed and visibly, as for a group naming a missing policy
    assert result["gate"]["passed"] is False
    assert "retail-credit.yaml does not exist" in result["policy_unavailable"]
    meta = people.registrant.session.client("sagemaker").describe_model_package(
        ModelPackageName=arn
    )["CustomerMetadataProperties"]
    assert meta["governance:gate_check"] == "failed"
