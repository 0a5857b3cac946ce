"""Sources lose nothing: every number of a report lands in the card, unrounded.

Reports of every shape are generated (Model Monitor binary, multiclass and regression
model quality; Clarify bias, SHAP, text SHAP, expected value and partial dependence; the
SageMaker Python SDK's metric schema file) and every number they hold must appear in the
evaluation made from them: as a metric value, or written in full precision in a note or
in the metadata.
"""

from __future__ import annotations

import re
import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sm_governance.card import EvaluationDetailsBuilder
from sm_governance.errors import ValidationError
from sm_governance.sources import evaluation_section

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
numbers = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**12), 10**12)
names = st.text(string.ascii_letters + string.digits + "_ -", min_size=1, max_size=24).filter(
    str.strip
)
_NUMBER_IN_TEXT = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _report_numbers(node: Any) -> list[float]:
    if isinstance(node, bool) or node is None or isinstance(node, str):
        return []
    if isinstance(node, (int, float)):
        return [node]
    values = node.values() if isinstance(node, dict) else node
    return [n for value in values for n in _report_numbers(value)]


def _output_numbers(node: Any) -> set[float]:
    if isinstance(node, str):
        return {float(m) for m in _NUMBER_IN_TEXT.findall(node)}
    if isinstance(node, bool) or node is None:
        return set()
    if isinstance(node, (int, float)):
        return {node}
    values = node.values() if isinstance(node, dict) else node
    return {n for value in values for n in _output_numbers(value)}


def _assert_lossless(report: dict[str, Any]) -> dict[str, Any]:
    section = evaluation_section(report)
    EvaluationDetailsBuilder(**section).build()  # the card holds it
    seen = _output_numbers(section)
    missing = [n for n in _report_numbers(report) if n not in seen]
    assert missing == []
    return section


def _measure() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"value": numbers, "standard_deviation": numbers})


def _curve(keys: tuple[str, str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.integers(1, 8).flatmap(
        lambda n: st.fixed_dictionaries(
            {k: st.lists(numbers, min_size=n, max_size=n) for k in keys}
        )
    )


def _confusion(labels: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    counts = st.integers(0, 10**6) | st.floats(0, 1e6)
    return st.fixed_dictionaries(
        {a: st.fixed_dictionaries(dict.fromkeys(labels, counts)) for a in labels}
    )


@st.composite
def quality_reports(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["binary", "multiclass", "regression"]))
    metrics = draw(st.dictionaries(names, _measure() | numbers, min_size=1, max_size=6))
    if kind == "regression":
        body = {"regression_metrics": metrics}
    else:
        size = 2 if kind == "binary" else draw(st.integers(3, 20))
        labels = draw(st.lists(names, min_size=size, max_size=size, unique=True))
        metrics["confusion_matrix"] = draw(_confusion(labels))
        if kind == "binary":
            metrics["receiver_operating_characteristic_curve"] = draw(
                _curve(("false_positive_rates", "true_positive_rates"))
            )
            metrics["precision_recall_curve"] = draw(_curve(("precisions", "recalls")))
        body = {f"{kind}_classification_metrics": metrics}
    return {"version": draw(numbers), "dataset": {"item_count": draw(numbers)}, **body}


@st.composite
def clarify_reports(draw: st.DrawFn) -> dict[str, Any]:
    report: dict[str, Any] = {}
    metric = st.fixed_dictionaries({"name": names, "description": names, "value": numbers})
    for stage in draw(st.sets(st.sampled_from(["pre", "post"]))):
        facets = draw(
            st.dictionaries(
                names,
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "value_or_threshold": names | numbers,
                            "metrics": st.lists(metric, max_size=4),
                        }
                    ),
                    min_size=1,
                    max_size=3,
                ),
                min_size=1,
                max_size=2,
            )
        )
        report[f"{stage}_training_bias_metrics"] = {
            "label": draw(names),
            "label_value_or_threshold": draw(names | numbers),
            "facets": facets,
        }
    explanations: dict[str, Any] = {}
    if draw(st.booleans()):
        explanations["kernel_shap"] = draw(
            st.dictionaries(
                names,
                st.fixed_dictionaries(
                    {
                        "global_shap_values": st.dictionaries(
                            names, numbers, min_size=1, max_size=6
                        ),
                        "expected_value": numbers,
                    },
                    optional={
                        "global_top_shap_text": st.dictionaries(
                            names,
                            st.dictionaries(names, numbers, min_size=1, max_size=4),
                            max_size=3,
                        )
                    },
                ),
                min_size=1,
                max_size=2,
            )
        )
    if draw(st.booleans()):
        explanations["pdp"] = draw(st.lists(_pdp_feature(), min_size=1, max_size=3))
    if explanations or not report:
        report["explanations"] = explanations or {"pdp": [draw(_pdp_feature())]}
    return report


@st.composite
def _pdp_feature(draw: st.DrawFn) -> dict[str, Any]:
    size = draw(st.integers(1, 6))
    numerical = draw(st.booleans())
    values = st.lists(numbers if numerical else names, min_size=size, max_size=size)
    labels = draw(st.lists(names, min_size=1, max_size=2, unique=True))
    return {
        "feature_name": draw(names),
        "data_type": "numerical" if numerical else "categorical",
        "data_distribution": draw(st.lists(numbers, min_size=size, max_size=size)),
        "feature_values": draw(values),
        "model_predictions": [
            draw(st.lists(numbers, min_size=size, max_size=size)) for _ in labels
        ],
        "label_headers": labels,
    }


