"""Local checks of a decision request: bad input never reaches AWS."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sm_governance._types import ApprovalStatus, CardStatus
from sm_governance.errors import ApprovalRefusedError, Problem, ValidationError

__all__ = ["MAX_REASON", "Request", "check_arn", "check_request"]

MAX_REASON = 10_000
_VERSION_ARN = re.compile(
    r"arn:aws[a-z-]*:sagemaker:[a-z0-9-]{9,16}:[0-9]{12}:model-package/"
    r"[a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62}/[0-9]{1,9}"
)
_DECISION_ID = re.compile(r"[a-zA-Z0-9-]{1,36}")
_SUBJECT_DIGEST = re.compile(r"sha256:v1:[0-9a-f]{64}")


@dataclass(frozen=True)
class Request:
    """A checked decision request."""

    arn: str
    decision: ApprovalStatus
    reason: str
    expected_status: ApprovalStatus
    override_justification: str | None
    card_status: CardStatus | None
    decision_id: str | None
    subject_digest: str | None = None


def check_arn(arn: object, problems: list[Problem]) -> None:
    """Append a problem when ``arn`` is not a model package version ARN."""
    if not isinstance(arn, str) or not _VERSION_ARN.fullmatch(arn):
        problems.append(
            Problem(
                "arn",
                "is not a model package version ARN "
                "(arn:aws:sagemaker:<region>:<account>:model-package/<group>/<version>)",
            )
        )


def _enum(value: Any, enum: type[Any], field: str, problems: list[Problem]) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        problems.append(Problem(field, f"must be one of {allowed}; got {value!r}"))
        return None


def check_request(
    *,
    arn: object,
    decision: ApprovalStatus,
    reason: object,
    expected_status: object,
    override_justification: object,
    card_status: object,
    decision_id: object,
    has_policy: bool,
    subject_digest: object = None,
) -> Request:
    """Check everything that can be checked without AWS.

    Raises:
        ApprovalRefusedError: the reason is missing or blank.
        ValidationError: any other field is invalid (every problem, with its field).
    """
    if not isinstance(reason, str) or not reason.strip():
        raise ApprovalRefusedError(
            "reason: a decision needs a reason an auditor can read; none was given"
        )
    problems: list[Problem] = []
    check_arn(arn, problems)
    if len(reason) > MAX_REASON:
        problems.append(Problem("reason", f"must be at most {MAX_REASON} characters"))
    expected = _enum(expected_status, ApprovalStatus, "expected_status", problems)
    status = _enum(card_status, CardStatus, "card_status", problems) if card_status else None
    justification: str | None = None
    if override_justification is not None:
        if not isinstance(override_justification, str) or not override_justification.strip():
            problems.append(Problem("override_justification", "must not be blank when given"))
        elif decision is not ApprovalStatus.APPROVED:
            problems.append(Problem("override_justification", "only an approval has a gate"))
        elif not has_policy:
            problems.append(
                Problem("override_justification", "overrides a policy gate; give the policy")
            )
        else:
            justification = override_justification.strip()
    if decision_id is not None and (
        not isinstance(decision_id, str) or not _DECISION_ID.fullmatch(decision_id)
    ):
        problems.append(Problem("decision_id", "must be 1-36 letters, digits or hyphens"))
    if subject_digest is not None and (
        not isinstance(subject_digest, str) or not _SUBJECT_DIGEST.fullmatch(subject_digest)
    ):
        problems.append(
            Problem(
                "subject_digest",
                "must be sha256:v1:<64 lowercase hex>, as `smgov show` prints it",
            )
        )
    if problems:
        raise ValidationError(problems, subject="decision request")
    assert isinstance(arn, str)
    return Request(
        arn=arn,
        decision=decision,
        reason=reason.strip(),
        expected_status=expected,
        override_justification=justification,
        card_status=status,
        decision_id=decision_id if isinstance(decision_id, str) else None,
        subject_digest=subject_digest if isinstance(subject_digest, str) else None,
    )
