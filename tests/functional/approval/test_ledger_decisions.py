"""Decisions recorded in the ledger: order, calls, idempotence, incomplete decisions."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from sm_governance import ApprovalRefusedError, ApprovalStatus, ValidationError
from sm_governance.approval import ApprovalDesk
from sm_governance.ledger import entry_hash, verify_entries
from sm_governance.registry import ModelRegistry
from sm_governance.testing import People

from .conftest import POLICY, Calls, LedgerSetup, card, ledger_folder, ledger_keys, plant


def _entries(setup: LedgerSetup, arn: str) -> list[dict[str, Any]]:
    listed = setup.s3.list_objects_v2(Bucket=setup.bucket, Prefix=ledger_folder(arn))
    keys = sorted(
        (o["Key"] for o in listed.get("Contents", [])), key=lambda k: int(k.rsplit("/", 1)[1][:-5])
    )
    return [
        json.loads(setup.s3.get_object(Bucket=setup.bucket, Key=k)["Body"].read()) for k in keys
    ]


def test_an_approval_is_a_signed_entry_written_before_the_status(
    recorded: ApprovalDesk,
    arn: str,
    ledger_setup: LedgerSetup,
    officer_calls: Calls,
    describe: Callable[[str], dict[str, Any]],
) -> None:
    # WHEN the officer approves with the ledger configured
    officer_calls.clear()
    decision = recorded.approve(arn, reason="Meets retail-credit", policy=POLICY)
    # THEN the calls are: identity, read, ledger read, lock check (first time), sign, put,
    # status write, verification read
    assert officer_calls.names == [
        "GetCallerIdentity",
        "DescribeModelPackage",
        "ListObjectVersions",
        "GetObjectLockConfiguration",
        "GetBucketVersioning",
        "Sign",
        "PutObject",
        "UpdateModelPackage",
        "DescribeModelPackage",
    ]
    # AND the entry carries the whole decision, signed and bound to the subject
    (entry,) = _entries(ledger_setup, arn)
    assert entry["seq"] == 1
    assert entry["prev"] is None
    assert entry["kind"] == "decision"
    assert entry["decision"] == "Approved"
    assert entry["reason"] == "Meets retail-credit"
    assert entry["subject_digest"] == decision.subject_digest
    assert str(decision.subject_digest).startswith("sha256:v1:")
    assert entry["policy"]["name"] == "retail-credit"
    assert entry["gate"] == "passed"
    assert entry["signature"]["algorithm"] == "ECDSA_SHA_256"
    public = ledger_setup.kms.get_public_key(KeyId=ledger_setup.key)["PublicKey"]
    assert verify_entries([entry], public, arn=arn) == []
    assert decision.verified
    assert decision.ledger_entry == f"s3://{ledger_setup.bucket}/{ledger_folder(arn)}1.json"
    # AND the version keeps only a pointer to the ledger
    meta = describe(arn)["CustomerMetadataProperties"]
    assert meta["governance:ledger"] == f"s3://{ledger_setup.bucket}/{ledger_folder(arn)}"
    assert not any(k.startswith("governance:log:") for k in meta)


def test_a_second_decision_in_the_same_process_skips_the_lock_check(
    recorded: ApprovalDesk, register: Callable[..., str], officer_calls: Calls
) -> None:
    recorded.approve(register(), reason="first")
    second = register()
    officer_calls.clear()
    recorded.reject(second, reason="second")
    assert officer_calls.names == [
        "DescribeModelPackage",
        "ListObjectVersions",
        "Sign",
        "PutObject",
        "UpdateModelPackage",
        "DescribeModelPackage",
    ]


def test_decisions_chain_per_version(
    recorded: ApprovalDesk, arn: str, ledger_setup: LedgerSetup, officer_calls: Calls
) -> None:
    recorded.approve(arn, reason="ok")
    officer_calls.clear()
    recorded.reject(arn, reason="found a problem", expected_status=ApprovalStatus.APPROVED)
    # THEN the entry the new one chains onto is verified first: one GetPublicKey per desk
    assert officer_calls.names == [
        "DescribeModelPackage",
        "ListObjectVersions",
        "GetObject",
        "GetPublicKey",
        "Sign",
        "PutObject",
        "UpdateModelPackage",
        "DescribeModelPackage",
    ]
    officer_calls.clear()
    recorded.approve(arn, reason="fixed", expected_status=ApprovalStatus.REJECTED)
    # AND a later decision reads only the latest entries, not the whole chain, and asks the
    # key no more
    assert officer_calls.names == [
        "DescribeModelPackage",
        "ListObjectVersions",
        "GetObject",
        "GetObject",
        "Sign",
        "PutObject",
        "UpdateModelPackage",
        "DescribeModelPackage",
    ]
    entries = _entries(ledger_setup, arn)
    assert [e["decision"] for e in entries] == ["Approved", "Rejected", "Approved"]
    assert entries[1]["prev"] == entry_hash(entries[0])
    assert entries[2]["prev"] == entry_hash(entries[1])
    assert recorded.verify(arn).verified
    # AND past the first two entries, the latest ones read are checked from where they start
    recorded.reject(arn, reason="withdrawn", expected_status=ApprovalStatus.APPROVED)
    assert [e["seq"] for e in _entries(ledger_setup, arn)] == [1, 2, 3, 4]


def test_running_the_same_command_again_is_recognised(
    recorded: ApprovalDesk, arn: str, ledger_setup: LedgerSetup, officer_calls: Calls
) -> None:
    first = recorded.approve(arn, reason="ok")
    officer_calls.clear()
    again = recorded.approve(arn, reason="ok")
    assert again.replayed
    assert again.decision_id == first.decision_id
    assert "PutObject" not in officer_calls.names
    assert "UpdateModelPackage" not in officer_calls.names
    assert len(_entries(ledger_setup, arn)) == 1


class FailingUpdate:
    """A SageMaker client whose ``UpdateModelPackage`` never arrives (a crash, a lost link)."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def update_model_package(self, **_: Any) -> Any:
        raise ConnectionError("connection dropped before SageMaker got the write")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def _officer_desk(
    people: People,
    ledger_setup: LedgerSetup,
    wrap: Callable[[Any], Any] = lambda client: client,
    s3: Any = None,
    *,
    session: Any = None,
    kms: Any = None,
) -> ApprovalDesk:
    """The officer's desk with the ledger, its SageMaker client wrapped by ``wrap`` (and its
    S3 client ``s3``, KMS client ``kms``, session ``session``, when given)."""
    session = session or people.officer.session
    return ApprovalDesk(
        client=wrap(session.client("sagemaker")),
        sts_client=session.client("sts"),
        s3_client=s3 or ledger_setup.s3,
        kms_client=kms or ledger_setup.kms,
        ledger=ledger_setup.url,
        signing_key=ledger_setup.key,
    )


