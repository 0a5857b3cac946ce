# ruff: noqa: E501  (the table of cases reads best one case per line)
"""The fields the SageMaker Developer Guide's model card schema adds for standalone cards.

``model_overview.model_id``, ``model_name``, ``model_version``, ``inference_environment`` and
the ``model_package_details`` section are in the Developer Guide's "Model card JSON schema"
(and CloudFormation's ``AWS::SageMaker::ModelCard``), not in the bundled schema file. A card
read back with ``DescribeModelCard`` may hold them (the SageMaker Python SDK writes them when
it makes a card for a model package), so they parse and round-trip, with the schema's limits.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from sm_governance import ApprovalStatus, ValidationError
from sm_governance.card import (
    DEVELOPER_GUIDE_FIELDS,
    InferenceContainer,
    InferenceEnvironment,
    InferenceSpecification,
    ModelCard,
    ModelOverview,
    ModelPackageCreator,
    ModelPackageDetails,
    ModelPackageStatus,
    SourceAlgorithm,
    official_schema,
)

# A standalone card as DescribeModelCard returns it for a card the SageMaker Python SDK made
# from a model package: the Developer Guide's key order, model_package_details filled in.
DESCRIBED = """{
  "model_overview": {
    "model_description": "Gradient-boosted trees scoring loan default risk",
    "model_owner": "Retail lending",
    "model_creator": "Credit risk data science",
    "problem_type": "Binary classification",
    "algorithm_type": "XGBoost",
    "model_id": "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/3",
    "model_artifact": ["s3://models/credit/model.tar.gz"],
    "model_name": "credit-risk-3",
    "model_version": 3,
    "inference_environment": {
      "container_image": ["683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"]
    }
  },
  "model_package_details": {
    "model_package_description": "June retrain",
    "model_package_arn": "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/3",
    "created_by": {"user_profile_name": "data-scientist-1"},
    "model_package_status": "Completed",
    "model_approval_status": "PendingManualApproval",
    "approval_description": "Waiting for the fairness review",
    "model_package_group_name": "credit-risk",
    "model_package_name": "credit-risk",
    "model_package_version": 3,
    "domain": "Machine Learning",
    "task": "Classification",
    "source_algorithms": [
      {"algorithm_name": "xgboost-credit", "model_data_url": "s3://models/credit/model.tar.gz"}
    ],
    "inference_specification": {
      "containers": [
        {
          "image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
          "model_data_url": "s3://models/credit/model.tar.gz",
          "nearest_model_name": "xgboost"
        }
      ]
    }
  },
  "intended_uses": {"purpose_of_model": "Score retail loan applications", "risk_rating": "Medium"},
  "business_details": {"line_of_business": "Retail lending"},
  "additional_information": {"custom_details": {"datazone_project_id": "5jdi2hjv0xq2jb"}}
}"""


def test_a_described_standalone_card_parses_and_round_trips() -> None:
    # GIVEN the content DescribeModelCard returns WHEN it is parsed THEN nothing is lost
    card = ModelCard.from_content_json(DESCRIBED)
    assert card.to_content() == json.loads(DESCRIBED)
    text = card.to_content_json()
    again = ModelCard.from_content_json(text)
    assert again == card
    assert again.to_content_json() == text
    # AND the typed fields read as such
    details = card.model_package_details
    assert details is not None
    assert details.model_approval_status is ApprovalStatus.PENDING
    assert details.model_package_status is ModelPackageStatus.COMPLETED
    assert details.created_by == ModelPackageCreator(user_profile_name="data-scientist-1")
    assert details.inference_specification is not None
    assert details.inference_specification.containers[0].nearest_model_name == "xgboost"
    assert card.model_overview is not None
    assert card.model_overview.model_version == 3


def test_output_keeps_the_bundled_order_then_the_developer_guide_fields() -> None:
    content = ModelCard.from_content_json(DESCRIBED).to_content()
    assert list(content) == [
        "model_overview",
        "intended_uses",
        "business_details",
        "additional_information",
        "model_package_details",
    ]
    assert list(content["model_overview"]) == [
        "model_description",
        "model_creator",
        "model_artifact",
        "algorithm_type",
        "problem_type",
        "model_owner",
        "model_id",
        "model_name",
        "model_version",
        "inference_environment",
    ]
    container = content["model_package_details"]["inference_specification"]["containers"][0]
    # the bundled file's inference_specification definition orders model_data_url first
    assert list(container) == ["model_data_url", "image", "nearest_model_name"]


def test_versions_keep_their_json_type() -> None:
    text = '{"model_overview":{"model_version":1.0},"model_package_details":{"model_package_version":2}}'
    assert ModelCard.from_content_json(text).to_content_json() == text


def test_enums_accept_their_plain_string_values() -> None:
    details = ModelPackageDetails(model_package_status="Failed", model_approval_status="Rejected")
    assert details.model_package_status is ModelPackageStatus.FAILED
    assert details.model_approval_status is ApprovalStatus.REJECTED
    assert str(ModelPackageStatus.IN_PROGRESS) == "InProgress"


def test_an_empty_section_round_trips() -> None:
    text = '{"model_package_details":{}}'
    card = ModelCard.from_content_json(text)
    assert card.model_package_details == ModelPackageDetails()
    assert card.to_content_json() == text


def test_the_nested_models_build_by_hand() -> None:
    details = ModelPackageDetails(
        source_algorithms=[SourceAlgorithm(algorithm_name="a")],
        inference_specification=InferenceSpecification(
            containers=[InferenceContainer(image="i", model_data_url="s3://m")]
        ),
    )
    overview = ModelOverview(inference_environment=InferenceEnvironment(container_image=["i"]))
    card = ModelCard(model_overview=overview, model_package_details=details)
    assert card.to_content() == {
        "model_overview": {"inference_environment": {"container_image": ["i"]}},
        "model_package_details": {
            "source_algorithms": [{"algorithm_name": "a"}],
            "inference_specification": {"containers": [{"model_data_url": "s3://m", "image": "i"}]},
        },
    }


# -- outside the bundled schema file ----------------------------------------------------------
ONE_OF_EACH: dict[str, dict[str, Any]] = {
    "model_overview.model_id": {"model_overview": {"model_id": "m"}},
    "model_overview.model_name": {"model_overview": {"model_name": "n"}},
    "model_overview.model_version": {"model_overview": {"model_version": 1}},
    "model_overview.inference_environment": {"model_overview": {"inference_environment": {}}},
    "model_package_details": {"model_package_details": {}},
}


def test_every_developer_guide_field_is_covered() -> None:
    assert set(ONE_OF_EACH) == set(DEVELOPER_GUIDE_FIELDS)


@pytest.mark.parametrize("field", DEVELOPER_GUIDE_FIELDS)
def test_developer_guide_fields_are_outside_the_bundled_schema_file(
    field: str,
    schema_validator: jsonschema.Draft7Validator,
    developer_guide_validator: jsonschema.Draft7Validator,
) -> None:
    # GIVEN content holding one field of the Developer Guide's schema
    content = ONE_OF_EACH[field]
    section, _, name = field.partition(".")
    properties = official_schema()["properties"]
    # THEN the bundled file does not declare it and refuses it (additionalProperties: false)
    assert (name not in properties[section]["properties"]) if name else section not in properties
    assert not schema_validator.is_valid(content)
    # AND the Developer Guide's schema and this model accept it
    assert developer_guide_validator.is_valid(content)
    assert ModelCard.from_content(content).to_content() == content


# -- limits -----------------------------------------------------------------------------------
def overview(**fields: Any) -> dict[str, Any]:
    return {"model_overview": fields}


def details(**fields: Any) -> dict[str, Any]:
    return {"model_package_details": fields}


def algorithm(**fields: Any) -> dict[str, Any]:
    return details(source_algorithms=[fields])


def container(**fields: Any) -> dict[str, Any]:
    return details(inference_specification={"containers": [fields]})


D = "model_package_details"
C = f"{D}.inference_specification.containers"
# Where each rule comes from (shown in each case's test id).
LEN = "Developer Guide schema maxLength"
MIN_LEN = "Developer Guide schema minLength/maxLength"
MINIMUM = "Developer Guide schema minimum 1"
ENUM = "Developer Guide schema enum (the API's ModelPackageStatus / ModelApprovalStatus)"
TYPE = "Developer Guide schema type"
REQUIRED = "schema required (bundled definitions)"
CLOSED = "unknown keys rejected (additionalProperties: false)"
IMAGES = "15 images: SDK ENVIRONMENT_CONTAINER_IMAGES_MAX_SIZE, CloudFormation maxItems 15"
ALGORITHMS = (
    "at most 15: SDK v2 SOURCE_ALGORITHMS_MAX_SIZE (the schema's min/maxContains apply to nothing)"
)
CONTAINERS = "at most 15: SDK v2 ENVIRONMENT_CONTAINER_IMAGES_MAX_SIZE (the schema's min/maxContains apply to nothing)"
DEF_LEN = "bundled definition maxLength"

L63, L64, L170, L171 = "x" * 63, "x" * 64, "x" * 170, "x" * 171
L255, L256, L1024, L1025 = "x" * 255, "x" * 256, "x" * 1024, "x" * 1025

# (id, content, path, message fragment, the Developer Guide schema alone accepts it, source)
# fmt: off
CASES = [
    ("model_id", overview(model_id=L1025), "model_overview.model_id", "at most 1024", False, LEN),
    ("model_name", overview(model_name=L1025), "model_overview.model_name", "at most 1024", False, LEN),
    ("model_version 0", overview(model_version=0), "model_overview.model_version", "at least 1", False, MINIMUM),
    ("model_version 0.5", overview(model_version=0.5), "model_overview.model_version", "at least 1", False, MINIMUM),
    ("model_version string", overview(model_version="3"), "model_overview.model_version", "must be a number", False, TYPE),
    ("model_version boolean", overview(model_version=True), "model_overview.model_version", "must be a number", False, TYPE),
    ("inference images", overview(inference_environment={"container_image": ["i"] * 16}), "model_overview.inference_environment.container_image", "at most 15", True, IMAGES),
    ("inference image", overview(inference_environment={"container_image": [L1025]}), "model_overview.inference_environment.container_image[0]", "at most 1024", False, LEN),
    ("inference environment key", overview(inference_environment={"image": "i"}), "model_overview.inference_environment.image", "unknown field", False, CLOSED),
    ("package description", details(model_package_description=L1025), f"{D}.model_package_description", "at most 1024", False, LEN),
    ("package arn empty", details(model_package_arn=""), f"{D}.model_package_arn", "1 to 2048", False, MIN_LEN),
    ("package arn long", details(model_package_arn="x" * 2049), f"{D}.model_package_arn", "1 to 2048", False, MIN_LEN),
    ("user profile name", details(created_by={"user_profile_name": L64}), f"{D}.created_by.user_profile_name", "at most 63", False, LEN),
    ("created_by key", details(created_by={"user_profile_arn": "a"}), f"{D}.created_by.user_profile_arn", "unknown field", False, CLOSED),
    ("package status", details(model_package_status="Done"), f"{D}.model_package_status", "must be one of", False, ENUM),
    ("approval status", details(model_approval_status="approved"), f"{D}.model_approval_status", "must be one of", False, ENUM),
    ("approval description", details(approval_description=L1025), f"{D}.approval_description", "at most 1024", False, LEN),
    ("group name empty", details(model_package_group_name=""), f"{D}.model_package_group_name", "1 to 63", False, MIN_LEN),
    ("group name long", details(model_package_group_name=L64), f"{D}.model_package_group_name", "1 to 63", False, MIN_LEN),
    ("package name empty", details(model_package_name=""), f"{D}.model_package_name", "1 to 63", False, MIN_LEN),
    ("package name long", details(model_package_name=L64), f"{D}.model_package_name", "1 to 63", False, MIN_LEN),
    ("package version", details(model_package_version=0), f"{D}.model_package_version", "at least 1", False, MINIMUM),
    ("domain", details(domain=1), f"{D}.domain", "must be a string", False, TYPE),
    ("task", details(task=["t"]), f"{D}.task", "must be a string", False, TYPE),
    ("details key", details(model_metrics={}), f"{D}.model_metrics", "unknown field", False, CLOSED),
    ("sixteen source algorithms", details(source_algorithms=[{"algorithm_name": "a"}] * 16), f"{D}.source_algorithms", "at most 15", True, ALGORITHMS),
    ("algorithm name missing", algorithm(model_data_url="s3://m"), f"{D}.source_algorithms[0].algorithm_name", "is required", False, REQUIRED),
    ("algorithm name", algorithm(algorithm_name=L171), f"{D}.source_algorithms[0].algorithm_name", "at most 170", False, DEF_LEN),
    ("algorithm data url", algorithm(algorithm_name="a", model_data_url=L1025), f"{D}.source_algorithms[0].model_data_url", "at most 1024", False, DEF_LEN),
    ("containers missing", details(inference_specification={}), f"{D}.inference_specification.containers", "is required", False, REQUIRED),
    ("sixteen containers", details(inference_specification={"containers": [{"image": "i"}] * 16}), C, "at most 15", True, CONTAINERS),
    ("container image missing", container(model_data_url="s3://m"), f"{C}[0].image", "is required", False, REQUIRED),
    ("container image", container(image=L256), f"{C}[0].image", "at most 255", False, DEF_LEN),
    ("container data url", container(image="i", model_data_url=L1025), f"{C}[0].model_data_url", "at most 1024", False, DEF_LEN),
    ("nearest model name", container(image="i", nearest_model_name=1), f"{C}[0].nearest_model_name", "must be a string", False, TYPE),
]
# fmt: on


@pytest.mark.parametrize(
    ("content", "path", "fragment", "schema_accepts"),
    [pytest.param(*case[1:5], id=f"{case[0]} [{case[5]}]") for case in CASES],
)
def test_each_developer_guide_limit_is_enforced(
    content: dict[str, Any],
    path: str,
    fragment: str,
    schema_accepts: bool,
    developer_guide_validator: jsonschema.Draft7Validator,
) -> None:
    # WHEN content breaking one rule is parsed THEN that rule is reported at its path
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content(content)
    assert caught.value.paths == [path]
    assert fragment in caught.value.problems[0].message
    # AND the schema alone lets it through exactly when the rule is stricter than it
    assert developer_guide_validator.is_valid(content) is schema_accepts


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (overview(model_id=L1024, model_name=L1024, model_version=1), "overview"),
        (
            overview(model_version=1.0, inference_environment={"container_image": [L1024] * 15}),
            "images",
        ),
        (
            details(model_package_arn="a", model_package_group_name="g", model_package_name="n"),
            "one character",
        ),
        (
            details(
                model_package_arn="a" * 2048, model_package_group_name=L63, model_package_name=L63
            ),
            "names",
        ),
        (
            details(
                model_package_description=L1024, approval_description=L1024, model_package_version=1
            ),
            "texts",
        ),
        (details(created_by={"user_profile_name": L63}, domain="", task=""), "creator"),
        (algorithm(algorithm_name=L170, model_data_url=L1024), "algorithm"),
        # what the SageMaker Python SDK sends for a package without source algorithms, and
        # SageMaker stores (tests/integ/test_model_card.py in the SDK)
        (details(source_algorithms=[]), "no source algorithm"),
        (details(source_algorithms=[{"algorithm_name": "a"}] * 15), "fifteen source algorithms"),
        (details(inference_specification={"containers": []}), "no container"),
        (
            details(
                inference_specification={
                    "containers": [{"image": L255, "model_data_url": L1024}] * 15
                }
            ),
            "containers",
        ),
    ],
)
def test_values_at_the_limits_are_accepted(
    content: dict[str, Any], name: str, developer_guide_validator: jsonschema.Draft7Validator
) -> None:
    card = ModelCard.from_content(content)
    assert card.to_content() == content, name
    assert developer_guide_validator.is_valid(content)


def test_every_problem_in_the_new_fields_is_listed() -> None:
    content = {
        **overview(model_version=0, inference_environment={"container_image": ["i"] * 16}),
        **details(
            model_package_arn="",
            model_approval_status="Ok",
            source_algorithms=[{"algorithm_name": "a"}] * 16,
            inference_specification={"containers": [{"image": L256}]},
        ),
    }
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content(content)
    assert caught.value.paths == [
        "model_overview.model_version",
        "model_overview.inference_environment.container_image",
        f"{D}.model_package_arn",
        f"{D}.model_approval_status",
        f"{D}.source_algorithms",
        f"{C}[0].image",
    ]


def test_problem_type_is_capped_at_1024_characters() -> None:
    # The Developer Guide schema (and CloudFormation's AWS::SageMaker::ModelCard) cap
    # model_overview.problem_type at 1024 characters; the bundled file does not.
    assert ModelCard.from_content(overview(problem_type=L1024)).to_content() == overview(
        problem_type=L1024
    )
    with pytest.raises(ValidationError) as caught:
        ModelCard.from_content(overview(problem_type=L1025))
    assert caught.value.paths == ["model_overview.problem_type"]
    assert "at most 1024" in caught.value.problems[0].message
