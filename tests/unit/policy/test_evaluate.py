"""Evaluating a policy against card content: every rule, its outcome, what was seen, why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sm_governance.errors import ValidationError
from sm_governance.policy import Policy, PolicyReport, RuleResult, evaluate, load_policy

Content = dict[str, Any]
MakeCard = Callable[..., Content]


def policy(text: str) -> Policy:
    return load_policy("policy: test\n" + text)


def rule(report: PolicyReport, name: str) -> RuleResult:
    [found] = [r for r in report.rules if r.rule == name]
    return found


def metric_card(*values: tuple[str, Any], where: str = "evaluation") -> Content:
    """A card carrying the given (name, value) metrics in evaluation or training details."""
    if where == "training":
        metrics = [{"name": n, "value": v} for n, v in values]
        return {"training_details": {"training_job_details": {"training_metrics": metrics}}}
    data = [
        {
            "name": n,
            "type": "boolean"
            if isinstance(v, bool)
            else "string"
            if isinstance(v, str)
            else "number",
            "value": v,
        }
        for n, v in values
    ]
    return {
        "evaluation_details": [{"name": "e", "metric_groups": [{"name": "g", "metric_data": data}]}]
    }


# -- the SPEC's example ---------------------------------------------------------------------


def test_a_complete_card_passes_the_specs_example(
    spec_policy_text: str, good_card: Content, schema_valid: Callable[[Content], Content]
) -> None:
    report = evaluate(load_policy(spec_policy_text), schema_valid(good_card))

    assert report.passed
    assert report.policy == "retail-credit"
    assert report.risk_rating == "Medium"
    assert [r.rule for r in report.rules] == [
        "require intended_uses.purpose_of_model",
        "require business_details.business_problem",
        "metric fairness_score >= 0.8",
        "metric p95_latency_ms <= 500",
        "datazone_project required",
    ]
    assert [r.seen for r in report.rules] == [
        "Score retail credit applications",
        "Approve loans responsibly",
        0.91,
        420,
        "5jdi2hjv0xq2jb",
    ]
    assert all(r.passed and r.applies for r in report.rules)
    # the High block does not apply at Medium: listed apart, never failing
    assert [(r.rule, r.passed, r.applies, r.seen) for r in report.not_applicable] == [
        (
            "when risk_rating=High: require additional_information.ethical_considerations",
            True,
            False,
            "Medium",
        ),
        ("when risk_rating=High: metric fairness_score >= 0.9", True, False, "Medium"),
    ]
    assert report.not_applicable[0].reason == (
        "Does not apply: the card's risk rating is Medium, not High."
    )


def test_a_high_risk_card_must_also_pass_the_when_rules(
    spec_policy_text: str, card_with: MakeCard, schema_valid: Callable[[Content], Content]
) -> None:
    # GIVEN the good card rated High whose fairness (0.91 everywhere) is set to 0.85
    card = card_with(intended_uses={"purpose_of_model": "Score", "risk_rating": "High"})
    card["training_details"]["training_job_details"]["user_provided_training_metrics"][0][
        "value"
    ] = 0.85
    card["evaluation_details"][0]["metric_groups"][0]["metric_data"][1]["value"] = 0.85
    del card["additional_information"]["ethical_considerations"]
    # WHEN the SPEC's policy is evaluated
    report = evaluate(load_policy(spec_policy_text), schema_valid(card))
    # THEN the base rules pass, the High rules apply and fail, with reasons
    assert not report.passed
    assert report.not_applicable == ()
    assert [r.rule for r in report.failures] == [
        "when risk_rating=High: require additional_information.ethical_considerations",
        "when risk_rating=High: metric fairness_score >= 0.9",
    ]
    assert report.failures[0].reason == (
        "additional_information.ethical_considerations is missing: "
        "additional_information has no ethical_considerations."
    )
    assert report.failures[1].seen == 0.85
    assert report.failures[1].reason == (
        "fairness_score is 0.85 (2 places, all equal), which does not meet >= 0.9."
    )
    assert rule(report, "metric fairness_score >= 0.8").passed


# -- require --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("card", "passed", "seen", "reason"),
    [
        ({"intended_uses": {"purpose_of_model": "Score"}}, True, "Score", "is present."),
        ({}, False, None, "is missing: the card has no intended_uses."),
        ({"intended_uses": {}}, False, None, "is missing: intended_uses has no purpose_of_model."),
        ({"intended_uses": {"purpose_of_model": ""}}, False, "", "is empty."),
        ({"intended_uses": {"purpose_of_model": "  \n"}}, False, "  \n", "is empty."),
        ({"intended_uses": {"purpose_of_model": None}}, False, None, "is null."),
        ({"intended_uses": "text"}, False, None, "is missing: intended_uses is not a mapping."),
    ],
)
def test_a_required_field_must_be_present_and_not_empty(
    card: Content, passed: bool, seen: object, reason: str
) -> None:
    report = evaluate(policy("require: [intended_uses.purpose_of_model]"), card)
    [result] = report.rules
    assert (result.passed, result.seen) == (passed, seen)
    assert result.reason == f"intended_uses.purpose_of_model {reason}"
    assert report.passed is passed


@pytest.mark.parametrize(
    ("path", "card", "passed", "seen", "reason_end"),
    [
        ("evaluation_details", {"evaluation_details": []}, False, "[list of 0 items]", "is empty."),
        (
            "evaluation_details",
            {"evaluation_details": [{"name": "e"}]},
            True,
            "[list of 1 item]",
            "is present.",
        ),
        ("business_details", {"business_details": {}}, False, "[mapping of 0 fields]", "is empty."),
        (
            "business_details",
            {"business_details": {"a": 1, "b": 2}},
            True,
            "[mapping of 2 fields]",
            "is present.",
        ),
        (
            "evaluation_details[0].name",
            {"evaluation_details": [{"name": "holdout"}]},
            True,
            "holdout",
            "is present.",
        ),
        (
            "evaluation_details[1].name",
            {"evaluation_details": [{"name": "holdout"}]},
            False,
            None,
            "is missing: evaluation_details has 1 item, so no [1].",
        ),
        (
            "evaluation_details[2].name",
            {"evaluation_details": []},
            False,
            None,
            "is missing: evaluation_details has 0 items, so no [2].",
        ),
        (
            "evaluation_details[0].name",
            {"evaluation_details": {"0": "x"}},
            False,
            None,
            "is missing: evaluation_details is not a list.",
        ),
        (
            "training_details.training_job_details.training_metrics[0].value",
            {
                "training_details": {
                    "training_job_details": {"training_metrics": [{"name": "a", "value": 0}]}
                }
            },
            True,
            0,
            "is present.",
        ),
        (
            'additional_information.custom_details["Datazone projects"]',
            {"additional_information": {"custom_details": {"Datazone projects": "p-1"}}},
            True,
            "p-1",
            "is present.",
        ),
    ],
)
def test_lists_mappings_indexes_and_quoted_keys(
    path: str, card: Content, passed: bool, seen: object, reason_end: str
) -> None:
    [result] = evaluate(Policy.from_data({"policy": "t", "require": [path]}), card).rules
    assert (result.passed, result.seen) == (passed, seen)
    assert result.reason.endswith(reason_end)
    assert result.rule == f"require {path}"


def test_zero_and_false_count_as_present() -> None:
    card = metric_card(("m", 0), ("b", False))
    p = policy(
        "require:\n"
        "  - evaluation_details[0].metric_groups[0].metric_data[0].value\n"
        "  - evaluation_details[0].metric_groups[0].metric_data[1].value\n"
    )
    report = evaluate(p, card)
    assert report.passed
    assert [r.seen for r in report.rules] == [0, False]


def test_long_text_is_cut_in_the_report() -> None:
    report = evaluate(
        policy("require: [intended_uses.purpose_of_model]"),
        {"intended_uses": {"purpose_of_model": "x" * 1000}},
    )
    seen = report.rules[0].seen
    assert isinstance(seen, str)
    assert len(seen) == 200
    assert seen.endswith("…")


# -- metrics --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("threshold", "value", "passed"),
    [
        (">= 0.8", 0.8, True),
        (">= 0.8", 0.79, False),
        ("<= 500", 500, True),
        ("<= 500", 501, False),
        ("> 0.5", 0.5, False),
        ("> 0.5", 0.6, True),
        ("< 10", 10, False),
        ("< 10", 9, True),
        ("== 3", 3.0, True),
        ("== 3", 3.5, False),
    ],
)
def test_every_operator_against_a_metric(threshold: str, value: float, passed: bool) -> None:
    report = evaluate(policy(f'metrics: {{m: "{threshold}"}}'), metric_card(("m", value)))
    [result] = report.rules
    assert result.passed is passed
    assert result.seen == value
    verdict = "which meets" if passed else "which does not meet"
    assert verdict in result.reason
    assert "evaluation_details[0].metric_groups[0].metric_data[0]" in result.reason


def test_training_metrics_and_user_provided_training_metrics_are_found() -> None:
    card = {
        "training_details": {
            "training_job_details": {
                "training_metrics": [{"name": "auc", "value": 0.95}],
                "user_provided_training_metrics": [{"name": "fairness", "value": 0.9}],
            }
        }
    }
    report = evaluate(policy('metrics: {auc: ">= 0.9", fairness: ">= 0.8"}'), card)
    assert report.passed
    assert "training_details.training_job_details.training_metrics[0]" in report.rules[0].reason
    assert "user_provided_training_metrics[0]" in report.rules[1].reason


def test_every_metric_group_of_every_evaluation_is_searched() -> None:
    card = {
        "evaluation_details": [
            {"name": "a", "metric_groups": [{"name": "g", "metric_data": []}]},
            {
                "name": "b",
                "metric_groups": [
                    {"name": "g1", "metric_data": [{"name": "x", "type": "number", "value": 1}]},
                    {"name": "g2", "metric_data": [{"name": "y", "type": "number", "value": 2}]},
                ],
            },
        ]
    }
    report = evaluate(policy('metrics: {y: "== 2"}'), card)
    assert report.passed
    assert "evaluation_details[1].metric_groups[1].metric_data[0]" in report.rules[0].reason


def test_a_missing_metric_fails_its_rule() -> None:
    report = evaluate(policy('metrics: {fairness_score: ">= 0.8"}'), metric_card(("auc", 0.9)))
    [result] = report.rules
    assert not result.passed
    assert result.seen is None
    assert result.reason == (
        "The card has no metric 'fairness_score' in its training or evaluation details."
    )


def test_metric_names_match_exactly() -> None:
    report = evaluate(policy('metrics: {AUC: ">= 0.5"}'), metric_card(("auc", 0.9)))
    assert not report.passed


def test_a_metric_with_two_different_values_is_reported_not_guessed() -> None:
    # GIVEN fairness_score 0.9 in training and 0.7 in evaluation
    card = metric_card(("fairness_score", 0.7))
    card.update(metric_card(("fairness_score", 0.9), where="training"))
    # WHEN a threshold both values would pass is checked
    report = evaluate(policy('metrics: {fairness_score: ">= 0.5"}'), card)
    # THEN the rule fails and says where each value is
    [result] = report.rules
    assert not result.passed
    assert result.seen == [0.9, 0.7]
    assert result.reason == (
        "fairness_score appears with different values ("
        "0.9 at training_details.training_job_details.training_metrics[0]; "
        "0.7 at evaluation_details[0].metric_groups[0].metric_data[0]); "
        "the gate does not guess which one counts."
    )


def test_many_conflicting_places_are_summarised() -> None:
    card = metric_card(*[("m", float(i % 2)) for i in range(8)])
    [result] = evaluate(policy('metrics: {m: ">= 0"}'), card).rules
    assert result.seen == [0.0, 1.0]
    assert result.reason.count(" at evaluation_details") == 5
    assert "and 3 more" in result.reason


def test_the_same_value_twice_is_fine_even_as_int_and_float() -> None:
    card = metric_card(("latency", 400))
    card.update(metric_card(("latency", 400.0), where="training"))
    [result] = evaluate(policy('metrics: {latency: "<= 500"}'), card).rules
    assert result.passed
    assert "(2 places, all equal)" in result.reason


def test_a_boolean_and_a_number_are_different_values() -> None:
    card = metric_card(("m", True), ("m", 1))
    [result] = evaluate(policy('metrics: {m: "== 1"}'), card).rules
    assert not result.passed
    assert "different values" in result.reason


@pytest.mark.parametrize(
    ("value", "seen", "kind"),
    [
        ("0.95", "0.95", "text ('0.95')"),
        (True, True, "a boolean (true)"),
        (False, False, "a boolean (false)"),
        (None, None, "null"),
        ({"mean": 0.9}, "[mapping of 1 field]", "a mapping"),
    ],
)
def test_only_numbers_compare(value: object, seen: object, kind: str) -> None:
    [result] = evaluate(policy('metrics: {m: ">= 0.5"}'), metric_card(("m", value))).rules
    assert not result.passed
    assert result.seen == seen
    assert result.reason == f"m is {kind}; only a number can be compared with >= 0.5."


def test_graph_metrics_do_not_compare(schema_valid: Callable[[Content], Content]) -> None:
    card = schema_valid(
        {
            "evaluation_details": [
                {
                    "name": "e",
                    "metric_groups": [
                        {
                            "name": "g",
                            "metric_data": [
                                {"name": "roc", "type": "linear_graph", "value": [[0, 0], [1, 1]]},
                                {
                                    "name": "cm",
                                    "type": "matrix",
                                    "value": [[1, 0], [0, 1]],
                                },
                                {"name": "bars", "type": "bar_chart", "value": [1, 2]},
                            ],
                        }
                    ],
                }
            ]
        }
    )
    report = evaluate(policy('metrics: {roc: ">= 0", cm: ">= 0", bars: ">= 0"}'), card)
    assert [r.passed for r in report.rules] == [False, False, False]
    assert [r.seen for r in report.rules] == ["[list of 2 items]"] * 2 + ["[list of 2 items]"]
    assert all("a graph or matrix; only a number" in r.reason for r in report.rules)


def test_a_range_is_one_rule_per_bound() -> None:
    p = policy('metrics: {ece: [">= 0", "< 0.05"]}')
    report = evaluate(p, metric_card(("ece", 0.07)))
    assert [(r.rule, r.passed) for r in report.rules] == [
        ("metric ece >= 0", True),
        ("metric ece < 0.05", False),
    ]


def test_malformed_sections_are_treated_as_holding_no_metrics() -> None:
    odd: Content = {
        "training_details": {"training_job_details": {"training_metrics": {"name": "m"}}},
        "evaluation_details": [
            "not a mapping",
            {"metric_groups": "nope"},
            {"metric_groups": [{"metric_data": [{"name": 3, "value": 1}, {"name": "m"}, 7]}]},
        ],
    }
    [result] = evaluate(policy('metrics: {m: ">= 0"}'), odd).rules
    assert not result.passed
    assert result.reason.startswith("The card has no metric 'm'")


# -- DataZone -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("details", "passed", "seen", "reason"),
    [
        (
            {"datazone_project_id": "5jdi2hjv0xq2jb"},
            True,
            "5jdi2hjv0xq2jb",
            'The card names DataZone project "5jdi2hjv0xq2jb" '
            "(additional_information.custom_details.datazone_project_id).",
        ),
        (
            {"Datazone projects": "credit-risk"},
            True,
            "credit-risk",
            'The card names DataZone project "credit-risk" '
            '(additional_information.custom_details["Datazone projects"]).',
        ),
        (
            {"datazone_project_id": "  ", "Datazone projects": "credit-risk"},
            True,
            "credit-risk",
            'The card names DataZone project "credit-risk" '
            '(additional_information.custom_details["Datazone projects"]).',
        ),
        (
            {"datazone_project_id": "not an id!"},
            False,
            "not an id!",
            'additional_information.custom_details.datazone_project_id is "not an id!", which '
            "is not a DataZone project ID (1 to 36 letters, digits, '-' or '_').",
        ),
        (
            {"team": "risk"},
            False,
            None,
            "The card names no Amazon DataZone project: set additional_information."
            "custom_details.datazone_project_id (ModelCardBuilder.datazone_project).",
        ),
        ({}, False, None, "The card names no Amazon DataZone project"),
    ],
)
def test_a_required_datazone_project(
    details: dict[str, str], passed: bool, seen: object, reason: str
) -> None:
    card = {"additional_information": {"custom_details": details}}
    [result] = evaluate(policy("datazone_project: required"), card).rules
    assert (result.rule, result.passed, result.seen) == ("datazone_project required", passed, seen)
    assert result.reason.startswith(reason)


def test_an_optional_datazone_project_is_not_a_rule() -> None:
    report = evaluate(policy("datazone_project: optional\nrequire: [business_details]"), {})
    assert [r.rule for r in report.rules] == ["require business_details"]


# -- when -----------------------------------------------------------------------------------

WHEN_POLICY = """
require: [intended_uses.purpose_of_model]
when:
  - risk_rating: High
    require: [additional_information.ethical_considerations]
  - risk_rating: [Medium, Low]
    metrics: {auc: ">= 0.7"}
    datazone_project: required
