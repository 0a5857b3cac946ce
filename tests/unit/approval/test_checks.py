"""Bad decision requests are refused locally, naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from sm_governance import ApprovalRefusedError, ApprovalStatus, CardStatus, ValidationError
from sm_governance.approval._checks import check_request

ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/credit-risk/3"


def _check(**overrides: Any) -> Any:
    args: dict[str, Any] = {
        "arn": ARN,
        "decision": ApprovalStatus.APPROVED,
        "reason": "Meets the policy",
        "expected_status": "PendingManualApproval",
        "override_justification": None,
        "card_status": None,
        "decision_id": None,
        "has_policy": True,
    }
    args.update(overrides)
    return check_request(**args)


def test_a_valid_request_is_normalised() -> None:
    request = _check(reason="  ok  ", card_status="Approved", override_justification=" CFO ")
    assert request.reason == "ok"
    assert request.expected_status is ApprovalStatus.PENDING
    assert request.card_status is CardStatus.APPROVED
    assert request.override_justification == "CFO"


@pytest.mark.parametrize("reason", [None, "", "   \n\t"])
def test_missing_or_blank_reason_is_refused(reason: object) -> None:
    with pytest.raises(ApprovalRefusedError, match="reason"):
        _check(reason=reason)


def test_every_other_problem_is_listed_with_its_field() -> None:
    with pytest.raises(ValidationError) as info:
        _check(
            arn="arn:aws:sagemaker:us-east-1:111122223333:model-package-group/credit-risk",
            expected_status="Maybe",
            card_status="Shiny",
            decision_id="not valid!",
            override_justification=" ",
            reason="r" * 10_001,
        )
    assert info.value.paths == [
        "arn",
        "reason",
        "expected_status",
        "card_status",
        "override_justification",
        "decision_id",
    ]


def test_an_override_needs_a_policy_and_an_approval() -> None:
    with pytest.raises(ValidationError, match="give the policy"):
        _check(override_justification="because", has_policy=False)
    with pytest.raises(ValidationError, match="only an approval"):
        _check(override_justification="because", decision=ApprovalStatus.REJECTED)


@pytest.mark.parametrize(
    "digest", ["sha256:abc", "sha256:v2:" + "0" * 64, "sha256:v1:" + "A" * 64, 7]
)
def test_a_malformed_subject_digest_is_a_usage_problem(digest: object) -> None:
    with pytest.raises(ValidationError) as info:
        check_request(
            arn="arn:aws:sagemaker:us-east-1:111122223333:model-package/g/1",
            decision=ApprovalStatus.APPROVED,
            reason="ok",
            expected_status="PendingManualApproval",
            override_justification=None,
            card_status=None,
            decision_id=None,
            has_policy=False,
            subject_digest=digest,
        )
    assert info.value.paths == ["subject_digest"]
