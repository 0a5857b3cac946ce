"""ModelCardContent out and in: compact, deterministic, no nulls, lossless, strict reading."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sm_governance import ValidationError
from sm_governance.card import (
    CONTENT_MAX_CHARS,
    AdditionalInformation,
    BusinessDetails,
    IntendedUses,
    ModelCard,
    _json,
)


def test_content_json_is_compact_and_equals_to_content(full_card: ModelCard) -> None:
    text = full_card.to_content_json()
    assert ": " not in text
    assert ", " not in text.replace("Underwriting, Risk", "")
    assert json.loads(text) == full_card.to_content()


def test_content_has_no_nulls() -> None:
    text = ModelCard(intended_uses=IntendedUses(risk_rating="Low")).to_content_json()
    assert text == '{"intended_uses":{"risk_rating":"Low"}}'
    assert "null" not in text


def test_sections_follow_the_schema_order(full_card: ModelCard) -> None:
    assert list(full_card.to_content()) == [
        "model_overview",
        "intended_uses",
        "business_details",
        "training_details",
        "evaluation_details",
        "additional_information",
    ]


def test_equal_cards_serialise_identically_whatever_the_key_order() -> None:
    first = ModelCard(
        additional_information=AdditionalInformation(custom_details={"b": "", "a": ""})
    )
    second = ModelCard.from_content_json(
        '{"additional_information":{"custom_details":{"a":"","b":""}}}'
    )
    assert first == second
    assert first.to_content_json() == second.to_content_json()


def test_round_trip_is_lossless(full_card: ModelCard) -> None:
    text = full_card.to_content_json()
    again = ModelCard.from_content_json(text)
    assert again == full_card
    assert again.to_content_json() == text
    assert ModelCard.from_content(full_card.to_content()) == full_card


def test_non_ascii_text_is_kept_as_is() -> None:
    card = ModelCard(business_details=BusinessDetails(business_problem="Kreditwürdigkeit 信用"))
    assert "Kreditwürdigkeit 信用" in card.to_content_json()
    assert ModelCard.from_content_json(card.to_content_json().encode()) == card


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "is not valid JSON"),
        ('{"intended_uses": NaN}', "NaN is not valid JSON"),
        ('{"intended_uses": Infinity}', "Infinity is not valid JSON"),
        ('{"intended_uses": {}, "intended_uses": {}}', "appears twice"),
    ],
)
def test_malformed_json_is_a_validation_error(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content_json(text)
    assert caught.value.paths == [""]
    assert message in caught.value.problems[0].message


@pytest.mark.parametrize("content", ["[]", '"card"', "3", "null"])
def test_content_must_be_an_object(content: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content_json(content)
    assert caught.value.problems[0].message == "must be a JSON object"


def test_nulls_are_rejected_with_their_paths() -> None:
    # GIVEN content with nulls where the schema wants strings, lists and objects
    content = {
        "intended_uses": {"risk_rating": None},
        "model_overview": {"model_artifact": ["s3://a", None]},
        "business_details": None,
    }
    # WHEN it is parsed THEN each null is one problem, reported once
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content(content)
    assert caught.value.paths == [
        "intended_uses.risk_rating",
        "model_overview.model_artifact[1]",
        "business_details",
    ]


def test_content_over_100000_characters_is_rejected() -> None:
    # SageMaker API reference: ModelCardContent, Length Constraints: Maximum length of 100000.
    details = {f"key{i:03d}": "x" * 1000 for i in range(101)}
    with pytest.raises(ValidationError) as caught:
        ModelCard(additional_information=AdditionalInformation(custom_details=details))
    assert caught.value.paths == [""]
    assert "at most 100,000" in caught.value.problems[0].message


def _fill_to_limit() -> dict[str, str]:
    """custom_details whose card serialises to exactly CONTENT_MAX_CHARS characters."""
    details: dict[str, str] = {}
    remaining = CONTENT_MAX_CHARS - len('{"additional_information":{"custom_details":{}}}')
    index = 0
    while remaining > 0:
        key = f"k{index:04d}"
        entry = len(f'"{key}":""') + (1 if details else 0)
        details[key] = "v" * min(1024, remaining - entry)
        remaining -= entry + len(details[key])
        index += 1
    return details


def _card_with(details: dict[str, str]) -> ModelCard:
    return ModelCard.from_content({"additional_information": {"custom_details": details}})


def test_content_of_exactly_the_limit_is_accepted() -> None:
    card = _card_with(_fill_to_limit())
    assert len(card.to_content_json()) == CONTENT_MAX_CHARS


def test_one_character_over_the_limit_is_rejected() -> None:
    details = _fill_to_limit()
    last = list(details)[-1]
    assert len(details[last]) < 1024
    details[last] += "v"
    with pytest.raises(ValidationError, match="100,001 characters long"):
        _card_with(details)


def test_astral_characters_count_twice_as_sagemaker_counts_them() -> None:
    # GIVEN content of exactly 100,000 Python characters, one of them an emoji (two UTF-16
    # code units, which is how SageMaker's service counts string length)
    details = _fill_to_limit()
    details["k0000"] = details["k0000"][:-1] + "\N{GRINNING FACE}"
    # WHEN it is validated THEN it is one unit too long
    with pytest.raises(ValidationError, match="100,001 characters long"):
        _card_with(details)
    # AND one character less fits
    details["k0000"] = details["k0000"][:-2] + "\N{GRINNING FACE}"
    assert _card_with(details).to_content_json().endswith('"}}}')


def test_datazone_ids_are_read_from_custom_details() -> None:
    card = ModelCard.from_content(
        {
            "additional_information": {
                "custom_details": {
                    "datazone_project_id": "5jdi2hjv0xq2jb",
                    "datazone_domain_id": "dzd-4p9n6sw4qt9xgn",
                }
            }
        }
    )
    assert card.datazone_project_id == "5jdi2hjv0xq2jb"
    assert card.datazone_domain_id == "dzd-4p9n6sw4qt9xgn"


def test_datazone_project_is_also_read_from_the_aws_sample_key() -> None:
    card = ModelCard.from_content(
        {"additional_information": {"custom_details": {"Datazone projects": " abc123 "}}}
    )
    assert card.datazone_project_id == "abc123"
    assert card.datazone_domain_id is None


def test_no_datazone_project() -> None:
    assert ModelCard().datazone_project_id is None
    assert ModelCard().custom_details == {}
    assert ModelCard(additional_information=AdditionalInformation()).datazone_project_id is None


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        '{"additional_information":{"custom_details":' + '{"a":' * 40 + "1" + "}" * 42,
    ],
    ids=["deep list", "deep object", "deep custom details"],
)
def test_absurdly_deep_content_is_a_validation_error(text: str) -> None:
    # GIVEN JSON nested far deeper than any card WHEN parsed THEN a clean error, no RecursionError
    with pytest.raises(ValidationError, match="nests deeper than a model card can"):
        ModelCard.from_content_json(text)


def test_deep_python_data_is_refused_before_it_is_walked() -> None:
    content: dict[str, object] = {}
    node = content
    for _ in range(5_000):
        child: dict[str, object] = {}
        node["x"] = child
        node = child
    with pytest.raises(ValidationError, match="nests deeper"):
        ModelCard.from_content(content)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(allow_nan=False, allow_infinity=False) | st.integers(), max_size=5),
    st.text(max_size=20),
)
def test_the_content_string_is_python_json_of_the_content(values: list[float], note: str) -> None:
    # GIVEN numbers of every magnitude (pydantic-core and Python spell some floats apart)
    metrics = [{"name": f"m{i}", "value": v, "notes": note} for i, v in enumerate(values)]
    card = ModelCard.from_content(
        {"training_details": {"training_job_details": {"training_metrics": metrics}}}
    )
    # THEN the content string is exactly the compact Python JSON of the content
    assert card.to_content_json() == _json.dumps(card.to_content())


def test_every_metric_type_is_written_as_it_was_read() -> None:
    # GIVEN content in schema key order with a metric of each type, ints and floats mixed
    metrics = [
        {"name": "auc", "notes": "holdout", "type": "number", "value": 0.91},
        {"name": "rows", "type": "number", "value": 1200, "x_axis_name": "x", "y_axis_name": "y"},
        {"name": "verdict", "type": "string", "value": "pass"},
        {"name": "checked", "type": "boolean", "value": False},
        {"name": "roc", "type": "linear_graph", "value": [[0, 0.0], [0.5, 0.8], [1, 1]]},
        {"name": "bars", "type": "bar_chart", "value": [3, 1.5], "x_axis_name": ["a", "b"]},
        {
            "name": "confusion",
            "type": "matrix",
            "value": [[50, 2], [3.5, 45]],
            "x_axis_name": ["no", "yes"],
            "y_axis_name": ["no", "yes"],
        },
    ]
    content = {
        "training_details": {
            "training_job_details": {"training_metrics": [{"name": "loss", "value": 1}]}
        },
        "evaluation_details": [
            {"name": "e", "metric_groups": [{"name": "g", "metric_data": metrics}]}
        ],
    }
    # WHEN it is read and written out again
    card = ModelCard.from_content(content)
    # THEN the string is the content's compact JSON, each metric and number as it was given
    assert card.to_content_json() == _json.dumps(content)
