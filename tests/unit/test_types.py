"""Enums carry SageMaker's own strings and accept them back."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sm_governance import ApprovalStatus, CardStatus, RiskRating
from sm_governance._types import risk_rating_of


def _json_containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keys = st.sampled_from(["intended_uses", "risk_rating", "other"]) | st.text(max_size=5)
    return st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3)


@pytest.mark.parametrize(
    ("member", "value"),
    [
        (RiskRating.HIGH, "High"),
        (RiskRating.MEDIUM, "Medium"),
        (RiskRating.LOW, "Low"),
        (RiskRating.UNKNOWN, "Unknown"),
        (CardStatus.DRAFT, "Draft"),
        (CardStatus.PENDING_REVIEW, "PendingReview"),
        (CardStatus.APPROVED, "Approved"),
        (CardStatus.ARCHIVED, "Archived"),
        (ApprovalStatus.PENDING, "PendingManualApproval"),
        (ApprovalStatus.APPROVED, "Approved"),
        (ApprovalStatus.REJECTED, "Rejected"),
    ],
)
def test_values_are_sagemaker_strings(member: str, value: str) -> None:
    assert member == value
    assert str(member) == value
    assert type(member)(value) is member


@pytest.mark.parametrize(
    ("content", "rating"),
    [
        ({"intended_uses": {"risk_rating": "High"}}, "High"),
        ('{"intended_uses": {"risk_rating": "Low"}}', "Low"),
        (b'{"intended_uses": {"risk_rating": "Medium"}}', "Medium"),
        # a value outside SageMaker's four is returned as written; callers that need one check
        ({"intended_uses": {"risk_rating": "critical"}}, "critical"),
        ({"intended_uses": {"risk_rating": ""}}, None),
        ({"intended_uses": {"risk_rating": 3}}, None),
        ({"intended_uses": {"risk_rating": ["High"]}}, None),
        ({"intended_uses": ["High"]}, None),
        ({"intended_uses": "High"}, None),
        ({"intended_uses": None}, None),
        ({}, None),
        ([], None),
        ("[1, 2]", None),
        ("{not json", None),
        ('{"intended_uses": ' * 100_000, None),  # deeper than the JSON parser can follow
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_a_cards_risk_rating_is_read_from_anything_without_failing(
    content: object, rating: str | None
) -> None:
    assert risk_rating_of(content) == rating


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(), _json_containers))
def test_reading_a_risk_rating_never_raises(content: object) -> None:
    found = risk_rating_of(content)
    assert found is None or (isinstance(found, str) and found)
