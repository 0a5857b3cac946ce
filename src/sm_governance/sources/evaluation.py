"""Evaluation details from an evaluation report: Model Monitor, Clarify, the SDK's metric
schema, or plain metrics.

The report shapes and how each becomes card metrics are described in
``sm_governance.sources._reports``; in short: model-quality statistics keep their group
(``binary_classification_metrics`` ...), numbers carry their standard deviation in the
notes, the confusion matrix becomes a labelled matrix (rows actual, columns predicted), and
the ROC and precision-recall curves become linear graphs; Clarify bias metrics become one
group per stage, facet and value, named as the SageMaker Python SDK names them, with the
description as notes; SHAP values, text SHAP values, expected values and partial dependence
become groups of their own. Every value lands in the card or, with the reason, in
``metadata["skipped_metrics"]`` (continued in ``skipped_metrics_2``... when longer than one
metadata value holds); numbers are never rounded.

Example:
    >>> from sm_governance.sources.evaluation import evaluation_from_report
    >>> report = {"regression_metrics": {"rmse": {"value": 0.61, "standard_deviation": 0.003}}}
    >>> job = evaluation_from_report(report, name="holdout").build()
    >>> job.metric_groups[0].metric_data[0].name
    'rmse'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sm_governance._files import decode_text, parse_json, read_text
from sm_governance._untrusted import visible
from sm_governance.card._limits import CUSTOM_VALUE_MAX
from sm_governance.errors import Problem, ValidationError
from sm_governance.sources._collect import (
    LONE_SURROGATE,
    SKIPPED_KEY,
    is_skipped_key,
    lone_surrogate,
)
from sm_governance.sources._reports import REPORT_KINDS, detect_kind, metric_groups

if TYPE_CHECKING:
    from sm_governance.card import EvaluationDetailsBuilder

__all__ = [
    "REPORT_KINDS",
    "detect_kind",
    "evaluation_from_report",
    "evaluation_section",
    "load_report",
]

_DEFAULT_NAMES = {
    "model_quality": "model-quality",
    "clarify": "clarify-bias",
    "metric_schema": "evaluation",
    "plain": "evaluation",
}
ReportSource = Mapping[str, Any] | str | bytes | os.PathLike[str]


def load_report(source: ReportSource) -> dict[str, Any]:
    """Read a report: a mapping as is, JSON text, or the path of a JSON file.

    Raises:
        ValidationError: when the file is missing, the text is not a JSON object, or it
            escapes a lone surrogate (text no card can hold).
    """
    if isinstance(source, Mapping):
        return dict(source)
    where = "report"
    if isinstance(source, bytes):
        text = decode_text(source, subject="evaluation report", name=where)
    elif isinstance(source, str) and source.lstrip().startswith("{"):
        text = source
    else:
        path = Path(source)
        where = os.fspath(path)
        text = read_text(path, subject="evaluation report")
    data = parse_json(text, subject="evaluation report", name=where)
    if not isinstance(data, dict):
        raise ValidationError([Problem("", "must be a JSON object")], subject="evaluation report")
    if (at := lone_surrogate(data)) is not None:
        raise ValidationError([Problem(visible(at), LONE_SURROGATE)], subject="evaluation report")
    return data


def evaluation_section(
    report: ReportSource,
    *,
    name: str | None = None,
    kind: str | None = None,
    evaluation_job_arn: str | None = None,
    datasets: Iterable[str] | None = None,
    observation: str | None = None,
    metadata: Mapping[str, str] | None = None,
    group: str = "metrics",
) -> dict[str, Any]:
    """One ``evaluation_details`` entry, as content data, from an evaluation report.

    Args:
        report: the report (a mapping, JSON text, or a JSON file path).
        name: the evaluation's name; by default ``model-quality``, ``clarify-bias``
            (``clarify-explainability`` without bias metrics) or ``evaluation`` after the
            report's kind.
        kind: ``model_quality``, ``clarify``, ``metric_schema`` or ``plain``; detected
            when omitted.
        evaluation_job_arn: the ARN of the job that produced the report.
        datasets: the evaluation dataset locations.
        observation: the evaluator's observations.
        metadata: extra string attributes of the evaluation, which win over the report's
            own facts of the same name (a fact they replace is named in the skipped
            listing); not ``skipped_metrics``,
            ``skipped_metrics_2``..., which list what the card does not hold (a report's own
            facts of those names are listed there too, never taken as the listing).
        group: the metric group name for a plain report's ungrouped metrics.

    Raises:
        ValidationError: for an unreadable or unknown report, an unknown ``kind``, a
            ``metadata`` key of the skipped listing, or a report in which nothing at all
            was found.
    """
    reserved = [k for k in metadata or {} if isinstance(k, str) and is_skipped_key(k)]
    if reserved:
        why = "is where the card lists what the report holds and the card cannot; use another key"
        raise ValidationError(
            [Problem(f"metadata.{k}", why) for k in reserved], subject="evaluation report"
        )
    data = load_report(report)
    if kind is None:
        kind = detect_kind(data)
    elif kind not in REPORT_KINDS:
        raise ValidationError(
            [Problem("kind", f"must be one of {', '.join(REPORT_KINDS)}; got {kind!r}")],
            subject="evaluation report",
        )
    groups, skipped, facts = metric_groups(data, kind, group=group)
    if not groups and not skipped:
        raise ValidationError(
            [Problem("", f"holds no metrics (read as a {kind.replace('_', ' ')} report)")],
            subject="evaluation report",
        )
    default = _DEFAULT_NAMES[kind]
    if kind == "clarify" and not any(k.endswith("_bias_metrics") for k in data):
        default = "clarify-explainability"
    section: dict[str, Any] = {"name": name or default}
    if observation is not None:
        section["evaluation_observation"] = observation
    if evaluation_job_arn is not None:
        section["evaluation_job_arn"] = evaluation_job_arn
    if datasets is not None:
        section["datasets"] = list(datasets)
    details = dict(metadata or {})
    for key, value in facts.items():
        if key not in details:
            details[key] = value
        elif details[key] != value:
            skipped = [*skipped, f"{key} (the report says {value}; the metadata given wins)"]
    details.update(_skipped_metadata(skipped))
    if details:
        section["metadata"] = details
    section["metric_groups"] = groups
    return section


def _skipped_metadata(skipped: list[str]) -> dict[str, str]:
    """``skipped_metrics``, ``skipped_metrics_2``...: whole entries, each value <= 1024."""
    chunks: list[str] = []
    for whole in skipped:
        entry = (
            whole if len(whole) <= CUSTOM_VALUE_MAX else whole[: CUSTOM_VALUE_MAX - 1] + "\u2026"
        )
        if chunks and len(chunks[-1]) + 2 + len(entry) <= CUSTOM_VALUE_MAX:
            chunks[-1] += "; " + entry
        else:
            chunks.append(entry)
    return {
        SKIPPED_KEY if index == 0 else f"{SKIPPED_KEY}_{index + 1}": chunk
        for index, chunk in enumerate(chunks)
    }


def evaluation_from_report(
    report: ReportSource,
    *,
    name: str | None = None,
    kind: str | None = None,
    evaluation_job_arn: str | None = None,
    datasets: Iterable[str] | None = None,
    observation: str | None = None,
    metadata: Mapping[str, str] | None = None,
    group: str = "metrics",
) -> EvaluationDetailsBuilder:
    """An :class:`~sm_governance.card.EvaluationDetailsBuilder` filled from a report.

    The arguments are those of :func:`evaluation_section`. The builder is returned unbuilt
    so the author can add observations or metrics; ``.build()`` validates it, and it can be
    passed to ``ModelCardBuilder.evaluation(...)`` as it is.
    """
    from sm_governance.card import EvaluationDetailsBuilder

    section = evaluation_section(
        report,
        name=name,
        kind=kind,
        evaluation_job_arn=evaluation_job_arn,
        datasets=datasets,
        observation=observation,
        metadata=metadata,
        group=group,
    )
    return EvaluationDetailsBuilder(**section)
