"""The bundle, assembled and checked offline: whole, tampered, and read defensively."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sm_governance.evidence import EvidenceBundle, _layout, assemble_bundle, verify_bundle
from sm_governance.evidence._zip import write_zip
from sm_governance.ledger import subject_digest
from sm_governance.policy import load_policy

from .conftest import Key, complete_description, decision_chain

Content = dict[str, Any]


def bundle_of(
    card: Content, signer: Key, *, decisions: tuple[str, ...] = ("Approved",), **kw: Any
) -> EvidenceBundle:
    description = complete_description(card)
    return assemble_bundle(
        description,
        entries=decision_chain(signer, description, decisions),
        public_key_der=signer.public_key(),
        policies=[load_policy("eu-ai-act-high-risk")],
        pdf=kw.pop("pdf", False),
        sign=signer.raw,
        **kw,
    )


def rezip(source: bytes, **changes: bytes | None) -> bytes:
    """The zip with members replaced (bytes) or removed (None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = changes.get(info.filename, old.read(info))
            if data is not None:
                new.writestr(info, data)
    return out.getvalue()


@pytest.fixture
def bundle_zip(high_card: Content, signer: Key, tmp_path: Path) -> Path:
    return bundle_of(high_card, signer).write(tmp_path / "evidence.zip")


def test_a_bundle_for_an_approved_version_verifies(bundle_zip: Path, signer: Key) -> None:
    result = verify_bundle(bundle_zip, public_key=signer.public_key())
    assert result.problems == ()
    assert result.verified
    assert result.manifest_signed
    assert result.decision is not None
    assert result.decision["decision"] == "Approved"
    assert result.subject_digest == result.decision["subject_digest"]
    assert result.notes == ()


def test_the_bundle_holds_every_piece_of_evidence(bundle_zip: Path, high_card: Content) -> None:
    with zipfile.ZipFile(bundle_zip) as archive:
        names = archive.namelist()
        description = json.loads(archive.read("version/description.json"))
        lineage = json.loads(archive.read("lineage.json"))
        checklist = json.loads(archive.read("annex-iv/checklist.json"))
        gate = json.loads(archive.read("gate/1-eu-ai-act-high-risk.json"))
        card = archive.read("card/card.json")
        markdown = archive.read("card/card.md").decode()
    assert names == sorted(names)
    for name in (
        "VERIFY.md",
        "card/card.md",
        "card/card.html",
        "ledger/entries/1.json",
        "ledger/entries/1.message",
        "ledger/entries/1.sig",
        "ledger/public-key.der",
        "ledger/public-key.pem",
        "manifest.json",
        "manifest.sig",
        "annex-iv/checklist.md",
    ):
        assert name in names
    assert card == description["ModelCard"]["ModelCardContent"].encode()
    assert json.loads(card) == high_card
    # the sign-off block is filled from the signed ledger decisions
    assert "| Governance officer (ledger entry 1, signed) | arn:aws:sts::" in markdown
    assert "| Approved | 2026-11-30T01:31:00+00:00 |" in markdown
    assert lineage["inference"][0]["image_digest"].startswith("sha256:")
    assert lineage["training_job"]["recorded_in"] == "card training_details.training_job_details"
    assert lineage["datasets"]["evaluation"] == ["s3://demo-data/credit-risk/holdout/"]
    assert checklist["summary"] == "6 covered, 0 missing, 3 out of the card's reach"
    assert gate["report"]["passed"] is True
    assert gate["policy"]["policy"] == "eu-ai-act-high-risk"


def test_the_zip_is_deterministic(high_card: Content, signer: Key) -> None:
    description = complete_description(high_card)
    entries = decision_chain(signer, description)
    first = assemble_bundle(
        description, entries=entries, public_key_der=signer.public_key(), pdf=False
    )
    again = assemble_bundle(
        description, entries=entries, public_key_der=signer.public_key(), pdf=False
    )
    assert first.to_zip() == again.to_zip()
    with zipfile.ZipFile(io.BytesIO(first.to_zip())) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_description_round_trips_with_the_same_subject_digest(high_card: Content) -> None:
    from datetime import datetime, timezone

    from sm_governance.evidence._bundle import plain_description

    description = complete_description(high_card)
    description["CreationTime"] = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)
    description["ResponseMetadata"] = {"RequestId": "x"}
    plain = json.loads(json.dumps(plain_description(description)))
    assert subject_digest(plain) == subject_digest(description)
    assert "ResponseMetadata" not in plain


