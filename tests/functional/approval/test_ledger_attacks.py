"""A hostile registrant against the ledger: every attack refused or detected."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from sm_governance import ApprovalRefusedError
from sm_governance.approval import ApprovalDesk
from sm_governance.registry import ModelRegistry
from sm_governance.testing import People, assume_role

from .conftest import GROUP, IMAGE, POLICY, PROJECT, Calls, LedgerSetup, card, ledger_folder


@pytest.fixture
def approved(recorded: ApprovalDesk, arn: str) -> str:
    recorded.approve(arn, reason="Meets retail-credit", policy=POLICY)
    return arn


def _sagemaker(people: People) -> Any:
    return people.registrant.session.client("sagemaker")


def test_an_approved_untouched_version_verifies_in_four_calls(
    auditor: ApprovalDesk, approved: str, people: People
) -> None:
    calls = Calls()
    people.officer.session.events.register("before-call.*.*", calls.record)
    result = auditor.verify(approved)
    assert result.verified, result.problems
    assert calls.names == [
        "DescribeModelPackage",
        "ListObjectVersions",
        "GetObject",
        "GetPublicKey",
    ]
    assert result.to_dict()["decision"]["decision"] == "Approved"


def test_a_card_changed_after_approval_is_drift(
    auditor: ApprovalDesk, approved: str, people: People
) -> None:
    # GIVEN the registrant lowers the fairness score in the card after the approval
    tampered = card(fairness=0.41).to_content_json()
    _sagemaker(people).update_model_package(
        ModelPackageArn=approved, ModelCard={"ModelCardContent": tampered}
    )
    # THEN verify fails and names what changed
    result = auditor.verify(approved)
    assert not result.verified
    assert any(
        p.startswith("drift: the card changed since the decision of") for p in result.problems
    )


def test_artifacts_changed_after_approval_are_drift(
    auditor: ApprovalDesk, approved: str, people: People
) -> None:
    _sagemaker(people).update_model_package(
        ModelPackageArn=approved,
        InferenceSpecification={
            "Containers": [
                {"Image": IMAGE.replace("1.7-1", "6.6-6"), "ModelDataUrl": "s3://evil/model.tar.gz"}
            ],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
    )
    problems = auditor.verify(approved).problems
    assert any(p.startswith("drift: the inference specification") for p in problems)


def test_the_datazone_project_changed_in_metadata_is_drift(
    auditor: ApprovalDesk, approved: str, people: People
) -> None:
    _sagemaker(people).update_model_package(
        ModelPackageArn=approved, CustomerMetadataProperties={"datazone_project_id": "otherprj"}
    )
    problems = auditor.verify(approved).problems
    assert any(p.startswith("drift: the group, version or DataZone IDs") for p in problems)


def test_forged_metadata_and_description_are_unverified_claims(
    auditor: ApprovalDesk, approved: str, people: People
) -> None:
    # GIVEN the registrant writes a fake decision log line and rewrites the description
    forged = (
        "Approved id=00000000-0000-0000-0000-000000000000 "
        "by=arn:aws:iam::123456789012:user/ceo gate=passed"
    )
    _sagemaker(people).update_model_package(
        ModelPackageArn=approved,
        ApprovalDescription="Approved by the CEO personally",
        CustomerMetadataProperties={
            "governance:log:2026-01-01T00:00:00.000Z:00000000": forged,
            "governance:decision": "Approved",
        },
    )
    trail = auditor.history(approved)
    claims = [e for e in trail if e.kind == "claim"]
    # THEN history shows them, marked unverified, and the signed decision as verified
    assert len(claims) == 2
    assert not any(c.verified for c in claims)
    decisions = [e for e in trail if e.kind == "decision"]
    assert len(decisions) == 1
    assert decisions[0].verified
    assert (
        trail.to_dict()["events"][0]["verified"] is False
    )  # registration: a SageMaker fact, not a signed one
    # AND verify is unaffected (none of this is what a deployment uses)
    assert auditor.verify(approved).verified


def test_an_entry_signed_with_another_key_is_not_verified(
    auditor: ApprovalDesk, approved: str, ledger_setup: LedgerSetup, people: People
) -> None:
    # GIVEN someone with their own KMS key appends a "decision" to the ledger
    from sm_governance.ledger import KmsSigner, Ledger

    other = ledger_setup.kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")
    forger = Ledger(
        ledger_setup.url,
        s3_client=ledger_setup.s3,
        signer=KmsSigner(ledger_setup.kms, other["KeyMetadata"]["KeyId"]),
    )
    record = forger.read(approved)
    body = {**record.entries[0], "decision": "Approved", "reason": "forged", "kind": "decision"}
    body.pop("signature")
    assert forger.append(record, body) is not None
    # THEN verify names the bad signature and history does not believe it
    result = auditor.verify(approved)
    assert "signature invalid at 2" in result.problems
    events = [e for e in auditor.history(approved) if e.kind == "decision"]
    assert [e.verified for e in events] == [True, False]
    assert events[1].summary.startswith("NOT VERIFIED")


def test_an_overwritten_or_deleted_entry_is_named(
    auditor: ApprovalDesk, approved: str, ledger_setup: LedgerSetup
) -> None:
    key = f"{ledger_folder(approved)}1.json"
    original = ledger_setup.s3.get_object(Bucket=ledger_setup.bucket, Key=key)["Body"].read()
    entry = json.loads(original)
    entry["reason"] = "rewritten"
    ledger_setup.s3.put_object(Bucket=ledger_setup.bucket, Key=key, Body=json.dumps(entry).encode())
    result = auditor.verify(approved)
    assert "entry 1 was overwritten (2 object versions)" in result.problems
    # the original (the first object version) is what is checked, so the signature holds
    assert "signature invalid at 1" not in result.problems
    # ... yet history does not show the entry as verified: its object was tampered with
    assert [e.verified for e in auditor.history(approved) if e.kind == "decision"] == [False]
    ledger_setup.s3.delete_object(Bucket=ledger_setup.bucket, Key=key)
    assert "entry 1 was deleted (a delete marker hides it)" in auditor.verify(approved).problems
    assert [e.verified for e in auditor.history(approved) if e.kind == "decision"] == [False]


class FakeSts:
    """An STS endpoint the registrant controls: it says whatever she wants."""

    def __init__(self, arn: str) -> None:
        self.arn = arn

    def get_caller_identity(self) -> dict[str, str]:
        return {"Arn": self.arn, "UserId": "AIDAFAKEFAKEFAKE", "Account": "123456789012"}


def _posing_as_officer(people: People, ledger_setup: LedgerSetup) -> ApprovalDesk:
    """The registrant's desk, its STS answering that she is the officer."""
    return ApprovalDesk(
        session=people.registrant.session,
        sts_client=FakeSts(people.officer.arn),
        ledger=ledger_setup.url,
        signing_key=ledger_setup.key,
    )


