"""The registry's round trip on real SageMaker: what the local SageMaker stands in for."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from sm_governance import (
    CardStatus,
    IntendedUsesBuilder,
    ModelCardBuilder,
    ModelOverviewBuilder,
    ModelRegistry,
    RiskRating,
)

pytestmark = pytest.mark.e2e

IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/xgboost-inference:1.7-1-cpu-py3"


@pytest.fixture
def group() -> Iterator[tuple[ModelRegistry, str]]:
    registry = ModelRegistry()
    name = f"smgov-e2e-{uuid.uuid4().hex[:12]}"
    registry.ensure_group(name, datazone_project_id="smgov_e2e", description="sm-governance e2e")
    try:
        yield registry, name
    finally:
        client = registry.client
        for summary in registry.versions(name):
            client.delete_model_package(ModelPackageName=summary.arn)
        client.delete_model_package_group(ModelPackageGroupName=name)


def test_a_registered_card_reads_back_whole(group: tuple[ModelRegistry, str]) -> None:
    registry, name = group
    card = (
        ModelCardBuilder(
            model_overview=ModelOverviewBuilder(model_creator="sm-governance e2e"),
            intended_uses=IntendedUsesBuilder(
                purpose_of_model="End-to-end check", risk_rating=RiskRating.LOW
            ),
        )
        .datazone_project("smgov_e2e")
        .build()
    )
    version = registry.register(
        name, card, image_uri=IMAGE, model_data_url="s3://sm-governance-e2e/model.tar.gz"
    )
    again = registry.get(version.arn)
    assert again.card == card
    assert again.card_status is CardStatus.DRAFT
    assert again.datazone_project_id == "smgov_e2e"
    assert again.created_by is not None
    registry.set_card_status(version.arn, CardStatus.PENDING_REVIEW)
    assert registry.get(version.arn).card_status is CardStatus.PENDING_REVIEW
