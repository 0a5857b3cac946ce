"""A version's trail, rebuilt from one ``DescribeModelPackage``.

What SageMaker keeps on a version, and so what the trail can show:

- **registration**: ``CreationTime`` and ``CreatedBy`` (exact);
- **decisions made with sm-governance**: every decision in the metadata log (time,
  decision, approver, gate and its digest, override justification, the start of the
  reason), exact, up to the log's size (older entries are dropped first and counted);
- **the current approval status**: when it was not set by a logged decision (the console,
  another tool, a reset to pending), only the current value is known, dated at the version's
  ``LastModifiedTime`` (an upper bound, marked ``exact: false``);
- **card status and lifecycle stage**: SageMaker keeps only the current values, so they are
  shown as of ``LastModifiedTime`` (inexact); a card status set together with a decision is
  dated exactly. After a logged decision, a card status no decision set is shown undated
  (``at`` is ``None``), last, as the current value: dated, it would read as a change made
  after the decision.

Anything older or finer (who changed the card, every lifecycle stage) is in AWS CloudTrail
(``UpdateModelPackage`` events), which this trail does not read.
"""

from __future__ import annotations

from sm_governance._types import ApprovalStatus
from sm_governance.approval import _metadata as md
from sm_governance.approval._models import Snapshot, Trail, TrailEvent, iso

__all__ = ["LIMITS", "UNVERIFIED", "build_trail", "ordered", "registered_event", "state_events"]

LIMITS = (
    "Card status and lifecycle stage: SageMaker keeps only the current values; they are "
    "dated at the version's last modification (an upper bound).",
    "Decisions made outside sm-governance show only as the current approval status.",
    "Earlier values and every individual change are in AWS CloudTrail (UpdateModelPackage).",
)

UNVERIFIED = (
    "No decision ledger is configured (--ledger, SMGOV_LEDGER): nothing in this trail is "
    "verified; decisions shown come from metadata anyone who may update the version can write."
)


def _decision_event(entry: md.LogEntry) -> TrailEvent:
    gate = entry.gate
    if entry.gate_digest:
        gate += f" (sha256:{entry.gate_digest}...)"
    summary = f"{entry.decision}; gate {gate}"
    if entry.override:
        summary += f"; override: {entry.override}"
    if entry.reason:
        summary += f"; reason: {entry.reason}"
    return TrailEvent(
        at=entry.decided_at,
        kind="decision",
        actor=entry.decided_by or None,
        summary=summary,
        details={
            "decision": entry.decision,
            "decision_id": entry.decision_id,
            "gate": entry.gate,
            "gate_digest": entry.gate_digest or None,
            "override_justification": entry.override or None,
            "reason": entry.reason or None,
            "card_status": entry.card_status or None,
        },
    )


def state_events(
    snapshot: Snapshot, card_status_explained: bool, after_decision: bool = False
) -> list[TrailEvent]:
    """The current card status (unless a decision set it) and lifecycle stage (inexact).

    After a decision, a card status no decision set is shown undated (``at`` is ``None``),
    as the current value: dated at the last modification, it would read as a change made
    after the decision.
    """
    modified = iso(snapshot.modified_at)
    events: list[TrailEvent] = []
    if snapshot.card_status and not card_status_explained:
        events.append(
            TrailEvent(
                at=None if after_decision else modified,
                kind="card_status",
                actor=None,
                summary=f"card status is {snapshot.card_status}"
                + (" (current value; when it was set is not recorded)" if after_decision else ""),
                details={"card_status": snapshot.card_status},
                exact=False,
            )
        )
    if snapshot.lifecycle:
        life = snapshot.lifecycle
        text = f"lifecycle stage {life.get('Stage')}: {life.get('StageStatus')}"
        if life.get("StageDescription"):
            text += f" ({life['StageDescription']})"
        events.append(
            TrailEvent(
                at=modified,
                kind="lifecycle",
                actor=None,
                summary=text,
                details={
                    "stage": life.get("Stage"),
                    "stage_status": life.get("StageStatus"),
                    "stage_description": life.get("StageDescription"),
                },
                exact=False,
            )
        )
    return events


def registered_event(snapshot: Snapshot) -> TrailEvent:
    """The registration, from SageMaker's own ``CreationTime`` and ``CreatedBy``."""
    return TrailEvent(
        at=iso(snapshot.created_at),
        kind="registered",
        actor=snapshot.created_by_arn or snapshot.created_by_user_profile,
        summary=f"registered as {snapshot.group} version {snapshot.version}",
        details={"group": snapshot.group, "version": snapshot.version},
    )


def ordered(events: list[TrailEvent]) -> tuple[TrailEvent, ...]:
    """Oldest first; undated current values last; ties keep their order."""
    pairs = sorted(
        enumerate(events), key=lambda pair: (pair[1].at is None, pair[1].at or "", pair[0])
    )
    return tuple(e for _, e in pairs)


def build_trail(snapshot: Snapshot) -> Trail:
    """The version's trail, oldest first, from one read (see the module doc for the limits)."""
    modified = iso(snapshot.modified_at)
    events: list[TrailEvent] = [registered_event(snapshot)]
    entries = md.log_entries(snapshot.metadata)
    for entry in entries:
        events.append(_decision_event(entry))
        if entry.card_status:
            events.append(
                TrailEvent(
                    at=entry.decided_at,
                    kind="card_status",
                    actor=entry.decided_by or None,
                    summary=f"card status set to {entry.card_status} with the decision",
                    details={"card_status": entry.card_status},
                )
            )
    latest = entries[-1] if entries else None
    status = snapshot.approval_status
    explained = latest is not None and latest.decision == status
    if not explained and (status != ApprovalStatus.PENDING.value or latest is not None):
        events.append(
            TrailEvent(
                at=modified,
                kind="approval_status",
                actor=snapshot.modified_by_arn,
                summary=f"approval status is {status} (not set by a logged decision)"
                + (f": {snapshot.approval_description}" if snapshot.approval_description else ""),
                details={
                    "approval_status": status,
                    "approval_description": snapshot.approval_description or None,
                },
                exact=False,
            )
        )
    set_by = [e for e in entries if e.card_status]
    explained_card = bool(set_by and set_by[-1].card_status == snapshot.card_status)
    events.extend(state_events(snapshot, explained_card, after_decision=bool(entries)))
    limits = list(LIMITS)
    total = md.decision_count(snapshot.metadata)
    if total > len(entries):
        limits.append(
            f"{total - len(entries)} earlier decision(s) were dropped from the metadata log "
            f"(it keeps the latest {len(entries)})."
        )
    limits.append(UNVERIFIED)
    return Trail(
        arn=snapshot.arn,
        approval_status=status,
        events=ordered(events),
        limits=tuple(limits),
    )