def test_changing_any_byte_of_any_file_fails_naming_that_file(
    bundle_zip: Path, signer: Key, tmp_path: Path
) -> None:
    # GIVEN a bundle that verifies
    source = bundle_zip.read_bytes()
    with zipfile.ZipFile(bundle_zip) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    assert len(members) >= 15
    for name, data in members.items():
        # WHEN one byte of one member changes
        middle = len(data) // 2
        changed = data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]
        target = tmp_path / "tampered.zip"
        target.write_bytes(rezip(source, **{name: changed}))
        # THEN verification fails and names that member
        result = verify_bundle(target, public_key=signer.public_key())
        assert not result.verified, name
        assert any(name in problem for problem in result.problems), (name, result.problems)


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("ledger/entries/1.json", "ledger/entries/1.json: listed in manifest.json but not"),
        ("manifest.sig", "manifest.sig: missing, so nothing proves the card's renderings"),
        ("version/description.json", "version/description.json: missing"),
    ],
)
def test_a_removed_file_is_named(
    bundle_zip: Path, signer: Key, tmp_path: Path, member: str, expected: str
) -> None:
    target = tmp_path / "removed.zip"
    target.write_bytes(rezip(bundle_zip.read_bytes(), **{member: None}))
    result = verify_bundle(target, public_key=signer.public_key())
    assert any(expected in line for line in result.problems + result.notes), result


def test_an_added_file_is_named(bundle_zip: Path, tmp_path: Path) -> None:
    source = bundle_zip.read_bytes()
    out = io.BytesIO(source)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("card/extra.txt", b"approved by everyone")
    target = tmp_path / "added.zip"
    target.write_bytes(out.getvalue())
    result = verify_bundle(target)
    assert "card/extra.txt: not listed in manifest.json" in result.problems


def test_a_bundle_re_signed_with_another_key_fails_against_the_trusted_key(
    high_card: Content, signer: Key, tmp_path: Path
) -> None:
    forger = Key()
    forged = bundle_of(high_card, forger).write(tmp_path / "forged.zip")
    # consistent in itself, but only the ledger's key proves anything
    (alone,) = verify_bundle(forged).problems
    assert alone.startswith("ledger/public-key.der: signatures check only against the bundled")
    assert "anyone can make" in alone
    result = verify_bundle(forged, public_key=signer.public_key())
    assert "ledger/public-key.der: not the public key you gave" in result.problems
    assert verify_bundle(
        bundle_of(high_card, signer).write(tmp_path / "real.zip"), public_key=signer.public_key()
    ).verified


def test_drift_after_the_decision_is_named(high_card: Content, signer: Key, tmp_path: Path) -> None:
    description = complete_description(high_card)
    entries = decision_chain(signer, description)
    description["InferenceSpecification"]["Containers"][0]["Image"] = "evil:latest"
    bundle = assemble_bundle(
        description,
        entries=entries,
        public_key_der=signer.public_key(),
        pdf=False,
        sign=signer.raw,
    )
    result = verify_bundle(bundle.write(tmp_path / "drift.zip"), public_key=signer.public_key())
    (problem,) = result.problems
    assert problem.startswith("version/description.json: drift: the inference specification")


