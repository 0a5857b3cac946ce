"""Separation of duties in infra/governance.yaml, decided on the policies as deployed.

The stack is deployed into moto's CloudFormation; the roles' policy documents are read back from
moto's IAM exactly as CloudFormation stored them, and evaluated by ``iam_eval`` over the
request parameters botocore serialises. moto itself cannot make these decisions: its IAM
enforcement never consults condition keys for identity policies (see
test_infra_moto_enforcement.py, which pins that down and uses moto for what it does enforce).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse, HTTPHeaders
from botocore.exceptions import ClientError
from tests.infra.iam_eval import Decision, evaluate, sagemaker_request
from tests.infra.infra_stack import (
    ACCOUNT,
    FAKE_ENV,
    REGION,
    Stack,
    deploy,
    role_policy_documents,
)

from sm_governance.approval import (
    COUNT_KEY,
    DECIDED_AT_KEY,
    DECIDED_BY_KEY,
    DECISION_ID_KEY,
    DECISION_KEY,
    GATE_DIGEST_KEY,
    GATE_KEY,
    LOG_PREFIX,
    OVERRIDE_KEY,
)
from sm_governance.card import ModelCard
from sm_governance.errors import AccessDeniedError
from sm_governance.events._policy import POLICY_TAG
from sm_governance.registry import ModelRegistry
from sm_governance.testing import demo_card, mock_governance

ALLOW, EXPLICIT, IMPLICIT = Decision.ALLOW, Decision.EXPLICIT_DENY, Decision.IMPLICIT_DENY
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/credit-risk:1"
CARD = {"ModelCardContent": json.dumps({"model_overview": {"model_creator": "ds"}})}
# What AmazonSageMakerFullAccess amounts to for these actions: everything, everywhere.
BROAD_GRANT = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}],
}


def _package(group: str = "credit-risk", version: int = 1) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package/{group}/{version}"


def _register(status: str | None, group: str = "credit-risk") -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {
        "ModelPackageGroupName": group,
        "InferenceSpecification": {
            "Containers": [{"Image": IMAGE, "ModelDataUrl": "s3://models/credit-risk.tar.gz"}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        "ModelCard": {**CARD, "ModelCardStatus": "Draft"},
    }
    if status is not None:
        params["ModelApprovalStatus"] = status
    return "CreateModelPackage", params


def _group(group: str = "credit-risk") -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package-group/{group}"


def _tag(resource: str, key: str, value: str = "lax") -> tuple[str, dict[str, Any]]:
    return "AddTags", {"ResourceArn": resource, "Tags": [{"Key": key, "Value": value}]}


def _update(**params: Any) -> tuple[str, dict[str, Any]]:
    return "UpdateModelPackage", {"ModelPackageArn": _package(), **params}


# Every request shape that matters: the status present with each value, absent, misspelt,
# alongside card content, and in another group.
SHAPES: dict[str, tuple[str, dict[str, Any]]] = {
    "register pending": _register("PendingManualApproval"),
    "register approved": _register("Approved"),
    "register rejected": _register("Rejected"),
    "register without status": _register(None),
    "register pending elsewhere": _register("PendingManualApproval", group="other-models"),
    "update card only": _update(ModelCard={**CARD, "ModelCardStatus": "PendingReview"}),
    "update metadata only": _update(CustomerMetadataProperties={"datazone_project_id": "p1"}),
    "update description only": _update(ApprovalDescription="looks fine to me"),
    "approve": _update(ModelApprovalStatus="Approved", ApprovalDescription="gate passed"),
    "reject": _update(ModelApprovalStatus="Rejected", ApprovalDescription="fairness too low"),
    "reset to pending": _update(ModelApprovalStatus="PendingManualApproval"),
    "approve misspelt": _update(ModelApprovalStatus="approved"),
    "approve with card": _update(ModelApprovalStatus="Approved", ModelCard=CARD),
    "approve with decision record": _update(
        ModelApprovalStatus="Approved",
        ApprovalDescription="Approved by the officer",
        CustomerMetadataProperties={DECISION_KEY: "Approved", DECIDED_BY_KEY: "arn:officer"},
        CustomerMetadataPropertiesToRemove=[f"{LOG_PREFIX}2025-01-01T00:00:00Z:0badc0de"],
    ),
    "forge decision record": _update(CustomerMetadataProperties={DECIDED_BY_KEY: "arn:someone"}),
    "erase decision log": _update(
        CustomerMetadataPropertiesToRemove=[f"{LOG_PREFIX}2025-01-01T00:00:00Z:0badc0de"]
    ),
    "register with decision record": (
        "CreateModelPackage",
        {
            **_register("PendingManualApproval")[1],
            "CustomerMetadataProperties": {DECISION_KEY: "x"},
        },
    ),
    "describe": ("DescribeModelPackage", {"ModelPackageName": _package()}),
    "describe group": ("DescribeModelPackageGroup", {"ModelPackageGroupName": "credit-risk"}),
    # governance:policy on a group picks the policy that gates its versions (events handler,
    # audit): neither the builder nor the officer may set, change or remove it.
    "tag a version": _tag(_package(), "team", "credit"),
    "tag a version with a policy": _tag(_package(), POLICY_TAG),
    "tag the group with a policy": _tag(_group(), POLICY_TAG),
    "tag the group with a policy among others": (
        "AddTags",
        {
            "ResourceArn": _group(),
            "Tags": [{"Key": "team", "Value": "credit"}, {"Key": POLICY_TAG, "Value": "lax"}],
        },
    ),
    "untag the group's policy": (
        "DeleteTags",
        {"ResourceArn": _group(), "TagKeys": [POLICY_TAG]},
    ),
    "create a group with a policy tag": (
        "CreateModelPackageGroup",
        {"ModelPackageGroupName": "credit-risk-2", "Tags": [{"Key": POLICY_TAG, "Value": "lax"}]},
    ),
}
_POLICY_TAGGING = (
    "tag a version with a policy",
    "tag the group with a policy",
    "tag the group with a policy among others",
    "untag the group's policy",
    "create a group with a policy tag",
)

EXPECTED: dict[str, dict[str, Decision]] = {
    "builder": {
        "register pending": ALLOW,
        "register approved": EXPLICIT,
        "register rejected": EXPLICIT,
        "register without status": EXPLICIT,
        "register pending elsewhere": IMPLICIT,
        "update card only": ALLOW,
        "update metadata only": ALLOW,
        "update description only": ALLOW,
        "approve": EXPLICIT,
        "reject": EXPLICIT,
        "reset to pending": EXPLICIT,
        "approve misspelt": EXPLICIT,
        "approve with card": EXPLICIT,
        "approve with decision record": EXPLICIT,
        "forge decision record": EXPLICIT,
        "erase decision log": EXPLICIT,
        "register with decision record": EXPLICIT,
        "describe": ALLOW,
        "describe group": ALLOW,
        "tag a version": ALLOW,
        **dict.fromkeys(_POLICY_TAGGING, EXPLICIT),
    },
    "officer": {
        "register pending": EXPLICIT,
        "register approved": EXPLICIT,
        "register rejected": EXPLICIT,
        "register without status": EXPLICIT,
        "register pending elsewhere": EXPLICIT,
        "update card only": IMPLICIT,
        "update metadata only": IMPLICIT,
        "update description only": IMPLICIT,
        "approve": ALLOW,
        "reject": ALLOW,
        "reset to pending": IMPLICIT,
        "approve misspelt": IMPLICIT,
        # A decision may carry card fields (the approval desk sets the card status with it);
        # no condition key exposes the card, so IAM cannot tell the two apart.
        "approve with card": ALLOW,
        "approve with decision record": ALLOW,
        "forge decision record": IMPLICIT,
        "erase decision log": IMPLICIT,
        "register with decision record": EXPLICIT,
        "describe": ALLOW,
        "describe group": ALLOW,
        "tag a version": IMPLICIT,
        **dict.fromkeys(_POLICY_TAGGING, EXPLICIT),
    },
    "auditor": {shape: (ALLOW if shape.startswith("describe") else IMPLICIT) for shape in SHAPES},
}

# With a broad grant attached as well, only the explicit denies still stand between a role and
# a forbidden request.
EXPECTED_WITH_BROAD_GRANT: dict[str, dict[str, Decision]] = {
    role: {shape: (ALLOW if decision is IMPLICIT else decision) for shape, decision in row.items()}
    for role, row in EXPECTED.items()
}

ROLE_OUTPUTS = {
    "builder": "BuilderRoleArn",
    "officer": "OfficerRoleArn",
    "auditor": "AuditorRoleArn",
}


def _documents(session: boto3.Session, stack: Stack, role: str) -> list[dict[str, Any]]:
    return role_policy_documents(session, stack.outputs[ROLE_OUTPUTS[role]])


@pytest.fixture(scope="module")
def deployed() -> dict[str, list[dict[str, Any]]]:
    """Each role's policy documents as CloudFormation created them (deployed once)."""
    with pytest.MonkeyPatch.context() as env:
        for name, value in FAKE_ENV.items():
            env.setenv(name, value)
        with mock_governance():
            session = boto3.Session(region_name=REGION)
            stack = deploy(session, ModelPackageGroupName="credit-risk", DataZoneProjectId="p1")
            return {role: _documents(session, stack, role) for role in ROLE_OUTPUTS}


