"""The policy gate as a ConditionStep in a real pipeline definition (SDK v2 or v3)."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from sm_governance import ValidationError
from sm_governance.card import ModelCard
from sm_governance.pipelines import gate_conditions, model_package_card, sdk_major
from sm_governance.policy import load_policy

pytestmark = [
    pytest.mark.filterwarnings("ignore:Running within a PipelineSession:UserWarning"),
    pytest.mark.filterwarnings("ignore:The 'dependencies' parameter is deprecated"),
]

POLICY = """
policy: retail-credit
version: 1
require: [intended_uses.purpose_of_model]
metrics:
  fairness_score: ">= 0.8"
  p95_latency_ms: ["<= 500", "> 0"]
when:
  - risk_rating: High
    metrics: {fairness_score: ">= 0.9"}
"""
GROUP = "credit-risk"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/credit-risk:1"
MODEL_DATA = "s3://governed-models/credit-risk/model.tar.gz"
ROLE = "arn:aws:iam::123456789012:role/ModelRegistration"


def _register_args(session: Any, model_card: Any) -> Any:
    inference = {"content_types": ["text/csv"], "response_types": ["text/csv"]}
    if sdk_major() == 2:
        from sagemaker.model import Model

        model = Model(image_uri=IMAGE, model_data=MODEL_DATA, role=ROLE, sagemaker_session=session)
        return model.register(model_package_group_name=GROUP, model_card=model_card, **inference)
    from sagemaker.serve.model_builder import ModelBuilder

    builder = ModelBuilder(
        s3_model_data_url=MODEL_DATA,
        image_uri=IMAGE,
        role_arn=ROLE,
        sagemaker_session=session,
        instance_type="ml.m5.large",
    )
    return builder.register(model_package_group_name=GROUP, model_card=model_card, **inference)


def _evaluation_step(session: Any, report: Any) -> Any:
    """A processing step writing the evaluation report that ``report`` reads."""
    code = "s3://governed-models/code/evaluate.py"
    if sdk_major() == 2:
        from sagemaker.processing import ProcessingOutput, ScriptProcessor
        from sagemaker.workflow.steps import ProcessingStep

        output: Any = ProcessingOutput(output_name="report", source="/opt/ml/processing/report")
    else:
        from sagemaker.core.processing import ScriptProcessor
        from sagemaker.core.shapes import ProcessingOutput, ProcessingS3Output
        from sagemaker.mlops.workflow.steps import ProcessingStep

        output = ProcessingOutput(
            output_name="report",
            s3_output=ProcessingS3Output(
                s3_uri="s3://governed-models/evaluation",
                local_path="/opt/ml/processing/report",
                s3_upload_mode="EndOfJob",
            ),
        )
    processor = ScriptProcessor(
        image_uri=IMAGE,
        command=["python3"],
        role=ROLE,
        instance_count=1,
        instance_type="ml.m5.large",
        sagemaker_session=session,
    )
    return ProcessingStep(
        name="Evaluate",
        step_args=processor.run(code=code, outputs=[output]),
        property_files=[report],
    )


def test_registration_runs_only_when_every_threshold_holds(
    card: ModelCard, pipeline_session: Any, sdk: SimpleNamespace
) -> None:
    # GIVEN the policy, a metric read from the evaluation report and one given as a parameter
    policy = load_policy(POLICY)
    report = sdk.PropertyFile(name="EvaluationReport", output_name="report", path="report.json")
    fairness = sdk.JsonGet(
        step_name="Evaluate", property_file=report, json_path="metrics.fairness_score.value"
    )
    latency = sdk.ParameterFloat(name="P95LatencyMs", default_value=120.0)

    # WHEN its thresholds gate the registration step of a High-risk card
    register = sdk.ModelStep(
        name="Register", step_args=_register_args(pipeline_session, model_package_card(card))
    )
    gate = sdk.ConditionStep(
        name="PolicyGate",
        conditions=gate_conditions(
            policy,
            {"fairness_score": fairness, "p95_latency_ms": latency},
            risk_rating=card.risk_rating,
        ),
        if_steps=[register],
        else_steps=[sdk.FailStep(name="PolicyFailed", error_message="retail-credit gate")],
    )
    pipeline = sdk.Pipeline(
        name="credit-risk",
        parameters=[latency],
        steps=[_evaluation_step(pipeline_session, report), gate],
        sagemaker_session=pipeline_session,
    )

    # THEN the definition's condition step holds each threshold, the High-risk one included
    steps = {s["Name"]: s for s in json.loads(pipeline.definition())["Steps"]}
    conditions = steps["PolicyGate"]["Arguments"]["Conditions"]
    fairness_expr = {
        "Std:JsonGet": {
            "PropertyFile": {"Get": "Steps.Evaluate.PropertyFiles.EvaluationReport"},
            "Path": "metrics.fairness_score.value",
        }
    }
    latency_expr = {"Get": "Parameters.P95LatencyMs"}
    assert conditions == [
        {"Type": "GreaterThanOrEqualTo", "LeftValue": fairness_expr, "RightValue": 0.8},
        {"Type": "LessThanOrEqualTo", "LeftValue": latency_expr, "RightValue": 500},
        {"Type": "GreaterThan", "LeftValue": latency_expr, "RightValue": 0},
        {"Type": "GreaterThanOrEqualTo", "LeftValue": fairness_expr, "RightValue": 0.9},
    ]
    assert steps["PolicyGate"]["Arguments"]["IfSteps"][0]["Type"] == "RegisterModel"
    assert steps["PolicyGate"]["Arguments"]["ElseSteps"][0]["Type"] == "Fail"


def test_each_operator_maps_to_its_condition(sdk: SimpleNamespace) -> None:
    policy = load_policy(
        'policy: ops\nmetrics: {a: ">= 1", b: "<= 2", c: "> 3", d: "< 4", e: "== 5"}\n'
    )
    values = {name: sdk.ParameterFloat(name=name) for name in "abcde"}

    conditions = gate_conditions(policy, values)

    assert [type(c).__name__ for c in conditions] == [
        "ConditionGreaterThanOrEqualTo",
        "ConditionLessThanOrEqualTo",
        "ConditionGreaterThan",
        "ConditionLessThan",
        "ConditionEquals",
    ]
    assert [c.to_request()["RightValue"] for c in conditions] == [1, 2, 3, 4, 5]


def test_values_that_are_neither_numbers_nor_pipeline_variables_are_refused() -> None:
    policy = load_policy('policy: p\nmetrics: {a: ">= 1", b: "<= 2", c: "> 0"}\n')

    with pytest.raises(ValidationError) as caught:
        gate_conditions(policy, {"a": "0.9", "b": True, "c": 3})

    assert caught.value.paths == ["metrics['a']", "metrics['b']"]
    assert "not str" in caught.value.problems[0].message
