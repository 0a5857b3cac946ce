"""Fixtures for evidence tests: a complete High-risk card and version, and a sparse one."""

from __future__ import annotations

import base64
import copy
from collections.abc import Mapping
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from sm_governance.ledger import (
    ALGORITHM,
    FORMAT,
    entry_hash,
    signing_message,
    subject_digest,
    subject_parts,
)
from sm_governance.testing import demo_card

Content = dict[str, Any]

ARN = "arn:aws:sagemaker:us-east-1:111122223333:model-package/credit-risk/3"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"
DIGEST = "sha256:" + "ab" * 32
TRAINING_JOB = "arn:aws:sagemaker:us-east-1:111122223333:training-job/credit-risk-2026-11-30"


def complete_high_risk_card() -> Content:
    """The demo card rated High, with every field Annex IV items 1-5 need."""
    card = copy.deepcopy(demo_card(3, auc=0.86, fairness=0.92, risk="High"))
    card["intended_uses"]["factors_affecting_model_efficiency"] = (
        "Accuracy drops for applicants with under a year of credit history."
    )
    card["training_details"]["objective_function"] = {
        "function": {"function": "Minimize", "facet": "Loss", "condition": "log loss"},
        "notes": "Binary cross-entropy, class-weighted.",
    }
    job = card["training_details"]["training_job_details"]
    job["training_arn"] = TRAINING_JOB
    job["training_environment"] = {"container_image": [IMAGE.replace("inference", "training")]}
    card["evaluation_details"][0]["evaluation_observation"] = (
        "Holdout of 2024 applications; AUC and fairness measured per region."
    )
    return card


def complete_description(card: Content) -> dict[str, Any]:
    """A DescribeModelPackage response for a registered version of ``card``."""
    import json

    return {
        "ModelPackageGroupName": "credit-risk",
        "ModelPackageVersion": 3,
        "ModelPackageArn": ARN,
        "ModelPackageDescription": "Credit risk model, candidate 3",
        "InferenceSpecification": {
            "Containers": [
                {
                    "Image": IMAGE,
                    "ImageDigest": DIGEST,
                    "ModelDataUrl": "s3://demo-models/credit-risk/v3/model.tar.gz",
                    "ModelDataETag": "0f2b5c9e6e1f4d5a8b7c6d5e4f3a2b1c",
                }
            ],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        "ModelMetrics": {
            "ModelQuality": {
                "Statistics": {
                    "ContentType": "application/json",
                    "S3Uri": "s3://demo-models/credit-risk/v3/quality.json",
                }
            }
        },
        "ModelPackageStatus": "Completed",
        "ModelApprovalStatus": "Approved",
        "ModelCard": {"ModelCardContent": json.dumps(card), "ModelCardStatus": "Approved"},
        "CreationTime": "2026-11-30T01:00:00+00:00",
        "CreatedBy": {
            "IamIdentity": {"Arn": "arn:aws:iam::111122223333:user/data-scientist"},
        },
    }


@pytest.fixture
def signer() -> Key:
    return Key()


@pytest.fixture
def high_card() -> Content:
    return complete_high_risk_card()


@pytest.fixture
def sparse_card() -> Content:
    return {"intended_uses": {"risk_rating": "High", "purpose_of_model": "Score loans."}}


class Key:
    """An in-memory ECDSA P-256 key signing as the ledger's KMS key does (ECDSA_SHA_256)."""

    def __init__(self) -> None:
        self.private = ec.generate_private_key(ec.SECP256R1())

    def raw(self, message: bytes) -> bytes:
        """The DER signature of ``message`` (what KMS ``Sign`` returns for a RAW message)."""
        return self.private.sign(message, ec.ECDSA(hashes.SHA256()))

    def sign(self, entry: Mapping[str, Any]) -> dict[str, str]:
        """An entry's ``signature`` object."""
        value = base64.b64encode(self.raw(signing_message(entry))).decode()
        return {"key_id": "local", "algorithm": ALGORITHM, "value": value}

    def public_key(self) -> bytes:
        """The public key, DER ``SubjectPublicKeyInfo`` (what KMS ``GetPublicKey`` returns)."""
        return self.private.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )


def decision_chain(
    signer: Key, description: dict[str, Any], decisions: tuple[str, ...] = ("Approved",)
) -> list[dict[str, Any]]:
    """Signed decision entries on ``description``'s version, as the ledger writes them."""

    entries: list[dict[str, Any]] = []
    for seq, decision in enumerate(decisions, start=1):
        entry: dict[str, Any] = {
            "format": FORMAT,
            "seq": seq,
            "kind": "decision",
            "arn": description["ModelPackageArn"],
            "group": description["ModelPackageGroupName"],
            "version": description["ModelPackageVersion"],
            "decision": decision,
            "reason": f"decision {seq}: reviewed ✓",
            "subject_digest": subject_digest(description),
            "subject_parts": subject_parts(description),
            "decider": {"arn": "arn:aws:sts::111122223333:assumed-role/officer/bob"},
            "time": f"2026-11-30T01:3{seq}:00+00:00",
            "prev": entry_hash(entries[-1]) if entries else None,
        }
        entry["signature"] = signer.sign(entry)
        entries.append(entry)
    return entries


LEDGER_KEY = Key()
"""The ledger key of :func:`signed_decision`."""


def signed_decision(description: dict[str, Any]) -> dict[str, Any]:
    """An approval of ``description``'s version, signed with :data:`LEDGER_KEY`."""
    return decision_chain(LEDGER_KEY, description)[0]
