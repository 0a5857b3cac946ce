"""``evaluation_details``: evaluation jobs, their data and their metric groups."""

from __future__ import annotations

from typing import Annotated

from sm_governance.card import _limits
from sm_governance.card._base import (
    CardModel,
    CustomMap,
    EvaluationName,
    Text256,
    Text1024,
    Text2096,
    max_items,
)
from sm_governance.card._metrics import Metric

__all__ = ["EvaluationJob", "MetricGroup"]


class MetricGroup(CardModel):
    """A named group of metrics.

    The name needs one character that is not a line break; its length is free (the schema's
    pattern ``.{1,63}`` is unanchored, and SageMaker stores 64-character group names the
    SageMaker Python SDK's Clarify parser makes).

    Example:
        >>> from sm_governance.card import NumberMetric
        >>> MetricGroup(name="holdout", metric_data=[NumberMetric(name="auc", value=0.9)]).name
        'holdout'
    """

    name: EvaluationName
    metric_data: list[Metric]


class EvaluationJob(CardModel):
    """One entry of ``evaluation_details``.

    Attributes:
        name: any text with a character that is not a line break (schema ``.{1,63}``,
            unanchored).
        evaluation_observation: at most 2096 characters.
        evaluation_job_arn: at most 256 characters.
        datasets: at most 10 locations, each at most 1024 characters.
        metadata: string keys to strings of at most 1024 characters.
        metric_groups: the metrics, grouped.

    Example:
        >>> EvaluationJob(name="holdout-2024-06").name
        'holdout-2024-06'
    """

    name: EvaluationName
    evaluation_observation: Text2096 | None = None
    evaluation_job_arn: Text256 | None = None
    datasets: Annotated[list[Text1024] | None, max_items(_limits.EVALUATION_DATASETS_MAX_ITEMS)] = (
        None
    )
    metadata: CustomMap | None = None
    metric_groups: list[MetricGroup] | None = None
