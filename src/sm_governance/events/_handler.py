"""The AWS Lambda handler for "SageMaker Model Package State Change" events.

- A version pending approval: the gate runs with the configured policy and its outcome is
  recorded on the version (see :mod:`sm_governance.events._gate`). The handler never approves.
- An Approved version: ``verify`` runs. When the approval no longer holds (drift, no signed
  decision, a broken chain, self-approval), a finding goes to SNS and, unless
  ``SMGOV_ON_DRIFT=alert``, the version goes back to ``PendingManualApproval`` with a reason.
  Without ``SMGOV_LEDGER`` or ``SMGOV_SIGNING_KEY`` an ``unverified_approval`` finding naming
  the missing variable goes to SNS, and the status is left alone.
- The daily scheduled event (``"detail-type": "Scheduled Event"``): the posture audit of the
  groups in ``SMGOV_AUDIT_GROUPS`` (comma-separated; every group when empty), its findings
  published to SNS.
- Anything else is ignored.

The handler reads the version afresh (events may arrive late, out of order, or more than
once), so handling an event twice changes nothing the first run did not: a version already
sent back is no longer Approved, and a gate outcome already recorded is not written again.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sm_governance.events._config import HandlerConfig
from sm_governance.events._gate import GateOutcome, gate_outcome, record_gate
from sm_governance.events._policy import PolicySource

__all__ = ["DETAIL_TYPE", "Runtime", "handle", "handler"]

DETAIL_TYPE = "SageMaker Model Package State Change"
_SOURCE = "aws.sagemaker"
_VERSION_ARN = re.compile(
    r"^arn:aws[a-z-]*:sagemaker:(?P<region>[a-z0-9-]+):(?P<account>[0-9]{12}):"
    r"model-package/(?P<group>[A-Za-z0-9](?:-*[A-Za-z0-9]){0,62})/(?P<version>[0-9]+)$"
)
_REVOKE_REASON_MAX = 1024  # ApprovalDescription's limit (botocore service model)
_log = logging.getLogger("sm_governance.events")


@dataclass
class Runtime:
    """The clients and settings one Lambda process uses (made once, on the first event)."""

    config: HandlerConfig
    sagemaker: Any
    s3: Any = None
    sns: Any = None
    kms: Any = None
    _policy: PolicySource | None = field(default=None, repr=False)
    _public_key: bytes | None = field(default=None, repr=False)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Runtime:
        """Clients from the Lambda's role, settings from ``SMGOV_*`` variables."""
        from sm_governance._aws import make_client

        config = HandlerConfig.from_env(os.environ if environ is None else environ)
        needs_s3 = bool(config.ledger) or bool(config.policy and config.policy.startswith("s3:"))
        return cls(
            config=config,
            sagemaker=make_client("sagemaker"),
            s3=make_client("s3") if needs_s3 else None,
            sns=make_client("sns") if config.findings_topic else None,
            kms=make_client("kms") if config.ledger else None,
        )

    def public_key(self, ledger: Any) -> bytes:
        """The signing key's public key, asked of KMS once per process."""
        if self._public_key is None:
            self._public_key = ledger.public_key()
        return self._public_key

    @property
    def policy(self) -> PolicySource | None:
        """Where the gate's policy comes from (``None``: no ``SMGOV_POLICY``)."""
        if self._policy is None and self.config.policy:
            self._policy = PolicySource(self.config.policy, s3=self.s3, sagemaker=self.sagemaker)
        return self._policy


_RUNTIME: Runtime | None = None


def handler(event: Any, context: Any = None) -> dict[str, Any]:
    """The Lambda entry point (``sm_governance.events.handler``).

    Returns a small JSON-ready summary: ``{"arn", "action", ...}``. Expected problems (a
    policy that cannot be read, a version that is gone) are in the summary; only AWS errors
    that a retry may cure are raised, so Lambda retries and then uses the dead-letter queue.
    """
    global _RUNTIME  # noqa: PLW0603 - one set of clients per Lambda process, as Lambda advises
    if _RUNTIME is None:
        _RUNTIME = Runtime.from_environment()
    result = handle(event, _RUNTIME)
    _log.info("%s", json.dumps(result, sort_keys=True))
    return result


