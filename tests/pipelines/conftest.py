"""Pipeline tests: real pipeline definitions built with the installed SageMaker SDK.

SDK v2 and v3 cannot share an environment, so these tests run in their own virtualenvs
(``make test-pipelines-v2`` / ``make test-pipelines-v3``). There ``SMGOV_SDK_MAJOR`` names
the SDK the run must have: a missing or different SDK is an error, never a skip. In an
environment without the SDK (the main ``.venv``) and without that variable, every test here
is skipped.

Tests marked ``sdk(2)`` or ``sdk(3)`` run only with that major version. Nothing reaches AWS:
sessions use the local SageMaker (``governance_mock``) and the SDK's telemetry is opted out.
"""

from __future__ import annotations

import importlib
import os
import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest

from sm_governance.pipelines import installed_sdk_version

if TYPE_CHECKING:
    import boto3

    from sm_governance.card import ModelCard

BUCKET = "governed-models"
ROLE = "arn:aws:iam::123456789012:role/ModelRegistration"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/credit-risk:1"
MODEL_DATA = f"s3://{BUCKET}/credit-risk/model.tar.gz"
GROUP = "credit-risk"
PROJECT = "5jdi2hjv0xq2jb"
DOMAIN = "dzd_4bq0w1zzmyfz9u"

_HERE = Path(__file__).parent
_REQUIRED = os.environ.get("SMGOV_SDK_MAJOR", "").strip()
_VERSION = installed_sdk_version()
SDK_MAJOR = int(_VERSION.split(".")[0]) if _VERSION else None

if _REQUIRED and str(SDK_MAJOR) != _REQUIRED:
    found = f"sagemaker {_VERSION}" if _VERSION else "no SageMaker SDK"
    raise pytest.UsageError(
        f"SMGOV_SDK_MAJOR={_REQUIRED}: these tests must run with SageMaker SDK v{_REQUIRED},"
        f" but this environment has {found} (make test-pipelines-v{_REQUIRED} creates it)"
    )

# SDK v2 warns on import that v3 exists; that is not what these tests are about.
os.environ.setdefault("SAGEMAKER_SUPPRESS_V2_WARNING", "1")

