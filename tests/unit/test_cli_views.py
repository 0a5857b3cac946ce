"""How the review queue shows times: to the minute in tables, whole in JSON."""

from __future__ import annotations

from sm_governance.cli._views import _minutes


def test_iso_times_are_shown_to_the_minute() -> None:
    assert _minutes("2026-11-22T00:02:31.553Z") == "2026-11-22 00:02"


def test_anything_else_is_shown_as_it_is() -> None:
    assert _minutes(None) is None
    assert _minutes("yesterday") == "yesterday"
    assert _minutes("2026-11-22 00:02:31") == "2026-11-22 00:02:31"
