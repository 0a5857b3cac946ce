"""Field-level differences between two model cards or two registered versions.

How values are compared:

- Objects (mappings) are compared key by key. Keys follow the content schema's section
  order at the top level (``model_overview`` ... ``additional_information``) and
  alphabetical order below it, so the same two cards always give the same list. A key that
  is not a plain name is written as problem paths write it: ``custom_details["a.b "]``.
- Lists of objects that each carry a distinct ``name`` (evaluation jobs, metric groups,
  metrics, training metrics, hyper-parameters) are matched **by name**: a metric that moved
  within its list is not a change, a renamed one is a removal plus an addition. Their paths
  read ``evaluation_details["holdout"].metric_groups["quality"].metric_data["auc"].value``.
  Items keep the first card's order, then new items in the second card's order.
- Other lists of objects are matched **by index** (``[0]``, ``[1]``, ...).
- Lists of plain values (datasets, artifacts, axis names, a matrix's rows) are values: a
  change reports the whole old and new list.
- Booleans and numbers never compare equal to each other (``true`` is not ``1``), and
  ``1`` equals ``1.0``.
- A subtree present on one side only is one change (``added`` or ``removed``) carrying the
  whole subtree, not one change per leaf.
- When both sides are registered versions, their artifacts (container image and model data
  URL), approval status, card status, lifecycle, DataZone project and customer metadata are
  compared too, under paths starting with ``version.``. The bookkeeping a decision writes
  (the approval note and the ``governance:`` metadata keys) is left out unless asked for
  (``bookkeeping=True``; :attr:`CardDiff.hidden` counts what was left out); metadata values
  are shown unescaped (a space, not ``+20``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sm_governance.card._errors import format_path
from sm_governance.render._context import content_of, is_version
from sm_governance.render._text import format_value, md_inline
from sm_governance.render._view import SECTION_TITLES

__all__ = ["CardDiff", "Change", "ChangeKind", "diff"]

ChangeKind = Literal["added", "removed", "changed"]
_MISSING: Any = object()
_VERSION_FIELDS = (
    "image_uri",
    "model_data_url",
    "approval_status",
    "approval_description",
    "card_status",
    "lifecycle",
    "datazone_project_id",
    "customer_metadata",
)


@dataclass(frozen=True)
class Change:
    """One changed field: where, how, and the values before and after.

    ``old`` is ``None`` for an addition and ``new`` is ``None`` for a removal.

    Example:
        >>> Change("intended_uses.risk_rating", "changed", "Low", "High").to_dict()
        {'path': 'intended_uses.risk_rating', 'kind': 'changed', 'old': 'Low', 'new': 'High'}
    """

    path: str
    kind: ChangeKind
    old: Any = None
    new: Any = None

    def to_dict(self) -> dict[str, Any]:
        """The change as plain JSON-compatible data."""
        return {"path": self.path, "kind": self.kind, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class CardDiff(Sequence[Change]):
    """The changes from card (or version) ``a`` to ``b``, in a deterministic order.

    It is a sequence of :class:`Change` and is falsy when the two are the same.

    Example:
        >>> d = diff({"intended_uses": {"risk_rating": "Low"}},
        ...          {"intended_uses": {"risk_rating": "High"}})
        >>> [c.path for c in d], bool(d)
        (['intended_uses.risk_rating'], True)
    """

    changes: tuple[Change, ...] = ()
    a_label: str = "A"
    b_label: str = "B"
    hidden: int = 0

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __getitem__(self, index: Any) -> Any:
        return self.changes[index]

    @property
    def paths(self) -> list[str]:
        """The paths of the changed fields, in order."""
        return [c.path for c in self.changes]

    def to_list(self) -> list[dict[str, Any]]:
        """Every change as plain JSON-compatible data (for ``--output json``)."""
        return [c.to_dict() for c in self.changes]

    def to_markdown(self) -> str:
        """The changes as a Markdown table (or a sentence saying there are none)."""
        head = f"## Changes from {md_inline(self.a_label)} to {md_inline(self.b_label)}\n\n"
        if not self.changes:
            return head + "No differences.\n"
        lines = ["| Field | Change | Old | New |", "| --- | --- | --- | --- |"]
        for c in self.changes:
            old = "" if c.kind == "added" else _shown(c.old)
            new = "" if c.kind == "removed" else _shown(c.new)
            cells = (md_inline(c.path), c.kind, md_inline(old), md_inline(new))
            lines.append("| " + " | ".join(cells) + " |")
        noun = "change" if len(self.changes) == 1 else "changes"
        return head + "\n".join(lines) + f"\n\n{len(self.changes)} {noun}.{self.note}\n"

    @property
    def note(self) -> str:
        """A sentence on the bookkeeping changes left out (empty when none were)."""
        if not self.hidden:
            return ""
        return f" {self.hidden} bookkeeping change(s) not shown (decision note and metadata)."


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(", ", ": "), default=format_value)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, (list, tuple)):
        return "list"
    return type(value).__name__


def _equal(a: Any, b: Any) -> bool:
    if _kind(a) != _kind(b):
        return False
    if isinstance(a, Mapping):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _key_order(a: Mapping[str, Any], b: Mapping[str, Any], top: bool) -> list[str]:
    keys = set(a) | set(b)
    known = [k for k in SECTION_TITLES if k in keys] if top else []
    return known + sorted(k for k in keys if k not in known)


def _names(items: Sequence[Any]) -> list[str] | None:
    if not all(isinstance(i, Mapping) and isinstance(i.get("name"), str) for i in items):
        return None
    names = [i["name"] for i in items]
    return names if len(set(names)) == len(names) else None


def _walk(path: str, a: Any, b: Any, out: list[Change], *, top: bool = False) -> None:
    if a is _MISSING:
        out.append(Change(path, "added", None, b))
    elif b is _MISSING:
        out.append(Change(path, "removed", a, None))
    elif isinstance(a, Mapping) and isinstance(b, Mapping):
        for key in _key_order(a, b, top):
            _walk(_child(path, key), a.get(key, _MISSING), b.get(key, _MISSING), out)
    elif isinstance(a, list) and isinstance(b, list) and (_has_objects(a) or _has_objects(b)):
        _walk_list(path, a, b, out)
    elif not _equal(a, b):
        out.append(Change(path, "changed", a, b))


def _child(path: str, key: Any) -> str:
    """``path.key``, or ``path["key"]`` for a key that is not a plain name (as problem paths
    write it), so a key holding dots, brackets or spaces cannot pass for another field."""
    step = format_path([str(key)])
    return f"{path}{step}" if step.startswith("[") else f"{path}.{step}" if path else step


def _has_objects(items: list[Any]) -> bool:
    return any(isinstance(i, Mapping) for i in items)


def _walk_list(path: str, a: list[Any], b: list[Any], out: list[Change]) -> None:
    a_names, b_names = _names(a), _names(b)
    if a_names is not None and b_names is not None:
        a_by, b_by = dict(zip(a_names, a, strict=True)), dict(zip(b_names, b, strict=True))
        for name in a_names + [n for n in b_names if n not in a_by]:
            child = f"{path}[{json.dumps(name, ensure_ascii=False)}]"
            _walk(child, a_by.get(name, _MISSING), b_by.get(name, _MISSING), out)
        return
    for i in range(max(len(a), len(b))):
        _walk(
            f"{path}[{i}]",
            a[i] if i < len(a) else _MISSING,
            b[i] if i < len(b) else _MISSING,
            out,
        )


_BOOKKEEPING_PREFIX = "governance:"


def _is_bookkeeping(path: str) -> bool:
    return path == "version.approval_description" or path.startswith(
        f'version.customer_metadata["{_BOOKKEEPING_PREFIX}'
    )


def _version_fields(version: Any) -> dict[str, Any]:
    def get(key: str) -> Any:
        return version.get(key) if isinstance(version, Mapping) else getattr(version, key, None)

    out: dict[str, Any] = {}
    for key in _VERSION_FIELDS:
        value = get(key)
        if value is None and key == "customer_metadata":
            value = {}  # compared key by key, so bookkeeping keys are told apart
        if value is None:
            continue
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            value = dataclasses.asdict(value)
        elif hasattr(value, "model_dump"):
            value = value.model_dump(mode="json")
        value = json.loads(json.dumps(value, default=format_value))
        if key == "customer_metadata" and isinstance(value, dict):
            from sm_governance.approval._metadata import unescape

            value = {k: unescape(v) if isinstance(v, str) else v for k, v in value.items()}
        out[key] = value
    return out


def _label(obj: Any, fallback: str) -> str:
    if is_version(obj):
        arn = obj.get("arn") if isinstance(obj, Mapping) else getattr(obj, "arn", None)
        return str(arn or fallback)
    return fallback


def diff(
    a: Any,
    b: Any,
    *,
    a_label: str | None = None,
    b_label: str | None = None,
    bookkeeping: bool = False,
) -> CardDiff:
    """The field-level changes from ``a`` to ``b``.

    Args:
        a: the earlier card: a ``ModelCard``, a content mapping or a ``ModelVersion``.
        b: the later card, in any of the same forms.
        a_label: how ``a`` is named in the Markdown (default: its ARN, or ``A``).
        b_label: how ``b`` is named in the Markdown (default: its ARN, or ``B``).
        bookkeeping: also list the decision bookkeeping of two versions (the approval note
            and the ``governance:`` metadata keys).

    Returns:
        A :class:`CardDiff`; the rules of matching and ordering are in this module's docs.
    """
    out: list[Change] = []
    _walk("", content_of(a, subject="a"), content_of(b, subject="b"), out, top=True)
    hidden = 0
    if is_version(a) and is_version(b):
        fields: list[Change] = []
        _walk("version", _version_fields(a), _version_fields(b), fields)
        kept = [c for c in fields if bookkeeping or not _is_bookkeeping(c.path)]
        hidden = len(fields) - len(kept)
        out.extend(kept)
    return CardDiff(tuple(out), a_label or _label(a, "A"), b_label or _label(b, "B"), hidden)
