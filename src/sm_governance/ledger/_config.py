"""The ledger options (``--ledger``, ``--signing-key``, a public key), checked before any AWS call.

Here rather than in the approval package so that reading a version checks the same options
without loading the officer's workflow.
"""

from __future__ import annotations

from sm_governance.errors import Problem, ValidationError

__all__ = ["ledger_config"]


def ledger_config(
    ledger: str | None, signing_key: str | None, public_key: bytes | None
) -> tuple[str | None, str | None, bytes | None]:
    """The ledger settings, from the arguments or ``SMGOV_LEDGER`` / ``SMGOV_SIGNING_KEY``."""
    import os

    from sm_governance.ledger import LedgerLocation

    location = ledger if ledger is not None else os.environ.get("SMGOV_LEDGER") or None
    key = signing_key if signing_key is not None else os.environ.get("SMGOV_SIGNING_KEY") or None
    if location is not None:
        location = LedgerLocation.parse(location).url
    if key is not None and not key.strip():
        raise ValidationError(
            [Problem("signing_key", "must be a KMS key ID, key ARN or alias")], subject="ledger"
        )
    if public_key is not None:
        from sm_governance.ledger import load_public_key

        try:
            public_key = load_public_key(public_key)
        except ValueError as exc:
            raise ValidationError(
                [Problem("public_key", f"{exc}; give the PEM or DER file GetPublicKey returns")],
                subject="ledger",
            ) from exc
    return location, key, public_key
