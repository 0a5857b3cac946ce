"""The ApprovalDescription: facts first, reason last, never over 1,024 characters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sm_governance.approval._description import (
    MAX_DESCRIPTION,
    describe_decision,
    describe_entry,
    one_line,
)
from sm_governance.errors import ValidationError

APPROVER = "arn:aws:iam::111122223333:user/bob"
DIGEST = "sha256:" + "ab" * 32


def _describe(
    reason: str, gate: str = "passed", override: str | None = None, kept: str | None = None
) -> str:
    return describe_decision(
        decision="Approved",
        approver=APPROVER,
        decided_at="2026-11-21T23:17:06.123Z",
        decision_id="3f2a9c1b-0000-4000-8000-000000000000",
        reason=reason,
        gate=gate,
        gate_digest=DIGEST if gate != "not-run" else None,
        policy_name="retail-credit" if gate != "not-run" else None,
        override_justification=override,
        full_reason_at=kept,
    )


def test_short_description_holds_every_fact() -> None:
    text = _describe("Fairness re-checked")
    assert text.startswith(f"Approved by {APPROVER} at 2026-11-21T23:17:06.123Z.")
    assert f"Gate retail-credit passed ({DIGEST})." in text
    assert "Decision 3f2a9c1b-0000-4000-8000-000000000000." in text
    assert text.endswith("Reason: Fairness re-checked")


def test_a_reason_too_long_is_refused_with_the_room_there_is() -> None:
    room = MAX_DESCRIPTION - len(_describe(""))
    assert len(_describe("x" * room)) == MAX_DESCRIPTION  # exactly full: accepted
    with pytest.raises(ValidationError) as caught:
        _describe("x" * (room + 1))
    (problem,) = caught.value.problems
    assert problem.path == "reason"
    assert f"is {room + 1} characters" in problem.message
    assert f"leave room for {room}" in problem.message


def test_long_reason_kept_elsewhere_is_cut_saying_where_and_the_facts_survive() -> None:
    text = _describe("x" * 5000, kept="the decision ledger")
    assert len(text) <= MAX_DESCRIPTION
    assert DIGEST in text
    assert text.endswith("of 5000 characters shown; whole reason in the decision ledger]")


def test_override_and_no_gate_are_stated() -> None:
    text = _describe("ok", gate="overridden", override="CFO sign-off\non file")
    assert "Gate retail-credit FAILED, overridden" in text
    assert "CFO sign-off on file" in text
    assert "Gate not run." in _describe("ok", gate="not-run")


def test_long_justification_is_cut_too() -> None:
    text = _describe("ok", gate="overridden", override="j" * 2000)
    assert "[justification cut:" in text
    assert len(text) <= MAX_DESCRIPTION


def test_one_line_collapses_whitespace_and_drops_control_characters() -> None:
    assert one_line("  a\n\tb\x00c  ") == "a bc"


@given(st.text(min_size=1, max_size=3000), st.text(max_size=600))
def test_description_is_always_one_line_within_the_limit(reason: str, override: str) -> None:
    text = _describe(reason, gate="overridden", override=override, kept="the ledger")
    assert len(text) <= MAX_DESCRIPTION
    assert "\n" not in text


def test_a_ledger_entry_is_described_as_its_decision() -> None:
    # GIVEN a decision entry as the ledger stores it
    entry = {
        "decision": "Approved",
        "decider": {"arn": APPROVER, "principal_id": "AIDA", "source_identity": None},
        "time": "2026-11-21T23:17:06.123Z",
        "decision_id": "3f2a9c1b-0000-4000-8000-000000000000",
        "reason": "Fairness\n re-checked",
        "gate": "overridden",
        "gate_report_digest": DIGEST,
        "policy": {"name": "retail-credit"},
        "override_justification": "signed off by the board",
    }
    # THEN its description is the one its fields give
    assert describe_entry(entry) == _describe(
        "Fairness re-checked", gate="overridden", override="signed off by the board"
    )
    # AND an entry without gate or policy says the gate did not run
    bare = {k: v for k, v in entry.items() if k not in ("gate", "gate_report_digest", "policy")}
    assert "Gate not run." in describe_entry(bare)
