"""The review queue: versions waiting for a decision, at the fewest calls SageMaker allows.

Without named groups the whole account is listed at once: ``ListModelPackages`` without a
group name, filtered by ``ModelApprovalStatus=PendingManualApproval`` and
``ModelPackageType=Versioned``, 100 versions a page. A scan costs ``ceil(pending/100)`` calls
(at least one), however many groups and versions the account holds.

With named groups each group costs at least one call of its own, so the account-wide listing
is tried first, for at most ``len(groups) - 1`` pages: if the account's whole queue fits in
them it is cheaper, and the rows of the named groups are kept. Otherwise the named groups are
listed one by one, concurrently (``sum(ceil(p_i/100))`` calls, at least one per group). One
group, and groups named by ARN (they may belong to another account), are always listed by
themselves.

``details=True`` uses ``Search`` (``Resource=ModelPackage``) instead of ``ListModelPackages``:
the same number of calls, each result the whole package, so each row also carries the card's
risk rating, the card status and who registered the version. ``Search`` needs the
``sagemaker:Search`` permission and pages are larger (each carries the cards).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from typing import Any

from sm_governance._types import ApprovalStatus, RiskRating, risk_rating_of
from sm_governance.approval._models import PendingVersion, iso
from sm_governance.errors import Problem, ValidationError, map_client_errors

__all__ = ["PAGE_SIZE", "list_groups", "scan_pending"]

PAGE_SIZE = 100
"""The largest page ``ListModelPackages`` and ``Search`` return (``MaxResults`` 1-100)."""

_GROUP = re.compile(
    r"(?:arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:model-package-group/)?"
    r"[a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62}"
)
_RISK = frozenset(r.value for r in RiskRating)
_Pages = Callable[[Any, "str | None"], Iterator[tuple[list[PendingVersion], bool]]]


def list_groups(client: Any) -> list[str]:
    """Every model package group name in the account and region (paginated)."""
    names: list[str] = []
    with map_client_errors("ListModelPackageGroups"):
        for page in client.get_paginator("list_model_package_groups").paginate(
            PaginationConfig={"PageSize": PAGE_SIZE}
        ):
            names.extend(g["ModelPackageGroupName"] for g in page["ModelPackageGroupSummaryList"])
    return names


def _summary_row(item: Mapping[str, Any]) -> PendingVersion:
    life = item.get("ModelLifeCycle") or {}
    version = item.get("ModelPackageVersion")
    return PendingVersion(
        arn=item["ModelPackageArn"],
        group=item["ModelPackageGroupName"],
        version=int(version) if version is not None else None,
        created_at=iso(item.get("CreationTime")),
        description=item.get("ModelPackageDescription"),
        lifecycle_stage=life.get("Stage"),
    )


def _risk_rating(content: object) -> str | None:
    """The card's risk rating if it is one of SageMaker's values.

    Unlike the gate's report, the queue shows nothing else: a record holding another value
    was not written through SageMaker's schema, and its text is no rating to list.
    """
    rating = risk_rating_of(content)
    return rating if rating in _RISK else None


def _detailed_row(package: Mapping[str, Any]) -> PendingVersion:
    from sm_governance.registry._version import identity_arn

    card = package.get("ModelCard") or {}
    status = card.get("ModelCardStatus")
    return replace(
        _summary_row(package),
        detailed=True,
        risk_rating=_risk_rating(card.get("ModelCardContent")),
        card_status=status if isinstance(status, str) else None,
        created_by=identity_arn(package.get("CreatedBy")),
    )


def _listed(client: Any, group: str | None) -> Iterator[tuple[list[PendingVersion], bool]]:
    """``ListModelPackages`` pages of pending versions (of one group, or of the account).

    Yields each page's rows and whether another page follows; the next request is sent only
    when the caller asks for it.
    """
    params: dict[str, Any] = {
        "ModelApprovalStatus": ApprovalStatus.PENDING.value,
        "ModelPackageType": "Versioned",
        "MaxResults": PAGE_SIZE,
    }
    if group is not None:
        params["ModelPackageGroupName"] = group
    while True:
        with map_client_errors("ListModelPackages"):
            page = client.list_model_packages(**params)
        token = page.get("NextToken")
        rows = [
            _summary_row(item)
            for item in page.get("ModelPackageSummaryList", ())
            if item.get("ModelPackageGroupName")
        ]
        yield rows, bool(token)
        if not token:
            return
        params["NextToken"] = token


def _searched(client: Any, group: str | None) -> Iterator[tuple[list[PendingVersion], bool]]:
    """``Search`` pages of pending versions, whole packages (of one group, or of the account).

    Sorted by creation time so that a version decided during the scan does not move others
    between pages. Unversioned packages (no group) are dropped here rather than by an
    ``Exists`` filter, so the expression stays at most two ``Equals`` filters.
    """
    filters = [
        {
            "Name": "ModelApprovalStatus",
            "Operator": "Equals",
            "Value": ApprovalStatus.PENDING.value,
        }
    ]
    if group is not None:
        filters.append({"Name": "ModelPackageGroupName", "Operator": "Equals", "Value": group})
    params: dict[str, Any] = {
        "Resource": "ModelPackage",
        "SearchExpression": {"Filters": filters},
        "SortBy": "CreationTime",
        "SortOrder": "Ascending",
        "MaxResults": PAGE_SIZE,
    }
    while True:
        with map_client_errors("Search"):
            page = client.search(**params)
        token = page.get("NextToken")
        packages = (r.get("ModelPackage") or {} for r in page.get("Results", ()))
        rows = [
            _detailed_row(p)
            for p in packages
            if p.get("ModelPackageGroupName") and p.get("ModelPackageArn")
        ]
        yield rows, bool(token)
        if not token:
            return
        params["NextToken"] = token


def _account(pages: _Pages, client: Any, budget: int | None) -> list[PendingVersion] | None:
    """The account's whole queue, or ``None`` if it does not fit in ``budget`` pages."""
    rows: list[PendingVersion] = []
    for spent, (page, more) in enumerate(pages(client, None), start=1):
        rows.extend(page)
        if more and budget is not None and spent >= budget:
            return None
    return rows


