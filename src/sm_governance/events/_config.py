"""The handler's configuration, from its environment (set by infra/continuous.yaml).

=========================  ===============================================================
variable                   meaning
=========================  ===============================================================
``SMGOV_POLICY``           the gate's policy: a file path, ``s3://bucket/key.yaml``, or
                           ``s3://bucket/prefix/`` (a folder: each group names its policy
                           with the group tag ``governance:policy``, read from
                           ``<prefix><name>.yaml``)
``SMGOV_LEDGER``           the decision ledger, ``s3://bucket/prefix`` (optional)
``SMGOV_SIGNING_KEY``      the ledger's KMS key (for verification; the handler never signs
                           a decision)
``SMGOV_ON_DRIFT``         ``revoke`` (default): an Approved version that no longer verifies
                           goes back to ``PendingManualApproval``; ``alert``: only a finding
``SMGOV_FINDINGS_TOPIC``   an SNS topic ARN for findings (optional)
``SMGOV_AUDIT_GROUPS``     the groups the daily audit scans, comma-separated (default: all)
=========================  ===============================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from sm_governance.errors import Problem, ValidationError

__all__ = ["HandlerConfig"]

OnDrift = Literal["revoke", "alert"]


@dataclass(frozen=True)
class HandlerConfig:
    """What the event handler does, read once per process from the environment.

    Example:
        >>> HandlerConfig.from_env({"SMGOV_ON_DRIFT": "alert"}).on_drift
        'alert'
    """

    policy: str | None = None
    ledger: str | None = None
    signing_key: str | None = None
    on_drift: OnDrift = "revoke"
    findings_topic: str | None = None
    audit_groups: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> HandlerConfig:
        """Read the ``SMGOV_*`` variables; a bad value is a ``ValidationError`` naming it."""
        on_drift = (environ.get("SMGOV_ON_DRIFT") or "revoke").strip().lower()
        if on_drift not in ("revoke", "alert"):
            raise ValidationError(
                [Problem("SMGOV_ON_DRIFT", f"is {on_drift[:40]!r}; use revoke or alert")],
                subject="event handler configuration",
            )
        return cls(
            policy=_clean(environ.get("SMGOV_POLICY")),
            ledger=_clean(environ.get("SMGOV_LEDGER")),
            signing_key=_clean(environ.get("SMGOV_SIGNING_KEY")),
            on_drift="alert" if on_drift == "alert" else "revoke",
            findings_topic=_clean(environ.get("SMGOV_FINDINGS_TOPIC")),
            audit_groups=tuple(
                g.strip() for g in (environ.get("SMGOV_AUDIT_GROUPS") or "").split(",") if g.strip()
            ),
        )


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value else None
