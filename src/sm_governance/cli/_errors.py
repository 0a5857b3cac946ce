"""Exit codes, and the one place where errors become one clear line.

=====  =====================================================================================
code   meaning
=====  =====================================================================================
0      done
1      refused: the policy gate failed, the decision was refused (self-approval, stale status,
       missing reason) or another decision landed at the same time (conflict)
2      usage: a bad option or argument, an invalid file, input that failed local validation
3      not found: the version, group or file named does not exist
4      AWS or access error: credentials, permissions, throttling, the endpoint, the service
=====  =====================================================================================
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = [
    "EXIT_AWS",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_REFUSED",
    "EXIT_USAGE",
    "classify",
]

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_AWS = 4


def _one_line(text: str) -> str:
    return " ".join(text.split())


NO_REGION = (
    "no AWS region: give --region, set AWS_REGION (or AWS_DEFAULT_REGION), "
    "or use a profile that has one (--profile)"
)


def classify(
    exc: BaseException, rename: Callable[[str], str] | None = None
) -> tuple[int, str, str] | None:
    """Map an expected error to ``(exit code, kind, one-line message)``; ``None`` if unexpected.

    ``kind`` is one of ``refused``, ``policy_failed``, ``conflict``, ``invalid``,
    ``not_found``, ``aws``, ``access_denied``, ``throttled``. ``rename`` turns a problem's
    field path into what the user typed (``expected_status`` into ``--expected-status``).
    """
    from sm_governance.errors import (
        AccessDeniedError,
        ApprovalRefusedError,
        AwsError,
        ConflictError,
        NotFoundError,
        PolicyViolationError,
        ThrottledError,
        ValidationError,
    )

    if _no_region(exc):
        return EXIT_AWS, "aws", NO_REGION
    if isinstance(exc, ValidationError):
        named = rename or (lambda path: path)
        problems = "; ".join(
            f"{named(p.path)}: {p.message}" if p.path else p.message for p in exc.problems
        )
        problems = problems or "invalid"
        return EXIT_USAGE, "invalid", _one_line(f"{exc.subject} is invalid: {problems}")
    if isinstance(exc, PolicyViolationError):
        return EXIT_REFUSED, "policy_failed", _one_line(str(exc))
    if isinstance(exc, ApprovalRefusedError):
        return EXIT_REFUSED, "refused", _one_line(str(exc))
    if isinstance(exc, ConflictError):
        return EXIT_REFUSED, "conflict", _one_line(str(exc))
    if isinstance(exc, NotFoundError):
        return EXIT_NOT_FOUND, "not_found", _one_line(str(exc))
    if isinstance(exc, AccessDeniedError):
        return EXIT_AWS, "access_denied", _one_line(str(exc))
    if isinstance(exc, ThrottledError):
        return EXIT_AWS, "throttled", _one_line(str(exc))
    if isinstance(exc, AwsError):
        return EXIT_AWS, "aws", _one_line(str(exc))
    if isinstance(exc, FileNotFoundError):
        # a local file, not a resource in AWS: a usage error, as the exit code table says
        return EXIT_USAGE, "invalid", _one_line(f"no such file: {exc.filename}")
    if _is_botocore(exc):
        return EXIT_AWS, "aws", _one_line(f"AWS: {exc}")
    return None


def _no_region(exc: BaseException | None) -> bool:
    while exc is not None:
        if type(exc).__name__ == "NoRegionError" and _is_botocore(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _is_botocore(exc: BaseException) -> bool:
    module: Any = type(exc).__module__
    return isinstance(module, str) and module.startswith(("botocore", "boto3"))
