"""A version's trail read from the decision ledger: signed facts apart from claims.

Each ledger entry is an event (``decision`` or ``anomaly``), ``verified`` when its signature
checks and it links to the entry before it. Everything else that speaks of decisions is a
claim anyone who may update the version could have written, shown with ``verified: false``:

- metadata log lines (``governance:log:*``) whose decision ID is not a verified entry's;
- an ``ApprovalDescription`` other than the one the latest verified decision wrote;
- an approval status that the latest verified decision does not explain.

When the version's subject changed since the latest decision, that is a ``drift`` event.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sm_governance.approval import _metadata as md
from sm_governance.approval._description import describe_entry
from sm_governance.approval._identity import recorded_principal
from sm_governance.approval._models import Snapshot, Trail, TrailEvent, iso
from sm_governance.approval._recorded import latest_decision
from sm_governance.approval._trail import LIMITS, ordered, registered_event, state_events
from sm_governance.approval._verification import drift_problems
from sm_governance.ledger import LedgerRead
from sm_governance.ledger._chain import chain_problems

__all__ = ["ledger_trail"]


def _broken(record: LedgerRead, key: bytes | None, arn: str) -> set[int]:
    """The positions of entries that are not proven (bad signature or link, tampered, or
    about another version than ``arn``: a signed entry copied from another version's folder).

    Each problem is counted against the entry it is about, never read from its text (which can
    carry an object's name or an entry's content).
    """
    if key is None:
        return set(range(record.first_seq, record.count + 1))
    found = chain_problems(list(record.entries), key, arn=arn, first=record.first_seq)
    return set(record.damaged) | {position for position, _ in found}


def _entry_event(entry: Mapping[str, Any], verified: bool) -> TrailEvent:
    who = recorded_principal(entry.get("decider"))
    time = entry.get("time")
    seq = entry.get("seq")
    if entry.get("kind") == "anomaly":
        summary = f"anomaly {entry.get('anomaly')}: {entry.get('details')}"
        details: dict[str, Any] = {
            "anomaly": entry.get("anomaly"),
            "decision_id": entry.get("decision_id"),
        }
        kind = "anomaly"
    else:
        gate = str(entry.get("gate"))
        summary = f"{entry.get('decision')}; gate {gate}"
        if entry.get("override_justification"):
            summary += f"; override: {entry.get('override_justification')}"
        summary += f"; reason: {entry.get('reason')}"
        details = {
            "decision": entry.get("decision"),
            "decision_id": entry.get("decision_id"),
            "gate": gate,
            "gate_digest": entry.get("gate_report_digest"),
            "policy": entry.get("policy"),
            "override_justification": entry.get("override_justification"),
            "reason": entry.get("reason"),
            "card_status": entry.get("card_status"),
            "subject_digest": entry.get("subject_digest"),
        }
        kind = "decision"
    if not verified:
        summary = f"NOT VERIFIED (signature or chain broken): {summary}"
    details["ledger_seq"] = seq
    return TrailEvent(
        # an unsigned entry's time can be any JSON value: shown as text, sorted as text
        at=time if time is None or isinstance(time, str) else str(time),
        kind=kind,
        actor=who.arn if who is not None else None,
        summary=summary,
        details=details,
        verified=verified,
    )


def _as_of_modification(
    snapshot: Snapshot, kind: str, summary: str, details: dict[str, Any], verified: bool = False
) -> TrailEvent:
    """An inexact event dated at the version's last modification, by whoever made it."""
    return TrailEvent(
        at=iso(snapshot.modified_at),
        kind=kind,
        actor=snapshot.modified_by_arn,
        summary=summary,
        details=details,
        exact=False,
        verified=verified,
    )


def ledger_trail(snapshot: Snapshot, record: LedgerRead, key: bytes | None, url: str) -> Trail:
    """The trail of one version from its ledger entries and one read of the version.

    ``key`` is the signing key's public key; ``None`` when none is configured, and then no
    entry is verified.
    """
    first = record.first_seq
    broken = _broken(record, key, snapshot.arn)
    events: list[TrailEvent] = [registered_event(snapshot)]
    proven_ids: set[str] = set()
    proven: list[dict[str, Any]] = []
    for offset, entry in enumerate(record.entries):
        ok = (first + offset) not in broken
        events.append(_entry_event(entry, ok))
        if ok:
            proven.append(entry)
            if entry.get("kind") == "decision":
                proven_ids.add(str(entry.get("decision_id")))
    for claim in md.log_entries(snapshot.metadata):
        if claim.decision_id not in proven_ids:
            events.append(
                TrailEvent(
                    at=claim.decided_at,
                    kind="claim",
                    actor=claim.decided_by or None,
                    summary=f"unverified claim in metadata: {claim.decision} by "
                    f"{claim.decided_by or 'unknown'} (no signed ledger entry)",
                    details={"decision": claim.decision, "decision_id": claim.decision_id},
                    exact=False,
                )
            )
    latest = latest_decision(proven)
    description = snapshot.approval_description
    if description and (latest is None or description != describe_entry(latest)):
        events.append(
            _as_of_modification(
                snapshot,
                "claim",
                f"unverified approval description: {description}",
                {"approval_description": description},
            )
        )
    status = snapshot.approval_status
    explained = latest is not None and latest.get("decision") == status
    if not explained and (status != "PendingManualApproval" or latest is not None):
        events.append(
            _as_of_modification(
                snapshot,
                "approval_status",
                f"approval status is {status} (not set by a verified decision)",
                {"approval_status": status},
            )
        )
    if latest is not None:
        for line in drift_problems(snapshot, latest):
            events.append(
                _as_of_modification(
                    snapshot,
                    "drift",
                    line,
                    {"subject_digest": snapshot.subject_digest},
                    verified=True,
                )
            )
    card_explained = latest is not None and latest.get("card_status") == snapshot.card_status
    events.extend(state_events(snapshot, card_explained, after_decision=latest is not None))
    limits = [
        LIMITS[0],
        "Decisions come from the ledger; events marked unverified are claims, not facts.",
        *(f"ledger: {p}" for p in record.problems),
    ]
    if key is None:
        limits.append(
            "No signing key or public key is configured (--signing-key, SMGOV_SIGNING_KEY): "
            "signatures were not checked, so no entry is verified."
        )
    return Trail(
        arn=snapshot.arn,
        approval_status=status,
        events=ordered(events),
        limits=tuple(limits),
        ledger=url,
    )
