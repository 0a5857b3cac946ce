"""A decision ledger for the local SageMaker: a locked S3 bucket and an asymmetric signing key.

What the decision ledger needs in AWS (``infra/governance.yaml`` creates the real ones): an S3
bucket with versioning and Object Lock (a default retention), and a KMS key with the key spec
``ECC_NIST_P256`` and the key usage ``SIGN_VERIFY``. :func:`create_ledger` makes both with plain
S3 and KMS calls, so it works under :func:`~sm_governance.testing.mock_governance` and against
the sandbox server alike, and sets nothing in the environment: :meth:`LocalLedger.environment`
gives the variables for whoever asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import boto3

__all__ = [
    "LEDGER_BUCKET",
    "LEDGER_KEY_ALIAS",
    "LEDGER_PREFIX",
    "LocalLedger",
    "create_ledger",
]

LEDGER_BUCKET = "smgov-ledger"
LEDGER_PREFIX = "decisions"
LEDGER_KEY_ALIAS = "alias/smgov-ledger-signing"
_MODES = ("COMPLIANCE", "GOVERNANCE")


@dataclass(frozen=True)
class LocalLedger:
    """A locked ledger bucket and a signing key, as :func:`create_ledger` made them.

    Example:
        >>> from sm_governance.testing import create_ledger, mock_governance
        >>> with mock_governance():
        ...     ledger = create_ledger(region_name="us-east-1")
        ...     ledger.uri
        's3://smgov-ledger/decisions'
    """

    bucket: str
    prefix: str
    key_id: str
    """The signing key's ID (a UUID)."""
    key_arn: str
    """The signing key's ARN: the value of ``SMGOV_SIGNING_KEY``."""
    key_alias: str
    retention_mode: str
    retention_days: int

    @property
    def uri(self) -> str:
        """``s3://BUCKET/PREFIX``: the value of ``SMGOV_LEDGER`` and ``--ledger``."""
        return f"s3://{self.bucket}/{self.prefix}"

    @property
    def signing_key(self) -> str:
        """The value of ``SMGOV_SIGNING_KEY`` and ``--signing-key`` (the key's ARN)."""
        return self.key_arn

    def environment(self) -> dict[str, str]:
        """``SMGOV_LEDGER`` and ``SMGOV_SIGNING_KEY`` for this ledger."""
        return {"SMGOV_LEDGER": self.uri, "SMGOV_SIGNING_KEY": self.key_arn}


def create_ledger(
    *,
    session: boto3.Session | None = None,
    region_name: str | None = None,
    endpoint_url: str | None = None,
    bucket: str = LEDGER_BUCKET,
    prefix: str = LEDGER_PREFIX,
    key_alias: str = LEDGER_KEY_ALIAS,
    retention_mode: str = "COMPLIANCE",
    retention_days: int = 1,
) -> LocalLedger:
    """Create a ledger bucket with versioning and Object Lock, and an ECC signing key.

    Args:
        session: the session that creates them; a default session when omitted.
        region_name: the region of the default session.
        endpoint_url: the sandbox server's URL, when not under ``mock_governance``.
        bucket: the bucket name.
        prefix: the key prefix decisions go under (no leading or trailing ``/``).
        key_alias: an alias for the signing key (``alias/...``).
        retention_mode: the default retention mode, ``COMPLIANCE`` (as ``infra/`` deploys it)
            or ``GOVERNANCE``.
        retention_days: the default retention in days (at least 1).

    Raises:
        ValueError: for an empty or slash-edged prefix, an unknown mode or fewer than 1 day.
    """
    if not prefix or prefix.startswith("/") or prefix.endswith("/"):
        raise ValueError(f"prefix must be non-empty without a leading or trailing '/': {prefix!r}")
    if retention_mode not in _MODES:
        raise ValueError(f"retention_mode must be COMPLIANCE or GOVERNANCE, not {retention_mode!r}")
    if retention_days < 1:
        raise ValueError(f"retention_days must be at least 1, not {retention_days}")
    if not key_alias.startswith("alias/"):
        raise ValueError(f"key_alias must start with 'alias/': {key_alias!r}")
    from sm_governance.testing._identity import new_session

    base = session or new_session(region_name=region_name)
    s3: Any = base.client("s3", endpoint_url=endpoint_url)
    kms: Any = base.client("kms", endpoint_url=endpoint_url)
    region = base.region_name or "us-east-1"
    create: dict[str, Any] = {"Bucket": bucket, "ObjectLockEnabledForBucket": True}
    if region != "us-east-1":
        create["CreateBucketConfiguration"] = {"LocationConstraint": region}
    s3.create_bucket(**create)
    # S3 turns versioning on with Object Lock; stating it keeps the intent visible.
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object_lock_configuration(
        Bucket=bucket,
        ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled",
            "Rule": {"DefaultRetention": {"Mode": retention_mode, "Days": retention_days}},
        },
    )
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    key = kms.create_key(
        KeySpec="ECC_NIST_P256",
        KeyUsage="SIGN_VERIFY",
        Description="sm-governance decision ledger signatures (local)",
    )["KeyMetadata"]
    kms.create_alias(AliasName=key_alias, TargetKeyId=key["KeyId"])
    return LocalLedger(
        bucket=bucket,
        prefix=prefix,
        key_id=str(key["KeyId"]),
        key_arn=str(key["Arn"]),
        key_alias=key_alias,
        retention_mode=retention_mode,
        retention_days=retention_days,
    )
