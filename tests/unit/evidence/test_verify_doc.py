"""VERIFY.md's commands, run as written: openssl, sha256sum and python3 only."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sm_governance.evidence import assemble_bundle
from sm_governance.ledger import entry_hash

from .conftest import Key, complete_description, decision_chain

Content = dict[str, Any]
TOOLS = ("openssl", "sha256sum", "python3", "bash")


def unzip_bundle(
    card: Content,
    tmp_path: Path,
    *,
    change: Any = None,
    append: Any = None,
    decisions: tuple[str, ...] = ("Rejected", "Approved"),
    read_problems: tuple[str, ...] = (),
) -> Path:
    signer = Key()
    description = complete_description(card)
    entries = decision_chain(signer, description, decisions)
    if append is not None:
        # one more entry, signed with the ledger's key and chained, as the ledger writes it
        seq = len(entries) + 1
        entry = {**append(dict(entries[-1])), "seq": seq, "prev": entry_hash(entries[-1])}
        entry.pop("signature", None)
        entries.append({**entry, "signature": signer.sign(entry)})
    if change is not None:
        change(description)
    bundle = assemble_bundle(
        description,
        entries=entries,
        public_key_der=signer.public_key(),
        read_problems=read_problems,
        pdf=False,
        sign=signer.raw,
    )
    folder = tmp_path / "bundle"
    with zipfile.ZipFile(bundle.write(tmp_path / "b.zip")) as archive:
        archive.extractall(folder)
    return folder


def run_doc(folder: Path) -> subprocess.CompletedProcess[str]:
    text = (folder / "VERIFY.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)
    assert len(blocks) == 6
    script = "set -euo pipefail\n" + "\n".join(blocks)
    return subprocess.run(
        ["bash", "-c", script], check=False, cwd=folder, capture_output=True, text=True, timeout=60
    )


@pytest.fixture(autouse=True)
def _tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    assert not missing, f"VERIFY.md needs {missing}"


def test_the_documented_commands_verify_a_sound_bundle(high_card: Content, tmp_path: Path) -> None:
    folder = unzip_bundle(high_card, tmp_path)
    done = run_doc(folder)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Verified OK") == 3  # the manifest and two entries
    assert "2 entries, chain whole" in done.stdout
    digest = json.loads((folder / "manifest.json").read_text())["subject_digest"]
    assert f"subject {digest}: Approved by" in done.stdout


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (lambda f: (f / "card/card.md").write_text("# forged"), "card/card.md: FAILED"),
        (
            lambda f: (f / "manifest.json").write_text(
                (f / "manifest.json").read_text().replace('_entries": 2', '_entries": 3')
            ),
            "Verification failure",
        ),
        (lambda f: (f / "ledger/entries/1.sig").write_bytes(b"0"), "ledger/entries/1.sig: FAILED"),
        (lambda f: (f / "card/extra.md").write_text("x"), "files the manifest does not list"),
        (lambda f: (f / "manifest.sig").unlink(), "manifest.sig"),
    ],
)
def test_the_documented_commands_catch_tampering(
    high_card: Content, tmp_path: Path, tamper: Any, message: str
) -> None:
    folder = unzip_bundle(high_card, tmp_path)
    tamper(folder)
    done = run_doc(folder)
    assert done.returncode != 0
    assert message in done.stdout + done.stderr


def test_the_documented_digest_names_drift(high_card: Content, tmp_path: Path) -> None:
    def change(description: dict[str, Any]) -> None:
        description["ModelPackageDescription"] = "changed after the decision"

    folder = unzip_bundle(high_card, tmp_path, change=change)
    done = run_doc(folder)
    assert done.returncode != 0
    assert "AssertionError: drift: sha256:v1:" in done.stderr


def _vote(entry: dict[str, Any]) -> dict[str, Any]:
    """The first approval of a round of two after a rejection: not approved yet."""
    return {
        **entry,
        "decision": "Approved",
        "decision_id": "vote-1",
        "approvals": 1,
        "approvals_required": 2,
    }


def _anomaly(entry: dict[str, Any]) -> dict[str, Any]:
    """What the desk records when SageMaker's LastModifiedBy is not the decider."""
    return {key: entry[key] for key in ("format", "arn", "group", "version", "decider", "time")} | {
        "kind": "anomaly",
        "anomaly": "last_modified_by",
        "details": "someone else wrote",
    }


def _pending(description: dict[str, Any]) -> None:
    description["ModelApprovalStatus"] = "PendingManualApproval"


@pytest.mark.parametrize(
    "case",
    [
        (("Rejected",), _vote, None, "quorum: 1 of 2 approvals"),
        (("Rejected", "Approved"), _anomaly, None, "anomaly at 3"),
        (("Approved",), None, _pending, "not approved: SageMaker shows PendingManualApproval"),
    ],
    ids=["quorum-vote", "anomaly", "not-approved"],
)
def test_the_documented_commands_refuse_what_smgov_verify_refuses(
    high_card: Content, tmp_path: Path, case: tuple[Any, ...]
) -> None:
    # GIVEN a bundle whose every file and signature holds, of a version that is not approved
    decisions, append, change, message = case
    folder = unzip_bundle(high_card, tmp_path, append=append, change=change, decisions=decisions)
    from sm_governance.evidence import verify_bundle

    key = (folder / "ledger/public-key.der").read_bytes()
    assert any(message in p for p in verify_bundle(tmp_path / "b.zip", public_key=key).problems)
    # THEN the commands an auditor runs by hand refuse it too, naming why
    done = run_doc(folder)
    assert done.returncode != 0
    assert message in done.stderr


