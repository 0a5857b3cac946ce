"""Typed SageMaker model cards: models, builders, strict JSON in and out.

Everything here is pure: no AWS credentials, region or network are needed, and neither
boto3 nor the SageMaker SDK is imported.

Example:
    >>> from sm_governance.card import IntendedUsesBuilder, ModelCardBuilder
    >>> card = (
    ...     ModelCardBuilder(intended_uses=IntendedUsesBuilder(risk_rating="Low"))
    ...     .datazone_project("5jdi2hjv0xq2jb")
    ...     .build()
    ... )
    >>> card.datazone_project_id
    '5jdi2hjv0xq2jb'
"""

from __future__ import annotations

from sm_governance.card._additional import AdditionalInformation
from sm_governance.card._builders import (
    AdditionalInformationBuilder,
    BusinessDetailsBuilder,
    IntendedUsesBuilder,
    ModelOverviewBuilder,
)
from sm_governance.card._business import BusinessDetails
from sm_governance.card._card import ModelCard
from sm_governance.card._card_builder import ModelCardBuilder
from sm_governance.card._details_builders import EvaluationDetailsBuilder, TrainingDetailsBuilder
from sm_governance.card._evaluation import EvaluationJob, MetricGroup
from sm_governance.card._intended import IntendedUses
from sm_governance.card._limits import (
    CONTENT_MAX_CHARS,
    DATAZONE_DOMAIN_KEY,
    DATAZONE_PROJECT_KEY,
    DATAZONE_SAMPLE_KEY,
    DEVELOPER_GUIDE_FIELDS,
    PACKAGE_MODEL_OVERVIEW_FIELDS,
)
from sm_governance.card._metrics import (
    BarChartMetric,
    BooleanMetric,
    LinearGraphMetric,
    MatrixMetric,
    Metric,
    NumberMetric,
    StringMetric,
)
from sm_governance.card._overview import InferenceEnvironment, ModelOverview
from sm_governance.card._package_builder import ModelPackageDetailsBuilder
from sm_governance.card._package_details import (
    InferenceContainer,
    InferenceSpecification,
    ModelPackageCreator,
    ModelPackageDetails,
    ModelPackageStatus,
    SourceAlgorithm,
)
from sm_governance.card._reading import CardReading, read_card
from sm_governance.card._schema import official_schema
from sm_governance.card._training import (
    Function,
    HyperParameter,
    ObjectiveDirection,
    ObjectiveFunction,
    TrainingDetails,
    TrainingEnvironment,
    TrainingJobDetails,
    TrainingMetric,
)

__all__ = [
    "CONTENT_MAX_CHARS",
    "DATAZONE_DOMAIN_KEY",
    "DATAZONE_PROJECT_KEY",
    "DATAZONE_SAMPLE_KEY",
    "DEVELOPER_GUIDE_FIELDS",
    "PACKAGE_MODEL_OVERVIEW_FIELDS",
    "AdditionalInformation",
    "AdditionalInformationBuilder",
    "BarChartMetric",
    "BooleanMetric",
    "BusinessDetails",
    "BusinessDetailsBuilder",
    "CardReading",
    "EvaluationDetailsBuilder",
    "EvaluationJob",
    "Function",
    "HyperParameter",
    "InferenceContainer",
    "InferenceEnvironment",
    "InferenceSpecification",
    "IntendedUses",
    "IntendedUsesBuilder",
    "LinearGraphMetric",
    "MatrixMetric",
    "Metric",
    "MetricGroup",
    "ModelCard",
    "ModelCardBuilder",
    "ModelOverview",
    "ModelOverviewBuilder",
    "ModelPackageCreator",
    "ModelPackageDetails",
    "ModelPackageDetailsBuilder",
    "ModelPackageStatus",
    "NumberMetric",
    "ObjectiveDirection",
    "ObjectiveFunction",
    "SourceAlgorithm",
    "StringMetric",
    "TrainingDetails",
    "TrainingDetailsBuilder",
    "TrainingEnvironment",
    "TrainingJobDetails",
    "TrainingMetric",
    "official_schema",
    "read_card",
]
