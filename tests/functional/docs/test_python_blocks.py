"""Every ```python block of README.md and docs/*.md runs as written, on the local SageMaker.

The blocks of one file run in order in one namespace, as a reader's session would, in a
working directory holding the files they read. A block that cannot run offline is preceded by
``<!-- not run: REASON -->``; the reason is required. A block preceded by
``<!-- SageMaker SDK vN: run by tests/pipelines/test_doc_blocks.py -->`` needs that SDK and
runs there, in the SDK's environment (tests/functional/docs/blocks.py reads the markers).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from tests.functional.docs.blocks import DOCUMENTS, ROOT, SDK_TEST, Block, blocks, run
from tests.pipelines.test_doc_blocks import BLOCKS as SDK_BLOCKS

from sm_governance import ApprovalStatus
from sm_governance.testing import mock_governance, two_people

REPORTS = ROOT / "tests" / "unit" / "sources" / "reports"

# the README's policy file, as a governance officer would keep it
RETAIL_CREDIT = """\
policy: retail-credit
version: 1
require: [intended_uses.purpose_of_model, intended_uses.risk_rating]
datazone_project: required
"""


def _mlflow_run(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A training run logged to ./mlflow.db with MLflow's own API, as a notebook would."""
    pytest.importorskip("mlflow", reason="needs the mlflow extra")
    import mlflow

    monkeypatch.setenv("MLFLOW_TRACKING_URI", "sqlite:///mlflow.db")
    experiment = mlflow.create_experiment("churn", artifact_location=(workdir / "art").as_uri())
    with mlflow.start_run(experiment_id=experiment, run_name="xgb"):
        mlflow.log_params({"max_depth": 6, "eta": 0.3})
        mlflow.log_metrics({"train_logloss": 0.31, "eval_auc": 0.91})


def _training_job(name: str) -> None:
    boto3.client("sagemaker", region_name="us-east-1").create_training_job(
        TrainingJobName=name,
        AlgorithmSpecification={
            "TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
            "TrainingInputMode": "File",
        },
        HyperParameters={"max_depth": "6"},
        RoleArn="arn:aws:iam::123456789012:role/training",
        OutputDataConfig={"S3OutputPath": "s3://models/credit"},
        ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
    )


def _act_as(monkeypatch: pytest.MonkeyPatch, session: boto3.Session) -> None:
    """Switch the process's default credentials to another person's, as a profile would."""
    found = session.get_credentials()
    assert found is not None
    credentials = found.get_frozen_credentials()
    assert credentials.access_key
    assert credentials.secret_key
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials.secret_key)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, aws_credentials: Any) -> Path:
    """An empty working directory with the files the documents read."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "retail-credit.yaml").write_text(RETAIL_CREDIT, encoding="utf-8")
    shutil.copyfile(REPORTS / "model_quality_binary.json", tmp_path / "statistics.json")
    return tmp_path


def test_every_block_is_found_and_every_marker_gives_a_reason() -> None:
    everything = [b for document in DOCUMENTS for b in blocks(document)]
    assert len(everything) >= 16
    for block in everything:
        where = f"{block.document.name}:{block.line}"
        assert block.not_run != "", f"{where}: a not-run marker must say why"
    # kept rare: run_sandbox (it blocks); the pipeline blocks run under their SDK instead
    assert sum(b.not_run is not None for b in everything) <= 1


def test_every_sdk_block_runs_in_its_sdk_environment() -> None:
    marked = [b for document in DOCUMENTS for b in blocks(document) if b.sdk is not None]
    assert len(marked) >= 6  # README's pipeline step, docs/pipelines.md for v2 and v3
    for block in marked:
        assert block.sdk in (2, 3), f"{block.where}: SageMaker SDK v2 or v3"
        assert block.not_run is None, f"{block.where}: an SDK block is run, never 'not run'"
        assert block.sdk_marker == f": run by {SDK_TEST}", block.where
    # nothing is skipped in both places: the SDK test collects every block this one leaves
    assert [(b.where, b.sdk) for b in SDK_BLOCKS] == [(b.where, b.sdk) for b in marked]
    assert {b.sdk for b in marked} == {2, 3}


def _executed(
    document: Path, namespace: dict[str, Any], before: Callable[[Block], None]
) -> list[str]:
    printed = []
    for block in blocks(document):
        if block.not_run is None and block.sdk is None:
            before(block)
            printed.append(run(block, namespace))
    return printed


# MLflow's SQL store uses a loader strategy SQLAlchemy 2.1 deprecates; not ours to fix.
@pytest.mark.filterwarnings(
    "ignore:The ``noload`` loader strategy is deprecated:DeprecationWarning"
)
def test_readme(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    namespace: dict[str, Any] = {"__name__": "readme"}
    with mock_governance():
        registrant, officer = two_people(region_name="us-east-1")
        _act_as(monkeypatch, registrant.session)  # the data scientist registers
        _training_job("credit-xgb-2024-06")
        _mlflow_run(workdir, monkeypatch)

        def before(block: Block) -> None:
            if "ApprovalDesk()" in block.code:  # the officer's own session decides
                _act_as(monkeypatch, officer.session)

        printed = _executed(ROOT / "README.md", namespace, before)
        registry, version = namespace["registry"], namespace["version"]
        assert registry.get(version.arn).approval_status is ApprovalStatus.APPROVED
    out = "".join(printed)
    # what the README's comments say the blocks print and return
    assert "1 PendingManualApproval 5jdi2hjv0xq2jb arn:aws:iam::123456789012:user/" in out
    assert "\nNone\n" in out  # latest(status=APPROVED) until approved
    assert "| Field | Change | Old | New |" in out
    assert namespace["changes"].paths == ["version.card_status", "version.lifecycle"]
    assert namespace["report"].passed
    assert (
        " decision arn:aws:iam::123456789012:user/governance-officer Approved; gate passed" in out
    )


@pytest.mark.parametrize(
    "document",
    [d for d in DOCUMENTS if d.name != "README.md" and blocks(d)],
    ids=lambda d: d.name,
)
def test_document(document: Path, workdir: Path) -> None:
    namespace: dict[str, Any] = {"__name__": document.stem}
    out = "".join(_executed(document, namespace, lambda block: None))
    if document.name == "local-sagemaker.md":  # the ledger's values its comments show
        assert "s3://smgov-ledger/decisions\narn:aws:kms:us-east-1:123456789012:key/" in out
        assert "{'SMGOV_LEDGER': 's3://smgov-ledger/decisions', 'SMGOV_SIGNING_KEY': " in out
