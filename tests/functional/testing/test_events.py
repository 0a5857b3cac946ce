"""The "SageMaker Model Package State Change" event reaches EventBridge rules and their targets."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sm_governance.testing import EVENT_SOURCE, STATE_CHANGE_DETAIL_TYPE


@pytest.fixture
def queue_for(aws_session: Any) -> Any:
    """Create an SQS queue as the target of an EventBridge rule with the given pattern."""
    sqs = aws_session.client("sqs")
    events = aws_session.client("events")

    def make(name: str, pattern: dict[str, Any]) -> Any:
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        events.put_rule(Name=name, EventPattern=json.dumps(pattern))
        events.put_targets(Rule=name, Targets=[{"Id": "queue", "Arn": arn}])

        def received() -> list[dict[str, Any]]:
            messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
            return [json.loads(m["Body"]) for m in messages]

        return received

    return make


def test_creation_and_approval_send_state_changes(
    sagemaker_client: Any, register: Any, queue_for: Any, make_content: Any
) -> None:
    # GIVEN a rule on every model package state change
    received = queue_for(
        "all-changes", {"source": [EVENT_SOURCE], "detail-type": [STATE_CHANGE_DETAIL_TYPE]}
    )
    # WHEN a version is registered with a card and then approved
    arn = register(
        ModelCard={"ModelCardContent": make_content(), "ModelCardStatus": "Draft"},
        CustomerMetadataProperties={"datazone_project_id": "prj_1"},
    )
    sagemaker_client.update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="Approved", ApprovalDescription="ok"
    )
    events = received()
    # THEN two events with the documented envelope and detail
    assert [e["detail"]["ModelApprovalStatus"] for e in events] == [
        "PendingManualApproval",
        "Approved",
    ]
    created, approved = events
    assert created["source"] == "aws.sagemaker"
    assert created["detail-type"] == "SageMaker Model Package State Change"
    assert created["resources"] == [arn]
    assert created["region"] == "us-east-1"
    detail = approved["detail"]
    assert detail["ModelPackageGroupName"] == "credit-risk"
    assert detail["ModelPackageVersion"] == 1
    assert detail["ModelPackageArn"] == arn
    assert detail["ModelPackageStatus"] == "Completed"
    assert detail["ApprovalDescription"] == "ok"
    assert detail["CustomerMetadataProperties"] == {"datazone_project_id": "prj_1"}
    assert detail["InferenceSpecification"]["Containers"][0]["ModelDataUrl"]
    assert detail["CreationTime"].endswith("Z")
    assert detail["LastModifiedTime"].endswith("Z")
    # the card is sensitive and never travels in an event
    assert "ModelCard" not in detail
    assert "Score loans" not in json.dumps(events)


def test_a_rule_on_approved_only(sagemaker_client: Any, register: Any, queue_for: Any) -> None:
    # GIVEN the infra's rule: approved state changes of one group only
    received = queue_for(
        "approved-only",
        {
            "source": ["aws.sagemaker"],
            "detail-type": ["SageMaker Model Package State Change"],
            "detail": {
                "ModelApprovalStatus": ["Approved"],
                "ModelPackageGroupName": ["credit-risk"],
            },
        },
    )
    # WHEN one version is rejected and another approved
    rejected, approved = register(), register()
    sagemaker_client.update_model_package(ModelPackageArn=rejected, ModelApprovalStatus="Rejected")
    sagemaker_client.update_model_package(ModelPackageArn=approved, ModelApprovalStatus="Approved")
    # THEN only the approval matches
    assert [e["detail"]["ModelPackageArn"] for e in received()] == [approved]


def test_no_event_without_a_state_change(
    sagemaker_client: Any, register: Any, queue_for: Any
) -> None:
    arn = register()
    received = queue_for("changes", {"source": ["aws.sagemaker"]})
    sagemaker_client.update_model_package(ModelPackageArn=arn, ApprovalDescription="note")
    sagemaker_client.update_model_package(
        ModelPackageArn=arn, ModelApprovalStatus="PendingManualApproval"
    )
    assert received() == []
    sagemaker_client.update_model_package(
        ModelPackageArn=arn, ModelLifeCycle={"Stage": "Staging", "StageStatus": "Deployed"}
    )
    [event] = received()
    assert event["detail"]["ModelLifeCycle"] == {"Stage": "Staging", "StageStatus": "Deployed"}
