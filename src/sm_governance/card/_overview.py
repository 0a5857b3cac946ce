"""``model_overview``: what the model is and who made it."""

from __future__ import annotations

from typing import Annotated

from sm_governance.card import _limits
from sm_governance.card._base import CardModel, Text, Text1024, max_items

__all__ = ["ModelOverview"]


class ModelOverview(CardModel):
    """The ``model_overview`` section.

    A model package's card may hold only ``model_creator`` and ``model_artifact`` here
    (see :meth:`sm_governance.card.ModelCard.for_package`).

    Attributes:
        model_description: what the model does (at most 1024 characters).
        model_creator: who created the model (at most 1024 characters).
        model_artifact: locations of the model artifacts (at most 15, each at most 1024).
        algorithm_type: the algorithm (at most 1024 characters).
        problem_type: the problem the model solves.
        model_owner: who owns the model (at most 1024 characters).

    Example:
        >>> ModelOverview(model_creator="Credit risk team").model_creator
        'Credit risk team'
    """

    model_description: Text1024 | None = None
    model_creator: Text1024 | None = None
    model_artifact: Annotated[
        list[Text1024] | None, max_items(_limits.MODEL_ARTIFACT_MAX_ITEMS)
    ] = None
    algorithm_type: Text1024 | None = None
    problem_type: Text | None = None
    model_owner: Text1024 | None = None
