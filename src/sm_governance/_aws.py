"""AWS client construction, in one place.

Precedence, as in every class of the product that talks to AWS: an explicit ``client``,
then a ``session`` (a ``boto3.Session``), then the default boto3 chain. The endpoint comes
from the standard ``AWS_ENDPOINT_URL`` / ``AWS_ENDPOINT_URL_<SERVICE>`` variables (botocore
reads them itself) unless ``endpoint_url`` is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import boto3
    from botocore.config import Config

__all__ = ["USER_AGENT", "default_config", "make_client"]

USER_AGENT = "sm-governance/0.1.0"


def default_config(config: Config | None = None) -> Config:
    """botocore config with standard retries (5 attempts in all) and the product's user agent.

    A caller's ``config`` is merged on top, so its settings win; a caller's ``retries`` is
    merged key by key, so ``Config(retries={"max_attempts": 2})`` keeps standard mode.
    """
    from botocore.config import Config

    retries: dict[str, Any] = {"mode": "standard", "total_max_attempts": 5}
    caller_retries: dict[str, Any] = dict(getattr(config, "retries", None) or {})
    if "max_attempts" in caller_retries:
        retries.pop("total_max_attempts")
    # Config.merge replaces the whole retries dict: merge it key by key instead.
    retries.update(caller_retries)
    base = Config(retries=cast(Any, retries), user_agent_extra=USER_AGENT)
    if config is None:
        return base
    return base.merge(config).merge(Config(retries=cast(Any, retries)))


def make_client(
    service: str,
    *,
    client: Any = None,
    session: boto3.Session | None = None,
    config: Config | None = None,
    endpoint_url: str | None = None,
    region_name: str | None = None,
) -> Any:
    """Return ``client`` if given, else a new client for ``service``.

    Either way the client's request and response bodies (cards, reasons) are kept out of
    botocore's debug log while its calls run (:func:`sm_governance._redact.redact_logs`).

    Args:
        service: the boto3 service name, for example ``"sagemaker"``.
        client: an existing client; returned unchanged.
        session: a ``boto3.Session`` to create the client from.
        config: botocore config merged over :func:`default_config`.
        endpoint_url: an explicit endpoint (otherwise the standard variables apply).
        region_name: an explicit region (otherwise the session's).
    """
    from sm_governance._redact import redact_logs

    if client is not None:
        return redact_logs(client)
    if session is None:
        import boto3

        session = boto3.Session()
    kwargs: dict[str, Any] = {"config": default_config(config)}
    if endpoint_url:
        kwargs["endpoint_url"] = endpoint_url
    if region_name:
        kwargs["region_name"] = region_name
    factory: Any = session
    return redact_logs(factory.client(service, **kwargs))
