"""``notebooks/02_pipeline_register_model.ipynb``, executed with SageMaker SDK v2.

The notebook needs the SDK, so it runs here, in ``.venv-sm2`` (``make test-pipelines-v2``),
in a Jupyter kernel of that environment pointed at a loopback sandbox started by the test.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from sm_governance.testing import SandboxServer

pytestmark = [pytest.mark.sdk(2), pytest.mark.server]

PROJECT = "5jdi2hjv0xq2jb"


def _runner() -> ModuleType:
    # Loaded from its file: SDK v2's environment installs a top-level ``tests`` package
    # (smdebug-rulesconfig) that hides this repository's ``tests`` directory.
    path = Path(__file__).resolve().parents[1] / "notebooks" / "runner.py"
    spec = importlib.util.spec_from_file_location("sm_governance_notebook_runner", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(port=0) as server:
        yield server


def test_pipeline_notebook_registers_the_card_from_the_definition(
    sandbox: SandboxServer, tmp_path: Path
) -> None:
    pytest.importorskip("nbclient", reason="make test-pipelines-v2 installs nbclient and ipykernel")
    runner = _runner()

    # GIVEN an empty local SageMaker
    # WHEN the ML engineer's notebook builds the pipeline and runs its RegisterModel step
    notebook = runner.run_notebook(
        "02_pipeline_register_model.ipynb", tmp_path, sandbox.environment()
    )

    # THEN the definition carried the card as built, with the status parameter
    text = runner.output_text(notebook)
    assert '"Type": "RegisterModel"' in text
    assert "Card status: {'Get': 'Parameters.CardStatus'}" in text
    assert "Card JSON as built: True" in text
    assert "Card intact: True" in text

    # AND the version holds the card, the parameter's default status and the project
    sm = sandbox.client("sagemaker")
    (summary,) = sm.list_model_packages(ModelPackageGroupName="customer-churn")[
        "ModelPackageSummaryList"
    ]
    version = sm.describe_model_package(ModelPackageName=summary["ModelPackageArn"])
    assert version["ModelCard"]["ModelCardStatus"] == "PendingReview"
    content: dict[str, Any] = json.loads(version["ModelCard"]["ModelCardContent"])
    assert content["additional_information"]["custom_details"]["datazone_project_id"] == PROJECT
    assert content["model_overview"] == {
        "model_creator": "Churn ML",
        "model_artifact": ["s3://example-models/customer-churn/model.tar.gz"],
    }
    assert version["CustomerMetadataProperties"]["datazone_project_id"] == PROJECT
