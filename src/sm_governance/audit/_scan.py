"""The account-wide posture scan: every version, in ``Search`` pages of 100.

One ``Search`` page (``Resource=ModelPackage``) returns whole packages (card, ``CreatedBy``,
metadata), so the scan costs ``ceil(versions / 100)`` SageMaker calls, never one describe per
version. Each Approved version's ledger is read (one ``ListObjectVersions`` and one
``GetObject`` per entry) and checked against the signing key's public key, fetched once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from sm_governance._types import risk_rating_of
from sm_governance.audit._due import approved_at
from sm_governance.audit._findings import Finding, findings_from_verification
from sm_governance.errors import map_client_errors

if TYPE_CHECKING:
    from sm_governance.ledger import Ledger
    from sm_governance.policy import Policy

__all__ = ["AuditReport", "card_of", "scan", "search_versions"]

PAGE = 100  # Search's MaxResults upper bound (botocore service model)


@dataclass
class AuditReport:
    """What the scan found, and what it cost."""

    findings: list[Finding] = field(default_factory=list)
    versions: int = 0
    approved: int = 0
    calls: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """``{"versions", "approved", "findings": [...]}``."""
        return {
            "versions": self.versions,
            "approved": self.approved,
            "findings": [f.to_json() for f in self.findings],
        }


def _count(calls: dict[str, int], name: str) -> None:
    calls[name] = calls.get(name, 0) + 1


def search_versions(
    client: Any, groups: Sequence[str], calls: dict[str, int], *, status: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every model package version (of ``groups``, when given), page by page."""
    filters: list[dict[str, Any]] = []
    if groups:
        if len(groups) == 1:
            filters.append(
                {"Name": "ModelPackageGroupName", "Operator": "Equals", "Value": groups[0]}
            )
        else:
            filters.append(
                {"Name": "ModelPackageGroupName", "Operator": "In", "Value": ",".join(groups)}
            )
    if status:
        filters.append({"Name": "ModelApprovalStatus", "Operator": "Equals", "Value": status})
    request: dict[str, Any] = {
        "Resource": "ModelPackage",
        "MaxResults": PAGE,
        "SortBy": "CreationTime",
        "SortOrder": "Ascending",
    }
    if filters:
        request["SearchExpression"] = {"Filters": filters, "Operator": "And"}
    token: str | None = None
    while True:
        page_request = {**request, **({"NextToken": token} if token else {})}
        with map_client_errors("Search"):
            page = client.search(**page_request)
        _count(calls, "Search")
        for result in page.get("Results", []):
            package = result.get("ModelPackage")
            if isinstance(package, Mapping) and package.get("ModelPackageVersion") is not None:
                yield dict(package)
        token = page.get("NextToken")
        if not token:
            return


def card_of(package: Mapping[str, Any]) -> dict[str, Any]:
    """The card content of a version's record as JSON data (``{}`` when there is none)."""
    card = package.get("ModelCard")
    content = card.get("ModelCardContent") if isinstance(card, Mapping) else None
    try:
        parsed = json.loads(content) if isinstance(content, str) else None
    except (ValueError, RecursionError):  # content as SageMaker holds it: never fatal
        parsed = None
    return parsed if isinstance(parsed, dict) else {}


def _datazone(package: Mapping[str, Any], card: Mapping[str, Any]) -> bool:
    from sm_governance.card._limits import DATAZONE_PROJECT_KEY, DATAZONE_SAMPLE_KEY

    metadata = package.get("CustomerMetadataProperties") or {}
    if str(metadata.get(DATAZONE_PROJECT_KEY) or "").strip():
        return True
    info = card.get("additional_information")
    details = info.get("custom_details") if isinstance(info, Mapping) else None
    if not isinstance(details, Mapping):
        return False
    return any(
        isinstance(details.get(k), str) and details[k].strip()
        for k in (DATAZONE_PROJECT_KEY, DATAZONE_SAMPLE_KEY)
    )


