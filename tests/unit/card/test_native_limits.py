"""Limits stated as pydantic-core constraints keep the exact rule they replace."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from sm_governance.card import _limits
from sm_governance.card._base import EvaluationName, MetricName, Text63

_SOMETIMES_BREAKS = st.text(alphabet=st.sampled_from("ab\n\r\u2028\u2029\u0085 é\U0001f600"))
_NAMES = [TypeAdapter(EvaluationName), TypeAdapter(MetricName)]


def _accepts(adapter: TypeAdapter[str], text: str) -> bool:
    try:
        adapter.validate_python(text)
    except PydanticValidationError:
        return False
    return True


@given(_SOMETIMES_BREAKS)
def test_a_name_is_accepted_where_the_unanchored_schema_pattern_matches(text: str) -> None:
    # pydantic-core searches the regex (unanchored), as JSON Schema applies a pattern
    expected = _limits.matches_somewhere(text, _limits.NAME_PATTERN_MIN)
    assert [_accepts(adapter, text) for adapter in _NAMES] == [expected, expected]


@pytest.mark.parametrize(
    ("text", "accepted"),
    [("a" * 63, True), ("a" * 64, False), ("\U0001f600" * 63, True), ("é" * 64, False)],
)
def test_string_lengths_count_code_points_like_the_schema(text: str, accepted: bool) -> None:
    assert _accepts(TypeAdapter(Text63), text) is accepted


def test_a_built_section_shares_no_container_with_its_builder() -> None:
    from sm_governance.card import EvaluationDetailsBuilder, ModelCardBuilder, ModelOverviewBuilder

    # GIVEN builders holding lists the caller and the builder still own
    values = [1, 2, 3]
    overview = ModelOverviewBuilder(model_creator="team", model_artifact=["s3://a/b"])
    evaluation = EvaluationDetailsBuilder(name="holdout").metric("quality", "bars", values)
    card = ModelCardBuilder(model_overview=overview, evaluation_details=[evaluation]).build()
    # WHEN the builders and the caller's list change after build()
    overview.add_model_artifact("s3://c/d")
    values.append(9)
    evaluation.metric("quality", "later", 0.5)
    # THEN the card is as it was built
    assert card.model_overview is not None
    assert card.model_overview.model_artifact == ["s3://a/b"]
    assert card.evaluation_details is not None
    metrics = card.evaluation_details[0].metric_groups[0].metric_data  # type: ignore[index]
    assert [m.name for m in metrics] == ["bars"]
    assert metrics[0].value == [1, 2, 3]