"""


@pytest.mark.parametrize(
    ("rating", "applied", "skipped"),
    [
        (
            "High",
            ["when risk_rating=High: require additional_information.ethical_considerations"],
            2,
        ),
        (
            "Medium",
            [
                "when risk_rating in (Medium, Low): metric auc >= 0.7",
                "when risk_rating in (Medium, Low): datazone_project required",
            ],
            1,
        ),
        (
            "Low",
            [
                "when risk_rating in (Medium, Low): metric auc >= 0.7",
                "when risk_rating in (Medium, Low): datazone_project required",
            ],
            1,
        ),
        ("Unknown", [], 3),
    ],
)
def test_when_blocks_apply_at_their_risk_ratings(
    rating: str, applied: list[str], skipped: int
) -> None:
    card = {"intended_uses": {"purpose_of_model": "Score", "risk_rating": rating}}
    report = evaluate(policy(WHEN_POLICY), card)
    assert [r.rule for r in report.rules] == ["require intended_uses.purpose_of_model", *applied]
    assert len(report.not_applicable) == skipped
    assert all(r.passed and not r.applies for r in report.not_applicable)
    assert all(r.seen == rating for r in report.not_applicable)
    assert report.risk_rating == rating


def test_a_card_without_a_risk_rating_matches_no_when_block() -> None:
    report = evaluate(policy(WHEN_POLICY), {"intended_uses": {"purpose_of_model": "Score"}})
    assert report.passed
    assert report.risk_rating is None
    assert report.not_applicable[0].seen is None
    assert report.not_applicable[0].reason == (
        "Does not apply: the card has no risk rating (this rule applies at High)."
    )
    assert report.not_applicable[1].reason.endswith("(this rule applies at Medium or Low).")


def test_non_applicable_rules_never_fail_the_report() -> None:
    # GIVEN a Low card that would fail the High block's rule
    card = {"intended_uses": {"purpose_of_model": "x", "risk_rating": "Low"}}
    p = policy("when:\n  - risk_rating: High\n    require: [business_details]\n")
    report = evaluate(p, card)
    # THEN nothing applies, and an empty set of applicable rules passes
    assert report.rules == ()
    assert report.passed
    assert report.summary == "test: passed all 0 rules"


# -- input ----------------------------------------------------------------------------------


class _CardLike:
    """A stand-in with the card's ``to_content()``, as ``sm_governance.ModelCard`` has."""

    def __init__(self, content: Content) -> None:
        self._content = content

    def to_content(self) -> Content:
        return self._content


