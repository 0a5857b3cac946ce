"""The ledger's S3 store: list, read and create entries; never overwrite, never delete.

One version's entries are the objects ``PREFIX/<group>/<version>/<seq>.json``. Entries are
created with ``If-None-Match: *``, so of two writers of the same ``seq`` exactly one
succeeds. The bucket must have versioning and Object Lock enabled (checked once per process
and bucket before the first write), so a created entry cannot be deleted or replaced: an
overwrite only adds a newer object version and a delete only a delete marker, and listing
the object versions shows both.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sm_governance.errors import ApprovalRefusedError, AwsError, map_client_errors
from sm_governance.ledger._canonical import canonical_json
from sm_governance.ledger._location import LedgerLocation

__all__ = ["LedgerRead", "LedgerStore"]

_SEQ_KEY = re.compile(r"([1-9][0-9]{0,8})\.json")
_MAX_ENTRY_BYTES = 1_000_000
_LOSING = frozenset({"PreconditionFailed", "ConditionalRequestConflict"})
_checked: set[tuple[str, str]] = set()
_checked_lock = threading.Lock()


@dataclass(frozen=True)
class LedgerRead:
    """A version's entries as stored, in ``seq`` order, and what is wrong with the storage.

    Attributes:
        entries: the parsed entries (the first version of each object).
        problems: overwritten or deleted entries, stray objects, unreadable content.
    """

    folder: str
    entries: tuple[dict[str, Any], ...] = ()
    problems: tuple[str, ...] = field(default=())

    @property
    def latest(self) -> dict[str, Any] | None:
        """The entry with the highest ``seq``, if any."""
        return self.entries[-1] if self.entries else None

    @property
    def next_seq(self) -> int:
        """The ``seq`` of the next entry."""
        return len(self.entries) + 1


class LedgerStore:
    """Reads and creates ledger entries in S3.

    Args:
        client: an S3 client.
        location: the ledger's bucket and prefix.
    """

    def __init__(self, client: Any, location: LedgerLocation) -> None:
        self.client = client
        self.location = location

    def check_locked(self) -> None:
        """Refuse a bucket without versioning and Object Lock (two calls, once per process).

        Raises:
            ApprovalRefusedError: the bucket is not locked or not versioned.
        """
        endpoint = str(getattr(getattr(self.client, "meta", None), "endpoint_url", ""))
        marker = (endpoint, self.location.bucket)
        with _checked_lock:
            if marker in _checked:
                return
        bucket = self.location.bucket
        try:
            with map_client_errors("GetObjectLockConfiguration"):
                lock = self.client.get_object_lock_configuration(Bucket=bucket)
            enabled = lock.get("ObjectLockConfiguration", {}).get("ObjectLockEnabled")
        except AwsError as exc:
            if exc.code != "ObjectLockConfigurationNotFoundError":
                raise
            enabled = None
        if enabled != "Enabled":
            raise ApprovalRefusedError(
                f"the ledger bucket {bucket} does not have Object Lock enabled, so its entries "
                "could be deleted; refusing to record decisions there (create the bucket with "
                "Object Lock, as infra/ does)"
            )
        with map_client_errors("GetBucketVersioning"):
            versioning = self.client.get_bucket_versioning(Bucket=bucket).get("Status")
        if versioning != "Enabled":
            raise ApprovalRefusedError(
                f"the ledger bucket {bucket} does not have versioning enabled; refusing to "
                "record decisions there"
            )
        with _checked_lock:
            _checked.add(marker)

    def read(self, group: str, version: int) -> LedgerRead:
        """One version's entries: one ``ListObjectVersions`` page per 1,000 objects, one
        ``GetObject`` per entry."""
        folder = self.location.folder(group, version)
        versions: dict[int, list[dict[str, Any]]] = {}
        problems: list[str] = []
        for page in self._pages(folder):
            for item in page.get("Versions", []):
                seq = self._seq(str(item["Key"]), folder, problems)
                if seq is not None:
                    versions.setdefault(seq, []).append(item)
            for marker in page.get("DeleteMarkers", []):
                seq = self._seq(str(marker["Key"]), folder, problems)
                if seq is not None:
                    problems.append(f"entry {seq} was deleted (a delete marker hides it)")
        entries: list[dict[str, Any]] = []
        for seq in sorted(versions):
            if seq != len(entries) + 1:
                problems.append(f"chain broken at {len(entries) + 1}: no entry {len(entries) + 1}")
                break
            found = versions[seq]
            if len(found) > 1:
                problems.append(f"entry {seq} was overwritten ({len(found)} object versions)")
            first = min(found, key=lambda v: v.get("LastModified") or 0)
            entries.append(self._get(folder, seq, first, problems))
        return LedgerRead(folder, tuple(entries), tuple(problems))

    def create(self, folder: str, entry: Mapping[str, Any]) -> bool:
        """Create entry ``entry['seq']`` unless it exists (``If-None-Match: *``).

        Returns:
            ``False`` when another writer created that entry first.
        """
        try:
            with map_client_errors("PutObject"):
                self.client.put_object(
                    Bucket=self.location.bucket,
                    Key=f"{folder}{entry['seq']}.json",
                    Body=canonical_json(dict(entry)),
                    ContentType="application/json",
                    IfNoneMatch="*",
                )
        except AwsError as exc:
            if exc.code in _LOSING:
                return False
            raise
        return True

    def _pages(self, folder: str) -> Any:
        request: dict[str, Any] = {"Bucket": self.location.bucket, "Prefix": folder}
        while True:
            with map_client_errors("ListObjectVersions"):
                page = self.client.list_object_versions(**request)
            yield page
            if not page.get("IsTruncated"):
                return
            request["KeyMarker"] = page.get("NextKeyMarker")
            request["VersionIdMarker"] = page.get("NextVersionIdMarker")

    @staticmethod
    def _seq(key: str, folder: str, problems: list[str]) -> int | None:
        match = _SEQ_KEY.fullmatch(key[len(folder) :]) if key.startswith(folder) else None
        if match is None:
            problems.append(f"unexpected object {key} in the ledger")
            return None
        return int(match.group(1))

    def _get(
        self, folder: str, seq: int, item: Mapping[str, Any], problems: list[str]
    ) -> dict[str, Any]:
        request: dict[str, Any] = {"Bucket": self.location.bucket, "Key": f"{folder}{seq}.json"}
        if item.get("VersionId") and item.get("VersionId") != "null":
            request["VersionId"] = item["VersionId"]
        with map_client_errors("GetObject"):
            body = self.client.get_object(**request)["Body"].read(_MAX_ENTRY_BYTES + 1)
        try:
            if len(body) > _MAX_ENTRY_BYTES:
                raise ValueError("too large")
            parsed = json.loads(body)
            if not isinstance(parsed, dict):
                raise ValueError("not an object")
        except ValueError:
            problems.append(f"entry {seq} is not a readable JSON object")
            return {"seq": None}
        return parsed
