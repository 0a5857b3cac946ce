"""The conformance suite against the sandbox server on 127.0.0.1, through plain boto3 calls."""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from sm_governance.testing import (
    SandboxServer,
    create_user,
    package_card_schema,
    serve,
    two_people,
)

pytestmark = pytest.mark.server

SPEC = {
    "Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1"}],
    "SupportedContentTypes": ["text/csv"],
    "SupportedResponseMIMETypes": ["text/csv"],
}
CONTENT = json.dumps(
    {
        "model_overview": {"model_creator": "Risk team"},
        "intended_uses": {"purpose_of_model": "Score loans", "risk_rating": "Medium"},
    }
)


@pytest.fixture(scope="module")
def server() -> Iterator[SandboxServer]:
    with SandboxServer(port=0) as running:
        yield running


@pytest.fixture
def sm(server: SandboxServer) -> Any:
    return server.client("sagemaker")


@pytest.fixture
def group(sm: Any) -> str:
    name = f"g-{uuid.uuid4().hex[:12]}"
    sm.create_model_package_group(ModelPackageGroupName=name)
    return name


def _error(call: Any, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]  # type: ignore[return-value]


def test_listens_on_loopback_only(server: SandboxServer) -> None:
    assert server.endpoint_url == f"http://127.0.0.1:{server.port}"
    env = server.environment()
    assert env["AWS_ENDPOINT_URL"] == server.endpoint_url
    assert env["AWS_ACCESS_KEY_ID"] == env["AWS_SECRET_ACCESS_KEY"] == "testing"
    assert env["AWS_DEFAULT_REGION"] == "us-east-1"


def test_card_lifecycle_and_partial_update(sm: Any, group: str) -> None:
    # GIVEN a version registered with a card, lifecycle and metadata
    arn = sm.create_model_package(
        ModelPackageGroupName=group,
        InferenceSpecification=SPEC,
        ModelCard={"ModelCardContent": CONTENT, "ModelCardStatus": "Draft"},
        ModelLifeCycle={"Stage": "Development", "StageStatus": "InReview"},
        CustomerMetadataProperties={"datazone_project_id": "prj_1"},
        SourceUri="s3://m/model.tar.gz",
    )["ModelPackageArn"]
    sm.update_model_package(ModelPackageArn=arn, ApprovalDescription="looks fine")
    # WHEN only the card status changes
    sm.update_model_package(ModelPackageArn=arn, ModelCard={"ModelCardStatus": "Archived"})
    described = sm.describe_model_package(ModelPackageName=arn)
    # THEN nothing else moved
    assert described["ModelCard"] == {"ModelCardContent": CONTENT, "ModelCardStatus": "Archived"}
    assert described["ModelLifeCycle"] == {"Stage": "Development", "StageStatus": "InReview"}
    assert described["CustomerMetadataProperties"] == {"datazone_project_id": "prj_1"}
    assert described["ApprovalDescription"] == "looks fine"
    assert described["SourceUri"] == "s3://m/model.tar.gz"
    # AND the archived content is frozen
    error = _error(
        sm.update_model_package, ModelPackageArn=arn, ModelCard={"ModelCardContent": "{}"}
    )
    assert (error["Code"], error["Message"]) == (
        "ValidationException",
        "Model Card is in Archived state",
    )
    metadata_only = sm.describe_model_package(ModelPackageName=arn, IncludedData="MetadataOnly")
    assert json.loads(metadata_only["ModelCard"]["ModelCardContent"]) == {
        "intended_uses": {"risk_rating": "Medium"}
    }


def test_rules_and_error_codes(sm: Any, group: str) -> None:
    bad_card = json.dumps({"model_package_details": {"model_package_group_name": group}})
    error = _error(
        sm.create_model_package,
        ModelPackageGroupName=group,
        InferenceSpecification=SPEC,
        ModelCard={"ModelCardContent": bad_card, "ModelCardStatus": "Draft"},
    )
    assert error["Code"] == "ValidationException"
    assert "model_package_details" in error["Message"]
    error = _error(
        sm.create_model_package,
        ModelPackageGroupName=group,
        InferenceSpecification=SPEC,
        CustomerMetadataProperties={f"k{i}": "v" for i in range(51)},
    )
    assert error["Code"] == "ValidationException"
    error = _error(sm.list_model_packages, ModelPackageGroupName=group, MaxResults=101)
    assert error["Code"] == "ValidationException"


