"""The gate on a new version: run the policy, record what it found on the version.

The handler never approves. It writes the gate's outcome into the version's
``CustomerMetadataProperties`` so the officer's queue shows it, under these keys:

==================================  ==========================================================
key                                 value
==================================  ==========================================================
``governance:gate_check``           ``passed`` or ``failed``
``governance:gate_check_policy``    the policy's name
``governance:gate_check_digest``    ``sha256:<hex>`` of the gate report (card and policy)
``governance:gate_check_subject``   the subject digest of the version that was checked
``governance:gate_check_at``        ISO 8601 UTC time of the check
==================================  ==========================================================

These keys are a notice, not evidence: a registrant can write metadata too. What an officer
or auditor relies on is the signed ledger and ``smgov verify``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from sm_governance.errors import map_client_errors

if TYPE_CHECKING:
    from sm_governance.policy import Policy, PolicyReport

__all__ = ["GATE_KEYS", "GateOutcome", "gate_outcome", "record_gate"]

_PREFIX = "governance:gate_check"
GATE_KEYS = {
    "result": _PREFIX,
    "policy": f"{_PREFIX}_policy",
    "digest": f"{_PREFIX}_digest",
    "subject": f"{_PREFIX}_subject",
    "at": f"{_PREFIX}_at",
}
_MAX_ENTRIES = 50  # CustomerMetadataProperties holds at most 50 entries (API reference)
_MAX_VALUE = 256


@dataclass(frozen=True)
class GateOutcome:
    """The gate's result for one version."""

    passed: bool
    policy: str
    digest: str
    subject: str
    failures: tuple[str, ...]
    report: PolicyReport | None

    @property
    def result(self) -> str:
        """The metadata value: ``"passed"`` or ``"failed"``."""
        return "passed" if self.passed else "failed"

    def to_json(self) -> dict[str, Any]:
        """JSON data for the handler's result and the log."""
        return {
            "passed": self.passed,
            "policy": self.policy,
            "digest": self.digest,
            "subject_digest": self.subject,
            "failures": list(self.failures),
        }


def gate_outcome(description: Mapping[str, Any], policy: Policy, subject: str) -> GateOutcome:
    """Evaluate the version's card against ``policy`` (pure; never raises on bad content)."""
    from sm_governance.policy import evaluate

    content = (description.get("ModelCard") or {}).get("ModelCardContent")
    parsed: Any = None
    if isinstance(content, str):
        try:
            parsed = json.loads(content)
        except ValueError:
            parsed = None
    if not isinstance(parsed, dict):
        reason = "the version has no model card" if not content else "its card is not JSON"
        return GateOutcome(False, policy.name, "none", subject, (reason,), None)
    report = evaluate(policy, parsed)
    failures = tuple(f"{r.rule}: {r.reason}" for r in report.failures)
    return GateOutcome(
        report.passed, policy.name, f"sha256:{report.digest}", subject, failures, report
    )


def already_recorded(metadata: Mapping[str, str], outcome: GateOutcome) -> bool:
    """Whether the version already carries this very outcome (an event seen twice)."""
    return (
        metadata.get(GATE_KEYS["subject"]) == outcome.subject
        and metadata.get(GATE_KEYS["digest"]) == outcome.digest
        and metadata.get(GATE_KEYS["result"]) == outcome.result
    )


def record_gate(sagemaker: Any, arn: str, metadata: Mapping[str, str], outcome: GateOutcome) -> str:
    """Write the outcome into the version's metadata; ``"recorded"``, ``"unchanged"`` or
    ``"no-room"`` (the metadata map is full)."""
    if already_recorded(metadata, outcome):
        return "unchanged"
    values = {
        GATE_KEYS["result"]: outcome.result,
        GATE_KEYS["policy"]: _fit(outcome.policy),
        GATE_KEYS["digest"]: outcome.digest,
        GATE_KEYS["subject"]: outcome.subject,
        GATE_KEYS["at"]: datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if len(set(metadata) | set(values)) > _MAX_ENTRIES:
        return "no-room"
    with map_client_errors("UpdateModelPackage"):
        sagemaker.update_model_package(ModelPackageArn=arn, CustomerMetadataProperties=values)
    return "recorded"


def _fit(text: str) -> str:
    # Metadata values allow letters, digits, spaces and _ . : / = + - @ (API reference).
    allowed = "".join(c if c.isalnum() or c in " _.:/=+-@" else "-" for c in text)
    return allowed[:_MAX_VALUE]
