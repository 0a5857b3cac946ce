"""Decisions recorded in the decision ledger (see :mod:`sm_governance.ledger`).

The order of one decision, and why:

1. read the version (``DescribeModelPackage``) and the version's ledger (``ListObjectVersions``
   and the latest entries): a decision with the same ID already in place is returned as it
   is; the same decision recorded but not yet in SageMaker is *completed* (steps 4-5 only);
   another officer's incomplete decision refuses. Entries relied on beyond their existence
   (completed or replayed, or a round's approvals counted or its quorum adopted) must first
   verify with the ledger's key (:func:`rely_on`), or nothing is written;
2. the checks: status as reviewed, subject digest as reviewed, separation of duties, gate;
3. sign entry ``n + 1`` (KMS ``Sign``) and create it with ``If-None-Match: *``: of two
   officers deciding at once exactly one creates it; the other is refused before the status
   is touched;
4. ``UpdateModelPackage``: the status, the description, a pointer to the ledger;
5. read the version again: SageMaker's ``LastModifiedBy`` must be the identity STS reported
   (otherwise an ``anomaly`` entry is recorded and the decision refused), and the status must
   be this decision.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sm_governance._types import ApprovalStatus, CardStatus, risk_rating_of
from sm_governance.approval._checks import Attempt, Request
from sm_governance.approval._description import describe_entry
from sm_governance.approval._guards import (
    DecisionConflictError,
    card_status_change,
    checks_before_writing,
)
from sm_governance.approval._identity import Principal, parse_principal, same_person
from sm_governance.approval._models import Decision, Snapshot
from sm_governance.errors import ApprovalRefusedError, AwsError, map_client_errors

if TYPE_CHECKING:
    from sm_governance.ledger import Ledger, LedgerRead
    from sm_governance.policy import Policy

__all__ = [
    "LEDGER_KEY",
    "anomalies_after",
    "decide_recorded",
    "latest_decision",
    "rely_on",
    "same_principal",
]

LEDGER_KEY = "governance:ledger"
_ANOMALY_TRIES = 5
_NAMESPACE = uuid.UUID("0b8f4a52-31c6-4f0e-9d7e-5a0c2f6d9e41")


def latest_decision(
    entries: tuple[dict[str, Any], ...] | list[dict[str, Any]],
) -> dict[str, Any] | None:
    """The last ``decision`` entry, if any."""
    for entry in reversed(entries):
        if entry.get("kind") == "decision":
            return dict(entry)
    return None


def same_principal(a: Principal, b: Principal) -> bool:
    """Whether two principals are the same caller (strict: sessions must both match)."""
    if a.arn == b.arn:
        return True
    return (a.partition, a.account, a.kind, a.name.casefold(), a.session) == (
        b.partition,
        b.account,
        b.kind,
        b.name.casefold(),
        b.session,
    ) and a.kind != "unknown"


def _incomplete(entry: Mapping[str, Any], status: str) -> str:
    decider = (entry.get("decider") or {}).get("arn", "someone")
    return (
        f"decision {entry.get('decision_id')} ({entry.get('decision')} by {decider} at "
        f"{entry.get('time')}, ledger entry {entry.get('seq')}) is recorded but incomplete: "
        f"SageMaker shows {status}. The officer who made it completes it by running the same "
        f"command again, with --decision-id {entry.get('decision_id')} when their role session "
        "name changed since (the ID is derived from it); until then no other decision is taken"
    )


def _who(principal: Principal | None) -> dict[str, Any] | None:
    if principal is None:
        return None
    return {
        "arn": principal.arn,
        "principal_id": principal.principal_id,
        "source_identity": principal.source_identity,
    }


def _unknown(registrant: Principal | None) -> bool:
    """Whether the registrant cannot be compared with anyone (missing or unparseable)."""
    return registrant is None or registrant.kind == "unknown"


def _registrant(before: Snapshot) -> Principal | None:
    if before.created_by_arn is None:
        return None
    return parse_principal(before.created_by_arn, before.created_by_id, before.created_by_source)


def decide_recorded(desk: Any, ledger: Ledger, attempt: Attempt) -> Decision:
    """One decision through the ledger (see the module doc for the order)."""
    request, before, caller = attempt.request, attempt.before, attempt.caller
    decision_id, decided_at, policy = attempt.decision_id, attempt.decided_at, attempt.policy
    if before.version is None or not before.group:
        raise ApprovalRefusedError(f"{request.arn} does not say its group and version")
    needed = _approvals_needed(policy, before, request)
    # A quorum needs the whole round; otherwise the last two entries are enough.
    record = ledger.read(before.arn, tail=None if needed > 1 else 2)
    last = latest_decision(record.entries)
    round_open = last is not None and is_vote(last) and _approves(request)
    if round_open and needed == 1:
        record = ledger.read(before.arn)  # the whole round
        last = latest_decision(record.entries)
    # Every entry read is relied on from here (counted, adopted, completed, or chained onto
    # by the new entry): none before its signature, chain and version verify.
    rely_on(desk, ledger, record, before.arn)
    if round_open:
        # A round is open: whatever policy this call names, its quorum still applies (nobody
        # finishes a quorum with fewer approvals by naming a smaller policy, or none).
        from sm_governance.approval._quorum import open_round

        round_ = open_round(record.entries)
        if round_ is not None:
            needed = max(needed, round_.required)
    same = last is not None and last.get("decision") == request.decision.value
    if last is not None and same and last.get("decision_id") == decision_id:
        in_place = before.approval_status == last.get("decision") or is_vote(last)
        if _overturned(record, last, before) and (not in_place or _approves(request)):
            # never "already in place" for an approval `verify` fails (drift, an anomaly)
            raise ApprovalRefusedError(
                f"decision {last.get('decision_id')} (ledger entry {last.get('seq')}) "
                + ("is recorded but no longer holds" if in_place else "can no longer be completed")
                + f": {_set_aside_by(record, last, before)}; `smgov verify {request.arn}` "
                "fails for it: read the version again and make a new decision (with another "
                "reason or decision ID: this one names the decision recorded)"
            )
        if in_place:
            return _decision(request, last, before, ledger, replayed=True)
        return _write_status(
            desk, ledger, request, before=before, entry=last, caller=caller, record=record
        )
    if (
        last is not None
        and before.approval_status != last.get("decision")
        and not (is_vote(last) and before.approval_status == ApprovalStatus.PENDING.value)
        and not _overturned(record, last, before)
    ):
        raise ApprovalRefusedError(_incomplete(last, before.approval_status))
    digest, card_status, gate, report = checks_before_writing(attempt)
    count = 1
    if needed > 1:
        count = _count_with(record, digest=digest, caller=caller, request=request)
    registrant = _registrant(before)
    body: dict[str, Any] = {
        "kind": "decision",
        "arn": request.arn,
        "group": before.group,
        "version": before.version,
        "decision": request.decision.value,
        "decision_id": decision_id,
        "reason": request.reason,
        "previous_status": before.approval_status,
        "subject_digest": digest,
        "subject_parts": before.subject_parts,
        "decider": _who(caller),
        "registrant": _who(registrant),
        "allow_unknown_registrant": bool(
            attempt.allow_unknown_registrant
            and request.decision is ApprovalStatus.APPROVED
            and _unknown(registrant)
        ),
        "time": decided_at,
        "gate": gate,
        "policy": (
            {"name": report.policy, "digest": f"sha256:{report.policy_digest}"}
            if report is not None
            else None
        ),
        "gate_report_digest": f"sha256:{report.digest}" if report is not None else None,
        "override_justification": (
            request.override_justification if gate == "overridden" else None
        ),
        "card_status": card_status.value if card_status is not None else None,
    }
    if needed > 1:
        body["approvals_required"] = needed
        body["approvals"] = count
    with _telling(
        f"whether your {request.decision.value} ({decision_id}) is recorded in the ledger is "
        "not known: run the same command again, which completes it if it is and records it "
        "if not",
        only=("PutObject", "GetObject"),  # the entry's put and its read-back, not the signing
    ):
        entry = ledger.append(record, body)
    if entry is None:
        raise DecisionConflictError(
            f"another officer recorded a decision on {request.arn} at the same moment (ledger "
            f"entry {record.next_seq}); yours was not recorded and the status was not touched: "
            "read the version again",
            current_status=before.approval_status,
            current_decision_id="",
            in_effect=False,
        )
    if is_vote(entry):
        # A quorum still short: the approval is signed in the ledger; the status stays.
        return _decision(request, entry, before, ledger, replayed=False, report=report)
    return _write_status(
        desk,
        ledger,
        request,
        before=before,
        entry=entry,
        caller=caller,
        record=record,
        report=report,
    )


def _approves(request: Request) -> bool:
    return request.decision is ApprovalStatus.APPROVED


def _overturned(record: LedgerRead, last: Mapping[str, Any], before: Snapshot) -> bool:
    """Whether the last decision was set aside rather than left incomplete.

    It was when the version changed since it was recorded (its subject digest moved, so the
    decision is not about what the version is now: the event handler sends such an approval
    back to ``PendingManualApproval``), or when an anomaly entry follows it (the decision
    failed its own verification read).
    """
    if last.get("subject_digest") != before.subject_digest:
        return True
    return bool(anomalies_after(record.entries, last))


def _set_aside_by(record: LedgerRead, last: Mapping[str, Any], before: Snapshot) -> str:
    """Why :func:`_overturned` holds, in a few words."""
    later = anomalies_after(record.entries, last)
    if later:
        return f"an anomaly follows it (entry {later[0].get('seq')}: {later[0].get('anomaly')})"
    return f"{before.arn} changed since it was recorded (its subject digest moved)"


def anomalies_after(
    entries: tuple[dict[str, Any], ...] | list[dict[str, Any]], entry: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The ``anomaly`` entries recorded after ``entry`` (by ``seq``), in order."""
    seq = entry.get("seq")
    return [
        later
        for later in entries
        if later.get("kind") == "anomaly"
        and isinstance(later.get("seq"), int)
        and isinstance(seq, int)
        and later["seq"] > seq
    ]


