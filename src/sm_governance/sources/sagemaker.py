"""Training details from a SageMaker training job.

:func:`training_details_from_job` reads the job with ``DescribeTrainingJob`` (and, for a job
launched by hyper-parameter tuning, the tuning job's objective with
``DescribeHyperParameterTuningJob``) and fills a ``TrainingDetailsBuilder``:

========================================  ===============================================
card field                                from the job
========================================  ===============================================
``training_job_details.training_arn``     ``TrainingJobArn``
``training_datasets``                     each input channel's S3 URI (or file system), in
                                          channel order, without repeats
``training_environment.container_image``  ``AlgorithmSpecification.TrainingImage``
``hyper_parameters``                      ``HyperParameters``, sorted by name; JSON-quoted
                                          string values (as the SageMaker Python SDK writes
                                          them) are unquoted; SageMaker's own
                                          ``sagemaker_*`` and ``_tuning_objective_metric``
                                          entries are left out unless asked for
``training_metrics``                      ``FinalMetricDataList`` (finite values only)
``objective_function``                    the tuning job's objective (``Type`` and
                                          ``MetricName``), when the job has ``TuningJobArn``
========================================  ===============================================

:func:`training_section` does the same from a ``DescribeTrainingJob`` response you already
have, without AWS calls.

Example:
    >>> from sm_governance.sources.sagemaker import training_section
    >>> training_section({"TrainingJobArn": "arn:aws:sagemaker:us-east-1:1:training-job/j",
    ...                   "HyperParameters": {"max_depth": "6"}})["training_job_details"]
    {'training_arn': 'arn:aws:sagemaker:us-east-1:1:training-job/j', 'hyper_parameters': [{'name': 'max_depth', 'value': '6'}]}
"""  # noqa: E501

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sm_governance._aws import make_client
from sm_governance._untrusted import has_surrogate
from sm_governance.errors import Problem, ValidationError, map_client_errors

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config

    from sm_governance.card import TrainingDetailsBuilder

__all__ = ["training_details_from_job", "training_section"]

# TrainingJobName / HyperParameterTuningJobName in the SageMaker API reference.
_JOB_NAME = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
_JOB_ARN = re.compile(r"arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:\d{12}:training-job/(?P<name>.+)")
_TUNING_ARN = re.compile(
    r"arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:\d{12}:hyper-parameter-tuning-job/(?P<name>.+)"
)
_INTERNAL_PREFIXES = ("sagemaker_", "_tuning_objective_metric")
_FACET_MAX = 63


def _job_name(job: str) -> str:
    match = _JOB_ARN.fullmatch(job) if isinstance(job, str) else None
    name = match.group("name") if match else job
    if not isinstance(name, str) or not _JOB_NAME.fullmatch(name):
        raise ValidationError(
            [
                Problem(
                    "job_name",
                    "must be a training job name (1 to 63 letters, digits and hyphens, "
                    f"starting with a letter or digit) or its ARN; got {job!r}",
                )
            ],
            subject="training job",
        )
    return name


def _unquote(value: Any) -> str:
    text = str(value)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        try:
            decoded = json.loads(text)
        except json.JSONDecodeError:
            return text
        if isinstance(decoded, str) and not has_surrogate(decoded):
            return decoded  # a lone surrogate escaped in the quotes stays as SageMaker holds it
    return text


def _datasets(channels: Any) -> list[str]:
    out: list[str] = []
    for channel in channels or []:
        source = channel.get("DataSource") or {}
        s3 = source.get("S3DataSource") or {}
        fs = source.get("FileSystemDataSource") or {}
        location = s3.get("S3Uri")
        if not location and fs.get("FileSystemId"):
            scheme = str(fs.get("FileSystemType", "fs")).lower()
            location = f"{scheme}://{fs['FileSystemId']}{fs.get('DirectoryPath', '')}"
        if location and location not in out:
            out.append(str(location))
    return out


