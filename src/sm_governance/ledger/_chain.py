"""Checking a version's chain of entries offline: order, links, signatures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sm_governance.ledger._entry import FORMAT, entry_hash
from sm_governance.ledger._signature import signature_valid

__all__ = ["chain_problems", "verify_entries"]


def verify_entries(
    entries: Sequence[Mapping[str, Any]],
    public_key_der: bytes,
    *,
    arn: str | None = None,
    first: int = 1,
) -> list[str]:
    """Every problem with a version's entries, in order; an empty list means the chain holds.

    Entry ``i`` (from ``first``) must have ``seq == i``, link to entry ``i - 1`` by
    :func:`~sm_governance.ledger.entry_hash` (entry 1 links to ``null``), carry a valid
    signature by ``public_key_der`` and, when ``arn`` is given, be about that version.

    Args:
        entries: the entries, in ``seq`` order (as stored: ``1.json``, ``2.json``, ...).
        public_key_der: the signing key's public key (DER ``SubjectPublicKeyInfo``).
        arn: the version the entries must be about.
        first: the ``seq`` of ``entries[0]``: after a read of only the latest entries, the
            first one read is checked but for its link to the entry before it (not read).

    Example:
        >>> verify_entries([], b"")
        []
    """
    return [text for _, text in chain_problems(entries, public_key_der, arn=arn, first=first)]


def chain_problems(
    entries: Sequence[Mapping[str, Any]],
    public_key_der: bytes,
    *,
    arn: str | None = None,
    first: int = 1,
) -> list[tuple[int, str]]:
    """:func:`verify_entries`, each problem with the position of the entry it is about (the
    entry that breaks a link, not the one it fails to link to).

    Example:
        >>> chain_problems([], b"")
        []
    """
    problems: list[tuple[int, str]] = []
    previous: Mapping[str, Any] | None = None
    for position, entry in enumerate(entries, start=first):
        found = _entry_problems(
            entry, position, previous=previous, key=public_key_der, arn=arn, first=first
        )
        problems.extend((position, text) for text in found)
        previous = entry if isinstance(entry, Mapping) else None
    return problems


def _entry_problems(
    entry: Any,
    position: int,
    *,
    previous: Mapping[str, Any] | None,
    key: bytes,
    arn: str | None,
    first: int,
) -> list[str]:
    if not isinstance(entry, Mapping):
        return [f"entry {position} is not a JSON object"]
    problems: list[str] = []
    if entry.get("format") != FORMAT:
        problems.append(f"entry {position} has an unknown format {entry.get('format')!r}")
    seq = entry.get("seq")
    if seq != position or isinstance(seq, bool):
        problems.append(f"chain broken at {position}: the entry says seq {seq!r}")
    try:
        expected = entry_hash(previous) if previous is not None else None
    except ValueError:
        expected = "unencodable"
    if position > first and previous is None:
        expected = "unreadable"
    linked = position == 1 or position > first  # else the entry before was not read
    if linked and entry.get("prev") != expected:
        problems.append(
            f"chain broken at {position}: it does not link to entry {position - 1}"
            if position > 1
            else "chain broken at 1: the first entry links to an earlier one"
        )
    if arn is not None and entry.get("arn") != arn:
        problems.append(f"entry {position} is about {entry.get('arn')!r}, not {arn}")
    try:
        valid = signature_valid(key, entry)
    except ValueError:
        valid = False
    if not valid:
        problems.append(f"signature invalid at {position}")
    return problems
