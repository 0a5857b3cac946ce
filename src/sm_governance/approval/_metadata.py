"""The governance keys a decision writes into ``CustomerMetadataProperties``.

SageMaker limits the map to 50 entries, keys to 128 and values to 256 characters, and both to
letters, digits, spaces and ``_ . : / = + - @``. Every decision writes:

========================================  =================================================
key                                       value
========================================  =================================================
``governance:decision``                   ``Approved`` or ``Rejected``
``governance:decision_id``                the decision's ID (a UUID)
``governance:decided_by``                 the approver's ARN
``governance:decided_at``                 ISO 8601 UTC time of the decision
``governance:gate``                       ``passed``, ``overridden`` or ``not-run``
``governance:gate_digest``                ``sha256:<hex>`` of the gate report, or ``none``
``governance:override``                   the override justification (only when given)
``governance:decision_count``             how many decisions the version has seen
``governance:subject_digest``             the version's subject digest (``sha256:v1:...``)
``governance:log:<time>:<id8>``           one compact line per decision (the audit log)
========================================  =================================================

The first group describes the latest decision; the log keeps one entry per decision so an
auditor sees every decision, not only the last. Log keys sort in time order. A log line is
space-separated ``name=value`` tokens after the decision, for example
``Approved id=3f2a... by=arn:aws:iam::111122223333:user/bob gate=passed:ab12cd34ef567890``.

Characters SageMaker does not allow are escaped as ``+XX`` (the UTF-8 bytes in hex, ``+``
itself becomes ``+2B``), so ARNs and reasons stay readable in the console. The log keeps at
most :data:`LOG_LIMIT` entries (fewer when other keys leave less room); older entries are
removed first and ``governance:decision_count`` still counts them.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "COUNT_KEY",
    "DECIDED_AT_KEY",
    "DECIDED_BY_KEY",
    "DECISION_ID_KEY",
    "DECISION_KEY",
    "GATE_DIGEST_KEY",
    "GATE_KEY",
    "LOG_LIMIT",
    "LOG_PREFIX",
    "MAX_ENTRIES",
    "MAX_VALUE",
    "OVERRIDE_KEY",
    "SUBJECT_KEY",
    "LogEntry",
    "MetadataPlan",
    "decision_count",
    "escape",
    "fit",
    "log_entries",
    "log_key",
    "plan_metadata",
    "unescape",
]

PREFIX = "governance:"
DECISION_KEY = PREFIX + "decision"
DECISION_ID_KEY = PREFIX + "decision_id"
DECIDED_BY_KEY = PREFIX + "decided_by"
DECIDED_AT_KEY = PREFIX + "decided_at"
GATE_KEY = PREFIX + "gate"
GATE_DIGEST_KEY = PREFIX + "gate_digest"
OVERRIDE_KEY = PREFIX + "override"
COUNT_KEY = PREFIX + "decision_count"
SUBJECT_KEY = PREFIX + "subject_digest"
LOG_PREFIX = PREFIX + "log:"

MAX_ENTRIES = 50
MAX_VALUE = 256
LOG_LIMIT = 20
_ELLIPSIS = "..."

_PLAIN = frozenset(string.ascii_letters + string.digits + " _.:/=-@")


def escape(text: str, *, space: bool = False) -> str:
    """Escape ``text`` into SageMaker's metadata alphabet (``space=True`` escapes spaces too)."""
    out: list[str] = []
    for char in text:
        if char in _PLAIN and not (space and char == " ") and not (space and char == "="):
            out.append(char)
        else:
            out.extend(f"+{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def unescape(text: str) -> str:
    """Reverse :func:`escape`; a malformed escape is kept as it is."""
    data = bytearray()
    i = 0
    while i < len(text):
        chunk = text[i : i + 3]
        if text[i] == "+" and len(chunk) == 3 and all(c in string.hexdigits for c in chunk[1:]):
            data.append(int(chunk[1:], 16))
            i += 3
        else:
            data.extend(text[i].encode("utf-8"))
            i += 1
    return data.decode("utf-8", errors="replace")


def fit(escaped: str, limit: int) -> str:
    """Cut an escaped value to ``limit`` characters, never inside an escape, marking the cut."""
    if len(escaped) <= limit:
        return escaped
    cut = limit - len(_ELLIPSIS)
    head = escaped[:cut]
    # never leave half of a ``+XX`` escape at the end
    plus = head.rfind("+", max(0, cut - 2))
    if plus != -1:
        head = head[:plus]
    return head + _ELLIPSIS


@dataclass(frozen=True)
class LogEntry:
    """One decision as recorded in the metadata log.

    Attributes:
        key: the metadata key (``governance:log:<time>:<id8>``).
        decision: ``Approved`` or ``Rejected``.
        decided_at: the ISO 8601 UTC time (from the key).
        decision_id: the decision's ID.
        decided_by: the approver's ARN (possibly cut, then it ends in ``...``).
        gate: ``passed``, ``overridden`` or ``not-run``.
        gate_digest: the first 16 hex digits of the gate digest, or ``""``.
        override: the override justification (possibly cut), or ``""``.
        card_status: the card status written with the decision, or ``""``.
        reason: the reason, cut to the room left in the line (the full reason of the
            latest decision is in ``ApprovalDescription``).

    Example:
        >>> entry = LogEntry("governance:log:20261121T231706.123Z:3f2a9c1b", "Approved",
        ...                  "2026-11-21T23:17:06.123Z", decided_by="arn:aws:iam::1:user/bob")
        >>> entry.encode()
        'Approved id= gate=not-run by=arn:aws:iam::1:user/bob'
    """

    key: str
    decision: str
    decided_at: str
    decision_id: str = ""
    decided_by: str = ""
    gate: str = "not-run"
    gate_digest: str = ""
    override: str = ""
    card_status: str = ""
    reason: str = ""

    def encode(self) -> str:
        """The log line, within :data:`MAX_VALUE` characters."""
        gate = f"{self.gate}:{self.gate_digest}" if self.gate_digest else self.gate
        head = [self.decision, f"id={self.decision_id}", f"gate={escape(gate, space=True)}"]
        if self.card_status:
            head.append(f"card={escape(self.card_status, space=True)}")
        line = " ".join(head)
        by = "by=" + escape(self.decided_by, space=True)
        room = MAX_VALUE - len(line) - 1
        line = f"{line} {fit(by, max(room, 0))}" if room > len("by=") + 3 else line
        for name, text in (("ov", self.override), ("re", self.reason)):
            room = MAX_VALUE - len(line) - 1
            if text and room > len(name) + 4:
                line = f"{line} {fit(name + '=' + escape(text, space=True), room)}"
        return line

    @classmethod
    def decode(cls, key: str, value: str) -> LogEntry:
        """Parse a log line written by :meth:`encode` (unknown tokens are ignored)."""
        decision, _, rest = value.partition(" ")
        tokens: dict[str, str] = {}
        for token in rest.split(" "):
            name, sep, raw = token.partition("=")
            if sep:
                tokens[name] = unescape(raw)
        gate, _, digest = tokens.get("gate", "not-run").partition(":")
        return cls(
            key=key,
            decision=decision,
            decided_at=_time_from_key(key),
            decision_id=tokens.get("id", ""),
            decided_by=tokens.get("by", ""),
            gate=gate,
            gate_digest=digest,
            override=tokens.get("ov", ""),
            card_status=tokens.get("card", ""),
            reason=tokens.get("re", ""),
        )


def log_key(decided_at: str, decision_id: str) -> str:
    """The log key for a decision: compact time (sortable) and the first 8 ID characters."""
    compact = decided_at.replace("-", "").replace(":", "")
    return f"{LOG_PREFIX}{compact}:{decision_id.replace('-', '')[:8]}"


def _time_from_key(key: str) -> str:
    stamp = key[len(LOG_PREFIX) :].split(":", 1)[0]
    # 20261121T231706.123456Z -> 2026-11-21T23:17:06.123456Z
    if len(stamp) >= 16 and stamp[8] == "T":
        return f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:]}"
    return stamp


