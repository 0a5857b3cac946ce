"""Checking a bundle offline: no AWS, no network, only the zip (and, best, a trusted key).

Every problem names the file that does not hold, so an auditor knows where to look.
"""

from __future__ import annotations

import hmac
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sm_governance._files import MAX_CONTAINERS, JsonProblem, loads_json
from sm_governance.evidence import _layout as L
from sm_governance.evidence._zip import UnsafeZipError, read_zip

__all__ = ["BundleVerification", "verify_bundle"]

_AT = re.compile(r"(?:\bat|\bentry) ([1-9][0-9]*)\b")
_MAX_JSON = 16 * 1024 * 1024
#: The most objects, lists and values all JSON members of one bundle may hold together,
#: counted as the ``{``, ``[`` and ``,`` in their text (about 80 MB parsed): twice the file
#: reader's limit of objects and lists for one file. A parsed number or short string takes
#: about 15 times its text, as an object or list does more, so values count as containers do.
#: A bundle of the largest card (100,000 characters, carried by the description and again in
#: part by the lineage) and a thousand entries holds well under half of it.
MAX_BUNDLE_VALUES = 2 * MAX_CONTAINERS


@dataclass(frozen=True)
class BundleVerification:
    """What checking a bundle found.

    Attributes:
        path: the bundle checked.
        problems: one line per problem, each naming its file.
        notes: what holds but is worth knowing (an unsigned manifest, the key's fingerprint).
        arn: the version the bundle is about.
        decision: the latest decision entry, when there is one.
        subject_digest: the digest recomputed from the bundled description.
    """

    path: str
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    arn: str | None = None
    decision: dict[str, Any] | None = None
    subject_digest: str | None = None
    files: int = 0
    manifest_signed: bool = False
    key_sha256: str | None = field(default=None)

    @property
    def verified(self) -> bool:
        """Whether every check held."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """As JSON data (``smgov --output json verify --bundle``)."""
        return {
            "bundle": self.path,
            "arn": self.arn,
            "verified": self.verified,
            "problems": list(self.problems),
            "notes": list(self.notes),
            "decision": self.decision,
            "subject_digest": self.subject_digest,
            "files": self.files,
            "manifest_signed": self.manifest_signed,
            "public_key_sha256": self.key_sha256,
        }


class _Check:
    """One bundle's checks, collecting problems and notes."""

    def __init__(self, files: Mapping[str, bytes], trusted_key: bytes | None) -> None:
        self.files = files
        self.trusted_key = trusted_key
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.key: bytes | None = None
        self.signed = False
        self.values = MAX_BUNDLE_VALUES

    def json(self, name: str, problems: list[str] | None = None) -> Any:
        """A JSON member, parsed strictly, or ``None`` with a problem naming it.

        Every member parsed draws on one budget of objects, lists and values for the whole
        bundle (counted before parsing), since parsed JSON takes many times its size in
        memory, and the entries are kept.
        """
        problems = self.problems if problems is None else problems
        data = self.files.get(name)
        if data is None:
            problems.append(f"{name}: missing")
            return None
        if len(data) > _MAX_JSON:
            problems.append(f"{name}: not readable JSON (larger than {_MAX_JSON:,} bytes)")
            return None
        held = data.count(b"[") + data.count(b"{") + data.count(b",")
        if held > self.values:
            problems.append(
                f"{name}: not read: the bundle's JSON files hold more than "
                f"{MAX_BUNDLE_VALUES:,} objects, lists and values in all"
            )
            return None
        self.values -= held
        try:
            return loads_json(data)
        except JsonProblem as exc:
            problems.append(f"{name}: not readable JSON ({str(exc)[:80]})")
            return None

    def manifest(self) -> Mapping[str, Any] | None:
        manifest = self.json(L.MANIFEST)
        if manifest is None:
            return None
        if not isinstance(manifest, Mapping) or manifest.get("format") != L.FORMAT:
            self.problems.append(f"{L.MANIFEST}: not a {L.FORMAT} manifest")
            return None
        listed = manifest.get("files")
        if not isinstance(listed, Mapping):
            self.problems.append(f"{L.MANIFEST}: no files listed")
            return None
        for name in sorted(set(self.files) - {L.MANIFEST, L.MANIFEST_SIG}):
            meta = listed.get(name)
            digest = meta.get("sha256") if isinstance(meta, Mapping) else None
            if digest is None:
                self.problems.append(f"{name}: not listed in {L.MANIFEST}")
            elif not hmac.compare_digest(str(digest), L.sha256_hex(self.files[name])):
                self.problems.append(f"{name}: does not match its SHA-256 in {L.MANIFEST}")
        for name in sorted(set(listed) - set(self.files)):
            self.problems.append(f"{name}: listed in {L.MANIFEST} but not in the bundle")
        return manifest

    def manifest_facts(self, manifest: Mapping[str, Any], digest: str | None, entries: int) -> None:
        """What the manifest states must be what the bundle holds."""
        if digest is not None and manifest.get("subject_digest") != digest:
            self.problems.append(f"{L.MANIFEST}: its subject digest is not {L.DESCRIPTION}'s")
        if manifest.get("ledger_entries") != entries:
            self.problems.append(
                f"{L.MANIFEST}: says {manifest.get('ledger_entries')!r} ledger entries, "
                f"the bundle holds {entries}"
            )
        key = self.files.get(L.PUBLIC_KEY_DER)
        if manifest.get("public_key_sha256") != (L.sha256_hex(key) if key else None):
            self.problems.append(f"{L.MANIFEST}: names another public key than {L.PUBLIC_KEY_DER}")

    def public_key(self) -> None:
        data = self.files.get(L.PUBLIC_KEY_DER)
        if data is None:
            self.key = self.trusted_key  # the bundle holds none: the given key checks it
            return
        try:
            self.key = _load_key(data)
        except ValueError as exc:
            self.problems.append(f"{L.PUBLIC_KEY_DER}: {exc}")
            return
        pem = self.files.get(L.PUBLIC_KEY_PEM)
        if pem is not None and pem != L.pem(data):
            self.problems.append(f"{L.PUBLIC_KEY_PEM}: not the key in {L.PUBLIC_KEY_DER}")
        if self.trusted_key is not None and self.key != self.trusted_key:
            self.problems.append(f"{L.PUBLIC_KEY_DER}: not the public key you gave")
        elif self.trusted_key is None:
            # a bundle can be made whole with any key: only the ledger's key proves a decision
            self.problems.append(
                f"{L.PUBLIC_KEY_DER}: signatures check only against the bundled key "
                f"sha256:{L.sha256_hex(data)}, which anyone can make; give --public-key "
                "(the ledger key's, as KMS GetPublicKey returns it) to prove the decisions"
            )

    def manifest_signature(self) -> None:
        signature = self.files.get(L.MANIFEST_SIG)
        if signature is None:
            self.problems.append(
                f"{L.MANIFEST_SIG}: missing, so nothing proves the card's renderings "
                "(card/card.md, .html, .pdf), VERIFY.md, or that no later ledger entry was left "
                "out (make the bundle with the ledger's signing key; the decisions themselves "
                "still verify: `smgov verify ARN`)"
            )
            return
        if self.key is None:
            self.problems.append(f"{L.MANIFEST_SIG}: no public key to check it with")
            return
        if not _ecdsa_valid(self.key, signature, L.manifest_message(self.files[L.MANIFEST])):
            self.problems.append(
                f"{L.MANIFEST_SIG}: the signature does not match {L.MANIFEST} and the key"
            )
            return
        self.signed = True

    def entries(self, arn: str | None) -> list[dict[str, Any]]:
        from sm_governance.ledger import signing_message
        from sm_governance.ledger._chain import chain_problems

        numbers = sorted(
            int(m.group(1)) for name in self.files if (m := L.ENTRY_FILE.fullmatch(name))
        )
        entries: list[dict[str, Any]] = []
        for position, seq in enumerate(numbers, start=1):
            stored, message, signature = L.entry_files(seq)
            if seq != position:
                self.problems.append(f"{L.entry_files(position)[0]}: missing (chain broken)")
                break
            entry = self.json(stored)
            if not isinstance(entry, dict):
                break
            entries.append(entry)
            try:
                expected = signing_message(entry)
            except ValueError:
                expected = b""
            if self.files.get(message) != expected:
                self.problems.append(f"{message}: not what {stored}'s signature covers")
            sig = entry.get("signature")
            value = sig.get("value") if isinstance(sig, Mapping) else None
            if self.files.get(signature) != _b64(value):
                self.problems.append(f"{signature}: not the signature in {stored}")
        if not entries:
            self.problems.append("ledger/entries: no ledger entry in the bundle")
            return entries
        if self.key is None:
            self.problems.append(f"{L.PUBLIC_KEY_DER}: missing, so no signature can be checked")
            return entries
        for position, problem in chain_problems(entries, self.key, arn=arn):
            self.problems.append(f"{L.entry_files(position)[0]}: {problem}")
        return entries

    def subject(
        self, description: Mapping[str, Any], entries: Sequence[Mapping[str, Any]]
    ) -> tuple[str | None, dict[str, Any] | None]:
        """The approval as ``smgov verify`` judges it, from the bundled description and
        entries: the decision in force, the status, anomalies, duties, quorum and drift."""
        from sm_governance.approval._models import Snapshot
        from sm_governance.approval._verification import judge

        try:
            snapshot = Snapshot.from_response(description)
            digest = snapshot.subject_digest
        except ValueError as exc:
            self.problems.append(f"{L.DESCRIPTION}: no subject digest ({exc})")
            return None, None
        if not entries:
            return digest, None
        found, decision = judge(snapshot, [dict(e) for e in entries])
        seq = (decision or {}).get("seq")
        checked = L.entry_files(seq)[0] if isinstance(seq, int) and seq > 0 else "ledger/entries"
        for problem in found:
            match = _AT.search(problem)
            if problem.startswith(("drift:", "not approved:", "unknown registrant:")):
                where = L.DESCRIPTION
            elif match:
                where = L.entry_files(int(match.group(1)))[0]
            else:
                where = checked
            self.problems.append(f"{where}: {problem}")
        return digest, decision

    def gate_report(
        self, name: str, card: Mapping[str, Any], entries: Sequence[Mapping[str, Any]]
    ) -> None:
        """A gate report must be what its bundled policy gives for the bundled card."""
        from sm_governance.errors import ValidationError
        from sm_governance.evidence._bundle import gate_record
        from sm_governance.policy import Policy

        data = self.json(name)
        if not isinstance(data, Mapping):
            return
        try:
            policy = Policy.from_data(data.get("policy") or {})
        except (ValidationError, AttributeError):
            self.problems.append(f"{name}: its policy is not a valid policy")
            return
        if not _same_json(data, gate_record(policy, card, entries)):
            self.problems.append(f"{name}: not the report its policy gives for {L.CARD_JSON}")

    def checklist(
        self,
        description: Mapping[str, Any],
        entries: Sequence[Mapping[str, Any]],
        gates: int,
        read_problems: Sequence[str],
    ) -> None:
        """The Annex IV checklist must be the one of the bundled description and entries."""
        from sm_governance.errors import GovernanceError
        from sm_governance.evidence._checklist import annex_iv_checklist

        try:
            arn = str(description.get("ModelPackageArn") or "")
            checklist = annex_iv_checklist(
                description=description,
                entries=entries,
                gate_reports=gates,
                subject=arn,
                public_key=self.files.get(L.PUBLIC_KEY_DER),  # the key it was made with
                read_problems=read_problems,
            )
        except GovernanceError:
            self.problems.append(f"{L.CHECKLIST_JSON}: cannot be recomputed (the card is invalid)")
            return
        if not _same_json(self.json(L.CHECKLIST_JSON), checklist.to_dict()):
            self.problems.append(f"{L.CHECKLIST_JSON}: not the checklist of {L.DESCRIPTION}")
        if self.files.get(L.CHECKLIST_MD) != checklist.to_markdown().encode("utf-8"):
            self.problems.append(f"{L.CHECKLIST_MD}: not the checklist of {L.DESCRIPTION}")

    def derived(self, description: Mapping[str, Any], entries: Sequence[Mapping[str, Any]]) -> None:
        from sm_governance.evidence._bundle import checklist_card
        from sm_governance.evidence._facts import lineage

        card = (description.get("ModelCard") or {}).get("ModelCardContent")
        if card is not None and self.files.get(L.CARD_JSON) != str(card).encode("utf-8"):
            self.problems.append(f"{L.CARD_JSON}: not the card in {L.DESCRIPTION}")
        if L.LINEAGE in self.files:
            facts = lineage(description, checklist_card(description))
            if self.files[L.LINEAGE] != L.json_bytes(facts):
                self.problems.append(f"{L.LINEAGE}: not the lineage of {L.DESCRIPTION}")
        gates = sorted(n for n in self.files if L.GATE_FILE.fullmatch(n))
        for name in gates:
            self.gate_report(name, checklist_card(description), entries)
        problems = self.json(L.READ_PROBLEMS, []) if L.READ_PROBLEMS in self.files else []
        found = [str(p) for p in problems] if isinstance(problems, list) else ["unreadable"]
        self.checklist(description, entries, len(gates), found)
        for line in found:
            self.problems.append(f"{L.READ_PROBLEMS}: the ledger read found: {line}")