def test_an_object_with_to_content_is_read_through_it(good_card: Content) -> None:
    p = policy("require: [intended_uses.purpose_of_model]")
    assert evaluate(p, _CardLike(good_card)) == evaluate(p, good_card)  # type: ignore[arg-type]


@pytest.mark.parametrize("card", [None, "content", 42, [("a", 1)]])
def test_anything_else_is_a_type_error(card: object) -> None:
    with pytest.raises(TypeError, match="needs a ModelCard or the card's content mapping"):
        evaluate(policy("require: [business_details]"), card)  # type: ignore[arg-type]


def test_to_content_must_give_a_mapping() -> None:
    with pytest.raises(TypeError, match="not _CardLike"):
        evaluate(policy("require: [business_details]"), _CardLike("text"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "content",
    [
        {"a": float("nan")},
        {"a": float("inf")},
        {"a": object()},
        {"a": {1: "x", "b": "y"}},
    ],
)
def test_content_that_is_not_json_data_is_refused(content: Content) -> None:
    with pytest.raises(ValidationError, match="card content is invalid") as info:
        evaluate(policy("require: [business_details]"), content)
    assert info.value.problems[0].message.startswith("it is not JSON data")


def test_evaluation_does_not_change_the_card(good_card: Content, spec_policy_text: str) -> None:
    before = repr(good_card)
    evaluate(load_policy(spec_policy_text), good_card)
    assert repr(good_card) == before
