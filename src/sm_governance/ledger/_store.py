"""The ledger's S3 store: list, read and create entries; never overwrite, never delete.

One version's entries are the objects ``PREFIX/<account>/<region>/<group>/<version>/<seq>.json``
(see :meth:`LedgerLocation.folder`). Entries are
created with ``If-None-Match: *``, so of two writers of the same ``seq`` exactly one
succeeds. The bucket must have versioning and Object Lock enabled (checked before a
store's first write: once per command), so a created entry cannot be deleted or replaced: an
overwrite only adds a newer object version and a delete only a delete marker, and listing
the object versions shows both.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sm_governance._files import loads_json
from sm_governance.errors import (
    ApprovalRefusedError,
    AwsError,
    NotFoundError,
    map_client_errors,
)
from sm_governance.ledger._canonical import canonical_json
from sm_governance.ledger._location import LedgerLocation

__all__ = ["MAX_ENTRIES", "LedgerRead", "LedgerStore"]

_SEQ_KEY = re.compile(r"([1-9][0-9]{0,8})\.json")
_MAX_ENTRY_BYTES = 1_000_000
MAX_ENTRIES = 1_000
"""Entries read for one version at most: a ledger larger than this is reported, not read."""
_MAX_LISTED = 10 * MAX_ENTRIES
_LOSING = frozenset({"PreconditionFailed", "ConditionalRequestConflict"})


@dataclass(frozen=True)
class LedgerRead:
    """A version's entries as stored, in ``seq`` order, and what is wrong with the storage.

    Attributes:
        entries: the parsed entries: of an overwritten object, its first version (S3 lists
            a key's versions newest first), which Object Lock keeps.
        problems: overwritten or deleted entries, stray objects, unreadable content.
    """

    folder: str
    entries: tuple[dict[str, Any], ...] = ()
    problems: tuple[str, ...] = field(default=())
    count: int = 0
    """How many entries are stored (``entries`` holds only the last ones after a tail read)."""
    damaged: frozenset[int] = frozenset()
    """The ``seq`` of each entry overwritten, deleted or unreadable (named in ``problems``)."""

    @property
    def latest(self) -> dict[str, Any] | None:
        """The entry with the highest ``seq``, if any."""
        return self.entries[-1] if self.entries else None

    @property
    def first_seq(self) -> int:
        """The ``seq`` of ``entries[0]`` (after a tail read, not 1)."""
        return self.count - len(self.entries) + 1

    @property
    def next_seq(self) -> int:
        """The ``seq`` of the next entry."""
        return self.count + 1


class LedgerStore:
    """Reads and creates ledger entries in S3.

    Args:
        client: an S3 client.
        location: the ledger's bucket and prefix.
    """

    def __init__(self, client: Any, location: LedgerLocation) -> None:
        self.client = client
        self.location = location
        self._locked = False
        self._lock = threading.Lock()

    def check_locked(self) -> None:
        """Refuse a bucket without versioning and Object Lock (two calls, once per store:
        the command line makes one per process).

        Raises:
            ApprovalRefusedError: the bucket is not locked or not versioned.
        """
        with self._lock:
            if self._locked:
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
        with self._lock:
            self._locked = True

    def read(self, arn: str, *, tail: int | None = None) -> LedgerRead:
        """The entries of the version ``arn`` (SageMaker's own ARN): one ``ListObjectVersions``
        page per 1,000 objects, then one ``GetObject`` per entry read (only the last ``tail``
        entries when given)."""
        folder = self.location.folder(arn)
        versions: dict[int, list[dict[str, Any]]] = {}
        problems: list[str] = []
        damaged: set[int] = set()
        stray: str | None = None
        listed = 0
        for page in self._pages(folder):
            for item in page.get("Versions", []):
                seq = self._seq(str(item["Key"]), folder)
                if seq is None:
                    stray = stray or str(item["Key"])
                else:
                    versions.setdefault(seq, []).append(item)
            for marker in page.get("DeleteMarkers", []):
                seq = self._seq(str(marker["Key"]), folder)
                if seq is None:
                    stray = stray or str(marker["Key"])
                elif len(problems) < MAX_ENTRIES:
                    problems.append(f"entry {seq} was deleted (a delete marker hides it)")
                    damaged.add(seq)
            listed += len(page.get("Versions", [])) + len(page.get("DeleteMarkers", []))
            if listed > _MAX_LISTED:
                problems.append(f"more than {_MAX_LISTED} objects under {folder}; not all read")
                break
        if stray is not None:
            problems.insert(0, f"unexpected object {stray} in the ledger")
        count = 0
        for seq in sorted(versions):
            if seq != count + 1:
                problems.append(f"chain broken at {count + 1}: no entry {count + 1}")
                break
            count = seq
            if len(versions[seq]) > 1:
                problems.append(
                    f"entry {seq} was overwritten ({len(versions[seq])} object versions)"
                )
                damaged.add(seq)
        if tail is None and count > MAX_ENTRIES:
            problems.append(
                f"the version has {count} ledger entries, more than the {MAX_ENTRIES} read at "
                "most; only the latest are read"
            )
            tail = MAX_ENTRIES
        first = 1 if tail is None else max(count - tail + 1, 1)
        entries = [
            self._get(folder, seq, versions[seq][-1], problems, damaged)
            for seq in range(first, count + 1)
        ]
        return LedgerRead(folder, tuple(entries), tuple(problems), count, frozenset(damaged))

    def create(self, folder: str, entry: Mapping[str, Any]) -> bool:
        """Create entry ``entry['seq']`` unless it exists (``If-None-Match: *``).

        A refusal is not always another writer's: when the answer to a put that S3 applied
        is lost (a dropped connection), botocore sends the same request again and S3 refuses
        it, the entry now existing. So a refused put reads the entry back (one ``GetObject``,
        only then) and counts as created when the stored entry is, byte for byte, the one
        sent (its signature is fresh: nobody else can have made the same bytes).

        Returns:
            ``False`` when another writer created that entry first.
        """
        key = f"{folder}{entry['seq']}.json"
        body = canonical_json(dict(entry))
        try:
            with map_client_errors("PutObject"):
                self.client.put_object(
                    Bucket=self.location.bucket,
                    Key=key,
                    Body=body,
                    ContentType="application/json",
                    IfNoneMatch="*",
                )
        except AwsError as exc:
            if exc.code in _LOSING:
                return self._stored(key) == body
            raise
        return True

    def _stored(self, key: str) -> bytes | None:
        """The object under ``key`` (at most one byte more than an entry may hold), or
        ``None`` when there is none."""
        try:
            with map_client_errors("GetObject"):  # the body's read too: it can break off
                answer = self.client.get_object(Bucket=self.location.bucket, Key=key)
                data: bytes = answer["Body"].read(_MAX_ENTRY_BYTES + 1)
        except NotFoundError:
            return None
        return data

    def _pages(self, folder: str) -> Any:
        request: dict[str, Any] = {"Bucket": self.location.bucket, "Prefix": folder}
        while True:
            try:
                with map_client_errors("ListObjectVersions"):
                    page = self.client.list_object_versions(**request)
            except NotFoundError as exc:
                # "not found" means the version or group named (exit 3): this is the ledger
                raise AwsError(
                    f"the ledger bucket {self.location.bucket} does not exist ({exc.code}): "
                    "give the decision ledger's bucket with --ledger or SMGOV_LEDGER",
                    code=exc.code,
                    operation=exc.operation,
                ) from exc
            yield page
            if not page.get("IsTruncated"):
                return
            request["KeyMarker"] = page.get("NextKeyMarker")
            request["VersionIdMarker"] = page.get("NextVersionIdMarker")

    @staticmethod
    def _seq(key: str, folder: str) -> int | None:
        match = _SEQ_KEY.fullmatch(key[len(folder) :]) if key.startswith(folder) else None
        return int(match.group(1)) if match is not None else None

    def _get(
        self,
        folder: str,
        seq: int,
        item: Mapping[str, Any],
        problems: list[str],
        damaged: set[int],
    ) -> dict[str, Any]:
        request: dict[str, Any] = {"Bucket": self.location.bucket, "Key": f"{folder}{seq}.json"}
        if item.get("VersionId") and item.get("VersionId") != "null":
            request["VersionId"] = item["VersionId"]
        with map_client_errors("GetObject"):
            body = self.client.get_object(**request)["Body"].read(_MAX_ENTRY_BYTES + 1)
        try:
            if len(body) > _MAX_ENTRY_BYTES:
                raise ValueError("too large")
            # strictly, as every file: no NaN or infinite number (no entry can hold one: it
            # has no canonical form to sign, nor JSON output to show it), no repeated key
            parsed = loads_json(body)
            if not isinstance(parsed, dict):
                raise ValueError("not an object")
        except (ValueError, RecursionError):
            problems.append(f"entry {seq} is not a readable JSON object")
            damaged.add(seq)
            return {"seq": None}
        return parsed