def is_vote(entry: Mapping[str, Any]) -> bool:
    """Whether an Approved entry is one approval of a quorum that it did not complete."""
    required, approvals = entry.get("approvals_required"), entry.get("approvals")
    return (
        entry.get("decision") == ApprovalStatus.APPROVED.value
        and isinstance(required, int)
        and isinstance(approvals, int)
        and approvals < required
    )


def _approvals_needed(policy: Policy | None, before: Snapshot, request: Request) -> int:
    """The policy's ``approvals_required`` at the card's risk rating (1 for a rejection)."""
    if policy is None or request.decision is not ApprovalStatus.APPROVED:
        return 1
    return policy.approvals_needed(risk_rating_of(before.card_content))


def _count_with(record: LedgerRead, *, digest: str, caller: Principal, request: Request) -> int:
    """How many distinct officers approved ``digest`` in the open round, the caller included
    (the record's entries have been verified by :func:`rely_on`).

    Raises:
        ApprovalRefusedError: the caller has already approved in this round (one person
            counts once).
    """
    from sm_governance.approval._quorum import open_round

    round_ = open_round(record.entries)
    if round_ is None or round_.subject != digest:
        return 1
    mine = {"decider": _who(caller)}
    if not round_.counts(mine):
        raise ApprovalRefusedError(
            f"you have already approved {request.arn} in this round ({len(round_.approvals)} of "
            f"{round_.required} approvals); the same person counts once: another officer must "
            "approve"
        )
    return len(round_.approvals) + 1


