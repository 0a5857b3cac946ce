"""Reading a policy from an S3 object: the one reader the CLI and the event handler share."""

from __future__ import annotations

import io
from typing import Any

import pytest

from sm_governance.errors import ValidationError
from sm_governance.policy._s3 import load_s3_policy


class _Body(io.BytesIO):
    """A streaming body that remembers how far it was read once closed."""

    read_to = 0

    def close(self) -> None:
        self.read_to = self.tell()
        super().close()


class _Bucket:
    """An S3 client that holds objects in memory and counts its ``GetObject`` calls."""

    def __init__(self, **objects: bytes) -> None:
        self.objects = objects
        self.bodies: list[_Body] = []

    def get_object(self, *, Bucket: str, Key: str) -> dict[str, Any]:
        assert Bucket == "policies"
        body = _Body(self.objects[Key])
        self.bodies.append(body)
        return {"Body": body}


def _problem(uri: str, bucket: _Bucket) -> str:
    with pytest.raises(ValidationError) as info:
        load_s3_policy(uri, lambda: bucket)
    assert info.value.subject == f"policy {uri!r}"
    (problem,) = info.value.problems
    return problem.message


def test_a_policy_is_read_from_its_object_and_the_body_closed() -> None:
    text = b"\xef\xbb\xbfpolicy: credit\nrequire: [intended_uses.purpose_of_model]\n"
    bucket = _Bucket(**{"gates/credit.yaml": text})
    policy = load_s3_policy("s3://policies/gates/credit.yaml", lambda: bucket)
    assert policy.name == "credit"
    assert [body.closed for body in bucket.bodies] == [True]


def test_the_object_is_policy_text_never_a_path_or_a_bundled_name() -> None:
    # GIVEN an object whose whole text would name a bundled policy or a file if it were
    # an argument
    bucket = _Bucket(named=b"eu-ai-act-high-risk", path=b"policy.yaml")
    # THEN each is read as YAML text, which is no policy
    assert _problem("s3://policies/named", bucket).startswith("it must be a mapping")
    assert _problem("s3://policies/path", bucket).startswith("it must be a mapping")


@pytest.mark.parametrize("uri", ["s3://policies", "s3://policies/", "s3:///key.yaml"])
def test_a_location_without_bucket_and_key_is_refused_before_any_client(uri: str) -> None:
    def no_client() -> Any:
        raise AssertionError("no client may be made for a malformed location")

    with pytest.raises(ValidationError) as info:
        load_s3_policy(uri, no_client)
    assert "s3://BUCKET/KEY" in str(info.value)


def test_a_large_object_is_refused_after_reading_one_byte_past_the_limit() -> None:
    bucket = _Bucket(big=b"#" * 2_000_000)
    assert _problem("s3://policies/big", bucket) == (
        "it is larger than 1,000,000 bytes; a policy is a short file"
    )
    assert bucket.bodies[0].read_to == 1_000_001


def test_text_that_is_not_utf8_names_the_byte_as_a_file_would() -> None:
    bucket = _Bucket(bad=b"policy: \xff\xfe")
    assert _problem("s3://policies/bad", bucket) == (
        "it is not UTF-8 text (bad byte 0xff at offset 8)"
    )
