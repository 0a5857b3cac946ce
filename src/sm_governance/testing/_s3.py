"""S3 conditional writes made atomic, as Amazon S3 makes them.

moto 5.2 checks ``If-None-Match: *`` and ``If-Match`` and then stores the object in two steps,
so two concurrent writers of the same key can both succeed (in threads, and in the moto
server, which serves each request in its own thread). S3 guarantees that exactly one
succeeds and the other gets ``412 Precondition Failed``. Conditional writes here go through
one lock, so the check and the write happen together; other requests are not serialised.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["atomic_conditional_put"]

_WRITE = threading.Lock()


def atomic_conditional_put(original: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap moto's ``S3Response.put_object`` so a conditional put is check-and-write at once."""

    @functools.wraps(original)
    def put_object(self: Any, *args: Any, **kwargs: Any) -> Any:
        headers = getattr(self, "headers", None) or {}
        if "If-None-Match" in headers or "If-Match" in headers:
            with _WRITE:
                return original(self, *args, **kwargs)
        return original(self, *args, **kwargs)

    return put_object
