"""The section models: schema fields, enums as strings, unknown keys, errors as ours."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

from sm_governance import RiskRating, ValidationError
from sm_governance.card import (
    AdditionalInformation,
    BarChartMetric,
    BooleanMetric,
    BusinessDetails,
    EvaluationJob,
    Function,
    IntendedUses,
    LinearGraphMetric,
    MatrixMetric,
    MetricGroup,
    ModelCard,
    ModelOverview,
    NumberMetric,
    ObjectiveDirection,
    ObjectiveFunction,
    StringMetric,
    TrainingDetails,
    TrainingMetric,
)


def test_enums_accept_their_plain_string_values() -> None:
    assert IntendedUses(risk_rating="High").risk_rating is RiskRating.HIGH
    assert IntendedUses(risk_rating=RiskRating.LOW).risk_rating is RiskRating.LOW
    assert Function(function="Maximize").function is ObjectiveDirection.MAXIMIZE
    assert str(ObjectiveDirection.MINIMIZE) == "Minimize"


def test_unknown_keys_are_errors_that_name_the_key() -> None:
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content({"intended_uses": {"risk": "Low"}, "extra_section": {}})
    assert caught.value.paths == ["intended_uses.risk", "extra_section"]
    assert "unknown field 'risk'" in caught.value.problems[0].message


def test_direct_construction_raises_only_our_validation_error() -> None:
    # GIVEN a section built by hand with a wrong type
    # WHEN it is constructed THEN the error is ours, not pydantic's
    with pytest.raises(ValidationError) as caught:
        BusinessDetails(business_problem=42)
    assert not isinstance(caught.value, pydantic.ValidationError)
    assert caught.value.paths == ["business_problem"]
    assert caught.value.problems[0].message == "must be a string"
    assert caught.value.subject == "BusinessDetails"


def test_model_validate_raises_only_our_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        ModelOverview.model_validate({"model_artifact": "s3://not-a-list"})
    assert caught.value.paths == ["model_artifact"]
    assert caught.value.problems[0].message == "must be a list"


def test_models_are_immutable() -> None:
    card = ModelCard(business_details=BusinessDetails(line_of_business="Retail"))
    with pytest.raises(pydantic.ValidationError):
        card.business_details = None  # type: ignore[misc]


def test_strings_are_not_coerced_from_other_types() -> None:
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content(
            {
                "model_overview": {"model_creator": b"bytes", "problem_type": 3},
                "evaluation_details": [{"name": "e", "datasets": [1]}],
            }
        )
    assert caught.value.paths == [
        "model_overview.model_creator",
        "model_overview.problem_type",
        "evaluation_details[0].datasets[0]",
    ]


@pytest.mark.parametrize(
    ("metric", "kind"),
    [
        (NumberMetric(name="auc", value=0.9), "number"),
        (StringMetric(name="verdict", value="pass"), "string"),
        (BooleanMetric(name="checked", value=False), "boolean"),
        (LinearGraphMetric(name="roc", value=[[0, 0], [1, 1]]), "linear_graph"),
        (BarChartMetric(name="bars", value=[1, 2.5]), "bar_chart"),
        (MatrixMetric(name="cm", value=[[1]]), "matrix"),
    ],
)
def test_each_metric_type_is_chosen_by_its_type_key(metric: Any, kind: str) -> None:
    job = EvaluationJob(name="e", metric_groups=[MetricGroup(name="g", metric_data=[metric])])
    card = ModelCard.from_content({"evaluation_details": [job.to_dict()]})
    parsed = card.evaluation_details[0].metric_groups[0].metric_data[0]  # type: ignore[index]
    assert parsed.type == kind
    assert type(parsed) is type(metric)


def test_numbers_keep_their_json_type() -> None:
    # GIVEN 1 and 1.0 WHEN serialised THEN they stay an integer and a float
    card = ModelCard.from_content_json(
        '{"training_details":{"training_job_details":{"training_metrics":'
        '[{"name":"a","value":1},{"name":"b","value":1.0},{"name":"c","value":-2.5e-07}]}}}'
    )
    assert '"value":1}' in card.to_content_json()
    assert '"value":1.0}' in card.to_content_json()
    assert '"value":-2.5e-07}' in card.to_content_json()


def test_objective_function_nests_a_function_and_notes() -> None:
    details = TrainingDetails(
        objective_function=ObjectiveFunction(
            function=Function(function="Minimize", facet="Loss", condition="c"), notes="n"
        )
    )
    assert details.to_dict() == {
        "objective_function": {
            "function": {"function": "Minimize", "facet": "Loss", "condition": "c"},
            "notes": "n",
        }
    }


def test_training_metric_requires_name_and_value() -> None:
    with pytest.raises(ValidationError) as caught:
        TrainingMetric.model_validate({})
    assert caught.value.paths == ["name", "value"]
    assert {p.message for p in caught.value.problems} == {"is required"}


def test_custom_details_are_kept_sorted_by_key() -> None:
    info = AdditionalInformation(custom_details={"b": "2", "a": "1", "C": "3"})
    assert list(info.custom_details or {}) == ["C", "a", "b"]


def test_risk_rating_convenience() -> None:
    assert ModelCard().risk_rating is None
    assert ModelCard(intended_uses=IntendedUses()).risk_rating is None
    assert ModelCard(intended_uses=IntendedUses(risk_rating="Unknown")).risk_rating == "Unknown"


def test_python_floats_must_be_finite() -> None:
    with pytest.raises(ValidationError) as caught:
        TrainingMetric(name="m", value=float("nan"))
    assert caught.value.paths == ["value"]
    assert "finite" in caught.value.problems[0].message


def test_free_form_keys_must_be_strings() -> None:
    with pytest.raises(ValidationError) as caught:
        AdditionalInformation.model_validate({"custom_details": {1: "v"}})
    assert caught.value.paths == ["custom_details[1]"]
    assert caught.value.problems[0].message == "key must be a string"


def test_datazone_ids_are_checked_alongside_other_custom_details() -> None:
    # GIVEN custom details with a bad DataZone project ID, an empty key and a number value
    details = {"datazone_project_id": "not valid!", "": "v", "n": 3}
    # WHEN validated THEN both bad values are reported (the schema bounds no key)
    with pytest.raises(ValidationError) as caught:
        AdditionalInformation.model_validate({"custom_details": details})
    assert caught.value.paths == ["custom_details.datazone_project_id", "custom_details.n"]


def test_custom_details_must_be_an_object() -> None:
    with pytest.raises(ValidationError) as caught:
        AdditionalInformation.model_validate({"custom_details": ["datazone_project_id"]})
    assert caught.value.paths == ["custom_details"]
    assert caught.value.problems[0].message == "must be an object"


def test_model_validate_json_raises_only_our_validation_error() -> None:
    assert IntendedUses.model_validate_json('{"risk_rating":"Low"}').risk_rating == "Low"
    with pytest.raises(ValidationError) as caught:
        IntendedUses.model_validate_json('{"risk_rating":"Lowest"}')
    assert caught.value.paths == ["risk_rating"]


def test_model_copy_with_an_update_is_validated() -> None:
    card = ModelCard(intended_uses=IntendedUses(risk_rating="Low"))
    assert card.model_copy() == card
    updated = card.model_copy(update={"business_details": {"line_of_business": "Retail"}})
    assert updated.business_details == BusinessDetails(line_of_business="Retail")
    assert updated.intended_uses == card.intended_uses
    with pytest.raises(ValidationError) as caught:
        card.model_copy(update={"intended_uses": {"risk_rating": "Extreme"}})
    assert caught.value.paths == ["intended_uses.risk_rating"]


def test_nested_sections_are_validated_once_not_through_init(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN a counter on a section's __init__ (which only translates errors)
    calls: list[dict[str, object]] = []
    original = IntendedUses.__init__

    def counting(self: IntendedUses, /, **data: object) -> None:
        calls.append(data)
        original(self, **data)

    monkeypatch.setattr(IntendedUses, "__init__", counting)
    # WHEN a whole card is parsed THEN pydantic validates the section directly
    ModelCard.from_content({"intended_uses": {"purpose_of_model": "Score loans"}})
    assert calls == []
    # AND constructing the section by hand still goes through __init__ (and its errors)
    IntendedUses(purpose_of_model="Score loans")
    assert calls == [{"purpose_of_model": "Score loans"}]
