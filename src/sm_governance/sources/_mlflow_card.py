"""The facts of an MLflow run -> card content, by a :class:`RunMapping` (pure, no MLflow).

Kept apart from the MLflow client calls so the mapping can be tested, and reasoned about,
on plain data.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from sm_governance.card._limits import (
    CUSTOM_VALUE_MAX,
    EVALUATION_NAME_MAX,
    HYPER_PARAMETER_VALUE_MAX,
    HYPER_PARAMETERS_MAX_ITEMS,
    PACKAGE_MODEL_OVERVIEW_FIELDS,
    TRAINING_METRICS_MAX_ITEMS,
)
from sm_governance.errors import Problem, ValidationError

__all__ = [
    "DEFAULT_NOTE_FIELDS",
    "EXPERIMENT_ID_KEY",
    "REQUIREMENTS_KEY",
    "RUN_ID_KEY",
    "RUN_NAME_KEY",
    "SKIPPED_METRICS_KEY",
    "SKIPPED_PARAMS_KEY",
    "SOURCE_COMMIT_KEY",
    "RunFacts",
    "RunMapping",
    "run_content",
]

#: ``custom_details`` keys under which the run is recorded.
RUN_ID_KEY = "mlflow_run_id"
EXPERIMENT_ID_KEY = "mlflow_experiment_id"
RUN_NAME_KEY = "mlflow_run_name"
SOURCE_COMMIT_KEY = "source_git_commit"
REQUIREMENTS_KEY = "requirements"
SKIPPED_PARAMS_KEY = "mlflow_params_not_in_card"
SKIPPED_METRICS_KEY = "mlflow_metrics_not_in_card"

_OVERVIEW = ("model_description", "model_creator", "algorithm_type", "problem_type", "model_owner")
_USES = (
    "purpose_of_model",
    "intended_uses",
    "factors_affecting_model_efficiency",
    "risk_rating",
    "explanations_for_risk_rating",
)
_BUSINESS = ("business_problem", "business_stakeholders", "line_of_business")
_ADDITIONAL = ("ethical_considerations", "caveats_and_recommendations")

#: ``governance_notes.json`` keys and the card fields they fill. Keys named like a card text
#: field fill that field; the MLflow compliance-card recipe's keys map as below. Any other key
#: goes to ``additional_information.custom_details``.
DEFAULT_NOTE_FIELDS: Mapping[str, str] = {
    **{k: f"model_overview.{k}" for k in _OVERVIEW},
    **{k: f"intended_uses.{k}" for k in _USES},
    **{k: f"business_details.{k}" for k in _BUSINESS},
    **{k: f"additional_information.{k}" for k in _ADDITIONAL},
    "training_observations": "training_details.training_observations",
    "training_data_source": "training_details.training_job_details.training_datasets",
    "data_bias_mitigation": "additional_information.ethical_considerations",
    "deployment_scope": "intended_uses.intended_uses",
    "model_artifact": "model_overview.model_artifact",
}
_LIST_FIELDS = frozenset({"model_artifact", "training_datasets", "container_image", "datasets"})


@dataclass(frozen=True)
class RunMapping:
    """How an MLflow run becomes a card; every part can be overridden.

    Attributes:
        notes: ``governance_notes.json`` key -> card field path (dotted, for example
            ``"intended_uses.purpose_of_model"``); ``None`` leaves the key out. Merged over
            :data:`DEFAULT_NOTE_FIELDS`; keys in neither go to ``custom_details``.
        notes_artifact: the artifact path of the notes file.
        evaluation_prefixes: metrics whose names start with one of these are evaluation
            metrics; the others are training metrics.
        evaluation_metrics: metric names that are evaluation metrics whatever their prefix.
        training_metrics: metric names that are training metrics whatever their prefix.
        evaluation_name: the evaluation's name (default ``mlflow-<run id>``).
        evaluation_group: the metric group holding the evaluation metrics.
        hyper_parameters: whether the run's params become hyper-parameters.
        package: build a card a model package version can hold: ``model_overview`` fields
            other than ``model_creator`` and ``model_artifact`` move to ``custom_details``
            under their own names.

    Example:
        >>> RunMapping(notes={"reviewer": "business_details.business_stakeholders"})
        RunMapping(notes={'reviewer': 'business_details.business_stakeholders'}, ...)
    """

    notes: Mapping[str, str | None] = field(default_factory=dict)
    notes_artifact: str = "governance_notes.json"
    evaluation_prefixes: tuple[str, ...] = ("eval_", "test_", "val_", "validation_")
    evaluation_metrics: Collection[str] = ()
    training_metrics: Collection[str] = ()
    evaluation_name: str | None = None
    evaluation_group: str = "mlflow metrics"
    hyper_parameters: bool = True
    package: bool = False

    def __repr__(self) -> str:
        return f"RunMapping(notes={dict(self.notes)!r}, ...)"

    def note_field(self, key: str) -> str | None:
        """The card field path a notes key fills (``custom_details`` for unknown keys)."""
        if key in self.notes:
            return self.notes[key]
        return DEFAULT_NOTE_FIELDS.get(key, f"additional_information.custom_details.{key}")

    def is_evaluation(self, metric: str) -> bool:
        """Whether a metric goes to the evaluation (``True``) or the training details."""
        if metric in self.training_metrics:
            return False
        return metric in self.evaluation_metrics or metric.startswith(self.evaluation_prefixes)


@dataclass(frozen=True)
class RunFacts:
    """What was read from the run (plain data; see ``sm_governance.sources.mlflow``)."""

    run_id: str
    experiment_id: str = ""
    run_name: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    metrics: Mapping[str, float] = field(default_factory=dict)
    tags: Mapping[str, str] = field(default_factory=dict)
    notes: Mapping[str, Any] | None = None
    requirements: tuple[str, ...] = ()
    model_artifacts: tuple[str, ...] = ()


#: ``custom_details`` keys the card fills from the run itself; notes may not replace them.
_RECORDED = frozenset(
    {
        RUN_ID_KEY,
        EXPERIMENT_ID_KEY,
        RUN_NAME_KEY,
        SOURCE_COMMIT_KEY,
        REQUIREMENTS_KEY,
        SKIPPED_PARAMS_KEY,
        SKIPPED_METRICS_KEY,
    }
)
_CUSTOM = ("additional_information", "custom_details")


def _note_target(key: str, mapping: RunMapping) -> tuple[str, ...] | None:
    """The card field a notes key fills, as path parts (``None``: left out).

    A key neither mapped nor a card field is one ``custom_details`` key, dots and all.
    """
    if key in mapping.notes or key in DEFAULT_NOTE_FIELDS:
        path = mapping.note_field(key)
        if path is not None and not isinstance(path, str):
            why = f"must be a card field path like 'a.b' or None; got {type(path).__name__}"
            raise ValidationError([Problem(f"notes.{key}", why)], subject="MLflow mapping")
        return None if path is None else tuple(path.split("."))
    return (*_CUSTOM, key)


def _refuse_recorded(key: str, parts: tuple[str, ...], mapping: RunMapping) -> None:
    if len(parts) == 3 and parts[:2] == _CUSTOM and parts[2] in _RECORDED:
        why = (
            f"the key {key!r} would replace {'.'.join(parts)}, which is recorded from the "
            f"run itself; rename the key, or map it to another field with "
            f"RunMapping(notes={{{key!r}: 'additional_information.custom_details.NAME'}}) "
            f"(None leaves it out)"
        )
        raise ValidationError([Problem(mapping.notes_artifact, why)], subject="MLflow run")


def _set(content: dict[str, Any], parts: tuple[str, ...], value: Any) -> None:
    path = ".".join(parts)
    if len(parts) < 2 or not all(parts):
        raise ValidationError(
            [Problem(path, "a card field path needs a section and a field, like 'a.b'")],
            subject="MLflow mapping",
        )
    node = content
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            why = f"{part!r} already holds a value that is not an object; map the key elsewhere"
            raise ValidationError([Problem(path, why)], subject="MLflow mapping")
    last = parts[-1]
    if last in _LIST_FIELDS:
        items = list(value) if isinstance(value, (list, tuple)) else [value]
        node[last] = [str(i) for i in items]
    elif "custom_details" in parts[:-1] or not isinstance(value, (str, int, float, bool)):
        node[last] = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    else:
        node[last] = value if isinstance(value, str) else str(value)


def _listing(names: list[str], separator: str = ", ") -> str:
    text = separator.join(names)
    return text if len(text) <= CUSTOM_VALUE_MAX else text[: CUSTOM_VALUE_MAX - 1] + "\u2026"


def _hyper_parameters(params: Mapping[str, str]) -> tuple[list[dict[str, str]], list[str]]:
    kept: list[dict[str, str]] = []
    skipped: list[str] = []
    for name in sorted(params):
        value = str(params[name])
        if len(value) <= HYPER_PARAMETER_VALUE_MAX and len(kept) < HYPER_PARAMETERS_MAX_ITEMS:
            kept.append({"name": name, "value": value})
        else:
            skipped.append(name)
    return kept, skipped


def _metrics(
    metrics: Mapping[str, float], mapping: RunMapping
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    training: list[dict[str, Any]] = []
    evaluation: list[dict[str, Any]] = []
    left_out: list[str] = []
    for name in sorted(metrics):
        number = metrics[name]
        finite = isinstance(number, (int, float)) and math.isfinite(number)
        if isinstance(number, bool) or not finite:
            left_out.append(name)
        elif mapping.is_evaluation(name):
            evaluation.append({"name": name, "type": "number", "value": number})
        elif len(training) < TRAINING_METRICS_MAX_ITEMS:
            training.append({"name": name, "value": number})
        else:
            left_out.append(name)
    return training, evaluation, left_out


def _run_record(facts: RunFacts) -> dict[str, str]:
    custom = {RUN_ID_KEY: facts.run_id}
    if facts.experiment_id:
        custom[EXPERIMENT_ID_KEY] = facts.experiment_id
    if facts.run_name:
        custom[RUN_NAME_KEY] = facts.run_name
    if commit := facts.tags.get("mlflow.source.git.commit"):
        custom[SOURCE_COMMIT_KEY] = commit
    if facts.requirements:
        custom[REQUIREMENTS_KEY] = _listing(list(facts.requirements), "; ")
    return custom


def run_content(facts: RunFacts, mapping: RunMapping) -> dict[str, Any]:
    """Card content data for the run (not yet validated; the builders do that)."""
    content: dict[str, Any] = {}
    custom = _run_record(facts)
    job: dict[str, Any] = {}
    if mapping.hyper_parameters and facts.params:
        kept, skipped = _hyper_parameters(facts.params)
        if kept:
            job["hyper_parameters"] = kept
        if skipped:
            custom[SKIPPED_PARAMS_KEY] = _listing(skipped)
    training, evaluation, left_out = _metrics(facts.metrics, mapping)
    if training:
        job["training_metrics"] = training
    if left_out:
        custom[SKIPPED_METRICS_KEY] = _listing(left_out)
    if job:
        content["training_details"] = {"training_job_details": job}
    if evaluation:
        name = mapping.evaluation_name or f"mlflow-{facts.run_id}"[:EVALUATION_NAME_MAX]
        group = {"name": mapping.evaluation_group, "metric_data": evaluation}
        content["evaluation_details"] = [{"name": name, "metric_groups": [group]}]
    if facts.model_artifacts:
        content.setdefault("model_overview", {})["model_artifact"] = list(facts.model_artifacts)
    if description := facts.tags.get("mlflow.note.content"):
        content.setdefault("model_overview", {})["model_description"] = description
    content["additional_information"] = {"custom_details": custom}
    # governance notes last: what the people wrote wins over what was derived
    for key, value in (facts.notes or {}).items():
        parts = _note_target(str(key), mapping)
        if parts is not None and value is not None:
            _refuse_recorded(str(key), parts, mapping)
            _set(content, parts, value)
    if mapping.package:
        _move_to_custom(content)
    return content


def _move_to_custom(content: dict[str, Any]) -> None:
    overview = content.get("model_overview") or {}
    moved = {k: v for k, v in overview.items() if k not in PACKAGE_MODEL_OVERVIEW_FIELDS}
    if not moved:
        return
    content["model_overview"] = {
        k: v for k, v in overview.items() if k in PACKAGE_MODEL_OVERVIEW_FIELDS
    }
    custom = content.setdefault("additional_information", {}).setdefault("custom_details", {})
    for key, value in moved.items():
        custom.setdefault(key, value if isinstance(value, str) else json.dumps(value))
