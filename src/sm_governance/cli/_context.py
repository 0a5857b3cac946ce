"""The global options, and the AWS objects made from them on first use (never for ``--help``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
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
    "Output",
    "Settings",
    "fail",
    "guarded",
    "settings_of",
    "stderr_is_terminal",
    "usage_error",
]


class Output(str, Enum):
    """``--output``: a table for people, JSON for scripts."""

    TABLE = "table"
    JSON = "json"


def _console(*, stderr: bool) -> Console:
    # rich is imported on first output, not at start-up: `smgov --help` stays fast.
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=True)


@dataclass
class Settings:
    """The global options of one ``smgov`` run."""

    profile: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    output: Output = Output.TABLE
    _session: Any = None
    _desk: Any = None
    _out: Console | None = None
    _err: Console | None = None

    @property
    def out(self) -> Console:
        """The console for results (made on first output, so help never loads rich)."""
        if self._out is None:
            self._out = _console(stderr=False)
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
        """The boto3 session (profile and region from the options or the standard chain)."""
        if self._session is None:
            import boto3

            self._session = boto3.Session(profile_name=self.profile, region_name=self.region)
        return self._session

    def desk(self) -> ApprovalDesk:
        """The approval desk: one per process, so the caller's identity is asked once."""
        if self._desk is None:
            from sm_governance.approval import ApprovalDesk

            self._desk = ApprovalDesk(session=self.session(), endpoint_url=self.endpoint_url)
        return self._desk  # type: ignore[no-any-return]

    def registry(self) -> ModelRegistry:
        """A model registry sharing the desk's SageMaker client."""
        from sm_governance.registry import ModelRegistry

        return ModelRegistry(client=self.desk().client)

    def print_json(self, data: Any) -> None:
        """Print ``data`` as stable, indented JSON on stdout (coloured on a terminal)."""
        text = json.dumps(data, default=str, indent=2, ensure_ascii=False)
        if self._out is None and not sys.stdout.isatty():
            # the same text rich prints to a pipe, without loading rich for a script
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
            return
        self.out.print_json(text, indent=2)


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
        verdict = classify(exc)
        if verdict is None:
            raise
        code, kind, message = verdict
        extra: dict[str, Any] = {}
        report = getattr(exc, "report", None)
        if report is not None and hasattr(report, "to_dict"):
            extra["report"] = report.to_dict()
        fail(settings, code, kind, message, **extra)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def usage_error(settings: Settings, message: str) -> NoReturn:
    """A usage error found by the command itself (exit 2)."""
    fail(settings, EXIT_USAGE, "usage", message)


def stderr_is_terminal() -> bool:
    """Whether progress bars may be drawn."""
    return sys.stderr.isatty()
