"""Evaluation details from Model Monitor, Clarify and plain metric reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sm_governance.card import EvaluationDetailsBuilder, ModelCardBuilder
from sm_governance.errors import ValidationError
from sm_governance.sources import evaluation_from_report, evaluation_section
from sm_governance.sources.evaluation import detect_kind, load_report

REPORTS = Path(__file__).parent / "reports"


def _metrics(section: dict[str, Any], group: int = 0) -> dict[str, dict[str, Any]]:
    return {m["name"]: m for m in section["metric_groups"][group]["metric_data"]}


def test_binary_model_quality_report_becomes_every_metric_type() -> None:
    # GIVEN a Model Monitor model-quality statistics file for a binary classifier
    path = REPORTS / "model_quality_binary.json"
    # WHEN it becomes an evaluation and the evaluation is built into a card
    builder = evaluation_from_report(path, name="holdout", evaluation_job_arn="arn:job")
    assert isinstance(builder, EvaluationDetailsBuilder)
    job = builder.build()
    card = ModelCardBuilder().evaluation(builder).build()
    # THEN numbers carry their standard deviation, the matrix is labelled and curves are graphs
    section = card.to_content()["evaluation_details"][0]
    assert section["name"] == "holdout"
    assert section["evaluation_job_arn"] == "arn:job"
    assert section["metadata"] == {
        "item_count": "2793", "evaluation_time": "2024-06-30T12:00:00.000Z", "report_version": "0.0"
    }  # fmt: skip
    assert section["metric_groups"][0]["name"] == "binary_classification_metrics"
    metrics = _metrics(section)
    assert metrics["auc"] == {
        "name": "auc", "type": "number", "value": 0.9436, "notes": "standard deviation 0.0018"
    }  # fmt: skip
    assert metrics["f1"]["notes"] == "standard deviation NaN"  # as the report says
    matrix = metrics["confusion_matrix"]
    assert matrix["type"] == "matrix"
    assert matrix["value"] == [[1513, 206], [129, 945]]
    assert matrix["x_axis_name"] == ["predicted 0", "predicted 1"]
    assert matrix["y_axis_name"] == ["actual 0", "actual 1"]
    roc = metrics["receiver_operating_characteristic_curve"]
    assert roc["type"] == "linear_graph"
    assert roc["value"][1] == [0.05, 0.62]
    assert (roc["x_axis_name"], roc["y_axis_name"]) == ("false positive rate", "true positive rate")
    pr = metrics["precision_recall_curve"]
    assert pr["value"][1] == [0.62, 0.93]
    assert pr["x_axis_name"] == "recall"
    assert len(metrics) == 20  # every entry of the report
    assert job.name == "holdout"


def test_multiclass_confusion_matrix_fills_missing_cells_and_orders_labels() -> None:
    section = evaluation_section(REPORTS / "model_quality_multiclass.json")
    assert section["name"] == "model-quality"
    matrix = _metrics(section)["confusion_matrix"]
    assert matrix["y_axis_name"] == ["actual bird", "actual cat", "actual dog"]
    assert matrix["value"] == [[99, 0, 1], [2, 90, 8], [3, 5, 92]]
    assert "weighted_f1" in _metrics(section)


def test_regression_report() -> None:
    section = evaluation_section(REPORTS / "model_quality_regression.json", name="abalone")
    assert list(_metrics(section)) == ["mae", "mse", "rmse", "r2"]
    assert _metrics(section)["r2"]["value"] == pytest.approx(-1.3766111872212665)


def test_clarify_analysis_gives_the_sdks_groups_and_keeps_every_value() -> None:
    section = evaluation_section(REPORTS / "clarify_analysis.json")
    assert section["name"] == "clarify-bias"
    names = [g["name"] for g in section["metric_groups"]]
    # the SageMaker Python SDK's Clarify parser names groups the same way
    assert names == [
        "pre_training_bias_metrics - label target = 1 and facet feature_2=1",
        "post_training_bias_metrics - label target = 1 and facet feature_2=1",
        "explanations - global_shap_values, label=label0",
    ]
    assert _metrics(section, 0)["CI"] == {
        "name": "CI", "type": "number", "value": -0.18, "notes": "Class Imbalance (CI)",
    }  # fmt: skip
    assert sorted(_metrics(section, 1)) == ["DI", "DPPL"]
    assert section["metadata"] == {
        "post_training_bias_metrics.predicted_label": "target",
        "report_version": "1.0",
        "skipped_metrics": f"{names[1]}: CDDPL (Group column not provided)",
    }
    shap = _metrics(section, 2)
    assert list(shap) == ["feature_0", "feature_1", "feature_2", "expected_value"]
    assert shap["feature_0"]["value"] == 0.022486410860333206  # full precision
    assert shap["expected_value"]["value"] == 0.508233428001
    EvaluationDetailsBuilder(**section).build()


def test_plain_metrics_infer_types_and_groups() -> None:
    report = {
        "metrics": {
            "auc": 0.91,
            "passed_review": True,
            "grade": "A",
            "latency_buckets": [5, 9, 2],
            "fairness_score": {"value": 0.88, "standard_deviation": 0.01},
            "roc": {"type": "linear_graph", "value": [[0, 0], [1, 1]]},
            "latency": {"p50_ms": 120, "p95_ms": {"value": 480, "description": "95th"}},
            "broken": None,
        }
    }
    section = evaluation_section(report, name="offline", group="quality")
    groups = {g["name"]: {m["name"]: m for m in g["metric_data"]} for g in section["metric_groups"]}
    assert list(groups) == ["quality", "latency"]
    quality = groups["quality"]
    assert [m["type"] for m in quality.values()] == [
        "number", "boolean", "string", "bar_chart", "number", "linear_graph",
    ]  # fmt: skip
    assert quality["fairness_score"]["notes"] == "standard deviation 0.01"
    assert groups["latency"]["p95_ms"] == {
        "name": "p95_ms", "type": "number", "value": 480, "notes": "95th"
    }  # fmt: skip
    assert section["metadata"]["skipped_metrics"].startswith("broken (not a number")
    EvaluationDetailsBuilder(**section).build()


def test_plain_metric_list_form() -> None:
    report = {"metrics": [{"name": "auc", "type": "number", "value": 0.9}, "junk"]}
    section = evaluation_section(report)
    assert section["metric_groups"] == [
        {"name": "metrics", "metric_data": [{"name": "auc", "type": "number", "value": 0.9}]}
    ]


def test_what_a_card_cannot_hold_is_listed_not_dropped_silently() -> None:
    labels = [str(i) for i in range(21)]
    report = {
        "multiclass_classification_metrics": {
            "confusion_matrix": {a: dict.fromkeys(labels, 1) for a in labels},
            "accuracy": {"value": "NaN", "standard_deviation": "NaN"},
            "weird": "text",
        },
        "binary_classification_metrics": {
            "confusion_matrix": [[1, 2], [3, 4]],
            "receiver_operating_characteristic_curve": {"false_positive_rates": [0, 1]},
            "precision_recall_curve": {"precisions": [1, float("nan")], "recalls": [0, 1]},
        },
        "regression_metrics": {"rmse": {"value": 1.0}, "bad_matrix": {}},
    }
    section = evaluation_section(report)
    skipped = section["metadata"]["skipped_metrics"].split("; ")
    assert skipped == [
        "confusion_matrix (not an object of objects)",
        "receiver_operating_characteristic_curve (needs two lists false_positive_rates and "
        "true_positive_rates of one length)",
        "precision_recall_curve (a point is not a finite number)",
        "confusion_matrix (21 classes, more than the 20 a card matrix holds)",
        "accuracy (value NaN is not a finite number)",
        "weird (not a metric)",
        "bad_matrix (not a metric)",
    ]
    assert [g["name"] for g in section["metric_groups"]] == ["regression_metrics"]


def test_confusion_matrix_with_non_numeric_count_is_skipped() -> None:
    report = {"binary_classification_metrics": {"confusion_matrix": {"0": {"0": "x"}}}}
    section = evaluation_section(report)
    assert section["metadata"]["skipped_metrics"] == "confusion_matrix (a count is not a number)"
    assert section["metric_groups"] == []


def test_options_and_sources(tmp_path: Path) -> None:
    text = json.dumps({"metrics": {"auc": 0.9}})
    path = tmp_path / "r.json"
    path.write_text(text)
    a = evaluation_section(text, observation="ok", datasets=["s3://d"], metadata={"k": "v"})
    b = evaluation_section(
        text.encode(), observation="ok", datasets=["s3://d"], metadata={"k": "v"}
    )
    c = evaluation_section(str(path), observation="ok", datasets=["s3://d"], metadata={"k": "v"})
    assert a == b == c
    assert a["evaluation_observation"] == "ok"
    assert a["datasets"] == ["s3://d"]
    assert a["metadata"] == {"k": "v"}
    assert evaluation_section(text, kind="plain")["name"] == "evaluation"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("/no/such/report.json", "cannot read /no/such/report.json"),
        ("{not json", "is not JSON: line 1 column 2"),
        ("[1]", "cannot read"),
        (b"[1]", "must be a JSON object"),
        ({"something": 1}, "not a known evaluation report"),
    ],
)
def test_bad_reports_are_validation_errors(source: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        evaluation_section(source)


def test_bad_kind_and_bad_plain_metrics() -> None:
    with pytest.raises(ValidationError) as info:
        evaluation_section({"metrics": {}}, kind="autopilot")
    assert info.value.paths == ["kind"]
    with pytest.raises(ValidationError) as info:
        evaluation_section({"metrics": 3})
    assert info.value.paths == ["metrics"]


def test_detect_kind_and_load_report() -> None:
    assert detect_kind({"regression_metrics": {}}) == "model_quality"
    assert detect_kind({"explanations": {}}) == "clarify"
    assert detect_kind({"metrics": {}}) == "plain"
    assert load_report({"a": 1}) == {"a": 1}


_values = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.text(max_size=80),
    st.none(),
    st.lists(st.floats(allow_nan=False, allow_infinity=False, width=32), max_size=4),
    st.dictionaries(st.sampled_from(["value", "standard_deviation"]), st.floats(), max_size=2),
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=30), _values, max_size=6))
def test_any_plain_report_gives_a_section_or_a_clear_error(metrics: dict[str, Any]) -> None:
    if all(value == {} for value in metrics.values()):  # nothing at all: a clear error
        with pytest.raises(ValidationError, match="holds no metrics"):
            evaluation_section({"metrics": metrics})
        return
    section = evaluation_section({"metrics": metrics})
    # only values the card itself refuses (too-long strings, odd names) may fail, and then
    # with a field path into the metric groups
    assert all(p.startswith("metric_groups") for p in _problems(section))


def _problems(section: dict[str, Any]) -> list[str]:
    try:
        EvaluationDetailsBuilder(**section).build()
    except ValidationError as exc:
        return exc.paths
    return []


def test_a_report_cannot_add_to_or_hide_the_list_of_what_was_skipped() -> None:
    # GIVEN a model-quality report whose dataset facts use the names of the skipped listing
    report = {
        "binary_classification_metrics": {"auc": {"value": 0.9}, "bad": {"value": "x"}},
        "dataset": {"item_count": 10, "skipped_metrics": "none", "skipped_metrics_2": "forged"},
    }
    # WHEN the evaluation is made
    metadata = evaluation_section(report)["metadata"]
    # THEN the listing holds only what the card could not hold, the facts included by name
    assert metadata["item_count"] == "10"
    assert "skipped_metrics_2" not in metadata
    assert metadata["skipped_metrics"].startswith("bad (value x is not a finite number)")
    assert "dataset.skipped_metrics (" in metadata["skipped_metrics"]
    assert "dataset.skipped_metrics_2 (" in metadata["skipped_metrics"]


def test_caller_metadata_under_the_skipped_listing_name_is_refused_not_overwritten() -> None:
    report = {"binary_classification_metrics": {"bad": {"value": "x"}, "auc": {"value": 0.9}}}
    with pytest.raises(ValidationError, match="skipped") as info:
        evaluation_section(report, metadata={"skipped_metrics": "mine"})
    assert info.value.paths == ["metadata.skipped_metrics"]


@pytest.mark.parametrize(
    "text",
    [
        '{"metrics": {"auc": 0.9}, "dataset": {"k\\udc00": 1}}',
        '{"binary_classification_metrics": {"auc": {"value": 0.9}}, "dataset": {"k\\udc00": 1}}',
        '{"metrics": {"auc": 0.9, "note": "x\\ud800"}}',
    ],
)
def test_a_report_holding_escaped_lone_surrogates_is_refused_in_one_line(text: str) -> None:
    # GIVEN report JSON whose \\u escapes make text no card can hold (a lone surrogate)
    # WHEN it is read THEN it is refused naming where, instead of a key changed in silence
    with pytest.raises(ValidationError, match="lone surrogate") as info:
        evaluation_section(text)
    assert len(info.value.problems) == 1


def test_a_report_fact_the_caller_metadata_replaces_is_named_not_dropped() -> None:
    report = {"binary_classification_metrics": {"auc": {"value": 0.9}}, "dataset": {"rows": 10}}
    metadata = evaluation_section(report, metadata={"rows": "12", "team": "risk"})["metadata"]
    assert metadata["rows"] == "12"
    assert metadata["team"] == "risk"
    assert metadata["skipped_metrics"] == "rows (the report says 10; the metadata given wins)"
    # the same value twice is no conflict
    same = evaluation_section(report, metadata={"rows": "10"})["metadata"]
    assert same == {"rows": "10"}
