"""Evaluation report shapes -> card metric groups (pure), losing nothing silently.

Four shapes are understood:

- **model quality**: SageMaker Model Monitor model-quality statistics (binary, multiclass,
  regression; see :mod:`sm_governance.sources._quality`);
- **Clarify**: a SageMaker Clarify ``analysis.json``, bias and explainability (SHAP, text
  SHAP, partial dependence; see :mod:`sm_governance.sources._clarify`);
- **metric schema**: the SageMaker Python SDK's "Model Card Metric Schema" file,
  ``{"metric_groups": [{"name": ..., "metric_data": [...]}]}``, taken as it is;
- **plain**: ``{"metrics": {...}}`` where each entry is a value (number, string, boolean,
  a list of numbers for a bar chart), a full metric object (``{"type": ..., "value": ...}``),
  or an object of such entries, which becomes a metric group of that name.

Every value lands in the card or is named, with the reason, in the evaluation's
``metadata["skipped_metrics"]``. Numbers keep their full precision. A Model Monitor
*data-quality* ``statistics.json`` (``features``) describes data, not a model, and is refused
with a clear error rather than read as an empty evaluation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sm_governance.errors import Problem, ValidationError
from sm_governance.sources._clarify import CLARIFY_KEYS, read_clarify
from sm_governance.sources._collect import Collected, is_number, text
from sm_governance.sources._quality import QUALITY_KEYS, read_quality

__all__ = ["REPORT_KINDS", "detect_kind", "metric_groups"]

REPORT_KINDS = ("model_quality", "clarify", "metric_schema", "plain")
_PLAIN_KEYS = ("value", "standard_deviation", "notes", "description", "x_axis_name", "y_axis_name")


def _refuse(message: str, path: str = "") -> ValidationError:
    return ValidationError([Problem(path, message)], subject="evaluation report")


def detect_kind(report: Mapping[str, Any]) -> str:
    """Which report shape ``report`` has: ``model_quality``, ``clarify``, ``metric_schema``
    or ``plain``.

    Raises:
        ValidationError: when it has none of the keys that identify a known shape, or is a
            Model Monitor data-quality statistics file.
    """
    if any(k in report for k in QUALITY_KEYS):
        return "model_quality"
    if any(k in report for k in CLARIFY_KEYS):
        return "clarify"
    if "metric_groups" in report:
        return "metric_schema"
    if "metrics" in report:
        return "plain"
    if "features" in report:
        raise _refuse(
            "this is a Model Monitor data-quality statistics file (it has 'features'): it"
            " describes the input data, not the model, and holds no model metrics; use the"
            " model-quality statistics.json, a Clarify analysis.json or a metrics file"
        )
    expected = ", ".join([*QUALITY_KEYS, *CLARIFY_KEYS, "metric_groups", "metrics"])
    raise _refuse(f"not a known evaluation report: expected one of the keys {expected}")


def _schema_groups(report: Mapping[str, Any], out: Collected) -> None:
    groups = report.get("metric_groups")
    if not isinstance(groups, list):
        raise _refuse('must be a list of metric groups: {"metric_groups": [...]}', "metric_groups")
    for index, group in enumerate(groups):
        if not isinstance(group, Mapping) or not isinstance(group.get("metric_data"), list):
            out.skip(f"metric_groups[{index}]", "not a metric group with metric_data")
            continue
        name = text(group.get("name", f"metric_groups[{index}]"))
        out.declare(name, new=True)
        out.unknown(group, ("name", "metric_data"), name)
        for metric in group["metric_data"]:
            if isinstance(metric, Mapping):
                out.add(name, dict(metric))  # the card model validates it
            else:
                out.skip(name, f"{text(metric)[:80]} is not a metric object")
    out.unknown(report, ("metric_groups",), "")


def _plain_metric(group: str, name: str, value: Any, out: Collected) -> dict[str, Any] | None:
    if isinstance(value, Mapping):
        if "type" in value:
            return {**{k: v for k, v in value.items() if k != "name"}, "name": name}
        inner = _plain_metric(group, name, value.get("value"), out)
        if inner is None:
            return None
        notes = value.get("notes") or value.get("description")
        if "standard_deviation" in value:
            deviation = f"standard deviation {text(value['standard_deviation'])}"
            notes = f"{notes}; {deviation}" if notes else deviation
        extra = {k: value[k] for k in ("x_axis_name", "y_axis_name") if k in value}
        inner.update(extra)
        if notes:
            out.note(inner, text(notes), f"{group}: {name}")
        out.unknown(value, _PLAIN_KEYS, f"{group}: {name}")
        return inner
    if isinstance(value, bool):
        return {"name": name, "type": "boolean", "value": value}
    if isinstance(value, str):
        return {"name": name, "type": "string", "value": value}
    if isinstance(value, list) and value and all(is_number(v) for v in value):
        return {"name": name, "type": "bar_chart", "value": value}
    if is_number(value):
        return {"name": name, "type": "number", "value": value}
    out.skip(name, "not a number, string, boolean or list of numbers")
    return None


def _plain_groups(report: Mapping[str, Any], group: str, out: Collected) -> None:
    metrics = report.get("metrics")
    if isinstance(metrics, Sequence) and not isinstance(metrics, str):
        for index, item in enumerate(metrics):
            if isinstance(item, Mapping):
                out.add(group, dict(item))
            else:
                out.skip(f"metrics[{index}]", "not a metric object")
        out.unknown(report, ("metrics",), "")
        return
    if not isinstance(metrics, Mapping):
        raise _refuse("must be an object of metrics or a list of metric objects", "metrics")
    loose: list[dict[str, Any]] = []
    nested: list[tuple[str, dict[str, Any]]] = []
    for name, value in metrics.items():
        is_group = isinstance(value, Mapping) and "value" not in value and "type" not in value
        if is_group:
            for key, inner in value.items():
                if (metric := _plain_metric(name, str(key), inner, out)) is not None:
                    nested.append((str(name), metric))
        elif (metric := _plain_metric(group, str(name), value, out)) is not None:
            loose.append(metric)
    for metric in loose:
        out.add(group, metric)
    for name, metric in nested:
        out.add(name, metric)
    out.unknown(report, ("metrics",), "")


def metric_groups(
    report: Mapping[str, Any], kind: str, *, group: str = "metrics"
) -> tuple[list[dict[str, Any]], list[str], dict[str, str]]:
    """The card metric groups of ``report``, what was skipped (with why) and report facts."""
    out = Collected()
    if kind == "model_quality":
        read_quality(report, out)
    elif kind == "clarify":
        read_clarify(report, out)
    elif kind == "metric_schema":
        _schema_groups(report, out)
    else:
        _plain_groups(report, group, out)
    return out.groups(), out.skipped, out.metadata
