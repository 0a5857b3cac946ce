"""Every limit SageMaker enforces on model card content, in one place, with its source.

Sources:

* the bundled model card content schema (``model_card_schema.json``, from the SageMaker
  Python SDK): string ``maxLength`` values, name patterns, metric shapes;
* the SageMaker API reference (botocore service model ``sagemaker/2017-07-24``):
  ``ModelCardContent`` and ``ModelPackageModelCard.ModelCardContent`` are strings of at most
  100,000 characters; ``ModelPackageModelCard`` restricts ``model_overview`` (see
  :data:`PACKAGE_MODEL_OVERVIEW_FIELDS`);
* list bounds the schema file means but does not enforce: it writes ``maxContains`` (which
  JSON Schema ignores without ``contains``) on ``model_artifact``, ``training_datasets`` and
  ``container_image`` and puts ``maxItems`` inside ``items`` (where it applies to each object,
  not to the list) for the training metrics and hyper-parameters. SageMaker and its SDK bound
  those lists at 15, 15, 15, 50 and 100 items;
* name patterns such as ``.{1,63}`` are unanchored in the schema file (so any string with one
  character matches); SageMaker matches them against the whole value, as done here;
* the model card JSON schema in the SageMaker Developer Guide ("Model card JSON schema"),
  mirrored by the CloudFormation ``AWS::SageMaker::ModelCard`` resource schema: a standalone
  card may also hold ``model_overview.model_id``, ``model_name``, ``model_version`` and
  ``inference_environment``, and a ``model_package_details`` section. The bundled file does
  not declare them (see :data:`DEVELOPER_GUIDE_FIELDS`); it does carry the two definitions
  ``model_package_details`` uses, ``source_algorithms`` and ``inference_specification``, whose
  ``minContains``/``maxContains`` mean the API's bounds (``SourceAlgorithmList``: exactly 1;
  ``ModelPackageContainerDefinitionList``: 1 to 15). The content schema gives these fields
  lengths, enums and minimums but no patterns, so none are applied: a card SageMaker stored
  must parse.
"""

from __future__ import annotations

from typing import Final

# -- the whole document ---------------------------------------------------------------------
#: ``ModelCardContent`` length constraint in the SageMaker API reference (min 0, max 100000).
CONTENT_MAX_CHARS: Final = 100_000

# -- strings (schema ``maxLength``) -------------------------------------------------------------
TEXT_1024: Final = 1024
TEXT_2048: Final = 2048
EVALUATION_OBSERVATION_MAX: Final = 2096  # sic: the schema says 2096, not 2048
EVALUATION_JOB_ARN_MAX: Final = 256
OBJECTIVE_FACET_MAX: Final = 63
AXIS_NAME_MAX: Final = 63
STRING_METRIC_MAX: Final = 63

# -- names (schema patterns, anchored) ------------------------------------------------------
EVALUATION_NAME_MAX: Final = 63  # ``.{1,63}``: evaluation jobs and metric groups
METRIC_NAME_MAX: Final = 255  # ``.{1,255}``: metrics, training metrics, hyper-parameters
HYPER_PARAMETER_VALUE_MAX: Final = 255  # ``.{0,255}``

# -- lists ----------------------------------------------------------------------------------
MODEL_ARTIFACT_MAX_ITEMS: Final = 15
TRAINING_DATASETS_MAX_ITEMS: Final = 15
CONTAINER_IMAGE_MAX_ITEMS: Final = 15
TRAINING_METRICS_MAX_ITEMS: Final = 50
HYPER_PARAMETERS_MAX_ITEMS: Final = 100
EVALUATION_DATASETS_MAX_ITEMS: Final = 10
MATRIX_MAX_SIDE: Final = 20

# -- fields only the Developer Guide's schema has (standalone cards only) -------------------
#: Where the Developer Guide's model card schema goes beyond the bundled file. None of these
#: may appear in a model package's card.
DEVELOPER_GUIDE_FIELDS: Final = (
    "model_overview.model_id",
    "model_overview.model_name",
    "model_overview.model_version",
    "model_overview.inference_environment",
    "model_package_details",
)
MODEL_ID_MAX: Final = 1024
MODEL_NAME_MAX: Final = 1024
#: ``model_version`` and ``model_package_version``: JSON numbers, ``minimum: 1``.
VERSION_MIN: Final = 1
INFERENCE_CONTAINER_IMAGE_MAX_ITEMS: Final = 15
MODEL_PACKAGE_NAME_MAX: Final = 63  # minLength 1, like the API's EntityName
MODEL_PACKAGE_GROUP_NAME_MAX: Final = 63  # minLength 1
MODEL_PACKAGE_ARN_MAX: Final = 2048  # minLength 1, like the API's ModelPackageArn
MODEL_PACKAGE_DESCRIPTION_MAX: Final = 1024
APPROVAL_DESCRIPTION_MAX: Final = 1024
USER_PROFILE_NAME_MAX: Final = 63
ALGORITHM_NAME_MAX: Final = 170  # the API's ArnOrName
SOURCE_ALGORITHMS_ITEMS: Final = 1  # minItems 1, maxItems 1 (API: SourceAlgorithmList)
INFERENCE_CONTAINERS_MAX_ITEMS: Final = 15  # minItems 1 (API: ...ContainerDefinitionList)
INFERENCE_IMAGE_MAX: Final = 255  # the API's ContainerImage
MODEL_DATA_URL_MAX: Final = 1024  # the API's Url

# -- custom details -------------------------------------------------------------------------
#: ``custom_property`` is a string of at most 1024 characters; keys are held to the same bound
#: and must not be empty.
CUSTOM_KEY_MAX: Final = 1024
CUSTOM_VALUE_MAX: Final = 1024

# -- the model-package flavour --------------------------------------------------------------
#: The SageMaker API reference for ``ModelPackageModelCard`` (and ``DescribeModelPackage``'s
#: ``ModelCard``): "The ModelPackageModelCard schema does not include model_package_details,
#: and model_overview is composed of the model_creator and model_artifact properties."
PACKAGE_MODEL_OVERVIEW_FIELDS: Final = frozenset({"model_creator", "model_artifact"})

# -- Amazon DataZone ------------------------------------------------------------------------
DATAZONE_PROJECT_KEY: Final = "datazone_project_id"
DATAZONE_DOMAIN_KEY: Final = "datazone_domain_id"
#: The key the AWS sample notebooks use for the project in ``custom_details``.
DATAZONE_SAMPLE_KEY: Final = "Datazone projects"

# Java's ``.`` (SageMaker validates patterns in Java) matches anything but these.
_LINE_BREAKS: Final = frozenset("\n\r\u0085\u2028\u2029")


def has_line_break(text: str) -> bool:
    """Whether ``text`` holds a character that ``.`` in SageMaker's patterns does not match."""
    return any(ch in _LINE_BREAKS for ch in text)
