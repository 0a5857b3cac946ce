"""Ledger entries: the signed record of one decision (or anomaly) on one version.

An entry is a JSON object. Every entry carries:

- ``format``: ``smgov-ledger/1``; ``seq``: 1, 2, 3... per version; ``kind``: ``decision``
  or ``anomaly``; ``prev``: :func:`entry_hash` of entry ``seq - 1`` (``null`` for the first);
- ``arn``, ``group``, ``version``: the model package version it is about;
- ``subject_digest`` and ``subject_parts`` (see :mod:`sm_governance.ledger._digest`);
- ``decider``: who wrote it, as STS reported (``arn``, ``principal_id``, ``source_identity``);
- ``time``: ISO 8601 UTC;
- ``signature``: ``{"key_id", "algorithm": "ECDSA_SHA_256", "value": base64 DER}``.

A ``decision`` entry adds ``decision`` (``Approved``/``Rejected``), ``decision_id``, the whole
``reason``, ``previous_status``, ``registrant``, ``gate``, ``policy`` (name and digest),
``gate_report_digest``, ``override_justification``, ``card_status`` and
``allow_unknown_registrant``. An ``anomaly`` entry adds ``anomaly`` (what was seen),
``decision_id`` and ``details``.

The signature is over :func:`signing_message`: a short text naming the format and the SHA-256
of the canonical JSON of the entry without its ``signature`` (short, so KMS signs it as a
``RAW`` message whatever the length of the reason).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, Final

from sm_governance.ledger._canonical import canonical_json

__all__ = [
    "ALGORITHM",
    "FORMAT",
    "entry_hash",
    "signing_message",
    "unsigned",
]

FORMAT: Final = "smgov-ledger/1"
ALGORITHM: Final = "ECDSA_SHA_256"


def unsigned(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The entry without its ``signature``."""
    return {k: v for k, v in entry.items() if k != "signature"}


def signing_message(entry: Mapping[str, Any]) -> bytes:
    """The bytes the signature covers: the format and the hash of the unsigned entry.

    Raises:
        ValueError: the entry has no canonical JSON form.
    """
    body = hashlib.sha256(canonical_json(unsigned(entry))).hexdigest()
    return f"{FORMAT} entry sha256:{body}".encode("ascii")


def entry_hash(entry: Mapping[str, Any]) -> str:
    """``sha256:<hex>`` of the whole entry (signature included), as the next entry's ``prev``.

    Example:
        >>> entry_hash({"seq": 1})[:7]
        'sha256:'
    """
    return "sha256:" + hashlib.sha256(canonical_json(dict(entry))).hexdigest()
