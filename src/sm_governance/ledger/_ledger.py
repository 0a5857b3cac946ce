"""The ledger: entries signed by KMS, chained per version, created once in S3."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sm_governance.ledger._entry import FORMAT, entry_hash
from sm_governance.ledger._location import LedgerLocation
from sm_governance.ledger._signature import KmsSigner
from sm_governance.ledger._store import LedgerRead, LedgerStore

__all__ = ["Ledger"]


class Ledger:
    """Read a version's entries and append signed ones.

    Args:
        location: ``s3://BUCKET/PREFIX`` or a :class:`LedgerLocation`.
        s3_client: the S3 client for the bucket.
        signer: signs new entries and gives the public key; required to append.

    Example:
        >>> ledger = Ledger("s3://ledger/decisions", s3_client=s3, signer=signer)  # doctest: +SKIP
        >>> ledger.read(version.arn).entries  # doctest: +SKIP
        ()
    """

    def __init__(
        self, location: LedgerLocation | str, *, s3_client: Any, signer: KmsSigner | None = None
    ) -> None:
        self.location = (
            location if isinstance(location, LedgerLocation) else LedgerLocation.parse(location)
        )
        self.store = LedgerStore(s3_client, self.location)
        self.signer = signer

    def read(self, arn: str, *, tail: int | None = None) -> LedgerRead:
        """The entries of the version ``arn``, as SageMaker names it (``ModelPackageArn`` of
        ``DescribeModelPackage``; see :meth:`LedgerStore.read`)."""
        return self.store.read(arn, tail=tail)

    def append(self, read: LedgerRead, body: Mapping[str, Any]) -> dict[str, Any] | None:
        """Sign and create the entry after ``read.latest``.

        Checks the bucket's lock first (once per ledger), then one KMS ``Sign`` and one
        conditional ``PutObject``.

        Returns:
            The entry created, or ``None`` when another writer created that ``seq`` first.

        Raises:
            ApprovalRefusedError: the bucket is not locked, or no signing key is configured.
        """
        from sm_governance.errors import ApprovalRefusedError

        if self.signer is None:
            raise ApprovalRefusedError(
                "a decision needs the ledger's signing key: give --signing-key or "
                "SMGOV_SIGNING_KEY (a KMS ECC_NIST_P256 SIGN_VERIFY key)"
            )
        self.store.check_locked()
        latest = read.latest
        entry: dict[str, Any] = {
            **dict(body),
            "format": FORMAT,
            "seq": read.next_seq,
            "prev": entry_hash(latest) if latest is not None else None,
        }
        entry["signature"] = self.signer.sign(entry)
        return entry if self.store.create(read.folder, entry) else None

    def public_key(self) -> bytes:
        """The signing key's public key (DER), from KMS ``GetPublicKey``."""
        if self.signer is None:
            from sm_governance.errors import ApprovalRefusedError

            raise ApprovalRefusedError(
                "checking signatures needs the signing key: give --signing-key, "
                "SMGOV_SIGNING_KEY, or --public-key FILE"
            )
        return self.signer.public_key()
