"""Every limit SageMaker enforces on model card content, in one place, with its source.

``docs/card-rules.md`` lists each rule with its limit and its source, and a test checks that
table against the values here. The sources, strongest first:

* what SageMaker is shown to accept: the SageMaker Python SDK v2 integration test
  ``tests/integ/test_model_card.py`` runs against SageMaker and creates cards whose metric
  group names are 64 characters long (its Clarify parser names groups
  ``post_training_bias_metrics - label Target = 1 and facet Gender=0``) and whose
  ``model_package_details.source_algorithms`` is ``[]`` (the SDK's encoder sends an empty
  list for a package without source algorithms);
* the SageMaker API reference (botocore service model ``sagemaker/2017-07-24``):
  ``ModelCardContent`` and ``ModelPackageModelCard.ModelCardContent`` are strings of at most
  100,000 characters; ``ModelPackageModelCard`` restricts ``model_overview`` (see
  :data:`PACKAGE_MODEL_OVERVIEW_FIELDS`);
* the bundled model card content schema (``model_card_schema.json``, from the SageMaker
  Python SDK), read with JSON Schema semantics: ``maxLength``, ``enum``, ``required``,
  ``additionalProperties: false``, metric shapes. Its ``pattern`` keywords (``.{1,63}``,
  ``.{1,255}``, ``.{0,255}``) match *anywhere* in a value (JSON Schema patterns are not
  anchored), so ``.{1,63}`` only asks for one character that is not a line terminator and
  ``.{0,255}`` asks for nothing; the integration test above shows SageMaker applying them
  that way (see :func:`matches_somewhere`);
* the model card JSON schema in the SageMaker Developer Guide ("Model card JSON schema"),
  mirrored by the CloudFormation ``AWS::SageMaker::ModelCard`` resource schema: a standalone
  card may also hold ``model_overview.model_id``, ``model_name``, ``model_version`` and
  ``inference_environment``, and a ``model_package_details`` section (see
  :data:`DEVELOPER_GUIDE_FIELDS`);
* where the schema states a list bound in a way JSON Schema ignores (``maxContains``
  without ``contains`` on ``model_artifact``, ``training_datasets``, ``container_image``,
  ``source_algorithms`` and ``containers``; ``maxItems`` inside ``items`` for training
  metrics and hyper-parameters), the bound the SageMaker Python SDK v2 applies to what it
  sends and loads (``schema_constraints.py``) is used: 15, 15, 15, 50 and 100 items, 15
  source algorithms, 15 containers. A card past those bounds is one the SDK cannot load.
  The ``minContains: 1`` of ``source_algorithms`` is not applied: SageMaker accepted ``[]``.

API members (names, ARNs, ``CustomerMetadataProperties``...) follow a different rule: the
service front end matches the botocore ``pattern`` against the *whole* value (see
``docs/card-rules.md``); those checks live in ``sm_governance.registry``.
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

# -- names (schema patterns, matched anywhere as JSON Schema does) -------------------------
#: ``.{1,63}`` (evaluation jobs and metric groups), ``.{1,255}`` (metrics, training metrics,
#: hyper-parameter names): at least this many characters that are not line terminators.
NAME_PATTERN_MIN: Final = 1
#: ``.{0,255}`` (hyper-parameter values) matches every string: no rule.
HYPER_PARAMETER_VALUE_PATTERN_MIN: Final = 0
#: The patterns' upper bounds, which an unanchored pattern never applies. The MLflow source
#: keeps what it *generates* within them (an evaluation name, hyper-parameter values; a
#: longer value is named among the skipped ones), so its cards also fit stricter readers.
EVALUATION_NAME_MAX: Final = 63
HYPER_PARAMETER_VALUE_MAX: Final = 255

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
#: The SDK v2's bound (``SOURCE_ALGORITHMS_MAX_SIZE``); ``[]`` is accepted (SageMaker took it).
SOURCE_ALGORITHMS_MAX_ITEMS: Final = 15
#: The SDK v2's bound on ``containers`` (``ENVIRONMENT_CONTAINER_IMAGES_MAX_SIZE``); the
#: schema's ``minContains: 1`` is not applied, like ``source_algorithms``'.
INFERENCE_CONTAINERS_MAX_ITEMS: Final = 15
INFERENCE_IMAGE_MAX: Final = 255  # the API's ContainerImage
MODEL_DATA_URL_MAX: Final = 1024  # the API's Url

# -- custom details -------------------------------------------------------------------------
#: ``custom_property`` is a string of at most 1024 characters. Keys are free: the schema's
#: ``additionalProperties`` bounds only the values.
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

#: The characters ``.`` does not match in the ECMA-262 regular expressions JSON Schema
#: patterns use (its LineTerminator production).
LINE_TERMINATORS: Final = frozenset("\n\r\u2028\u2029")


def matches_somewhere(text: str, minimum: int) -> bool:
    """Whether the unanchored JSON Schema pattern ``.{minimum,N}`` matches ``text``.

    An unanchored pattern matches when any run of ``minimum`` characters without a line
    terminator exists; its upper bound ``N`` never matters (the match may stop early).

    Example:
        >>> matches_somewhere("post_training_bias_metrics - label Target = 1 and facet Gender=0", 1)
        True
        >>> matches_somewhere("\\n", 1), matches_somewhere("", 0)
        (False, True)
    """
    if minimum <= 0:
        return True
    run = 0
    for ch in text:
        run = 0 if ch in LINE_TERMINATORS else run + 1
        if run >= minimum:
            return True
    return False
