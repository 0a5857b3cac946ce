"""The rules SageMaker enforces on model packages, as pure functions.

Nothing here knows about moto: every check takes plain request data and raises
:class:`RuleViolation` carrying the error code SageMaker answers with. The moto extension
(``_patch.py``) turns a violation into a service error.

Constraints come from two places:

* botocore's SageMaker service model, read at run time: required members, lengths, value
  ranges, list and map sizes, enums and patterns (Java expressions matched against the whole
  value, see ``_patterns.py``). botocore itself checks only required members, types and
  minimums on the client (and a client may turn even that off), so the service checks them all;
* the model card content schema shipped with the product, in its model-package flavour.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from sm_governance.testing import _patterns

__all__ = [
    "METADATA_ONLY_PATHS",
    "RuleViolation",
    "check_card_content",
    "check_customer_metadata",
    "check_request",
    "content_limit",
    "package_card_schema",
    "sanitize_card_content",
    "service_model",
]

METADATA_ONLY_PATHS: tuple[tuple[str, str], ...] = (
    ("model_overview", "model_id"),
    ("model_overview", "model_name"),
    ("intended_uses", "risk_rating"),
    ("model_package_details", "model_package_group_name"),
    ("model_package_details", "model_package_arn"),
)
"""The content paths ``DescribeModelPackage(IncludedData="MetadataOnly")`` keeps."""


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


def _length(text: str) -> int:
    """Length in UTF-16 code units, as SageMaker's Java front end and the card count it."""
    if text.isascii():  # the common case, without importing the card package
        return len(text)
    from sm_governance.card._json import content_length

    return content_length(text)


def _check_scalar(shape: Any, value: Any, where: str) -> Iterator[str]:
    meta = shape.metadata
    at = f"Value at '{where}' failed to satisfy constraint: Member must"
    if shape.type_name == "string" and isinstance(value, str):
        length = _length(value) if ("max" in meta or "min" in meta) else 0
        if "max" in meta and length > meta["max"]:
            yield f"{at} have length less than or equal to {meta['max']}"
        if "min" in meta and length < meta["min"]:
            yield f"{at} have length greater than or equal to {meta['min']}"
        if shape.enum and value not in shape.enum:
            yield f"{at} satisfy enum value set: [{', '.join(shape.enum)}]"
        pattern = meta.get("pattern")
        if pattern is not None and not _patterns.matcher(pattern)(value):
            yield f"{at} satisfy regular expression pattern: {pattern}"
    elif shape.type_name in _NUMBERS and isinstance(value, (int, float)):
        if isinstance(value, bool):
            return
        if "max" in meta and value > meta["max"]:
            yield f"{at} have value less than or equal to {meta['max']}"
        if "min" in meta and value < meta["min"]:
            yield f"{at} have value greater than or equal to {meta['min']}"


_NUMBERS = frozenset({"integer", "long", "float", "double"})


def _walk(shape: Any, value: Any, where: str) -> Iterator[str]:
    kind = shape.type_name
    if kind == "structure" and isinstance(value, Mapping):
        yield from _members(shape, value, f"{where}.")
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


def _members(shape: Any, value: Mapping[str, Any], prefix: str) -> Iterator[str]:
    for name in shape.required_members:
        if value.get(name) is None:
            where = f"{prefix}{_lower_first(name)}"
            yield f"Value null at '{where}' failed to satisfy constraint: Member must not be null"
    for name, member in shape.members.items():
        item = value.get(name)
        if item is not None:
            yield from _walk(member, item, f"{prefix}{_lower_first(name)}")


@lru_cache(maxsize=1)
def service_model() -> Any:
    """botocore's SageMaker service model (loaded once per process)."""
    import botocore.session

    return botocore.session.get_session().get_service_model("sagemaker")


def check_request(operation: str, params: Mapping[str, Any]) -> None:
    """Check a request against every constraint of SageMaker's service model.

    Required members, string lengths (in UTF-16 code units), patterns (matched against the
    whole value, see :mod:`._patterns`), enums, numeric ranges and list and map sizes, at every
    depth of the request, as SageMaker's front end checks them before the operation runs.

    Args:
        operation: the operation name, e.g. ``"CreateModelPackage"``.
        params: the request's parameters as parsed from the wire.

    Raises:
        RuleViolation: ``ValidationException`` listing every constraint the request breaks,
            member by member, without echoing values.
    """
    shape = service_model().operation_model(operation).input_shape
    if shape is None:
        return
    problems = list(_members(shape, params, ""))
    if problems:
        raise _violations(problems)


def check_customer_metadata(properties: Mapping[str, str]) -> None:
    """Check the metadata a package would hold after a create or an update.

    Raises:
        RuleViolation: ``ValidationException`` when more entries would remain than the service
            model's ``CustomerMetadataMap`` allows (50).
    """
    limit = int(service_model().shape_for("CustomerMetadataMap").metadata["max"])
    if len(properties) > limit:
        raise _violations(
            [
                "Value at 'customerMetadataProperties' failed to satisfy constraint: "
                f"Member must have length less than or equal to {limit}"
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


def content_limit() -> int:
    """The most UTF-16 code units ``ModelPackageModelCard.ModelCardContent`` may hold.

    Read from the service model (100,000 in ``sagemaker/2017-07-24``).
    """
    shape = service_model().shape_for("ModelPackageModelCard").members["ModelCardContent"]
    return int(shape.metadata["max"])


def check_card_content(content: str) -> None:
    """Check ``ModelCardContent`` the way SageMaker does for a model package.

    Raises:
        RuleViolation: ``ValidationException`` when the content is longer than
            :func:`content_limit` (counted in UTF-16 code units, as the card counts), is not a
            JSON object, or is invalid for the package card schema.
    """
    limit = content_limit()
    if _length(content) > limit:
        raise _violations(
            [
                "Value at 'modelCard.modelCardContent' failed to satisfy constraint: "
                f"Member must have length less than or equal to {limit}"
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
