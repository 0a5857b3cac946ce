"""``training_details``: objective function, training job, metrics and hyper-parameters."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from sm_governance.card import _limits
from sm_governance.card._base import (
    CardModel,
    HyperParameterValue,
    MetricName,
    Number,
    Text63,
    Text1024,
    max_items,
)

__all__ = [
    "Function",
    "HyperParameter",
    "ObjectiveDirection",
    "ObjectiveFunction",
    "TrainingDetails",
    "TrainingEnvironment",
    "TrainingJobDetails",
    "TrainingMetric",
]


class ObjectiveDirection(str, Enum):
    """Whether training maximises or minimises its objective."""

    MAXIMIZE = "Maximize"
    MINIMIZE = "Minimize"

    def __str__(self) -> str:
        return str(self.value)


class Function(CardModel):
    """``objective_function.function``: the direction, facet and condition of the objective.

    Example:
        >>> Function(function="Minimize", facet="Loss").function
        <ObjectiveDirection.MINIMIZE: 'Minimize'>
    """

    function: ObjectiveDirection | None = None
    facet: Text63 | None = None
    condition: Text63 | None = None


class ObjectiveFunction(CardModel):
    """``training_details.objective_function``.

    The schema file writes this object's members without a ``properties`` keyword, so JSON
    Schema checks nothing inside it; SageMaker's SDK and this model read it as a
    :class:`Function` plus ``notes`` (at most 1024 characters).

    Example:
        >>> ObjectiveFunction(function=Function(function="Maximize"), notes="AUC").notes
        'AUC'
    """

    function: Function | None = None
    notes: Text1024 | None = None


class TrainingMetric(CardModel):
    """One training metric: a name (not empty, not only line breaks), a number and optional notes.

    Example:
        >>> TrainingMetric(name="validation:auc", value=0.91).value
        0.91
    """

    name: MetricName
    notes: Text1024 | None = None
    value: Number


class HyperParameter(CardModel):
    """One hyper-parameter: a name (not empty, not only line breaks) and a string value.

    Example:
        >>> HyperParameter(name="max_depth", value="6").value
        '6'
    """

    name: MetricName
    value: HyperParameterValue | None = None


class TrainingEnvironment(CardModel):
    """``training_job_details.training_environment``: the training images (at most 15).

    Example:
        >>> TrainingEnvironment(container_image=["123456789012.dkr.ecr..."]).container_image
        ['123456789012.dkr.ecr...']
    """

    container_image: Annotated[
        list[Text1024] | None, max_items(_limits.CONTAINER_IMAGE_MAX_ITEMS)
    ] = None


class TrainingJobDetails(CardModel):
    """``training_details.training_job_details``.

    Lists are bounded as SageMaker bounds them: 15 datasets, 50 metrics of each kind and
    100 hyper-parameters of each kind.

    Example:
        >>> TrainingJobDetails(training_metrics=[TrainingMetric(name="auc", value=0.9)])
        TrainingJobDetails(training_arn=None, ...)
    """

    training_arn: Text1024 | None = None
    training_datasets: Annotated[
        list[Text1024] | None, max_items(_limits.TRAINING_DATASETS_MAX_ITEMS)
    ] = None
    training_environment: TrainingEnvironment | None = None
    training_metrics: Annotated[
        list[TrainingMetric] | None, max_items(_limits.TRAINING_METRICS_MAX_ITEMS)
    ] = None
    user_provided_training_metrics: Annotated[
        list[TrainingMetric] | None, max_items(_limits.TRAINING_METRICS_MAX_ITEMS)
    ] = None
    hyper_parameters: Annotated[
        list[HyperParameter] | None, max_items(_limits.HYPER_PARAMETERS_MAX_ITEMS)
    ] = None
    user_provided_hyper_parameters: Annotated[
        list[HyperParameter] | None, max_items(_limits.HYPER_PARAMETERS_MAX_ITEMS)
    ] = None


class TrainingDetails(CardModel):
    """The ``training_details`` section.

    Attributes:
        objective_function: what training optimised.
        training_observations: at most 1024 characters.
        training_job_details: the job, its data, environment, metrics and hyper-parameters.

    Example:
        >>> TrainingDetails(training_observations="Converged after 40 rounds")
        TrainingDetails(objective_function=None, ...)
    """

    objective_function: ObjectiveFunction | None = None
    training_observations: Text1024 | None = None
    training_job_details: TrainingJobDetails | None = None
