"""The decision ledger of infra/governance.yaml: the bucket, its policy and the signing key.

The stack is deployed into moto's CloudFormation. The roles' policies are read back from moto's
IAM, the signing key's policy from moto's KMS, and the bucket policy (a resource moto's
CloudFormation cannot create) is resolved by moto's CloudFormation for the deployed stack; all
are evaluated together by ``iam_eval`` (identity policies and the resource policy, explicit deny
wins). moto's own S3 and KMS enforce neither policy.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from tests.infra.iam_eval import (
    Caller,
    Decision,
    Request,
    evaluate_with_resource_policy,
)
from tests.infra.infra_stack import (
    ACCOUNT,
    FAKE_ENV,
    REGION,
    deploy,
    load_template,
    role_policy_documents,
)

from sm_governance.testing import mock_governance

PREFIX = "decisions"
ALLOW, EXPLICIT, IMPLICIT = Decision.ALLOW, Decision.EXPLICIT_DENY, Decision.IMPLICIT_DENY
# An administrator of the account: every action on every resource through IAM.
ADMINISTRATOR = [
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
]
KEYS = frozenset({"aws:principalarn", "aws:securetransport", "s3:prefix", "kms:signingalgorithm"})
DUTIES = ("builder", "officer", "auditor", "gate", "administrator")


def _as_document(policy: Any) -> dict[str, Any]:
    # moto's CloudFormation keeps the key policy it was given as an object; KMS returns a string
    parsed = json.loads(policy) if isinstance(policy, str) else policy
    assert isinstance(parsed, dict)
    return parsed


@pytest.fixture(scope="module")
def world() -> dict[str, Any]:
    """Deployed once: each duty's role ARN and documents, the bucket, its policy, the key's."""
    with pytest.MonkeyPatch.context() as env:
        for name, value in FAKE_ENV.items():
            env.setenv(name, value)
        with mock_governance():
            session = boto3.Session(region_name=REGION)
            stack = deploy(session, ModelPackageGroupName="credit-risk", DataZoneProjectId="p1")
            iam = session.client("iam")
            gate = iam.get_role(RoleName=stack.physical_id(session, "DeployGateRole"))["Role"]
            roles = {
                "builder": stack.outputs["BuilderRoleArn"],
                "officer": stack.outputs["OfficerRoleArn"],
                "auditor": stack.outputs["AuditorRoleArn"],
                "gate": gate["Arn"],
            }
            documents = {duty: role_policy_documents(session, arn) for duty, arn in roles.items()}
            roles["administrator"] = f"arn:aws:iam::{ACCOUNT}:role/account-administrator"
            documents["administrator"] = ADMINISTRATOR
            key_id = stack.physical_id(session, "SigningKey")
            key_policy = session.client("kms").get_key_policy(KeyId=key_id, PolicyName="default")
            bucket = stack.outputs["LedgerBucketName"]
            return {
                "outputs": stack.outputs,
                "roles": roles,
                "documents": documents,
                "bucket": bucket,
                "bucket_policy": stack.resolved_property("LedgerBucketPolicy", "PolicyDocument"),
                "key_policy": _as_document(key_policy["Policy"]),
                "key_arn": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{key_id}",
                "bucket_exists": bool(session.client("s3").head_bucket(Bucket=bucket)),
            }


def _s3(world: dict[str, Any], duty: str, action: str, key: str | None, **context: str) -> Decision:
    bucket = f"arn:aws:s3:::{world['bucket']}"
    request = Request(
        action=action,
        resource=bucket if key is None else f"{bucket}/{key}",
        context={
            "aws:PrincipalArn": world["roles"][duty],
            "aws:SecureTransport": "true",
            **context,
        },
        modelled_keys=KEYS,
    )
    caller = Caller(arn=world["roles"][duty], account=ACCOUNT)
    return evaluate_with_resource_policy(
        world["documents"][duty], world["bucket_policy"], request, caller, service="s3"
    )


def _kms(world: dict[str, Any], duty: str, action: str, **context: str) -> Decision:
    request = Request(
        action=action,
        resource=world["key_arn"],
        context={"aws:PrincipalArn": world["roles"][duty], **context},
        modelled_keys=KEYS,
    )
    caller = Caller(arn=world["roles"][duty], account=ACCOUNT)
    return evaluate_with_resource_policy(
        world["documents"][duty], world["key_policy"], request, caller, service="kms"
    )


# PREFIX/<account>/<region>/<group>/<version>/<seq>.json: this stack decides its own
# account's and region's versions only, so its officer writes only in that folder.
ENTRY = f"{PREFIX}/{ACCOUNT}/{REGION}/credit-risk/3/1.json"
# request -> (action, object key or None for the bucket, extra context)
S3_REQUESTS: dict[str, tuple[str, str | None, dict[str, str]]] = {
    "write an entry": ("s3:PutObject", ENTRY, {}),
    "write outside the prefix": (
        "s3:PutObject",
        f"elsewhere/{ACCOUNT}/{REGION}/credit-risk/3/1.json",
        {},
    ),
    "write an entry of another account": (
        "s3:PutObject",
        f"{PREFIX}/111122223333/{REGION}/credit-risk/3/1.json",
        {},
    ),
    "write an entry of another region": (
        "s3:PutObject",
        f"{PREFIX}/{ACCOUNT}/eu-west-1/credit-risk/3/1.json",
        {},
    ),
    "write an entry in the old flat layout": ("s3:PutObject", f"{PREFIX}/credit-risk/3/1.json", {}),
    "write an entry over plain HTTP": ("s3:PutObject", ENTRY, {"aws:SecureTransport": "false"}),
    "replicate an entry in": ("s3:ReplicateObject", ENTRY, {}),
    "replicate a delete marker in": ("s3:ReplicateDelete", ENTRY, {}),
    "read an entry": ("s3:GetObject", ENTRY, {}),
    "read an entry over plain HTTP": ("s3:GetObject", ENTRY, {"aws:SecureTransport": "false"}),
    "list the ledger": (
        "s3:ListBucket",
        None,
        {"s3:prefix": f"{PREFIX}/{ACCOUNT}/{REGION}/credit-risk/3/"},
    ),
    "check the lock": ("s3:GetBucketObjectLockConfiguration", None, {}),
    "delete an entry": ("s3:DeleteObject", ENTRY, {}),
    "delete an entry version": ("s3:DeleteObjectVersion", ENTRY, {}),
    "shorten an entry's retention": ("s3:PutObjectRetention", ENTRY, {}),
    "bypass governance mode": ("s3:BypassGovernanceRetention", ENTRY, {}),
    "change the default retention": ("s3:PutBucketObjectLockConfiguration", None, {}),
    "suspend versioning": ("s3:PutBucketVersioning", None, {}),
    "expire entries by lifecycle": ("s3:PutLifecycleConfiguration", None, {}),
    "delete the bucket policy": ("s3:DeleteBucketPolicy", None, {}),
    "delete the bucket": ("s3:DeleteBucket", None, {}),
}
_READ = {
    "builder": ALLOW,
    "officer": ALLOW,
    "auditor": ALLOW,
    "gate": ALLOW,
    "administrator": ALLOW,
}
_NOBODY = dict.fromkeys(DUTIES, EXPLICIT)
S3_EXPECTED: dict[str, dict[str, Decision]] = {
    "write an entry": {**_NOBODY, "officer": ALLOW},
    "write outside the prefix": _NOBODY,
    "write an entry of another account": _NOBODY,
    "write an entry of another region": _NOBODY,
    "write an entry in the old flat layout": _NOBODY,
    "write an entry over plain HTTP": _NOBODY,
    # S3 replication writes with its own actions, as a role of whoever set it up
    "replicate an entry in": _NOBODY,
    "replicate a delete marker in": _NOBODY,
    "read an entry": _READ,
    "read an entry over plain HTTP": _NOBODY,
    "list the ledger": _READ,
    "check the lock": _READ,
    **dict.fromkeys(
        (
            "delete an entry",
            "delete an entry version",
            "shorten an entry's retention",
            "bypass governance mode",
            "change the default retention",
            "suspend versioning",
            "expire entries by lifecycle",
            "delete the bucket policy",
            "delete the bucket",
        ),
        _NOBODY,
    ),
}
KMS_REQUESTS: dict[str, tuple[str, dict[str, str]]] = {
    "sign a decision": ("kms:Sign", {"kms:SigningAlgorithm": "ECDSA_SHA_256"}),
    "verify a signature": ("kms:Verify", {"kms:SigningAlgorithm": "ECDSA_SHA_256"}),
    "read the public key": ("kms:GetPublicKey", {}),
}
KMS_EXPECTED: dict[str, dict[str, Decision]] = {
    # The administrator runs the key (Get*, Put*, ...) but is denied signing like everyone else.
    "sign a decision": {**_NOBODY, "officer": ALLOW},
    "verify a signature": {**_READ, "administrator": IMPLICIT},
    "read the public key": _READ,
}


@pytest.mark.parametrize("duty", DUTIES)
def test_only_the_officer_writes_and_nobody_deletes_or_unlocks(
    world: dict[str, Any], duty: str
) -> None:
    # WHEN each duty makes every ledger request THEN each is decided as the ledger requires
    decisions = {
        name: _s3(world, duty, action, key, **context)
        for name, (action, key, context) in S3_REQUESTS.items()
    }
    assert decisions == {name: row[duty] for name, row in S3_EXPECTED.items()}


@pytest.mark.parametrize("duty", DUTIES)
def test_only_the_officer_signs_and_every_duty_verifies(world: dict[str, Any], duty: str) -> None:
    decisions = {
        name: _kms(world, duty, action, **context)
        for name, (action, context) in KMS_REQUESTS.items()
    }
    assert decisions == {name: row[duty] for name, row in KMS_EXPECTED.items()}


@pytest.mark.parametrize("duty", ["builder", "auditor", "gate", "administrator"])
def test_a_broad_grant_still_does_not_sign_or_write(world: dict[str, Any], duty: str) -> None:
    # GIVEN the duty also holds every KMS and S3 action on everything
    broad = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["kms:*", "s3:*"], "Resource": "*"}],
    }
    world = {**world, "documents": {**world["documents"], duty: [*world["documents"][duty], broad]}}
    # THEN signing and writing entries are still refused by an explicit deny
    assert _kms(world, duty, "kms:Sign", **{"kms:SigningAlgorithm": "ECDSA_SHA_256"}) is EXPLICIT
    assert _s3(world, duty, "s3:PutObject", ENTRY) is EXPLICIT
    assert _s3(world, duty, "s3:ReplicateObject", ENTRY) is EXPLICIT
    assert _s3(world, duty, "s3:DeleteObjectVersion", ENTRY) is EXPLICIT


def test_the_officer_signs_only_with_ecdsa_sha_256(world: dict[str, Any]) -> None:
    other = _kms(world, "officer", "kms:Sign", **{"kms:SigningAlgorithm": "ECDSA_SHA_384"})
    assert other is IMPLICIT


def test_the_bucket_is_locked_versioned_encrypted_and_private() -> None:
    resources = load_template()["Resources"]
    bucket = resources["LedgerBucket"]
    properties = bucket["Properties"]
    assert bucket["DeletionPolicy"] == bucket["UpdateReplacePolicy"] == "Retain"
    assert properties["ObjectLockEnabled"] is True
    assert properties["ObjectLockConfiguration"] == {
        "ObjectLockEnabled": "Enabled",
        "Rule": {
            "DefaultRetention": {"Mode": "COMPLIANCE", "Years": {"Ref": "LedgerRetentionYears"}}
        },
    }
    assert properties["VersioningConfiguration"] == {"Status": "Enabled"}
    (rule,) = properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"] == {
        "SSEAlgorithm": "aws:kms",
        "KMSMasterKeyID": {"Fn::GetAtt": ["LedgerKey", "Arn"]},
    }
    assert set(properties["PublicAccessBlockConfiguration"].values()) == {True}
    assert len(properties["PublicAccessBlockConfiguration"]) == 4
    parameter = load_template()["Parameters"]["LedgerRetentionYears"]
    assert (parameter["Default"], parameter["MinValue"]) == (10, 1)
    assert resources["LedgerBucketPolicy"]["DeletionPolicy"] == "Retain"


def test_the_signing_key_is_ecc_p256_for_signatures() -> None:
    key = load_template()["Resources"]["SigningKey"]
    assert key["Properties"]["KeySpec"] == "ECC_NIST_P256"
    assert key["Properties"]["KeyUsage"] == "SIGN_VERIFY"
    assert "EnableKeyRotation" not in key["Properties"]  # KMS rotates symmetric keys only
    assert key["DeletionPolicy"] == "Retain"


def test_the_deployed_stack_points_at_its_ledger(world: dict[str, Any]) -> None:
    outputs = world["outputs"]
    assert world["bucket_exists"]
    assert outputs["LedgerUri"] == f"s3://{world['bucket']}/{PREFIX}"
    assert outputs["SigningKeyArn"] == world["key_arn"]
    # the key policy moto stored is the one the template says, resolved for the stack
    sids = [statement["Sid"] for statement in world["key_policy"]["Statement"]]
    assert sids == [
        "AccountAdministersKeyButDoesNotSign",
        "OfficerSigns",
        "EveryDutyVerifies",
        "NobodyElseSigns",
    ]