def decision_count(metadata: Mapping[str, str]) -> int:
    """How many decisions the metadata says were made (``0`` when missing or unreadable)."""
    try:
        return int(metadata.get(COUNT_KEY) or 0)
    except ValueError:
        return 0


def log_entries(metadata: Mapping[str, str]) -> list[LogEntry]:
    """Every decision logged in ``metadata``, oldest first."""
    keys = sorted(k for k in metadata if k.startswith(LOG_PREFIX))
    return [LogEntry.decode(k, metadata[k]) for k in keys]


@dataclass(frozen=True)
class MetadataPlan:
    """What one decision writes: the full map to send and the keys to remove.

    Example:
        >>> MetadataPlan(properties={"governance:decision": "Approved"}, remove=[]).remove
        []
    """

    properties: dict[str, str]
    remove: list[str]


def plan_metadata(
    current: Mapping[str, str],
    latest: Mapping[str, str],
    entry: LogEntry,
    *,
    log_limit: int = LOG_LIMIT,
) -> MetadataPlan | None:
    """Merge a decision's keys into ``current`` within SageMaker's limits.

    Every key already there that is not a governance key (the DataZone project, the user's
    own keys) is sent back unchanged, so the result is right whether the service merges or
    replaces the map. The oldest log entries are dropped when room runs out.

    Args:
        current: the metadata as read before the decision.
        latest: the latest-decision keys (``governance:decision`` ...), values escaped; a key
            mapped to ``""`` is removed.
        entry: the decision's log entry.
        log_limit: at most this many log entries are kept.

    Returns:
        The plan, or ``None`` when the other keys leave no room for the governance keys.
    """
    keep_latest = {k: v for k, v in latest.items() if v}
    drop_latest = [k for k, v in latest.items() if not v and k in current]
    others = {k: v for k, v in current.items() if not k.startswith(LOG_PREFIX) and k not in latest}
    old_log = sorted(k for k in current if k.startswith(LOG_PREFIX))
    room = MAX_ENTRIES - len(others) - len(keep_latest) - 1
    if room < 0:
        return None
    kept = old_log[len(old_log) - min(len(old_log), room, max(log_limit - 1, 0)) :]
    properties = dict(others)
    properties.update({k: current[k] for k in kept})
    properties.update(keep_latest)
    properties[entry.key] = entry.encode()
    remove = sorted(set(drop_latest) | (set(old_log) - set(kept)))
    return MetadataPlan(properties=properties, remove=remove)
