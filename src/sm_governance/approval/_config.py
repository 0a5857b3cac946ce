"""Client settings of a desk: credentials shared across services."""

from __future__ import annotations

from typing import Any

__all__ = ["session_like"]


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