def test_a_rejected_version_does_not_verify(
    high_card: Content, signer: Key, tmp_path: Path
) -> None:
    bundle = bundle_of(high_card, signer, decisions=("Approved", "Rejected"))
    result = verify_bundle(bundle.write(tmp_path / "rejected.zip"), public_key=signer.public_key())
    assert result.problems == (
        "ledger/entries/2.json: the latest decision is Rejected by "
        "arn:aws:sts::111122223333:assumed-role/officer/bob (entry 2)",
        # the bundled description still says Approved: the rejection was not completed
        "ledger/entries/2.json: incomplete: decision None (Rejected, entry 2) is in the ledger "
        "but SageMaker shows Approved",
    )


def test_a_bundle_without_ledger_entries_does_not_verify(
    high_card: Content, tmp_path: Path
) -> None:
    bundle = assemble_bundle(complete_description(high_card), pdf=False)
    assert not bundle.signed
    result = verify_bundle(bundle.write(tmp_path / "bare.zip"))
    assert "ledger/entries: no ledger entry in the bundle" in result.problems
    assert bundle.checklist.items[5].status.value == "missing"


def test_storage_problems_seen_when_it_was_made_travel_with_it(
    high_card: Content, signer: Key, tmp_path: Path
) -> None:
    bundle = bundle_of(high_card, signer, read_problems=["entry 2 was deleted"])
    result = verify_bundle(bundle.write(tmp_path / "deleted.zip"), public_key=signer.public_key())
    assert result.problems == (
        "ledger/read-problems.json: the ledger read found: entry 2 was deleted",
    )


def test_a_missing_bundle_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        verify_bundle(tmp_path / "nope.zip")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"manifest.json": b"[1]"}, "manifest.json: not a smgov-evidence/1 manifest"),
        ({"manifest.json": b'{"format": "smgov-evidence/1"}'}, "manifest.json: no files listed"),
        ({"manifest.json": b"{"}, "manifest.json: not readable JSON"),
        ({"ledger/public-key.der": b"not a key"}, "ledger/public-key.der: not a PEM or DER"),
        ({"ledger/public-key.pem": b"x"}, "ledger/public-key.pem: not the key in"),
        ({"ledger/entries/1.json": b"[]"}, "ledger/entries: no ledger entry in the bundle"),
        (
            {"ledger/entries/1.json": None, "ledger/entries/2.json": b"{}"},
            "ledger/entries/1.json: missing (chain broken)",
        ),
        (
            {"version/description.json": b'{"ModelPackageArn": "arn:other"}'},
            "version/description.json: about another version than manifest.json",
        ),
    ],
)
def test_malformed_members_are_named(
    bundle_zip: Path, tmp_path: Path, changes: dict[str, bytes | None], expected: str
) -> None:
    target = tmp_path / "malformed.zip"
    target.write_bytes(rezip(bundle_zip.read_bytes(), **changes))
    if "ledger/entries/2.json" in changes:
        with zipfile.ZipFile(target, "a") as archive:
            archive.writestr("ledger/entries/2.json", b"{}")
    result = verify_bundle(target)
    assert any(line.startswith(expected) for line in result.problems), result.problems


def test_a_trusted_key_that_is_not_a_key_is_refused(bundle_zip: Path) -> None:
    with pytest.raises(ValueError, match="not a PEM or DER public key"):
        verify_bundle(bundle_zip, public_key=b"nonsense")