def test_client_token_idempotency(sm: Any, group: str) -> None:
    request = {"ModelPackageGroupName": group, "InferenceSpecification": SPEC, "ClientToken": "t-1"}
    first = sm.create_model_package(**request)["ModelPackageArn"]
    assert sm.create_model_package(**request)["ModelPackageArn"] == first
    error = _error(sm.create_model_package, **request, ModelPackageDescription="different")
    assert error["Code"] == "ConflictException"
    listed = sm.list_model_packages(ModelPackageGroupName=group)["ModelPackageSummaryList"]
    assert len(listed) == 1


def test_identities_through_the_server(server: SandboxServer, group: str) -> None:
    # GIVEN two IAM users created through the server
    suffix = uuid.uuid4().hex[:6]
    alice = create_user(
        f"alice-{suffix}", session=server.session(), endpoint_url=server.endpoint_url
    )
    bob = create_user(f"bob-{suffix}", session=server.session(), endpoint_url=server.endpoint_url)
    # WHEN alice registers and bob approves
    arn = alice.client("sagemaker").create_model_package(
        ModelPackageGroupName=group, InferenceSpecification=SPEC
    )["ModelPackageArn"]
    bob.client("sagemaker").update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="Approved"
    )
    described = server.client("sagemaker").describe_model_package(ModelPackageName=arn)
    # THEN each is recorded by ARN
    assert described["CreatedBy"]["IamIdentity"]["Arn"] == alice.arn
    assert described["LastModifiedBy"]["IamIdentity"]["Arn"] == bob.arn
    assert alice.client("sts").get_caller_identity()["Arn"] == alice.arn


def test_delete_policy_batch_and_pagination(sm: Any, group: str) -> None:
    arns = [
        sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=SPEC)[
            "ModelPackageArn"
        ]
        for _ in range(3)
    ]
    sm.delete_model_package(ModelPackageName=arns[1])
    batch = sm.batch_describe_model_package(ModelPackageArnList=arns)
    assert set(batch["ModelPackageSummaries"]) == {arns[0], arns[2]}
    assert set(batch["BatchDescribeModelPackageErrorMap"]) == {arns[1]}
    policy = json.dumps({"Version": "2012-10-17", "Statement": []})
    sm.put_model_package_group_policy(ModelPackageGroupName=group, ResourcePolicy=policy)
    got = sm.get_model_package_group_policy(ModelPackageGroupName=group)["ResourcePolicy"]
    assert got == policy
    sm.delete_model_package_group_policy(ModelPackageGroupName=group)
    paginator = sm.get_paginator("list_model_packages")
    pages = list(paginator.paginate(ModelPackageGroupName=group, PaginationConfig={"PageSize": 1}))
    listed = [p["ModelPackageArn"] for page in pages for p in page["ModelPackageSummaryList"]]
    assert listed == [arns[0], arns[2]]
    assert sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=SPEC)[
        "ModelPackageArn"
    ].endswith("/4")


def test_state_change_event_reaches_a_queue(server: SandboxServer, sm: Any, group: str) -> None:
    sqs = server.client("sqs")
    events = server.client("events")
    url = sqs.create_queue(QueueName=f"q-{group}")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    pattern = {
        "source": ["aws.sagemaker"],
        "detail-type": ["SageMaker Model Package State Change"],
        "detail": {"ModelPackageGroupName": [group], "ModelApprovalStatus": ["Approved"]},
    }
    events.put_rule(Name=f"r-{group}", EventPattern=json.dumps(pattern))
    events.put_targets(Rule=f"r-{group}", Targets=[{"Id": "q", "Arn": queue_arn}])
    arn = sm.create_model_package(ModelPackageGroupName=group, InferenceSpecification=SPEC)[
        "ModelPackageArn"
    ]
    sm.update_model_package(ModelPackageArn=arn, ModelApprovalStatus="Approved")
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    [event] = [json.loads(m["Body"]) for m in messages]
    assert event["detail"]["ModelPackageArn"] == arn
    assert event["resources"] == [arn]


