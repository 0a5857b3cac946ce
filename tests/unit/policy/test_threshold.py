"""Thresholds: parsing every operator, comparing, and refusing anything else clearly."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sm_governance.policy import Threshold
from sm_governance.policy._threshold import OPERATORS


@pytest.mark.parametrize(
    ("text", "seen", "allowed"),
    [
        (">= 0.8", 0.8, True),
        (">= 0.8", 0.79, False),
        (">= 0.8", 0.81, True),
        ("<= 500", 500, True),
        ("<= 500", 500.5, False),
        ("<= 500", -3, True),
        ("> 0.5", 0.5, False),
        ("> 0.5", 0.51, True),
        ("< 10", 10, False),
        ("< 10", 9.99, True),
        ("== 1", 1, True),
        ("== 1", 1.0, True),
        ("== 1", 1.0000001, False),
        ("== 0.1", 0.1, True),
    ],
)
def test_each_operator_compares_the_cards_value_with_the_number(
    text: str, seen: float, allowed: bool
) -> None:
    assert Threshold.parse(text).allows(seen) is allowed


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [
        (">=0.8", ">=", 0.8),
        ("  <=   500  ", "<=", 500),
        ("> -1.5", ">", -1.5),
        ("< +2", "<", 2),
        ("== 1e3", "==", 1000.0),
        (">= .5", ">=", 0.5),
        (">= 5.", ">=", 5.0),
        ("<= 2.5E-3", "<=", 0.0025),
    ],
)
def test_spacing_signs_and_exponents_are_read(text: str, op: str, value: float) -> None:
    threshold = Threshold.parse(text)
    assert (threshold.op, threshold.value) == (op, value)


def test_integers_stay_integers_and_print_as_written() -> None:
    assert Threshold.parse("<= 500").value == 500
    assert isinstance(Threshold.parse("<= 500").value, int)
    assert isinstance(Threshold.parse("<= 500.0").value, float)
    assert str(Threshold.parse("<=500")) == "<= 500"
    assert str(Threshold.parse(">=0.80")) == ">= 0.8"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("0.8", "no comparison operator"),
        ("", "no comparison operator"),
        (">=", "no number after '>='"),
        ("=> 0.8", "did you mean '>='"),
        ("=< 0.8", "did you mean '<='"),
        ("= 0.8", "did you mean '=='"),
        ("!= 0.8", "'!=' is not a comparison operator"),
        (">== 1", "'>==' is not a comparison operator"),
        (">= abc", "'abc' is not a number"),
        (">= 0.8 and < 1", "is not a number"),
        (">= nan", "'nan' is not a number"),
        (">= inf", "'inf' is not a number"),
        (">= 1e999", "too large"),
        (">= 1_000", "is not a number"),
        (">= " + "9" * 65, "is not a number"),
        ("≥ 0.8", "no comparison operator"),
    ],
)
def test_bad_thresholds_say_what_is_wrong(text: str, fragment: str) -> None:
    with pytest.raises(ValueError, match=re.escape(fragment)):
        Threshold.parse(text)


def test_every_error_shows_an_example() -> None:
    with pytest.raises(ValueError, match=re.escape('e.g. ">= 0.8"')):
        Threshold.parse("about 0.8")


# -- properties ---------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)
numbers = st.one_of(st.integers(min_value=-(10**30), max_value=10**30), finite)


@given(op=st.sampled_from(sorted(OPERATORS)), number=numbers, spaces=st.text(" \t", max_size=3))
def test_written_thresholds_round_trip(op: str, number: float, spaces: str) -> None:
    threshold = Threshold.parse(f"{spaces}{op}{spaces}{number!r}{spaces}")
    assert threshold.op == op
    assert threshold.value == number
    assert Threshold.parse(str(threshold)) == threshold


@given(op=st.sampled_from(sorted(OPERATORS)), bound=finite, seen=finite)
def test_allows_agrees_with_python_comparison(op: str, bound: float, seen: float) -> None:
    expected = {
        ">=": seen >= bound,
        "<=": seen <= bound,
        ">": seen > bound,
        "<": seen < bound,
        "==": seen == bound,
    }[op]
    assert Threshold.parse(f"{op} {bound!r}").allows(seen) is expected


@given(st.text(max_size=80))
def test_any_text_is_a_threshold_or_a_value_error(text: str) -> None:
    try:
        threshold = Threshold.parse(text)
    except ValueError as exc:
        message = str(exc)
        assert message
    else:
        assert threshold.op in OPERATORS
        assert math.isfinite(threshold.value)
