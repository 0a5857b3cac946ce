"""Is a version's approval proven? Checked from one read of the version and its ledger.

``verify`` passes only when every one of these holds, and names each that does not:

- the ledger can be read as stored: no entry overwritten, deleted or missing;
- every entry's signature verifies with the signing key's public key and each links to the
  one before (no gap, no fork);
- the latest entry is a ``decision`` (an ``anomaly`` after it fails), it is ``Approved``,
  and SageMaker shows ``Approved`` (otherwise the decision is incomplete or overturned);
- the decider is not the registrant (unless recorded as an unknown registrant), and no
  ``anomaly`` entry follows the decision (the desk records one when SageMaker's
  ``LastModifiedBy`` after the status write is not the identity STS reported);
- the version's subject digest now equals the signed one (else ``drift``, by part).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sm_governance._types import ApprovalStatus
from sm_governance.approval._identity import recorded_principal, same_person
from sm_governance.approval._models import Snapshot
from sm_governance.approval._recorded import anomalies_after, is_vote, latest_decision
from sm_governance.ledger import (
    PART_NAMES,
    LedgerRead,
    VerifyResult,
    digest_of_parts,
    drifted_parts,
    verify_entries,
)

__all__ = ["drift_problems", "evaluate", "judge"]


def _decider(entry: Mapping[str, Any]) -> str:
    decider = recorded_principal(entry.get("decider"))  # an unsigned entry may hold anything
    return decider.arn if decider is not None else "someone"


def drift_problems(snapshot: Snapshot, entry: Mapping[str, Any]) -> list[str]:
    """One ``drift:`` line per part of the subject that changed since ``entry``."""
    if entry.get("subject_digest") == snapshot.subject_digest:
        return []
    signed = entry.get("subject_parts")
    if not isinstance(signed, Mapping) or digest_of_parts(signed) != entry.get("subject_digest"):
        signed = None
    parts = drifted_parts(signed, snapshot.subject_parts) or list(PART_NAMES)
    when = f"the decision of {entry.get('time')} by {_decider(entry)} (entry {entry.get('seq')})"
    return [f"drift: {PART_NAMES[part]} changed since {when}" for part in parts]


def _duties(snapshot: Snapshot, entry: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    decider = recorded_principal(entry.get("decider"))
    if decider is None:
        return ["the decision does not name its decider"]
    registrant = snapshot.registrant
    unknown = registrant is None or registrant.kind == "unknown"
    if unknown and not entry.get("allow_unknown_registrant"):
        problems.append("unknown registrant: SageMaker does not say who registered the version")
    if registrant is not None and same_person(decider, registrant):
        problems.append(f"self-approved: {decider.arn} also registered the version")
    return problems


def _quorum_problems(
    snapshot: Snapshot, entries: list[dict[str, Any]], decision: Mapping[str, Any]
) -> list[str]:
    """The approval in force completes a round, each of its approvals checked for duties.

    ``decision`` must complete a round (docs/continuous.md, "Quorums"): then every approval
    of that round is checked for separation of duties. One that completes none fails when
    its round asks for more than one approval; a round of one is ``decision`` alone.
    """
    from sm_governance.approval._quorum import rounds

    in_force, _ = rounds(entries)
    if in_force is not None and in_force.approvals[-1].get("seq") == decision.get("seq"):
        problems: list[str] = []
        for approval in in_force.approvals:
            problems.extend(p for p in _duties(snapshot, approval) if p not in problems)
        return problems
    required = _round_required(entries, decision)
    if required <= 1:
        return _duties(snapshot, decision)
    return [
        f"quorum: the approval at entry {decision.get('seq')} does not complete a round of "
        f"{required} distinct officers approving the same subject"
    ]


def _round_required(entries: list[dict[str, Any]], decision: Mapping[str, Any]) -> int:
    """The quorum of the decision's round: the most that it or an earlier approval of the
    same open round asked for."""
    from sm_governance.approval._quorum import required, rounds

    seq = decision.get("seq")
    before = [e for e in entries if isinstance(e.get("seq"), int) and e["seq"] < (seq or 0)]
    _, open_ = rounds(before)
    if open_ is not None and open_.subject == decision.get("subject_digest"):
        return max(open_.required, required(decision))
    return required(decision)


def evaluate(snapshot: Snapshot, record: LedgerRead, public_key: bytes) -> VerifyResult:
    """The verification of one version from what was read (pure)."""
    arn = snapshot.arn
    problems = list(record.problems)
    entries = list(record.entries)
    if not entries:
        problems.append(f"no ledger entry for {arn}")
    else:
        problems.extend(verify_entries(entries, public_key, arn=arn, first=record.first_seq))
    found, decision = judge(snapshot, entries)
    return VerifyResult(arn, tuple(problems + found), decision, snapshot.subject_digest)


def judge(
    snapshot: Snapshot, entries: list[dict[str, Any]]
) -> tuple[list[str], dict[str, Any] | None]:
    """What keeps the version's entries, taken as authentic, from proving its approval.

    Everything :func:`evaluate` checks but the storage, the signatures and the chain (checked
    on their own, so an evidence bundle can name its files): the decision in force, the
    status SageMaker shows, anomalies, separation of duties, the quorum and drift.

    Returns:
        The problems (none when the approval is proven) and the decision entry checked.
    """
    problems: list[str] = []
    decision = latest_decision(entries)
    status = snapshot.approval_status
    if decision is not None and is_vote(decision) and status == ApprovalStatus.APPROVED.value:
        # a re-certification round is collecting approvals: the completed round stays in force
        from sm_governance.approval._quorum import rounds

        in_force, _ = rounds(entries)
        if in_force is not None and in_force.approvals:
            decision = in_force.approvals[-1]
    if decision is None:
        if entries:
            problems.append("no decision in the ledger")
        if status != ApprovalStatus.APPROVED.value:
            problems.append(f"not approved: SageMaker shows {status}")
        return problems, None
    seq = decision.get("seq")
    for later in anomalies_after(entries, decision):
        problems.append(
            f"anomaly at {later['seq']}: {later.get('anomaly')}: {later.get('details')}"
        )
    if decision.get("decision") != ApprovalStatus.APPROVED.value:
        problems.append(
            f"the latest decision is {decision.get('decision')} by {_decider(decision)} "
            f"(entry {seq})"
        )
    elif status != ApprovalStatus.APPROVED.value:
        problems.append(f"not approved: SageMaker shows {status}")
    vote = is_vote(decision)
    if vote:
        problems.append(
            f"quorum: {decision.get('approvals')} of {decision.get('approvals_required')} "
            "approvals recorded; the version is not approved until the quorum is complete"
        )
    elif status != decision.get("decision") and status in (
        ApprovalStatus.APPROVED.value,
        ApprovalStatus.PENDING.value,
        ApprovalStatus.REJECTED.value,
    ):
        problems.append(
            f"incomplete: decision {decision.get('decision_id')} ({decision.get('decision')}, "
            f"entry {seq}) is in the ledger but SageMaker shows {status}"
        )
    if decision.get("decision") == ApprovalStatus.APPROVED.value and not vote:
        problems.extend(_quorum_problems(snapshot, entries, decision))
    problems.extend(drift_problems(snapshot, decision))
    return problems, dict(decision)
