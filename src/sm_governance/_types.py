"""The string enums shared by every part of the product.

Each enum is a ``str`` enum whose values are SageMaker's own strings, so a member can be
passed to boto3 as it is and a plain string from an API response compares equal to it.
Wherever the product accepts one of these enums it also accepts the string value.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["ApprovalStatus", "CardStatus", "RiskRating"]


class _StrEnum(str, Enum):
    """A ``str`` enum that prints as its value (``str(RiskRating.HIGH) == "High"``)."""

    def __str__(self) -> str:
        return str(self.value)


class RiskRating(_StrEnum):
    """The model card's ``intended_uses.risk_rating``.

    Example:
        >>> RiskRating("High") is RiskRating.HIGH
        True
    """

    HIGH = "High"
    MEDIUM = "Medium"
    LOW = "Low"
    UNKNOWN = "Unknown"


class CardStatus(_StrEnum):
    """The model card's status (``ModelCardStatus``).

    Example:
        >>> CardStatus.PENDING_REVIEW.value
        'PendingReview'
    """

    DRAFT = "Draft"
    PENDING_REVIEW = "PendingReview"
    APPROVED = "Approved"
    ARCHIVED = "Archived"


class ApprovalStatus(_StrEnum):
    """A model package version's ``ModelApprovalStatus``.

    Example:
        >>> ApprovalStatus.PENDING == "PendingManualApproval"
        True
    """

    PENDING = "PendingManualApproval"
    APPROVED = "Approved"
    REJECTED = "Rejected"