def _objective(tuning: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not tuning:
        return None
    config = tuning.get("HyperParameterTuningJobConfig") or {}
    objective = config.get("HyperParameterTuningJobObjective") or {}
    direction, metric = objective.get("Type"), objective.get("MetricName")
    if not direction and not metric:
        return None
    name = tuning.get("HyperParameterTuningJobName", "the tuning job")
    function: dict[str, Any] = {}
    if direction:
        function["function"] = direction
    if metric and len(metric) <= _FACET_MAX:
        function["facet"] = metric
    notes = f"Objective of hyper-parameter tuning job {name}: {direction or ''} {metric or ''}"
    return {"function": function, "notes": " ".join(notes.split())[:1024]}


def training_section(
    description: Mapping[str, Any],
    *,
    tuning: Mapping[str, Any] | None = None,
    include_internal_hyper_parameters: bool = False,
) -> dict[str, Any]:
    """``training_details`` content data from a ``DescribeTrainingJob`` response.

    Args:
        description: the ``DescribeTrainingJob`` response.
        tuning: the ``DescribeHyperParameterTuningJob`` response of the job's tuning job,
            for the objective function.
        include_internal_hyper_parameters: keep ``sagemaker_*`` and
            ``_tuning_objective_metric`` hyper-parameters.
    """
    job: dict[str, Any] = {}
    if description.get("TrainingJobArn"):
        job["training_arn"] = description["TrainingJobArn"]
    if datasets := _datasets(description.get("InputDataConfig")):
        job["training_datasets"] = datasets
    image = (description.get("AlgorithmSpecification") or {}).get("TrainingImage")
    if image:
        job["training_environment"] = {"container_image": [image]}
    metrics = [
        {"name": m["MetricName"], "value": m["Value"]}
        for m in description.get("FinalMetricDataList") or []
        if m.get("MetricName")
        and isinstance(m.get("Value"), (int, float))
        and math.isfinite(m["Value"])
    ]
    if metrics:
        job["training_metrics"] = metrics
    hyper = description.get("HyperParameters") or {}
    params = [
        {"name": name, "value": _unquote(hyper[name])}
        for name in sorted(hyper)
        if include_internal_hyper_parameters or not name.startswith(_INTERNAL_PREFIXES)
    ]
    if params:
        job["hyper_parameters"] = params
    section: dict[str, Any] = {}
    if (objective := _objective(tuning)) is not None:
        section["objective_function"] = objective
    if job:
        section["training_job_details"] = job
    return section


def training_details_from_job(
    job_name: str,
    *,
    include_internal_hyper_parameters: bool = False,
    client: Any = None,
    session: boto3.Session | None = None,
    config: Config | None = None,
) -> TrainingDetailsBuilder:
    """A ``TrainingDetailsBuilder`` filled from a SageMaker training job.

    Args:
        job_name: the training job's name or ARN.
        include_internal_hyper_parameters: keep SageMaker's own ``sagemaker_*``
            hyper-parameters.
        client: a SageMaker client to use (wins over ``session`` and ``config``).
        session: a ``boto3.Session`` to create the client from.
        config: botocore config merged over the product's defaults.

    Returns:
        The builder, unbuilt, so the author can add observations or user-provided metrics.

    Raises:
        ValidationError: when ``job_name`` is not a training job name or ARN (no AWS call).
        NotFoundError: when the job does not exist.
        AwsError: for any other AWS failure.
    """
    from sm_governance.card import TrainingDetailsBuilder

    name = _job_name(job_name)
    sagemaker = make_client("sagemaker", client=client, session=session, config=config)
    with map_client_errors("DescribeTrainingJob"):
        description = sagemaker.describe_training_job(TrainingJobName=name)
    tuning = None
    match = _TUNING_ARN.fullmatch(str(description.get("TuningJobArn") or ""))
    if match is not None:
        with map_client_errors("DescribeHyperParameterTuningJob"):
            tuning = sagemaker.describe_hyper_parameter_tuning_job(
                HyperParameterTuningJobName=match.group("name")
            )
    section = training_section(
        description,
        tuning=tuning,
        include_internal_hyper_parameters=include_internal_hyper_parameters,
    )
    return TrainingDetailsBuilder(**section)