def test_sts_pointed_at_a_fake_is_refused_and_verify_fails(
    people: People, arn: str, ledger_setup: LedgerSetup, auditor: ApprovalDesk
) -> None:
    # GIVEN the registrant's STS answers that she is the officer
    desk = _posing_as_officer(people, ledger_setup)
    # WHEN she approves her own version
    with pytest.raises(ApprovalRefusedError, match="identity-mismatch") as refused:
        desk.approve(arn, reason="trust me")
    assert people.registrant.arn in str(refused.value)
    # THEN the anomaly is in the ledger and verify fails
    result = auditor.verify(arn)
    assert not result.verified
    assert any(p.startswith("anomaly at 2: identity-mismatch") for p in result.problems)
    assert any(e.kind == "anomaly" and e.verified for e in auditor.history(arn))


def test_the_same_person_under_two_sso_permission_sets_is_refused(
    people: People, ledger_setup: LedgerSetup, describe: Callable[[str], dict[str, Any]]
) -> None:
    # GIVEN alice registers as a builder and holds an officer permission set too
    builder = assume_role(
        "AWSReservedSSO_ModelBuilder_0a1b2c3d4e5f6a7b",
        session_name="alice@example.com",
        session=people.registrant.session,
    )
    officer = assume_role(
        "AWSReservedSSO_GovernanceOfficer_9f8e7d6c5b4a3f2e",
        session_name="alice@example.com",
        session=people.registrant.session,
    )
    registry = ModelRegistry(session=builder.session)
    registry.ensure_group(GROUP, datazone_project_id=PROJECT)
    arn = registry.register(GROUP, card(), image_uri=IMAGE, model_data_url="s3://m/a.tar.gz").arn
    desk = ApprovalDesk(
        session=officer.session, ledger=ledger_setup.url, signing_key=ledger_setup.key
    )
    # THEN her approval is refused as self-approval and nothing is written
    with pytest.raises(ApprovalRefusedError, match="self-approval refused"):
        desk.approve(arn, reason="looks fine to me")
    assert describe(arn)["ModelApprovalStatus"] == "PendingManualApproval"


