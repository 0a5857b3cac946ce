"""The sandbox: the local SageMaker as a loopback HTTP server for notebooks, scripts and the CLI.

It is moto's server with the governance extension applied, bound to 127.0.0.1 only, and closed
to web pages (see ``_guard.py``: the Host header is checked, cross-site requests are refused,
no CORS header is sent, moto's admin API is off unless asked). On start it creates two IAM
users with access keys, a registrant and a governance officer, and a decision ledger (a bucket
with versioning and Object Lock, and an ``ECC_NIST_P256`` signing key), so that the two-person
flow can be tried from two shells at once. :func:`banner` gives the ``export`` lines.

Example:
    >>> from sm_governance.testing.sandbox import serve
    >>> server = serve(port=0)
    >>> server.endpoint_url.startswith("http://127.0.0.1:")
    True
    >>> server.stop()
"""

from __future__ import annotations

import shlex
import signal
import threading
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import TYPE_CHECKING, Any

from sm_governance.testing import _patch
from sm_governance.testing._listener import SandboxPortError, bind_loopback, quiet_handler
from sm_governance.testing._mock import require_moto
from sm_governance.testing._seed import SeededDemo, seed_demo

if TYPE_CHECKING:
    from sm_governance.testing._identity import Identity, People
    from sm_governance.testing._ledger import LocalLedger

__all__ = [
    "FAKE_CREDENTIALS",
    "SANDBOX_OFFICER",
    "SANDBOX_REGION",
    "SANDBOX_REGISTRANT",
    "SandboxPortError",
    "SandboxServer",
    "banner",
    "run_sandbox",
    "serve",
]

SANDBOX_REGION = "us-east-1"
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
_LOOPBACK = frozenset({"127.0.0.1", "localhost"})
_PERSONS = ("registrant", "officer")
SANDBOX_REGISTRANT = "sandbox-registrant"
SANDBOX_OFFICER = "sandbox-officer"


