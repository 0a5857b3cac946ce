"""Demo data for the sandbox: one group bound to a DataZone project, versions in every state.

Everything is created through plain SageMaker calls, so the seed passes the same rules as any
other client. Card contents are plain dicts valid for the model-package card schema.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sm_governance.testing._identity import two_people

if TYPE_CHECKING:
    import boto3

    from sm_governance.testing._identity import People

__all__ = [
    "DEMO_DOMAIN_ID",
    "DEMO_GROUP",
    "DEMO_PROJECT_ID",
    "SeededDemo",
    "demo_card",
    "seed_demo",
]

DEMO_GROUP = "demo-credit-risk"
DEMO_PROJECT_ID = "c4x7p2demo9prj"
DEMO_DOMAIN_ID = "dzd_5gdemo7dom2xk"

_IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"


@dataclass(frozen=True)
class SeededDemo:
    """What :func:`seed_demo` created."""

    group: str
    versions: dict[str, str]
    """Approval status -> model package ARN."""
    registrant_arn: str
    officer_arn: str


def demo_card(version: int, *, auc: float, fairness: float, risk: str = "Medium") -> dict[str, Any]:
    """A model-package card content for a version of the demo credit risk model."""
    return {
        "model_overview": {
            "model_creator": "Retail credit data science team",
            "model_artifact": [f"s3://demo-models/credit-risk/v{version}/model.tar.gz"],
        },
        "intended_uses": {
            "purpose_of_model": "Score retail loan applications for default risk.",
            "intended_uses": "Decision support for credit officers; never the sole decision.",
            "risk_rating": risk,
            "explanations_for_risk_rating": "Affects access to credit for individuals.",
        },
        "business_details": {
            "business_problem": "Reduce loan defaults without excluding good applicants.",
            "business_stakeholders": "Retail credit risk, compliance",
            "line_of_business": "Retail lending",
        },
        "training_details": {
            "training_observations": "Trained on 2019-2024 applications, stratified by region.",
            "training_job_details": {
                "training_datasets": [f"s3://demo-data/credit-risk/train/v{version}/"],
                "training_metrics": [{"name": "train_auc", "value": round(auc + 0.02, 3)}],
            },
        },
        "evaluation_details": [
            {
                "name": f"holdout-v{version}",
                "datasets": ["s3://demo-data/credit-risk/holdout/"],
                "metric_groups": [
                    {
                        "name": "quality",
                        "metric_data": [
                            {"name": "auc", "type": "number", "value": auc},
                            {"name": "fairness_score", "type": "number", "value": fairness},
                            {"name": "p95_latency_ms", "type": "number", "value": 120},
                        ],
                    }
                ],
            }
        ],
        "additional_information": {
            "ethical_considerations": "Protected attributes are excluded; proxies were reviewed.",
            "caveats_and_recommendations": "Retrain when the approval rate drifts by 5 points.",
            "custom_details": {
                "datazone_project_id": DEMO_PROJECT_ID,
                "datazone_domain_id": DEMO_DOMAIN_ID,
            },
        },
    }


def _register(sm: Any, version: int, content: dict[str, Any], card_status: str) -> str:
    response = sm.create_model_package(
        ModelPackageGroupName=DEMO_GROUP,
        ModelPackageDescription=f"Credit risk model, candidate {version}",
        InferenceSpecification={
            "Containers": [
                {
                    "Image": _IMAGE,
                    "ModelDataUrl": f"s3://demo-models/credit-risk/v{version}/model.tar.gz",
                }
            ],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        ModelApprovalStatus="PendingManualApproval",
        ModelCard={
            "ModelCardContent": json.dumps(content, separators=(",", ":")),
            "ModelCardStatus": card_status,
        },
        CustomerMetadataProperties={
            "datazone_project_id": DEMO_PROJECT_ID,
            "datazone_domain_id": DEMO_DOMAIN_ID,
        },
        ModelLifeCycle={"Stage": "Development", "StageStatus": "InReview"},
        ClientToken=f"demo-credit-risk-v{version}",
    )
    return str(response["ModelPackageArn"])


def seed_demo(
    session: boto3.Session, *, endpoint_url: str | None = None, people: People | None = None
) -> SeededDemo:
    """Create the demo group and three versions: approved, rejected and pending review.

    Args:
        session: a session with credentials for the local SageMaker.
        endpoint_url: the sandbox server's URL, when not under ``mock_governance``.
        people: who registers and who decides; two new IAM users when omitted.
    """
    if people is None:
        people = two_people(session=session, endpoint_url=endpoint_url)
    sm = people.registrant.client("sagemaker")
    sm.create_model_package_group(
        ModelPackageGroupName=DEMO_GROUP,
        ModelPackageGroupDescription="Retail credit default risk models",
        Tags=[
            {"Key": "datazone_project_id", "Value": DEMO_PROJECT_ID},
            {"Key": "datazone_domain_id", "Value": DEMO_DOMAIN_ID},
        ],
    )
    approved = _register(sm, 1, demo_card(1, auc=0.86, fairness=0.91, risk="Medium"), "Approved")
    rejected = _register(sm, 2, demo_card(2, auc=0.88, fairness=0.72, risk="High"), "Draft")
    pending = _register(
        sm, 3, demo_card(3, auc=0.89, fairness=0.93, risk="Medium"), "PendingReview"
    )
    officer = people.officer.client("sagemaker")
    officer.update_model_package(
        ModelPackageArn=approved,
        ModelApprovalStatus="Approved",
        ApprovalDescription="Meets the retail-credit policy; fairness 0.91.",
        ModelLifeCycle={"Stage": "Production", "StageStatus": "Approved"},
    )
    officer.update_model_package(
        ModelPackageArn=rejected,
        ModelApprovalStatus="Rejected",
        ApprovalDescription="Fairness score 0.72 is below the 0.8 threshold.",
        ModelLifeCycle={"Stage": "Development", "StageStatus": "Rejected"},
    )
    return SeededDemo(
        group=DEMO_GROUP,
        versions={"Approved": approved, "Rejected": rejected, "PendingManualApproval": pending},
        registrant_arn=people.registrant.arn,
        officer_arn=people.officer.arn,
    )
