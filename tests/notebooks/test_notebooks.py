"""The notebooks of ``notebooks/``, executed top to bottom against the local SageMaker.

Each notebook runs in a real Jupyter kernel, pointed by its environment at a loopback
sandbox started for that one test; the test then reads the outputs and asks the sandbox
what the notebook left behind. ``02_pipeline_register_model.ipynb`` needs SageMaker SDK v2
and runs in ``tests/pipelines`` (``make test-pipelines-v2``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("nbclient", reason="needs nbclient and ipykernel (the dev extra)")

from tests.notebooks.runner import output_text, run_notebook

from sm_governance.testing import SandboxServer

pytestmark = pytest.mark.server

PROJECT = "5jdi2hjv0xq2jb"
DOMAIN = "dzd_4p9n6sw4qt9xgn"


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(port=0) as server:
        yield server


def test_author_and_register(sandbox: SandboxServer, tmp_path: Path) -> None:
    # GIVEN an empty local SageMaker
    # WHEN the data scientist's notebook runs top to bottom
    notebook = run_notebook("01_author_and_register.ipynb", tmp_path, sandbox.environment())

    # THEN it showed the preview, the problems of a bad card and the version read back
    text = output_text(notebook)
    assert "# Model card" in text
    assert "intended_uses.risk_rating" in text
    assert f"DataZone project: {PROJECT}" in text
    assert "Card read back unchanged: True" in text
    assert "Card status: PendingReview" in text

    # AND the registry holds the group bound to the project and the version with its card
    sm = sandbox.client("sagemaker")
    group = sm.describe_model_package_group(ModelPackageGroupName="customer-churn")
    tags = sm.list_tags(ResourceArn=group["ModelPackageGroupArn"])["Tags"]
    assert {"Key": "datazone_project_id", "Value": PROJECT} in tags
    (summary,) = sm.list_model_packages(ModelPackageGroupName="customer-churn")[
        "ModelPackageSummaryList"
    ]
    version = sm.describe_model_package(ModelPackageName=summary["ModelPackageArn"])
    assert version["ModelApprovalStatus"] == "PendingManualApproval"
    assert version["ModelCard"]["ModelCardStatus"] == "PendingReview"
    content: dict[str, Any] = json.loads(version["ModelCard"]["ModelCardContent"])
    assert content["additional_information"]["custom_details"]["datazone_project_id"] == PROJECT
    assert content["intended_uses"]["risk_rating"] == "Medium"
    assert version["CustomerMetadataProperties"]["datazone_project_id"] == PROJECT


def test_author_and_register_with_nothing_running(tmp_path: Path) -> None:
    # GIVEN no endpoint and no AWS configuration at all
    # WHEN the notebook runs
    notebook = run_notebook("01_author_and_register.ipynb", tmp_path, {})

    # THEN its first cell started the local SageMaker itself, quietly, and the rest worked
    text = output_text(notebook)
    assert "AWS calls go to http://127.0.0.1:" in text
    assert "Card read back unchanged: True" in text
    assert "HTTP/1.1" not in text  # no request log in the notebook


def test_officer_review(sandbox: SandboxServer, tmp_path: Path) -> None:
    # GIVEN an empty local SageMaker
    # WHEN the officer's notebook runs: two users, two versions, a review of each
    notebook = run_notebook("03_officer_review.ipynb", tmp_path, sandbox.environment())

    # THEN the notebook showed the gate, the refused self-approval and the refused gate
    text = output_text(notebook)
    assert "Gate passed: True" in text
    assert "Refused: self-approval refused" in text
    assert "Gate passed: False" in text
    assert "which does not meet >= 0.8" in text

    # AND the decisions landed, made by the officer on versions the data scientist registered
    sm = sandbox.client("sagemaker")
    arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/customer-churn/{}"
    approved = sm.describe_model_package(ModelPackageName=arn.format(1))
    rejected = sm.describe_model_package(ModelPackageName=arn.format(2))
    officer = "arn:aws:iam::123456789012:user/governance-officer"
    scientist = "arn:aws:iam::123456789012:user/data-scientist"
    assert approved["ModelApprovalStatus"] == "Approved"
    assert rejected["ModelApprovalStatus"] == "Rejected"
    for version in (approved, rejected):
        assert version["CreatedBy"]["IamIdentity"]["Arn"] == scientist
        assert version["LastModifiedBy"]["IamIdentity"]["Arn"] == officer
        assert officer in version["ApprovalDescription"]
    assert "Meets customer-churn v1" in approved["ApprovalDescription"]
    assert "Fairness score 0.72 is below 0.8" in rejected["ApprovalDescription"]


def test_mlflow_run_to_card(tmp_path: Path) -> None:
    pytest.importorskip("mlflow", reason="needs the mlflow extra")
    pytest.importorskip("sqlalchemy", reason="needs MLflow's SQL tracking store")

    # GIVEN nothing but MLflow (the notebook makes no AWS call)
    # WHEN the notebook logs a run and turns it into a card
    notebook = run_notebook("04_mlflow_run_to_card.ipynb", tmp_path, {})

    # THEN the draft holds the run's facts and the rendered card the author's additions
    text = output_text(notebook)
    assert '"name": "eval_fairness_score"' in text
    assert '"mlflow_run_name": "xgb-2026-11"' in text
    logged, completed = [line for line in text.splitlines() if line.startswith("Run: ")]
    run_id = logged.removeprefix("Run: ")
    assert completed == f"Run: {run_id} | DataZone project: {PROJECT}"
    assert f"| mlflow_run_id | {run_id} |" in text
    assert "| train_auc | 0.94 |" in text
    assert "| Risk rating | Medium |" in text
    assert "Retention campaigns in the EU" in text  # from governance_notes.json
