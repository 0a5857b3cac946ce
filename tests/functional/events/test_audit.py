"""smgov audit's engine: every kind of finding planted in one account, and found."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from sm_governance.approval import ApprovalDesk
from sm_governance.audit import scan, scan_due
from sm_governance.ledger import KmsSigner, Ledger, subject_digest
from sm_governance.policy import load_policy
from sm_governance.registry import ModelRegistry
from sm_governance.testing import People

from .conftest import GROUP, LedgerSetup, tag_group

POLICY = load_policy("policy: cadence\nreview_every: {High: 90d, default: 1y}\n")
QUORUM = load_policy("policy: quorum\napprovals_required: {High: 2}\n")


def _ledger(people: People, setup: LedgerSetup) -> Ledger:
    session = people.officer.session
    return Ledger(
        setup.url,
        s3_client=session.client("s3"),
        signer=KmsSigner(session.client("kms"), setup.key),
    )


def _plant(people: People, setup: LedgerSetup, arn: str, **changes: Any) -> None:
    """Someone who may write to the bucket, but not sign with the ledger's key, appends a
    copy of the version's first entry with ``changes``, signed with a key of their own."""
    kms = people.officer.session.client("kms")
    other = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")
    forger = Ledger(
        setup.url,
        s3_client=people.officer.session.client("s3"),
        signer=KmsSigner(kms, other["KeyMetadata"]["KeyId"]),
    )
    record = forger.read(arn)
    body = {**record.entries[0], **changes}
    body.pop("signature")
    assert forger.append(record, body) is not None


def _due_in_91_days(
    people: People,
    register: Callable[..., str],
    desk: ApprovalDesk,
    setup: LedgerSetup,
    policy: Any,
) -> tuple[str, Any, Ledger]:
    """A High-risk approval that ``policy`` (90 days at High) lists as due in 91 days."""
    high = register(risk="High")
    desk.approve(high, reason="Reviewed", card_status="Approved")
    sagemaker = people.officer.session.client("sagemaker")
    ledger = _ledger(people, setup)
    later = datetime.now(timezone.utc) + timedelta(days=91)
    assert [i.arn for i in scan_due(sagemaker, ledger, policy, as_of=later)] == [high]
    return high, sagemaker, ledger