class SandboxServer:
    """A local SageMaker listening on the loopback interface.

    Args:
        host: must be ``127.0.0.1`` (or ``localhost``); the sandbox never listens elsewhere.
        port: the TCP port; ``0`` picks a free one.
        seed: create the demo model package group with versions in several states.
        admin_api: serve moto's admin API (``/moto-api/...``: every resource, IAM secret keys
            included, and a reset). Off by default.
        log_requests: log each request (werkzeug's access log on stderr). Off by default;
            :meth:`set_request_log` switches it at any time.

    Raises:
        ValueError: for a non-loopback host or a port outside 0-65535.

    Example:
        >>> with SandboxServer(port=0) as server:
        ...     sorted(server.environment("officer"))[0]
        'AWS_ACCESS_KEY_ID'
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        seed: bool = False,
        admin_api: bool = False,
        log_requests: bool = False,
    ) -> None:
        if host not in _LOOPBACK:
            raise ValueError(
                f"host must be 127.0.0.1: the sandbox only listens on loopback, got {host!r}"
            )
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be between 0 and 65535, got {port}")
        self._host = "127.0.0.1"
        self._requested_port = port
        self._seed = seed
        self._admin_api = admin_api
        self._log_requests = log_requests
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._people: People | None = None
        self._ledger: LocalLedger | None = None
        self.seeded: SeededDemo | None = None
        """What the seed created, once started with ``seed=True``."""

    @property
    def port(self) -> int:
        """The port the server listens on (known once started)."""
        if self._server is None:
            raise RuntimeError("the sandbox is not running; call start() first")
        return int(self._server.server_address[1])

    @property
    def endpoint_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{self._host}:{self.port}"

    @property
    def admin_api(self) -> bool:
        """Whether moto's admin API is served."""
        return self._admin_api

    @property
    def people(self) -> People:
        """The registrant (IAM user ``sandbox-registrant``) and officer (``sandbox-officer``)."""
        if self._people is None:
            raise RuntimeError("the sandbox is not running; call start() first")
        return self._people

    @property
    def ledger(self) -> LocalLedger:
        """The decision ledger created on start: its bucket, prefix and signing key."""
        if self._ledger is None:
            raise RuntimeError("the sandbox is not running; call start() first")
        return self._ledger

    def identity(self, person: str) -> Identity:
        """``"registrant"`` or ``"officer"``."""
        if person not in _PERSONS:
            raise ValueError(f"person must be 'registrant' or 'officer', not {person!r}")
        return getattr(self.people, person)  # type: ignore[no-any-return]

    def credentials(self, person: str) -> dict[str, str]:
        """The access key of ``"registrant"`` or ``"officer"``, as environment variables."""
        creds = self.identity(person).session.get_credentials()
        if creds is None:  # pragma: no cover - the session is made from an access key
            raise RuntimeError(f"the {person} has no credentials")
        return {"AWS_ACCESS_KEY_ID": creds.access_key, "AWS_SECRET_ACCESS_KEY": creds.secret_key}

    def environment(self, person: str | None = None) -> dict[str, str]:
        """The variables a notebook or script needs to use the sandbox.

        Args:
            person: ``"registrant"`` or ``"officer"`` for that IAM user's access key; ``None``
                for the fake ``testing`` credentials (moto's default user, an administrator).
                The ledger's variables are apart: :meth:`ledger_environment`.
        """
        credentials = FAKE_CREDENTIALS if person is None else self.credentials(person)
        return {
            "AWS_ENDPOINT_URL": self.endpoint_url,
            **credentials,
            "AWS_DEFAULT_REGION": SANDBOX_REGION,
        }

    def ledger_environment(self) -> dict[str, str]:
        """``SMGOV_LEDGER`` and ``SMGOV_SIGNING_KEY`` for the sandbox's ledger."""
        return self.ledger.environment()

    def session(self) -> Any:
        """A boto3 session with the fake credentials and the sandbox region."""
        from sm_governance.testing._identity import new_session

        return new_session(
            aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region_name=SANDBOX_REGION,
        )

    def client(self, service_name: str) -> Any:
        """A boto3 client for the sandbox (fake ``testing`` credentials)."""
        return self.session().client(service_name, endpoint_url=self.endpoint_url)

    def set_request_log(self, enabled: bool) -> None:
        """Turn the per-request log (werkzeug's, on stderr) on or off."""
        self._log_requests = enabled
        if self._server is not None:
            self._server.sm_log_requests = enabled

    def start(self) -> SandboxServer:
        """Bind the port, serve in a background thread, create the people and the ledger.

        The sandbox starts empty: the process's moto state is reset first. The request log
        stays off while the sandbox sets itself up.

        Raises:
            SandboxPortError: when the port cannot be bound (for example, it is in use).
        """
        if self._server is not None:
            return self
        require_moto()
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server

        from sm_governance.testing._guard import SandboxGuard

        sock = bind_loopback(self._requested_port)
        _patch.install()
        try:
            port = int(sock.getsockname()[1])
            app = SandboxGuard(
                DomainDispatcherApplication(create_backend_app), port, admin_api=self._admin_api
            )
            self._server = make_server(
                self._host,
                port,
                app,
                threaded=True,
                request_handler=quiet_handler(),
                fd=sock.fileno(),
            )
        except BaseException:
            _patch.uninstall()
            raise
        finally:
            sock.close()  # make_server holds its own duplicate of the socket
        self._server.sm_log_requests = False
        # moto's backends live in the process: a sandbox starts empty, whatever ran before it
        # in this process (an earlier sandbox, a mock) left behind.
        from moto.moto_api._internal.models import moto_api_backend

        moto_api_backend.reset()
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="sm-governance-sandbox", daemon=True
        )
        self._thread.start()
        try:
            self._populate()
        except BaseException:
            self.stop()
            raise
        self._server.sm_log_requests = self._log_requests
        return self

    def _populate(self) -> None:
        from sm_governance.testing._identity import two_people
        from sm_governance.testing._ledger import create_ledger

        admin = self.session()
        # Names of their own: scripts, notebooks and tests run against a sandbox create people
        # too (two_people()'s defaults, "officer", ...).
        self._people = two_people(
            session=admin,
            endpoint_url=self.endpoint_url,
            registrant=SANDBOX_REGISTRANT,
            officer=SANDBOX_OFFICER,
        )
        self._ledger = create_ledger(session=admin, endpoint_url=self.endpoint_url)
        if self._seed:
            self.seeded = seed_demo(admin, endpoint_url=self.endpoint_url, people=self._people)

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
        self._people = None
        self._ledger = None
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