def test_a_gate_report_or_checklist_rewritten_with_its_manifest_is_caught(
    bundle_zip: Path, signer: Key, tmp_path: Path
) -> None:
    # GIVEN an unsigned bundle whose gate report and checklist were rewritten, manifest and all
    with zipfile.ZipFile(bundle_zip) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    gate = json.loads(files["gate/1-eu-ai-act-high-risk.json"])
    gate["report"]["passed"] = not gate["report"]["passed"]
    files["gate/1-eu-ai-act-high-risk.json"] = json.dumps(gate).encode()
    checklist = json.loads(files["annex-iv/checklist.json"])
    checklist["items"][7]["status"] = "covered"
    files["annex-iv/checklist.json"] = json.dumps(checklist).encode()
    del files["manifest.sig"]
    manifest = json.loads(files["manifest.json"])
    manifest["files"] = _layout.manifest_files(files)
    files["manifest.json"] = _layout.json_bytes(manifest)
    target = tmp_path / "rewritten.zip"
    target.write_bytes(write_zip(files))
    # THEN the derived files are recomputed from the signed facts and found out
    result = verify_bundle(target, public_key=signer.public_key())
    assert result.problems[1:] == (
        "gate/1-eu-ai-act-high-risk.json: not the report its policy gives for card/card.json",
        "annex-iv/checklist.json: not the checklist of version/description.json",
    )
    assert result.problems[0].startswith("manifest.sig: missing")


def test_an_unsigned_bundle_does_not_verify_as_it_could_be_cut_short(
    high_card: Content, signer: Key, tmp_path: Path
) -> None:
    # GIVEN an unsigned bundle of Approved then Rejected, its last entry left out
    description = complete_description(high_card)
    entries = decision_chain(signer, description, ("Approved", "Rejected"))
    cut = assemble_bundle(
        description, entries=entries[:1], public_key_der=signer.public_key(), pdf=False
    )
    result = verify_bundle(cut.write(tmp_path / "cut.zip"), public_key=signer.public_key())
    # THEN the chain cannot show a missing tail, and without the manifest signature it fails
    (problem,) = result.problems
    assert problem.startswith("manifest.sig: missing")
    assert "or that no later ledger entry was left out" in problem


def test_the_manifest_states_what_the_bundle_holds(
    bundle_zip: Path, signer: Key, tmp_path: Path
) -> None:
    with zipfile.ZipFile(bundle_zip) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    manifest = json.loads(files["manifest.json"])
    manifest.update(ledger_entries=2, subject_digest="sha256:v1:" + "0" * 64)
    manifest["public_key_sha256"] = None
    files["manifest.json"] = _layout.json_bytes(manifest)
    del files["manifest.sig"]
    target = tmp_path / "stated.zip"
    target.write_bytes(write_zip(files))
    assert verify_bundle(target, public_key=signer.public_key()).problems[1:] == (
        "manifest.json: its subject digest is not version/description.json's",
        "manifest.json: says 2 ledger entries, the bundle holds 1",
        "manifest.json: names another public key than ledger/public-key.der",
    )


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_hostile_json_in_any_member_is_named_never_a_traceback(
    bundle_zip: Path, signer: Key, tmp_path: Path, data: st.DataObject
) -> None:
    # GIVEN a bundle one of whose JSON members has a value replaced by any JSON value
    with zipfile.ZipFile(bundle_zip) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    original = dict(files)
    name = data.draw(st.sampled_from(sorted(n for n in files if n.endswith(".json"))))
    document = json.loads(files[name])
    if isinstance(document, dict) and document:
        key = data.draw(st.sampled_from(sorted(document)))
        document[key] = data.draw(JSON_VALUES)
    else:
        document = data.draw(JSON_VALUES)
    files[name] = json.dumps(document).encode()
    target = tmp_path / "hostile.zip"
    target.write_bytes(write_zip(files))
    # WHEN it is verified, THEN it fails, naming that member, and raises nothing
    result = verify_bundle(target, public_key=signer.public_key())
    if files[name] != original[name]:
        assert not result.verified
        assert any(name in problem for problem in result.problems), (name, result.problems)


def _signed_bundle(description: Content, entries: list[Content], signer: Key) -> EvidenceBundle:
    return assemble_bundle(
        description, entries=entries, public_key_der=signer.public_key(), pdf=False, sign=signer.raw
    )