def test_seeded_demo() -> None:
    import jsonschema

    # GIVEN a seeded sandbox
    with serve(port=0, seed=True) as server:
        seeded = server.seeded
        assert seeded is not None
        sm = server.client("sagemaker")
        # THEN the demo group holds one version in each approval state, with cards
        listed = sm.list_model_packages(ModelPackageGroupName=seeded.group)
        statuses = sorted(p["ModelApprovalStatus"] for p in listed["ModelPackageSummaryList"])
        assert statuses == ["Approved", "PendingManualApproval", "Rejected"]
        for status, arn in seeded.versions.items():
            described = sm.describe_model_package(ModelPackageName=arn)
            assert described["ModelApprovalStatus"] == status
            content = json.loads(described["ModelCard"]["ModelCardContent"])
            jsonschema.validate(content, package_card_schema())
            custom = content["additional_information"]["custom_details"]
            assert (
                described["CustomerMetadataProperties"]["datazone_project_id"]
                == custom["datazone_project_id"]
            )
            assert described["CreatedBy"]["IamIdentity"]["Arn"] == seeded.registrant_arn
        approved = sm.describe_model_package(ModelPackageName=seeded.versions["Approved"])
        assert approved["LastModifiedBy"]["IamIdentity"]["Arn"] == seeded.officer_arn
        assert seeded.officer_arn != seeded.registrant_arn
        group_arn = sm.describe_model_package_group(ModelPackageGroupName=seeded.group)[
            "ModelPackageGroupArn"
        ]
        tags = sm.list_tags(ResourceArn=group_arn)["Tags"]
        assert {
            "Key": "datazone_project_id",
            "Value": content["additional_information"]["custom_details"]["datazone_project_id"],
        } in tags


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::"])
def test_refuses_to_listen_beyond_loopback(host: str) -> None:
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        SandboxServer(host=host)


@pytest.mark.parametrize("port", [-1, 65536])
def test_refuses_impossible_ports(port: int) -> None:
    with pytest.raises(ValueError, match="port"):
        SandboxServer(port=port)


def test_port_in_use_is_an_error_not_a_hang() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match="in use"):
            SandboxServer(port=port).start()


def test_port_before_start_and_double_stop() -> None:
    server = SandboxServer(port=0)
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.port
    server.start()
    assert server.start() is server
    server.stop()
    server.stop()


def test_a_new_sandbox_starts_empty() -> None:
    # GIVEN a sandbox that was seeded and stopped
    with SandboxServer(port=0, seed=True) as first:
        assert first.client("sagemaker").list_model_package_groups()["ModelPackageGroupSummaryList"]
    # WHEN another starts in the same process THEN it holds nothing, and can seed again
    with SandboxServer(port=0) as second:
        groups = second.client("sagemaker").list_model_package_groups()
        assert groups["ModelPackageGroupSummaryList"] == []
    with SandboxServer(port=0, seed=True) as third:
        assert third.seeded is not None


def test_two_people_and_a_ledger_on_start() -> None:
    # GIVEN a new sandbox's two people and ledger (moto's state is per process, so this test
    # starts its own sandbox rather than share one another test may have reset)
    with SandboxServer(port=0) as server:
        _check_people_and_ledger(server)


def _check_people_and_ledger(server: SandboxServer) -> None:
    registrant = server.environment("registrant")
    officer = server.environment("officer")
    # THEN each environment is that IAM user's own key, on the sandbox's endpoint
    for env, name in ((registrant, "sandbox-registrant"), (officer, "sandbox-officer")):
        sts = boto3.client(
            "sts",
            endpoint_url=env["AWS_ENDPOINT_URL"],
            region_name=env["AWS_DEFAULT_REGION"],
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        )
        assert sts.get_caller_identity()["Arn"] == f"arn:aws:iam::123456789012:user/{name}"
    assert registrant["AWS_ACCESS_KEY_ID"] != officer["AWS_ACCESS_KEY_ID"]
    # AND the ledger's variables name a locked, versioned bucket and an ECC signing key
    ledger = server.ledger_environment()
    assert ledger == {
        "SMGOV_LEDGER": "s3://smgov-ledger/decisions",
        "SMGOV_SIGNING_KEY": server.ledger.key_arn,
    }
    s3 = server.client("s3")
    assert s3.get_bucket_versioning(Bucket="smgov-ledger")["Status"] == "Enabled"
    rule = s3.get_object_lock_configuration(Bucket="smgov-ledger")["ObjectLockConfiguration"]
    assert rule["Rule"]["DefaultRetention"]["Mode"] == "COMPLIANCE"
    signature = (
        server.identity("officer")
        .client("kms")
        .sign(
            KeyId=ledger["SMGOV_SIGNING_KEY"], Message=b"entry", SigningAlgorithm="ECDSA_SHA_256"
        )["Signature"]
    )
    verified = server.client("kms").verify(
        KeyId=server.ledger.key_alias,
        Message=b"entry",
        Signature=signature,
        SigningAlgorithm="ECDSA_SHA_256",
    )
    assert verified["SignatureValid"] is True
    with pytest.raises(ValueError, match="registrant"):
        server.environment("auditor")
    # AND two_people()'s own default names stay free for scripts run against the sandbox
    people = two_people(session=server.session(), endpoint_url=server.endpoint_url)
    assert people.officer.arn.endswith(":user/governance-officer")
