"""Cards the SageMaker Python SDK v2 builds parse here, losslessly.

Each scenario drives the SDK's own classes the way its integration test
(``tests/integ/test_model_card.py``, which runs against SageMaker) and the official model
governance notebooks do: ``EvaluationJob.add_metric_group_from_json`` for every metric file
type, ``ModelPackage.from_model_package_arn`` with and without model metrics, and
``ModelCard.create``. The content the SDK sent is read back from the local SageMaker and must
parse with :class:`sm_governance.card.ModelCard`, strictly, and round-trip unchanged; the
product's own report reader must keep every number the SDK's parsers keep.

The metric files follow the shapes the SDK documents (its own example files are not
vendored). The local SageMaker does not index model cards in ``Search`` yet; the SDK asks
``Search(Resource="ModelCard")`` whether a package already has a card, so that one request
is answered "none" here, as SageMaker answers for a package without a card.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from sm_governance.card import ModelCard, read_card
from sm_governance.registry import ModelRegistry
from sm_governance.sources import evaluation_section, load_card_source

from .conftest import BUCKET, GROUP, IMAGE, MODEL_DATA

pytestmark = pytest.mark.sdk(2)

DATA = Path(__file__).parent / "data"
REPORTS = Path(__file__).parents[1] / "unit" / "sources" / "reports"
METRIC_FILES = [
    ("Model Card Metric Schema", DATA / "metric_schema.json"),
    ("Clarify Bias", DATA / "clarify_bias.json"),
    ("Clarify Explainability", DATA / "clarify_explainability.json"),
    ("Model Monitor Model Quality Regression", REPORTS / "model_quality_regression.json"),
    ("Model Monitor Model Quality Binary Classification", REPORTS / "model_quality_binary.json"),
    (
        "Model Monitor Model Quality Multiclass Classification",
        REPORTS / "model_quality_multiclass.json",
    ),
]
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _numbers(node: Any) -> set[float]:
    """Every number in ``node``: values, and numbers written inside text."""
    if isinstance(node, str):
        return {float(m) for m in _NUMBER.findall(node)}
    if isinstance(node, bool) or node is None:
        return set()
    if isinstance(node, (int, float)):
        return {node}
    values = node.values() if isinstance(node, dict) else node
    return {n for value in values for n in _numbers(value)}


def _values(node: Any) -> set[float]:
    """The numeric values in ``node`` (not numbers inside text)."""
    if isinstance(node, bool) or node is None or isinstance(node, str):
        return set()
    if isinstance(node, (int, float)):
        return {node}
    values = node.values() if isinstance(node, dict) else node
    return {n for value in values for n in _values(value)}


class _NoCardsYet:
    """Answers ``Search(Resource="ModelCard")`` with no results (see the module doc)."""

    def __call__(self, params: dict[str, Any], **_: Any) -> Any:
        body = json.loads(params.get("body") or b"{}")
        if body.get("Resource") != "ModelCard":
            return None
        return SimpleNamespace(status_code=200), {"Results": [], "ResponseMetadata": {}}


@pytest.fixture
def session(sdk_session: Any) -> Any:
    sdk_session.sagemaker_client.meta.events.register("before-call.sagemaker.Search", _NoCardsYet())
    return sdk_session


def _stored(sagemaker_client: Any, card: Any) -> str:
    """What SageMaker holds after the SDK's ``ModelCard.create``."""
    card.create()
    content: str = sagemaker_client.describe_model_card(ModelCardName=card.name)["Content"]
    return content


def _assert_parses_losslessly(content: str) -> ModelCard:
    card = ModelCard.from_content_json(content)  # strict: raises on any problem
    assert card.to_content() == json.loads(content)
    assert ModelCard.from_content_json(card.to_content_json()) == card
    return card


