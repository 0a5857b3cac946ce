"""What the approval workflow reads and returns: plain frozen dataclasses with ``to_dict``."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sm_governance._time import iso
from sm_governance._types import ApprovalStatus

if TYPE_CHECKING:
    from sm_governance.approval._identity import Principal
    from sm_governance.policy import PolicyReport

__all__ = ["Decision", "PendingVersion", "Snapshot", "Trail", "TrailEvent", "iso"]


@dataclass(frozen=True)
class Snapshot:
    """The parts of one ``DescribeModelPackage`` answer the workflow uses.

    Example:
        >>> Snapshot.from_response({"ModelApprovalStatus": "Approved"}).approval_status
        'Approved'
    """

    arn: str
    group: str
    version: int | None
    approval_status: str
    approval_description: str
    created_at: datetime | None
    created_by_arn: str | None
    created_by_id: str | None
    created_by_user_profile: str | None
    modified_at: datetime | None
    modified_by_arn: str | None
    metadata: dict[str, str]
    card_content: str | None
    card_status: str | None
    lifecycle: dict[str, str] | None
    created_by_source: str | None = None
    modified_by_id: str | None = None
    modified_by_source: str | None = None
    description: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """The whole ``DescribeModelPackage`` answer (for the subject digest)."""

    @functools.cached_property
    def subject_parts(self) -> dict[str, str]:
        """The hash of each part of the version's subject (see :mod:`sm_governance.ledger`)."""
        from sm_governance.ledger import subject_parts

        return subject_parts(self.description)

    @property
    def subject_digest(self) -> str:
        """The version's subject digest, ``sha256:v1:<hex>``."""
        from sm_governance.ledger import digest_of_parts

        return digest_of_parts(self.subject_parts)

    @property
    def registrant(self) -> Principal | None:
        """Who registered the version (``CreatedBy``), or ``None`` when SageMaker gives no ARN."""
        from sm_governance.approval._identity import parse_principal

        if not self.created_by_arn:
            return None
        return parse_principal(self.created_by_arn, self.created_by_id, self.created_by_source)

    @classmethod
    def from_response(cls, response: Mapping[str, Any]) -> Snapshot:
        """Build from a ``DescribeModelPackage`` response."""
        created = response.get("CreatedBy") or {}
        modified = response.get("LastModifiedBy") or {}
        card = response.get("ModelCard") or {}
        life = response.get("ModelLifeCycle")
        version = response.get("ModelPackageVersion")
        return cls(
            arn=str(response.get("ModelPackageArn", "")),
            group=str(response.get("ModelPackageGroupName", "")),
            version=int(version) if version is not None else None,
            approval_status=str(response.get("ModelApprovalStatus", "")),
            approval_description=str(response.get("ApprovalDescription", "") or ""),
            created_at=response.get("CreationTime"),
            created_by_arn=(created.get("IamIdentity") or {}).get("Arn"),
            created_by_id=(created.get("IamIdentity") or {}).get("PrincipalId"),
            created_by_user_profile=created.get("UserProfileName"),
            modified_at=response.get("LastModifiedTime"),
            modified_by_arn=(modified.get("IamIdentity") or {}).get("Arn"),
            metadata=dict(response.get("CustomerMetadataProperties") or {}),
            card_content=card.get("ModelCardContent"),
            card_status=card.get("ModelCardStatus"),
            lifecycle={str(k): str(v) for k, v in life.items()} if life else None,
            created_by_source=(created.get("IamIdentity") or {}).get("SourceIdentity"),
            modified_by_id=(modified.get("IamIdentity") or {}).get("PrincipalId"),
            modified_by_source=(modified.get("IamIdentity") or {}).get("SourceIdentity"),
            description=dict(response),
        )


