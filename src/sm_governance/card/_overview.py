"""``model_overview``: what the model is and who made it."""

from __future__ import annotations

from typing import Annotated

from sm_governance.card import _limits
from sm_governance.card._base import CardModel, Text1024, Version, max_items

__all__ = ["InferenceEnvironment", "ModelOverview"]


class InferenceEnvironment(CardModel):
    """``model_overview.inference_environment``: the inference images (at most 15).

    A field of the Developer Guide's model card schema (standalone cards only).

    Example:
        >>> InferenceEnvironment(container_image=["123456789012.dkr.ecr..."]).container_image
        ['123456789012.dkr.ecr...']
    """

    container_image: Annotated[
        list[Text1024] | None, max_items(_limits.INFERENCE_CONTAINER_IMAGE_MAX_ITEMS)
    ] = None


class ModelOverview(CardModel):
    """The ``model_overview`` section.

    The first six fields are those of the bundled schema file; ``model_id``, ``model_name``,
    ``model_version`` and ``inference_environment`` come from the model card JSON schema in
    the SageMaker Developer Guide, which the bundled file lacks, and are serialised after the
    others in that order. A model package's card may hold only ``model_creator`` and
    ``model_artifact`` here (see :meth:`sm_governance.card.ModelCard.for_package`).

    Attributes:
        model_description: what the model does (at most 1024 characters).
        model_creator: who created the model (at most 1024 characters).
        model_artifact: locations of the model artifacts (at most 15, each at most 1024).
        algorithm_type: the algorithm (at most 1024 characters).
        problem_type: the problem the model solves (at most 1024 characters: the Developer
            Guide schema and CloudFormation's AWS::SageMaker::ModelCard cap it; the bundled
            file does not).
        model_owner: who owns the model (at most 1024 characters).
        model_id: the SageMaker model ARN, or any ID of a model made elsewhere (at most 1024).
        model_name: the model's name (at most 1024 characters).
        model_version: the model's version, a number of at least 1 (kept as given).
        inference_environment: the inference container images.

    Example:
        >>> ModelOverview(model_creator="Credit risk team").model_creator
        'Credit risk team'
        >>> ModelOverview(model_name="credit-risk", model_version=3).to_dict()
        {'model_name': 'credit-risk', 'model_version': 3}
    """

    model_description: Text1024 | None = None
    model_creator: Text1024 | None = None
    model_artifact: Annotated[
        list[Text1024] | None, max_items(_limits.MODEL_ARTIFACT_MAX_ITEMS)
    ] = None
    algorithm_type: Text1024 | None = None
    problem_type: Text1024 | None = None
    model_owner: Text1024 | None = None
    # -- the Developer Guide's schema only ------------------------------------------------
    model_id: Text1024 | None = None
    model_name: Text1024 | None = None
    model_version: Version | None = None
    inference_environment: InferenceEnvironment | None = None
