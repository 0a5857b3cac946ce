"""``business_details``: the business problem the model serves."""

from __future__ import annotations

from sm_governance.card._base import CardModel, Text2048

__all__ = ["BusinessDetails"]


class BusinessDetails(CardModel):
    """The ``business_details`` section.

    Attributes:
        business_problem: the business problem the model solves (at most 2048 characters).
        business_stakeholders: who has a stake in it (at most 2048 characters).
        line_of_business: at most 2048 characters.

    Example:
        >>> BusinessDetails(line_of_business="Retail lending").line_of_business
        'Retail lending'
    """

    business_problem: Text2048 | None = None
    business_stakeholders: Text2048 | None = None
    line_of_business: Text2048 | None = None
