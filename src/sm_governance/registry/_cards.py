"""The card status workflow and the ``UpdateModelPackage`` requests that change a card.

Legal card status transitions (enforced locally, before any write)::

    Draft          -> PendingReview, Archived
    PendingReview  -> Draft (changes requested), Approved, Archived
    Approved       -> Draft (revision), Archived
    Archived       -> (nothing: an archived card is final, its content never changes)

Setting the status a card already has is a no-op (no write), so retrying a status change is
safe. Content and status never travel together: ``update_card`` sends only
``ModelCardContent`` and ``set_card_status`` only ``ModelCardStatus``; SageMaker keeps the
part it is not sent. (The SageMaker Python SDK v2 sends only the status when both change,
silently dropping the new content; two separate calls cannot lose either.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sm_governance._types import CardStatus
from sm_governance.errors import ConflictError
from sm_governance.registry._keys import DATAZONE_DOMAIN_KEY, DATAZONE_PROJECT_KEY

if TYPE_CHECKING:
    from sm_governance.card import ModelCard

__all__ = [
    "CARD_TRANSITIONS",
    "can_transition",
    "card_content_params",
    "card_status_params",
    "check_content_change",
    "check_transition",
]

CARD_TRANSITIONS: Mapping[CardStatus, frozenset[CardStatus]] = {
    CardStatus.DRAFT: frozenset({CardStatus.PENDING_REVIEW, CardStatus.ARCHIVED}),
    CardStatus.PENDING_REVIEW: frozenset(
        {CardStatus.DRAFT, CardStatus.APPROVED, CardStatus.ARCHIVED}
    ),
    CardStatus.APPROVED: frozenset({CardStatus.DRAFT, CardStatus.ARCHIVED}),
    CardStatus.ARCHIVED: frozenset(),
}
"""For each card status, the statuses it may move to."""

_OPERATION = "UpdateModelPackage"


def can_transition(current: CardStatus | None, target: CardStatus) -> bool:
    """Whether a card may move from ``current`` to ``target`` (``None``: no card status yet)."""
    if current is None:
        return target is not CardStatus.ARCHIVED
    return target in CARD_TRANSITIONS[current]


def check_transition(arn: str, current: CardStatus | None, target: CardStatus) -> None:
    """Refuse an illegal card status change.

    Raises:
        ConflictError: code ``ModelCardArchived`` when the card is archived, otherwise
            ``InvalidCardStatusTransition``; SageMaker was not called.
    """
    if current == target or can_transition(current, target):
        return
    if current is CardStatus.ARCHIVED:
        raise ConflictError(
            f"the model card of {arn} is Archived; nothing leaves Archived",
            code="ModelCardArchived",
            operation=_OPERATION,
        )
    allowed = ", ".join(sorted(s.value for s in CARD_TRANSITIONS[current])) if current else ""
    raise ConflictError(
        f"the model card of {arn} cannot go from {current} to {target} "
        f"(from {current} it may go to: {allowed})",
        code="InvalidCardStatusTransition",
        operation=_OPERATION,
    )


def check_content_change(arn: str, current: CardStatus | None) -> None:
    """Refuse to change an archived card's content.

    Raises:
        ConflictError: code ``ModelCardArchived``; SageMaker was not called.
    """
    if current is CardStatus.ARCHIVED:
        raise ConflictError(
            f"the model card of {arn} is Archived; its content never changes",
            code="ModelCardArchived",
            operation=_OPERATION,
        )


def card_content_params(
    arn: str,
    card: ModelCard,
    *,
    current_status: CardStatus | None,
    current_metadata: Mapping[str, str],
) -> dict[str, Any]:
    """``UpdateModelPackage`` parameters replacing a card's content (and only that).

    The DataZone IDs in ``CustomerMetadataProperties`` follow the new card in the same call.
    A version that had no card yet gets its first one as a ``Draft``.
    """
    model_card: dict[str, str] = {"ModelCardContent": card.to_content_json()}
    if current_status is None:
        model_card["ModelCardStatus"] = CardStatus.DRAFT.value
    params: dict[str, Any] = {"ModelPackageArn": arn, "ModelCard": model_card}
    changed: dict[str, str] = {}
    removed: list[str] = []
    for key, value in (
        (DATAZONE_PROJECT_KEY, card.datazone_project_id),
        (DATAZONE_DOMAIN_KEY, card.datazone_domain_id),
    ):
        if value is not None and current_metadata.get(key) != value:
            changed[key] = value
        elif value is None and key in current_metadata:
            removed.append(key)
    if changed:
        params["CustomerMetadataProperties"] = changed
    if removed:
        params["CustomerMetadataPropertiesToRemove"] = removed
    return params


def card_status_params(arn: str, status: CardStatus) -> dict[str, Any]:
    """``UpdateModelPackage`` parameters changing a card's status (and only that)."""
    return {"ModelPackageArn": arn, "ModelCard": {"ModelCardStatus": status.value}}
