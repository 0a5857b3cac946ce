"""Decisions without a decision ledger: written into the version's metadata (unverified).

The checks are those of every decision (status as reviewed, subject digest as reviewed,
separation of duties, gate); then one ``UpdateModelPackage`` writes the status, the
``ApprovalDescription`` and the governance metadata (see ``_metadata``), and one more
``DescribeModelPackage`` verifies that no other decision landed meanwhile. Anyone who may
update the version can write the same metadata, so this trail is never verified.
"""

from __future__ import annotations

import uuid
from typing import Any

from sm_governance.approval import _metadata as md
from sm_governance.approval._checks import Attempt, Request
from sm_governance.approval._description import describe_decision
from sm_governance.approval._guards import (
    checks_before_writing,
    replayed,
    verify,
)
from sm_governance.approval._identity import Principal
from sm_governance.approval._models import Decision, Snapshot, iso
from sm_governance.errors import ApprovalRefusedError, map_client_errors

__all__ = ["NAMESPACE", "decide_unrecorded"]

NAMESPACE = uuid.UUID("6f1d2c1e-8a1b-4d4e-9a53-2f0c5e7b9d10")
"""The namespace of decision IDs and client tokens (UUID version 5)."""


def decide_unrecorded(desk: Any, attempt: Attempt, *, log_limit: int) -> Decision:
    """One decision written into the version's metadata only (see the module doc)."""
    request, before, caller = attempt.request, attempt.before, attempt.caller
    decision_id, decided_at = attempt.decision_id, attempt.decided_at
    replay = replayed(before, request, decision_id)
    if replay is not None:
        return replay
    subject, card_status, gate, report = checks_before_writing(attempt)
    digest = f"sha256:{report.digest}" if report is not None else None
    description = describe_decision(
        decision=request.decision.value,
        approver=caller.arn,
        decided_at=decided_at,
        decision_id=decision_id,
        reason=request.reason,
        gate=gate,
        gate_digest=digest,
        policy_name=report.policy if report is not None else None,
        override_justification=request.override_justification,
    )
    plan = _plan(
        before=before,
        request=request,
        caller=caller,
        decided_at=decided_at,
        decision_id=decision_id,
        gate=gate,
        digest=digest,
        log_limit=log_limit,
    )
    update: dict[str, Any] = {
        "ModelPackageArn": request.arn,
        "ModelApprovalStatus": request.decision.value,
        "ApprovalDescription": description,
        "CustomerMetadataProperties": plan.properties,
        "ClientToken": str(uuid.uuid5(NAMESPACE, f"{decision_id}|{iso(before.modified_at)}")),
    }
    if plan.remove:
        update["CustomerMetadataPropertiesToRemove"] = plan.remove
    if card_status is not None:
        update["ModelCard"] = {"ModelCardStatus": card_status.value}
    with map_client_errors("UpdateModelPackage"):
        desk.client.update_model_package(**update)
    after = desk.read(request.arn)
    verify(before, after, request, decision_id, plan)
    return Decision(
        arn=request.arn,
        decision=request.decision,
        decision_id=decision_id,
        approver=caller.arn,
        decided_at=decided_at,
        reason=request.reason,
        previous_status=before.approval_status,
        gate=gate,
        gate_digest=digest,
        override_justification=request.override_justification if gate == "overridden" else None,
        description=description,
        report=report,
        subject_digest=subject,
    )


def _plan(
    *,
    before: Snapshot,
    request: Request,
    caller: Principal,
    decided_at: str,
    decision_id: str,
    gate: str,
    digest: str | None,
    log_limit: int,
) -> md.MetadataPlan:
    override = request.override_justification if gate == "overridden" else None
    count = md.decision_count(before.metadata) + 1
    latest = {
        md.DECISION_KEY: request.decision.value,
        md.DECISION_ID_KEY: decision_id,
        md.DECIDED_BY_KEY: md.fit(md.escape(caller.arn), md.MAX_VALUE),
        md.DECIDED_AT_KEY: decided_at,
        md.GATE_KEY: gate,
        md.GATE_DIGEST_KEY: digest or "none",
        md.OVERRIDE_KEY: md.fit(md.escape(override), md.MAX_VALUE) if override else "",
        md.COUNT_KEY: str(count),
        md.SUBJECT_KEY: before.subject_digest,
    }
    entry = md.LogEntry(
        key=md.log_key(decided_at, decision_id),
        decision=request.decision.value,
        decided_at=decided_at,
        decision_id=decision_id,
        decided_by=caller.arn,
        gate=gate,
        gate_digest=(digest or "").removeprefix("sha256:")[:16],
        override=override or "",
        card_status=request.card_status.value if request.card_status else "",
        reason=request.reason,
    )
    plan = md.plan_metadata(before.metadata, latest, entry, log_limit=log_limit)
    if plan is None:
        raise ApprovalRefusedError(
            f"{request.arn} has {len(before.metadata)} metadata properties; SageMaker allows "
            f"{md.MAX_ENTRIES} and the decision needs {len(latest) + 1}: remove some first"
        )
    return plan
