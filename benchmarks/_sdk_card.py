"""The SageMaker SDK v2 half of the card benchmark, run in the SDK's own interpreter.

It builds the benchmark card (:mod:`benchmarks._cardspec`) as ``sagemaker.model_card``
objects, whose attribute descriptors are the SDK's validation, and serialises it as
``register()`` does for a model package version: ``ModelCard._create_request_args()``, then
the request's ``Content`` renamed ``ModelCardContent`` and ``ModelCardName`` dropped (what
``sagemaker.session.get_create_model_package_request`` does with a ``model_card``).

The SDK needs a ``sagemaker.Session`` to construct a card; one is made once, before timing,
with fake credentials (it makes no AWS call).

Protocol, one line each: prints ``{"sdk": VERSION, "content": "..."}`` when ready, then for
each line ``N`` read on standard input builds and serialises the card ``N`` times and prints
``{"seconds": S}``. Run as ``python -m benchmarks._sdk_card`` from the repository root.
"""

from __future__ import annotations

import json
import os
import sys
from time import perf_counter, process_time
from typing import Any

from benchmarks._cardspec import card_spec


def main() -> int:
    """Answer timing requests until standard input ends."""
    os.environ.setdefault("SAGEMAKER_SUPPRESS_V2_WARNING", "1")
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.getLogger("sagemaker").setLevel(logging.ERROR)
    logging.getLogger("sagemaker.config").setLevel(logging.ERROR)

    import boto3
    import sagemaker
    from sagemaker.model_card import (
        AdditionalInformation,
        BusinessDetails,
        EvaluationJob,
        Function,
        HyperParameter,
        IntendedUses,
        Metric,
        MetricGroup,
        ModelCard,
        ModelOverview,
        ObjectiveFunction,
        TrainingDetails,
        TrainingJobDetails,
        TrainingMetric,
    )

    session = sagemaker.Session(
        boto_session=boto3.Session(
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        )
    )
    spec = card_spec()

    def build_and_serialise() -> dict[str, Any]:
        overview = spec["model_overview"]
        uses = spec["intended_uses"]
        business = spec["business_details"]
        training = spec["training_details"]
        evaluation = spec["evaluation"]
        extra = spec["additional_information"]
        groups: dict[str, list[Any]] = {}
        for group, m in evaluation["metrics"]:
            groups.setdefault(group, []).append(
                Metric(
                    name=m["name"],
                    type=m["type"],
                    value=m["value"],
                    x_axis_name=m.get("x_axis_name"),
                    y_axis_name=m.get("y_axis_name"),
                )
            )
        card = ModelCard(
            name="credit-default",
            status="Draft",
            sagemaker_session=session,
            model_overview=ModelOverview(
                model_creator=overview["model_creator"],
                model_artifact=overview["model_artifact"],
            ),
            intended_uses=IntendedUses(**uses),
            business_details=BusinessDetails(**business),
            training_details=TrainingDetails(
                objective_function=ObjectiveFunction(
                    function=Function(**training["objective_function"]["function"])
                ),
                training_observations=training["training_observations"],
                training_job_details=TrainingJobDetails(
                    training_arn=training["training_arn"],
                    training_datasets=training["training_datasets"],
                    training_metrics=[TrainingMetric(**t) for t in training["training_metrics"]],
                    hyper_parameters=[
                        HyperParameter(name=k, value=v)
                        for k, v in training["hyper_parameters"].items()
                    ],
                ),
            ),
            evaluation_details=[
                EvaluationJob(
                    name=evaluation["name"],
                    evaluation_observation=evaluation["evaluation_observation"],
                    datasets=evaluation["datasets"],
                    metric_groups=[
                        MetricGroup(name=name, metric_data=data) for name, data in groups.items()
                    ],
                )
            ],
            additional_information=AdditionalInformation(
                ethical_considerations=extra["ethical_considerations"],
                caveats_and_recommendations=extra["caveats_and_recommendations"],
                custom_details={
                    **extra["custom_details"],
                    "datazone_project_id": spec["datazone_project_id"],
                    "datazone_domain_id": spec["datazone_domain_id"],
                },
            ),
        )
        request: dict[str, Any] = card._create_request_args()
        request.pop("ModelCardName", None)
        request["ModelCardContent"] = request.pop("Content")
        return request

    first = build_and_serialise()
    sys.stdout.write(
        json.dumps({"sdk": sagemaker.__version__, "content": first["ModelCardContent"]}) + "\n"
    )
    sys.stdout.flush()
    for line in sys.stdin:
        n = int(line)
        started, cpu = perf_counter(), process_time()
        for _ in range(n):
            build_and_serialise()
        elapsed = {"seconds": perf_counter() - started, "cpu_seconds": process_time() - cpu}
        sys.stdout.write(json.dumps(elapsed) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
