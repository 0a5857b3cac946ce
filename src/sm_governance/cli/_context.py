"""The global options, and the AWS objects made from them on first use (never for ``--help``)."""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from sm_governance.cli._errors import EXIT_USAGE, classify

if TYPE_CHECKING:
    from rich.console import Console

    from sm_governance.approval import ApprovalDesk
    from sm_governance.registry import ModelRegistry

__all__ = [
    "REF",
    "Output",
    "Settings",
    "fail",
    "guarded",
    "settings_of",
    "stderr_is_terminal",
    "usage_error",
]


# GROUP/VERSION, the short form of a version ARN (a group name is SageMaker's entity name)
REF = re.compile(r"(?P<group>[a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62})/(?P<version>[0-9]{1,9})")


_WIDE = 1000
_LOCK = threading.Lock()


class Output(str, Enum):
    """``--output``: a table for people, JSON for scripts."""

    TABLE = "table"
    JSON = "json"


def _console(*, stderr: bool, wide: bool = False) -> Console:
    # rich is imported on first output, not at start-up: `smgov --help` stays fast.
    from rich.console import Console

    # --wide: tables take their natural width, so no ARN is folded or cut. No emoji codes:
    # ":warning:" in a card is text, shown as written, not turned into a symbol.
    return Console(stderr=stderr, soft_wrap=True, emoji=False, width=_WIDE if wide else None)


@dataclass
class Settings:
    """The global options of one ``smgov`` run."""

    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    output: Output = Output.TABLE
    wide: bool = False
    ledger: str | None = None
    signing_key: str | None = None
    public_key: bytes | None = None
    _session: Any = None
    _sagemaker: Any = None
    _checked: bool = False
    _desk: Any = None
    _out: Console | None = None
    _err: Console | None = None

    @property
    def out(self) -> Console:
        """The console for results (made on first output, so help never loads rich)."""
        if self._out is None:
            self._out = _console(stderr=False, wide=self.wide)
        return self._out

    @property
    def err(self) -> Console:
        """The console for errors and progress."""
        if self._err is None:
            self._err = _console(stderr=True)
        return self._err

    @property
    def json(self) -> bool:
        """Whether the output is JSON."""
        return self.output is Output.JSON

    def session(self) -> Any:
        """The boto3 session (profile and region from the options or the standard chain).

        The region: ``--region``, else ``AWS_REGION`` (as the AWS CLI v2 and the SDKs read it),
        else boto3's chain (``AWS_DEFAULT_REGION``, the profile).
        """
        if self._session is None:
            import os

            import boto3

            region = self.region or os.environ.get("AWS_REGION") or None
            self._session = boto3.Session(profile_name=self.profile, region_name=region)
        return self._session

    def sagemaker(self) -> Any:
        """The SageMaker client: one per process, shared by the desk and the registry."""
        with _LOCK:  # pending lists groups from several threads
            if self._sagemaker is None:
                from sm_governance._aws import make_client

                self._sagemaker = make_client(
                    "sagemaker", session=self.session(), endpoint_url=self.endpoint_url
                )
        return self._sagemaker

    def desk(self) -> ApprovalDesk:
        """The approval desk: one per process, so the caller's identity is asked once."""
        if self._desk is None:
            from sm_governance.approval import ApprovalDesk

            self._desk = ApprovalDesk(
                client=_LazyClient(self.sagemaker),
                session=self.session(),
                endpoint_url=self.endpoint_url,
                ledger=self.ledger,
                signing_key=self.signing_key,
                public_key=self.public_key,
            )
        return self._desk  # type: ignore[no-any-return]

    def s3(self) -> Any:
        """An S3 client with the global options (for ``s3://`` locations)."""
        from sm_governance._aws import make_client

        return make_client("s3", session=self.session(), endpoint_url=self.endpoint_url)

    def registry(self) -> ModelRegistry:
        """A model registry sharing the desk's SageMaker client (reading needs no desk)."""
        from sm_governance.registry import ModelRegistry

        lazy: Any = _LazyClient(self._reader)
        return ModelRegistry(client=lazy)

    def _reader(self) -> Any:
        """The SageMaker client, once the ledger options are checked (as the desk checks them)."""
        if not self._checked:
            from sm_governance.ledger._config import ledger_config

            ledger_config(self.ledger, self.signing_key, self.public_key)
            self._checked = True
        return self.sagemaker()

    def resolve(self, ref: str) -> str:
        """A version ARN for ``ref``: an ARN as given, or ``GROUP/VERSION`` in this account.

        The short form costs the caller's identity (one STS call, asked once per process;
        ``approve`` and ``reject`` ask it anyway) and uses the client's region. The group goes
        in lower case, as SageMaker writes it in a version's ARN while the group keeps its name
        as created (the Developer Guide's pipeline tutorial registers into
        ``AbaloneModelPackageGroupName`` and shows
        ``model-package/abalonemodelpackagegroupname/2``).
        """
        match = REF.fullmatch(ref)
        if match is None:
            return ref
        desk = self.desk()
        caller = desk.identity()
        region = desk.client.meta.region_name
        return (
            f"arn:{caller.partition}:sagemaker:{region}:{caller.account}:"
            f"model-package/{match['group'].lower()}/{match['version']}"
        )

    def print_document(self, text: str, *, end: str = "\n") -> None:
        """Print a document (Markdown, HTML) on stdout exactly as ``--out`` writes it.

        ``text`` is already made terminal-safe by the caller (``visible``). It is written as
        is: rich would expand its tabs, and it needs no styling.
        """
        if self._out is not None:
            self._out.file.flush()
        sys.stdout.write(text + end)
        sys.stdout.flush()

    def print_json(self, data: Any) -> None:
        """Print ``data`` as stable, indented JSON on stdout (control characters escaped;
        coloured on a terminal)."""
        from sm_governance._untrusted import safe_json

        text = safe_json(data)
        if self._out is None and not sys.stdout.isatty():
            # the same text rich prints to a pipe, without loading rich for a script
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
            return
        from rich.highlighter import JSONHighlighter

        self.out.print(JSONHighlighter()(text), soft_wrap=True)


