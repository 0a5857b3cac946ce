"""The governance keys: SageMaker's alphabet and limits, a readable log, room for others."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from sm_governance.approval import _metadata as md

ALLOWED_PUNCTUATION = set("_.:/=+-@")


def _allowed(text: str) -> bool:
    return all(ch in ALLOWED_PUNCTUATION or unicodedata.category(ch)[0] in "LZN" for ch in text)


@given(st.text(max_size=300))
def test_escape_round_trips_and_stays_in_the_alphabet(text: str) -> None:
    for space in (False, True):
        escaped = md.escape(text, space=space)
        assert _allowed(escaped)
        assert md.unescape(escaped) == text
        if space:
            assert " " not in escaped
            assert "=" not in escaped


def test_escape_keeps_arns_readable() -> None:
    arn = "arn:aws:sts::111122223333:assumed-role/Approver/alice@example.com"
    assert md.escape(arn) == arn
    assert md.escape("a,b") == "a+2Cb"
    assert md.escape("1+1") == "1+2B1"


def test_unescape_keeps_malformed_escapes() -> None:
    assert md.unescape("a+zz+4") == "a+zz+4"


@given(st.text(max_size=200), st.integers(min_value=10, max_value=120))
def test_fit_never_splits_an_escape(text: str, limit: int) -> None:
    escaped = md.escape(text, space=True)
    cut = md.fit(escaped, limit)
    assert len(cut) <= limit
    if cut != escaped:
        assert cut.endswith("...")
    md.unescape(cut)  # decodes without error
    body = cut.removesuffix("...")
    assert all(body[i + 1 : i + 3].isalnum() for i, ch in enumerate(body) if ch == "+")


def _entry(**kw: str) -> md.LogEntry:
    base = {
        "key": md.log_key("2026-11-21T23:17:06.123Z", "3f2a9c1b-1111-4000-8000-000000000000"),
        "decision": "Approved",
        "decided_at": "2026-11-21T23:17:06.123Z",
        "decision_id": "3f2a9c1b-1111-4000-8000-000000000000",
        "decided_by": "arn:aws:iam::111122223333:user/bob",
        "gate": "passed",
        "gate_digest": "ab12cd34ef567890",
    }
    base.update(kw)
    return md.LogEntry(**base)


def test_log_key_sorts_by_time_and_names_the_decision() -> None:
    entry = _entry()
    assert entry.key == "governance:log:20261121T231706.123Z:3f2a9c1b"
    later = md.log_key("2026-11-22T00:00:00.000Z", "00000000")
    assert sorted([later, entry.key]) == [entry.key, later]


def test_log_entry_round_trips() -> None:
    entry = _entry(override="CFO sign-off, on file", card_status="Approved", reason="ok, fine")
    value = entry.encode()
    assert value.startswith("Approved id=3f2a9c1b-1111-4000-8000-000000000000 gate=passed")
    assert _allowed(value)
    assert len(value) <= md.MAX_VALUE
    assert md.LogEntry.decode(entry.key, value) == entry


@given(
    by=st.text(max_size=300),
    override=st.text(max_size=300),
    reason=st.text(max_size=400),
)
def test_log_entry_always_fits(by: str, override: str, reason: str) -> None:
    value = _entry(decided_by=by, override=override, reason=reason).encode()
    assert len(value) <= md.MAX_VALUE
    assert _allowed(value)
    decoded = md.LogEntry.decode("governance:log:x", value)
    assert decoded.decision == "Approved"
    assert decoded.gate_digest == "ab12cd34ef567890"


def test_decode_tolerates_odd_values() -> None:
    odd = md.LogEntry.decode("governance:log:garbage", "Rejected stray gate")
    assert (odd.decision, odd.gate, odd.decided_at) == ("Rejected", "not-run", "garbage")


def test_log_entries_are_oldest_first_and_ignore_other_keys() -> None:
    first, second = (
        _entry(),
        _entry(key=md.log_key("2026-11-22T08:00:00.000Z", "ffff0000"), decision="Rejected"),
    )
    meta = {second.key: second.encode(), "datazone_project_id": "p1", first.key: first.encode()}
    assert [e.decision for e in md.log_entries(meta)] == ["Approved", "Rejected"]


LATEST = {md.DECISION_KEY: "Approved", md.DECISION_ID_KEY: "x", md.OVERRIDE_KEY: ""}


def test_plan_keeps_other_keys_and_removes_a_stale_override() -> None:
    current = {"datazone_project_id": "p1", md.OVERRIDE_KEY: "old", md.DECISION_KEY: "Rejected"}
    plan = md.plan_metadata(current, LATEST, _entry())
    assert plan is not None
    assert plan.properties["datazone_project_id"] == "p1"
    assert plan.properties[md.DECISION_KEY] == "Approved"
    assert md.OVERRIDE_KEY not in plan.properties
    assert plan.remove == [md.OVERRIDE_KEY]


def test_plan_drops_the_oldest_log_entries_at_the_log_limit() -> None:
    old = {
        md.log_key(f"2026-01-{d:02d}T00:00:00.000Z", f"{d:08d}"): "Approved" for d in range(1, 6)
    }
    plan = md.plan_metadata(old, LATEST, _entry(), log_limit=3)
    assert plan is not None
    kept = sorted(k for k in plan.properties if k.startswith(md.LOG_PREFIX))
    assert len(kept) == 3
    assert kept[-1] == _entry().key
    assert plan.remove == sorted(old)[:3]


def test_plan_makes_room_within_fifty_entries() -> None:
    others = {f"user-key-{i}": "v" for i in range(45)}
    log = {
        md.log_key(f"2026-01-{d:02d}T00:00:00.000Z", f"{d:08d}"): "Approved" for d in range(1, 4)
    }
    plan = md.plan_metadata({**others, **log}, LATEST, _entry())
    assert plan is not None
    assert len(plan.properties) == md.MAX_ENTRIES
    assert len(set(plan.properties) | set(plan.remove)) <= md.MAX_ENTRIES + len(plan.remove)
    assert not set(plan.properties) & set(plan.remove)


def test_plan_refuses_when_other_keys_leave_no_room() -> None:
    others = {f"user-key-{i}": "v" for i in range(48)}
    assert md.plan_metadata(others, LATEST, _entry()) is None
