"""A watched group under the local SageMaker: a registrant, an officer, a policy, the handler."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sm_governance.approval import ApprovalDesk
from sm_governance.card import ModelCard
from sm_governance.events import HandlerConfig, Runtime
from sm_governance.registry import ModelRegistry
from sm_governance.testing import Identity, People, create_ledger, create_user, demo_card

GROUP = "credit-risk"
PROJECT = "c4x7p2demo9prj"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"
POLICY = """
policy: retail-credit
require: [intended_uses.purpose_of_model]
metrics:
  fairness_score: ">= 0.8"
"""


@pytest.fixture
def people(two_people: People) -> People:
    ModelRegistry(session=two_people.registrant.session).ensure_group(
        GROUP, datazone_project_id=PROJECT
    )
    return two_people


@pytest.fixture
def register(people: People) -> Callable[..., str]:
    registry = ModelRegistry(session=people.registrant.session)

    def make(
        fairness: float = 0.91,
        *,
        risk: str = "Medium",
        group: str = GROUP,
        card_status: str = "PendingReview",
        datazone: bool = True,
        **kwargs: Any,
    ) -> str:
        content = demo_card(1, auc=0.84, fairness=fairness, risk=risk)
        if not datazone:
            details = content.get("additional_information", {}).get("custom_details", {})
            for key in ("datazone_project_id", "datazone_domain_id"):
                details.pop(key, None)
        card = ModelCard.from_content(content)
        return registry.register(
            group,
            card,
            image_uri=IMAGE,
            model_data_url="s3://models/credit-risk/model.tar.gz",
            card_status=card_status,
            **kwargs,
        ).arn

    return make


def tag_group(people: People, policy: str) -> None:
    """The registry's group names ``policy`` with its ``governance:policy`` tag."""
    client = people.registrant.session.client("sagemaker")
    group_arn = client.describe_model_package_group(ModelPackageGroupName=GROUP)[
        "ModelPackageGroupArn"
    ]
    client.add_tags(ResourceArn=group_arn, Tags=[{"Key": "governance:policy", "Value": policy}])


@dataclass(frozen=True)
class LedgerSetup:
    """A locked ledger bucket and a signing key in the local account."""

    url: str
    key: str


@pytest.fixture
def ledger_setup(people: People) -> LedgerSetup:
    made = create_ledger(session=people.officer.session)
    return LedgerSetup(url=made.uri, key=made.key_id)


@pytest.fixture
def officer_desk(people: People, ledger_setup: LedgerSetup) -> ApprovalDesk:
    return ApprovalDesk(
        session=people.officer.session, ledger=ledger_setup.url, signing_key=ledger_setup.key
    )


@pytest.fixture
def findings_queue(people: People) -> Callable[[], list[dict[str, Any]]]:
    """An SNS topic for findings, subscribed by an SQS queue; returns a reader of messages."""
    session = people.officer.session
    sns, sqs = session.client("sns"), session.client("sqs")
    topic = sns.create_topic(Name="governance-findings")["TopicArn"]
    queue = sqs.create_queue(QueueName="findings")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=queue_arn,
        Attributes={"RawMessageDelivery": "true"},
    )

    def read() -> list[dict[str, Any]]:
        answer = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)
        return [json.loads(m["Body"]) for m in answer.get("Messages", [])]

    read.topic = topic  # type: ignore[attr-defined]
    return read


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "retail-credit.yaml"
    path.write_text(POLICY, encoding="utf-8")
    return path


@pytest.fixture
def handler_identity(people: People) -> Identity:
    """The handler's own identity: neither the registrant nor the officer."""
    return create_user("governance-handler", region_name="us-east-1")


@pytest.fixture
def runtime(handler_identity: Identity, policy_file: Path) -> Callable[..., Runtime]:
    def make(**settings: Any) -> Runtime:
        config = HandlerConfig(**{"policy": str(policy_file), **settings})
        session = handler_identity.session
        return Runtime(
            config=config,
            sagemaker=session.client("sagemaker"),
            s3=session.client("s3"),
            sns=session.client("sns"),
            kms=session.client("kms"),
        )

    return make


def state_change(arn: str, status: str = "PendingManualApproval") -> dict[str, Any]:
    """The event SageMaker sends, in its documented shape (detail trimmed to what matters)."""
    group, version = arn.split("/")[-2:]
    return {
        "version": "0",
        "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
        "detail-type": "SageMaker Model Package State Change",
        "source": "aws.sagemaker",
        "account": "123456789012",
        "time": "2026-11-30T01:00:00Z",
        "region": "us-east-1",
        "resources": [arn],
        "detail": {
            "ModelPackageGroupName": group,
            "ModelPackageVersion": int(version),
            "ModelPackageArn": arn,
            "ModelApprovalStatus": status,
        },
    }


@pytest.fixture
def emitted(people: People) -> Callable[[], list[dict[str, Any]]]:
    """The state-change events the local SageMaker puts on the default bus, via a rule to SQS."""
    session = people.officer.session
    sqs, events = session.client("sqs"), session.client("events")
    queue = sqs.create_queue(QueueName="state-changes")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    events.put_rule(
        Name="state-changes",
        EventPattern=json.dumps(
            {"source": ["aws.sagemaker"], "detail-type": ["SageMaker Model Package State Change"]}
        ),
    )
    events.put_targets(Rule="state-changes", Targets=[{"Id": "queue", "Arn": queue_arn}])

    def drain() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        while True:
            answer = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)
            messages = answer.get("Messages", [])
            if not messages:
                return found
            for message in messages:
                found.append(json.loads(message["Body"]))
                sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"])

    return drain
