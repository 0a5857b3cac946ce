"""pytest fixtures for the local SageMaker (registered by ``_plugin.py``).

Nothing heavy is imported until a fixture is used, so installing sm-governance costs other
test suites nothing.

Fixtures:
    aws_credentials: fake credentials and region in the environment; no real AWS reachable.
    governance_mock: :class:`~sm_governance.testing.GovernanceMock` running for the test.
    aws_session: a boto3 session under the mock.
    sagemaker_client / sts_client: boto3 clients under the mock.
    two_people: :class:`~sm_governance.testing.People` (a registrant and an officer, each an
        IAM user with their own session) for separation-of-duties tests.
    ledger: :class:`~sm_governance.testing.LocalLedger`, a decision ledger under the mock (a
        bucket with versioning and Object Lock, an ``ECC_NIST_P256`` signing key): ``ledger.uri``
        is ``s3://bucket/prefix``, ``ledger.signing_key`` the key. Sets nothing globally.
    ledger_env: the same ledger, with ``SMGOV_LEDGER`` and ``SMGOV_SIGNING_KEY`` set in the
        environment for the test (the opt-in for code that reads them).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import boto3

    from sm_governance.testing import GovernanceMock, LocalLedger, People

REGION = "us-east-1"
_FAKE = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
}
_CLEARED_PREFIXES = ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_DEFAULT_PROFILE")


@pytest.fixture
def aws_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> dict[str, str]:
    """Fake credentials and region; real profiles, config files and endpoints are hidden."""
    for name in list(os.environ):
        if name.startswith(_CLEARED_PREFIXES):
            monkeypatch.delenv(name)
    for name, value in _FAKE.items():
        monkeypatch.setenv(name, value)
    missing = str(tmp_path / "no-aws-config")
    monkeypatch.setenv("AWS_CONFIG_FILE", missing)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", missing)
    return dict(_FAKE)


@pytest.fixture
def governance_mock(aws_credentials: dict[str, str]) -> Iterator[GovernanceMock]:
    """The local SageMaker (and every other moto service) for the duration of a test."""
    from sm_governance.testing import GovernanceMock

    with GovernanceMock() as mock:
        yield mock


@pytest.fixture
def aws_session(governance_mock: GovernanceMock) -> boto3.Session:
    """A boto3 session with the fake credentials, under the mock."""
    from sm_governance.testing._identity import new_session

    return new_session(region_name=REGION)


@pytest.fixture
def sagemaker_client(aws_session: boto3.Session) -> Any:
    """A SageMaker client under the mock."""
    return aws_session.client("sagemaker")


@pytest.fixture
def sts_client(aws_session: boto3.Session) -> Any:
    """An STS client under the mock."""
    return aws_session.client("sts")


@pytest.fixture
def two_people(aws_session: boto3.Session) -> People:
    """A registrant and a governance officer: two IAM users with their own sessions."""
    from sm_governance.testing import two_people as make_people

    return make_people(session=aws_session, region_name=REGION)


@pytest.fixture
def ledger(aws_session: boto3.Session) -> LocalLedger:
    """A locked ledger bucket and an ECC signing key under the mock; nothing set globally."""
    from sm_governance.testing._ledger import create_ledger

    return create_ledger(session=aws_session)


@pytest.fixture
def ledger_env(ledger: LocalLedger, monkeypatch: pytest.MonkeyPatch) -> LocalLedger:
    """The ``ledger`` fixture, with ``SMGOV_LEDGER`` and ``SMGOV_SIGNING_KEY`` set for the test."""
    for name, value in ledger.environment().items():
        monkeypatch.setenv(name, value)
    return ledger
