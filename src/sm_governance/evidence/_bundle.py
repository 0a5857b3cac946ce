"""Putting the evidence together: every file of the bundle and its manifest (pure).

:func:`assemble_bundle` takes what was read (the description, the ledger entries, the public
key) and returns an :class:`EvidenceBundle`; :mod:`._build` does the reading.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sm_governance.evidence import _layout as L
from sm_governance.evidence._checklist import AnnexIvChecklist, annex_iv_checklist
from sm_governance.evidence._facts import lineage, unsigned_because
from sm_governance.evidence._verify_doc import verify_doc
from sm_governance.evidence._zip import write_zip
from sm_governance.ledger._digest import plain

if TYPE_CHECKING:
    from sm_governance.policy import Policy

__all__ = ["EvidenceBundle", "assemble_bundle", "plain_description"]

ManifestSigner = Callable[[bytes], bytes | None]
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class EvidenceBundle:
    """The files of one evidence bundle, ready to be written as a zip.

    Attributes:
        arn: the version the bundle is about.
        files: member name to content, the manifest (and its signature) included.
        checklist: the Annex IV checklist in the bundle.
        subject_digest: the version's subject digest, from the bundled description.
        signed: whether ``manifest.sig`` signs the manifest with the ledger key.
        entries: how many ledger entries the bundle holds.
    """

    arn: str
    files: Mapping[str, bytes]
    checklist: AnnexIvChecklist
    subject_digest: str
    signed: bool
    entries: int

    def to_zip(self) -> bytes:
        """The bundle as zip bytes (deterministic: sorted members, fixed timestamps)."""
        return write_zip(self.files)

    def write(self, path: str | os.PathLike[str]) -> Path:
        """Write the zip to ``path`` (replacing it atomically) and return the path."""
        target = Path(path)
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(self.to_zip())
        partial.replace(target)
        return target

    def to_dict(self) -> dict[str, Any]:
        """A summary as JSON data (what ``smgov evidence`` prints)."""
        return {
            "arn": self.arn,
            "subject_digest": self.subject_digest,
            "files": len(self.files),
            "ledger_entries": self.entries,
            "manifest_signed": self.signed,
            "annex_iv": self.checklist.summary,
        }


def plain_description(description: Mapping[str, Any]) -> dict[str, Any]:
    """The ``DescribeModelPackage`` response as JSON data: ``ResponseMetadata`` dropped,
    times as ISO 8601 UTC, bytes as ``{"base64": ...}`` (the subject digest is unchanged)."""
    return {str(k): plain(v) for k, v in description.items() if k != "ResponseMetadata"}


def _card_text(description: Mapping[str, Any]) -> str | None:
    card = description.get("ModelCard")
    content = card.get("ModelCardContent") if isinstance(card, Mapping) else None
    return content if isinstance(content, str) else None


def _entry_members(entries: Sequence[Mapping[str, Any]]) -> dict[str, bytes]:
    from sm_governance.ledger import canonical_json, signing_message

    files: dict[str, bytes] = {}
    for seq, entry in enumerate(entries, start=1):
        stored, message, signature = L.entry_files(seq)
        files[stored] = canonical_json(dict(entry))
        files[message] = signing_message(entry)
        value = (entry.get("signature") or {}).get("value")
        try:
            files[signature] = base64.b64decode(str(value), validate=True)
        except ValueError:
            files[signature] = b""
    return files


def gate_record(
    policy: Policy, card: Mapping[str, Any], entries: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """A ``gate/*.json`` file's content: the policy, its report on the card, and the entries
    whose recorded gate report digest is this report's."""
    from sm_governance.policy import evaluate

    report = evaluate(policy, card)
    recorded = [
        entry["seq"]
        for entry in entries
        if entry.get("gate_report_digest") in (report.digest, f"sha256:{report.digest}")
        and isinstance(entry.get("seq"), int)
    ]
    return {"policy": policy.to_dict(), "report": report.to_dict(), "recorded_in": recorded}


def _gate_members(
    policies: Sequence[Policy],
    card: Mapping[str, Any],
    entries: Sequence[Mapping[str, Any]],
) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for index, policy in enumerate(policies, start=1):
        slug = _SLUG.sub("-", policy.name).strip("-.")[:64] or "policy"
        files[f"gate/{index}-{slug}.json"] = L.json_bytes(gate_record(policy, card, entries))
    return files


def _sign_off(
    entries: Sequence[Mapping[str, Any]], arn: str, digest: str, public_key: bytes | None
) -> list[Any] | bool:
    """The sign-off block: one line per decision in the ledger (none without). Only a
    decision whose signature verifies with the ledger key and that names this version is
    called signed; any other is an unverified claim (anyone who may write to the bucket can
    add an entry). A signed decision of another subject digest was about the version before
    it changed, not about the card the document shows."""
    from sm_governance.render import SignOff

    lines: list[Any] = []
    for entry in entries:
        if entry.get("kind") != "decision":
            continue
        decider = entry.get("decider")
        who = decider.get("arn") if isinstance(decider, Mapping) else decider
        why = unsigned_because(entry, arn, public_key)
        seq = entry.get("seq")
        if why is not None:
            role = f"Unverified claim (ledger entry {seq}: {why})"
        elif entry.get("subject_digest") != digest:
            role = (
                f"Governance officer (ledger entry {seq}, signed for an earlier state of the "
                "version: it changed since)"
            )
        else:
            role = f"Governance officer (ledger entry {seq}, signed)"
        lines.append(
            SignOff(
                role=role,
                name=str(who or ""),
                decision=str(entry.get("decision") or ""),
                date=str(entry.get("time") or ""),
            )
        )
    return lines or False


def _renderings(
    description: Mapping[str, Any],
    entries: Sequence[Mapping[str, Any]],
    public_key: bytes | None,
    digest: str,
    pdf: bool,
) -> dict[str, bytes]:
    from sm_governance.registry._version import version_from_description
    from sm_governance.render import render_html, render_markdown

    version = version_from_description(description)
    arn = str(description.get("ModelPackageArn") or "")
    sign_off = _sign_off(entries, arn, digest, public_key)
    files = {"card/card.md": render_markdown(version, sign_off=sign_off).encode("utf-8")}
    problems = getattr(version, "card_problems", ())
    if problems:  # what in the stored card breaks a rule (left out of the renderings)
        files["card/card-problems.json"] = L.json_bytes([str(p) for p in problems])
    html = render_html(version, sign_off=sign_off)
    files["card/card.html"] = html.encode("utf-8")
    if pdf:
        from sm_governance.evidence._pdf import render_pdf

        files["card/card.pdf"] = render_pdf(html)
    return files


def assemble_bundle(
    description: Mapping[str, Any],
    *,
    entries: Sequence[Mapping[str, Any]] = (),
    public_key_der: bytes | None = None,
    read_problems: Sequence[str] = (),
    policies: Sequence[Policy] = (),
    pdf: bool = True,
    sign: ManifestSigner | None = None,
) -> EvidenceBundle:
    """Every file of the evidence bundle for one version (pure, apart from ``sign``).

    Args:
        description: the version's ``DescribeModelPackage`` response.
        entries: the version's ledger entries, in ``seq`` order.
        public_key_der: the ledger signing key's public key (KMS ``GetPublicKey``).
        read_problems: what the ledger read found wrong with the storage (kept in the bundle).
        policies: policies whose gate reports go in the bundle.
        pdf: include the card as PDF (needs the ``[pdf]`` extra).
        sign: signs the manifest's signing message, returning a DER ECDSA signature, or
            ``None`` when the caller may not sign.

    Raises:
        ImportError: ``pdf`` without the ``[pdf]`` extra (the message names the fix).
        ValidationError: the stored card is not a valid model card.
    """
    from sm_governance.ledger import subject_digest

    described = plain_description(description)
    arn = str(described.get("ModelPackageArn") or "")
    card_text = _card_text(described)
    digest = subject_digest(described)
    files: dict[str, bytes] = {L.DESCRIPTION: L.json_bytes(described)}
    if card_text is not None:
        files[L.CARD_JSON] = card_text.encode("utf-8")
    files.update(_renderings(described, entries, public_key_der, digest, pdf))
    checklist = annex_iv_checklist(
        description=described,
        entries=entries,
        gate_reports=len(policies),
        subject=arn,
        public_key=public_key_der,
        read_problems=read_problems,
    )
    card = checklist_card(described)
    files[L.LINEAGE] = L.json_bytes(lineage(described, card))
    files[L.CHECKLIST_JSON] = L.json_bytes(checklist.to_dict())
    files[L.CHECKLIST_MD] = checklist.to_markdown().encode("utf-8")
    files.update(_gate_members(policies, card, entries))
    files.update(_entry_members(entries))
    if public_key_der is not None:
        files[L.PUBLIC_KEY_DER] = public_key_der
        files[L.PUBLIC_KEY_PEM] = L.pem(public_key_der)
    if read_problems:
        files[L.READ_PROBLEMS] = L.json_bytes(list(read_problems))
    files["VERIFY.md"] = verify_doc(arn, len(entries), public_key_der).encode("utf-8")
    manifest = L.json_bytes(
        {
            "format": L.FORMAT,
            "arn": arn,
            "subject_digest": digest,
            "ledger_entries": len(entries),
            "public_key_sha256": L.sha256_hex(public_key_der) if public_key_der else None,
            "files": L.manifest_files(files),
        }
    )
    files[L.MANIFEST] = manifest
    signature = sign(L.manifest_message(manifest)) if sign is not None else None
    if signature:
        files[L.MANIFEST_SIG] = signature
    return EvidenceBundle(
        arn=arn,
        files=files,
        checklist=checklist,
        subject_digest=digest,
        signed=bool(signature),
        entries=len(entries),
    )


def checklist_card(description: Mapping[str, Any]) -> dict[str, Any]:
    """The card content of a description as JSON data (``{}`` when there is none)."""
    from sm_governance.audit._scan import card_of

    return card_of(description)
