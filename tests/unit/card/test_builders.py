"""Builders: schema field names as keywords, fluent setters, validation at build()."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from sm_governance import RiskRating, ValidationError
from sm_governance.card import (
    AdditionalInformation,
    AdditionalInformationBuilder,
    BusinessDetails,
    BusinessDetailsBuilder,
    EvaluationDetailsBuilder,
    EvaluationJob,
    HyperParameter,
    IntendedUses,
    IntendedUsesBuilder,
    MetricGroup,
    ModelCard,
    ModelCardBuilder,
    ModelOverview,
    ModelOverviewBuilder,
    NumberMetric,
    ObjectiveFunction,
    TrainingDetails,
    TrainingDetailsBuilder,
    TrainingEnvironment,
    TrainingJobDetails,
    TrainingMetric,
)


def test_the_full_card_validates_against_the_official_schema(
    full_card: ModelCard, schema_validator: jsonschema.Draft7Validator
) -> None:
    errors = list(schema_validator.iter_errors(full_card.to_content()))
    assert errors == []


def test_the_blog_example_takes_a_few_readable_lines(
    schema_validator: jsonschema.Draft7Validator,
) -> None:
    # GIVEN the AWS blog's card: overview with only the creator, Low risk, business details,
    # additional information with custom details and the DataZone project
    card = (
        ModelCardBuilder(
            model_overview=ModelOverviewBuilder(model_creator="Data science team"),
            intended_uses=IntendedUsesBuilder(
                purpose_of_model="Predict customer churn", risk_rating=RiskRating.LOW
            ),
            business_details=BusinessDetailsBuilder(
                business_problem="Reduce churn", line_of_business="Telecom"
            ),
            additional_information=AdditionalInformationBuilder(
                custom_details={"Model owner team": "Churn analytics"}
            ),
        )
        .datazone_project("5jdi2hjv0xq2jb", domain_id="dzd_4p9n6sw4qt9xgn")
        .build()
    )
    # THEN it is a valid package card that the schema accepts, and it says where it belongs
    assert card.for_package() is card
    assert schema_validator.is_valid(card.to_content())
    assert card.risk_rating is RiskRating.LOW
    assert card.datazone_project_id == "5jdi2hjv0xq2jb"
    assert card.custom_details == {
        "Model owner team": "Churn analytics",
        "datazone_domain_id": "dzd_4p9n6sw4qt9xgn",
        "datazone_project_id": "5jdi2hjv0xq2jb",
    }


def test_keywords_and_fluent_setters_give_the_same_section() -> None:
    by_keywords = IntendedUsesBuilder(
        purpose_of_model="p",
        intended_uses="u",
        factors_affecting_model_efficiency="f",
        risk_rating="High",
        explanations_for_risk_rating="e",
    ).build()
    fluent = (
        IntendedUsesBuilder()
        .purpose_of_model("p")
        .intended_uses("u")
        .factors_affecting_model_efficiency("f")
        .risk_rating(RiskRating.HIGH)
        .explanations_for_risk_rating("e")
        .build()
    )
    assert by_keywords == fluent
    assert isinstance(fluent, IntendedUses)


def test_overview_builder() -> None:
    built = (
        ModelOverviewBuilder(model_artifact=("s3://a",))
        .model_description("d")
        .model_creator("c")
        .add_model_artifact("s3://b", "s3://c")
        .algorithm_type("a")
        .problem_type("p")
        .model_owner("o")
        .build()
    )
    assert built == ModelOverview(
        model_description="d",
        model_creator="c",
        model_artifact=["s3://a", "s3://b", "s3://c"],
        algorithm_type="a",
        problem_type="p",
        model_owner="o",
    )
    assert ModelOverviewBuilder().add_model_artifact("s3://x").build().model_artifact == ["s3://x"]
    assert ModelOverviewBuilder(model_creator="c").model_artifact(["s3://y"]).model_artifact(
        None
    ).build() == ModelOverview(model_creator="c")


def test_setting_none_unsets_a_field() -> None:
    builder = BusinessDetailsBuilder(business_problem="b").business_problem(None)
    assert builder.build() == BusinessDetails()
    assert repr(BusinessDetailsBuilder(line_of_business="l")) == (
        "BusinessDetailsBuilder(line_of_business)"
    )


def test_business_and_additional_builders() -> None:
    business = (
        BusinessDetailsBuilder()
        .business_problem("b")
        .business_stakeholders("s")
        .line_of_business("l")
        .build()
    )
    assert business == BusinessDetails(
        business_problem="b", business_stakeholders="s", line_of_business="l"
    )
    info = (
        AdditionalInformationBuilder()
        .ethical_considerations("e")
        .caveats_and_recommendations("c")
        .custom_details({"a": "1"})
        .custom_detail("b", "2")
        .build()
    )
    assert info == AdditionalInformation(
        ethical_considerations="e",
        caveats_and_recommendations="c",
        custom_details={"a": "1", "b": "2"},
    )


def test_build_reports_every_problem_in_the_section() -> None:
    with pytest.raises(ValidationError) as caught:
        IntendedUsesBuilder(purpose_of_model="x" * 2049, risk_rating="Critical").build()
    assert caught.value.paths == ["purpose_of_model", "risk_rating"]


def test_training_builder_flattens_the_job_details() -> None:
    details = (
        TrainingDetailsBuilder(
            training_arn="arn",
            training_datasets=["s3://d"],
            container_image=["img"],
            training_metrics=[TrainingMetric(name="a", value=1)],
            user_provided_training_metrics=[{"name": "b", "value": 2}],
            hyper_parameters=[HyperParameter(name="h", value="1")],
            user_provided_hyper_parameters={"u": "2"},
        )
        .training_observations("o")
        .objective("Maximize", notes="auc")
        .training_metric("c", 3.5)
        .hyper_parameter("flag")
        .user_provided_training_metric("d", 4, notes="n")
        .user_provided_hyper_parameter("v", "3")
        .build()
    )
    assert details.to_dict() == {
        "objective_function": {"function": {"function": "Maximize"}, "notes": "auc"},
        "training_observations": "o",
        "training_job_details": {
            "training_arn": "arn",
            "training_datasets": ["s3://d"],
            "training_environment": {"container_image": ["img"]},
            "training_metrics": [{"name": "a", "value": 1}, {"name": "c", "value": 3.5}],
            "user_provided_training_metrics": [
                {"name": "b", "value": 2},
                {"name": "d", "notes": "n", "value": 4},
            ],
            "hyper_parameters": [{"name": "h", "value": "1"}, {"name": "flag"}],
            "user_provided_hyper_parameters": [
                {"name": "u", "value": "2"},
                {"name": "v", "value": "3"},
            ],
        },
    }


def test_training_builder_merges_given_job_details_with_single_fields() -> None:
    base = TrainingJobDetails(
        training_arn="old",
        training_environment=TrainingEnvironment(container_image=["a"]),
        training_datasets=["s3://kept"],
    )
    details = (
        TrainingDetailsBuilder(training_job_details=base)
        .training_arn("new")
        .container_image(["b"])
        .build()
    )
    job = details.training_job_details
    assert job is not None
    assert job.training_arn == "new"
    assert job.training_datasets == ["s3://kept"]
    assert job.training_environment == TrainingEnvironment(container_image=["b"])
    mapping = TrainingDetailsBuilder(training_job_details={"training_arn": "m"}).container_image(
        ["c"]
    )
    assert mapping.build().to_dict() == {
        "training_job_details": {
            "training_arn": "m",
            "training_environment": {"container_image": ["c"]},
        }
    }


def test_training_builder_section_fields_and_unsetting() -> None:
    objective = ObjectiveFunction(notes="n")
    details = (
        TrainingDetailsBuilder(training_arn="a", training_datasets=["s3://d"])
        .objective_function(objective)
        .training_job_details({"training_arn": "x"})
        .training_arn(None)
        .training_datasets(None)
        .hyper_parameters(None)
        .training_metrics(None)
        .user_provided_training_metrics(None)
        .user_provided_hyper_parameters(None)
        .container_image(None)
        .build()
    )
    assert details == TrainingDetails(
        objective_function=objective, training_job_details=TrainingJobDetails(training_arn="x")
    )
    assert TrainingDetailsBuilder().build() == TrainingDetails()
    assert TrainingDetailsBuilder().objective().build().to_dict() == {"objective_function": {}}


def test_training_builder_reports_paths_inside_the_section() -> None:
    with pytest.raises(ValidationError) as caught:
        TrainingDetailsBuilder().training_metric("m", "high").hyper_parameter("").build()  # type: ignore[arg-type]
    assert caught.value.paths == [
        "training_job_details.training_metrics[0].value",
        "training_job_details.hyper_parameters[0].name",
    ]


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (True, "boolean"),
        (3, "number"),
        (0.5, "number"),
        ("ok", "string"),
        ([1, 2], "bar_chart"),
        ((1, 2), "bar_chart"),
    ],
)
def test_metric_type_is_inferred_from_scalars_and_flat_lists(value: Any, kind: str) -> None:
    job = EvaluationDetailsBuilder(name="e").metric("g", "m", value).build()
    assert job.metric_groups is not None
    assert job.metric_groups[0].metric_data[0].type == kind


@pytest.mark.parametrize("value", [[[0, 1], [1, 1]], [], {"a": 1}])
def test_metric_type_must_be_given_when_the_value_is_ambiguous(value: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        EvaluationDetailsBuilder(name="e").metric("g", "m", value).build()
    assert caught.value.paths == ["metric_groups[0].metric_data[0].type"]


def test_metric_adds_to_a_group_the_caller_handed_in_without_changing_it() -> None:
    # GIVEN groups handed in as a mapping and as a model, which the caller keeps using
    mapping_metrics: list[Any] = [{"name": "auc", "type": "number", "value": 0.9}]
    mapping = {"name": "quality", "metric_data": mapping_metrics}
    model = MetricGroup(name="fairness", metric_data=[NumberMetric(name="dpl", value=0.1)])
    builder = EvaluationDetailsBuilder(name="e", metric_groups=[mapping, model])
    # WHEN metrics are added to both groups by name
    job = builder.metric("quality", "f1", 0.8).metric("fairness", "di", 0.95).build()
    # THEN each group holds its new metric, and no second group of the same name is made
    assert job.metric_groups is not None
    assert [(g.name, [m.name for m in g.metric_data]) for g in job.metric_groups] == [
        ("quality", ["auc", "f1"]),
        ("fairness", ["dpl", "di"]),
    ]
    # AND what the caller handed in is unchanged
    assert mapping == {"name": "quality", "metric_data": [mapping_metrics[0]]}
    assert len(mapping_metrics) == 1
    assert [m.name for m in model.metric_data] == ["dpl"]


def test_evaluation_builder() -> None:
    job = (
        EvaluationDetailsBuilder(metric_groups=[MetricGroup(name="first", metric_data=[])])
        .name("e")
        .evaluation_observation("o")
        .evaluation_job_arn("arn")
        .datasets(["s3://d"])
        .metadata({"k": "v"})
        .metric_group("second", [NumberMetric(name="n", value=1)])
        .metric("second", "m", 2, notes="n", x_axis_name="x", y_axis_name="y")
        .metric("third", "cm", [[1]], type="matrix", x_axis_name=("c",), y_axis_name=["r"])
        .build()
    )
    assert isinstance(job, EvaluationJob)
    assert job.to_dict() == {
        "name": "e",
        "evaluation_observation": "o",
        "evaluation_job_arn": "arn",
        "datasets": ["s3://d"],
        "metadata": {"k": "v"},
        "metric_groups": [
            {"name": "first", "metric_data": []},
            {
                "name": "second",
                "metric_data": [
                    {"name": "n", "type": "number", "value": 1},
                    {
                        "name": "m",
                        "notes": "n",
                        "type": "number",
                        "value": 2,
                        "x_axis_name": "x",
                        "y_axis_name": "y",
                    },
                ],
            },
            {
                "name": "third",
                "metric_data": [
                    {
                        "name": "cm",
                        "type": "matrix",
                        "value": [[1]],
                        "x_axis_name": ["c"],
                        "y_axis_name": ["r"],
                    }
                ],
            },
        ],
    }
    assert EvaluationDetailsBuilder(name="e").metric_groups(None).build() == EvaluationJob(name="e")


def test_card_builder_takes_sections_builders_and_mappings_alike() -> None:
    from_sections = ModelCardBuilder(
        model_overview=ModelOverview(model_creator="c"),
        intended_uses=IntendedUses(risk_rating="Low"),
        business_details=BusinessDetails(line_of_business="l"),
        training_details=TrainingDetails(training_observations="t"),
        evaluation_details=[EvaluationJob(name="e")],
        additional_information=AdditionalInformation(ethical_considerations="x"),
    ).build()
    from_builders = (
        ModelCardBuilder()
        .model_overview(ModelOverviewBuilder(model_creator="c"))
        .intended_uses(IntendedUsesBuilder(risk_rating="Low"))
        .business_details(BusinessDetailsBuilder(line_of_business="l"))
        .training_details(TrainingDetailsBuilder(training_observations="t"))
        .evaluation(EvaluationDetailsBuilder(name="e"))
        .additional_information(AdditionalInformationBuilder(ethical_considerations="x"))
        .build()
    )
    from_mappings = ModelCardBuilder(
        model_overview={"model_creator": "c"},
        intended_uses={"risk_rating": "Low"},
        business_details={"line_of_business": "l"},
        training_details={"training_observations": "t"},
        evaluation_details=[{"name": "e"}],
        additional_information={"ethical_considerations": "x"},
    ).build()
    assert from_sections == from_builders == from_mappings
    assert ModelCardBuilder().build() == ModelCard()
    assert ModelCardBuilder(intended_uses={"risk_rating": "Low"}).intended_uses(None).build() == (
        ModelCard()
    )
    replaced = ModelCardBuilder().evaluation({"name": "a"}).evaluation_details([{"name": "b"}])
    assert [e.name for e in replaced.build().evaluation_details or []] == ["b"]


def test_card_builder_reports_every_problem_in_every_section_with_full_paths() -> None:
    with pytest.raises(ValidationError) as caught:
        (
            ModelCardBuilder()
            .model_overview(ModelOverviewBuilder(model_creator="c" * 1025))
            .intended_uses(IntendedUsesBuilder(risk_rating="Severe"))
            .evaluation(
                EvaluationDetailsBuilder(name="e").metric("g", "m", [[1], [2, True]], type="matrix")
            )
            .build()
        )
    assert caught.value.paths == [
        "model_overview.model_creator",
        "intended_uses.risk_rating",
        "evaluation_details[0].metric_groups[0].metric_data[0].value[1][1]",
    ]


def test_datazone_project_and_domain_go_into_custom_details() -> None:
    card = (
        ModelCardBuilder(additional_information=AdditionalInformation(custom_details={"a": "1"}))
        .datazone_project("proj_1-A")
        .build()
    )
    assert card.custom_details == {"a": "1", "datazone_project_id": "proj_1-A"}
    assert card.datazone_domain_id is None
    with_domain = ModelCardBuilder().datazone_project("p" * 36, domain_id="dzd-" + "d" * 36).build()
    assert with_domain.datazone_project_id == "p" * 36
    assert with_domain.datazone_domain_id == "dzd-" + "d" * 36


def test_datazone_project_replaces_an_earlier_one() -> None:
    card = ModelCardBuilder().datazone_project("one", "dzd_x").datazone_project("two").build()
    assert card.custom_details == {"datazone_project_id": "two"}


@pytest.mark.parametrize(
    ("project", "domain", "paths"),
    [
        ("", None, ["additional_information.custom_details.datazone_project_id"]),
        ("p" * 37, None, ["additional_information.custom_details.datazone_project_id"]),
        ("has space", None, ["additional_information.custom_details.datazone_project_id"]),
        ("ok", "dzd", ["additional_information.custom_details.datazone_domain_id"]),
        ("ok", "dze-1", ["additional_information.custom_details.datazone_domain_id"]),
        ("ok", "dzd-" + "d" * 37, ["additional_information.custom_details.datazone_domain_id"]),
        (
            "no/slash",
            "dzd.1",
            [
                "additional_information.custom_details.datazone_project_id",
                "additional_information.custom_details.datazone_domain_id",
            ],
        ),
    ],
)
def test_datazone_ids_are_validated(project: str, domain: str | None, paths: list[str]) -> None:
    # DataZone project IDs are [a-zA-Z0-9_-]{1,36}; domain IDs dzd[-_][a-zA-Z0-9_-]{1,36}
    builder = ModelCardBuilder().datazone_project(project, domain_id=domain)  # never raises
    with pytest.raises(ValidationError) as caught:
        builder.build()
    assert caught.value.paths == paths


def test_a_bad_datazone_id_is_reported_with_every_other_problem() -> None:
    # GIVEN a card with a bad DataZone ID and another invalid field
    builder = ModelCardBuilder(intended_uses={"risk_rating": "Extreme"}).datazone_project("bad id")
    # WHEN it is built THEN both problems are listed together
    with pytest.raises(ValidationError) as caught:
        builder.build()
    assert caught.value.paths == [
        "intended_uses.risk_rating",
        "additional_information.custom_details.datazone_project_id",
    ]


def test_container_image_joins_an_environment_given_as_a_section() -> None:
    job = {"training_environment": TrainingEnvironment(container_image=["a"]), "training_arn": "t"}
    details = TrainingDetailsBuilder(training_job_details=job).container_image(["b"]).build()
    assert details.to_dict() == {
        "training_job_details": {
            "training_arn": "t",
            "training_environment": {"container_image": ["b"]},
        }
    }
