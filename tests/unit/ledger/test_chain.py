"""Chains checked offline: every break and forgery named."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from sm_governance.ledger import entry_hash, load_public_key, verify_entries

from .conftest import LocalSigner


def test_a_sound_chain_has_no_problems(signer: LocalSigner) -> None:
    assert verify_entries(signer.chain(3), signer.public_key(), arn="arn:x") == []


def test_an_edited_reason_breaks_the_signature_and_the_next_link(signer: LocalSigner) -> None:
    entries = signer.chain(3)
    entries[1]["reason"] = "something else"
    problems = verify_entries(entries, signer.public_key())
    assert "signature invalid at 2" in problems
    assert any(p.startswith("chain broken at 3") for p in problems)


def test_a_missing_entry_is_a_gap(signer: LocalSigner) -> None:
    entries = signer.chain(3)
    del entries[1]
    problems = verify_entries(entries, signer.public_key())
    assert any(p.startswith("chain broken at 2") for p in problems)


def test_a_fork_re_signed_by_another_key_is_refused(signer: LocalSigner) -> None:
    entries = signer.chain(2)
    other = LocalSigner()
    forged = copy.deepcopy(entries[1])
    forged["decision"] = "Approved"
    forged["signature"] = other.sign(forged)
    problems = verify_entries([entries[0], forged], signer.public_key())
    assert problems == ["signature invalid at 2"]


def test_the_latest_entries_alone_are_checked_from_where_they_start(signer: LocalSigner) -> None:
    # GIVEN only the last two of four entries were read
    tail = signer.chain(4)[2:]
    assert verify_entries(tail, signer.public_key(), first=3) == []
    # THEN an unsigned or unlinked one among them is still named
    forged = copy.deepcopy(tail)
    forged[1]["reason"] = "forged"
    assert verify_entries(forged, signer.public_key(), first=3) == ["signature invalid at 4"]
    assert any(
        p.startswith("chain broken at 4")
        for p in verify_entries([tail[0], signer.chain(2)[1]], signer.public_key(), first=3)
    )


def test_an_entry_about_another_version_is_named(signer: LocalSigner) -> None:
    problems = verify_entries(signer.chain(1, arn="arn:other"), signer.public_key(), arn="arn:x")
    assert problems == ["entry 1 is about 'arn:other', not arn:x"]


def test_garbage_is_problems_not_exceptions(signer: LocalSigner) -> None:
    entries = signer.chain(2)
    entries[0]["signature"] = {"algorithm": "ECDSA_SHA_256", "value": "%%%"}
    entries[1]["prev"] = 7
    problems = verify_entries([*entries, "text"], signer.public_key())  # type: ignore[list-item]
    assert "signature invalid at 1" in problems
    assert "entry 3 is not a JSON object" in problems
    assert verify_entries(signer.chain(1), b"not a key") == ["signature invalid at 1"]


def test_entry_hash_covers_the_signature(signer: LocalSigner) -> None:
    entry = signer.chain(1)[0]
    changed = {**entry, "signature": {**entry["signature"], "value": "AAAA"}}
    assert entry_hash(entry) != entry_hash(changed)
    assert entry_hash(entry).startswith("sha256:")


def test_public_key_files_in_pem_or_der(signer: LocalSigner) -> None:
    from cryptography.hazmat.primitives import serialization

    der = signer.public_key()
    pem = signer.key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert load_public_key(der) == der
    assert load_public_key(pem) == der


@settings(max_examples=30, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1).filter(
            lambda k: k not in {"signature", "seq", "prev", "format", "arn"}
        ),
        st.recursive(
            st.none()
            | st.booleans()
            | st.integers()
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.text(),
            lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(), c, max_size=3),
            max_leaves=8,
        ),
        max_size=5,
    )
)
def test_any_field_survives_a_storage_round_trip_and_any_change_is_caught(fields: dict) -> None:  # type: ignore[type-arg]
    import json

    signer = _SIGNER
    entry = {**signer.chain(1)[0], **fields}
    entry["signature"] = signer.sign(entry)
    stored = json.loads(json.dumps(entry))
    assert verify_entries([stored], signer.public_key()) == []
    for key in fields:
        tampered = {**stored, key: [stored[key]]}
        assert verify_entries([tampered], signer.public_key()) == ["signature invalid at 1"]


_SIGNER = LocalSigner()
