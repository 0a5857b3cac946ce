"""SageMaker Model Monitor model-quality statistics -> card metric groups.

The shape (also that of the SageMaker Pipelines examples' ``evaluation.json``): a
``binary_classification_metrics``, ``multiclass_classification_metrics`` or
``regression_metrics`` object whose entries are ``{"value": v, "standard_deviation": s}``
(a number; the deviation in the notes, in full precision, ``"NaN"`` included), plus
``confusion_matrix`` (``{actual: {predicted: count}}``, a labelled matrix, rows actual),
``receiver_operating_characteristic_curve`` (``false_positive_rates`` /
``true_positive_rates``) and ``precision_recall_curve`` (``recalls`` / ``precisions``), both
linear graphs. ``version`` and the scalar facts of ``dataset`` go to the metadata.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sm_governance.card._limits import MATRIX_MAX_SIDE
from sm_governance.sources._collect import Collected, is_number, label_list, text

__all__ = ["QUALITY_KEYS", "read_quality"]

QUALITY_KEYS = (
    "binary_classification_metrics",
    "multiclass_classification_metrics",
    "regression_metrics",
)
_CURVES = {
    "receiver_operating_characteristic_curve": (
        ("false_positive_rates", "true_positive_rates"),
        ("false positive rate", "true positive rate"),
    ),
    "precision_recall_curve": (("recalls", "precisions"), ("recall", "precision")),
}


def _label_order(labels: set[str]) -> list[str]:
    def key(label: str) -> tuple[int, float, str]:
        try:
            return (0, float(label), label)
        except ValueError:
            return (1, 0.0, label)

    return sorted(labels, key=key)


def _confusion(group: str, name: str, value: Any, out: Collected) -> None:
    if not isinstance(value, Mapping) or not all(isinstance(r, Mapping) for r in value.values()):
        out.skip(name, "not an object of objects")
        return
    labels = _label_order({str(k) for k in value} | {str(k) for r in value.values() for k in r})
    if len(labels) > MATRIX_MAX_SIDE:
        out.skip(name, f"{len(labels)} classes, more than the 20 a card matrix holds")
        return
    rows = {str(k): {str(c): n for c, n in r.items()} for k, r in value.items()}
    cells = [[rows.get(a, {}).get(p, 0) for p in labels] for a in labels]
    if not all(is_number(c) for row in cells for c in row):
        out.skip(name, "a count is not a number")
        return
    metric: dict[str, Any] = {"name": name, "type": "matrix", "value": cells}
    columns = label_list(f"predicted {label}" for label in labels)
    rows_named = label_list(f"actual {label}" for label in labels)
    if columns and rows_named:
        metric["x_axis_name"], metric["y_axis_name"] = columns, rows_named
        metric["notes"] = "Rows are the actual labels, columns the predicted labels."
    else:
        out.note(metric, f"Rows and columns are the labels {text(labels)}, rows actual.", name)
    out.add(group, metric)


def _curve(group: str, name: str, value: Any, out: Collected) -> None:
    keys, axes = _CURVES[name]
    xs = value.get(keys[0]) if isinstance(value, Mapping) else None
    ys = value.get(keys[1]) if isinstance(value, Mapping) else None
    if not isinstance(xs, list) or not isinstance(ys, list) or len(xs) != len(ys) or not xs:
        out.skip(name, f"needs two lists {keys[0]} and {keys[1]} of one length")
        return
    if not all(is_number(v) for v in [*xs, *ys]):
        out.skip(name, "a point is not a finite number")
        return
    out.unknown(value, keys, name)
    out.add(
        group,
        {
            "name": name,
            "type": "linear_graph",
            "value": [[x, y] for x, y in zip(xs, ys, strict=True)],
            "x_axis_name": axes[0],
            "y_axis_name": axes[1],
        },
    )


def _entry(group: str, name: str, value: Any, out: Collected) -> None:
    if name == "confusion_matrix":
        _confusion(group, name, value, out)
    elif name in _CURVES:
        _curve(group, name, value, out)
    elif isinstance(value, Mapping) and "value" in value:
        if not is_number(value["value"]):
            out.skip(name, f"value {text(value['value'])} is not a finite number")
            return
        notes = None
        if "standard_deviation" in value:
            notes = f"standard deviation {text(value['standard_deviation'])}"
        out.number(group, name, value["value"], notes)
        out.unknown(value, ("value", "standard_deviation"), name)
    elif is_number(value):
        out.number(group, name, value)
    else:
        out.skip(name, "not a metric")


def read_quality(report: Mapping[str, Any], out: Collected) -> None:
    """Collect every value of a model-quality report into ``out``."""
    for key in QUALITY_KEYS:
        body = report.get(key)
        if key not in report:
            continue
        if not isinstance(body, Mapping):
            out.skip(key, "not an object of metrics")
            continue
        for name, value in body.items():
            _entry(key, str(name), value, out)
    if "version" in report:
        out.meta("report_version", report["version"])
    dataset = report.get("dataset")
    if isinstance(dataset, Mapping):
        for key, value in dataset.items():
            out.meta(str(key), value, where=f"dataset.{key}")
    elif "dataset" in report:
        out.skip("dataset", "not an object")
    out.unknown(report, (*QUALITY_KEYS, "version", "dataset"), "")
