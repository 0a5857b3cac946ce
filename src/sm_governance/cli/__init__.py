"""``smgov``: the governance officer's command line.

The only part of sm-governance that imports typer and rich (ruff's ``banned-api`` enforces
it). Heavy libraries (boto3, pydantic) are imported inside the commands that need them, so
``smgov --help`` starts fast. See ``docs/cli.md`` for every command, option, exit code and
JSON shape.

Example:
    >>> from typer.testing import CliRunner
    >>> from sm_governance.cli import app
    >>> CliRunner().invoke(app, ["--version"]).output.startswith("smgov ")
    True
"""

from __future__ import annotations

from sm_governance.cli._app import app, main
from sm_governance.cli._errors import (
    EXIT_AWS,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
)

__all__ = ["EXIT_AWS", "EXIT_NOT_FOUND", "EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "app", "main"]