def handle(event: Any, runtime: Runtime) -> dict[str, Any]:
    """Handle one event with the given runtime (what :func:`handler` does, for tests)."""
    from sm_governance.errors import NotFoundError

    if _is_schedule(event):
        return _audit(runtime)
    arn = _version_arn(event)
    if arn is None:
        return {"action": "ignored", "reason": "not a model package version state change"}
    try:
        from sm_governance.errors import map_client_errors

        with map_client_errors("DescribeModelPackage"):
            described = runtime.sagemaker.describe_model_package(ModelPackageName=arn)
    except NotFoundError:
        return {"arn": arn, "action": "ignored", "reason": "the version no longer exists"}
    status = described.get("ModelApprovalStatus")
    if status == "PendingManualApproval":
        return _gate(arn, described, runtime)
    if status == "Approved":
        return _reverify(arn, described, runtime)
    return {"arn": arn, "action": "ignored", "reason": f"the version is {status}"}


def _is_schedule(event: Any) -> bool:
    return (
        isinstance(event, Mapping)
        and event.get("source") == "aws.events"
        and event.get("detail-type") == "Scheduled Event"
    )


def _audit(runtime: Runtime) -> dict[str, Any]:
    from sm_governance.audit import Finding, scan

    ledger = _ledger(runtime) if runtime.config.ledger else None
    policy: Any = None
    unavailable: dict[str, str] = {}
    source = runtime.policy
    if source is not None:
        policy = _per_group(source, unavailable)
    report = scan(
        runtime.sagemaker,
        groups=runtime.config.audit_groups,
        ledger=ledger,
        public_key=runtime.public_key(ledger) if ledger is not None else None,
        policy=policy,
    )
    report.findings.extend(
        Finding(arn, "policy_unavailable", reason) for arn, reason in unavailable.items()
    )
    summary: dict[str, Any] = {"action": "audit", **report.to_json()}
    if report.findings and runtime.sns is not None and runtime.config.findings_topic:
        _publish(runtime, "audit", summary)
    return summary


def _per_group(source: PolicySource, unavailable: dict[str, str]) -> Any:
    """Each group's policy (from a folder, by its ``governance:policy`` tag), once a group.
    A group whose policy cannot be had (the single policy missing or invalid; no tag, as
    after the tag was removed; a tag naming a missing or invalid policy; a tag that cannot be
    read) fails closed, as the gate does, and the rest of the audit still runs:
    each of its Approved versions goes into ``unavailable`` with the reason, for a
    ``policy_unavailable`` finding, never a group silently without quorum or expiry checks.
    The group's ARN comes from the version's ARN: no call but the tag read."""
    from sm_governance.errors import AwsError, ValidationError

    found: dict[str, Any] = {}
    failed: dict[str, str] = {}

    def policy_of(version_arn: str) -> Any:
        group_arn = _group_arn(version_arn)
        if group_arn not in found:
            found[group_arn] = None
            try:
                found[group_arn] = source.for_group(group_arn)
            except (ValidationError, AwsError) as exc:
                failed[group_arn] = f"the group's policy cannot be read: {exc}"
        if group_arn in failed:
            unavailable[version_arn] = failed[group_arn]
        return found[group_arn]

    return policy_of


def _version_arn(event: Any) -> str | None:
    if not isinstance(event, Mapping):
        return None
    if event.get("source") != _SOURCE or event.get("detail-type") != DETAIL_TYPE:
        return None
    detail = event.get("detail")
    arn = detail.get("ModelPackageArn") if isinstance(detail, Mapping) else None
    if not isinstance(arn, str) or not _VERSION_ARN.match(arn):
        return None
    return arn


def _group_arn(arn: str) -> str:
    found = _VERSION_ARN.match(arn)
    assert found is not None  # checked by _version_arn
    partition = arn.split(":")[1]
    return (
        f"arn:{partition}:sagemaker:{found['region']}:{found['account']}:"
        f"model-package-group/{found['group']}"
    )