@st.composite
def metric_schema_files(draw: st.DrawFn) -> dict[str, Any]:
    metric = st.fixed_dictionaries({"name": names, "type": st.just("number"), "value": numbers}) | (
        st.fixed_dictionaries(
            {
                "name": names,
                "type": st.just("linear_graph"),
                "value": st.lists(
                    st.lists(numbers, min_size=2, max_size=2), min_size=1, max_size=5
                ),
            }
        )
    )
    groups = st.fixed_dictionaries({"name": names, "metric_data": st.lists(metric, max_size=5)})
    return {"metric_groups": draw(st.lists(groups, min_size=1, max_size=3))}


@SETTINGS
@given(quality_reports())
def test_every_number_of_a_model_quality_report_lands_in_the_card(report: dict[str, Any]) -> None:
    _assert_lossless(report)


@SETTINGS
@given(clarify_reports())
def test_every_number_of_a_clarify_report_lands_in_the_card(report: dict[str, Any]) -> None:
    _assert_lossless(report)


@SETTINGS
@given(metric_schema_files())
def test_the_sdks_metric_schema_file_is_taken_whole(report: dict[str, Any]) -> None:
    section = _assert_lossless(report)
    assert section["metric_groups"] == report["metric_groups"]


def test_text_shap_and_partial_dependence() -> None:
    # GIVEN an explainability analysis.json with text SHAP and a categorical PDP
    report = {
        "explanations": {
            "kernel_shap": {
                "label0": {
                    "global_shap_values": {"review": 0.5},
                    "expected_value": 0.123456789012345,
                    "global_top_shap_text": {"review": {"charming": 0.040892217690726}},
                }
            },
            "pdp": [
                {
                    "feature_name": "Animal",
                    "data_type": "categorical",
                    "data_distribution": [0.1, 0.9],
                    "feature_values": ["Cat", "Dog"],
                    "model_predictions": [[0.8154899527132511, 0.787026209384203]],
                    "label_headers": ["label0"],
                }
            ],
        }
    }
    section = _assert_lossless(report)
    assert section["name"] == "clarify-explainability"
    groups = {g["name"]: g["metric_data"] for g in section["metric_groups"]}
    assert groups["explanations - global_top_shap_text, label=label0, feature=review"] == [
        {"name": "charming", "type": "number", "value": 0.040892217690726}
    ]
    pdp = {m["name"]: m for m in groups["explanations - pdp"]}
    assert pdp["model_predictions - feature=Animal, label=label0"] == {
        "name": "model_predictions - feature=Animal, label=label0",
        "type": "bar_chart",
        "value": [0.8154899527132511, 0.787026209384203],
        "x_axis_name": ["Cat", "Dog"],
        "y_axis_name": "label0",
    }


def test_what_cannot_be_held_is_named_with_its_reason_across_metadata_values() -> None:
    # GIVEN a report with many metrics Clarify could not compute
    failed = [{"name": f"M{i:03}", "value": None, "error": "x" * 40} for i in range(60)]
    report = {
        "pre_training_bias_metrics": {
            "label": "y",
            "label_value_or_threshold": 1,
            "facets": {"f": [{"value_or_threshold": 0, "metrics": failed}]},
        }
    }
    section = evaluation_section(report)
    metadata = section["metadata"]
    # THEN every one is named, split over metadata values a card can hold
    chunks = [metadata[k] for k in sorted(metadata) if k.startswith("skipped_metrics")]
    assert len(chunks) > 1
    assert all(len(chunk) <= 1024 for chunk in chunks)
    assert all(f"M{i:03}" in "".join(chunks) for i in range(60))
    assert section["metric_groups"] == [
        {"name": "pre_training_bias_metrics - label y = 1 and facet f=0", "metric_data": []}
    ]
    EvaluationDetailsBuilder(**section).build()


def test_unknown_keys_are_named_not_dropped() -> None:
    report = {
        "regression_metrics": {"mae": {"value": 1.5, "standard_deviation": 0.1, "p90": 3}},
        "model": "xgboost",
    }
    section = evaluation_section(report)
    assert section["metadata"]["skipped_metrics"] == (
        "mae.p90 (not part of this report shape); model (not part of this report shape)"
    )


def test_a_data_quality_statistics_file_is_a_clear_error() -> None:
    statistics = {
        "version": 0.0,
        "dataset": {"item_count": 418},
        "features": [{"name": "age", "inferred_type": "Integral", "numerical_statistics": {}}],
    }
    with pytest.raises(ValidationError, match="data-quality statistics file"):
        evaluation_section(statistics)


@pytest.mark.parametrize(
    "report",
    [{"regression_metrics": {}}, {"metrics": {}}, {"explanations": {}}, {"metric_groups": []}],
)
def test_a_report_without_any_value_is_a_clear_error(report: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="holds no metrics"):
        evaluation_section(report)
