"""SageMaker Clarify ``analysis.json`` (bias and explainability) -> card metric groups.

Group names follow the SageMaker Python SDK's Clarify parser, so cards made here and cards
made by the SDK read alike:

- bias: one group per stage, facet and facet value,
  ``post_training_bias_metrics - label Target = 1 and facet Gender=0``, one number per
  metric (its description in the notes); a metric Clarify could not compute is skipped with
  Clarify's ``error``;
- SHAP: ``explanations - global_shap_values, label=L`` (one number per feature, largest
  magnitude first, and the ``expected_value``); text SHAP
  ``explanations - global_top_shap_text, label=L, feature=F`` (one number per token);
- partial dependence: ``explanations - pdp``, per feature a ``data_distribution`` and a
  ``model_predictions`` graph per label: linear graphs for numerical features, bar charts
  labelled with the values for categorical ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sm_governance.sources._collect import Collected, is_number, label_list, text

__all__ = ["CLARIFY_KEYS", "read_clarify"]

_STAGES = ("pre_training_bias_metrics", "post_training_bias_metrics")
CLARIFY_KEYS = (*_STAGES, "explanations")
_PDP = "explanations - pdp"


def _bias(stage: str, body: Any, out: Collected) -> None:
    if not isinstance(body, Mapping) or not isinstance(body.get("facets"), Mapping):
        out.skip(stage, "no facets object")
        return
    out.unknown(body, ("label", "label_value_or_threshold", "predicted_label", "facets"), stage)
    if "predicted_label" in body:
        out.meta(f"{stage}.predicted_label", body["predicted_label"])
    label = body.get("label")
    prefix = stage
    if label is not None:
        prefix += f" - label {text(label)} = {text(body.get('label_value_or_threshold'))} and"
    else:
        prefix += " -"
    for facet, entries in body["facets"].items():
        for entry in entries if isinstance(entries, list) else [entries]:
            if not isinstance(entry, Mapping) or not isinstance(entry.get("metrics"), list):
                out.skip(f"{stage}: facet {facet}", "not a list of facet values with metrics")
                continue
            group = f"{prefix} facet {facet}={text(entry.get('value_or_threshold'))}"
            out.declare(group)  # a facet value analysed, even without metrics
            out.unknown(entry, ("value_or_threshold", "metrics"), group)
            for item in entry["metrics"]:
                _bias_metric(group, item, out)


def _bias_metric(group: str, item: Any, out: Collected) -> None:
    if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
        out.skip(group, f"{text(item)} is not a named metric")
        return
    name = item["name"]
    value = item.get("value")
    out.unknown(item, ("name", "description", "value", "error"), f"{group}: {name}")
    if not is_number(value):
        why = item.get("error") or f"value {text(value)} is not a finite number"
        out.skip(f"{group}: {name}", text(why))
        return
    description = item.get("description")
    out.number(group, name, value, text(description) if description is not None else None)
    if item.get("error"):
        out.skip(f"{group}: {name} error", text(item["error"]))


def _numbers(group: str, values: Any, out: Collected, *, by_size: bool = False) -> None:
    if not isinstance(values, Mapping):
        out.skip(group, "not an object of numbers")
        return
    out.declare(group)
    items = list(values.items())
    if by_size:
        items.sort(key=lambda kv: -abs(kv[1]) if is_number(kv[1]) else 0.0)
    for key, value in items:
        out.number(group, str(key), value)


def _kernel_shap(body: Any, out: Collected) -> None:
    if not isinstance(body, Mapping):
        out.skip("explanations.kernel_shap", "not an object of labels")
        return
    for label, result in body.items():
        where = f"explanations.kernel_shap.{label}"
        if not isinstance(result, Mapping):
            out.skip(where, "not an object")
            continue
        group = f"explanations - global_shap_values, label={label}"
        if "global_shap_values" in result:
            _numbers(group, result["global_shap_values"], out, by_size=True)
        if "expected_value" in result:
            out.number(group, "expected_value", result["expected_value"], "SHAP base value")
        texts = result.get("global_top_shap_text")
        if isinstance(texts, Mapping):
            for feature, tokens in texts.items():
                top = f"explanations - global_top_shap_text, label={label}, feature={feature}"
                _numbers(top, tokens, out)
        elif texts is not None:
            out.skip(f"{where}.global_top_shap_text", "not an object of features")
        out.unknown(result, ("global_shap_values", "expected_value", "global_top_shap_text"), where)


def _graph(
    name: str, xs: list[Any], ys: Any, out: Collected, *, numerical: bool, axes: tuple[str, str]
) -> None:
    x_axis, y_axis = axes
    if not isinstance(ys, list) or len(ys) != len(xs) or not all(is_number(y) for y in ys):
        out.skip(f"{_PDP}: {name}", "needs one finite number per feature value")
        return
    metric: dict[str, Any] = {"name": name}
    if numerical:
        metric.update(type="linear_graph", value=[[x, y] for x, y in zip(xs, ys, strict=True)])
        if label_list([x_axis]):
            metric["x_axis_name"] = x_axis
    else:
        metric.update(type="bar_chart", value=ys)
        labels = label_list(xs)
        if labels:
            metric["x_axis_name"] = labels
        else:
            out.note(metric, f"feature values {text(xs)}", f"{_PDP}: {name}")
    if label_list([y_axis]):
        metric["y_axis_name"] = y_axis
    out.add(_PDP, metric)


def _pdp(features: Any, out: Collected) -> None:
    for feature in features if isinstance(features, list) else [features]:
        if not isinstance(feature, Mapping) or "feature_name" not in feature:
            out.skip("explanations.pdp", f"{text(feature)[:80]} is not a feature")
            continue
        name = text(feature["feature_name"])
        known = ("feature_name", "data_type", "data_distribution", "feature_values")
        out.unknown(feature, (*known, "model_predictions", "label_headers"), f"pdp {name}")
        xs = feature.get("feature_values")
        numerical = feature.get("data_type") == "numerical"
        if not isinstance(xs, list) or not xs or (numerical and not all(map(is_number, xs))):
            out.skip(f"{_PDP}: {name}", "feature_values is not a list of values")
            continue
        distribution = f"data_distribution - feature={name}"
        axes = (name, "Data distribution")
        _graph(
            distribution, xs, feature.get("data_distribution"), out, numerical=numerical, axes=axes
        )
        headers = feature.get("label_headers") or []
        predictions = feature.get("model_predictions") or []
        if not isinstance(headers, list) or not isinstance(predictions, list):
            out.skip(f"{_PDP}: model_predictions - feature={name}", "not lists")
            continue
        for index, ys in enumerate(predictions):
            header = text(headers[index]) if index < len(headers) else str(index)
            title = f"model_predictions - feature={name}, label={header}"
            _graph(title, xs, ys, out, numerical=numerical, axes=(name, header))


def read_clarify(report: Mapping[str, Any], out: Collected) -> None:
    """Collect every value of a Clarify ``analysis.json`` into ``out``."""
    for stage in _STAGES:
        if stage in report:
            _bias(stage, report[stage], out)
    explanations = report.get("explanations")
    if isinstance(explanations, Mapping):
        if "kernel_shap" in explanations:
            _kernel_shap(explanations["kernel_shap"], out)
        if "pdp" in explanations:
            _pdp(explanations["pdp"], out)
        out.unknown(explanations, ("kernel_shap", "pdp"), "explanations")
    elif explanations is not None:
        out.skip("explanations", "not an object")
    if "version" in report:
        out.meta("report_version", report["version"])
    out.unknown(report, (*CLARIFY_KEYS, "version"), "")
