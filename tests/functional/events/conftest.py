"""A watched group under the local SageMaker: a registrant, an officer, a policy, the handler."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sm_governance.card import ModelCard
from sm_governance.events import HandlerConfig, Runtime
from sm_governance.registry import ModelRegistry
from sm_governance.testing import Identity, People, create_user, demo_card

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

    def make(fairness: float = 0.91) -> str:
        card = ModelCard.from_content(demo_card(1, auc=0.84, fairness=fairness))
        return registry.register(
            GROUP, card, image_uri=IMAGE, model_data_url="s3://models/credit-risk/model.tar.gz"
        ).arn

    return make


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
