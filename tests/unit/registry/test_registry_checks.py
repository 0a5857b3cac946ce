"""Local checks use SageMaker's own limits, read from botocore's service model."""

from __future__ import annotations

from typing import cast

import botocore.session
import pytest
from botocore.model import StringShape
from hypothesis import given
from hypothesis import strategies as st

from sm_governance._types import CardStatus
from sm_governance.registry._checks import (
    LIMITS,
    check_choice,
    check_client_token,
    check_datazone_domain,
    check_datazone_id,
    check_description,
    check_entity_name,
    check_image_uri,
    check_instance_types,
    check_kms_key_id,
    check_lifecycle,
    check_metadata,
    check_s3_url,
    check_string_list,
    check_tags,
)

_MODEL = botocore.session.get_session().get_service_model("sagemaker")


def _enum(shape: str) -> list[str]:
    return list(cast(StringShape, _MODEL.shape_for(shape)).enum)


@pytest.mark.parametrize("shape", sorted(LIMITS))
def test_every_limit_is_the_service_models(shape: str) -> None:
    assert LIMITS[shape] == _MODEL.shape_for(shape).metadata["max"]


@pytest.mark.parametrize(
    ("value", "ok"),
    [("Staging", True), ("a", True), ("a--b", True), ("-a", False), ("a_b", False), ("", False)],
)
def test_entity_names(value: str, ok: bool) -> None:
    assert (check_entity_name(value, "x") == []) is ok


def test_entity_names_longer_than_63_characters_are_refused() -> None:
    assert check_entity_name("a" * 63, "x") == []
    assert "at most 63" in check_entity_name("a" * 64, "x")[0].message


def test_metadata_limits() -> None:
    assert check_metadata({"team": "risk", "cost-center": "4711", "owner@x": "a b"}) == []
    problems = check_metadata({f"k{i}": "v" for i in range(51)})
    assert [p.message for p in problems] == ["must have at most 50 entries"]
    paths = {p.path for p in check_metadata({"": "v", "k" * 129: "v", "ok": "", "bad,key": "v"})}
    assert paths == {
        "customer_metadata['']",
        f"customer_metadata['{'k' * 129}']",
        "customer_metadata['ok']",
        "customer_metadata['bad,key']",
    }
    assert check_metadata({"k": "v" * 257})[0].message.startswith("value must be")
    assert "only letters" in check_metadata({"k": "a;b"})[0].message
    assert check_metadata(["k"])[0].message.startswith("must be a mapping")


def test_tags_may_have_empty_values_but_not_the_aws_prefix() -> None:
    assert check_tags({"team": ""}) == []
    assert "reserved" in check_tags({"aws:owner": "x"})[0].message
    assert len(check_tags({f"k{i}": "v" for i in range(51)})) == 1
    assert check_tags([("team", "ds")])[0].message.startswith("must be a mapping")


@given(st.dictionaries(st.text(max_size=130), st.text(max_size=260), max_size=55))
def test_metadata_checks_never_crash_and_accept_what_sagemaker_accepts(
    pairs: dict[str, str],
) -> None:
    problems = check_metadata(pairs)
    allowed = set("_.:/=+-@")

    def ok(text: str, low: int, high: int) -> bool:
        import unicodedata

        return low <= len(text) <= high and all(
            c in allowed or unicodedata.category(c)[0] in "LZN" for c in text
        )

    valid = len(pairs) <= 50 and all(ok(k, 1, 128) and ok(v, 1, 256) for k, v in pairs.items())
    assert (problems == []) is valid


def test_urls_images_tokens_and_keys() -> None:
    assert check_s3_url("s3://bucket/model.tar.gz", "u") == []
    assert check_s3_url("https://bucket/model.tar.gz", "u")[0].message.startswith("must be an S3")
    assert check_s3_url("s3://bucket/a b", "u")[0].message == "must not contain whitespace"
    assert check_image_uri("1.dkr.ecr.us-east-1.amazonaws.com/x:1") == []
    assert check_image_uri("has space")
    assert check_image_uri("x" * 256)
    assert check_client_token("pipeline-run-42") == []
    assert check_client_token("x" * 37)
    assert check_client_token("not_allowed")
    assert check_kms_key_id("arn:aws:kms:us-east-1:111122223333:key/1234abcd") == []
    assert check_kms_key_id("alias/my key")


def test_datazone_ids() -> None:
    assert check_datazone_id("5jdi2hjv0xq2jb", "p") == []
    assert check_datazone_id("x" * 37, "p")
    assert check_datazone_domain("dzd_4p9n6sw4qt9xgn", "d") == []
    assert check_datazone_domain("dzd-abc", "d") == []
    assert check_datazone_domain("4p9n6sw4qt9xgn", "d")[0].message.startswith(
        "must be an Amazon DataZone domain ID"
    )


def test_descriptions_refuse_control_characters() -> None:
    assert check_description("Churn models, v2 (2025)", "d", max_len=1024) == []
    assert check_description("bell\x07", "d", max_len=1024)[0].message.endswith("characters")
    assert check_description("x" * 1025, "d", max_len=1024)


def test_string_lists() -> None:
    assert check_string_list(("text/csv",), "ct", max_len=256) == []
    assert check_string_list("text/csv", "ct", max_len=256)[0].message.endswith("single string")
    assert check_string_list([], "ct", max_len=256)[0].message == "must not be empty"
    assert check_string_list([], "ct", max_len=256, allow_empty_list=True) == []
    assert check_string_list(["a\nb"], "ct", max_len=256)[0].path == "ct[0]"
    assert check_string_list(["csv"], "rt", max_len=1024, mime=True)[0].message.startswith(
        "must be a MIME"
    )


def test_instance_types_come_from_the_service_model() -> None:
    allowed = _enum("ProductionVariantInstanceType")
    assert check_instance_types(["ml.m5.large"], "i", allowed) == []
    problems = check_instance_types(["ml.m5.large", "m5.large"], "i", allowed)
    assert [p.path for p in problems] == ["i[1]"]
    assert check_instance_types([], "i", allowed)[0].message.startswith("must not be empty")
    assert check_instance_types("ml.m5.large", "i", allowed)[0].message.endswith("single string")


def test_choices_accept_members_and_their_strings() -> None:
    assert check_choice("PendingReview", CardStatus, "s") == (CardStatus.PENDING_REVIEW, [])
    assert check_choice(CardStatus.DRAFT, CardStatus, "s") == (CardStatus.DRAFT, [])
    member, problems = check_choice("pending", CardStatus, "s")
    assert member is None
    assert "Draft, PendingReview, Approved, Archived" in problems[0].message


def test_lifecycle() -> None:
    assert check_lifecycle("Production", "Approved", "by the board") == []
    paths = [p.path for p in check_lifecycle("Prod stage", "", "two\nlines")]
    assert paths == ["lifecycle.stage", "lifecycle.stage_status", "lifecycle.description"]
    assert check_lifecycle("a", "b", "x" * 1025)[0].message.startswith("must be at most 1024")
