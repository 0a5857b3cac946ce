"""Every expected error maps to its documented exit code; the progress bar on a terminal."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from botocore.exceptions import EndpointConnectionError

from sm_governance.cli import EXIT_AWS, EXIT_NOT_FOUND, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, _review
from sm_governance.cli._errors import classify
from sm_governance.errors import (
    AccessDeniedError,
    ApprovalRefusedError,
    AwsError,
    ConflictError,
    NotFoundError,
    Problem,
    ThrottledError,
    ValidationError,
)
from sm_governance.testing import People

from .conftest import Smgov


@pytest.mark.parametrize(
    ("error", "code", "kind"),
    [
        (ValidationError([Problem("arn", "bad"), Problem("", "worse")]), EXIT_USAGE, "invalid"),
        (ApprovalRefusedError("self-approval refused"), EXIT_REFUSED, "refused"),
        (ConflictError("raced", code="DecisionConflict", operation="x"), EXIT_REFUSED, "conflict"),
        (
            NotFoundError("gone", code="ValidationException", operation="x"),
            EXIT_NOT_FOUND,
            "not_found",
        ),
        (AccessDeniedError("no", code="AccessDenied", operation="x"), EXIT_AWS, "access_denied"),
        (ThrottledError("slow", code="ThrottlingException", operation="x"), EXIT_AWS, "throttled"),
        (AwsError("boom", code="InternalFailure", operation="x"), EXIT_AWS, "aws"),
        (FileNotFoundError(2, "No such file", "out/card.html"), EXIT_USAGE, "invalid"),
        (EndpointConnectionError(endpoint_url="http://127.0.0.1:1"), EXIT_AWS, "aws"),
    ],
)
def test_classify_maps_each_error(error: Exception, code: int, kind: str) -> None:
    verdict = classify(error)
    assert verdict is not None
    assert verdict[:2] == (code, kind)
    assert "\n" not in verdict[2]


def test_unexpected_errors_are_not_classified() -> None:
    assert classify(RuntimeError("bug")) is None


def test_validation_error_is_one_line_with_every_problem() -> None:
    verdict = classify(ValidationError([Problem("a", "x"), Problem("b", "y")], subject="thing"))
    assert verdict is not None
    assert verdict[2] == "thing is invalid: a: x; b: y"


def test_pending_draws_a_progress_bar_on_a_terminal(
    smgov: Smgov,
    people: People,
    register: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    arn = register()
    monkeypatch.setattr(_review, "stderr_is_terminal", lambda: True)
    result = smgov("pending", who=people.officer)
    assert result.exit_code == EXIT_OK, result.output
    assert arn.split("/")[-2] in result.stdout
