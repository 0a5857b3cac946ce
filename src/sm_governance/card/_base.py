"""The base model of every card section and the field types the schema is made of."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, cast

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    PlainValidator,
    Strict,
)
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError, core_schema
from typing_extensions import Self

from sm_governance._untrusted import has_surrogate
from sm_governance.card import _limits
from sm_governance.card._errors import (
    FIELD_PROBLEMS,
    KEY_SURROGATE,
    NUMBER_ERROR,
    SCHEMA_PATTERN_TAG,
    raise_validation_error,
)

__all__ = [
    "AxisName",
    "CardModel",
    "CustomMap",
    "EvaluationName",
    "HyperParameterValue",
    "MetricName",
    "Name63",
    "Name2048",
    "Number",
    "SerialisedByType",
    "Text",
    "Text63",
    "Text170",
    "Text255",
    "Text256",
    "Text1024",
    "Text2048",
    "Text2096",
    "Version",
    "field_problems",
    "name_pattern",
]


def field_problems(problems: list[tuple[str, str]]) -> PydanticCustomError:
    """An error carrying ``(relative path, message)`` pairs; each becomes its own problem."""
    return PydanticCustomError(
        FIELD_PROBLEMS, "{count} problems", {"count": len(problems), "problems": problems}
    )


def _problem(message: str) -> PydanticCustomError:
    return PydanticCustomError("card", message)


def name_pattern(schema_pattern: str) -> str:
    """The regex pydantic-core searches a name with, for the schema's pattern ``.{1,N}``.

    Unanchored, ``.{1,N}`` matches any value holding one character other than a line
    terminator (:func:`_limits.matches_somewhere` with minimum 1): a search for one such
    character. The schema's own pattern rides along as a comment, for the error message.
    """
    if _limits.NAME_PATTERN_MIN != 1:  # pragma: no cover - the regex encodes the minimum
        raise AssertionError("name_pattern encodes a minimum of one character")
    terminators = "".join(f"\\x{{{ord(c):x}}}" for c in sorted(_limits.LINE_TERMINATORS))
    return f"(?x)[^{terminators}]{SCHEMA_PATTERN_TAG}{schema_pattern}"


def _length(minimum: int, maximum: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not minimum <= len(value) <= maximum:
            raise _problem(
                f"must be {minimum} to {maximum} characters long (it is {len(value)});"
                f" SageMaker's schema sets minLength {minimum} and maxLength {maximum}"
            )
        return value

    return check


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _problem("must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise _problem("must be a finite number (JSON has no NaN or Infinity)")
    return value


#: How a union is written out: by the value's own type. pydantic-core's union serialisers
#: first try each choice (the tagged union writes the member out twice in JSON mode); the
#: members here are models and numbers, whose own serialisers give the same output.
_BY_VALUE_TYPE = core_schema.simple_ser_schema("any")


class SerialisedByType:
    """Marks a union to be serialised by its value's own type (see ``_BY_VALUE_TYPE``).

    For unions of models or of ``int`` and ``float`` only: validation is unchanged, and the
    output is the member's own serialisation.
    """

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        schema: dict[str, Any] = {**handler(source), "serialization": _BY_VALUE_TYPE}
        return cast(core_schema.CoreSchema, schema)


class _JsonNumber:
    """:data:`Number` as pydantic-core's own check: a strict ``int`` (never a ``bool``), else
    a strict finite ``float``, each kept as given; one error either way (``_errors`` words
    it, telling NaN and Infinity apart)."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, _source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.union_schema(
            [
                core_schema.int_schema(strict=True),
                core_schema.float_schema(strict=True, allow_inf_nan=False),
            ],
            mode="left_to_right",
            custom_error_type=NUMBER_ERROR,
            custom_error_message="must be a number",
            serialization=_BY_VALUE_TYPE,
        )


def _version(value: Any) -> int | float:
    number = _number(value)
    if number < _limits.VERSION_MIN:
        raise _problem(f"must be at least {_limits.VERSION_MIN} (SageMaker's schema minimum)")
    return number