def _per_group(
    pages: _Pages,
    client: Any,
    names: Sequence[str],
    max_workers: int,
    on_group: Callable[[str, int], None] | None,
) -> list[PendingVersion]:
    def one(name: str) -> list[PendingVersion]:
        return [row for page, _ in pages(client, name) for row in page]

    found: list[PendingVersion] = []
    with ThreadPoolExecutor(max_workers=max(1, min(max_workers, len(names)))) as pool:
        futures = {pool.submit(one, name): name for name in names}
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
    return found


def scan_pending(
    client: Any,
    groups: Sequence[str] | None = None,
    *,
    details: bool = False,
    max_workers: int = 8,
    on_group: Callable[[str, int], None] | None = None,
    on_groups: Callable[[int], None] | None = None,
) -> list[PendingVersion]:
    """Versions waiting for a decision, oldest first.

    Args:
        client: a SageMaker client (boto3 clients are safe to share between threads).
        groups: group names or ARNs; ``None`` or empty lists the whole account.
        details: use ``Search`` so that each row carries the risk rating, card status and
            registrant (same number of calls; needs ``sagemaker:Search``).
        max_workers: how many groups are listed at the same time when listed one by one.
        on_group: called as ``on_group(name, pending_count)`` when a named group is done.
        on_groups: called once with the number of named groups (not called for a whole-account
            scan, which never lists the groups).

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
    pages: _Pages = _searched if details else _listed
    if not groups:
        found = _account(pages, client, None) or []
    else:
        names = list(dict.fromkeys(groups))
        if on_groups is not None:
            on_groups(len(names))
        found = _named(pages, client, names, max_workers, on_group)
    found.sort(key=lambda v: (v.created_at or "", v.group, v.version or 0))
    return found


def _named(
    pages: _Pages,
    client: Any,
    names: list[str],
    max_workers: int,
    on_group: Callable[[str, int], None] | None,
) -> list[PendingVersion]:
    """Named groups: the account's queue if it fits in fewer pages than groups, else each."""
    plain = {n for n in names if ":" not in n}
    found: list[PendingVersion] = []
    if len(plain) > 1:
        queue = _account(pages, client, len(plain) - 1)
        if queue is not None:
            found = [row for row in queue if row.group in plain]
            if on_group is not None:
                for name in plain:
                    on_group(name, sum(1 for row in found if row.group == name))
            names = [n for n in names if n not in plain]
    if names:
        found += _per_group(pages, client, names, max_workers, on_group)
    return found
