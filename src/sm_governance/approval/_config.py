"""Client and ledger settings of a desk: credentials shared across services, ledger options."""

from __future__ import annotations

from typing import Any

from sm_governance.errors import Problem, ValidationError

__all__ = ["ledger_config", "session_like"]


def session_like(client: Any, endpoint: str | None, region: str | None) -> tuple[Any, Any, Any]:
    """A session with the SageMaker client's credentials, so STS answers for the same caller."""
    import boto3

    region = region or client.meta.region_name
    url = str(client.meta.endpoint_url or "")
    if endpoint is None and url and "amazonaws.com" not in url:
        endpoint = url  # a local SageMaker serves STS on the same endpoint
    credentials = getattr(getattr(client, "_request_signer", None), "_credentials", None)
    if credentials is None:
        return None, endpoint, region
    frozen = credentials.get_frozen_credentials()
    session = boto3.Session(
        aws_access_key_id=frozen.access_key,
        aws_secret_access_key=frozen.secret_key,
        aws_session_token=frozen.token,
        region_name=region,
    )
    return session, endpoint, region


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