def test_review_then_change_is_refused_with_the_reviewed_digest(
    recorded: ApprovalDesk,
    arn: str,
    people: People,
    ledger_setup: LedgerSetup,
    describe: Callable[[str], dict[str, Any]],
) -> None:
    # GIVEN the officer reviewed the version and noted its subject digest
    reviewed = ModelRegistry(session=people.officer.session).get(arn).subject_digest
    assert reviewed is not None
    # WHEN the registrant changes the card before the officer approves
    _sagemaker(people).update_model_package(
        ModelPackageArn=arn, ModelCard={"ModelCardContent": card(fairness=0.41).to_content_json()}
    )
    # THEN the approval with the reviewed digest is refused and nothing is written
    with pytest.raises(ApprovalRefusedError, match="changed since it was reviewed"):
        recorded.approve(arn, reason="reviewed", subject_digest=reviewed)
    assert describe(arn)["ModelApprovalStatus"] == "PendingManualApproval"
    assert "Contents" not in ledger_setup.s3.list_objects_v2(Bucket=ledger_setup.bucket)
    # AND with the current digest it goes through
    current = ModelRegistry(session=people.officer.session).get(arn).subject_digest
    assert recorded.approve(arn, reason="re-reviewed", subject_digest=current).verified


def test_verify_offline_with_the_public_key_file(
    people: People, approved: str, ledger_setup: LedgerSetup
) -> None:
    public = ledger_setup.kms.get_public_key(KeyId=ledger_setup.key)["PublicKey"]
    calls = Calls()
    people.officer.session.events.register("before-call.*.*", calls.record)
    desk = ApprovalDesk(session=people.officer.session, ledger=ledger_setup.url, public_key=public)
    assert desk.verify(approved).verified
    assert "GetPublicKey" not in calls.names
    assert len(calls.names) == 3


def test_history_reads_the_ledger_in_a_bounded_number_of_calls(
    auditor: ApprovalDesk, approved: str, people: People, recorded: ApprovalDesk
) -> None:
    recorded.reject(approved, reason="withdrawn", expected_status="Approved")
    calls = Calls()
    people.officer.session.events.register("before-call.*.*", calls.record)
    trail = auditor.history(approved)
    assert calls.names == [
        "DescribeModelPackage",
        "ListObjectVersions",
        "GetObject",
        "GetObject",
        "GetPublicKey",
    ]
    assert [e.details["decision"] for e in trail if e.kind == "decision"] == [
        "Approved",
        "Rejected",
    ]
    assert trail.to_dict()["ledger"] is not None


