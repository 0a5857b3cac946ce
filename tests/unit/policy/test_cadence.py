"""review_every and approvals_required: intervals, quorums, per risk rating."""

from __future__ import annotations

from datetime import datetime, timezone

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sm_governance.errors import ValidationError
from sm_governance.policy import load_policy, policy_json_schema
from sm_governance.policy._cadence import Interval

BASE = "policy: p\nrequire: [intended_uses.purpose_of_model]\n"
UTC = timezone.utc


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("90d", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)),
        ("P90D", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)),
        ("2w", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 15, tzinfo=UTC)),
        ("1m", datetime(2026, 1, 31, tzinfo=UTC), datetime(2026, 2, 28, tzinfo=UTC)),
        ("1m", datetime(2028, 1, 31, tzinfo=UTC), datetime(2028, 2, 29, tzinfo=UTC)),
        ("P6M", datetime(2026, 8, 31, 12, tzinfo=UTC), datetime(2027, 2, 28, 12, tzinfo=UTC)),
        ("1y", datetime(2028, 2, 29, tzinfo=UTC), datetime(2029, 2, 28, tzinfo=UTC)),
        (" 10 y ", datetime(2026, 5, 1, tzinfo=UTC), datetime(2036, 5, 1, tzinfo=UTC)),
        ("100y", datetime(9899, 12, 31, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)),
    ],
)
def test_interval_ends_on_the_calendar(text: str, start: datetime, end: datetime) -> None:
    assert Interval.parse(text).after(start) == end


@pytest.mark.parametrize("text", ["", "0d", "90", "d", "1.5y", "-3d", "90 days", "P1Y2M", "1h"])
def test_bad_interval_names_the_forms(text: str) -> None:
    with pytest.raises(ValueError, match='"90d", "12w", "6m", "1y"'):
        Interval.parse(text)


_CENTURY = {"d": 36_525, "w": 5_218, "m": 1_200, "y": 100}


@given(st.integers(1, 99_999), st.sampled_from("dwmy"))
def test_interval_text_round_trips(count: int, unit: str) -> None:
    if count > _CENTURY[unit]:
        with pytest.raises(ValueError, match="longer than a century"):
            Interval.parse(f"{count}{unit}")
        return
    interval = Interval.parse(f"{count}{unit}")
    assert Interval.parse(str(interval)) == interval
    assert interval.after(datetime(2026, 1, 1, tzinfo=UTC)) > datetime(2026, 1, 1, tzinfo=UTC)


def test_one_interval_and_one_quorum_for_every_card() -> None:
    policy = load_policy(BASE + "review_every: 365d\napprovals_required: 2\n")
    for rating in ("High", "Low", None):
        assert str(policy.review_interval(rating)) == "365d"
        assert policy.approvals_needed(rating) == 2
    assert policy.to_dict()["review_every"] == "365d"
    assert policy.to_dict()["approvals_required"] == 2


def test_per_rating_values_fall_back_to_default_then_to_none_and_one() -> None:
    policy = load_policy(
        BASE + "review_every: {High: 90d, default: 1y}\napprovals_required: {High: 2}\n"
    )
    assert str(policy.review_interval("High")) == "90d"
    assert str(policy.review_interval("Medium")) == "1y"
    assert str(policy.review_interval(None)) == "1y"
    assert policy.approvals_needed("High") == 2
    assert policy.approvals_needed("Low") == 1
    only_high = load_policy(BASE + "review_every: {High: 90d}\n")
    assert only_high.review_interval("Low") is None


def test_old_files_keep_their_digest() -> None:
    # GIVEN a policy file written before the cadence keys existed
    old = load_policy(BASE)
    # THEN it has no cadence, needs one approval, and its dict has no new keys
    assert old.review_interval("High") is None
    assert old.approvals_needed("High") == 1
    assert "review_every" not in old.to_dict()
    assert "approvals_required" not in old.to_dict()
    assert old.digest == load_policy(BASE).digest


def test_cadence_changes_the_digest() -> None:
    assert load_policy(BASE).digest != load_policy(BASE + "approvals_required: 2\n").digest


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("review_every: {Hgh: 90d}\n", "'Hgh' is not a risk rating"),
        ("review_every: {}\n", "give at least one risk rating"),
        ("review_every: 90\n", "an interval is text"),
        ("approvals_required: 0\n", "from 1 to 20"),
        ("approvals_required: 21\n", "from 1 to 20"),
        ("approvals_required: true\n", "from 1 to 20"),
        ("approvals_required: {High: 1.5}\n", "from 1 to 20"),
    ],
)
def test_bad_cadence_is_one_clear_problem(extra: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        load_policy(BASE + extra)


def test_a_policy_may_set_only_a_cadence() -> None:
    policy = load_policy("policy: cadence-only\nreview_every: 1y\n")
    assert str(policy.review_interval("Low")) == "1y"


@pytest.mark.parametrize(
    ("extra", "valid"),
    [
        ("review_every: 90d\n", True),
        ("review_every: {High: P90D, default: 1y}\n", True),
        ("approvals_required: {High: 2, Medium: 1}\n", True),
        ("review_every: {Hgh: 90d}\n", False),
        ("approvals_required: 0\n", False),
    ],
)
def test_json_schema_agrees_with_the_loader(extra: str, valid: bool) -> None:
    import yaml

    data = yaml.safe_load(BASE + extra)
    errors = list(jsonschema.Draft202012Validator(policy_json_schema()).iter_errors(data))
    assert (not errors) is valid


def test_a_misspelt_cadence_key_gets_a_suggestion() -> None:
    with pytest.raises(ValidationError, match="review_every"):
        load_policy(BASE + "review_evry: 90d\n")


@pytest.mark.parametrize(
    ("extra", "valid"),
    [
        ("approvals_required: 2.0\n", True),
        ("approvals_required: {High: 2.0}\n", True),
        ("review_every: 99999d\n", False),
        ("review_every: 36526d\n", False),
        ("review_every: 36525d\n", True),
        ("review_every: 101y\n", False),
        ("review_every: P100Y\n", True),
        ("review_every: 5218w\n", True),
        ("review_every: 1201m\n", False),
    ],
)
def test_schema_and_loader_agree_at_the_edges(extra: str, valid: bool) -> None:
    import yaml

    data = yaml.safe_load(BASE + extra)
    errors = list(jsonschema.Draft202012Validator(policy_json_schema()).iter_errors(data))
    assert (not errors) is valid
    if valid:
        load_policy(BASE + extra)
    else:
        with pytest.raises(ValidationError):
            load_policy(BASE + extra)