def _kinds(findings: list[Any]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for f in findings:
        found.setdefault(f.arn.rsplit("/", 2)[-2] + "/" + f.arn.rsplit("/", 1)[-1], set()).add(
            f.kind
        )
    return found


def test_every_kind_is_found_in_search_pages(
    people: People,
    register: Callable[..., str],
    officer_desk: ApprovalDesk,
    ledger_setup: LedgerSetup,
) -> None:
    sagemaker = people.officer.session.client("sagemaker")
    # GIVEN a clean approval (v1), an approval outside the tool (v2), a drifted one (v3), an
    # approval with a Draft card (v4), a High-risk approval (v5), a self-approval forged in
    # the ledger by someone holding the key (v6) and a version without a DataZone project
    clean = register()
    officer_desk.approve(clean, reason="Reviewed", card_status="Approved")
    outside = register()
    sagemaker.update_model_package(ModelPackageArn=outside, ModelApprovalStatus="Approved")
    drifted = register()
    officer_desk.approve(drifted, reason="Reviewed", card_status="Approved")
    described = sagemaker.describe_model_package(ModelPackageName=drifted)
    people.registrant.session.client("sagemaker").update_model_package(
        ModelPackageArn=drifted,
        ModelCard={
            "ModelCardContent": described["ModelCard"]["ModelCardContent"].replace("0.91", "0.4")
        },
    )
    draft_card = register(card_status="Draft")
    officer_desk.approve(draft_card, reason="Reviewed")
    high = register(risk="High")
    officer_desk.approve(high, reason="Reviewed", card_status="Approved")
    self_approved = register()
    ledger = _ledger(people, ledger_setup)
    forged_on = sagemaker.describe_model_package(ModelPackageName=self_approved)
    read = ledger.read(self_approved)
    ledger.append(
        read,
        {
            "kind": "decision",
            "decision": "Approved",
            "arn": self_approved,
            "group": GROUP,
            "version": 6,
            "subject_digest": subject_digest(forged_on),
            "decider": {"arn": people.registrant.arn},
            "time": "2026-11-30T00:00:00.000Z",
        },
    )
    people.registrant.session.client("sagemaker").update_model_package(
        ModelPackageArn=self_approved, ModelApprovalStatus="Approved"
    )
    ModelRegistry(session=people.registrant.session).ensure_group("no-project")
    no_project = register(group="no-project", datazone=False)
    # WHEN the account is audited a year later with a cadence policy
    report = scan(
        sagemaker,
        ledger=ledger,
        policy=POLICY,
        now=datetime.now(timezone.utc) + timedelta(days=120),
    )
    found = _kinds(report.findings)
    # THEN each planted problem is found, and the clean approval has only its expiry pending
    assert report.versions == 7
    assert report.approved == 6
    assert report.calls["Search"] == 1
    assert report.calls["ledger reads"] == report.approved
    assert report.calls["GetPublicKey"] == 1
    assert found.get("credit-risk/1", set()) == set()
    assert "unverified_approval" in found["credit-risk/2"]
    assert "drift" in found["credit-risk/3"]
    assert "card_not_approved" in found["credit-risk/4"]
    assert found["credit-risk/5"] == {"approval_expired"}
    assert "self_approved" in found["credit-risk/6"]
    assert found["no-project/1"] == {"no_datazone_project"}
    assert {f.arn for f in report.findings} == {
        outside,
        drifted,
        draft_card,
        high,
        self_approved,
        no_project,
    }
    assert clean not in {f.arn for f in report.findings}


def test_a_quorum_short_of_the_policy_is_found(
    people: People,
    register: Callable[..., str],
    officer_desk: ApprovalDesk,
    ledger_setup: LedgerSetup,
) -> None:
    arn = register(risk="High")
    officer_desk.approve(arn, reason="Reviewed", card_status="Approved")
    report = scan(
        people.officer.session.client("sagemaker"),
        ledger=_ledger(people, ledger_setup),
        policy=QUORUM,
    )
    assert [(f.kind, f.arn) for f in report.findings] == [("quorum_missing", arn)]


def test_without_a_ledger_every_approval_is_unverified(
    people: People, register: Callable[..., str], officer_desk: ApprovalDesk
) -> None:
    arn = register()
    officer_desk.approve(arn, reason="Reviewed", card_status="Approved")
    report = scan(people.officer.session.client("sagemaker"))
    assert [(f.kind, f.arn) for f in report.findings] == [("unverified_approval", arn)]


def test_due_lists_what_falls_due_from_the_signed_time(
    people: People,
    register: Callable[..., str],
    officer_desk: ApprovalDesk,
    ledger_setup: LedgerSetup,
) -> None:
    # GIVEN a High-risk approval (90 days) and a Medium one (1 year)
    high = register(risk="High")
    officer_desk.approve(high, reason="Reviewed", card_status="Approved")
    medium = register(risk="Medium")
    officer_desk.approve(medium, reason="Reviewed", card_status="Approved")
    sagemaker = people.officer.session.client("sagemaker")
    ledger = _ledger(people, ledger_setup)
    now = datetime.now(timezone.utc)
    # THEN nothing is due today, the High one in 91 days, both in 366 days
    assert scan_due(sagemaker, ledger, POLICY, as_of=now) == []
    in_91 = scan_due(sagemaker, ledger, POLICY, as_of=now + timedelta(days=91))
    assert [(i.arn, i.overdue) for i in in_91] == [(high, True)]
    soon = scan_due(sagemaker, ledger, POLICY, as_of=now, within=timedelta(days=91))
    assert [(i.arn, i.overdue) for i in soon] == [(high, False)]
    later = scan_due(sagemaker, ledger, POLICY, as_of=now + timedelta(days=366))
    assert [i.arn for i in later] == [high, medium]


def test_a_registrant_who_approves_directly_is_found_self_approved(
    people: People, register: Callable[..., str], ledger_setup: LedgerSetup
) -> None:
    # GIVEN a registrant who sets Approved with a plain UpdateModelPackage
    arn = register()
    people.registrant.session.client("sagemaker").update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="Approved"
    )
    sagemaker = people.officer.session.client("sagemaker")
    # THEN the audit calls it what it is, with or without a ledger
    for ledger in (None, _ledger(people, ledger_setup)):
        kinds = {f.kind for f in scan(sagemaker, ledger=ledger).findings if f.arn == arn}
        assert {"self_approved", "unverified_approval"} <= kinds


def test_due_lists_an_approval_with_no_signed_decision(
    people: People, register: Callable[..., str], ledger_setup: LedgerSetup
) -> None:
    arn = register()
    people.officer.session.client("sagemaker").update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="Approved"
    )
    items = scan_due(
        people.officer.session.client("sagemaker"),
        _ledger(people, ledger_setup),
        POLICY,
        as_of=datetime.now(timezone.utc),
    )
    assert [(i.arn, i.status) for i in items] == [(arn, "unsigned")]
    assert items[0].to_json()["approved_at"] is None


