"""Shared fixtures for the card tests: complete cards and the schemas' validators."""

from __future__ import annotations

import copy
from typing import Any

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
    ModelPackageDetailsBuilder,
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


def developer_guide_schema() -> dict[str, Any]:
    """The bundled schema with the fields the SageMaker Developer Guide's schema adds.

    Written from the Developer Guide's "Model card JSON schema" (mirrored by CloudFormation's
    ``AWS::SageMaker::ModelCard`` resource schema): ``model_overview`` gains ``model_id`` and
    ``model_name`` (maxLength 1024), ``model_version`` (number, minimum 1) and
    ``inference_environment`` (shaped like the bundled ``training_environment``); the card
    gains ``model_package_details``, whose ``source_algorithms`` and
    ``inference_specification`` are the bundled file's own (otherwise unused) definitions.
    As in the bundled file, list bounds written as ``maxContains`` are not applied by JSON
    Schema, so this schema is looser than :class:`~sm_governance.card.ModelCard`.
    """
    schema = copy.deepcopy(official_schema())
    properties = schema["properties"]
    job = properties["training_details"]["properties"]["training_job_details"]
    overview = properties["model_overview"]["properties"]
    overview["model_id"] = {"type": "string", "maxLength": 1024}
    overview["model_name"] = {"type": "string", "maxLength": 1024}
    overview["model_version"] = {"type": "number", "minimum": 1}
    overview["inference_environment"] = copy.deepcopy(job["properties"]["training_environment"])

    def text(maximum: int, minimum: int = 0) -> dict[str, Any]:
        return {
            "type": "string",
            "maxLength": maximum,
            **({"minLength": minimum} if minimum else {}),
        }

    properties["model_package_details"] = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "model_package_description": text(1024),
            "model_package_arn": text(2048, 1),
            "created_by": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"user_profile_name": text(63)},
            },
            "model_package_status": {
                "type": "string",
                "enum": ["Pending", "InProgress", "Completed", "Failed", "Deleting"],
            },
            "model_approval_status": {
                "type": "string",
                "enum": ["Approved", "Rejected", "PendingManualApproval"],
            },
            "approval_description": text(1024),
            "model_package_group_name": text(63, 1),
            "model_package_name": text(63, 1),
            "model_package_version": {"type": "number", "minimum": 1},
            "domain": {"type": "string"},
            "task": {"type": "string"},
            "source_algorithms": {"$ref": "#/definitions/source_algorithms"},
            "inference_specification": {"$ref": "#/definitions/inference_specification"},
        },
    }
    return schema


def build_standalone_card() -> ModelCard:
    """A standalone card using every field, the Developer Guide's ones included."""
    full = build_full_card()
    return (
        ModelCardBuilder(
            intended_uses=full.intended_uses,
            business_details=full.business_details,
            training_details=full.training_details,
            evaluation_details=full.evaluation_details,
            additional_information=full.additional_information,
        )
        .model_overview(
            ModelOverviewBuilder(**(full.model_overview.to_dict() if full.model_overview else {}))
            .model_id("arn:aws:sagemaker:us-east-1:123456789012:model/credit-risk-3")
            .model_name("credit-risk-3")
            .model_version(3)
            .add_container_image("123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1.7")
        )
        .model_package_details(
            ModelPackageDetailsBuilder(
                model_package_description="Credit risk XGBoost, June retrain",
                model_package_arn=PACKAGE_ARN,
                model_package_status="Completed",
                model_approval_status="Approved",
                approval_description="Fairness review passed",
                model_package_group_name="credit-risk",
                model_package_name="credit-risk",
                model_package_version=3,
                domain="Machine Learning",
                task="Classification",
            )
            .created_by_user("data-scientist-1")
            .source_algorithm("xgboost-credit", model_data_url="s3://models/credit/model.tar.gz")
            .inference_container(
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1.7",
                model_data_url="s3://models/credit/model.tar.gz",
                nearest_model_name="xgboost",
            )
        )
        .build()
    )


PACKAGE_ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/3"


@pytest.fixture
def standalone_card() -> ModelCard:
    return build_standalone_card()


@pytest.fixture(scope="session")
def developer_guide_validator() -> jsonschema.Draft7Validator:
    schema = developer_guide_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)
