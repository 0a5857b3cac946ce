"""Card field paths: parsing, writing back, and checking against the card schema."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sm_governance.policy._paths import check_card_path, format_path, parse_path


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("intended_uses", ("intended_uses",)),
        ("intended_uses.purpose_of_model", ("intended_uses", "purpose_of_model")),
        ("evaluation_details[0].name", ("evaluation_details", 0, "name")),
        (
            "evaluation_details[2].metric_groups[10].metric_data[0].value",
            ("evaluation_details", 2, "metric_groups", 10, "metric_data", 0, "value"),
        ),
        (
            'additional_information.custom_details["Datazone projects"]',
            ("additional_information", "custom_details", "Datazone projects"),
        ),
        (
            "additional_information.custom_details['cost.center']",
            ("additional_information", "custom_details", "cost.center"),
        ),
        ("a.b-c", ("a", "b-c")),
    ],
)
def test_paths_split_into_fields_and_indexes(text: str, segments: tuple[str | int, ...]) -> None:
    assert parse_path(text) == segments


@pytest.mark.parametrize(
    "text",
    [
        "",
        ".a",
        "a.",
        "a\n",
        'a["x\ny"]',
        "a..b",
        "a[",
        "a[-1]",
        "a[01]",
        "a[x]",
        "a b",
        "[0]",
        "1a",
        'a[""]',
        "a.[0]",
    ],
)
def test_malformed_paths_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="field path"):
        parse_path(text)


def test_keys_that_are_not_names_are_quoted_when_written_back() -> None:
    assert format_path(("a", "b c", 0, "d")) == 'a["b c"][0].d'
    assert format_path(("a", 'say "hi"')) == "a['say \"hi\"']"
    assert format_path(("a b",)) == '["a b"]'
    assert format_path(()) == ""


@pytest.mark.parametrize(
    "text",
    [
        "model_overview.model_artifact[0]",
        "intended_uses.risk_rating",
        "business_details",
        "training_details.training_job_details.training_metrics[0].value",
        "training_details.objective_function.function.function",
        "evaluation_details[0].metric_groups[0].metric_data[0].x_axis_name",
        "evaluation_details[0].metadata.anything",
        'additional_information.custom_details["Datazone projects"]',
    ],
)
def test_fields_the_card_can_hold_are_accepted(text: str) -> None:
    check_card_path(parse_path(text))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "intended_uses.purpose_of_modle",
            "intended_uses has no field 'purpose_of_modle'; did you mean 'purpose_of_model'?",
        ),
        ("intended_use", "the card has no field 'intended_use'; did you mean 'intended_uses'?"),
        ("business_details.zzz", "business_details has no field 'zzz' (fields: business_problem"),
        ("evaluation_details.name", "evaluation_details is a list: name one item"),
        ("intended_uses[0]", "intended_uses is not a list, so it has no item [0]"),
        ("intended_uses.risk_rating.x", "intended_uses.risk_rating is a string and has no fields"),
        (
            "additional_information.custom_details.team.lead",
            "additional_information.custom_details.team is a string and has no fields",
        ),
    ],
)
def test_fields_the_card_cannot_hold_are_named_with_a_hint(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        check_card_path(parse_path(text))


names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,8}", fullmatch=True)
keys = st.text(
    st.characters(exclude_characters="\"']", exclude_categories=["Cc", "Cs"]), min_size=1
)
segments = st.lists(st.one_of(names, keys, st.integers(0, 999)), max_size=6)


@given(first=names, rest=segments)
def test_written_paths_parse_back_to_the_same_steps(first: str, rest: list[str | int]) -> None:
    steps = (first, *rest)
    assert parse_path(format_path(steps)) == steps


@given(st.text(max_size=40))
def test_any_text_is_a_path_or_a_value_error(text: str) -> None:
    try:
        steps = parse_path(text)
    except ValueError:
        return
    assert steps
    assert parse_path(format_path(steps)) == steps
