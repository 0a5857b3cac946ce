"""Quorum rounds and re-certification dates, from ledger entries (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from sm_governance.approval._quorum import approvers_in_force, open_round
from sm_governance.audit._due import approved_at, due_items, parse_time
from sm_governance.policy import load_policy

UTC = timezone.utc
ALICE = "arn:aws:iam::111122223333:user/alice"
BOB = "arn:aws:iam::111122223333:user/bob"
CAROL = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Officer_0123456789abcdef/carol"
CAROL_OTHER_SET = (
    "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_fedcba9876543210/carol"
)


def decision(
    who: str,
    what: str = "Approved",
    *,
    subject: str = "sha256:v1:aa",
    required: int | None = None,
    time: str = "2026-01-10T09:00:00Z",
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "kind": "decision",
        "decision": what,
        "decider": {"arn": who},
        "subject_digest": subject,
        "time": time,
    }
    if required is not None:
        entry["approvals_required"] = required
    return entry


def test_one_approval_is_enough_without_a_quorum() -> None:
    assert approvers_in_force([decision(ALICE)]) == [ALICE]


def test_two_distinct_officers_complete_a_quorum_of_two() -> None:
    entries = [decision(ALICE, required=2)]
    assert approvers_in_force(entries) == []
    assert open_round(entries) is not None
    entries.append(decision(BOB, required=2))
    assert approvers_in_force(entries) == [ALICE, BOB]
    assert open_round(entries) is None


def test_the_same_officer_twice_counts_once() -> None:
    entries = [decision(ALICE, required=2), decision(ALICE, required=2)]
    assert approvers_in_force(entries) == []
    round_ = open_round(entries)
    assert round_ is not None
    assert round_.approvers == [ALICE]


def test_the_same_person_under_two_permission_sets_counts_once() -> None:
    entries = [decision(CAROL, required=2), decision(CAROL_OTHER_SET, required=2)]
    assert approvers_in_force(entries) == []


def test_a_rejection_ends_the_round_and_the_approval_in_force() -> None:
    entries = [decision(ALICE, required=2), decision(BOB, "Rejected")]
    assert approvers_in_force(entries) == []
    assert open_round(entries) is None
    entries += [decision(CAROL, required=2)]
    assert approvers_in_force(entries) == []
    assert open_round(entries) is not None
    done = [decision(ALICE), decision(BOB, "Rejected")]
    assert approvers_in_force(done) == []


def test_approvals_of_another_subject_start_a_new_round() -> None:
    entries = [decision(ALICE, required=2), decision(BOB, required=2, subject="sha256:v1:bb")]
    assert approvers_in_force(entries) == []
    round_ = open_round(entries)
    assert round_ is not None
    assert round_.approvers == [BOB]


def test_a_completed_round_stays_in_force_while_a_recertification_collects() -> None:
    entries = [
        decision(ALICE, required=2),
        decision(BOB, required=2),
        decision(CAROL, required=2, time="2027-01-10T09:00:00Z"),
    ]
    assert approvers_in_force(entries) == [ALICE, BOB]


def test_approved_at_is_the_latest_approval_unless_rejected_since() -> None:
    entries = [
        decision(ALICE, time="2026-01-10T09:00:00Z"),
        {"kind": "anomaly", "time": "2026-02-01T00:00:00Z"},
        decision(BOB, time="2026-03-10T09:00:00Z"),
    ]
    assert approved_at(entries) == (datetime(2026, 3, 10, 9, tzinfo=UTC), BOB)
    assert approved_at([*entries, decision(CAROL, "Rejected")]) is None
    assert approved_at([]) is None
    assert approved_at([decision(ALICE, time="yesterday")]) is None


@pytest.mark.parametrize("text", ["2026-01-10T09:00:00Z", "2026-01-10T09:00:00+00:00"])
def test_parse_time_reads_utc(text: str) -> None:
    assert parse_time(text) == datetime(2026, 1, 10, 9, tzinfo=UTC)


def test_due_lists_overdue_then_due_within_the_window_oldest_first() -> None:
    policy = load_policy("policy: p\nreview_every: {High: 90d, Low: 1y}\n")
    approvals = [
        ("arn:high-old", "High", datetime(2026, 1, 1, tzinfo=UTC), ALICE),
        ("arn:high-new", "High", datetime(2026, 3, 1, tzinfo=UTC), BOB),
        ("arn:low", "Low", datetime(2026, 1, 1, tzinfo=UTC), ALICE),
        ("arn:none", None, datetime(2020, 1, 1, tzinfo=UTC), ALICE),
    ]
    as_of = datetime(2026, 5, 1, tzinfo=UTC)
    items = due_items(approvals, policy.review_interval, as_of=as_of)
    assert [i.arn for i in items] == ["arn:high-old"]
    assert items[0].overdue
    assert items[0].to_json()["due_at"] == "2026-04-01T00:00:00Z"
    later = due_items(approvals, policy.review_interval, as_of=as_of, within=timedelta(days=31))
    assert [(i.arn, i.overdue) for i in later] == [("arn:high-old", True), ("arn:high-new", False)]
