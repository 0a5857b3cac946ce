"""A local ECDSA P-256 key that signs exactly as KMS does (ECDSA_SHA_256 over the message)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from sm_governance.ledger import ALGORITHM, FORMAT, entry_hash, signing_message


class LocalSigner:
    """Signs like ``KmsSigner`` with an in-memory key (unit tests need no KMS)."""

    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.key_id = "local-key"

    def sign(self, entry: Mapping[str, Any]) -> dict[str, str]:
        value = self.key.sign(signing_message(entry), ec.ECDSA(hashes.SHA256()))
        return {
            "key_id": self.key_id,
            "algorithm": ALGORITHM,
            "value": base64.b64encode(value).decode(),
        }

    def public_key(self) -> bytes:
        return self.key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def chain(self, count: int, arn: str = "arn:x") -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        for seq in range(1, count + 1):
            entry: dict[str, Any] = {
                "format": FORMAT,
                "seq": seq,
                "kind": "decision",
                "arn": arn,
                "decision": "Approved" if seq % 2 else "Rejected",
                "reason": f"reason {seq} ✓",
                "prev": entry_hash(entries[-1]) if entries else None,
            }
            entry["signature"] = self.sign(entry)
            entries.append(entry)
        return entries


@pytest.fixture
def signer() -> LocalSigner:
    return LocalSigner()
