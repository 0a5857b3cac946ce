"""The governance officer's workflow: approve or reject with a reason, safely, and the trail.

A decision is written only after these checks, in this order:

1. the reason is given and not blank, and every argument is valid (no AWS call yet);
2. the caller is known (STS ``GetCallerIdentity``, once per :class:`ApprovalDesk`);
3. the version is read again (``DescribeModelPackage``): a retry of a decision already in
   place (same decision ID) returns it without writing; a status other than the one the
   officer reviewed refuses (``ApprovalRefusedError``);
4. approvals only: the caller is not the registrant (separation of duties), and the policy
   gate passes, or an override justification is given and recorded;

then one ``UpdateModelPackage`` writes the status, an ``ApprovalDescription`` (reason,
approver, time, gate digest) and the governance metadata (see ``_metadata``), and one more
``DescribeModelPackage`` verifies that no other decision landed meanwhile
(``DecisionConflictError`` otherwise). An approval costs one identity call per desk plus
one read, one write and one verification read.

With a decision ledger (``ApprovalDesk(ledger=..., signing_key=...)`` or ``SMGOV_LEDGER`` /
``SMGOV_SIGNING_KEY``) the decision is first recorded as a signed entry, created only if no
other officer recorded one first, and SageMaker's ``LastModifiedBy`` is checked after the
write (see ``_recorded``); :meth:`ApprovalDesk.verify` proves an approval from the ledger and
:meth:`ApprovalDesk.history` marks what it proves (``docs/trust-model.md``).

Example:
    >>> from sm_governance.approval import ApprovalDesk
    >>> desk = ApprovalDesk()  # doctest: +SKIP
    >>> desk.approve(arn, reason="Meets the policy", policy="policy.yaml")  # doctest: +SKIP
    >>> [event.summary for event in desk.history(arn)]  # doctest: +SKIP
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sm_governance.approval._desk import ApprovalDesk, DecisionConflictError
from sm_governance.approval._identity import Principal, parse_principal, same_person
from sm_governance.approval._metadata import (
    COUNT_KEY,
    DECIDED_AT_KEY,
    DECIDED_BY_KEY,
    DECISION_ID_KEY,
    DECISION_KEY,
    GATE_DIGEST_KEY,
    GATE_KEY,
    LOG_PREFIX,
    OVERRIDE_KEY,
    LogEntry,
    log_entries,
)
from sm_governance.approval._models import Decision, PendingVersion, Trail, TrailEvent

if TYPE_CHECKING:
    from sm_governance.ledger import VerifyResult
    from sm_governance.policy import Policy

__all__ = [
    "COUNT_KEY",
    "DECIDED_AT_KEY",
    "DECIDED_BY_KEY",
    "DECISION_ID_KEY",
    "DECISION_KEY",
    "GATE_DIGEST_KEY",
    "GATE_KEY",
    "LOG_PREFIX",
    "OVERRIDE_KEY",
    "ApprovalDesk",
    "Decision",
    "DecisionConflictError",
    "LogEntry",
    "PendingVersion",
    "Principal",
    "Trail",
    "TrailEvent",
    "approve",
    "history",
    "log_entries",
    "parse_principal",
    "pending",
    "reject",
    "same_person",
    "verify",
]


@functools.lru_cache(maxsize=1)
def _desk() -> ApprovalDesk:
    """The process's default desk: one identity call per process."""
    return ApprovalDesk()


def approve(
    arn: str,
    *,
    reason: str,
    policy: Policy | str | Path | None = None,
    override_justification: str | None = None,
    **options: Any,
) -> Decision:
    """:meth:`ApprovalDesk.approve` on a desk with the default boto3 chain (one per process)."""
    return _desk().approve(
        arn,
        reason=reason,
        policy=policy,
        override_justification=override_justification,
        **options,
    )


def reject(arn: str, *, reason: str, **options: Any) -> Decision:
    """:meth:`ApprovalDesk.reject` on the default desk."""
    return _desk().reject(arn, reason=reason, **options)


def history(arn: str) -> Trail:
    """:meth:`ApprovalDesk.history` on the default desk."""
    return _desk().history(arn)


def pending(groups: list[str] | None = None, **options: Any) -> list[PendingVersion]:
    """:meth:`ApprovalDesk.pending` on the default desk."""
    return _desk().pending(groups, **options)


def verify(arn: str) -> VerifyResult:
    """:meth:`ApprovalDesk.verify` on the default desk (ledger from ``SMGOV_LEDGER``)."""
    return _desk().verify(arn)
