"""Builders for the Developer Guide's standalone-card fields, and schema checks of their output."""

from __future__ import annotations

import jsonschema
import pytest

from sm_governance import ApprovalStatus, ValidationError
from sm_governance.card import (
    PACKAGE_MODEL_OVERVIEW_FIELDS,
    InferenceContainer,
    InferenceEnvironment,
    InferenceSpecification,
    ModelCard,
    ModelCardBuilder,
    ModelOverview,
    ModelOverviewBuilder,
    ModelPackageCreator,
    ModelPackageDetails,
    ModelPackageDetailsBuilder,
    ModelPackageStatus,
    SourceAlgorithm,
)

IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1.7"
ARN = "arn:aws:sagemaker:us-east-1:123456789012:model-package/credit-risk/3"


def test_overview_keywords_and_fluent_setters_give_the_same_section() -> None:
    by_keywords = ModelOverviewBuilder(
        model_creator="c",
        model_id="m-1",
        model_name="credit-risk",
        model_version=2,
        container_image=(IMAGE,),
    ).build()
    fluent = (
        ModelOverviewBuilder(model_creator="c")
        .model_id("m-1")
        .model_name("credit-risk")
        .model_version(2)
        .container_image([IMAGE])
        .build()
    )
    assert (
        by_keywords
        == fluent
        == ModelOverview(
            model_creator="c",
            model_id="m-1",
            model_name="credit-risk",
            model_version=2,
            inference_environment=InferenceEnvironment(container_image=[IMAGE]),
        )
    )


def test_overview_inference_environment_as_a_model_or_mapping() -> None:
    environment = InferenceEnvironment(container_image=["a"])
    assert (
        ModelOverviewBuilder(inference_environment=environment).build().inference_environment
        == environment
    )
    # images added later join those of an environment given as a model or as a mapping
    for given in (environment, {"container_image": ["a"]}):
        built = ModelOverviewBuilder().inference_environment(given).add_container_image("b", "c")
        assert built.build().inference_environment == InferenceEnvironment(
            container_image=["a", "b", "c"]
        )
    assert ModelOverviewBuilder().add_container_image("x").build().inference_environment == (
        InferenceEnvironment(container_image=["x"])
    )
    # and None unsets it
    unset = ModelOverviewBuilder(container_image=["a"]).container_image(None)
    assert unset.model_version(None).build() == ModelOverview()
    assert ModelOverviewBuilder(inference_environment={}).inference_environment(None).build() == (
        ModelOverview()
    )


def test_overview_builder_reports_the_new_fields_paths() -> None:
    with pytest.raises(ValidationError) as caught:
        ModelOverviewBuilder(model_version=0, container_image=["i"] * 16).build()
    assert caught.value.paths == ["model_version", "inference_environment.container_image"]


def test_package_details_keywords_and_fluent_setters_give_the_same_section() -> None:
    by_keywords = ModelPackageDetailsBuilder(
        model_package_description="d",
        model_package_arn=ARN,
        created_by=ModelPackageCreator(user_profile_name="ds-1"),
        model_package_status=ModelPackageStatus.COMPLETED,
        model_approval_status=ApprovalStatus.APPROVED,
        approval_description="ok",
        model_package_group_name="credit-risk",
        model_package_name="credit-risk",
        model_package_version=3,
        domain="Machine Learning",
        task="Classification",
        source_algorithms=[SourceAlgorithm(algorithm_name="xgb")],
        inference_specification=InferenceSpecification(
            containers=[InferenceContainer(image=IMAGE)]
        ),
    ).build()
    fluent = (
        ModelPackageDetailsBuilder()
        .model_package_description("d")
        .model_package_arn(ARN)
        .created_by_user("ds-1")
        .model_package_status("Completed")
        .model_approval_status("Approved")
        .approval_description("ok")
        .model_package_group_name("credit-risk")
        .model_package_name("credit-risk")
        .model_package_version(3)
        .domain("Machine Learning")
        .task("Classification")
        .source_algorithm("xgb")
        .inference_container(IMAGE)
        .build()
    )
    assert by_keywords == fluent
    assert isinstance(fluent, ModelPackageDetails)


