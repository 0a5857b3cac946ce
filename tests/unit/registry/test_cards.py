"""The card status workflow and the update requests: content and status never travel together."""

from __future__ import annotations

import itertools

import pytest

from sm_governance._types import CardStatus
from sm_governance.card import ModelCardBuilder
from sm_governance.errors import ConflictError
from sm_governance.registry import CARD_TRANSITIONS, can_transition
from sm_governance.registry._cards import (
    card_content_params,
    card_status_params,
    check_content_change,
    check_transition,
)

ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/churn/1"
D, P, A, X = (
    CardStatus.DRAFT,
    CardStatus.PENDING_REVIEW,
    CardStatus.APPROVED,
    CardStatus.ARCHIVED,
)
LEGAL = {(D, P), (D, X), (P, D), (P, A), (P, X), (A, D), (A, X)}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(CardStatus, CardStatus)))
def test_the_transition_table(current: CardStatus, target: CardStatus) -> None:
    assert can_transition(current, target) is ((current, target) in LEGAL)
    assert (target in CARD_TRANSITIONS[current]) is ((current, target) in LEGAL)


def test_nothing_leaves_archived() -> None:
    assert CARD_TRANSITIONS[X] == frozenset()
    for target in (D, P, A):
        with pytest.raises(ConflictError) as caught:
            check_transition(ARN, X, target)
        assert caught.value.code == "ModelCardArchived"
        assert caught.value.operation == "UpdateModelPackage"


def test_skipping_review_is_refused_and_says_where_the_card_may_go() -> None:
    with pytest.raises(ConflictError) as caught:
        check_transition(ARN, D, A)
    assert caught.value.code == "InvalidCardStatusTransition"
    assert "Archived, PendingReview" in str(caught.value)


def test_same_status_and_first_status_are_allowed() -> None:
    check_transition(ARN, X, X)
    check_transition(ARN, None, P)
    assert not can_transition(None, X)
    with pytest.raises(ConflictError):
        check_transition(ARN, None, X)


def test_archived_content_never_changes() -> None:
    for status in (None, D, P, A):
        check_content_change(ARN, status)
    with pytest.raises(ConflictError, match="never changes"):
        check_content_change(ARN, X)


def test_a_status_change_sends_only_the_status() -> None:
    assert card_status_params(ARN, A) == {
        "ModelPackageArn": ARN,
        "ModelCard": {"ModelCardStatus": "Approved"},
    }


def test_a_content_change_sends_only_the_content_and_follows_the_datazone_ids() -> None:
    card = ModelCardBuilder().datazone_project("proj-2", domain_id="dzd_abc").build()
    params = card_content_params(
        ARN, card, current_status=P, current_metadata={"datazone_project_id": "proj-1"}
    )
    assert params == {
        "ModelPackageArn": ARN,
        "ModelCard": {"ModelCardContent": card.to_content_json()},
        "CustomerMetadataProperties": {
            "datazone_project_id": "proj-2",
            "datazone_domain_id": "dzd_abc",
        },
    }


def test_a_card_without_datazone_ids_removes_them_and_a_first_card_starts_as_draft() -> None:
    card = ModelCardBuilder().build()
    params = card_content_params(
        ARN,
        card,
        current_status=None,
        current_metadata={"datazone_project_id": "p", "datazone_domain_id": "dzd_x", "t": "1"},
    )
    assert params["ModelCard"]["ModelCardStatus"] == "Draft"
    assert params["CustomerMetadataPropertiesToRemove"] == [
        "datazone_project_id",
        "datazone_domain_id",
    ]
    assert "CustomerMetadataProperties" not in params


def test_unchanged_datazone_ids_are_not_resent() -> None:
    card = ModelCardBuilder().datazone_project("p").build()
    params = card_content_params(
        ARN, card, current_status=D, current_metadata={"datazone_project_id": "p"}
    )
    assert set(params) == {"ModelPackageArn", "ModelCard"}
