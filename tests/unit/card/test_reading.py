"""read_card: what SageMaker returned is always read; problems travel beside the card."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sm_governance.card import ModelCard, read_card
from sm_governance.errors import ValidationError
from sm_governance.testing import demo_card

VALID = demo_card(1, auc=0.84, fairness=0.91)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _places(value, (*path, index))
    return found


def _within(part: Any, whole: Any) -> bool:
    """Whether ``part`` is ``whole`` with some values left out (nothing added or changed)."""
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(
            k in whole and _within(v, whole[k]) for k, v in part.items()
        )
    if isinstance(part, list):
        if not isinstance(whole, list):
            return False
        rest = iter(whole)  # list items keep their order
        return all(any(_within(item, candidate) for candidate in rest) for item in part)
    return part == whole and type(part) is type(whole)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_corrupted_content_is_read_as_its_valid_part(data: st.DataObject) -> None:
    # GIVEN a valid card with up to three values replaced by arbitrary JSON (or keys added)
    content: Any = copy.deepcopy(VALID)
    for _ in range(data.draw(st.integers(1, 3))):
        place = data.draw(st.sampled_from(_places(content)[1:]))
        node = content
        for step in place[:-1]:
            node = node[step]
        if data.draw(st.booleans()) or not isinstance(node[place[-1]], dict):
            node[place[-1]] = data.draw(json_values)
        else:
            node[place[-1]][data.draw(st.text(min_size=1, max_size=5))] = data.draw(json_values)
    text = json.dumps(content)
    # WHEN read THEN reading never raises
    reading = read_card(text)
    assert reading.content == text
    strict, problems = _strict(content)
    # AND the problems are exactly those strict parsing reports
    assert list(reading.problems) == problems
    if strict is not None:
        assert reading.card == strict
    elif reading.card is not None:
        # AND what was read is a valid card made only of the content's own values
        again = ModelCard.from_content(reading.card.to_content())
        assert _within(again.to_content(), content)


def _strict(content: Any) -> tuple[ModelCard | None, list[Any]]:
    try:
        return ModelCard.from_content(content), []
    except ValidationError as exc:
        return None, list(exc.problems)


def test_a_valid_card_reads_unchanged() -> None:
    reading = read_card(json.dumps(VALID))
    assert reading.valid
    assert reading.card is not None
    assert reading.card.to_content() == VALID


def test_duplicate_keys_and_nan_are_problems_not_failures() -> None:
    reading = read_card('{"intended_uses": {"risk_rating": "Low", "risk_rating": "High"}}')
    assert reading.card is not None
    assert reading.card.risk_rating == "High"
    assert [p.message for p in reading.problems] == [
        "the key 'risk_rating' appears twice in one object"
    ]
    metrics = '[{"name": "m", "value": NaN}]'
    nan = read_card(
        f'{{"training_details": {{"training_job_details": {{"training_metrics": {metrics}}}}}}}'
    )
    assert nan.card is not None
    assert nan.card.to_content() == {
        "training_details": {"training_job_details": {"training_metrics": []}}
    }
    assert len(nan.problems) == 2


def test_a_missing_required_value_drops_its_owner() -> None:
    content = {
        "evaluation_details": [
            {"name": "kept", "metric_groups": [{"name": "g"}, {"name": "h", "metric_data": []}]},
            {"metric_groups": []},
        ]
    }
    reading = read_card(json.dumps(content))
    assert reading.card is not None
    assert reading.card.to_content() == {
        "evaluation_details": [
            {"name": "kept", "metric_groups": [{"name": "h", "metric_data": []}]}
        ]
    }
    assert [p.path for p in reading.problems] == [
        "evaluation_details[0].metric_groups[0].metric_data",
        "evaluation_details[1].name",
    ]


def test_free_form_keys_with_quotes_are_dropped_alone() -> None:
    content = {"additional_information": {"custom_details": {'a "b"': 1, "ok": "v"}}}
    reading = read_card(json.dumps(content))
    assert reading.card is not None
    assert reading.card.custom_details == {"ok": "v"}


def test_content_nested_hundreds_of_levels_is_a_problem_not_a_recursion_error() -> None:
    # GIVEN content that parses as JSON but nests far deeper than any card (500 levels)
    depth = 500
    text = '{"model_overview": {"model_creator": "Ana"}, "x": ' + "[" * depth + "]" * depth + "}"
    # WHEN it is read THEN reading does not fail: the problem is returned, the text kept
    reading = read_card(text)
    assert reading.card is None
    assert [p.message for p in reading.problems] == [
        "nests deeper than a model card can (more than 32 levels)"
    ]
    assert reading.content == text


def test_a_key_holding_a_lone_surrogate_is_a_problem_never_a_silent_change() -> None:
    # GIVEN content whose custom details have a key JSON escapes as a lone surrogate
    text = '{"additional_information": {"custom_details": {"team\\ud800": "x", "b": "y"}}}'
    # WHEN it is read THEN the key is named as a problem, and read with U+FFFD in its place
    reading = read_card(text)
    assert [(p.path, p.message) for p in reading.problems] == [
        (
            "additional_information.custom_details",
            "has a key holding text that is not valid Unicode (a lone surrogate)",
        )
    ]
    assert reading.card is not None
    assert reading.card.custom_details == {"team\ufffd": "x", "b": "y"}
    assert reading.content == text
    # AND writing such a card is refused, naming the map (it was written with the key changed)
    with pytest.raises(ValidationError) as refused:
        ModelCard.from_content(json.loads(text))
    assert [p.path for p in refused.value.problems] == ["additional_information.custom_details"]
