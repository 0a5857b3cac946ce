"""Hostile card text stays text: escaped in HTML, inert in Markdown, nothing dropped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sm_governance.card import ModelCard
from sm_governance.render import render_html, render_markdown
from sm_governance.render._text import md_escape, md_inline

_VOID = {"meta", "br", "img", "hr", "input", "link"}


class _Collector(HTMLParser):
    """Collects text and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1:] == [tag], f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_hostile_html_has_no_markup_from_the_card(
    hostile: dict[str, Any], hostile_text: str
) -> None:
    # GIVEN a card with "<script>" and other markup in every string field
    card = ModelCard.from_content(hostile)
    # WHEN it is rendered as HTML
    page = render_html(card)
    # THEN no script element exists, the page parses as XML and HTML with balanced tags
    assert "<script" not in page.lower()
    ET.fromstring(page)
    parser = _Collector()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    assert "script" not in parser.tags
    assert "b" not in parser.tags
    # AND every hostile string of the card is shown to the reader, as text
    shown = "".join(parser.text)
    assert shown.count(hostile_text) >= 20
    custom_keys = list(hostile["additional_information"]["custom_details"])
    for text in [*_strings(hostile), *custom_keys]:
        if hostile_text in text:
            assert text in shown, text


def test_hostile_markdown_has_no_raw_html_or_broken_tables(hostile: dict[str, Any]) -> None:
    text = render_markdown(hostile)
    # every "<" is escaped, so no renderer sees a tag or an autolink
    assert re.search(r"(?<!\\)<", text) is None
    # table rows keep their column count: escaped pipes do not split cells
    for line in text.splitlines():
        if line.startswith("| Metric |"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 3


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_md_inline_never_leaves_markup_or_line_breaks(text: str) -> None:
    out = md_inline(text)
    assert re.search(r"(?<!\\)[<\[\]`|]", out.replace("\\\\", "")) is None
    assert "\n" not in out
    assert "\r" not in out


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_md_escape_never_leaves_markup(text: str) -> None:
    out = md_escape(text).replace("\\\\", "")
    assert re.search(r"(?<!\\)[<\[\]`|]", out) is None


_XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\n<>&'\""),
    min_size=1,
    max_size=200,
)


@settings(max_examples=60, deadline=None)
@given(description=_XML_TEXT, name=_XML_TEXT.filter(lambda s: "\n" not in s and s.strip() != ""))
def test_any_text_renders_to_well_formed_html(description: str, name: str) -> None:
    content = {
        "model_overview": {"model_description": description},
        "evaluation_details": [
            {
                "name": "e",
                "metric_groups": [
                    {
                        "name": "g",
                        "metric_data": [
                            {"name": name[:255], "type": "bar_chart", "value": [1, 2]},
                            {"name": "s", "type": "string", "value": name[:63]},
                        ],
                    }
                ],
            }
        ],
    }
    root = ET.fromstring(render_html(content))
    texts = "".join(root.itertext())
    assert description.replace("\r\n", "\n").replace("\r", "\n") in texts.replace("\r", "\n")


def test_a_user_template_that_turns_autoescaping_off_still_prints_card_text_as_text(
    tmp_path: Path,
) -> None:
    # GIVEN a user's HTML template that turns autoescaping off around card values
    (tmp_path / "card.html.j2").write_text(
        "{% autoescape false %}<p>{{ content.model_overview.model_description }}</p>"
        "<p>{{ content.model_overview.model_artifact }}</p>{% endautoescape %}"
    )
    card = {
        "model_overview": {
            "model_description": "<script>alert(1)</script>",
            "model_artifact": ["<img src=x onerror=alert(1)>"],
        }
    }
    # WHEN the card is rendered with it THEN the card's markup is still escaped text
    page = render_html(card, template=tmp_path)
    assert "<script>" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
