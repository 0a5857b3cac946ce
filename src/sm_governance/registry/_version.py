"""What the registry reads back: versions, version summaries and lifecycle stages.

``ModelVersion`` is a whole version as ``DescribeModelPackage`` returns it, with the card
parsed into a :class:`~sm_governance.card.ModelCard`. ``ModelVersionSummary`` is one row of
``ListModelPackages``: SageMaker's summaries carry the ARN, group, version number, approval
status, lifecycle, description and creation time, but **not** the card, the card status, the
customer metadata nor who created the version. Get those with ``ModelRegistry.get(arn)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sm_governance._types import ApprovalStatus, CardStatus
from sm_governance.errors import Problem
from sm_governance.ledger._digest import subject_digest
from sm_governance.registry._keys import DATAZONE_PROJECT_KEY

if TYPE_CHECKING:
    from sm_governance.card import ModelCard

__all__ = [
    "ModelLifecycle",
    "ModelVersion",
    "ModelVersionSummary",
    "identity_arn",
    "version_from_description",
    "version_from_summary",
]


@dataclass(frozen=True)
class ModelLifecycle:
    """A version's ``ModelLifeCycle``: the stage it is in and that stage's status.

    Stage and status are free names of 1-63 letters, digits or hyphens chosen by the
    organisation (for example ``Development``/``InProgress``, ``Production``/``Approved``).

    Example:
        >>> ModelLifecycle("Staging", "InReview", "load tests").to_api()
        {'Stage': 'Staging', 'StageStatus': 'InReview', 'StageDescription': 'load tests'}
    """

    stage: str
    stage_status: str
    description: str | None = None

    def to_api(self) -> dict[str, str]:
        """The ``ModelLifeCycle`` structure SageMaker takes."""
        api = {"Stage": self.stage, "StageStatus": self.stage_status}
        if self.description is not None:
            api["StageDescription"] = self.description
        return api

    @classmethod
    def from_api(cls, data: Mapping[str, Any] | None) -> ModelLifecycle | None:
        """Parse SageMaker's ``ModelLifeCycle`` (``None`` stays ``None``)."""
        if not data:
            return None
        return cls(
            stage=str(data["Stage"]),
            stage_status=str(data["StageStatus"]),
            description=data.get("StageDescription"),
        )


@dataclass(frozen=True)
class ModelVersion:
    """One model package version with its model card, as SageMaker holds it.

    Attributes:
        arn: the version's ARN.
        group: the model package group's name.
        version: the version number within the group (1, 2, ...).
        approval_status: ``ModelApprovalStatus``.
        approval_description: ``ApprovalDescription`` (the reason of the last decision).
        card: the model card, parsed; ``None`` when the version has none. Reading never
            fails: fields that break a rule are left out and named in ``card_problems``.
        card_status: ``ModelCardStatus``; ``None`` when the version has no card (or SageMaker
            returned a status this product does not know; see ``card_problems``).
        lifecycle: ``ModelLifeCycle``; ``None`` when never set.
        customer_metadata: ``CustomerMetadataProperties`` (a copy; empty when none).
        datazone_project_id: the DataZone project, from the metadata (readable without
            ``kms:Decrypt``) or else from the card.
        created_by: ARN of the IAM identity (or Studio user profile) that registered it.
        created_at: ``CreationTime``.
        last_modified_by: ARN of the identity of the last update.
        last_modified_at: ``LastModifiedTime``.
        model_data_url: the first container's ``ModelDataUrl``.
        image_uri: the first container's ``Image``.
        subject_digest: ``sha256:v1:<hex>`` over everything a deployment uses or a reviewer
            judged (see :func:`sm_governance.ledger.subject_digest`); ``None`` on a version
            returned by ``register`` (only a read sees what SageMaker holds).
        card_problems: what in the stored card breaks a rule, each with its field path
            (empty when the card is valid or absent). Show them as warnings.
        card_content: the ``ModelCardContent`` exactly as SageMaker returned it (unknown
            keys and all); ``None`` for a version built by ``register``.

    A version returned by ``ModelRegistry.register`` is built from the request and the ARN
    SageMaker answered with (register costs exactly one call), so the fields only the service
    knows (``created_by``, ``created_at``, ``last_modified_*``) are ``None`` there; ``get``
    fills them.

    Example:
        >>> v = ModelVersion(arn="arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/1",
        ...                  group="churn", version=1, approval_status=ApprovalStatus.PENDING)
        >>> v.is_approved
        False
    """

    arn: str
    group: str
    version: int
    approval_status: ApprovalStatus
    approval_description: str | None = None
    card: ModelCard | None = field(default=None, repr=False)
    card_status: CardStatus | None = None
    lifecycle: ModelLifecycle | None = None
    customer_metadata: dict[str, str] = field(default_factory=dict)
    datazone_project_id: str | None = None
    created_by: str | None = None
    created_at: datetime | None = None
    last_modified_by: str | None = None
    last_modified_at: datetime | None = None
    model_data_url: str | None = None
    image_uri: str | None = None
    subject_digest: str | None = None
    card_problems: tuple[Problem, ...] = ()
    card_content: str | None = field(default=None, repr=False)

    @property
    def is_approved(self) -> bool:
        """Whether the version's ``ModelApprovalStatus`` is ``Approved``."""
        return self.approval_status is ApprovalStatus.APPROVED