def test_an_incomplete_decision_blocks_others_and_is_completed_by_running_it_again(
    people: People,
    arn: str,
    ledger_setup: LedgerSetup,
    describe: Callable[[str], dict[str, Any]],
    recorded: ApprovalDesk,
) -> None:
    # GIVEN the officer's entry landed but the status write did not
    broken = _officer_desk(people, ledger_setup, FailingUpdate)
    with pytest.raises(ConnectionError):
        broken.approve(arn, reason="Meets retail-credit")
    assert describe(arn)["ModelApprovalStatus"] == "PendingManualApproval"
    # THEN verify and history call it incomplete
    result = recorded.verify(arn)
    assert not result.verified
    assert any(p.startswith("incomplete: decision") for p in result.problems)
    # AND another officer is refused with that explanation
    other = people.registrant  # anyone else: the registrant rejecting their own version
    desk = ApprovalDesk(
        session=other.session, ledger=ledger_setup.url, signing_key=ledger_setup.key
    )
    with pytest.raises(ApprovalRefusedError, match="recorded but incomplete"):
        desk.reject(arn, reason="withdrawn")
    # WHEN the officer runs the same command again
    done = recorded.approve(arn, reason="Meets retail-credit")
    # THEN the recorded decision is completed, with no second entry
    assert not done.replayed
    assert describe(arn)["ModelApprovalStatus"] == "Approved"
    assert len(_entries(ledger_setup, arn)) == 1
    assert recorded.verify(arn).verified