def _gate(arn: str, described: Mapping[str, Any], runtime: Runtime) -> dict[str, Any]:
    from sm_governance.errors import ValidationError
    from sm_governance.ledger import subject_digest

    source = runtime.policy
    if source is None:
        return {"arn": arn, "action": "ignored", "reason": "no SMGOV_POLICY configured"}
    subject = subject_digest(described)
    metadata = described.get("CustomerMetadataProperties") or {}
    try:
        policy = source.for_group(_group_arn(arn))
    except ValidationError as exc:
        # Fail closed, visibly: the version is marked failed (never left looking unchecked)
        # and the reason goes to the findings topic.
        reason = str(exc)
        closed = GateOutcome(False, "unavailable", "none", subject, (reason,), None)
        summary = {
            "arn": arn,
            "action": "gate",
            "recorded": record_gate(runtime.sagemaker, arn, metadata, closed),
            "gate": closed.to_json(),
            "policy_unavailable": reason,
        }
        if runtime.sns is not None and runtime.config.findings_topic:
            _publish(runtime, arn, summary)
        return summary
    outcome = gate_outcome(described, policy, subject)
    recorded = record_gate(runtime.sagemaker, arn, metadata, outcome)
    return {"arn": arn, "action": "gate", "recorded": recorded, "gate": outcome.to_json()}


def _reverify(arn: str, described: Mapping[str, Any], runtime: Runtime) -> dict[str, Any]:
    from sm_governance.approval._models import Snapshot
    from sm_governance.approval._verification import evaluate
    from sm_governance.audit import Finding
    from sm_governance.audit._findings import findings_from_verification

    if not runtime.config.ledger or not runtime.config.signing_key:
        # Nothing can prove the approval: reported, as the daily audit reports it without a
        # ledger, never passed over in silence; not sent back for a configuration gap.
        missing = "SMGOV_LEDGER" if not runtime.config.ledger else "SMGOV_SIGNING_KEY"
        unverified = Finding(
            arn,
            "unverified_approval",
            f"No {missing} is configured, so the approval cannot be verified.",
        )
        alert = {"arn": arn, "action": "alerted", "findings": [unverified.to_json()]}
        if runtime.sns is not None and runtime.config.findings_topic:
            _publish(runtime, arn, alert)
        return alert
    # the version as just read: verification adds only the ledger's reads
    ledger = _ledger(runtime)
    snapshot = Snapshot.from_response(described)
    record = ledger.read(snapshot.arn)
    result = evaluate(snapshot, record, runtime.public_key(ledger))
    if result.verified:
        return {"arn": arn, "action": "verified"}
    findings = findings_from_verification(arn, list(result.problems))
    summary: dict[str, Any] = {
        "arn": arn,
        "action": "alerted",
        "findings": [f.to_json() for f in findings],
    }
    if runtime.config.on_drift == "revoke":
        _revoke(runtime.sagemaker, arn, list(result.problems))
        summary["action"] = "revoked"
    if runtime.sns is not None and runtime.config.findings_topic:
        _publish(runtime, arn, summary)
    return summary


def _ledger(runtime: Runtime) -> Any:
    from sm_governance.ledger import KmsSigner, Ledger

    assert runtime.config.ledger is not None
    signer = (
        KmsSigner(runtime.kms, runtime.config.signing_key) if runtime.config.signing_key else None
    )
    return Ledger(runtime.config.ledger, s3_client=runtime.s3, signer=signer)


def _revoke(sagemaker: Any, arn: str, problems: list[str]) -> None:
    from sm_governance.errors import map_client_errors

    reason = "Sent back by sm-governance: the approval no longer verifies: " + "; ".join(problems)
    with map_client_errors("UpdateModelPackage"):
        sagemaker.update_model_package(
            ModelPackageArn=arn,
            ModelApprovalStatus="PendingManualApproval",
            ApprovalDescription=reason[:_REVOKE_REASON_MAX],
        )


_MAX_MESSAGE = 200_000  # SNS allows 256 KiB; findings beyond this are counted, not listed


def _publish(runtime: Runtime, about: str, summary: Mapping[str, Any]) -> None:
    from sm_governance.errors import map_client_errors

    message = json.dumps(summary, sort_keys=True)
    if len(message.encode("utf-8")) > _MAX_MESSAGE:
        findings = list(summary.get("findings", []))
        kept = dict(summary)
        while findings and len(json.dumps(kept).encode("utf-8")) > _MAX_MESSAGE:
            findings = findings[: len(findings) // 2]
            kept = {**summary, "findings": findings, "findings_not_listed": True}
        message = json.dumps(kept, sort_keys=True)
    with map_client_errors("Publish"):
        runtime.sns.publish(
            TopicArn=runtime.config.findings_topic,
            Subject="sm-governance finding",
            Message=message,
            MessageAttributes={"about": {"DataType": "String", "StringValue": about}},
        )
