"""``make demo``: build a complete model card with the builders and show it.

Runs offline: no AWS account, credentials, region or network. It prints the exact
``ModelCardContent`` JSON, checks the card as a model package's card, shows how an invalid
card is reported, and ends with a readable preview.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from sm_governance._types import RiskRating
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
from sm_governance.errors import ValidationError

__all__ = ["example_card", "main"]

_ARTIFACT = "s3://example-models/credit-default/model.tar.gz"


def example_card() -> ModelCard:
    """The credit-default model's card: every section, every kind of metric."""
    return (
        ModelCardBuilder()
        .model_overview(
            ModelOverviewBuilder(
                model_creator="Credit risk data science", model_artifact=[_ARTIFACT]
            )
        )
        .intended_uses(
            IntendedUsesBuilder(
                purpose_of_model="Estimate the probability that a retail loan defaults",
                intended_uses="Decision support for underwriters; never an automatic decline",
                risk_rating=RiskRating.MEDIUM,
                explanations_for_risk_rating="Affects credit decisions; a human reviews each",
            )
        )
        .business_details(
            BusinessDetailsBuilder(
                business_problem="Reduce loan defaults without declining good applicants",
                business_stakeholders="Underwriting, Credit risk, Compliance",
                line_of_business="Retail lending",
            )
        )
        .training_details(
            TrainingDetailsBuilder(
                training_arn="arn:aws:sagemaker:eu-west-1:111122223333:training-job/credit-42",
                training_datasets=["s3://example-data/credit/train.parquet"],
                hyper_parameters={"max_depth": "6", "eta": "0.2", "num_round": "200"},
            )
            .objective("Minimize", facet="Loss")
            .training_metric("validation:logloss", 0.312)
            .training_metric("validation:auc", 0.903)
        )
        .evaluation(
            EvaluationDetailsBuilder(
                name="holdout-2024-q2",
                evaluation_observation="Stable across regions; recall lower for thin files",
                datasets=["s3://example-data/credit/holdout.parquet"],
            )
            .metric("quality", "auc", 0.91)
            .metric("quality", "fairness_score", 0.86)
            .metric("quality", "p95_latency_ms", 120)
            .metric("quality", "bias_review_done", True)
            .metric("quality", "approved_by", "model-risk-committee")
            .metric(
                "curves",
                "roc",
                [[0.0, 0.0], [0.05, 0.62], [0.2, 0.88], [1.0, 1.0]],
                type="linear_graph",
                x_axis_name="false positive rate",
                y_axis_name="true positive rate",
            )
            .metric("curves", "defaults by region", [12, 9, 15], x_axis_name=["EU", "UK", "US"])
            .metric(
                "curves",
                "confusion matrix",
                [[912, 41], [37, 210]],
                type="matrix",
                x_axis_name=["predicted no", "predicted yes"],
                y_axis_name=["actual no", "actual yes"],
            )
        )
        .additional_information(
            AdditionalInformationBuilder(
                ethical_considerations="Protected attributes are excluded from the features",
                caveats_and_recommendations="Retrain quarterly; monitor drift in income",
            ).custom_detail("Cost center", "RL-4410")
        )
        .datazone_project("5jdi2hjv0xq2jb", domain_id="dzd_4p9n6sw4qt9xgn")
        .build()
    )


def _by_section(card: ModelCard) -> str:
    lines = [
        f"  {json.dumps(name)}: {json.dumps(section, separators=(',', ':'), ensure_ascii=False)}"
        for name, section in card.to_content().items()
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _heading(out: TextIO, title: str) -> None:
    out.write(f"\n== {title} ==\n\n")


def main(out: TextIO | None = None) -> int:
    """Print the demo to ``out`` (standard output by default); returns the exit status."""
    from sm_governance.render import render_markdown

    out = out or sys.stdout
    card = example_card()
    content = card.to_content_json()

    _heading(out, "A model card, built with the builders")
    out.write("The ModelCardContent JSON, one section a line (SageMaker gets it compact):\n\n")
    out.write(_by_section(card))
    out.write(f"\n{len(content):,} characters of compact JSON (SageMaker allows 100,000).\n")

    _heading(out, "Checked as a model package's card")
    card.for_package()
    out.write(
        "OK: model_overview holds only model_creator and model_artifact, as SageMaker's\n"
        "ModelPackageModelCard requires; DataZone project "
        f"{card.datazone_project_id} (domain {card.datazone_domain_id}).\n"
    )
    standalone = ModelCard.from_content(
        {
            **card.to_content(),
            "model_overview": {"model_description": "XGBoost", "model_owner": "x"},
        }
    )
    try:
        standalone.for_package()
    except ValidationError as exc:
        out.write(f"A standalone card's overview does not fit a model package:\n{exc}\n")

    _heading(out, "An invalid card lists every problem with its path")
    try:
        ModelCard.from_content_json(
            '{"intended_uses":{"risk_rating":"Severe"},'
            '"evaluation_details":[{"name":"holdout","metric_groups":[{"name":"quality",'
            '"metric_data":[{"name":"cm","type":"matrix","value":[[1,2],[3]]}]}]}],'
            '"additional_information":{"custom_details":{"datazone_project_id":"not valid!"}}}'
        )
    except ValidationError as exc:
        out.write(f"{exc}\n")

    _heading(out, "Preview")
    out.write(render_markdown(card, sign_off=False))
    out.write("\n")
    return 0


if __name__ == "__main__":  # pragma: no cover - exercised through `make demo`
    sys.exit(main())