def _decide(documents: list[dict[str, Any]], shape: str) -> Decision:
    operation, params = SHAPES[shape]
    return evaluate(documents, sagemaker_request(operation, params, region=REGION, account=ACCOUNT))


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_gets_exactly_its_duty(
    deployed: dict[str, list[dict[str, Any]]], role: str
) -> None:
    # GIVEN the role's policies as CloudFormation created them
    documents = deployed[role]
    # WHEN every request shape is evaluated
    decisions = {shape: _decide(documents, shape) for shape in SHAPES}
    # THEN each is decided as the duty requires, and explicitly where the duty forbids it
    assert decisions == EXPECTED[role]


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_explicit_denies_hold_against_a_broad_grant(
    deployed: dict[str, list[dict[str, Any]]], role: str
) -> None:
    # GIVEN the role also holds sagemaker:* on * (as with AmazonSageMakerFullAccess)
    documents = [*deployed[role], BROAD_GRANT]
    # WHEN every request shape is evaluated
    decisions = {shape: _decide(documents, shape) for shape in SHAPES}
    # THEN the builder still cannot decide or register anything but Pending, and the officer
    # still cannot register
    assert decisions == EXPECTED_WITH_BROAD_GRANT[role]
    if role == "builder":
        assert {s for s, d in decisions.items() if d is EXPLICIT} >= {
            "register approved",
            "register without status",
            "approve",
            "reject",
            "forge decision record",
            "erase decision log",
        }


