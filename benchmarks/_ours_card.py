"""Our half of the card benchmark: the same card built with the builders, checked, serialised.

``build()`` validates the whole card, ``for_package()`` checks it as a model package's card
(what ``ModelRegistry.register`` does before sending it) and ``to_content_json()`` gives the
exact ``ModelCardContent`` string.
"""

from __future__ import annotations

from typing import Any

from benchmarks._cardspec import card_spec
from sm_governance.card import (
    AdditionalInformationBuilder,
    BusinessDetailsBuilder,
    EvaluationDetailsBuilder,
    IntendedUsesBuilder,
    ModelCard,
    ModelCardBuilder,
    ModelOverviewBuilder,
    TrainingDetailsBuilder,
)


def build_and_serialise(spec: dict[str, Any]) -> str:
    """Build, validate and serialise the benchmark card once; returns the content JSON.

    ``spec`` is made once by the caller, as the SDK's side makes it once (building the plain
    data is not part of what is measured on either side).
    """
    return build_card(spec).for_package().to_content_json()


def build_card(spec: dict[str, Any] | None = None) -> ModelCard:
    """Build (and so validate) the benchmark card with the builders.

    The classes are imported once, with this module, as the SDK's side imports its own once.
    """
    spec = spec or card_spec()
    training = spec["training_details"]
    evaluation = spec["evaluation"]
    trainer = TrainingDetailsBuilder(
        objective_function=training["objective_function"],
        training_observations=training["training_observations"],
        training_arn=training["training_arn"],
        training_datasets=training["training_datasets"],
        hyper_parameters=training["hyper_parameters"],
    )
    for metric in training["training_metrics"]:
        trainer.training_metric(metric["name"], metric["value"])
    evaluator = EvaluationDetailsBuilder(
        name=evaluation["name"],
        evaluation_observation=evaluation["evaluation_observation"],
        datasets=evaluation["datasets"],
    )
    for group, m in evaluation["metrics"]:
        evaluator.metric(
            group,
            m["name"],
            m["value"],
            type=m["type"],
            x_axis_name=m.get("x_axis_name"),
            y_axis_name=m.get("y_axis_name"),
        )
    return (
        ModelCardBuilder(
            model_overview=ModelOverviewBuilder(**spec["model_overview"]),
            intended_uses=IntendedUsesBuilder(**spec["intended_uses"]),
            business_details=BusinessDetailsBuilder(**spec["business_details"]),
            training_details=trainer,
            evaluation_details=[evaluator],
            additional_information=AdditionalInformationBuilder(**spec["additional_information"]),
        )
        .datazone_project(spec["datazone_project_id"], domain_id=spec["datazone_domain_id"])
        .build()
    )
