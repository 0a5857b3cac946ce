"""The approval rule of infra/governance.yaml against events from the local SageMaker.

``mock_governance`` puts a "SageMaker Model Package State Change" event on moto's default bus
for each registration and each status change, as SageMaker does. The rule deployed by
CloudFormation declares the deployment gate (a CodeBuild project) as its target; moto's
EventBridge cannot start builds, so the stack fixture swaps that target for an SQS probe with
the declared input transformer. The test therefore proves which events the deployed rule passes
on and the build input each becomes, not CodeBuild itself.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
from tests.infra.infra_stack import Stack

IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/credit-risk:1"


def _register(sagemaker: Any, group: str) -> str:
    created = sagemaker.create_model_package(
        ModelPackageGroupName=group,
        ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={
            "Containers": [{"Image": IMAGE, "ModelDataUrl": "s3://models/v.tar.gz"}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
    )
    return str(created["ModelPackageArn"])


def _decide(sagemaker: Any, arn: str, status: str) -> None:
    sagemaker.update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus=status, ApprovalDescription="decided"
    )


def _delivered(session: boto3.Session, stack: Stack) -> list[dict[str, Any]]:
    sqs = session.client("sqs")
    received = sqs.receive_message(
        QueueUrl=stack.probe_queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0
    )
    return [json.loads(message["Body"]) for message in received.get("Messages", [])]


def test_only_approvals_in_the_group_reach_the_target(
    aws_session: boto3.Session, stack: Stack
) -> None:
    # The template's target is the deployment gate (replaced by the probe, see above).
    assert [target["Arn"] for target in stack.declared_targets] == [
        f"arn:aws:codebuild:us-east-1:123456789012:project/{stack.group}-deploy-gate"
    ]
    sagemaker = aws_session.client("sagemaker")
    sagemaker.create_model_package_group(ModelPackageGroupName=stack.group)
    sagemaker.create_model_package_group(ModelPackageGroupName="other-models")
    # GIVEN new registrations (each emits a state change event)
    first = _register(sagemaker, stack.group)
    second = _register(sagemaker, stack.group)
    elsewhere = _register(sagemaker, "other-models")
    # THEN none of them reaches the target
    assert _delivered(aws_session, stack) == []
    # WHEN one version is rejected and a version of another group approved
    _decide(sagemaker, second, "Rejected")
    _decide(sagemaker, elsewhere, "Approved")
    # THEN still nothing
    assert _delivered(aws_session, stack) == []
    # WHEN a version of the group is approved
    _decide(sagemaker, first, "Approved")
    # THEN exactly that approval arrives, as the gate's build input: the version to verify
    delivered = _delivered(aws_session, stack)
    assert delivered == [
        {
            "environmentVariablesOverride": [
                {"name": "MODEL_PACKAGE_ARN", "type": "PLAINTEXT", "value": first}
            ]
        }
    ]