def serve(
    host: str = "127.0.0.1",
    port: int = 0,
    seed: bool = False,
    *,
    admin_api: bool = False,
    log_requests: bool = False,
) -> SandboxServer:
    """Start a sandbox in a background thread and return it (call ``stop()`` when done)."""
    return SandboxServer(
        host, port, seed=seed, admin_api=admin_api, log_requests=log_requests
    ).start()


def _export(variables: dict[str, str]) -> str:
    return "export " + " ".join(f"{k}={shlex.quote(v)}" for k, v in variables.items())


def banner(server: SandboxServer) -> list[str]:
    """What a shell needs, as lines a POSIX shell can run: every other line is a comment.

    The shared lines (endpoint, region, ledger, signing key) come first, then one line per
    person that switches the shell to that IAM user's access key.
    """
    registrant, officer = server.people
    lines = [
        f"# Local SageMaker sandbox listening on {server.endpoint_url} "
        "(loopback only; Ctrl-C stops it). No AWS account is used.",
        "# In each shell, paste the shared lines, then the line of the person you act as",
        "# (paste the other person's line to switch).",
        "",
        "# Shared: endpoint, region, decision ledger and its signing key.",
        "unset AWS_PROFILE AWS_SESSION_TOKEN",
    ]
    shared = {
        "AWS_ENDPOINT_URL": server.endpoint_url,
        "AWS_DEFAULT_REGION": SANDBOX_REGION,
        **server.ledger_environment(),
    }
    lines += [_export({key: value}) for key, value in shared.items()]
    for label, person, duty in (
        ("registrant", registrant, "registers model versions"),
        ("officer", officer, "approves or rejects them"),
    ):
        lines += [
            "",
            f"# The {label}: IAM user {person.name} ({person.arn}), {duty}.",
            _export(server.credentials(label)),
        ]
    if server.seeded is not None:
        lines += ["", f"# Seeded model package group {server.seeded.group!r}:"]
        lines += [f"#   {status:<22} {arn}" for status, arn in server.seeded.versions.items()]
    if server.admin_api:
        lines += ["", f"# moto's admin API is on: {server.endpoint_url}/moto-api/"]
    return lines


def run_sandbox(
    port: int,
    seed: bool,
    *,
    out: Callable[[str], Any] = print,
    admin_api: bool = False,
    log_requests: bool = False,
) -> None:
    """Serve the sandbox until Ctrl-C or SIGTERM, printing what a shell needs first.

    The request log, when asked for, starts only once the banner is out.

    Args:
        port: the TCP port; ``0`` picks a free one.
        seed: create the demo model package group first.
        out: where lines of text go.
        admin_api: serve moto's admin API (``/moto-api/...``).
        log_requests: log each request on stderr, after the banner.

    Raises:
        SandboxPortError: when the port cannot be bound; nothing was printed.
    """
    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    previous: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, on_signal)
    server = SandboxServer(port=port, seed=seed, admin_api=admin_api)
    try:
        server.start()
        for line in banner(server):
            out(line)
        out("")
        if log_requests:
            out("# Requests are logged below (on stderr).")
        else:
            out("# Request logging is off (--log-requests turns it on).")
        server.set_request_log(log_requests)
        while not stopping.wait(timeout=0.5):
            pass
        out("Stopping the sandbox.")
    finally:
        server.stop()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
