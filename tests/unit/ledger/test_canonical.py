"""Canonical JSON: one encoding per value, and every value that has none refused."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sm_governance.ledger import canonical_json

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
)
texts = st.text()  # includes every Unicode code point hypothesis draws, surrogates excluded
json_values = st.recursive(
    scalars | texts,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4),
    max_leaves=20,
)


def _shuffled(value: Any, seed: int) -> Any:
    """The same value with every object's keys inserted in another order."""
    if isinstance(value, dict):
        keys = list(value)
        keys = keys[seed % (len(keys) or 1) :] + keys[: seed % (len(keys) or 1)]
        keys.reverse()
        return {k: _shuffled(value[k], seed + 1) for k in keys}
    if isinstance(value, list):
        return [_shuffled(v, seed + 1) for v in value]
    return value


@given(json_values, st.integers(min_value=0, max_value=50))
def test_key_order_never_changes_the_bytes(value: Any, seed: int) -> None:
    assert canonical_json(_shuffled(value, seed)) == canonical_json(value)


@given(json_values)
def test_round_trip_is_exact_and_stable(value: Any) -> None:
    encoded = canonical_json(value)
    decoded = json.loads(encoded)
    assert canonical_json(decoded) == encoded


@given(st.integers(min_value=-(2**63), max_value=2**63))
def test_an_int_and_the_equal_float_encode_differently(number: int) -> None:
    assert canonical_json(number) != canonical_json(float(number))
    assert canonical_json([number]) != canonical_json([float(number)])
    assert canonical_json({"x": number}) != canonical_json({"x": float(number)})


@given(st.text(min_size=1))
def test_unicode_is_written_as_utf8_not_escaped(text: str) -> None:
    encoded = canonical_json(text)
    assert json.loads(encoded) == text
    printable = all(ord(ch) >= 0x20 and ch not in '"\\' for ch in text)
    if printable:
        assert encoded == b'"' + text.encode("utf-8") + b'"'


@given(st.lists(st.lists(st.integers(), max_size=3), max_size=3))
def test_nested_lists_keep_their_order_and_depth(value: list[list[int]]) -> None:
    assert json.loads(canonical_json(value)) == value
    if len(value) > 1 and value[0] != value[1]:
        swapped = [value[1], value[0], *value[2:]]
        assert canonical_json(swapped) != canonical_json(value)
    assert canonical_json([value]) != canonical_json(value)


def test_known_bytes() -> None:
    assert canonical_json({"b": [1, 1.0, True, None], "a": "é", "A": {}}) == (
        '{"A":{},"a":"é","b":[1,1.0,true,null]}'.encode()
    )
    assert canonical_json(-0.0) == b"-0.0"
    assert canonical_json((1, 2)) == canonical_json([1, 2])


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (math.nan, "nan"),
        ({"x": [math.inf]}, "inf"),
        ({1: "a"}, "not a string"),
        ({"k": b"bytes"}, "bytes"),
        ("\ud800", "not valid Unicode"),
        ({"\udfff": 1}, "not valid Unicode"),
        ({"when": object()}, "object"),
    ],
)
def test_values_without_a_canonical_form_are_refused(value: Any, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        canonical_json(value)


def test_true_is_not_one() -> None:
    assert canonical_json(True) != canonical_json(1)
    assert canonical_json({"a": False}) != canonical_json({"a": 0})