def test_an_approval_followed_by_an_anomaly_does_not_verify(
    high_card: Content, signer: Key, tmp_path: Path
) -> None:
    # GIVEN an approval whose own verification read saw someone else write the status
    from sm_governance.ledger import entry_hash

    description = complete_description(high_card)
    entries = decision_chain(signer, description)
    anomaly: Content = {
        **{k: entries[0][k] for k in ("format", "arn", "group", "version", "subject_digest")},
        "seq": 2,
        "kind": "anomaly",
        "anomaly": "identity-mismatch",
        "details": "STS reported bob but SageMaker saw mallory write the decision",
        "prev": entry_hash(entries[0]),
    }
    anomaly["signature"] = signer.sign(anomaly)
    result = verify_bundle(
        _signed_bundle(description, [*entries, anomaly], signer).write(tmp_path / "a.zip"),
        public_key=signer.public_key(),
    )
    # THEN the bundle fails as `smgov verify` does, naming the anomaly's entry
    assert result.problems == (
        "ledger/entries/2.json: anomaly at 2: identity-mismatch: STS reported bob but SageMaker "
        "saw mallory write the decision",
    )


def test_a_self_approval_does_not_verify(high_card: Content, signer: Key, tmp_path: Path) -> None:
    description = complete_description(high_card)
    description["CreatedBy"] = {
        "IamIdentity": {"Arn": "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Ds_1/bob"}
    }
    entries = decision_chain(signer, description)
    entries[0]["decider"] = {
        "arn": "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Officer_2/bob"
    }
    entries[0]["signature"] = signer.sign(entries[0])
    result = verify_bundle(
        _signed_bundle(description, entries, signer).write(tmp_path / "self.zip"),
        public_key=signer.public_key(),
    )
    (problem,) = result.problems
    assert problem.startswith("ledger/entries/1.json: self-approved: ")


def test_a_decision_sagemaker_does_not_show_does_not_verify(
    high_card: Content, signer: Key, tmp_path: Path
) -> None:
    # GIVEN a recorded approval whose status write never happened (a crash in between)
    description = complete_description(high_card)
    description["ModelApprovalStatus"] = "PendingManualApproval"
    entries = decision_chain(signer, description)
    result = verify_bundle(
        _signed_bundle(description, entries, signer).write(tmp_path / "pending.zip"),
        public_key=signer.public_key(),
    )
    assert "version/description.json: not approved: SageMaker shows PendingManualApproval" in (
        result.problems
    )


def test_the_sign_off_calls_signed_only_decisions_that_verify_with_the_ledger_key(
    high_card: Content, signer: Key
) -> None:
    from sm_governance.ledger import entry_hash

    # GIVEN a version an officer rejected (entry 1, signed with the ledger key)
    description = complete_description(high_card)
    (rejected,) = decision_chain(signer, description, ("Rejected",))
    # AND an approval in another officer's name that a bucket writer planted after it,
    # signed with a key of their own
    planted = {
        **{k: v for k, v in rejected.items() if k != "signature"},
        "seq": 2,
        "decision": "Approved",
        "decider": {"arn": "arn:aws:sts::111122223333:assumed-role/officer/carol"},
        "prev": entry_hash(rejected),
    }
    planted["signature"] = Key().sign(planted)
    # AND a genuinely signed approval of another version, copied into this version's folder
    other = {**description, "ModelPackageArn": description["ModelPackageArn"][:-1] + "4"}
    copied = {
        **{k: v for k, v in decision_chain(signer, other)[0].items() if k != "signature"},
        "seq": 3,
        "prev": entry_hash(planted),
    }
    copied["signature"] = signer.sign(copied)
    # WHEN the officer makes the evidence bundle
    bundle = assemble_bundle(
        description,
        entries=[rejected, planted, copied],
        public_key_der=signer.public_key(),
        pdf=False,
        sign=signer.raw,
    )
    markdown = bundle.files["card/card.md"].decode()
    html = bundle.files["card/card.html"].decode()
    # THEN the documents call the officer's signed rejection signed
    assert "| Governance officer (ledger entry 1, signed) | arn:aws:sts::" in markdown
    assert "Governance officer (ledger entry 1, signed)" in html
    # AND neither the planted approval nor the other version's approval is presented as signed
    for document in (markdown, html):
        assert "ledger entry 2, signed" not in document
        assert "ledger entry 3, signed" not in document
    assert "Unverified claim (ledger entry 2: its signature does not verify" in markdown
    assert "Unverified claim (ledger entry 3: about another version" in markdown


