"""An approved High-risk version under the local SageMaker, with a locked ledger and a key."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import pytest

from sm_governance.approval import ApprovalDesk
from sm_governance.card import ModelCard
from sm_governance.registry import ModelRegistry
from sm_governance.testing import People, demo_card

GROUP = "credit-risk"
PROJECT = "c4x7p2demo9prj"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"
BUCKET = "smgov-evidence-ledger"


def high_risk_card() -> dict[str, Any]:
    """The demo card rated High, with every card field Annex IV items 1-5 need."""
    card = copy.deepcopy(demo_card(1, auc=0.86, fairness=0.92, risk="High"))
    card["intended_uses"]["factors_affecting_model_efficiency"] = "Thin credit files."
    card["training_details"]["objective_function"] = {"notes": "Class-weighted log loss."}
    job = card["training_details"]["training_job_details"]
    job["training_environment"] = {"container_image": [IMAGE]}
    card["evaluation_details"][0]["evaluation_observation"] = "Holdout of 2024 applications."
    return card


@dataclass(frozen=True)
class Approved:
    """A version the officer approved with the ledger, and the desks around it."""

    arn: str
    officer: ApprovalDesk
    registrant: ApprovalDesk
    public_key: bytes


@pytest.fixture
def approved(two_people: People) -> Approved:
    # GIVEN a ledger bucket with Object Lock and an ECC signing key
    officer_session = two_people.officer.session
    officer_session.client("s3").create_bucket(Bucket=BUCKET, ObjectLockEnabledForBucket=True)
    kms = officer_session.client("kms")
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    ledger = f"s3://{BUCKET}/decisions"
    # AND a High-risk version registered by one person
    registry = ModelRegistry(session=two_people.registrant.session)
    registry.ensure_group(GROUP, datazone_project_id=PROJECT)
    arn = registry.register(
        GROUP,
        ModelCard.from_content(high_risk_card()),
        image_uri=IMAGE,
        model_data_url="s3://models/credit-risk/model.tar.gz",
    ).arn
    # WHEN another person approves it with the ledger
    officer = ApprovalDesk(session=officer_session, ledger=ledger, signing_key=key)
    officer.approve(arn, reason="Annex IV documentation complete", policy="eu-ai-act-high-risk")
    registrant = ApprovalDesk(session=two_people.registrant.session, ledger=ledger)
    public_key = bytes(kms.get_public_key(KeyId=key)["PublicKey"])
    return Approved(arn, officer, registrant, public_key)
