"""S3 conditional writes in the local AWS: of concurrent creators of a key, exactly one wins."""

from __future__ import annotations

import threading
import time
from typing import Any

import boto3
import pytest

from sm_governance.testing import mock_governance


def test_concurrent_if_none_match_puts_create_the_object_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from moto.s3.models import S3Backend

    # GIVEN moto is slow between checking that the key is free and storing the object
    original = S3Backend.get_object

    def slow_get_object(self: Any, *args: Any, **kwargs: Any) -> Any:
        found = original(self, *args, **kwargs)
        time.sleep(0.05)
        return found

    monkeypatch.setattr(S3Backend, "get_object", slow_get_object)
    with mock_governance():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="atomic-writes", ObjectLockEnabledForBucket=True)
        outcomes: list[str] = []
        start = threading.Barrier(4)

        def create(n: int) -> None:
            start.wait()
            try:
                s3.put_object(
                    Bucket="atomic-writes", Key="1.json", Body=str(n).encode(), IfNoneMatch="*"
                )
                outcomes.append("created")
            except s3.exceptions.ClientError as exc:
                outcomes.append(exc.response["Error"]["Code"])

        # WHEN four writers create the same key at once
        threads = [threading.Thread(target=create, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        # THEN exactly one created it; the others got 412 Precondition Failed
        assert sorted(outcomes) == ["PreconditionFailed"] * 3 + ["created"]
        versions = s3.list_object_versions(Bucket="atomic-writes")["Versions"]
        assert len(versions) == 1