def test_package_details_nested_objects_as_models_or_mappings() -> None:
    built = (
        ModelPackageDetailsBuilder()
        .created_by({"user_profile_name": "ds-1"})
        .source_algorithms([{"algorithm_name": "a"}])
        .source_algorithm("b", model_data_url="s3://m")  # replaces: SageMaker allows one
        .inference_specification(InferenceSpecification(containers=[InferenceContainer(image="i")]))
        .inference_container("j", model_data_url="s3://m", nearest_model_name="xgboost")
        .build()
    )
    assert built.to_dict() == {
        "created_by": {"user_profile_name": "ds-1"},
        "source_algorithms": [{"algorithm_name": "b", "model_data_url": "s3://m"}],
        "inference_specification": {
            "containers": [
                {"image": "i"},
                {"model_data_url": "s3://m", "image": "j", "nearest_model_name": "xgboost"},
            ]
        },
    }
    from_mapping = ModelPackageDetailsBuilder(
        inference_specification={"containers": [{"image": "i"}]}
    ).inference_container("j")
    assert [c.image for c in from_mapping.build().inference_specification.containers] == [  # type: ignore[union-attr]
        "i",
        "j",
    ]
    unset = ModelPackageDetailsBuilder(created_by={"user_profile_name": "x"}).created_by(None)
    assert unset.source_algorithms(None).inference_specification(None).build() == (
        ModelPackageDetails()
    )


def test_package_details_builder_reports_every_problem() -> None:
    with pytest.raises(ValidationError) as caught:
        ModelPackageDetailsBuilder(
            model_package_group_name="", model_approval_status="Yes"
        ).inference_container("x" * 256).build()
    assert caught.value.paths == [
        "model_approval_status",
        "model_package_group_name",
        "inference_specification.containers[0].image",
    ]


@pytest.mark.parametrize(
    "given",
    [
        ModelPackageDetails(model_package_group_name="g"),
        ModelPackageDetailsBuilder(model_package_group_name="g"),
        {"model_package_group_name": "g"},
    ],
    ids=["section", "builder", "mapping"],
)
def test_card_builder_takes_package_details_in_any_form(given: object) -> None:
    by_keyword = ModelCardBuilder(model_package_details=given).build()  # type: ignore[arg-type]
    fluent = ModelCardBuilder().model_package_details(given).build()  # type: ignore[arg-type]
    assert by_keyword == fluent
    assert by_keyword.to_content() == {"model_package_details": {"model_package_group_name": "g"}}
    assert ModelCardBuilder(model_package_details=given).model_package_details(None).build() == (  # type: ignore[arg-type]
        ModelCard()
    )


def test_card_builder_reports_package_details_paths() -> None:
    with pytest.raises(ValidationError) as caught:
        ModelCardBuilder(
            model_overview=ModelOverviewBuilder(model_name="x" * 1025),
            model_package_details=ModelPackageDetailsBuilder(model_package_version=0.5),
        ).build()
    assert caught.value.paths == [
        "model_overview.model_name",
        "model_package_details.model_package_version",
    ]


# -- schema checks of builder output -----------------------------------------------------------
def test_a_standalone_card_validates_against_the_developer_guide_schema(
    standalone_card: ModelCard,
    developer_guide_validator: jsonschema.Draft7Validator,
    schema_validator: jsonschema.Draft7Validator,
) -> None:
    assert list(developer_guide_validator.iter_errors(standalone_card.to_content())) == []
    # the bundled file knows none of the Developer Guide's fields, so it refuses this card
    assert not schema_validator.is_valid(standalone_card.to_content())


def test_the_package_flavour_of_a_standalone_card_validates_against_the_bundled_schema(
    standalone_card: ModelCard, schema_validator: jsonschema.Draft7Validator
) -> None:
    # GIVEN the standalone card without what a model package's card cannot hold
    content = standalone_card.to_content()
    del content["model_package_details"]
    content["model_overview"] = {
        k: v for k, v in content["model_overview"].items() if k in PACKAGE_MODEL_OVERVIEW_FIELDS
    }
    # THEN it is a package card, and the bundled schema file accepts it
    card = ModelCard.from_content(content, package=True)
    assert card.for_package() is card
    assert list(schema_validator.iter_errors(card.to_content())) == []
