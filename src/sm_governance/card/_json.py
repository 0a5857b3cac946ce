"""Strict reading and canonical writing of ``ModelCardContent`` JSON."""

from __future__ import annotations

import json
import re
from typing import Any

from sm_governance.card._errors import format_path
from sm_governance.errors import Problem

__all__ = [
    "MAX_DEPTH",
    "TOO_DEEP",
    "content_length",
    "dumps",
    "find_nulls",
    "float_spelling_may_differ",
    "loads",
    "too_deep",
]

#: No model card nests deeper than about ten levels; anything past this is refused early.
MAX_DEPTH = 32
TOO_DEEP = f"nests deeper than a model card can (more than {MAX_DEPTH} levels)"


def loads(text: str | bytes) -> tuple[Any, list[Problem]]:
    """Parse JSON strictly (:func:`sm_governance._files.loads_json`): ``(data, problems)``."""
    from sm_governance._files import TOO_DEEP as PARSER_TOO_DEEP
    from sm_governance._files import JsonProblem, loads_json

    try:
        return loads_json(text), []
    except JsonProblem as exc:
        message = TOO_DEEP if str(exc) == PARSER_TOO_DEEP else str(exc)
        return None, [Problem("", message.replace("is not JSON", "is not valid JSON", 1))]


_EXPONENT = re.compile(r"e-(?<=[0-9]e-)")  # a literal first: the search skips ahead fast


def float_spelling_may_differ(text: str) -> bool:
    """Whether pydantic-core's JSON ``text`` may spell a float unlike Python's ``repr``.

    Only magnitudes below 1e-4 differ (``1e-7`` / ``0.00001`` against ``1e-07`` /
    ``1e-05``). A hit may also be text inside a string; that only sends the content down the
    slower path, which gives the same string.
    """
    return "0.0000" in text or _EXPONENT.search(text) is not None


def dumps(data: Any) -> str:
    """Compact JSON in the given key order, non-ASCII characters kept as they are."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def find_nulls(data: Any, loc: tuple[str | int, ...] = ()) -> list[Problem]:
    """A problem for every ``null`` in ``data``: the schema has no nullable field."""
    problems: list[Problem] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if value is None:
                problems.append(
                    Problem(format_path([*loc, key]), "must not be null; leave the field out")
                )
            else:
                problems.extend(find_nulls(value, (*loc, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if value is None:
                problems.append(Problem(format_path([*loc, index]), "must not be null"))
            else:
                problems.extend(find_nulls(value, (*loc, index)))
    return problems


def content_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, as SageMaker's Java service counts it."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def too_deep(data: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether lists and objects in ``data`` nest more than ``limit`` levels (no recursion)."""
    from sm_governance import _files

    return _files.too_deep(data, limit)
