"""Reading a policy from an S3 object: the one reader for ``smgov`` and the Lambda handler.

Not imported by ``sm_governance.policy`` itself: the package stays free of AWS, and the
client is the caller's, asked for only once the location is known to be well formed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sm_governance.errors import Problem, ValidationError, map_client_errors
from sm_governance.policy._load import MAX_POLICY_BYTES, policy_from_text

if TYPE_CHECKING:
    from sm_governance.policy._model import Policy

__all__ = ["load_s3_policy"]


def load_s3_policy(uri: str, s3: Callable[[], Any]) -> Policy:
    """Read and validate the policy in the S3 object ``s3://BUCKET/KEY``.

    At most :data:`MAX_POLICY_BYTES` are read (the limit of a policy file); the text must be
    UTF-8, as a file's. The object is never taken for a path or a bundled policy's name.

    Args:
        uri: ``s3://BUCKET/KEY``.
        s3: gives the S3 client (called only for a well-formed ``uri``).

    Raises:
        ValidationError: ``uri`` names no object, or the object is too large, not UTF-8 or
            not a valid policy.
        AwsError: the object cannot be read (``NotFoundError`` when it does not exist).
    """
    from sm_governance._files import decode_text

    subject = f"policy {uri!r}"
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    if not uri.startswith("s3://") or not bucket or not key:
        raise ValidationError(
            [Problem("", "an S3 policy location is s3://BUCKET/KEY")], subject=subject
        )
    with map_client_errors("GetObject"):
        body = s3().get_object(Bucket=bucket, Key=key)["Body"]
        try:
            data: bytes = body.read(MAX_POLICY_BYTES + 1)
        finally:
            body.close()
    if len(data) > MAX_POLICY_BYTES:
        why = f"it is larger than {MAX_POLICY_BYTES:,} bytes; a policy is a short file"
        raise ValidationError([Problem("", why)], subject=subject)
    return policy_from_text(decode_text(data, subject=subject), subject=subject)
