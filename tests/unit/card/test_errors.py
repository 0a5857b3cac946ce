"""Field paths as the product prints them."""

from __future__ import annotations

import pytest

from sm_governance.card._errors import format_path


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        ((), ""),
        (("intended_uses", "risk_rating"), "intended_uses.risk_rating"),
        (("evaluation_details", 0, "metric_groups", 1), "evaluation_details[0].metric_groups[1]"),
        (("custom_details", "Team name"), 'custom_details["Team name"]'),
        (("custom_details", ""), 'custom_details[""]'),
        (("custom_details", "Datazone projects"), 'custom_details["Datazone projects"]'),
        (("custom_details", "café"), 'custom_details["café"]'),
        (("custom_details", "k_1"), "custom_details.k_1"),
        ((0, "x"), "[0].x"),
    ],
)
def test_format_path(loc: tuple[str | int, ...], path: str) -> None:
    assert format_path(loc) == path
