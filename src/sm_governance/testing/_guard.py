"""What stands between the sandbox and a web page: Host and Origin checks, no CORS, no admin API.

A web page the officer opens can make the browser send requests to ``127.0.0.1``; with DNS
rebinding it can even read the answers under its own name. The sandbox therefore answers only
requests whose Host header is a loopback name (a rebinding page's requests carry the page's own
name), refuses every request a browser marks as coming from another site or origin, sends no
``Access-Control-*`` header (so no page may read an answer), and keeps moto's admin API
(``/moto-api/...``: all state, IAM secret keys included, and a reset) off unless asked. AWS
SDKs send none of the browser headers, so they are unaffected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["ADMIN_PREFIX", "LOOPBACK_NAMES", "SandboxGuard"]

ADMIN_PREFIX = "/moto-api"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_SAME_SITE = frozenset({"same-origin", "none"})

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def _refuse(start_response: StartResponse, status: str, reason: str) -> list[bytes]:
    body = f"sm-governance sandbox: {reason}\n".encode()
    start_response(
        status,
        [
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", str(len(body))),
            ("X-Content-Type-Options", "nosniff"),
        ],
    )
    return [body]


class SandboxGuard:
    """WSGI middleware around moto's application.

    Args:
        app: the application to protect.
        port: the port the sandbox listens on (the only port an Origin may name).
        admin_api: serve moto's ``/moto-api/...`` (off by default).
    """

    def __init__(self, app: WsgiApp, port: int, *, admin_api: bool = False) -> None:
        self._app = app
        self._port = port
        self._admin_api = admin_api
        self._origins = frozenset(f"http://{name}:{port}" for name in LOOPBACK_NAMES)

    @staticmethod
    def host_allowed(host: str | None) -> bool:
        """Whether a Host header names the sandbox by a loopback name.

        ``127.0.0.1``, ``[::1]``, ``localhost`` and names under ``.localhost`` (loopback by
        definition, RFC 6761; S3 virtual-host addressing uses them) are accepted, with any port
        or none, so that a local proxy or a port forward keeps working; any other name (the one
        a DNS rebinding page's requests carry) is refused.
        """
        if not host:
            return False
        name = host.strip().lower()
        if not name.startswith("["):
            name = name.rpartition(":")[0] if ":" in name else name
        elif "]:" in name:
            name = name.rpartition(":")[0]
        name = name.rstrip(".")
        return name in LOOPBACK_NAMES or name.endswith(".localhost")

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self.host_allowed(environ.get("HTTP_HOST")):
            return _refuse(
                start_response,
                "421 Misdirected Request",
                f"the Host header must name a loopback host, such as 127.0.0.1:{self._port}",
            )
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and origin not in self._origins:
            return _refuse(start_response, "403 Forbidden", "cross-origin requests are refused")
        site = environ.get("HTTP_SEC_FETCH_SITE")
        if site is not None and site not in _SAME_SITE:
            return _refuse(start_response, "403 Forbidden", "cross-site requests are refused")
        path = str(environ.get("PATH_INFO", ""))
        if not self._admin_api and (path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")):
            return _refuse(
                start_response,
                "404 Not Found",
                "moto's admin API is off; start the sandbox with --admin-api to use it",
            )

        def without_cors(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            kept = [(k, v) for k, v in headers if not k.lower().startswith("access-control-")]
            return start_response(status, kept, *rest)

        return self._app(environ, without_cors)
