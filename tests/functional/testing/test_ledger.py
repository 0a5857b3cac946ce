"""The decision ledger of the local SageMaker: a locked bucket and an ECC signing key.

Offered by the ``ledger`` / ``ledger_env`` fixtures, ``mock_governance(ledger=True)`` and
``create_ledger``; checked here with plain S3 and KMS calls.
"""

from __future__ import annotations

import os
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from sm_governance.testing import LocalLedger, create_ledger, mock_governance

MESSAGE = b'{"decision":"Approved","seq":1}'


def _assert_locked(s3: Any, ledger: LocalLedger) -> None:
    assert s3.get_bucket_versioning(Bucket=ledger.bucket)["Status"] == "Enabled"
    lock = s3.get_object_lock_configuration(Bucket=ledger.bucket)["ObjectLockConfiguration"]
    assert lock["ObjectLockEnabled"] == "Enabled"
    retention = lock["Rule"]["DefaultRetention"]
    assert (retention["Mode"], retention["Days"]) == (
        ledger.retention_mode,
        ledger.retention_days,
    )


def test_the_ledger_fixture(ledger: LocalLedger, aws_session: boto3.Session) -> None:
    # GIVEN the fixture's ledger
    assert ledger.uri == "s3://smgov-ledger/decisions"
    assert ledger.signing_key == ledger.key_arn
    # THEN nothing was set in the environment
    assert "SMGOV_LEDGER" not in os.environ
    assert "SMGOV_SIGNING_KEY" not in os.environ
    # AND the bucket has versioning, Object Lock and a default retention in compliance mode
    s3 = aws_session.client("s3")
    _assert_locked(s3, ledger)
    assert ledger.retention_mode == "COMPLIANCE"
    # AND a locked object version cannot be deleted
    put = s3.put_object(Bucket=ledger.bucket, Key=f"{ledger.prefix}/g/1/1.json", Body=MESSAGE)
    with pytest.raises(ClientError) as caught:
        s3.delete_object(
            Bucket=ledger.bucket, Key=f"{ledger.prefix}/g/1/1.json", VersionId=put["VersionId"]
        )
    assert caught.value.response["Error"]["Code"] == "AccessDenied"


def test_the_key_signs_with_ecdsa_p256(ledger: LocalLedger, aws_session: boto3.Session) -> None:
    kms = aws_session.client("kms")
    metadata = kms.describe_key(KeyId=ledger.key_alias)["KeyMetadata"]
    assert (metadata["KeySpec"], metadata["KeyUsage"]) == ("ECC_NIST_P256", "SIGN_VERIFY")
    assert metadata["Arn"] == ledger.key_arn
    assert "ECDSA_SHA_256" in metadata["SigningAlgorithms"]
    # WHEN an entry is signed through KMS
    signature = kms.sign(KeyId=ledger.key_arn, Message=MESSAGE, SigningAlgorithm="ECDSA_SHA_256")[
        "Signature"
    ]
    # THEN the public key KMS hands out verifies it offline, and not a changed entry
    der = kms.get_public_key(KeyId=ledger.key_id)["PublicKey"]
    public = serialization.load_der_public_key(der)
    assert isinstance(public, ec.EllipticCurvePublicKey)
    assert public.curve.name == "secp256r1"
    public.verify(signature, MESSAGE, ec.ECDSA(hashes.SHA256()))
    with pytest.raises(InvalidSignature):
        public.verify(signature, MESSAGE + b" ", ec.ECDSA(hashes.SHA256()))


def test_ledger_env_sets_the_two_variables(ledger_env: LocalLedger) -> None:
    assert os.environ["SMGOV_LEDGER"] == ledger_env.uri
    assert os.environ["SMGOV_SIGNING_KEY"] == ledger_env.key_arn


def test_mock_governance_with_a_ledger(aws_credentials: dict[str, str]) -> None:
    with mock_governance(ledger=True) as mock:
        _assert_locked(boto3.client("s3", region_name="us-east-1"), mock.ledger)
        assert mock.ledger.environment() == {
            "SMGOV_LEDGER": "s3://smgov-ledger/decisions",
            "SMGOV_SIGNING_KEY": mock.ledger.key_arn,
        }
        assert "SMGOV_LEDGER" not in os.environ
    with mock_governance() as mock, pytest.raises(RuntimeError, match="ledger=True"):
        _ = mock.ledger


def test_create_ledger_elsewhere_and_in_governance_mode(aws_session: boto3.Session) -> None:
    session = boto3.Session(region_name="eu-west-1")
    ledger = create_ledger(
        session=session,
        bucket="audit-trail",
        prefix="smgov/decisions",
        key_alias="alias/audit",
        retention_mode="GOVERNANCE",
        retention_days=30,
    )
    assert ledger.uri == "s3://audit-trail/smgov/decisions"
    s3 = session.client("s3")
    _assert_locked(s3, ledger)
    assert s3.get_bucket_location(Bucket="audit-trail")["LocationConstraint"] == "eu-west-1"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"prefix": ""}, "prefix"),
        ({"prefix": "/decisions"}, "prefix"),
        ({"prefix": "decisions/"}, "prefix"),
        ({"retention_mode": "compliance"}, "retention_mode"),
        ({"retention_days": 0}, "retention_days"),
        ({"key_alias": "smgov"}, "key_alias"),
    ],
)
def test_bad_arguments_are_refused_before_any_call(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        create_ledger(session=boto3.Session(region_name="us-east-1"), **arguments)
