"""Card content and reasons kept out of botocore's debug log.

With ``DEBUG`` logging on (a pipeline step, a notebook, ``boto3.set_stream_logger()``),
botocore logs every request it makes with its body ("Making request for ... with params:")
and every response body ("Response body:"). For this product those bodies are model cards,
approval reasons and decision records. :func:`redact_logs` marks a client so that, while one
of its API calls is running, those records carry ``<redacted: N bytes>`` in place of each
body. Everything else botocore logs (operation, URL, headers, retries, timings) is kept, and
calls made by other clients in the same process are not touched.

How: every API method of a botocore client goes through its ``_make_api_call``; the marked
client's is wrapped so that a per-thread (``contextvars``) counter is up for exactly the
duration of the call, whatever it raises. A :class:`logging.Filter` on the botocore loggers
that log bodies rewrites the arguments of records made while the counter is up. Both run in
the thread making the call, so concurrent scans are redacted per call, and calls by other
clients are not.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any, TypeVar

__all__ = ["BODY_LOGGERS", "redact_logs"]

#: The botocore loggers whose records carry request or response bodies.
BODY_LOGGERS = ("botocore.endpoint", "botocore.parsers")
_IN_CALL: ContextVar[int] = ContextVar("sm_governance_in_call", default=0)
_MARK = "sm_governance_redacts_logs"
_lock = threading.Lock()

T = TypeVar("T")


def _redacted(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<redacted: {len(value)} bytes>"
    if isinstance(value, str):
        return f"<redacted: {len(value)} characters>"
    if value is None or isinstance(value, (int, float)):
        return value
    return "<redacted>"


def _scrub(arg: Any) -> Any:
    if isinstance(arg, (bytes, bytearray, memoryview)):
        return _redacted(arg)
    if isinstance(arg, Mapping) and "body" in arg:
        # A request dict: the body goes; method, URL, headers and context stay.
        return {k: (_redacted(v) if k == "body" else v) for k, v in arg.items()}
    return arg


class _RedactBodies(logging.Filter):
    """Rewrites body arguments of records made during a marked client's call."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _IN_CALL.get() and record.args:
            if isinstance(record.args, Mapping):
                record.args = {k: _scrub(v) for k, v in record.args.items()}
            else:
                record.args = tuple(_scrub(a) for a in record.args)
        return True


def _install_filters() -> None:
    # Checked on every call: a logging reconfiguration that dropped the filter is repaired.
    with _lock:
        for name in BODY_LOGGERS:
            logger = logging.getLogger(name)
            if not any(isinstance(f, _RedactBodies) for f in logger.filters):
                logger.addFilter(_RedactBodies())


def redact_logs(client: T) -> T:
    """Keep request and response bodies of ``client``'s calls out of the log; returns it.

    Idempotent; anything that is not a botocore client (a stub, a lazy wrapper) is returned
    unchanged.
    """
    from botocore.client import BaseClient

    # isinstance, not getattr: a lazy stand-in for a client must not be made to build one.
    if not isinstance(client, BaseClient) or getattr(client, _MARK, False):
        return client
    _install_filters()
    owner: Any = type(client)

    def make_api_call(operation_name: str, api_params: Any) -> Any:
        # The class's method is looked up on each call, so a test or tool that patches
        # BaseClient._make_api_call still sees the call.
        token = _IN_CALL.set(_IN_CALL.get() + 1)
        try:
            return owner._make_api_call(client, operation_name, api_params)
        finally:
            _IN_CALL.reset(token)

    setattr(client, "_make_api_call", make_api_call)  # noqa: B010 - an instance override
    setattr(client, _MARK, True)
    return client