@pytest.mark.parametrize(
    "key",
    [
        DECISION_KEY,
        DECISION_ID_KEY,
        DECIDED_BY_KEY,
        DECIDED_AT_KEY,
        GATE_KEY,
        GATE_DIGEST_KEY,
        OVERRIDE_KEY,
        COUNT_KEY,
    ],
)
def test_builder_cannot_write_any_key_of_the_decision_record(
    deployed: dict[str, list[dict[str, Any]]], key: str
) -> None:
    # GIVEN every fixed key the approval desk writes with a decision
    for operation, params in (
        ("UpdateModelPackage", {"ModelPackageArn": _package(), "ModelCard": CARD}),
        ("CreateModelPackage", _register("PendingManualApproval")[1]),
    ):
        # WHEN the builder's request also writes that key (alongside something legitimate)
        forged = {**params, "CustomerMetadataProperties": {key: "forged", "note": "ok"}}
        request = sagemaker_request(operation, forged, region=REGION, account=ACCOUNT)
        # THEN an explicit deny refuses it, even with a broad grant
        assert evaluate([*deployed["builder"], BROAD_GRANT], request) is EXPLICIT


def test_the_shapes_are_valid_sagemaker_requests() -> None:
    from botocore.validate import ParamValidator

    model = boto3.client("sagemaker", region_name=REGION).meta.service_model
    for shape, (operation, params) in SHAPES.items():
        input_shape = model.operation_model(operation).input_shape
        assert input_shape is not None
        report = ParamValidator().validate(params, input_shape)
        assert not report.has_errors(), (shape, report.generate_report())


# --- the same decisions on the local SageMaker, over what the product puts on the wire ---------


def _guarded_client(session: boto3.Session, documents: list[dict[str, Any]]) -> Any:
    """A SageMaker client whose every call is first authorised against the role's documents.

    The check runs on botocore's serialised request (the JSON body sent to SageMaker); a denied
    call is answered with AccessDeniedException and never reaches the local SageMaker.
    """
    client = session.client("sagemaker")

    def authorise(model: Any, params: dict[str, Any], **_: Any) -> Any:
        wire = json.loads(params["body"] or b"{}")
        version = 1
        if model.name == "CreateModelPackage":
            listing = _unguarded(session).list_model_packages(
                ModelPackageGroupName=wire["ModelPackageGroupName"]
            )
            version = len(listing["ModelPackageSummaryList"]) + 1
        request = sagemaker_request(
            model.name, wire, region=REGION, account=ACCOUNT, next_version=version
        )
        decision = evaluate(documents, request)
        if decision.allowed:
            return None
        error = {"Code": "AccessDeniedException", "Message": f"{decision.value}: {request}"}
        return AWSResponse("https://sagemaker", 400, HTTPHeaders(), None), {
            "Error": error,
            "ResponseMetadata": {"HTTPStatusCode": 400},
        }

    client.meta.events.register("before-call.sagemaker.*", authorise)
    return client