def scan(
    client: Any,
    *,
    groups: Sequence[str] = (),
    ledger: Ledger | None = None,
    public_key: bytes | None = None,
    policy: Policy | Callable[[str], Policy | None] | None = None,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> AuditReport:
    """Scan every version (of ``groups``) and report each posture problem.

    Args:
        client: a SageMaker client.
        groups: limit the scan to these model package groups.
        ledger: the decision ledger; without one every Approved version is unverified.
        public_key: the ledger key's public key (DER); fetched from KMS once when omitted.
        policy: gives ``review_every`` and ``approvals_required``; without one neither is
            checked. A callable is asked for the policy of each Approved version (by its ARN).
        now: the reference time for expiry (default: now).
        progress: called with the number of versions seen so far, after each one.
    """
    from sm_governance.approval._models import Snapshot
    from sm_governance.approval._verification import evaluate

    report = AuditReport()
    moment = now or datetime.now(timezone.utc)
    key = public_key
    for package in search_versions(client, groups, report.calls):
        report.versions += 1
        arn = str(package.get("ModelPackageArn"))
        card = card_of(package)
        status = package.get("ModelApprovalStatus")
        if status != "Rejected" and not _datazone(package, card):
            report.findings.append(
                Finding(arn, "no_datazone_project", "The version names no DataZone project.")
            )
        if status == "Approved":
            report.approved += 1
            card_status = (package.get("ModelCard") or {}).get("ModelCardStatus")
            if card_status in ("Draft", "PendingReview"):
                report.findings.append(
                    Finding(
                        arn,
                        "card_not_approved",
                        f"The version is Approved but its model card is {card_status}.",
                    )
                )
            if ledger is None:
                report.findings.append(
                    Finding(
                        arn,
                        "unverified_approval",
                        "No decision ledger is configured, so no approval can be verified.",
                    )
                )
                report.findings.extend(_written_by_registrant(arn, package))
            else:
                if key is None:
                    key = ledger.public_key()
                    _count(report.calls, "GetPublicKey")
                snapshot = Snapshot.from_response(package)
                read = ledger.read(snapshot.arn)
                _count(report.calls, "ledger reads")
                result = evaluate(snapshot, read, key)
                found = findings_from_verification(arn, list(result.problems))
                report.findings.extend(found)
                unsigned = any(f.kind == "unverified_approval" for f in found)
                if unsigned:
                    report.findings.extend(_written_by_registrant(arn, package))
                group_policy = policy(arn) if callable(policy) else policy
                # expiry and quorum only from a ledger that verifies: a planted entry is
                # already an unverified_approval, and never moves a date or adds an approver
                # (a verified approval has had its entries checked: no second check)
                entries = (
                    read.entries if result.verified else _signed_entries(read, key, snapshot.arn)
                )
                if group_policy is not None and entries is not None:
                    report.findings.extend(
                        _cadence(arn, risk_rating_of(card), entries, group_policy, moment)
                    )
        if progress is not None:
            progress(report.versions)
    return report


def _signed_entries(read: Any, key: bytes, arn: str) -> Sequence[Mapping[str, Any]] | None:
    """The entries of ``read`` when all of them verify (signatures, chain, version), else
    ``None``: anyone who may write to the bucket can add an entry, so only a ledger that
    verifies gives approval times, approvers or a quorum."""
    from sm_governance.ledger import verify_entries

    if read.problems or verify_entries(read.entries, key, arn=arn, first=read.first_seq):
        return None
    entries: Sequence[Mapping[str, Any]] = read.entries
    return entries


def _written_by_registrant(arn: str, package: Mapping[str, Any]) -> list[Finding]:
    """``self_approved`` for an Approved version with no signed approval whose last writer,
    as SageMaker recorded it, is the person who registered it."""
    from sm_governance.approval._identity import parse_principal, same_person

    created = (package.get("CreatedBy") or {}).get("IamIdentity") or {}
    modified = (package.get("LastModifiedBy") or {}).get("IamIdentity") or {}
    if not created.get("Arn") or not modified.get("Arn"):
        return []
    registrant = parse_principal(
        str(created["Arn"]), created.get("PrincipalId"), created.get("SourceIdentity")
    )
    writer = parse_principal(
        str(modified["Arn"]), modified.get("PrincipalId"), modified.get("SourceIdentity")
    )
    if not same_person(registrant, writer):
        return []
    return [
        Finding(
            arn,
            "self_approved",
            f"Approved without a signed decision, and SageMaker saw the registrant "
            f"{registrant.arn} write the version last.",
        )
    ]


def _cadence(
    arn: str,
    rating: str | None,
    entries: Sequence[Mapping[str, Any]],
    policy: Policy,
    now: datetime,
) -> list[Finding]:
    from sm_governance.approval._quorum import approvers_in_force

    found: list[Finding] = []
    interval = policy.review_interval(rating)
    signed = approved_at(entries)
    if interval is not None and signed is not None:
        try:
            due = interval.after(signed[0])
        except (OverflowError, ValueError):
            due = None  # past the last representable date: never due
        if due is not None and due < now:
            found.append(
                Finding(
                    arn,
                    "approval_expired",
                    f"Approved {signed[0]:%Y-%m-%d}; the policy asks for review every "
                    f"{interval.describe()}, so it fell due {due:%Y-%m-%d}.",
                )
            )
    needed = policy.approvals_needed(rating)
    if needed > 1:
        have = len(approvers_in_force(entries))
        if have < needed:
            found.append(
                Finding(
                    arn,
                    "quorum_missing",
                    f"{have} distinct officer(s) approved; the policy requires {needed} at "
                    f"risk rating {rating or 'none'}.",
                )
            )
    return found
