"""Throttling on the local SageMaker: botocore retries, nothing is registered twice."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config

from sm_governance.card import ModelCard
from sm_governance.errors import ThrottledError
from sm_governance.registry import ModelRegistry

from .conftest import GROUP, IMAGE, MODEL, Calls, Throttle


def _versions(client: Any) -> list[str]:
    listed = client.list_model_packages(ModelPackageGroupName="churn")
    return [s["ModelPackageArn"] for s in listed["ModelPackageSummaryList"]]


@pytest.mark.usefixtures("group")
def test_a_lost_answer_is_retried_and_registers_once(
    registry: ModelRegistry,
    card: ModelCard,
    sagemaker_client: Any,
    calls: Calls,
    no_sleep: list[float],
) -> None:
    # GIVEN SageMaker registers the version but its answer is lost to throttling, once
    throttle = Throttle("CreateModelPackage", times=1).install(registry.client)
    calls.reset()
    # WHEN registering THEN botocore retries with the same ClientToken and succeeds
    version = registry.register(GROUP, card, image_uri=IMAGE, model_data_url=MODEL)
    assert throttle.seen == 2
    assert len(no_sleep) == 1
    assert calls.names == ["CreateModelPackage"]
    # AND exactly one version exists: the one returned
    assert _versions(sagemaker_client) == [version.arn]


def test_persistent_throttling_is_a_throttled_error_and_a_rerun_with_a_token_is_safe(
    aws_session: boto3.Session,
    group: str,
    card: ModelCard,
    sagemaker_client: Any,
    no_sleep: list[float],
) -> None:
    # GIVEN SageMaker keeps throttling every attempt (each one carried out, answer lost)
    # (botocore's client config counts retries: 2 retries, 3 attempts in all)
    registry = ModelRegistry(session=aws_session, config=Config(retries={"max_attempts": 2}))
    throttle = Throttle("CreateModelPackage", times=3).install(registry.client)
    kwargs: dict[str, Any] = {"image_uri": IMAGE, "model_data_url": MODEL}
    # WHEN the pipeline step registers with its run token THEN it fails as throttled
    with pytest.raises(ThrottledError) as caught:
        registry.register(group, card, client_token="run-7", **kwargs)
    assert caught.value.code == "ThrottlingException"
    assert throttle.seen == 3
    # WHEN the step is re-run later with the same token THEN it finds the version made before
    version = registry.register(group, card, client_token="run-7", **kwargs)
    assert _versions(sagemaker_client) == [version.arn]


def test_reads_are_retried_too(
    registry: ModelRegistry, group: str, card: ModelCard, no_sleep: list[float]
) -> None:
    version = registry.register(group, card, image_uri=IMAGE, model_data_url=MODEL)
    throttle = Throttle("DescribeModelPackage", times=2).install(registry.client)
    assert registry.get(version.arn).arn == version.arn
    assert throttle.seen == 3
    assert len(no_sleep) == 2
