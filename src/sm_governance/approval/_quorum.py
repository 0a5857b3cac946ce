"""Quorums: how many distinct officers approved the same subject, read from the ledger.

A version's decisions form *rounds*. Each ``Approved`` decision entry records
``approvals_required`` (the policy's number at the card's risk rating when it was signed; 1
when absent). Approvals count towards the open round when they are about the same subject
digest as the round's first approval, by a person not already counted (the same officer twice
counts once). The round completes, and its approvers are the approval in force, when the count
reaches ``approvals_required``; a ``Rejected`` decision ends the round and any approval in
force; an approval of a different subject starts a new round.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Round", "approvers_in_force", "open_round", "required", "rounds"]


def _person(entry: Mapping[str, Any]) -> Any:
    from sm_governance.approval._identity import recorded_principal

    return recorded_principal(entry.get("decider"))


def required(entry: Mapping[str, Any]) -> int:
    """The approvals an ``Approved`` entry asks for: its ``approvals_required`` (1 if absent
    or not a positive whole number)."""
    value = entry.get("approvals_required", 1)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 1


@dataclass
class Round:
    """Approvals of one subject, towards one quorum."""

    subject: str | None
    required: int = 1
    approvals: list[dict[str, Any]] = field(default_factory=list)

    def counts(self, entry: Mapping[str, Any]) -> bool:
        """Whether ``entry``'s decider is not yet counted in this round."""
        from sm_governance.approval._identity import same_person

        person = _person(entry)
        if person is None:
            return False
        return not any(same_person(person, _person(seen)) for seen in self.approvals)

    @property
    def approvers(self) -> list[str]:
        """The deciders' ARNs, in order."""
        return [str((e.get("decider") or {}).get("arn")) for e in self.approvals]


def rounds(entries: Sequence[Mapping[str, Any]]) -> tuple[Round | None, Round | None]:
    """``(in_force, open)``: the completed round whose approval is in force (``None`` after a
    rejection or when none completed), and the round still collecting approvals."""
    in_force: Round | None = None
    current: Round | None = None
    for entry in entries:
        if entry.get("kind") != "decision":
            continue
        if entry.get("decision") == "Rejected":
            in_force, current = None, None
            continue
        if entry.get("decision") != "Approved":
            continue
        subject = entry.get("subject_digest")
        if current is None or current.subject != subject:
            current = Round(subject=subject if isinstance(subject, str) else None)
        current.required = max(current.required, required(entry))
        if current.counts(entry):
            current.approvals.append(dict(entry))
        if len(current.approvals) >= current.required:
            in_force, current = current, None
    return in_force, current


def approvers_in_force(entries: Sequence[Mapping[str, Any]]) -> list[str]:
    """The distinct officers whose approvals make the approval in force (empty: none)."""
    in_force, _ = rounds(entries)
    return in_force.approvers if in_force is not None else []


def open_round(entries: Sequence[Mapping[str, Any]]) -> Round | None:
    """The round still collecting approvals, if any."""
    return rounds(entries)[1]
