"""``intended_uses``: why the model exists, how it may be used, and its risk rating."""

from __future__ import annotations

from sm_governance._types import RiskRating
from sm_governance.card._base import CardModel, Text2048

__all__ = ["IntendedUses"]


class IntendedUses(CardModel):
    """The ``intended_uses`` section.

    Attributes:
        purpose_of_model: why the model was developed (at most 2048 characters).
        intended_uses: the intended use cases (at most 2048 characters).
        factors_affecting_model_efficiency: at most 2048 characters.
        risk_rating: a :class:`~sm_governance.RiskRating` or its string value.
        explanations_for_risk_rating: at most 2048 characters.

    Example:
        >>> IntendedUses(purpose_of_model="Score loans", risk_rating="Low").risk_rating
        <RiskRating.LOW: 'Low'>
    """

    purpose_of_model: Text2048 | None = None
    intended_uses: Text2048 | None = None
    factors_affecting_model_efficiency: Text2048 | None = None
    risk_rating: RiskRating | None = None
    explanations_for_risk_rating: Text2048 | None = None