@pytest.mark.parametrize(("metric_type", "path"), METRIC_FILES, ids=[t for t, _ in METRIC_FILES])
def test_each_metric_file_type_the_sdk_reads_parses_here(
    session: Any, sagemaker_client: Any, metric_type: str, path: Path
) -> None:
    from sagemaker.model_card import EvaluationJob
    from sagemaker.model_card import ModelCard as SdkModelCard
    from sagemaker.model_card.evaluation_metric_parsers import EvaluationMetricTypeEnum

    # GIVEN an evaluation the SDK filled from a metric file, as the notebooks do
    job = EvaluationJob(name="holdout", evaluation_observation="from a metric file")
    job.add_metric_group_from_json(str(path), EvaluationMetricTypeEnum(metric_type))
    name = "card-" + metric_type.lower().replace(" ", "-")
    sdk_card = SdkModelCard(name=name, evaluation_details=[job], sagemaker_session=session)
    # WHEN the SDK creates the card and the stored content is read here
    content = _stored(sagemaker_client, sdk_card)
    card = _assert_parses_losslessly(content)
    # THEN every metric group the SDK made is there, names of any length included
    groups = json.loads(content)["evaluation_details"][0]["metric_groups"]
    assert card.evaluation_details is not None
    parsed = card.evaluation_details[0].metric_groups or []
    assert [g.name for g in parsed] == [g["name"] for g in groups]
    # AND this product's own reader of the same file keeps every number the SDK kept
    ours = evaluation_section(path)
    assert _values(groups) <= _numbers(ours)


def _package(sagemaker_client: Any, **extra: Any) -> str:
    arn: str = sagemaker_client.create_model_package(
        ModelPackageGroupName=GROUP,
        ModelPackageDescription="Test model package registered for integ test",
        ModelApprovalStatus="PendingManualApproval",
        InferenceSpecification={
            "Containers": [{"Image": IMAGE, "ModelDataUrl": MODEL_DATA}],
            "SupportedContentTypes": ["text/csv"],
            "SupportedResponseMIMETypes": ["text/csv"],
        },
        **extra,
    )["ModelPackageArn"]
    return arn


def test_cards_for_model_packages_as_the_sdk_integration_test_makes_them(
    session: Any, sagemaker_client: Any, aws_session: Any
) -> None:
    from sagemaker.model_card import (
        BusinessDetails,
        IntendedUses,
        ModelCardStatusEnum,
        ModelPackage,
    )
    from sagemaker.model_card import ModelCard as SdkModelCard

    # GIVEN two packages, the second with model quality and Clarify bias reports in S3
    s3 = aws_session.client("s3")
    s3.upload_file(str(REPORTS / "model_quality_regression.json"), BUCKET, "eval/quality.json")
    s3.upload_file(str(DATA / "clarify_bias.json"), BUCKET, "eval/bias.json")
    plain = _package(sagemaker_client)
    measured = _package(
        sagemaker_client,
        ModelMetrics={
            "ModelQuality": {
                "Statistics": {
                    "ContentType": "application/json",
                    "S3Uri": f"s3://{BUCKET}/eval/quality.json",
                }
            },
            "Bias": {
                "Report": {
                    "ContentType": "application/json",
                    "S3Uri": f"s3://{BUCKET}/eval/bias.json",
                }
            },
        },
    )
    uses = IntendedUses(purpose_of_model="mock model for testing", risk_rating="Low")
    business = BusinessDetails(business_problem="mock model for business problem testing")

    # WHEN the SDK makes a standalone card for each package and creates it
    first = SdkModelCard(
        name="model-card1",
        status=ModelCardStatusEnum.DRAFT,
        business_details=business,
        intended_uses=uses,
        model_package_details=ModelPackage.from_model_package_arn(
            model_package_arn=plain, sagemaker_session=session
        ),
        sagemaker_session=session,
    )
    second = SdkModelCard(
        name="model-card2",
        status=ModelCardStatusEnum.DRAFT,
        model_package_details=ModelPackage.from_model_package_arn(
            model_package_arn=measured, sagemaker_session=session
        ),
        sagemaker_session=session,
    )
    first_content = _stored(sagemaker_client, first)
    second_content = _stored(sagemaker_client, second)

    # THEN both parse and round-trip: the empty source_algorithms the SDK sends ...
    one = _assert_parses_losslessly(first_content)
    assert json.loads(first_content)["model_package_details"]["source_algorithms"] == []
    assert one.model_package_details is not None
    assert one.model_package_details.source_algorithms == []
    # ... and the discovered evaluation, whose Clarify groups are 64 characters long
    two = _assert_parses_losslessly(second_content)
    names = [g.name for job in two.evaluation_details or [] for g in job.metric_groups or []]
    assert "post_training_bias_metrics - label Target = 1 and facet Gender=0" in names
    assert max(map(len, names)) > 63
    # AND reading the card by its ARN (as smgov render/diff do) gives the same card
    arn = sagemaker_client.describe_model_card(ModelCardName="model-card2")["ModelCardArn"]
    assert load_card_source(arn, client=sagemaker_client) == two


