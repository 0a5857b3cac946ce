"""Enums carry SageMaker's own strings and accept them back."""

from __future__ import annotations

import pytest

from sm_governance import ApprovalStatus, CardStatus, RiskRating


@pytest.mark.parametrize(
    ("member", "value"),
    [
        (RiskRating.HIGH, "High"),
        (RiskRating.MEDIUM, "Medium"),
        (RiskRating.LOW, "Low"),
        (RiskRating.UNKNOWN, "Unknown"),
        (CardStatus.DRAFT, "Draft"),
        (CardStatus.PENDING_REVIEW, "PendingReview"),
        (CardStatus.APPROVED, "Approved"),
        (CardStatus.ARCHIVED, "Archived"),
        (ApprovalStatus.PENDING, "PendingManualApproval"),
        (ApprovalStatus.APPROVED, "Approved"),
        (ApprovalStatus.REJECTED, "Rejected"),
    ],
)
def test_values_are_sagemaker_strings(member: str, value: str) -> None:
    assert member == value
    assert str(member) == value
    assert type(member)(value) is member
