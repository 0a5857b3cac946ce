"""mock_governance as context manager and decorator; the extension comes off afterwards."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from sm_governance.testing import (
    GovernanceMock,
    UnsupportedMotoVersionError,
    _patch,
    check_moto_version,
    mock_governance,
)

CONTENT = json.dumps({"intended_uses": {"risk_rating": "Low"}})
SPEC: dict[str, Any] = {
    "Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1"}],
    "SupportedContentTypes": ["text/csv"],
    "SupportedResponseMIMETypes": ["text/csv"],
}


def _card_after_round_trip() -> Any:
    sm: Any = boto3.client("sagemaker", region_name="us-east-1")
    sm.create_model_package_group(ModelPackageGroupName="g")
    arn = sm.create_model_package(
        ModelPackageGroupName="g",
        InferenceSpecification=SPEC,
        ModelCard={"ModelCardContent": CONTENT, "ModelCardStatus": "Draft"},
    )["ModelPackageArn"]
    return sm.describe_model_package(ModelPackageName=arn).get("ModelCard")


def test_context_manager(aws_credentials: dict[str, str]) -> None:
    with mock_governance() as mock:
        assert isinstance(mock, GovernanceMock)
        assert _patch.installed()
        assert _card_after_round_trip() == {"ModelCardContent": CONTENT, "ModelCardStatus": "Draft"}
    assert not _patch.installed()


def test_bare_decorator(aws_credentials: dict[str, str]) -> None:
    @mock_governance
    def run() -> Any:
        return _card_after_round_trip()

    assert run()["ModelCardStatus"] == "Draft"
    assert run.__name__ == "run"


def test_called_decorator_starts_empty_each_time(aws_credentials: dict[str, str]) -> None:
    @mock_governance()
    def run() -> Any:
        return _card_after_round_trip()

    # the group "g" is created on each call: each run begins from empty
    assert run() == run()


def test_plain_moto_is_untouched_afterwards(aws_credentials: dict[str, str]) -> None:
    # GIVEN the extension was used and taken off
    with mock_governance():
        pass
    from moto import mock_aws

    # WHEN plain moto runs THEN it behaves as moto does (it drops the card)
    with mock_aws():
        assert _card_after_round_trip() is None


def test_nesting_keeps_the_extension_until_the_outer_exit(aws_credentials: dict[str, str]) -> None:
    _patch.install()
    try:
        with mock_governance():
            assert _patch.installed()
        assert _patch.installed()
    finally:
        _patch.uninstall()
    assert not _patch.installed()
    _patch.uninstall()  # one too many is harmless
    assert not _patch.installed()


def test_decorating_a_class_is_refused() -> None:
    with pytest.raises(TypeError, match="decorates functions"):
        mock_governance(type("TestSomething", (), {}))


@pytest.mark.parametrize("version", ["5.1.22", "5.3.0", "6.0.0", "4.2.14", "dev"])
def test_unknown_moto_versions_fail_clearly(version: str) -> None:
    with pytest.raises(UnsupportedMotoVersionError) as caught:
        check_moto_version(version)
    assert version in str(caught.value)
    assert ">=5.2,<5.3" in str(caught.value)


@pytest.mark.parametrize("version", ["5.2.0", "5.2.5", "5.2.10.dev3"])
def test_supported_versions(version: str) -> None:
    check_moto_version(version)


def test_installing_on_an_unknown_moto_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import moto

    monkeypatch.setattr(moto, "__version__", "5.3.1")
    with pytest.raises(UnsupportedMotoVersionError):
        _patch.install()
    assert not _patch.installed()
    with pytest.raises(UnsupportedMotoVersionError):
        mock_governance()


def test_fixtures_give_fake_credentials_only(aws_credentials: dict[str, str]) -> None:
    session = boto3.Session()
    credentials = session.get_credentials()
    assert credentials is not None
    assert credentials.access_key == "testing"
    assert session.region_name == "us-east-1"
