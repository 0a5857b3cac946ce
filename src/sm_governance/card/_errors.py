"""pydantic's errors, turned into one :class:`~sm_governance.errors.ValidationError`.

Each pydantic error becomes a :class:`~sm_governance.errors.Problem` whose path reads like
the content it points into (``evaluation_details[0].metric_groups[1].metric_data[3].value``,
``additional_information.custom_details["Team name"]``) and whose message never repeats the
value (card content is sensitive).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

from pydantic import ValidationError as PydanticValidationError

from sm_governance.errors import Problem, ValidationError

__all__ = [
    "KEY_SURROGATE",
    "NUMBER_ERROR",
    "SCHEMA_PATTERN_TAG",
    "format_path",
    "problems_from",
    "raise_validation_error",
]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_METRIC_TAGS = frozenset({"number", "string", "boolean", "linear_graph", "bar_chart", "matrix"})
_KEY_MARKER = "[key]"
_FREE_MAPS = frozenset({"custom_details", "metadata"})
FIELD_PROBLEMS = "card_field_problems"
#: Separates a name regex from the schema pattern it stands for (``_base.name_pattern``).
SCHEMA_PATTERN_TAG = "  # schema pattern "
#: The error type of ``_base.Number`` (an int or a finite float, never a bool).
NUMBER_ERROR = "card_number"
#: Said of a ``custom_details`` / ``metadata`` map with a key holding a lone surrogate, on
#: writing (``_base.CustomMap``) and on reading (``_reading.read_card``) alike.
KEY_SURROGATE = "has a key holding text that is not valid Unicode (a lone surrogate)"

_TYPE_MESSAGES = {
    "missing": "is required",
    "string_type": "must be a string",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "bool_type": "must be true or false",
    "int_type": "must be an integer",
    "float_type": "must be a number",
}


def format_path(loc: Sequence[str | int]) -> str:
    """Render a location as ``a.b[0].c`` (free-form keys as ``["key with spaces"]``)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENTIFIER.fullmatch(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


def _join(base: str, path: str) -> str:
    if not base or not path:
        return base or path
    return f"{base}{path}" if path.startswith("[") else f"{base}.{path}"


def _clean(loc: Iterable[str | int]) -> tuple[list[str | int], bool]:
    """Drop pydantic's union tags from ``loc``; say whether it points at a mapping key."""
    items = list(loc)
    # pydantic marks an error in a mapping's key with a trailing "[key]"; free-form maps
    # (custom_details, metadata) are the only ones whose keys are validated.
    is_key = len(items) >= 3 and items[-1] == _KEY_MARKER and items[-3] in _FREE_MAPS
    if is_key:
        items.pop()
    parts: list[str | int] = []
    for part in items:
        if (
            isinstance(part, str)
            and part in _METRIC_TAGS
            and len(parts) >= 2
            and isinstance(parts[-1], int)
            and parts[-2] == "metric_data"
        ):
            continue
        parts.append(part)
    return parts, is_key


def _message(error: Any, parts: list[str | int]) -> tuple[list[str | int], str]:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return (
            parts,
            f"unknown field {parts[-1]!r}: SageMaker's model card schema has no such field",
        )
    if kind == "string_too_long":
        # the length, never the value (card content is sensitive)
        length = len(error["input"]) if isinstance(error.get("input"), str) else "too many"
        return parts, f"is {length} characters long; SageMaker allows at most {ctx['max_length']}"
    if kind == NUMBER_ERROR:
        value = error.get("input")
        if isinstance(value, float) and not math.isfinite(value):
            return parts, "must be a finite number (JSON has no NaN or Infinity)"
        return parts, "must be a number"
    if kind == "string_pattern_mismatch":
        # only names carry a pattern (``_base.name_pattern``): say which rule, not the value
        schema = str(ctx.get("pattern", "")).partition(SCHEMA_PATTERN_TAG)[2]
        what = (
            "must hold a character other than line breaks"
            if error.get("input")
            else ("must not be empty")
        )
        return parts, f"{what} (the schema's pattern {schema})"
    if kind in ("too_long", "too_short"):
        bound = "most" if kind == "too_long" else "least"
        limit = ctx.get("max_length" if kind == "too_long" else "min_length")
        return parts, f"has {ctx.get('actual_length')} items; SageMaker allows at {bound} {limit}"
    if kind == "union_tag_invalid":
        expected = ctx.get("expected_tags", "")
        return [*parts, "type"], f"must be one of {expected}"
    if kind == "union_tag_not_found":
        return [*parts, "type"], "is required (number, string, boolean, linear_graph, ...)"
    if kind == "enum":
        return parts, f"must be one of {ctx.get('expected', '')}"
    return parts, _TYPE_MESSAGES.get(kind, str(error["msg"]))


def problems_from(exc: PydanticValidationError, prefix: Sequence[str | int] = ()) -> list[Problem]:
    """Every problem in ``exc``, each with its path under ``prefix``."""
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        parts, is_key = _clean([*prefix, *error["loc"]])
        if error["type"] == FIELD_PROBLEMS:
            base = format_path(parts)
            for field, message in error["ctx"]["problems"]:
                problems.append(Problem(_join(base, field), message))
            continue
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, ValidationError):
            # a nested card model reported its own problems: re-root them here
            base = format_path(parts)
            problems.extend(Problem(_join(base, p.path), p.message) for p in cause.problems)
            continue
        if isinstance(cause, Exception):
            problems.append(Problem(format_path(parts), str(cause)))
            continue
        parts, message = _message(error, parts)
        if is_key and not message.startswith("a key"):
            message = f"key {message}"
        problems.append(Problem(format_path(parts), message))
    return problems


def raise_validation_error(
    exc: PydanticValidationError, *, subject: str, prefix: Sequence[str | int] = ()
) -> NoReturn:
    """Raise the product's ``ValidationError`` for ``exc`` (its cause suppressed)."""
    raise ValidationError(problems_from(exc, prefix), subject=subject) from None
