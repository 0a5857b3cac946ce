"""Builders for the training and evaluation details, with helpers for metrics."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from typing_extensions import Self

from sm_governance.card._builders import SectionBuilder, as_data
from sm_governance.card._evaluation import EvaluationJob, MetricGroup
from sm_governance.card._training import (
    HyperParameter,
    ObjectiveDirection,
    ObjectiveFunction,
    TrainingDetails,
    TrainingJobDetails,
    TrainingMetric,
)

__all__ = ["EvaluationDetailsBuilder", "TrainingDetailsBuilder", "metric_type_of"]

_JOB_FIELDS = (
    "training_arn",
    "training_datasets",
    "training_metrics",
    "user_provided_training_metrics",
    "hyper_parameters",
    "user_provided_hyper_parameters",
)

MetricsArg = Iterable[TrainingMetric | Mapping[str, Any]]
HyperParametersArg = Iterable[HyperParameter | Mapping[str, Any]] | Mapping[str, str]


def _hyper_parameters(value: HyperParametersArg) -> list[Any]:
    if isinstance(value, Mapping):
        return [{"name": k, "value": v} for k, v in value.items()]
    return list(value)


def _entry(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


class TrainingDetailsBuilder(SectionBuilder[TrainingDetails]):
    """Builds a :class:`~sm_governance.card.TrainingDetails`.

    Takes the section's own fields (``objective_function``, ``training_observations``,
    ``training_job_details``) and, for convenience, the fields of ``training_job_details``
    directly; ``container_image`` goes into its ``training_environment``. Hyper-parameters
    may be given as a ``{name: value}`` mapping.

    Example:
        >>> details = (
        ...     TrainingDetailsBuilder(training_arn="arn:aws:sagemaker:...:training-job/x")
        ...     .objective("Minimize", facet="Loss")
        ...     .training_metric("validation:logloss", 0.31)
        ...     .hyper_parameter("max_depth", "6")
        ...     .build()
        ... )
        >>> details.training_job_details.hyper_parameters[0].name
        'max_depth'
    """

    _section = TrainingDetails

    def __init__(
        self,
        *,
        objective_function: ObjectiveFunction | Mapping[str, Any] | None = None,
        training_observations: str | None = None,
        training_job_details: TrainingJobDetails | Mapping[str, Any] | None = None,
        training_arn: str | None = None,
        training_datasets: Iterable[str] | None = None,
        container_image: Iterable[str] | None = None,
        training_metrics: MetricsArg | None = None,
        user_provided_training_metrics: MetricsArg | None = None,
        hyper_parameters: HyperParametersArg | None = None,
        user_provided_hyper_parameters: HyperParametersArg | None = None,
    ) -> None:
        super().__init__(
            objective_function=objective_function,
            training_observations=training_observations,
            training_job_details=training_job_details,
        )
        self._job: dict[str, Any] = {}
        self._container: list[str] | None = None
        self.training_arn(training_arn).training_datasets(training_datasets)
        self.container_image(container_image)
        self.training_metrics(training_metrics)
        self.user_provided_training_metrics(user_provided_training_metrics)
        self.hyper_parameters(hyper_parameters)
        self.user_provided_hyper_parameters(user_provided_hyper_parameters)

    def _job_set(self, name: str, value: Any) -> Self:
        if value is None:
            self._job.pop(name, None)
        else:
            self._job[name] = value
        return self

    # -- the section's own fields ---------------------------------------------------------
    def objective_function(self, value: ObjectiveFunction | Mapping[str, Any] | None) -> Self:
        """Set the objective function as a model or mapping."""
        return self._set("objective_function", value)

    def objective(
        self,
        function: ObjectiveDirection | str | None = None,
        *,
        facet: str | None = None,
        condition: str | None = None,
        notes: str | None = None,
    ) -> Self:
        """Set the objective function from its parts (``function`` is Maximize/Minimize)."""
        inner = _entry(function=function, facet=facet, condition=condition)
        return self._set("objective_function", _entry(function=inner or None, notes=notes))

    def training_observations(self, value: str | None) -> Self:
        """Set observations about the training."""
        return self._set("training_observations", value)

    def training_job_details(self, value: TrainingJobDetails | Mapping[str, Any] | None) -> Self:
        """Set the whole training job details (fields set one by one still apply on top)."""
        return self._set("training_job_details", value)

    # -- training_job_details fields ------------------------------------------------------
    def training_arn(self, value: str | None) -> Self:
        """Set the training job ARN."""
        return self._job_set("training_arn", value)

    def training_datasets(self, value: Iterable[str] | None) -> Self:
        """Set the training dataset locations (replacing any)."""
        return self._job_set("training_datasets", None if value is None else list(value))

    def container_image(self, value: Iterable[str] | None) -> Self:
        """Set the training container images (``training_environment.container_image``)."""
        self._container = None if value is None else list(value)
        return self

    def training_metrics(self, value: MetricsArg | None) -> Self:
        """Set the training metrics (replacing any)."""
        return self._job_set("training_metrics", None if value is None else list(value))

    def training_metric(self, name: str, value: float, notes: str | None = None) -> Self:
        """Append one training metric."""
        entry = _entry(name=name, value=value, notes=notes)
        self._job.setdefault("training_metrics", []).append(entry)
        return self

    def user_provided_training_metrics(self, value: MetricsArg | None) -> Self:
        """Set the user-provided training metrics (replacing any)."""
        items = None if value is None else list(value)
        return self._job_set("user_provided_training_metrics", items)

    def user_provided_training_metric(
        self, name: str, value: float, notes: str | None = None
    ) -> Self:
        """Append one user-provided training metric."""
        entry = _entry(name=name, value=value, notes=notes)
        self._job.setdefault("user_provided_training_metrics", []).append(entry)
        return self

    def hyper_parameters(self, value: HyperParametersArg | None) -> Self:
        """Set the hyper-parameters (replacing any); a mapping gives name to value."""
        items = None if value is None else _hyper_parameters(value)
        return self._job_set("hyper_parameters", items)

    def hyper_parameter(self, name: str, value: str | None = None) -> Self:
        """Append one hyper-parameter."""
        self._job.setdefault("hyper_parameters", []).append(_entry(name=name, value=value))
        return self

    def user_provided_hyper_parameters(self, value: HyperParametersArg | None) -> Self:
        """Set the user-provided hyper-parameters (replacing any)."""
        items = None if value is None else _hyper_parameters(value)
        return self._job_set("user_provided_hyper_parameters", items)

    def user_provided_hyper_parameter(self, name: str, value: str | None = None) -> Self:
        """Append one user-provided hyper-parameter."""
        entry = _entry(name=name, value=value)
        self._job.setdefault("user_provided_hyper_parameters", []).append(entry)
        return self

    def to_data(self) -> dict[str, Any]:
        """The collected values as ``training_details`` data, not yet validated."""
        return self._with_job(super().to_data(), as_data(self._job))

    def validation_input(self) -> dict[str, Any]:
        """The collected values as :meth:`build` hands them to validation (not copied)."""
        return self._with_job(super().validation_input(), self._job)

    def _with_job(self, data: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
        base = data.get("training_job_details")
        job: Any = base
        if fields or self._container is not None:
            job = base.to_dict() if isinstance(base, TrainingJobDetails) else dict(base or {})
            job.update(fields)
            if self._container is not None:
                environment = job.get("training_environment")
                if hasattr(environment, "to_dict"):
                    environment = environment.to_dict()
                job["training_environment"] = {
                    **(environment or {}),
                    "container_image": self._container,
                }
        if job is not None:
            data["training_job_details"] = job
        return data


def metric_type_of(value: Any) -> str | None:
    """The metric type a value implies, or ``None`` when it must be given.

    ``bool`` is boolean, a number is number, a string is string, a flat list of numbers is a
    bar chart; a list of lists may be a linear graph or a matrix, so it needs the type.
    """
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if (
        isinstance(value, (list, tuple))
        and value
        and not any(isinstance(v, (list, tuple)) for v in value)
    ):
        return "bar_chart"
    return None


class EvaluationDetailsBuilder(SectionBuilder[EvaluationJob]):
    """Builds one entry of ``evaluation_details`` (an :class:`~sm_governance.card.EvaluationJob`).

    :meth:`metric` adds a metric to a named group, creating the group on first use; the type
    is inferred from the value except for lists of lists (``linear_graph`` or ``matrix``).

    Example:
        >>> job = (
        ...     EvaluationDetailsBuilder(name="holdout")
        ...     .metric("quality", "auc", 0.91)
        ...     .metric("quality", "confusion", [[50, 2], [3, 45]], type="matrix")
        ...     .build()
        ... )
        >>> [m.type for m in job.metric_groups[0].metric_data]
        ['number', 'matrix']
    """

    _section = EvaluationJob

    def __init__(
        self,
        *,
        name: str | None = None,
        evaluation_observation: str | None = None,
        evaluation_job_arn: str | None = None,
        datasets: Iterable[str] | None = None,
        metadata: Mapping[str, str] | None = None,
        metric_groups: Iterable[MetricGroup | Mapping[str, Any]] | None = None,
    ) -> None:
        super().__init__(
            name=name,
            evaluation_observation=evaluation_observation,
            evaluation_job_arn=evaluation_job_arn,
            datasets=None if datasets is None else list(datasets),
            metadata=None if metadata is None else dict(metadata),
            metric_groups=None if metric_groups is None else list(metric_groups),
        )
        self._indexed: list[Any] | None = None
        self._own_groups: dict[str, dict[str, Any]] = {}
        """The groups :meth:`metric` made or copied in the list ``_indexed``, by name: the
        only ones it appends to."""

    def name(self, value: str | None) -> Self:
        """Set the evaluation's name (any text with a character that is not a line break)."""
        return self._set("name", value)

    def evaluation_observation(self, value: str | None) -> Self:
        """Set observations about the evaluation."""
        return self._set("evaluation_observation", value)

    def evaluation_job_arn(self, value: str | None) -> Self:
        """Set the evaluation job's ARN."""
        return self._set("evaluation_job_arn", value)

    def datasets(self, value: Iterable[str] | None) -> Self:
        """Set the evaluation dataset locations (replacing any)."""
        return self._set("datasets", None if value is None else list(value))

    def metadata(self, value: Mapping[str, str] | None) -> Self:
        """Set the evaluation's metadata (replacing any)."""
        return self._set("metadata", None if value is None else dict(value))

    def metric_groups(self, value: Iterable[MetricGroup | Mapping[str, Any]] | None) -> Self:
        """Set the metric groups (replacing any)."""
        return self._set("metric_groups", None if value is None else list(value))

    def metric_group(self, name: str, metrics: Iterable[Any] = ()) -> Self:
        """Append a metric group with the given metrics (models or mappings)."""
        groups = self._values.setdefault("metric_groups", [])
        groups.append({"name": name, "metric_data": list(metrics)})
        return self

    def metric(
        self,
        group: str,
        name: str,
        value: Any,
        *,
        type: str | None = None,
        notes: str | None = None,
        x_axis_name: str | Iterable[str] | None = None,
        y_axis_name: str | Iterable[str] | None = None,
    ) -> Self:
        """Add a metric to the group named ``group`` (created when missing)."""
        entry: dict[str, Any] = {"name": name}
        kind = type or metric_type_of(value)
        if kind is not None:
            entry["type"] = kind
        if value is not None:
            entry["value"] = value
        if notes is not None:
            entry["notes"] = notes
        if x_axis_name is not None:
            entry["x_axis_name"] = _axis(x_axis_name)
        if y_axis_name is not None:
            entry["y_axis_name"] = _axis(y_axis_name)
        groups = self._values.setdefault("metric_groups", [])
        if groups is not self._indexed:  # metric_groups() replaced the list
            self._indexed, self._own_groups = groups, {}
        own = self._own_groups.get(group)
        if own is None:
            own = {"name": group, "metric_data": []}
            for at, existing in enumerate(groups):
                if _group_name(existing) == group:
                    # a group the caller handed in (a mapping or a MetricGroup) is never
                    # changed: the builder's own copy takes its place, once
                    own = groups[at] = _group_data(existing)
                    break
            else:
                groups.append(own)
            self._own_groups[group] = own
        own["metric_data"].append(entry)
        return self


def _group_name(group: Any) -> Any:
    """The name of a metric group given as a mapping or a :class:`MetricGroup`."""
    return group.get("name") if isinstance(group, Mapping) else getattr(group, "name", None)


def _group_data(group: Any) -> dict[str, Any]:
    """A new mapping for a metric group, with a list of its own for the metrics."""
    if isinstance(group, Mapping):
        data = dict(group)
        data["metric_data"] = list(group.get("metric_data") or ())
        return data
    return {"name": group.name, "metric_data": list(group.metric_data)}


def _axis(value: str | Iterable[str]) -> str | list[str]:
    return value if isinstance(value, str) else list(value)
