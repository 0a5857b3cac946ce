"""The string enums shared by every part of the product.

Each enum is a ``str`` enum whose values are SageMaker's own strings, so a member can be
passed to boto3 as it is and a plain string from an API response compares equal to it.
Wherever the product accepts one of these enums it also accepts the string value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import Enum

__all__ = ["ApprovalStatus", "CardStatus", "RiskRating", "risk_rating_of"]


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


def risk_rating_of(content: object) -> str | None:
    """The card's ``intended_uses.risk_rating`` as written, or ``None``; never raises.

    The one reader of a card's rating (policy gate, quorum, audit, pending queue). ``content``
    is the card content, parsed or as JSON text. Reading what SageMaker holds never fails:
    text that is not JSON, content or ``intended_uses`` that is not an object, and a rating
    that is not a non-empty string all read as no rating. A string outside
    :class:`RiskRating` is returned as written; a caller that needs one of SageMaker's
    values checks for it.

    Example:
        >>> risk_rating_of('{"intended_uses": {"risk_rating": "High"}}')
        'High'
        >>> risk_rating_of({"intended_uses": ["High"]}) is None
        True
    """
    if isinstance(content, (str, bytes)):
        try:
            content = json.loads(content)
        except (ValueError, RecursionError):  # nested past the parser's limit: no rating
            return None
    uses = content.get("intended_uses") if isinstance(content, Mapping) else None
    rating = uses.get("risk_rating") if isinstance(uses, Mapping) else None
    return rating if isinstance(rating, str) and rating else None


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
