"""Client construction: precedence, retries and the user agent."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config

from sm_governance._aws import USER_AGENT, default_config, make_client


def test_default_config_uses_standard_retries_and_user_agent() -> None:
    config: Any = default_config()
    assert config.retries == {"mode": "standard", "total_max_attempts": 5}
    assert config.user_agent_extra == USER_AGENT


def test_caller_retries_merge_key_by_key() -> None:
    # GIVEN a caller who only changes the attempt count WHEN merged THEN standard mode stays
    config: Any = default_config(Config(retries={"max_attempts": 2}, read_timeout=7))
    assert config.retries == {"mode": "standard", "max_attempts": 2}
    assert config.read_timeout == 7
    adaptive: Any = default_config(Config(retries={"mode": "adaptive"}))
    assert adaptive.retries == {"mode": "adaptive", "total_max_attempts": 5}


def test_a_given_client_wins() -> None:
    sentinel = object()
    assert make_client("sagemaker", client=sentinel) is sentinel


def test_session_endpoint_and_region_are_used() -> None:
    session = boto3.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="eu-west-1"
    )
    client = make_client(
        "sagemaker", session=session, endpoint_url="http://127.0.0.1:9", region_name="us-east-2"
    )
    assert client.meta.endpoint_url == "http://127.0.0.1:9"
    assert client.meta.region_name == "us-east-2"
    assert USER_AGENT in client.meta.config.user_agent_extra
    assert client.meta.config.retries["mode"] == "standard"


def test_default_session_is_created_when_none_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    client = make_client("sts")
    assert client.meta.service_model.service_name == "sts"
