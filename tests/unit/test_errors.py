"""The exception tree and the one place botocore errors are translated."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

from sm_governance.errors import (
    AccessDeniedError,
    AwsError,
    ConflictError,
    GovernanceError,
    NotFoundError,
    Problem,
    ThrottledError,
    ValidationError,
    map_client_errors,
)


def _client_error(
    code: str, message: str = "boom", op: str = "DescribeModelPackage"
) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message}}, op)


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        ("ThrottlingException", "Rate exceeded", ThrottledError),
        ("AccessDeniedException", "not authorized", AccessDeniedError),
        ("ResourceNotFound", "gone", NotFoundError),
        ("ValidationException", "Model Package arn:x does not exist.", NotFoundError),
        ("ConflictException", "changed", ConflictError),
        ("ValidationException", "Model Card is in Archived state", ConflictError),
        ("ValidationException", "1 validation error detected", AwsError),
        ("InternalFailure", "oops", AwsError),
    ],
)
def test_client_errors_map_onto_the_tree(code: str, message: str, expected: type[AwsError]) -> None:
    with pytest.raises(expected) as info, map_client_errors():
        raise _client_error(code, message)
    assert type(info.value) is expected
    assert info.value.code == code
    assert info.value.operation == "DescribeModelPackage"
    assert isinstance(info.value.__cause__, ClientError)
    assert message in str(info.value)


def test_missing_credentials_are_access_denied() -> None:
    with pytest.raises(AccessDeniedError) as info, map_client_errors("GetCallerIdentity"):
        raise NoCredentialsError()
    assert info.value.operation == "GetCallerIdentity"
    assert info.value.code == "NoCredentials"


def test_other_botocore_errors_are_aws_errors() -> None:
    with pytest.raises(AwsError) as info, map_client_errors("ListModelPackages"):
        raise EndpointConnectionError(endpoint_url="http://127.0.0.1:1")
    assert info.value.code == "EndpointConnectionError"


def test_unrelated_exceptions_pass_through() -> None:
    with pytest.raises(KeyError), map_client_errors():
        raise KeyError("x")


def test_validation_error_lists_every_problem() -> None:
    err = ValidationError(
        [Problem("a.b", "too long"), Problem("c[0]", "missing"), Problem("", "too big")],
        subject="model card",
    )
    assert err.paths == ["a.b", "c[0]", ""]
    text = str(err)
    assert "model card is invalid (3 problems)" in text
    assert "a.b: too long" in text
    assert "c[0]: missing" in text
    assert isinstance(err, GovernanceError)
    assert isinstance(err, ValueError)
