"""docs/card-rules.md states every card limit the code applies, with the code's own values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sm_governance.card import _limits

DOC = Path(__file__).parents[3] / "docs" / "card-rules.md"
_ROW = re.compile(
    r"^\|(?P<rule>[^|]+)\|(?P<limit>[^|]+)\|\s*`(?P<name>[A-Z0-9_]+)`\s*\|(?P<source>[^|]+)\|$"
)


def _rows() -> dict[str, tuple[str, str]]:
    rows: dict[str, tuple[str, str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if match := _ROW.match(line):
            rows[match["name"]] = (match["limit"].strip(), match["source"].strip())
    return rows


def _constants() -> list[str]:
    return [name for name in vars(_limits) if name.isupper() and not name.startswith("_")]


def test_every_constant_has_a_row_with_a_source() -> None:
    rows = _rows()
    missing = [name for name in _constants() if name not in rows]
    assert missing == []
    assert all(source for _limit, source in rows.values())


@pytest.mark.parametrize("name", _constants())
def test_each_row_states_the_codes_value(name: str) -> None:
    limit, _source = _rows()[name]
    value = getattr(_limits, name)
    if isinstance(value, int | str):
        assert limit == str(value)
    elif name == "LINE_TERMINATORS":
        shown = {"\n": "\\n", "\r": "\\r", "\u2028": "U+2028", "\u2029": "U+2029"}
        assert set(limit.strip("`").split()) == {shown[ch] for ch in value}
    else:
        assert limit == ", ".join(sorted(value))


def test_the_datazone_patterns_are_the_codes() -> None:
    from sm_governance._datazone import DATAZONE_DOMAIN_PATTERN, DATAZONE_PROJECT_PATTERN

    text = DOC.read_text(encoding="utf-8")
    assert f"`{DATAZONE_PROJECT_PATTERN.pattern}`" in text
    assert f"`{DATAZONE_DOMAIN_PATTERN.pattern}`" in text


def test_no_row_names_a_constant_the_code_lacks() -> None:
    assert sorted(set(_rows()) - set(_constants())) == []


def test_botocore_states_sagemaker_patterns_without_anchors() -> None:
    # the document explains why API members are still matched whole: the model's own
    # patterns carry no anchors, and the service applies them to the whole value
    import botocore.session

    model = botocore.session.get_session().get_service_model("sagemaker")
    patterns = [
        shape.metadata["pattern"]
        for name in model.shape_names
        if "pattern" in (shape := model.shape_for(name)).metadata
    ]
    assert len(patterns) > 400
    assert [p for p in patterns if p.startswith("^") or p.endswith("$")] == []