@dataclass(frozen=True)
class Decision:
    """A decision written on a model package version (or found already written).

    Attributes:
        arn: the version's ARN.
        decision: ``APPROVED`` or ``REJECTED``.
        decision_id: the ID carried in the version's metadata; a retry with the same ID is
            recognised and not written twice.
        approver: the caller's ARN.
        decided_at: ISO 8601 UTC time.
        reason: the officer's reason, as given.
        previous_status: the status the decision replaced.
        gate: ``passed``, ``overridden`` or ``not-run``.
        gate_digest: ``sha256:<hex>`` of the gate report, or ``None``.
        override_justification: why a failed gate was overridden, or ``None``.
        report: the gate's report, when a policy was given.
        description: the ``ApprovalDescription`` written.
        replayed: ``True`` when the decision was already in place (a retry) and nothing
            was written.
        subject_digest: the version's subject digest the decision is about.
        ledger_entry: ``s3://`` URL of the signed ledger entry, or ``None`` without a
            ledger (the trail is then unverified).
        approvals_required: how many distinct officers the policy asks for (its
            ``approvals_required`` at the card's risk rating; 1 without a quorum).
        approvals: how many distinct officers have approved the same subject in this round,
            this one included. While it is below ``approvals_required`` the approval is
            recorded in the ledger but the status is not changed (:attr:`in_effect` is False).

    Example:
        >>> decision.to_dict()["decision"]  # doctest: +SKIP
        'Approved'
    """

    arn: str
    decision: ApprovalStatus
    decision_id: str
    approver: str
    decided_at: str
    reason: str
    previous_status: str
    gate: str
    gate_digest: str | None
    override_justification: str | None
    description: str
    report: PolicyReport | None = field(default=None, compare=False, repr=False)
    replayed: bool = False
    subject_digest: str | None = None
    ledger_entry: str | None = None
    approvals_required: int = 1
    approvals: int = 1

    @property
    def in_effect(self) -> bool:
        """Whether SageMaker's status now is this decision (a partial quorum is not)."""
        return self.approvals >= self.approvals_required

    @property
    def verified(self) -> bool:
        """Whether the decision is recorded in the ledger (signed); ``False`` without one."""
        return self.ledger_entry is not None

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see ``docs/cli.md``)."""
        return {
            "arn": self.arn,
            "decision": self.decision.value,
            "decision_id": self.decision_id,
            "approver": self.approver,
            "decided_at": self.decided_at,
            "reason": self.reason,
            "previous_status": self.previous_status,
            "gate": self.gate,
            "gate_digest": self.gate_digest,
            "override_justification": self.override_justification,
            "description": self.description,
            "replayed": self.replayed,
            "subject_digest": self.subject_digest,
            "ledger_entry": self.ledger_entry,
            "verified": self.verified,
            "approvals_required": self.approvals_required,
            "approvals": self.approvals,
            "in_effect": self.in_effect,
            "report": self.report.to_dict() if self.report is not None else None,
        }


@dataclass(frozen=True)
class TrailEvent:
    """One event of a version's trail.

    Attributes:
        at: ISO 8601 UTC time, or ``None`` when the source gives no time.
        kind: ``registered``, ``decision``, ``approval_status``, ``card_status``,
            ``lifecycle`` or ``modified``.
        actor: who did it (an ARN or a Studio user profile), when known.
        summary: one line for people.
        details: the event's facts (stable keys per kind, see ``docs/cli.md``).
        exact: ``False`` when ``at`` is only an upper bound (the version's last
            modification), because SageMaker keeps only the current value.
        verified: ``True`` only for what a signed, chained ledger entry proves (decisions,
            anomalies, and drift measured against a signed decision); claims from
            metadata or descriptions are never verified.

    Example:
        >>> TrailEvent("2026-11-21T23:17:06.123Z", "decision", None, "Approved").to_dict()["kind"]
        'decision'
    """

    at: str | None
    kind: str
    actor: str | None
    summary: str
    details: dict[str, Any] = field(default_factory=dict)
    exact: bool = True
    verified: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form."""
        return {
            "at": self.at,
            "kind": self.kind,
            "actor": self.actor,
            "summary": self.summary,
            "exact": self.exact,
            "verified": self.verified,
            "details": dict(self.details),
        }


@dataclass(frozen=True)
class Trail:
    """The trail of one version, oldest event first, plus what cannot be known.

    Example:
        >>> trail = desk.history(arn)  # doctest: +SKIP
        >>> [event.kind for event in trail]  # doctest: +SKIP
        ['registered', 'decision', 'lifecycle']
    """

    arn: str
    approval_status: str
    events: tuple[TrailEvent, ...]
    limits: tuple[str, ...] = ()
    ledger: str | None = None
    """The ledger the decisions were read from, or ``None`` (then nothing is verified)."""

    def __iter__(self) -> Iterator[TrailEvent]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form."""
        return {
            "arn": self.arn,
            "approval_status": self.approval_status,
            "ledger": self.ledger,
            "events": [e.to_dict() for e in self.events],
            "limits": list(self.limits),
        }


@dataclass(frozen=True)
class PendingVersion:
    """A version waiting for a decision, from ``ListModelPackages`` (no describe needed).

    Example:
        >>> [row.arn for row in desk.pending(["credit-risk"])]  # doctest: +SKIP
        ['arn:aws:sagemaker:us-east-1:111122223333:model-package/credit-risk/3']
    """

    arn: str
    group: str
    version: int | None
    created_at: str | None
    description: str | None
    lifecycle_stage: str | None
    detailed: bool = False
    """Whether the row comes from ``Search`` and so carries the three fields below."""
    risk_rating: str | None = None
    card_status: str | None = None
    created_by: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (``risk_rating``, ``card_status``, ``created_by`` if detailed)."""
        data: dict[str, Any] = {
            "arn": self.arn,
            "group": self.group,
            "version": self.version,
            "created_at": self.created_at,
            "description": self.description,
            "lifecycle_stage": self.lifecycle_stage,
        }
        if self.detailed:
            data.update(
                risk_rating=self.risk_rating,
                card_status=self.card_status,
                created_by=self.created_by,
            )
        return data
