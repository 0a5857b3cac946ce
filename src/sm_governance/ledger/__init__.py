"""The decision ledger: the one writer and reader of decisions.

A decision is one immutable JSON object in an S3 bucket with Object Lock, chained to the
previous decision on the same version by its hash and signed by an asymmetric KMS key
(``ECC_NIST_P256``, ``SIGN_VERIFY``, ``ECDSA_SHA_256``). It binds the version's *subject
digest*, so any later change to what a deployment uses is seen as drift.

- :func:`canonical_json`: the one byte encoding hashed or signed.
- :func:`subject_digest`: ``sha256:v1:<hex>`` of a ``DescribeModelPackage`` answer.
- :func:`entry_hash`, :func:`verify_entries`: check a chain offline with the public key.
- :class:`Ledger`: read a version's entries and append signed ones (S3, KMS).

Example:
    >>> from sm_governance.ledger import canonical_json, subject_digest
    >>> canonical_json({"b": 1, "a": 1.0})
    b'{"a":1.0,"b":1}'
    >>> subject_digest({"ModelPackageGroupName": "credit", "ModelPackageVersion": 1})[:10]
    'sha256:v1:'
"""

from __future__ import annotations

from sm_governance.ledger._canonical import canonical_json
from sm_governance.ledger._chain import verify_entries
from sm_governance.ledger._digest import (
    DIGEST_VERSION,
    PART_NAMES,
    digest_of_parts,
    drifted_parts,
    subject_digest,
    subject_parts,
)
from sm_governance.ledger._entry import ALGORITHM, FORMAT, entry_hash, signing_message
from sm_governance.ledger._ledger import Ledger
from sm_governance.ledger._location import LedgerLocation
from sm_governance.ledger._result import VerifyResult
from sm_governance.ledger._signature import KmsSigner, load_public_key, signature_valid
from sm_governance.ledger._store import LedgerRead, LedgerStore

__all__ = [
    "ALGORITHM",
    "DIGEST_VERSION",
    "FORMAT",
    "PART_NAMES",
    "KmsSigner",
    "Ledger",
    "LedgerLocation",
    "LedgerRead",
    "LedgerStore",
    "VerifyResult",
    "canonical_json",
    "digest_of_parts",
    "drifted_parts",
    "entry_hash",
    "load_public_key",
    "signature_valid",
    "signing_message",
    "subject_digest",
    "subject_parts",
    "verify_entries",
]
