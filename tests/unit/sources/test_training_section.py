"""training_section: DescribeTrainingJob responses to training details, without AWS."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sm_governance.card import ModelCardBuilder
from sm_governance.sources import training_section


def test_an_empty_description_gives_an_empty_section() -> None:
    assert training_section({}) == {}


def test_metrics_without_finite_values_and_repeated_datasets_are_left_out() -> None:
    s3 = {"DataSource": {"S3DataSource": {"S3Uri": "s3://d/train"}}}
    section = training_section(
        {
            "InputDataConfig": [s3, s3, {"DataSource": {}}, {}],
            "FinalMetricDataList": [
                {"MetricName": "loss", "Value": 0.2},
                {"MetricName": "nan", "Value": float("nan")},
                {"Value": 1.0},
            ],
            "HyperParameters": {"a": '"unterminated', "b": '"[1]"', "c": '"x"y"'},
        }
    )
    job = section["training_job_details"]
    assert job["training_datasets"] == ["s3://d/train"]
    assert job["training_metrics"] == [{"name": "loss", "value": 0.2}]
    assert job["hyper_parameters"] == [
        {"name": "a", "value": '"unterminated'},
        {"name": "b", "value": "[1]"},
        {"name": "c", "value": '"x"y"'},
    ]


def test_tuning_objective_shapes() -> None:
    long_metric = "m" * 64
    tuning = {
        "HyperParameterTuningJobName": "t",
        "HyperParameterTuningJobConfig": {
            "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": long_metric}
        },
    }
    objective = training_section({}, tuning=tuning)["objective_function"]
    assert objective["function"] == {"function": "Maximize"}
    assert long_metric in objective["notes"]
    assert training_section({}, tuning={"HyperParameterTuningJobConfig": {}}) == {}


@given(st.dictionaries(st.text(max_size=20), st.text(max_size=40), max_size=8))
def test_hyper_parameters_are_sorted_and_sagemaker_internal_ones_left_out(
    params: dict[str, str],
) -> None:
    section = training_section({"HyperParameters": params})
    names = [p["name"] for p in section.get("training_job_details", {}).get("hyper_parameters", [])]
    assert names == sorted(
        n for n in params if not n.startswith(("sagemaker_", "_tuning_objective_metric"))
    )


def test_a_quoted_value_is_not_unquoted_into_text_that_is_not_unicode() -> None:
    # GIVEN a hyper-parameter whose JSON quoting holds an escaped lone surrogate
    raw = '"a\\ud800b"'
    section = training_section({"HyperParameters": {"p": raw, "q": '"caf\\u00e9"'}})
    # WHEN it is read THEN the value is kept as SageMaker holds it, and the card builds
    params = section["training_job_details"]["hyper_parameters"]
    assert params == [{"name": "p", "value": raw}, {"name": "q", "value": "café"}]
    card = ModelCardBuilder(training_details=section).build()
    job = card.to_content()["training_details"]["training_job_details"]
    assert job["hyper_parameters"][0]["value"] == raw
    assert card.to_content_json().encode("utf-8")
