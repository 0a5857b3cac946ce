"""A ModelRegistry on the local SageMaker, with an AWS call counter and fault injection."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders

from sm_governance.card import (
    IntendedUsesBuilder,
    ModelCard,
    ModelCardBuilder,
    ModelOverviewBuilder,
)
from sm_governance.registry import ModelRegistry

GROUP = "churn"
PROJECT = "c4x7p2demo9prj"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"
MODEL = "s3://models/churn/model.tar.gz"


@dataclass
class Calls:
    """The SageMaker operations a client sent, in order (``before-call`` events).

    ``before-call`` fires once per API call, so botocore's retries of one call count once.
    """

    names: list[str] = field(default_factory=list)

    def record(self, model: Any, **_: Any) -> None:
        self.names.append(model.name)

    def reset(self) -> None:
        self.names.clear()


class _Body:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


def throttling_response(url: str) -> AWSResponse:
    """What SageMaker answers when it throttles: HTTP 400, ``ThrottlingException``."""
    body = json.dumps({"__type": "ThrottlingException", "message": "Rate exceeded"}).encode()
    headers = HTTPHeaders()
    headers["Content-Type"] = "application/x-amz-json-1.1"
    headers["x-amzn-RequestId"] = "throttled"
    return AWSResponse(url, 400, headers, _Body(body))


@dataclass
class Throttle:
    """Answers the next ``times`` requests of ``operation`` with a throttling error.

    The handler runs first among ``before-send`` handlers; the local SageMaker still receives
    and carries out the request, so this is the worst case: the work is done, the answer lost.
    """

    operation: str
    times: int
    seen: int = 0

    def __call__(self, request: Any, **_: Any) -> AWSResponse | None:
        self.seen += 1
        if self.seen <= self.times:
            return throttling_response(request.url)
        return None

    def install(self, client: Any) -> Throttle:
        """Hook into ``client`` ahead of every other ``before-send`` handler."""
        client.meta.events.register_first(f"before-send.sagemaker.{self.operation}", self)
        return self


def build_card(project: str | None = PROJECT, purpose: str = "Predict churn") -> ModelCard:
    builder = ModelCardBuilder(
        model_overview=ModelOverviewBuilder(model_creator="Churn team", model_artifact=[MODEL]),
        intended_uses=IntendedUsesBuilder(purpose_of_model=purpose, risk_rating="Medium"),
    )
    if project is not None:
        builder = builder.datazone_project(project)
    return builder.build()


@pytest.fixture
def card() -> ModelCard:
    return build_card()


@pytest.fixture
def registry(aws_session: boto3.Session) -> ModelRegistry:
    return ModelRegistry(session=aws_session)


@pytest.fixture
def calls(registry: ModelRegistry) -> Calls:
    counter = Calls()
    registry.client.meta.events.register("before-call.sagemaker", counter.record)
    return counter


@pytest.fixture
def group(registry: ModelRegistry) -> str:
    registry.ensure_group(GROUP, datazone_project_id=PROJECT)
    return GROUP


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """botocore's retry back-off, recorded instead of slept."""
    import botocore.endpoint

    delays: list[float] = []

    class _Time:
        @staticmethod
        def sleep(seconds: float) -> None:
            delays.append(seconds)

    monkeypatch.setattr(botocore.endpoint, "time", _Time)
    return delays