def test_completing_a_recorded_decision_checks_its_signature_first(
    people: People,
    arn: str,
    ledger_setup: LedgerSetup,
    recorded: ApprovalDesk,
    officer_calls: Calls,
) -> None:
    # GIVEN the officer's entry landed but the status write did not
    broken = _officer_desk(people, ledger_setup, FailingUpdate)
    with pytest.raises(ConnectionError):
        broken.approve(arn, reason="Meets retail-credit")
    # WHEN the officer runs the same command again
    officer_calls.clear()
    recorded.approve(arn, reason="Meets retail-credit")
    # THEN the entry's signature is checked (one GetPublicKey) before the status is written
    assert officer_calls.names == [
        "GetCallerIdentity",
        "DescribeModelPackage",
        "ListObjectVersions",
        "GetObject",
        "GetPublicKey",
        "UpdateModelPackage",
        "DescribeModelPackage",
    ]
    assert recorded.verify(arn).verified


def test_a_planted_entry_with_the_officers_decision_id_is_not_completed(
    people: People,
    arn: str,
    ledger_setup: LedgerSetup,
    describe: Callable[[str], dict[str, Any]],
    recorded: ApprovalDesk,
) -> None:
    # GIVEN someone who may write to the ledger bucket but not sign plants an approval with
    # the ID the officer's command will derive (version, decision, caller, status, reason)
    # and the version's subject digest, as if the officer's status write had been lost
    from sm_governance.approval._unrecorded import NAMESPACE

    officer = recorded.identity().arn
    parts = (arn, "Approved", officer, "PendingManualApproval", "Meets retail-credit")
    decision_id = str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))
    digest = ModelRegistry(session=people.officer.session).get(arn).subject_digest
    plant(
        ledger_setup,
        arn,
        decision_id=decision_id,
        subject_digest=digest,
        decider={"arn": officer, "principal_id": None, "source_identity": None},
        reason="Meets retail-credit",
    )
    # WHEN the officer runs that command
    with pytest.raises(
        ApprovalRefusedError,
        match=r"ledger entry 1 of .* does not verify \(signature invalid at 1\); nothing was "
        r"written: run `smgov verify ",
    ):
        recorded.approve(arn, reason="Meets retail-credit")
    # THEN the status is not written from the entry nobody signed, and no entry is added
    assert describe(arn)["ModelApprovalStatus"] == "PendingManualApproval"
    assert ledger_keys(ledger_setup, arn) == [f"{ledger_folder(arn)}1.json"]


@pytest.mark.parametrize("decision", ["Approved", "Rejected"])
def test_a_planted_decision_is_named_as_unverified_not_as_an_incomplete_one(
    arn: str,
    ledger_setup: LedgerSetup,
    describe: Callable[[str], dict[str, Any]],
    recorded: ApprovalDesk,
    decision: str,
) -> None:
    # GIVEN someone who may write to the ledger bucket but not sign plants a decision the
    # version's status does not show (as a decision recorded but never written would be)
    plant(ledger_setup, arn, decision=decision)
    # WHEN an officer decides
    # THEN the officer is told the entry does not verify and to run verify, not that another
    # officer's decision waits to be completed; nothing is written
    with pytest.raises(
        ApprovalRefusedError,
        match=r"ledger entry 1 of .* does not verify .*nothing was written: run `smgov verify ",
    ):
        recorded.approve(arn, reason="Meets retail-credit")
    assert describe(arn)["ModelApprovalStatus"] == "PendingManualApproval"
    assert ledger_keys(ledger_setup, arn) == [f"{ledger_folder(arn)}1.json"]


def test_an_unlocked_bucket_is_refused_before_anything_is_written(
    people: People, arn: str, ledger_setup: LedgerSetup, describe: Callable[[str], dict[str, Any]]
) -> None:
    ledger_setup.s3.create_bucket(Bucket="smgov-unlocked-ledger")
    desk = ApprovalDesk(
        session=people.officer.session,
        ledger="s3://smgov-unlocked-ledger/d",
        signing_key=ledger_setup.key,
    )
    with pytest.raises(ApprovalRefusedError, match="does not have Object Lock enabled"):
        desk.approve(arn, reason="ok")
    assert describe(arn)["ModelApprovalStatus"] == "PendingManualApproval"
    assert "Contents" not in ledger_setup.s3.list_objects_v2(Bucket="smgov-unlocked-ledger")