def rely_on(desk: Any, ledger: Ledger, record: LedgerRead, arn: str) -> None:
    """Refuse unless every entry read verifies: signature, chain and version.

    The write path relies on entries beyond their existence (counting a round's approvals,
    adopting its quorum, completing or replaying a recorded decision) only after this, so
    that someone who may write to the bucket but not sign cannot make it act on an entry
    nobody signed. The key is the one :meth:`ApprovalDesk.public_key` gives (the one given,
    else KMS ``GetPublicKey`` once per desk).

    Raises:
        ApprovalRefusedError: an entry does not verify (named by its ``seq``), or there is no
            key to check with; nothing was written.
    """
    from sm_governance.ledger._chain import chain_problems

    if not record.entries:
        return
    key = desk.public_key() or ledger.public_key()  # the latter refuses: no key configured
    problems = chain_problems(list(record.entries), key, arn=arn, first=record.first_seq)
    if problems:
        seq, problem = problems[0]
        raise ApprovalRefusedError(
            f"ledger entry {seq} of {arn} does not verify ({problem}); nothing was written: "
            f"run `smgov verify {arn}` and report it"
        )


def _write_status(
    desk: Any,
    ledger: Ledger,
    request: Request,
    *,
    before: Snapshot,
    entry: dict[str, Any],
    caller: Principal,
    record: LedgerRead,
    report: Any = None,
) -> Decision:
    decision = str(entry["decision"])
    description = describe_entry(entry)  # the entry's decider is the caller
    update: dict[str, Any] = {
        "ModelPackageArn": request.arn,
        "ModelApprovalStatus": decision,
        "ApprovalDescription": description,
        "CustomerMetadataProperties": {
            LEDGER_KEY: f"s3://{ledger.location.bucket}/{record.folder}"
        },
        "ClientToken": str(uuid.uuid5(_NAMESPACE, f"{entry['decision_id']}|{entry['seq']}")),
    }
    card_status = entry.get("card_status")
    if card_status and before.card_status != card_status:
        card_status_change(before, CardStatus(card_status))
        update["ModelCard"] = {"ModelCardStatus": card_status}
    recorded = f"your {decision} ({entry['decision_id']})"
    incomplete = (
        f"{recorded} is recorded in the ledger (entry {entry['seq']}) but not yet in effect, "
        "and other officers are refused until it is: run the same command again to complete it"
    )
    with _telling(incomplete), map_client_errors("UpdateModelPackage"):
        desk.client.update_model_package(**update)
    with _telling(
        f"{recorded} is recorded (ledger entry {entry['seq']}) and the status was written, but "
        "it could not be read back to check it: run the same command again to check it"
    ):
        after: Snapshot = desk.read(request.arn)
    if after.approval_status != decision:
        raise DecisionConflictError(
            f"another decision landed on {request.arn} while yours was written: it is now "
            f"{after.approval_status}; your {decision} ({entry['decision_id']}) is in the ledger "
            "but not in effect",
            current_status=after.approval_status,
            current_decision_id="",
            in_effect=False,
        )
    _check_writer(ledger, request, before=before, after=after, entry=entry, caller=caller)
    if decision == ApprovalStatus.APPROVED.value:
        _check_subject_held(request, after, entry)
    return _decision(
        request, entry, before, ledger, replayed=False, report=report, description=description
    )


