"""Golden files: the Markdown and HTML of a card with every section and metric type.

Regenerate after an intended change with ``SMGOV_UPDATE_GOLDEN=1 pytest tests/unit/render``
and review the diff of ``tests/unit/render/golden/`` like any other change.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from sm_governance.card import ModelCard
from sm_governance.render import SignOff, render

GOLDEN = Path(__file__).parent / "golden"


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SMGOV_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_full_card_with_version_policy_and_sign_off_matches_golden(
    fmt: Any, version: dict[str, Any], report: dict[str, Any]
) -> None:
    # GIVEN a registered version whose card has every section and metric type
    sign_off: list[str | SignOff] = [
        SignOff("Model owner", name="D. Scientist", date="2024-06-30"),
        "Officer",
    ]
    # WHEN it is rendered with a policy report and a sign-off block
    text = render(version, format=fmt, policy_report=report, sign_off=sign_off)
    # THEN the output is exactly the reviewed golden file
    _check(f"full_card.{fmt}", text)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_card_alone_matches_golden(fmt: Any, card: ModelCard) -> None:
    _check(f"card_only.{fmt}", render(card, format=fmt, sign_off=False))


def test_golden_html_is_well_formed_xml() -> None:
    for name in ("full_card.html", "card_only.html"):
        root = ET.fromstring((GOLDEN / name).read_text(encoding="utf-8"))
        assert root.tag == "{http://www.w3.org/1999/xhtml}html"
        svgs = root.findall(".//{http://www.w3.org/2000/svg}svg")
        assert len(svgs) == 2  # the bar chart and the linear graph
