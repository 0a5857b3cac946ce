"""``model_package_details``: the model package version a standalone card describes.

The section is part of the model card JSON schema in the SageMaker Developer Guide, not of
the bundled schema file (which carries only two of its definitions, ``source_algorithms`` and
``inference_specification``). A model package's own card cannot hold it
(``ModelPackageModelCard``); a standalone card (``CreateModelCard``) can, and the SageMaker
Python SDK fills it in when a card is made for a model package.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import Field

from sm_governance._types import ApprovalStatus
from sm_governance.card import _limits
from sm_governance.card._base import (
    CardModel,
    Name63,
    Name2048,
    Text,
    Text63,
    Text170,
    Text255,
    Text1024,
    Version,
)

__all__ = [
    "InferenceContainer",
    "InferenceSpecification",
    "ModelPackageCreator",
    "ModelPackageDetails",
    "ModelPackageStatus",
    "SourceAlgorithm",
]


class ModelPackageStatus(str, Enum):
    """``model_package_details.model_package_status`` (SageMaker's ``ModelPackageStatus``).

    Example:
        >>> ModelPackageStatus("Completed") is ModelPackageStatus.COMPLETED
        True
    """

    PENDING = "Pending"
    IN_PROGRESS = "InProgress"
    COMPLETED = "Completed"
    FAILED = "Failed"
    DELETING = "Deleting"

    def __str__(self) -> str:
        return str(self.value)


class ModelPackageCreator(CardModel):
    """``model_package_details.created_by``: the Studio user profile (at most 63 characters).

    Example:
        >>> ModelPackageCreator(user_profile_name="data-scientist-1").user_profile_name
        'data-scientist-1'
    """

    user_profile_name: Text63 | None = None


class SourceAlgorithm(CardModel):
    """One entry of ``source_algorithms``: the algorithm that made the model package.

    ``algorithm_name`` (required) is at most 170 characters, ``model_data_url`` at most 1024.

    Example:
        >>> SourceAlgorithm(algorithm_name="xgboost-credit").algorithm_name
        'xgboost-credit'
    """

    algorithm_name: Text170
    model_data_url: Text1024 | None = None


class InferenceContainer(CardModel):
    """One entry of ``inference_specification.containers``.

    ``image`` (required) is at most 255 characters and ``model_data_url`` at most 1024.

    Example:
        >>> InferenceContainer(image="123456789012.dkr.ecr.../xgb:1").image
        '123456789012.dkr.ecr.../xgb:1'
    """

    model_data_url: Text1024 | None = None
    image: Text255
    nearest_model_name: Text | None = None


class InferenceSpecification(CardModel):
    """``model_package_details.inference_specification``: at most 15 inference containers.

    Example:
        >>> spec = InferenceSpecification(containers=[InferenceContainer(image="img")])
        >>> spec.to_dict()
        {'containers': [{'image': 'img'}]}
    """

    containers: Annotated[
        list[InferenceContainer],
        Field(max_length=_limits.INFERENCE_CONTAINERS_MAX_ITEMS),
    ]


class ModelPackageDetails(CardModel):
    """The ``model_package_details`` section of a standalone card.

    Fields follow the Developer Guide's model card schema, in its order. A model package's
    own card cannot hold this section (see :meth:`sm_governance.card.ModelCard.for_package`).

    Attributes:
        model_package_description: at most 1024 characters.
        model_package_arn: 1 to 2048 characters.
        created_by: the user profile that created the package.
        model_package_status: a :class:`ModelPackageStatus` or its string value.
        model_approval_status: a :class:`~sm_governance.ApprovalStatus` or its string value.
        approval_description: at most 1024 characters.
        model_package_group_name: 1 to 63 characters.
        model_package_name: 1 to 63 characters.
        model_package_version: a number of at least 1 (kept as given).
        domain: the machine learning domain, such as computer vision.
        task: the machine learning task, such as image classification.
        source_algorithms: at most 15 :class:`SourceAlgorithm` (``[]`` too, as the
            SageMaker Python SDK sends for a package without any).
        inference_specification: the inference containers.

    Example:
        >>> details = ModelPackageDetails(
        ...     model_package_group_name="credit-risk",
        ...     model_package_version=3,
        ...     model_approval_status="Approved",
        ... )
        >>> details.model_approval_status
        <ApprovalStatus.APPROVED: 'Approved'>
    """

    model_package_description: Text1024 | None = None
    model_package_arn: Name2048 | None = None
    created_by: ModelPackageCreator | None = None
    model_package_status: ModelPackageStatus | None = None
    model_approval_status: ApprovalStatus | None = None
    approval_description: Text1024 | None = None
    model_package_group_name: Name63 | None = None
    model_package_name: Name63 | None = None
    model_package_version: Version | None = None
    domain: Text | None = None
    task: Text | None = None
    source_algorithms: Annotated[
        list[SourceAlgorithm] | None,
        Field(default=None, max_length=_limits.SOURCE_ALGORITHMS_MAX_ITEMS),
    ] = None
    inference_specification: InferenceSpecification | None = None
