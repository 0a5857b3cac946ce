"""The card both sides of the throughput benchmark build: every section, 50 metrics.

Plain data only (standard library), so that the SageMaker SDK's interpreter can import it too.
It is a model package's card: ``model_overview`` holds only ``model_creator`` and
``model_artifact``, as SageMaker requires for a card inside a model package version.
"""

from __future__ import annotations

from typing import Any

__all__ = ["EVALUATION_METRICS", "card_spec"]

EVALUATION_METRICS = 50


def _metric(i: int) -> dict[str, Any]:
    kind = i % 10
    name = f"metric_{i:02d}"
    if kind <= 5:
        return {"name": name, "type": "number", "value": round(0.5 + i / 200, 4)}
    if kind == 6:
        return {"name": name, "type": "string", "value": f"reviewed by team {i}"}
    if kind == 7:
        return {"name": name, "type": "boolean", "value": i % 2 == 0}
    if kind == 8:
        return {
            "name": name,
            "type": "bar_chart",
            "value": [12, 9, 15],
            "x_axis_name": ["EU", "UK", "US"],
        }
    if i % 20 == 9:
        return {
            "name": name,
            "type": "linear_graph",
            "value": [[0.0, 0.0], [0.05, 0.62], [0.2, 0.88], [1.0, 1.0]],
            "x_axis_name": "false positive rate",
            "y_axis_name": "true positive rate",
        }
    return {
        "name": name,
        "type": "matrix",
        "value": [[912, 41], [37, 210]],
        "x_axis_name": ["predicted no", "predicted yes"],
        "y_axis_name": ["actual no", "actual yes"],
    }


def card_spec(metrics: int = EVALUATION_METRICS) -> dict[str, Any]:
    """The card's content as the builders and the SDK's classes take it."""
    evaluation = [_metric(i) for i in range(metrics)]
    return {
        "model_overview": {
            "model_creator": "Credit risk data science",
            "model_artifact": ["s3://example-models/credit-default/model.tar.gz"],
        },
        "intended_uses": {
            "purpose_of_model": "Estimate the probability that a retail loan defaults",
            "intended_uses": "Decision support for underwriters; never an automatic decline",
            "factors_affecting_model_efficiency": "Thin credit files, income drift",
            "risk_rating": "Medium",
            "explanations_for_risk_rating": "Affects credit decisions; a human reviews each",
        },
        "business_details": {
            "business_problem": "Reduce loan defaults without declining good applicants",
            "business_stakeholders": "Underwriting, Credit risk, Compliance",
            "line_of_business": "Retail lending",
        },
        "training_details": {
            "objective_function": {"function": {"function": "Minimize", "facet": "Loss"}},
            "training_observations": "Converged after 180 rounds",
            "training_arn": "arn:aws:sagemaker:eu-west-1:111122223333:training-job/credit-42",
            "training_datasets": ["s3://example-data/credit/train.parquet"],
            "training_metrics": [
                {"name": f"train:metric_{i}", "value": round(0.3 + i / 100, 3)} for i in range(5)
            ],
            "hyper_parameters": {f"param_{i}": str(i) for i in range(10)},
        },
        "evaluation": {
            "name": "holdout-2024-q2",
            "evaluation_observation": "Stable across regions; recall lower for thin files",
            "datasets": ["s3://example-data/credit/holdout.parquet"],
            "metrics": [
                ("quality" if m["type"] in ("number", "string", "boolean") else "charts", m)
                for m in evaluation
            ],
        },
        "additional_information": {
            "ethical_considerations": "Protected attributes are excluded from the features",
            "caveats_and_recommendations": "Retrain quarterly; monitor drift in income",
            "custom_details": {"Cost center": "RL-4410"},
        },
        "datazone_project_id": "5jdi2hjv0xq2jb",
        "datazone_domain_id": "dzd_4p9n6sw4qt9xgn",
    }