@pytest.mark.parametrize(
    "items",
    [
        # many small lists: parsed, about 30 times their size in memory (a 40 MB zip of them
        # took 6.7 GB and minutes)
        [b"[%d]" % (i % 10) for i in range(200)],
        # one long list of small numbers: two containers, yet a parsed number takes about 15
        # times its text (a 67 MB zip of them took 2.5 GB and 41 s, as the entries are kept)
        [b"%d.5" % (i % 10) for i in range(400)],
    ],
    ids=["lists", "numbers"],
)
def test_json_members_are_parsed_within_one_budget_for_the_whole_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, items: list[bytes]
) -> None:
    from sm_governance.evidence import _verify

    # GIVEN a bundle (anyone can make one) whose entry files each hold many small values,
    # within every size cap
    monkeypatch.setattr(_verify, "MAX_BUNDLE_VALUES", 1_000, raising=False)
    entry = b'{"x": [' + b",".join(items) + b"]}"
    files = {f"ledger/entries/{n}.json": entry for n in range(1, 6)}
    files["manifest.json"] = b'{"format": "smgov-evidence/1", "files": {}}'
    target = tmp_path / "values.zip"
    target.write_bytes(write_zip(files))
    # WHEN it is verified
    result = verify_bundle(target)
    # THEN the member that would pass the budget is named, and no entry after it is read
    not_read = [p for p in result.problems if "not read" in p]
    assert not_read == [
        "ledger/entries/3.json: not read: the bundle's JSON files hold more than 1,000 objects, "
        "lists and values in all"
    ]


def test_the_sign_off_says_when_a_signed_decision_was_about_an_earlier_state(
    high_card: Content, signer: Key
) -> None:
    import copy

    # GIVEN an approval signed with the ledger key, after which the card changed
    description = complete_description(high_card)
    entries = decision_chain(signer, description)
    changed = copy.deepcopy(high_card)
    changed["intended_uses"]["purpose_of_model"] = "Something nobody reviewed."
    drifted = complete_description(changed)
    # WHEN the bundle is made
    bundle = assemble_bundle(
        drifted, entries=entries, public_key_der=signer.public_key(), pdf=False, sign=signer.raw
    )
    # THEN the card's sign-off does not present the approval as one of the card it shows
    for name in ("card/card.md", "card/card.html"):
        document = bundle.files[name].decode()
        assert "(ledger entry 1, signed)" not in document
        assert (
            "Governance officer (ledger entry 1, signed for an earlier state of the version: "
            "it changed since)" in document
        )


def test_the_checklist_does_not_call_the_ledger_whole_when_its_read_found_problems(
    high_card: Content, signer: Key, tmp_path: Path
) -> None:
    # GIVEN a ledger whose listing was cut short by objects planted before entry 2
    problems = [
        "unexpected object decisions/1.json.0001 in the ledger",
        "more than 10000 objects under decisions/; not all read",
    ]
    # WHEN the bundle is made from the entries that were read
    bundle = bundle_of(high_card, signer, read_problems=problems)
    # THEN item 6 does not claim every recorded decision is there, hash-chained and signed
    item6 = bundle.checklist.items[5]
    assert item6.status.value == "missing"
    assert any("reading the ledger found 2 problem(s)" in text for text in item6.missing)
    # AND verify --bundle recomputes the same checklist (only the read problems fail it)
    result = verify_bundle(bundle.write(tmp_path / "cut.zip"), public_key=signer.public_key())
    assert all(p.startswith("ledger/read-problems.json: ") for p in result.problems), result