def test_a_ledger_too_long_to_read_whole_still_has_its_signatures_checked(
    auditor: ApprovalDesk,
    approved: str,
    ledger_setup: LedgerSetup,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN someone who may write to the bucket but not sign appends unsigned "approvals"
    # until the version's ledger is longer than history reads whole
    monkeypatch.setattr("sm_governance.ledger._store.MAX_ENTRIES", 2)
    key = ledger_folder(approved) + "{}.json"
    first = json.loads(
        ledger_setup.s3.get_object(Bucket=ledger_setup.bucket, Key=key.format(1))["Body"].read()
    )
    for seq in (2, 3):
        forged = {**first, "seq": seq, "reason": "forged", "decision_id": f"forged-{seq}"}
        ledger_setup.s3.put_object(
            Bucket=ledger_setup.bucket, Key=key.format(seq), Body=json.dumps(forged).encode()
        )
    # THEN history shows none of the forged entries as verified
    decisions = [e for e in auditor.history(approved) if e.kind == "decision"]
    assert [e.details["reason"] for e in decisions] == ["forged", "forged"]
    assert not any(e.verified for e in decisions)
    assert all(e.summary.startswith("NOT VERIFIED") for e in decisions)
    # AND verify fails
    assert not auditor.verify(approved).verified


def test_an_anomaly_is_recorded_even_when_another_entry_lands_first(
    people: People, arn: str, ledger_setup: LedgerSetup
) -> None:
    # GIVEN the registrant's STS says she is the officer, and another entry lands in the ledger
    # between her desk's read for the anomaly and its write
    desk = _posing_as_officer(people, ledger_setup)
    ledger = desk.ledger
    assert ledger is not None
    create = ledger.store.create
    raced: list[int] = []

    def racing_create(folder: str, entry: Mapping[str, Any]) -> bool:
        if entry.get("kind") == "anomaly" and not raced:
            raced.append(entry["seq"])
            create(folder, {**entry, "kind": "decision", "anomaly": None})
        return create(folder, entry)

    ledger.store.create = racing_create  # type: ignore[method-assign]
    # WHEN she approves her own version
    with pytest.raises(ApprovalRefusedError, match="recorded in the ledger as an anomaly"):
        desk.approve(arn, reason="trust me")
    # THEN the anomaly she is told about is in the ledger
    assert raced == [2]
    entries = ledger.read(arn).entries
    assert [e["kind"] for e in entries] == ["decision", "decision", "anomaly"]
    assert entries[2]["anomaly"] == "identity-mismatch"


def test_a_signed_entry_copied_from_another_versions_ledger_is_not_verified_there(
    auditor: ApprovalDesk,
    approved: str,
    register: Callable[..., str],
    ledger_setup: LedgerSetup,
) -> None:
    # GIVEN version 1 approved, and version 2 of the same group never decided
    second = register()
    # WHEN someone who may write to the bucket copies version 1's signed approval into
    # version 2's folder (its signature is valid, and as a first entry it links to nothing)
    source = ledger_folder(approved) + "1.json"
    body = ledger_setup.s3.get_object(Bucket=ledger_setup.bucket, Key=source)["Body"].read()
    ledger_setup.s3.put_object(
        Bucket=ledger_setup.bucket, Key=ledger_folder(second) + "1.json", Body=body
    )
    # THEN verify refuses it, and history does not show it as version 2's proven decision
    assert any("is about" in p for p in auditor.verify(second).problems)
    events = [e for e in auditor.history(second) if e.kind == "decision"]
    assert [e.verified for e in events] == [False]


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("2.json", b"not an entry"),  # a gap-free but unreadable next entry
        ("2.json", json.dumps({"seq": 2, "prev": "sha256:0"}).encode()),  # a broken link
        ("notes at 1 entry 1.txt", b"hello"),  # an object with another name in the prefix
    ],
)
def test_a_planted_object_does_not_unverify_the_signed_entries_before_it(
    auditor: ApprovalDesk, approved: str, ledger_setup: LedgerSetup, name: str, body: bytes
) -> None:
    # GIVEN someone who may write to the bucket but not sign puts an object in the folder
    ledger_setup.s3.put_object(
        Bucket=ledger_setup.bucket, Key=ledger_folder(approved) + name, Body=body
    )
    # THEN verify fails (the ledger is not as it was written) ...
    assert not auditor.verify(approved).verified
    # ... but history still shows the signed decision as verified, and nothing planted as such
    trail = auditor.history(approved)
    decisions = [e for e in trail if e.kind == "decision"]
    assert decisions[0].verified
    assert decisions[0].details["ledger_seq"] == 1
    assert not any(e.verified for e in decisions[1:])
    assert not any(e.kind == "claim" for e in trail)


def test_a_planted_entry_with_fields_of_the_wrong_type_is_reported_not_a_crash(
    auditor: ApprovalDesk, approved: str, ledger_setup: LedgerSetup
) -> None:
    # GIVEN an unsigned "rejection" whose decider is not an object and whose time not a string
    key = ledger_folder(approved) + "1.json"
    first = json.loads(
        ledger_setup.s3.get_object(Bucket=ledger_setup.bucket, Key=key)["Body"].read()
    )
    planted = {**first, "seq": 2, "decision": "Rejected", "decider": "the board", "time": 5}
    ledger_setup.s3.put_object(
        Bucket=ledger_setup.bucket,
        Key=ledger_folder(approved) + "2.json",
        Body=json.dumps(planted).encode(),
    )
    # THEN verify names the problems and history shows the entry as not verified
    result = auditor.verify(approved)
    assert "signature invalid at 2" in result.problems
    assert "the latest decision is Rejected by someone (entry 2)" in result.problems
    events = [e for e in auditor.history(approved) if e.kind == "decision"]
    assert [(e.verified, e.actor, e.at) for e in events][1] == (False, None, "5")
