"""ECDSA P-256 signatures: made by AWS KMS, checked with the public key.

Signing needs ``kms:Sign`` on an asymmetric key (``ECC_NIST_P256``, ``SIGN_VERIFY``);
checking needs only the public key (``kms:GetPublicKey``, or a file for offline checks) and
the ``cryptography`` package, imported on first use.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from sm_governance.errors import map_client_errors
from sm_governance.ledger._entry import ALGORITHM, signing_message

__all__ = ["KmsSigner", "load_public_key", "signature_valid"]


class KmsSigner:
    """Signs entries with a KMS key and fetches its public key (once).

    Args:
        client: a KMS client.
        key_id: the key ID, key ARN, alias name or alias ARN.
    """

    def __init__(self, client: Any, key_id: str) -> None:
        self.client = client
        self.key_id = key_id
        self._public: bytes | None = None

    def sign(self, entry: Mapping[str, Any]) -> dict[str, str]:
        """The ``signature`` object for ``entry`` (one KMS ``Sign`` call)."""
        with map_client_errors("Sign"):
            answer = self.client.sign(
                KeyId=self.key_id,
                Message=signing_message(entry),
                MessageType="RAW",
                SigningAlgorithm=ALGORITHM,
            )
        return {
            "key_id": str(answer["KeyId"]),
            "algorithm": ALGORITHM,
            "value": base64.b64encode(answer["Signature"]).decode("ascii"),
        }

    def public_key(self) -> bytes:
        """The key's public key, DER (one KMS ``GetPublicKey`` call, then cached)."""
        if self._public is None:
            with map_client_errors("GetPublicKey"):
                answer = self.client.get_public_key(KeyId=self.key_id)
            self._public = bytes(answer["PublicKey"])
        return self._public


def load_public_key(data: bytes) -> bytes:
    """A public key file's DER bytes (DER as is, or PEM ``PUBLIC KEY``).

    Raises:
        ValueError: the data is not an ECDSA P-256 public key.
    """
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(data)
        else:
            key = serialization.load_der_public_key(data)
    except ValueError as exc:
        raise ValueError("not a PEM or DER public key") from exc
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        raise ValueError("not an ECC_NIST_P256 (secp256r1) public key")
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def signature_valid(public_key_der: bytes, entry: Mapping[str, Any]) -> bool:
    """Whether ``entry['signature']`` is a valid ECDSA_SHA_256 signature by this key."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    signature = entry.get("signature")
    if not isinstance(signature, Mapping) or signature.get("algorithm") != ALGORITHM:
        return False
    try:
        value = base64.b64decode(str(signature.get("value", "")), validate=True)
        key = serialization.load_der_public_key(public_key_der)
        if not isinstance(key, ec.EllipticCurvePublicKey):
            return False
        key.verify(value, signing_message(entry), ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
