"""Card text never becomes Markdown structure, proven with a CommonMark parser.

Each case renders the same card twice: once with a plain placeholder in every text field and
once with the hostile text. markdown-it-py (CommonMark, plus GitHub's tables and
strikethrough) parses both. The block structure must be identical, no inline element (link,
image, emphasis, code, raw HTML, strikethrough) may appear that the placeholder did not have,
and the hostile text must come back, whole, as text.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from sm_governance._untrusted import visible
from sm_governance.render import SignOff, diff, render_markdown

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_TEXTUAL = {"text", "softbreak", "hardbreak"}
PLACEHOLDER = "placeholder"

NAMED = [
    "...\n\n# APPROVED BY THE MODEL RISK COMMITTEE",
    "Fine.\n\n## Approved\n\nSigned: the committee",
    "<script>alert(1)</script> <b>bold</b> <!-- comment -->",
    "[click here](https://evil.example) [ref] [ref]: https://evil.example",
    "![logo](https://evil.example/pixel.png)",
    "**bold** __bold__ *em* _em_ `code` ``co`de``",
    "> quoted\n>> nested",
    "- item\n* item\n+ item",
    "1. one\n2) two\n10. ten",
    "---\n***\n___\n- - -",
    "| a | b |\n|---|---|\n| c | d |",
    "    indented code",
    "para\n\n    indented code after a blank line",
    "```\nfenced\n```",
    "~~~python\nfenced\n~~~",
    "<https://autolink.example> <mail@evil.example>",
    "&copy; &#x41; &amp; &lt;script&gt;",
    "Title\n=====",
    "Title\n-----",
    "trailing backslash\\",
    "hard  \nbreak",
    "~~struck~~ ~one~",
    "$x^2$ and $$y$$",
    "[^1] footnote\n[^1]: text",
    "\x1b[2J\x1b]0;title\x07\u202eevil\u202c\x9b1m",
    "line\r\n# heading\r# heading",
    "ends with a hash #",
    "ends with hashes ###   ",
    "a\n\n\n\n    code\n\n\n",
    "\\# not a heading \\\\# still not",
    "snake_case_name and _under_ and a_b_ c",
    "1.5 is a number; 1) is not a list here",
]


def _content(text: str) -> dict[str, Any]:
    return {
        "model_overview": {
            "model_description": text,
            "model_owner": text,
            "model_artifact": [text, "s3://bucket/model.tar.gz"],
        },
        "intended_uses": {"purpose_of_model": text, "intended_uses": text, "risk_rating": "High"},
        "business_details": {"business_problem": text},
        "evaluation_details": [
            {
                "name": text,
                "evaluation_observation": text,
                "metric_groups": [
                    {
                        "name": text,
                        "metric_data": [
                            {"name": text, "type": "string", "value": text, "notes": text},
                            {
                                "name": text,
                                "type": "bar_chart",
                                "value": [1, 2],
                                "notes": text,
                                "x_axis_name": [text, "b"],
                            },
                        ],
                    }
                ],
            }
        ],
        "additional_information": {"ethical_considerations": text, "custom_details": {"k": text}},
    }


def _document(text: str) -> str:
    version = {
        "arn": "arn:aws:sagemaker:us-east-1:111122223333:model-package/g/1",
        "group": "g",
        "version": 1,
        "approval_description": text,
        "card": _content(text),
    }
    policy = {
        "policy": text,
        "passed": False,
        "rules": [{"rule": text, "passed": False, "seen": text, "reason": text}],
    }
    sign_off = [SignOff("Model owner", name=text, decision=text)]
    return render_markdown(version, policy_report=policy, sign_off=sign_off, title=text)


def _skeleton(tokens: list[Token]) -> list[tuple[str, str, int]]:
    return [(t.type, t.tag, t.nesting) for t in tokens if t.type != "inline"]


def _inline_kinds(token: Token) -> list[str]:
    return [c.type for c in token.children or [] if c.type not in _TEXTUAL]


def _text_of(token: Token) -> str:
    return "".join(
        c.content if c.type == "text" else "\n" for c in token.children or [] if c.type in _TEXTUAL
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def _assert_text_only(text: str, render: Any = _document) -> None:
    plain = _PARSER.parse(render(PLACEHOLDER))
    hostile = _PARSER.parse(render(text))
    # THEN the blocks are the same: no heading, quote, list, rule, table or code block added
    assert _skeleton(hostile) == _skeleton(plain)
    # AND each line of inline text has the same elements: no link, image, emphasis, code,
    # raw HTML or strikethrough appeared
    plain_inline = [t for t in plain if t.type == "inline"]
    hostile_inline = [t for t in hostile if t.type == "inline"]
    assert [_inline_kinds(t) for t in hostile_inline] == [_inline_kinds(t) for t in plain_inline]
    # AND the card text comes back as text wherever the placeholder was
    expected = _flat(visible(re.sub(r"\r\n|\r", "\n", text)))
    shown = [
        _flat(_text_of(h))
        for p, h in zip(plain_inline, hostile_inline, strict=True)
        if _flat(_text_of(p)) == PLACEHOLDER
    ]
    assert shown, "the placeholder was not found as a whole text"
    assert all(s == expected for s in shown), (expected, shown)


@pytest.mark.parametrize("text", NAMED)
def test_named_hostile_text_stays_text(text: str) -> None:
    _assert_text_only(text)


def test_the_committee_heading_is_a_paragraph_not_a_heading() -> None:
    text = render_markdown({"intended_uses": {"purpose_of_model": NAMED[0]}}, sign_off=False)
    headings = [
        _PARSER.parse(text)[i + 1].content
        for i, t in enumerate(_PARSER.parse(text))
        if t.type == "heading_open"
    ]
    assert not any("APPROVED" in h for h in headings)
    assert "# APPROVED BY THE MODEL RISK COMMITTEE" in _PARSER.render(text)


def _diff_markdown(text: str) -> str:
    return diff(_content("before"), _content(text), a_label=text, b_label="b").to_markdown()


@pytest.mark.parametrize("text", NAMED[:12])
def test_named_hostile_text_stays_text_in_a_diff(text: str) -> None:
    plain = _PARSER.parse(_diff_markdown(PLACEHOLDER))
    hostile = _PARSER.parse(_diff_markdown(text))
    assert _skeleton(hostile) == _skeleton(plain)
    assert [_inline_kinds(t) for t in hostile if t.type == "inline"] == [
        _inline_kinds(t) for t in plain if t.type == "inline"
    ]


_MARKDOWN_HEAVY = st.text(
    alphabet=st.sampled_from(list("#>-+*_=`~[]()!<>|\\&;:/.$^ \t\n\r1aZ")) | st.characters(),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "" and s.strip() != PLACEHOLDER)


@settings(max_examples=150, deadline=None)
@given(_MARKDOWN_HEAVY)
def test_any_text_stays_text(text: str) -> None:
    _assert_text_only(text)
