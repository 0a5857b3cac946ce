"""The rules SageMaker enforces on model packages, as pure functions.

Nothing here knows about moto: every check takes plain request data and raises
:class:`RuleViolation` carrying the error code SageMaker answers with. The moto extension
(``_patch.py``) turns a violation into a service error.

Constraints come from two places:

* botocore's SageMaker service model (lengths, value ranges, list and map sizes, enums, and the
  patterns below, translated from the model's Java-style expressions). botocore itself checks
  only required members, types and minimums on the client, so the service must check the rest;
* the model card content schema shipped with the product, in its model-package flavour.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "CONTENT_LIMIT",
    "METADATA_ONLY_PATHS",
    "RuleViolation",
    "check_card_content",
    "check_customer_metadata",
    "check_request",
    "package_card_schema",
    "sanitize_card_content",
]

CONTENT_LIMIT = 100_000
"""The most characters ``ModelCard.ModelCardContent`` may hold."""

METADATA_ONLY_PATHS: tuple[tuple[str, str], ...] = (
    ("model_overview", "model_id"),
    ("model_overview", "model_name"),
    ("intended_uses", "risk_rating"),
    ("model_package_details", "model_package_group_name"),
    ("model_package_details", "model_package_arn"),
)
"""The content paths ``DescribeModelPackage(IncludedData="MetadataOnly")`` keeps."""

_METADATA_LIMIT = 50

# Patterns of the service model, for the shapes whose expressions Python's ``re`` can express.
_PATTERNS: dict[str, re.Pattern[str]] = {
    "EntityName": re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"),
    "ClientToken": re.compile(r"[a-zA-Z0-9-]+"),
    "KmsKeyId": re.compile(r"[a-zA-Z0-9:/_-]*"),
}
# CustomerMetadataKey / CustomerMetadataValue: letters, separators, numbers and `_.:/=+-@`.
_METADATA_SHAPES = frozenset({"CustomerMetadataKey", "CustomerMetadataValue"})
_METADATA_PUNCTUATION = frozenset("_.:/=+-@")


class RuleViolation(Exception):
    """A request SageMaker would refuse.

    Args:
        code: SageMaker's error code, e.g. ``"ValidationException"``.
        message: SageMaker-style message; never contains card content.

    Example:
        >>> RuleViolation("ValidationException", "Model Card is in Archived state").code
        'ValidationException'
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _violations(problems: list[str]) -> RuleViolation:
    count = len(problems)
    noun = "error" if count == 1 else "errors"
    return RuleViolation(
        "ValidationException", f"{count} validation {noun} detected: " + "; ".join(problems)
    )


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _metadata_text_ok(text: str) -> bool:
    return all(ch in _METADATA_PUNCTUATION or unicodedata.category(ch)[0] in "LZN" for ch in text)


def _check_scalar(shape: Any, value: Any, where: str) -> Iterator[str]:
    meta = shape.metadata
    at = f"Value at '{where}' failed to satisfy constraint: Member must"
    if shape.type_name == "string" and isinstance(value, str):
        if "max" in meta and len(value) > meta["max"]:
            yield f"{at} have length less than or equal to {meta['max']}"
        if "min" in meta and len(value) < meta["min"]:
            yield f"{at} have length greater than or equal to {meta['min']}"
        if shape.enum and value not in shape.enum:
            yield f"{at} satisfy enum value set: [{', '.join(shape.enum)}]"
        pattern = _PATTERNS.get(shape.name)
        if pattern is not None and not pattern.fullmatch(value):
            yield f"{at} satisfy regular expression pattern: {pattern.pattern}"
        if shape.name in _METADATA_SHAPES and not _metadata_text_ok(value):
            yield f"{at} contain only letters, numbers, spaces and _.:/=+-@"
    elif shape.type_name in ("integer", "long") and isinstance(value, int):
        if "max" in meta and value > meta["max"]:
            yield f"{at} have value less than or equal to {meta['max']}"
        if "min" in meta and value < meta["min"]:
            yield f"{at} have value greater than or equal to {meta['min']}"