# String lengths are pydantic-core's own ``max_length`` (counted in code points, as Python's
# ``len`` and the schema's ``maxLength`` count them); ``_errors`` words its error.
Text = Annotated[str, Strict()]
Text63 = Annotated[str, Strict(), Field(max_length=63)]
Text170 = Annotated[str, Strict(), Field(max_length=_limits.ALGORITHM_NAME_MAX)]
Text255 = Annotated[str, Strict(), Field(max_length=_limits.INFERENCE_IMAGE_MAX)]
Text256 = Annotated[str, Strict(), Field(max_length=256)]
Text1024 = Annotated[str, Strict(), Field(max_length=_limits.TEXT_1024)]
Text2048 = Annotated[str, Strict(), Field(max_length=_limits.TEXT_2048)]
Text2096 = Annotated[str, Strict(), Field(max_length=_limits.EVALUATION_OBSERVATION_MAX)]
AxisName = Text63
#: Schema ``minLength: 1`` and a ``maxLength`` but no pattern (model package names and ARNs).
Name63 = Annotated[str, Strict(), AfterValidator(_length(1, _limits.MODEL_PACKAGE_NAME_MAX))]
Name2048 = Annotated[str, Strict(), AfterValidator(_length(1, _limits.MODEL_PACKAGE_ARN_MAX))]
#: Schema pattern ``.{1,63}``, unanchored: any value with a character that is not a line break.
EvaluationName = Annotated[str, Strict(), Field(pattern=name_pattern(".{1,63}"))]
#: Schema pattern ``.{1,255}``, unanchored: any value with a character that is not a line break.
MetricName = Annotated[str, Strict(), Field(pattern=name_pattern(".{1,255}"))]
#: Schema pattern ``.{0,255}``, unanchored: every string matches.
HyperParameterValue = Annotated[str, Strict()]
#: A JSON number: an ``int`` or a finite ``float`` (never a ``bool``); kept as given, so
#: ``1`` stays ``1`` and ``1.0`` stays ``1.0`` through a round trip.
Number = Annotated[int | float, _JsonNumber]
#: A version number (``model_version``, ``model_package_version``): a JSON number of at least 1,
#: kept as given like :data:`Number`.
Version = Annotated[int | float, PlainValidator(_version)]


def _sorted_map(value: dict[str, str]) -> dict[str, str]:
    # Free-form maps are kept sorted so equal cards serialise identically.
    return dict(sorted(value.items()))


def _unicode_keys(value: Any) -> Any:
    # pydantic-core turns a key holding a lone surrogate into U+FFFD characters without a
    # word (a value holding one is an error); content must be valid Unicode to be sent at all
    if isinstance(value, Mapping):
        for key in value:
            if isinstance(key, str) and has_surrogate(key):
                raise _problem(KEY_SURROGATE)
    return value


#: ``custom_details`` / evaluation ``metadata``: string keys (the schema bounds none) to
#: ``custom_property`` strings of at most 1024 characters.
CustomMap = Annotated[
    dict[Annotated[str, Strict()], Text1024],
    BeforeValidator(_unicode_keys),
    AfterValidator(_sorted_map),
]


def max_items(limit: int) -> Any:
    """A ``Field`` bounding a list at ``limit`` items."""
    return Field(default=None, max_length=limit)


class CardModel(BaseModel):
    """Base of every card model: unknown keys are errors, instances are immutable.

    Constructing a model (directly or with :meth:`model_validate`) raises only
    :class:`sm_governance.ValidationError`, listing every problem with its field path.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        protected_namespaces=(),
        allow_inf_nan=False,
        validate_default=False,
    )

    if not TYPE_CHECKING:  # pragma: no branch - keeps the __init__ mypy sees from pydantic

        def __init__(self, /, **data: Any) -> None:
            try:
                super().__init__(**data)
            except PydanticValidationError as exc:
                raise_validation_error(exc, subject=type(self).__name__)

        # This __init__ only translates errors. Marked as pydantic's own, pydantic validates
        # nested models directly instead of calling it once per nested model (and validating
        # the whole card twice); errors of nested models are translated by the outer call.
        __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate ``obj``; raises :class:`sm_governance.ValidationError` when invalid."""
        try:
            return super().model_validate(obj, *args, **kwargs)
        except PydanticValidationError as exc:
            raise_validation_error(exc, subject=cls.__name__)

    @classmethod
    def model_validate_json(
        cls, json_data: str | bytes | bytearray, *args: Any, **kwargs: Any
    ) -> Self:
        """Validate JSON text; raises :class:`sm_governance.ValidationError` when invalid."""
        try:
            return super().model_validate_json(json_data, *args, **kwargs)
        except PydanticValidationError as exc:
            raise_validation_error(exc, subject=cls.__name__)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with ``update``, the result is validated like a new model."""
        if not update:
            return super().model_copy(deep=deep)
        return self.model_validate({**dict(self), **update})

    def to_dict(self) -> dict[str, Any]:
        """This section as JSON-ready data, without unset (``None``) fields."""
        data: dict[str, Any] = self.model_dump(mode="json", exclude_none=True)
        return data
