"""Card field paths: ``intended_uses.purpose_of_model``, ``evaluation_details[0].name``.

A path is a card section name followed by ``.field`` steps, ``[i]`` list indexes and, for
keys that are not plain names (``custom_details`` keys may hold spaces), ``["key"]`` steps::

    additional_information.custom_details["Datazone projects"]

Paths are checked against the bundled SageMaker model card schema when a policy is loaded,
so a misspelt field is an error in the policy file rather than a rule that can never pass.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["PATH_PATTERN", "check_card_path", "format_path", "parse_path"]

Segment = str | int

_NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
_INDEX = r"\[(?:0|[1-9][0-9]{0,5})\]"
_QUOTED = r"\[\"[^\"\]\x00-\x1f]+\"\]|\['[^'\]\x00-\x1f]+'\]"
_STEP = rf"(?:\.{_NAME}|{_INDEX}|{_QUOTED})"

#: The shape of a card field path (used by the JSON Schema for editors).
PATH_PATTERN = rf"^{_NAME}{_STEP}*$"

_TOKEN = re.compile(
    rf"\.(?P<name>{_NAME})|\[(?P<index>[0-9]+)\]|\[(?P<q>[\"'])(?P<key>.+?)(?P=q)\]"
)
_PLAIN_KEY = re.compile(rf"^{_NAME}$")
_WHOLE = re.compile(PATH_PATTERN)


def parse_path(text: str) -> tuple[Segment, ...]:
    """Split a field path into its steps: names (``str``) and list indexes (``int``).

    Raises:
        ValueError: the text is not a field path; the message says what is wrong.

    Example:
        >>> parse_path('evaluation_details[0].metric_groups[1]["a b"]')
        ('evaluation_details', 0, 'metric_groups', 1, 'a b')
    """
    if not text:
        raise ValueError("a field path cannot be empty")
    if not _WHOLE.fullmatch(text):
        raise ValueError(
            f"{text!r} is not a card field path; write fields with dots and list items with "
            'an index, e.g. "evaluation_details[0].name" or '
            '"additional_information.custom_details[\\"Datazone projects\\"]"'
        )
    first = re.match(_NAME, text)
    assert first is not None  # guaranteed by _WHOLE
    segments: list[Segment] = [first.group(0)]
    for token in _TOKEN.finditer(text, first.end()):
        if token.group("name") is not None:
            segments.append(token.group("name"))
        elif token.group("index") is not None:
            segments.append(int(token.group("index")))
        else:
            segments.append(token.group("key"))
    return tuple(segments)


def format_path(segments: tuple[Segment, ...]) -> str:
    """Write steps back as a path, the inverse of :func:`parse_path` (canonical quoting).

    Example:
        >>> format_path(("additional_information", "custom_details", "Datazone projects"))
        'additional_information.custom_details["Datazone projects"]'
    """
    out: list[str] = []
    for i, seg in enumerate(segments):
        if isinstance(seg, int):
            out.append(f"[{seg}]")
        elif _PLAIN_KEY.match(seg):
            out.append(seg if i == 0 else f".{seg}")
        else:
            quote = "'" if '"' in seg else '"'
            out.append(f"[{quote}{seg}{quote}]")
    return "".join(out)


@lru_cache(maxsize=1)
def _card_schema() -> dict[str, Any]:
    source = resources.files("sm_governance") / "card" / "model_card_schema.json"
    data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    return data


def _resolve(node: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The concrete alternatives of a schema node (``$ref`` followed, ``anyOf`` spread)."""
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        return _resolve(_card_schema()["definitions"][name])
    alternatives = node.get("anyOf")
    if isinstance(alternatives, list):
        return [alt for option in alternatives for alt in _resolve(option)]
    return [node]


def _is_opaque(node: Mapping[str, Any]) -> bool:
    """A node the schema does not describe field by field: anything may sit below it."""
    return "type" not in node and "properties" not in node and "items" not in node


def _step(nodes: list[Mapping[str, Any]], seg: Segment, where: str) -> list[Mapping[str, Any]]:
    following: list[Mapping[str, Any]] = []
    fields: set[str] = set()
    for node in nodes:
        if isinstance(seg, int):
            if node.get("type") == "array" and isinstance(node.get("items"), Mapping):
                following.extend(_resolve(node["items"]))
            continue
        props = node.get("properties")
        if isinstance(props, Mapping):
            fields.update(props)
            if seg in props:
                following.extend(_resolve(props[seg]))
                continue
        extra = node.get("additionalProperties")
        if isinstance(extra, Mapping):
            following.extend(_resolve(extra))
    if following:
        return following
    kinds = {str(node.get("type", "object")) for node in nodes}
    if isinstance(seg, int):
        raise ValueError(f"{where} is not a list, so it has no item [{seg}]")
    if "array" in kinds:
        raise ValueError(f"{where} is a list: name one item, e.g. {where}[0].{seg}")
    if not fields:
        raise ValueError(f"{where} is a {'/'.join(sorted(kinds))} and has no fields")
    hint = difflib.get_close_matches(seg, sorted(fields), n=1)
    did_you_mean = f"; did you mean {hint[0]!r}?" if hint else ""
    raise ValueError(
        f"{where} has no field {seg!r}{did_you_mean} (fields: {', '.join(sorted(fields))})"
    )


def check_card_path(segments: tuple[Segment, ...]) -> None:
    """Check that a path names a field the model card content schema can hold.

    Raises:
        ValueError: the path leaves the schema; the message names the step and the
            fields that exist there.
    """
    nodes: list[Mapping[str, Any]] = [_card_schema()]
    for i, seg in enumerate(segments):
        where = format_path(segments[:i]) if i else "the card"
        if any(_is_opaque(node) for node in nodes):
            return
        nodes = _step(nodes, seg, where)