_SDK_MODULES = {
    2: (
        "sagemaker.model",
        "sagemaker.model_card",
        "sagemaker.session",
        "sagemaker.workflow.condition_step",
        "sagemaker.workflow.step_collections",
    ),
    3: (
        "sagemaker.core.shapes",
        "sagemaker.core.helper.session_helper",
        "sagemaker.mlops.workflow.condition_step",
        "sagemaker.mlops.workflow.model_step",
        "sagemaker.mlops.workflow.pipeline",
        "sagemaker.serve.model_builder",
    ),
}
if SDK_MAJOR in _SDK_MODULES:
    # The SDK's own modules warn while importing each other (v3's moved-module shims, v2's
    # deprecations); with warnings as errors that would break the import itself. Import
    # them once here, where only the SDK's import-time warnings are silenced.
    # SDK v3 also makes boto3 clients while importing (sagemaker.ai_registry), which needs a
    # region even though nothing is called.
    _region = os.environ.get("AWS_DEFAULT_REGION")
    os.environ["AWS_DEFAULT_REGION"] = _region or "us-east-1"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            for _module in _SDK_MODULES[SDK_MAJOR]:
                importlib.import_module(_module)
    finally:
        if _region is None:
            del os.environ["AWS_DEFAULT_REGION"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sdk(major): run only with this SageMaker SDK major version installed"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE not in Path(str(item.path)).parents:
            continue
        if SDK_MAJOR is None:
            item.add_marker(
                pytest.mark.skip(
                    reason="no SageMaker SDK here; make test-pipelines-v2 / -v3 run these"
                )
            )
            continue
        marker = item.get_closest_marker("sdk")
        if marker is not None and marker.args[0] != SDK_MAJOR:
            item.add_marker(
                pytest.mark.skip(reason=f"needs SDK v{marker.args[0]}, not v{SDK_MAJOR}")
            )


@pytest.fixture(autouse=True)
def _sdk_offline(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """SDK defaults that opt out of telemetry, so the SDK sends nothing anywhere."""
    config = tmp_path / "sagemaker-config.yaml"
    config.write_text(
        "SchemaVersion: '1.0'\nSageMaker:\n  PythonSDK:\n    Modules:\n"
        "      TelemetryOptOut: true\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SAGEMAKER_ADMIN_CONFIG_OVERRIDE", str(config))
    monkeypatch.setenv("SAGEMAKER_USER_CONFIG_OVERRIDE", str(config))


@pytest.fixture
def card() -> ModelCard:
    """A model package's card with a DataZone project, metrics and non-ASCII text."""
    from sm_governance.card import (
        AdditionalInformationBuilder,
        BusinessDetailsBuilder,
        EvaluationDetailsBuilder,
        IntendedUsesBuilder,
        ModelCardBuilder,
        ModelOverviewBuilder,
    )

    return (
        ModelCardBuilder(
            model_overview=ModelOverviewBuilder(
                model_creator="Équipe risque crédit", model_artifact=[MODEL_DATA]
            ),
            intended_uses=IntendedUsesBuilder(
                purpose_of_model="Score retail credit applications — déjà vu",
                risk_rating="High",
            ),
            business_details=BusinessDetailsBuilder(business_problem="Loan defaults"),
            evaluation_details=[
                EvaluationDetailsBuilder(name="holdout-2024").metric(
                    "fairness", "fairness_score", 0.91
                )
            ],
            additional_information=AdditionalInformationBuilder(
                ethical_considerations="Reviewed by the fairness board"
            ),
        )
        .datazone_project(PROJECT, domain_id=DOMAIN)
        .build()
    )


@pytest.fixture
def pipeline_session(aws_session: boto3.Session) -> Any:
    """The installed SDK's ``PipelineSession`` on the local SageMaker."""
    if SDK_MAJOR == 2:
        from sagemaker.workflow.pipeline_context import PipelineSession
    else:
        from sagemaker.core.workflow.pipeline_context import PipelineSession
    aws_session.client("s3").create_bucket(Bucket=BUCKET)
    return PipelineSession(boto_session=aws_session, default_bucket=BUCKET)


@pytest.fixture
def sdk_session(aws_session: boto3.Session, sagemaker_client: Any) -> Any:
    """The installed SDK's ``Session`` on the local SageMaker, with the group created."""
    if SDK_MAJOR == 2:
        from sagemaker.session import Session
    else:
        from sagemaker.core.helper.session_helper import Session
    aws_session.client("s3").create_bucket(Bucket=BUCKET)
    sagemaker_client.create_model_package_group(ModelPackageGroupName=GROUP)
    return Session(boto_session=aws_session, default_bucket=BUCKET)


@pytest.fixture
def sdk() -> SimpleNamespace:
    """The installed SDK's pipeline classes under one set of names, whichever major it is."""
    if SDK_MAJOR == 2:
        from sagemaker.model_card import ModelPackageModelCard
        from sagemaker.workflow.condition_step import ConditionStep
        from sagemaker.workflow.execution_variables import ExecutionVariables
        from sagemaker.workflow.fail_step import FailStep
        from sagemaker.workflow.functions import JsonGet
        from sagemaker.workflow.model_step import ModelStep
        from sagemaker.workflow.parameters import ParameterFloat, ParameterString
        from sagemaker.workflow.pipeline import Pipeline
        from sagemaker.workflow.properties import PropertyFile
    else:
        from sagemaker.core.shapes import ModelPackageModelCard
        from sagemaker.core.workflow.execution_variables import ExecutionVariables
        from sagemaker.core.workflow.functions import JsonGet
        from sagemaker.core.workflow.parameters import ParameterFloat, ParameterString
        from sagemaker.core.workflow.properties import PropertyFile
        from sagemaker.mlops.workflow.condition_step import ConditionStep
        from sagemaker.mlops.workflow.fail_step import FailStep
        from sagemaker.mlops.workflow.model_step import ModelStep
        from sagemaker.mlops.workflow.pipeline import Pipeline
    return SimpleNamespace(
        major=SDK_MAJOR,
        ModelPackageModelCard=ModelPackageModelCard,
        ConditionStep=ConditionStep,
        ExecutionVariables=ExecutionVariables,
        FailStep=FailStep,
        JsonGet=JsonGet,
        ModelStep=ModelStep,
        ParameterFloat=ParameterFloat,
        ParameterString=ParameterString,
        Pipeline=Pipeline,
        PropertyFile=PropertyFile,
    )
