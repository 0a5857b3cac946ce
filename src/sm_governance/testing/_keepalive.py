"""Connections kept alive by moto's server (the sandbox), one per client instead of per call.

moto's request handler is werkzeug's development handler, which answers every request with
``Connection: close``: Python's ``http.server`` reads the next request line from the socket
and cannot skip a body the application left unread, so werkzeug closes the connection rather
than risk reading a body as a request, and after each response it reads whatever the socket
holds (which, on a kept connection, would be the client's next request). Here every request
body is read before the application runs (for ``Content-Length`` and chunked requests alike),
and the handler's reader is swapped for an empty one until the response is sent, so nothing of
the next request is consumed and the connection can stay open under HTTP/1.1. A request that
expects ``100 Continue`` is left to werkzeug and closed as before.
"""

from __future__ import annotations

import io
import socket
from collections.abc import Callable
from typing import Any

__all__ = ["IDLE_SECONDS", "keep_alive_members"]

IDLE_SECONDS = 300
"""How long an idle kept-alive connection stays open (its thread waits that long at most)."""


def _read_body(environ: dict[str, Any]) -> bool:
    """Replace ``wsgi.input`` by the whole body, read now; ``False`` when that is not safe."""
    if environ.get("HTTP_EXPECT", "").strip().lower() == "100-continue":
        return False
    stream = environ["wsgi.input"]
    if environ.get("wsgi.input_terminated"):
        body = stream.read()
        del environ["wsgi.input_terminated"]
    else:
        try:
            remaining = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        chunks = []
        while remaining > 0:
            chunk = stream.read(remaining)
            if not chunk:
                return False
            chunks.append(chunk)
            remaining -= len(chunk)
        body = b"".join(chunks)
    environ["CONTENT_LENGTH"] = str(len(body))
    environ["wsgi.input"] = io.BytesIO(body)
    return True


def keep_alive_members(handler_class: type) -> dict[str, Any]:
    """The attributes that make ``handler_class`` (moto's handler) keep connections alive."""
    make_environ: Callable[[Any], dict[str, Any]] = handler_class.make_environ  # type: ignore[attr-defined]
    send_header: Callable[[Any, str, str], None] = handler_class.send_header  # type: ignore[attr-defined]
    run_wsgi: Callable[[Any], None] = handler_class.run_wsgi  # type: ignore[attr-defined]
    setup: Callable[[Any], None] = handler_class.setup  # type: ignore[attr-defined]

    def setup_no_delay(self: Any) -> None:
        setup(self)
        # werkzeug writes the status line, headers and body in separate small sends; on a kept
        # connection Nagle's algorithm would hold each response back for the client's delayed
        # acknowledgement (about 40 ms)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def make_environ_read(self: Any) -> dict[str, Any]:
        environ = make_environ(self)
        self.smgov_body_read = _read_body(environ)
        if self.smgov_body_read:
            self.smgov_reader, self.rfile = self.rfile, io.BytesIO()
        return environ

    def run_wsgi_keeping_the_reader(self: Any) -> None:
        try:
            run_wsgi(self)
        finally:
            reader = self.__dict__.pop("smgov_reader", None)
            if reader is not None:
                self.rfile = reader

    def send_header_open(self: Any, keyword: str, value: str) -> None:
        closing = keyword.lower() == "connection" and value.lower() == "close"
        # parse_request() has set close_connection when the client asked to close (or speaks
        # HTTP/1.0 without keep-alive); otherwise, with the body read, the connection stays
        if closing and getattr(self, "smgov_body_read", False) and not self.close_connection:
            return
        send_header(self, keyword, value)

    return {
        "protocol_version": "HTTP/1.1",
        "timeout": IDLE_SECONDS,
        "setup": setup_no_delay,
        "make_environ": make_environ_read,
        "run_wsgi": run_wsgi_keeping_the_reader,
        "send_header": send_header_open,
    }
