"""The sandbox: the local SageMaker as a loopback HTTP server for notebooks, scripts and the CLI.

It is moto's server with the governance extension applied, bound to 127.0.0.1 only. Point any
AWS SDK at it with ``AWS_ENDPOINT_URL`` and fake credentials (:meth:`SandboxServer.environment`).

Example:
    >>> from sm_governance.testing.sandbox import serve
    >>> server = serve(port=0)
    >>> server.endpoint_url.startswith("http://127.0.0.1:")
    True
    >>> server.stop()
"""

from __future__ import annotations

import errno
import signal
import threading
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

from sm_governance.testing import _patch
from sm_governance.testing._mock import require_moto
from sm_governance.testing._seed import SeededDemo, seed_demo

__all__ = ["FAKE_CREDENTIALS", "SANDBOX_REGION", "SandboxServer", "run_sandbox", "serve"]

SANDBOX_REGION = "us-east-1"
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
_LOOPBACK = frozenset({"127.0.0.1", "localhost"})


class SandboxServer:
    """A local SageMaker listening on the loopback interface.

    Args:
        host: must be ``127.0.0.1`` (or ``localhost``); the sandbox never listens elsewhere.
        port: the TCP port; ``0`` picks a free one.
        seed: create the demo model package group with versions in several states.

    Raises:
        ValueError: for a non-loopback host or a port outside 0-65535.

    Example:
        >>> with SandboxServer(port=0) as server:
        ...     sorted(server.environment())[0]
        'AWS_ACCESS_KEY_ID'
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, seed: bool = False) -> None:
        if host not in _LOOPBACK:
            raise ValueError(
                f"host must be 127.0.0.1: the sandbox only listens on loopback, got {host!r}"
            )
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be between 0 and 65535, got {port}")
        self._host = "127.0.0.1"
        self._requested_port = port
        self._seed = seed
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.seeded: SeededDemo | None = None
        """What the seed created, once started with ``seed=True``."""

    @property
    def port(self) -> int:
        """The port the server listens on (known once started)."""
        if self._server is None:
            raise RuntimeError("the sandbox is not running; call start() first")
        return int(self._server.server_port)

    @property
    def endpoint_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{self._host}:{self.port}"

    def environment(self) -> dict[str, str]:
        """The variables a notebook or script needs to use the sandbox."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint_url,
            **FAKE_CREDENTIALS,
            "AWS_DEFAULT_REGION": SANDBOX_REGION,
        }

    def session(self) -> Any:
        """A boto3 session with the fake credentials and the sandbox region."""
        from sm_governance.testing._identity import new_session

        return new_session(
            aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region_name=SANDBOX_REGION,
        )

    def client(self, service_name: str) -> Any:
        """A boto3 client for the sandbox."""
        return self.session().client(service_name, endpoint_url=self.endpoint_url)

    def start(self) -> SandboxServer:
        """Bind the port, serve in a background thread and, if asked, seed the demo.

        The sandbox starts empty: the process's moto state is reset first.

        Raises:
            OSError: when the port cannot be bound (for example, it is in use).
        """
        if self._server is not None:
            return self
        require_moto()
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )
        from werkzeug.serving import make_server

        _patch.install()
        try:
            app = DomainDispatcherApplication(create_backend_app)
            self._server = make_server(
                self._host,
                self._requested_port,
                app,
                threaded=True,
                request_handler=MotoRequestHandler,
            )
        except SystemExit:
            # werkzeug exits the process when it cannot bind; a library call must raise instead
            _patch.uninstall()
            raise OSError(
                errno.EADDRINUSE, f"port {self._requested_port} on 127.0.0.1 is in use"
            ) from None
        except BaseException:
            _patch.uninstall()
            raise
        # moto's backends live in the process: a sandbox starts empty, whatever ran before it
        # in this process (an earlier sandbox, a mock) left behind.
        from moto.moto_api._internal.models import moto_api_backend

        moto_api_backend.reset()
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="sm-governance-sandbox", daemon=True
        )
        self._thread.start()
        if self._seed:
            try:
                self.seeded = seed_demo(self.session(), endpoint_url=self.endpoint_url)
            except BaseException:
                self.stop()
                raise
        return self

    def stop(self) -> None:
        """Stop serving and release the port. Safe to call twice."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._server = None
        self._thread = None
        _patch.uninstall()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def serve(host: str = "127.0.0.1", port: int = 0, seed: bool = False) -> SandboxServer:
    """Start a sandbox in a background thread and return it (call ``stop()`` when done)."""
    return SandboxServer(host, port, seed=seed).start()


def _banner(server: SandboxServer) -> list[str]:
    lines = [
        f"Local SageMaker sandbox listening on {server.endpoint_url} (Ctrl-C stops it).",
        "Use it from a shell, a notebook or a script with:",
        "",
    ]
    lines += [f"export {key}={value}" for key, value in server.environment().items()]
    if server.seeded is not None:
        lines += ["", f"Seeded model package group {server.seeded.group!r}:"]
        lines += [f"  {status:<22} {arn}" for status, arn in server.seeded.versions.items()]
    return lines


def run_sandbox(port: int, seed: bool, *, out: Callable[[str], Any] = print) -> None:
    """Serve the sandbox until Ctrl-C or SIGTERM, printing the environment to use it.

    Args:
        port: the TCP port; ``0`` picks a free one.
        seed: create the demo model package group first.
        out: where lines of text go.
    """
    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    previous: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, on_signal)
    server = SandboxServer(port=port, seed=seed)
    try:
        server.start()
        for line in _banner(server):
            out(line)
        while not stopping.wait(timeout=0.5):
            pass
        out("Stopping the sandbox.")
    finally:
        server.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
