"""Field-level diffs between cards and between registered versions."""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sm_governance.card import ModelCard
from sm_governance.render import Change, diff


def _metrics(content: dict[str, Any]) -> list[dict[str, Any]]:
    metrics: list[dict[str, Any]] = content["evaluation_details"][0]["metric_groups"][0][
        "metric_data"
    ]
    return metrics


def test_identical_cards_have_no_changes(card: ModelCard) -> None:
    result = diff(card, card.to_content())
    assert not result
    assert len(result) == 0
    assert result.to_markdown() == "## Changes from A to B\n\nNo differences.\n"


def test_exactly_the_changed_fields_with_old_and_new_values(content: dict[str, Any]) -> None:
    # GIVEN a second card with one field changed, one added, one removed, one metric changed
    after = copy.deepcopy(content)
    after["intended_uses"]["risk_rating"] = "Medium"
    after["additional_information"]["custom_details"]["reviewer"] = "x"
    del after["model_overview"]["model_owner"]
    _metrics(after)[0]["value"] = 0.95
    # WHEN the two are compared
    result = diff(ModelCard.from_content(content), ModelCard.from_content(after))
    # THEN exactly those changes are reported, in section order, with old and new values
    assert [c.to_dict() for c in result] == [
        {"path": "model_overview.model_owner", "kind": "removed", "old": "risk-ml@example.com",
         "new": None},
        {"path": "intended_uses.risk_rating", "kind": "changed", "old": "High", "new": "Medium"},
        {"path": 'evaluation_details["holdout-2024-06"].metric_groups["quality"]'
         '.metric_data["auc"].value', "kind": "changed", "old": 0.912345, "new": 0.95},
        {"path": "additional_information.custom_details.reviewer", "kind": "added", "old": None,
         "new": "x"},
    ]  # fmt: skip
    assert result.paths[1] == "intended_uses.risk_rating"
    assert result[1] == Change("intended_uses.risk_rating", "changed", "High", "Medium")


def test_metrics_are_matched_by_name_not_position(content: dict[str, Any]) -> None:
    after = copy.deepcopy(content)
    metrics = _metrics(after)
    metrics.reverse()
    metrics.append({"name": "brier", "type": "number", "value": 0.1})
    result = diff(content, after)
    assert [(c.path.rsplit(".", 1)[-1], c.kind) for c in result] == [
        ('metric_data["brier"]', "added")
    ]
    assert result[0].new == {"name": "brier", "type": "number", "value": 0.1}


def test_a_renamed_metric_is_a_removal_and_an_addition(content: dict[str, Any]) -> None:
    after = copy.deepcopy(content)
    _metrics(after)[1]["name"] = "rating"
    kinds = [(c.path.rsplit("[", 1)[-1], c.kind) for c in diff(content, after)]
    assert kinds == [('"grade"]', "removed"), ('"rating"]', "added")]


def test_lists_without_unique_names_are_matched_by_index() -> None:
    a = {"x": {"items": [{"name": "n", "v": 1}, {"name": "n", "v": 2}]}}
    b = {"x": {"items": [{"name": "n", "v": 1}, {"name": "n", "v": 3}, {"k": 0}]}}
    assert [(c.path, c.kind) for c in diff(a, b)] == [
        ("x.items[1].v", "changed"),
        ("x.items[2]", "added"),
    ]
    assert [(c.path, c.kind) for c in diff(b, a)][-1] == ("x.items[2]", "removed")


def test_value_lists_and_matrices_change_as_a_whole(content: dict[str, Any]) -> None:
    after = copy.deepcopy(content)
    _metrics(after)[3]["value"] = [[51, 1], [3, 45]]
    after["evaluation_details"][0]["datasets"].append("s3://data/more.csv")
    changes = diff(content, after)
    assert [c.path.rsplit(".", 1)[-1] for c in changes] == ["datasets", "value"]
    assert changes[1].old == [[50, 2], [3, 45]]
    assert changes[1].new == [[51, 1], [3, 45]]


def test_types_matter_booleans_are_not_numbers_and_one_equals_one_point_zero() -> None:
    assert [c.kind for c in diff({"a": {"v": True}}, {"a": {"v": 1}})] == ["changed"]
    assert not diff({"a": {"v": 1}}, {"a": {"v": 1.0}})
    assert [c.kind for c in diff({"a": {"v": {"x": 1}}}, {"a": {"v": [1]}})] == ["changed"]


