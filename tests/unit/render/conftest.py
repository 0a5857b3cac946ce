"""Cards for the rendering tests: one with every section and metric type, and a hostile one."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from sm_governance.card import ModelCard

HOSTILE = "<script>alert('x')</script>&<b>|"


def full_content() -> dict[str, Any]:
    """A valid card content with every section, field and metric type."""
    return {
        "model_overview": {
            "model_description": "Scores consumer credit applications.\nRetrained monthly.",
            "model_creator": "Credit risk team",
            "model_artifact": ["s3://models/credit/model.tar.gz"],
            "algorithm_type": "XGBoost",
            "problem_type": "Binary classification",
            "model_owner": "risk-ml@example.com",
        },
        "intended_uses": {
            "purpose_of_model": "Rank applications by default risk.",
            "intended_uses": "Pre-screening only; a person makes every decision.",
            "factors_affecting_model_efficiency": "Drift in applicant income.",
            "risk_rating": "High",
            "explanations_for_risk_rating": "Affects access to credit.",
        },
        "business_details": {
            "business_problem": "Reduce defaults.",
            "business_stakeholders": "Retail lending",
            "line_of_business": "Consumer credit",
        },
        "training_details": {
            "objective_function": {
                "function": {"function": "Minimize", "facet": "logloss", "condition": "< 0.4"},
                "notes": "Early stopping on validation.",
            },
            "training_observations": "Converged after 180 rounds.",
            "training_job_details": {
                "training_arn": "arn:aws:sagemaker:us-east-1:111122223333:training-job/credit-1",
                "training_datasets": ["s3://data/credit/train.csv"],
                "training_environment": {
                    "container_image": ["111122223333.dkr.ecr.us-east-1.amazonaws.com/xgb:1.7"]
                },
                "training_metrics": [{"name": "train:logloss", "value": 0.31}],
                "user_provided_training_metrics": [
                    {"name": "fairness_score", "value": 0.91, "notes": "Disparate impact."}
                ],
                "hyper_parameters": [{"name": "max_depth", "value": "6"}],
                "user_provided_hyper_parameters": [{"name": "seed", "value": "42"}],
            },
        },
        "evaluation_details": [
            {
                "name": "holdout-2024-06",
                "evaluation_observation": "Stable across regions.",
                "evaluation_job_arn": "arn:aws:sagemaker:us-east-1:111122223333:processing-job/e",
                "datasets": ["s3://data/credit/holdout.csv"],
                "metadata": {"region": "eu-west-1"},
                "metric_groups": [
                    {
                        "name": "quality",
                        "metric_data": [
                            {"name": "auc", "type": "number", "value": 0.912345},
                            {"name": "grade", "type": "string", "value": "A"},
                            {"name": "calibrated", "type": "boolean", "value": True},
                            {
                                "name": "confusion_matrix",
                                "type": "matrix",
                                "value": [[50, 2], [3, 45]],
                                "x_axis_name": ["predicted 0", "predicted 1"],
                                "y_axis_name": ["actual 0", "actual 1"],
                            },
                            {
                                "name": "approvals_by_region",
                                "type": "bar_chart",
                                "value": [120, 80, 45.5],
                                "x_axis_name": ["north", "south", "west"],
                                "y_axis_name": "approvals",
                                "notes": "Last quarter.",
                            },
                            {
                                "name": "roc_curve",
                                "type": "linear_graph",
                                "value": [[0, 0], [0.1, 0.7], [0.3, 0.9], [1, 1]],
                                "x_axis_name": "false positive rate",
                                "y_axis_name": "true positive rate",
                            },
                        ],
                    }
                ],
            }
        ],
        "additional_information": {
            "ethical_considerations": "Audited for disparate impact.",
            "caveats_and_recommendations": "Do not use for employment decisions.",
            "custom_details": {
                "datazone_project_id": "5jdi2hjv0xq2jb",
                "datazone_domain_id": "dzd_4p9n6sw4qt9xgn",
            },
        },
    }


def full_card() -> ModelCard:
    return ModelCard.from_content(full_content())


_STRUCTURAL = {"risk_rating", "type", "function", "datazone_project_id", "datazone_domain_id"}


def _poison(value: Any, key: str | None) -> Any:
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(v, key) for v in value]
    if isinstance(value, str) and key not in _STRUCTURAL:
        return value[:20] + HOSTILE
    return value


def hostile_content() -> dict[str, Any]:
    """The full card with ``<script>`` and other markup appended to every free-text string."""
    content: dict[str, Any] = _poison(copy.deepcopy(full_content()), None)
    # keep the string metric within its 63 characters
    metrics = content["evaluation_details"][0]["metric_groups"][0]["metric_data"]
    metrics[1]["value"] = HOSTILE
    content["additional_information"]["custom_details"][HOSTILE] = HOSTILE
    return content


def full_version() -> dict[str, Any]:
    """A registered version's facts, as a mapping."""
    return {
        "arn": "arn:aws:sagemaker:us-east-1:111122223333:model-package/credit/3",
        "group": "credit",
        "version": 3,
        "approval_status": "PendingManualApproval",
        "approval_description": None,
        "card": full_card(),
        "card_status": "PendingReview",
        "lifecycle": {"Stage": "Staging", "StageStatus": "InReview"},
        "customer_metadata": {"datazone_project_id": "5jdi2hjv0xq2jb"},
        "datazone_project_id": "5jdi2hjv0xq2jb",
        "created_by": "arn:aws:iam::111122223333:user/ds",
        "created_at": "2024-06-30T12:00:00+00:00",
    }


def policy_report() -> dict[str, Any]:
    return {
        "policy": "retail-credit",
        "passed": False,
        "rules": [
            {"rule": "fairness_score >= 0.8", "passed": True, "seen": 0.91, "reason": "ok"},
            {
                "rule": "p95_latency_ms <= 500",
                "passed": False,
                "seen": None,
                "reason": "metric not in the card",
            },
        ],
        "digest": "sha256:abc",
        "card_digest": "sha256:def",
        "policy_digest": "sha256:123",
    }


@pytest.fixture
def content() -> dict[str, Any]:
    """A valid content dict with every section, field and metric type."""
    return full_content()


@pytest.fixture
def card() -> ModelCard:
    return full_card()


@pytest.fixture
def version() -> dict[str, Any]:
    return full_version()


@pytest.fixture
def report() -> dict[str, Any]:
    return policy_report()


@pytest.fixture
def hostile() -> dict[str, Any]:
    """The full card with markup appended to every free-text string (still a valid card)."""
    return hostile_content()


@pytest.fixture
def hostile_text() -> str:
    return HOSTILE
