"""Reading what SageMaker already holds: never refused, problems returned beside the card.

Writing is strict (:meth:`ModelCard.from_content` raises on any problem). Reading is not:
:func:`read_card` parses content as far as it is valid. Every field that breaks a rule is
left out of the parsed card and named in :attr:`CardReading.problems`; the text itself is
kept unchanged in :attr:`CardReading.content`, so nothing SageMaker returned is lost (unknown
keys included).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sm_governance._untrusted import has_surrogate, replace_surrogates
from sm_governance.card import _json
from sm_governance.card._errors import KEY_SURROGATE
from sm_governance.errors import Problem, ValidationError

if TYPE_CHECKING:
    from sm_governance.card._card import ModelCard

__all__ = ["CardReading", "read_card"]

# Each pass removes at least one value; a card has a few hundred at most, and the passes
# needed are the nesting depth of the worst problem (about five).
_MAX_PASSES = 32
_STEP = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')
_GONE = object()


@dataclass(frozen=True)
class CardReading:
    """A card as read from SageMaker: what parsed, what did not, and the text itself.

    Attributes:
        card: the card without the fields that break a rule; ``None`` when the content is
            not a JSON object (or breaks a rule of the whole document).
        problems: every rule the content breaks, each with its field path (empty when the
            card is valid).
        content: the content exactly as given.

    Example:
        >>> reading = read_card('{"intended_uses": {"risk_rating": "Severe"}, "x": 1}')
        >>> reading.card.to_content_json()
        '{"intended_uses":{}}'
        >>> [p.path for p in reading.problems]
        ['intended_uses.risk_rating', 'x']
    """

    card: ModelCard | None
    problems: tuple[Problem, ...] = ()
    content: str = field(default="", repr=False)

    @property
    def valid(self) -> bool:
        """Whether the content breaks no rule."""
        return not self.problems


def _parse_path(path: str) -> list[str | int] | None:
    """The steps of a problem path (``a.b[0]["k"]``); ``None`` when it cannot be read."""
    steps: list[str | int] = []
    at = 0
    while at < len(path):
        match = _STEP.match(path, at)
        if match is None or match.end() == at:
            return None
        name, index, key = match.groups()
        steps.append(
            name if name is not None else int(index) if index is not None else json.loads(key)
        )
        at = match.end()
    return steps


def _mark(data: Any, steps: list[str | int]) -> bool:
    """Mark the value at ``steps`` gone (its parent when it is missing); ``True`` if marked."""
    while steps:
        parent = data
        for step in steps[:-1]:
            try:
                parent = parent[step]
            except (KeyError, IndexError, TypeError):
                parent = _GONE
                break
        last = steps[-1]
        present = parent is not _GONE and (
            (isinstance(parent, dict) and last in parent)
            or (isinstance(parent, list) and isinstance(last, int) and last < len(parent))
        )
        if present:
            if parent[last] is _GONE:
                return False
            parent[last] = _GONE
            return True
        steps = steps[:-1]  # a required value is missing: its owner goes
    return False


def _sweep(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _sweep(v) for k, v in data.items() if v is not _GONE}
    if isinstance(data, list):
        return [_sweep(v) for v in data if v is not _GONE]
    return data


def _loads(text: str | bytes) -> tuple[Any, list[Problem]]:
    data, problems = _json.loads(text)
    if not problems:
        return data, []
    try:  # duplicate keys (the last wins) or NaN/Infinity (refused below as values)
        return json.loads(text), problems
    except (ValueError, TypeError, RecursionError):
        return None, problems


def _replace_surrogates(value: Any, path: str, problems: list[Problem]) -> Any:
    if isinstance(value, str):
        if has_surrogate(value):
            problems.append(
                Problem(path, "holds text that is not valid Unicode (a lone surrogate)")
            )
            return replace_surrogates(value)
        return value
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        for key, item in value.items():
            name = key
            if isinstance(key, str) and has_surrogate(key):
                problems.append(Problem(path, KEY_SURROGATE))
                name = replace_surrogates(key)
            out[name] = _replace_surrogates(item, f"{path}.{name}" if path else str(name), problems)
        return out
    if isinstance(value, list):
        return [_replace_surrogates(v, f"{path}[{i}]", problems) for i, v in enumerate(value)]
    return value


def read_card(content: str | bytes) -> CardReading:
    """Read ``ModelCardContent`` as SageMaker returned it; never raises for bad content.

    Args:
        content: the content text (either flavour).

    Returns:
        The card with every field that breaks a rule left out, the problems, and the text.

    Example:
        >>> read_card('{"model_overview": {"model_creator": "Ana"}}').valid
        True
    """
    from sm_governance.card._card import ModelCard

    text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
    data, problems = _loads(text)
    if not isinstance(data, dict):
        if data is not None or not problems:
            problems.append(Problem("", "must be a JSON object"))
        return CardReading(None, tuple(problems), text)
    if _json.too_deep(data):  # before any walk: the walks below recurse
        problems.append(Problem("", _json.TOO_DEEP))
        return CardReading(None, tuple(problems), text)
    # Text that is not valid Unicode (a lone surrogate) cannot be validated: each such value
    # is a problem, and the card is read with U+FFFD in its place (the text keeps it as is).
    work = _replace_surrogates(data, "", problems)
    reported = False
    for _ in range(_MAX_PASSES):
        try:
            return CardReading(ModelCard.from_content(work), tuple(problems), text)
        except ValidationError as exc:
            if not reported:  # the first pass lists every problem of the content as given
                problems.extend(exc.problems)
                reported = True
            marked = False
            for problem in exc.problems:
                steps = _parse_path(problem.path)
                if steps and _mark(work, steps):
                    marked = True
            if not marked:
                break
            work = _sweep(work)
    return CardReading(None, tuple(problems), text)