def test_a_section_or_evaluation_added_from_nothing_is_one_change(
    content: dict[str, Any],
) -> None:
    result = diff({}, content)
    assert [c.path for c in result] == [
        "model_overview",
        "intended_uses",
        "business_details",
        "training_details",
        "evaluation_details",
        "additional_information",
    ]
    empty: dict[str, Any] = {"evaluation_details": []}
    one = diff(empty, {"evaluation_details": content["evaluation_details"]})
    assert [(c.path, c.kind) for c in one] == [('evaluation_details["holdout-2024-06"]', "added")]


@dataclasses.dataclass(frozen=True)
class _Lifecycle:
    stage: str


@dataclasses.dataclass(frozen=True)
class _Version:
    arn: str
    card: ModelCard | None
    approval_status: str
    lifecycle: Any = None
    customer_metadata: Any = None


def test_versions_compare_their_status_as_well_as_their_cards(card: ModelCard) -> None:
    a = _Version("arn:a", card, "PendingManualApproval", _Lifecycle("Staging"), {"k": "1"})
    content = card.to_content()
    content["intended_uses"]["risk_rating"] = "Low"

    class Meta:
        def model_dump(self, mode: str) -> dict[str, str]:
            return {"k": "2"}

    b = _Version("arn:b", ModelCard.from_content(content), "Approved", _Lifecycle("Prod"), Meta())
    result = diff(a, b)
    assert [c.path for c in result] == [
        "intended_uses.risk_rating",
        "version.approval_status",
        "version.customer_metadata.k",
        "version.lifecycle.stage",
    ]
    text = result.to_markdown()
    assert text.startswith("## Changes from arn:a to arn:b\n")
    assert "| version.approval_status | changed | PendingManualApproval | Approved |" in text
    assert text.endswith("\n4 changes.\n")
    # a version against a file compares the cards only
    assert [c.path for c in diff(a, content)] == ["intended_uses.risk_rating"]


def test_markdown_and_json_forms(content: dict[str, Any]) -> None:
    after = copy.deepcopy(content)
    after["additional_information"]["custom_details"]["a|b"] = "<x>\nline"
    _metrics(after)[3]["value"] = [[1, 2], [3, 4]]
    del after["business_details"]
    result = diff(content, after, a_label="v1.json", b_label="v2.json")
    text = result.to_markdown()
    assert "## Changes from v1.json to v2.json" in text
    assert "| business_details | removed | " in text
    assert '| additional_information.custom_details\\["a\\|b"\\] | added |  | \\<x> line |' in text
    assert "[[50, 2], [3, 45]]".replace("[", "\\[").replace("]", "\\]") in text
    assert text.endswith("\n3 changes.\n")
    assert json.loads(json.dumps(result.to_list()))[0]["kind"] == "removed"


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None)
@given(a=st.dictionaries(st.text(max_size=4), _json, max_size=4),
       b=st.dictionaries(st.text(max_size=4), _json, max_size=4))  # fmt: skip
def test_diff_is_empty_exactly_when_equal_and_deterministic(
    a: dict[str, Any], b: dict[str, Any]
) -> None:
    result = diff(a, b)
    same = json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert (len(result) == 0) == same
    assert diff(a, b) == result
    assert len(diff(b, a)) == len(result)


def test_a_key_that_is_not_a_plain_name_cannot_pass_for_another_field() -> None:
    # GIVEN custom details whose keys hold a dot, a trailing space and a bracket
    keys = ["datazone_project_id", "datazone_project_id ", "a.b", 'x"].y']
    a = {"additional_information": {"custom_details": dict.fromkeys(keys, "1")}}
    b = {"additional_information": {"custom_details": dict.fromkeys(keys, "2")}}
    # WHEN they change THEN each path shows its key's exact bounds, as problem paths do
    assert diff(a, b).paths == [
        'additional_information.custom_details["a.b"]',
        "additional_information.custom_details.datazone_project_id",
        'additional_information.custom_details["datazone_project_id "]',
        'additional_information.custom_details["x\\"].y"]',
    ]
