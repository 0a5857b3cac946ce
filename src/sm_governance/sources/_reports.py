"""Evaluation report shapes -> card metric groups (pure).

Three shapes are understood:

- **model quality**: SageMaker Model Monitor model-quality statistics (and the
  ``evaluation.json`` of the SageMaker Pipelines examples, which uses the same shape): a
  ``binary_classification_metrics``, ``multiclass_classification_metrics`` or
  ``regression_metrics`` object whose entries are ``{"value": v, "standard_deviation": s}``,
  plus ``confusion_matrix`` (``{actual: {predicted: count}}``),
  ``receiver_operating_characteristic_curve`` (``false_positive_rates`` /
  ``true_positive_rates``) and ``precision_recall_curve`` (``precisions`` / ``recalls``);
- **Clarify**: a SageMaker Clarify ``analysis.json``: ``pre_training_bias_metrics`` and
  ``post_training_bias_metrics`` with ``facets: {facet: [{value_or_threshold, metrics:
  [{name, description, value}]}]}``, and ``explanations.kernel_shap.<label>.global_shap_values``;
- **plain**: ``{"metrics": {...}}`` where each entry is a value (number, string, boolean,
  a list of numbers for a bar chart), a full metric object (``{"type": ..., "value": ...}``),
  or an object of such entries, which becomes a metric group of that name.

What a card cannot hold is skipped and listed, never silently dropped: metrics without a
finite number, and matrices larger than 20 x 20, are named in the evaluation's
``metadata["skipped_metrics"]``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from sm_governance.card._limits import (
    AXIS_NAME_MAX,
    EVALUATION_NAME_MAX,
    MATRIX_MAX_SIDE,
    METRIC_NAME_MAX,
)
from sm_governance.errors import Problem, ValidationError

__all__ = ["REPORT_KINDS", "detect_kind", "metric_groups"]

REPORT_KINDS = ("model_quality", "clarify", "plain")
_QUALITY_KEYS = (
    "binary_classification_metrics",
    "multiclass_classification_metrics",
    "regression_metrics",
)
_CLARIFY_KEYS = ("pre_training_bias_metrics", "post_training_bias_metrics", "explanations")


def detect_kind(report: Mapping[str, Any]) -> str:
    """Which report shape ``report`` has: ``model_quality``, ``clarify`` or ``plain``.

    Raises:
        ValidationError: when it has none of the keys that identify a known shape.
    """
    if any(k in report for k in _QUALITY_KEYS):
        return "model_quality"
    if any(k in report for k in _CLARIFY_KEYS):
        return "clarify"
    if "metrics" in report:
        return "plain"
    expected = ", ".join([*_QUALITY_KEYS, *_CLARIFY_KEYS, "metrics"])
    raise ValidationError(
        [Problem("", f"not a known evaluation report: expected one of the keys {expected}")],
        subject="evaluation report",
    )


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def _number(name: str, value: Any, notes: str | None = None) -> dict[str, Any] | None:
    number = _finite(value)
    if number is None:
        return None
    metric: dict[str, Any] = {
        "name": _clip(name, METRIC_NAME_MAX),
        "type": "number",
        "value": value,
    }
    if notes:
        metric["notes"] = notes
    return metric


def _label_order(labels: set[str]) -> list[str]:
    def key(label: str) -> tuple[int, float, str]:
        try:
            return (0, float(label), label)
        except ValueError:
            return (1, 0.0, label)

    return sorted(labels, key=key)


def _confusion(name: str, value: Any, skipped: list[str]) -> dict[str, Any] | None:
    if not isinstance(value, Mapping) or not all(isinstance(r, Mapping) for r in value.values()):
        skipped.append(f"{name} (not an object of objects)")
        return None
    labels = _label_order({str(k) for k in value} | {str(k) for r in value.values() for k in r})
    if len(labels) > MATRIX_MAX_SIDE:
        skipped.append(f"{name} ({len(labels)} classes, more than the 20 a card matrix holds)")
        return None
    rows = {str(k): {str(c): n for c, n in r.items()} for k, r in value.items()}
    cells = [[rows.get(a, {}).get(p, 0) for p in labels] for a in labels]
    if any(_finite(c) is None for row in cells for c in row):
        skipped.append(f"{name} (a count is not a number)")
        return None
    return {
        "name": name,
        "type": "matrix",
        "value": cells,
        "x_axis_name": [_clip(f"predicted {label}", AXIS_NAME_MAX) for label in labels],
        "y_axis_name": [_clip(f"actual {label}", AXIS_NAME_MAX) for label in labels],
        "notes": "Rows are the actual labels, columns the predicted labels.",
    }


def _curve(
    name: str, value: Any, keys: tuple[str, str], axes: tuple[str, str], skipped: list[str]
) -> dict[str, Any] | None:
    xs = value.get(keys[0]) if isinstance(value, Mapping) else None
    ys = value.get(keys[1]) if isinstance(value, Mapping) else None
    if not isinstance(xs, list) or not isinstance(ys, list) or len(xs) != len(ys) or not xs:
        skipped.append(f"{name} (needs two lists {keys[0]} and {keys[1]} of one length)")
        return None
    if any(_finite(v) is None for v in [*xs, *ys]):
        skipped.append(f"{name} (a point is not a finite number)")
        return None
    return {
        "name": name,
        "type": "linear_graph",
        "value": [[x, y] for x, y in zip(xs, ys, strict=True)],
        "x_axis_name": axes[0],
        "y_axis_name": axes[1],
    }


def _quality_group(key: str, body: Any, skipped: list[str]) -> dict[str, Any]:
    metrics: list[dict[str, Any]] = []
    for name, value in body.items() if isinstance(body, Mapping) else []:
        metric: dict[str, Any] | None
        if name == "confusion_matrix":
            metric = _confusion(name, value, skipped)
        elif name == "receiver_operating_characteristic_curve":
            keys = ("false_positive_rates", "true_positive_rates")
            metric = _curve(
                name, value, keys, ("false positive rate", "true positive rate"), skipped
            )
        elif name == "precision_recall_curve":
            metric = _curve(
                name, value, ("recalls", "precisions"), ("recall", "precision"), skipped
            )
        elif isinstance(value, Mapping) and "value" in value:
            deviation = _finite(value.get("standard_deviation"))
            notes = None if deviation is None else f"standard deviation {deviation:.6g}"
            metric = _number(name, value.get("value"), notes)
            if metric is None:
                skipped.append(f"{name} (no finite value)")
        else:
            metric = _number(name, value)
            if metric is None:
                skipped.append(f"{name} (not a metric)")
        if metric is not None:
            metrics.append(metric)
    return {"name": key, "metric_data": metrics}


def _bias_group(stage: str, body: Any, skipped: list[str]) -> dict[str, Any]:
    metrics: list[dict[str, Any]] = []
    facets = body.get("facets") if isinstance(body, Mapping) else None
    for facet, groups in facets.items() if isinstance(facets, Mapping) else []:
        for group in groups if isinstance(groups, list) else []:
            if not isinstance(group, Mapping):
                continue
            where = f"{facet}={group.get('value_or_threshold')}"
            for item in group.get("metrics") or []:
                if not isinstance(item, Mapping):
                    continue
                name = f"{where}: {item.get('name')}"
                description = item.get("description")
                metric = _number(name, item.get("value"), str(description) if description else None)
                if metric is None:
                    error = item.get("error")
                    skipped.append(f"{name} ({error or 'no finite value'})"[:200])
                else:
                    metrics.append(metric)
    return {"name": stage, "metric_data": metrics}


def _explanations(body: Any, skipped: list[str]) -> dict[str, Any] | None:
    metrics: list[dict[str, Any]] = []
    for method, labels in body.items() if isinstance(body, Mapping) else []:
        for label, result in labels.items() if isinstance(labels, Mapping) else []:
            values = result.get("global_shap_values") if isinstance(result, Mapping) else None
            if not isinstance(values, Mapping) or not values:
                continue
            name = f"global SHAP values ({method}, {label})"
            pairs = [(str(k), v) for k, v in values.items() if _finite(v) is not None]
            if len(pairs) != len(values):
                skipped.append(f"{name} (a value is not a finite number)")
            pairs.sort(key=lambda p: -abs(float(p[1])))
            if pairs:
                metrics.append(
                    {
                        "name": _clip(name, METRIC_NAME_MAX),
                        "type": "bar_chart",
                        "value": [v for _, v in pairs],
                        "x_axis_name": [_clip(k, AXIS_NAME_MAX) for k, _ in pairs],
                        "y_axis_name": "mean |SHAP value|",
                    }
                )
    return {"name": "explanations", "metric_data": metrics} if metrics else None


def _plain_metric(name: str, value: Any, skipped: list[str]) -> dict[str, Any] | None:
    if isinstance(value, Mapping):
        if "type" in value:
            return {
                **{k: v for k, v in value.items() if k != "name"},
                "name": _clip(name, METRIC_NAME_MAX),
            }
        inner = _plain_metric(name, value.get("value"), skipped)
        if inner is None:
            return None
        deviation = _finite(value.get("standard_deviation"))
        notes = value.get("notes") or value.get("description")
        if not notes and deviation is not None:
            notes = f"standard deviation {deviation:.6g}"
        extra = {k: value[k] for k in ("x_axis_name", "y_axis_name") if k in value}
        return {**inner, **extra, **({"notes": str(notes)} if notes else {})}
    if isinstance(value, bool):
        return {"name": _clip(name, METRIC_NAME_MAX), "type": "boolean", "value": value}
    if isinstance(value, str):
        return {"name": _clip(name, METRIC_NAME_MAX), "type": "string", "value": value}
    if isinstance(value, list) and value and all(_finite(v) is not None for v in value):
        return {"name": _clip(name, METRIC_NAME_MAX), "type": "bar_chart", "value": value}
    metric = _number(name, value)
    if metric is None:
        skipped.append(f"{name} (not a number, string, boolean or list of numbers)")
    return metric


def _plain_groups(metrics: Any, group: str, skipped: list[str]) -> list[dict[str, Any]]:
    if isinstance(metrics, Sequence) and not isinstance(metrics, str):
        items = [m for m in metrics if isinstance(m, Mapping)]
        return [{"name": group, "metric_data": [dict(m) for m in items]}]
    if not isinstance(metrics, Mapping):
        raise ValidationError(
            [Problem("metrics", "must be an object of metrics or a list of metric objects")],
            subject="evaluation report",
        )
    loose: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    for name, value in metrics.items():
        is_group = isinstance(value, Mapping) and "value" not in value and "type" not in value
        if is_group:
            data = [m for k, v in value.items() if (m := _plain_metric(k, v, skipped))]
            groups.append({"name": _clip(name, EVALUATION_NAME_MAX), "metric_data": data})
        elif (metric := _plain_metric(name, value, skipped)) is not None:
            loose.append(metric)
    return ([{"name": group, "metric_data": loose}] if loose else []) + groups


def metric_groups(
    report: Mapping[str, Any], kind: str, *, group: str = "metrics"
) -> tuple[list[dict[str, Any]], list[str]]:
    """The card metric groups of ``report`` and the names of what could not be included."""
    skipped: list[str] = []
    groups: list[dict[str, Any]] = []
    if kind == "model_quality":
        groups = [_quality_group(k, report[k], skipped) for k in _QUALITY_KEYS if k in report]
    elif kind == "clarify":
        stages = ("pre_training_bias_metrics", "post_training_bias_metrics")
        groups = [_bias_group(k, report[k], skipped) for k in stages if k in report]
        if (explained := _explanations(report.get("explanations"), skipped)) is not None:
            groups.append(explained)
    else:
        groups = _plain_groups(report.get("metrics"), group, skipped)
    return [g for g in groups if g["metric_data"]], skipped
