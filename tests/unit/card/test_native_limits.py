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