def _unguarded(session: boto3.Session) -> Any:
    return session.client("sagemaker")


@pytest.fixture
def clients(aws_session: boto3.Session, stack: Stack) -> dict[str, Any]:
    _unguarded(aws_session).create_model_package_group(ModelPackageGroupName=stack.group)
    return {
        role: _guarded_client(aws_session, _documents(aws_session, stack, role))
        for role in ROLE_OUTPUTS
    }


def _status(session: boto3.Session, arn: str) -> str:
    status = _unguarded(session).describe_model_package(ModelPackageName=arn)
    return str(status["ModelApprovalStatus"])


def _denied(call: Callable[[], object]) -> str:
    with pytest.raises(ClientError) as caught:
        call()
    assert caught.value.response["Error"]["Code"] == "AccessDeniedException"
    return str(caught.value.response["Error"]["Message"])


def _card() -> ModelCard:
    return ModelCard.from_content(demo_card(1, auc=0.81, fairness=0.92))


def test_the_lifecycle_on_the_local_sagemaker(
    aws_session: boto3.Session, stack: Stack, clients: dict[str, Any]
) -> None:
    builder = ModelRegistry(client=clients["builder"])
    # GIVEN the builder registers a version with the product's own registry (Pending)
    version = builder.register(
        stack.group, card=_card(), image_uri=IMAGE, model_data_url="s3://models/v1.tar.gz"
    )
    assert version.approval_status == "PendingManualApproval"
    # WHEN the builder updates the card, and then tries to approve it
    builder.update_card(version.arn, _card())
    message = _denied(
        lambda: clients["builder"].update_model_package(
            ModelPackageArn=version.arn, ModelApprovalStatus="Approved"
        )
    )
    # THEN the card update went through and the approval was refused by an explicit deny
    assert message.startswith("ExplicitDeny")
    assert _status(aws_session, version.arn) == "PendingManualApproval"
    # WHEN the officer approves, as the approval desk does (status, reason, metadata, card status)
    clients["officer"].update_model_package(
        ModelPackageArn=version.arn,
        ModelApprovalStatus="Approved",
        ApprovalDescription="gate passed",
        CustomerMetadataProperties={DECISION_KEY: "Approved", DECIDED_BY_KEY: "arn:officer"},
        ModelCard={"ModelCardStatus": "Approved"},
    )
    # THEN the version is approved, and the builder cannot rewrite the decision record
    assert _status(aws_session, version.arn) == "Approved"
    message = _denied(
        lambda: clients["builder"].update_model_package(
            ModelPackageArn=version.arn, CustomerMetadataProperties={DECIDED_BY_KEY: "arn:me"}
        )
    )
    assert message.startswith("ExplicitDeny")
    metadata = _unguarded(aws_session).describe_model_package(ModelPackageName=version.arn)
    assert metadata["CustomerMetadataProperties"][DECIDED_BY_KEY] == "arn:officer"
    # AND the auditor may read the version but not change it
    clients["auditor"].describe_model_package(ModelPackageName=version.arn)
    _denied(
        lambda: clients["auditor"].update_model_package(
            ModelPackageArn=version.arn, ModelApprovalStatus="Rejected"
        )
    )


def test_nobody_registers_an_approved_version(
    aws_session: boto3.Session, stack: Stack, clients: dict[str, Any]
) -> None:
    # WHEN the builder asks the registry for an Approved registration, and the officer registers
    with pytest.raises(AccessDeniedError, match="ExplicitDeny"):
        ModelRegistry(client=clients["builder"]).register(
            stack.group,
            card=_card(),
            image_uri=IMAGE,
            model_data_url="s3://models/v1.tar.gz",
            approval_status="Approved",
        )
    with pytest.raises(AccessDeniedError, match="ExplicitDeny"):
        ModelRegistry(client=clients["officer"]).register(
            stack.group, card=_card(), image_uri=IMAGE, model_data_url="s3://models/v1.tar.gz"
        )
    # THEN nothing reached the local SageMaker
    listing = _unguarded(aws_session).list_model_packages(ModelPackageGroupName=stack.group)
    assert listing["ModelPackageSummaryList"] == []
