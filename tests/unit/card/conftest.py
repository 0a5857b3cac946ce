"""Shared fixtures for the card tests: a complete card and the official schema's validator."""

from __future__ import annotations

import jsonschema
import pytest

from sm_governance import RiskRating
from sm_governance.card import (
    AdditionalInformationBuilder,
    BusinessDetailsBuilder,
    EvaluationDetailsBuilder,
    IntendedUsesBuilder,
    ModelCard,
    ModelCardBuilder,
    ModelOverviewBuilder,
    TrainingDetailsBuilder,
    official_schema,
)


def build_full_card() -> ModelCard:
    """A card using every section and every metric type."""
    return (
        ModelCardBuilder()
        .model_overview(
            ModelOverviewBuilder(
                model_description="Gradient-boosted trees scoring loan default risk",
                model_creator="Credit risk data science",
                model_artifact=["s3://models/credit/model.tar.gz"],
                algorithm_type="XGBoost",
                problem_type="Binary classification",
                model_owner="Retail lending",
            )
        )
        .intended_uses(
            IntendedUsesBuilder(
                purpose_of_model="Score retail loan applications",
                intended_uses="Decision support for underwriters",
                factors_affecting_model_efficiency="Data drift in applicant income",
                risk_rating=RiskRating.MEDIUM,
                explanations_for_risk_rating="Humans review every decline",
            )
        )
        .business_details(
            BusinessDetailsBuilder(
                business_problem="Reduce loan defaults",
                business_stakeholders="Underwriting, Risk",
                line_of_business="Retail lending",
            )
        )
        .training_details(
            TrainingDetailsBuilder(
                training_observations="Converged after 40 rounds",
                training_arn="arn:aws:sagemaker:us-east-1:123456789012:training-job/credit-1",
                training_datasets=["s3://data/credit/train.csv"],
                container_image=["123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1.7"],
                hyper_parameters={"max_depth": "6", "eta": "0.2"},
            )
            .objective("Minimize", facet="Loss", condition="early stop", notes="log loss")
            .training_metric("validation:logloss", 0.31, notes="best round")
            .user_provided_training_metric("fairness_score", 0.86)
            .user_provided_hyper_parameter("seed", "42")
        )
        .evaluation(
            EvaluationDetailsBuilder(
                name="holdout-2024-06",
                evaluation_observation="Stable across regions",
                evaluation_job_arn="arn:aws:sagemaker:us-east-1:123456789012:processing-job/e",
                datasets=["s3://data/credit/holdout.csv"],
                metadata={"region": "eu-west-1"},
            )
            .metric("quality", "auc", 0.91)
            .metric("quality", "p95_latency_ms", 120)
            .metric("quality", "verdict", "pass")
            .metric("quality", "bias_checked", True)
            .metric(
                "curves",
                "roc",
                [[0.0, 0.0], [0.1, 0.8], [1.0, 1.0]],
                type="linear_graph",
                x_axis_name="fpr",
                y_axis_name="tpr",
            )
            .metric("curves", "by region", [3, 5], x_axis_name=["EU", "US"], y_axis_name="n")
            .metric(
                "curves",
                "confusion",
                [[50, 2], [3, 45]],
                type="matrix",
                x_axis_name=["no", "yes"],
                y_axis_name=["no", "yes"],
                notes="threshold 0.5",
            )
        )
        .additional_information(
            AdditionalInformationBuilder(
                ethical_considerations="Protected attributes excluded",
                caveats_and_recommendations="Retrain quarterly",
            ).custom_detail("Team", "Credit risk")
        )
        .datazone_project("5jdi2hjv0xq2jb", domain_id="dzd_4p9n6sw4qt9xgn")
        .build()
    )


@pytest.fixture
def full_card() -> ModelCard:
    return build_full_card()


@pytest.fixture(scope="session")
def schema_validator() -> jsonschema.Draft7Validator:
    schema = official_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)
