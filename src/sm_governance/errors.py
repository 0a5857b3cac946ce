"""The exception tree of sm-governance.

Every error the product raises on purpose is a :class:`GovernanceError`::

    GovernanceError
    ├── ValidationError        our own checks, before any AWS call; every problem with its path
    ├── PolicyViolationError   the policy gate refused; carries the report
    ├── ApprovalRefusedError   self-approval, stale status, missing reason
    └── AwsError(code, operation)
        ├── NotFoundError      the group, version or job does not exist
        ├── ConflictError      someone else changed it first, or it cannot change any more
        ├── ThrottledError     SageMaker kept throttling after botocore's retries
        └── AccessDeniedError  the caller may not do this, or has no usable credentials

botocore's exceptions are translated onto this tree in exactly one place,
:func:`map_client_errors`, and re-raised ``from`` the original so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sm_governance.policy import PolicyReport

__all__ = [
    "AccessDeniedError",
    "ApprovalRefusedError",
    "AwsError",
    "ConflictError",
    "GovernanceError",
    "NotFoundError",
    "PolicyViolationError",
    "Problem",
    "ThrottledError",
    "ValidationError",
    "map_client_errors",
]


class GovernanceError(Exception):
    """The root of every error sm-governance raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One validation problem: where it is (a field path) and what is wrong.

    ``path`` uses dots for fields and ``[i]`` for list items, for example
    ``evaluation_details[0].metric_groups[1].metric_data[3].value``; it is empty for a
    problem with the whole document.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ValidationError(GovernanceError, ValueError):
    """Input failed the product's own checks; nothing was sent to AWS.

    Carries **every** problem found, each with its field path, not only the first.

    Example:
        >>> err = ValidationError([Problem("intended_uses.risk_rating", "not a risk rating")])
        >>> err.problems[0].path
        'intended_uses.risk_rating'
    """

    def __init__(self, problems: Iterable[Problem], *, subject: str = "input") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.subject = subject
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{subject} is invalid ({count} {noun}):\n{lines}")

    @property
    def paths(self) -> list[str]:
        """The field paths of all problems, in order."""
        return [p.path for p in self.problems]


class PolicyViolationError(GovernanceError):
    """The policy gate refused the card; ``report`` says which rules failed and why."""

    def __init__(self, message: str, report: PolicyReport) -> None:
        super().__init__(message)
        self.report = report


class ApprovalRefusedError(GovernanceError):
    """The approval workflow refused to write a decision (self-approval, stale status, ...)."""


class AwsError(GovernanceError):
    """An AWS call failed; ``code`` is AWS's error code and ``operation`` the API operation."""

    def __init__(self, message: str, *, code: str, operation: str) -> None:
        super().__init__(message)
        self.code = code
        self.operation = operation


class NotFoundError(AwsError):
    """The named resource does not exist (or is not visible to the caller)."""


class ConflictError(AwsError):
    """The resource changed under us, or is in a state that forbids the change."""


class ThrottledError(AwsError):
    """AWS kept throttling the request after botocore's own retries."""


class AccessDeniedError(AwsError):
    """The caller is not allowed to do this, or has no usable credentials."""


_THROTTLING = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "SlowDown",
    }
)
_ACCESS = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "ExpiredToken",
        "ExpiredTokenException",
        "SignatureDoesNotMatch",
        "MissingAuthenticationToken",
        "KMSAccessDeniedException",
    }
)
_NOT_FOUND = frozenset(
    {"ResourceNotFound", "ResourceNotFoundException", "NoSuchEntity", "NoSuchKey", "NoSuchBucket"}
)
_CONFLICT = frozenset({"ConflictException", "ResourceInUse", "IdempotentParameterMismatch"})
# SageMaker answers a describe of a missing model package (group) with a
# ValidationException, not a not-found code; these fragments of its message are the only
# signal, so they are matched here and nowhere else.
_MISSING_FRAGMENTS = ("does not exist", "not found", "could not find")


def _classify(code: str, message: str) -> type[AwsError]:
    if code in _THROTTLING:
        return ThrottledError
    if code in _ACCESS:
        return AccessDeniedError
    if code in _NOT_FOUND:
        return NotFoundError
    if code in _CONFLICT:
        return ConflictError
    lowered = message.lower()
    if code == "ValidationException" and any(f in lowered for f in _MISSING_FRAGMENTS):
        return NotFoundError
    if code == "ValidationException" and "archived state" in lowered:
        return ConflictError
    return AwsError


@contextmanager
def map_client_errors(operation: str | None = None) -> Iterator[None]:
    """Translate botocore's exceptions raised inside the block onto the product's tree.

    Args:
        operation: the operation name to report when botocore does not give one.

    Raises:
        AwsError: or the subclass matching AWS's error code, ``from`` the original error.

    Example:
        >>> with map_client_errors("DescribeModelPackage"):
        ...     pass
    """
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        NoCredentialsError,
        PartialCredentialsError,
    )

    try:
        yield
    except ClientError as exc:
        error: dict[str, Any] = dict(exc.response.get("Error", {}))
        code = str(error.get("Code", "Unknown"))
        message = str(error.get("Message", "")) or str(exc)
        op = exc.operation_name or operation or "unknown"
        cls = _classify(code, message)
        raise cls(f"{op} failed: {code}: {message}", code=code, operation=op) from exc
    except (NoCredentialsError, PartialCredentialsError) as exc:
        op = operation or "unknown"
        raise AccessDeniedError(
            f"{op} failed: no usable AWS credentials ({exc})", code="NoCredentials", operation=op
        ) from exc
    except BotoCoreError as exc:
        op = operation or "unknown"
        raise AwsError(f"{op} failed: {exc}", code=type(exc).__name__, operation=op) from exc
