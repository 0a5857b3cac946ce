"""The sandbox's listening socket and request handler.

The socket is bound here rather than by werkzeug, which prints its own lines and exits the
process when a port is taken; a library must raise, and the command must say one line.
"""

from __future__ import annotations

import errno
import socket

__all__ = ["SandboxPortError", "bind_loopback", "quiet_handler"]


class SandboxPortError(OSError):
    """The sandbox's port cannot be bound (in use, or not allowed); the message says what to do."""

    def __str__(self) -> str:
        return str(self.strerror)


def quiet_handler() -> type:
    """moto's request handler, logging a request only while the server's ``sm_log_requests``."""
    from moto.moto_server.werkzeug_app import MotoRequestHandler

    class _QuietHandler(MotoRequestHandler):
        """moto's handler, logging requests only when the server asks for it."""

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            if getattr(self.server, "sm_log_requests", False):
                super().log_request(code, size)

    return _QuietHandler


def bind_loopback(port: int) -> socket.socket:
    """A socket listening on 127.0.0.1:``port`` (0: a free port).

    Raises:
        SandboxPortError: one line naming the port, the reason and the fix.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            reason = "is in use"
        elif exc.errno == errno.EACCES:
            reason = "may not be used by this user"
        else:
            reason = f"cannot be bound ({exc.strerror or exc})"
        raise SandboxPortError(
            exc.errno,
            f"port {port} on 127.0.0.1 {reason}; choose another with --port (0 picks a free one)",
        ) from None
    return sock
