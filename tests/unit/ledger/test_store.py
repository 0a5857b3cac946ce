"""The S3 store against an in-memory S3: listing pages, tails, strays, conflicts, the lock."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from sm_governance import ApprovalRefusedError, ValidationError
from sm_governance.errors import AwsError
from sm_governance.ledger import LedgerLocation, LedgerStore


def _error(code: str, operation: str) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": code}}, operation)


class MemoryS3:
    """Just enough S3 for the store: versioned objects, pages of ``page`` versions."""

    def __init__(self, *, locked: bool = True, versioned: bool = True, page: int = 1000) -> None:
        self.objects: dict[str, list[bytes]] = {}
        self.locked, self.versioned, self.page = locked, versioned, page
        self.calls: list[str] = []

    def get_object_lock_configuration(self, Bucket: str) -> dict[str, Any]:
        self.calls.append("GetObjectLockConfiguration")
        if not self.locked:
            raise _error("ObjectLockConfigurationNotFoundError", "GetObjectLockConfiguration")
        return {"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled"}}

    def get_bucket_versioning(self, Bucket: str) -> dict[str, Any]:
        self.calls.append("GetBucketVersioning")
        return {"Status": "Enabled"} if self.versioned else {}

    def put_object(self, *, Bucket: str, Key: str, Body: bytes, IfNoneMatch: str, **_: Any) -> None:
        self.calls.append("PutObject")
        if IfNoneMatch == "*" and Key in self.objects:
            raise _error("PreconditionFailed", "PutObject")
        self.objects.setdefault(Key, []).append(Body)

    def list_object_versions(self, **request: Any) -> dict[str, Any]:
        self.calls.append("ListObjectVersions")
        rows = [
            {"Key": key, "VersionId": f"{key}#{n}"}
            for key in sorted(self.objects)
            if key.startswith(request["Prefix"])
            for n in reversed(range(len(self.objects[key])))
        ]
        start = int(request.get("KeyMarker") or 0)
        chunk = rows[start : start + self.page]
        more = start + self.page < len(rows)
        page: dict[str, Any] = {"Versions": chunk, "IsTruncated": more}
        if more:
            page["NextKeyMarker"] = str(start + self.page)
            page["NextVersionIdMarker"] = "x"
        return page

    def get_object(self, *, Bucket: str, Key: str, VersionId: str | None = None) -> dict[str, Any]:
        self.calls.append("GetObject")
        if Key not in self.objects:
            raise _error("NoSuchKey", "GetObject")
        index = -1 if VersionId is None else int(VersionId.rsplit("#", 1)[1])
        return {"Body": io.BytesIO(self.objects[Key][index])}


ARN = "arn:aws:sagemaker:eu-west-1:111122223333:model-package/g/1"
FOLDER = "p/111122223333/eu-west-1/g/1/"


def store(s3: MemoryS3) -> LedgerStore:
    return LedgerStore(s3, LedgerLocation.parse("s3://ledger/p"))


def test_entries_come_back_in_seq_order_across_pages_and_a_tail_reads_only_the_end() -> None:
    s3 = MemoryS3(page=3)
    for seq in range(1, 12):
        assert store(s3).create(FOLDER, {"seq": seq})
    full = store(s3).read(ARN)
    assert [e["seq"] for e in full.entries] == list(range(1, 12))
    assert full.problems == ()
    assert s3.calls.count("ListObjectVersions") == 4
    s3.calls.clear()
    tail = store(s3).read(ARN, tail=2)
    assert [e["seq"] for e in tail.entries] == [10, 11]
    assert tail.next_seq == 12
    assert s3.calls.count("GetObject") == 2


def test_a_second_creator_of_the_same_entry_loses() -> None:
    s3 = MemoryS3()
    assert store(s3).create(FOLDER, {"seq": 1})
    assert s3.calls == ["PutObject"]
    assert not store(s3).create(FOLDER, {"seq": 1, "other": True})
    # a refused put reads the entry back, to tell another writer's entry from its own
    assert s3.calls == ["PutObject", "PutObject", "GetObject"]


def test_a_refused_retry_of_a_put_that_landed_is_the_writers_own_entry() -> None:
    # GIVEN a put that S3 applied, and its answer lost: botocore sends the same bytes again
    s3 = MemoryS3()
    entry = {"seq": 1, "signature": {"value": "fresh"}}
    assert store(s3).create(FOLDER, entry)
    # THEN the refusal of the retry is recognised as the entry being there, not a race lost
    assert store(s3).create(FOLDER, entry)
    assert len(s3.objects[f"{FOLDER}1.json"]) == 1


def test_a_refusal_with_no_entry_to_read_back_is_a_race_lost() -> None:
    class Conflicting(MemoryS3):
        def put_object(self, **_: Any) -> None:
            raise _error("ConditionalRequestConflict", "PutObject")

    assert not store(Conflicting()).create(FOLDER, {"seq": 1})


def test_other_put_errors_are_not_taken_for_a_lost_race() -> None:
    class Denied(MemoryS3):
        def put_object(self, **_: Any) -> None:
            raise _error("AccessDenied", "PutObject")

    with pytest.raises(AwsError, match="AccessDenied"):
        store(Denied()).create(FOLDER, {"seq": 1})


def test_strays_gaps_and_unreadable_entries_are_problems() -> None:
    s3 = MemoryS3()
    s3.objects[f"{FOLDER}1.json"] = [b"not json"]
    s3.objects[f"{FOLDER}3.json"] = [json.dumps({"seq": 3}).encode()]
    s3.objects[f"{FOLDER}notes.txt"] = [b"hello"]
    read = store(s3).read(ARN)
    assert read.problems == (
        f"unexpected object {FOLDER}notes.txt in the ledger",
        "chain broken at 2: no entry 2",
        "entry 1 is not a readable JSON object",
    )
    assert read.count == 1
    assert read.damaged == {1}


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity", b"1e400", b"-1e999"])
def test_an_entry_with_a_number_json_has_not_is_unreadable(constant: bytes) -> None:
    # GIVEN an unsigned object whose number no entry can hold (no canonical form, no JSON
    # output can carry it: `history -o json` would print it raw), written as a constant or
    # as a number too large for a float (parsed, it is infinite)
    s3 = MemoryS3()
    s3.objects[f"{FOLDER}1.json"] = [b'{"seq": 1, "reason": ' + constant + b"}"]
    read = store(s3).read(ARN)
    assert read.problems == ("entry 1 is not a readable JSON object",)
    assert read.entries == ({"seq": None},)


def test_overwritten_and_deleted_entries_are_damaged() -> None:
    s3 = MemoryS3()
    s3.objects[f"{FOLDER}1.json"] = [b'{"seq": 1}']
    s3.objects[f"{FOLDER}2.json"] = [b'{"seq": 2}', b'{"seq": 2, "x": 1}']
    read = store(s3).read(ARN)
    assert read.damaged == {2}
    assert read.entries[1] == {"seq": 2}  # the first object version


def test_the_lock_is_checked_once_per_store() -> None:
    s3 = MemoryS3()
    ledger = store(s3)
    ledger.check_locked()
    ledger.check_locked()
    assert s3.calls == ["GetObjectLockConfiguration", "GetBucketVersioning"]


@pytest.mark.parametrize(
    ("s3", "fragment"),
    [(MemoryS3(locked=False), "Object Lock"), (MemoryS3(versioned=False), "versioning")],
)
def test_an_unlocked_or_unversioned_bucket_is_refused(s3: MemoryS3, fragment: str) -> None:
    with pytest.raises(ApprovalRefusedError, match=fragment):
        store(s3).check_locked()


@pytest.mark.parametrize(
    ("url", "bucket", "prefix"),
    [("s3://ledger", "ledger", ""), ("s3://my.ledger-1/a/b/", "my.ledger-1", "a/b")],
)
def test_locations(url: str, bucket: str, prefix: str) -> None:
    location = LedgerLocation.parse(url)
    assert (location.bucket, location.prefix) == (bucket, prefix)
    arn = "arn:aws-cn:sagemaker:cn-north-1:111122223333:model-package/g/2"
    folder = "111122223333/cn-north-1/g/2/"
    assert location.folder(arn) == (f"{prefix}/{folder}" if prefix else folder)


def test_a_version_is_named_by_its_arn_and_nothing_else() -> None:
    location = LedgerLocation.parse("s3://ledger/p")
    for bad in ("credit-risk/1", "arn:aws:sagemaker:us-east-1:111122223333:model-package-group/g"):
        with pytest.raises(ValidationError, match="version ARN"):
            location.folder(bad)


def test_hostile_contents_are_bounded_problems_not_crashes(monkeypatch: pytest.MonkeyPatch) -> None:
    from sm_governance.ledger import _store

    monkeypatch.setattr(_store, "MAX_ENTRIES", 3)
    s3 = MemoryS3()
    s3.objects[f"{FOLDER}1.json"] = [b"[" * 100_000 + b"]" * 100_000]  # nested past any limit
    for seq in range(2, 6):
        s3.objects[f"{FOLDER}{seq}.json"] = [json.dumps({"seq": seq}).encode()]
    for n in range(50):
        s3.objects[f"{FOLDER}junk-{n:02d}"] = [b"x"]
    read = store(s3).read(ARN)
    assert read.problems[0] == f"unexpected object {FOLDER}junk-00 in the ledger"
    assert len(read.problems) == 2
    assert read.problems[1].startswith("the version has 5 ledger entries, more than the 3")
    assert [e["seq"] for e in read.entries] == [3, 4, 5]
    deep = store(s3).read(ARN, tail=5)
    assert "entry 1 is not a readable JSON object" in deep.problems


def test_a_read_back_whose_answer_breaks_off_is_an_aws_error() -> None:
    # GIVEN a refused put whose read-back answer is cut off mid-body (a flaky network)
    from botocore.exceptions import ResponseStreamingError

    class Broken(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            raise ResponseStreamingError(error="Connection broken: IncompleteRead")

    class Dropping(MemoryS3):
        def get_object(self, **request: Any) -> dict[str, Any]:
            super().get_object(**request)
            return {"Body": Broken()}

    s3 = Dropping()
    assert store(s3).create(FOLDER, {"seq": 1})
    # THEN it is the product's AWS error (a clear line, exit 4), never a raw botocore error
    with pytest.raises(AwsError, match="GetObject"):
        store(s3).create(FOLDER, {"seq": 1})