def test_the_registry_reads_a_package_carrying_the_sdks_evaluation(
    session: Any, sagemaker_client: Any
) -> None:
    from sagemaker.model_card import EvaluationJob
    from sagemaker.model_card import ModelCard as SdkModelCard
    from sagemaker.model_card.evaluation_metric_parsers import EvaluationMetricTypeEnum

    # GIVEN a package whose card holds what the SDK's Clarify parsers produce
    job = EvaluationJob(name="clarify")
    job.add_metric_group_from_json(
        str(DATA / "clarify_bias.json"), EvaluationMetricTypeEnum.CLARIFY_BIAS
    )
    job.add_metric_group_from_json(
        str(DATA / "clarify_explainability.json"), EvaluationMetricTypeEnum.CLARIFY_EXPLAINABILITY
    )
    content = _stored(
        sagemaker_client,
        SdkModelCard(name="clarify-card", evaluation_details=[job], sagemaker_session=session),
    )
    arn = _package(
        sagemaker_client,
        ModelCard={"ModelCardContent": content, "ModelCardStatus": "PendingReview"},
    )
    # WHEN the registry reads the version
    version = ModelRegistry(client=sagemaker_client).get(arn)
    # THEN the card is whole, with no problem to report
    assert version.card_problems == ()
    assert version.card is not None
    assert version.card.to_content() == json.loads(content)
    assert read_card(content).valid


def test_the_unified_notebooks_package_is_read_whole(session: Any, sagemaker_client: Any) -> None:
    from sagemaker.model_card import (
        AdditionalInformation,
        BusinessDetails,
        Environment,
        EvaluationJob,
        Function,
        HyperParameter,
        IntendedUses,
        Metric,
        MetricGroup,
        ModelOverview,
        ObjectiveFunction,
        TrainingDetails,
        TrainingJobDetails,
        TrainingMetric,
    )
    from sagemaker.model_card import ModelCard as SdkModelCard
    from sagemaker.model_card.evaluation_metric_parsers import EvaluationMetricTypeEnum
    from sagemaker.model_card.helpers import _JSONEncoder

    # GIVEN the card of the official "unified model card and model registry" notebook:
    # SDK sections, a manual metric group, and the Clarify report parsed twice into the
    # same evaluation (the notebook adds it from a file and again from S3)
    overview = ModelOverview(model_creator="DEMO-ModelCard", model_artifact=[MODEL_DATA])
    training = TrainingDetails(
        objective_function=ObjectiveFunction(
            function=Function(function="Minimize", facet="Loss"),
            notes="This is an example objective function.",
        ),
        training_observations="Add model training observations here.",
        training_job_details=TrainingJobDetails(
            training_arn="arn:aws:sagemaker:us-east-1:123456789012:training-job/linear-learner",
            training_environment=Environment(container_image=[IMAGE]),
            training_metrics=[TrainingMetric(name="train:objective_loss", value=0.6931)],
            hyper_parameters=[HyperParameter(name="predictor_type", value="binary_classifier")],
        ),
    )
    job = EvaluationJob(
        name="Example evaluation job",
        evaluation_observation="Evaluation observations.",
        datasets=["s3://path/to/evaluation/data"],
        metric_groups=[
            MetricGroup(
                name="binary classification metrics",
                metric_data=[Metric(name="accuracy", type="number", value=0.5)],
            )
        ],
    )
    for _ in range(2):
        job.add_metric_group_from_json(
            str(DATA / "clarify_bias.json"), EvaluationMetricTypeEnum.CLARIFY_BIAS
        )
    my_card = SdkModelCard(
        name="sample-notebook-model-card",
        model_overview=overview,
        training_details=training,
        intended_uses=IntendedUses(purpose_of_model="Test model card.", risk_rating="Low"),
        business_details=BusinessDetails(business_problem="The business problem."),
        evaluation_details=[job],
        additional_information=AdditionalInformation(
            custom_details={"custom details1": "details value"}
        ),
        sagemaker_session=session,
    )
    content = json.dumps(
        {
            "model_overview": {
                "model_creator": my_card.model_overview.model_creator,
                "model_artifact": my_card.model_overview.model_artifact,
            },
            "intended_uses": my_card.intended_uses,
            "business_details": my_card.business_details,
            "training_details": my_card.training_details,
            "evaluation_details": my_card.evaluation_details,
            "additional_information": my_card.additional_information,
        },
        cls=_JSONEncoder,
    )
    arn = _package(
        sagemaker_client, ModelCard={"ModelCardContent": content, "ModelCardStatus": "Draft"}
    )
    sagemaker_client.update_model_package(
        ModelPackageArn=arn, ModelCard={"ModelCardStatus": "Approved"}
    )
    # WHEN the registry reads the version
    version = ModelRegistry(client=sagemaker_client).get(arn)
    # THEN the card is whole and valid, as a model package's card too
    assert version.card_problems == ()
    assert version.card is not None
    assert version.card.to_content() == json.loads(content)
    assert version.card.for_package() == version.card
    assert str(version.card_status) == "Approved"


