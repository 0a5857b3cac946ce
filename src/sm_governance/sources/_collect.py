"""What every report reader shares: metric groups being filled, and what was skipped, why.

Nothing is dropped silently: a value a card cannot hold is named, with its reason, in
``skipped``; numbers are kept exactly as read (``1`` stays ``1``, no rounding) and numbers
written into notes are written in full precision (``repr`` of a float round-trips).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sm_governance._untrusted import has_surrogate
from sm_governance.card._limits import AXIS_NAME_MAX, CUSTOM_VALUE_MAX, TEXT_1024

__all__ = [
    "LONE_SURROGATE",
    "SKIPPED_KEY",
    "Collected",
    "is_number",
    "is_skipped_key",
    "label_list",
    "lone_surrogate",
    "text",
]

#: The evaluation metadata key (then ``skipped_metrics_2``...) listing what was skipped, why.
SKIPPED_KEY = "skipped_metrics"
_SKIPPED_KEYS = re.compile(rf"{SKIPPED_KEY}(?:_[0-9]+)?")


def is_skipped_key(key: str) -> bool:
    """Whether ``key`` is one of the metadata keys that list what was skipped."""
    return _SKIPPED_KEYS.fullmatch(key) is not None


#: Why JSON holding a lone surrogate is refused.
LONE_SURROGATE = (
    "holds text that is not valid Unicode (a lone surrogate, escaped as \\uD800-\\uDFFF), "
    "which no card can hold; write the character itself or leave it out"
)


def lone_surrogate(data: Any) -> str | None:
    """Where JSON ``data`` holds a lone surrogate (a key or text no card can hold), or ``None``.

    JSON may escape one (``"\\ud800"``); UTF-8, and so SageMaker, cannot carry it.
    """
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            if has_surrogate(node):
                return where or "(the document)"
        elif isinstance(node, dict):
            for key, value in node.items():
                if has_surrogate(str(key)):
                    return f"{where}.{key}" if where else str(key)
                stack.append((f"{where}.{key}" if where else str(key), value))
        elif isinstance(node, list):
            stack.extend((f"{where}[{i}]", value) for i, value in enumerate(node))
    return None


def is_number(value: Any) -> bool:
    """Whether ``value`` is a finite JSON number (never a boolean)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value)


def text(value: Any) -> str:
    """``value`` as text without losing anything: numbers in full precision, JSON otherwise."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def label_list(values: Iterable[Any]) -> list[str] | None:
    """Axis labels for ``values``, or ``None`` when one would not fit a card (63 characters)."""
    labels = [text(v) for v in values]
    return labels if all(0 < len(label) <= AXIS_NAME_MAX for label in labels) else None


class Collected:
    """Metric groups in the order first seen, plus what was skipped and extra metadata."""

    def __init__(self) -> None:
        self._groups: list[tuple[str, list[dict[str, Any]], bool]] = []
        self._latest: dict[str, list[dict[str, Any]]] = {}
        self.skipped: list[str] = []
        self.metadata: dict[str, str] = {}

    def declare(self, group: str, *, new: bool = False) -> None:
        """Keep ``group`` in the result even if no metric lands in it.

        With ``new``, start another group of that name (a file may repeat a name).
        """
        if new or group not in self._latest:
            self._latest[group] = []
            self._groups.append((group, self._latest[group], True))

    def add(self, group: str, metric: dict[str, Any]) -> None:
        """Add ``metric`` to the latest group called ``group`` (created on first use)."""
        if group not in self._latest:
            self._latest[group] = []
            self._groups.append((group, self._latest[group], False))
        self._latest[group].append(metric)

    def number(self, group: str, name: str, value: Any, notes: str | None = None) -> bool:
        """Add a number metric; when ``value`` is not a finite number, skip it and say why."""
        if not is_number(value):
            self.skip(f"{group}: {name}", f"value {text(value)} is not a finite number")
            return False
        metric: dict[str, Any] = {"name": name, "type": "number", "value": value}
        if notes:
            self.note(metric, notes, f"{group}: {name}")
        self.add(group, metric)
        return True

    def note(self, metric: dict[str, Any], notes: str, where: str) -> None:
        """Set ``notes`` on ``metric`` if they fit (1024 characters), else skip them."""
        if len(notes) <= TEXT_1024:
            metric["notes"] = notes
        else:
            self.skip(f"{where} notes", f"{len(notes)} characters, more than the 1024 notes hold")

    def skip(self, what: str, why: str) -> None:
        """Record that ``what`` is not in the card, and why."""
        self.skipped.append(f"{what} ({why})")

    def unknown(self, data: Mapping[str, Any], known: Iterable[str], where: str) -> None:
        """Skip every key of ``data`` that is not ``known``, naming it under ``where``."""
        expected = set(known)
        for key in data:
            if key not in expected:
                self.skip(f"{where}.{key}" if where else str(key), "not part of this report shape")

    def meta(self, key: str, value: Any, where: str | None = None) -> None:
        """Record a scalar report fact in the evaluation's metadata (or skip it, named by
        ``where``, by default ``key``)."""
        shown = text(value)
        if is_skipped_key(key):
            self.skip(where or key, "its name is the listing of what the card does not hold")
        elif isinstance(value, (dict, list)) or len(shown) > CUSTOM_VALUE_MAX:
            self.skip(where or key, "not a short value the evaluation metadata can hold")
        else:
            self.metadata.setdefault(key, shown)

    def groups(self) -> list[dict[str, Any]]:
        """The metric groups in order: those with metrics, and those declared."""
        return [
            {"name": name, "metric_data": data}
            for name, data, declared in self._groups
            if data or declared
        ]
