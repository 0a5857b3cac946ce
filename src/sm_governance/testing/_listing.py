"""Model packages indexed by group and creation order, and the pages listed from that index.

SageMaker looks a group's versions up directly; moto filters and sorts every package of the
account on each ``ListModelPackages`` page. The index here keeps, per backend, every package's
ARN in creation order (a sequence number each), for the account and for each group. A page
starts where the previous one stopped (the ``NextToken`` carries the last sequence number) and
reads only as many packages as the page needs, so a page costs the same whatever the account
holds and whichever page it is.

Packages enter the index when the extension creates them and leave it when it deletes them; a
package put into moto's backend some other way (moto's own code, a test) is noticed by count
and the index rebuilt from the backend.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
import threading
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from sm_governance.testing._backend import error, find_group, state

__all__ = ["Index", "index", "list_page", "summary"]

DEFAULT_MAX_RESULTS = 100
"""Packages a page holds when ``MaxResults`` is not given (moto's default)."""


class Index:
    """ARNs in creation order, for the account and per group."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        """The sandbox serves requests in threads: one change of the index at a time."""
        self.next_seq = 1
        self.seq_of: dict[str, int] = {}
        self.everything: list[tuple[int, str]] = []
        self.by_group: dict[str, list[tuple[int, str]]] = {}

    def add(self, package: Any) -> None:
        """Index a package created now (after every package indexed so far)."""
        with self.lock:
            entry = (self.next_seq, package.arn)
            self.next_seq += 1
            self.seq_of[package.arn] = entry[0]
            self.everything.append(entry)
            if package.model_package_version is not None:
                self.by_group.setdefault(package.model_package_group_name, []).append(entry)

    def remove(self, package: Any) -> None:
        """Forget a deleted package."""
        with self.lock:
            seq = self.seq_of.pop(package.arn, None)
            if seq is None:
                return
            entry = (seq, package.arn)
            _discard(self.everything, entry)
            group = self.by_group.get(package.model_package_group_name)
            if group is not None:
                _discard(group, entry)
                if not group:
                    del self.by_group[package.model_package_group_name]


def _discard(entries: list[tuple[int, str]], entry: tuple[int, str]) -> None:
    at = bisect.bisect_left(entries, entry)
    if at < len(entries) and entries[at] == entry:
        del entries[at]


def index(backend: Any) -> Index:
    """The backend's index, rebuilt when packages reached moto's backend some other way."""
    own = state(backend)
    current: Index | None = getattr(own, "index", None)
    if current is None or len(current.seq_of) != len(backend.model_packages):
        current = Index()
        packages = sorted(backend.model_packages.values(), key=lambda p: (p.creation_time, p.arn))
        for package in packages:
            current.add(package)
        own.index = current
    return current


def summary(package: Any) -> dict[str, Any]:
    """A ``ModelPackageSummary``, made from the package's attributes (no full description)."""
    fields = {
        "ModelPackageName": package.model_package_name,
        "ModelPackageGroupName": package.model_package_group_name,
        "ModelPackageVersion": package.model_package_version,
        "ModelPackageArn": package.arn,
        "ModelPackageDescription": package.model_package_description,
        "CreationTime": package.creation_time,
        "ModelPackageStatus": package.model_package_status,
        "ModelApprovalStatus": package.model_approval_status,
        "ModelLifeCycle": getattr(package, "model_life_cycle", None),
    }
    return {key: value for key, value in fields.items() if value is not None}


# --- NextToken ---------------------------------------------------------------------------------


def fingerprint(params: Mapping[str, Any], ignored: tuple[str, ...]) -> str:
    """A short digest of a request's filters, so a token is used only with its own query."""
    kept = {k: v for k, v in params.items() if k not in ignored and v is not None}
    text = json.dumps(kept, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def make_token(position: int, query: str) -> str:
    """An opaque ``NextToken``: where the next page starts, for which query."""
    raw = json.dumps({"after": position, "query": query}).encode()
    return base64.urlsafe_b64encode(raw).decode()


def read_token(token: str | None, query: str) -> int | None:
    """The position a ``NextToken`` names, or ``None`` for a first page.

    Raises:
        SagemakerClientError: ``ValidationException`` for a token that is not one of ours or
            was made for another query.
    """
    if token is None:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        position = data["after"]
        same_query = data["query"] == query
    except (ValueError, TypeError, KeyError):
        raise error("ValidationException", "The NextToken is not valid.") from None
    if not isinstance(position, int) or not same_query:
        raise error("ValidationException", "The NextToken is not valid for this request.")
    return position


# --- ListModelPackages -------------------------------------------------------------------------


def _matches(package: Any, params: Mapping[str, Any], package_type: str) -> bool:
    versioned = package.model_package_version is not None
    if package_type == "Versioned" and not versioned:
        return False
    if package_type == "Unversioned" and versioned:
        return False
    after: datetime | None = params.get("CreationTimeAfter")
    before: datetime | None = params.get("CreationTimeBefore")
    if after is not None and not package.creation_time > after:
        return False
    if before is not None and not package.creation_time < before:
        return False
    contains = params.get("NameContains")
    if contains is not None and contains not in package.model_package_name:
        return False
    status = params.get("ModelApprovalStatus")
    return status is None or package.model_approval_status == status


def _candidates(
    entries: list[tuple[int, str]], after: int | None, descending: bool
) -> Iterator[tuple[int, str]]:
    if descending:
        stop = len(entries) if after is None else bisect.bisect_left(entries, (after, ""))
        for at in range(stop - 1, -1, -1):
            yield entries[at]
    else:
        start = 0 if after is None else bisect.bisect_right(entries, (after, "\uffff"))
        for at in range(start, len(entries)):
            yield entries[at]


def list_page(backend: Any, params: Mapping[str, Any]) -> dict[str, Any]:
    """One ``ListModelPackages`` page, read from the index.

    The group's own versions when ``ModelPackageGroupName`` is given (named or by ARN);
    otherwise the account's packages of ``ModelPackageType`` (``Unversioned`` by default, as
    moto has it). Sorted by creation time (``SortBy=CreationTime``, the default, in either
    order) straight from the index; ``SortBy=Name`` sorts the matching packages.
    """
    everything = index(backend)
    group_name = params.get("ModelPackageGroupName")
    if group_name is not None:
        group = find_group(backend, group_name)
        entries = everything.by_group.get(group.model_package_group_name, [])
        package_type = "Versioned"
    else:
        entries = everything.everything
        package_type = params.get("ModelPackageType") or "Unversioned"
    limit = params.get("MaxResults") or DEFAULT_MAX_RESULTS
    descending = params.get("SortOrder") == "Descending"
    query = fingerprint(params, ("NextToken", "MaxResults"))
    after = read_token(params.get("NextToken"), query)
    packages = backend.model_packages
    if params.get("SortBy") == "Name":
        return _name_sorted_page(
            packages,
            entries=entries,
            params=params,
            package_type=package_type,
            limit=limit,
            after=after,
            query=query,
        )
    found: list[Any] = []
    last = None
    for seq, arn in _candidates(entries, after, descending):
        package = packages.get(arn)
        if package is None or not _matches(package, params, package_type):
            continue
        if len(found) == limit:
            return {
                "ModelPackageSummaryList": [summary(p) for p in found],
                "NextToken": make_token(last, query) if last is not None else None,
            }
        found.append(package)
        last = seq
    return {"ModelPackageSummaryList": [summary(p) for p in found]}


def _name_sorted_page(
    packages: Mapping[str, Any],
    *,
    entries: list[tuple[int, str]],
    params: Mapping[str, Any],
    package_type: str,
    limit: int,
    after: int | None,
    query: str,
) -> dict[str, Any]:
    matching = [
        packages[arn]
        for _, arn in entries
        if arn in packages and _matches(packages[arn], params, package_type)
    ]
    matching.sort(
        key=lambda p: (p.model_package_name, p.model_package_version or 0),
        reverse=params.get("SortOrder") == "Descending",
    )
    start = after or 0
    page = matching[start : start + limit]
    answer: dict[str, Any] = {"ModelPackageSummaryList": [summary(p) for p in page]}
    if start + limit < len(matching):
        answer["NextToken"] = make_token(start + limit, query)
    return answer