def _walk(shape: Any, value: Any, where: str) -> Iterator[str]:
    kind = shape.type_name
    if kind == "structure" and isinstance(value, Mapping):
        for name, member in shape.members.items():
            if name in value:
                yield from _walk(member, value[name], f"{where}.{_lower_first(name)}")
        return
    if kind in ("list", "map") and isinstance(value, (list, Mapping)):
        meta = shape.metadata
        at = f"Value at '{where}' failed to satisfy constraint: Member must"
        if "max" in meta and len(value) > meta["max"]:
            yield f"{at} have length less than or equal to {meta['max']}"
        if "min" in meta and len(value) < meta["min"]:
            yield f"{at} have length greater than or equal to {meta['min']}"
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _walk(shape.member, item, f"{where}.{index + 1}.member")
        else:
            for key, item in value.items():
                yield from _walk(shape.key, key, f"{where}.key")
                yield from _walk(shape.value, item, f"{where}.value")
        return
    yield from _check_scalar(shape, value, where)


@lru_cache(maxsize=1)
def _service_model() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("sagemaker")


def check_request(operation: str, params: Mapping[str, Any]) -> None:
    """Check a request against the constraints of SageMaker's service model.

    Args:
        operation: the operation name, e.g. ``"CreateModelPackage"``.
        params: the request's parameters as parsed from the wire.

    Raises:
        RuleViolation: ``ValidationException`` listing every constraint the request breaks,
            field by field, without echoing values.
    """
    shape = _service_model().operation_model(operation).input_shape
    problems: list[str] = []
    for name, member in shape.members.items():
        if name in params and params[name] is not None:
            problems.extend(_walk(member, params[name], _lower_first(name)))
    if problems:
        raise _violations(problems)


def check_customer_metadata(properties: Mapping[str, str]) -> None:
    """Check the metadata a package would hold after a create or an update.

    Raises:
        RuleViolation: ``ValidationException`` when more than 50 entries would remain.
    """
    if len(properties) > _METADATA_LIMIT:
        raise _violations(
            [
                "Value at 'customerMetadataProperties' failed to satisfy constraint: "
                f"Member must have length less than or equal to {_METADATA_LIMIT}"
            ]
        )


@lru_cache(maxsize=1)
def package_card_schema() -> dict[str, Any]:
    """The model card content schema in its model-package flavour.

    SageMaker's ``ModelPackageModelCard`` has no ``model_package_details`` and its
    ``model_overview`` is composed of only ``model_creator`` and ``model_artifact``.
    """
    source = resources.files("sm_governance") / "card" / "model_card_schema.json"
    schema: dict[str, Any] = copy.deepcopy(json.loads(source.read_text(encoding="utf-8")))
    properties = schema["properties"]
    properties.pop("model_package_details", None)
    overview = properties["model_overview"]["properties"]
    properties["model_overview"]["properties"] = {
        key: overview[key] for key in ("model_creator", "model_artifact")
    }
    return schema


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft7Validator(package_card_schema())


# Messages of these validators name keys only; the others would echo card content.
_SAFE_MESSAGES = frozenset({"additionalProperties", "required"})


def _describe(error: Any) -> str:
    path = "/".join(str(part) for part in error.absolute_path) or "(root)"
    if error.validator in _SAFE_MESSAGES:
        return f"{path}: {error.message}"
    return f"{path}: failed the '{error.validator}' constraint ({error.validator_value!r})"


def check_card_content(content: str) -> None:
    """Check ``ModelCardContent`` the way SageMaker does for a model package.

    Raises:
        RuleViolation: ``ValidationException`` when the content is longer than 100,000
            characters, is not a JSON object, or is invalid for the package card schema.
    """
    if len(content) > CONTENT_LIMIT:
        raise _violations(
            [
                "Value at 'modelCard.modelCardContent' failed to satisfy constraint: "
                f"Member must have length less than or equal to {CONTENT_LIMIT}"
            ]
        )
    try:
        document = json.loads(content)
    except ValueError:
        raise RuleViolation("ValidationException", "ModelCardContent is not valid JSON.") from None
    errors = sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        details = "; ".join(_describe(error) for error in errors)
        raise RuleViolation(
            "ValidationException",
            f"ModelCardContent does not follow the model package model card schema: {details}",
        )


def sanitize_card_content(content: str) -> str:
    """Keep only the content paths ``IncludedData="MetadataOnly"`` returns."""
    document = json.loads(content)
    kept: dict[str, dict[str, Any]] = {}
    for section, field in METADATA_ONLY_PATHS:
        value = document.get(section, {}).get(field)
        if value is not None:
            kept.setdefault(section, {})[field] = value
    return json.dumps(kept, separators=(",", ":"))