def _load_key(data: bytes) -> bytes:
    """An ECDSA P-256 public key's DER, or ``ValueError`` for anything else (other curves too)."""
    from cryptography.exceptions import UnsupportedAlgorithm

    from sm_governance.ledger import load_public_key

    try:
        return load_public_key(data)
    except UnsupportedAlgorithm as exc:
        raise ValueError(f"not an ECC_NIST_P256 public key ({exc})") from exc


def _same_json(data: Any, expected: Any) -> bool:
    """Whether ``data`` (read from the bundle) is ``expected`` once written as JSON."""
    return bool(data == json.loads(L.json_bytes(expected)))


def _b64(value: Any) -> bytes | None:
    import base64

    try:
        return base64.b64decode(str(value), validate=True)
    except ValueError:
        return None


def _ecdsa_valid(public_key_der: bytes, signature: bytes, message: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        key = serialization.load_der_public_key(public_key_der)
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return False
        key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def verify_bundle(
    path: str | os.PathLike[str], *, public_key: bytes | None = None
) -> BundleVerification:
    """Check an evidence bundle offline (no AWS call, nothing extracted to disk).

    Holds when: the zip is safe to read; every file matches ``manifest.json`` and none is
    unlisted; ``manifest.sig`` (when present) verifies; every ledger entry's signature
    verifies with the bundled key, and that key is ``public_key``; the chain has no
    gap or fork; the subject digest recomputed from ``version/description.json`` is the one
    the latest decision signed; that decision is ``Approved``; and the card and lineage files
    are those of the description.

    Args:
        path: the bundle zip.
        public_key: the ledger key you trust (DER or PEM). Without it the signatures are
            still checked with the bundled key, but the bundle does not verify: anyone can
            make a key and a bundle that holds together with it.

    Raises:
        FileNotFoundError: no file at ``path``.
        ValidationError: ``path`` is not a regular file (a directory, a named pipe, a device).
        ValueError: ``public_key`` is not an ECDSA P-256 public key.
    """
    source = Path(path)
    if not source.exists():
        raise FileNotFoundError(2, "No such file", str(source))
    if not source.is_file():
        from sm_governance.errors import Problem, ValidationError

        problem = Problem("", f"cannot read {source}: it is not a regular file")
        raise ValidationError([problem], subject="bundle")
    trusted = _load_key(public_key) if public_key is not None else None
    try:
        files = read_zip(source)
    except UnsafeZipError as exc:
        return BundleVerification(str(source), problems=(f"bundle refused: {exc}",))
    check = _Check(files, trusted)
    manifest = check.manifest()
    check.public_key()
    arn: str | None = None
    digest: str | None = None
    decision: dict[str, Any] | None = None
    if manifest is not None:
        arn = str(manifest.get("arn") or "") or None
        check.manifest_signature()
    description = check.json(L.DESCRIPTION)
    entries = check.entries(arn)
    if isinstance(description, Mapping):
        if arn is not None and description.get("ModelPackageArn") != arn:
            check.problems.append(f"{L.DESCRIPTION}: about another version than {L.MANIFEST}")
        try:
            digest, decision = check.subject(description, entries)
            check.derived(description, entries)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
            # the description is untrusted data: a shape SageMaker never answers is named
            check.problems.append(
                f"{L.DESCRIPTION}: not a DescribeModelPackage answer ({type(exc).__name__})"
            )
    if manifest is not None:
        check.manifest_facts(manifest, digest, len(entries))
    return BundleVerification(
        path=str(source),
        problems=tuple(check.problems),
        notes=tuple(check.notes),
        arn=arn,
        decision=decision,
        subject_digest=digest,
        files=len(files),
        manifest_signed=check.signed,
        key_sha256=L.sha256_hex(check.key) if check.key else None,
    )