@contextmanager
def _telling(state: str, only: tuple[str, ...] = ()) -> Iterator[None]:
    """An AWS error raised inside (by one of the operations ``only``, when given), with what
    is already recorded and what to do next."""
    try:
        yield
    except AwsError as exc:
        if only and exc.operation not in only:
            raise
        raise type(exc)(f"{exc}; {state}", code=exc.code, operation=exc.operation) from exc


def _check_subject_held(request: Request, after: Snapshot, entry: Mapping[str, Any]) -> None:
    """The approval is about the version as it is after the write (else ``verify`` fails)."""
    from sm_governance.approval._verification import drift_problems

    drift = drift_problems(after, entry)
    if drift:
        raise ApprovalRefusedError(
            f"{'; '.join(drift)}: {request.arn} changed while your approval was written; it "
            f"is recorded (ledger entry {entry.get('seq')}) and SageMaker shows Approved, but "
            f"`smgov verify {request.arn}` fails for it: review the version as it is now and "
            "decide again"
        )


def _check_writer(
    ledger: Ledger,
    request: Request,
    *,
    before: Snapshot,
    after: Snapshot,
    entry: Mapping[str, Any],
    caller: Principal,
) -> None:
    """SageMaker's ``LastModifiedBy`` must be the caller STS reported, and not the registrant."""
    seen = (
        parse_principal(after.modified_by_arn, after.modified_by_id, after.modified_by_source)
        if after.modified_by_arn
        else None
    )
    registrant = _registrant(before)
    anomaly = None
    if seen is None or not same_principal(seen, caller):
        anomaly = (
            "identity-mismatch",
            f"STS reported {caller.arn} but SageMaker saw "
            f"{seen.arn if seen else 'nobody it could name'} write the decision",
        )
    elif (
        entry.get("decision") == ApprovalStatus.APPROVED.value
        and registrant is not None
        and same_person(seen, registrant)
    ):
        anomaly = (
            "self-approval",
            f"SageMaker saw {seen.arn} (the registrant, {registrant.arn}) write the approval",
        )
    if anomaly is None:
        return
    kind, text = anomaly
    body = {
        "kind": "anomaly",
        "anomaly": kind,
        "arn": request.arn,
        "group": before.group,
        "version": before.version,
        "decision_id": entry.get("decision_id"),
        "details": text,
        "subject_digest": after.subject_digest,
        "subject_parts": after.subject_parts,
        "decider": _who(caller),
        "sagemaker_saw": _who(seen),
        "time": entry.get("time"),
    }
    # another officer's entry may take the next seq first: the anomaly goes after it
    for _ in range(_ANOMALY_TRIES):
        fresh = ledger.read(before.arn, tail=1)
        if ledger.append(fresh, body) is not None:
            raise ApprovalRefusedError(
                f"{kind}: {text}; recorded in the ledger as an anomaly, and `smgov verify` "
                f"fails for {request.arn}"
            )
    raise ApprovalRefusedError(
        f"{kind}: {text}; the anomaly could not be recorded in the ledger (other entries kept "
        f"taking its place): report it, and do not deploy {request.arn}"
    )


def _decision(
    request: Request,
    entry: Mapping[str, Any],
    before: Snapshot,
    ledger: Ledger,
    *,
    replayed: bool,
    report: Any = None,
    description: str | None = None,
) -> Decision:
    folder = ledger.location.folder(before.arn)
    return Decision(
        arn=request.arn,
        decision=ApprovalStatus(entry["decision"]),
        decision_id=str(entry["decision_id"]),
        approver=str((entry.get("decider") or {}).get("arn", "")),
        decided_at=str(entry.get("time", "")),
        reason=str(entry.get("reason", "")),
        previous_status=str(entry.get("previous_status", "")),
        gate=str(entry.get("gate", "not-run")),
        gate_digest=entry.get("gate_report_digest"),
        override_justification=entry.get("override_justification"),
        description=description if description is not None else before.approval_description,
        report=report,
        replayed=replayed,
        subject_digest=entry.get("subject_digest"),
        ledger_entry=f"s3://{ledger.location.bucket}/{folder}{entry['seq']}.json",
        approvals_required=int(entry.get("approvals_required") or 1),
        approvals=int(entry.get("approvals") or 1),
    )