@dataclass(frozen=True)
class ModelVersionSummary:
    """One row of ``ListModelPackages``: a version without its card or metadata.

    Example:
        >>> s = ModelVersionSummary(
        ...     arn="arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/2",
        ...     group="churn", version=2, approval_status=ApprovalStatus.APPROVED)
        >>> s.version
        2
    """

    arn: str
    group: str
    version: int
    approval_status: ApprovalStatus
    lifecycle: ModelLifecycle | None = None
    description: str | None = None
    created_at: datetime | None = None
    package_status: str | None = None


def identity_arn(user_context: Mapping[str, Any] | None) -> str | None:
    """The ARN in a ``UserContext``: the IAM identity, else the Studio user profile."""
    if not user_context:
        return None
    iam = user_context.get("IamIdentity") or {}
    arn = iam.get("Arn") or user_context.get("UserProfileArn")
    return str(arn) if arn else None


def _version_number(data: Mapping[str, Any]) -> int:
    number = data.get("ModelPackageVersion")
    if number is not None:
        return int(number)
    tail = str(data["ModelPackageArn"]).rsplit("/", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _approval(data: Mapping[str, Any]) -> ApprovalStatus:
    return ApprovalStatus(data.get("ModelApprovalStatus") or ApprovalStatus.PENDING.value)


def _card_status(value: Any, problems: list[Problem]) -> CardStatus | None:
    if not value:
        return None
    try:
        return CardStatus(value)
    except ValueError:
        problems.append(Problem("ModelCardStatus", "is not a card status this product knows"))
        return None


def version_from_description(data: Mapping[str, Any]) -> ModelVersion:
    """Build a :class:`ModelVersion` from a ``DescribeModelPackage`` response.

    Never fails on the stored card: what breaks a rule is in ``card_problems``.
    """
    card = None
    problems: list[Problem] = []
    card_data = data.get("ModelCard") or {}
    content = card_data.get("ModelCardContent")
    if isinstance(content, str) and content:
        from sm_governance.card import read_card

        reading = read_card(content)
        card = reading.card
        problems.extend(reading.problems)
    card_status = _card_status(card_data.get("ModelCardStatus"), problems)
    metadata = dict(data.get("CustomerMetadataProperties") or {})
    project = metadata.get(DATAZONE_PROJECT_KEY)
    if project is None and card is not None:
        project = card.datazone_project_id
    containers = (data.get("InferenceSpecification") or {}).get("Containers") or [{}]
    return ModelVersion(
        arn=str(data["ModelPackageArn"]),
        group=str(data.get("ModelPackageGroupName") or data.get("ModelPackageName") or ""),
        version=_version_number(data),
        approval_status=_approval(data),
        approval_description=data.get("ApprovalDescription"),
        card=card,
        card_status=card_status,
        card_problems=tuple(problems),
        card_content=content if isinstance(content, str) else None,
        lifecycle=ModelLifecycle.from_api(data.get("ModelLifeCycle")),
        customer_metadata=metadata,
        datazone_project_id=project,
        created_by=identity_arn(data.get("CreatedBy")),
        created_at=data.get("CreationTime"),
        last_modified_by=identity_arn(data.get("LastModifiedBy")),
        last_modified_at=data.get("LastModifiedTime"),
        model_data_url=containers[0].get("ModelDataUrl"),
        image_uri=containers[0].get("Image"),
        subject_digest=subject_digest(data),
    )


def version_from_summary(data: Mapping[str, Any]) -> ModelVersionSummary:
    """Build a :class:`ModelVersionSummary` from one ``ModelPackageSummaryList`` entry."""
    return ModelVersionSummary(
        arn=str(data["ModelPackageArn"]),
        group=str(data.get("ModelPackageGroupName") or data.get("ModelPackageName") or ""),
        version=_version_number(data),
        approval_status=_approval(data),
        lifecycle=ModelLifecycle.from_api(data.get("ModelLifeCycle")),
        description=data.get("ModelPackageDescription"),
        created_at=data.get("CreationTime"),
        package_status=data.get("ModelPackageStatus"),
    )
