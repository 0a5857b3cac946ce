"""The one function that makes untrusted text safe to show, and its JSON twin."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from sm_governance._untrusted import UNSAFE, safe_json, utf8_problem, visible

# Every character the module docs promise to escape.
PROMISED = (
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + ["\u061c", "\u200e", "\u200f", "\u2028", "\u2029"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\ud800", "\udbff", "\udc00", "\udfff"]
)


def test_every_promised_character_is_escaped_visibly() -> None:
    for char in PROMISED:
        shown = visible(f"a{char}b")
        assert char not in shown, repr(char)
        code = ord(char)
        assert shown == (f"a\\x{code:02x}b" if code < 0x100 else f"a\\u{code:04x}b")


def test_newline_tab_and_ordinary_text_are_kept() -> None:
    text = "Über\tline\nzweite 行 \u200d👩‍💻 \\x1b"
    assert visible(text) == text
    assert visible("a\r\nb") == "a\nb"
    assert visible(42) == "42"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_nothing_unsafe_survives_and_other_characters_stay(text: str) -> None:
    shown = visible(text)
    assert UNSAFE.search(shown) is None
    assert all(unicodedata.category(c) != "Cc" or c in "\n\t" for c in shown)
    if UNSAFE.search(text.replace("\r\n", "\n")) is None:
        assert shown == text.replace("\r\n", "\n")
    assert shown.count("\n") == text.replace("\r\n", "\n").count("\n")


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda children: st.lists(children) | st.dictionaries(st.text(), children),
        max_leaves=15,
    )
)
def test_safe_json_round_trips_and_holds_nothing_unsafe(value: object) -> None:
    text = safe_json(value)
    assert UNSAFE.search(text) is None
    assert json.loads(text) == value


def test_safe_json_escapes_what_plain_json_keeps() -> None:
    assert json.dumps("\u202e\x9b", ensure_ascii=False) == '"\u202e\x9b"'
    assert safe_json("\u202e\x9b\ud800") == '"\\u202e\\u009b\\ud800"'


def test_utf8_problem_names_the_character() -> None:
    assert utf8_problem("fine ünïcode") is None
    assert utf8_problem("x\udcff") == (
        "is not valid UTF-8 text (character 2 is U+DCFF, a byte that is not UTF-8)"
    )
    assert utf8_problem("\ud800") == (
        "is not valid UTF-8 text (character 1 is U+D800, a lone surrogate)"
    )
