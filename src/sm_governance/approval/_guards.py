"""The checks around a decision: replay, stale status, duties, card status, gate, verification."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sm_governance._types import ApprovalStatus, CardStatus
from sm_governance.approval import _metadata as md
from sm_governance.approval._checks import Attempt, Request
from sm_governance.approval._identity import Principal, same_person
from sm_governance.approval._models import Decision, Snapshot, iso
from sm_governance.errors import (
    ApprovalRefusedError,
    ConflictError,
    PolicyViolationError,
    ValidationError,
)

if TYPE_CHECKING:
    from sm_governance.policy import Policy, PolicyReport

__all__ = [
    "DecisionConflictError",
    "card_of",
    "card_status_change",
    "check_duties",
    "check_subject",
    "checks_before_writing",
    "replayed",
    "run_gate",
    "stale_message",
    "verify",
]


class DecisionConflictError(ConflictError):
    """Another decision landed on the version while ours was being written.

    Attributes:
        current_status: the version's approval status after both writes.
        current_decision_id: the decision ID the version now carries.
        in_effect: whether *our* decision is the one in effect (it then overwrote another
            officer's concurrent decision, which the trail still shows).

    Example:
        >>> try:  # doctest: +SKIP
        ...     desk.approve(arn, reason="ok")
        ... except DecisionConflictError as conflict:
        ...     print(conflict.current_status, conflict.in_effect)
        Rejected False
    """

    def __init__(
        self, message: str, *, current_status: str, current_decision_id: str, in_effect: bool
    ) -> None:
        super().__init__(message, code="DecisionConflict", operation="UpdateModelPackage")
        self.current_status = current_status
        self.current_decision_id = current_decision_id
        self.in_effect = in_effect


def replayed(before: Snapshot, request: Request, decision_id: str) -> Decision | None:
    meta = before.metadata
    if before.approval_status != request.decision.value:
        return None
    if meta.get(md.DECISION_ID_KEY) != decision_id:
        return None
    digest = meta.get(md.GATE_DIGEST_KEY)
    override = meta.get(md.OVERRIDE_KEY)
    return Decision(
        arn=request.arn,
        decision=request.decision,
        decision_id=decision_id,
        approver=md.unescape(meta.get(md.DECIDED_BY_KEY, "")),
        decided_at=meta.get(md.DECIDED_AT_KEY, ""),
        reason=request.reason,
        previous_status=request.expected_status.value,
        gate=meta.get(md.GATE_KEY, "not-run"),
        gate_digest=digest if digest and digest != "none" else None,
        override_justification=md.unescape(override) if override else None,
        description=before.approval_description,
        replayed=True,
    )


def _last_decision(snapshot: Snapshot) -> str:
    meta = snapshot.metadata
    if md.DECISION_KEY in meta:
        who = md.unescape(meta.get(md.DECIDED_BY_KEY, "someone"))
        return f" ({meta[md.DECISION_KEY]} by {who} at {meta.get(md.DECIDED_AT_KEY, '?')})"
    if snapshot.modified_by_arn:
        return f" (last modified by {snapshot.modified_by_arn} at {iso(snapshot.modified_at)})"
    return ""


def stale_message(before: Snapshot, request: Request) -> str:
    return (
        f"{request.arn} is {before.approval_status}{_last_decision(before)}, not "
        f"{request.expected_status.value} as reviewed; read it again and decide on what it is now"
    )


def check_duties(before: Snapshot, caller: Principal, allow_unknown: bool) -> None:
    registrant = before.registrant
    if registrant is None or registrant.kind == "unknown":
        if allow_unknown:
            return
        what = "does not record" if registrant is None else "records in a form that cannot be read"
        raise ApprovalRefusedError(
            f"{before.arn} {what} who registered it, so separation of duties cannot "
            "be checked; refusing to approve (allow_unknown_registrant overrides)"
        )
    if same_person(caller, registrant):
        raise ApprovalRefusedError(
            f"self-approval refused: {caller.display} registered {before.arn}; "
            "another officer must approve it"
        )


def card_status_change(before: Snapshot, target: CardStatus | None) -> CardStatus | None:
    """The card status to write with the decision, if any, after checking the transition."""
    if target is None:
        return None
    from sm_governance.registry import CARD_TRANSITIONS, can_transition  # only for a change

    if not before.card_status:
        raise ApprovalRefusedError(f"{before.arn} has no model card whose status could be set")
    current = CardStatus(before.card_status)
    if current is target:
        return None
    if not can_transition(current, target):
        allowed = ", ".join(sorted(s.value for s in CARD_TRANSITIONS[current])) or "nothing"
        raise ApprovalRefusedError(
            f"the card of {before.arn} cannot go from {current.value} to {target.value} "
            f"(from {current.value} it may go to: {allowed})"
        )
    return target


def card_of(snapshot: Snapshot) -> Any:
    from sm_governance.card import ModelCard

    if not snapshot.card_content:
        raise ApprovalRefusedError(f"{snapshot.arn} has no model card; the gate cannot pass")
    try:
        return ModelCard.from_content_json(snapshot.card_content)
    except ValidationError as exc:
        paths = ", ".join(p.path or "(card)" for p in exc.problems[:5])
        raise ApprovalRefusedError(
            f"{snapshot.arn} carries a card that is not valid ({len(exc.problems)} problems, "
            f"at {paths}); the gate cannot pass"
        ) from exc


def read_card_of(snapshot: Snapshot) -> tuple[Any, tuple[str, ...]]:
    """The version's card read as SageMaker content (never refused for a card rule).

    Returns the card without the fields that break a rule, and those problems.

    Raises:
        ApprovalRefusedError: the version has no card, or its content is not a card at all.
    """
    from sm_governance.card import read_card

    if not snapshot.card_content:
        raise ApprovalRefusedError(f"{snapshot.arn} has no model card; the gate cannot pass")
    reading = read_card(snapshot.card_content)
    if reading.card is None:
        raise ApprovalRefusedError(
            f"{snapshot.arn} carries content that is not a model card"
            f" ({reading.problems[0] if reading.problems else 'empty'}); the gate cannot pass"
        )
    return reading.card, tuple(str(p) for p in reading.problems)


def run_gate(
    before: Snapshot, policy: Policy | None, override: str | None
) -> tuple[str, PolicyReport | None]:
    if policy is None:
        return "not-run", None
    from sm_governance.policy import evaluate  # only with a policy: pydantic, the YAML loader

    try:
        card = card_of(before)
    except ApprovalRefusedError:
        if override is None:
            raise
        return "overridden", None
    report = evaluate(policy, card)
    if report.passed:
        return "passed", report
    if override is not None:
        return "overridden", report
    failed = "; ".join(f"{r.rule}: {r.reason}" for r in report.failures)
    raise PolicyViolationError(
        f"policy gate refused {before.arn}: {report.summary}: {failed}", report
    )


def verify(
    before: Snapshot, after: Snapshot, request: Request, decision_id: str, plan: md.MetadataPlan
) -> None:
    current_id = after.metadata.get(md.DECISION_ID_KEY, "")
    mine = [k for k in plan.properties if k.startswith(md.LOG_PREFIX) and k not in before.metadata]
    others = [
        e
        for e in md.log_entries(after.metadata)
        if e.key not in before.metadata and e.key not in mine
    ]
    if current_id != decision_id or after.approval_status != request.decision.value:
        who = md.unescape(after.metadata.get(md.DECIDED_BY_KEY, "")) or "someone else"
        raise DecisionConflictError(
            f"another decision landed on {request.arn} while yours was written: it is now "
            f"{after.approval_status} by {who} (decision {current_id or 'unknown'}); your "
            f"{request.decision.value} ({decision_id}) is in the trail but not in effect",
            current_status=after.approval_status,
            current_decision_id=current_id,
            in_effect=False,
        )
    if others:
        other = others[-1]
        raise DecisionConflictError(
            f"your {request.decision.value} on {request.arn} is in effect, but it overwrote "
            f"a concurrent {other.decision} by {other.decided_by} at {other.decided_at} "
            f"(decision {other.decision_id}); both are in the trail: review the version",
            current_status=after.approval_status,
            current_decision_id=current_id,
            in_effect=True,
        )


def check_subject(before: Snapshot, request: Request) -> str:
    """The version's subject digest now; refuses when it is not the one the officer reviewed."""
    digest = before.subject_digest
    if request.subject_digest is not None and digest != request.subject_digest:
        raise ApprovalRefusedError(
            f"{request.arn} changed since it was reviewed: its subject digest is now {digest}, "
            f"not {request.subject_digest}; nothing was written: read it again and decide "
            "on what it is now"
        )
    return digest


def checks_before_writing(
    attempt: Attempt,
) -> tuple[str, CardStatus | None, str, PolicyReport | None]:
    """Every check of a decision on the version as read, in order; nothing is written.

    The status must be the one reviewed, the subject digest the one reviewed (when given), the
    caller not the registrant (approvals), the card status change legal, and the gate passed
    or overridden.

    Returns:
        The subject digest, the card status to set, the gate's outcome and its report.
    """
    request, before = attempt.request, attempt.before
    if before.approval_status != request.expected_status.value:
        raise ApprovalRefusedError(stale_message(before, request))
    subject = check_subject(before, request)
    if request.decision is ApprovalStatus.APPROVED:
        check_duties(before, attempt.caller, attempt.allow_unknown_registrant)
    card_status = card_status_change(before, request.card_status)
    gate, report = run_gate(before, attempt.policy, request.override_justification)
    return subject, card_status, gate, report