class _LazyClient:
    """A client made on first use: input is checked before any region or credentials."""

    def __init__(self, make: Any) -> None:
        self._make = make

    def __getattr__(self, name: str) -> Any:
        return getattr(self._make(), name)


def settings_of(ctx: typer.Context) -> Settings:
    """The settings stored by the global callback (defaults when a command runs alone)."""
    obj = ctx.find_root().obj
    if not isinstance(obj, Settings):
        obj = ctx.find_root().obj = Settings()
    return obj


def fail(settings: Settings, code: int, kind: str, message: str, **extra: Any) -> NoReturn:
    """Report an expected error (one line, or a JSON object on stdout) and exit ``code``."""
    if settings.json:
        error = {"kind": kind, "message": message, "exit_code": code, **extra}
        settings.print_json({"error": error})
    else:
        settings.err.print(f"[bold red]error:[/] {_escape(message)}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def guarded(settings: Settings) -> Iterator[None]:
    """Turn the product's expected errors into one line and an exit code; never a traceback."""
    try:
        yield
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as exc:
        verdict = classify(exc, _option_names())
        if verdict is None:
            raise
        code, kind, message = verdict
        extra: dict[str, Any] = {}
        report = getattr(exc, "report", None)
        if report is not None and hasattr(report, "to_dict"):
            extra["report"] = report.to_dict()
        fail(settings, code, kind, message, **extra)


def warn_problems(settings: Settings, problems: Iterable[Any], what: str = "card") -> None:
    """Print each problem of content read from SageMaker as one warning line on stderr.

    Only in text mode: JSON output carries the problems in its document instead.
    """
    if settings.json:
        return
    for problem in problems:
        # card keys are untrusted: _escape shows control and bidi characters as escapes
        settings.err.print(f"[yellow]warning:[/] {what}: {_escape(str(problem))}", highlight=False)


# Names the SDK uses for what the command line calls otherwise.
_ALIASES = {"override_justification": "override", "arn_or_name": "arn"}


def _option_names() -> Any:
    """Field path -> the option or argument of the running command it came from."""
    from typer._click.globals import get_current_context

    ctx = get_current_context(silent=True)
    labels: dict[str, str] = {}
    for param in ctx.command.params if ctx is not None else ():
        opts = [o for o in getattr(param, "opts", ()) if o.startswith("--")]
        if getattr(param, "param_type_name", "") == "option" and opts:
            labels[str(param.name)] = opts[0]
        elif getattr(param, "param_type_name", "") == "argument":
            labels[str(param.name)] = str(param.metavar or param.name).upper()

    def rename(path: str) -> str:
        head, dot, tail = path.partition(".")
        head = _ALIASES.get(head, head)
        return labels.get(head, head) + dot + tail if head in labels else path

    return rename


def _escape(text: str) -> str:
    from sm_governance.cli._views import escape

    return escape(text)


def usage_error(settings: Settings, message: str) -> NoReturn:
    """A usage error found by the command itself (exit 2)."""
    fail(settings, EXIT_USAGE, "usage", message)


def stderr_is_terminal() -> bool:
    """Whether progress bars may be drawn."""
    return sys.stderr.isatty()
