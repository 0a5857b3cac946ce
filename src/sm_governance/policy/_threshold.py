"""Metric thresholds: an operator and a number, written as ``">= 0.8"`` in a policy file."""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["OPERATORS", "THRESHOLD_PATTERN", "Threshold"]

Operator = Literal[">=", "<=", ">", "<", "=="]

#: The comparison each operator makes between the card's value (left) and the threshold.
OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
}

_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
#: The shape of a threshold (used by the JSON Schema for editors).
THRESHOLD_PATTERN = rf"^\s*(?:>=|<=|==|>|<)\s*{_NUMBER}\s*$"

_SPLIT = re.compile(r"^\s*(?P<op>[<>=!]*)\s*(?P<number>.*?)\s*$", re.DOTALL)
_IS_NUMBER = re.compile(rf"^{_NUMBER}$")
_IS_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_MAX_NUMBER_CHARS = 64
_SUGGEST = {"=": "==", "=>": ">=", "=<": "<=", "===": "=="}


@dataclass(frozen=True)
class Threshold:
    """A comparison a metric's value must satisfy, such as ``>= 0.8``.

    Attributes:
        op: one of ``>=``, ``<=``, ``>``, ``<``, ``==``.
        value: the number the metric is compared with (``int`` when written without a
            decimal point or exponent, ``float`` otherwise).

    Example:
        >>> t = Threshold.parse(">= 0.8")
        >>> t.op, t.value, t.allows(0.85), str(t)
        ('>=', 0.8, True, '>= 0.8')
    """

    op: Operator
    value: int | float

    @classmethod
    def parse(cls, text: str) -> Threshold:
        """Read a threshold written as an operator followed by a number.

        Raises:
            ValueError: the text is not a threshold; the message says what is wrong.
        """
        example = 'write an operator (>=, <=, >, <, ==) and a number, e.g. ">= 0.8"'
        match = _SPLIT.match(text)
        assert match is not None  # the pattern matches every string
        op, number = match.group("op"), match.group("number")
        if not op:
            raise ValueError(f"{text!r} has no comparison operator; {example}")
        if op not in OPERATORS:
            hint = f" (did you mean {_SUGGEST[op]!r}?)" if op in _SUGGEST else ""
            raise ValueError(f"{op!r} is not a comparison operator{hint}; {example}")
        if not number:
            raise ValueError(f"{text!r} has no number after {op!r}; {example}")
        if len(number) > _MAX_NUMBER_CHARS or not _IS_NUMBER.match(number):
            raise ValueError(f"{number[:_MAX_NUMBER_CHARS]!r} is not a number; {example}")
        value: int | float = int(number) if _IS_INTEGER.match(number) else float(number)
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{number!r} is too large to compare with")
        return cls(op=op, value=value)  # type: ignore[arg-type]  # op checked above

    def allows(self, seen: float) -> bool:
        """Whether a metric value satisfies this threshold."""
        return OPERATORS[self.op](seen, self.value)

    def __str__(self) -> str:
        return f"{self.op} {self.value!r}"
