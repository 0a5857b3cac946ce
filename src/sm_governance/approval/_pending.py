"""The review queue: versions waiting for a decision, across many groups, concurrently.

The scan uses summaries only: ``ListModelPackageGroups`` (when no groups are named) and, per
group, ``ListModelPackages`` filtered by ``ModelApprovalStatus=PendingManualApproval``, one
page of up to 100 versions per call. No version is described, so a scan of *g* groups with *p*
pending versions costs ``ceil(groups/100) + sum(ceil(p_i/100))`` calls (at least one per
group), however many versions the groups hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import Any

from sm_governance._types import ApprovalStatus
from sm_governance.approval._models import PendingVersion, iso
from sm_governance.errors import Problem, ValidationError, map_client_errors

__all__ = ["list_groups", "scan_pending"]

_GROUP = re.compile(
    r"(?:arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:model-package-group/)?"
    r"[a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62}"
)


def list_groups(client: Any) -> list[str]:
    """Every model package group name in the account and region (paginated)."""
    names: list[str] = []
    with map_client_errors("ListModelPackageGroups"):
        for page in client.get_paginator("list_model_package_groups").paginate(
            PaginationConfig={"PageSize": 100}
        ):
            names.extend(g["ModelPackageGroupName"] for g in page["ModelPackageGroupSummaryList"])
    return names


def _pending_in(client: Any, group: str) -> list[PendingVersion]:
    rows: list[PendingVersion] = []
    with map_client_errors("ListModelPackages"):
        pages = client.get_paginator("list_model_packages").paginate(
            ModelPackageGroupName=group,
            ModelApprovalStatus=ApprovalStatus.PENDING.value,
            ModelPackageType="Versioned",
            PaginationConfig={"PageSize": 100},
        )
        for page in pages:
            for item in page["ModelPackageSummaryList"]:
                life = item.get("ModelLifeCycle") or {}
                version = item.get("ModelPackageVersion")
                rows.append(
                    PendingVersion(
                        arn=item["ModelPackageArn"],
                        group=item.get("ModelPackageGroupName") or group,
                        version=int(version) if version is not None else None,
                        created_at=iso(item.get("CreationTime")),
                        description=item.get("ModelPackageDescription"),
                        lifecycle_stage=life.get("Stage"),
                    )
                )
    return rows


def scan_pending(
    client: Any,
    groups: Sequence[str] | None = None,
    *,
    max_workers: int = 8,
    on_group: Callable[[str, int], None] | None = None,
    on_groups: Callable[[int], None] | None = None,
) -> list[PendingVersion]:
    """Versions waiting for a decision, oldest first.

    Args:
        client: a SageMaker client (boto3 clients are safe to share between threads).
        groups: group names or ARNs; ``None`` or empty scans every group of the account.
        max_workers: how many groups are listed at the same time.
        on_group: called as ``on_group(name, pending_count)`` when a group is done.
        on_groups: called once with the number of groups to scan.

    Raises:
        ValidationError: a group name is invalid (nothing is sent to AWS).
        AwsError: a listing failed; the scan stops.
    """
    problems = [
        Problem(f"groups[{i}]", "is not a model package group name or ARN")
        for i, g in enumerate(groups or ())
        if not isinstance(g, str) or not _GROUP.fullmatch(g)
    ]
    if problems:
        raise ValidationError(problems, subject="groups")
    names = list(dict.fromkeys(groups)) if groups else list_groups(client)
    if on_groups is not None:
        on_groups(len(names))
    found: list[PendingVersion] = []
    if names:
        with ThreadPoolExecutor(max_workers=max(1, min(max_workers, len(names)))) as pool:
            futures = {pool.submit(_pending_in, client, name): name for name in names}
            try:
                for future in as_completed(futures):
                    rows = future.result()
                    found.extend(rows)
                    if on_group is not None:
                        on_group(futures[future], len(rows))
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    found.sort(key=lambda v: (v.created_at or "", v.group, v.version or 0))
    return found
