"""DescribeModelCard by ARN, checked against botocore's own request validation."""

from __future__ import annotations

import boto3
from botocore.stub import Stubber

from sm_governance.card import ModelCard, ModelCardBuilder
from sm_governance.sources.cards import load_card_source

ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-card/credit-card"


def test_a_model_card_arn_is_sent_as_is_and_its_content_parsed() -> None:
    card = ModelCardBuilder(intended_uses={"risk_rating": "Low"}).build()
    client = boto3.client(
        "sagemaker", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    with Stubber(client) as stub:
        stub.add_response(
            "describe_model_card",
            {
                "ModelCardArn": ARN,
                "ModelCardName": "credit-card",
                "ModelCardVersion": 1,
                "Content": card.to_content_json(),
                "ModelCardStatus": "Draft",
                "CreationTime": "2024-06-30T12:00:00Z",
                "CreatedBy": {},
                "LastModifiedTime": "2024-06-30T12:00:00Z",
            },
            {"ModelCardName": ARN},
        )
        loaded = load_card_source(ARN, client=client)
        stub.assert_no_pending_responses()
    assert isinstance(loaded, ModelCard)
    assert loaded.to_content() == card.to_content()
