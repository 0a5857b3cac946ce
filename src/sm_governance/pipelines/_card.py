"""``model_package_card``: a validated card in the shape the installed SDK registers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sm_governance._types import CardStatus
from sm_governance.errors import Problem, ValidationError
from sm_governance.pipelines._sdk import sdk_major
from sm_governance.pipelines._variables import (
    check_status,
    find_pipeline_variables,
    pipeline_variable_types,
)
from sm_governance.registry._checks import LIMITS

if TYPE_CHECKING:
    from sm_governance.card import ModelCard

__all__ = ["customer_metadata_properties", "model_package_card"]

# SageMaker's CustomerMetadataProperties limits, as the registry checks them.
_MAX_ENTRIES = LIMITS["CustomerMetadataMap"]
_KEY_MAX = LIMITS["CustomerMetadataKey"]
_VALUE_MAX = LIMITS["CustomerMetadataValue"]


def model_package_card(
    card: ModelCard | Mapping[str, Any],
    *,
    status: CardStatus | str | Any = CardStatus.DRAFT,
) -> Any:
    """The card as the installed SageMaker SDK's ``ModelPackageModelCard``.

    The SDK's major version is detected at call time:

    * **SDK v2** (``pip install 'sm-governance[pipelines]'``): a subclass of
      ``sagemaker.model_card.ModelPackageModelCard`` for ``RegisterModel(model_card=...)``
      and ``ModelStep(step_args=model.register(model_card=...))``. Its request carries the
      card's exact ``to_content_json()`` (the plain v2 class would re-serialise it with
      spaces and ``\\u`` escapes, which can push a card over SageMaker's size limit).
    * **SDK v3** (``pip install 'sm-governance[pipelines-v3]'``): the
      ``sagemaker.core.shapes.ModelPackageModelCard`` shape for
      ``ModelBuilder.register(model_card=...)`` and v3's ``ModelStep``.

    Either way the registration step's ``ModelCard`` is
    ``{"ModelCardContent": card.to_content_json(), "ModelCardStatus": status}``.

    Args:
        card: a :class:`~sm_governance.card.ModelCard`, or card content as JSON data
            (parsed with ``ModelCard.from_content``). It is validated as a model package's
            card (:meth:`~sm_governance.card.ModelCard.for_package`).
        status: the card status: a :class:`~sm_governance.CardStatus`, its string value, or a
            pipeline variable such as ``ParameterString`` (whose default and allowed values
            must be card statuses).

    Returns:
        The SDK's ``ModelPackageModelCard`` (v2 class or v3 shape).

    Raises:
        ImportError: no supported SageMaker SDK is installed (the message names the
            ``pip install``).
        sm_governance.ValidationError: a pipeline variable inside the card content (SageMaker
            never resolves one there), an invalid status, or a card a model package cannot
            hold; every problem is listed with its field path.

    Example:
        >>> from sagemaker.workflow.parameters import ParameterString  # doctest: +SKIP
        >>> status = ParameterString("CardStatus", default_value="PendingReview")
        >>> model_card = model_package_card(card, status=status)  # doctest: +SKIP
        >>> step_args = model.register(model_package_group_name="credit-risk",
        ...                            model_card=model_card)  # doctest: +SKIP
    """
    major = sdk_major()
    kinds = pipeline_variable_types(major)
    problems = find_pipeline_variables(card, kinds)
    request_status, status_problems = check_status(status, kinds)
    if problems or status_problems:
        raise ValidationError([*problems, *status_problems], subject="model package card")
    package = _as_card(card).for_package()
    content_json = package.to_content_json()
    if major == 2:
        from sm_governance.pipelines._v2 import model_package_card_v2

        return model_package_card_v2(content_json, request_status)
    from sm_governance.pipelines._v3 import model_package_card_v3

    return model_package_card_v3(content_json, request_status)


def _as_card(card: Any) -> ModelCard:
    from sm_governance.card import ModelCard

    if isinstance(card, ModelCard):
        return card
    if isinstance(card, Mapping):
        return ModelCard.from_content(card, package=True)
    raise ValidationError(
        [
            Problem(
                "card",
                f"must be a ModelCard or its content as a mapping, not {type(card).__name__}",
            )
        ],
        subject="model package card",
    )


def customer_metadata_properties(
    card: ModelCard, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``CustomerMetadataProperties`` for a registration step: the card's DataZone IDs.

    ``ModelRegistry.register`` mirrors the card's Amazon DataZone project (and domain) into
    the version's metadata, where it is readable without ``kms:Decrypt``; pass this to
    ``customer_metadata_properties=`` of ``RegisterModel`` / ``register()`` to do the same in
    a pipeline. Values in ``extra`` may be pipeline variables (SageMaker resolves them there).

    Raises:
        sm_governance.ValidationError: ``extra`` gives a DataZone key another value, or the
            result breaks SageMaker's limits (50 entries, keys 1-128 and values 1-256
            characters).

    Example:
        >>> customer_metadata_properties(card, {"team": "risk"})  # doctest: +SKIP
        {'datazone_project_id': '5jdi2hjv0xq2jb', 'team': 'risk'}
    """
    from sm_governance.card import DATAZONE_DOMAIN_KEY, DATAZONE_PROJECT_KEY

    metadata: dict[str, Any] = {}
    if card.datazone_project_id:
        metadata[DATAZONE_PROJECT_KEY] = card.datazone_project_id
    if card.datazone_domain_id:
        metadata[DATAZONE_DOMAIN_KEY] = card.datazone_domain_id
    problems: list[Problem] = []
    for key, value in (extra or {}).items():
        path = f"extra[{key!r}]"
        if key in metadata and value != metadata[key]:
            problems.append(
                Problem(path, "differs from the card's DataZone ID; the card is the source")
            )
            continue
        if not isinstance(key, str) or not 1 <= len(key) <= _KEY_MAX:
            problems.append(
                Problem(path, f"keys must be 1 to {LIMITS['CustomerMetadataKey']} characters")
            )
            continue
        if isinstance(value, str):
            if not 1 <= len(value) <= _VALUE_MAX:
                problems.append(
                    Problem(
                        path, f"values must be 1 to {LIMITS['CustomerMetadataValue']} characters"
                    )
                )
                continue
        elif not isinstance(value, pipeline_variable_types(sdk_major())):
            problems.append(
                Problem(
                    path, f"must be a string or a pipeline variable, not {type(value).__name__}"
                )
            )
            continue
        metadata[key] = value
    if len(metadata) > _MAX_ENTRIES:
        problems.append(
            Problem("extra", f"SageMaker allows at most {LIMITS['CustomerMetadataMap']} entries")
        )
    if problems:
        raise ValidationError(problems, subject="customer metadata properties")
    return metadata