def test_the_scheduled_audit_reads_each_groups_policy_from_a_folder(
    people: People,
    register: Callable[..., str],
    *,
    officer_desk: ApprovalDesk,
    runtime: Callable[..., Any],
    ledger_setup: LedgerSetup,
) -> None:
    from sm_governance.events import handle

    # GIVEN a folder of policies and a group whose tag names the quorum policy
    s3 = people.officer.session.client("s3")
    s3.create_bucket(Bucket="policies")
    s3.put_object(
        Bucket="policies",
        Key="gates/quorum.yaml",
        Body=b"policy: quorum\napprovals_required: {High: 2}\n",
    )
    tag_group(people, "quorum")
    arn = register(risk="High")
    officer_desk.approve(arn, reason="One officer only", card_status="Approved")
    # WHEN the daily schedule runs
    rt = runtime(
        policy="s3://policies/gates/", ledger=ledger_setup.url, signing_key=ledger_setup.key
    )
    result = handle({"source": "aws.events", "detail-type": "Scheduled Event"}, rt)
    # THEN the group's own quorum is checked
    assert result["action"] == "audit"
    assert [(f["arn"], f["kind"]) for f in result["findings"]] == [(arn, "quorum_missing")]


def test_due_counts_only_approvals_whose_signatures_verify(
    people: People,
    register: Callable[..., str],
    officer_desk: ApprovalDesk,
    ledger_setup: LedgerSetup,
) -> None:
    # GIVEN a High-risk approval (review every 90 days), due in 91 days
    high, sagemaker, ledger = _due_in_91_days(people, register, officer_desk, ledger_setup, POLICY)
    later = datetime.now(timezone.utc) + timedelta(days=91)
    # WHEN someone who may write to the bucket, but not sign with the ledger's key, appends
    # a fresh "approval" in an officer's name, signed with a key of their own
    _plant(people, ledger_setup, high, time=later.isoformat().replace("+00:00", "Z"))
    # THEN the version is still due, as approved without a signed approval: the forged
    # entry neither moves the date nor names its approver
    (item,) = scan_due(sagemaker, ledger, POLICY, as_of=later)
    assert (item.arn, item.status, item.approved_by) == (high, "unsigned", None)


@pytest.mark.parametrize(
    ("planted_days", "audited_days"),
    # far in the future (the audit must not fail on it), or long enough ago that the
    # approval would have expired if its date were read
    [(None, 120), (-200, 0)],
    ids=["dated-9999-12-31", "dated-200-days-ago"],
)
def test_an_entry_planted_with_any_time_is_found_and_moves_no_date(
    people: People,
    register: Callable[..., str],
    *,
    officer_desk: ApprovalDesk,
    ledger_setup: LedgerSetup,
    planted_days: int | None,
    audited_days: int,
) -> None:
    # GIVEN a High-risk approval (review every 90 days), and someone who may write to the
    # bucket but not sign with the ledger's key, who appends an "approval" dated 9999-12-31
    # or 200 days ago
    high = register(risk="High")
    officer_desk.approve(high, reason="Reviewed", card_status="Approved")
    now = datetime.now(timezone.utc)
    if planted_days is None:
        time = "9999-12-31T00:00:00Z"
    else:
        time = (now + timedelta(days=planted_days)).isoformat().replace("+00:00", "Z")
    _plant(people, ledger_setup, high, time=time)
    # WHEN the account is audited with a cadence policy (as the daily schedule does)
    report = scan(
        people.officer.session.client("sagemaker"),
        ledger=_ledger(people, ledger_setup),
        policy=POLICY,
        now=now + timedelta(days=audited_days),
    )
    # THEN the audit completes and names the planted entry; expiry is not read from it
    assert {(f.arn, f.kind) for f in report.findings} == {(high, "unverified_approval")}
    (finding,) = report.findings
    assert "signature invalid at 2" in finding.message


def test_due_does_not_take_a_risk_rating_lowered_after_the_approval(
    people: People,
    register: Callable[..., str],
    officer_desk: ApprovalDesk,
    ledger_setup: LedgerSetup,
) -> None:
    # GIVEN a High-risk approval under a policy that re-certifies High-risk models every 90
    # days and sets no interval for the other ratings
    high_only = load_policy("policy: high-only\nreview_every: {High: 90d}\n")
    high, sagemaker, ledger = _due_in_91_days(
        people, register, officer_desk, ledger_setup, high_only
    )
    # WHEN the registrant lowers the card's risk rating after the approval
    content = sagemaker.describe_model_package(ModelPackageName=high)["ModelCard"][
        "ModelCardContent"
    ]
    assert '"risk_rating":"High"' in content
    people.registrant.session.client("sagemaker").update_model_package(
        ModelPackageArn=high,
        ModelCard={"ModelCardContent": content.replace('"High"', '"Low"')},
    )
    # THEN the version is due now: the approval no longer verifies (the card drifted), so no
    # rating read from today's card puts its re-certification off
    items = scan_due(sagemaker, ledger, high_only, as_of=datetime.now(timezone.utc))
    assert [(i.arn, i.status, i.risk_rating) for i in items] == [(high, "unsigned", "Low")]
    assert items[0].to_json()["review_every"] is None
