"""``register``: every argument checked locally, then one ``CreateModelPackage`` request.

Nothing is sent when anything is wrong: :func:`prepare_registration` collects every problem of
every argument (the card's included, under ``card.``) into one
:class:`~sm_governance.errors.ValidationError`.

Idempotency. botocore fills ``ClientToken`` with a fresh UUID once per call, so its own retries
of one call never register twice. A caller's ``client_token`` makes a registration idempotent
across processes (a re-run pipeline step, a restarted script): the token sent is a UUID derived
from that ``client_token`` *and* a digest of the whole request, so the same token with the same
content finds the version already registered, and the same token with different content (say,
another ``model_data_url``) registers a new version. Two registrations of different artifacts
are always two versions.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sm_governance._types import ApprovalStatus, CardStatus
from sm_governance.errors import Problem, ValidationError
from sm_governance.registry._arns import GroupRef, parse_group, parse_version_arn
from sm_governance.registry._checks import (
    LIMITS,
    check_choice,
    check_client_token,
    check_datazone_domain,
    check_datazone_id,
    check_image_uri,
    check_instance_types,
    check_kms_key_id,
    check_lifecycle,
    check_metadata,
    check_s3_url,
    check_string_list,
)
from sm_governance.registry._keys import DATAZONE_DOMAIN_KEY, DATAZONE_PROJECT_KEY
from sm_governance.registry._version import ModelLifecycle, ModelVersion

if TYPE_CHECKING:
    from sm_governance.card import ModelCard

__all__ = [
    "Registration",
    "derive_client_token",
    "prepare_registration",
    "registered_version",
    "to_lifecycle",
]

_TOKEN_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://sm-governance.dev/client-token")
_S3_OR_HTTPS = re.compile(r"(https|s3)://([^/]+)/?(.*)", re.DOTALL)
_DIGEST = re.compile(r"[Ss][Hh][Aa]256:[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class Registration:
    """A checked registration: the request to send and what is needed to describe its result."""

    params: dict[str, Any]
    group: GroupRef
    card: ModelCard
    card_status: CardStatus
    approval_status: ApprovalStatus
    lifecycle: ModelLifecycle | None
    metadata: dict[str, str]
    datazone_project_id: str | None


def derive_client_token(client_token: str, params: Mapping[str, Any]) -> str:
    """The ``ClientToken`` sent for a caller's ``client_token`` and a request's content.

    A UUID (36 characters, as SageMaker allows) of the token and a SHA-256 of the canonical
    JSON of the request without its ``ClientToken``: the same pair always gives the same
    UUID, a different request a different one.

    Example:
        >>> a = derive_client_token("nightly-42", {"ModelPackageGroupName": "churn"})
        >>> a == derive_client_token("nightly-42", {"ModelPackageGroupName": "churn"})
        True
        >>> a == derive_client_token("nightly-42", {"ModelPackageGroupName": "fraud"})
        False
    """
    content = {k: v for k, v in params.items() if k != "ClientToken"}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return str(uuid.uuid5(_TOKEN_NAMESPACE, f"{client_token}\n{digest}"))


def to_lifecycle(
    value: object, path: str = "lifecycle"
) -> tuple[ModelLifecycle | None, list[Problem]]:
    """A :class:`ModelLifecycle` from itself or a mapping (``stage``/``Stage``, ...)."""
    if value is None:
        return None, []
    if isinstance(value, ModelLifecycle):
        lifecycle = value
    elif isinstance(value, Mapping):
        stage = value.get("stage", value.get("Stage"))
        status = value.get("stage_status", value.get("StageStatus"))
        description = value.get("description", value.get("StageDescription"))
        problems = check_lifecycle(stage, status, description, path)
        if problems:
            return None, problems
        lifecycle = ModelLifecycle(str(stage), str(status), description)
    else:
        return None, [
            Problem(path, "must be a ModelLifecycle or a mapping with stage/stage_status")
        ]
    return lifecycle, check_lifecycle(
        lifecycle.stage, lifecycle.stage_status, lifecycle.description, path
    )


def _check_card(card: object) -> tuple[ModelCard | None, list[Problem]]:
    from sm_governance.card import ModelCard

    if not isinstance(card, ModelCard):
        return None, [Problem("card", "must be a ModelCard (build one with ModelCardBuilder)")]
    try:
        package_card = card.for_package()
    except ValidationError as exc:
        return None, [
            Problem(f"card.{p.path}" if p.path else "card", p.message) for p in exc.problems
        ]
    # the 100,000-character ModelCardContent limit is the card's own rule (checked on build)
    return package_card, []


def _walk_metrics(value: object, path: str) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            where = f"{path}.{key}"
            if key == "S3Uri" and isinstance(item, str) and not _S3_OR_HTTPS.fullmatch(item):
                problems.append(Problem(where, "must be an S3 or HTTPS URL"))
            elif key == "ContentDigest" and isinstance(item, str) and not _DIGEST.fullmatch(item):
                problems.append(Problem(where, "must be sha256:<64 hex digits>"))
            elif key == "ContentType" and isinstance(item, str) and len(item) > 256:
                problems.append(Problem(where, "must be at most 256 characters"))
            else:
                problems += _walk_metrics(item, where)
    return problems


def _check_metrics(value: object, shape: Any) -> list[Problem]:
    if not isinstance(value, Mapping):
        return [Problem("model_metrics", "must be a ModelMetrics mapping (SageMaker's shape)")]
    from botocore.validate import ParamValidator

    report = ParamValidator().validate(dict(value), shape)
    problems = [Problem("model_metrics", line) for line in report.generate_report().splitlines()]
    return problems + _walk_metrics(value, "model_metrics")


def _check_inference(
    *,
    image_uri: object,
    model_data_url: object,
    content_types: object,
    response_types: object,
    inference_instances: object,
    transform_instances: object,
    realtime_instance_types: Sequence[str],
    transform_instance_types: Sequence[str],
) -> list[Problem]:
    problems = check_image_uri(image_uri)
    problems += check_s3_url(model_data_url, "model_data_url")
    problems += check_string_list(
        content_types, "content_types", max_len=LIMITS["ContentType"], allow_empty_list=True
    )
    problems += check_string_list(
        response_types,
        "response_types",
        max_len=LIMITS["ResponseMIMEType"],
        mime=True,
        allow_empty_list=True,
    )
    if inference_instances is not None:
        problems += check_instance_types(
            inference_instances, "inference_instances", realtime_instance_types
        )
    if transform_instances is not None:
        problems += check_instance_types(
            transform_instances, "transform_instances", transform_instance_types
        )
    return problems


def _merge_metadata(
    customer_metadata: object, package_card: ModelCard | None
) -> tuple[dict[str, str], list[Problem]]:
    problems: list[Problem] = []
    metadata: dict[str, str] = {}
    if customer_metadata is not None:
        found = check_metadata(customer_metadata)
        problems += found
        if not found and isinstance(customer_metadata, Mapping):
            metadata.update(customer_metadata)
    project = package_card.datazone_project_id if package_card is not None else None
    domain = package_card.datazone_domain_id if package_card is not None else None
    for key, value, check in (
        (DATAZONE_PROJECT_KEY, project, check_datazone_id),
        (DATAZONE_DOMAIN_KEY, domain, check_datazone_domain),
    ):
        if value is None:
            if key in metadata:
                problems += check(metadata[key], f"customer_metadata[{key!r}]")
            continue
        found = check(value, f"card.additional_information.custom_details[{key!r}]")
        if found:
            problems += found
            continue
        if key in metadata and metadata[key] != value:
            problems.append(
                Problem(
                    f"customer_metadata[{key!r}]",
                    "differs from the card's DataZone ID; the card's value is written there",
                )
            )
        metadata[key] = value
    if len(metadata) > LIMITS["CustomerMetadataMap"]:
        problems.append(
            Problem(
                "customer_metadata",
                f"must have at most {LIMITS['CustomerMetadataMap']} entries with the DataZone "
                "keys the card adds",
            )
        )
    return metadata, problems


def prepare_registration(
    group: object,
    card: object,
    *,
    image_uri: object,
    model_data_url: object,
    content_types: object,
    response_types: object,
    inference_instances: object,
    transform_instances: object,
    model_metrics: object,
    approval_status: object,
    card_status: object,
    customer_metadata: object,
    lifecycle: object,
    kms_key_id: object,
    client_token: object,
    realtime_instance_types: Sequence[str],
    transform_instance_types: Sequence[str],
    model_metrics_shape: Any,
) -> Registration:
    """Check every argument of ``register`` and build the ``CreateModelPackage`` request.

    Raises:
        ValidationError: listing every problem found; nothing was sent.
    """
    problems: list[Problem] = []
    ref = parse_group(group, "group")
    if isinstance(ref, Problem):
        problems.append(ref)
    package_card, found = _check_card(card)
    problems += found
    problems += _check_inference(
        image_uri=image_uri,
        model_data_url=model_data_url,
        content_types=content_types,
        response_types=response_types,
        inference_instances=inference_instances,
        transform_instances=transform_instances,
        realtime_instance_types=realtime_instance_types,
        transform_instance_types=transform_instance_types,
    )
    if model_metrics is not None:
        problems += _check_metrics(model_metrics, model_metrics_shape)
    approval, found = check_choice(approval_status, ApprovalStatus, "approval_status")
    problems += found
    status, found = check_choice(card_status, CardStatus, "card_status")
    problems += found
    if status is CardStatus.ARCHIVED:
        problems.append(Problem("card_status", "a new version's card cannot start Archived"))
    life, found = to_lifecycle(lifecycle)
    problems += found
    if kms_key_id is not None:
        problems += check_kms_key_id(kms_key_id)
    if client_token is not None:
        problems += check_client_token(client_token)

    metadata, found = _merge_metadata(customer_metadata, package_card)
    problems += found
    if problems or isinstance(ref, Problem) or package_card is None:
        raise ValidationError(problems, subject="model version registration")
    assert approval is not None  # implied by no problems
    assert status is not None

    spec: dict[str, Any] = {"Containers": [{"Image": image_uri, "ModelDataUrl": model_data_url}]}
    if content_types:
        spec["SupportedContentTypes"] = list(content_types)  # type: ignore[call-overload]
    if response_types:
        spec["SupportedResponseMIMETypes"] = list(response_types)  # type: ignore[call-overload]
    if inference_instances is not None:
        spec["SupportedRealtimeInferenceInstanceTypes"] = list(inference_instances)  # type: ignore[call-overload]
    if transform_instances is not None:
        spec["SupportedTransformInstanceTypes"] = list(transform_instances)  # type: ignore[call-overload]
    params: dict[str, Any] = {
        "ModelPackageGroupName": ref.value,
        "InferenceSpecification": spec,
        "ModelApprovalStatus": approval.value,
        "ModelCard": {
            "ModelCardContent": package_card.to_content_json(),
            "ModelCardStatus": status.value,
        },
    }
    if metadata:
        params["CustomerMetadataProperties"] = metadata
    if life is not None:
        params["ModelLifeCycle"] = life.to_api()
    if kms_key_id is not None:
        params["SecurityConfig"] = {"KmsKeyId": kms_key_id}
    if model_metrics is not None:
        params["ModelMetrics"] = dict(model_metrics)  # type: ignore[call-overload]
    if isinstance(client_token, str):
        params["ClientToken"] = derive_client_token(client_token, params)
    return Registration(
        params=params,
        group=ref,
        card=package_card,
        card_status=status,
        approval_status=approval,
        lifecycle=life,
        metadata=metadata,
        datazone_project_id=metadata.get(DATAZONE_PROJECT_KEY),
    )


def registered_version(registration: Registration, arn: str) -> ModelVersion:
    """The :class:`ModelVersion` a successful registration created, without reading it back."""
    parsed = parse_version_arn(arn)
    tail = arn.rsplit("/", 1)[-1]
    version = (
        parsed.version
        if not isinstance(parsed, Problem)
        else int(tail or 0)
        if tail.isdigit()
        else 0
    )
    container = registration.params["InferenceSpecification"]["Containers"][0]
    return ModelVersion(
        arn=arn,
        group=registration.group.name,
        version=version,
        approval_status=registration.approval_status,
        card=registration.card,
        card_status=registration.card_status,
        lifecycle=registration.lifecycle,
        customer_metadata=dict(registration.metadata),
        datazone_project_id=registration.datazone_project_id,
        model_data_url=container["ModelDataUrl"],
        image_uri=container["Image"],
    )
