"""``smgov`` through typer's CliRunner, under the local SageMaker, as one of two people."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from sm_governance.card import ModelCard
from sm_governance.cli import app
from sm_governance.registry import ModelRegistry
from sm_governance.testing import Identity, People, demo_card

GROUP = "credit-risk"
PROJECT = "c4x7p2demo9prj"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"

POLICY = """\
policy: retail-credit
version: 1
require: [intended_uses.purpose_of_model]
metrics:
  fairness_score: ">= 0.8"
datazone_project: required
"""


@dataclass
class Smgov:
    """Runs ``smgov`` as a person: their access key in the environment."""

    monkeypatch: pytest.MonkeyPatch
    runner: CliRunner

    def __call__(self, *args: str, who: Identity | None = None) -> Result:
        if who is not None:
            credentials = who.session.get_credentials()
            assert credentials is not None
            self.monkeypatch.setenv("AWS_ACCESS_KEY_ID", credentials.access_key)
            self.monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", credentials.secret_key)
            self.monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
            self.monkeypatch.delenv("AWS_SECURITY_TOKEN", raising=False)
        return self.runner.invoke(app, list(args))

    def json(self, *args: str, who: Identity | None = None, code: int = 0) -> Any:
        result = self("--output", "json", *args, who=who)
        assert result.exit_code == code, result.output
        return json.loads(result.stdout)


def create_raw(registrant: Identity, content: str, **extra: Any) -> str:
    """Register a version with plain boto3 (not through this product's strict model): the
    card content as given, ``extra`` added to the request."""
    client = registrant.session.client("sagemaker")
    created = client.create_model_package(
        ModelPackageGroupName=GROUP,
        InferenceSpecification={
            "Containers": [{"Image": IMAGE, "ModelDataUrl": "s3://m/model.tar.gz"}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        ModelCard={"ModelCardContent": content, "ModelCardStatus": "Draft"},
        **extra,
    )
    return str(created["ModelPackageArn"])


@pytest.fixture
def smgov(monkeypatch: pytest.MonkeyPatch, aws_credentials: dict[str, str]) -> Smgov:
    monkeypatch.setenv("COLUMNS", "200")
    return Smgov(monkeypatch, CliRunner())


@pytest.fixture
def people(two_people: People) -> People:
    ModelRegistry(session=two_people.registrant.session).ensure_group(
        GROUP, datazone_project_id=PROJECT
    )
    return two_people


@pytest.fixture
def register(people: People) -> Callable[..., str]:
    registry = ModelRegistry(session=people.registrant.session)

    def make(fairness: float = 0.91, **kwargs: Any) -> str:
        card = ModelCard.from_content(demo_card(1, auc=0.84, fairness=fairness))
        return registry.register(
            GROUP, card, image_uri=IMAGE, model_data_url="s3://m/model.tar.gz", **kwargs
        ).arn

    return make


@pytest.fixture
def arn(register: Callable[..., str]) -> str:
    return register()


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "retail-credit.yaml"
    path.write_text(POLICY, encoding="utf-8")
    return path
