"""smgov render / diff logic: cards and versions from ARNs and files, on the local SageMaker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sm_governance.card import ModelCard, ModelCardBuilder
from sm_governance.errors import NotFoundError, ValidationError
from sm_governance.registry import ModelRegistry, ModelVersion
from sm_governance.sources.cards import diff_sources, load_card_source, render_source

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"


def _card(risk: str, auc: float) -> ModelCard:
    return ModelCardBuilder(
        model_overview={"model_creator": "Credit risk team"},
        intended_uses={"purpose_of_model": "Score loans", "risk_rating": risk},
        evaluation_details=[
            {
                "name": "holdout",
                "metric_groups": [
                    {
                        "name": "quality",
                        "metric_data": [{"name": "auc", "type": "number", "value": auc}],
                    }
                ],
            }
        ],
    ).build()


def _register(sm: Any, card: ModelCard) -> ModelVersion:
    registry = ModelRegistry(client=sm)
    registry.ensure_group("credit")
    return registry.register("credit", card, image_uri=IMAGE, model_data_url="s3://m/model.tar.gz")


def test_render_and_diff_two_registered_versions(sagemaker_client: Any) -> None:
    # GIVEN two registered versions whose cards differ in risk rating and AUC
    v1 = _register(sagemaker_client, _card("Low", 0.90))
    v2 = _register(sagemaker_client, _card("High", 0.93))
    # WHEN the second is rendered by ARN
    text = render_source(v2.arn, client=sagemaker_client)
    # THEN the document shows the version facts and its card
    assert f"| Model package | {v2.arn} |" in text
    assert "| Approval status | PendingManualApproval |" in text
    assert "| auc | 0.93 |" in text
    html = render_source(v2.arn, format="html", sign_off=False, client=sagemaker_client)
    assert html.startswith("<!DOCTYPE html>")
    # AND the diff reports exactly the changed fields with old and new values
    changes = diff_sources(v1.arn, v2.arn, client=sagemaker_client)
    assert [(c.path, c.old, c.new) for c in changes] == [
        ("intended_uses.risk_rating", "Low", "High"),
        (
            'evaluation_details["holdout"].metric_groups["quality"].metric_data["auc"].value',
            0.9,
            0.93,
        ),
    ]
    assert changes.a_label == v1.arn


def test_diff_of_content_files_in_every_saved_form(tmp_path: Path, sagemaker_client: Any) -> None:
    a, b = _card("Low", 0.9), _card("Medium", 0.9)
    plain = tmp_path / "a.json"
    plain.write_text(a.to_content_json())
    package = tmp_path / "describe-model-package.json"
    package.write_text(json.dumps({"ModelCard": {"ModelCardContent": b.to_content_json()}}))
    card_file = tmp_path / "describe-model-card.json"
    card_file.write_text(json.dumps({"ModelCardName": "x", "Content": b.to_content_json()}))
    first = diff_sources(plain, package)
    assert first.paths == ["intended_uses.risk_rating"]
    assert first.a_label == str(plain)
    assert not diff_sources(package, card_file)
    # a file against a registered version compares the cards
    version = _register(sagemaker_client, a)
    assert not diff_sources(plain, version.arn, client=sagemaker_client)


def test_a_model_card_arn_is_read_with_describe_model_card(sagemaker_client: Any) -> None:
    card = _card("Low", 0.9)
    arn = sagemaker_client.create_model_card(
        ModelCardName="credit-card", Content=card.to_content_json(), ModelCardStatus="Draft"
    )["ModelCardArn"]
    loaded = load_card_source(arn, client=sagemaker_client)
    assert isinstance(loaded, ModelCard)
    assert loaded.to_content() == card.to_content()


def test_missing_registered_things_are_not_found(sagemaker_client: Any) -> None:
    with pytest.raises(NotFoundError):
        load_card_source(
            "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit/9",
            client=sagemaker_client,
        )
    with pytest.raises(NotFoundError):
        load_card_source(
            "arn:aws:sagemaker:us-east-1:123456789012:model-card/none", client=sagemaker_client
        )


class _NoCalls:
    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"AWS was called: {name}")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read"),
        ("{not json", "is not JSON: line 1 column 2"),
        ('{"intended_uses": {"risk_rating": "Extreme"}}', "intended_uses.risk_rating"),
    ],
)
def test_bad_files_are_validation_errors(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "card.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ValidationError, match=message):
        render_source(path, client=_NoCalls())


def test_other_arns_are_refused_without_aws_calls() -> None:
    with pytest.raises(ValidationError) as info:
        load_card_source("arn:aws:sagemaker:us-east-1:123456789012:endpoint/e", client=_NoCalls())
    assert info.value.paths == ["source"]
