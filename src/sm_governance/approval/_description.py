"""The ``ApprovalDescription`` a decision writes: one line a person reads in the console.

SageMaker allows 1,024 characters on one line. The facts come first and the reason last::

    Approved by arn:aws:iam::111122223333:user/bob at 2026-11-21T23:17:06.123Z. Gate
    retail-credit passed (sha256:...). Decision 3f2a.... Reason: fairness re-checked

A reason is never cut silently: when it does not fit, the decision is refused with the room
there is, unless the whole reason is kept elsewhere (``full_reason_at``, for example the
decision ledger), in which case the description says so:
``[reason cut: 412 of 2000 characters shown; whole reason in the decision ledger]``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sm_governance.errors import Problem, ValidationError

__all__ = [
    "MAX_DESCRIPTION",
    "MAX_JUSTIFICATION_SHOWN",
    "describe_decision",
    "describe_entry",
    "one_line",
]

MAX_DESCRIPTION = 1024
MAX_JUSTIFICATION_SHOWN = 300
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """Collapse every run of whitespace to one space and drop control characters."""
    return _CONTROL.sub("", _SPACE.sub(" ", text)).strip()


def _cut(text: str, limit: int, what: str, where: str | None = None) -> str:
    if len(text) <= limit:
        return text
    kept = f"; whole {what} in {where}" if where else ""
    marker = f" [{what} cut: {{shown}} of {len(text)} characters shown{kept}]"
    shown = max(limit - len(marker.format(shown=len(text))), 0)
    return text[:shown].rstrip() + marker.format(shown=shown)


def describe_decision(
    *,
    decision: str,
    approver: str,
    decided_at: str,
    decision_id: str,
    reason: str,
    gate: str,
    gate_digest: str | None,
    policy_name: str | None = None,
    override_justification: str | None = None,
    full_reason_at: str | None = None,
) -> str:
    """Compose the ``ApprovalDescription`` (at most :data:`MAX_DESCRIPTION` characters).

    Args:
        decision: ``Approved`` or ``Rejected``.
        approver: the approver's ARN.
        decided_at: ISO 8601 UTC time.
        decision_id: the decision's ID.
        reason: the officer's reason (whitespace is collapsed to one line).
        gate: ``passed``, ``overridden`` or ``not-run``.
        gate_digest: ``sha256:<hex>`` of the gate report, if the gate ran.
        policy_name: the policy's name, if the gate ran.
        override_justification: why a failed gate was overridden.
        full_reason_at: where the whole reason is kept (e.g. ``"the decision ledger"``);
            only then may a reason too long for the description be cut, saying where it is.

    Raises:
        ValidationError: the reason does not fit and is kept nowhere else (the problem says
            how many characters fit).
    """
    parts = [f"{decision} by {approver} at {decided_at}."]
    policy = f" {one_line(policy_name)}" if policy_name else ""
    if gate == "passed":
        parts.append(f"Gate{policy} passed ({gate_digest}).")
    elif gate == "overridden":
        justification = _cut(
            one_line(override_justification or ""), MAX_JUSTIFICATION_SHOWN, "justification"
        )
        parts.append(f"Gate{policy} FAILED, overridden ({gate_digest}): {justification}.")
    else:
        parts.append("Gate not run.")
    parts.append(f"Decision {decision_id}.")
    head = " ".join(parts) + " Reason: "
    text, room = one_line(reason), MAX_DESCRIPTION - len(head)
    if len(text) > room and full_reason_at is None:
        raise ValidationError(
            [
                Problem(
                    "reason",
                    f"is {len(text)} characters; ApprovalDescription holds {MAX_DESCRIPTION} "
                    f"(SageMaker's limit) and this decision's facts leave room for {room}: "
                    "shorten it (it is never cut silently)",
                )
            ],
            subject="decision request",
        )
    return head + _cut(text, room, "reason", full_reason_at)


def describe_entry(entry: Mapping[str, Any]) -> str:
    """The ``ApprovalDescription`` of a ledger ``decision`` entry: what recording the decision
    writes, and what the version must still show for the trail to match the ledger.

    The entry keeps the whole reason, so a reason longer than the description holds is cut
    there, saying so (never refused: the entry is signed and stored before the status write,
    and a refusal then would leave the decision recorded and never completed).
    """
    return describe_decision(
        full_reason_at="the decision ledger",
        decision=str(entry.get("decision")),
        approver=str((entry.get("decider") or {}).get("arn", "")),
        decided_at=str(entry.get("time", "")),
        decision_id=str(entry.get("decision_id")),
        reason=str(entry.get("reason", "")),
        gate=str(entry.get("gate", "not-run")),
        gate_digest=entry.get("gate_report_digest"),
        policy_name=(entry.get("policy") or {}).get("name"),
        override_justification=entry.get("override_justification"),
    )
