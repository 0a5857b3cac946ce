"""Evaluation metrics of every type the schema knows, each holding a value of its shape."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictBool

from sm_governance.card import _limits
from sm_governance.card._base import (
    AxisName,
    CardModel,
    MetricName,
    Number,
    SerialisedByType,
    Text63,
    Text1024,
)

__all__ = [
    "BarChartMetric",
    "BooleanMetric",
    "LinearGraphMetric",
    "MatrixMetric",
    "Metric",
    "NumberMetric",
    "StringMetric",
]


def _point(value: list[int | float]) -> list[int | float]:
    if len(value) != 2:
        raise ValueError(f"must be an [x, y] pair (it has {len(value)} numbers)")
    return value


_Side = Field(min_length=1, max_length=_limits.MATRIX_MAX_SIDE)
Point = Annotated[list[Number], AfterValidator(_point)]
Row = Annotated[list[Number], _Side]


class _Metric(CardModel):
    name: MetricName
    notes: Text1024 | None = None


class NumberMetric(_Metric):
    """A number (``type: "number"``).

    Example:
        >>> NumberMetric(name="f1", value=0.87).to_dict()
        {'name': 'f1', 'type': 'number', 'value': 0.87}
    """

    type: Literal["number"] = "number"
    value: Number
    x_axis_name: AxisName | None = None
    y_axis_name: AxisName | None = None


class StringMetric(_Metric):
    """A string of at most 63 characters (``type: "string"``).

    Example:
        >>> StringMetric(name="verdict", value="pass").value
        'pass'
    """

    type: Literal["string"] = "string"
    value: Text63
    x_axis_name: AxisName | None = None
    y_axis_name: AxisName | None = None


class BooleanMetric(_Metric):
    """``true`` or ``false`` (``type: "boolean"``).

    Example:
        >>> BooleanMetric(name="bias_checked", value=True).value
        True
    """

    type: Literal["boolean"] = "boolean"
    value: StrictBool
    x_axis_name: AxisName | None = None
    y_axis_name: AxisName | None = None


class LinearGraphMetric(_Metric):
    """A line: at least one ``[x, y]`` point (``type: "linear_graph"``).

    Example:
        >>> LinearGraphMetric(name="roc", value=[[0, 0], [0.1, 0.8], [1, 1]]).type
        'linear_graph'
    """

    type: Literal["linear_graph"] = "linear_graph"
    value: Annotated[list[Point], Field(min_length=1)]
    x_axis_name: AxisName | None = None
    y_axis_name: AxisName | None = None


class BarChartMetric(_Metric):
    """Bars: at least one number, optionally x-axis labels (``type: "bar_chart"``).

    The labels are not required to match the bars one to one: the schema does not ask it,
    and cards the SageMaker Python SDK sends do not always do it.

    Example:
        >>> BarChartMetric(name="by region", value=[3, 5], x_axis_name=["EU", "US"]).value
        [3, 5]
    """

    type: Literal["bar_chart"] = "bar_chart"
    value: Annotated[list[Number], Field(min_length=1)]
    x_axis_name: list[AxisName] | None = None
    y_axis_name: AxisName | None = None


class MatrixMetric(_Metric):
    """A matrix of 1 to 20 rows of 1 to 20 numbers each (``type: "matrix"``).

    ``x_axis_name`` labels the columns and ``y_axis_name`` the rows. Neither equal row
    lengths nor one label per row and column is required: the schema asks neither, and the
    SageMaker Python SDK's multiclass parser sends ragged matrices with fewer row labels than
    rows when the confusion matrix has empty cells.

    Example:
        >>> MatrixMetric(name="confusion", value=[[50, 2], [3, 45]]).type
        'matrix'
    """

    type: Literal["matrix"] = "matrix"
    value: Annotated[list[Row], _Side]
    x_axis_name: list[AxisName] | None = None
    y_axis_name: list[AxisName] | None = None


#: One entry of ``metric_data``, chosen by its ``type``.
Metric = Annotated[
    NumberMetric | StringMetric | BooleanMetric | LinearGraphMetric | BarChartMetric | MatrixMetric,
    Field(discriminator="type"),
    SerialisedByType,
]