def test_a_standalone_card_with_every_sdk_section_parses(
    session: Any, sagemaker_client: Any
) -> None:
    from sagemaker.model_card import (
        AdditionalInformation,
        BusinessDetails,
        Environment,
        EvaluationJob,
        HyperParameter,
        IntendedUses,
        Metric,
        MetricGroup,
        ModelOverview,
        TrainingDetails,
        TrainingJobDetails,
        TrainingMetric,
    )
    from sagemaker.model_card import ModelCard as SdkModelCard

    # GIVEN a standalone card as the SDK's model_card notebook fills it, every section used
    overview = ModelOverview(
        model_id="arn:aws:sagemaker:us-east-1:123456789012:model/model-card-test-model",
        model_name="model-card-test-model",
        model_version=1,
        model_description="An example binary classification model.",
        problem_type="Binary Classification",
        algorithm_type="Logistic Regression",
        model_creator="DEMO-ModelCard",
        model_owner="DEMO-ModelCard",
        model_artifact=[MODEL_DATA],
        inference_environment=Environment(container_image=[IMAGE]),
    )
    training = TrainingDetails(
        training_job_details=TrainingJobDetails(
            training_arn="arn:aws:sagemaker:us-east-1:123456789012:training-job/t",
            training_datasets=[f"s3://{BUCKET}/train"],
            training_environment=Environment(container_image=[IMAGE]),
            training_metrics=[TrainingMetric(name="train:objective_loss", value=0.6931)],
            user_provided_training_metrics=[TrainingMetric(name="custom", value=1, notes="n")],
            hyper_parameters=[HyperParameter(name="feature_dim", value="2")],
            user_provided_hyper_parameters=[HyperParameter(name="note", value="")],
        )
    )
    metrics = [
        Metric(name="bar", type="bar_chart", value=[1, 2], x_axis_name=["a", "b"]),
        Metric(name="graph", type="linear_graph", value=[[0, 0], [1, 1]]),
        Metric(name="matrix", type="matrix", value=[[1, 2], [3, 4]]),
        Metric(name="flag", type="boolean", value=True),
        Metric(name="grade", type="string", value="A"),
    ]
    sdk_card = SdkModelCard(
        name="every-section",
        model_overview=overview,
        intended_uses=IntendedUses(purpose_of_model="Test model card.", risk_rating="High"),
        business_details=BusinessDetails(line_of_business="Services"),
        training_details=training,
        evaluation_details=[
            EvaluationJob(
                name="job",
                datasets=[f"s3://{BUCKET}/test"],
                metadata={"k": "v"},
                metric_groups=[MetricGroup(name="all types", metric_data=metrics)],
            )
        ],
        additional_information=AdditionalInformation(
            ethical_considerations="e", caveats_and_recommendations="c", custom_details={"": "x"}
        ),
        sagemaker_session=session,
    )
    # WHEN the SDK creates it THEN it parses strictly and round-trips unchanged
    card = _assert_parses_losslessly(_stored(sagemaker_client, sdk_card))
    assert card.model_overview is not None
    assert card.model_overview.model_name == "model-card-test-model"