def test_a_ledger_without_a_signing_key_refuses_decisions(
    people: People, arn: str, ledger_setup: LedgerSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMGOV_SIGNING_KEY", raising=False)
    desk = ApprovalDesk(session=people.officer.session, ledger=ledger_setup.url)
    with pytest.raises(ApprovalRefusedError, match="signing key"):
        desk.approve(arn, reason="ok")


def test_the_ledger_and_key_come_from_the_environment(
    people: People, arn: str, ledger_setup: LedgerSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMGOV_LEDGER", ledger_setup.url)
    monkeypatch.setenv("SMGOV_SIGNING_KEY", ledger_setup.key)
    desk = ApprovalDesk(session=people.officer.session)
    assert desk.approve(arn, reason="ok").verified
    assert desk.verify(arn).verified


@pytest.mark.parametrize("url", ["ledger-bucket/prefix", "s3://Bad_Bucket/x", "s3://ab"])
def test_a_bad_ledger_url_is_a_usage_error_before_any_call(url: str) -> None:
    with pytest.raises(ValidationError, match="ledger"):
        ApprovalDesk(ledger=url)


def test_without_a_ledger_the_decision_says_it_is_unverified(
    officer: ApprovalDesk, arn: str, describe: Callable[[str], dict[str, Any]]
) -> None:
    decision = officer.approve(arn, reason="ok")
    assert not decision.verified
    assert decision.ledger_entry is None
    assert decision.to_dict()["verified"] is False
    # the subject digest is still recorded, in the metadata
    meta = describe(arn)["CustomerMetadataProperties"]
    assert meta["governance:subject_digest"] == decision.subject_digest
    trail = officer.history(arn)
    assert not any(event.verified for event in trail)
    assert any("nothing in this trail is verified" in line for line in trail.limits)


def test_history_without_a_key_shows_the_entries_unverified(
    people: People,
    arn: str,
    recorded: ApprovalDesk,
    ledger_setup: LedgerSetup,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorded.approve(arn, reason="ok")
    monkeypatch.delenv("SMGOV_SIGNING_KEY", raising=False)
    reader = ApprovalDesk(session=people.officer.session, ledger=ledger_setup.url)
    trail = reader.history(arn)
    decisions = [e for e in trail if e.kind == "decision"]
    assert len(decisions) == 1
    assert not decisions[0].verified
    assert any("signatures were not checked" in line for line in trail.limits)


class NoRegistrant:
    """A SageMaker answering without ``CreatedBy`` (a version registered by an unknown party)."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def describe_model_package(self, **kwargs: Any) -> Any:
        answer = dict(self._client.describe_model_package(**kwargs))
        answer.pop("CreatedBy", None)
        return answer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def test_an_unknown_registrant_is_refused_unless_allowed_and_then_recorded(
    people: People, arn: str, ledger_setup: LedgerSetup
) -> None:
    desk = _officer_desk(people, ledger_setup, NoRegistrant)
    with pytest.raises(ApprovalRefusedError, match="does not record who registered it"):
        desk.approve(arn, reason="ok")
    assert desk.approve(arn, reason="ok", allow_unknown_registrant=True).verified
    (entry,) = _entries(ledger_setup, arn)
    assert entry["allow_unknown_registrant"] is True
    assert entry["registrant"] is None
    assert desk.verify(arn).verified


def test_a_reused_decision_id_for_another_decision_is_not_a_replay(
    recorded: ApprovalDesk, arn: str, ledger_setup: LedgerSetup
) -> None:
    recorded.approve(arn, reason="ok", decision_id="ticket-1")
    # a rejection under the same ID is a new decision, checked as such (status is Approved now)
    with pytest.raises(ApprovalRefusedError, match="is Approved"):
        recorded.reject(arn, reason="no", decision_id="ticket-1")
    again = recorded.reject(
        arn, reason="no", decision_id="ticket-1", expected_status=ApprovalStatus.APPROVED
    )
    assert again.decision is ApprovalStatus.REJECTED
    assert not again.replayed
    assert len(_entries(ledger_setup, arn)) == 2


def test_a_reason_longer_than_the_description_holds_is_recorded_whole_and_completed(
    recorded: ApprovalDesk, arn: str
) -> None:
    # GIVEN a reason within the reason limit but longer than ApprovalDescription holds
    reason = "Reviewed the fairness analysis in full. " * 50
    # WHEN the officer approves with the ledger
    decision = recorded.approve(arn, reason=reason)
    # THEN the status is written, the ledger keeps the whole reason, and the description
    # is cut saying where the whole reason is
    assert recorded.read(arn).approval_status == "Approved"
    ledger = recorded.ledger
    assert ledger is not None
    (entry,) = ledger.read(arn).entries
    assert entry["reason"] == reason.strip()
    assert decision.description.endswith("whole reason in the decision ledger]")
    assert len(decision.description) <= 1024
    # AND it verifies, and the trail takes the description for the ledger's own
    assert recorded.verify(arn).problems == ()
    assert [e for e in recorded.history(arn) if e.kind == "claim"] == []


class LostPutAnswer:
    """An S3 client whose first ``PutObject`` reaches S3 but loses its answer: botocore sends
    the same request again (a dropped connection is retried), which S3 refuses with
    ``PreconditionFailed``, because the entry it would create now exists: the first one. With
    ``retried=False`` the answer is an error instead, still after botocore's retries (a 500
    every time): nobody can tell whether the entry was recorded."""

    def __init__(self, client: Any, *, retried: bool = True) -> None:
        self._client = client
        self._retried = retried
        self.lost = 0

    def put_object(self, **request: Any) -> Any:
        from botocore.exceptions import ClientError

        if not self.lost:
            self.lost += 1
            self._client.put_object(**request)
            if not self._retried:
                raise ClientError(
                    {"Error": {"Code": "InternalError", "Message": "We encountered an error"}},
                    "PutObject",
                )
        return self._client.put_object(**request)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def test_a_lost_answer_to_the_entry_put_is_not_taken_for_another_officers_entry(
    people: People,
    arn: str,
    ledger_setup: LedgerSetup,
    describe: Callable[[str], dict[str, Any]],
    recorded: ApprovalDesk,
) -> None:
    # GIVEN the officer's entry reaches S3, but the answer is lost and the retry is refused
    s3 = LostPutAnswer(ledger_setup.s3)
    desk = _officer_desk(people, ledger_setup, s3=s3)
    # WHEN the officer approves
    decision = desk.approve(arn, reason="Meets retail-credit")
    # THEN the entry is recognised as the officer's own: the decision is completed, once
    assert s3.lost == 1
    assert not decision.replayed
    assert describe(arn)["ModelApprovalStatus"] == "Approved"
    (entry,) = _entries(ledger_setup, arn)
    assert entry["decision_id"] == decision.decision_id
    assert recorded.verify(arn).verified


def test_an_entry_put_refused_for_another_officers_entry_is_a_conflict(
    people: People, arn: str, ledger_setup: LedgerSetup, officer_calls: Calls
) -> None:
    # GIVEN another officer's entry 1 lands between this officer's ledger read and put
    from sm_governance.approval import DecisionConflictError

    desk = _officer_desk(people, ledger_setup)
    ledger = desk.ledger
    assert ledger is not None
    create = ledger.store.create

    def racing(folder: str, entry: Mapping[str, Any]) -> bool:
        create(folder, {**entry, "decision_id": "the-other-officers"})
        return create(folder, entry)

    ledger.store.create = racing  # type: ignore[method-assign]
    # THEN this officer is told the truth: not recorded, status untouched
    with pytest.raises(DecisionConflictError, match="yours was not recorded"):
        desk.approve(arn, reason="Meets retail-credit")
    (entry,) = _entries(ledger_setup, arn)
    assert entry["decision_id"] == "the-other-officers"


class RegistrantWritesToo:
    """A SageMaker client around whose ``UpdateModelPackage`` the registrant writes the version
    too (``change``: ``UpdateModelPackage`` arguments): just before the officer's status
    write (``first``), or just after it, before the officer's verification read."""

    def __init__(
        self, client: Any, registrant: Any, change: dict[str, Any], *, first: bool
    ) -> None:
        self._client = client
        self._registrant = registrant
        self._change = change
        self._first = first

    def update_model_package(self, **request: Any) -> Any:
        theirs = {"ModelPackageArn": request["ModelPackageArn"], **self._change}
        if self._first:
            self._registrant.update_model_package(**theirs)
        answer = self._client.update_model_package(**request)
        if not self._first:
            self._registrant.update_model_package(**theirs)
        return answer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def test_running_again_a_decision_an_anomaly_set_aside_is_not_called_in_place(
    people: People, arn: str, ledger_setup: LedgerSetup, recorded: ApprovalDesk
) -> None:
    # GIVEN the officer's approval failed its verification read: the registrant wrote the
    # version in between, so SageMaker's LastModifiedBy is not the officer (an anomaly)
    registrant = people.registrant.session.client("sagemaker")
    own_key = {"CustomerMetadataProperties": {"team": "credit"}}
    raced = _officer_desk(
        people,
        ledger_setup,
        lambda client: RegistrantWritesToo(client, registrant, own_key, first=False),
    )
    with pytest.raises(ApprovalRefusedError, match="identity-mismatch"):
        raced.approve(arn, reason="Meets retail-credit")
    assert not recorded.verify(arn).verified
    # WHEN the officer runs the same command again
    # THEN they are not told that the approval is in place: verify fails for it
    with pytest.raises(ApprovalRefusedError, match="anomaly") as refused:
        recorded.approve(arn, reason="Meets retail-credit")
    assert "smgov verify" in str(refused.value)
    assert len(_entries(ledger_setup, arn)) == 2


def test_running_again_a_decision_the_version_drifted_from_is_not_called_in_place(
    people: People, arn: str, ledger_setup: LedgerSetup, recorded: ApprovalDesk
) -> None:
    # GIVEN an approval in place, then the registrant changes the card
    recorded.approve(arn, reason="Meets retail-credit")
    people.registrant.session.client("sagemaker").update_model_package(
        ModelPackageArn=arn,
        ModelCard={"ModelCardContent": card(fairness=0.41).to_content_json()},
    )
    # WHEN the officer runs the same command again
    # THEN they are told the approval no longer holds, not that it is in place, and how to
    # make a new one (the same reason names the same, recorded, decision)
    with pytest.raises(ApprovalRefusedError, match="changed since") as refused:
        recorded.approve(arn, reason="Meets retail-credit")
    assert "another reason or decision ID" in str(refused.value)


def test_an_approval_whose_version_changed_while_it_was_written_is_not_called_done(
    people: People, arn: str, ledger_setup: LedgerSetup, recorded: ApprovalDesk
) -> None:
    # GIVEN the registrant lowers the fairness score in the card between the officer's
    # signed entry and the status write (SageMaker's LastModifiedBy is still the officer)
    registrant = people.registrant.session.client("sagemaker")
    lowered = {"ModelCard": {"ModelCardContent": card(fairness=0.41).to_content_json()}}
    desk = _officer_desk(
        people,
        ledger_setup,
        lambda client: RegistrantWritesToo(client, registrant, lowered, first=True),
    )
    # WHEN the officer approves
    # THEN they are told that the approval does not hold, naming what changed
    with pytest.raises(ApprovalRefusedError, match="drift: the card changed") as refused:
        desk.approve(arn, reason="Meets retail-credit")
    assert "smgov verify" in str(refused.value)
    # AND indeed verify fails for it
    assert not recorded.verify(arn).verified


def test_an_officer_whose_session_name_changed_is_told_how_to_complete_their_decision(
    people: People, arn: str, ledger_setup: LedgerSetup, describe: Callable[[str], dict[str, Any]]
) -> None:
    import boto3

    from sm_governance.testing import assume_role

    # GIVEN an officer on a role profile: botocore names each process's role session anew
    first = assume_role(
        "GovernanceOfficer", session_name="botocore-session-1", session=people.officer.session
    )
    role_arn = f"arn:aws:iam::{first.arn.split(':')[4]}:role/GovernanceOfficer"
    creds = people.officer.session.client("sts").assume_role(
        RoleArn=role_arn, RoleSessionName="botocore-session-2"
    )["Credentials"]
    second = boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name=people.officer.session.region_name,
    )
    broken = _officer_desk(people, ledger_setup, FailingUpdate, session=first.session)
    # AND their approval was recorded, but its status write was lost
    with pytest.raises(ConnectionError):
        broken.approve(arn, reason="Meets retail-credit")
    (entry,) = _entries(ledger_setup, arn)
    # WHEN they run the same command in a new process (another session name)
    # THEN the refusal tells them how to complete it: with the decision's ID
    renamed = _officer_desk(people, ledger_setup, session=second)
    with pytest.raises(ApprovalRefusedError, match="recorded but incomplete") as refused:
        renamed.approve(arn, reason="Meets retail-credit")
    assert f"--decision-id {entry['decision_id']}" in str(refused.value)
    # AND that completes it (in another process again), with no second entry
    again = _officer_desk(people, ledger_setup, session=second)
    again.approve(arn, reason="Meets retail-credit", decision_id=entry["decision_id"])
    assert describe(arn)["ModelApprovalStatus"] == "Approved"
    assert len(_entries(ledger_setup, arn)) == 1


class Throttled:
    """A client whose ``operation`` is still throttled after botocore's retries."""

    def __init__(self, client: Any, operation: str, *, after: int = 0) -> None:
        self._client = client
        self._operation = operation
        self._after = after

    def __getattr__(self, name: str) -> Any:
        real = getattr(self._client, name)
        if name != self._operation:
            return real

        def throttled(**request: Any) -> Any:
            from botocore.exceptions import ClientError

            if self._after:
                self._after -= 1
                return real(**request)
            raise ClientError(
                {"Error": {"Code": "ThrottlingException", "Message": "Rate exceeded"}},
                "".join(p.title() for p in name.split("_")),
            )

        return throttled


@pytest.mark.parametrize(
    ("operation", "after", "told"),
    [
        ("update_model_package", 0, "is recorded in the ledger (entry 1) but not yet in effect"),
        ("describe_model_package", 1, "is recorded (ledger entry 1) and the status was written"),
    ],
)
def test_an_aws_error_after_the_entry_is_recorded_says_what_is_recorded(
    people: People,
    arn: str,
    ledger_setup: LedgerSetup,
    *,
    operation: str,
    after: int,
    told: str,
    recorded: ApprovalDesk,
) -> None:
    from sm_governance.errors import ThrottledError

    # GIVEN SageMaker keeps throttling the status write (or the verification read after it)
    desk = _officer_desk(
        people, ledger_setup, lambda client: Throttled(client, operation, after=after)
    )
    # WHEN the officer approves
    with pytest.raises(ThrottledError) as failed:
        desk.approve(arn, reason="Meets retail-credit")
    # THEN the error says what is already recorded and how to finish: the same command again
    message = str(failed.value)
    assert message.startswith(("UpdateModelPackage failed", "DescribeModelPackage failed"))
    assert told in message
    assert "run the same command again" in message
    # AND running it again does finish it
    recorded.approve(arn, reason="Meets retail-credit")
    assert recorded.verify(arn).verified


def test_an_aws_error_on_the_entry_put_says_to_run_the_command_again(
    people: People,
    arn: str,
    ledger_setup: LedgerSetup,
    describe: Callable[[str], dict[str, Any]],
    recorded: ApprovalDesk,
) -> None:
    from sm_governance.errors import AwsError

    # GIVEN the officer's entry reaches S3 but S3 answers with an error (after the retries)
    s3 = LostPutAnswer(ledger_setup.s3, retried=False)
    desk = _officer_desk(people, ledger_setup, s3=s3)
    # WHEN the officer approves
    with pytest.raises(AwsError) as failed:
        desk.approve(arn, reason="Meets retail-credit")
    # THEN the error says the decision may be recorded, and what to do: the same command again
    message = str(failed.value)
    assert message.startswith("PutObject failed")
    assert "run the same command again" in message
    assert describe(arn)["ModelApprovalStatus"] == "PendingManualApproval"
    # AND that completes the decision recorded, with no second entry
    recorded.approve(arn, reason="Meets retail-credit")
    assert describe(arn)["ModelApprovalStatus"] == "Approved"
    assert len(_entries(ledger_setup, arn)) == 1
    assert recorded.verify(arn).verified


def test_an_aws_error_on_signing_does_not_say_the_decision_may_be_recorded(
    people: People, arn: str, ledger_setup: LedgerSetup, describe: Callable[[str], dict[str, Any]]
) -> None:
    from sm_governance.errors import ThrottledError

    # GIVEN KMS keeps throttling the signature (after botocore's retries)
    desk = _officer_desk(people, ledger_setup, kms=Throttled(ledger_setup.kms, "sign"))
    # WHEN the officer approves
    with pytest.raises(ThrottledError) as failed:
        desk.approve(arn, reason="Meets retail-credit")
    # THEN the error is the signature's alone: nothing was put, so nothing may be recorded
    assert "run the same command again" not in str(failed.value)
    assert _entries(ledger_setup, arn) == []
    assert describe(arn)["ModelApprovalStatus"] == "PendingManualApproval"
