"""The service's rules as pure functions: limits, patterns, the package card schema."""

from __future__ import annotations

import json
import string
import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sm_governance.testing._events import build_detail
from sm_governance.testing._rules import (
    RuleViolation,
    check_card_content,
    check_customer_metadata,
    check_request,
    content_limit,
    package_card_schema,
    sanitize_card_content,
)

ALLOWED_SYMBOLS = "_.:/=+-@"


@pytest.fixture(autouse=True, scope="module")
def _loaded_models() -> None:
    """Load botocore's service model and the schema once, outside hypothesis' deadlines."""
    check_request("ListModelPackages", {})
    check_card_content("{}")


def _allowed(ch: str) -> bool:
    return ch in ALLOWED_SYMBOLS or unicodedata.category(ch)[0] in "LZN"


def test_package_schema_is_the_restricted_flavour() -> None:
    schema = package_card_schema()
    assert "model_package_details" not in schema["properties"]
    assert set(schema["properties"]["model_overview"]["properties"]) == {
        "model_creator",
        "model_artifact",
    }
    assert schema["properties"]["model_overview"]["additionalProperties"] is False


def test_the_bundled_schema_is_not_modified() -> None:
    from importlib import resources

    source = resources.files("sm_governance") / "card" / "model_card_schema.json"
    original = json.loads(source.read_text(encoding="utf-8"))
    package_card_schema()
    assert "model_description" in original["properties"]["model_overview"]["properties"]


def test_the_content_limit_comes_from_the_service_model() -> None:
    assert content_limit() == 100_000


def test_content_at_the_limit_is_checked_by_schema_only() -> None:
    CONTENT_LIMIT = content_limit()
    filler = "x" * (CONTENT_LIMIT - len('{"intended_uses":{"intended_uses":""}}'))
    content = json.dumps({"intended_uses": {"intended_uses": filler}}, separators=(",", ":"))
    assert len(content) == CONTENT_LIMIT
    with pytest.raises(RuleViolation) as caught:
        check_card_content(content)
    assert "maxLength" in caught.value.message  # the schema's 2048, not the length limit
    assert filler[:50] not in caught.value.message


def test_content_over_the_limit() -> None:
    with pytest.raises(RuleViolation, match="100000"):
        check_card_content(" " * (content_limit() + 1))


def test_the_content_limit_counts_utf16_units_as_the_card_does() -> None:
    from sm_governance.card._json import content_length

    # GIVEN content of 99,999 code points, one of them outside the basic plane (2 units)
    content = json.dumps({"intended_uses": {"intended_uses": "\U0001f600"}}, ensure_ascii=False)
    content += " " * (content_limit() - 1 - len(content))
    assert len(content) == content_limit() - 1
    assert content_length(content) == content_limit()
    # THEN it is at the limit, not over it; one more space is over it
    check_card_content(content)
    with pytest.raises(RuleViolation, match="less than or equal to 100000"):
        check_card_content(content + " ")


def test_content_must_be_an_object() -> None:
    with pytest.raises(RuleViolation) as caught:
        check_card_content("[]")
    assert "(root)" in caught.value.message


def test_an_empty_card_is_valid() -> None:
    check_card_content("{}")


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.text(max_size=5), max_size=60))
def test_metadata_count(properties: dict[str, str]) -> None:
    if len(properties) <= 50:
        check_customer_metadata(properties)
    else:
        with pytest.raises(RuleViolation):
            check_customer_metadata(properties)


@given(st.text(min_size=1, max_size=40))
def test_metadata_key_characters(key: str) -> None:
    # characters this Python's Unicode database does not know yet may be letters to the regex
    # module (and to SageMaker's Java): no oracle for them here
    assume(all(unicodedata.category(ch) != "Cn" for ch in key))
    params = {"ModelPackageGroupName": "g", "CustomerMetadataProperties": {key: "v"}}
    if all(_allowed(ch) for ch in key):
        check_request("CreateModelPackage", params)
    else:
        with pytest.raises(RuleViolation) as caught:
            check_request("CreateModelPackage", params)
        assert caught.value.code == "ValidationException"
        assert "'customerMetadataProperties.key'" in caught.value.message


@given(st.text(alphabet=string.ascii_letters + string.digits + "-", min_size=1, max_size=70))
def test_lifecycle_stage_pattern(stage: str) -> None:
    params = {
        "ModelPackageArn": "arn:aws:sagemaker:us-east-1:123456789012:model-package/g/1",
        "ModelLifeCycle": {"Stage": stage, "StageStatus": "ok"},
    }
    valid = len(stage) <= 63 and stage[0] != "-" and stage[-1] != "-"
    if valid:
        check_request("UpdateModelPackage", params)
    else:
        with pytest.raises(RuleViolation, match=r"modelLifeCycle\.stage"):
            check_request("UpdateModelPackage", params)


def test_lists_and_integers() -> None:
    with pytest.raises(RuleViolation, match="modelPackageArnList"):
        check_request("BatchDescribeModelPackage", {"ModelPackageArnList": []})
    with pytest.raises(RuleViolation, match="greater than or equal to 1"):
        check_request("ListModelPackages", {"MaxResults": 0})
    with pytest.raises(RuleViolation, match="clientToken"):
        check_request("CreateModelPackage", {"ModelPackageGroupName": "g", "ClientToken": "a b"})


def test_none_members_are_ignored() -> None:
    arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/g/1"
    check_request("UpdateModelPackage", {"ModelPackageArn": arn, "ApprovalDescription": None})


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "intended_uses": st.fixed_dictionaries(
                {"risk_rating": st.sampled_from(["High", "Low"])},
                optional={"purpose_of_model": st.text(max_size=20)},
            ),
            "model_overview": st.fixed_dictionaries(
                {}, optional={"model_name": st.text(max_size=5), "model_id": st.text(max_size=5)}
            ),
            "business_details": st.fixed_dictionaries({"business_problem": st.text(max_size=9)}),
        },
    )
)
def test_sanitized_content_keeps_only_documented_paths(card: dict[str, dict[str, str]]) -> None:
    kept = json.loads(sanitize_card_content(json.dumps(card)))
    assert set(kept) <= {"intended_uses", "model_overview"}
    if "intended_uses" in card:
        assert kept["intended_uses"] == {"risk_rating": card["intended_uses"]["risk_rating"]}
    for section, fields in kept.items():
        assert set(fields) <= {"risk_rating", "model_name", "model_id"}
        for name, value in fields.items():
            assert card[section][name] == value


def test_event_detail_has_iso_times_and_no_card() -> None:
    from datetime import datetime, timezone

    naive = datetime(2026, 1, 2, 3, 4, 5)
    aware = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    detail = build_detail(
        {
            "ModelPackageArn": "arn",
            "CreationTime": naive,
            "LastModifiedTime": aware,
            "ModelCard": {"ModelCardContent": "{}"},
            "ModelApprovalStatus": "Approved",
        }
    )
    assert detail == {
        "ModelPackageArn": "arn",
        "CreationTime": "2026-01-02T03:04:05Z",
        "ModelApprovalStatus": "Approved",
        "LastModifiedTime": "2026-01-02T03:04:05Z",
    }
