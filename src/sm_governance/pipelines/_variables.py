"""Pipeline variables: where SageMaker resolves them, and where it cannot.

SageMaker Pipelines substitutes a pipeline variable (a parameter, a step's property, a
``JsonGet``, an ``ExecutionVariable``...) only where a step's request has a field of its own.
``ModelCardContent`` is one string of JSON: a variable inside it is never resolved, so the
adapters refuse one there, naming the field. The card's *status* is a field of its own and
may be a pipeline variable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from sm_governance._types import CardStatus
from sm_governance.errors import Problem

__all__ = ["check_status", "find_pipeline_variables", "pipeline_variable_types"]

_STATUSES = ", ".join(s.value for s in CardStatus)


def pipeline_variable_types(major: int) -> tuple[type, ...]:
    """The installed SDK's ``PipelineVariable`` base class (as a one-element tuple)."""
    from sm_governance.pipelines._sdk import import_sdk

    if major == 2:
        module = import_sdk("sagemaker.workflow.entities", major)
    else:
        module = import_sdk("sagemaker.core.helper.pipeline_variable", major)
    return (module.PipelineVariable,)


def _describe(variable: Any) -> str:
    try:
        return json.dumps(variable.expr, sort_keys=True, default=str)
    except Exception:  # an SDK object whose expression cannot be built: name its type
        return type(variable).__name__


def _join(path: str, part: str | int) -> str:
    if isinstance(part, int):
        return f"{path}[{part}]"
    if part.isidentifier():
        return f"{path}.{part}" if path else part
    return f"{path}[{json.dumps(part, ensure_ascii=False)}]"


def find_pipeline_variables(value: Any, kinds: tuple[type, ...], path: str = "") -> list[Problem]:
    """A problem for every pipeline variable inside card content, with its field path.

    ``value`` is a :class:`~sm_governance.card.ModelCard` (or any section of one), or
    content as JSON data (mappings and lists).
    """
    if isinstance(value, kinds):
        return [
            Problem(
                path,
                f"is a pipeline variable ({_describe(value)}); SageMaker stores"
                " ModelCardContent as one literal JSON string and never resolves pipeline"
                " variables inside it: give the value itself (only the card's status may be"
                " a pipeline variable)",
            )
        ]
    problems: list[Problem] = []
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            problems.extend(find_pipeline_variables(getattr(value, name), kinds, _join(path, name)))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, kinds):
                problems.append(
                    Problem(path, "has a pipeline variable as a key; keys must be literal text")
                )
                continue
            problems.extend(find_pipeline_variables(item, kinds, _join(path, str(key))))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            problems.extend(find_pipeline_variables(item, kinds, _join(path, index)))
    return problems


def check_status(status: Any, kinds: tuple[type, ...]) -> tuple[Any, list[Problem]]:
    """The card status for the request (a status string or the pipeline variable as given).

    A ``ParameterString``'s default value and allowed values must be card statuses too,
    because SageMaker would reject the registration only when the pipeline runs.
    """
    if isinstance(status, kinds):
        problems: list[Problem] = []
        default = getattr(status, "default_value", None)
        if isinstance(default, str) and default not in _VALUES:
            problems.append(
                Problem("status.default_value", f"is not a card status; use one of {_STATUSES}")
            )
        for index, allowed in enumerate(getattr(status, "enum_values", None) or ()):
            if allowed not in _VALUES:
                problems.append(
                    Problem(
                        f"status.enum_values[{index}]",
                        f"is not a card status; use one of {_STATUSES}",
                    )
                )
        return status, problems
    if isinstance(status, str):
        if status in _VALUES:
            return CardStatus(status).value, []
        return None, [Problem("status", f"{status!r} is not a card status; use one of {_STATUSES}")]
    return None, [
        Problem(
            "status",
            "must be a CardStatus, its string value or a pipeline variable"
            f" (e.g. ParameterString), not {type(status).__name__}",
        )
    ]


_VALUES = frozenset(s.value for s in CardStatus)