def test_the_documented_commands_check_with_the_key_whose_fingerprint_is_compared(
    high_card: Content, tmp_path: Path
) -> None:
    from sm_governance.evidence import _layout

    # GIVEN the ledger's key, whose fingerprint the auditor's organisation publishes
    ledger_key = Key()
    fingerprint = _layout.sha256_hex(ledger_key.public_key())
    # AND a bundle forged whole with a key of the forger's own, in which public-key.der is
    # the ledger's key while public-key.pem (what openssl checks signatures with) is the forger's
    forger = Key()
    description = complete_description(high_card)
    made = assemble_bundle(
        description,
        entries=decision_chain(forger, description),
        public_key_der=forger.public_key(),
        pdf=False,
    )
    files = {**made.files, _layout.PUBLIC_KEY_DER: ledger_key.public_key()}
    del files[_layout.MANIFEST]
    manifest = json.loads(made.files[_layout.MANIFEST])
    manifest["files"] = _layout.manifest_files(files)
    files[_layout.MANIFEST] = _layout.json_bytes(manifest)
    files[_layout.MANIFEST_SIG] = forger.raw(_layout.manifest_message(files[_layout.MANIFEST]))
    folder = tmp_path / "forged"
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    # WHEN an auditor runs VERIFY.md's commands, step 1 printing the published fingerprint
    done = run_doc(folder)
    # THEN they fail: the key the signatures are checked with is not the one fingerprinted
    assert done.returncode != 0, done.stdout
    assert "Verified OK" not in done.stdout  # stopped before any signature is taken as proof
    assert fingerprint not in done.stdout
    assert "ledger/public-key.der differ" in done.stdout + done.stderr


def test_the_documented_commands_refuse_a_bundle_whose_ledger_read_found_problems(
    high_card: Content, tmp_path: Path
) -> None:
    # GIVEN a bundle made when the ledger read stopped early: a bucket writer filled the
    # version's folder with objects that list before entry 2, so only entry 1 was read
    problems = (
        "unexpected object decisions/1.json.0001 in the ledger",
        "more than 10000 objects under decisions/; not all read",
    )
    folder = unzip_bundle(high_card, tmp_path, decisions=("Approved",), read_problems=problems)
    from sm_governance.evidence import verify_bundle

    key = (folder / "ledger/public-key.der").read_bytes()
    assert not verify_bundle(tmp_path / "b.zip", public_key=key).verified
    # WHEN an auditor runs VERIFY.md's commands
    done = run_doc(folder)
    # THEN they refuse it as `smgov verify --bundle` does, naming what the read found
    assert done.returncode != 0, done.stdout
    assert "the ledger read found: unexpected object decisions/1.json.0001" in done.stderr
    assert "ledger/read-problems.json" in (folder / "VERIFY.md").read_text()


def test_the_documented_steps_say_a_bundle_proves_the_ledger_as_it_was_when_made(
    high_card: Content, tmp_path: Path
) -> None:
    # a careless auditor must not read an old approval in a bundle as one in force today
    text = " ".join((unzip_bundle(high_card, tmp_path) / "VERIFY.md").read_text().split())
    assert "every entry the ledger had when the bundle was made" in text
    assert "decisions recorded since are not in it: `smgov verify ARN` says whether" in text


def test_the_documented_commands_refuse_an_unknown_registrant_as_smgov_verify_does(
    high_card: Content, tmp_path: Path
) -> None:
    # GIVEN an approved version whose description does not say who registered it (the officer
    # did not record that they allowed an unknown registrant)
    def unknown(description: dict[str, Any]) -> None:
        del description["CreatedBy"]

    folder = unzip_bundle(high_card, tmp_path, decisions=("Approved",), change=unknown)
    from sm_governance.evidence import verify_bundle

    key = (folder / "ledger/public-key.der").read_bytes()
    problems = verify_bundle(tmp_path / "b.zip", public_key=key).problems
    assert any("unknown registrant" in p for p in problems), problems
    # WHEN an auditor runs VERIFY.md's commands THEN they refuse it too: with no registrant
    # there is nobody to compare the decider with
    done = run_doc(folder)
    assert done.returncode != 0, done.stdout
    assert "unknown registrant" in done.stderr


def test_the_documented_commands_show_what_the_ledger_read_found_as_plain_text(
    high_card: Content, tmp_path: Path
) -> None:
    # GIVEN a bundle whose ledger read found an object someone put in the folder, its key
    # holding terminal control sequences (S3 keys may hold any character)
    planted = "unexpected object decisions/\x1b]0;all verified\x07\x1b[2J\u202e in the ledger"
    folder = unzip_bundle(high_card, tmp_path, decisions=("Approved",), read_problems=(planted,))
    # WHEN an auditor runs VERIFY.md's commands in a terminal
    done = run_doc(folder)
    # THEN the refusal names the object with its control characters written as escapes
    assert done.returncode != 0, done.stdout
    assert "\\x1b]0;all verified\\x07\\x1b[2J\\u202e in the ledger" in done.stderr
    assert not {"\x1b", "\x07", "\u202e"} & set(done.stdout + done.stderr)
