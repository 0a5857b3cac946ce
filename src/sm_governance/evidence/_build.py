"""Reading a version's evidence from AWS and assembling its bundle.

Calls: one SageMaker ``DescribeModelPackage``; with a ledger, one S3 ``ListObjectVersions``
page and one ``GetObject`` per entry, one KMS ``GetPublicKey`` (none when the desk was given
the public key) and one KMS ``Sign`` for the manifest (when a signing key is configured).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sm_governance.errors import AccessDeniedError, map_client_errors

if TYPE_CHECKING:
    from sm_governance.approval import ApprovalDesk
    from sm_governance.evidence._bundle import EvidenceBundle
    from sm_governance.evidence._checklist import AnnexIvChecklist
    from sm_governance.ledger import Ledger
    from sm_governance.policy import Policy

__all__ = ["annex_iv_for", "build_bundle"]


def _manifest_signer(ledger: Ledger | None, sign: bool | None) -> Any:
    """KMS ``Sign`` of the manifest's message with the ledger key, or ``None``.

    ``sign=None`` signs when the caller may (``AccessDenied`` leaves the manifest unsigned);
    ``sign=True`` requires it; ``sign=False`` never signs.
    """
    signer = ledger.signer if ledger is not None else None
    if sign is False or signer is None:
        if sign:
            from sm_governance.errors import Problem, ValidationError

            raise ValidationError(
                [Problem("signing_key", "signing the manifest needs the ledger's signing key")],
                subject="evidence",
            )
        return None

    def kms_sign(message: bytes) -> bytes | None:
        try:
            with map_client_errors("Sign"):
                answer = signer.client.sign(
                    KeyId=signer.key_id,
                    Message=message,
                    MessageType="RAW",
                    SigningAlgorithm="ECDSA_SHA_256",
                )
        except AccessDeniedError:
            if sign:
                raise
            return None
        return bytes(answer["Signature"])

    return kms_sign


def build_bundle(
    arn: str,
    *,
    desk: ApprovalDesk | None = None,
    policies: Sequence[Policy | str | os.PathLike[str]] = (),
    pdf: bool = True,
    sign: bool | None = None,
    out: str | os.PathLike[str] | None = None,
    **desk_options: Any,
) -> EvidenceBundle:
    """The evidence bundle of one model package version, read from SageMaker and the ledger.

    Args:
        arn: the model package version ARN.
        desk: the :class:`~sm_governance.approval.ApprovalDesk` whose clients, ledger and
            signing key are used; by default one made from ``desk_options`` (``session``,
            ``ledger``, ``signing_key``, ``public_key``, ``endpoint_url``, ...).
        policies: policies (objects, files, or bundled names) whose gate reports go in.
        pdf: include the card as PDF (needs the ``[pdf]`` extra).
        sign: sign the manifest with the ledger key: ``None`` when the caller may,
            ``True`` always (an error if it cannot), ``False`` never.
        out: also write the zip there.

    Raises:
        ValidationError: a bad ARN or policy (before any AWS call).
        ImportError: ``pdf`` without the ``[pdf]`` extra; the message names the fix.
        AwsError: SageMaker, S3 or KMS refused.

    Example:
        >>> bundle = build_bundle(arn, ledger="s3://ledger/decisions",  # doctest: +SKIP
        ...                       signing_key="alias/ledger", out="evidence.zip")
        >>> bundle.to_dict()["manifest_signed"]  # doctest: +SKIP
        True
    """
    from sm_governance.approval import ApprovalDesk
    from sm_governance.evidence._bundle import assemble_bundle
    from sm_governance.policy import Policy, load_policy

    loaded = [p if isinstance(p, Policy) else load_policy(p) for p in policies]
    if pdf:
        from sm_governance.evidence._pdf import _weasyprint

        _weasyprint()  # a missing extra is a usage error, found before any AWS call
    desk = desk if desk is not None else ApprovalDesk(**desk_options)
    snapshot = desk.read(arn)
    ledger = desk.ledger
    entries: tuple[dict[str, Any], ...] = ()
    problems: tuple[str, ...] = ()
    public_key: bytes | None = None
    if ledger is not None and snapshot.group and snapshot.version is not None:
        record = ledger.read(snapshot.arn)
        entries, problems = record.entries, record.problems
        public_key = desk.public_key()
    bundle = assemble_bundle(
        snapshot.description,
        entries=entries,
        public_key_der=public_key,
        read_problems=problems,
        policies=loaded,
        pdf=pdf,
        sign=_manifest_signer(ledger, sign),
    )
    if out is not None:
        bundle.write(out)
    return bundle


def annex_iv_for(
    source: str | os.PathLike[str], *, desk: ApprovalDesk | None = None, **desk_options: Any
) -> AnnexIvChecklist:
    """The Annex IV checklist of a model package version ARN (with its ledger entries, when a
    ledger is configured), a model card ARN, or a card file.

    Raises:
        ValidationError: not such an ARN, or a file that is not a card.
        AwsError: SageMaker or S3 refused.
    """
    from sm_governance.approval import ApprovalDesk
    from sm_governance.evidence._checklist import annex_iv_checklist

    text = os.fspath(source)
    desk = desk if desk is not None else ApprovalDesk(**desk_options)
    if text.startswith("arn:") and ":model-package/" in text:
        snapshot = desk.read(text)
        ledger = desk.ledger
        entries: tuple[dict[str, Any], ...] = ()
        problems: tuple[str, ...] = ()
        public_key: bytes | None = None
        if ledger is not None and snapshot.group and snapshot.version is not None:
            record = ledger.read(snapshot.arn)
            entries, problems = record.entries, record.problems
            public_key = desk.public_key() if entries else None
        return annex_iv_checklist(
            description=snapshot.description,
            entries=entries,
            public_key=public_key,
            read_problems=problems,
        )
    from sm_governance.registry import ModelRegistry
    from sm_governance.sources import load_card_source

    card = load_card_source(text, registry=ModelRegistry(client=desk.client))
    return annex_iv_checklist(card, subject=text)
