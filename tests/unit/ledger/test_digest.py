"""The subject digest: what it covers, what it ignores, and its format."""

from __future__ import annotations

import copy
import json
import re
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sm_governance.ledger import PART_NAMES, drifted_parts, subject_digest, subject_parts

CARD = {"model_overview": {"model_name": "credit"}, "intended_uses": {"risk_rating": "Low"}}


def describe(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "ModelPackageGroupName": "credit-risk",
        "ModelPackageVersion": 3,
        "ModelPackageArn": "arn:aws:sagemaker:us-east-1:111122223333:model-package/credit-risk/3",
        "ModelApprovalStatus": "PendingManualApproval",
        "ApprovalDescription": "",
        "CreationTime": datetime(2026, 11, 1, tzinfo=timezone.utc),
        "LastModifiedTime": datetime(2026, 11, 2, tzinfo=timezone.utc),
        "ModelCard": {"ModelCardContent": json.dumps(CARD), "ModelCardStatus": "Draft"},
        "InferenceSpecification": {
            "Containers": [
                {
                    "Image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/x:1",
                    "ModelDataUrl": "s3://m/a.tar.gz",
                }
            ],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        "CustomerMetadataProperties": {"datazone_project_id": "prj1", "governance:decision": "x"},
        "ModelLifeCycle": {"Stage": "Development", "StageStatus": "InProgress"},
    }
    base.update(overrides)
    return base


def test_format_names_the_algorithm_version() -> None:
    assert re.fullmatch(r"sha256:v1:[0-9a-f]{64}", subject_digest(describe()))


@pytest.mark.parametrize(
    "change",
    [
        {"ModelApprovalStatus": "Approved"},
        {"ApprovalDescription": "approved by bob"},
        {"ModelLifeCycle": {"Stage": "Production", "StageStatus": "Approved"}},
        {"LastModifiedTime": datetime(2027, 1, 1, tzinfo=timezone.utc)},
        {"LastModifiedBy": {"IamIdentity": {"Arn": "arn:aws:iam::111122223333:user/x"}}},
        {
            "ModelCard": {
                "ModelCardContent": json.dumps(CARD, indent=4),
                "ModelCardStatus": "Approved",
            }
        },
        {
            "CustomerMetadataProperties": {
                "datazone_project_id": "prj1",
                "governance:ledger": "s3://l",
            }
        },
    ],
)
def test_bookkeeping_and_formatting_do_not_move_the_digest(change: dict[str, Any]) -> None:
    assert subject_digest(describe(**change)) == subject_digest(describe())


@pytest.mark.parametrize(
    ("change", "part"),
    [
        ({"ModelCard": {"ModelCardContent": json.dumps({**CARD, "x": 1})}}, "card"),
        ({"ModelCard": {"ModelCardContent": "not json"}}, "card"),
        ({"InferenceSpecification": {"Containers": [{"Image": "evil:1"}]}}, "inference"),
        ({"AdditionalInferenceSpecifications": [{"Name": "b", "Containers": []}]}, "inference"),
        (
            {
                "ModelMetrics": {
                    "ModelQuality": {"Statistics": {"ContentType": "a", "S3Uri": "s3://x"}}
                }
            },
            "metrics",
        ),
        ({"DriftCheckBaselines": {"Bias": {}}}, "metrics"),
        ({"SourceUri": "s3://src"}, "source"),
        ({"SecurityConfig": {"KmsKeyId": "k"}}, "security"),
        ({"Domain": "NLP"}, "task"),
        ({"SamplePayloadUrl": "s3://p"}, "task"),
        ({"ModelPackageVersion": 4}, "identity"),
        ({"CustomerMetadataProperties": {"datazone_project_id": "prj2"}}, "identity"),
    ],
)
def test_what_a_deployment_uses_moves_the_digest_and_names_its_part(
    change: dict[str, Any], part: str
) -> None:
    before, after = describe(), describe(**change)
    assert subject_digest(after) != subject_digest(before)
    assert drifted_parts(subject_parts(before), subject_parts(after)) == [part]


def test_a_nested_change_is_seen() -> None:
    changed = copy.deepcopy(describe())
    changed["InferenceSpecification"]["Containers"][0]["Environment"] = {"DEBUG": "1"}
    assert subject_digest(changed) != subject_digest(describe())


def test_missing_record_counts_as_every_part() -> None:
    assert drifted_parts(None, subject_parts(describe())) == list(PART_NAMES)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_card_numbers_keep_their_type(value: float) -> None:
    as_float = describe(ModelCard={"ModelCardContent": json.dumps({"m": value})})
    as_int = describe(ModelCard={"ModelCardContent": json.dumps({"m": int(value)})})
    if value == int(value) and abs(value) < 2**53:
        assert subject_digest(as_float) != subject_digest(as_int)


def test_pure_and_deterministic() -> None:
    data = describe()
    frozen = copy.deepcopy(data)
    assert subject_digest(data) == subject_digest(data)
    assert data == frozen
