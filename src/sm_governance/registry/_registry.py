"""``ModelRegistry``: model package groups and versions with their model cards.

AWS calls per operation (``before-call`` events, retries of one call not counted):

=====================  =================================================================
``ensure_group``       existing group: 2 (describe, list tags), +1 to add a missing binding
                       tag; new group: 2 (describe, create)
``register``           1 (``CreateModelPackage``); 0 when the input is invalid
``get``                1 (``DescribeModelPackage``)
``versions``           1 per page of up to 100 versions, fetched as the iterator advances
``latest``             2 (``ListModelPackages`` with ``MaxResults=1``, then ``get``)
``update_card``        2 (read the card status: an archived card's content never changes;
                       then ``UpdateModelPackage``)
``set_card_status``    2 (read the current status to enforce the transitions; then write),
                       1 when the card already has that status
``set_lifecycle``      1 (``UpdateModelPackage``)
=====================  =================================================================
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sm_governance._aws import make_client
from sm_governance._types import ApprovalStatus, CardStatus
from sm_governance.errors import Problem, ValidationError, map_client_errors
from sm_governance.registry._arns import check_version_name, parse_group, parse_version_arn
from sm_governance.registry._cards import (
    card_content_params,
    card_status_params,
    check_content_change,
    check_transition,
)
from sm_governance.registry._checks import check_choice, check_lifecycle
from sm_governance.registry._groups import ModelGroup, ensure, prepare_group
from sm_governance.registry._register import prepare_registration, registered_version
from sm_governance.registry._version import (
    ModelLifecycle,
    ModelVersion,
    ModelVersionSummary,
    version_from_description,
    version_from_summary,
)

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config
    from mypy_boto3_sagemaker import SageMakerClient
    from mypy_boto3_sagemaker.type_defs import ModelLifeCycleTypeDef

    from sm_governance.card import ModelCard

__all__ = ["ModelRegistry"]

_PAGE_SIZE = 100


class ModelRegistry:
    """SageMaker Model Registry, with the model card inside each model package version.

    Args:
        client: a boto3 SageMaker client to use as is.
        session: a ``boto3.Session`` to create the client from (when no ``client``).
        config: botocore config merged over the product's default (standard retries,
            user agent); ignored when a ``client`` is given.

    Example:
        >>> registry = ModelRegistry()  # doctest: +SKIP
        >>> registry.ensure_group("churn", datazone_project_id="5rq8d4gkmq7xjk")  # doctest: +SKIP
        >>> version = registry.register(  # doctest: +SKIP
        ...     "churn", card,
        ...     image_uri="123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1",
        ...     model_data_url="s3://models/churn/model.tar.gz")
        >>> registry.get(version.arn).card_status  # doctest: +SKIP
        <CardStatus.DRAFT: 'Draft'>
    """

    def __init__(
        self,
        *,
        client: SageMakerClient | None = None,
        session: boto3.Session | None = None,
        config: Config | None = None,
    ) -> None:
        self._given: SageMakerClient | None = client
        self._session = session
        self._config = config
        self._lock = threading.Lock()

    @property
    def client(self) -> SageMakerClient:
        """The SageMaker client in use, made on first use (so bad input is refused first)."""
        if self._given is None:
            with self._lock:
                if self._given is None:
                    self._given = make_client(
                        "sagemaker", session=self._session, config=self._config
                    )
        return self._given

    @property
    def _client(self) -> SageMakerClient:
        return self.client

    # -- groups ---------------------------------------------------------------------------

    def ensure_group(
        self,
        name: str,
        *,
        description: str | None = None,
        datazone_project_id: str | None = None,
        datazone_domain_id: str | None = None,
        tags: Mapping[str, str] | None = None,
    ) -> ModelGroup:
        """Create the model package group if it is missing; bind it to a DataZone project.

        Idempotent. An existing group keeps its description and tag values; tags it lacks
        (the DataZone binding included) are added. A group named by ARN (possibly in another
        account) is never created, only checked.

        Args:
            name: the group's name, or its ARN.
            description: the description of a group created now.
            datazone_project_id: the DataZone project the group belongs to, recorded as the
                tag ``datazone_project_id``.
            datazone_domain_id: the DataZone domain, recorded as the tag ``datazone_domain_id``.
            tags: more tags for a group created now (or added when missing).

        Raises:
            ValidationError: an argument is invalid; nothing was sent.
            GovernanceError: the group is bound to another DataZone project.
            NotFoundError: a group named by ARN does not exist.
        """
        request = prepare_group(
            name,
            description=description,
            datazone_project_id=datazone_project_id,
            datazone_domain_id=datazone_domain_id,
            tags=tags,
        )
        return ensure(self._client, request)

    # -- versions -------------------------------------------------------------------------

    def register(
        self,
        group: str,
        card: ModelCard,
        *,
        image_uri: str,
        model_data_url: str,
        content_types: Sequence[str] = ("text/csv",),
        response_types: Sequence[str] = ("text/csv",),
        inference_instances: Sequence[str] | None = None,
        transform_instances: Sequence[str] | None = None,
        model_metrics: Mapping[str, Any] | None = None,
        approval_status: ApprovalStatus | str = ApprovalStatus.PENDING,
        card_status: CardStatus | str = CardStatus.DRAFT,
        customer_metadata: Mapping[str, str] | None = None,
        lifecycle: ModelLifecycle | Mapping[str, str] | None = None,
        kms_key_id: str | None = None,
        client_token: str | None = None,
    ) -> ModelVersion:
        """Register a model package version with its model card, in one AWS call.

        Everything is checked first and nothing is sent when anything is wrong. The card is
        validated as a model-package card (a standalone card is converted; a field a package
        card cannot hold is a problem naming that field). The card's DataZone project and
        domain are copied into ``CustomerMetadataProperties`` (keys ``datazone_project_id``,
        ``datazone_domain_id``).

        Args:
            group: the model package group's name or ARN (another account's too).
            card: the model card.
            image_uri: the inference container image.
            model_data_url: the model artifact, ``s3://bucket/key``.
            content_types: ``SupportedContentTypes``.
            response_types: ``SupportedResponseMIMETypes``.
            inference_instances: ``SupportedRealtimeInferenceInstanceTypes``.
            transform_instances: ``SupportedTransformInstanceTypes``.
            model_metrics: SageMaker's ``ModelMetrics`` structure, as boto3 takes it.
            approval_status: the version's initial ``ModelApprovalStatus``.
            card_status: the card's initial status (not ``Archived``).
            customer_metadata: more ``CustomerMetadataProperties`` (50 entries in all).
            lifecycle: the initial ``ModelLifeCycle``.
            kms_key_id: KMS key encrypting the version's information (the card included).
            client_token: makes the registration idempotent across processes: the same token
                with the same content gives the same version; with different content, a new
                one (see :func:`~sm_governance.registry.derive_client_token`).

        Returns:
            The version, built from the request and the ARN SageMaker returned (``created_by``
            and the times are ``None`` until read back with :meth:`get`).

        Raises:
            ValidationError: listing every problem; nothing was sent.
            NotFoundError: the group does not exist.
            AwsError: SageMaker refused the request.
        """
        model = self._client.meta.service_model
        registration = prepare_registration(
            group,
            card,
            image_uri=image_uri,
            model_data_url=model_data_url,
            content_types=content_types,
            response_types=response_types,
            inference_instances=inference_instances,
            transform_instances=transform_instances,
            model_metrics=model_metrics,
            approval_status=approval_status,
            card_status=card_status,
            customer_metadata=customer_metadata,
            lifecycle=lifecycle,
            kms_key_id=kms_key_id,
            client_token=client_token,
            realtime_instance_types=_enum(model, "ProductionVariantInstanceType"),
            transform_instance_types=_enum(model, "TransformInstanceType"),
            model_metrics_shape=model.shape_for("ModelMetrics"),
        )
        with map_client_errors("CreateModelPackage"):
            response = self._client.create_model_package(**registration.params)
        return registered_version(registration, response["ModelPackageArn"])

    def get(self, arn_or_name: str) -> ModelVersion:
        """Read one version, its model card parsed, in one ``DescribeModelPackage`` call.

        Raises:
            ValidationError: ``arn_or_name`` is not a version ARN or package name. A stored
                card that breaks a rule is never an error: see ``ModelVersion.card_problems``.
            NotFoundError: no such version.
        """
        return version_from_description(self._describe(arn_or_name))

    def _describe(self, arn_or_name: object) -> dict[str, Any]:
        problem = check_version_name(arn_or_name)
        if problem is not None:
            raise ValidationError([problem], subject="model version name")
        with map_client_errors("DescribeModelPackage"):
            return dict(self._client.describe_model_package(ModelPackageName=str(arn_or_name)))

    def _list_params(self, group: object, status: object) -> dict[str, Any]:
        problems: list[Problem] = []
        ref = parse_group(group, "group")
        if isinstance(ref, Problem):
            problems.append(ref)
        approval = None
        if status is not None:
            approval, problems_ = check_choice(status, ApprovalStatus, "status")
            problems += problems_
        if problems or isinstance(ref, Problem):
            raise ValidationError(problems, subject="model version listing")
        params: dict[str, Any] = {
            "ModelPackageGroupName": ref.value,
            "SortBy": "CreationTime",
            "SortOrder": "Descending",
        }
        if approval is not None:
            params["ModelApprovalStatus"] = approval.value
        return params

    def versions(
        self, group: str, *, status: ApprovalStatus | str | None = None
    ) -> Iterator[ModelVersionSummary]:
        """The group's versions, newest first, fetched lazily a page (100) at a time.

        A summary carries no card, card status or metadata; :meth:`get` reads those.

        Raises:
            ValidationError: at the call (not at the first ``next``) for a bad argument.
        """
        return self._iter_versions(self._list_params(group, status))

    def _iter_versions(self, params: dict[str, Any]) -> Iterator[ModelVersionSummary]:
        kwargs = dict(params, MaxResults=_PAGE_SIZE)
        while True:
            with map_client_errors("ListModelPackages"):
                page = self._client.list_model_packages(**kwargs)
            for summary in page.get("ModelPackageSummaryList", []):
                yield version_from_summary(summary)
            token = page.get("NextToken")
            if not token:
                return
            kwargs["NextToken"] = token

    def latest(
        self, group: str, *, status: ApprovalStatus | str | None = ApprovalStatus.APPROVED
    ) -> ModelVersion | None:
        """The newest version with ``status`` (any status for ``None``), or ``None``.

        Two calls: ``ListModelPackages`` sorted by creation time with ``MaxResults=1``, then
        :meth:`get`.
        """
        kwargs = dict(self._list_params(group, status), MaxResults=1)
        while True:
            with map_client_errors("ListModelPackages"):
                page = self._client.list_model_packages(**kwargs)
            summaries = page.get("ModelPackageSummaryList", [])
            if summaries:
                return self.get(summaries[0]["ModelPackageArn"])
            token = page.get("NextToken")
            if not token:
                return None
            kwargs["NextToken"] = token

    # -- cards and lifecycle ---------------------------------------------------------------

    def update_card(self, arn: str, card: ModelCard) -> ModelVersion:
        """Replace a version's card content; its status is left as it is.

        Reads the version first (an archived card's content never changes), then sends only
        ``ModelCardContent`` (plus the DataZone metadata keys when the card's IDs changed).

        Raises:
            ValidationError: the card is not a valid package card; nothing was sent.
            ConflictError: the card is archived (code ``ModelCardArchived``).
            NotFoundError: no such version.
        """
        from sm_governance.card import ModelCard

        if not isinstance(card, ModelCard):
            raise ValidationError([Problem("card", "must be a ModelCard")], subject="model card")
        package_card = card.for_package()
        current = self._describe(arn)
        stripped = dict(current, ModelCard={})
        before = version_from_description(stripped)
        check_content_change(before.arn, _card_status(current))
        params = card_content_params(
            before.arn,
            package_card,
            current_status=_card_status(current),
            current_metadata=before.customer_metadata,
        )
        with map_client_errors("UpdateModelPackage"):
            self._client.update_model_package(**params)
        metadata = dict(before.customer_metadata)
        metadata.update(params.get("CustomerMetadataProperties", {}))
        for key in params.get("CustomerMetadataPropertiesToRemove", []):
            metadata.pop(key, None)
        return dataclasses.replace(
            before,
            card=package_card,
            card_status=_card_status(current) or CardStatus.DRAFT,
            customer_metadata=metadata,
            datazone_project_id=package_card.datazone_project_id,
            last_modified_by=None,
            last_modified_at=None,
        )

    def set_card_status(self, arn: str, status: CardStatus | str) -> ModelVersion:
        """Move a version's card to ``status`` following the legal transitions.

        Reads the current status, checks the transition locally, then sends only
        ``ModelCardStatus`` (the content stays). Setting the current status again writes
        nothing.

        Raises:
            ValidationError: ``status`` is not a card status; nothing was sent.
            ConflictError: the transition is not allowed (``ModelCardArchived``,
                ``InvalidCardStatusTransition``); nothing was written.
            NotFoundError: no such version.
        """
        target, problems = check_choice(status, CardStatus, "status")
        if target is None:
            raise ValidationError(problems, subject="model card status")
        current = self._describe(arn)
        version = version_from_description(current)
        if version.card_status == target:
            return version
        check_transition(version.arn, version.card_status, target)
        with map_client_errors("UpdateModelPackage"):
            self._client.update_model_package(**card_status_params(version.arn, target))
        return dataclasses.replace(
            version, card_status=target, last_modified_by=None, last_modified_at=None
        )

    def set_lifecycle(
        self, arn: str, stage: str, stage_status: str, description: str | None = None
    ) -> None:
        """Set a version's ``ModelLifeCycle`` in one ``UpdateModelPackage`` call.

        Raises:
            ValidationError: ``arn`` is not a version ARN, or stage, status or description
                break SageMaker's limits (1-63 letters, digits, hyphens; one line of at most
                1,024 characters); nothing was sent.
            NotFoundError: no such version.
        """
        problems: list[Problem] = []
        parsed = parse_version_arn(arn)
        if isinstance(parsed, Problem):
            problems.append(parsed)
        problems += check_lifecycle(stage, stage_status, description, "lifecycle")
        if problems:
            raise ValidationError(problems, subject="model lifecycle")
        api: ModelLifeCycleTypeDef = {"Stage": stage, "StageStatus": stage_status}
        if description is not None:
            api["StageDescription"] = description
        with map_client_errors("UpdateModelPackage"):
            self._client.update_model_package(ModelPackageArn=arn, ModelLifeCycle=api)


def _card_status(described: Mapping[str, Any]) -> CardStatus | None:
    value = (described.get("ModelCard") or {}).get("ModelCardStatus")
    return CardStatus(value) if value else None


def _enum(model: Any, shape: str) -> list[str]:
    return list(getattr(model.shape_for(shape), "enum", None) or [])
