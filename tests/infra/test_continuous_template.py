"""infra/continuous.yaml: the handler's role can gate and send back, never decide or sign."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.infra.iam_eval import Decision, Request, evaluate, sagemaker_request

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT, REGION = "123456789012", "us-east-1"
PARAMETERS = {
    "AWS::Partition": "aws",
    "AWS::Region": REGION,
    "AWS::AccountId": ACCOUNT,
    "AWS::StackName": "continuous",
    "ModelPackageGroupName": "credit-risk",
    "LedgerBucketName": "smgov-ledger",
    "LedgerPrefix": "decisions",
    "SigningKeyArn": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/0b8f4a52-31c6-4f0e-9d7e-5a0c2f6d9e41",
    "LedgerKeyArn": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/5a0c2f6d-31c6-4f0e-9d7e-0b8f4a529e41",
    "CardKeyArn": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/9e415a0c-31c6-4f0e-9d7e-0b8f4a522f6d",
    "PolicyUri": "s3://policies/gates/",
    "FunctionLogGroup.Arn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/x",
    "FindingsTopic": f"arn:aws:sns:{REGION}:{ACCOUNT}:findings",
    "FindingsKey.Arn": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/findings",
    "DeadLetterQueue.Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:dead-letters",
}
ALLOW, EXPLICIT, IMPLICIT = Decision.ALLOW, Decision.EXPLICIT_DENY, Decision.IMPLICIT_DENY


def _resolve(node: Any) -> Any:
    """The few intrinsic functions the role uses, resolved with PARAMETERS."""
    if isinstance(node, list):
        return [_resolve(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "Ref" in node:
        return PARAMETERS[node["Ref"]]
    if "Fn::GetAtt" in node:
        return PARAMETERS[".".join(node["Fn::GetAtt"])]
    if "Fn::Sub" in node:
        value = node["Fn::Sub"]
        text, local = (value, {}) if isinstance(value, str) else (value[0], _resolve(value[1]))
        names = {**PARAMETERS, **local}
        return re.sub(r"\$\{([^}]+)\}", lambda m: str(names[m.group(1)]), text)
    if "Fn::Select" in node:
        index, items = node["Fn::Select"]
        return _resolve(items)[index]
    if "Fn::Split" in node:
        separator, text = node["Fn::Split"]
        return str(_resolve(text)).split(separator)
    return {key: _resolve(value) for key, value in node.items()}


@pytest.fixture(scope="module")
def role_documents() -> list[dict[str, Any]]:
    template = yaml.safe_load((ROOT / "infra" / "continuous.yaml").read_text(encoding="utf-8"))
    role = template["Resources"]["FunctionRole"]["Properties"]
    return [_resolve(policy["PolicyDocument"]) for policy in role["Policies"]]


def _package(group: str = "credit-risk") -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package/{group}/3"


def _update(**params: Any) -> Request:
    return sagemaker_request(
        "UpdateModelPackage",
        {"ModelPackageArn": _package(params.pop("group", "credit-risk")), **params},
        region=REGION,
        account=ACCOUNT,
    )


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        (_update(CustomerMetadataProperties={"governance:gate_check": "passed"}), ALLOW),
        (_update(ModelApprovalStatus="PendingManualApproval"), ALLOW),
        (_update(ModelApprovalStatus="Approved"), EXPLICIT),
        (_update(ModelApprovalStatus="Rejected"), EXPLICIT),
        (_update(group="other-group", ModelApprovalStatus="PendingManualApproval"), IMPLICIT),
        (
            sagemaker_request(
                "CreateModelPackage",
                {"ModelPackageGroupName": "credit-risk", "ModelApprovalStatus": "Approved"},
                region=REGION,
                account=ACCOUNT,
            ),
            EXPLICIT,
        ),
        (
            sagemaker_request(
                "DescribeModelPackage",
                {"ModelPackageName": _package()},
                region=REGION,
                account=ACCOUNT,
            ),
            ALLOW,
        ),
    ],
    ids=["gate-metadata", "send-back", "approve", "reject", "other-group", "register", "read"],
)
def test_the_handler_role_gates_and_sends_back_but_never_decides(
    role_documents: list[dict[str, Any]], request_: Request, expected: Decision
) -> None:
    assert evaluate(role_documents, request_) is expected


@pytest.mark.parametrize("action", ["kms:Sign", "kms:ScheduleKeyDeletion", "kms:*"])
def test_the_handler_role_cannot_sign_decisions(
    role_documents: list[dict[str, Any]], action: str
) -> None:
    key = PARAMETERS["SigningKeyArn"]
    assert evaluate(role_documents, Request(action=action, resource=key)) is IMPLICIT


@pytest.mark.parametrize("action", ["kms:Verify", "kms:GetPublicKey"])
def test_the_handler_role_verifies(role_documents: list[dict[str, Any]], action: str) -> None:
    key = PARAMETERS["SigningKeyArn"]
    assert evaluate(role_documents, Request(action=action, resource=key)) is ALLOW


@pytest.mark.parametrize(
    "action",
    ["s3:PutObject", "s3:DeleteObject", "s3:PutObjectRetention", "s3:BypassGovernanceRetention"],
)
def test_the_handler_role_cannot_write_the_ledger(
    role_documents: list[dict[str, Any]], action: str
) -> None:
    resource = "arn:aws:s3:::smgov-ledger/decisions/123456789012/us-east-1/credit-risk/3/2.json"
    assert evaluate(role_documents, Request(action=action, resource=resource)) is IMPLICIT


def test_the_handler_role_reads_the_ledger(role_documents: list[dict[str, Any]]) -> None:
    resource = "arn:aws:s3:::smgov-ledger/decisions/123456789012/us-east-1/credit-risk/3/1.json"
    assert evaluate(role_documents, Request(action="s3:GetObject", resource=resource)) is ALLOW


@pytest.mark.parametrize(
    ("via", "expected"),
    [("sagemaker.us-east-1.amazonaws.com", ALLOW), ("s3.us-east-1.amazonaws.com", IMPLICIT)],
)
def test_the_handler_role_reads_cards_encrypted_with_the_card_key(
    role_documents: list[dict[str, Any]], via: str, expected: Decision
) -> None:
    # GIVEN versions registered with governance.yaml's card key (SecurityConfig.KmsKeyId), as
    # infra/README.md tells builders to: SageMaker decrypts them with the caller's permission
    # THEN the handler, which must read them to gate or verify them, may decrypt through
    # SageMaker only
    request = Request(
        action="kms:Decrypt",
        resource=PARAMETERS["CardKeyArn"],
        context={"kms:ViaService": via},
    )
    assert evaluate(role_documents, request) is expected
