# ruff: noqa: E501  (the table of cases reads best one case per line)
"""One case per rule SageMaker enforces, each citing its source.

Every case also records whether the official schema file alone would have let the content
through (``schema_accepts``): those are the rules that make this model stricter than the
schema file, and the test checks that claim against the schema with ``jsonschema``.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from sm_governance import ValidationError
from sm_governance.card import ModelCard

LONG_64 = "x" * 64
LONG_256 = "x" * 256
LONG_257 = "x" * 257
LONG_1025 = "x" * 1025
LONG_2049 = "x" * 2049
LONG_2097 = "x" * 2097


def overview(**fields: Any) -> dict[str, Any]:
    return {"model_overview": fields}


def job(**fields: Any) -> dict[str, Any]:
    return {"training_details": {"training_job_details": fields}}


def evaluation(**fields: Any) -> dict[str, Any]:
    return {"evaluation_details": [{"name": "holdout", **fields}]}


def metric(**fields: Any) -> dict[str, Any]:
    return evaluation(metric_groups=[{"name": "g", "metric_data": [{"name": "m", **fields}]}])


M = "evaluation_details[0].metric_groups[0].metric_data[0]"
TJ = "training_details.training_job_details"
# Where each rule comes from (shown in each case's test id).
LEN = "schema maxLength"
ITEMS = "schema maxItems"
BOUND = "SageMaker list bound; the schema file's maxContains / items.maxItems do not apply"
PATTERN = "schema pattern, unanchored: JSON Schema semantics, ECMA-262 line terminators"
ENUM = "schema enum"
TYPE = "schema type"
REQUIRED = "schema required"
CLOSED = "unknown keys rejected, as SageMaker rejects them"
OBJECTIVE = "objective_function shape (the schema file omits its properties keyword)"
METRIC = "schema metric definition (minItems/maxItems/type)"
SHAPE = "metric value fits its declared type and shape"
DATAZONE = "Amazon DataZone ID format"

# fmt: off
CASES = [
    # -- model_overview (schema: maxLength 1024; model_artifact at most 15) ---------------------
    ("model_description", overview(model_description=LONG_1025), "model_overview.model_description", "at most 1024", False, LEN),
    ("model_creator", overview(model_creator=LONG_1025), "model_overview.model_creator", "at most 1024", False, LEN),
    ("algorithm_type", overview(algorithm_type=LONG_1025), "model_overview.algorithm_type", "at most 1024", False, LEN),
    ("model_owner", overview(model_owner=LONG_1025), "model_overview.model_owner", "at most 1024", False, LEN),
    ("model_artifact items", overview(model_artifact=["s3://a"] * 16), "model_overview.model_artifact", "at most 15", True, BOUND),
    ("model_artifact item", overview(model_artifact=[LONG_1025]), "model_overview.model_artifact[0]", "at most 1024", False, LEN),
    # -- intended_uses (schema: maxLength 2048, risk_rating enum) --------------------------------
    ("purpose_of_model", {"intended_uses": {"purpose_of_model": LONG_2049}}, "intended_uses.purpose_of_model", "at most 2048", False, LEN),
    ("intended_uses", {"intended_uses": {"intended_uses": LONG_2049}}, "intended_uses.intended_uses", "at most 2048", False, LEN),
    ("factors", {"intended_uses": {"factors_affecting_model_efficiency": LONG_2049}}, "intended_uses.factors_affecting_model_efficiency", "at most 2048", False, LEN),
    ("explanations", {"intended_uses": {"explanations_for_risk_rating": LONG_2049}}, "intended_uses.explanations_for_risk_rating", "at most 2048", False, LEN),
    ("risk_rating enum", {"intended_uses": {"risk_rating": "low"}}, "intended_uses.risk_rating", "must be one of", False, ENUM),
    # -- business_details (schema: maxLength 2048) ----------------------------------------------
    ("business_problem", {"business_details": {"business_problem": LONG_2049}}, "business_details.business_problem", "at most 2048", False, LEN),
    ("business_stakeholders", {"business_details": {"business_stakeholders": LONG_2049}}, "business_details.business_stakeholders", "at most 2048", False, LEN),
    ("line_of_business", {"business_details": {"line_of_business": LONG_2049}}, "business_details.line_of_business", "at most 2048", False, LEN),
    # -- training_details ------------------------------------------------------------------------
    # objective_function: the schema file omits "properties", so it checks nothing inside it
    ("objective direction", {"training_details": {"objective_function": {"function": {"function": "Maximise"}}}}, "training_details.objective_function.function.function", "must be one of", True, OBJECTIVE),
    ("objective facet", {"training_details": {"objective_function": {"function": {"facet": LONG_64}}}}, "training_details.objective_function.function.facet", "at most 63", True, OBJECTIVE),
    ("objective condition", {"training_details": {"objective_function": {"function": {"condition": LONG_64}}}}, "training_details.objective_function.function.condition", "at most 63", True, OBJECTIVE),
    ("objective notes", {"training_details": {"objective_function": {"notes": LONG_1025}}}, "training_details.objective_function.notes", "at most 1024", True, OBJECTIVE),
    ("objective unknown key", {"training_details": {"objective_function": {"goal": "x"}}}, "training_details.objective_function.goal", "unknown field", True, OBJECTIVE),
    ("training_observations", {"training_details": {"training_observations": LONG_1025}}, "training_details.training_observations", "at most 1024", False, LEN),
    ("training_arn", job(training_arn=LONG_1025), f"{TJ}.training_arn", "at most 1024", False, LEN),
    ("training_datasets items", job(training_datasets=["s3://d"] * 16), f"{TJ}.training_datasets", "at most 15", True, BOUND),
    ("container_image items", job(training_environment={"container_image": ["i"] * 16}), f"{TJ}.training_environment.container_image", "at most 15", True, BOUND),
    ("training_metrics items", job(training_metrics=[{"name": "m", "value": 1}] * 51), f"{TJ}.training_metrics", "at most 50", True, BOUND),
    ("user training_metrics items", job(user_provided_training_metrics=[{"name": "m", "value": 1}] * 51), f"{TJ}.user_provided_training_metrics", "at most 50", True, BOUND),
    ("hyper_parameters items", job(hyper_parameters=[{"name": "h"}] * 101), f"{TJ}.hyper_parameters", "at most 100", True, BOUND),
    ("user hyper_parameters items", job(user_provided_hyper_parameters=[{"name": "h"}] * 101), f"{TJ}.user_provided_hyper_parameters", "at most 100", True, BOUND),
    # unanchored ".{1,255}" in the schema file: SageMaker matches the whole name
    ("training metric name only a line break", job(training_metrics=[{"name": "\n", "value": 1}]), f"{TJ}.training_metrics[0].name", "line breaks", False, PATTERN),
    ("training metric empty name", job(training_metrics=[{"name": "", "value": 1}]), f"{TJ}.training_metrics[0].name", "must not be empty", False, PATTERN),
    ("training metric value type", job(training_metrics=[{"name": "m", "value": "0.9"}]), f"{TJ}.training_metrics[0].value", "must be a number", False, TYPE),
    ("training metric notes", job(training_metrics=[{"name": "m", "value": 1, "notes": LONG_1025}]), f"{TJ}.training_metrics[0].notes", "at most 1024", False, LEN),
    ("hyper-parameter name", job(hyper_parameters=[{"name": ""}]), f"{TJ}.hyper_parameters[0].name", "must not be empty", False, PATTERN),
    # ECMA-262's "." does not match U+2028; Python's re (jsonschema's) does
    ("hyper-parameter name line separator", job(hyper_parameters=[{"name": "\u2028"}]), f"{TJ}.hyper_parameters[0].name", "line breaks", True, PATTERN),
    # -- evaluation_details ----------------------------------------------------------------------
    ("evaluation name", {"evaluation_details": [{"name": "\r\n"}]}, "evaluation_details[0].name", "line breaks", True, PATTERN),
    ("evaluation name missing", {"evaluation_details": [{}]}, "evaluation_details[0].name", "is required", False, REQUIRED),
    ("evaluation_observation", evaluation(evaluation_observation=LONG_2097), "evaluation_details[0].evaluation_observation", "at most 2096", False, LEN),
    ("evaluation_job_arn", evaluation(evaluation_job_arn=LONG_257), "evaluation_details[0].evaluation_job_arn", "at most 256", False, LEN),
    ("evaluation datasets items", evaluation(datasets=["s3://d"] * 11), "evaluation_details[0].datasets", "at most 10", False, ITEMS),
    ("evaluation dataset item", evaluation(datasets=[LONG_1025]), "evaluation_details[0].datasets[0]", "at most 1024", False, LEN),
    ("evaluation metadata value", evaluation(metadata={"k": LONG_1025}), "evaluation_details[0].metadata.k", "at most 1024", False, LEN),
    ("metric group name", evaluation(metric_groups=[{"name": "", "metric_data": []}]), "evaluation_details[0].metric_groups[0].name", "must not be empty", False, PATTERN),
    ("metric group unknown key", evaluation(metric_groups=[{"name": "g", "metric_data": [], "x": 1}]), "evaluation_details[0].metric_groups[0].x", "unknown field", True, CLOSED),
    ("metric group needs metric_data", evaluation(metric_groups=[{"name": "g"}]), "evaluation_details[0].metric_groups[0].metric_data", "is required", False, REQUIRED),
    ("metric name", metric(type="number", value=1, name="\n\n"), f"{M}.name", "line breaks", False, PATTERN),
    ("metric notes", metric(type="number", value=1, notes=LONG_1025), f"{M}.notes", "at most 1024", False, LEN),
    ("metric type", metric(type="histogram", value=1), f"{M}.type", "must be one of", False, ENUM),
    ("metric type missing", metric(value=1), f"{M}.type", "is required", False, REQUIRED),
    # metric values must fit their declared type (the schema's anyOf lets any scalar through)
    ("number metric holds a string", metric(type="number", value="0.9"), f"{M}.value", "must be a number", True, SHAPE),
    ("number metric holds a boolean", metric(type="number", value=True), f"{M}.value", "must be a number", True, SHAPE),
    ("string metric holds a number", metric(type="string", value=1), f"{M}.value", "must be a string", True, SHAPE),
    ("string metric length", metric(type="string", value=LONG_64), f"{M}.value", "at most 63", False, LEN),
    ("boolean metric holds a number", metric(type="boolean", value=1), f"{M}.value", "true or false", True, SHAPE),
    ("axis name length", metric(type="number", value=1, x_axis_name=LONG_64), f"{M}.x_axis_name", "at most 63", False, LEN),
    ("linear graph point", metric(type="linear_graph", value=[[1, 2, 3]]), f"{M}.value[0]", "[x, y] pair", False, METRIC),
    ("linear graph empty", metric(type="linear_graph", value=[]), f"{M}.value", "at least 1", False, METRIC),
    ("linear graph scalar", metric(type="linear_graph", value=1), f"{M}.value", "must be a list", False, METRIC),
    ("bar chart empty", metric(type="bar_chart", value=[]), f"{M}.value", "at least 1", False, METRIC),
    ("bar chart x axis is a list", metric(type="bar_chart", value=[1], x_axis_name="a"), f"{M}.x_axis_name", "must be a list", False, METRIC),
    ("matrix rows", metric(type="matrix", value=[[1]] * 21), f"{M}.value", "at most 20", False, METRIC),
    ("matrix columns", metric(type="matrix", value=[[1] * 21]), f"{M}.value[0]", "at most 20", False, METRIC),
    ("matrix empty row", metric(type="matrix", value=[[]]), f"{M}.value[0]", "at least 1", False, METRIC),
    # -- additional_information ------------------------------------------------------------------
    ("ethical_considerations", {"additional_information": {"ethical_considerations": LONG_2049}}, "additional_information.ethical_considerations", "at most 2048", False, LEN),
    ("caveats", {"additional_information": {"caveats_and_recommendations": LONG_2049}}, "additional_information.caveats_and_recommendations", "at most 2048", False, LEN),
    ("custom value length", {"additional_information": {"custom_details": {"k": LONG_1025}}}, "additional_information.custom_details.k", "at most 1024", False, LEN),
    ("custom value type", {"additional_information": {"custom_details": {"k": 1}}}, "additional_information.custom_details.k", "must be a string", False, TYPE),
    ("datazone project id", {"additional_information": {"custom_details": {"datazone_project_id": "has space"}}}, "additional_information.custom_details.datazone_project_id", "DataZone project ID", True, DATAZONE),
    ("datazone domain id", {"additional_information": {"custom_details": {"datazone_domain_id": "abc"}}}, "additional_information.custom_details.datazone_domain_id", "DataZone domain ID", True, DATAZONE),
]
# fmt: on


@pytest.mark.parametrize(
    ("content", "path", "fragment", "schema_accepts"),
    [pytest.param(*case[1:5], id=f"{case[0]} [{case[5]}]") for case in CASES],
)
def test_each_sagemaker_limit_is_enforced(
    content: dict[str, Any],
    path: str,
    fragment: str,
    schema_accepts: bool,
    schema_validator: jsonschema.Draft7Validator,
) -> None:
    # WHEN content breaking one rule is parsed THEN that rule is reported at its path
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content(content)
    assert caught.value.paths == [path]
    assert fragment in caught.value.problems[0].message
    # AND the schema file alone lets it through exactly when the rule is stricter than it
    assert schema_validator.is_valid(content) is schema_accepts


@pytest.mark.parametrize(
    ("content", "path"),
    [
        (overview(model_artifact=["s3://a"] * 15), "model_artifact"),
        (job(training_metrics=[{"name": "m" * 255, "value": 1}] * 50), "training_metrics"),
        (job(hyper_parameters=[{"name": "h", "value": "v" * 255}] * 100), "hyper_parameters"),
        (metric(type="matrix", value=[[1] * 20] * 20, x_axis_name=["c"] * 20), "matrix"),
        # what the SageMaker Python SDK's multiclass parser sends for a confusion matrix with
        # an empty cell: ragged rows, three column labels, two row labels (the schema allows it)
        (
            metric(
                type="matrix",
                value=[[90, 8, 2], [5, 92, 3], [1, 99]],
                x_axis_name=["cat", "dog", "bird"],
                y_axis_name=["dog", "bird"],
            ),
            "ragged matrix",
        ),
        (metric(type="bar_chart", value=[1, 2], x_axis_name=["a"]), "fewer bar labels"),
        (evaluation(datasets=["s3://d"] * 10, evaluation_observation="o" * 2096), "datasets"),
        ({"evaluation_details": [{"name": "n" * 63}]}, "name"),
        (metric(type="string", value="s" * 63), "string"),
        (metric(type="linear_graph", value=[[0, 0]]), "single point"),
        ({"additional_information": {"custom_details": {"k" * 1024: "v" * 1024}}}, "custom"),
        # JSON Schema patterns are unanchored: a name only needs one character that is not a
        # line break. The SageMaker Python SDK's Clarify parser makes 64-character group
        # names, and its integration test stores them in SageMaker.
        (
            evaluation(
                metric_groups=[
                    {
                        "name": "post_training_bias_metrics - label Target = 1 and facet Gender=0",
                        "metric_data": [{"name": "DPPL", "type": "number", "value": 0.1}],
                    }
                ]
            ),
            "64-character group name",
        ),
        ({"evaluation_details": [{"name": "n" * 300}]}, "long evaluation name"),
        (job(training_metrics=[{"name": "m" * 256, "value": 1}]), "long metric name"),
        (job(hyper_parameters=[{"name": "a\nb", "value": "v\n" * 200}]), "line breaks inside"),
        (job(hyper_parameters=[{"name": "h", "value": ""}]), "empty value"),
        ({"additional_information": {"custom_details": {"": "v", "k" * 2000: "v"}}}, "free keys"),
    ],
)
def test_values_at_the_limits_are_accepted(
    content: dict[str, Any], path: str, schema_validator: jsonschema.Draft7Validator
) -> None:
    card = ModelCard.from_content(content)
    assert card.to_content() == content, path
    assert schema_validator.is_valid(content)


def test_every_problem_is_listed_not_only_the_first() -> None:
    # GIVEN content breaking rules in four sections and three metrics
    content = {
        **overview(model_creator=LONG_1025),
        "intended_uses": {"risk_rating": "Severe"},
        **job(hyper_parameters=[{"name": ""}]),
        "evaluation_details": [
            {
                "name": "holdout",
                "metric_groups": [
                    {"name": "g0", "metric_data": []},
                    {
                        "name": "g1",
                        "metric_data": [
                            {"name": "a", "type": "number", "value": 1},
                            {"name": "b", "type": "number", "value": 2},
                            {"name": "c", "type": "number", "value": 3},
                            {"name": "d", "type": "matrix", "value": [[1], [2, "3"]]},
                            {"name": "e", "type": "boolean", "value": "yes"},
                        ],
                    },
                ],
            }
        ],
    }
    # WHEN parsed THEN one error lists each problem at its own path
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content(content)
    assert caught.value.paths == [
        "model_overview.model_creator",
        "intended_uses.risk_rating",
        f"{TJ}.hyper_parameters[0].name",
        "evaluation_details[0].metric_groups[1].metric_data[3].value[1][1]",
        "evaluation_details[0].metric_groups[1].metric_data[4].value",
    ]
    assert "5 problems" in str(caught.value)


def test_messages_never_repeat_the_content() -> None:
    secret = "applicant-ssn-123-45-6789"
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content(
            {
                "intended_uses": {"risk_rating": secret},
                "business_details": {"business_problem": secret * 100},
                **metric(type="number", value=secret),
            }
        )
    assert secret not in str(caught.value)
